"""Parse + verify + print time of a 10,000-op mlc_tensor module vs an equal-sized arith module.

Each is measured in-process the way its tool reads a file, minus process start-up: mlc_tensor
with mlc-opt's parser (LocatingParser: source locations on every op, resource handling, the
tensor-type cache), arith with xDSL's Parser as `xdsl-opt` does; then `verify()` and Printer,
in a context holding every registered dialect.
The reported number is the ratio of time per op, mlc_tensor / arith (target: <= 1.5).
"""

import argparse
import io
from collections.abc import Callable

from common import median_times, print_table, write_results  # first: pins BLAS threads

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.universe import Universe

from mlc.ir.parser import LocatingParser

TYPE = "tensor<4x8xf32>"
# Three ops per step in both modules: two binary ops and one unary op.
MLC_STEP = (
    "  %{a} = mlc_tensor.add %{x}, %{y} : {t}, {t} -> {t}\n"
    "  %{b} = mlc_tensor.neg %{a} : {t} -> {t}\n"
    "  %{c} = mlc_tensor.add %{b}, %{x} : {t}, {t} -> {t}\n"
)
ARITH_STEP = (
    "  %{a} = arith.addf %{x}, %{y} : {t}\n"
    "  %{b} = arith.negf %{a} : {t}\n"
    "  %{c} = arith.mulf %{b}, %{x} : {t}\n"
)


def generate(step: str, num_ops: int) -> str:
    """A function of `num_ops` ops (plus the return), each step consuming the previous results."""
    lines = [f"func.func @main(%v0: {TYPE}, %v1: {TYPE}) -> {TYPE} {{\n"]
    x, y, n = "v0", "v1", 2
    for _ in range(num_ops // 3):
        a, b, c = f"v{n}", f"v{n + 1}", f"v{n + 2}"
        lines.append(step.format(a=a, b=b, c=c, x=x, y=y, t=TYPE))
        x, y, n = c, a, n + 3
    lines.append(f"  func.return %{x} : {TYPE}\n}}\n")
    return "".join(lines)


def context() -> Context:
    """A context with every dialect xdsl-opt knows, mlc's included (through the universe)."""
    ctx = Context()
    for name, factory in Universe.get_multiverse().all_dialects.items():
        ctx.register_dialect(name, factory)
    return ctx


def steps(text: str, parser: type[Parser]) -> dict[str, Callable[[], object]]:
    """Parse (with `parser`), verify and print of `text` as separate steps, and the three together."""
    ctx = context()
    holder: dict[str, ModuleOp] = {"module": parser(ctx, text, "bench.mlir").parse_module()}

    def parse():
        holder["module"] = parser(ctx, text, "bench.mlir").parse_module()

    def verify():
        holder["module"].verify()

    def print_():
        Printer(io.StringIO()).print_op(holder["module"])

    def total():
        parse()
        verify()
        print_()

    return {"parse": parse, "verify": verify, "print": print_, "total": total}


def main() -> None:
    """Measure both modules and report per-op time ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ops", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    num_ops = args.ops - args.ops % 3
    mlc_text, arith_text = generate(MLC_STEP, num_ops), generate(ARITH_STEP, num_ops)
    mlc_steps, arith_steps = steps(mlc_text, LocatingParser), steps(arith_text, Parser)
    fns = {f"{kind} {phase}": fn for kind, kind_steps in (("mlc", mlc_steps), ("arith", arith_steps))
           for phase, fn in kind_steps.items()}
    seconds = median_times(fns, args.repeats)
    mlc = {phase: seconds[f"mlc {phase}"] for phase in mlc_steps}
    arith = {phase: seconds[f"arith {phase}"] for phase in arith_steps}
    ratios = {k: mlc[k] / arith[k] for k in mlc}
    path = write_results(
        "parse_print",
        {"ops": num_ops, "repeats": args.repeats, "bytes_mlc_tensor": len(mlc_text),
         "bytes_arith": len(arith_text), "seconds_mlc_tensor": mlc,
         "seconds_arith": arith, "ratio_mlc_tensor_over_arith": ratios, "target_ratio": 1.5},
    )
    rows = [[k, f"{mlc[k] / num_ops * 1e6:.1f}", f"{arith[k] / num_ops * 1e6:.1f}", f"{ratios[k]:.2f}x"]
            for k in mlc]
    # The mlc_tensor format spells out every operand type (`: T, T -> T`), arith one (`: T`):
    # the text per op is longer, and parse and print time follow the text length.
    rows.append(["text bytes/op", f"{len(mlc_text) / num_ops:.0f}", f"{len(arith_text) / num_ops:.0f}",
                 f"{len(mlc_text) / len(arith_text):.2f}x"])
    print_table(f"parse + verify + print, {num_ops} ops (median of {args.repeats}; target total <= 1.5x)",
                ["phase", "mlc_tensor us/op", "arith us/op", "ratio"], rows)
    print(f"results: {path}")


if __name__ == "__main__":
    main()
