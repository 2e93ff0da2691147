"""A fast numpy executor of mlc_kernel IR: each kernel translated once, many programs per numpy call.

The reference interpreter (mlc.runtime.interpreter.mlc_kernel) runs one program at a time
through xDSL's interpreter: exact, and far too slow to run models. This executor gives the
same results (it is tested against the interpreter, bit for bit) by translating every
kernel once into a list of steps, one closure per op, and running a whole chunk of programs
per step: a value that differs between the programs of a chunk carries a leading program
axis (a block of logical shape S is an array (P, *S), a scalar an array (P,)); a value that
does not (make_range, constants, most index arithmetic) keeps its logical shape, and numpy
broadcasting lines the two up. Whether a value has the program axis is read from its rank
at run time, so no analysis decides it and the rules stay one line each.

Translation also drops ops whose results nothing uses and hoists loop-invariant ops out of
scf.for bodies (both only for ops that are pure and cannot fail, so no error is lost): the
lowering leaves index math behind and rebuilds ranges and masks inside K loops.

Chunks hold as many programs as keep every block of the chunk near CHUNK_LANES lanes, so a
chunk's working set stays in cache while a fused group computes on it (fusion pays off here
as on a GPU); grid axis 0 is fastest, as in the interpreter. Within a chunk the programs
run op by op instead of one after another. That is the interpreter's order for every kernel
whose programs never read what another program of the same launch writes (on a GPU that
would be a race); a launch whose kernel loads from a buffer it also writes, or whose
written buffer overlaps another argument, runs one program per chunk: the interpreter's
order exactly. scf.for with bounds, and scf.if with a condition, that differ between the
programs of a chunk run program by program for that op.

Loads and stores whose offsets are affine in the block indices and whose masks are boxes
(how the lowering builds tiles) run as strided views of the buffer instead of gathers, with
none of their index math, when the programs of a chunk agree on the box and their bases are
evenly spaced (one view for the chunk); they fall back to the gather path, running the ops
they skipped, everywhere else, and wherever the result could differ: i32 index arithmetic
that wraps, lanes outside the buffer (the error), stores whose lanes collide (see Access).

What the interpreter defines (masked loads never touch masked-off lanes, `other`, duplicate
stores keep the last lane, atomic_add in lane order, dot/reduce/convert numerics, bounds and
read-only errors naming the program) is reused from it or reproduced here; math.erf, which
the interpreter evaluates per element with Python's math.erf, runs vectorized and falls
back to math.erf only for the elements whose rounding the fast value cannot decide.
"""

import functools
import math as pymath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from xdsl.dialects import arith, func, math, scf
from xdsl.dialects.builtin import ModuleOp, ShapedType, i32
from xdsl.interpreter import Interpreter, InterpreterFunctions, PythonValues, impl, register_impls
from xdsl.ir import Attribute, Block, Operation, SSAValue
from xdsl.utils.exceptions import InterpretationError

from mlc.dialects import mlc_kernel as mk
from mlc.dialects.mlc_kernel.base import is_float
from mlc.dialects.mlc_kernel.block import GRID_AXES
from mlc.runtime.interpreter import build_interpreter, check_inputs, find_function
from mlc.runtime.interpreter import mlc_kernel as reference
from mlc.runtime.interpreter.upstream import (
    CMPI_PREDICATES,
    FLOAT_BINARY,
    FLOAT_UNARY,
    INT_BINARY,
    ArithMathFunctions,
    as_float,
    as_type,
    compare_floats,
    constant_value,
    element_dtype,
)

CHUNK_LANES = 1 << 15
"""Lanes per value in one chunk (programs x block elements): 128 KiB of f32, cache-sized."""


Rule = Callable[..., object]
"""fn(op, chunk, *operand values) -> the result value (a tuple of them for several results)."""


class UnsupportedKernelOp(ValueError):
    """A kernel holds an op the executor has no rule for (the message names it)."""


# ---------------------------------------------------------------------------------------
# Chunks of programs and values with an optional leading program axis.


