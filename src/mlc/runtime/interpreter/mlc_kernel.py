"""numpy semantics of mlc_kernel: host launches over numpy buffers, block programs one by one.

Host side: a memref value is a C-contiguous numpy array; `alloc` makes a zeroed one,
`constant` a read-only one over the attribute's values (a kernel storing into it is an
error), and `view` reinterprets bytes of the arena in place, so kernels writing through a
view write the arena (and every other view overlapping it), as on a GPU. `launch` runs the kernel
body once per program of its grid, sequentially, grid axis 0 fastest (then 1, then 2).

Kernel side: a scalar is a numpy scalar of its type and a block a numpy array of its shape
(so every op works on a whole block at once). A pointer is `Pointers(buffer, offsets)`:
the flat 1-D view of the buffer it points into and int64 element offsets, of shape () for
one pointer and of the block's shape for a block of pointers. select between pointer
blocks into two different buffers has no such representation and is an error.

Memory access, as Triton defines it: masked-off lanes are never touched (even when their
offsets are out of bounds) and load yields `other` there, or 0 without `other` (as
Triton's interpreter). An unmasked lane outside its buffer is an error naming the op, the
kernel, the program and the offsets, where a GPU would fault or corrupt memory. Stores to
one element from several lanes keep the last lane's value (row-major lane order);
atomic_add applies duplicates one after another in lane order, and each lane yields the
value it saw before its own add (masked-off lanes yield 0).

Compute: dot accumulates in f32 for float operands (i32, wrapping, for i8): operands are
widened to f32, multiplied with one np.matmul and added to acc. input_precision tf32
rounds both f32 operands to tf32 first (10 mantissa bits, round to nearest even, as
tensor cores read them); tf32x3 uses the split a = hi + lo with hi, lo in tf32 and sums
hi*hi + hi*lo + lo*hi, as Triton does. reduce sums floats in f32 (rounded once to the
result type) and integers wrapping; max/min propagate NaN; argmax/argmin give the first
extremum. convert is Triton's .to(): float->int truncates toward zero and saturates to
the target range with NaN -> 0 (PTX cvt.rzi), ->i1 is != 0, and i1 reads as 0/1.
"""

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, MemRefType, ShapedType, i1
from xdsl.interpreter import (
    Interpreter,
    InterpreterFunctions,
    PythonValues,
    ReturnedValues,
    impl,
    impl_terminator,
    register_impls,
)
from xdsl.ir import Attribute, Operation
from xdsl.utils.exceptions import InterpretationError

from mlc.dialects.mlc_kernel import (
    AddPtrOp,
    AllocOp,
    AtomicAddOp,
    BroadcastOp,
    CmpfOp,
    CmpiOp,
    ConstantOp,
    ConvertOp,
    DotOp,
    ExpandDimsOp,
    KernelFuncOp,
    LaunchOp,
    LoadOp,
    MakeRangeOp,
    NumProgramsOp,
    ProgramIdOp,
    PtrType,
    ReduceOp,
    ReshapeOp,
    ReturnOp,
    SelectOp,
    SplatOp,
    StoreOp,
    TransOp,
    ViewOp,
)
from mlc.dialects.mlc_kernel.base import is_float, is_integer
from mlc.dialects.mlc_kernel.block import GRID_AXES
from mlc.ir.resources import resource_array
from mlc.runtime.interpreter.mlc_tensor.constant import dense_array
from mlc.runtime.interpreter.upstream import (
    CMPI_PREDICATES,
    compare_floats,
    as_float,
    as_signed,
    as_unsigned,
    as_type,
    element_dtype,
)

# ---------------------------------------------------------------------------------------
# Values: pointers, and the program being run.


@dataclass(frozen=True)
class Pointers:
    """One pointer (offsets of shape ()) or a block of pointers into a flat numpy buffer."""

    buffer: np.ndarray
    offsets: np.ndarray

    def moved(self, offsets: np.ndarray) -> "Pointers":
        """Pointers into the same buffer at other element offsets."""
        return Pointers(self.buffer, np.asarray(offsets, dtype=np.int64))


@dataclass(frozen=True)
class Program:
    """The program a kernel body is running as: kernel name, ids and grid sizes (3 axes)."""

    kernel: str
    ids: tuple[int, ...]
    sizes: tuple[int, ...]

    def __str__(self) -> str:
        return f"@{self.kernel} program {self.ids}"


