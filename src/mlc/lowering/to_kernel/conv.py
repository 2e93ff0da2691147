"""conv2d as kernels: an implicit GEMM on the tiled GEMM of gemm.py; depthwise as a direct window sum.

Implicit GEMM. With G groups of Cg = C / G input and Og = O / G output channels, group g is
    out[n, oh, ow, g*Og + j] = bias[g*Og + j] + sum_k A_g[m, k] B_g[k, j]
over M = N*OH*OW rows m = (n, oh, ow), N = Og columns j and K = KH*KW*Cg window taps k = (kh, kw, c):
    A_g[m, k] = x[n, oh*sh - top + kh*dh, ow*sw - left + kw*dw, g*Cg + c]   (0 inside the padding)
    B_g[k, j] = w[kh, kw, c, g*Og + j]                                      (HWIO; OIHW: w[g*Og + j, c, kh, kw])
No im2col buffer is made: every BLOCK_M x BLOCK_K tile of A is gathered from x at these
coordinates, positions in the padding being loads masked by `Lanes.guarded` (they read 0;
a prologue computed in the kernel is selected to 0 there). Row-major offsets are linear, so
x's offset is the window corner's, x[n, oh*sh - top, ow*sw - left, g*Cg] (per row: computed
once before the K loop, `Gemm.rows`), plus the tap's, x[0, kh*dh, kw*dw, c] (per k); a bounds
check (one unsigned compare per axis) is emitted only where the index's static range leaves
the image, so a 1x1 or unpadded window has none. The groups are the GEMM's batch
axis (program_id(1)); the bias is added in `finish`, then the group's epilogue (a batch norm
folded into scale and bias, a residual add, relu, gelu, ...) runs on the accumulator tile.
The two layouts differ only in coordinates: nchw reads x[n, c, ih, iw] and w[oc, c, kh, kw],
nhwc x[n, ih, iw, c] and w[kh, kw, c, oc].

K order. k splits in the weight's storage order, (kh, kw, c) for HWIO and (c, kh, kw) for
OIHW, so the k run of a B tile column is one contiguous stretch of the weight. On NHWC the
(kh, kw, c) order is also what makes A cheap: within one tap (kh, kw), consecutive k are
consecutive channels of the same input pixel, x[n, ih, iw, c .. c + Cg), which are adjacent
in memory, so a BLOCK_K slab of an A row is a few contiguous runs of Cg elements (coalesced,
vectorizable loads) instead of BLOCK_K scattered ones. On NCHW no order gives A contiguous k
(c strides H*W, kw strides dw), so the weight's order decides.

Depthwise (G > 1 and Cg = 1, including channel multipliers Og > 1) is not a GEMM: each group
would be an M x Og x KH*KW product whose BLOCK_N >= 16 columns (tl.dot's minimum) hold Og
(usually 1) useful ones, and whose K is a handful of taps. It lowers as an elementwise
kernel over the output instead: the conv2d rule sums the KH*KW taps x * w at every output
element with guarded reads, the taps unrolled when the kernel is built (the window is
static), and the epilogue fuses like any elementwise chain.
"""

from collections.abc import Callable
from dataclasses import dataclass

from xdsl.dialects import arith
from xdsl.dialects.builtin import f32, i32
from xdsl.ir import Attribute, Operation, SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.lowering.to_kernel.gemm import Gemm, common_operand, operand_tile, source_tile
from mlc.lowering.to_kernel.group import Group, block_const, numel
from mlc.lowering.to_kernel.lanes import Coord, Coords, Lanes, Rule, lower_contraction, shape_of


