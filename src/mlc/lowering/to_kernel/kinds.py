"""The kernel kinds: how a group's lanes, grid and outputs are laid out (elementwise, reduction, matmul).

Each kind fills a kernel body given the group, the pointers of its inputs (`sources`) and
outputs, and the tile options, and returns the grid and tiling it chose.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.dialects import arith, scf
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, TensorType, f32, i32
from xdsl.ir import Block, Operation, SSAValue

from mlc.dialects import mlc_kernel as mk
from mlc.dialects import mlc_tensor as mt
from mlc.dialects.mlc_kernel.base import byte_width, is_float
from mlc.lowering.to_kernel.lanes import (
    Coords,
    Lanes,
    LoweringError,
    Rows,
    Source,
    broadcast_coords,
    element_of,
    shape_of,
)
from mlc.lowering.to_kernel.tiles import TileOptions, Tiling
from mlc.passes.fusion.classify import broadcasts_to, is_contraction, row_space


@dataclass
class Group:
    """One kernel's worth of mlc_tensor ops: its body, inputs read from memory, inlined constants, outputs."""

    body: Block
    sources: dict[SSAValue, Source]
    inline: dict[SSAValue, Operation]
    outputs: list[tuple[SSAValue, SSAValue]]  # (yielded value, output pointer)

    def lanes(self, block: Block, shape: tuple[int, ...], mask: SSAValue | None = None) -> Lanes:
        """An evaluator of this group's values into `block` over lanes of `shape`."""
        return Lanes(block, shape, self.sources, self.inline, mask)


def kind_of(group: Group) -> str:
    """'matmul' when the group holds a contraction, 'reduction' when a row-wise op, else 'elementwise'."""
    ops = list(group.body.ops)
    if any(is_contraction(op) for op in ops):
        return "matmul"
    if any(row_space(op) is not None for op in ops):
        return "reduction"
    return "elementwise"


def numel(shape: Sequence[int]) -> int:
    """The number of elements of `shape`."""
    n = 1
    for d in shape:
        n *= d
    return n


def range_from(lanes: Lanes, start: SSAValue | int, size: int) -> SSAValue:
    """The i32 block [start, start + size)."""
    r = lanes.add(mk.MakeRangeOp(0, size))
    if isinstance(start, int) and start == 0:
        return r
    return lanes.binary(arith.AddiOp, lanes.add(mk.SplatOp(lanes.index(start), (size,))), r)


def store_output(lanes: Lanes, value: SSAValue, ptr: SSAValue, coords: Coords) -> None:
    """Store yielded `value` at `coords` of its output buffer."""
    lanes.store(ptr, shape_of(value), element_of(value), coords, lanes.at(value, coords))


