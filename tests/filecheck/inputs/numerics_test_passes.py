"""Test-only passes for the numeric check, loaded with `mlc-opt --load-pass-plugin <this file>`."""

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.rewriter import Rewriter

from mlc.dialects.mlc_tensor import AddOp, MulOp


@dataclass(frozen=True)
class MulToAdd(ModulePass):
    """Breaks numerics on purpose: every mlc_tensor.mul becomes an add (location kept)."""

    name = "test-mul-to-add"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for mul in [o for o in op.walk() if isinstance(o, MulOp)]:
            add = AddOp(mul.lhs, mul.rhs, mul.result.type)
            add.location = mul.location
            Rewriter.replace_op(mul, add)


PASSES = {MulToAdd.name: lambda: MulToAdd}
