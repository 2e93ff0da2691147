"""Lane rules of the data-movement ops that read their operands elsewhere: gather, concat, pad.

Like every rule in lanes.py these map coordinates of the result to coordinates of the
operands, so they work in any kernel kind (a lone op, an elementwise group, a reduction's
prologue, a GEMM operand tile). A read that may fall outside its operand is made under
`Lanes.guarded(inside)` and the rule selects its own value where `inside` is false.
Index arithmetic on Python ints folds at build time: a condition known to hold emits no
guard, one known to fail emits no read.
"""

from xdsl.dialects import arith
from xdsl.dialects.builtin import i32
from xdsl.ir import Operation, SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.lowering.to_kernel.lanes import Coord, Coords, Lanes, Rule, compute_type, element_of, shape_of

Condition = bool | SSAValue
"""An i1 lane condition, or True/False when it is known at build time."""


def both(lanes: Lanes, a: Condition, b: Condition) -> Condition:
    """a and b (folding known values)."""
    if a is False or b is False:
        return False
    if a is True:
        return b
    if b is True:
        return a
    return lanes.binary(arith.AndIOp, a, b)


def within(lanes: Lanes, c: Coord, low: int | None, high: int | None) -> Condition:
    """low <= c < high (a None bound is not checked)."""
    if isinstance(c, int):
        return (low is None or low <= c) and (high is None or c < high)
    above = True if low is None else lanes.compare("sge", c, lanes.const(low, i32), False)
    return both(lanes, above, True if high is None else lanes.compare("slt", c, lanes.const(high, i32), False))


def minimum(lanes: Lanes, a: Coord, b: Coord) -> Coord:
    """min(a, b) of i32 coordinates."""
    if isinstance(a, int) and isinstance(b, int):
        return min(a, b)
    return lanes.binary(arith.MinSIOp, lanes.index(a), lanes.index(b))


def maximum(lanes: Lanes, a: Coord, b: Coord) -> Coord:
    """max(a, b) of i32 coordinates."""
    if isinstance(a, int) and isinstance(b, int):
        return max(a, b)
    return lanes.binary(arith.MaxSIOp, lanes.index(a), lanes.index(b))


def minus(lanes: Lanes, a: Coord, b: Coord) -> Coord:
    """a - b of i32 coordinates."""
    if isinstance(b, int):
        return lanes.plus(a, -b)
    return lanes.binary(arith.SubiOp, lanes.index(a), b)


def guarded_at(lanes: Lanes, value: SSAValue, coords: Coords, inside: Condition) -> SSAValue | None:
    """`value` at `coords` where `inside` holds (other lanes read no memory and hold anything).

    None when `inside` never holds.
    """
    if inside is False:
        return None
    if inside is True:
        return lanes.at(value, coords)
    with lanes.guarded(inside):
        return lanes.at(value, coords)


def filled_at(lanes: Lanes, value: SSAValue, coords: Coords, inside: Condition, fill: float | int) -> SSAValue:
    """`value` at `coords` where `inside` holds, else `fill` (in the value's compute type)."""
    typ = compute_type(element_of(value))
    read = guarded_at(lanes, value, coords, inside)
    if read is None:
        return lanes.const(fill, typ)
    return read if inside is True else lanes.select(inside, read, lanes.const(fill, typ))


def lower_gather(lanes: Lanes, op: mt.GatherOp, coords: Coords) -> SSAValue:
    # take(x, idx, axis)[a, i, b] = x[a, clip(idx[i], 0, size - 1), b]: the index is read lane
    # by lane and becomes a data-dependent coordinate (clamped in its own width, then i32).
    axis, rank = op.axis.value.data, len(shape_of(op.indices))
    size = shape_of(op.input)[axis]
    index = lanes.at(op.indices, coords[axis : axis + rank])
    index = lanes.binary(arith.MaxSIOp, index, lanes.number(0, index))
    index = lanes.convert(lanes.binary(arith.MinSIOp, index, lanes.number(size - 1, index)), i32)
    return lanes.at(op.input, coords[:axis] + (index,) + coords[axis + rank :])


def lower_concat(lanes: Lanes, op: mt.ConcatOp, coords: Coords) -> SSAValue:
    # concat(x0, x1, ..)[.., c, ..] = xj[.., c - offset_j, ..] for offset_j <= c < offset_j + size_j:
    # each operand is read in its own range and the later ranges select over the earlier ones.
    axis, c = op.axis.value.data, coords[op.axis.value.data]
    operands = [v for v in op.inputs if shape_of(v)[axis] > 0]
    result, offset = None, 0
    for j, operand in enumerate(operands):
        size = shape_of(operand)[axis]
        # Lanes keep c inside the result, so the first range needs no low and the last no high check.
        inside = within(lanes, c, offset if j > 0 else None, offset + size if j < len(operands) - 1 else None)
        here = coords[:axis] + (minus(lanes, c, offset),) + coords[axis + 1 :]
        read = guarded_at(lanes, operand, here, inside)
        if read is not None:
            result = read if result is None or inside is True else lanes.select(inside, read, result)
        offset += size
    assert result is not None, "a verified concat with lanes in its range reads some operand"
    return result


def absolute(lanes: Lanes, c: Coord) -> Coord:
    """|c| = max(c, -c) of an i32 coordinate."""
    return abs(c) if isinstance(c, int) else maximum(lanes, c, minus(lanes, 0, c))


def reflect(lanes: Lanes, c: Coord, size: int) -> Coord:
    """The mirrored coordinate without repeating the edge, for -size < c < 2 size - 1.

    Identity: with m = size - 1, reflect(c) = m - |m - |c||.
    """
    return minus(lanes, size - 1, absolute(lanes, minus(lanes, size - 1, absolute(lanes, c))))


def lower_pad(lanes: Lanes, op: mt.PadOp, coords: Coords) -> SSAValue:
    # pad(x)[i] = x[i - low] inside x; outside: the value (constant), the mirrored element
    # (reflect: numpy 'reflect') or the nearest edge element (replicate: numpy 'edge').
    # Only padded sides are checked: lanes keep every coordinate inside the result.
    shape, mode = shape_of(op.input), op.mode.data
    lows, highs = op.low.get_values(), op.high.get_values()
    inner = tuple(minus(lanes, c, lo) for c, lo in zip(coords, lows))
    padded = [lo > 0 or hi > 0 for lo, hi in zip(lows, highs)]
    if mode == "constant":
        inside: Condition = True
        for c, d, lo, hi in zip(inner, shape, lows, highs):
            inside = both(lanes, inside, within(lanes, c, 0 if lo > 0 else None, d if hi > 0 else None))
        return filled_at(lanes, op.input, inner, inside, op.value.value.data)
    if mode == "reflect":
        mirrored = (reflect(lanes, c, d) if p else c for c, d, p in zip(inner, shape, padded))
        return lanes.at(op.input, tuple(mirrored))
    clamped = (minimum(lanes, maximum(lanes, c, 0), d - 1) if p else c for c, d, p in zip(inner, shape, padded))
    return lanes.at(op.input, tuple(clamped))


RULES: dict[type[Operation], Rule] = {
    mt.GatherOp: lower_gather,
    mt.ConcatOp: lower_concat,
    mt.PadOp: lower_pad,
}
"""The data-movement rules this module adds to lanes.py's table."""
