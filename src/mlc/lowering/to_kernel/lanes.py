"""Evaluate mlc_tensor values lane by lane inside a kernel body being built.

A kernel program computes a block of *lanes* (a 1-D run of flat output positions, one row,
or a BLOCK_M x BLOCK_N tile). `Lanes.at(value, coords)` emits the kernel ops that compute
a group's tensor `value` at element coordinates `coords`, one per dimension of the value:
a Python int (the same for every lane, e.g. 0 on a broadcast dimension), an i32 scalar
(the same within this program) or an i32 block of the lane shape. Ops map coordinates of
their result to coordinates of their operands (broadcasting: 0 on size-1 dims; transpose:
permuted; reshape: linearized and split again; slice: start + step * i), group inputs are
masked loads at the coordinates' row-major offset, and results are memoized per
(value, coordinates), so a value read at the same place twice is computed once.

Floats are computed in f32 (f16/bf16 loads are widened, a cast to f16/bf16 rounds and
widens again, stores round once), integers in their own width: Triton's practice, and the
same rounding as the tensor-level interpreter wherever a group holds one float op.
"""

import math as pymath
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from xdsl.dialects import arith, math
from xdsl.dialects.builtin import (
    DenseIntOrFPElementsAttr,
    DenseResourceAttr,
    FloatAttr,
    IntegerAttr,
    TensorType,
    f32,
    i32,
)
from xdsl.ir import Attribute, Block, Operation, SSAValue

from mlc.dialects import mlc_kernel as mk
from mlc.dialects import mlc_tensor as mt
from mlc.dialects.mlc_kernel.base import is_float
from mlc.dialects.mlc_tensor.base import ElementwiseBinaryOp, ElementwiseUnaryOp
from mlc.ir.resources import resource_array

Coord = int | SSAValue
Coords = tuple[Coord, ...]


class LoweringError(Exception):
    """A group the conversion cannot turn into a kernel; the message names the op and why."""


def shape_of(value: SSAValue) -> tuple[int, ...]:
    """The static shape of a tensor value."""
    assert isinstance(value.type, TensorType)
    return tuple(value.type.get_shape())


def element_of(value: SSAValue) -> Attribute:
    """The element type of a tensor value as memory holds it (a quantized type's storage integers)."""
    assert isinstance(value.type, TensorType)
    return stored_element(value.type.get_element_type())


def stored_element(element: Attribute) -> Attribute:
    """`element`, or the storage type of an mlc_quant quantized element type."""
    return getattr(element, "storage_type", element)


def compute_type(element: Attribute) -> Attribute:
    """The type a kernel computes an element type in: f32 for every float, integers as they are."""
    return f32 if is_float(element) else element


def strides(shape: Sequence[int]) -> tuple[int, ...]:
    """Row-major element strides of `shape`."""
    out, step = [], 1
    for d in reversed(shape):
        out.append(step)
        step *= d
    return tuple(reversed(out))


def broadcast_coords(coords: Coords, result: Sequence[int], operand: Sequence[int]) -> Coords:
    """Coordinates of a numpy-broadcast operand: right-aligned, 0 on its size-1 dimensions."""
    lead = len(result) - len(operand)
    return tuple(0 if d == 1 else coords[lead + i] for i, d in enumerate(operand))


def ids(coords: Coords) -> tuple:
    """A hashable identity of coordinates (ints by value, SSA values by identity)."""
    return tuple(c if isinstance(c, int) else id(c) for c in coords)


def next_power_of_two(n: int) -> int:
    """The smallest power of two >= n (1 for n <= 1)."""
    return 1 << max(0, (n - 1).bit_length())


@dataclass
class Source:
    """A group input read from memory: the kernel's pointer argument and the buffer's shape."""

    ptr: SSAValue
    shape: tuple[int, ...]
    element: Attribute


@dataclass
class Rows:
    """The row a reduction program works on: the reduced axes and the coordinates of the row."""

    shape: tuple[int, ...]
    axes: tuple[int, ...]
    coords: Coords
    length: int


