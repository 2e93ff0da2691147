"""Lane rules of max_pool2d and avg_pool2d: the (small, static) window unrolled over guarded reads.

Output position (oh, ow) reads input rows oh * stride - pad_top + kh * dilation and columns
likewise, for every kernel cell (kh, kw). A cell outside the input (padding, or past the
padded input in ceil mode) reads no memory: max pooling sees -inf there (so it never wins;
NaN propagates as in numpy's max), average pooling sees 0 and divides by the number of
cells the op counts (see `Axis.counted`). Both layouts only differ in where the axes are.
"""

from dataclasses import dataclass

from xdsl.dialects import arith
from xdsl.dialects.builtin import f32
from xdsl.ir import Operation, SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.lowering.to_kernel.lanes import Coord, Coords, Lanes, Rule, shape_of
from mlc.lowering.to_kernel.movement import Condition, both, filled_at, maximum, minimum, minus, within


@dataclass(frozen=True)
class Axis:
    """One spatial axis of a pooling window: input and output size, kernel, stride, padding, dilation."""

    size: int
    out: int
    kernel: int
    stride: int
    before: int
    after: int
    dilation: int

    def rows(self, lanes: Lanes, out: Coord) -> list[tuple[Coord, Condition]]:
        """Per kernel cell: the input coordinate out * stride - before + cell * dilation, and
        whether it lies in the input (checked only on a side some output position leaves)."""
        start = lanes.plus(lanes.scale(out, self.stride), -self.before)
        cells = []
        for k in range(self.kernel):
            first = k * self.dilation - self.before  # at output 0
            last = first + (self.out - 1) * self.stride  # at the last output
            c = lanes.plus(start, k * self.dilation)
            cells.append((c, within(lanes, c, 0 if first < 0 else None, self.size if last >= self.size else None)))
        return cells

    def counted(self, lanes: Lanes, out: Coord, include_pad: bool) -> Coord:
        """How many cells of an undilated window count: those in [-before, size + after) with
        include_pad, else those in [0, size) (a constant when it is the same at every output).

        Identity: the window [s, s + k) meets [lo, hi) in min(s + k, hi) - max(s, lo) cells
        (at least one: a window starts inside the input or its leading padding).
        """
        low, high = (-self.before, self.size + self.after) if include_pad else (0, self.size)
        starts = [o * self.stride - self.before for o in range(self.out)]
        counts = {min(s + self.kernel, high) - max(s, low) for s in starts}
        if len(counts) == 1:
            return counts.pop()
        s = lanes.plus(lanes.scale(out, self.stride), -self.before)
        end = lanes.plus(s, self.kernel)
        # s runs over [-before, (out - 1) * stride - before]: clamp only where a window can cross.
        if (self.out - 1) * self.stride - self.before + self.kernel > high:
            end = minimum(lanes, end, high)
        return minus(lanes, end, s if -self.before >= low else maximum(lanes, s, low))


def axes(op: mt.Pool2dOp) -> tuple[int, tuple[Axis, Axis]]:
    """(index of the height axis, the height and width window axes) of a verified pool op."""
    props = op.properties
    spatial = 2 if op.layout_name(props) == "nchw" else 1
    shape, out = shape_of(op.input), shape_of(op.result)
    kernel = op.int_values(props, "kernel", 2, 1)
    strides = op.int_values(props, "strides", 2, 1)
    pads = op.int_values(props, "padding", 4, 0)
    dilation = op.dilation_values(props)
    return spatial, tuple(
        Axis(shape[spatial + i], out[spatial + i], kernel[i], strides[i], pads[2 * i], pads[2 * i + 1], dilation[i])
        for i in range(2)
    )


def window(lanes: Lanes, op: mt.Pool2dOp, coords: Coords, fill: float) -> list[SSAValue]:
    """The window of the output position at `coords`, one f32 value per cell, `fill` outside the input."""
    spatial, (height, width) = axes(op)
    rows, cols = height.rows(lanes, coords[spatial]), width.rows(lanes, coords[spatial + 1])
    values = []
    for row, row_inside in rows:
        for col, col_inside in cols:
            where = coords[:spatial] + (row, col) + coords[spatial + 2 :]
            values.append(filled_at(lanes, op.input, where, both(lanes, row_inside, col_inside), fill))
    return values


def lower_max_pool(lanes: Lanes, op: mt.MaxPool2dOp, coords: Coords) -> SSAValue:
    # max over the window with -inf padding; maximumf propagates NaN like numpy's max.
    cells = window(lanes, op, coords, float("-inf"))
    result = cells[0]
    for cell in cells[1:]:
        result = lanes.binary(arith.MaximumfOp, result, cell)
    return result


def lower_avg_pool(lanes: Lanes, op: mt.AvgPool2dOp, coords: Coords) -> SSAValue:
    # sum over the window with 0 padding, divided by the counted cells (rows x columns).
    cells = window(lanes, op, coords, 0.0)
    total = cells[0]
    for cell in cells[1:]:
        total = lanes.binary(arith.AddfOp, total, cell)
    spatial, (height, width) = axes(op)
    include = op.bool_value(op.properties, "count_include_pad")
    rows = height.counted(lanes, coords[spatial], include)
    cols = width.counted(lanes, coords[spatial + 1], include)
    if isinstance(rows, int) and isinstance(cols, int):
        count: SSAValue = lanes.const(rows * cols, f32)
    else:
        count = lanes.convert(lanes.binary(arith.MuliOp, lanes.index(rows), lanes.index(cols)), f32)
    return lanes.binary(arith.DivfOp, total, count)


RULES: dict[type[Operation], Rule] = {
    mt.MaxPool2dOp: lower_max_pool,
    mt.AvgPool2dOp: lower_avg_pool,
}
"""The pooling rules this module adds to lanes.py's table."""
