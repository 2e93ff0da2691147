"""One kernel's worth of mlc_tensor ops (`Group`) and the index-block helpers every kernel kind uses."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from xdsl.dialects import arith
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, TensorType
from xdsl.ir import Attribute, Block, Operation, SSAValue

from mlc.dialects import mlc_kernel as mk
from mlc.lowering.to_kernel.lanes import Coords, Lanes, Source, element_of, shape_of


@dataclass
class Group:
    """One kernel's worth of mlc_tensor ops: its body, inputs read from memory, inlined constants, outputs."""

    body: Block
    sources: dict[SSAValue, Source]
    inline: dict[SSAValue, Operation]
    outputs: list[tuple[SSAValue, SSAValue]]  # (yielded value, output pointer)
    params: dict[Attribute, Source] = field(default_factory=dict)
    """Read-only parameter buffers by attribute (see quantized.kernel_params)."""

    def lanes(self, block: Block, shape: tuple[int, ...], mask: SSAValue | None = None) -> Lanes:
        """An evaluator of this group's values into `block` over lanes of `shape`."""
        return Lanes(block, shape, self.sources, self.inline, mask, params=self.params)


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


def tile_index(lanes: Lanes, offs: SSAValue, axis: int, shape: tuple[int, int]) -> SSAValue:
    """A 1-D index block placed along `axis` of a 2-D block of `shape` and broadcast over it."""
    expanded = lanes.add(mk.ExpandDimsOp(offs, 1 - axis))
    return lanes.add(mk.BroadcastOp(expanded, shape))


def block_const(lanes: Lanes, value: int | float, typ, shape) -> SSAValue:
    """A constant block of `shape` filled with `value`."""
    t = TensorType(typ, shape)
    return lanes.add(arith.ConstantOp(DenseIntOrFPElementsAttr.from_list(t, [value]), t))
