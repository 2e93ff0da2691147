"""Rules for mlc.quant.qat's frozen layers: `torch.ops.mlc.linear` / `mlc.conv2d` -> mlc_quant ops.

The op's weight and scales are module buffers, which the importer makes mlc_tensor
constants; the rule reads their values and re-emits the weight as an mlc_quant.constant
(int4 packed two per byte, 2:4 compressed when sparse) of a symmetric narrow-range
!mlc_quant.uniform type carrying the scales (per axis 0, or per group along axis 1), the
same type the quantize pass builds; with an input scale, the layer is the quantize pass's
W8A8 form (quantize x, integer matmul/conv2d, storage_cast of the i32 sum, dequantize).
The plain constants are erased when nothing else uses them.
"""

from collections.abc import Callable

import numpy as np
import torch
from xdsl.dialects.builtin import DenseResourceAttr, NoneAttr, TensorType
from xdsl.ir import Operation, SSAValue
from xdsl.rewriter import Rewriter

from mlc.dialects import mlc_quant as q
from mlc.dialects.mlc_tensor import ConstantOp as TensorConstantOp
from mlc.frontend.torch.emitter import Emitter, Unsupported
from mlc.passes.graph_rewrites import constant_array
from mlc.passes.quantize import uniform
from mlc.quant import qat  # noqa: F401 (importing it defines torch.ops.mlc.*)


def constant_value(b: Emitter, value: SSAValue, position: int, what: str) -> np.ndarray:
    """The value of a constant argument; its plain constant is erased when this node is its only user."""
    array = constant_array(value)
    if array is None:
        raise Unsupported(f"{b.node.target} needs a constant {what}; import without params_as_args")
    arg = b.node.args[position]
    if isinstance(arg, torch.fx.Node) and len(arg.users) == 1 and not value.uses:
        assert isinstance(value.owner, TensorConstantOp)
        Rewriter.erase_op(value.owner)
    return array


def resource_name(weight: SSAValue) -> str:
    """The weight buffer's resource key (its qualified name), which names the quantized blob too."""
    owner = weight.owner
    if isinstance(owner, TensorConstantOp) and isinstance(owner.value, DenseResourceAttr):
        return owner.value.resource_handle.data
    return "weight"


def linear(
    b: Emitter, x: SSAValue, weight: SSAValue, weight_scales: SSAValue | None,
    input_scale: SSAValue | None, group_size: int, bits: int, sparse: bool,
) -> SSAValue:
    """x @ W^T: weight_only_matmul, sparse_matmul, or W8A8 quantize -> matmul -> dequantize."""
    name = resource_name(weight)
    w = constant_value(b, weight, 1, "weight")
    encoding = q.Sparse24Attr(1) if sparse else NoneAttr()
    expressed = b.element(x)
    if weight_scales is None:
        wconst = q.ConstantOp.from_array(w, TensorType(expressed, w.shape, encoding), name)
        return b.emit(q.SparseMatmulOp(x, b.emit(wconst)))
    scales = constant_value(b, weight_scales, 2, "weight_scales").astype(np.float32)
    axis, group = (0, 0) if scales.ndim == 1 else (1, group_size)
    wtype = TensorType(uniform(bits, expressed, scales, np.zeros(scales.shape, np.int64), True,
                               axis, group, name), w.shape, encoding)
    wq = b.emit(q.ConstantOp.from_array(w, wtype, name))
    if input_scale is None:
        return b.emit(q.SparseMatmulOp(x, wq) if sparse else q.WeightOnlyMatmulOp(x, wq))
    op = q.SparseMatmulOp if sparse else q.MatmulOp
    return integer_layer(b, x, input_scale, scales, lambda xq: op(xq, wq), len(b.shape(x)) - 1)


def integer_layer(
    b: Emitter, x: SSAValue, input_scale: SSAValue, weight_scales: np.ndarray,
    layer: Callable[[SSAValue], Operation], channel_axis: int,
) -> SSAValue:
    """quantize x (int8, per tensor), the integer layer (i32), then dequantize the sum."""
    sx = constant_value(b, input_scale, 3, "input_scale").astype(np.float32)
    expressed = b.element(x)
    xtype = TensorType(uniform(8, expressed, sx, np.zeros((), np.int64), True, None, 0, "x"),
                       b.shape(x))
    acc = b.emit(layer(b.emit(q.QuantizeOp(x, xtype))))
    # sum qx * qw = y[c] / (sx * sw[c]): the i32 sum read with scale sx * sw[c] along the channels.
    acc_scales = sx * weight_scales
    acc_type = TensorType(uniform(32, expressed, acc_scales, np.zeros(acc_scales.shape, np.int64),
                                  False, channel_axis, 0, "acc"), b.shape(acc))
    return b.emit(q.DequantizeOp(b.emit(q.StorageCastOp(acc, acc_type))))


def conv2d(
    b: Emitter, x: SSAValue, weight: SSAValue, weight_scales: SSAValue, input_scale: SSAValue,
    stride: list[int], padding: list[int], dilation: list[int], groups: int, bits: int,
) -> SSAValue:
    """W8A8 (or W4A8) NCHW conv: quantize -> mlc_quant.conv2d -> storage_cast -> dequantize."""
    name = resource_name(weight)
    w = constant_value(b, weight, 1, "weight")
    scales = constant_value(b, weight_scales, 2, "weight_scales").astype(np.float32)
    wtype = TensorType(uniform(bits, b.element(x), scales, np.zeros(scales.shape, np.int64), True, 0, 0,
                               name), w.shape)
    wq = b.emit(q.ConstantOp.from_array(w, wtype, name))
    (top, left), (bottom, right) = padding, padding
    return integer_layer(
        b, x, input_scale, scales,
        lambda xq: q.Conv2dOp(xq, wq, strides=stride, padding=[top, bottom, left, right],
                              dilation=dilation, groups=groups),
        1,
    )


RULES = {torch.ops.mlc.linear.default: linear, torch.ops.mlc.conv2d.default: conv2d}
