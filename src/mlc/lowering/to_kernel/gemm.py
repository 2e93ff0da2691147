"""The tiled GEMM every contraction kind lowers to: BLOCK_M x BLOCK_N tiles, a K loop, the epilogue.

A contraction op is described as a `Gemm`: result[batch..., m, n] = finish(sum_k a(m, k) b(k, n))
over an M x N x K space, where `a_tile`/`b_tile` build one BLOCK_M x BLOCK_K (BLOCK_K x
BLOCK_N) operand tile from index blocks of m, k (k, n) and `finish` turns the accumulator
tile into the op's value (bias, scales). matmul, batch_matmul and linear read their
operands through the group's `Lanes`, so a prologue fused before the product (a slice, a
cast, any elementwise op) is computed per tile; conv2d (implicit GEMM) and the quantized
and sparse products register their own descriptions in `GEMMS`.

Kernel shape (Triton's matmul tutorial): program_id(0) walks the M x N tiles in GROUP_M
bands (L2 reuse), program_id(1) the flattened batch; the K loop carries an f32 (i32 for
integer operands) accumulator through `mlc_kernel.dot`; the epilogue evaluates the group's
outputs at the tile through `Lanes.contraction`.

GEMV (tiles.py's heuristic: float accumulation and M <= GEMV_MAX_M, e.g. decode-time linear
layers, weight-only int4/int8 and 2:4 among them): the same kernel with BLOCK_M = M rounded
up to a power of two and no dot: each K step adds sum_k a[m, k] * b[k, n] as a broadcast
BLOCK_M x BLOCK_K x BLOCK_N product reduced along K (f32), so no lanes are wasted on the
16-row minimum of tl.dot and the weight slab (dequantized or expanded from 2:4 in registers
by `b_tile`) is read once per program.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from xdsl.dialects import arith, scf
from xdsl.dialects.builtin import f32, i32
from xdsl.ir import Attribute, Block, Operation, SSAValue

from mlc.dialects import mlc_kernel as mk
from mlc.dialects import mlc_quant as mq
from mlc.dialects import mlc_tensor as mt
from mlc.dialects.mlc_kernel.base import byte_width, is_float
from mlc.lowering.to_kernel.group import Group, block_const, numel, range_from, store_output, tile_index
from mlc.lowering.to_kernel.lanes import (
    Coord,
    Coords,
    Lanes,
    LoweringError,
    Source,
    broadcast_coords,
    compute_type,
    element_of,
    shape_of,
)
from mlc.lowering.to_kernel.tiles import GEMV_MAX_M, TileOptions, Tiling

TileBuilder = Callable[[Lanes, Coords, SSAValue, SSAValue], SSAValue]
"""(tile lanes, batch coordinates, row index block (a_tile: what `Gemm.rows` made of it), column index block) -> operand tile."""
Finish = Callable[[Lanes, SSAValue, Coords, SSAValue, SSAValue], SSAValue]
"""(epilogue lanes, accumulator tile, batch coordinates, m block, n block) -> the op's value there."""


@dataclass
class Gemm:
    """A contraction as an M x N x K product over a batch, and how its tiles are read and finished."""

    op: Operation
    batch: tuple[int, ...]
    m: int
    n: int
    k: int
    operand: Attribute
    """The element type the dot reads both tiles in (f32, f16, bf16 or i8)."""
    a_tile: TileBuilder
    b_tile: TileBuilder
    result_coords: Callable[[Lanes, Coords, SSAValue, SSAValue], Coords]
    """(lanes, batch coordinates, m block, n block) -> the coordinates of the op's result there."""
    finish: Finish = field(default=lambda lanes, acc, batch, m, n: acc)
    rows: Callable[[Lanes, Coords, SSAValue], object] = field(default=lambda lanes, batch, m: m)
    """(lanes before the K loop, batch coordinates, m block) -> what `a_tile` gets as its rows:
    work that depends on the row alone (an implicit GEMM's window origins) is done once, not per K step."""

    @property
    def accumulator(self) -> Attribute:
        """f32 for float operands, i32 for integer ones."""
        return f32 if is_float(self.operand) else i32

    def is_gemv(self, options: TileOptions) -> bool:
        """Whether to lower as a GEMV: few rows, float accumulation, no `matmul` blocks given."""
        return self.m <= GEMV_MAX_M and self.accumulator == f32 and not options.matmul


