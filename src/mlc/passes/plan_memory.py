"""plan-memory: liveness of each function's intermediate tensors and their offsets in one arena.

What is planned: every tensor result of an op directly in a function's body (one block),
`mlc_tensor.fused` results included; ops inside fused regions are not (they become one
kernel and keep their values on chip). Function arguments, constants (ConstantLike ops,
i.e. weights) and values the function returns are not planned: the caller owns them.
Non-tensor results (scalars) are not buffers. Every op writes fresh buffers (no in-place
update, no aliasing views): a value is live from its defining op to its last use, both
included, so an op's outputs never share memory with its inputs.

Assignment is greedy by size (Pisarchyk & Lee 2020, "Efficient Memory Management for Deep
Neural Net Inference", as in TFLite's arena planner): buffers in decreasing size each take
the smallest gap, among the buffers already placed whose lifetimes overlap theirs, that
fits them, or else the end of those buffers. Offsets are multiples of `alignment` and every
buffer reserves its size rounded up to it.

Results are attributes: on each planning op `mlc.offset` and `mlc.size` (`array<i64>`, one
entry per result; -1 for a result that is not planned; size in bytes before rounding), on
each function and on the module `mlc.peak_bytes` (the arena size) and `mlc.no_reuse_bytes`
(the sum of all reservations, what one buffer per value would take). Each function has an
arena of its own; the module's figures are the sums over its functions.
"""

import sys
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import (
    DenseArrayBase,
    IntegerAttr,
    IntegerType,
    ModuleOp,
    TensorType,
    i64,
)
from xdsl.dialects.func import FuncOp, ReturnOp
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.traits import ConstantLike

from mlc.ir.diagnostics import OpError

OFFSET, SIZE = "mlc.offset", "mlc.size"
PEAK, NO_REUSE = "mlc.peak_bytes", "mlc.no_reuse_bytes"
NOT_PLANNED = -1
"""The `mlc.offset`/`mlc.size` entry of a result that lives outside the arena."""


@dataclass
class Buffer:
    """One planned value: its live range [start, end] in op positions, its bytes and offset."""

    value: SSAValue
    start: int
    end: int
    size: int
    reserved: int
    offset: int = 0

    def overlaps_in_time(self, other: "Buffer") -> bool:
        """Whether both are live at some op (ranges include both ends)."""
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True)
class Plan:
    """The buffers of one function with their offsets, and the figures the pass reports."""

    buffers: list[Buffer]
    peak_bytes: int
    no_reuse_bytes: int
    live_bytes: int
    """The most bytes live at one op: no assignment can use less than this."""


def byte_size(op: Operation, typ: TensorType) -> int:
    """Bytes a tensor of `typ` takes, packed (i1 takes a byte, i4 half a byte), or fail at `op`."""
    element: Attribute = typ.get_element_type()
    element = getattr(element, "storage_type", element)  # quantized types hold storage integers
    if isinstance(element, IntegerType):
        bits = 8 if element.width.data == 1 else element.width.data
    elif hasattr(element, "bitwidth"):
        bits = element.bitwidth
    else:
        raise OpError(
            op,
            f"plan-memory: cannot size a buffer of element type {element} ({typ}); "
            "only integer, float and quantized element types can be planned",
        )
    return (typ.element_count() * bits + 7) // 8


