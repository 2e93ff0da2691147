"""numpy semantics of the mlc_quant ops: bit-exact integer arithmetic, the dialect's specification.

A quantized tensor's value is its storage integers (numpy dtype of the storage type: int8,
uint8, ml_dtypes.int4, ...); a 2:4-encoded tensor's value is its dense logical array.

- quantize: x / scale in f32 (correctly rounded), round half to even, + zero point,
  saturate to the storage range [min, max]; NaN maps to the zero point, +-inf saturate.
- dequantize: f32(q - zero_point) * scale in f32, rounded once to the expressed type.
- requantize (integers only): m = f64(scale_in) / f64(scale_out) = M0 * 2^-shift with
  M0 = round_half_even(frac * 2^31) in [2^30, 2^31] from frexp(m) = (frac, e) and
  shift = 31 - e; q_out = saturate(zero_out + round_half_even(((q - zero_in) * M0) / 2^shift))
  in int64 (|q - zero_in| < 2^32, M0 <= 2^31: the product fits). shift >= 64 gives 0.
- integer compute: (q - zero_point) products summed exactly, then wrapped to i32 (two's
  complement), which equals accumulating in wrapping i32. With 8-bit operands every product
  is below 2^16, so an f64 BLAS sum is exact for K < 2^37; it is used for speed.
- weight-only / float 2:4: matmul(lhs, dequantize(rhs)^T) accumulated in f32, rounded once.
"""

import numpy as np
from xdsl.dialects.builtin import TensorType
from xdsl.interpreter import Interpreter, InterpreterFunctions, PythonValues, impl, register_impls
from xdsl.ir import Attribute
from xdsl.utils.exceptions import InterpretationError

from mlc.dialects.mlc_quant import (
    ConstantOp,
    Conv2dOp,
    DequantizeOp,
    MatmulOp,
    QuantizeOp,
    RequantizeOp,
    SparseMatmulOp,
    StorageCastOp,
    UniformQuantizedType,
    WeightOnlyMatmulOp,
    constant_array,
    expanded_params,
    quantized_element,
    sparse_encoding,
)
from mlc.dialects.mlc_quant.layout import is_2_4_sparse
from mlc.ir.dtypes import to_numpy_dtype


def _qtype(typ: Attribute) -> tuple[UniformQuantizedType, int]:
    """The quantized element type and rank of a tensor type."""
    qtype = quantized_element(typ)
    assert qtype is not None and isinstance(typ, TensorType)
    return qtype, typ.get_num_dims()


def saturate(values: np.ndarray, qtype: UniformQuantizedType) -> np.ndarray:
    """Clamp int64 values to the storage range and convert to the storage dtype."""
    lo, hi = qtype.storage_bounds()
    return np.clip(values, lo, hi).astype(to_numpy_dtype(qtype.storage_type))


def quantize(x: np.ndarray, typ: TensorType) -> np.ndarray:
    """Quantize floats to the storage integers of tensor type `typ` (see the module docstring)."""
    qtype, rank = _qtype(typ)
    scales, zps = expanded_params(qtype, rank)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        rounded = np.rint(np.asarray(x, np.float32) / scales).astype(np.float64)
    rounded = np.where(np.isnan(rounded), 0.0, rounded)
    lo, hi = qtype.storage_bounds()
    # Clamping in f64 first keeps the int64 conversion in range; all bounds are exact in f64.
    return saturate(np.clip(rounded + zps, lo, hi).astype(np.int64), qtype)


def dequantize(q: np.ndarray, typ: TensorType) -> np.ndarray:
    """Real values of storage integers `q` of tensor type `typ`, in its expressed type."""
    qtype, rank = _qtype(typ)
    scales, zps = expanded_params(qtype, rank)
    centered = (np.asarray(q).astype(np.int64) - zps).astype(np.float32)
    return (centered * scales).astype(to_numpy_dtype(qtype.expressed_type))


