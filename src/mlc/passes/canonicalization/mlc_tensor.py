"""Canonicalization rules of mlc_tensor: one function per identity, in a table by op class.

A rule takes an op and returns what replaces its result: an existing value, or new ops
whose last one's result does; None when it does not apply. Every rule keeps the result
type and is exact in the interpreter's semantics, bit for bit (signed zeros and NaNs
included), so `canonicalize` never changes what a program computes. `MlcTensorRules`
runs the rules of the op's class and of its bases (leaf rules first).
"""

import functools
from collections.abc import Callable

import numpy as np
from xdsl.dialects.builtin import TensorType
from xdsl.ir import Operation, SSAValue
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern

from mlc.dialects.mlc_tensor import (
    AddOp,
    BroadcastToOp,
    CastOp,
    ConcatOp,
    ConstantOp,
    DivOp,
    MulOp,
    NegOp,
    ReshapeOp,
    SelectOp,
    SliceOp,
    SubOp,
    TransposeOp,
)
from mlc.dialects.mlc_tensor.base import ElementwiseBinaryOp, is_float
from mlc.ir.dtypes import to_numpy_dtype
from mlc.passes.graph_rewrites import constant_array, shape

Replacement = SSAValue | list[Operation]
Rule = Callable[..., Replacement | None]


# ---- helpers ------------------------------------------------------------------------------------


def splat_value(array: np.ndarray) -> np.ndarray | None:
    """The one value (0-d array) of a non-empty array whose elements are all bitwise equal, else None."""
    if array.size == 0:
        return None
    flat = np.ascontiguousarray(array).reshape(-1)
    # Compared as unsigned bit patterns: -0.0 differs from 0.0, and a NaN splat is a splat.
    bits = flat.view(np.dtype(f"u{flat.dtype.itemsize}"))
    # Most weights differ at their last element: decide those without reading them all.
    if bits[-1] != bits[0] or not (bits == bits[0]).all():
        return None
    return flat[:1].reshape(())


def splat_of(value: SSAValue) -> np.ndarray | None:
    """The one value of a constant whose elements are all bitwise equal, else None."""
    array = constant_array(value)
    return None if array is None else splat_value(array)


def is_splat(value: SSAValue, number: float) -> bool:
    """Whether `value` is a constant whose every element is `number` (bitwise, in its dtype)."""
    one = splat_of(value)
    return one is not None and one.tobytes() == np.array(number, one.dtype).tobytes()


def located(op: Operation, new: Operation) -> list[Operation]:
    """`new` as the replacement of `op`, carrying op's location."""
    new.location = op.location
    return [new]


def with_operand(op: Operation, index: int, value: SSAValue) -> Operation:
    """A copy of `op` (options, attributes, location kept) with operand `index` set to `value`."""
    new = op.clone()
    new.operands = [value if i == index else v for i, v in enumerate(op.operands)]
    return new


def others_shape(op: Operation, index: int, extra: tuple[int, ...] | None = None) -> tuple[int, ...]:
    """The broadcast shape of op's operands other than `index` (plus `extra`, if given)."""
    shapes = [shape(v) for i, v in enumerate(op.operands) if i != index]
    return np.broadcast_shapes(*shapes, *([] if extra is None else [extra]))


def keep(op: ElementwiseBinaryOp, x: SSAValue, c: SSAValue, number: float) -> SSAValue | None:
    """x, when c is a splat of `number` and the op's result already has x's type (c broadcasts nothing)."""
    return x if x.type == op.result.type and is_splat(c, number) else None


def additive_zero(op: ElementwiseBinaryOp) -> float:
    """-0.0 for floats (the exact additive identity), 0 for integers."""
    assert isinstance(op.result.type, TensorType)
    return -0.0 if is_float(op.result.type.get_element_type()) else 0


# ---- elementwise identities ---------------------------------------------------------------------


def add_zero(op: AddOp) -> Replacement | None:
    """x + 0 and 0 + x -> x (integers), with -0.0 for floats."""
    # x + z = z + x = x, with z = 0 for integers and z = -0.0 for floats: IEEE gives
    # -0.0 + -0.0 = -0.0 and +0.0 + -0.0 = +0.0. x + (+0.0) is NOT folded: -0.0 + 0.0 = +0.0.
    zero = additive_zero(op)
    return keep(op, op.lhs, op.rhs, zero) or keep(op, op.rhs, op.lhs, zero)


