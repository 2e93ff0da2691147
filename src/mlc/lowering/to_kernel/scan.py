"""Lane rules of the running reductions (cumsum, cumprod, cummax, cummin): a loop along the scanned axis.

Each lane owns one result element and combines, in a `scf.for` over the axis, the operand
elements of its prefix (or suffix, with `reverse`) read under a guard: O(n) reads per lane,
meant for the short axes models scan (token positions, masks). The combination runs in
axis order from the first element, as numpy's accumulate does, so float sums round alike.
"""

import dataclasses

from xdsl.dialects import arith, scf
from xdsl.dialects.builtin import IntegerType, i32
from xdsl.ir import Attribute, Block, Operation, SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.dialects.mlc_kernel.base import is_float
from mlc.lowering.to_kernel.lanes import Coords, Lanes, Rule, compute_type, element_of, neutral, shape_of

# op -> (combiner kind, float op, integer op, i1 op: a running max of booleans is an or, a min an and)
COMBINE: dict[type[Operation], tuple[str, type[Operation], type[Operation], type[Operation] | None]] = {
    mt.CumsumOp: ("sum", arith.AddfOp, arith.AddiOp, None),
    mt.CumprodOp: ("prod", arith.MulfOp, arith.MuliOp, None),
    mt.CummaxOp: ("max", arith.MaximumfOp, arith.MaxSIOp, arith.OrIOp),
    mt.CumminOp: ("min", arith.MinimumfOp, arith.MinSIOp, arith.AndIOp),
}


def is_i1(typ: Attribute) -> bool:
    """True for the boolean element type."""
    return isinstance(typ, IntegerType) and typ.width.data == 1


def identity(kind: str, typ: Attribute) -> float | int:
    """What an element outside the prefix contributes: 1 for products, false / true for i1 or / and."""
    if kind == "prod":
        return 1
    if is_i1(typ):
        return int(kind == "min")
    return neutral(kind, typ)


# (reverse, exclusive) -> the predicate on (j, i) of the elements j that result[i] combines.
PREFIX = {(False, False): "sle", (False, True): "slt", (True, False): "sge", (True, True): "sgt"}


def lower_cumulative(lanes: Lanes, op: mt.CumulativeOp, coords: Coords) -> SSAValue:
    # result[.., i, ..] = x[.., 0, ..] (+) .. (+) x[.., i, ..] (j <= i; j < i exclusive; j >= i or
    # j > i reversed): a loop over j adds the identity where j is outside the prefix.
    axis = op.axis.value.data
    typ = compute_type(element_of(op.input))
    kind, float_op, int_op, bool_op = COMBINE[type(op)]
    combine = float_op if is_float(typ) else bool_op if is_i1(typ) else int_op
    fill = identity(kind, typ)
    start = lanes.const(fill, typ, block=True)
    body = Block(arg_types=[i32, start.type])
    j, carried = body.args
    # The body sees every value computed before the loop; what it computes stays in the body.
    inner = dataclasses.replace(lanes, block=body, memo=dict(lanes.memo))
    predicate = PREFIX[op.reverse is not None, op.exclusive is not None]
    inside = inner.compare(predicate, j, inner.index(coords[axis]), False)
    with inner.guarded(inside):
        x = inner.at(op.input, coords[:axis] + (j,) + coords[axis + 1 :])
    step = inner.select(inside, x, inner.const(fill, typ))
    body.add_op(scf.YieldOp(inner.binary(combine, carried, step)))
    n = shape_of(op.input)[axis]
    return lanes.add(scf.ForOp(lanes.const(0, i32), lanes.const(n, i32), lanes.const(1, i32), [start], body))


RULES: dict[type[Operation], Rule] = {op: lower_cumulative for op in COMBINE}
"""The scan rules this module adds to lanes.py's table."""
