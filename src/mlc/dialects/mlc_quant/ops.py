"""mlc_quant ops: conversions between float and quantized tensors, quantized constants, compute.

Linear-style compute ops take weights as [N, K] (out, in), like torch's Linear:
result[..., n] = sum_k lhs[..., k] * rhs[n, k]. Integer compute subtracts zero points and
accumulates in i32 (wrapping, two's complement); weight-only and float 2:4 compute mean
"dequantize the weight, then an f32-accumulated float matmul". The numpy interpreter
(mlc.runtime.interpreter.mlc_quant) gives every op its exact meaning.
"""

import abc
from collections.abc import Sequence
from typing import ClassVar

import numpy as np
from xdsl.dialects.builtin import (
    DenseArrayBase,
    IntegerAttr,
    IntegerType,
    NoneAttr,
    Signedness,
    TensorType,
    i32,
    i64,
)
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
from xdsl.traits import ConstantLike, Pure

from mlc.dialects.mlc_quant.layout import (
    compress_2_4,
    decompress_2_4,
    metadata_length,
    pack_int4,
    packed_length,
    unpack_int4,
)
from mlc.dialects.mlc_quant.types import (
    ParamsAttr,
    elements_array,
    expanded_params,
    quantized_element,
    sparse_encoding,
    storage_name,
    verify_quantized_tensor,
)
from mlc.dialects.mlc_tensor.base import checked_tensor, is_float
from mlc.dialects.verify import expect, fail, tensor_type
from mlc.ir.dtypes import to_numpy_dtype
from mlc.ir.resources import make_resource

I8 = IntegerType(8)


def quantized_tensor(op: IRDLOperation, what: str, value: SSAValue | Attribute) -> TensorType:
    """The static tensor type of `value`, checked to have a valid quantized element type."""
    typ = tensor_type(op, what, value.type if isinstance(value, SSAValue) else value)
    if quantized_element(typ) is None:
        raise fail(op, f"expected {what} to have a quantized element type, got {typ}")
    verify_quantized_tensor(op, what, typ)
    return typ


def check_sparse_zero_points(op: IRDLOperation, what: str, typ: TensorType) -> None:
    """A 2:4-encoded quantized tensor must be symmetric: pruned storage zeros are real zeros."""
    qtype = quantized_element(typ)
    if qtype is not None and sparse_encoding(typ) is not None and qtype.zero_point_array().any():
        raise fail(op, f"expected zero points 0 for a 2:4-encoded {what}, got {typ.get_element_type()}")


def dense_tensor(typ: TensorType, what: str, op: IRDLOperation) -> None:
    """Fail unless `typ` has no encoding (2:4 tensors go to the ops that accept them)."""
    if not isinstance(typ.encoding, NoneAttr):
        raise fail(op, f"expected {what} without an encoding, got {typ}")


class ConversionOp(IRDLOperation, abc.ABC):
    """Base of the one-operand conversions: same shape, element types checked per op."""

    input = operand_def(TensorType)
    result = result_def(TensorType)

    traits = traits_def(Pure())

    assembly_format = "$input attr-dict `:` type($input) `->` type($result)"

    def __init__(self, input: SSAValue, result_type: Attribute | None = None):
        super().__init__(operands=[input], result_types=[result_type or self.infer(input.type)])

    def infer(self, input_type: Attribute) -> Attribute:
        """The result type implied by the input type (ops whose result carries params need it given)."""
        raise ValueError(f"{self.name}: the result type must be given")

    def verify_(self) -> None:
        src = tensor_type(self, "operand", self.input.type)
        dst = tensor_type(self, "result", self.result.type)
        for what, typ in (("operand", src), ("result", dst)):
            dense_tensor(typ, what, self)
        expect(self, "result shape", src.get_shape(), dst.get_shape())
        self.verify_elements(src, dst)

    @abc.abstractmethod
    def verify_elements(self, src: TensorType, dst: TensorType) -> None:
        """Check the operand/result element types of this conversion."""


@irdl_op_definition
class QuantizeOp(ConversionOp):
    """Float -> quantized: clamp(round_half_even(x / scale) + zero_point) to the storage range."""

    name = "mlc_quant.quantize"

    def verify_elements(self, src: TensorType, dst: TensorType) -> None:
        checked_tensor(self, "operand", src, float_only=True)
        qtype = quantized_element(quantized_tensor(self, "result", dst))
        assert qtype is not None
        expect(self, "operand element type (the result's expressed type)",
               qtype.expressed_type, src.get_element_type())