def elementwise(group: Group, block: Block, options: TileOptions) -> tuple[tuple[int, ...], Tiling]:
    """1-D blocks over the flattened output; the tail is masked; operands addressed by broadcast strides."""
    size = max(numel(shape_of(v)) for v, _ in group.outputs)
    tiling = options.elementwise(size)
    width = tiling.constexprs["BLOCK"]
    base = group.lanes(block, (width,))
    pid = base.add(mk.ProgramIdOp(0))
    offs = range_from(base, base.scale(pid, width), width)
    by_shape: dict[tuple[int, ...], Lanes] = {}
    for value, ptr in group.outputs:
        shape = shape_of(value)
        if shape not in by_shape:  # one mask and one memo per output shape
            lanes = group.lanes(block, (width,))
            lanes.mask = lanes.compare("slt", offs, lanes.const(numel(shape), i32, block=True), False)
            by_shape[shape] = lanes
        lanes = by_shape[shape]
        store_output(lanes, value, ptr, lanes.delinearize(offs, shape))
    return (-(-size // width),), tiling


def reduction(group: Group, block: Block, options: TileOptions) -> tuple[tuple[int, ...], Tiling]:
    """One program per row (the reduced axes, flattened, are the lanes: any axis, no permute needed)."""
    space = next(row_space(op) for op in group.body.ops if row_space(op) is not None)
    shape, axes = space.shape, space.axes
    kept = [i for i in range(len(shape)) if i not in axes]
    length = numel([shape[a] for a in axes])
    tiling = options.reduction(length)
    width = tiling.constexprs["BLOCK"]
    lanes = group.lanes(block, (width,))
    pid = lanes.add(mk.ProgramIdOp(0))
    lane = lanes.add(mk.MakeRangeOp(0, width))
    lanes.mask = lanes.compare("slt", lane, lanes.const(length, i32, block=True), False)
    outer = lanes.delinearize(pid, [shape[i] for i in kept])
    inner = lanes.delinearize(lane, [shape[a] for a in axes])
    coords: list = [0] * len(shape)
    for i, c in zip(kept, outer):
        coords[i] = c
    for a, c in zip(axes, inner):
        coords[a] = c
    lanes.rows = Rows(shape, axes, tuple(coords), length)
    for value, ptr in group.outputs:
        out = shape_of(value)
        keepdim = tuple(1 if i in axes else d for i, d in enumerate(shape))
        if out == shape:
            where = lanes.rows.coords
        elif out == keepdim:
            where = tuple(0 if i in axes else coords[i] for i in range(len(shape)))
        elif out == tuple(shape[i] for i in kept):
            where = tuple(outer)
        elif broadcasts_to(out, shape):
            where = broadcast_coords(lanes.rows.coords, shape, out)
        else:
            raise LoweringError(f"output of shape {list(out)} lies outside the rows of shape {list(shape)}")
        store_output(lanes, value, ptr, where)
    return (max(1, numel([shape[i] for i in kept])),), tiling


@dataclass
class Contraction:
    """A matmul-like op as (batch shape, M, N, K) and how its operands are addressed."""

    op: Operation
    batch: tuple[int, ...]
    m: int
    n: int
    k: int
    a: SSAValue
    b: SSAValue
    b_transposed: bool  # linear's weight is [N, K]
    lead: tuple[int, ...]  # linear: the result dims flattened into M

    @staticmethod
    def of(op: Operation) -> "Contraction":
        """The contraction view of matmul, batch_matmul or linear."""
        if isinstance(op, mt.LinearOp):
            *lead, k = shape_of(op.input)
            n = shape_of(op.weight)[0]
            return Contraction(op, (), numel(lead), n, k, op.input, op.weight, True, tuple(lead))
        if isinstance(op, mt.MatmulOp | mt.BatchMatmulOp):
            *batch, m, n = shape_of(op.result)
            return Contraction(op, tuple(batch), m, n, shape_of(op.lhs)[-1], op.lhs, op.rhs, False, (m,))
        raise LoweringError(f"{op.name} as implicit GEMM is not lowered yet; run it unfused")


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


def tile_index(lanes: Lanes, offs: SSAValue, axis: int, shape: tuple[int, int]) -> SSAValue:
    """A 1-D index block placed along `axis` of a 2-D block of `shape` and broadcast over it."""
    expanded = lanes.add(mk.ExpandDimsOp(offs, 1 - axis))
    return lanes.add(mk.BroadcastOp(expanded, shape))


def block_const(lanes: Lanes, value: int | float, typ, shape) -> SSAValue:
    """A constant block of `shape` filled with `value`."""
    t = TensorType(typ, shape)
    return lanes.add(arith.ConstantOp(DenseIntOrFPElementsAttr.from_list(t, [value]), t))


def matmul(group: Group, block: Block, options: TileOptions) -> tuple[tuple[int, ...], Tiling]:
    """BLOCK_M x BLOCK_N tiles, a K loop of masked BLOCK_K slabs into an f32 dot, then the epilogue."""
    (anchor,) = [op for op in group.body.ops if is_contraction(op)]
    c = Contraction.of(anchor)
    for operand in (c.a, c.b):
        if operand not in group.sources:
            raise LoweringError(f"{anchor.name}: operands computed inside the group (a prologue) are not lowered; leave them outside")
    ea, eb = element_of(c.a), element_of(c.b)
    if ea != eb or not is_float(ea):
        raise LoweringError(f"{anchor.name}: expected float operands of one type, got {ea} and {eb}")
    tiling = options.contraction(c.m, c.n, c.k, 8 * byte_width(ea))
    bm, bn, bk, gm = (tiling.constexprs[k] for k in ("BLOCK_M", "BLOCK_N", "BLOCK_K", "GROUP_M"))
    tiles_m, tiles_n = -(-c.m // bm), -(-c.n // bn)
    lanes = group.lanes(block, (bm, bn))
    pid_m, pid_n = grouped_ids(lanes, lanes.add(mk.ProgramIdOp(0)), tiles_m, tiles_n, gm)
    bcoords = lanes.delinearize(lanes.add(mk.ProgramIdOp(1)), c.batch) if c.batch else ()
    offs_m = range_from(lanes, lanes.scale(pid_m, bm), bm)
    offs_n = range_from(lanes, lanes.scale(pid_n, bn), bn)
    rk = lanes.add(mk.MakeRangeOp(0, bk))
    m2, n2 = tile_index(lanes, offs_m, 0, (bm, bn)), tile_index(lanes, offs_n, 1, (bm, bn))
    m_ok = lanes.compare("slt", m2, lanes.const(c.m, i32, block=True), False)
    n_ok = lanes.compare("slt", n2, lanes.const(c.n, i32, block=True), False)
    lanes.mask = lanes.binary(arith.AndIOp, m_ok, n_ok)

    a_shape, b_shape = shape_of(c.a), shape_of(c.b)
    a_base = lanes.linearize(broadcast_coords(bcoords, c.batch, a_shape[:-2]) + (0, 0), a_shape) if c.batch else 0
    b_base = lanes.linearize(broadcast_coords(bcoords, c.batch, b_shape[:-2]) + (0, 0), b_shape) if c.batch else 0
    a_rows = lanes.plus(lanes.scale(tile_index(lanes, offs_m, 0, (bm, bk)), c.k), a_base)  # a[m, k] at m*K + k
    if c.b_transposed:  # weight[n, k] at n*K + k
        b_cols = lanes.plus(lanes.scale(tile_index(lanes, offs_n, 1, (bk, bn)), c.k), b_base)
    else:  # b[k, n] at k*N + n
        b_cols = lanes.plus(tile_index(lanes, offs_n, 1, (bk, bn)), b_base)
    a_m_ok = lanes.compare("slt", tile_index(lanes, offs_m, 0, (bm, bk)), block_const(lanes, c.m, i32, (bm, bk)), False)
    b_n_ok = lanes.compare("slt", tile_index(lanes, offs_n, 1, (bk, bn)), block_const(lanes, c.n, i32, (bk, bn)), False)
    zero = block_const(lanes, 0.0, f32, (bm, bn))
    lower, upper, step = lanes.const(0, i32), lanes.const(c.k, i32), lanes.const(bk, i32)

    body = Block(arg_types=[i32, zero.type])
    k0, acc = body.args
    outer_block, lanes.block = lanes.block, body
    kk = range_from(lanes, k0, bk)
    a_k, b_k = tile_index(lanes, kk, 1, (bm, bk)), tile_index(lanes, kk, 0, (bk, bn))
    a_off = lanes.binary(arith.AddiOp, lanes.index(a_rows), a_k)
    b_k_off = b_k if c.b_transposed else lanes.scale(b_k, c.n)
    b_off = lanes.binary(arith.AddiOp, lanes.index(b_cols), b_k_off)
    a_mask = lanes.binary(arith.AndIOp, a_m_ok, lanes.compare("slt", a_k, block_const(lanes, c.k, i32, (bm, bk)), False))
    b_mask = lanes.binary(arith.AndIOp, lanes.compare("slt", b_k, block_const(lanes, c.k, i32, (bk, bn)), False), b_n_ok)
    a_tile = lanes.add(mk.LoadOp(lanes.pointers(group.sources[c.a].ptr, a_off), a_mask, block_const(lanes, 0.0, ea, (bm, bk))))
    b_tile = lanes.add(mk.LoadOp(lanes.pointers(group.sources[c.b].ptr, b_off), b_mask, block_const(lanes, 0.0, eb, (bk, bn))))
    body.add_op(scf.YieldOp(lanes.add(mk.DotOp(a_tile, b_tile, acc))))
    lanes.block = outer_block
    loop = lanes.add(scf.ForOp(lower, upper, step, [zero], body))

    out = c.lead + (c.n,) if isinstance(anchor, mt.LinearOp) else c.batch + (c.m, c.n)
    where = (lanes.delinearize(m2, c.lead) + (n2,)) if isinstance(anchor, mt.LinearOp) else bcoords + (m2, n2)

    def accumulator(at: Lanes, op: Operation, coords: Coords) -> SSAValue:
        # The contraction's value at the tile: the K-loop sum (+ linear's bias[n]).
        if op is not anchor or any(x is not y for x, y in zip(coords, where)):
            raise LoweringError(f"{op.name}: its result is read at other positions than its own tile")
        if isinstance(op, mt.LinearOp) and op.bias is not None:
            return at.binary(arith.AddfOp, loop, at.at(op.bias, (n2,)))
        return loop

    lanes.contraction = accumulator
    for value, ptr in group.outputs:
        if shape_of(value) != out:
            raise LoweringError(f"epilogue output of shape {list(shape_of(value))} differs from the tile space {list(out)}")
        store_output(lanes, value, ptr, where)
    grid = (tiles_m * tiles_n,) + ((numel(c.batch),) if c.batch else ())
    return grid, tiling


KINDS = {"elementwise": elementwise, "reduction": reduction, "matmul": matmul}
"""Kernel kind -> the builder of its body."""
