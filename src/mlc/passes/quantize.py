"""quantize: rewrite linear/matmul/conv2d with constant weights to mlc_quant ops.

Weight-only (activations=none): the weight becomes an int8 or int4 mlc_quant.constant (int4
packed two per byte; scales per tensor, per output channel, or per group of `group-size`
along K) and the layer an mlc_quant.weight_only_matmul, which means
x @ dequantize(Wq)^T -- the layer with W replaced by its quantized approximation. A conv2d
(NCHW) keeps its op and reads its weight as reshape(dequantize(Wq)) from an [O, I*kh*kw]
constant, so groups run along the flattened reduction.

W8A8 static (activations=int8, needs calibrate's mlc_quant.range): x is quantized per tensor
with the calibrated range, W per tensor or channel, and mlc_quant.matmul/conv2d accumulate
sum (qx - zx)(qw - zw) in i32; since x = sx (qx - zx) and W = sw (qw - zw), that sum times
sx * sw[n] is the layer's product. Epilogue `dequantize`: the i32 sum is read as a quantized
i32 tensor of scale sx * sw[n] (storage_cast) and dequantized, then the float bias added.
Epilogue `requantize`: the bias, rounded to the same i32 scale, is added in i32 and the sum
requantized (integer-only) to an int8 output with calibrate's mlc_quant.output_range, then
dequantized for the float consumers.

Scales: symmetric uses the narrow range [-qmax, qmax] with scale = max|w| / qmax and zero
point 0; asymmetric maps [min(w, 0), max(w, 0)] onto the full storage range. Storage
integers come from the interpreter's own quantize (the spec), so they round exactly as
mlc_quant.quantize would. Layers that cannot be quantized stay as they are, with a remark.
"""

from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import (
    DenseArrayBase,
    DenseIntOrFPElementsAttr,
    IntegerType,
    ModuleOp,
    TensorType,
    i8,
)
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import PassFailedException

from mlc.dialects import mlc_quant as q
from mlc.dialects.mlc_quant.ops import encode_constant
from mlc.dialects.mlc_quant.types import ParamsAttr
from mlc.dialects.mlc_tensor import AddOp, Conv2dOp, ReshapeOp
from mlc.dialects.mlc_tensor.constant import ConstantOp as TensorConstantOp
from mlc.ir.resources import make_resource
from mlc.passes.graph_rewrites import constant_array
from mlc.passes.quant_common import (
    OUTPUT_RANGE,
    RANGE,
    Layer,
    activation,
    bias_value,
    float_layers,
    is_nchw,
    layer_name,
    output_channel_axis,
    remark,
    replace_layer,
    weight_matrix,
)
from mlc.runtime.interpreter.mlc_quant import dequantize, quantize

INLINE_PARAMS = 16
"""Scales/zero points of at most this many elements print inline; more go to a resource blob."""


def params_attr(values: np.ndarray, name: str) -> ParamsAttr | np.ndarray:
    """Small params stay numpy (printed inline); large ones become a blob (zero splats stay tiny)."""
    if values.size <= INLINE_PARAMS:
        return values
    if values.dtype.kind == "i":
        if not values.any():
            return DenseIntOrFPElementsAttr.from_list(TensorType(i8, values.shape), [0])
        return make_resource(values.astype(np.int8), name)
    return make_resource(values.astype(np.float32), name)


def uniform(
    bits: int, expressed: Attribute, scales: np.ndarray, zps: np.ndarray, symmetric: bool,
    axis: int | None, group: int, name: str,
) -> q.UniformQuantizedType:
    """The quantized element type of `bits` storage with these params (narrow range if symmetric)."""
    qmax = 2 ** (bits - 1) - 1
    return q.UniformQuantizedType.make(
        IntegerType(bits), expressed, params_attr(scales.astype(np.float32), f"{name}_scales"),
        params_attr(zps.astype(np.int64), f"{name}_zero_points"), axis=axis, group_size=group,
        storage_min=-qmax if symmetric else None,
    )


def affine_params(lo: np.ndarray, hi: np.ndarray, bits: int, symmetric: bool) -> tuple[np.ndarray, np.ndarray]:
    """(scales, zero points) mapping [lo, hi] (widened to hold 0) onto `bits` storage."""
    qmax = 2 ** (bits - 1) - 1
    lo, hi = np.minimum(lo, 0.0), np.maximum(hi, 0.0)
    if symmetric:
        scales = np.maximum(-lo, hi) / qmax
        zps = np.zeros(scales.shape, np.int64)
    else:
        scales = (hi - lo) / (2 * qmax + 1)
    scales = np.where(scales > 0, scales, 1.0).astype(np.float32)
    if not symmetric:
        zps = np.clip(np.rint(-qmax - 1 - lo / scales), -qmax - 1, qmax).astype(np.int64)
    return scales, zps