@irdl_op_definition
class DequantizeOp(ConversionOp):
    """Quantized -> float: scale * (q - zero_point) in f32, rounded once to the expressed type."""

    name = "mlc_quant.dequantize"

    def infer(self, input_type: Attribute) -> Attribute:
        qtype = quantized_element(input_type)
        assert isinstance(input_type, TensorType) and qtype is not None
        return TensorType(qtype.expressed_type, input_type.get_shape())

    def verify_elements(self, src: TensorType, dst: TensorType) -> None:
        qtype = quantized_element(quantized_tensor(self, "operand", src))
        assert qtype is not None
        expect(self, "result element type", qtype.expressed_type, dst.get_element_type())


# Requantize multiplies by scale_in / scale_out as a fixed-point int32 multiplier with a
# right shift of at least 1 (see the interpreter); this bounds the ratio.
MAX_REQUANTIZE_RATIO = 2.0**30


@irdl_op_definition
class RequantizeOp(ConversionOp):
    """Quantized -> quantized with other params, in integer arithmetic only (fixed-point multiplier)."""

    name = "mlc_quant.requantize"

    def verify_elements(self, src: TensorType, dst: TensorType) -> None:
        qin = quantized_element(quantized_tensor(self, "operand", src))
        qout = quantized_element(quantized_tensor(self, "result", dst))
        assert qin is not None and qout is not None
        rank = src.get_num_dims()
        s_in = expanded_params(qin, rank)[0].astype(np.float64)
        s_out = expanded_params(qout, rank)[0].astype(np.float64)
        ratio = float(np.max(s_in / s_out))
        if ratio >= MAX_REQUANTIZE_RATIO:
            raise fail(self, f"expected scale ratio operand/result below 2^30, got {ratio:g}")


@irdl_op_definition
class StorageCastOp(ConversionOp):
    """Reinterpret storage integers as a quantized tensor or back (no arithmetic, like quant.scast)."""

    name = "mlc_quant.storage_cast"

    def infer(self, input_type: Attribute) -> Attribute:
        qtype = quantized_element(input_type)
        if qtype is None:
            return super().infer(input_type)
        assert isinstance(input_type, TensorType)
        return TensorType(qtype.storage_type, input_type.get_shape())

    def verify_elements(self, src: TensorType, dst: TensorType) -> None:
        if (quantized_element(src) is None) == (quantized_element(dst) is None):
            raise fail(self, f"expected exactly one quantized side, got {src} -> {dst}")
        quantized, plain = (src, dst) if quantized_element(src) else (dst, src)
        qtype = quantized_element(quantized_tensor(self, "quantized side", quantized))
        assert qtype is not None
        expect(self, "storage element type", qtype.storage_type, plain.get_element_type())


@irdl_op_definition
class ConstantOp(IRDLOperation):
    """A quantized and/or 2:4-encoded constant held in its physical layout (packed, compressed)."""

    name = "mlc_quant.constant"

    values = prop_def(ParamsAttr)
    indices = opt_prop_def(ParamsAttr)
    result = result_def(TensorType)

    traits = traits_def(Pure(), ConstantLike())

    assembly_format = "$values (`,` $indices^)? attr-dict `->` type($result)"

    def __init__(self, values: ParamsAttr, result_type: TensorType, indices: ParamsAttr | None = None):
        properties: dict[str, Attribute] = {"values": values}
        if indices is not None:
            properties["indices"] = indices
        super().__init__(properties=properties, result_types=[result_type])

    @staticmethod
    def from_array(array: np.ndarray, result_type: TensorType, name: str = "weight") -> "ConstantOp":
        """A constant holding the logical `array` (storage ints or floats) encoded as `result_type` says."""
        values, indices = encode_constant(array, result_type)
        return ConstantOp(
            make_resource(values, name),
            result_type,
            None if indices is None else make_resource(indices, name + "_meta"),
        )

    def verify_(self) -> None:
        typ = tensor_type(self, "result", self.result.type)
        element = typ.get_element_type()
        qtype = quantized_element(typ)
        if qtype is not None:
            verify_quantized_tensor(self, "result", typ)
        elif not is_float(element):
            raise fail(self, f"expected result element type quantized, f32, f16 or bf16, got {element}")
        encoding = sparse_encoding(typ)
        if encoding is None and not isinstance(typ.encoding, NoneAttr):
            raise fail(self, f"expected result encoding #mlc_quant.sparse_2_4 or none, got {typ.encoding}")
        if qtype is None and encoding is None:
            raise fail(self, f"expected a quantized or 2:4-encoded result, got {typ}")
        check_sparse_zero_points(self, "result", typ)
        values_shape, indices_shape = physical_shapes(self, typ)
        value_type = self.values.get_type()
        expected = TensorType(storage_element(typ), values_shape)
        expect(self, "values type", expected, value_type)
        if indices_shape is None:
            if self.indices is not None:
                raise fail(self, f"expected no indices for a dense result, got {self.indices.get_type()}")
            return
        if self.indices is None:
            raise fail(self, "expected indices (2:4 positions) for a 2:4-encoded result")
        expect(self, "indices type", TensorType(IntegerType(8, Signedness.UNSIGNED), indices_shape),
               self.indices.get_type())


