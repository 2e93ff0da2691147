"""numpy semantics of softmax, log_softmax, layer_norm and batch_norm: f32 math, one rounding.

inf and nan follow IEEE arithmetic (as in torch), so numpy's warnings about them are silenced.
"""

import numpy as np
from xdsl.interpreter import Interpreter, InterpreterFunctions, PythonValues, impl, register_impls
from xdsl.ir import Operation

from mlc.dialects.mlc_tensor import BatchNormOp, LayerNormOp, LogSoftmaxOp, SoftmaxOp
from mlc.dialects.mlc_tensor.normalization import SoftmaxFamilyOp
from mlc.ir.dtypes import to_numpy_dtype


def as_result(op: Operation, value: np.ndarray) -> np.ndarray:
    """`value` (f32) rounded once to the result's dtype; no copy when it is already f32."""
    return value.astype(to_numpy_dtype(op.results[0].type.get_element_type()), copy=False)


def f32(value: np.ndarray) -> np.ndarray:
    """`value` widened to f32 (no copy when it already is)."""
    return value.astype(np.float32, copy=False)


def shifted_by_max(x: np.ndarray, axis: int) -> np.ndarray:
    """x - max(x) along `axis`, in a fresh f32 array: every exp of it is <= 1, so none overflow."""
    return np.subtract(x, x.max(axis=axis, keepdims=True), dtype=np.float32)


@register_impls
class NormalizationFunctions(InterpreterFunctions):
    """Stable softmax (max subtracted), biased-variance layer norm, inference batch norm."""

    def run_softmax_family(
        self, interpreter: Interpreter, op: SoftmaxFamilyOp, args: PythonValues
    ) -> PythonValues:
        """softmax (exps / their sum) or log_softmax (shifted - log of that sum) along the axis."""
        axis = op.axis_value()
        with np.errstate(all="ignore"):
            shifted = shifted_by_max(args[0], axis)
            exps = np.exp(shifted)
            total = exps.sum(axis=axis, keepdims=True)
            value = shifted - np.log(total) if isinstance(op, LogSoftmaxOp) else exps / total
        return (as_result(op, value),)

    run_softmax = impl(SoftmaxOp)(run_softmax_family)
    run_log_softmax = impl(LogSoftmaxOp)(run_softmax_family)

    @impl(LayerNormOp)
    def run_layer_norm(
        self, interpreter: Interpreter, op: LayerNormOp, args: PythonValues
    ) -> PythonValues:
        x, *params = args  # params: the weight and/or bias that are present, in that order
        axes = tuple(range(x.ndim - op.normalized_rank_value(), x.ndim))
        with np.errstate(all="ignore"):
            mean = np.mean(x, axis=axes, dtype=np.float32, keepdims=True)
            centered = np.subtract(x, mean, dtype=np.float32)
            variance = np.mean(np.square(centered), axis=axes, keepdims=True)
            centered *= 1 / np.sqrt(variance + np.float32(op.epsilon.value.data))
            if op.weight is not None:
                centered *= f32(params.pop(0))
            if op.bias is not None:
                centered += f32(params.pop(0))
        return (as_result(op, centered),)

    @impl(BatchNormOp)
    def run_batch_norm(
        self, interpreter: Interpreter, op: BatchNormOp, args: PythonValues
    ) -> PythonValues:
        x, scale, bias, mean, var = args
        channel_shape = [1] * x.ndim
        channel_shape[op.axis_value()] = -1
        with np.errstate(all="ignore"):
            inv_std = f32(scale) / np.sqrt(f32(var) + np.float32(op.epsilon.value.data))
            y = np.subtract(x, mean.reshape(channel_shape), dtype=np.float32)
            y *= inv_std.reshape(channel_shape)
            y += f32(bias).reshape(channel_shape)
        return (as_result(op, y),)


FUNCTIONS = [NormalizationFunctions]