@dataclass
class Lanes:
    """Builds kernel ops into `block` for lanes of shape `shape` (mask: the lanes in bounds).

    `inline` maps group block arguments fed by splat constants to those constants. `guard`,
    set by `guarded`, is an extra condition loads must meet (a coordinate inside the padding
    of a pad, a convolution or a pooling window is out of bounds there).
    """

    block: Block
    shape: tuple[int, ...]
    sources: dict[SSAValue, Source]
    inline: dict[SSAValue, Operation]
    mask: SSAValue | None = None
    rows: Rows | None = None
    memo: dict[tuple, SSAValue] = field(default_factory=dict)
    shared: dict[tuple, SSAValue | Coord] = field(default_factory=dict)
    contraction: Callable[["Lanes", Operation, Coords], SSAValue] | None = None
    guard: SSAValue | None = None
    params: dict[Attribute, Source] = field(default_factory=dict)
    """Read-only parameter buffers by attribute (mlc_quant constants' blobs, scales; see quantized.py)."""

    @contextmanager
    def guarded(self, condition: SSAValue) -> Iterator[None]:
        """Within: loads also need `condition` (an i1 scalar or lane block); elsewhere they read 0.

        The caller selects its own value (pad value, -inf, 0) where `condition` is false.
        """
        saved = self.guard
        self.guard = condition if saved is None else self.binary(arith.AndIOp, saved, condition)
        try:
            yield
        finally:
            self.guard = saved

    def load_mask(self) -> SSAValue | None:
        """The mask of a lane-block load: the lanes in bounds, and the guard when one is set."""
        if self.guard is None:
            return self.mask
        guard = self.lift(self.guard)
        return guard if self.mask is None else self.binary(arith.AndIOp, self.mask, guard)

    # ---- emission helpers -------------------------------------------------------------

    def add(self, op: Operation) -> SSAValue:
        """Append `op` to the block and return its result."""
        self.block.add_op(op)
        return op.results[0]

    def const(self, value: float | int, typ: Attribute, block: bool = False) -> SSAValue:
        """A scalar constant of `typ`, or a lane-shaped block of it (one op per block and value)."""
        key = ("const", id(self.block), value, typ, block)
        if key not in self.shared:
            self.shared[key] = self.make_const(value, typ, block)
        return self.shared[key]

    def make_const(self, value: float | int, typ: Attribute, block: bool) -> SSAValue:
        """A new constant op (see `const`)."""
        if block:
            attr = DenseIntOrFPElementsAttr.from_list(TensorType(typ, self.shape), [value])
            return self.add(arith.ConstantOp(attr, TensorType(typ, self.shape)))
        attr = FloatAttr(float(value), typ) if is_float(typ) else IntegerAttr(int(value), typ)
        return self.add(arith.ConstantOp(attr, typ))

    def lift(self, value: SSAValue, shape: Sequence[int] | None = None) -> SSAValue:
        """`value` as a block of `shape` (default: the lanes'; scalars are splat)."""
        if isinstance(value.type, TensorType):
            return value
        shape = tuple(shape or self.shape)
        key = ("splat", id(self.block), value, shape)
        if key not in self.shared:
            self.shared[key] = self.add(mk.SplatOp(value, shape))
        return self.shared[key]

    def same(self, *values: SSAValue) -> list[SSAValue]:
        """All scalars, or all lifted to the shape of the block among them."""
        blocks = [v.type.get_shape() for v in values if isinstance(v.type, TensorType)]
        if blocks:
            return [self.lift(v, blocks[0]) for v in values]
        return list(values)

    def binary(self, op_type: type[Operation], a: SSAValue, b: SSAValue) -> SSAValue:
        """An arith/math binary op on two scalars or blocks (a scalar is splat to a block)."""
        a, b = self.same(a, b)
        return self.add(op_type(a, b))

    def number(self, value: float | int, like: SSAValue) -> SSAValue:
        """A scalar constant of the element type of `like`."""
        typ = like.type.get_element_type() if isinstance(like.type, TensorType) else like.type
        return self.const(value, typ)

    def convert(self, value: SSAValue, element: Attribute) -> SSAValue:
        """`value` converted lane by lane to `element` (no op when it already is)."""
        current = value.type.get_element_type() if isinstance(value.type, TensorType) else value.type
        return value if current == element else self.add(mk.ConvertOp(value, element))

    def compare(self, predicate: str, a: SSAValue, b: SSAValue, floating: bool) -> SSAValue:
        """An i1 comparison of two scalars or blocks (arith predicate names, signed for integers)."""
        a, b = self.same(a, b)
        if floating:
            return self.add(mk.CmpfOp(predicate, a, b))
        return self.add(mk.CmpiOp(predicate, a, b))

    def select(self, cond: SSAValue, a: SSAValue, b: SSAValue) -> SSAValue:
        """cond ? a : b lane by lane."""
        cond, a, b = self.same(cond, a, b)
        return self.add(mk.SelectOp(cond, a, b))

    # ---- index arithmetic (ints fold at build time) -----------------------------------

    def index(self, c: Coord) -> SSAValue:
        """A coordinate as an i32 SSA value."""
        return self.const(c, i32) if isinstance(c, int) else c

    def scale(self, c: Coord, k: int) -> Coord:
        """c * k."""
        if isinstance(c, int) or k == 1:
            return c * k if isinstance(c, int) else c
        return self.binary(arith.MuliOp, c, self.const(k, i32))

    def plus(self, a: Coord, b: Coord) -> Coord:
        """a + b."""
        if isinstance(a, int) and isinstance(b, int):
            return a + b
        if isinstance(b, int) and b == 0:
            return a
        if isinstance(a, int) and a == 0:
            return b
        return self.binary(arith.AddiOp, self.index(a), self.index(b))

    def divide(self, c: Coord, k: int) -> Coord:
        """c // k for non-negative c."""
        if isinstance(c, int) or k == 1:
            return c // k if isinstance(c, int) else c
        return self.binary(arith.DivSIOp, c, self.const(k, i32))

    def modulo(self, c: Coord, k: int) -> Coord:
        """c % k for non-negative c."""
        if isinstance(c, int) or k == 1:
            return c % k if isinstance(c, int) else 0
        return self.binary(arith.RemSIOp, c, self.const(k, i32))

    def linearize(self, coords: Coords, shape: Sequence[int]) -> Coord:
        """The row-major flat index of `coords` in `shape` (the flat index itself when `coords` split it)."""
        split = self.shared.get(("split", ids(coords), tuple(shape)))
        if split is not None:
            return split
        flat: Coord = 0
        for c, stride, d in zip(coords, strides(shape), shape):
            if d != 1:
                flat = self.plus(flat, self.scale(c, stride))
        return flat

    def delinearize(self, flat: Coord, shape: Sequence[int]) -> Coords:
        """The coordinates in `shape` of row-major flat index `flat`.

        The outermost non-unit coordinate is not wrapped: lanes past the end get coordinates
        past the end, which their mask keeps from memory.
        """
        out: list[Coord] = []
        for stride, d in zip(strides(shape), shape):
            if d == 1:
                out.append(0)
            elif all(c == 0 for c in out if isinstance(c, int)) and not any(not isinstance(c, int) for c in out):
                out.append(self.divide(flat, stride))
            else:
                out.append(self.modulo(self.divide(flat, stride), d))
        coords = tuple(out)
        self.shared[("split", ids(coords), tuple(shape))] = flat
        return coords

    # ---- memory -----------------------------------------------------------------------

    def pointers(self, ptr: SSAValue, offset: Coord) -> SSAValue:
        """`ptr` advanced by `offset` elements: one pointer, or a lane block of them."""
        off = self.index(offset)
        if isinstance(off.type, TensorType):
            ptr = self.add(mk.SplatOp(ptr, off.type.get_shape()))
        return self.add(mk.AddPtrOp(ptr, off))

    def load(self, source: Source, coords: Coords) -> SSAValue:
        """The input at `coords`, masked to the lanes in bounds, in its compute type."""
        offset = self.index(self.linearize(coords, source.shape))
        if self.guard is not None:  # a guarded load is a masked lane block, even at one position
            offset = self.lift(offset)
        ptrs = self.pointers(source.ptr, offset)
        blocked = isinstance(ptrs.type, TensorType)
        value = self.add(mk.LoadOp(ptrs, self.load_mask() if blocked else None))
        return self.convert(value, compute_type(source.element))

    def store(self, ptr: SSAValue, shape: Sequence[int], element: Attribute, coords: Coords, value: SSAValue) -> None:
        """Write `value` (rounded to `element`) at `coords` of a `shape` buffer, masked like loads."""
        offset = self.index(self.linearize(coords, shape))
        if isinstance(value.type, TensorType):  # a block stored at one place (size-1 dims): masked lanes
            offset = self.lift(offset)
        ptrs = self.pointers(ptr, offset)
        blocked = isinstance(ptrs.type, TensorType)
        value = self.convert(self.lift(value) if blocked else value, element)
        self.block.add_op(mk.StoreOp(ptrs, value, self.mask if blocked else None))

    # ---- evaluation -------------------------------------------------------------------

    def at(self, value: SSAValue, coords: Coords) -> SSAValue:
        """Emit (once) the ops computing tensor `value` at `coords`, in its compute type."""
        key = (value, ids(coords), id(self.guard))
        if key in self.memo:
            return self.memo[key]
        if value in self.sources:
            result = self.load(self.sources[value], coords)
        else:
            op = self.inline.get(value, value.owner)  # a splat constant copied in, or the producer
            assert isinstance(op, Operation)
            rule = rule_for(op)
            if rule is None:
                raise LoweringError(f"{op.name} has no kernel lowering in this position")
            result = rule(self, op, coords)
        self.memo[key] = result
        return result