def storage_element(typ: TensorType) -> Attribute:
    """The element type of a constant's values blob: ui8 for packed 4-bit, else storage or float."""
    qtype = quantized_element(typ)
    if qtype is None:
        return typ.get_element_type()
    if qtype.storage_type.width.data == 4:
        return IntegerType(8, Signedness.UNSIGNED)
    return qtype.storage_type


def physical_shapes(
    op: IRDLOperation | None, typ: TensorType
) -> tuple[tuple[int, ...], tuple[int, ...] | None]:
    """Shapes of the values blob and of the 2:4 positions blob (None when not 2:4) of a tensor type."""
    shape = list(typ.get_shape())
    indices = None
    encoding = sparse_encoding(typ)
    if encoding is not None:
        axis = encoding.axis.data
        if axis >= len(shape) or shape[axis] % 4:
            got = shape[axis] if axis < len(shape) else f"axis {axis} of rank {len(shape)}"
            message = f"expected 2:4 axis length divisible by 4, got {got}"
            if op is None:
                raise ValueError(message)
            raise fail(op, message)
        indices = tuple(metadata_length(d) if i == axis else d for i, d in enumerate(shape))
        shape[axis] //= 2
    qtype = quantized_element(typ)
    if qtype is not None and shape:
        shape[-1] = packed_length(shape[-1], qtype.storage_type.width.data)
    return tuple(shape), indices


def encode_constant(array: np.ndarray, typ: TensorType) -> tuple[np.ndarray, np.ndarray | None]:
    """The (values, positions or None) blobs of a logical array of type `typ`: 2:4 compress, then pack int4."""
    array = np.asarray(array)
    indices = None
    encoding = sparse_encoding(typ)
    if encoding is not None:
        array, indices = compress_2_4(array, encoding.axis.data)
    qtype = quantized_element(typ)
    if qtype is not None and qtype.storage_type.width.data == 4:
        array = pack_int4(array)
    return np.ascontiguousarray(array.astype(to_numpy_dtype(storage_element(typ)))), indices


def decode_constant(values: np.ndarray, indices: np.ndarray | None, typ: TensorType) -> np.ndarray:
    """Inverse of encode_constant: the logical array (storage dtype, or the float dtype) of `typ`."""
    qtype = quantized_element(typ)
    encoding = sparse_encoding(typ)
    if qtype is not None and qtype.storage_type.width.data == 4:
        length = typ.get_shape()[-1]
        if encoding is not None and encoding.axis.data == typ.get_num_dims() - 1:
            length //= 2
        signed = qtype.storage_type.signedness.data != Signedness.UNSIGNED
        values = unpack_int4(values, length, signed)
    if encoding is not None:
        assert indices is not None
        values = decompress_2_4(values, indices, encoding.axis.data)
    element = qtype.storage_type if qtype is not None else typ.get_element_type()
    return values.astype(to_numpy_dtype(element))


