"""mlc-opt's own command-line options (MLIR's names, and mlc's numeric check), added to xDSL's."""

import argparse
from collections.abc import Sequence


def add_mlir_arguments(parser: argparse.ArgumentParser) -> None:
    """Add MLIR's flags; xDSL's --verify-diagnostics/--time-passes/... get MLIR's meaning."""
    # "resolve": these replace xDSL's flags of the same name.
    group = parser.add_argument_group("MLIR options", conflict_handler="resolve")
    add = group.add_argument
    add("--pass-pipeline", default=None, metavar="PIPELINE",
        help="MLIR pipeline, e.g. 'builtin.module(canonicalize,func.func(cse),mlc-default)'")
    add("--list-passes", action="store_true",
        help="list the named pipelines and every pass with its description and options")
    add("--verify-diagnostics", action="store_true",
        help="check the diagnostics against `// expected-error @+1 {{...}}` comments "
        "(also expected-warning, expected-note; @-N, @above, @below); exit 1 on a mismatch")
    add("--split-input-file", action="store_true",
        help="process each piece between `// -----` lines separately")
    add("--mlir-print-ir-before-all", action="store_true", help="print the IR before every pass")
    add("--mlir-print-ir-after-all", "--print-between-passes", action="store_true",
        help="print the IR after every pass")
    add("--mlir-print-ir-before", action="append", default=[], metavar="PASS",
        help="print the IR before this pass (repeatable)")
    add("--mlir-print-ir-after", action="append", default=[], metavar="PASS",
        help="print the IR after this pass (repeatable)")
    add("--mlir-print-ir-after-change", action="store_true",
        help="print the IR after a pass only when it changed (after every pass when no "
        "other --mlir-print-ir-after* flag selects passes)")
    add("--mlir-print-ir-after-failure", action="store_true",
        help="print the IR (generic form) after a pass that failed")
    add("--mlir-print-ir-tree-dir", default=None, metavar="DIR",
        help="write the IR into DIR after parsing and after each pass: "
        "000_input.mlir, 001_<pass>.mlir, ...")
    add("--mlir-elide-elementsattrs-if-larger", type=int, default=None, metavar="N",
        help="print dense and dense_resource attributes of more than N elements as "
        "dense_resource<__elided__>; for reading only: the output does not parse back")
    add("--mlir-timing", "--time-passes", action="store_true",
        help="print a wall time report of parsing, each pass, verification and output")
    add("--load-pass-plugin", action="append", default=[], metavar="PATH.py",
        help="load passes from a Python file that defines PASSES = {flag: factory} (repeatable)")
    add("--verify-each-numerics", action="store_true",
        help="run the reference interpreter before the pipeline and after every pass; stop "
        "at the first pass whose results drift beyond the tolerance, naming the first "
        "differing op and writing the IR before and after that pass; "
        "--verify-each-numerics=RTOL,ATOL also sets --numerics-tolerance")
    add("--numerics-tolerance", default=None, metavar="RTOL[,ATOL]",
        help="tolerance of --verify-each-numerics (default: 1e-4,1e-5); integers compare exactly")
    source = group.add_mutually_exclusive_group()
    source.add_argument("--numerics-inputs", default=None, metavar="PATH.npz",
        help="inputs of the entry function for --verify-each-numerics, by argument name")
    source.add_argument("--numerics-seed", type=int, default=None, metavar="N",
        help="seed of the random inputs of --verify-each-numerics (default: 0)")
    add("--numerics-dump-dir", default=None, metavar="DIR",
        help="where --verify-each-numerics writes the IR around a drifting pass "
        "(default: a new temporary directory)")
    add("--remarks", action="store_true",
        help="print a remark per layer from passes that decide per layer (calibrate, quantize, "
        "sparsify-2-4): applied or not, and why, at the op's location (like LLVM's -Rpass)")


def split_flag_values(args: Sequence[str]) -> list[str]:
    """`--verify-each-numerics=T` becomes `--verify-each-numerics --numerics-tolerance T`.

    argparse cannot give a flag an optional value without also taking the next word (the
    input file), so the `=` form is split before parsing.
    """
    result: list[str] = []
    for arg in args:
        flag, sep, value = arg.partition("=")
        if flag == "--verify-each-numerics" and sep:
            result += [flag, "--numerics-tolerance", value]
        else:
            result.append(arg)
    return result