@dataclass(frozen=True)
class Window:
    """The geometry of one conv2d, whatever its layout: sizes, window, strides, padding, dilation, groups."""

    nchw: bool
    batch: int
    height: int
    width: int
    out_height: int
    out_width: int
    out_channels: int
    kernel: tuple[int, int]
    strides: tuple[int, int]
    padding: tuple[int, int, int, int]
    """(top, bottom, left, right)."""
    dilation: tuple[int, int]
    groups: int
    group_in: int
    """Input channels per group (Cg)."""

    @property
    def group_out(self) -> int:
        """Output channels per group (Og)."""
        return self.out_channels // self.groups

    def x(self, n: Coord, c: Coord, h: Coord, w: Coord) -> Coords:
        """Input coordinates in the op's layout."""
        return (n, c, h, w) if self.nchw else (n, h, w, c)

    def w(self, oc: Coord, c: Coord, kh: Coord, kw: Coord) -> Coords:
        """Weight coordinates: OIHW for nchw, HWIO for nhwc."""
        return (oc, c, kh, kw) if self.nchw else (kh, kw, c, oc)

    def out(self, n: Coord, c: Coord, h: Coord, w: Coord) -> Coords:
        """Result coordinates in the op's layout."""
        return self.x(n, c, h, w)

    def split_out(self, coords: Coords) -> tuple[Coord, Coord, Coord, Coord]:
        """(n, c, oh, ow) of result coordinates."""
        return tuple(coords) if self.nchw else (coords[0], coords[3], coords[1], coords[2])

    def k_split(self, lanes: Lanes, ks: Coord) -> tuple[Coord, Coord, Coord]:
        """(kh, kw, c) of a K index, split in the weight's storage order (see the module doc)."""
        kh, kw = self.kernel
        if self.nchw:
            c, i, j = lanes.delinearize(ks, (self.group_in, kh, kw))
            return i, j, c
        return lanes.delinearize(ks, (kh, kw, self.group_in))


def window_of(op: mt.Conv2dOp) -> Window:
    """The geometry of a verified conv2d."""
    props = op.properties
    nchw = op.layout_name(props) == "nchw"
    x, out, weight = shape_of(op.input), shape_of(op.result), shape_of(op.weight)
    n, c, h, w = x if nchw else (x[0], x[3], x[1], x[2])
    _, oc, oh, ow = out if nchw else (out[0], out[3], out[1], out[2])
    kernel = weight[2:] if nchw else weight[:2]
    groups = op.groups.value.data
    return Window(
        nchw, n, h, w, oh, ow, oc, tuple(kernel), op.int_values(props, "strides", 2, 1),
        op.int_values(props, "padding", 4, 0), op.dilation_values(props), groups, c // groups,
    )  # fmt: skip


def is_direct(op: Operation) -> bool:
    """A depthwise conv2d (groups > 1, one input channel per group): lowered as a direct window sum."""
    return isinstance(op, mt.Conv2dOp) and op.groups.value.data > 1 and window_of(op).group_in == 1


def inside(lanes: Lanes, position: Callable[[], Coord], low: int, high: int, size: int) -> SSAValue | bool:
    """0 <= position < size lane by lane, knowing low <= position <= high on every lane in bounds.

    True or False when that range decides it for all lanes (no ops, `position` not built),
    else an i1 scalar or block.
    """
    if low >= 0 and high < size:
        return True
    if high < 0 or low >= size:
        return False
    index = lanes.index(position())
    if low >= 0:
        return lanes.compare("slt", index, lanes.const(size, i32), False)
    if high < size:
        return lanes.compare("sge", index, lanes.const(0, i32), False)
    # Both sides: unsigned, a negative index is a huge one, so index <u size is 0 <= index < size.
    return lanes.compare("ult", index, lanes.const(size, i32), False)


def span(c: Coord, size: int) -> tuple[int, int]:
    """The range of coordinate `c` over the lanes in bounds: itself when static, else [0, size)."""
    return (c, c) if isinstance(c, int) else (0, size - 1)


@dataclass(frozen=True)
class Origins:
    """Where the windows of a block of output positions start in the input.

    Image n, the group's first channel, the first row and column (negative in the top/left
    padding) with their ranges over the lanes, and, when x is read from memory, the flat
    offset of that corner: a tap's offset only adds to it.
    """

    n: Coord
    channel: Coord
    row: Coord
    col: Coord
    spans: tuple[tuple[int, int], tuple[int, int]]
    flat: Coord | None


