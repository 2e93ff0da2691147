"""numpy semantics of the mlc_tensor scans and orderings: cumulative ops, sort, topk, reverse."""

import numpy as np
from xdsl.interpreter import Interpreter, InterpreterFunctions, PythonValues, impl, register_impls

from mlc.dialects.mlc_tensor import (
    CummaxOp,
    CumminOp,
    CumprodOp,
    CumsumOp,
    CumulativeOp,
    ReverseOp,
    SortOp,
    TopkOp,
)
from mlc.ir.dtypes import to_numpy_dtype
from mlc.runtime.interpreter.mlc_tensor.elementwise import widen


def lowest(dtype: np.dtype) -> np.ndarray:
    """The identity of maximum in `dtype`: -inf, the most negative integer, or False."""
    if dtype == np.bool_:
        return np.array(False)
    if np.issubdtype(dtype, np.integer):
        return np.array(np.iinfo(dtype).min, dtype)
    return np.array(-np.inf, dtype)


def highest(dtype: np.dtype) -> np.ndarray:
    """The identity of minimum in `dtype`: +inf, the most positive integer, or True."""
    if dtype == np.bool_:
        return np.array(True)
    if np.issubdtype(dtype, np.integer):
        return np.array(np.iinfo(dtype).max, dtype)
    return np.array(np.inf, dtype)


# op -> (running numpy ufunc, identity of the dtype the scan runs in)
CUMULATIVE = {
    CumsumOp: (np.add, lambda dtype: np.zeros((), dtype)),
    CumprodOp: (np.multiply, lambda dtype: np.ones((), dtype)),
    CummaxOp: (np.maximum, lowest),
    CumminOp: (np.minimum, highest),
}


def cumulative(op: CumulativeOp, x: np.ndarray) -> np.ndarray:
    """The running reduction of `op` along its axis, in f32 for floats (exact for max/min)."""
    ufunc, identity = CUMULATIVE[type(op)]
    axis = op.axis.value.data
    x = widen(x)
    if op.reverse is not None:
        x = np.flip(x, axis)
    if op.exclusive is not None:
        # exclusive[i] = inclusive over x[0..i-1]: shift right by one, identity first.
        first = np.broadcast_to(identity(x.dtype), x.shape[:axis] + (1,) + x.shape[axis + 1 :])
        x = np.concatenate([first, np.delete(x, -1, axis)], axis) if x.shape[axis] else x
    # Integers accumulate in their own width (numpy wraps); floats in f32.
    result = ufunc.accumulate(x, axis=axis, dtype=x.dtype)
    return np.flip(result, axis) if op.reverse is not None else result


def stable_order(x: np.ndarray, axis: int, descending: bool) -> np.ndarray:
    """Stable sorting permutation along `axis`; NaN above +inf; -0.0 ties with 0.0.

    numpy's stable sort puts NaN last (in f32: ml_dtypes' bf16 sort misplaces NaN, and the
    widening is exact). Descending sorts the flipped array ascending and flips the result
    back, so equal keys keep their original order there too.
    """
    x = widen(x)
    if not descending:
        return np.argsort(x, axis=axis, kind="stable")
    n = x.shape[axis]
    order = np.argsort(np.flip(x, axis), axis=axis, kind="stable")
    return n - 1 - np.flip(order, axis)


def _register_cumulative(functions: type[InterpreterFunctions]) -> type[InterpreterFunctions]:
    """Add one `@impl` entry per CUMULATIVE op, all sharing `run_cumulative`."""
    for op_type in CUMULATIVE:
        name = "run_" + op_type.name.removeprefix("mlc_tensor.")
        setattr(functions, name, impl(op_type)(functions.run_cumulative))
    return functions


@register_impls
@_register_cumulative
class ScanFunctions(InterpreterFunctions):
    """cumsum/cumprod/cummax/cummin, sort, topk and reverse on numpy arrays."""

    def run_cumulative(
        self, interpreter: Interpreter, op: CumulativeOp, args: PythonValues
    ) -> PythonValues:
        """Any op of CUMULATIVE: scan, then round once to the result dtype."""
        with np.errstate(all="ignore"):
            value = cumulative(op, args[0])
        return (value.astype(to_numpy_dtype(op.result.type.get_element_type()), copy=False),)

    @impl(SortOp)
    def run_sort(self, interpreter: Interpreter, op: SortOp, args: PythonValues) -> PythonValues:
        (x,) = args
        axis = op.axis.value.data
        order = stable_order(x, axis, op.descending is not None)
        return np.take_along_axis(x, order, axis), order.astype(np.int64)

    @impl(TopkOp)
    def run_topk(self, interpreter: Interpreter, op: TopkOp, args: PythonValues) -> PythonValues:
        (x,) = args
        axis, k = op.axis.value.data, op.k.value.data
        order = stable_order(x, axis, op.largest.value.data != 0)
        order = np.take(order, np.arange(k), axis=axis)
        return np.take_along_axis(x, order, axis), order.astype(np.int64)

    @impl(ReverseOp)
    def run_reverse(
        self, interpreter: Interpreter, op: ReverseOp, args: PythonValues
    ) -> PythonValues:
        return (np.flip(args[0], tuple(op.axes.get_values())),)


FUNCTIONS = [ScanFunctions]