def bind_argument(param: Attribute, value: object) -> object:
    """A launch argument as the kernel sees it: a buffer for a pointer becomes Pointers to element 0."""
    if isinstance(param, PtrType):
        # Buffers are C-contiguous (alloc, view, checked inputs), so this is a view, not a copy.
        return Pointers(np.asarray(value).reshape(-1), np.int64(0))
    return as_type(value, param)


def constant_buffer(op: ConstantOp) -> np.ndarray:
    """The buffer of an mlc_kernel.constant: its values as a C-contiguous, read-only numpy array."""
    value = op.value
    array = dense_array(value) if isinstance(value, DenseIntOrFPElementsAttr) else resource_array(value)
    buffer = np.ascontiguousarray(array).view()
    buffer.flags.writeable = False  # a store through a pointer into it fails in scatter_operands
    return buffer


def launch(interpreter: Interpreter, kernel: KernelFuncOp, args: Sequence[object]) -> None:
    """Run `kernel` on `args` once per program of its grid, axis 0 fastest."""
    params = kernel.function_type.inputs.data
    values = tuple(bind_argument(p, a) for p, a in zip(params, args, strict=True))
    grid = kernel.grid_sizes()
    sizes = tuple(grid) + (1,) * (GRID_AXES - len(grid))
    name = kernel.sym_name.data
    try:
        for reversed_ids in itertools.product(*(range(s) for s in reversed(sizes))):
            program = Program(name, tuple(reversed(reversed_ids)), sizes)
            interpreter.set_data(KernelFunctions, "program", program)
            interpreter.run_ssacfg_region(kernel.body, values, name)
    finally:
        interpreter.set_data(KernelFunctions, "program", None)


def current_program(interpreter: Interpreter) -> Program:
    """The program running now (kernel ops only run inside a launch: the verifier sees to it)."""
    program = interpreter.get_data(KernelFunctions, "program", lambda: None)
    assert program is not None
    return program


# ---------------------------------------------------------------------------------------
# Memory access.


def check_bounds(interpreter: Interpreter, op: Operation, buffer: np.ndarray, offsets: np.ndarray) -> None:
    """Raise naming the op, the program and the offending offsets unless all lie in `buffer`."""
    bad = offsets[(offsets < 0) | (offsets >= buffer.size)]
    if bad.size:
        shown = ", ".join(str(o) for o in bad[:8]) + (", ..." if bad.size > 8 else "")
        raise InterpretationError(
            f"{op.name}: out-of-bounds access in {current_program(interpreter)}: "
            f"{bad.size} unmasked lane(s) at element offsets [{shown}] of a buffer of "
            f"{buffer.size} elements (a GPU would fault or corrupt memory; mask those lanes)"
        )


def active_lanes(ptrs: Pointers, mask: object) -> np.ndarray:
    """Offsets of the lanes `mask` leaves on (all lanes without a mask), flattened."""
    offsets = np.asarray(ptrs.offsets)
    return offsets.reshape(-1) if mask is None else offsets[np.asarray(mask, dtype=bool)]


def gather(interpreter: Interpreter, op: LoadOp, ptrs: Pointers, mask: object, other: object) -> object:
    """Masked gather: masked-off lanes are not read and yield `other` (0 without it)."""
    check_bounds(interpreter, op, ptrs.buffer, active_lanes(ptrs, mask))
    if mask is None:
        return ptrs.buffer[ptrs.offsets]
    on = np.asarray(mask, dtype=bool)
    fill = np.zeros((), ptrs.buffer.dtype) if other is None else other
    if ptrs.buffer.size == 0:  # every lane is masked off (checked above)
        return np.broadcast_to(fill, on.shape)
    # Masked-off lanes read element 0 instead of their (possibly wild) offsets.
    loaded = ptrs.buffer[np.where(on, ptrs.offsets, 0)]
    return np.where(on, loaded, fill)


