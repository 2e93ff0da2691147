"""mlc_tensor data-movement ops: reshape, transpose, broadcast_to, slice, pad, concat, gather, scatter.

These ops move or copy elements without arithmetic (scatter_add aside), so every element
type of mlc_tensor is accepted and the result has the operand's element type. Options hold resolved, non-negative
values: builders accept the frontends' conveniences (-1 sizes, negative axes and indices)
and normalize them, so the IR has one spelling per meaning.
"""

import abc
import math
from collections.abc import Sequence
from typing import ClassVar

from xdsl.dialects.builtin import (
    I64,
    DenseArrayBase,
    Float64Type,
    FloatAttr,
    IntegerAttr,
    IntegerType,
    StringAttr,
    TensorType,
    f64,
    i64,
)
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    ParsePropInAttrDict,
    irdl_op_definition,
    operand_def,
    prop_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.traits import Pure

from mlc.dialects.mlc_tensor.base import CanonicalizationPatterns, checked_tensor, is_float
from mlc.dialects.verify import expect, fail, fmt, normalize_axis, tensor_type

Shape = tuple[int, ...]


def i64_array(values: Sequence[int]) -> DenseArrayBase:
    """An `array<i64: ...>` property from Python ints."""
    return DenseArrayBase.from_list(i64, list(values))


def check_length(op: Operation, what: str, values: Sequence[object], rank: int) -> None:
    """Fail unless the per-dimension option `what` has one entry per operand dimension."""
    if len(values) != rank:
        raise fail(op, f"expected {what} of length {rank} (the operand rank), got {fmt(values)}")


def check_sizes(op: Operation, shape: Sequence[int]) -> None:
    """Fail on a negative size given to a builder (-1 is resolved before this point)."""
    if any(d < 0 for d in shape):
        raise fail(op, f"expected non-negative sizes, got {fmt(shape)}")


def check_axis(op: Operation, axis: int, rank: int) -> None:
    """Fail unless the IR axis is in [0, rank) of an operand of rank >= 1."""
    if rank == 0:
        raise fail(op, "expected an operand of rank >= 1, got rank 0")
    if not 0 <= axis < rank:
        raise fail(op, f"expected axis in [0, {rank}), got {axis}")


def shape_of(op: Operation, value: SSAValue, what: str = "operand") -> Shape:
    """The static shape of a builder's operand, or the op's failure naming `what`."""
    return tensor_type(op, what, value.type).get_shape()


def with_shape(value: SSAValue, shape: Sequence[int]) -> TensorType:
    """The tensor type with the element type of `value` (checked by `shape_of`) and `shape`."""
    assert isinstance(value.type, TensorType)
    return TensorType(value.type.get_element_type(), shape)


class ShapeOp(IRDLOperation, abc.ABC):
    """Base of the one-operand data-movement ops: same element type, shape given by the options."""

    # Any type in IRDL: verify_ checks, so that even a non-tensor gets an mlc_tensor message.
    input = operand_def()
    result = result_def()

    traits = traits_def(Pure(), CanonicalizationPatterns())
    irdl_options = (ParsePropInAttrDict(),)

    assembly_format = "$input attr-dict `:` type($input) `->` type($result)"

    @abc.abstractmethod
    def check_shapes(self, input_shape: Shape, result_shape: Shape) -> None:
        """Fail unless `result_shape` is what the options make of `input_shape`."""

    def verify_(self) -> None:
        typ = checked_tensor(self, "operand", self.input)
        result = tensor_type(self, "result", self.result.type)
        expect(self, "result element type", typ.get_element_type(), result.get_element_type())
        self.check_shapes(typ.get_shape(), result.get_shape())