def sub_zero(op: SubOp) -> Replacement | None:
    """x - 0 -> x (integers), x - (+0.0) -> x (floats)."""
    # x - 0 = x for integers; for floats x - (+0.0) = x + (-0.0) = x, while x - (-0.0) is
    # x + 0.0 (not an identity at x = -0.0) and stays.
    return keep(op, op.lhs, op.rhs, -additive_zero(op))


def mul_one(op: MulOp) -> Replacement | None:
    """x * 1 and 1 * x -> x."""
    # x * 1 = 1 * x = x exactly (also for -0.0, ±inf and NaN; f16/bf16 round back exactly).
    return keep(op, op.lhs, op.rhs, 1) or keep(op, op.rhs, op.lhs, 1)


def div_one(op: DivOp) -> Replacement | None:
    """x / 1 -> x."""
    # x / 1 = x exactly (floats as for x * 1; integer division by 1 truncates nothing).
    return keep(op, op.lhs, op.rhs, 1)


def neg_of_neg(op: NegOp) -> Replacement | None:
    """neg(neg(x)) -> x."""
    # -(-x) = x: exact for floats, and for integers in two's complement (-(-MIN) = MIN).
    inner = op.input.owner
    return inner.input if isinstance(inner, NegOp) else None


# ---- broadcasting into elementwise consumers ------------------------------------------------------


def fold_operand_broadcast(op: Operation) -> Replacement | None:
    """An operand's broadcast_to -> its input, where the op's own broadcasting suffices."""
    # Broadcasting is transitive: broadcasting broadcast_to(y, S) to the result shape R is
    # broadcasting y to R. So the op's own broadcasting absorbs an operand's broadcast_to
    # whenever y and the other operands still broadcast to R.
    for i, operand in enumerate(op.operands):
        inner = operand.owner
        if isinstance(inner, BroadcastToOp):
            if others_shape(op, i, shape(inner.input)) == shape(op.results[0]):
                return located(op, with_operand(op, i, inner.input))
    return None


def scalar_splat_operand(op: Operation) -> Replacement | None:
    """A splat constant operand -> a rank-0 constant, where the other operands give the shape."""
    # A splat constant broadcasts like its one value: op(x, splat(v, S)) = op(x, v) with v of
    # rank 0, whenever the other operands alone broadcast to the result shape.
    for i, operand in enumerate(op.operands):
        if not shape(operand) or (value := splat_of(operand)) is None:
            continue
        if others_shape(op, i) == shape(op.results[0]):
            scalar = ConstantOp.from_array(value)
            scalar.location = operand.owner.location
            scalar.result.name_hint = operand.name_hint
            return [scalar, *located(op, with_operand(op, i, scalar.result))]
    return None


def select_constant_condition(op: SelectOp) -> Replacement | None:
    """select with a splat condition -> the branch it picks."""
    # select(splat(true), a, b) = a and select(splat(false), a, b) = b, broadcast to the
    # result shape (select broadcasts its three operands together).
    condition = splat_of(op.condition)
    if condition is None:
        return None
    branch = op.on_true if condition else op.on_false
    if branch.type == op.result.type:
        return branch
    return located(op, BroadcastToOp(branch, shape(op.result)))


# ---- cast ---------------------------------------------------------------------------------------


EXACT_WIDENINGS: dict[str, frozenset[str]] = {
    "bool": frozenset({"int8", "int32", "int64", "float16", "bfloat16", "float32"}),  # 0 or 1
    "int8": frozenset({"int32", "int64", "float16", "bfloat16", "float32"}),  # |x| <= 2**8
    "int32": frozenset({"int64"}),
    "float16": frozenset({"float32"}),
    "bfloat16": frozenset({"float32"}),
}
"""numpy dtype name of an element type -> those of the element types holding each of its values exactly."""


def dtype_name(value: SSAValue) -> str:
    """The numpy dtype name of a tensor value's elements (bool, int8, ..., bfloat16, float32)."""
    assert isinstance(value.type, TensorType)
    return to_numpy_dtype(value.type.get_element_type()).name


def cast_to_same_type(op: CastOp) -> Replacement | None:
    """cast to the operand's own type -> the operand."""
    # cast(x : T -> T) = x.
    return op.input if op.input.type == op.result.type else None


def cast_of_cast(op: CastOp) -> Replacement | None:
    """cast(cast(x)) -> one cast, where the middle type holds every value of x's type."""
    # cast(cast(x : A -> B) -> C) = cast(x : A -> C) when B holds every value of A exactly:
    # the inner cast then changes no value, and each cast rule (truncate/saturate, wrap,
    # round to nearest even, != 0) depends only on the value, not on the source type.
    inner = op.input.owner
    if not isinstance(inner, CastOp):
        return None
    if dtype_name(inner.result) not in EXACT_WIDENINGS.get(dtype_name(inner.input), ()):
        return None
    assert isinstance(op.result.type, TensorType)
    return located(op, CastOp(inner.input, op.result.type.get_element_type()))