def operand_tile(lanes: Lanes, value: SSAValue, coords: Coords, element: Attribute) -> SSAValue:
    """Tensor `value` at `coords` as a tile of `element`: loaded as stored when it is a group input
    (masked-off lanes read 0), else computed by the group's ops (a prologue) and converted."""
    source = lanes.sources.get(value)
    if source is None:
        # A prologue maps a masked-off lane's 0 to anything (quantize: the zero point); it
        # must read 0 there too, for the K sums of the tile and for NaN-free padding in the dot.
        # A stored weight decodes masked-off (zero) bytes to 0 already.
        computed = lanes.convert(lanes.lift(lanes.at(value, coords)), element)
        mask = lanes.load_mask()
        if mask is None or isinstance(lanes.inline.get(value, value.owner), mq.ConstantOp):
            return computed
        zero = block_const(lanes, 0.0 if is_float(element) else 0, element, lanes.shape)
        return lanes.select(mask, computed, zero)
    return source_tile(lanes, source, lanes.linearize(coords, source.shape), element)


def source_tile(lanes: Lanes, source: Source, offset: Coord, element: Attribute) -> SSAValue:
    """Group input `source` at flat element offsets `offset` as a tile of `element` (masked-off lanes read 0)."""
    ptrs = lanes.pointers(source.ptr, lanes.lift(lanes.index(offset)))  # a tile even where size-1 dims make it one place
    zero = block_const(lanes, 0.0 if is_float(source.element) else 0, source.element, lanes.shape)
    return lanes.convert(lanes.add(mk.LoadOp(ptrs, lanes.load_mask(), zero)), element)


def common_operand(op: Operation, a: SSAValue, b: SSAValue) -> Attribute:
    """The dot's operand type for two float operands: their type when they agree, else f32."""
    ea, eb = element_of(a), element_of(b)
    if not (is_float(ea) and is_float(eb)):
        raise LoweringError(f"{op.name}: expected float operands, got {ea} and {eb}")
    return ea if ea == eb else f32


def matmul_gemm(op: Operation, group: Group) -> Gemm:
    """matmul / batch_matmul: a[batch.., m, k] b[batch.., k, n], both broadcast over the batch."""
    *batch, m, n = shape_of(op.results[0])
    a, b = op.operands[0], op.operands[1]
    a_shape, b_shape = shape_of(a), shape_of(b)
    element = common_operand(op, a, b)
    batch = tuple(batch)

    def a_tile(lanes: Lanes, bc: Coords, rows: SSAValue, ks: SSAValue) -> SSAValue:
        return operand_tile(lanes, a, broadcast_coords(bc, batch, a_shape[:-2]) + (rows, ks), element)

    def b_tile(lanes: Lanes, bc: Coords, ks: SSAValue, cols: SSAValue) -> SSAValue:
        return operand_tile(lanes, b, broadcast_coords(bc, batch, b_shape[:-2]) + (ks, cols), element)

    return Gemm(op, batch, m, n, a_shape[-1], element, a_tile, b_tile, lambda lanes, bc, mm, nn: bc + (mm, nn))


def linear_gemm(op: mt.LinearOp, group: Group) -> Gemm:
    """linear: input[lead.., k] weight[n, k] (+ bias[n]); the lead dims flatten into M."""
    *lead, k = shape_of(op.input)
    n = shape_of(op.weight)[0]
    element = common_operand(op, op.input, op.weight)
    lead = tuple(lead)

    def a_tile(lanes: Lanes, bc: Coords, rows: SSAValue, ks: SSAValue) -> SSAValue:
        return operand_tile(lanes, op.input, lanes.delinearize(rows, lead) + (ks,), element)

    def b_tile(lanes: Lanes, bc: Coords, ks: SSAValue, cols: SSAValue) -> SSAValue:
        return operand_tile(lanes, op.weight, (cols, ks), element)

    def finish(lanes: Lanes, acc: SSAValue, bc: Coords, mm: SSAValue, nn: SSAValue) -> SSAValue:
        return acc if op.bias is None else lanes.binary(arith.AddfOp, acc, lanes.at(op.bias, (nn,)))

    def result_coords(lanes: Lanes, bc: Coords, mm: SSAValue, nn: SSAValue) -> Coords:
        return lanes.delinearize(mm, lead) + (nn,)

    return Gemm(op, (), numel(lead), n, k, element, a_tile, b_tile, result_coords, finish)