def origins(lanes: Lanes, op: mt.Conv2dOp, win: Window, n: Coord, channel: Coord, oh: Coord, ow: Coord) -> Origins:
    """The windows of outputs (oh, ow): row oh * sh - top, column ow * sw - left."""
    starts, spans = [], []
    for axis, (o, size) in enumerate(((oh, win.out_height), (ow, win.out_width))):
        stride, before = win.strides[axis], win.padding[2 * axis]
        starts.append(lanes.plus(lanes.scale(o, stride), -before))
        low, high = span(o, size)
        spans.append((low * stride - before, high * stride - before))
    source = lanes.sources.get(op.input)
    flat = None if source is None else lanes.linearize(win.x(n, channel, starts[0], starts[1]), source.shape)
    return Origins(n, channel, starts[0], starts[1], (spans[0], spans[1]), flat)


def read_tap(
    lanes: Lanes, op: mt.Conv2dOp, win: Window, o: Origins, c: Coord, kh: Coord, kw: Coord, element: Attribute
) -> SSAValue | None:
    """x at tap (kh, kw) and channel o.channel + c of the windows `o`, as `element`; 0 in the padding,
    None when the whole tap lies there. The input row o.row + kh * dh (and column alike) gets
    a bounds check only where its static range leaves the image."""
    starts, offsets = (o.row, o.col), [lanes.scale(k, d) for k, d in zip((kh, kw), win.dilation)]
    positions: dict[int, Coord] = {}

    def position(axis: int) -> Coord:
        # The input row (column) start + k * d, built on first use.
        if axis not in positions:
            positions[axis] = lanes.plus(starts[axis], offsets[axis])
        return positions[axis]

    conditions = []
    for axis, ((low, high), k, size) in enumerate(zip(o.spans, (kh, kw), (win.height, win.width))):
        dilation = win.dilation[axis]
        k_low, k_high = span(k, win.kernel[axis])
        ok = inside(lanes, lambda axis=axis: position(axis), low + k_low * dilation, high + k_high * dilation, size)
        if ok is False:
            return None
        if ok is not True:
            conditions.append(ok)
    source = lanes.sources.get(op.input)

    def read() -> SSAValue:
        if source is None:  # computed in the kernel (a prologue)
            coords = win.x(o.n, lanes.plus(o.channel, c), position(0), position(1))
            return operand_tile(lanes, op.input, coords, element)
        # Row-major offsets add: x's offset = the window corner's (per row) + the tap's (per k).
        tap = lanes.linearize(win.x(0, c, *offsets), source.shape)
        return source_tile(lanes, source, lanes.lift(lanes.index(lanes.plus(o.flat, tap))), element)

    if not conditions:
        return read()
    condition = conditions[0] if len(conditions) == 1 else lanes.binary(arith.AndIOp, *conditions)
    with lanes.guarded(condition):
        value = read()
    if source is not None:  # the masked load already reads 0 there
        return value
    return lanes.select(condition, value, lanes.number(0, value))


