"""Scans and orderings: cumsum/cumprod/cummax/cummin, sort (one key, iota payload), top_k."""

from xdsl.dialects.builtin import i1
from xdsl.ir import SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.frontend.jax.emitter import Emitter, Unsupported, element, shape
from mlc.frontend.jax.rules.registry import rule

CUMULATIVE = {
    "cumsum": mt.CumsumOp,
    "cumprod": mt.CumprodOp,
    "cummax": mt.CummaxOp,
    "cummin": mt.CumminOp,
}


@rule(*CUMULATIVE)
def cumulative(b: Emitter, x: SSAValue) -> SSAValue:
    """Running reduction along `axis`, from the end when `reverse`."""
    if b.name in ("cumsum", "cumprod") and element(x) == i1:
        raise Unsupported(f"{b.name} of booleans")
    return b.emit(CUMULATIVE[b.name](x, b.params["axis"], reverse=b.params["reverse"]))


def iota_along(value: SSAValue, axis: int) -> tuple[float, float] | None:
    """(start, step) when `value` is start + step * i along `axis` (an iota, maybe reversed)."""
    op = value.owner
    if isinstance(op, mt.IotaOp) and op.dimension.value.data == axis:
        start = op.start.value.data if op.start is not None else 0
        step = op.step.value.data if op.step is not None else 1
        return start, step
    if isinstance(op, mt.ReverseOp):
        inner = iota_along(op.input, axis)
        if inner is None or axis not in op.axes.get_values():
            return inner  # reversing other axes leaves an iota along `axis` unchanged
        start, step = inner
        return start + step * (shape(value)[axis] - 1), -step
    return None


@rule("sort")
def sort(b: Emitter, *operands: SSAValue) -> list[SSAValue]:
    """A stable ascending sort of one key; a payload must be an iota along the axis (argsort).

    The sorted payload start + step * i is start + step * index. mlc_tensor.sort is always
    stable, which is also a valid `is_stable=False` sort.
    """
    axis, (key, *payload) = b.params["dimension"], operands
    if b.params["num_keys"] != 1 or len(payload) > 1:
        raise Unsupported(f"sort of {b.params['num_keys']} keys with {len(payload)} payloads")
    affine = iota_along(payload[0], axis) if payload else None
    if payload and affine is None:
        raise Unsupported("sort with a payload other than an iota along the sorted axis")
    op = mt.SortOp(key, axis)
    values = b.emit(op)
    if affine is None:
        return [values]
    start, step = affine
    result = b.cast(op.indices, element(payload[0]))
    if step != 1:
        result = b.emit(mt.MulOp(result, b.scalar(step, result)))
    if start != 0:
        result = b.emit(mt.AddOp(result, b.scalar(start, result)))
    return [values, result]


@rule("top_k")
def top_k(b: Emitter, x: SSAValue) -> list[SSAValue]:
    """The k largest along `axis` (the last one in older JAX) and their indices."""
    op = mt.TopkOp(x, b.params["k"], b.params.get("axis", -1))
    values = b.emit(op)
    return [values, b.cast(op.indices, b.out_element(1))]