# ---------------------------------------------------------------------------------------
# Rules: result coordinates -> kernel ops. Each comment states the identity the rule uses.

Rule = Callable[[Lanes, Operation, Coords], SSAValue]


def operand_at(lanes: Lanes, op: Operation, i: int, coords: Coords) -> SSAValue:
    """Operand `i` of a broadcasting op at the coordinates its numpy broadcast reads."""
    operand = op.operands[i]
    return lanes.at(operand, broadcast_coords(coords, shape_of(op.results[0]), shape_of(operand)))


def sigmoid(lanes: Lanes, x: SSAValue) -> SSAValue:
    """1 / (1 + e^-x)."""
    e = lanes.add(math.ExpOp(lanes.add(arith.NegfOp(x))))
    return lanes.binary(arith.DivfOp, lanes.number(1.0, x), lanes.binary(arith.AddfOp, lanes.number(1.0, x), e))


def gelu(lanes: Lanes, x: SSAValue, approximate: str) -> SSAValue:
    """x/2 (1 + erf(x/sqrt 2)), or x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))."""
    mul, add = (lambda a, b: lanes.binary(arith.MulfOp, a, b)), (lambda a, b: lanes.binary(arith.AddfOp, a, b))
    if approximate == "tanh":
        cube = mul(mul(x, x), x)
        inner = mul(lanes.number(pymath.sqrt(2 / pymath.pi), x), add(x, mul(lanes.number(0.044715, x), cube)))
        curve = lanes.add(math.TanhOp(inner))
    else:
        curve = lanes.add(math.ErfOp(mul(x, lanes.number(1 / pymath.sqrt(2), x))))
    return mul(mul(lanes.number(0.5, x), x), add(lanes.number(1.0, x), curve))