def scatter_operands(
    interpreter: Interpreter, op: Operation, ptrs: Pointers, value: object, mask: object
) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, values) of the lanes a store or atomic_add writes, bounds-checked, flattened."""
    if not ptrs.buffer.flags.writeable:
        raise InterpretationError(
            f"{op.name}: expected a writable buffer in {current_program(interpreter)}, got a read-only one "
            "(an mlc_kernel.constant, or an input passed read-only)"
        )
    offsets = active_lanes(ptrs, mask)
    values = np.broadcast_to(np.asarray(value, dtype=ptrs.buffer.dtype), np.shape(ptrs.offsets))
    values = values.reshape(-1) if mask is None else values[np.asarray(mask, dtype=bool)]
    check_bounds(interpreter, op, ptrs.buffer, offsets)
    return offsets, values


def lane_ranks(offsets: np.ndarray) -> np.ndarray:
    """For each lane, how many earlier lanes (row-major) address the same element."""
    order = np.argsort(offsets, kind="stable")
    ordered = offsets[order]
    first = np.r_[True, ordered[1:] != ordered[:-1]]  # lanes starting a run of equal offsets
    starts = np.flatnonzero(first)
    group = np.cumsum(first) - 1
    ranks = np.empty_like(order)
    ranks[order] = np.arange(order.size) - starts[group]
    return ranks


def atomic_add(buffer: np.ndarray, offsets: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Add `values` at `offsets` one lane after another; returns what each lane saw before its add."""
    old = np.empty_like(values)
    ranks = lane_ranks(offsets)
    # Lanes of equal rank address distinct elements, so each round is one vectorized step,
    # and round r sees the sums of rounds 0..r-1: the sequential order, duplicates included.
    with np.errstate(over="ignore"):
        for rank in range(int(ranks.max(initial=-1)) + 1):
            lanes = ranks == rank
            at = offsets[lanes]
            old[lanes] = buffer[at]
            buffer[at] = old[lanes] + values[lanes]
    return old


# ---------------------------------------------------------------------------------------
# Compute.


def round_to_tf32(x: np.ndarray) -> np.ndarray:
    """f32 values rounded to tf32 (10 explicit mantissa bits, nearest even); inf and NaN kept."""
    bits = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32)
    # Adding 0xFFF plus the lowest kept bit, then clearing the 13 dropped bits, rounds to
    # nearest with ties to even; a carry into the exponent is the correct rounding up.
    rounded = (bits + np.uint32(0xFFF) + ((bits >> np.uint32(13)) & np.uint32(1))) & np.uint32(0xFFFFE000)
    return np.where(np.isfinite(x), rounded.view(np.float32), x)


def dot(a: np.ndarray, b: np.ndarray, acc: np.ndarray, precision: str) -> np.ndarray:
    """a @ b + acc: f32 accumulation for floats (honouring input_precision), wrapping i32 for i8."""
    if np.issubdtype(acc.dtype, np.integer):
        product = a.astype(np.int64) @ b.astype(np.int64) + acc
        return product.astype(np.int32)
    a32, b32 = a.astype(np.float32), b.astype(np.float32)
    if precision == "tf32":
        product = round_to_tf32(a32) @ round_to_tf32(b32)
    elif precision == "tf32x3":
        a_hi, b_hi = round_to_tf32(a32), round_to_tf32(b32)
        a_lo, b_lo = round_to_tf32(a32 - a_hi), round_to_tf32(b32 - b_hi)
        product = a_hi @ b_lo + a_lo @ b_hi + a_hi @ b_hi
    else:
        product = a32 @ b32
    return (product + acc).astype(np.float32)


def reduce(x: np.ndarray, axis: int, kind: str, floating: bool) -> np.ndarray:
    """Reduce `x` along `axis` with `kind`: float sums in f32 (f64 stays), integer sums in i64."""
    if kind == "sum":
        accumulator = (np.float32 if x.dtype.itemsize < 4 else None) if floating else np.int64
        return np.sum(x, axis=axis, dtype=accumulator)
    return {"max": np.max, "min": np.min, "argmax": np.argmax, "argmin": np.argmin}[kind](x, axis=axis)


def convert(value: object, source: Attribute, target: Attribute) -> object:
    """Triton's .to() lane by lane (see the module docstring), as a value of type `target`."""
    src, dst = element_of(source), element_of(target)
    if src == i1:
        x = np.asarray(value).astype(np.int64)  # true is 1, not -1
    elif is_float(src):
        x = as_float(value, source)  # f16/bf16 widen to f32 exactly; rounded once below
    else:
        x = np.asarray(value)
    if dst == i1:
        return as_type(x != 0, target)
    if is_integer(dst) and is_float(src):
        out = element_dtype(dst)
        info = np.iinfo(out)
        lo, hi = float(info.min), float(info.max)
        whole = np.nan_to_num(np.trunc(x.astype(np.float64)), nan=0.0)
        inside = np.clip(whole, lo, np.nextafter(hi, 0.0)).astype(out)
        x = np.where(whole >= hi, out.type(info.max), np.where(whole <= lo, out.type(info.min), inside))
    return as_type(x, target)


