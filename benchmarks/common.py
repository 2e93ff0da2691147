"""Shared measurement helpers: warm-up, repeats, median; results as JSON plus a ratio table.

Import this module before numpy: it pins BLAS to one thread (unless the environment already
says otherwise), because a multi-threaded BLAS on a busy machine turns a 1 ms matmul into a
0.3 s one at random, which says nothing about interpretation overhead.
"""

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def median_times(
    fns: dict[str, Callable[[], object]], repeats: int, min_sample_s: float = 0.2
) -> dict[str, float]:
    """Median wall time in seconds of one call of each of `fns`, over `repeats` samples.

    Each function is first called once untimed (warm-up) and timed to pick how many calls
    one sample makes (enough for `min_sample_s`, as timeit's autorange does), so that a
    millisecond-long call is not at the mercy of one scheduler time slice. The samples run
    interleaved (every repeat takes one sample of each, in an order that rotates from repeat
    to repeat), so load that changes during the measurement, and which function finds the
    caches warm, affect all of them alike and the ratios stay fair.
    """
    calls = {}
    for name, fn in fns.items():
        start = time.perf_counter()
        fn()
        calls[name] = max(1, math.ceil(min_sample_s / max(time.perf_counter() - start, 1e-9)))
    times: dict[str, list[float]] = {name: [] for name in fns}
    order = list(fns.items())
    for repeat in range(repeats):
        shift = repeat % len(order)
        for name, fn in order[shift:] + order[:shift]:
            gc.collect()  # garbage left by the previous sample is not this one's cost
            start = time.perf_counter()
            for _ in range(calls[name]):
                fn()
            times[name].append((time.perf_counter() - start) / calls[name])
    return {name: statistics.median(t) for name, t in times.items()}


def write_results(name: str, data: dict) -> Path:
    """Write `data` (plus the machine it ran on) to benchmarks/results/<name>.json."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    meta = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "blas_threads": os.environ["OPENBLAS_NUM_THREADS"],
    }
    path.write_text(json.dumps({"meta": meta, **data}, indent=2) + "\n")
    return path


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """A plain-text table: first column left-aligned, the others right-aligned."""
    cells = [[str(c) for c in header], *[[str(c) for c in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print(title)
    for n, row in enumerate(cells):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
        if n == 0:
            print("  ".join("-" * w for w in widths))
    print()


def argument_parser(description: str | None, writes: str) -> argparse.ArgumentParser:
    """A benchmark's command line, with --results-dir: where it writes `writes` (default benchmarks/results)."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results-dir", help=f"where to write {writes} (default benchmarks/results)")
    return parser


def parse_args(parser: argparse.ArgumentParser) -> argparse.Namespace:
    """The parsed command line; results go to --results-dir from here on when it is given."""
    global RESULTS
    args = parser.parse_args()
    if args.results_dir:
        RESULTS = Path(args.results_dir)
    return args