# Float unary ops: op -> builder of f(x) on the f32 value.
FLOAT_UNARY: dict[type[Operation], Callable[[Lanes, SSAValue], SSAValue]] = {
    mt.NegOp: lambda L, x: L.add(arith.NegfOp(x)),
    mt.AbsOp: lambda L, x: L.add(math.AbsFOp(x)),
    mt.ReluOp: lambda L, x: L.binary(arith.MaximumfOp, x, L.number(0.0, x)),  # relu x = max(x, 0)
    mt.ExpOp: lambda L, x: L.add(math.ExpOp(x)),
    mt.LogOp: lambda L, x: L.add(math.LogOp(x)),
    mt.SqrtOp: lambda L, x: L.add(math.SqrtOp(x)),
    mt.RsqrtOp: lambda L, x: L.add(math.RsqrtOp(x)),
    mt.TanhOp: lambda L, x: L.add(math.TanhOp(x)),
    mt.ErfOp: lambda L, x: L.add(math.ErfOp(x)),
    mt.SinOp: lambda L, x: L.add(math.SinOp(x)),
    mt.CosOp: lambda L, x: L.add(math.CosOp(x)),
    mt.FloorOp: lambda L, x: L.add(math.FloorOp(x)),
    mt.CeilOp: lambda L, x: L.add(math.CeilOp(x)),
    mt.TruncOp: lambda L, x: L.add(math.TruncOp(x)),
    mt.RoundOp: lambda L, x: L.add(math.RoundEvenOp(x)),  # mlc_tensor.round is half to even
    mt.AtanOp: lambda L, x: L.add(math.AtanOp(x)),
    mt.AsinOp: lambda L, x: L.add(math.AsinOp(x)),
    mt.AcosOp: lambda L, x: L.add(math.AcosOp(x)),
    mt.Log1pOp: lambda L, x: L.add(math.Log1pOp(x)),
    mt.Expm1Op: lambda L, x: L.add(math.ExpM1Op(x)),
    mt.ReciprocalOp: lambda L, x: L.binary(arith.DivfOp, L.number(1.0, x), x),
    mt.SigmoidOp: sigmoid,
    mt.SiluOp: lambda L, x: L.binary(arith.MulfOp, x, sigmoid(L, x)),  # silu x = x sigmoid x
}