def constant_array(op: ConstantOp) -> np.ndarray:
    """The logical value of a mlc_quant.constant (decoded from its blobs)."""
    indices = None if op.indices is None else elements_array(op.indices)
    typ = op.result.type
    assert isinstance(typ, TensorType)
    return decode_constant(elements_array(op.values), indices, typ)


def check_integer_operand(
    op: IRDLOperation, what: str, typ: TensorType, zero_point: IntegerAttr | None, axes: set[int]
) -> None:
    """An integer compute operand: quantized with <= 8-bit storage, per tensor or per axis in
    `axes`, or plain i8 whose zero point comes from the `<what>_zero_point` property."""
    qtype = quantized_element(typ)
    if qtype is None:
        if typ.get_element_type() != I8:
            raise fail(op, f"expected {what} element type i8 or quantized with 4/8-bit storage, "
                           f"got {typ.get_element_type()}")
        if zero_point is not None and not -128 <= zero_point.value.data <= 127:
            raise fail(op, f"expected {what}_zero_point in [-128, 127], got {zero_point.value.data}")
        return
    verify_quantized_tensor(op, what, typ)
    if zero_point is not None:
        raise fail(op, f"expected no {what}_zero_point for a quantized {what}, got {zero_point.value.data}")
    if qtype.storage_type.width.data > 8:
        raise fail(op, f"expected {what} storage of at most 8 bits, got {storage_name(qtype.storage_type)}")
    if qtype.is_per_group or (not qtype.is_per_tensor and qtype.axis.data not in axes):
        granularity = f"group {qtype.group_size.data} " if qtype.is_per_group else ""
        allowed = f"axis in {sorted(axes)}" if axes else "no axis"
        raise fail(op, f"expected {what} per tensor or per {allowed}, got {granularity}axis {qtype.axis.data}")


class LinearOp(IRDLOperation, abc.ABC):
    """Base of the linear-style compute ops: lhs [..., K] x rhs [N, K] -> result [..., N]."""

    SPARSE: ClassVar[bool] = False

    lhs = operand_def(TensorType)
    rhs = operand_def(TensorType)
    result = result_def(TensorType)

    traits = traits_def(Pure())

    assembly_format = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)"

    def __init__(self, lhs: SSAValue, rhs: SSAValue, result_type: Attribute | None = None,
                 properties: dict[str, Attribute] | None = None):
        if result_type is None:
            assert isinstance(lhs.type, TensorType) and isinstance(rhs.type, TensorType)
            shape = (*lhs.type.get_shape()[:-1], rhs.type.get_shape()[0])
            result_type = TensorType(self.result_element(lhs.type, rhs.type), shape)
        super().__init__(operands=[lhs, rhs], result_types=[result_type], properties=properties or {})

    @abc.abstractmethod
    def result_element(self, lhs: TensorType, rhs: TensorType) -> Attribute:
        """The result element type for these operand types (after they are checked)."""

    @abc.abstractmethod
    def verify_elements(self, lhs: TensorType, rhs: TensorType) -> None:
        """Check the operands' element types (and zero point properties)."""

    def verify_(self) -> None:
        lhs = tensor_type(self, "lhs", self.lhs.type)
        rhs = tensor_type(self, "rhs", self.rhs.type)
        dense_tensor(lhs, "lhs", self)
        encoding = sparse_encoding(rhs)
        if not self.SPARSE:
            dense_tensor(rhs, "rhs", self)
        elif encoding is None or encoding.axis.data != 1:
            raise fail(self, f"expected rhs with encoding #mlc_quant.sparse_2_4<axis = 1>, got {rhs}")
        else:
            check_sparse_zero_points(self, "rhs", rhs)
        if lhs.get_num_dims() < 1 or rhs.get_num_dims() != 2:
            raise fail(self, f"expected lhs of rank >= 1 and rhs of rank 2, got {lhs} and {rhs}")
        expect(self, "lhs contracting dimension", rhs.get_shape()[1], lhs.get_shape()[-1])
        self.verify_elements(lhs, rhs)
        shape = (*lhs.get_shape()[:-1], rhs.get_shape()[0])
        expect(self, "result type", TensorType(self.result_element(lhs, rhs), shape), self.result.type)