# ---- data movement ------------------------------------------------------------------------------


def identity_transpose(op: TransposeOp) -> Replacement | None:
    """transpose by the identity permutation -> its input."""
    # transpose(x, [0, 1, ..., n-1]) = x.
    return op.input if list(op.perm.get_values()) == list(range(len(op.perm))) else None


def transpose_of_transpose(op: TransposeOp) -> Replacement | None:
    """transpose(transpose(x)) -> one transpose by the composed permutation."""
    # transpose(transpose(x, p), q) = transpose(x, [p[q[i]]]): result dim i is the inner
    # result's dim q[i], which is x's dim p[q[i]]. An identity composite then folds away.
    inner = op.input.owner
    if not isinstance(inner, TransposeOp):
        return None
    p = inner.perm.get_values()
    return located(op, TransposeOp(inner.input, [p[i] for i in op.perm.get_values()]))


def reshape_to_same_shape(op: ReshapeOp) -> Replacement | None:
    """reshape to the input's own shape -> the input."""
    # reshape(x) to x's own shape = x (row-major order is unchanged by every reshape).
    return op.input if op.input.type == op.result.type else None


def reshape_of_reshape(op: ReshapeOp) -> Replacement | None:
    """reshape(reshape(x)) -> one reshape."""
    # reshape(reshape(x, S), T) = reshape(x, T): reshapes keep the row-major element order.
    inner = op.input.owner
    if not isinstance(inner, ReshapeOp):
        return None
    return located(op, ReshapeOp(inner.input, shape(op.result)))


def broadcast_to_same_shape(op: BroadcastToOp) -> Replacement | None:
    """broadcast_to the input's own shape -> the input."""
    # broadcast_to(x, shape(x)) = x.
    return op.input if op.input.type == op.result.type else None


def broadcast_of_broadcast(op: BroadcastToOp) -> Replacement | None:
    """broadcast_to(broadcast_to(x)) -> one broadcast_to."""
    # broadcast_to(broadcast_to(x, S), T) = broadcast_to(x, T) (broadcasting is transitive).
    inner = op.input.owner
    if not isinstance(inner, BroadcastToOp):
        return None
    return located(op, BroadcastToOp(inner.input, shape(op.result)))


def full_slice(op: SliceOp) -> Replacement | None:
    """a slice keeping every element -> its input."""
    # A slice from 0 keeping every element is x: with start 0 and as many elements as x has,
    # each dimension's step is 1 (or the dimension has at most one element).
    if op.input.type == op.result.type and not any(op.start.get_values()):
        return op.input
    return None


def concat_of_one(op: ConcatOp) -> Replacement | None:
    """concat of one operand -> that operand."""
    # concat([x], axis) = x.
    return op.inputs[0] if len(op.inputs) == 1 else None


RULES: dict[type[Operation], tuple[Rule, ...]] = {
    AddOp: (add_zero,),
    SubOp: (sub_zero,),
    MulOp: (mul_one,),
    DivOp: (div_one,),
    ElementwiseBinaryOp: (fold_operand_broadcast, scalar_splat_operand),
    SelectOp: (select_constant_condition, fold_operand_broadcast, scalar_splat_operand),
    NegOp: (neg_of_neg,),
    CastOp: (cast_to_same_type, cast_of_cast),
    TransposeOp: (identity_transpose, transpose_of_transpose),
    ReshapeOp: (reshape_to_same_shape, reshape_of_reshape),
    BroadcastToOp: (broadcast_to_same_shape, broadcast_of_broadcast),
    SliceOp: (full_slice,),
    ConcatOp: (concat_of_one,),
}
"""Op class -> its rules, tried in order; an op also gets the rules of its base classes."""


@functools.cache
def rules_for(op_type: type[Operation]) -> tuple[Rule, ...]:
    """The rules of `op_type` and of its bases, most specific class first."""
    return tuple(rule for cls in op_type.__mro__ for rule in RULES.get(cls, ()))


class MlcTensorRules(RewritePattern):
    """Rewrite an mlc_tensor op by the first of its rules that applies (the driver iterates)."""

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter, /) -> None:
        for rule in rules_for(type(op)):
            replacement = rule(op)
            if isinstance(replacement, SSAValue):
                rewriter.replace(op, [], [replacement])
                return
            if replacement is not None:
                rewriter.replace(op, replacement)
                return