# Binary ops: op -> (float op, integer op); None where the kernel has no such form.
BINARY: dict[type[Operation], tuple[type[Operation] | None, type[Operation] | None]] = {
    mt.AddOp: (arith.AddfOp, arith.AddiOp),
    mt.SubOp: (arith.SubfOp, arith.SubiOp),
    mt.MulOp: (arith.MulfOp, arith.MuliOp),
    mt.DivOp: (arith.DivfOp, None),  # integer division by 0 is defined as -1 at tensor level
    mt.MaximumOp: (arith.MaximumfOp, arith.MaxSIOp),  # both propagate NaN like np.maximum
    mt.MinimumOp: (arith.MinimumfOp, arith.MinSIOp),
    mt.PowOp: (math.PowFOp, None),
    mt.Atan2Op: (math.Atan2Op, None),
    mt.AndOp: (None, arith.AndIOp),
    mt.OrOp: (None, arith.OrIOp),
    mt.XorOp: (None, arith.XOrIOp),
}

# Comparisons: op -> (cmpf predicate, cmpi predicate); != is unordered, as numpy's is.
COMPARE: dict[type[Operation], tuple[str, str]] = {
    mt.EqOp: ("oeq", "eq"),
    mt.NeOp: ("une", "ne"),
    mt.LtOp: ("olt", "slt"),
    mt.LeOp: ("ole", "sle"),
    mt.GtOp: ("ogt", "sgt"),
    mt.GeOp: ("oge", "sge"),
}


def lower_unary(lanes: Lanes, op: Operation, coords: Coords) -> SSAValue:
    x = lanes.at(op.operands[0], coords)
    if isinstance(op, mt.GeluOp):
        return gelu(lanes, x, op.approximate.data)
    builder = FLOAT_UNARY.get(type(op))
    if builder is None or not is_float(element_of(op.operands[0])):
        raise LoweringError(f"{op.name} on {element_of(op.operands[0])} has no kernel lowering")
    return builder(lanes, x)