def element_of(typ: Attribute) -> Attribute:
    """The element type of a block type, or a scalar type itself."""
    return typ.get_element_type() if isinstance(typ, ShapedType) else typ


def reshaped(value: object, fn: Callable[[np.ndarray], np.ndarray]) -> object:
    """Apply a shape-only numpy function to a block, or to the offsets of a pointer block."""
    if isinstance(value, Pointers):
        return value.moved(fn(value.offsets))
    return fn(np.asarray(value))


# Predicates of mlc_kernel.cmpf as arith.cmpf predicate numbers (what upstream.compare_floats takes).
CMPF_PREDICATES = {"oeq": 1, "ogt": 2, "oge": 3, "olt": 4, "ole": 5, "one": 6, "une": 13}


# ---------------------------------------------------------------------------------------
# The ops.


@register_impls
class KernelFunctions(InterpreterFunctions):
    """Every mlc_kernel op: host buffers and launches, and the ops of block programs."""

    # Host side.

    @impl(AllocOp)
    def run_alloc(self, interpreter: Interpreter, op: AllocOp, args: PythonValues) -> PythonValues:
        typ = op.result.type
        return (np.zeros(tuple(typ.get_shape()), element_dtype(typ)),)

    @impl(ConstantOp)
    def run_constant(self, interpreter: Interpreter, op: ConstantOp, args: PythonValues) -> PythonValues:
        return (constant_buffer(op),)

    @impl(ViewOp)
    def run_view(self, interpreter: Interpreter, op: ViewOp, args: PythonValues) -> PythonValues:
        (arena,) = args
        typ: MemRefType = op.result.type
        dtype = element_dtype(typ)
        shape = tuple(typ.get_shape())
        start = op.offset.value.data
        size = dtype.itemsize * int(np.prod(shape, dtype=np.int64))
        # A slice of the 1-D arena reinterpreted in place: writes through the view alias it.
        return (arena[start : start + size].view(dtype).reshape(shape),)

    @impl(LaunchOp)
    def run_launch(self, interpreter: Interpreter, op: LaunchOp, args: PythonValues) -> PythonValues:
        kernel = interpreter.get_op_for_symbol(op.kernel)
        assert isinstance(kernel, KernelFuncOp)
        launch(interpreter, kernel, args)
        return ()

    @impl_terminator(ReturnOp)
    def run_return(self, interpreter: Interpreter, op: ReturnOp, args: PythonValues):
        return ReturnedValues(()), ()

    # Grid queries and block construction.

    @impl(ProgramIdOp)
    def run_program_id(self, interpreter: Interpreter, op: ProgramIdOp, args: PythonValues) -> PythonValues:
        return (np.int32(current_program(interpreter).ids[op.axis.value.data]),)

    @impl(NumProgramsOp)
    def run_num_programs(self, interpreter: Interpreter, op: NumProgramsOp, args: PythonValues) -> PythonValues:
        return (np.int32(current_program(interpreter).sizes[op.axis.value.data]),)

    @impl(MakeRangeOp)
    def run_make_range(self, interpreter: Interpreter, op: MakeRangeOp, args: PythonValues) -> PythonValues:
        return (np.arange(op.start.value.data, op.end.value.data, dtype=np.int32),)

    @impl(SplatOp)
    def run_splat(self, interpreter: Interpreter, op: SplatOp, args: PythonValues) -> PythonValues:
        shape = tuple(op.result.type.get_shape())
        (value,) = args
        if isinstance(value, Pointers):
            return (value.moved(np.full(shape, value.offsets)),)
        return (np.full(shape, value, dtype=element_dtype(op.result.type)),)

    @impl(BroadcastOp)
    def run_broadcast(self, interpreter: Interpreter, op: BroadcastOp, args: PythonValues) -> PythonValues:
        shape = tuple(op.result.type.get_shape())
        return (reshaped(args[0], lambda x: np.broadcast_to(x, shape)),)

    @impl(ExpandDimsOp)
    def run_expand_dims(self, interpreter: Interpreter, op: ExpandDimsOp, args: PythonValues) -> PythonValues:
        axis = op.axis.value.data
        return (reshaped(args[0], lambda x: np.expand_dims(x, axis)),)

    @impl(ReshapeOp)
    def run_reshape(self, interpreter: Interpreter, op: ReshapeOp, args: PythonValues) -> PythonValues:
        shape = tuple(op.result.type.get_shape())
        return (reshaped(args[0], lambda x: x.reshape(shape)),)

    @impl(TransOp)
    def run_trans(self, interpreter: Interpreter, op: TransOp, args: PythonValues) -> PythonValues:
        order = tuple(op.order.get_values())
        return (reshaped(args[0], lambda x: np.transpose(x, order)),)

    # Memory.

    @impl(AddPtrOp)
    def run_addptr(self, interpreter: Interpreter, op: AddPtrOp, args: PythonValues) -> PythonValues:
        ptrs, offset = args
        return (ptrs.moved(ptrs.offsets + np.asarray(offset, dtype=np.int64)),)

    @impl(LoadOp)
    def run_load(self, interpreter: Interpreter, op: LoadOp, args: PythonValues) -> PythonValues:
        ptrs, *rest = args
        mask = rest[0] if op.mask is not None else None
        other = rest[-1] if op.other is not None else None
        return (as_type(gather(interpreter, op, ptrs, mask, other), op.result.type),)

    @impl(StoreOp)
    def run_store(self, interpreter: Interpreter, op: StoreOp, args: PythonValues) -> PythonValues:
        ptrs, value, *rest = args
        offsets, values = scatter_operands(interpreter, op, ptrs, value, rest[0] if rest else None)
        ptrs.buffer[offsets] = values
        return ()

    @impl(AtomicAddOp)
    def run_atomic_add(self, interpreter: Interpreter, op: AtomicAddOp, args: PythonValues) -> PythonValues:
        ptrs, value, *rest = args
        mask = rest[0] if rest else None
        offsets, values = scatter_operands(interpreter, op, ptrs, value, mask)
        seen = atomic_add(ptrs.buffer, offsets, values)
        if mask is None:
            return (as_type(seen.reshape(np.shape(ptrs.offsets)), op.result.type),)
        old = np.zeros(np.shape(ptrs.offsets), ptrs.buffer.dtype)  # masked-off lanes yield 0
        old[np.asarray(mask, dtype=bool)] = seen
        return (as_type(old, op.result.type),)

    # Compute.

    @impl(DotOp)
    def run_dot(self, interpreter: Interpreter, op: DotOp, args: PythonValues) -> PythonValues:
        return (dot(*args, op.input_precision.data),)

    @impl(ReduceOp)
    def run_reduce(self, interpreter: Interpreter, op: ReduceOp, args: PythonValues) -> PythonValues:
        floating = is_float(element_of(op.input.type))
        with np.errstate(over="ignore"):
            result = reduce(np.asarray(args[0]), op.axis.value.data, op.kind.data, floating)
        return (as_type(result, op.result.type),)

    @impl(CmpiOp)
    def run_cmpi(self, interpreter: Interpreter, op: CmpiOp, args: PythonValues) -> PythonValues:
        index = CmpiOp.PREDICATES.index(op.predicate.data)  # the order of arith.cmpi
        read = as_unsigned if index >= 6 else as_signed
        compare = CMPI_PREDICATES[index if index < 6 else index - 4]
        return (as_type(compare(read(args[0], op.lhs.type), read(args[1], op.rhs.type)), op.result.type),)

    @impl(CmpfOp)
    def run_cmpf(self, interpreter: Interpreter, op: CmpfOp, args: PythonValues) -> PythonValues:
        lhs, rhs = as_float(args[0], op.lhs.type), as_float(args[1], op.rhs.type)
        return (as_type(compare_floats(CMPF_PREDICATES[op.predicate.data], lhs, rhs), op.result.type),)

    @impl(SelectOp)
    def run_select(self, interpreter: Interpreter, op: SelectOp, args: PythonValues) -> PythonValues:
        cond, a, b = args
        if isinstance(a, Pointers):
            if a.buffer is not b.buffer:
                raise InterpretationError(
                    f"{op.name}: choosing between pointers into different buffers is not supported "
                    f"by the interpreter, in {current_program(interpreter)}; select offsets instead"
                )
            return (a.moved(np.where(cond, a.offsets, b.offsets)),)
        return (as_type(np.where(cond, a, b), op.result.type),)

    @impl(ConvertOp)
    def run_convert(self, interpreter: Interpreter, op: ConvertOp, args: PythonValues) -> PythonValues:
        return (convert(args[0], op.input.type, op.result.type),)


FUNCTIONS = [KernelFunctions]