def quantize_weight(
    w: np.ndarray, bits: int, granularity: str, group: int, symmetric: bool, expressed: Attribute, name: str
) -> tuple[np.ndarray, TensorType]:
    """(storage integers, quantized tensor type) of weight `w` (output channels on axis 0)."""
    w32 = np.asarray(w, np.float32)
    if granularity == "tensor":
        blocks, axis, size = w32.reshape(1, -1), None, 0
    elif granularity == "channel":
        blocks, axis, size = w32.reshape(w32.shape[0], -1), 0, 0
    else:  # group: [N, K] -> [N, K / G, G]
        blocks, axis, size = w32.reshape(w32.shape[0], -1, group), 1, group
    scales, zps = affine_params(blocks.min(axis=-1), blocks.max(axis=-1), bits, symmetric)
    if granularity == "tensor":
        scales, zps = scales.reshape(()), zps.reshape(())
    typ = TensorType(uniform(bits, expressed, scales, zps, symmetric, axis, size, name), w32.shape)
    return quantize(w32, typ), typ


def sqnr_db(reference: np.ndarray, approx: np.ndarray) -> float:
    """Signal-to-quantization-noise ratio in dB (inf when exact)."""
    ref = np.asarray(reference, np.float64)
    noise = float(np.sum((ref - np.asarray(approx, np.float64)) ** 2))
    return np.inf if noise == 0 else 10 * np.log10(float(np.sum(ref**2)) / noise)


def stored_bytes(values: np.ndarray, typ: TensorType) -> int:
    """Bytes of a quantized constant as stored: its (packed) values plus its scales."""
    qtype = q.quantized_element(typ)
    assert qtype is not None
    return encode_constant(values, typ)[0].nbytes + 4 * qtype.scale_array().size


def range_of(op: Operation, key: str) -> tuple[float, float] | None:
    """calibrate's [lo, hi] attribute `key` on `op`, if present."""
    attr = op.attributes.get(key)
    if not isinstance(attr, DenseArrayBase):
        return None
    lo, hi = attr.get_values()
    return float(lo), float(hi)