def lower_binary(lanes: Lanes, op: Operation, coords: Coords) -> SSAValue:
    a, b = operand_at(lanes, op, 0, coords), operand_at(lanes, op, 1, coords)
    floating = is_float(element_of(op.operands[0]))
    if type(op) in COMPARE:
        fpred, ipred = COMPARE[type(op)]
        return lanes.compare(fpred if floating else ipred, a, b, floating)
    float_op, int_op = BINARY.get(type(op), (None, None))
    chosen = float_op if floating else int_op
    if chosen is None:
        raise LoweringError(f"{op.name} on {element_of(op.operands[0])} has no kernel lowering")
    if isinstance(op, mt.PowOp) and immediate(b) == 2.0:  # x^2 = x * x, exactly (RMS norms square)
        return lanes.binary(arith.MulfOp, a, a)
    return lanes.binary(chosen, a, b)


def immediate(value: SSAValue) -> float | int | None:
    """The number a scalar arith.constant holds, else None."""
    op = value.owner
    if isinstance(op, arith.ConstantOp) and isinstance(op.value, FloatAttr | IntegerAttr):
        return op.value.value.data
    return None


def lower_select(lanes: Lanes, op: mt.SelectOp, coords: Coords) -> SSAValue:
    # where(c, a, b) reads each operand at its broadcast position.
    return lanes.select(*(operand_at(lanes, op, i, coords) for i in range(3)))


def lower_cast(lanes: Lanes, op: mt.CastOp, coords: Coords) -> SSAValue:
    # A narrow float result is rounded to its type and carried on in f32.
    x = lanes.at(op.input, coords)
    target = element_of(op.result)
    return lanes.convert(lanes.convert(x, target), compute_type(target))


def lower_broadcast(lanes: Lanes, op: Operation, coords: Coords) -> SSAValue:
    # broadcast_to(x)[i] = x[i with broadcast dims at 0].
    return operand_at(lanes, op, 0, coords)


def lower_reshape(lanes: Lanes, op: mt.ReshapeOp, coords: Coords) -> SSAValue:
    # Row-major reshape keeps flat indices: y[i] = x[split(flat(i))]; unit dims map directly.
    source, result = shape_of(op.operands[0]), shape_of(op.result)
    if [d for d in source if d != 1] == [d for d in result if d != 1]:
        kept = iter(c for c, d in zip(coords, result) if d != 1)
        return lanes.at(op.operands[0], tuple(0 if d == 1 else next(kept) for d in source))
    # Equal trailing dims keep their coordinates (flat = lead flat * their size + their flat),
    # so a reshape that only splits or merges leading (batch) dims leaves tile coordinates alone.
    same = 0
    while same < min(len(source), len(result)) and source[len(source) - 1 - same] == result[len(result) - 1 - same]:
        same += 1
    lead, rest = coords[: len(coords) - same], coords[len(coords) - same :]
    return lanes.at(op.operands[0], lanes.delinearize(lanes.linearize(lead, result[: len(result) - same]), source[: len(source) - same]) + rest)


def lower_transpose(lanes: Lanes, op: mt.TransposeOp, coords: Coords) -> SSAValue:
    # y[i] = x[j] with j[perm[k]] = i[k].
    perm = op.perm.get_values()
    source = [0] * len(perm)
    for k, p in enumerate(perm):
        source[p] = coords[k]
    return lanes.at(op.operands[0], tuple(source))


def lower_slice(lanes: Lanes, op: mt.SliceOp, coords: Coords) -> SSAValue:
    # y[i] = x[start + step * i].
    starts, steps = op.start.get_values(), op.step.get_values()
    return lanes.at(
        op.operands[0],
        tuple(lanes.plus(s, lanes.scale(c, k)) for c, s, k in zip(coords, starts, steps)),
    )


