"""The attention kernel kind: one flash-attention kernel per fuse-attention group (online softmax).

A group of kind "attention" (see passes/fuse_attention.py) computes
o[b, i, :] = sum_j softmax_j(x[b, i, :]) v[b, j, :] where x = score ops on s = q k (scale,
mask: any elementwise expression the group holds). One program owns BLOCK_M query rows of
one (batch, head): program_id(0) walks the query blocks, program_id(1) the flattened batch.
It loads its Q tile once and loops over the keys BLOCK_N at a time, carrying a running row
max m_i, a running sum l_i and an f32 accumulator (Triton's fused-attention tutorial):

    s = Q K_j;  x = score(s) at (batch, i, j), keys past Lk at -inf
    m' = max(m_i, rowmax x);  p = e^(x - m');  alpha = e^(m_i - m')
    l_i = alpha l_i + rowsum p;  acc = alpha acc + p V_j;  m_i = m'
    o = acc / l_i

Identity: softmax(x) V = (sum_j e^(x_j - m) V_j) / (sum_j e^(x_j - m)) for every m, and
rescaling by alpha = e^(m_old - m_new) moves both sums from one m to the next, so the result
equals the unfused one up to rounding. Where a row's max is still -inf the kernel shifts by 0
instead (e^(-inf - 0) = 0, never -inf - -inf), so a fully masked row ends with l_i = 0 and
o = 0 / 0 = NaN, as softmax is defined by the tensor interpreter; the masked-row fix of torch's
SDPA (select(all(x == -inf), 0, softmax x)) is o = 0 there. The scores are evaluated through
`Lanes`, so the scale and whatever mask the group holds (bias tensors, boolean masks, causal
compares of iota) read their inputs at (batch..., i, j); q, k and v are read through `Lanes`
too, so their layout ops (reshape, transpose, slice, a scale) are index arithmetic on loads.
"""

import math as pymath
from dataclasses import dataclass

from xdsl.dialects import arith, math, scf
from xdsl.dialects.builtin import f32, i32
from xdsl.ir import Block, Operation, SSAValue

from mlc.dialects import mlc_kernel as mk
from mlc.dialects import mlc_tensor as mt
from mlc.dialects.mlc_kernel.base import byte_width
from mlc.lowering.to_kernel.gemm import common_operand, in_bounds, operand_tile
from mlc.lowering.to_kernel.group import Group, block_const, numel, range_from, store_output, tile_index
from mlc.lowering.to_kernel.lanes import Coords, Lanes, LoweringError, broadcast_coords, compute_type, element_of, shape_of
from mlc.lowering.to_kernel.tiles import TileOptions, Tiling
from mlc.passes.fuse_attention import KIND, match
from mlc.passes.fusion.classify import is_contraction

NEG_INF = -pymath.inf


@dataclass
class Attention:
    """An attention group's spine and sizes: o[batch.., Lq, Dv] from q[.., Lq, Dk], k[.., Dk, Lk], v[.., Lk, Dv]."""

    qk: mt.BatchMatmulOp
    softmax: mt.SoftmaxOp
    pv: mt.BatchMatmulOp
    fix: bool
    """Whether fully masked rows are 0 (torch's masked-row fix) rather than NaN."""

    @property
    def batch(self) -> tuple[int, ...]:
        """The output's batch dims (program_id(1) walks them flattened)."""
        return shape_of(self.pv.result)[:-2]

    @property
    def sizes(self) -> tuple[int, int, int, int]:
        """(Lq, Lk, Dk, Dv)."""
        lq, lk = shape_of(self.softmax.input)[-2:]
        return lq, lk, shape_of(self.qk.lhs)[-1], shape_of(self.pv.rhs)[-1]


def describe(group: Group) -> Attention:
    """The attention spine of `group`; a LoweringError when the group is no fuse-attention pattern."""
    ops = list(group.body.ops)
    softmaxes = [o for o in ops if isinstance(o, mt.SoftmaxOp)]
    found = match(softmaxes[0]) if len(softmaxes) == 1 else None
    contractions = [o for o in ops if is_contraction(o)]
    if found is None or len(contractions) != 2:
        raise LoweringError(
            "mlc_tensor.fused of kind attention: expected batch_matmul -> score ops -> softmax over the "
            f"last axis -> batch_matmul (found {len(softmaxes)} softmax, {len(contractions)} contractions); "
            "let fuse-attention build the group"
        )
    fix = any(isinstance(o, mt.SelectOp) and o.operands[2] is softmaxes[0].result for o in found.spine)
    return Attention(found.spine[0], softmaxes[0], found.output, fix)


