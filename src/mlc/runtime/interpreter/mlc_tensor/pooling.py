"""numpy semantics of the mlc_tensor pooling ops (PyTorch's max_pool2d / avg_pool2d).

Windows are views over the padded input (no Python loop over pixels); values are reduced
in f32 and rounded once to the result type.
"""

import numpy as np
from xdsl.interpreter import Interpreter, InterpreterFunctions, PythonValues, impl, register_impls

from mlc.dialects.mlc_tensor import AvgPool2dOp, MaxPool2dOp, Pool2dOp
from mlc.runtime.interpreter.mlc_tensor.elementwise import result_dtype
from mlc.runtime.interpreter.mlc_tensor.window import Geometry, geometry, windows


def kernel_of(op: Pool2dOp) -> tuple[int, ...]:
    """The verified kernel size (height, width) of a pool op."""
    return op.int_values(op.properties, "kernel", 2, 1)


def avg_divisor(op: AvgPool2dOp, geo: Geometry, height: int, width: int) -> np.ndarray:
    """[OH, OW] cell counts per window: inside the padded input, or inside the input only.

    Cells that a ceil_mode window reaches past the padded input never count (PyTorch).
    """
    kernel = kernel_of(op)
    if op.bool_value(op.properties, "count_include_pad"):
        top, bottom, left, right = geo.padding
        ones = np.ones((height + top + bottom, width + left + right), np.float32)
        geo = geo._replace(padding=(0, 0, 0, 0))
    else:
        ones = np.ones((height, width), np.float32)
    return windows(ones, geo._replace(spatial_axis=0), kernel, 0.0).sum(axis=(-2, -1))


@register_impls
class PoolingFunctions(InterpreterFunctions):
    """max_pool2d and avg_pool2d over sliding-window views."""

    @impl(MaxPool2dOp)
    def run_max_pool2d(
        self, interpreter: Interpreter, op: MaxPool2dOp, args: PythonValues
    ) -> PythonValues:
        x = args[0].astype(np.float32, copy=False)
        out = windows(x, geometry(op), kernel_of(op), -np.inf).max(axis=(-2, -1))
        return (out.astype(result_dtype(op), copy=False),)

    @impl(AvgPool2dOp)
    def run_avg_pool2d(
        self, interpreter: Interpreter, op: AvgPool2dOp, args: PythonValues
    ) -> PythonValues:
        x = args[0].astype(np.float32, copy=False)
        geo = geometry(op)
        total = windows(x, geo, kernel_of(op), 0.0).sum(axis=(-2, -1))
        height, width = x.shape[geo.spatial_axis : geo.spatial_axis + 2]
        divisor = avg_divisor(op, geo, height, width)
        if geo.spatial_axis == 1:  # nhwc: the divisor broadcasts over the trailing channels
            divisor = divisor[:, :, None]
        return ((total / divisor).astype(result_dtype(op), copy=False),)


FUNCTIONS = [PoolingFunctions]