def lower_iota(lanes: Lanes, op: mt.IotaOp, coords: Coords) -> SSAValue:
    # iota[i] = start + step * i[dimension].
    element = element_of(op.result)
    typ = compute_type(element)
    start = op.start.value.data if op.start is not None else 0
    step = op.step.value.data if op.step is not None else 1
    c = lanes.convert(lanes.index(coords[op.dimension.value.data]), typ)
    float_ops = (arith.MulfOp, arith.AddfOp) if is_float(typ) else (arith.MuliOp, arith.AddiOp)
    scaled = lanes.binary(float_ops[0], c, lanes.const(step, typ))
    return lanes.binary(float_ops[1], scaled, lanes.const(start, typ))


def lower_constant(lanes: Lanes, op: mt.ConstantOp, coords: Coords) -> SSAValue:
    # A splat (or one-element) constant is the same immediate in every lane; a one-element
    # blob (a value such as -inf that prints inexactly inline) is read from its array.
    value = op.value
    if isinstance(value, DenseResourceAttr) and pymath.prod(shape_of(op.result)) == 1:
        number = resource_array(value).reshape(-1)[0].item()
    elif isinstance(value, DenseIntOrFPElementsAttr) and (value.is_splat() or len(value) == 1):
        number = value.get_values()[0]
    else:
        raise LoweringError(f"{op.name}: only splat constants can live inside a kernel")
    return lanes.const(number, compute_type(element_of(op.result)))


def lower_batch_norm(lanes: Lanes, op: mt.BatchNormOp, coords: Coords) -> SSAValue:
    # y = (x - mean[c]) * scale[c] / sqrt(var[c] + eps) + bias[c], c the channel coordinate.
    channel = (coords[op.axis_value()],)
    x = lanes.at(op.input, coords)
    scale, bias, mean, var = (lanes.at(v, channel) for v in (op.scale, op.bias, op.mean, op.var))
    eps = lanes.number(op.epsilon.value.data, x)
    inv = lanes.binary(arith.DivfOp, scale, lanes.add(math.SqrtOp(lanes.binary(arith.AddfOp, var, eps))))
    centered = lanes.binary(arith.SubfOp, x, mean)
    return lanes.binary(arith.AddfOp, lanes.binary(arith.MulfOp, centered, inv), bias)


def neutral(kind: str, typ: Attribute) -> float | int:
    """The identity of a combiner (what masked-off lanes contribute)."""
    if kind == "sum":
        return 0
    low = -pymath.inf if is_float(typ) else -(1 << (typ.width.data - 1))
    high = pymath.inf if is_float(typ) else (1 << (typ.width.data - 1)) - 1
    return high if kind == "min" else low


def row_reduce(lanes: Lanes, x: SSAValue, kind: str) -> SSAValue:
    """Reduce the row block `x` with `kind`, masked-off lanes contributing the identity."""
    x = lanes.lift(x)
    typ = x.type.get_element_type()
    if lanes.mask is not None:
        x = lanes.select(lanes.mask, x, lanes.const(neutral(kind, typ), typ, block=True))
    return lanes.add(mk.ReduceOp(x, 0, kind))


def row_input(lanes: Lanes, op: Operation, value: SSAValue) -> SSAValue:
    """`value` (of the row space's shape) at this program's row."""
    rows = lanes.rows
    if rows is None or shape_of(value) != rows.shape:
        raise LoweringError(f"{op.name} reduces outside the rows of its kernel")
    return lanes.at(value, rows.coords)


def lower_reduction(lanes: Lanes, op: mt.ReductionOp, coords: Coords) -> SSAValue:
    # One value per row: reduce the row block; mean = sum / row length; argmax is a lane index.
    x = row_input(lanes, op, op.input)
    kind = {mt.ReduceSumOp: "sum", mt.ReduceMeanOp: "sum", mt.ReduceMaxOp: "max",
            mt.ReduceMinOp: "min", mt.ArgmaxOp: "argmax"}[type(op)]  # fmt: skip
    result = row_reduce(lanes, x, kind)
    if isinstance(op, mt.ReduceMeanOp):
        result = lanes.binary(arith.DivfOp, result, lanes.number(lanes.rows.length, result))
    return lanes.convert(result, compute_type(element_of(op.result)))


