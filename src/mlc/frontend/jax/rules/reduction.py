"""Reductions: reduce_*, argmax/argmin and reduce_window pooling."""

import math

from xdsl.dialects.builtin import i1
from xdsl.ir import SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.dialects.mlc_tensor.base import is_float
from mlc.frontend.jax.emitter import Emitter, Unsupported, element, shape
from mlc.frontend.jax.rules.registry import rule

# On i1, and/or are min/max.
REDUCTIONS = {
    "reduce_sum": mt.ReduceSumOp,
    "reduce_max": mt.ReduceMaxOp,
    "reduce_min": mt.ReduceMinOp,
    "reduce_and": mt.ReduceMinOp,
    "reduce_or": mt.ReduceMaxOp,
}


@rule(*REDUCTIONS)
def reduce(b: Emitter, x: SSAValue) -> SSAValue:
    """Reduce `axes` away."""
    if b.name in ("reduce_and", "reduce_or") and element(x) != i1:
        raise Unsupported(f"bitwise {b.name} of {element(x)}")
    return b.emit(REDUCTIONS[b.name](x, list(b.params["axes"])))


@rule("argmax", "argmin")
def argmax(b: Emitter, x: SSAValue) -> SSAValue:
    """Index of the first maximum (argmin: of -x, floats only), cast to `index_dtype`."""
    (axis,) = b.params["axes"]
    if b.name == "argmin":
        if not is_float(element(x)):
            raise Unsupported(f"argmin of {element(x)} (argmax of -x is exact for floats only)")
        x = b.emit(mt.NegOp(x))
    return b.cast(b.emit(mt.ArgmaxOp(x, axis)), b.out_element())


POOL_AXES = {(2, 3): "nchw", (1, 2): "nhwc"}


@rule("reduce_window_max", "reduce_window_sum", "reduce_window_min")
def reduce_window(b: Emitter, x: SSAValue) -> SSAValue:
    """2-d pooling over a 4-d operand whose window covers (2, 3) (nchw) or (1, 2) (nhwc).

    Padding is done by a pad op (-inf for max, 0 for sum), so any amount works; the sum
    is the average with padding counted, times the window size; min is -max(-x).
    """
    p = b.params
    window, strides, padding = p["window_dimensions"], p["window_strides"], p["padding"]
    if not is_float(element(x)) or len(shape(x)) != 4:
        raise Unsupported("pooling other than over a 4-d float operand")
    if any(d != 1 for d in p["base_dilation"]):
        raise Unsupported("base dilation")
    moving = [
        a for a in range(4)
        if window[a] != 1 or strides[a] != 1 or padding[a] != (0, 0) or p["window_dilation"][a] != 1
    ]
    axes = next((k for k in POOL_AXES if set(moving) <= set(k)), None)
    if axes is None:
        raise Unsupported(f"a window over axes {moving} (pools cover (2, 3) or (1, 2))")
    dilation = [p["window_dilation"][a] for a in axes]
    if b.name == "reduce_window_sum" and dilation != [1, 1]:
        raise Unsupported("a dilated sum window")
    negate = b.name == "reduce_window_min"
    if negate:
        x = b.emit(mt.NegOp(x))
    if any(pair != (0, 0) for pair in padding):
        fill = 0.0 if b.name == "reduce_window_sum" else -math.inf
        x = b.emit(mt.PadOp(x, [lo for lo, _ in padding], [hi for _, hi in padding], fill))
    kernel, step = [window[a] for a in axes], [strides[a] for a in axes]
    layout = POOL_AXES[axes]
    if b.name == "reduce_window_sum":
        mean = b.emit(mt.AvgPool2dOp(x, kernel, strides=step, layout=layout))
        return b.emit(mt.MulOp(mean, b.scalar(math.prod(kernel), x)))
    result = b.emit(mt.MaxPool2dOp(x, kernel, strides=step, dilation=dilation, layout=layout))
    return b.emit(mt.NegOp(result)) if negate else result
