"""Rules for ATen normalizations: softmax, log_softmax, layer/batch/group norm (inference)."""

from collections.abc import Sequence

import torch
from xdsl.dialects.builtin import TensorType
from xdsl.ir import SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.frontend.torch.emitter import Emitter, Unsupported

aten = torch.ops.aten
Optional = SSAValue | None


def softmax(op: type[mt.SoftmaxFamilyOp]):
    """A rule for _softmax/_log_softmax along `dim` (half_to_float is not produced on CPU)."""

    def rule(b: Emitter, x: SSAValue, dim: int, half_to_float: bool = False) -> SSAValue:
        return b.emit(op(x, dim))

    return rule


def layer_norm(
    b: Emitter, x: SSAValue, normalized_shape: Sequence[int], weight: Optional, bias: Optional,
    eps: float,
) -> tuple[SSAValue, None, None]:
    """The normalized output; the saved mean and rstd (for backward) are not imported."""
    out = mt.LayerNormOp(x, weight, bias, normalized_shape=normalized_shape, epsilon=eps)
    return b.emit(out), None, None


def channel_params(
    b: Emitter, x: SSAValue, weight: Optional, bias: Optional
) -> tuple[SSAValue, SSAValue]:
    """Per-channel scale and shift, ones and zeros where torch passes None."""
    channels = TensorType(b.element(x), [b.shape(x)[1]])
    return (
        weight if weight is not None else b.full(1, channels),
        bias if bias is not None else b.full(0, channels),
    )


def batch_norm_inference(
    b: Emitter, x: SSAValue, weight: Optional, bias: Optional, mean: SSAValue, var: SSAValue,
    momentum: float, eps: float,
) -> tuple[SSAValue, None, None]:
    """Batch norm with running statistics, channels on axis 1."""
    scale, shift = channel_params(b, x, weight, bias)
    return b.emit(mt.BatchNormOp(x, scale, shift, mean, var, epsilon=eps, axis=1)), None, None


def batch_norm(
    b: Emitter, x: SSAValue, weight: Optional, bias: Optional, mean: SSAValue, var: SSAValue,
    training: bool, momentum: float, eps: float,
) -> tuple[SSAValue, None, None, SSAValue, SSAValue]:
    """The functional batch norm (output, saved stats, updated running stats): inference only."""
    if training:
        raise Unsupported("training-mode batch norm (batch statistics); call model.eval() first")
    out, _, _ = batch_norm_inference(b, x, weight, bias, mean, var, momentum, eps)
    return out, None, None, mean, var  # running statistics are unchanged outside training


def group_norm(
    b: Emitter, x: SSAValue, weight: Optional, bias: Optional, n: int, c: int, hw: int,
    groups: int, eps: float,
) -> tuple[SSAValue, None, None]:
    """Layer norm over each [N, group, C/group * HW] row, then the per-channel affine."""
    shape = b.shape(x)
    grouped = b.reshape(x, [n, groups, (c // groups) * hw])
    out = b.reshape(b.emit(mt.LayerNormOp(grouped, normalized_rank=1, epsilon=eps)), shape)
    channel_shape = [c] + [1] * (len(shape) - 2)
    scale, shift = channel_params(b, x, weight, bias)
    out = b.emit(mt.MulOp(out, b.reshape(scale, channel_shape)))
    return b.emit(mt.AddOp(out, b.reshape(shift, channel_shape))), None, None


RULES = {
    aten._softmax.default: softmax(mt.SoftmaxOp),
    aten._log_softmax.default: softmax(mt.LogSoftmaxOp),
    aten.native_layer_norm.default: layer_norm,
    aten._native_batch_norm_legit_no_training.default: batch_norm_inference,
    aten._native_batch_norm_legit_functional.default: batch_norm,
    aten.native_group_norm.default: group_norm,
}