class IntegerOperandsMixin(IRDLOperation):
    """Zero point properties and operand rules of the integer compute ops (i32 result).

    A plain i8 operand takes its zero point from `lhs_zero_point`/`rhs_zero_point` (absent: 0);
    a quantized one from its type, per tensor or per axis on a non-contracting axis.
    """

    lhs_zero_point = opt_prop_def(IntegerAttr[IntegerType])
    rhs_zero_point = opt_prop_def(IntegerAttr[IntegerType])

    irdl_options = (ParsePropInAttrDict(),)

    def verify_integer(self, lhs: TensorType, rhs: TensorType, lhs_axes: set[int]) -> None:
        """Check both integer operands; the rhs (weight) may only be per output channel (axis 0)."""
        check_integer_operand(self, "lhs", lhs, self.lhs_zero_point, lhs_axes)
        check_integer_operand(self, "rhs", rhs, self.rhs_zero_point, {0})


def leading_axes(typ: TensorType) -> set[int]:
    """The non-contracting axes of a linear lhs [..., K]."""
    return set(range(typ.get_num_dims() - 1))


@irdl_op_definition
class MatmulOp(IntegerOperandsMixin, LinearOp):
    """Integer linear: sum_k (lhs - zp_l)[.., k] * (rhs - zp_r)[n, k] accumulated in wrapping i32."""

    name = "mlc_quant.matmul"

    def result_element(self, lhs: TensorType, rhs: TensorType) -> Attribute:
        return i32

    def verify_elements(self, lhs: TensorType, rhs: TensorType) -> None:
        self.verify_integer(lhs, rhs, leading_axes(lhs))


def check_weight_only(op: IRDLOperation, lhs: TensorType, rhs: TensorType) -> None:
    """Float lhs and a quantized rhs whose expressed type is the lhs element type."""
    checked_tensor(op, "lhs", lhs, float_only=True)
    qtype = quantized_element(quantized_tensor(op, "rhs", rhs))
    assert qtype is not None
    expect(op, "rhs expressed type (the lhs element type)", lhs.get_element_type(), qtype.expressed_type)


@irdl_op_definition
class WeightOnlyMatmulOp(LinearOp):
    """Float lhs x quantized weight: matmul(lhs, dequantize(rhs)^T) with f32 accumulation."""

    name = "mlc_quant.weight_only_matmul"

    def result_element(self, lhs: TensorType, rhs: TensorType) -> Attribute:
        return lhs.get_element_type()

    def verify_elements(self, lhs: TensorType, rhs: TensorType) -> None:
        check_weight_only(self, lhs, rhs)


@irdl_op_definition
class SparseMatmulOp(IntegerOperandsMixin, LinearOp):
    """Linear with a 2:4-encoded [N, K] weight: float (weight float or quantized) or integer (i32)."""

    name = "mlc_quant.sparse_matmul"

    SPARSE: ClassVar[bool] = True

    def result_element(self, lhs: TensorType, rhs: TensorType) -> Attribute:
        return lhs.get_element_type() if is_float(lhs.get_element_type()) else i32

    def verify_elements(self, lhs: TensorType, rhs: TensorType) -> None:
        if not is_float(lhs.get_element_type()):
            self.verify_integer(lhs, rhs, leading_axes(lhs))
            return
        for what, zp in (("lhs", self.lhs_zero_point), ("rhs", self.rhs_zero_point)):
            if zp is not None:
                raise fail(self, f"expected no {what}_zero_point with float lhs, got {zp.value.data}")
        if quantized_element(rhs) is not None:
            check_weight_only(self, lhs, rhs)
        else:
            expect(self, "rhs element type", lhs.get_element_type(), rhs.get_element_type())