@irdl_op_definition
class ReshapeOp(ShapeOp):
    """Row-major reshape to the static shape of the result type; the element count is kept."""

    name = "mlc_tensor.reshape"

    def __init__(self, input: SSAValue, shape: Sequence[int]):
        """Reshape to `shape`; one entry may be -1 (numpy/torch), inferred from the size."""
        count = math.prod(shape_of(self, input))
        shape = list(shape)
        if shape.count(-1) > 1:
            raise fail(self, f"expected at most one -1 in shape, got {fmt(shape)}")
        if -1 in shape:
            known = math.prod(d for d in shape if d != -1)
            if known == 0 or count % known:
                raise fail(
                    self,
                    f"expected the sizes besides -1 in {fmt(shape)} to divide the element "
                    f"count {count}, got their product {known}",
                )
            shape[shape.index(-1)] = count // known
        check_sizes(self, shape)
        super().__init__(operands=[input], result_types=[with_shape(input, shape)])

    def check_shapes(self, input_shape: Shape, result_shape: Shape) -> None:
        expect(self, "result element count", math.prod(input_shape), math.prod(result_shape))


@irdl_op_definition
class TransposeOp(ShapeOp):
    """Permute dimensions (torch permute, numpy transpose): result dim i is operand dim perm[i]."""

    name = "mlc_tensor.transpose"

    perm = prop_def(DenseArrayBase.constr(i64))

    def __init__(self, input: SSAValue, perm: Sequence[int]):
        """Transpose by `perm`; negative entries count from the last dimension (torch permute)."""
        shape = shape_of(self, input)
        check_length(self, "perm", perm, len(shape))
        perm = [normalize_axis(self, p, len(shape), "perm entries") for p in perm]
        shape = self.permuted(shape, perm)
        super().__init__(
            operands=[input],
            properties={"perm": i64_array(perm)},
            result_types=[with_shape(input, shape)],
        )

    def permuted(self, shape: Shape, perm: Sequence[int]) -> Shape:
        """`shape` permuted by `perm`, failing unless perm is a permutation of 0..rank-1."""
        rank = len(shape)
        check_length(self, "perm", perm, rank)
        if any(not 0 <= p < rank for p in perm):
            raise fail(self, f"expected perm entries in [0, {rank}), got {fmt(perm)}")
        if len(set(perm)) != rank:
            raise fail(
                self,
                f"expected perm to be a permutation of {fmt(list(range(rank)))}, got {fmt(perm)}",
            )
        return tuple(shape[p] for p in perm)

    def check_shapes(self, input_shape: Shape, result_shape: Shape) -> None:
        expected = self.permuted(input_shape, self.perm.get_values())
        expect(self, "result shape", expected, result_shape)


@irdl_op_definition
class BroadcastToOp(ShapeOp):
    """numpy broadcast_to (and torch expand): add leading dims, stretch size-1 dims."""

    name = "mlc_tensor.broadcast_to"

    def __init__(self, input: SSAValue, shape: Sequence[int]):
        """Broadcast to `shape` with numpy semantics."""
        operand_shape = shape_of(self, input)
        check_sizes(self, shape)
        self.check_shapes(operand_shape, tuple(shape))
        super().__init__(operands=[input], result_types=[with_shape(input, shape)])

    @classmethod
    def expand(cls, input: SSAValue, sizes: Sequence[int]) -> "BroadcastToOp":
        """torch.Tensor.expand: broadcast_to where -1 keeps the size of an existing dimension.

        expand is not a separate op because, once -1 is resolved, its meaning is exactly
        numpy's broadcast_to (new leading dims, size-1 dims stretch, other dims must match).
        A -1 in a new leading dimension is an error, as in torch.
        """
        if not isinstance(input.type, TensorType):
            return cls(input, sizes)  # fails, naming the operand's type
        shape = input.type.get_shape()
        offset = len(sizes) - len(shape)
        resolved = [
            shape[i - offset] if size == -1 and i >= offset else size
            for i, size in enumerate(sizes)
        ]
        return cls(input, resolved)

    def check_shapes(self, input_shape: Shape, result_shape: Shape) -> None:
        offset = len(result_shape) - len(input_shape)
        if offset < 0:
            raise fail(
                self,
                f"expected result rank >= operand rank {len(input_shape)}, "
                f"got {len(result_shape)}",
            )
        for i, d in enumerate(input_shape):
            if d not in (1, result_shape[i + offset]):
                raise fail(
                    self,
                    f"expected operand shape {fmt(input_shape)} to broadcast to "
                    f"{fmt(result_shape)}, got operand dimension {i} of size {d} "
                    f"against {result_shape[i + offset]}",
                )


