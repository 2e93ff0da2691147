"""fold-batchnorm: fold inference batch norm and per-channel scale/shift into the weights of conv2d, linear, matmul.

A contraction y = x (*) W + b is linear in W and b per output channel c, so any per-channel
affine map applied to y, z[c] = y[c] * s[c] + t[c], equals the same contraction with
W'[c] = W[c] * s[c] and b'[c] = b[c] * s[c] + t[c]. Inference batch norm is such a map
(s = scale / sqrt(var + eps), t = bias - mean * s); so are a multiply by, an add of and a
subtract of a constant that varies along the channel only (or is a scalar). The new weight
and bias are computed in f64 from the constants and rounded once to the weight's element
type; one fold per consumer, so chains (bn after a scale after a shift ...) fold one by one.

A fold happens only when the weight, the bias (if any) and the affine parameters are
constants and the contraction's result has no other use (else the unscaled result is still
needed and folding would duplicate the contraction). A matmul has no bias operand: its
bias is an `add` of a channel constant right after it, which later folds scale into.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
)

from mlc.dialects.mlc_tensor import AddOp, BatchNormOp, Conv2dOp, LinearOp, MatmulOp, MulOp, SubOp
from mlc.dialects.mlc_tensor.base import is_float
from mlc.passes.graph_rewrites import constant_array, erase_unused, make_constant, shape, single_use

Contraction = Conv2dOp | LinearOp | MatmulOp


@dataclass
class Affine:
    """A contraction with constant weight (and bias) whose result is `value`, channels on `axis`."""

    contraction: Contraction
    value: SSAValue
    weight: np.ndarray
    bias: np.ndarray | None
    weight_axis: int
    """The axis of the weight that holds the output channels (O of OIHW, O of HWIO, N)."""
    axis: int
    """The channel axis of the contraction's result."""
    bias_add: AddOp | None = None
    """For a matmul: the `add` of a channel constant after it that plays the bias."""


def channel_vector(
    value: SSAValue | None, result_shape: tuple[int, ...], axis: int
) -> np.ndarray | None:
    """A constant that broadcasts along `axis` only, as f64 values per channel; else None."""
    array = constant_array(value)
    if (
        array is None
        or array.ndim > len(result_shape)
        or not is_float(value.type.get_element_type())
    ):
        return None
    full = (1,) * (len(result_shape) - array.ndim) + array.shape
    channels = result_shape[axis]
    if any(d != 1 for i, d in enumerate(full) if i != axis) or full[axis] not in (1, channels):
        return None
    return np.broadcast_to(array.astype(np.float64).reshape(-1), (channels,))


def contraction_of(value: SSAValue) -> Affine | None:
    """The single-use contraction with constant weight/bias that `value` is the result of, else None."""
    op = value.owner
    if not single_use(value) or not is_float(value.type.get_element_type()):
        return None
    if isinstance(op, AddOp):  # matmul + channel constant: a matmul with a bias
        for inner, other in ((op.lhs, op.rhs), (op.rhs, op.lhs)):
            matmul = contraction_of(inner)
            if matmul is None or not isinstance(matmul.contraction, MatmulOp) or matmul.bias_add:
                continue
            bias = channel_vector(other, shape(value), 1)
            if bias is not None and shape(value) == shape(inner):
                return Affine(matmul.contraction, value, matmul.weight, bias, 1, 1, op)
        return None
    if isinstance(op, Conv2dOp):
        nchw = op.layout_name(op.properties) == "nchw"
        axes = (0, 1) if nchw else (3, 3)
        weight, bias = op.weight, op.bias
    elif isinstance(op, LinearOp):
        axes = (0, len(shape(value)) - 1)
        weight, bias = op.weight, op.bias
    elif isinstance(op, MatmulOp):
        axes, weight, bias = (1, 1), op.rhs, None
    else:
        return None
    weight_array = constant_array(weight)
    bias_array = constant_array(bias)
    if weight_array is None or (bias is not None and bias_array is None):
        return None
    return Affine(op, value, weight_array, bias_array, *axes)


Terms = tuple[np.ndarray, np.ndarray] | None
"""Per-channel (scale, shift) in f64, or None when the consumer is not such a map."""