@irdl_op_definition
class Conv2dOp(IntegerOperandsMixin):
    """Integer conv2d, NCHW x OIHW -> NCHW: zero points subtracted, then zero padding, i32 accumulation."""

    name = "mlc_quant.conv2d"

    lhs = operand_def(TensorType)
    rhs = operand_def(TensorType)
    result = result_def(TensorType)
    strides = prop_def(DenseArrayBase, default_value=DenseArrayBase.from_list(i64, [1, 1]))
    padding = prop_def(DenseArrayBase, default_value=DenseArrayBase.from_list(i64, [0, 0, 0, 0]))
    dilation = prop_def(DenseArrayBase, default_value=DenseArrayBase.from_list(i64, [1, 1]))
    groups = prop_def(IntegerAttr[IntegerType], default_value=IntegerAttr(1, i64))

    traits = traits_def(Pure())

    assembly_format = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)"

    def __init__(self, lhs: SSAValue, rhs: SSAValue, *, strides: Sequence[int] = (1, 1),
                 padding: Sequence[int] = (0, 0, 0, 0), dilation: Sequence[int] = (1, 1), groups: int = 1, result_type: Attribute | None = None,
                 zero_points: dict[str, int] | None = None):
        properties: dict[str, Attribute] = {
            "strides": DenseArrayBase.from_list(i64, list(strides)),
            "padding": DenseArrayBase.from_list(i64, list(padding)),
            "dilation": DenseArrayBase.from_list(i64, list(dilation)),
            "groups": IntegerAttr(groups, i64),
        }
        for key, value in (zero_points or {}).items():
            properties[f"{key}_zero_point"] = IntegerAttr(value, i64)
        if result_type is None:
            assert isinstance(lhs.type, TensorType) and isinstance(rhs.type, TensorType)
            shape = conv_output_shape(lhs.type.get_shape(), rhs.type.get_shape(), strides, padding, dilation)
            result_type = TensorType(i32, shape)
        super().__init__(operands=[lhs, rhs], result_types=[result_type], properties=properties)

    def params(self) -> tuple[tuple[int, ...], ...]:
        """(strides, padding [top, bottom, left, right], dilation) as int tuples."""
        return tuple(tuple(a.get_values()) for a in (self.strides, self.padding, self.dilation))

    def verify_(self) -> None:
        lhs = tensor_type(self, "lhs", self.lhs.type)
        rhs = tensor_type(self, "rhs", self.rhs.type)
        dense_tensor(lhs, "lhs", self)
        dense_tensor(rhs, "rhs", self)
        if lhs.get_num_dims() != 4 or rhs.get_num_dims() != 4:
            raise fail(self, f"expected rank-4 lhs (NCHW) and rhs (OIHW), got {lhs} and {rhs}")
        self.verify_integer(lhs, rhs, {0})
        strides, padding, dilation = self.params()
        for what, values, size, low in (("strides", strides, 2, 1), ("padding", padding, 4, 0),
                                        ("dilation", dilation, 2, 1)):
            if len(values) != size or min(values) < low:
                raise fail(self, f"expected {what} of {size} values >= {low}, got {list(values)}")
        groups = self.groups.value.data
        channels, out_channels = lhs.get_shape()[1], rhs.get_shape()[0]
        if groups < 1 or channels % groups or out_channels % groups:
            raise fail(self, f"expected groups dividing {channels} input and {out_channels} output "
                             f"channels, got {groups}")
        expect(self, "rhs input channels (lhs channels / groups)", channels // groups, rhs.get_shape()[1])
        shape = conv_output_shape(lhs.get_shape(), rhs.get_shape(), strides, padding, dilation)
        if min(shape) < 1:
            raise fail(self, f"expected a non-empty output, got shape {list(shape)}")
        expect(self, "result type", TensorType(i32, shape), self.result.type)


def conv_output_shape(
    lhs: Sequence[int], rhs: Sequence[int], strides: Sequence[int], padding: Sequence[int],
    dilation: Sequence[int],
) -> tuple[int, ...]:
    """NCHW output shape of an OIHW convolution (floor division, as torch)."""
    n, _, h, w = lhs
    o, _, kh, kw = rhs
    oh = (h + padding[0] + padding[1] - dilation[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (w + padding[2] + padding[3] - dilation[1] * (kw - 1) - 1) // strides[1] + 1
    return (n, o, oh, ow)


OPS = [
    QuantizeOp,
    DequantizeOp,
    RequantizeOp,
    StorageCastOp,
    ConstantOp,
    MatmulOp,
    WeightOnlyMatmulOp,
    SparseMatmulOp,
    Conv2dOp,
]

__all__ = [
    "ConstantOp",
    "Conv2dOp",
    "DequantizeOp",
    "MatmulOp",
    "QuantizeOp",
    "RequantizeOp",
    "SparseMatmulOp",
    "StorageCastOp",
    "WeightOnlyMatmulOp",
    "constant_array",
    "decode_constant",
    "encode_constant",
    "physical_shapes",
]
