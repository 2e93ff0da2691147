"""mlc_kernel.func -> one @triton.jit function: a rule per mlc_kernel op, plus the shared upstream rules."""

from xdsl.dialects.builtin import ArrayAttr, DictionaryAttr, IntegerAttr, StringAttr
from xdsl.ir import Operation

from mlc.dialects import mlc_kernel as mk
from mlc.dialects.mlc_kernel.base import is_float
from mlc.lowering.triton.dtypes import bit_width, element_of, tl_dtype
from mlc.lowering.triton.names import Namer
from mlc.lowering.triton.writer import SHARED_RULES, Rule, Writer, compare, is_bf16, select


def block_shape(w: Writer, op: Operation) -> str:
    """The shape of the op's result block, as Writer.shape spells it."""
    return w.shape(op.results[0].type.get_shape())


def program_id(w: Writer, op: mk.ProgramIdOp) -> str:
    """tl.program_id(axis)."""
    return f"tl.program_id({op.axis.value.data})"


def num_programs(w: Writer, op: mk.NumProgramsOp) -> str:
    """tl.num_programs(axis)."""
    return f"tl.num_programs({op.axis.value.data})"


def make_range(w: Writer, op: mk.MakeRangeOp) -> str:
    """tl.arange(start, end); a range from 0 ends at its constexpr name where one has that value."""
    start, end = op.start.value.data, op.end.value.data
    return f"tl.arange({start}, {w.dims.get(end, str(end)) if start == 0 else end})"


def splat(w: Writer, op: mk.SplatOp) -> str:
    """A number fills a block with tl.full (literals, loop counters and tensors alike); pointers broadcast."""
    if isinstance(op.input.type, mk.PtrType):
        return f"tl.broadcast_to({w.expr(op.input)}, {block_shape(w, op)})"
    return f"tl.full({block_shape(w, op)}, {w.expr(op.input)}, {tl_dtype(op, op.result.type)})"


def broadcast(w: Writer, op: mk.BroadcastOp) -> str:
    """tl.broadcast_to(x, shape)."""
    return f"tl.broadcast_to({w.expr(op.input)}, {block_shape(w, op)})"


def expand_dims(w: Writer, op: mk.ExpandDimsOp) -> str:
    """x[:, None] and the like: None at `axis`."""
    index = [":"] * len(op.input.type.get_shape())
    index.insert(op.axis.value.data, "None")
    return f"{w.expr(op.input)}[{', '.join(index)}]"


def reshape(w: Writer, op: mk.ReshapeOp) -> str:
    """tl.reshape(x, shape): row-major order kept (can_reorder is off by default)."""
    return f"tl.reshape({w.expr(op.input)}, {block_shape(w, op)})"


def trans(w: Writer, op: mk.TransOp) -> str:
    """tl.trans(x) for a 2-D transpose, tl.permute(x, order) otherwise (both: result dim i = input dim order[i])."""
    order = tuple(op.order.get_values())
    if order == (1, 0):
        return f"tl.trans({w.expr(op.input)})"
    return f"tl.permute({w.expr(op.input)}, {order})"


def addptr(w: Writer, op: mk.AddPtrOp) -> str:
    """ptr + offset: Triton's pointer arithmetic counts elements, as mlc_kernel.addptr does."""
    return f"{w.expr(op.ptr)} + {w.expr(op.offset)}"


def hints(op: Operation) -> list[str]:
    """cache_modifier/eviction_policy keywords of a load or store (Triton spells modifiers with a dot)."""
    out = []
    cache, eviction = op.properties.get("cache"), op.properties.get("eviction")
    if isinstance(cache, StringAttr):
        out.append(f'cache_modifier=".{cache.data}"')
    if isinstance(eviction, StringAttr):
        out.append(f'eviction_policy="{eviction.data}"')
    return out


def access(w: Writer, function: str, op: Operation, positional: list, keywords: dict) -> str:
    """`tl.<function>(positional..., key=value..., hints...)`, leaving out absent operands."""
    args = [w.expr(v) for v in positional]
    args += [f"{k}={w.expr(v)}" for k, v in keywords.items() if v is not None]
    return f"tl.{function}({', '.join(args + hints(op))})"


def load(w: Writer, op: mk.LoadOp) -> str:
    """tl.load(ptr, mask=, other=): masked-off lanes are not read and yield other."""
    return access(w, "load", op, [op.ptr], {"mask": op.mask, "other": op.other})


def store(w: Writer, op: mk.StoreOp) -> str:
    """tl.store(ptr, value, mask=)."""
    return access(w, "store", op, [op.ptr, op.value], {"mask": op.mask})


def atomic_add(w: Writer, op: mk.AtomicAddOp) -> str:
    """tl.atomic_add(ptr, value, mask=): acq_rel at gpu scope (Triton's defaults), yields the old values."""
    return access(w, "atomic_add", op, [op.ptr, op.value], {"mask": op.mask})


def dot(w: Writer, op: mk.DotOp) -> str:
    """tl.dot(a, b, acc, ...): f32 accumulation for floats (with input_precision), i32 for i8."""
    args = f"{w.expr(op.a)}, {w.expr(op.b)}, {w.expr(op.acc)}"
    if is_float(element_of(op.a.type)):
        return f'tl.dot({args}, input_precision="{op.input_precision.data}")'
    return f"tl.dot({args}, out_dtype=tl.int32)"


