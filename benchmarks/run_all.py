"""Run every benchmark in this folder; each prints its ratio table and writes results/<name>.json.

    .venv/bin/python benchmarks/run_all.py [--quick]

--quick uses fewer repeats (a smoke run, e.g. in CI); the numbers to quote come without it.
Measure on an otherwise idle machine: the ratios are robust to steady load (the measured
functions run interleaved), not to load that comes and goes within one repeat.
"""

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = {
    "parse_print.py": ["--repeats", "5"], "interpreter.py": ["--repeats", "9"],
    "import_time.py": ["--repeats", "3"], "fusion.py": [], "quant.py": [],
    "kernels.py": ["--repeats", "5"], "roofline.py": [], "gpu_kernels.py": [],
}
QUICK = {
    "parse_print.py": ["--repeats", "1", "--ops", "999"], "interpreter.py": ["--repeats", "1"],
    "import_time.py": ["--repeats", "1", "--layers", "1"], "fusion.py": ["--smoke"], "quant.py": ["--quick"],
    "kernels.py": ["--smoke", "--repeats", "1"], "roofline.py": ["--smoke"], "gpu_kernels.py": ["--smoke"],
}


def main() -> None:
    """Run each benchmark in its own process; exit non-zero if any fails."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="few repeats, small module: a smoke run")
    args = parser.parse_args()
    failed = []
    for script, options in (QUICK if args.quick else BENCHMARKS).items():
        if subprocess.run([sys.executable, HERE / script, *options], cwd=HERE).returncode != 0:
            failed.append(script)
    if failed:
        sys.exit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
