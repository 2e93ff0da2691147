"""numpy semantics of the mlc_tensor reductions: f32 accumulation for floats, wrapping integers."""

import numpy as np
from xdsl.interpreter import Interpreter, InterpreterFunctions, PythonValues, impl, register_impls

from mlc.dialects.mlc_tensor import (
    ArgmaxOp,
    ReduceMaxOp,
    ReduceMeanOp,
    ReduceMinOp,
    ReduceSumOp,
    ReductionOp,
)
from mlc.dialects.mlc_tensor.base import is_float
from mlc.ir.dtypes import to_numpy_dtype


def as_result(op: ReductionOp, value: np.ndarray) -> np.ndarray:
    """`value` as an array of the result's dtype (one rounding from f32; no copy when equal)."""
    dtype = to_numpy_dtype(op.result.type.get_element_type())
    return np.asarray(value).astype(dtype, copy=False)


@register_impls
class ReductionFunctions(InterpreterFunctions):
    """reduce_sum/mean/max/min and argmax; `axes` in the IR are already sorted and non-negative."""

    @impl(ReduceSumOp)
    def run_sum(
        self, interpreter: Interpreter, op: ReduceSumOp, args: PythonValues
    ) -> PythonValues:
        (x,) = args
        # Floats accumulate in f32; integers accumulate in their own width, so they wrap.
        dtype = np.float32 if is_float(op.input.type.get_element_type()) else x.dtype
        total = np.sum(x, axis=op.axes_values(), dtype=dtype, keepdims=op.keeps_dims())
        return (as_result(op, total),)

    @impl(ReduceMeanOp)
    def run_mean(
        self, interpreter: Interpreter, op: ReduceMeanOp, args: PythonValues
    ) -> PythonValues:
        mean = np.mean(args[0], axis=op.axes_values(), dtype=np.float32, keepdims=op.keeps_dims())
        return (as_result(op, mean),)

    @impl(ReduceMaxOp)
    def run_max(
        self, interpreter: Interpreter, op: ReduceMaxOp, args: PythonValues
    ) -> PythonValues:
        # max and min are exact in any dtype: no widening needed.
        return (as_result(op, np.max(args[0], axis=op.axes_values(), keepdims=op.keeps_dims())),)

    @impl(ReduceMinOp)
    def run_min(
        self, interpreter: Interpreter, op: ReduceMinOp, args: PythonValues
    ) -> PythonValues:
        return (as_result(op, np.min(args[0], axis=op.axes_values(), keepdims=op.keeps_dims())),)

    @impl(ArgmaxOp)
    def run_argmax(
        self, interpreter: Interpreter, op: ArgmaxOp, args: PythonValues
    ) -> PythonValues:
        # numpy returns the first index among equal maxima, as torch does.
        (axis,) = op.axes_values()
        return (as_result(op, np.argmax(args[0], axis=axis, keepdims=op.keeps_dims())),)


FUNCTIONS = [ReductionFunctions]
