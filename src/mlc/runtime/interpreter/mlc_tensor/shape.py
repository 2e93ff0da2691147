"""numpy semantics of the mlc_tensor shape and data-movement ops (dtype is always kept)."""

import numpy as np
from xdsl.interpreter import Interpreter, InterpreterFunctions, PythonValues, impl, register_impls

from mlc.dialects.mlc_tensor import (
    BroadcastToOp,
    ConcatOp,
    GatherOp,
    PadOp,
    ReshapeOp,
    ScatterAddOp,
    ScatterLikeOp,
    ScatterOp,
    SliceOp,
    TransposeOp,
)
from mlc.runtime.interpreter.mlc_tensor.elementwise import widen

def scatter(op: ScatterLikeOp, x: np.ndarray, indices: np.ndarray, updates: np.ndarray) -> np.ndarray:
    """`x` with `updates` written (scatter: last wins) or added (scatter_add) at clamped indices."""
    axis = op.axis.value.data
    positions = list(np.indices(indices.shape, sparse=True))
    positions[axis] = np.clip(indices, 0, x.shape[axis] - 1)
    flat = np.ravel_multi_index(tuple(np.broadcast_arrays(*positions)), x.shape).ravel()
    updates = updates.ravel()
    if isinstance(op, ScatterAddOp):
        # Floats accumulate in f32; np.add.at adds one update at a time, in row-major order.
        out = widen(x).ravel().copy()
        np.add.at(out, flat, widen(updates))
        return out.reshape(x.shape).astype(x.dtype, copy=False)
    # The last occurrence of each target in row-major order is the write that wins.
    _, first_from_end = np.unique(flat[::-1], return_index=True)
    last = flat.size - 1 - first_from_end
    out = x.copy().ravel()
    out[flat[last]] = updates[last]
    return out.reshape(x.shape)


NUMPY_PAD_MODES = {"constant": "constant", "reflect": "reflect", "replicate": "edge"}
"""mlc_tensor.pad mode -> numpy.pad mode."""


@register_impls
class ShapeFunctions(InterpreterFunctions):
    """reshape, transpose, broadcast_to, slice, pad, concat, gather and scatter on numpy arrays."""

    @impl(ReshapeOp)
    def run_reshape(
        self, interpreter: Interpreter, op: ReshapeOp, args: PythonValues
    ) -> PythonValues:
        return (np.reshape(args[0], op.result.type.get_shape()),)

    @impl(TransposeOp)
    def run_transpose(
        self, interpreter: Interpreter, op: TransposeOp, args: PythonValues
    ) -> PythonValues:
        return (np.transpose(args[0], op.perm.get_values()),)

    @impl(BroadcastToOp)
    def run_broadcast_to(
        self, interpreter: Interpreter, op: BroadcastToOp, args: PythonValues
    ) -> PythonValues:
        return (np.broadcast_to(args[0], op.result.type.get_shape()),)

    @impl(SliceOp)
    def run_slice(self, interpreter: Interpreter, op: SliceOp, args: PythonValues) -> PythonValues:
        bounds = zip(op.start.get_values(), op.limit.get_values(), op.step.get_values())
        return (args[0][tuple(slice(s, l, st) for s, l, st in bounds)],)

    @impl(PadOp)
    def run_pad(self, interpreter: Interpreter, op: PadOp, args: PythonValues) -> PythonValues:
        x = args[0]
        widths = list(zip(op.low.get_values(), op.high.get_values()))
        mode = NUMPY_PAD_MODES[op.mode.data]
        if mode == "constant":
            fill = np.asarray(op.value.value.data).astype(x.dtype)
            return (np.pad(x, widths, mode="constant", constant_values=fill),)
        return (np.pad(x, widths, mode=mode),)

    @impl(ConcatOp)
    def run_concat(
        self, interpreter: Interpreter, op: ConcatOp, args: PythonValues
    ) -> PythonValues:
        return (np.concatenate(args, axis=op.axis.value.data),)

    @impl(GatherOp)
    def run_gather(
        self, interpreter: Interpreter, op: GatherOp, args: PythonValues
    ) -> PythonValues:
        # mode="clip" clamps every index into [0, size - 1]: the documented semantics.
        return (np.take(args[0], args[1], axis=op.axis.value.data, mode="clip"),)

    @impl(ScatterOp)
    def run_scatter(
        self, interpreter: Interpreter, op: ScatterOp, args: PythonValues
    ) -> PythonValues:
        return (scatter(op, *args),)

    @impl(ScatterAddOp)
    def run_scatter_add(
        self, interpreter: Interpreter, op: ScatterAddOp, args: PythonValues
    ) -> PythonValues:
        with np.errstate(all="ignore"):
            return (scatter(op, *args),)


FUNCTIONS = [ShapeFunctions]
