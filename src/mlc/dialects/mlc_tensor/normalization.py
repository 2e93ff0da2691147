"""mlc_tensor normalizations: softmax and log_softmax, layer_norm, batch_norm (inference)."""

import abc
import math
from collections.abc import Sequence
from typing import ClassVar

from xdsl.dialects.builtin import FloatAttr, IntegerAttr, TensorType, f64, i64
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.irdl import (
    AttrSizedOperandSegments,
    IRDLOperation,
    ParsePropInAttrDict,
    irdl_op_definition,
    operand_def,
    opt_operand_def,
    prop_def,
    result_def,
    traits_def,
)
from xdsl.traits import Pure

from mlc.dialects.mlc_tensor.base import checked_tensor
from mlc.dialects.verify import expect, fail, fmt, normalize_axis, tensor_type

DEFAULT_EPSILON = 1e-5


def int_property(op: Operation, what: str, attr: Attribute) -> int:
    """The value of an i64 integer property, or fail naming it."""
    if not isinstance(attr, IntegerAttr) or attr.type != i64:
        raise fail(op, f"expected {what} to be an i64 integer, got {attr}")
    return attr.value.data


def epsilon_property(op: Operation, attr: Attribute) -> float:
    """The value of an `epsilon` property: an f64 that is finite and non-negative."""
    if not isinstance(attr, FloatAttr) or attr.type != f64:
        raise fail(op, f"expected epsilon to be an f64 float, got {attr}")
    value = attr.value.data
    if not (math.isfinite(value) and value >= 0):
        raise fail(op, f"expected epsilon to be finite and >= 0, got {value}")
    return value


def verify_axis_in_range(op: Operation, axis: int, rank: int) -> None:
    """IR axes are stored normalized: fail unless 0 <= axis < rank."""
    if not 0 <= axis < rank:
        raise fail(op, f"expected axis in [0, {rank}), got {axis}")


class SoftmaxFamilyOp(IRDLOperation, abc.ABC):
    """Base of softmax and log_softmax along one non-negative `axis`; result type = input type."""

    input = operand_def()
    result = result_def()
    axis = prop_def()

    traits = traits_def(Pure())
    irdl_options = (ParsePropInAttrDict(),)

    assembly_format = "$input attr-dict `:` type($input) `->` type($result)"

    def __init__(self, input: SSAValue, axis: int = -1, result_type: Attribute | None = None):
        """Normalize over `axis` of `input` (negative counts from the end)."""
        rank = tensor_type(self, "operand", input.type).get_num_dims()
        super().__init__(
            operands=[input],
            result_types=[result_type or input.type],
            properties={"axis": IntegerAttr(normalize_axis(self, axis, rank), i64)},
        )

    def axis_value(self) -> int:
        """The normalized axis as a Python int."""
        return self.axis.value.data

    def verify_(self) -> None:
        typ = checked_tensor(self, "operand", self.input, float_only=True)
        verify_axis_in_range(self, int_property(self, "axis", self.axis), typ.get_num_dims())
        expect(self, "result type", typ, self.result.type)


@irdl_op_definition
class SoftmaxOp(SoftmaxFamilyOp):
    """exp(x - max) / sum(exp(x - max)) along `axis`, computed in f32."""

    name = "mlc_tensor.softmax"


@irdl_op_definition
class LogSoftmaxOp(SoftmaxFamilyOp):
    """(x - max) - log(sum(exp(x - max))) along `axis`, computed in f32."""

    name = "mlc_tensor.log_softmax"


class NormalizationOp(IRDLOperation, abc.ABC):
    """Base of layer_norm and batch_norm: a float input, parameters of one type, an f64 epsilon.

    Leaves declare `input` and the PARAMETERS operands (optional ones may be absent).
    """

    PARAMETERS: ClassVar[tuple[str, ...]]

    result = result_def()
    epsilon = prop_def(default_value=FloatAttr(DEFAULT_EPSILON, f64))

    traits = traits_def(Pure())

    @abc.abstractmethod
    def parameter_type(self, typ: TensorType) -> TensorType:
        """The type of every parameter for input type `typ`, after checking the op's own options."""

    def verify_(self) -> None:
        typ = checked_tensor(self, "operand", self.input, float_only=True)
        parameter = self.parameter_type(typ)
        epsilon_property(self, self.epsilon)
        for what in self.PARAMETERS:
            value = getattr(self, what)
            if value is not None:
                expect(self, f"{what} type", parameter, value.type)
        expect(self, "result type", typ, self.result.type)