GEMMS: dict[type[Operation], Callable[[Operation, Group], Gemm]] = {
    mt.MatmulOp: matmul_gemm,
    mt.BatchMatmulOp: matmul_gemm,
    mt.LinearOp: linear_gemm,
}
"""Contraction op -> its GEMM description; conv2d and the mlc_quant products add theirs."""


def is_gemm(op: Operation) -> bool:
    """Whether `op` is a contraction this module lowers (its class has a description in GEMMS)."""
    return type(op) in GEMMS


def grouped_ids(lanes: Lanes, pid: SSAValue, tiles_m: int, tiles_n: int, group_m: int) -> tuple[SSAValue, SSAValue]:
    """(pid_m, pid_n) in GROUP_M-row bands, so programs running together share B tiles in L2.

    Identity (Triton's matmul tutorial): with W = GROUP_M * tiles_n programs per band,
    band = pid / W, size = min(tiles_m - band * GROUP_M, GROUP_M),
    pid_m = band * GROUP_M + (pid % W) % size, pid_n = (pid % W) / size.
    """
    width = group_m * tiles_n
    band = lanes.divide(pid, width)
    first = lanes.scale(band, group_m)
    rest = lanes.binary(arith.SubiOp, lanes.const(tiles_m, i32), lanes.index(first))
    size = lanes.binary(arith.MinSIOp, rest, lanes.const(group_m, i32))
    local = lanes.modulo(pid, width)
    pid_m = lanes.plus(first, lanes.binary(arith.RemSIOp, lanes.index(local), size))
    pid_n = lanes.binary(arith.DivSIOp, lanes.index(local), size)
    return lanes.index(pid_m), pid_n


def in_bounds(lanes: Lanes, index: SSAValue, size: int) -> SSAValue:
    """index < size, lane by lane."""
    return lanes.compare("slt", index, block_const(lanes, size, i32, index.type.get_shape()), False)


def gemv_step(lanes: Lanes, a: SSAValue, b: SSAValue, acc: SSAValue) -> SSAValue:
    """acc + sum_k a[m, k] * b[k, n] in f32, as a broadcast product reduced along K (no dot)."""
    bm, bk = a.type.get_shape()  # pyright: ignore[reportAttributeAccessIssue]
    bn = b.type.get_shape()[1]  # pyright: ignore[reportAttributeAccessIssue]
    cube = (bm, bk, bn)
    a3 = lanes.add(mk.BroadcastOp(lanes.add(mk.ExpandDimsOp(lanes.convert(a, f32), 2)), cube))
    b3 = lanes.add(mk.BroadcastOp(lanes.add(mk.ExpandDimsOp(lanes.convert(b, f32), 0)), cube))
    part = lanes.add(mk.ReduceOp(lanes.add(arith.MulfOp(a3, b3)), 1, "sum"))
    return lanes.add(arith.AddfOp(acc, part))


