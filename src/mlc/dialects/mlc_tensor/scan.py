"""mlc_tensor ops that order or scan along an axis: cumsum/cumprod/cummax/cummin, sort, topk, reverse.

Ordering is total and deterministic, so the interpreter is an exact specification:
every sort is stable (equal keys keep their operand order; -0.0 equals 0.0), NaN orders
above +inf (last ascending, first descending, among the k largest), and the i64 indices
say where along the axis each value came from.
"""

import abc
from collections.abc import Sequence
from typing import ClassVar

from xdsl.dialects.builtin import (
    I64,
    BoolAttr,
    DenseArrayBase,
    IntegerAttr,
    TensorType,
    UnitAttr,
    i64,
)
from xdsl.ir import SSAValue
from xdsl.irdl import (
    IRDLOperation,
    ParsePropInAttrDict,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    prop_def,
    result_def,
    traits_def,
)
from xdsl.traits import Pure

from mlc.dialects.mlc_tensor.base import checked_tensor
from mlc.dialects.mlc_tensor.shape import Shape, ShapeOp, check_axis, i64_array, shape_of
from mlc.dialects.verify import expect, fail, fmt, normalize_axis


class CumulativeOp(IRDLOperation, abc.ABC):
    """Base of the running reductions: result[i] reduces operand[0..i] along `axis`.

    `reverse` runs from the end (result[i] reduces operand[i..n-1]); `exclusive` leaves
    operand[i] itself out, so the first element is the identity (0, 1, the lowest value,
    the highest value). Result type = operand type.
    """

    ALLOW_I1: ClassVar[bool] = True
    """Whether i1 operands are accepted (cummax, cummin); a running sum of booleans is not."""

    input = operand_def()
    result = result_def()
    axis = prop_def(IntegerAttr[I64])
    reverse = opt_prop_def(UnitAttr)
    exclusive = opt_prop_def(UnitAttr)

    traits = traits_def(Pure())
    irdl_options = (ParsePropInAttrDict(),)

    assembly_format = "$input attr-dict `:` type($input) `->` type($result)"

    def __init__(
        self, input: SSAValue, axis: int, reverse: bool = False, exclusive: bool = False
    ):
        """Scan `input` along `axis` (negative counts from the end)."""
        axis = normalize_axis(self, axis, len(shape_of(self, input)))
        super().__init__(
            operands=[input],
            result_types=[input.type],
            properties={
                "axis": IntegerAttr(axis, i64),
                **({"reverse": UnitAttr()} if reverse else {}),
                **({"exclusive": UnitAttr()} if exclusive else {}),
            },
        )

    def verify_(self) -> None:
        typ = checked_tensor(self, "operand", self.input, allow_i1=self.ALLOW_I1)
        check_axis(self, self.axis.value.data, len(typ.get_shape()))
        expect(self, "result type", typ, self.result.type)


@irdl_op_definition
class CumsumOp(CumulativeOp):
    """Running sum along `axis`; floats accumulate in f32, integers wrap in their width."""

    name = "mlc_tensor.cumsum"
    ALLOW_I1: ClassVar[bool] = False


@irdl_op_definition
class CumprodOp(CumulativeOp):
    """Running product along `axis`; floats accumulate in f32, integers wrap in their width."""

    name = "mlc_tensor.cumprod"
    ALLOW_I1: ClassVar[bool] = False


@irdl_op_definition
class CummaxOp(CumulativeOp):
    """Running maximum along `axis` (NaN propagates; i1: running or)."""

    name = "mlc_tensor.cummax"


@irdl_op_definition
class CumminOp(CumulativeOp):
    """Running minimum along `axis` (NaN propagates; i1: running and)."""

    name = "mlc_tensor.cummin"


def indices_type(typ: TensorType, shape: Shape | None = None) -> TensorType:
    """The i64 index tensor with `typ`'s shape (or `shape`)."""
    return TensorType(i64, typ.get_shape() if shape is None else shape)


