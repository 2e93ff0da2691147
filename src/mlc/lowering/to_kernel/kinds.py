"""The kernel kinds: how a group's lanes, grid and outputs are laid out (elementwise, reduction, matmul).

Each kind fills a kernel body given the group, the pointers of its inputs (`sources`) and
outputs, and the tile options, and returns the grid and tiling it chose. The contraction
kinds (matmul, conv2d as implicit GEMM, the quantized and sparse products) share one tiled
GEMM in gemm.py; `GEMMS` there says which ops it takes. A fuse-attention group is one
flash-attention kernel (attention.py).
"""

from xdsl.dialects.builtin import i32
from xdsl.ir import Block

from mlc.dialects import mlc_kernel as mk
from mlc.lowering.to_kernel.attention import attention, is_attention
from mlc.lowering.to_kernel.conv import is_direct
from mlc.lowering.to_kernel.gemm import gemm, is_gemm
from mlc.lowering.to_kernel.group import Group, numel, range_from, store_output
from mlc.lowering.to_kernel.lanes import LoweringError, Rows, broadcast_coords, shape_of
from mlc.lowering.to_kernel.tiles import TileOptions, Tiling
from mlc.passes.fusion.classify import broadcasts_to, row_space


def kind_of(group: Group) -> str:
    """'attention' for a fuse-attention group, 'matmul' when the group holds a contraction,
    'reduction' when a row-wise op, else 'elementwise'.

    A depthwise conv2d is no GEMM: it is computed lane by lane (see conv.py).
    """
    ops = list(group.body.ops)
    if is_attention(group):
        return "attention"
    if any(is_gemm(op) and not is_direct(op) for op in ops):
        return "matmul"
    if any(row_space(op) is not None for op in ops):
        return "reduction"
    return "elementwise"


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


KINDS = {"elementwise": elementwise, "reduction": reduction, "matmul": gemm, "attention": attention}
"""Kernel kind -> the builder of its body."""
