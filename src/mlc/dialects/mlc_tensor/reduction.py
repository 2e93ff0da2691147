"""mlc_tensor reductions: sum, mean, max, min and argmax over a list of axes, with keepdim."""

import abc
from collections.abc import Sequence
from typing import ClassVar

from xdsl.dialects.builtin import DenseArrayBase, TensorType, UnitAttr, i64
from xdsl.ir import Attribute, SSAValue
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
from mlc.dialects.verify import expect, fail, fmt, normalize_axis, tensor_type


def reduced_shape(shape: Sequence[int], axes: Sequence[int], keepdim: bool) -> tuple[int, ...]:
    """The shape left by reducing `axes` (non-negative): dropped, or kept as 1 with `keepdim`."""
    if keepdim:
        return tuple(1 if i in axes else d for i, d in enumerate(shape))
    return tuple(d for i, d in enumerate(shape) if i not in axes)


class ReductionOp(IRDLOperation, abc.ABC):
    """Base of the reductions: `axes` (sorted, unique, non-negative) are removed or kept as 1."""

    FLOAT_ONLY: ClassVar[bool] = False
    """Only f32/f16/bf16 operands (mean); else integers too."""
    ALLOW_I1: ClassVar[bool] = True
    """Whether i1 operands are accepted (max, min, argmax); a sum of booleans is not."""
    NEEDS_ELEMENTS: ClassVar[bool] = False
    """Whether reducing an empty dimension is undefined (max, min, argmax have no identity)."""

    input = operand_def()
    result = result_def()
    axes = prop_def()
    keepdim = opt_prop_def(UnitAttr)

    traits = traits_def(Pure())
    irdl_options = (ParsePropInAttrDict(),)

    assembly_format = "$input attr-dict `:` type($input) `->` type($result)"

    def __init__(
        self,
        input: SSAValue,
        axes: int | Sequence[int] | None = None,
        keepdim: bool = False,
        result_type: Attribute | None = None,
    ):
        """Reduce `axes` of `input` (negative axes count from the end; None: every axis)."""
        typ = tensor_type(self, "operand", input.type)
        shape = typ.get_shape()
        if axes is None:
            axes = range(len(shape))
        elif isinstance(axes, int):
            axes = [axes]
        normalized = sorted(normalize_axis(self, a, len(shape)) for a in axes)
        if result_type is None:
            element = self.result_element_type(typ.get_element_type())
            result_type = TensorType(element, reduced_shape(shape, normalized, keepdim))
        super().__init__(
            operands=[input],
            result_types=[result_type],
            properties={
                "axes": DenseArrayBase.from_list(i64, normalized),
                **({"keepdim": UnitAttr()} if keepdim else {}),
            },
        )

    @classmethod
    def result_element_type(cls, operand_element: Attribute) -> Attribute:
        """The element type of the result given the operand's (the same, except argmax)."""
        return operand_element

    def axes_values(self) -> tuple[int, ...]:
        """The reduced axes as Python ints."""
        return tuple(self.axes.get_values())

    def keeps_dims(self) -> bool:
        """Whether reduced axes stay in the result as size-1 dimensions."""
        return self.keepdim is not None

    def verify_axes(self, axes: tuple[int, ...]) -> None:
        """Leaf-specific constraints on the (already valid) axes; argmax wants exactly one."""

    def verify_(self) -> None:
        typ = checked_tensor(
            self, "operand", self.input, float_only=self.FLOAT_ONLY, allow_i1=self.ALLOW_I1
        )
        if not isinstance(self.axes, DenseArrayBase):
            raise fail(self, f"expected axes to be an array<i64: ...>, got {self.axes}")
        expect(self, "axes element type", i64, self.axes.get_element_type())
        shape, axes = typ.get_shape(), self.axes_values()
        if list(axes) != sorted(set(axes)) or any(not 0 <= a < len(shape) for a in axes):
            raise fail(
                self,
                f"expected axes sorted, unique and in [0, {len(shape)}), got {fmt(list(axes))}",
            )
        self.verify_axes(axes)
        empty = [a for a in axes if shape[a] == 0]
        if self.NEEDS_ELEMENTS and empty:
            raise fail(
                self, f"expected non-empty reduced dimensions, got size 0 on axis {empty[0]}"
            )
        element = self.result_element_type(typ.get_element_type())
        expected = TensorType(element, reduced_shape(shape, axes, self.keeps_dims()))
        expect(self, "result type", expected, self.result.type)


@irdl_op_definition
class ReduceSumOp(ReductionOp):
    """Sum over axes; floats accumulate in f32, integers wrap in the operand's width."""

    name = "mlc_tensor.reduce_sum"
    ALLOW_I1: ClassVar[bool] = False


@irdl_op_definition
class ReduceMeanOp(ReductionOp):
    """Arithmetic mean over axes, accumulated in f32."""

    name = "mlc_tensor.reduce_mean"
    FLOAT_ONLY: ClassVar[bool] = True


@irdl_op_definition
class ReduceMaxOp(ReductionOp):
    """Maximum over axes (NaN propagates)."""

    name = "mlc_tensor.reduce_max"
    NEEDS_ELEMENTS: ClassVar[bool] = True


@irdl_op_definition
class ReduceMinOp(ReductionOp):
    """Minimum over axes (NaN propagates)."""

    name = "mlc_tensor.reduce_min"
    NEEDS_ELEMENTS: ClassVar[bool] = True


@irdl_op_definition
class ArgmaxOp(ReductionOp):
    """i64 index of the maximum along one axis; the first index wins ties."""

    name = "mlc_tensor.argmax"
    NEEDS_ELEMENTS: ClassVar[bool] = True

    def __init__(
        self,
        input: SSAValue,
        axis: int,
        keepdim: bool = False,
        result_type: Attribute | None = None,
    ):
        """Argmax of `input` along `axis` (negative counts from the end)."""
        super().__init__(input, [axis], keepdim, result_type)

    @classmethod
    def result_element_type(cls, operand_element: Attribute) -> Attribute:
        return i64

    def keeps_dims(self) -> bool:
        """Whether reduced axes stay in the result as size-1 dimensions."""
        return self.keepdim is not None

    def verify_axes(self, axes: tuple[int, ...]) -> None:
        if len(axes) != 1:
            raise fail(self, f"expected exactly one axis, got {fmt(list(axes))}")


OPS = [ReduceSumOp, ReduceMeanOp, ReduceMaxOp, ReduceMinOp, ArgmaxOp]
