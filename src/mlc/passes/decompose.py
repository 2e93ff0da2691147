"""decompose{ops=...}: split composite mlc_tensor ops into the primitives they are defined by.

Each rule writes the op's definition (the numpy interpreter's) as mlc_tensor primitives:
  softmax      m = max(x), e = exp(x - m), e / sum(e)            (max keepdim along the axis)
  log_softmax  d = x - max(x), d - log(sum(exp(d)))
  layer_norm   c = x - mean(x), c * rsqrt(mean(c * c) + eps) [* weight] [+ bias]
  gelu         none: (x * 0.5) * (erf(x * 1/sqrt 2) + 1)
               tanh: (x * 0.5) * (tanh((x + x*x*x * 0.044715) * sqrt(2/pi)) + 1)
  batch_norm   (x - mean) * (scale / sqrt(var + eps)) + bias, parameters reshaped to [1,C,1,..]
  linear       matmul(x as [M, K], transpose(weight)) reshaped to [..., N] [+ bias]
The composite ops compute in f32 and round once, so for f16/bf16 the primitives run on f32
casts of the operands and the result is cast back: cast(f(cast(x))) is then exactly f(x).
`ops` picks which ops to split; linear is not split by default because conv/matmul epilogue
fusion and fold-batchnorm treat it directly and the split adds a transpose of the weight.
`recompose` is the inverse. Suggested placement in a graph pipeline: cse,recompose early (one
op per user-written or imported pattern, so fold-batchnorm and cse see it whole), decompose
right before the fuse-* passes (fusion and lowering then handle only primitives, and a
reduction group re-forms each softmax/layer_norm as one kernel).
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, f32
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import PatternRewriter, PatternRewriteWalker, RewritePattern
from xdsl.utils.exceptions import PassFailedException

from mlc.dialects.mlc_tensor import (
    AddOp,
    BatchNormOp,
    CastOp,
    DivOp,
    ErfOp,
    ExpOp,
    GeluOp,
    LayerNormOp,
    LinearOp,
    LogOp,
    LogSoftmaxOp,
    MatmulOp,
    MulOp,
    ReduceMaxOp,
    ReduceMeanOp,
    ReduceSumOp,
    ReshapeOp,
    RsqrtOp,
    SoftmaxOp,
    SqrtOp,
    SubOp,
    TanhOp,
    TransposeOp,
)
from mlc.dialects.mlc_tensor.base import is_float
from mlc.passes.graph_rewrites import make_constant, shape

GELU_TANH_CUBE = 0.044715
GELU_TANH_SCALE = math.sqrt(2 / math.pi)
DEFAULT_OPS = ("softmax", "log_softmax", "layer_norm", "gelu", "batch_norm")


class Builder:
    """Appends new ops to a list and returns their results, so a rule reads like the formula."""

    def __init__(self) -> None:
        self.ops: list[Operation] = []

    def __call__(self, op: Operation) -> SSAValue:
        self.ops.append(op)
        return op.results[0]

    def scalar(self, number: float, like: SSAValue) -> SSAValue:
        """A rank-0 constant of `like`'s element type."""
        return self(make_constant(np.array(number), like.type, "scalar"))

    def f32(self, value: SSAValue | None) -> SSAValue | None:
        """`value` cast to f32 when it is f16/bf16 (the precision composite ops compute in)."""
        if value is None or value.type.get_element_type() == f32:
            return value
        if not is_float(value.type.get_element_type()):
            return value
        return self(CastOp(value, f32))


def softmax(b: Builder, op: SoftmaxOp | LogSoftmaxOp) -> SSAValue:
    """softmax = exp(x - max x) / sum exp(x - max x); log_softmax = (x - max x) - log sum exp(x - max x)."""
    x, axis = b.f32(op.input), op.axis_value()
    shifted = b(SubOp(x, b(ReduceMaxOp(x, [axis], keepdim=True))))
    exps = b(ExpOp(shifted))
    total = b(ReduceSumOp(exps, [axis], keepdim=True))
    if isinstance(op, LogSoftmaxOp):
        return b(SubOp(shifted, b(LogOp(total))))
    return b(DivOp(exps, total))


