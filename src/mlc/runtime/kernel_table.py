"""A table of the kernels in mlc_kernel IR: kind, grid, tiles, FLOPs, bytes and source ops per kernel.

Computed from the IR alone (nothing runs):
- kind: what the conversion recorded in `mlc.kind` (elementwise, reduction, matmul for every
  GEMM and GEMV, conv2d's implicit GEMM included, attention); for kernels written by hand,
  `matmul` when the body has a dot (or a GEMV's rank-3 product block reduced along K),
  `reduction` when it reduces, else `elementwise`.
- FLOPs: float arithmetic as the tiles issue it, masked-off lanes included (a tail block
  costs a whole block): each float arith/math op counts one per block element, a reduce
  one per input element, a dot 2*M*N*K; loop bodies count once per trip (constant bounds),
  and everything once per program of the grid.
- bytes: the sizes of the distinct buffers each launch passes the kernel (every input read
  once, every output written once: the compulsory traffic a roofline model uses).
"""

from dataclasses import dataclass
from math import prod

from xdsl.dialects import arith, func, scf
from xdsl.dialects.builtin import AnyFloat, IntegerAttr, MemRefType, ModuleOp, ShapedType, StringAttr
from xdsl.ir import Block, Operation, SSAValue

from mlc.dialects import mlc_kernel as mk
from mlc.lowering.triton.dtypes import bit_width
from mlc.lowering.triton.kernel import constexprs, sources, tuning


@dataclass(frozen=True)
class KernelInfo:
    """One kernel's row: what it is, how it is launched and tiled, what it costs, where it came from."""

    name: str
    kind: str
    grid: tuple[int, ...]
    tile: dict[str, int]
    """Constexpr block sizes, then num_warps and num_stages."""
    flops: int
    bytes: int
    sources: tuple[str, ...]


class KernelTable(list[KernelInfo]):
    """The kernels of a module in definition order; str() is an aligned text table."""

    COLUMNS = ("kernel", "kind", "grid", "tile", "FLOPs", "bytes", "source ops")

    def __str__(self) -> str:
        rows = [
            (
                k.name,
                k.kind,
                "x".join(map(str, k.grid)),
                " ".join(f"{key}={value}" for key, value in k.tile.items()),
                f"{k.flops:,}",
                f"{k.bytes:,}",
                ", ".join(s.split(" ")[0].removeprefix("mlc_tensor.") for s in k.sources),
            )
            for k in self
        ]
        widths = [max(len(r[i]) for r in [self.COLUMNS, *rows]) for i in range(len(self.COLUMNS))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [self.COLUMNS, *rows]]
        return "\n".join(lines)


def kernel_table(module: ModuleOp) -> KernelTable:
    """The table of every mlc_kernel.func in `module`, with bytes taken from the host launches."""
    traffic: dict[str, int] = {}
    for host in module.ops:
        if isinstance(host, func.FuncOp):
            for op in host.walk():
                if isinstance(op, mk.LaunchOp):
                    name = op.kernel.root_reference.data
                    # A buffer passed twice (x + x) is still read once.
                    traffic[name] = traffic.get(name, 0) + sum(buffer_bytes(a) for a in set(op.args))
    return KernelTable(
        KernelInfo(
            op.sym_name.data,
            kind_of(op),
            op.grid_sizes(),
            {**constexprs(op), **tuning(op)},
            prod(op.grid_sizes()) * block_flops(op.body.block),
            traffic.get(op.sym_name.data, 0),
            tuple(sources(op)),
        )
        for op in module.ops
        if isinstance(op, mk.KernelFuncOp)
    )


def kind_of(kernel: mk.KernelFuncOp) -> str:
    """The kind the conversion recorded (`mlc.kind`); for kernels written by hand: matmul (a dot
    in the body, or a GEMV's rank-3 product block reduced along K), reduction (a reduce), else elementwise."""
    recorded = kernel.attributes.get("mlc.kind")
    if isinstance(recorded, StringAttr):
        return recorded.data
    ops = list(kernel.walk())
    if any(isinstance(o, mk.DotOp) or (isinstance(o, mk.ReduceOp) and len(o.input.type.get_shape()) == 3) for o in ops):
        return "matmul"
    return "reduction" if any(isinstance(o, mk.ReduceOp) for o in ops) else "elementwise"


def buffer_bytes(value: SSAValue) -> int:
    """The size in bytes of a memref value (0 for scalars)."""
    typ = value.type
    if not isinstance(typ, MemRefType):
        return 0
    return prod(typ.get_shape()) * bit_width(typ.get_element_type()) // 8


def elements(value: SSAValue) -> int:
    """The number of elements of a block value (1 for a scalar)."""
    return prod(value.type.get_shape()) if isinstance(value.type, ShapedType) else 1


def is_float_value(value: SSAValue) -> bool:
    """Whether a scalar or block value holds floats."""
    typ = value.type
    element = typ.get_element_type() if isinstance(typ, ShapedType) else typ
    return isinstance(element, AnyFloat)


def trip_count(loop: scf.ForOp) -> int:
    """The trips of a loop whose bounds and step are arith constants (1 when they are not)."""
    bounds = []
    for value in (loop.lb, loop.ub, loop.step):
        owner = value.owner
        if not (isinstance(owner, arith.ConstantOp) and isinstance(owner.value, IntegerAttr)):
            return 1
        bounds.append(owner.value.value.data)
    lower, upper, step = bounds
    return max(0, -(-(upper - lower) // step))


NOT_ARITHMETIC = (arith.ConstantOp, arith.SelectOp, arith.ExtFOp, arith.TruncFOp, arith.SIToFPOp, arith.BitcastOp)
"""arith ops that move or retype values rather than compute: no FLOPs."""


def block_flops(block: Block) -> int:
    """Float operations one program issues in `block` (see the module docstring for the rules)."""
    return sum(op_flops(op) for op in block.ops)


def op_flops(op: Operation) -> int:
    """Float operations of one op, its nested loops included."""
    if isinstance(op, scf.ForOp):
        return trip_count(op) * block_flops(op.body.block)
    if isinstance(op, scf.IfOp):
        return max(block_flops(r.block) for r in op.regions if r.blocks)
    if isinstance(op, mk.DotOp):
        m, k = op.a.type.get_shape()
        return 2 * m * k * op.b.type.get_shape()[1]
    if isinstance(op, mk.ReduceOp):
        return elements(op.input) if is_float_value(op.input) else 0
    counted = op.dialect_name() == "math" or (op.dialect_name() == "arith" and not isinstance(op, NOT_ARITHMETIC))
    if counted and op.results and is_float_value(op.results[0]):
        return elements(op.results[0])
    return 0