def reduce(w: Writer, op: mk.ReduceOp) -> str:
    """tl.sum/tl.argmax/...; float max/min propagate NaN through tl.reduce, results keep the IR's type."""
    x, axis, kind = w.expr(op.input), op.axis.value.data, op.kind.data
    element = element_of(op.input.type)
    result_type = tl_dtype(op, op.result.type)
    narrow = bit_width(op.input.type) < 32
    if kind.startswith("arg"):  # bf16 compares in f32 (exact; see writer.operands)
        return f"tl.{kind}({f'tl.cast({x}, tl.float32)' if is_bf16(op.input.type) else x}, axis={axis})"
    if kind == "sum" and is_float(element):
        # f16/bf16 accumulate in f32 and round once, as the reference interpreter does.
        return f"tl.cast(tl.sum({x}, axis={axis}, dtype=tl.float32), {result_type})" if narrow else f"tl.sum({x}, axis={axis})"
    if kind != "sum" and is_float(element):
        return f"tl.reduce({x}, {axis}, {w.helper(f'_{kind}_nan')})"
    # Integer reductions narrower than 32 bits run in i32 in Triton; wrapping back is exact
    # for max/min and equals the wrapped sum.
    text = f"tl.{kind}({x}, axis={axis})"
    return f"tl.cast({text}, {result_type})" if narrow else text


def kernel_compare(w: Writer, op: mk.CmpiOp | mk.CmpfOp) -> str:
    """mlc_kernel.cmpi/cmpf by predicate name."""
    return compare(w, op, op.predicate.data)


def convert(w: Writer, op: mk.ConvertOp) -> str:
    """tl.cast(x, dtype): Triton's .to(), which mlc_kernel.convert is defined as."""
    return f"tl.cast({w.expr(op.input)}, {tl_dtype(op, op.result.type)})"


KERNEL_RULES: dict[type[Operation], Rule] = {
    **SHARED_RULES,
    mk.ProgramIdOp: program_id,
    mk.NumProgramsOp: num_programs,
    mk.MakeRangeOp: make_range,
    mk.SplatOp: splat,
    mk.BroadcastOp: broadcast,
    mk.ExpandDimsOp: expand_dims,
    mk.ReshapeOp: reshape,
    mk.TransOp: trans,
    mk.AddPtrOp: addptr,
    mk.LoadOp: load,
    mk.StoreOp: store,
    mk.AtomicAddOp: atomic_add,
    mk.DotOp: dot,
    mk.ReduceOp: reduce,
    mk.CmpiOp: kernel_compare,
    mk.CmpfOp: kernel_compare,
    mk.SelectOp: select,
    mk.ConvertOp: convert,
}
"""Op class -> rule for kernel bodies; new kernel ops (quantized, sparse) add entries here."""


def constexprs(kernel: mk.KernelFuncOp) -> dict[str, int]:
    """The kernel's named constexprs (block sizes), in order."""
    assert isinstance(kernel.constexprs, DictionaryAttr)
    return {k: v.value.data for k, v in kernel.constexprs.data.items() if isinstance(v, IntegerAttr)}


def sources(kernel: mk.KernelFuncOp) -> list[str]:
    """The kernel's provenance: the source ops and locations it was lowered from."""
    attr = kernel.sources
    return [s.data for s in attr.data] if isinstance(attr, ArrayAttr) else []


def tuning(kernel: mk.KernelFuncOp) -> dict[str, int]:
    """num_warps and num_stages, as launch keywords."""
    return {"num_warps": kernel.num_warps.value.data, "num_stages": kernel.num_stages.value.data}


def header(kernel: mk.KernelFuncOp, grid: str) -> list[str]:
    """The comment above a kernel: grid, tuning and where it came from."""
    settings = ", ".join(f"{k}={v}" for k, v in {**constexprs(kernel), **tuning(kernel)}.items())
    lines = [f"# @{kernel.sym_name.data}: grid {grid}, {settings}"]
    found = sources(kernel)
    lines += ["# sources:", *(f"#   {s}" for s in found)] if found else ["# sources: none recorded"]
    return lines


def grid_text(kernel: mk.KernelFuncOp) -> str:
    """The launch grid as a Python tuple."""
    sizes = kernel.grid_sizes()
    return f"({sizes[0]},)" if len(sizes) == 1 else f"({', '.join(map(str, sizes))})"


def emit_kernel(kernel: mk.KernelFuncOp, name: str, module_names: Namer, helpers: set[str]) -> list[str]:
    """The lines of one @triton.jit function for `kernel`, named `name`."""
    namer = Namer(module_names)
    values = constexprs(kernel)
    for key in values:
        namer.used.add(key)
    # A block size spelled by name only where exactly one constexpr has that value.
    counts = list(values.values())
    dims = {v: k for k, v in values.items() if counts.count(v) == 1}
    w = Writer(KERNEL_RULES, namer, helpers, dims)
    params = [w.name(arg, f"arg{i}") for i, arg in enumerate(kernel.args)]
    params += [f"{k}: tl.constexpr" for k in values]
    w.block(kernel.body.block)
    if not w.lines:
        w.line("pass")
    return [*header(kernel, grid_text(kernel)), "@triton.jit", f"def {name}({', '.join(params)}):", *w.lines]