def row_stats(lanes: Lanes, x: SSAValue) -> tuple[SSAValue, SSAValue]:
    """(mean, biased variance) of the row block `x`."""
    n = lanes.number(lanes.rows.length, x)
    mean = lanes.binary(arith.DivfOp, row_reduce(lanes, x, "sum"), n)
    centered = lanes.binary(arith.SubfOp, x, mean)
    square = lanes.binary(arith.MulfOp, centered, centered)
    return mean, lanes.binary(arith.DivfOp, row_reduce(lanes, square, "sum"), n)


def lower_softmax(lanes: Lanes, op: Operation, coords: Coords) -> SSAValue:
    # softmax x = e^(x - max x) / sum e^(x - max x); log_softmax = (x - max x) - log sum.
    x = row_input(lanes, op, op.operands[0])
    shifted = lanes.binary(arith.SubfOp, x, row_reduce(lanes, x, "max"))
    exps = lanes.add(math.ExpOp(shifted))
    total = row_reduce(lanes, exps, "sum")
    if isinstance(op, mt.LogSoftmaxOp):
        return lanes.binary(arith.SubfOp, shifted, lanes.add(math.LogOp(total)))
    return lanes.binary(arith.DivfOp, exps, total)


def lower_layer_norm(lanes: Lanes, op: mt.LayerNormOp, coords: Coords) -> SSAValue:
    # y = (x - mean) / sqrt(var + eps) * weight[j] + bias[j], j the normalized coordinates.
    x = row_input(lanes, op, op.input)
    mean, var = row_stats(lanes, x)
    eps = lanes.number(op.epsilon.value.data, var)
    inv = lanes.binary(arith.DivfOp, lanes.number(1.0, var), lanes.add(math.SqrtOp(lanes.binary(arith.AddfOp, var, eps))))
    y = lanes.binary(arith.MulfOp, lanes.binary(arith.SubfOp, x, mean), inv)
    inner = tuple(lanes.rows.coords[a] for a in lanes.rows.axes)
    if op.weight is not None:
        y = lanes.binary(arith.MulfOp, y, lanes.at(op.weight, inner))
    if op.bias is not None:
        y = lanes.binary(arith.AddfOp, y, lanes.at(op.bias, inner))
    return y


def lower_contraction(lanes: Lanes, op: Operation, coords: Coords) -> SSAValue:
    # The accumulator tile of the kernel's contraction (built by the matmul kernel kind).
    if lanes.contraction is None:
        raise LoweringError(f"{op.name} needs a matmul kernel")
    return lanes.contraction(lanes, op, coords)


def rule_for(op: Operation) -> Rule | None:
    """The rule computing `op`'s result at given coordinates, or None."""
    if isinstance(op, mt.GeluOp | ElementwiseUnaryOp):
        return lower_unary
    if isinstance(op, ElementwiseBinaryOp):
        return lower_binary
    return RULES.get(type(op))


RULES: dict[type[Operation], Rule] = {
    mt.SelectOp: lower_select,
    mt.CastOp: lower_cast,
    mt.BroadcastToOp: lower_broadcast,
    mt.ReshapeOp: lower_reshape,
    mt.TransposeOp: lower_transpose,
    mt.SliceOp: lower_slice,
    mt.IotaOp: lower_iota,
    mt.ConstantOp: lower_constant,
    mt.BatchNormOp: lower_batch_norm,
    mt.ReduceSumOp: lower_reduction,
    mt.ReduceMeanOp: lower_reduction,
    mt.ReduceMaxOp: lower_reduction,
    mt.ReduceMinOp: lower_reduction,
    mt.ArgmaxOp: lower_reduction,
    mt.SoftmaxOp: lower_softmax,
    mt.LogSoftmaxOp: lower_softmax,
    mt.LayerNormOp: lower_layer_norm,
    mt.MatmulOp: lower_contraction,
    mt.BatchMatmulOp: lower_contraction,
    mt.LinearOp: lower_contraction,
}
"""Op -> its rule; modules with rule tables of their own (movement.py, pooling.py, ...) merge theirs in (to_kernel/__init__.py)."""