@irdl_op_definition
class SliceOp(ShapeOp):
    """Strided slice: dimension i keeps start[i], start[i]+step[i], ... below limit[i]."""

    name = "mlc_tensor.slice"

    start = prop_def(DenseArrayBase.constr(i64))
    limit = prop_def(DenseArrayBase.constr(i64))
    step = prop_def(DenseArrayBase.constr(i64))

    def __init__(
        self,
        input: SSAValue,
        start: Sequence[int | None],
        limit: Sequence[int | None],
        step: Sequence[int] | None = None,
    ):
        """Slice like Python/torch/jnp `x[start:limit:step]` per dimension (None = open end).

        Negative start/limit count from the end of the dimension and out-of-range values
        are clamped to [0, size], exactly as Python's `slice.indices` (which torch's
        aten.slice and jnp indexing follow); a limit below start gives an empty dimension.
        The IR holds the normalized 0 <= start <= limit <= size. Steps must be >= 1.
        """
        shape = shape_of(self, input)
        step = [1] * len(shape) if step is None else list(step)
        self.check_options(len(shape), start, limit, step)
        bounds = [slice(s, l, st).indices(d)[:2] for s, l, st, d in zip(start, limit, step, shape)]
        start = [s for s, _ in bounds]
        limit = [max(s, l) for s, l in bounds]
        super().__init__(
            operands=[input],
            properties={
                "start": i64_array(start),
                "limit": i64_array(limit),
                "step": i64_array(step),
            },
            result_types=[with_shape(input, self.sliced(shape, start, limit, step))],
        )

    def check_options(
        self, rank: int, start: Sequence[object], limit: Sequence[object], step: Sequence[int]
    ) -> None:
        """Fail unless there is one start, limit and step per dimension and every step is >= 1."""
        for what, values in (("start", start), ("limit", limit), ("step", step)):
            check_length(self, what, values, rank)
        # Reversing slices (step < 0) are not expressed by this op.
        if any(s < 1 for s in step):
            raise fail(self, f"expected step entries >= 1, got {fmt(step)}")

    def sliced(
        self, shape: Shape, start: Sequence[int], limit: Sequence[int], step: Sequence[int]
    ) -> Shape:
        """The result shape, failing unless 0 <= start <= limit <= size in every dimension."""
        for i, (s, l, d) in enumerate(zip(start, limit, shape)):
            if not 0 <= s <= l <= d:
                raise fail(
                    self,
                    f"expected 0 <= start <= limit <= {d} in dimension {i}, "
                    f"got start {s}, limit {l}",
                )
        return tuple(-(-(l - s) // st) for s, l, st in zip(start, limit, step))

    def check_shapes(self, input_shape: Shape, result_shape: Shape) -> None:
        start, limit, step = (a.get_values() for a in (self.start, self.limit, self.step))
        self.check_options(len(input_shape), start, limit, step)
        expect(self, "result shape", self.sliced(input_shape, start, limit, step), result_shape)


PAD_MODES = ("constant", "reflect", "replicate")


@irdl_op_definition
class PadOp(ShapeOp):
    """Pad each dimension with low[i] elements before and high[i] after (torch F.pad modes).

    mode `constant` fills with `value`, `reflect` mirrors without repeating the edge
    (numpy 'reflect', so padding must be smaller than the dimension, as in torch), and
    `replicate` repeats the edge element (numpy 'edge'). `value` is an f64 that must be
    exactly representable by an integer element type (0 or 1 for i1).
    """

    name = "mlc_tensor.pad"

    low = prop_def(DenseArrayBase.constr(i64))
    high = prop_def(DenseArrayBase.constr(i64))
    value = prop_def(FloatAttr[Float64Type], default_value=FloatAttr(0.0, f64))
    mode = prop_def(StringAttr, default_value=StringAttr("constant"))

    def __init__(
        self,
        input: SSAValue,
        low: Sequence[int],
        high: Sequence[int],
        value: float = 0.0,
        mode: str = "constant",
    ):
        """Pad by `low`/`high` per dimension in `mode`, filling with `value` in constant mode."""
        shape = self.padded(shape_of(self, input), low, high)
        super().__init__(
            operands=[input],
            properties={
                "low": i64_array(low),
                "high": i64_array(high),
                "value": FloatAttr(float(value), f64),
                "mode": StringAttr(mode),
            },
            result_types=[with_shape(input, shape)],
        )

    def padded(self, shape: Shape, low: Sequence[int], high: Sequence[int]) -> Shape:
        """The padded shape, failing on a length mismatch or a negative amount."""
        for what, values in (("low", low), ("high", high)):
            check_length(self, what, values, len(shape))
            if any(v < 0 for v in values):
                raise fail(self, f"expected {what} entries >= 0, got {fmt(values)}")
        return tuple(lo + d + hi for lo, d, hi in zip(low, shape, high))

    def check_mode(self, shape: Shape, low: Sequence[int], high: Sequence[int]) -> None:
        """Fail on an unknown mode, a value outside constant mode, or padding the mode cannot do."""
        mode, value = self.mode.data, self.value.value.data
        if mode not in PAD_MODES:
            raise fail(self, f"expected mode in {fmt(list(PAD_MODES))}, got '{mode}'")
        if mode != "constant" and value != 0.0:
            raise fail(
                self,
                f"expected value 0.0 with mode '{mode}' (only mode 'constant' uses it), "
                f"got {value}",
            )
        for i, (lo, d, hi) in enumerate(zip(low, shape, high)):
            if mode == "reflect" and 0 < max(lo, hi) >= d:
                raise fail(
                    self,
                    f"expected reflect padding < {d} (the size of dimension {i}), "
                    f"got low {lo}, high {hi}",
                )
            if mode == "replicate" and max(lo, hi) > 0 and d == 0:
                raise fail(
                    self, f"expected dimension {i} of size >= 1 to replicate, got size 0"
                )

    def check_value(self, element_type: Attribute) -> None:
        """Fail unless the fill value is exactly representable by an integer element type."""
        if is_float(element_type):
            return
        assert isinstance(element_type, IntegerType)
        width = element_type.width.data
        lo, hi = (0, 1) if width == 1 else (-(2 ** (width - 1)), 2 ** (width - 1) - 1)
        value = self.value.value.data
        if not (value.is_integer() and lo <= value <= hi):
            raise fail(
                self,
                f"expected value to be an integer in [{lo}, {hi}] for element type "
                f"{element_type}, got {value}",
            )

    def check_shapes(self, input_shape: Shape, result_shape: Shape) -> None:
        low, high = self.low.get_values(), self.high.get_values()
        expect(self, "result shape", self.padded(input_shape, low, high), result_shape)
        self.check_mode(input_shape, low, high)

    def verify_(self) -> None:
        super().verify_()
        self.check_value(checked_tensor(self, "operand", self.input).get_element_type())


@irdl_op_definition
class ConcatOp(IRDLOperation):
    """Concatenate tensors of equal rank and element type along `axis` (torch cat)."""

    name = "mlc_tensor.concat"

    inputs = var_operand_def()
    axis = prop_def(IntegerAttr[I64])
    result = result_def()

    traits = traits_def(Pure(), CanonicalizationPatterns())
    irdl_options = (ParsePropInAttrDict(),)

    assembly_format = "$inputs attr-dict `:` type($inputs) `->` type($result)"

    def __init__(self, inputs: Sequence[SSAValue], axis: int):
        """Concatenate `inputs` along `axis`; a negative axis counts from the last dimension."""
        if not inputs:
            raise fail(self, "expected at least one operand, got 0")
        shapes = [shape_of(self, v, f"operand #{i}") for i, v in enumerate(inputs)]
        axis = normalize_axis(self, axis, len(shapes[0]))
        shape = self.concatenated(shapes, axis)
        super().__init__(
            operands=[inputs],
            properties={"axis": IntegerAttr(axis, i64)},
            result_types=[with_shape(inputs[0], shape)],
        )

    def concatenated(self, shapes: Sequence[Shape], axis: int) -> Shape:
        """The result shape, failing on a rank or non-axis size differing from operand #0."""
        first = shapes[0]
        check_axis(self, axis, len(first))
        for i, shape in enumerate(shapes[1:], start=1):
            expect(self, f"operand #{i} rank", len(first), len(shape))
            for d, (a, b) in enumerate(zip(first, shape)):
                if d != axis and a != b:
                    raise fail(
                        self,
                        f"expected operand #{i} dimension {d} of size {a} (as operand #0), "
                        f"got {b}",
                    )
        return tuple(
            sum(s[axis] for s in shapes) if d == axis else size for d, size in enumerate(first)
        )

    def verify_(self) -> None:
        if not self.inputs:
            raise fail(self, "expected at least one operand, got 0")
        types = [checked_tensor(self, f"operand #{i}", v) for i, v in enumerate(self.inputs)]
        element = types[0].get_element_type()
        for i, typ in enumerate(types[1:], start=1):
            expect(self, f"operand #{i} element type", element, typ.get_element_type())
        shape = self.concatenated([t.get_shape() for t in types], self.axis.value.data)
        expect(self, "result type", TensorType(element, shape), self.result.type)


INDEX_WIDTHS = (32, 64)


def checked_indices(op: Operation, value: SSAValue) -> TensorType:
    """The static type of an index operand, failing unless its elements are i32 or i64."""
    indices = tensor_type(op, "indices", value.type)
    element = indices.get_element_type()
    if not (
        isinstance(element, IntegerType)
        and element.width.data in INDEX_WIDTHS
        and element.signedness.data.name == "SIGNLESS"
    ):
        raise fail(op, f"expected indices element type i32 or i64, got {element}")
    return indices


@irdl_op_definition
class GatherOp(IRDLOperation):
    """numpy.take along `axis`: result shape = input[:axis] + indices + input[axis+1:].

    Out-of-range indices are clamped to [0, size - 1] (numpy take mode='clip', as XLA's
    gather does): the result is defined for every index and a kernel needs no error
    path. Negative indices therefore read element 0; a frontend whose source wraps
    negative indices (torch/jnp advanced indexing) adds size to them first.
    """

    name = "mlc_tensor.gather"

    input = operand_def()
    indices = operand_def()
    axis = prop_def(IntegerAttr[I64])
    result = result_def()

    traits = traits_def(Pure())
    irdl_options = (ParsePropInAttrDict(),)

    assembly_format = (
        "$input `,` $indices attr-dict `:` type($input) `,` type($indices) `->` type($result)"
    )

    def __init__(self, input: SSAValue, indices: SSAValue, axis: int):
        """Gather along `axis`; a negative axis counts from the last dimension."""
        shape = shape_of(self, input)
        axis = normalize_axis(self, axis, len(shape))
        shape = self.gathered(shape, shape_of(self, indices, "indices"), axis)
        super().__init__(
            operands=[input, indices],
            properties={"axis": IntegerAttr(axis, i64)},
            result_types=[with_shape(input, shape)],
        )

    @classmethod
    def embedding(cls, table: SSAValue, indices: SSAValue) -> "GatherOp":
        """Embedding lookup (torch F.embedding, a [V, D] table): exactly gather on axis 0.

        The result is indices.shape + [D]; it is not a separate op because the lookup is
        numpy.take(table, indices, axis=0), so passes and kernels handle one op.
        """
        return cls(table, indices, 0)

    def gathered(self, shape: Shape, indices_shape: Shape, axis: int) -> Shape:
        """The result shape, failing on a bad axis or a non-empty take from an empty axis."""
        check_axis(self, axis, len(shape))
        if shape[axis] == 0 and math.prod(indices_shape) > 0:
            raise fail(
                self, f"expected a non-empty dimension {axis} to gather from, got size 0"
            )
        return shape[:axis] + indices_shape + shape[axis + 1 :]

    def verify_(self) -> None:
        typ = checked_tensor(self, "operand", self.input)
        indices = checked_indices(self, self.indices)
        shape = self.gathered(typ.get_shape(), indices.get_shape(), self.axis.value.data)
        expect(self, "result type", TensorType(typ.get_element_type(), shape), self.result.type)


class ScatterLikeOp(IRDLOperation, abc.ABC):
    """Base of scatter and scatter_add: torch.Tensor.scatter(axis, indices, updates) on a copy.

    `indices` and `updates` have one shape, of the operand's rank, no larger than the
    operand in the dimensions other than `axis`. Each position p of `indices` targets the
    operand position p with p[axis] replaced by indices[p] (numpy.put_along_axis). As in
    gather, indices are clamped to [0, size - 1]; a frontend that drops out-of-range
    updates (XLA FILL_OR_DROP) redirects them to a padding slot it slices off afterwards.
    """

    ALLOW_I1: ClassVar[bool] = True
    """Whether i1 operands are accepted (scatter); an i1 sum is not."""

    input = operand_def()
    indices = operand_def()
    updates = operand_def()
    axis = prop_def(IntegerAttr[I64])
    result = result_def()

    traits = traits_def(Pure())
    irdl_options = (ParsePropInAttrDict(),)

    assembly_format = (
        "$input `,` $indices `,` $updates attr-dict `:` "
        "type($input) `,` type($indices) `,` type($updates) `->` type($result)"
    )

    def __init__(self, input: SSAValue, indices: SSAValue, updates: SSAValue, axis: int):
        """Scatter `updates` into `input` along `axis` (negative counts from the end)."""
        axis = normalize_axis(self, axis, len(shape_of(self, input)))
        super().__init__(
            operands=[input, indices, updates],
            properties={"axis": IntegerAttr(axis, i64)},
            result_types=[input.type],
        )

    def verify_(self) -> None:
        typ = checked_tensor(self, "operand", self.input, allow_i1=self.ALLOW_I1)
        indices = checked_indices(self, self.indices)
        updates = checked_tensor(self, "updates", self.updates)
        shape, index_shape = typ.get_shape(), indices.get_shape()
        axis = self.axis.value.data
        check_axis(self, axis, len(shape))
        expect(self, "updates element type", typ.get_element_type(), updates.get_element_type())
        expect(self, "indices rank", len(shape), len(index_shape))
        expect(self, "updates shape", index_shape, updates.get_shape())
        for d, (n, size) in enumerate(zip(index_shape, shape)):
            if d != axis and n > size:
                raise fail(
                    self,
                    f"expected indices dimension {d} of size <= {size} (the operand's), got {n}",
                )
        if shape[axis] == 0 and math.prod(index_shape) > 0:
            raise fail(self, f"expected a non-empty dimension {axis} to scatter into, got size 0")
        expect(self, "result type", typ, self.result.type)


@irdl_op_definition
class ScatterOp(ScatterLikeOp):
    """A copy of the operand with `updates` written at `indices` along `axis`; the last write wins.

    "Last" is the row-major order of the positions of `indices`.
    """

    name = "mlc_tensor.scatter"


@irdl_op_definition
class ScatterAddOp(ScatterLikeOp):
    """A copy of the operand plus `updates` added at `indices` along `axis`; duplicates accumulate.

    Floats accumulate in f32 in the row-major order of `indices` and round once to the
    result type; integers wrap in their width.
    """

    name = "mlc_tensor.scatter_add"
    ALLOW_I1: ClassVar[bool] = False


OPS = [
    ReshapeOp,
    TransposeOp,
    BroadcastToOp,
    SliceOp,
    PadOp,
    ConcatOp,
    GatherOp,
    ScatterOp,
    ScatterAddOp,
]

__all__ = [
    "BroadcastToOp",
    "ConcatOp",
    "GatherOp",
    "PadOp",
    "ReshapeOp",
    "ScatterAddOp",
    "ScatterLikeOp",
    "ScatterOp",
    "SliceOp",
    "TransposeOp",
]