def rounding_shift(values: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """round_half_even(values / 2^shift) for int64 values and shifts in [1, 63]."""
    quotient = values >> shift
    remainder = values - (quotient << shift)
    half = np.left_shift(np.int64(1), shift - 1)
    up = (remainder > half) | ((remainder == half) & ((quotient & 1) == 1))
    return quotient + up


def requantize_multiplier(ratio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(M0, shift) with ratio ~= M0 * 2^-shift, M0 in [2^30, 2^31] (see the module docstring)."""
    fraction, exponent = np.frexp(np.asarray(ratio, np.float64))
    multiplier = np.rint(fraction * 2.0**31).astype(np.int64)
    return multiplier, (31 - exponent).astype(np.int64)


def requantize(q: np.ndarray, src: TensorType, dst: TensorType) -> np.ndarray:
    """Storage integers of `src` re-expressed in `dst`'s params, in integer arithmetic only."""
    qin, rank = _qtype(src)
    qout, _ = _qtype(dst)
    s_in, z_in = expanded_params(qin, rank)
    s_out, z_out = expanded_params(qout, rank)
    multiplier, shift = requantize_multiplier(s_in.astype(np.float64) / s_out.astype(np.float64))
    product = (np.asarray(q).astype(np.int64) - z_in) * multiplier
    shift = np.broadcast_to(shift, product.shape)
    scaled = np.where(shift >= 64, 0, rounding_shift(product, np.clip(shift, 1, 63)))
    return saturate(scaled + z_out, qout)


def centered(value: np.ndarray, typ: Attribute, zero_point_attr: Attribute | None) -> np.ndarray:
    """An integer compute operand minus its zero point(s), as f64 (exact for these ranges)."""
    qtype = quantized_element(typ)
    if qtype is not None:
        assert isinstance(typ, TensorType)
        zps = expanded_params(qtype, typ.get_num_dims())[1]
    else:
        zps = zero_point_attr.value.data if zero_point_attr is not None else 0  # pyright: ignore
    return (np.asarray(value).astype(np.int64) - zps).astype(np.float64)


def wrap_i32(exact: np.ndarray) -> np.ndarray:
    """Exact integer sums (held in f64) wrapped to i32 like two's complement accumulation."""
    return np.rint(exact).astype(np.int64).astype(np.int32)


def integer_linear(op: MatmulOp | SparseMatmulOp, lhs: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """sum_k (lhs - zp)[.., k] * (rhs - zp)[n, k] as wrapping i32."""
    a = centered(lhs, op.lhs.type, op.lhs_zero_point)
    b = centered(rhs, op.rhs.type, op.rhs_zero_point)
    return wrap_i32(a @ b.T)


def float_linear(lhs: np.ndarray, weight: np.ndarray, result_dtype: np.dtype) -> np.ndarray:
    """lhs @ weight^T accumulated in f32, rounded once to the result dtype."""
    return (np.asarray(lhs, np.float32) @ np.asarray(weight, np.float32).T).astype(result_dtype)


def result_dtype(op: MatmulOp | WeightOnlyMatmulOp | SparseMatmulOp | Conv2dOp) -> np.dtype:
    """The numpy dtype of an op's result."""
    typ = op.result.type
    assert isinstance(typ, TensorType)
    return to_numpy_dtype(typ.get_element_type())


def conv2d_i32(op: Conv2dOp, x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Integer NCHW x OIHW convolution: zero points subtracted, zero padding, wrapping i32."""
    (sh, sw), (top, bottom, left, right), (dh, dw) = op.params()
    groups = op.groups.value.data
    a = np.pad(centered(x, op.lhs.type, op.lhs_zero_point),
               ((0, 0), (0, 0), (top, bottom), (left, right)))
    b = centered(w, op.rhs.type, op.rhs_zero_point)
    result_type = op.result.type
    assert isinstance(result_type, TensorType)
    n, out_channels, oh, ow = result_type.get_shape()
    _, cin, kh, kw = b.shape
    # im2col: patches[n, c, i, j, oh, ow] = a[n, c, oh*sh + i*dh, ow*sw + j*dw]
    patches = np.empty((n, a.shape[1], kh, kw, oh, ow))
    for i in range(kh):
        for j in range(kw):
            patches[:, :, i, j] = a[:, :, i * dh: i * dh + sh * (oh - 1) + 1: sh,
                                    j * dw: j * dw + sw * (ow - 1) + 1: sw]
    per_group = out_channels // groups
    outputs = []
    for g in range(groups):
        cols = patches[:, g * cin:(g + 1) * cin].reshape(n, cin * kh * kw, oh * ow)
        weights = b[g * per_group:(g + 1) * per_group].reshape(per_group, -1)
        outputs.append(np.einsum("ok,nkp->nop", weights, cols).reshape(n, per_group, oh, ow))
    return wrap_i32(np.concatenate(outputs, axis=1))


@register_impls
class QuantFunctions(InterpreterFunctions):
    """Every mlc_quant op on numpy arrays."""

    @impl(QuantizeOp)
    def run_quantize(self, interpreter: Interpreter, op: QuantizeOp, args: PythonValues) -> PythonValues:
        return (quantize(args[0], op.result.type),)  # pyright: ignore[reportArgumentType]

    @impl(DequantizeOp)
    def run_dequantize(self, interpreter: Interpreter, op: DequantizeOp, args: PythonValues) -> PythonValues:
        return (dequantize(args[0], op.input.type),)  # pyright: ignore[reportArgumentType]

    @impl(RequantizeOp)
    def run_requantize(self, interpreter: Interpreter, op: RequantizeOp, args: PythonValues) -> PythonValues:
        return (requantize(args[0], op.input.type, op.result.type),)  # pyright: ignore[reportArgumentType]

    @impl(StorageCastOp)
    def run_storage_cast(self, interpreter: Interpreter, op: StorageCastOp, args: PythonValues) -> PythonValues:
        typ = op.result.type
        qtype = quantized_element(typ)
        element = qtype.storage_type if qtype is not None else typ.get_element_type()  # pyright: ignore
        return (np.asarray(args[0]).astype(to_numpy_dtype(element)),)

    @impl(ConstantOp)
    def run_constant(self, interpreter: Interpreter, op: ConstantOp, args: PythonValues) -> PythonValues:
        return (constant_array(op),)

    @impl(MatmulOp)
    def run_matmul(self, interpreter: Interpreter, op: MatmulOp, args: PythonValues) -> PythonValues:
        return (integer_linear(op, args[0], args[1]),)

    @impl(WeightOnlyMatmulOp)
    def run_weight_only_matmul(
        self, interpreter: Interpreter, op: WeightOnlyMatmulOp, args: PythonValues
    ) -> PythonValues:
        weight = dequantize(args[1], op.rhs.type)  # pyright: ignore[reportArgumentType]
        return (float_linear(args[0], weight, result_dtype(op)),)

    @impl(SparseMatmulOp)
    def run_sparse_matmul(self, interpreter: Interpreter, op: SparseMatmulOp, args: PythonValues) -> PythonValues:
        lhs, rhs = args
        encoding = sparse_encoding(op.rhs.type)
        assert encoding is not None
        if not is_2_4_sparse(rhs, encoding.axis.data):
            raise InterpretationError(f"{op.name}: rhs is not 2:4 sparse along axis {encoding.axis.data}")
        if np.dtype(result_dtype(op)) == np.int32:
            return (integer_linear(op, lhs, rhs),)
        weight = dequantize(rhs, op.rhs.type) if quantized_element(op.rhs.type) else rhs  # pyright: ignore
        return (float_linear(lhs, weight, result_dtype(op)),)

    @impl(Conv2dOp)
    def run_conv2d(self, interpreter: Interpreter, op: Conv2dOp, args: PythonValues) -> PythonValues:
        return (conv2d_i32(op, args[0], args[1]),)


FUNCTIONS = [QuantFunctions]