def round_up(size: int, alignment: int) -> int:
    """`size` rounded up to a multiple of `alignment`."""
    return -(-size // alignment) * alignment


def liveness(function: FuncOp, alignment: int) -> list[Buffer]:
    """The planned values of `function` in definition order, with their live ranges."""
    if len(function.body.blocks) != 1:
        raise OpError(
            function,
            f"plan-memory: @{function.sym_name.data} has {len(function.body.blocks)} blocks; "
            "only single-block functions can be planned (structure control flow first)",
        )
    block = function.body.block
    position = {op: i for i, op in enumerate(block.ops)}
    returned = {v for op in block.ops if isinstance(op, ReturnOp) for v in op.operands}
    buffers = []
    for op in block.ops:
        if op.has_trait(ConstantLike):
            continue
        for value in op.results:
            if value in returned or not isinstance(value.type, TensorType):
                continue
            # A use inside a region counts at the top-level op that holds it.
            users = [block.find_ancestor_op_in_block(use.operation) for use in value.uses]
            end = max((position[u] for u in users if u is not None), default=position[op])
            size = byte_size(op, value.type)
            buffers.append(Buffer(value, position[op], end, size, round_up(size, alignment)))
    return buffers


def assign_offsets(buffers: list[Buffer]) -> None:
    """Greedy by size, best fit: each buffer, largest first, takes the tightest gap that fits."""
    placed: list[Buffer] = []
    for buffer in sorted(buffers, key=lambda b: (-b.reserved, b.start)):
        if buffer.reserved == 0:
            continue
        conflicts = sorted(
            (b.offset, b.offset + b.reserved) for b in placed if b.overlaps_in_time(buffer)
        )
        best: tuple[int, int] | None = None  # (gap size, offset)
        frontier = 0
        for begin, end in conflicts:
            gap = begin - frontier
            if gap >= buffer.reserved and (best is None or gap < best[0]):
                best = (gap, frontier)
            frontier = max(frontier, end)
        buffer.offset = best[1] if best is not None else frontier
        placed.append(buffer)


def plan_function(function: FuncOp, alignment: int) -> Plan:
    """Liveness and offsets of `function`'s intermediate tensors."""
    buffers = liveness(function, alignment)
    assign_offsets(buffers)
    events = sorted({b.start for b in buffers})
    live = max(
        (sum(b.reserved for b in buffers if b.start <= t <= b.end) for t in events), default=0
    )
    return Plan(
        buffers,
        peak_bytes=max((b.offset + b.reserved for b in buffers), default=0),
        no_reuse_bytes=sum(b.reserved for b in buffers),
        live_bytes=live,
    )


def annotate(function: FuncOp, plan: Plan) -> None:
    """Record the plan: offsets and sizes on the defining ops, the totals on the function."""
    by_value = {b.value: b for b in plan.buffers}
    for op in function.body.block.ops:
        planned = [by_value.get(r) for r in op.results]
        if not any(planned):
            op.attributes.pop(OFFSET, None)
            op.attributes.pop(SIZE, None)
            continue
        offsets = [b.offset if b else NOT_PLANNED for b in planned]
        sizes = [b.size if b else NOT_PLANNED for b in planned]
        op.attributes[OFFSET] = DenseArrayBase.from_list(i64, offsets)
        op.attributes[SIZE] = DenseArrayBase.from_list(i64, sizes)
    function.attributes[PEAK] = IntegerAttr(plan.peak_bytes, i64)
    function.attributes[NO_REUSE] = IntegerAttr(plan.no_reuse_bytes, i64)


def report_line(name: str, plan: Plan) -> str:
    """The --report line: peak vs no-reuse bytes (and their ratio), the lower bound, the count."""
    ratio = plan.peak_bytes / plan.no_reuse_bytes if plan.no_reuse_bytes else 1.0
    return (
        f"plan-memory: @{name}: peak {plan.peak_bytes} bytes vs {plan.no_reuse_bytes} bytes "
        f"without reuse ({ratio:.2f}x); at most {plan.live_bytes} bytes live at once; "
        f"{len(plan.buffers)} buffers\n"
    )


@dataclass(frozen=True)
class PlanMemory(ModulePass):
    """Plan one arena per function: liveness, greedy-by-size offsets with reuse, as attributes."""

    name = "plan-memory"

    alignment: int = 64
    """Byte alignment of every offset (and granularity of every reservation)."""
    report: bool = False
    """Print, per function, peak bytes vs the no-reuse total to stderr."""

    def __post_init__(self) -> None:
        if self.alignment < 1:
            raise ValueError(f"expected alignment to be a positive number of bytes, got {self.alignment}")

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        peak = no_reuse = 0
        for function in op.body.block.ops:
            if not isinstance(function, FuncOp) or not function.body.blocks:
                continue
            plan = plan_function(function, self.alignment)
            annotate(function, plan)
            peak += plan.peak_bytes
            no_reuse += plan.no_reuse_bytes
            if self.report:
                sys.stderr.write(report_line(function.sym_name.data, plan))
        op.attributes[PEAK] = IntegerAttr(peak, i64)
        op.attributes[NO_REUSE] = IntegerAttr(no_reuse, i64)