def batch_norm_terms(op: BatchNormOp, other: SSAValue | None, affine: Affine) -> Terms:
    """(x - mean) * scale / sqrt(var + eps) + bias == x * s + (bias - mean * s), s = scale / sqrt(var + eps)."""
    params = [constant_array(v) for v in (op.scale, op.bias, op.mean, op.var)]
    if op.axis_value() != affine.axis or any(p is None for p in params):
        return None
    scale, bias, mean, var = (p.astype(np.float64) for p in params)
    s = scale / np.sqrt(var + op.epsilon.value.data)
    return s, bias - mean * s


def channel_terms(
    scale_sign: int, shift_sign: int
) -> Callable[[Operation, SSAValue | None, Affine], Terms]:
    """mul by c: (c, 0); add of c: (1, c); x - c: (1, -c) -- each a per-channel affine map."""

    def terms(op: Operation, other: SSAValue | None, affine: Affine) -> Terms:
        c = channel_vector(other, shape(affine.value), affine.axis)
        if c is None:
            return None
        ones, zeros = np.ones_like(c), np.zeros_like(c)
        return (c if scale_sign else ones), (shift_sign * c if shift_sign else zeros)

    return terms


RULES: dict[type[Operation], Callable[[Operation, SSAValue | None, Affine], Terms]] = {
    BatchNormOp: batch_norm_terms,
    MulOp: channel_terms(1, 0),
    AddOp: channel_terms(0, 1),
    SubOp: channel_terms(0, -1),
}


def candidates(op: Operation) -> list[tuple[SSAValue, SSAValue | None]]:
    """(contraction result, the other operand) pairs to try: both orders for commutative ops."""
    if isinstance(op, BatchNormOp):
        return [(op.input, None)]
    if isinstance(op, SubOp):
        return [(op.lhs, op.rhs)]
    return [(op.operands[0], op.operands[1]), (op.operands[1], op.operands[0])]


def folded(affine: Affine, scale: np.ndarray, shift: np.ndarray) -> list[Operation]:
    """The ops computing the contraction with W * scale and b * scale + shift (last op: the result)."""
    contraction = affine.contraction
    weight_value = contraction.rhs if isinstance(contraction, MatmulOp) else contraction.weight
    broadcast = [1] * affine.weight.ndim
    broadcast[affine.weight_axis] = -1
    weight = make_constant(
        affine.weight.astype(np.float64) * scale.reshape(broadcast),
        weight_value.type,
        "folded_weight",
    )
    bias_array = shift if affine.bias is None else affine.bias.astype(np.float64) * scale + shift
    # No bias before and none added (a pure scale): the result keeps having none.
    biases = (
        []
        if affine.bias is None and not shift.any()
        else [make_constant(bias_array, weight_value.type, "folded_bias")]
    )
    if isinstance(contraction, MatmulOp):
        ops: list[Operation] = [weight, *biases, MatmulOp(contraction.lhs, weight.result)]
        if biases:
            ops.append(AddOp(ops[-1].results[0], biases[0].result))
        return ops
    new = type(contraction).create(
        operands=[contraction.input, weight.result, *(b.result for b in biases)],
        result_types=[contraction.result.type],
        properties=dict(contraction.properties),
        attributes=dict(contraction.attributes),
    )
    return [weight, *biases, new]


class FoldChannelAffine(RewritePattern):
    """batch_norm / mul / add / sub of per-channel constants after a constant-weight contraction -> new weights."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        rule = RULES.get(type(op))
        if rule is None:
            return
        for value, other in candidates(op):
            affine = contraction_of(value)
            if affine is None or op.results[0].type != affine.value.type:
                continue
            # A shift of a bias-less matmul is already "matmul + bias": folding would loop.
            if (
                isinstance(op, AddOp | SubOp)
                and isinstance(affine.contraction, MatmulOp)
                and not affine.bias_add
            ):
                continue
            terms = rule(op, other, affine)
            if terms is None:
                continue
            new_ops = folded(affine, *terms)
            new_ops[-1].location = op.location  # it computes what `op` did (the numeric check matches them)
            feeders = [v.owner for v in op.operands if isinstance(v.owner, Operation)]
            rewriter.replace(op, new_ops, [new_ops[-1].results[0]])
            dead = [affine.bias_add, affine.contraction, *feeders]
            erase_unused(rewriter, [d for d in dead if d is not None])
            return


@dataclass(frozen=True)
class FoldBatchnorm(ModulePass):
    """Fold inference batch norm and per-channel scale/shift chains into conv2d/linear/matmul weights."""

    name = "fold-batchnorm"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        PatternRewriteWalker(FoldChannelAffine(), apply_recursively=True).rewrite_module(op)