def k_loop(group: Group, lanes: Lanes, g: Gemm, tiling: Tiling, bc: Coords, offs_m: SSAValue, offs_n: SSAValue,
           gemv: bool = False) -> SSAValue:
    """The accumulator tile: sum over K of a_tile @ b_tile, BLOCK_K at a time (tails masked to 0),
    through the dot, or as a GEMV's product reduced along K."""
    bm, bn, bk = (tiling.constexprs[k] for k in ("BLOCK_M", "BLOCK_N", "BLOCK_K"))
    rows_a, cols_b = tile_index(lanes, offs_m, 0, (bm, bk)), tile_index(lanes, offs_n, 1, (bk, bn))
    m_ok, n_ok = in_bounds(lanes, rows_a, g.m), in_bounds(lanes, cols_b, g.n)
    rows = g.rows(lanes, bc, rows_a)
    zero = block_const(lanes, 0.0 if g.accumulator == f32 else 0, g.accumulator, (bm, bn))
    body = Block(arg_types=[i32, zero.type])
    k0, acc = body.args
    outer, lanes.block = lanes.block, body
    kk = range_from(lanes, k0, bk)
    ks_a, ks_b = tile_index(lanes, kk, 1, (bm, bk)), tile_index(lanes, kk, 0, (bk, bn))
    a_lanes = group.lanes(body, (bm, bk), lanes.binary(arith.AndIOp, m_ok, in_bounds(lanes, ks_a, g.k)))
    b_lanes = group.lanes(body, (bk, bn), lanes.binary(arith.AndIOp, in_bounds(lanes, ks_b, g.k), n_ok))
    # lift: an operand that is a splat constant evaluates to one scalar, the dot needs its tile.
    a = lanes.convert(a_lanes.lift(g.a_tile(a_lanes, bc, rows, ks_a)), g.operand)
    b = lanes.convert(b_lanes.lift(g.b_tile(b_lanes, bc, ks_b, cols_b)), g.operand)
    body.add_op(scf.YieldOp(gemv_step(lanes, a, b, acc) if gemv else lanes.add(mk.DotOp(a, b, acc))))
    lanes.block = outer
    return lanes.add(scf.ForOp(lanes.const(0, i32), lanes.const(g.k, i32), lanes.const(bk, i32), [zero], body))


def gemm(group: Group, block: Block, options: TileOptions) -> tuple[tuple[int, ...], Tiling]:
    """BLOCK_M x BLOCK_N tiles, a K loop of masked BLOCK_K slabs into the dot (or a GEMV's
    product and sum), then the epilogue."""
    anchors = [op for op in group.body.ops if is_gemm(op)]
    if len(anchors) != 1:
        raise LoweringError(f"expected one contraction per kernel, got {len(anchors)}")
    (anchor,) = anchors
    g = GEMMS[type(anchor)](anchor, group)
    gemv = g.is_gemv(options)
    tiling = (options.gemv if gemv else options.contraction)(g.m, g.n, g.k, 8 * byte_width(g.operand))
    bm, bn = tiling.constexprs["BLOCK_M"], tiling.constexprs["BLOCK_N"]
    gm = tiling.constexprs.get("GROUP_M", 1)  # a GEMV has one band of rows
    tiles_m, tiles_n = -(-g.m // bm), -(-g.n // bn)
    lanes = group.lanes(block, (bm, bn))
    pid_m, pid_n = grouped_ids(lanes, lanes.add(mk.ProgramIdOp(0)), tiles_m, tiles_n, gm)
    bc = lanes.delinearize(lanes.add(mk.ProgramIdOp(1)), g.batch) if g.batch else ()
    offs_m = range_from(lanes, lanes.scale(pid_m, bm), bm)
    offs_n = range_from(lanes, lanes.scale(pid_n, bn), bn)
    acc = k_loop(group, lanes, g, tiling, bc, offs_m, offs_n, gemv)
    m2, n2 = tile_index(lanes, offs_m, 0, (bm, bn)), tile_index(lanes, offs_n, 1, (bm, bn))
    lanes.mask = lanes.binary(arith.AndIOp, in_bounds(lanes, m2, g.m), in_bounds(lanes, n2, g.n))
    where = g.result_coords(lanes, bc, m2, n2)

    def accumulator(at: Lanes, op: Operation, coords: Coords) -> SSAValue:
        # The contraction's value at the tile: the finished K-loop sum.
        if op is not anchor or any(x is not y for x, y in zip(coords, where)):
            raise LoweringError(f"{op.name}: its result is read at other positions than its own tile")
        value = g.finish(at, acc, bc, m2, n2)
        return at.convert(value, compute_type(element_of(op.results[0])))

    lanes.contraction = accumulator
    out = shape_of(anchor.results[0])
    for value, ptr in group.outputs:
        if shape_of(value) != out:
            raise LoweringError(f"epilogue output of shape {list(shape_of(value))} differs from the tile space {list(out)}")
        store_output(lanes, value, ptr, where)
    grid = (tiles_m * tiles_n,) + ((numel(g.batch),) if g.batch else ())
    return grid, tiling