@irdl_op_definition
class LayerNormOp(NormalizationOp):
    """(x - mean) / sqrt(biased var + epsilon) * weight + bias over the trailing dimensions."""

    name = "mlc_tensor.layer_norm"
    PARAMETERS: ClassVar[tuple[str, ...]] = ("weight", "bias")

    input = operand_def()
    weight = opt_operand_def()
    bias = opt_operand_def()
    normalized_rank = prop_def(default_value=IntegerAttr(1, i64))

    irdl_options = (AttrSizedOperandSegments(as_property=True), ParsePropInAttrDict())

    assembly_format = (
        "$input (`weight` `(` $weight^ `:` type($weight) `)`)? "
        "(`bias` `(` $bias^ `:` type($bias) `)`)? attr-dict `:` type($input) `->` type($result)"
    )

    def __init__(
        self,
        input: SSAValue,
        weight: SSAValue | None = None,
        bias: SSAValue | None = None,
        *,
        normalized_rank: int | None = None,
        normalized_shape: Sequence[int] | None = None,
        epsilon: float = DEFAULT_EPSILON,
        result_type: Attribute | None = None,
    ):
        """Normalize the trailing `normalized_rank` dims, or those matching `normalized_shape`.

        Without either, the rank of `weight` (else `bias`, else 1) is used, as in PyTorch.
        """
        shape = tensor_type(self, "operand", input.type).get_shape()
        if normalized_shape is not None:
            trailing = shape[max(0, len(shape) - len(normalized_shape)) :]
            if tuple(normalized_shape) != trailing:
                raise fail(
                    self,
                    f"expected normalized shape {fmt(list(trailing))} (trailing dimensions of "
                    f"the operand), got {fmt(list(normalized_shape))}",
                )
            normalized_rank = len(normalized_shape)
        elif normalized_rank is None:
            param = weight if weight is not None else bias
            if param is None:
                normalized_rank = 1
            else:
                normalized_rank = tensor_type(self, "weight", param.type).get_num_dims()
        super().__init__(
            operands=[input, weight, bias],
            result_types=[result_type or input.type],
            properties={
                "normalized_rank": IntegerAttr(normalized_rank, i64),
                "epsilon": FloatAttr(epsilon, f64),
            },
        )

    def normalized_rank_value(self) -> int:
        """How many trailing dimensions are normalized together."""
        return self.normalized_rank.value.data

    def parameter_type(self, typ: TensorType) -> TensorType:
        rank = typ.get_num_dims()
        normalized_rank = int_property(self, "normalized_rank", self.normalized_rank)
        if not 1 <= normalized_rank <= rank:
            raise fail(self, f"expected normalized_rank in [1, {rank}], got {normalized_rank}")
        return TensorType(typ.get_element_type(), typ.get_shape()[rank - normalized_rank :])


@irdl_op_definition
class BatchNormOp(NormalizationOp):
    """Inference batch norm: (x - mean) * scale / sqrt(var + epsilon) + bias per channel."""

    name = "mlc_tensor.batch_norm"
    PARAMETERS: ClassVar[tuple[str, ...]] = ("scale", "bias", "mean", "var")

    input = operand_def()
    scale = operand_def()
    bias = operand_def()
    mean = operand_def()
    var = operand_def()
    axis = prop_def(default_value=IntegerAttr(1, i64))

    irdl_options = (ParsePropInAttrDict(),)

    assembly_format = (
        "$input `scale` $scale `bias` $bias `mean` $mean `var` $var attr-dict "
        "`:` type(operands) `->` type($result)"
    )

    def __init__(
        self,
        input: SSAValue,
        scale: SSAValue,
        bias: SSAValue,
        mean: SSAValue,
        var: SSAValue,
        *,
        epsilon: float = DEFAULT_EPSILON,
        axis: int | None = None,
        layout: str | None = None,
        result_type: Attribute | None = None,
    ):
        """Channel `axis` given directly or as the 'C' of `layout` ('NCHW', 'NHWC'); default 1."""
        rank = tensor_type(self, "operand", input.type).get_num_dims()
        if layout is not None:
            if len(layout) != rank or layout.count("C") != 1:
                raise fail(
                    self, f"expected a layout of rank {rank} with one 'C' dimension, got '{layout}'"
                )
            axis = layout.index("C")
        channel_axis = normalize_axis(self, 1 if axis is None else axis, rank)
        super().__init__(
            operands=[input, scale, bias, mean, var],
            result_types=[result_type or input.type],
            properties={"axis": IntegerAttr(channel_axis, i64), "epsilon": FloatAttr(epsilon, f64)},
        )

    def axis_value(self) -> int:
        """The channel axis as a Python int."""
        return self.axis.value.data

    def parameter_type(self, typ: TensorType) -> TensorType:
        axis = int_property(self, "axis", self.axis)
        verify_axis_in_range(self, axis, typ.get_num_dims())
        return TensorType(typ.get_element_type(), [typ.get_shape()[axis]])


OPS = [SoftmaxOp, LogSoftmaxOp, LayerNormOp, BatchNormOp]