@irdl_op_definition
class SortOp(IRDLOperation):
    """Stable sort along `axis` (ascending, or `descending`): the values and their i64 indices."""

    name = "mlc_tensor.sort"

    input = operand_def()
    values = result_def()
    indices = result_def()
    axis = prop_def(IntegerAttr[I64])
    descending = opt_prop_def(UnitAttr)

    traits = traits_def(Pure())
    irdl_options = (ParsePropInAttrDict(),)

    assembly_format = "$input attr-dict `:` type($input) `->` type($values) `,` type($indices)"

    def __init__(self, input: SSAValue, axis: int = -1, descending: bool = False):
        """Sort `input` along `axis` (negative counts from the end)."""
        axis = normalize_axis(self, axis, len(shape_of(self, input)))
        assert isinstance(input.type, TensorType)
        super().__init__(
            operands=[input],
            result_types=[input.type, indices_type(input.type)],
            properties={
                "axis": IntegerAttr(axis, i64),
                **({"descending": UnitAttr()} if descending else {}),
            },
        )

    def verify_(self) -> None:
        typ = checked_tensor(self, "operand", self.input)
        check_axis(self, self.axis.value.data, len(typ.get_shape()))
        expect(self, "values type", typ, self.values.type)
        expect(self, "indices type", indices_type(typ), self.indices.type)


@irdl_op_definition
class TopkOp(IRDLOperation):
    """The k largest (or, with largest = false, smallest) along `axis`, in order, with i64 indices.

    Equal values come lowest index first; NaN counts as the largest value. The result is
    the first k of a stable descending (ascending) sort.
    """

    name = "mlc_tensor.topk"

    input = operand_def()
    values = result_def()
    indices = result_def()
    k = prop_def(IntegerAttr[I64])
    axis = prop_def(IntegerAttr[I64])
    largest = prop_def(BoolAttr, default_value=BoolAttr.from_bool(True))

    traits = traits_def(Pure())
    irdl_options = (ParsePropInAttrDict(),)

    assembly_format = "$input attr-dict `:` type($input) `->` type($values) `,` type($indices)"

    def __init__(self, input: SSAValue, k: int, axis: int = -1, largest: bool = True):
        """Top `k` of `input` along `axis` (negative counts from the end)."""
        shape = shape_of(self, input)
        axis = normalize_axis(self, axis, len(shape))
        shape = self.selected(shape, k, axis)
        assert isinstance(input.type, TensorType)
        values = TensorType(input.type.get_element_type(), shape)
        super().__init__(
            operands=[input],
            result_types=[values, indices_type(values)],
            properties={
                "k": IntegerAttr(k, i64),
                "axis": IntegerAttr(axis, i64),
                "largest": BoolAttr.from_bool(largest),
            },
        )

    def selected(self, shape: Shape, k: int, axis: int) -> Shape:
        """The result shape: `shape` with `axis` cut to k, failing unless 0 <= k <= its size."""
        check_axis(self, axis, len(shape))
        if not 0 <= k <= shape[axis]:
            raise fail(self, f"expected k in [0, {shape[axis]}] (the size of axis {axis}), got {k}")
        return tuple(k if i == axis else d for i, d in enumerate(shape))

    def verify_(self) -> None:
        typ = checked_tensor(self, "operand", self.input)
        shape = self.selected(typ.get_shape(), self.k.value.data, self.axis.value.data)
        expect(self, "values type", TensorType(typ.get_element_type(), shape), self.values.type)
        expect(self, "indices type", indices_type(typ, shape), self.indices.type)


@irdl_op_definition
class ReverseOp(ShapeOp):
    """Reverse the order of elements along each of `axes` (torch flip, jax rev)."""

    name = "mlc_tensor.reverse"

    axes = prop_def(DenseArrayBase.constr(i64))

    def __init__(self, input: SSAValue, axes: Sequence[int]):
        """Reverse `axes` (negative counts from the end; stored sorted and unique)."""
        rank = len(shape_of(self, input))
        axes = sorted({normalize_axis(self, a, rank) for a in axes})
        super().__init__(
            operands=[input], result_types=[input.type], properties={"axes": i64_array(axes)}
        )

    def check_shapes(self, input_shape: Shape, result_shape: Shape) -> None:
        axes = list(self.axes.get_values())
        if axes != sorted(set(axes)) or any(not 0 <= a < len(input_shape) for a in axes):
            raise fail(
                self,
                f"expected axes sorted, unique and in [0, {len(input_shape)}), got {fmt(axes)}",
            )
        expect(self, "result shape", input_shape, result_shape)


OPS = [CumsumOp, CumprodOp, CummaxOp, CumminOp, SortOp, TopkOp, ReverseOp]

__all__ = [
    "CumminOp",
    "CummaxOp",
    "CumprodOp",
    "CumsumOp",
    "CumulativeOp",
    "ReverseOp",
    "SortOp",
    "TopkOp",
]