@dataclass
class Chunk:
    """The programs a step runs for: their grid ids per axis (a scalar where all agree)."""

    kernel: str
    sizes: tuple[int, ...]
    first: int
    """Linear index of the chunk's first program (axis 0 fastest)."""
    count: int
    fresh: bool = False
    """Loads copy what they read: the launch writes a buffer its loads may read (views could change)."""
    ids: tuple[object, ...] = field(init=False)

    def __post_init__(self) -> None:
        linear = np.arange(self.first, self.first + self.count, dtype=np.int64)
        ids = []
        for axis in range(GRID_AXES):
            stride = int(np.prod(self.sizes[:axis], dtype=np.int64))
            axis_ids = ((linear // stride) % self.sizes[axis]).astype(np.int32)
            ids.append(axis_ids[0] if np.all(axis_ids == axis_ids[0]) else axis_ids)
        self.ids = tuple(ids)

    def program(self, p: int) -> reference.Program:
        """Program number `p` of the chunk, as the interpreter names programs in errors."""
        return reference.Program(self.kernel, tuple(int(np.broadcast_to(i, (self.count,))[p]) for i in self.ids), self.sizes)

    def single(self, p: int) -> "Chunk":
        """The chunk of program number `p` alone."""
        return Chunk(self.kernel, self.sizes, self.first + p, 1, self.fresh)


def lead(value: object, rank: int) -> int:
    """1 when `value` (an array, or Pointers) carries the program axis in front of its logical rank, else 0."""
    array = value.offsets if isinstance(value, reference.Pointers) else value
    return np.ndim(array) - rank


@functools.lru_cache(maxsize=1 << 16)  # rules ask per chunk; reading an xDSL type costs more than numpy
def rank_of(value: SSAValue) -> int:
    """The logical rank of an SSA value: its block rank, 0 for scalars and single pointers."""
    return len(value.type.get_shape()) if isinstance(value.type, ShapedType) else 0


def program_slice(value: object, rank: int, p: int) -> object:
    """Program `p`'s part of a value (kept with a program axis of 1), or the value itself if uniform."""
    if value is None or not isinstance(value, reference.Pointers | np.ndarray | np.generic) or lead(value, rank) == 0:
        return value
    if isinstance(value, reference.Pointers):
        return value.moved(value.offsets[p : p + 1])
    return value[p : p + 1]


def with_programs(value: object, rank: int, count: int) -> np.ndarray:
    """A value as an array with the program axis of length `count` (a broadcast view if it had none)."""
    array = np.asarray(value)
    if np.ndim(array) == rank:
        array = array[None]
    return np.broadcast_to(array, (count, *array.shape[1:]))


def agreed(value: object) -> int | None:
    """A scalar the programs of a chunk agree on, as an int; None when they differ."""
    array = np.asarray(value)
    if array.ndim == 0:
        return int(array)
    return int(array[0]) if np.all(array == array[0]) else None


# ---------------------------------------------------------------------------------------
# Memory access.


def out_of_bounds(op: Operation, chunk: Chunk, buffer: np.ndarray, offsets: np.ndarray, on: np.ndarray | None, rank: int) -> None:
    """Raise as the interpreter does for the first program with an unmasked lane outside `buffer`."""
    bad = (offsets < 0) | (offsets >= buffer.size)
    if on is not None:
        bad = bad & on
    if not bad.any():
        return
    offsets = np.broadcast_to(offsets, bad.shape)
    p = 0
    if bad.ndim > rank:
        p = int(np.flatnonzero(bad.reshape(bad.shape[0], -1).any(axis=1))[0])
        bad, offsets = bad[p], offsets[p]
    found = offsets[bad]
    shown = ", ".join(str(o) for o in found[:8]) + (", ..." if found.size > 8 else "")
    raise InterpretationError(
        f"{op.name}: out-of-bounds access in {chunk.program(p)}: {found.size} unmasked lane(s) at element "
        f"offsets [{shown}] of a buffer of {buffer.size} elements (a GPU would fault or corrupt memory; mask those lanes)"
    )


def checked_offsets(op: Operation, chunk: Chunk, ptrs: reference.Pointers, mask: object, rank: int) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
    """(offsets, mask as bool or None, offsets with masked-off lanes at 0) broadcast together.

    Raises for unmasked lanes out of bounds: the masked-off lanes read element 0 (in
    bounds unless the buffer is empty, when every lane must be masked off), so the bounds of
    the safe offsets decide it in two reductions.
    """
    offsets = np.asarray(ptrs.offsets)
    on = None if mask is None else np.asarray(mask, dtype=bool)
    if on is not None and on.all() and on.ndim <= offsets.ndim:
        on = None  # every lane on: the unmasked access, without the masking passes
    safe = offsets if on is None else np.where(on, offsets, 0)
    if safe.size and (safe.min() < 0 or safe.max() >= ptrs.buffer.size) and (ptrs.buffer.size or on is None or on.any()):
        out_of_bounds(op, chunk, ptrs.buffer, offsets, on, rank)
    if on is not None:
        offsets, on = np.broadcast_arrays(offsets, on)
    return offsets, on, safe


def writable(op: Operation, chunk: Chunk, ptrs: reference.Pointers) -> None:
    """Raise as the interpreter does when a store or atomic_add targets a read-only buffer."""
    if not ptrs.buffer.flags.writeable:
        raise InterpretationError(
            f"{op.name}: expected a writable buffer in {chunk.program(0)}, got a read-only one "
            "(an mlc_kernel.constant, or an input passed read-only)"
        )


def load(op: mk.LoadOp, chunk: Chunk, ptrs: reference.Pointers, *rest: object) -> object:
    """Masked gather (reference.gather): masked-off lanes read element 0 and yield `other` (0 without it)."""
    mask = rest[0] if op.mask is not None else None
    other = rest[-1] if op.other is not None else None
    offsets, on, safe = checked_offsets(op, chunk, ptrs, mask, rank_of(op.ptr))
    if on is None:
        return as_type(np.take(ptrs.buffer, offsets), op.result.type)
    fill = np.zeros((), ptrs.buffer.dtype) if other is None else other
    if ptrs.buffer.size == 0:
        return as_type(np.broadcast_to(fill, on.shape), op.result.type)
    return as_type(np.where(on, np.take(ptrs.buffer, safe), fill), op.result.type)


def scatter(op: Operation, chunk: Chunk, ptrs: reference.Pointers, value: object, mask: object, every_program: bool):
    """(offsets, values, mask) of a store or atomic_add, program-major and flattened, bounds-checked.

    `every_program` repeats lanes that all programs share once per program (atomic_add
    applies each program's add; a store of the same value from each program is one store).
    """
    writable(op, chunk, ptrs)
    rank = rank_of(op.ptr)
    offsets, on, _ = checked_offsets(op, chunk, ptrs, mask, rank)
    values = np.asarray(value, dtype=ptrs.buffer.dtype)
    shape = np.broadcast_shapes(offsets.shape, values.shape)
    if every_program and len(shape) == rank and chunk.count > 1:
        shape = (chunk.count, *shape)
    offsets, values = np.broadcast_to(offsets, shape), np.broadcast_to(values, shape)
    if on is None:
        return shape, offsets.reshape(-1), values.reshape(-1), None
    on = np.broadcast_to(on, shape)
    return shape, offsets[on], values[on], on


def store(op: mk.StoreOp, chunk: Chunk, ptrs: reference.Pointers, value: object, *rest: object) -> None:
    """Scatter: numpy assigns repeated offsets in order, so the last lane (program-major) wins."""
    _, offsets, values, _ = scatter(op, chunk, ptrs, value, rest[0] if rest else None, every_program=False)
    ptrs.buffer[offsets] = values


def atomic_add(op: mk.AtomicAddOp, chunk: Chunk, ptrs: reference.Pointers, value: object, *rest: object) -> object:
    """reference.atomic_add over the chunk's lanes in program-major order: the sequential order of the programs."""
    shape, offsets, values, on = scatter(op, chunk, ptrs, value, rest[0] if rest else None, every_program=True)
    seen = reference.atomic_add(ptrs.buffer, offsets, values)
    if on is None:
        return as_type(seen.reshape(shape), op.result.type)
    old = np.zeros(shape, ptrs.buffer.dtype)  # masked-off lanes yield 0
    old[on] = seen
    return as_type(old, op.result.type)


# ---------------------------------------------------------------------------------------
# Compute and block shapes: the interpreter's helpers with the program axis accounted for.


def shaped(op: Operation, value: object, fn: Callable[[np.ndarray, int], np.ndarray]) -> object:
    """Apply `fn(array, lead)` to a block, or to the offsets of a pointer block."""
    n = lead(value, rank_of(op.operands[0]))
    if isinstance(value, reference.Pointers):
        return value.moved(fn(value.offsets, n))
    return fn(np.asarray(value), n)


@functools.lru_cache(maxsize=1 << 16)
def result_shape(op: Operation) -> tuple[int, ...]:
    """The logical shape of the op's (first) result."""
    return tuple(op.results[0].type.get_shape())


def splat(op: mk.SplatOp, chunk: Chunk, value: object) -> object:
    """A scalar filling a block: a varying scalar (P,) becomes (P, 1, ..) broadcast to (P, *shape)."""
    shape = result_shape(op)
    if isinstance(value, reference.Pointers):
        offsets = np.asarray(value.offsets)
        return value.moved(np.broadcast_to(offsets.reshape(offsets.shape + (1,) * len(shape)), offsets.shape + shape))
    if np.ndim(value) == 0:
        return np.full(shape, value, dtype=element_dtype(op.result.type))
    array = np.asarray(value, dtype=element_dtype(op.result.type))
    return np.broadcast_to(array.reshape(array.shape + (1,) * len(shape)), array.shape + shape)


def broadcast(op: mk.BroadcastOp, chunk: Chunk, value: object) -> object:
    """np.broadcast_to the result shape, keeping a program axis."""
    shape = result_shape(op)
    return shaped(op, value, lambda x, n: np.broadcast_to(x, x.shape[:n] + shape))


def expand_dims(op: mk.ExpandDimsOp, chunk: Chunk, value: object) -> object:
    """np.expand_dims past the program axis."""
    axis = op.axis.value.data
    return shaped(op, value, lambda x, n: np.expand_dims(x, axis + n))


def reshape(op: mk.ReshapeOp, chunk: Chunk, value: object) -> object:
    """Row-major reshape of each program's block."""
    shape = result_shape(op)
    return shaped(op, value, lambda x, n: x.reshape(x.shape[:n] + shape))


def trans(op: mk.TransOp, chunk: Chunk, value: object) -> object:
    """np.transpose of each program's block (the program axis stays first)."""
    order = tuple(op.order.get_values())
    return shaped(op, value, lambda x, n: np.transpose(x, tuple(range(n)) + tuple(o + n for o in order)))


def addptr(op: mk.AddPtrOp, chunk: Chunk, ptrs: reference.Pointers, offset: object) -> reference.Pointers:
    """Element offsets added in int64."""
    return ptrs.moved(ptrs.offsets + np.asarray(offset, dtype=np.int64))


def reduce(op: mk.ReduceOp, chunk: Chunk, value: object) -> object:
    """reference.reduce along the axis past the program axis."""
    floating = is_float(reference.element_of(op.input.type))
    axis = op.axis.value.data + lead(value, rank_of(op.input))
    with np.errstate(over="ignore"):
        return as_type(reference.reduce(np.asarray(value), axis, op.kind.data, floating), op.result.type)


def dot(op: mk.DotOp, chunk: Chunk, a: object, b: object, acc: object) -> object:
    """reference.dot: np.matmul treats the program axis as a batch axis."""
    return reference.dot(np.asarray(a), np.asarray(b), np.asarray(acc), op.input_precision.data)


def select_pointers(op: mk.SelectOp, chunk: Chunk, cond: object, a: object, b: object) -> object:
    """mlc_kernel.select: lane-wise; between pointer blocks, of offsets into the one buffer."""
    if not isinstance(a, reference.Pointers):
        return as_type(np.where(cond, a, b), op.result.type)
    if a.buffer is not b.buffer:
        raise InterpretationError(
            f"{op.name}: choosing between pointers into different buffers is not supported "
            f"by the interpreter, in {chunk.program(0)}; select offsets instead"
        )
    return a.moved(np.where(cond, a.offsets, b.offsets))


def select_whole(op: arith.SelectOp, chunk: Chunk, cond: object, a: object, b: object) -> object:
    """arith.select: a scalar i1 picks a whole value; a varying one picks per program."""
    if np.ndim(cond) == 0:
        return a if cond else b
    rank = rank_of(op.result)
    on = np.asarray(cond).reshape((-1,) + (1,) * rank)
    return np.where(on, with_programs(a, rank, on.shape[0]), with_programs(b, rank, on.shape[0]))


def program_id(op: mk.ProgramIdOp, chunk: Chunk) -> object:
    """The chunk's ids along the axis: an int32 scalar when its programs agree, else (P,)."""
    return np.int32(chunk.ids[op.axis.value.data])


def make_range(op: mk.MakeRangeOp, chunk: Chunk) -> np.ndarray:
    """np.arange(start, end) in i32, the same for every program."""
    return np.arange(op.start.value.data, op.end.value.data, dtype=np.int32)


def num_programs(op: mk.NumProgramsOp, chunk: Chunk) -> object:
    """The grid size along the axis."""
    return np.int32(chunk.sizes[op.axis.value.data])


# ---- math.erf: vectorized, exactly the interpreter's math.erf rounded to the result type.

_ERF_SLACK = 1e-12
"""Relative error bound, with a wide margin, of `erf64` against the correctly rounded erf."""

_math_erf = np.frompyfunc(pymath.erf, 1, 1)


def erf64(x: np.ndarray) -> np.ndarray:
    """erf in f64 to ~1e-14 relative: scipy.special.erf where scipy is installed, else mlc_tensor's numpy erf."""
    try:
        from scipy.special import erf as fast
    except ImportError:
        from mlc.runtime.interpreter.mlc_tensor.elementwise import erf as fast
    return fast(x)


def erf(op: math.ErfOp, chunk: Chunk, value: object) -> object:
    """math.erf as the interpreter computes it (Python's math.erf in f64, rounded once to the result type).

    The fast f64 value is trusted where rounding it up or down by _ERF_SLACK gives the same
    result-type value (rounding is monotonic, so the exact erf rounds there too); the few
    other elements are recomputed with math.erf.
    """
    typ = op.result.type
    x = np.asarray(as_float(value, op.operands[0].type), dtype=np.float64)
    if element_dtype(typ) == np.float64:
        return as_type(np.asarray(_math_erf(x), dtype=np.float64), typ)
    fast = erf64(x)
    low, high = as_type(fast * (1 - _ERF_SLACK), typ), as_type(fast * (1 + _ERF_SLACK), typ)
    result = as_type(fast, typ)
    unsure = np.asarray(low != high)  # NaN lanes land here too: math.erf(nan) is nan
    if not unsure.any():
        return result
    result = np.array(result)
    result[unsure] = as_type(np.asarray(_math_erf(x[unsure]), dtype=np.float64), typ)
    return result if isinstance(typ, ShapedType) else result[()]


# ---- The hot lane-wise families with their dtypes looked up once (upstream's runners look
# them up per call, which costs more than the arithmetic on a small block).


def reader(typ: Attribute, mode: str) -> Callable[[object], np.ndarray]:
    """How upstream reads an operand of `typ`: "s" as_signed, "u" as_unsigned, "f" as_float."""
    dtype = element_dtype(typ)
    if mode == "f":
        compute = np.dtype(np.float32) if dtype.itemsize < 4 else dtype
        return lambda v: np.asarray(v).astype(compute, copy=False)
    if dtype == np.bool_:
        return (lambda v: np.asarray(v, dtype=np.uint8)) if mode == "u" else (lambda v: -np.asarray(v, dtype=np.int8))
    if mode == "u":
        unsigned = np.dtype(f"u{dtype.itemsize}")
        return lambda v: np.asarray(v).astype(dtype, copy=False).view(unsigned)
    return lambda v: np.asarray(v).astype(dtype, copy=False)


def writer(typ: Attribute) -> Callable[[np.ndarray], object]:
    """upstream.as_type for a fixed `typ`: wrap to the element type, a numpy scalar for a 0-d result."""
    dtype = element_dtype(typ)

    def write(result: np.ndarray) -> object:
        result = np.asarray(result)
        result = (result & 1).astype(np.bool_) if dtype == np.bool_ and result.dtype != np.bool_ else result.astype(dtype, copy=False)
        return result if result.ndim else result[()]

    return write


def fast_lanewise(op: Operation) -> Rule | None:
    """A rule for an integer/float binary or float unary op or mlc_kernel.cmpi/cmpf, else None."""
    kind = type(op)
    write = writer(op.results[0].type) if op.results else None
    if kind in INT_BINARY:
        function, mode = INT_BINARY[kind]
        lhs, rhs = (reader(o.type, "u" if mode.startswith("u") else "s") for o in op.operands)
        checked = mode.endswith("/")

        def int_binary(o: Operation, chunk: Chunk, a: object, b: object) -> object:
            x, y = lhs(a), rhs(b)
            if checked and np.any(y == 0):
                raise InterpretationError(f"{o.name}: division by zero")
            with np.errstate(all="ignore"):
                return write(function(x, y))

        return int_binary
    if kind in FLOAT_BINARY or kind in FLOAT_UNARY:
        function = FLOAT_BINARY.get(kind) or FLOAT_UNARY[kind]
        reads = [reader(o.type, "f") for o in op.operands]

        def float_op(o: Operation, chunk: Chunk, *args: object) -> object:
            with np.errstate(all="ignore"):
                return write(function(*(r(a) for r, a in zip(reads, args))))

        return float_op
    if kind is mk.CmpiOp:
        index = mk.CmpiOp.PREDICATES.index(op.predicate.data)
        lhs, rhs = (reader(o.type, "u" if index >= 6 else "s") for o in op.operands)
        compare = CMPI_PREDICATES[index if index < 6 else index - 4]
        return lambda o, chunk, a, b: write(compare(lhs(a), rhs(b)))
    if kind is mk.CmpfOp:
        predicate = reference.CMPF_PREDICATES[op.predicate.data]
        lhs, rhs = (reader(o.type, "f") for o in op.operands)
        return lambda o, chunk, a, b: write(compare_floats(predicate, lhs(a), rhs(b)))
    return None


# ---------------------------------------------------------------------------------------
# Rule tables: op -> fn(op, chunk, *operand values) -> result value(s).

RULES: dict[type[Operation], Rule] = {
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
    mk.SelectOp: select_pointers,
    arith.SelectOp: select_whole,
    math.ErfOp: erf,
}
"""Ops whose meaning involves the program axis, memory or shapes; new kernel ops add a rule here."""

LANEWISE: dict[type[Operation], tuple[InterpreterFunctions, Callable]] = {
    **{op: (ArithMathFunctions(), fn) for op, fn in ArithMathFunctions._impls()},
    **{op: (reference.KernelFunctions(), fn) for op, fn in reference.KernelFunctions._impls()
       if op in (mk.CmpiOp, mk.CmpfOp, mk.ConvertOp)},
}
"""Ops that compute each lane from the same lane of their operands: the interpreter's own impl runs
them on arrays of any leading shape (arith.constant folds once, at translation)."""

PER_PROGRAM_MEMORY = (mk.LoadOp, mk.StoreOp, mk.AtomicAddOp)


# ---------------------------------------------------------------------------------------
# Strided memory access: loads and stores whose pointers are affine in the block indices.
#
# The lowering builds a tile's offsets as splat/expand_dims/broadcast/make_range/addi/subi/muli
# of constants and scalars (program ids, loop indices), and its mask as the and of
# comparisons of such offsets with bounds. Such an offset block is
#   base + sum_a stride_a * i_a    (base: a constant plus scalars times constants)
# and such a mask is a box: each comparison bounds one index i_a to an interval. A load of
# it is then a strided view of the buffer over the box (and `other` outside), a store an
# assignment into one, with no offset or mask array built. Where the i32 index arithmetic
# could wrap, the box reaches outside the buffer (the error), or the stored lanes could
# collide, the access runs the ops it skipped and takes the gather path: same values, same
# errors.

I32 = (-(1 << 31), (1 << 31) - 1)
"""The i32 range: index arithmetic in it does not wrap, so the exact affine value is the value."""

SIGN_OF = {"slt": "<", "sle": "<=", "sgt": ">", "sge": ">="}
"""Signed mlc_kernel.cmpi predicates as a comparison of lhs - rhs with 0."""


@dataclass(frozen=True)
class Affine:
    """An i32 block (or scalar) const + sum(coef * scalar) + sum_a stride_a * i_a, exactly."""

    shape: tuple[int, ...]
    const: int
    terms: tuple[tuple[SSAValue, int], ...]
    """Rank-0 SSA values (computed as usual) and their coefficients."""
    strides: tuple[int, ...]
    checks: tuple["Affine", ...] = ()
    """Sums and products on the way that must stay in I32 on every lane (else i32 would wrap)."""

    def scaled(self, k: int) -> "Affine":
        """k * self (its checks kept)."""
        return Affine(self.shape, self.const * k, tuple((v, c * k) for v, c in self.terms),
                      tuple(s * k for s in self.strides), self.checks)

    def plus(self, other: "Affine", shape: tuple[int, ...]) -> "Affine":
        """self + other, checked to stay in I32."""
        coefs: dict[SSAValue, int] = dict(self.terms)
        for v, c in other.terms:
            coefs[v] = coefs.get(v, 0) + c
        total = Affine(shape, self.const + other.const, tuple((v, c) for v, c in coefs.items() if c),
                       tuple(a + b for a, b in zip(self.strides, other.strides, strict=True)))
        return replace_checks(total, self.checks + other.checks + (total,))

    def constant(self) -> int | None:
        """The value, when it is the same constant on every lane."""
        return self.const if not self.terms and not any(self.strides) else None


def replace_checks(form: Affine, checks: tuple[Affine, ...]) -> Affine:
    """`form` carrying `checks` (deduplicated, in order)."""
    unique = tuple({id(c): c for c in checks}.values())
    return Affine(form.shape, form.const, form.terms, form.strides, unique)


@dataclass(frozen=True)
class StridedPointers:
    """A block of pointers `root` + offset, `root` a rank-0 pointer SSA value (a parameter or addptr of one)."""

    root: SSAValue
    offset: Affine


@dataclass(frozen=True)
class Box:
    """An i1 block that is the and of `lhs - rhs <op> 0` tests, each varying along at most one axis."""

    shape: tuple[int, ...]
    tests: tuple[tuple[Affine, str], ...]


def is_i32(value: SSAValue) -> bool:
    """`value` is an i32 scalar or block."""
    typ = value.type
    element = typ.get_element_type() if isinstance(typ, ShapedType) else typ
    return element == i32


def affine_forms(kernel: mk.KernelFuncOp) -> dict[SSAValue, Affine | StridedPointers | Box]:
    """The values of `kernel` that have an affine, strided-pointer or box form (ops in walk order)."""
    forms: dict[SSAValue, Affine | StridedPointers | Box] = {}

    def form(value: SSAValue) -> Affine | StridedPointers | Box | None:
        if value in forms:
            return forms[value]
        if isinstance(value.type, mk.PtrType):
            return StridedPointers(value, Affine((), 0, (), ()))
        if not isinstance(value.type, ShapedType) and is_i32(value):
            return Affine((), 0, ((value, 1),), ())
        return None

    for op in kernel.walk():
        if len(op.results) != 1:
            continue
        result = op.results[0]
        shape = result_shape(op) if isinstance(result.type, ShapedType) else ()
        found = affine_form(op, shape, [form(v) for v in op.operands])
        if found is not None and (not isinstance(found, Affine) or is_i32(result)) and bounded(found):
            forms[result] = found
    return forms


def bounded(found: Affine | StridedPointers | Box) -> bool:
    """Coefficients stay below 2**31, so int64 evaluation cannot overflow."""
    forms = [found.offset] if isinstance(found, StridedPointers) else [t for t, _ in found.tests] if isinstance(found, Box) else [found]
    numbers = [n for f in forms for n in (f.const, *f.strides, *(c for _, c in f.terms))]
    return all(abs(n) < (1 << 31) for n in numbers)


def affine_form(op: Operation, shape: tuple[int, ...], ins: list) -> Affine | StridedPointers | Box | None:
    """The form of `op`'s result from its operands' forms (None where it has none)."""
    if isinstance(op, arith.ConstantOp):
        value = np.asarray(constant_value(op.value, op.result.type))
        if value.dtype.kind == "i" and value.size and np.all(value == value.flat[0]):
            return Affine(shape, int(value.flat[0]), (), (0,) * len(shape))
        return None
    if isinstance(op, mk.MakeRangeOp):
        return Affine(shape, op.start.value.data, (), (1,))
    if isinstance(op, mk.SplatOp) and ins[0] is not None:
        x = ins[0].offset if isinstance(ins[0], StridedPointers) else ins[0]
        spread = replace_checks(Affine(shape, x.const, x.terms, (0,) * len(shape)), x.checks)
        return StridedPointers(ins[0].root, spread) if isinstance(ins[0], StridedPointers) else spread
    x = ins[0] if ins else None
    if isinstance(op, mk.ExpandDimsOp) and isinstance(x, Affine):
        axis = op.axis.value.data
        return replace_checks(Affine(shape, x.const, x.terms, x.strides[:axis] + (0,) + x.strides[axis:]), x.checks)
    if isinstance(op, mk.BroadcastOp) and isinstance(x, Affine):
        strides = (0,) * (len(shape) - len(x.shape)) + tuple(0 if n == 1 else s for n, s in zip(x.shape, x.strides))
        return replace_checks(Affine(shape, x.const, x.terms, strides), x.checks)
    if len(ins) != 2 or any(i is None for i in ins):
        return None
    a, b = ins
    if isinstance(op, mk.AddPtrOp) and isinstance(a, StridedPointers) and isinstance(b, Affine):
        if a.offset.shape != b.shape and a.offset.shape:
            return None
        offset = a.offset if a.offset.shape else Affine(shape, a.offset.const, a.offset.terms, (0,) * len(shape))
        # int64 pointer arithmetic: the sum itself cannot wrap, only its i32 operands (their checks).
        total = offset.plus(b, shape)
        return StridedPointers(a.root, replace_checks(total, offset.checks + b.checks))
    if not isinstance(a, type(b)) or (isinstance(a, Affine) and a.shape != b.shape):
        return None
    if isinstance(op, arith.AddiOp | arith.SubiOp) and isinstance(a, Affine):
        return a.plus(b if isinstance(op, arith.AddiOp) else b.scaled(-1), shape)
    if isinstance(op, arith.MuliOp) and isinstance(a, Affine):
        k, x = (a.constant(), b) if a.constant() is not None else (b.constant(), a)
        if k is None:
            return None
        product = x.scaled(k)
        return replace_checks(product, x.checks + (product,))
    if isinstance(op, mk.CmpiOp) and isinstance(a, Affine) and op.predicate.data in SIGN_OF:
        difference = a.plus(b.scaled(-1), shape)
        if sum(1 for n, s in zip(shape, difference.strides) if s and n > 1) > 1:
            return None  # not a box (a diagonal, say)
        return Box(shape, ((replace_checks(difference, a.checks + b.checks), SIGN_OF[op.predicate.data]),))
    if isinstance(op, arith.AndIOp) and isinstance(a, Box) and a.shape == b.shape:
        return Box(shape, a.tests + b.tests)
    return None


Linear = tuple[int, tuple[tuple[int, int], ...]]
"""A form's base as (constant, ((slot, coefficient), ...)) once its scalars have slots."""


def evaluate(linear: Linear, env: list) -> object:
    """A base in exact integers: a Python int, or an int64 (P,) array where the programs differ."""
    base, terms = linear
    for slot, coef in terms:
        value = env[slot]
        base = base + (int(value) if np.ndim(value) == 0 else np.asarray(value, dtype=np.int64)) * coef
    return base


def extent(form: Affine) -> tuple[int, int]:
    """(lowest, highest) of sum_a stride_a * i_a over the form's block."""
    steps = [s * (n - 1) for s, n in zip(form.strides, form.shape)]
    return sum(min(0, s) for s in steps), sum(max(0, s) for s in steps)


def lowest(a: object, b: object) -> object:
    """min, lane-wise where either is an array."""
    return np.minimum(a, b) if isinstance(a, np.ndarray) or isinstance(b, np.ndarray) else min(a, b)


def highest(a: object, b: object) -> object:
    """max, lane-wise where either is an array."""
    return np.maximum(a, b) if isinstance(a, np.ndarray) or isinstance(b, np.ndarray) else max(a, b)


def interval(base: object, stride: int, size: int, sign: str) -> tuple[object, object]:
    """[lo, hi) of the i in [0, size) with base + stride * i <sign> 0 (stride != 0; arrays where base is one)."""
    if stride < 0:
        base, stride, sign = -base, -stride, {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[sign]
    ceiling, floor = -(base // stride), (-base) // stride  # ceil(-base / stride), floor(-base / stride)
    lo, hi = {"<": (0, ceiling), "<=": (0, floor + 1), ">": (floor + 1, size), ">=": (ceiling, size)}[sign]
    return highest(lowest(lo, size), 0), highest(lowest(hi, size), 0)


HOLDS = {"<": lambda x: x < 0, "<=": lambda x: x <= 0, ">": lambda x: x > 0, ">=": lambda x: x >= 0}


def within(low: object, high: object, start: int, stop: int) -> bool:
    """start <= low and high < stop, on every lane of arrays."""
    if isinstance(low, np.ndarray):
        return bool(low.min() >= start and high.max() < stop)
    return start <= low and high < stop


def every(x: object) -> bool:
    """x holds (on every lane of an array)."""
    return bool(x.all()) if isinstance(x, np.ndarray) else bool(x)


def is_false(x: object) -> object:
    """not x, lane-wise for arrays."""
    return ~x if isinstance(x, np.ndarray) else not x


@dataclass
class Access:
    """A load or store through StridedPointers under a Box mask (or none)."""

    pointers: StridedPointers
    box: Box | None

    def plan(self, slots: dict[SSAValue, int]) -> Callable[[list], tuple | None]:
        """`locate(env)`: (buffer, base, lo, hi) with per-axis [lo, hi) bounds of the box; None to fall back.

        None where a checked sum leaves i32, or where a lane of the box lies outside the buffer.
        Checks without scalars are decided here (the access is only strided when they hold).
        """
        form = self.pointers.offset
        tests = self.box.tests if self.box is not None else ()

        def linear(f: Affine) -> Linear:
            return f.const, tuple((slots[v], c) for v, c in f.terms)

        checks = {}
        for check in form.checks + tuple(c for t, _ in tests for c in t.checks):
            low, high = extent(check)
            checks[(linear(check), low, high)] = None
        static = all(I32[0] <= lin[0] + low and lin[0] + high <= I32[1] for lin, low, high in checks if not lin[1])
        checks = [(lin, low, high) for lin, low, high in checks if lin[1]]
        offset, root, shape, strides = linear(form), slots[self.pointers.root], form.shape, form.strides
        bounds = []
        for test, sign in tests:
            axes = [a for a, (n, s) in enumerate(zip(test.shape, test.strides)) if s and n > 1]
            bounds.append((linear(test), axes[0] if axes else None, test.strides[axes[0]] if axes else 0, sign))

        def locate(env: list) -> tuple | None:
            if not static:
                return None
            for lin, low, high in checks:
                value = evaluate(lin, env)
                if not within(value + low, value + high, I32[0], I32[1] + 1):
                    return None
            pointers = env[root]
            origin = pointers.offsets
            base = evaluate(offset, env) + (int(origin) if np.ndim(origin) == 0 else origin)
            lo, hi = [0] * len(shape), list(shape)
            on = True
            for lin, axis, stride, sign in bounds:
                value = evaluate(lin, env)
                if axis is None:
                    on = on & HOLDS[sign](value)
                else:
                    start, stop = interval(value, stride, shape[axis], sign)
                    lo[axis], hi[axis] = highest(lo[axis], start), lowest(hi[axis], stop)
            hi = [highest(h, l) for l, h in zip(lo, hi)]
            if on is not True:
                hi[0] = np.where(on, hi[0], lo[0]) if isinstance(on, np.ndarray) else (hi[0] if on else lo[0])
            nonempty = functools.reduce(lambda a, b: a & b, [h > l for l, h in zip(lo, hi)], True)
            first = base + sum(s * l if s > 0 else s * (h - 1) for s, l, h in zip(strides, lo, hi))
            last = base + sum(s * (h - 1) if s > 0 else s * l for s, l, h in zip(strides, lo, hi))
            if not every(is_false(nonempty) | ((first >= 0) & (last < pointers.buffer.size))):
                return None
            return pointers.buffer, base, lo, hi

        return locate

    def dependencies(self) -> set[SSAValue]:
        """The SSA values the access reads instead of its pointer and mask operands."""
        forms = [self.pointers.offset, *(t for t, _ in (self.box.tests if self.box else ()))]
        forms += [c for f in forms for c in f.checks]
        return {self.pointers.root} | {v for f in forms for v, _ in f.terms}


def view(buffer: np.ndarray, start: object, shape: Sequence[int], strides: Sequence[int], writeable: bool = False) -> np.ndarray:
    """The elements buffer[start + sum_a strides[a] * i_a] as a strided view (all checked in bounds)."""
    item = buffer.itemsize
    return np.lib.stride_tricks.as_strided(buffer[int(start):], tuple(int(n) for n in shape),
                                           tuple(int(s) * item for s in strides), writeable=writeable)


def progression(base: np.ndarray) -> int | None:
    """The common difference of the programs' bases, or None when they are not evenly spaced."""
    step = int(base[1] - base[0]) if base.size > 1 else 0
    return step if np.all(np.diff(base) == step) else None


def injective(strides: Sequence[int], shape: Sequence[int]) -> bool:
    """No two indices of the block share an offset (mixed radix: each stride clears the span below it)."""
    span = 0
    for stride, size in sorted((abs(s), n) for s, n in zip(strides, shape) if n > 1):
        if stride <= span:
            return False
        span += stride * (size - 1)
    return True


def strided_load(op: mk.LoadOp, chunk: Chunk, access: Access, located, other: object) -> object:
    """The load as a strided view of the buffer (copied where the launch writes what it may read), `other` outside the box.

    None (gather instead) where the programs of the chunk differ other than by evenly spaced bases
    over full boxes: one numpy call per program costs more than the gather.
    """
    buffer, base, lo, hi = located
    shape, strides = access.pointers.offset.shape, access.pointers.offset.strides
    full = all(every(l == 0) and every(h == n) for l, h, n in zip(lo, hi, shape))
    if full and np.ndim(base) == 0:
        block = view(buffer, base, shape, strides)
    elif full and (step := progression(base)) is not None:
        block = view(buffer, base[0], (chunk.count, *shape), (step, *strides))
    else:
        fill = np.zeros((), buffer.dtype) if other is None else np.asarray(other)
        if any(np.ndim(x) for x in (base, *lo, *hi)) or lead(fill, len(shape)) > 0:
            return None
        out = np.empty(shape, np.result_type(buffer.dtype, fill.dtype))
        out[...] = fill
        if all(h > l for l, h in zip(lo, hi)):
            region = tuple(slice(l, h) for l, h in zip(lo, hi))
            start = base + sum(s * l for s, l in zip(strides, lo))
            out[region] = view(buffer, start, [h - l for l, h in zip(lo, hi)], strides)
        return as_type(out, op.result.type)
    return as_type(np.array(block) if chunk.fresh else block, op.result.type)


def strided_store(op: mk.StoreOp, chunk: Chunk, access: Access, located, value: object) -> bool:
    """The store as an assignment into a strided view; False (scatter instead) where the programs differ
    other than by evenly spaced bases over full boxes that do not overlap."""
    buffer, base, lo, hi = located
    shape, strides = access.pointers.offset.shape, access.pointers.offset.strides
    values = np.asarray(value, dtype=buffer.dtype)
    if not any(np.ndim(x) for x in (base, *lo, *hi)):
        if lead(values, len(shape)) > 0:
            values = values[-1]  # every program stores to the same lanes: the last one's values stay
        if all(h > l for l, h in zip(lo, hi)):
            region = tuple(slice(l, h) for l, h in zip(lo, hi))
            start = base + sum(s * l for s, l in zip(strides, lo))
            target = view(buffer, start, [h - l for l, h in zip(lo, hi)], strides, writeable=True)
            target[...] = np.broadcast_to(values, shape)[region]
        return True
    full = all(every(l == 0) and every(h == n) for l, h, n in zip(lo, hi, shape))
    step = progression(np.broadcast_to(base, (chunk.count,))) if full else None
    if step is None or not injective((step, *strides), (chunk.count, *shape)):
        return False
    view(buffer, np.ravel(base)[0], (chunk.count, *shape), (step, *strides), writeable=True)[...] = values
    return True


# ---------------------------------------------------------------------------------------
# Translation: a kernel -> steps over an environment of values (one slot per SSA value).

Step = Callable[[list, Chunk], None]


@dataclass
class Body:
    """A translated block: its steps and the slots of its arguments and of its terminator's operands."""

    steps: list[Step]
    args: list[int]
    yields: list[int]

    def run(self, env: list, chunk: Chunk) -> None:
        """Run every step once."""
        for step in self.steps:
            step(env, chunk)


PURE_KERNEL_OPS = (
    mk.ProgramIdOp, mk.NumProgramsOp, mk.MakeRangeOp, mk.SplatOp, mk.BroadcastOp, mk.ExpandDimsOp,
    mk.ReshapeOp, mk.TransOp, mk.AddPtrOp, mk.DotOp, mk.ReduceOp, mk.SelectOp, mk.CmpiOp, mk.CmpfOp, mk.ConvertOp,
)
"""Kernel ops without effects and that cannot fail at run time (loads can: out of bounds)."""


def nonzero_constant(value: SSAValue) -> bool:
    """`value` is an arith.constant, or a splat of one, without a zero element."""
    owner = value.owner
    if isinstance(owner, mk.SplatOp):
        owner = owner.input.owner
    if not isinstance(owner, arith.ConstantOp):
        return False
    return bool(np.all(np.asarray(constant_value(owner.value, owner.result.type)) != 0))


def removable(op: Operation) -> bool:
    """An op whose only trace is its results: pure, and an integer division only by a non-zero constant."""
    kind = type(op)
    if kind in INT_BINARY:
        return not INT_BINARY[kind][1].endswith("/") or nonzero_constant(op.operands[1])
    return kind in LANEWISE or isinstance(op, PURE_KERNEL_OPS)


def dead_ops(kernel: mk.KernelFuncOp, strided: dict[Operation, Access]) -> set[Operation]:
    """Removable ops whose results nothing live uses (the lowering leaves unused index math behind).

    A strided access uses the scalars of its forms, not its pointer and mask operands.
    """
    dead: set[Operation] = set()
    needed: set[SSAValue] = set()
    for op in reversed(list(kernel.walk())):  # users come after their operands
        if removable(op) and not needed.intersection(op.results):
            dead.add(op)
        elif op in strided:
            kept = op.value if isinstance(op, mk.StoreOp) else op.other  # the data, read as usual
            needed.update(strided[op].dependencies(), () if kept is None else (kept,))
        else:
            needed.update(op.operands)
    return dead


def strided_accesses(kernel: mk.KernelFuncOp) -> dict[Operation, Access]:
    """The block loads and stores of `kernel` through StridedPointers under a Box mask or none (stores: injective)."""
    forms = affine_forms(kernel)
    found = {}
    for op in kernel.walk():
        if not isinstance(op, mk.LoadOp | mk.StoreOp) or not rank_of(op.ptr):
            continue
        pointers, box = forms.get(op.ptr), forms.get(op.mask) if op.mask is not None else None
        if not isinstance(pointers, StridedPointers) or (op.mask is not None and not isinstance(box, Box)):
            continue
        if isinstance(op, mk.StoreOp) and not injective(pointers.offset.strides, pointers.offset.shape):
            continue
        found[op] = Access(pointers, box)
    return found


class Translator:
    """Numbers the SSA values of one kernel and turns its ops into steps."""

    def __init__(self, kernel: mk.KernelFuncOp):
        self.kernel = kernel
        self.strided = strided_accesses(kernel)
        self.dead = dead_ops(kernel, self.strided)
        self.order = {op: i for i, op in enumerate(kernel.walk())}
        self.hoisted: set[Operation] = set()
        self.folded: dict[int, object] = {}
        """Slot -> value of the values known at translation."""
        self.slots: dict[SSAValue, int] = {}
        self.ranks: list[int] = []
        self.lanes = 1
        self.loads: set[int] = set()
        self.writes: set[int] = set()
        self.roots: dict[int, int] = {}
        """Slot of a pointer value -> index of the kernel parameter it points into."""

    def slot(self, value: SSAValue) -> int:
        """The slot of `value`, allocated on first sight; tracks the largest block."""
        if value not in self.slots:
            self.slots[value] = len(self.ranks)
            self.ranks.append(rank_of(value))
            if isinstance(value.type, ShapedType):
                self.lanes = max(self.lanes, int(np.prod(value.type.get_shape(), dtype=np.int64)))
        return self.slots[value]

    def block(self, block: Block) -> Body:
        """Translate a block: its ops in order, the terminator's operands as the yields."""
        args = [self.slot(a) for a in block.args]
        steps, yields = [], []
        for op in block.ops:
            if isinstance(op, scf.YieldOp | mk.ReturnOp):
                yields = [self.slot(v) for v in op.operands]
                continue
            if op in self.dead or op in self.hoisted:
                continue
            steps.append(self.op(op))
        return Body(steps, args, yields)

    def op(self, op: Operation) -> Step:
        """One op as a step."""
        ins = [self.slot(v) for v in op.operands]
        outs = [self.slot(r) for r in op.results]
        self.track_pointers(op, ins, outs)
        if op in self.strided:
            return self.strided_step(op, ins, outs)
        if isinstance(op, arith.ConstantOp):
            return self.constant(outs[0], constant_value(op.value, op.result.type))
        if isinstance(op, scf.ForOp):
            return self.for_loop(op, ins, outs)
        if isinstance(op, scf.IfOp):
            return self.if_else(op, ins, outs)
        rule = RULES.get(type(op)) or fast_lanewise(op)
        foldable = removable(op) and not isinstance(op, mk.ProgramIdOp | mk.NumProgramsOp) and len(outs) == 1
        if rule is not None and foldable and all(i in self.folded for i in ins):
            # Every operand is known now: the value is the same for every chunk, so compute it once.
            return self.constant(outs[0], rule(op, None, *[self.folded[i] for i in ins]))
        if rule is not None:
            return self.rule_step(op, rule, ins, outs)
        if type(op) in LANEWISE:
            functions, implementation = LANEWISE[type(op)]
            return self.rule_step(op, lambda o, c, *args: implementation(functions, None, o, args).values, ins, outs, True)
        raise UnsupportedKernelOp(
            f"kernel executor: {op.name} in @{self.kernel.sym_name.data} has no rule; add one to "
            "mlc.runtime.kernel_executor.RULES (or run the kernel IR on the reference interpreter)"
        )

    def strided_step(self, op: mk.LoadOp | mk.StoreOp, ins: list[int], outs: list[int]) -> Step:
        """A strided access (see Access); where it cannot run strided, the skipped ops then the gather rule."""
        access = self.strided[op]
        slots = {v: self.slot(v) for v in access.dependencies()}
        root = slots[access.pointers.root]
        fallback = self.fallback(op)
        locate = access.plan(slots)
        rule = RULES[type(op)]
        loading = isinstance(op, mk.LoadOp)
        other = ins[-1] if loading and op.other is not None else None

        uneven = [False]  # a chunk of several programs gathered: later ones will too (grouped GEMM ids), skip locate

        def step(env: list, chunk: Chunk) -> None:
            if not loading:
                writable(op, chunk, env[root])  # the interpreter's first check
            located = None if uneven[0] and chunk.count > 1 else locate(env)
            if located is not None and loading:
                result = strided_load(op, chunk, access, located, None if other is None else env[other])
                if result is not None:
                    env[outs[0]] = result
                    return
            elif located is not None and strided_store(op, chunk, access, located, env[ins[1]]):
                return
            uneven[0] = uneven[0] or (located is not None and chunk.count > 1)
            fallback.run(env, chunk)  # the gather path: the skipped index math, then the rule
            result = rule(op, chunk, *[env[i] for i in ins])
            if outs:
                env[outs[0]] = result

        return step

    def fallback(self, op: mk.LoadOp | mk.StoreOp) -> Body:
        """The skipped (dead) ops computing `op`'s pointer and mask operands, in program order."""
        wanted: set[Operation] = set()
        stack = [op.ptr] + ([op.mask] if op.mask is not None else [])
        while stack:
            owner = stack.pop().owner
            if isinstance(owner, Operation) and owner in self.dead and owner not in wanted:
                wanted.add(owner)
                stack.extend(owner.operands)
        return Body([self.op(o) for o in sorted(wanted, key=self.order.__getitem__)], [], [])

    def constant(self, out: int, value: object) -> Step:
        """A step setting slot `out` to `value`, computed at translation (constants and what only they feed)."""
        self.folded[out] = value

        def constant(env: list, chunk: Chunk) -> None:
            env[out] = value

        return constant

    def rule_step(self, op: Operation, rule: Rule, ins: list[int], outs: list[int], several: bool = False) -> Step:
        """A step calling `rule(op, chunk, *operands)` and storing its result, or its results if `several`."""
        if not outs:
            def effect(env: list, chunk: Chunk) -> None:
                rule(op, chunk, *[env[i] for i in ins])

            return effect
        if not several:
            (out,) = outs

            def single(env: list, chunk: Chunk) -> None:
                env[out] = rule(op, chunk, *[env[i] for i in ins])

            return single

        def each(env: list, chunk: Chunk) -> None:
            for slot, result in zip(outs, rule(op, chunk, *[env[i] for i in ins]), strict=True):
                env[slot] = result

        return each

    def track_pointers(self, op: Operation, ins: list[int], outs: list[int]) -> None:
        """Follow pointers from the parameters, and note which parameters are loaded and written."""
        if isinstance(op, PER_PROGRAM_MEMORY):
            root = self.roots.get(self.slot(self.strided[op].pointers.root) if op in self.strided else ins[0])
            if root is not None:
                (self.loads if isinstance(op, mk.LoadOp) else self.writes).add(root)
            return
        for i in ins:
            if i in self.roots:
                for o in outs:
                    self.roots[o] = self.roots[i]

    def for_loop(self, op: scf.ForOp, ins: list[int], outs: list[int]) -> Step:
        """scf.for: bounds the programs agree on run once for the chunk, other bounds program by program."""
        for init, arg in zip(ins[3:], op.body.block.args[1:]):
            if init in self.roots:
                self.roots[self.slot(arg)] = self.roots[init]
        prelude = Body([self.op(inner) for inner in self.invariant(op.body.block)], [], [])
        body_ = self.block(op.body.block)
        index_type = element_dtype(op.body.block.args[0].type).type

        def run(env: list, chunk: Chunk) -> list:
            lower, upper, step = (agreed(env[i]) for i in ins[:3])
            values = [env[i] for i in ins[3:]]
            prelude.run(env, chunk)
            for i in range(lower, upper, step):
                env[body_.args[0]] = index_type(i)
                for slot, value in zip(body_.args[1:], values):
                    env[slot] = value
                body_.run(env, chunk)
                values = [env[s] for s in body_.yields]
            return values

        return self.maybe_per_program(op, ins[:3], outs, run)

    def invariant(self, block: Block) -> list[Operation]:
        """The ops of a loop body that compute the same value on every trip (hoisted: run once per loop).

        Removable ops (pure, unable to fail) whose operands are all defined outside the body or
        by other such ops; the lowering rebuilds ranges, masks and tile offsets inside K loops.
        """
        inside = set(block.args)
        found = []
        for op in block.ops:
            if removable(op) and not op.regions and op not in self.dead and not inside.intersection(op.operands):
                found.append(op)
            else:
                inside.update(op.results)
        self.hoisted.update(found)
        return found

    def if_else(self, op: scf.IfOp, ins: list[int], outs: list[int]) -> Step:
        """scf.if: a condition the programs agree on picks one region for the chunk."""
        then_ = self.block(op.true_region.block)
        else_ = self.block(op.false_region.block) if op.false_region.blocks else None

        def run(env: list, chunk: Chunk) -> list:
            taken = then_ if agreed(env[ins[0]]) else else_
            if taken is None:
                return []
            taken.run(env, chunk)
            return [env[s] for s in taken.yields]

        return self.maybe_per_program(op, ins[:1], outs, run)

    def maybe_per_program(self, op: Operation, controls: list[int], outs: list[int], run: Callable[[list, Chunk], list]) -> Step:
        """A step running `run` for the chunk when its programs agree on `controls`, else once per program."""
        ranks = self.ranks
        out_ranks = [rank_of(r) for r in op.results]

        def step(env: list, chunk: Chunk) -> None:
            if all(agreed(env[c]) is not None for c in controls):
                results = run(env, chunk)
            else:
                per_program = []
                for p in range(chunk.count):
                    sub = [program_slice(v, ranks[s], p) for s, v in enumerate(env)]
                    per_program.append(run(sub, chunk.single(p)))
                results = [stack([r[k] for r in per_program], out_ranks[k]) for k in range(len(outs))]
            for slot, value in zip(outs, results, strict=True):
                env[slot] = value

        return step


def stack(values: Sequence[object], rank: int) -> object:
    """Per-program results (each uniform or with a program axis of 1) joined along the program axis."""
    if isinstance(values[0], reference.Pointers):
        offsets = [with_programs(v.offsets, rank, 1) for v in values]
        return values[0].moved(np.concatenate(offsets))
    return np.concatenate([with_programs(v, rank, 1) for v in values])


# ---------------------------------------------------------------------------------------
# Kernels and modules.


class CompiledKernel:
    """One mlc_kernel.func translated once; `launch(args)` runs its grid chunk by chunk."""

    def __init__(self, kernel: mk.KernelFuncOp, chunk_lanes: int = CHUNK_LANES):
        translator = Translator(kernel)
        for index, param in enumerate(kernel.body.block.args):
            translator.roots[translator.slot(param)] = index
        self.body = translator.block(kernel.body.block)
        self.slots = len(translator.ranks)
        self.name = kernel.sym_name.data
        self.params = kernel.function_type.inputs.data
        grid = kernel.grid_sizes()
        self.sizes = tuple(grid) + (1,) * (GRID_AXES - len(grid))
        self.programs = int(np.prod(self.sizes, dtype=np.int64))
        self.chunk = max(1, min(self.programs, chunk_lanes // translator.lanes))
        self.reads_what_it_writes = bool(translator.loads & translator.writes)
        self.writes = translator.writes
        self.strided = len(translator.strided)
        """How many loads and stores run as strided views (see Access)."""

    def isolated(self, args: Sequence[object]) -> bool:
        """Programs could see each other's writes: the kernel loads what it stores, or a written buffer overlaps another."""
        if self.reads_what_it_writes:
            return True
        buffers = [(i, np.asarray(a)) for i, a in enumerate(args) if isinstance(self.params[i], mk.PtrType)]
        return any(i in self.writes and any(j != i and np.may_share_memory(x, y) for j, y in buffers) for i, x in buffers)

    def chunk_size(self, args: Sequence[object]) -> int:
        """Programs per chunk: 1 where programs could see each other's writes (see the module docstring)."""
        return 1 if self.isolated(args) else self.chunk

    def launch(self, args: Sequence[object]) -> None:
        """Run every program of the grid on `args` (numpy buffers for pointers, written in place)."""
        values = [reference.bind_argument(p, a) for p, a in zip(self.params, args, strict=True)]
        isolated = self.isolated(args)
        size = 1 if isolated else self.chunk
        for first in range(0, self.programs, size):
            env: list = [None] * self.slots
            for slot, value in zip(self.body.args, values):
                env[slot] = value
            self.body.run(env, Chunk(self.name, self.sizes, first, min(size, self.programs - first), isolated))


HOST_OPS = (mk.AllocOp, mk.ConstantOp, mk.ViewOp, mk.LaunchOp, func.ReturnOp)
"""Host ops run directly; a host function with any other op runs on the interpreter (launches still fast)."""


class KernelExecutor:
    """A module of kernel IR with every kernel translated once: run it like `run_function`."""

    def __init__(self, module: ModuleOp, chunk_lanes: int = CHUNK_LANES):
        self.module = module
        self.kernels = {
            op.sym_name.data: CompiledKernel(op, chunk_lanes) for op in module.walk() if isinstance(op, mk.KernelFuncOp)
        }
        self.constants: dict[mk.ConstantOp, np.ndarray] = {}
        self.interpreter: Interpreter | None = None

    def run(self, inputs: Sequence[np.ndarray] = (), entry: str | None = None) -> list[np.ndarray]:
        """Run host function `entry` on `inputs` (checked as run_function checks them); launches use the kernels."""
        function: func.FuncOp = find_function(self.module, entry)
        args = check_inputs(function, inputs)
        if not all(isinstance(op, HOST_OPS) for op in function.body.ops):
            if self.interpreter is None:
                self.interpreter = build_interpreter(self.module)
                self.interpreter.register_implementations(FastLaunch(self.kernels), override=True)
            return [np.asarray(r) for r in self.interpreter.call_op(function.sym_name.data, tuple(args))]
        values: dict[SSAValue, object] = dict(zip(function.args, args, strict=True))
        for op in function.body.ops:
            if isinstance(op, func.ReturnOp):
                return [np.asarray(values[v]) for v in op.operands]
            if isinstance(op, mk.LaunchOp):
                self.kernels[op.kernel.string_value()].launch([values[v] for v in op.operands])
            elif isinstance(op, mk.ConstantOp):
                if op not in self.constants:  # read-only, so one buffer serves every run
                    self.constants[op] = reference.constant_buffer(op)
                values[op.result] = self.constants[op]
            else:
                run = reference.KernelFunctions.run_alloc if isinstance(op, mk.AllocOp) else reference.KernelFunctions.run_view
                (values[op.result],) = run(reference.KernelFunctions(), None, op, [values[v] for v in op.operands]).values
        return []

    def run_kernel(self, name: str, args: Sequence[object]) -> None:
        """Launch kernel `name` on `args` (see mlc.runtime.interpreter.run_kernel)."""
        self.kernels[name].launch(args)


@register_impls
class FastLaunch(InterpreterFunctions):
    """mlc_kernel.launch through translated kernels; the rest of the host function stays on the interpreter."""

    def __init__(self, kernels: dict[str, CompiledKernel]):
        self.kernels = kernels

    @impl(mk.LaunchOp)
    def run_launch(self, interpreter: Interpreter, op: mk.LaunchOp, args: PythonValues) -> PythonValues:
        self.kernels[op.kernel.string_value()].launch(args)
        return ()