def on_tile(coords: Coords, tile: Coords, sizes: tuple[int, int]) -> bool:
    """Whether `coords` are the tile's index blocks (a size-1 dim may read at 0, as broadcasts do)."""
    return all(c is t or (size == 1 and isinstance(c, int) and c == 0) for c, t, size in zip(coords, tile, sizes))


def is_attention(group: Group) -> bool:
    """Whether `group` is an `mlc_tensor.fused` op that fuse-attention marked as attention."""
    fused = group.body.parent_op()
    return isinstance(fused, mt.FusedOp) and fused.kind is not None and fused.kind.data == KIND


def rows_to(lanes: Lanes, row: SSAValue, shape: tuple[int, int]) -> SSAValue:
    """A per-row block [BLOCK_M] broadcast across the columns of a `shape` tile."""
    return lanes.add(mk.BroadcastOp(lanes.add(mk.ExpandDimsOp(row, 1)), shape))


def attention(group: Group, block: Block, options: TileOptions) -> tuple[tuple[int, ...], Tiling]:
    """Flash attention: a program per (query block, batch), a key loop with online softmax, then o = acc / l."""
    a = describe(group)
    lq, lk, dk, dv = a.sizes
    qk_element = common_operand(a.qk, a.qk.lhs, a.qk.rhs)
    pv_element = common_operand(a.pv, a.pv.lhs, a.pv.rhs)
    tiling = options.attention(lq, lk, max(dk, dv), 8 * byte_width(qk_element))
    bm, bn, bd = (tiling.constexprs[k] for k in ("BLOCK_M", "BLOCK_N", "BLOCK_D"))
    top = group.lanes(block, (bm, bd))

    def lanes(at: Block, shape: tuple[int, ...], mask: SSAValue | None) -> Lanes:
        # One memo of index splits for all: a batch reshape finds the flat batch it came from.
        new = group.lanes(at, shape, mask)
        new.shared = top.shared
        return new

    flat_batch = top.add(mk.ProgramIdOp(1))

    def same_batch(at: Lanes, coords: Coords, shape: tuple[int, ...]) -> bool:
        # Batch coordinates are this program's when they flatten (row-major) to program_id(1);
        # the shared split memo returns it for coordinates split from it.
        return numel(shape) == 1 or at.linearize(coords, shape) is flat_batch

    splits: dict[tuple[int, ...], Coords] = {}

    def batch_coords(shape: tuple[int, ...]) -> Coords:
        # The program's batch coordinates in a space of batch dims `shape` (split once per shape).
        if shape not in splits:
            splits[shape] = top.delinearize(flat_batch, shape)
        return splits[shape]

    batch, qk_batch = a.batch, shape_of(a.qk.result)[:-2]
    bc, qk_bc, score_bc = batch_coords(batch), batch_coords(qk_batch), batch_coords(shape_of(a.softmax.input)[:-2])
    offs_m = range_from(top, top.scale(top.add(mk.ProgramIdOp(0)), bm), bm)
    offs_d = top.add(mk.MakeRangeOp(0, bd))
    rows, cols = tile_index(top, offs_m, 0, (bm, bd)), tile_index(top, offs_d, 1, (bm, bd))
    rows_ok = in_bounds(top, rows, lq)
    q_lanes = lanes(block, (bm, bd), top.binary(arith.AndIOp, rows_ok, in_bounds(top, cols, dk)))
    q_at = broadcast_coords(qk_bc, qk_batch, shape_of(a.qk.lhs)[:-2]) + (rows, cols)
    q = top.convert(operand_tile(q_lanes, a.qk.lhs, q_at, qk_element), qk_element)
    no_scores = block_const(top, 0.0, f32, (bm, bn))
    carried = [block_const(top, NEG_INF, f32, (bm,)), block_const(top, 0.0, f32, (bm,)), block_const(top, 0.0, f32, (bm, bd))]

    body = Block(arg_types=[i32, *(c.type for c in carried)])
    k0, m_i, l_i, acc = body.args
    loop = lanes(body, (bm, bn), None)
    keys = range_from(loop, k0, bn)
    # K tile [BLOCK_D, BLOCK_N] and the raw scores s = Q K.
    d_rows, k_cols = tile_index(loop, offs_d, 0, (bd, bn)), tile_index(loop, keys, 1, (bd, bn))
    k_lanes = lanes(body, (bd, bn), loop.binary(arith.AndIOp, in_bounds(loop, d_rows, dk), in_bounds(loop, k_cols, lk)))
    k_at = broadcast_coords(qk_bc, qk_batch, shape_of(a.qk.rhs)[:-2]) + (d_rows, k_cols)
    k = loop.convert(operand_tile(k_lanes, a.qk.rhs, k_at, qk_element), qk_element)
    s = loop.add(mk.DotOp(q, k, no_scores))
    # The score ops at (batch.., i, j): the group's scale and mask, reading the product's tile.
    i2, j2 = tile_index(loop, offs_m, 0, (bm, bn)), tile_index(loop, keys, 1, (bm, bn))
    keys_ok = in_bounds(loop, j2, lk)
    score = lanes(body, (bm, bn), loop.binary(arith.AndIOp, in_bounds(loop, i2, lq), keys_ok))

    def scores(at: Lanes, op: Operation, coords: Coords) -> SSAValue:
        # The scores product's value at this trip's tile: the dot just taken.
        if op is not a.qk or not same_batch(at, coords[:-2], qk_batch) or not on_tile(coords[-2:], (i2, j2), (lq, lk)):
            raise LoweringError(f"{op.name}: its result is read at other positions than the score tile")
        return s

    score.contraction = scores
    x = score.at(a.softmax.input, score_bc + (i2, j2))
    x = loop.select(keys_ok, x, loop.const(NEG_INF, f32, block=True))
    # Online softmax: shift by the running max (0 while a row has seen only -inf).
    m_new = loop.binary(arith.MaximumfOp, m_i, loop.add(mk.ReduceOp(x, 1, "max")))
    unseen = loop.compare("oeq", m_new, loop.const(NEG_INF, f32), True)
    shift = loop.select(unseen, loop.const(0.0, f32), m_new)
    alpha = loop.add(math.ExpOp(loop.binary(arith.SubfOp, m_i, shift)))
    p = loop.add(math.ExpOp(loop.binary(arith.SubfOp, x, rows_to(loop, shift, (bm, bn)))))
    l_new = loop.binary(arith.AddfOp, loop.binary(arith.MulfOp, l_i, alpha), loop.add(mk.ReduceOp(p, 1, "sum")))
    # V tile [BLOCK_N, BLOCK_D]; acc = alpha acc + p V.
    k_rows, d_cols = tile_index(loop, keys, 0, (bn, bd)), tile_index(loop, offs_d, 1, (bn, bd))
    v_lanes = lanes(body, (bn, bd), loop.binary(arith.AndIOp, in_bounds(loop, k_rows, lk), in_bounds(loop, d_cols, dv)))
    v_at = broadcast_coords(bc, batch, shape_of(a.pv.rhs)[:-2]) + (k_rows, d_cols)
    v = loop.convert(operand_tile(v_lanes, a.pv.rhs, v_at, pv_element), pv_element)
    scaled = loop.binary(arith.MulfOp, acc, rows_to(loop, alpha, (bm, bd)))
    acc_new = loop.add(mk.DotOp(loop.convert(p, pv_element), v, scaled))
    body.add_op(scf.YieldOp(m_new, l_new, acc_new))
    trips = scf.ForOp(top.const(0, i32), top.const(lk, i32), top.const(bn, i32), carried, body)
    top.add(trips)
    m_f, l_f, acc_f = trips.results

    out = top.binary(arith.DivfOp, acc_f, rows_to(top, l_f, (bm, bd)))
    if a.fix:  # torch's masked-row fix: rows whose scores are all -inf give 0, not 0/0
        masked = top.compare("oeq", m_f, top.const(NEG_INF, f32), True)
        out = top.select(rows_to(top, masked, (bm, bd)), top.const(0.0, f32), out)
    top.mask = top.binary(arith.AndIOp, rows_ok, in_bounds(top, cols, dv))
    where = bc + (rows, cols)

    def output(at: Lanes, op: Operation, coords: Coords) -> SSAValue:
        # The output product's value at the program's tile: the normalized accumulator.
        if op is not a.pv or not on_tile(coords[-2:], (rows, cols), (lq, dv)) or not same_batch(at, coords[:-2], batch):
            raise LoweringError(f"{op.name}: its result is read at other positions than the output tile")
        return at.convert(out, compute_type(element_of(op.results[0])))

    top.contraction = output
    for value, ptr in group.outputs:
        if shape_of(value) != shape_of(a.pv.result):
            raise LoweringError(
                f"attention output of shape {list(shape_of(value))} differs from the output tile space "
                f"{list(shape_of(a.pv.result))}; keep ops after the output product out of the group"
            )
        store_output(top, value, ptr, where)
    return (-(-lq // bm), max(1, numel(batch))), tiling