def conv_gemm(op: mt.Conv2dOp, group: Group) -> Gemm:
    """conv2d as implicit GEMM: M = N*OH*OW, N = Og, K = KH*KW*Cg, the groups as the batch."""
    win = window_of(op)
    element = common_operand(op, op.input, op.weight)
    spatial = (win.batch, win.out_height, win.out_width)
    batch = (win.groups,) if win.groups > 1 else ()
    k = win.kernel[0] * win.kernel[1] * win.group_in

    def channel(lanes: Lanes, bc: Coords, local: Coord, per_group: int) -> Coord:
        # Channel g * per_group + local of group g = bc[0].
        return lanes.plus(lanes.scale(bc[0], per_group), local) if bc else local

    def rows(lanes: Lanes, bc: Coords, mm: SSAValue) -> Origins:
        n, oh, ow = lanes.delinearize(mm, spatial)
        return origins(lanes, op, win, n, channel(lanes, bc, 0, win.group_in), oh, ow)

    def a_tile(lanes: Lanes, bc: Coords, o: Origins, ks: SSAValue) -> SSAValue:
        kh, kw, c = win.k_split(lanes, ks)
        value = read_tap(lanes, op, win, o, c, kh, kw, element)
        return value if value is not None else block_const(lanes, 0.0, element, lanes.shape)

    def b_tile(lanes: Lanes, bc: Coords, ks: SSAValue, cols: SSAValue) -> SSAValue:
        oc = channel(lanes, bc, cols, win.group_out)
        source = lanes.sources.get(op.weight)
        if source is None:  # a weight computed in the kernel
            kh, kw, c = win.k_split(lanes, ks)
            return operand_tile(lanes, op.weight, win.w(oc, c, kh, kw), element)
        # k runs in the weight's storage order: w[oc, k] at oc * K + k (OIHW), w[k, oc] at k * O + oc (HWIO).
        flat = lanes.plus(lanes.scale(oc, k), ks) if win.nchw else lanes.plus(lanes.scale(ks, win.out_channels), oc)
        return source_tile(lanes, source, flat, element)

    def result_coords(lanes: Lanes, bc: Coords, mm: SSAValue, nn: SSAValue) -> Coords:
        n, oh, ow = lanes.delinearize(mm, spatial)
        return win.out(n, channel(lanes, bc, nn, win.group_out), oh, ow)

    def finish(lanes: Lanes, acc: SSAValue, bc: Coords, mm: SSAValue, nn: SSAValue) -> SSAValue:
        # conv = sum + bias[oc].
        if op.bias is None:
            return acc
        return lanes.binary(arith.AddfOp, acc, lanes.at(op.bias, (channel(lanes, bc, nn, win.group_out),)))

    return Gemm(op, batch, numel(spatial), win.group_out, k, element, a_tile, b_tile, result_coords, finish, rows)


def lower_conv2d(lanes: Lanes, op: mt.Conv2dOp, coords: Coords) -> SSAValue:
    # Implicit GEMM: the kernel's accumulator tile. Depthwise (Cg = 1, Og = multiplier):
    # out[n, oc, oh, ow] = bias[oc] + sum_{kh, kw} x[n, oc / Og, ih, iw] w[oc, 0, kh, kw],
    # ih = oh * sh - top + kh * dh, iw alike, terms in the padding dropped (they are 0).
    if not is_direct(op):
        return lower_contraction(lanes, op, coords)
    win = window_of(op)
    n, oc, oh, ow = win.split_out(coords)
    o = origins(lanes, op, win, n, lanes.divide(oc, win.group_out), oh, ow)
    source = lanes.sources.get(op.weight)
    base = None if source is None else lanes.linearize(win.w(oc, 0, 0, 0), source.shape)
    total = None
    for kh in range(win.kernel[0]):
        for kw in range(win.kernel[1]):
            x = read_tap(lanes, op, win, o, 0, kh, kw, f32)
            if x is None:
                continue
            if source is None:
                w = lanes.at(op.weight, win.w(oc, 0, kh, kw))
            else:  # the filter of channel oc at its offset plus the tap's
                tap = lanes.plus(base, lanes.linearize(win.w(0, 0, kh, kw), source.shape))
                w = source_tile(lanes, source, lanes.lift(lanes.index(tap)), f32)
            term = lanes.binary(arith.MulfOp, x, w)
            total = term if total is None else lanes.binary(arith.AddfOp, total, term)
    if total is None:  # every tap in the padding
        total = lanes.const(0.0, f32)
    if op.bias is not None:
        total = lanes.binary(arith.AddfOp, total, lanes.at(op.bias, (oc,)))
    return total


RULES: dict[type[Operation], Rule] = {mt.Conv2dOp: lower_conv2d}
"""conv2d's rule, merged into lanes.RULES (to_kernel/__init__.py)."""

GEMMS: dict[type[Operation], Callable[[Operation, Group], Gemm]] = {mt.Conv2dOp: conv_gemm}
"""conv2d's GEMM description, merged into gemm.GEMMS (to_kernel/__init__.py)."""
