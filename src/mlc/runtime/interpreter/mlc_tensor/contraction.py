"""numpy semantics of the mlc_tensor contraction ops: matmul, batch_matmul, linear, conv2d.

Floats are widened to f32 (a no-op for f32 inputs), contracted with one np.matmul and
rounded once to the result type, as a GPU kernel accumulating in f32 does. Integers are
contracted in their own width, which wraps like two's complement.
"""

from collections.abc import Callable

import numpy as np
from xdsl.interpreter import Interpreter, InterpreterFunctions, PythonValues, impl, register_impls
from xdsl.ir import Operation

from mlc.dialects.mlc_tensor import BatchMatmulOp, Conv2dOp, LinearOp, MatmulOp
from mlc.runtime.interpreter.mlc_tensor.elementwise import result_dtype
from mlc.runtime.interpreter.mlc_tensor.window import geometry, windows


def contract(op: Operation, fn: Callable[..., np.ndarray], *arrays: np.ndarray) -> np.ndarray:
    """Apply `fn` to the operands, in f32 for float results, and round once to the result type."""
    dtype = result_dtype(op)
    if np.issubdtype(dtype, np.integer):
        return fn(*arrays)
    return fn(*(a.astype(np.float32, copy=False) for a in arrays)).astype(dtype, copy=False)


def linear(x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None) -> np.ndarray:
    """x [..., K] @ weight[N, K].T (+ bias [N]) as one 2-d matmul, bias added in place."""
    out = np.matmul(x.reshape(-1, x.shape[-1]), weight.T)
    if bias is not None:
        out += bias
    return out.reshape(*x.shape[:-1], weight.shape[0])


def conv2d(
    op: Conv2dOp, x: np.ndarray, weight: np.ndarray, bias: np.ndarray | None = None
) -> np.ndarray:
    """im2col convolution: per group, [positions, Cg*KH*KW] @ [Cg*KH*KW, Og] in one matmul."""
    geo = geometry(op)
    groups = op.groups.value.data
    nchw = geo.spatial_axis == 2
    if nchw:
        out_channels, cg, kh, kw = weight.shape
        wmat = weight.reshape(groups, out_channels // groups, cg, kh, kw).transpose(0, 2, 3, 4, 1)
    else:
        kh, kw, cg, out_channels = weight.shape
        wmat = weight.reshape(kh, kw, cg, groups, out_channels // groups).transpose(3, 2, 0, 1, 4)
    cols = windows(x, geo, (kh, kw), 0.0)
    n, (oh, ow) = x.shape[0], geo.out_size
    if nchw:  # [N, C, OH, OW, KH, KW] -> [G, N, OH, OW, Cg, KH, KW]
        cols = cols.reshape(n, groups, cg, oh, ow, kh, kw).transpose(1, 0, 3, 4, 2, 5, 6)
    else:  # [N, OH, OW, C, KH, KW] -> [G, N, OH, OW, Cg, KH, KW]
        cols = cols.reshape(n, oh, ow, groups, cg, kh, kw).transpose(3, 0, 1, 2, 4, 5, 6)
    out = np.matmul(
        cols.reshape(groups, n * oh * ow, cg * kh * kw),
        wmat.reshape(groups, cg * kh * kw, out_channels // groups),
    )
    # [G, N*OH*OW, Og] -> [N, OH, OW, G*Og]: channels last, so the bias broadcasts.
    out = out.reshape(groups, n, oh, ow, -1).transpose(1, 2, 3, 0, 4).reshape(n, oh, ow, -1)
    if bias is not None:
        out += bias
    return np.ascontiguousarray(out.transpose(0, 3, 1, 2)) if nchw else out


@register_impls
class ContractionFunctions(InterpreterFunctions):
    """matmul, batch_matmul and linear as single np.matmul calls; conv2d through im2col."""

    @impl(MatmulOp)
    def run_matmul(
        self, interpreter: Interpreter, op: MatmulOp, args: PythonValues
    ) -> PythonValues:
        return (contract(op, np.matmul, *args),)

    @impl(BatchMatmulOp)
    def run_batch_matmul(
        self, interpreter: Interpreter, op: BatchMatmulOp, args: PythonValues
    ) -> PythonValues:
        return (contract(op, np.matmul, *args),)

    @impl(LinearOp)
    def run_linear(
        self, interpreter: Interpreter, op: LinearOp, args: PythonValues
    ) -> PythonValues:
        return (contract(op, linear, *args),)

    @impl(Conv2dOp)
    def run_conv2d(
        self, interpreter: Interpreter, op: Conv2dOp, args: PythonValues
    ) -> PythonValues:
        return (contract(op, lambda *arrays: conv2d(op, *arrays), *args),)


FUNCTIONS = [ContractionFunctions]
