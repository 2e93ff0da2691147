"""What importers share: the report of every unsupported op at once, and source locations."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from xdsl.dialects.builtin import FileLineColLoc, IntAttr, LocationAttr, StringAttr, UnknownLoc


@dataclass(frozen=True)
class SourceLocation:
    """A place in the user's model source (file, line, column); column 0 when unknown."""

    file: str
    line: int
    column: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"

    def to_attr(self) -> LocationAttr:
        """The IR location `loc("file":line:col)` for this place."""
        return FileLineColLoc(StringAttr(self.file), IntAttr(self.line), IntAttr(self.column))


def location_attr(location: SourceLocation | None) -> LocationAttr:
    """The IR location for an optional source location (`loc(unknown)` when absent)."""
    return location.to_attr() if location is not None else UnknownLoc()


class UnsupportedOpsError(Exception):
    """Raised once per import with every unsupported op, its count and where it occurs."""

    def __init__(self, report: str, counts: dict[str, int]):
        super().__init__(report)
        self.report = report
        self.counts = counts


@dataclass
class UnsupportedCollector:
    """Collects unsupported ops over a whole graph so the import reports them together."""

    counts: Counter[str] = field(default_factory=Counter)
    locations: defaultdict[str, list[SourceLocation]] = field(
        default_factory=lambda: defaultdict(list)
    )
    reasons: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, location: SourceLocation | None = None, reason: str = "") -> None:
        """Record one occurrence of `name` (an ATen overload or a JAX primitive)."""
        self.counts[name] += 1
        if location is not None:
            self.locations[name].append(location)
        if reason and name not in self.reasons:
            self.reasons[name] = reason

    def __bool__(self) -> bool:
        return bool(self.counts)

    def report(self, max_locations: int = 5) -> str:
        """`3 unsupported ops: aten.foo.default x2 (model.py:41, model.py:57), ...`."""
        total = sum(self.counts.values())
        parts = []
        for name, count in sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0])):
            where = self.locations.get(name, [])
            shown = ", ".join(str(loc) for loc in where[:max_locations])
            if len(where) > max_locations:
                shown += f", +{len(where) - max_locations} more"
            text = f"{name} x{count}"
            if shown:
                text += f" ({shown})"
            if name in self.reasons:
                text += f": {self.reasons[name]}"
            parts.append(text)
        noun = "op" if total == 1 else "ops"
        return f"{total} unsupported {noun}: " + ", ".join(parts)

    def raise_if_any(self) -> None:
        """Raise UnsupportedOpsError with the full report if anything was collected."""
        if self:
            raise UnsupportedOpsError(self.report(), dict(self.counts))