def layer_norm(b: Builder, op: LayerNormOp) -> SSAValue:
    """(x - mean) * rsqrt(mean((x - mean)^2) + eps) * weight + bias over the trailing dims (biased var)."""
    x = b.f32(op.input)
    rank = len(shape(x))
    axes = list(range(rank - op.normalized_rank_value(), rank))
    centered = b(SubOp(x, b(ReduceMeanOp(x, axes, keepdim=True))))
    variance = b(ReduceMeanOp(b(MulOp(centered, centered)), axes, keepdim=True))
    eps = b.scalar(op.epsilon.value.data, x)
    out = b(MulOp(centered, b(RsqrtOp(b(AddOp(variance, eps))))))
    if op.weight is not None:
        out = b(MulOp(out, b.f32(op.weight)))
    if op.bias is not None:
        out = b(AddOp(out, b.f32(op.bias)))
    return out


def gelu(b: Builder, op: GeluOp) -> SSAValue:
    """x/2 * (1 + erf(x / sqrt 2)), or x/2 * (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
    x = b.f32(op.input)
    if op.approximate.data == "tanh":
        cube = b(MulOp(b(MulOp(x, x)), x))
        inner = b(AddOp(x, b(MulOp(cube, b.scalar(GELU_TANH_CUBE, x)))))
        curve = b(TanhOp(b(MulOp(inner, b.scalar(GELU_TANH_SCALE, x)))))
    else:
        curve = b(ErfOp(b(MulOp(x, b.scalar(1 / math.sqrt(2), x)))))
    half = b(MulOp(x, b.scalar(0.5, x)))
    return b(MulOp(half, b(AddOp(curve, b.scalar(1.0, x)))))


def batch_norm(b: Builder, op: BatchNormOp) -> SSAValue:
    """(x - mean) * (scale / sqrt(var + eps)) + bias, each parameter reshaped to broadcast on the axis."""
    x = b.f32(op.input)
    dims = [1] * len(shape(x))
    dims[op.axis_value()] = -1
    scale, bias, mean, var = (b.f32(v) for v in (op.scale, op.bias, op.mean, op.var))
    factor = b(DivOp(scale, b(SqrtOp(b(AddOp(var, b.scalar(op.epsilon.value.data, x)))))))
    out = b(MulOp(b(SubOp(x, b(ReshapeOp(mean, dims)))), b(ReshapeOp(factor, dims))))
    return b(AddOp(out, b(ReshapeOp(bias, dims))))


def linear(b: Builder, op: LinearOp) -> SSAValue:
    """x @ weight^T (+ bias), leading dims of x flattened into the rows of one matmul."""
    x, weight, bias = b.f32(op.input), b.f32(op.weight), b.f32(op.bias)
    *batch, k = shape(x)
    rows = x if len(batch) == 1 else b(ReshapeOp(x, [-1, k]))
    out = b(MatmulOp(rows, b(TransposeOp(weight, [1, 0]))))
    if len(batch) != 1:
        out = b(ReshapeOp(out, [*batch, shape(weight)[0]]))
    return out if bias is None else b(AddOp(out, bias))


RULES: dict[str, tuple[type[Operation], Callable[[Builder, Operation], SSAValue]]] = {
    "softmax": (SoftmaxOp, softmax),
    "log_softmax": (LogSoftmaxOp, softmax),
    "layer_norm": (LayerNormOp, layer_norm),
    "gelu": (GeluOp, gelu),
    "batch_norm": (BatchNormOp, batch_norm),
    "linear": (LinearOp, linear),
}
"""Name in `ops` -> (the composite op, its decomposition)."""


@dataclass
class DecomposeOps(RewritePattern):
    """Replace each composite op of the chosen kinds by its primitive definition."""

    rules: dict[type[Operation], Callable[[Builder, Operation], SSAValue]]

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        rule = self.rules.get(type(op))
        if rule is None:
            return
        b = Builder()
        result = rule(b, op)
        if result.type != op.results[0].type:
            result = b(CastOp(result, op.results[0].type.get_element_type()))
        rewriter.replace(op, b.ops, [result])


def chosen_rules(flag: str, ops: Sequence[str]) -> dict[type[Operation], Callable]:
    """The rule table restricted to `ops`, or PassFailedException naming an unknown op."""
    unknown = [name for name in ops if name not in RULES]
    if unknown:
        raise PassFailedException(
            f"{flag}: unknown op(s) {', '.join(unknown)} in ops; choose from {', '.join(RULES)}"
        )
    return dict(RULES[name] for name in ops)


@dataclass(frozen=True)
class Decompose(ModulePass):
    """Split softmax, log_softmax, layer_norm, gelu, batch_norm (and, when asked, linear) into primitives."""

    name = "decompose"

    ops: tuple[str, ...] = field(default=DEFAULT_OPS)

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        rules = chosen_rules(self.name, self.ops)
        PatternRewriteWalker(DecomposeOps(rules), apply_recursively=False).rewrite_module(op)
