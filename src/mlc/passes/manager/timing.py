"""Wall time per pass (and per nested pipeline), reported like MLIR's --mlir-timing."""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Timing:
    """Wall time per pass (summed over functions and input chunks), reported like MLIR."""

    rows: dict[tuple[str, ...], float] = field(default_factory=dict)
    start: float = field(default_factory=time.perf_counter)

    @contextmanager
    def measure(self, *path: str) -> Iterator[None]:
        """Add the time spent in the block to the row `path` (nested rows are indented)."""
        self.rows.setdefault(path, 0.0)  # parents are listed before the rows nested in them
        t = time.perf_counter()
        try:
            yield
        finally:
            self.rows[path] += time.perf_counter() - t

    def report(self) -> str:
        """MLIR's execution time report."""
        total = time.perf_counter() - self.start
        rule = "===" + "-" * 73 + "==="
        lines = [
            rule,
            " " * 25 + "... Execution time report ...",
            rule,
            f"  Total Execution Time: {total:.4f} seconds",
            "",
            "  ----Wall Time----  ----Name----",
        ]
        for path, seconds in [*self.rows.items(), (("Total",), total)]:
            share = 100.0 * seconds / total if total else 0.0
            lines.append(f"  {seconds:8.4f} ({share:5.1f}%)  {'  ' * (len(path) - 1)}{path[-1]}")
        return "\n".join(lines) + "\n"
