"""recompose: find primitive spellings of softmax, log_softmax, layer_norm, gelu, batch_norm, linear and fold them back.

The inverse of `decompose`, and also the spellings users and importers write: reductions
with keepdim or reduced then reshaped back (jax), `x - m` repeated instead of shared (torch
without cse), variance as mean of squares, sum of squares / N, or (x - m) ** 2, and
normalization by rsqrt or by division by sqrt. Rules (each a function of the root op):
  softmax      e / sum(e), e = exp(x - max x)                        -> softmax(x)
  log_softmax  d - log(sum(exp(d))), d = x - max x                   -> log_softmax(x)
  layer_norm   c * rsqrt(var + eps) or c / sqrt(var + eps), c = x - mean x over trailing
               dims, var = mean(c * c)                               -> layer_norm(x)
               layer_norm(x) * w -> layer_norm(x, w); layer_norm(x, w?) + b -> layer_norm(x, w?, b)
  gelu         a product of x, 0.5 and (1 + erf(x / sqrt 2)) or (1 + tanh(sqrt(2/pi)(x + 0.044715 x^3)))
  batch_norm   (x - mean) * (scale / sqrt(var + eps)) + bias, parameters reshaped per channel
  linear       matmul(x, transpose(w)) -> linear(x, w); reshape(linear(reshape x)) -> linear(x);
               linear(x, w) + b -> linear(x, w, b)
  cast_T(f(cast_f32(x), ...)) -> f(x, ...) in T, since those composites compute in f32 and
  round once (this undoes decompose's casts for f16/bf16).
A match is taken only when the matched intermediates have no use outside the pattern, so no
computation is duplicated. Constants are compared with a relative tolerance of 1e-6.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, f32
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import PatternRewriter, PatternRewriteWalker, RewritePattern

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
    PowOp,
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
from mlc.passes.decompose import GELU_TANH_CUBE, GELU_TANH_SCALE
from mlc.passes.graph_rewrites import (
    defining,
    equivalent,
    erase_unused,
    keepdim_reduce,
    near,
    only_internal,
    product,
    scalar,
    shape,
    shortest,
    split,
    with_shape,
)

Match = tuple[list[Operation], list[Operation]] | None
"""(new ops, the last giving the root's replacement; the matched intermediates), or no match."""


def max_shifted(value: SSAValue) -> tuple[list[Operation], SSAValue, int] | None:
    """(ops, x, axis) when `value` is x - max(x) along one axis."""
    sub = defining(value, SubOp)
    found = sub and keepdim_reduce(sub.rhs, ReduceMaxOp)
    if (
        not found
        or found[1] is not sub.lhs
        or len(found[2]) != 1
        or not is_float(value.type.get_element_type())
    ):
        return None
    return [sub, *found[0]], sub.lhs, found[2][0]


def softmax(root: DivOp) -> Match:
    """e / sum(e) with e = exp(x - max x) == softmax(x)."""
    exp = defining(root.lhs, ExpOp)
    total = exp and keepdim_reduce(root.rhs, ReduceSumOp)
    shifted = total and max_shifted(exp.input)
    if not shifted or total[1] is not root.lhs or total[2] != (shifted[2],):
        return None
    return [SoftmaxOp(shifted[1], shifted[2])], [exp, *total[0], *shifted[0]]


def log_softmax(root: SubOp) -> Match:
    """d - log(sum(exp(d))) with d = x - max x == log_softmax(x)."""
    log = defining(root.rhs, LogOp)
    total = log and keepdim_reduce(log.input, ReduceSumOp)
    exp = total and defining(total[1], ExpOp)
    shifted = exp and max_shifted(root.lhs)
    if not shifted or not equivalent(exp.input, root.lhs) or total[2] != (shifted[2],):
        return None
    return [LogSoftmaxOp(shifted[1], shifted[2])], [
        log,
        *total[0],
        exp,
        exp.input.owner,
        *shifted[0],
    ]


def mean(value: SSAValue) -> tuple[list[Operation], SSAValue, tuple[int, ...]] | None:
    """(ops, input, axes) when `value` is a keepdim mean: reduce_mean, or reduce_sum / N (jax)."""
    found = keepdim_reduce(value, ReduceMeanOp)
    if found is None and (div := defining(value, DivOp)):
        found = keepdim_reduce(div.lhs, ReduceSumOp)
        count = found and int(np.prod([shape(found[1])[a] for a in found[2]]))
        if not found or not near(div.rhs, count):
            return None
        found = ([div, *found[0]], found[1], found[2])
    return found


def variance(value: SSAValue, centered: SSAValue) -> tuple[list[Operation], tuple[int, ...]] | None:
    """(ops, axes) when `value` is the biased variance mean(c * c) or mean(c ** 2) of `centered`."""
    found = mean(value)
    if found is None:
        return None
    square = found[1].owner
    if (
        isinstance(square, MulOp)
        and equivalent(square.lhs, centered)
        and equivalent(square.rhs, centered)
    ):
        ops = [square, square.lhs.owner, square.rhs.owner]
    elif isinstance(square, PowOp) and equivalent(square.lhs, centered) and near(square.rhs, 2.0):
        ops = [square, square.lhs.owner]
    else:
        return None
    return [*ops, *found[0]], found[2]


def layer_norm(root: MulOp | DivOp) -> Match:
    """c * rsqrt(var(c) + eps) or c / sqrt(var(c) + eps), c = x - mean(x) over trailing dims == layer_norm(x)."""
    inv_kind = SqrtOp if isinstance(root, DivOp) else RsqrtOp
    orders = [(root.lhs, root.rhs)] + ([(root.rhs, root.lhs)] if isinstance(root, MulOp) else [])
    for centered, inv in orders:
        inv_op = defining(inv, inv_kind)
        add = inv_op and defining(inv_op.input, AddOp)
        sub = add and defining(centered, SubOp)
        mean_of_x = sub and mean(sub.rhs)
        if (
            not mean_of_x
            or mean_of_x[1] is not sub.lhs
            or not is_float(centered.type.get_element_type())
        ):
            continue
        rank = len(shape(sub.lhs))
        for var, eps in ((add.lhs, add.rhs), (add.rhs, add.lhs)):
            found = variance(var, centered)
            epsilon = scalar(eps)
            axes = mean_of_x[2]
            if (
                found
                and epsilon is not None
                and epsilon >= 0
                and found[1] == axes == tuple(range(rank - len(axes), rank))
            ):
                new = LayerNormOp(sub.lhs, normalized_rank=len(axes), epsilon=shortest(epsilon))
                return [new], [inv_op, add, sub, *mean_of_x[0], *found[0]]
    return None


def layer_norm_affine(root: MulOp | AddOp) -> Match:
    """layer_norm(x) * w == layer_norm(x, w); layer_norm(x, w?) + b == layer_norm(x, w?, b) (w, b of the normalized shape)."""
    for norm, param in ((root.lhs, root.rhs), (root.rhs, root.lhs)):
        ln = defining(norm, LayerNormOp)
        if not ln or ln.bias is not None or (isinstance(root, MulOp) and ln.weight is not None):
            continue
        wanted = ln.parameter_type(ln.input.type)
        internal: list[Operation] = [ln]
        # A parameter reshaped with leading 1s (jax's broadcast) broadcasts the same way.
        if isinstance(reshape := param.owner, ReshapeOp) and reshape.input.type == wanted:
            param = reshape.input
            internal.append(reshape)
        if param.type != wanted or root.result.type != norm.type:
            continue
        weight, bias = (param, None) if isinstance(root, MulOp) else (ln.weight, param)
        new = LayerNormOp(
            ln.input,
            weight,
            bias,
            normalized_rank=ln.normalized_rank_value(),
            epsilon=ln.epsilon.value.data,
        )
        return [new], internal
    return None


def gelu_curve(curve: SSAValue, x: SSAValue, internal: list[Operation]) -> str | None:
    """'none' for erf(x / sqrt 2), 'tanh' for tanh(sqrt(2/pi) (x + 0.044715 x^3)), else None."""
    if erf := defining(curve, ErfOp):
        internal.append(erf)
        div = defining(erf.input, DivOp)
        if div and div.lhs is x and near(div.rhs, np.sqrt(2)):
            internal.append(div)
            return "none"
        return "none" if split(product(erf.input, internal), 1 / np.sqrt(2)) == [x] else None
    tanh = defining(curve, TanhOp)
    inner = tanh and split(product(tanh.input, internal), GELU_TANH_SCALE)
    add = inner and len(inner) == 1 and defining(inner[0], AddOp)
    if not add:
        return None
    internal += [tanh, add]
    for linear, cubic in ((add.lhs, add.rhs), (add.rhs, add.lhs)):
        rest = linear is x and split(product(cubic, internal), GELU_TANH_CUBE)
        if rest and (
            rest == [x, x, x]
            or (
                len(rest) == 1
                and (p := defining(rest[0], PowOp))
                and p.lhs is x
                and near(p.rhs, 3.0)
            )
        ):
            return "tanh"
    return None


def gelu(root: MulOp) -> Match:
    """x * 0.5 * (1 + curve(x)) in any association == gelu(x)."""
    internal: list[Operation] = []
    factors = split(product(root.result, internal), 0.5)
    if factors is None or len(factors) != 2:
        return None
    for x, one_plus in (factors, factors[::-1]):
        add = defining(one_plus, AddOp)
        if not add or not is_float(x.type.get_element_type()) or root.result.type != x.type:
            continue
        for one, curve in ((add.lhs, add.rhs), (add.rhs, add.lhs)):
            found: list[Operation] = [add]
            if near(one, 1.0) and (approximate := gelu_curve(curve, x, found)):
                return [GeluOp(x, approximate)], internal + found
    return None


def channel(value: SSAValue) -> tuple[SSAValue, int] | None:
    """(parameter [C], axis) when `value` is a [C] vector reshaped to 1s except C on `axis` (C > 1)."""
    reshape = defining(value, ReshapeOp)
    if not reshape or len(shape(reshape.input)) != 1 or shape(reshape.input)[0] == 1:
        return None
    dims = shape(value)
    axes = [i for i, d in enumerate(dims) if d != 1]
    return (reshape.input, axes[0]) if len(axes) == 1 else None


def batch_norm(root: AddOp) -> Match:
    """(x - mean) * (scale / sqrt(var + eps)) + bias, parameters per channel == batch_norm(x)."""
    mul = defining(root.lhs, MulOp)
    sub = mul and defining(mul.lhs, SubOp)
    factor = sub and channel(mul.rhs)
    div = factor and defining(factor[0], DivOp)
    sqrt = div and defining(div.rhs, SqrtOp)
    add = sqrt and defining(sqrt.input, AddOp)
    params = add and [channel(sub.rhs), channel(root.rhs)]
    if not params or None in params or not is_float(sub.lhs.type.get_element_type()):
        return None
    (mean, axis), (bias, bias_axis) = params
    epsilon = scalar(add.rhs)
    if (
        not axis == bias_axis == factor[1]
        or epsilon is None
        or shape(sub.lhs) != shape(root.result)
    ):
        return None
    new = BatchNormOp(sub.lhs, div.lhs, bias, mean, add.lhs, epsilon=shortest(epsilon), axis=axis)
    internal = [mul, sub, *(v.owner for v in (mul.rhs, sub.rhs, root.rhs)), div, sqrt, add]
    return [new], internal


def linear(root: MatmulOp) -> Match:
    """matmul(x, transpose(w, [1, 0])) == linear(x, w)."""
    transpose = defining(root.rhs, TransposeOp)
    if not transpose or tuple(transpose.perm.get_values()) != (1, 0):
        return None
    return [LinearOp(root.lhs, transpose.input)], [transpose]


def linear_rows(root: ReshapeOp) -> Match:
    """reshape(linear(reshape(x, [M, K]), w), [..., N]) == linear(x, w) when the reshapes only merge and split x's leading dims."""
    ln = defining(root.input, LinearOp)
    rows = ln and ln.bias is None and defining(ln.input, ReshapeOp)
    if (
        not rows
        or shape(rows.input)[-1] != shape(rows.result)[-1]
        or shape(rows.input)[:-1] != shape(root.result)[:-1]
    ):
        return None
    return [LinearOp(rows.input, ln.weight)], [ln, rows]


def linear_bias(root: AddOp) -> Match:
    """linear(x, w) + b == linear(x, w, b) for b of shape [N]."""
    for value, bias in ((root.lhs, root.rhs), (root.rhs, root.lhs)):
        ln = defining(value, LinearOp)
        if ln and ln.bias is None and root.result.type == value.type:
            if bias.type == with_shape(ln.weight, [shape(ln.weight)[0]]):
                return [LinearOp(ln.input, ln.weight, bias)], [ln]
    return None


NARROWABLE = (SoftmaxOp, LogSoftmaxOp, LayerNormOp, GeluOp, BatchNormOp, LinearOp)


def narrow(root: CastOp) -> Match:
    """cast_T(f(cast_f32(x), ...)) == f(x, ...) in T: f computes in f32 and rounds once."""
    op = root.input.owner
    if not isinstance(op, NARROWABLE) or op.results[0].type.get_element_type() != f32:
        return None
    target = root.result.type.get_element_type()
    casts = [defining(v, CastOp) for v in op.operands]
    if not is_float(target) or any(
        c is None or c.input.type.get_element_type() != target for c in casts
    ):
        return None
    new = type(op).create(
        operands=[c.input for c in casts],
        result_types=[root.result.type],
        properties=dict(op.properties),
        attributes=dict(op.attributes),
    )
    return [new], [op, *casts]


RULES: dict[type[Operation], tuple[Callable[..., Match], ...]] = {
    DivOp: (softmax, layer_norm),
    SubOp: (log_softmax,),
    MulOp: (layer_norm, layer_norm_affine, gelu),
    AddOp: (layer_norm_affine, batch_norm, linear_bias),
    MatmulOp: (linear,),
    ReshapeOp: (linear_rows,),
    CastOp: (narrow,),
}
"""Root op kind -> the rules that may match there, tried in order."""


class RecomposeOps(RewritePattern):
    """Replace a matched primitive pattern by its composite op."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        for rule in RULES.get(type(op), ()):
            found = rule(op)
            if found is not None and only_internal(op, found[1]):
                new_ops, internal = found
                feeders = [v.owner for v in op.operands if isinstance(v.owner, Operation)]
                rewriter.replace(op, new_ops, [new_ops[-1].results[0]])
                erase_unused(rewriter, [*internal, *feeders])
                return


@dataclass(frozen=True)
class Recompose(ModulePass):
    """Fold primitive spellings of softmax, log_softmax, layer_norm, gelu, batch_norm and linear into those ops."""

    name = "recompose"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PatternRewriteWalker(RecomposeOps(), apply_recursively=True).rewrite_module(op)