@dataclass(frozen=True)
class Quantize(ModulePass):
    """Quantize linear/matmul/conv2d: int8/int4 weight-only, or W8A8 static with calibrated ranges."""

    name = "quantize"

    weights: str = "int8"
    activations: str = "none"
    granularity: str = "channel"
    group_size: int = 128
    symmetric: bool = True
    epilogue: str = "dequantize"
    """W8A8: dequantize the i32 sum (float bias), or requantize it to int8 (i32 bias)."""

    def check_options(self) -> None:
        """Fail on options that name nothing or that no mlc_quant op implements."""
        for option, value, allowed in (
            ("weights", self.weights, ("int8", "int4")),
            ("activations", self.activations, ("none", "int8")),
            ("granularity", self.granularity, ("tensor", "channel", "group")),
            ("epilogue", self.epilogue, ("dequantize", "requantize")),
        ):
            if value not in allowed:
                raise PassFailedException(
                    f"quantize: unknown {option} '{value}'; use {option}={' or '.join(allowed)}")
        if self.group_size < 1:
            raise PassFailedException(f"quantize: group-size must be >= 1, got {self.group_size}")
        if self.activations == "int8":
            if self.weights != "int8":
                raise PassFailedException(
                    "quantize: int8 activations need int8 weights (mlc_quant.matmul is int8 x int8); "
                    "use weights=int8, or activations=none for int4 weight-only")
            if self.granularity == "group":
                raise PassFailedException(
                    "quantize: int8 activations take per-tensor or per-channel weights; "
                    "use granularity=channel")
        elif self.epilogue != "dequantize":
            raise PassFailedException(
                "quantize: epilogue=requantize needs activations=int8; drop the epilogue option")

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        self.check_options()
        for layer in float_layers(op):
            reason = self.rewrite(layer)
            if reason is not None:
                remark(self.name, layer, False, reason)

    def rewrite(self, op: Layer) -> str | None:
        """Quantize one layer (with a remark); return why not when it cannot be."""
        w = weight_matrix(op)
        if w is None:
            return "the weight is not a constant"
        bias = bias_value(op)
        if isinstance(op, Conv2dOp):
            if not is_nchw(op):
                return "mlc_quant takes conv2d weights as OIHW; run convert-layout{to=nchw} first"
            if self.activations == "none":
                # Weight-only conv quantizes W as the [O, I*kh*kw] matrix the convolution
                # contracts with (groups along the flattened I, kh, kw, as GPTQ/AWQ do).
                w = w.reshape(w.shape[0], -1)
        k = w.shape[1]
        if self.granularity == "group" and k % self.group_size:
            return f"K={k} is not divisible by group-size {self.group_size}"
        x = activation(op)
        expressed = x.type.get_element_type()  # pyright: ignore[reportAttributeAccessIssue]
        name = layer_name(op) or "weight"
        bits = 4 if self.weights == "int4" else 8
        storage, wtype = quantize_weight(w, bits, self.granularity, self.group_size, self.symmetric,
                                         expressed, name)
        weight = q.ConstantOp.from_array(storage, wtype, name)
        fmt = self.weights + {"tensor": " per tensor", "channel": " per channel"}.get(
            self.granularity, f" per group of {self.group_size}")
        size = f"{w.size * w.itemsize} -> {stored_bytes(storage, wtype)} weight bytes"
        quality = f"weight SQNR {sqnr_db(w, dequantize(storage, wtype)):.1f} dB"
        if self.activations == "none":
            if isinstance(op, Conv2dOp):
                replace_layer(op, self.weight_only_conv(op, weight), None)
            else:
                replace_layer(op, [weight, q.WeightOnlyMatmulOp(x, weight.result)], bias)
            remark(self.name, op, True, f"{fmt} weight-only: {quality}, {size}")
            return None
        x_range = range_of(op, RANGE)
        if x_range is None:
            return f"no calibration range ({RANGE}); run calibrate first"
        out_range = range_of(op, OUTPUT_RANGE)
        if self.epilogue == "requantize" and out_range is None:
            return f"no output range ({OUTPUT_RANGE}) to requantize to; run calibrate first"
        if bias is not None and self.epilogue == "requantize" and constant_array(bias) is None:
            return "the bias is not a constant (the requantize epilogue adds it in i32)"
        sx, zx = affine_params(np.float64(x_range[0]), np.float64(x_range[1]), 8, self.symmetric)
        xtype = TensorType(uniform(8, expressed, sx, zx, self.symmetric, None, 0, "x"),
                           x.type.get_shape())  # pyright: ignore[reportAttributeAccessIssue]
        xq = q.QuantizeOp(x, xtype)
        ops = [xq, weight, self.integer_op(op, xq.result, weight.result)]
        ops += self.epilogue_ops(op, ops[-1].results[0], sx * wtype.get_element_type().scale_array(),
                                 expressed, bias, out_range)
        replace_layer(op, ops, bias if self.epilogue == "dequantize" else None)
        remark(self.name, op, True,
               f"W8A8 ({fmt} weights, activation range [{x_range[0]:.4g}, {x_range[1]:.4g}], "
               f"{self.epilogue} epilogue): {quality}, {size}")
        return None

    @staticmethod
    def weight_only_conv(op: Conv2dOp, weight: q.ConstantOp) -> list[Operation]:
        """The conv2d (bias kept) reading its weight as reshape(dequantize(Wq), OIHW).

        conv2d(x, W) with W = dequantize(Wq) is the layer with W replaced by its quantized
        approximation; mlc_quant has no weight-only conv op, so the dequantize is explicit.
        """
        dense = q.DequantizeOp(weight.result)
        oihw = ReshapeOp(dense.result, op.weight.type.get_shape())  # pyright: ignore[reportAttributeAccessIssue]
        conv = op.clone()
        conv.operands[1] = oihw.result
        return [weight, dense, oihw, conv]

    @staticmethod
    def integer_op(op: Layer, xq: SSAValue, wq: SSAValue) -> Operation:
        """mlc_quant.matmul or conv2d (with the conv's window options) of the quantized operands."""
        if not isinstance(op, Conv2dOp):
            return q.MatmulOp(xq, wq)
        strides, padding, dilation = (
            op.properties[k].get_values() for k in ("strides", "padding", "dilation")  # pyright: ignore
        )
        return q.Conv2dOp(xq, wq, strides=strides, padding=padding, dilation=dilation,
                          groups=op.groups.value.data)  # pyright: ignore[reportAttributeAccessIssue]

    def epilogue_ops(
        self, op: Layer, acc: SSAValue, acc_scales: np.ndarray, expressed: Attribute,
        bias: SSAValue | None, out_range: tuple[float, float] | None,
    ) -> list[Operation]:
        """From the i32 sum to the float result (bias excluded for the dequantize epilogue)."""
        shape = acc.type.get_shape()  # pyright: ignore[reportAttributeAccessIssue]
        axis = None if acc_scales.ndim == 0 else output_channel_axis(op)
        acc_type = TensorType(uniform(32, expressed, acc_scales, np.zeros(acc_scales.shape, np.int64),
                                      False, axis, 0, "acc"), shape)
        ops: list[Operation] = []
        if self.epilogue == "requantize" and bias is not None:
            # sum + round(b / (sx * sw)) in i32 is (x W + b) / (sx * sw), rounded.
            b = np.asarray(constant_array(bias), np.float64) / acc_scales.astype(np.float64)
            b = np.clip(np.rint(b), -(2**31), 2**31 - 1).astype(np.int32)
            b_const = TensorConstantOp.from_array(b.reshape([1, -1, 1, 1]) if isinstance(op, Conv2dOp) else b,
                                                  "bias_i32")
            ops += [b_const, AddOp(acc, b_const.result)]
            acc = ops[-1].results[0]
        ops.append(q.StorageCastOp(acc, acc_type))
        if self.epilogue == "requantize":
            assert out_range is not None
            so, zo = affine_params(np.float64(out_range[0]), np.float64(out_range[1]), 8, self.symmetric)
            out_type = TensorType(uniform(8, expressed, so, zo, self.symmetric, None, 0, "out"), shape)
            ops.append(q.RequantizeOp(ops[-1].results[0], out_type))
        ops.append(q.DequantizeOp(ops[-1].results[0]))
        return ops
