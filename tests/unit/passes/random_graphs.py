"""Random valid mlc_tensor graphs as a hypothesis strategy, for property tests of passes.

A graph is one function `@main` over f32 tensors of small static shapes: arguments whose
shapes broadcast against each other from every side, then a random mix of unary, binary,
compare+select, reduction (keepdim or not), softmax, layer_norm, matmul/batch_matmul/linear,
reshape/transpose/broadcast_to ops and constants (splats, small dense literals and
dense_resource weights), whose operands are drawn from every value so far (multi-use values),
returning every value nothing else uses plus a few more.

Values stay finite and moderate: each value carries a bound on its magnitude, an op whose
result could exceed LIMIT gets its operands squashed by tanh first, and partial functions
only see safe arguments (log(|x| + 1), sqrt(|x| + 1), x / (|y| + 1), ...), for inputs drawn
from a standard normal (|x| <= INPUT_BOUND but with negligible probability).
"""

import functools
import math
from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp, TensorType, f32
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.ir.context import mlc_context
from mlc.numerics import compare
from mlc.passes.manager import Nest, default_registry, run_pipeline
from mlc.runtime.interpreter import find_function, random_inputs, run_function
from mlc.ir.printing import PrintOptions

LIMIT = 1000.0
"""No value may exceed this magnitude; operands that could make it are squashed with tanh."""
RTOL, ATOL = 1e-4, 1e-5
"""Tolerance of the comparison; atol grows with the result's bound (ATOL + 1e-6 * bound)."""
INPUT_BOUND = 5.0
"""The magnitude assumed of the standard-normal inputs."""
MAX_RANK = 4
DIMS = st.integers(1, 5)
SPLATS = (1.0, 0.0, -1.0, 0.5, 2.0, -0.25, 3.0)
"""Splat constants; 1 and 0 first so that shrinking finds x*1, x+0 and friends."""


CONTEXT = mlc_context()


def module_text(module: ModuleOp) -> str:
    """`module` as mlc-opt prints it (with its weight blobs), so the text reparses."""
    return PrintOptions().to_text(module, CONTEXT)


class RandomGraph:
    """A generated module and the magnitude bound of each of its results (repr: the .mlir text)."""

    def __init__(self, module: ModuleOp, bounds: list[float]):
        self.module = module
        self.bounds = bounds

    def __repr__(self) -> str:
        return "\n" + module_text(self.module)


class _Builder:
    """Appends ops to the function body, tracking each value's magnitude bound."""

    def __init__(self, draw: Callable, arg_shapes: list[tuple[int, ...]]):
        self.draw = draw
        self.block = Block(arg_types=[TensorType(f32, s) for s in arg_shapes])
        self.bound: dict[SSAValue, float] = {a: INPUT_BOUND for a in self.block.args}
        self.values: list[SSAValue] = list(self.block.args)

    def add(self, op: Operation, bound: float, pooled: bool = True) -> SSAValue:
        """Append `op` (one result, at most `bound` in magnitude); `pooled`: later ops may use it."""
        self.block.add_op(op)
        self.bound[op.results[0]] = bound
        if pooled:
            self.values.append(op.results[0])
        return op.results[0]

    def pick(self, accept: Callable[[SSAValue], bool] = lambda v: True) -> SSAValue | None:
        """A value so far (the latest when shrunk), among those `accept`ed."""
        candidates = [v for v in self.values if accept(v)]
        if not candidates:
            return None
        return candidates[-1 - self.draw(st.integers(0, len(candidates) - 1))]

    def squashed(self, value: SSAValue, limit: float) -> SSAValue:
        """`value`, or tanh(value) when its bound exceeds `limit`."""
        if self.bound[value] <= limit:
            return value
        return self.add(mt.TanhOp(value), 1.0)

    def constant(self, shape: tuple[int, ...], low: float = -2.0, high: float = 2.0) -> SSAValue:
        """A constant: a splat, or random multiples of 1/8 (dense inline, a blob when large)."""
        if self.draw(st.booleans()):
            value = self.draw(st.sampled_from(SPLATS))
            return self.add(mt.ConstantOp(_splat(value, shape)), abs(value), pooled=False)
        rng = np.random.default_rng(self.draw(st.integers(0, 2**16)))
        array = (np.round(rng.uniform(low, high, shape) * 8) / 8).astype(np.float32)
        bound = float(np.max(np.abs(array), initial=0))
        return self.add(mt.ConstantOp.from_array(array, "w"), bound, pooled=False)

    def operand_like(self, shape: tuple[int, ...]) -> SSAValue:
        """A second operand broadcasting with `shape`: a value of a compatible shape or a constant."""
        other = self.pick(lambda v: _broadcasts(shape_of(v), shape)) if self.draw(st.booleans()) else None
        return other if other is not None else self.constant(self.draw(broadcast_variants(shape)))


@functools.cache
def _splat(value: float, shape: tuple[int, ...]) -> Attribute:
    """The value attribute of a splat constant (cached: checking that it prints exactly is slow)."""
    return mt.ConstantOp.from_array(np.full(shape, value, np.float32)).value


def shape_of(value: SSAValue) -> tuple[int, ...]:
    """The static shape of a tensor value."""
    assert isinstance(value.type, TensorType)
    return tuple(value.type.get_shape())


def _broadcasts(a: tuple[int, ...], b: tuple[int, ...]) -> bool:
    """Whether numpy broadcasting of `a` and `b` succeeds within MAX_RANK."""
    try:
        return len(np.broadcast_shapes(a, b)) <= MAX_RANK
    except ValueError:
        return False


@st.composite
def broadcast_variants(draw: Callable, shape: tuple[int, ...]) -> tuple[int, ...]:
    """A shape broadcasting with `shape`: leading dims dropped or added, some dims set to 1."""
    dims = list(shape[draw(st.integers(0, len(shape))) :])
    dims = [1 if draw(st.booleans()) else d for d in dims]
    if len(shape) < MAX_RANK and draw(st.booleans()):
        dims = [draw(DIMS), *dims] if len(dims) == len(shape) else dims
    return tuple(dims)


# ---- op kinds: each appends one or a few ops built from `b`'s values -----------------------

# Op -> the bound of its result given its operands' bounds.
UNARY = {
    mt.NegOp: lambda b: b,
    mt.AbsOp: lambda b: b,
    mt.ReluOp: lambda b: b,
    mt.TanhOp: lambda b: 1.0,
    mt.SigmoidOp: lambda b: 1.0,
    mt.SiluOp: lambda b: b,
    mt.SinOp: lambda b: 1.0,
    mt.CosOp: lambda b: 1.0,
    mt.ErfOp: lambda b: 1.0,
    mt.ExpOp: math.exp,
}
SAFE_UNARY = {  # applied to |x| + 1 >= 1
    mt.LogOp: lambda b: math.log(b + 1),
    mt.SqrtOp: lambda b: math.sqrt(b + 1),
    mt.RsqrtOp: lambda b: 1.0,
    mt.ReciprocalOp: lambda b: 1.0,
}
BINARY = {
    mt.AddOp: lambda a, b: a + b,
    mt.SubOp: lambda a, b: a + b,
    mt.MulOp: lambda a, b: a * b,
    mt.MaximumOp: max,
    mt.MinimumOp: max,
}
COMPARES = (mt.GtOp, mt.LtOp, mt.GeOp, mt.LeOp, mt.EqOp, mt.NeOp)


def _unary(b: _Builder) -> None:
    op_type = b.draw(st.sampled_from(list(UNARY)))
    x = b.pick()
    limit = math.log(LIMIT) if op_type is mt.ExpOp else LIMIT
    x = b.squashed(x, limit)
    b.add(op_type(x), UNARY[op_type](b.bound[x]))


def _gelu(b: _Builder) -> None:
    x = b.pick()
    b.add(mt.GeluOp(x, b.draw(st.sampled_from(["none", "tanh"]))), b.bound[x])


def _safe_unary(b: _Builder) -> None:
    op_type = b.draw(st.sampled_from(list(SAFE_UNARY)))
    x = b.squashed(b.pick(), LIMIT - 1)
    shifted = _plus_one_abs(b, x)
    b.add(op_type(shifted), SAFE_UNARY[op_type](b.bound[x]))


def _plus_one_abs(b: _Builder, x: SSAValue) -> SSAValue:
    """|x| + 1, never below 1."""
    one = b.add(mt.ConstantOp(_splat(1.0, ())), 1.0, pooled=False)
    absolute = b.add(mt.AbsOp(x), b.bound[x])
    return b.add(mt.AddOp(absolute, one), b.bound[x] + 1)


def _binary(b: _Builder) -> None:
    op_type = b.draw(st.sampled_from(list(BINARY)))
    x = b.pick()
    y = b.operand_like(shape_of(x))
    if BINARY[op_type](b.bound[x], b.bound[y]) > LIMIT:
        x, y = b.squashed(x, 1.0), b.squashed(y, 1.0)
    if b.draw(st.booleans()):
        x, y = y, x
    b.add(op_type(x, y), BINARY[op_type](b.bound[x], b.bound[y]))


def _divide(b: _Builder) -> None:
    x = b.pick()
    y = b.operand_like(shape_of(x))
    b.add(mt.DivOp(x, _plus_one_abs(b, b.squashed(y, LIMIT - 1))), b.bound[x])


def _select(b: _Builder) -> None:
    predicate = b.draw(st.sampled_from(COMPARES))
    x = b.pick()
    condition = b.add(predicate(x, b.operand_like(shape_of(x))), 1.0, pooled=False)
    on_true = b.operand_like(shape_of(condition))
    on_false = b.operand_like(np.broadcast_shapes(shape_of(condition), shape_of(on_true)))
    b.add(mt.SelectOp(condition, on_true, on_false), max(b.bound[on_true], b.bound[on_false]))


def _reduce(b: _Builder) -> None:
    x = b.pick(lambda v: len(shape_of(v)) >= 1)
    if x is None:
        return _unary(b)
    shape = shape_of(x)
    axes = b.draw(st.lists(st.integers(0, len(shape) - 1), min_size=1, max_size=len(shape), unique=True))
    op_type = b.draw(st.sampled_from([mt.ReduceSumOp, mt.ReduceMeanOp, mt.ReduceMaxOp, mt.ReduceMinOp]))
    count = math.prod(shape[a] for a in axes)
    if op_type is mt.ReduceSumOp and b.bound[x] * count > LIMIT:
        x = b.squashed(x, 1.0)
    bound = b.bound[x] * (count if op_type is mt.ReduceSumOp else 1)
    b.add(op_type(x, axes, keepdim=b.draw(st.booleans())), bound)


def _softmax(b: _Builder) -> None:
    x = b.pick(lambda v: len(shape_of(v)) >= 1)
    if x is None:
        return _unary(b)
    axis = b.draw(st.integers(-len(shape_of(x)), len(shape_of(x)) - 1))
    if b.draw(st.booleans()):
        b.add(mt.SoftmaxOp(x, axis), 1.0)
    else:
        x = b.squashed(x, LIMIT / 3)
        b.add(mt.LogSoftmaxOp(x, axis), 2 * b.bound[x] + math.log(shape_of(x)[axis]) + 1)


def _layer_norm(b: _Builder) -> None:
    x = b.pick(lambda v: len(shape_of(v)) >= 1)
    if x is None:
        return _unary(b)
    shape = shape_of(x)
    rank = b.draw(st.integers(1, len(shape)))
    normalized = shape[len(shape) - rank :]
    weight = b.constant(normalized) if b.draw(st.booleans()) else None
    bias = b.constant(normalized) if b.draw(st.booleans()) else None
    scale = b.bound[weight] if weight is not None else 1.0
    bound = math.sqrt(math.prod(normalized)) * scale + (b.bound[bias] if bias is not None else 0.0)
    b.add(mt.LayerNormOp(x, weight, bias, normalized_rank=rank), bound)


def _contract(b: _Builder) -> None:
    """matmul / batch_matmul with a value or a weight, or linear with a weight (and bias)."""
    x = b.pick(lambda v: len(shape_of(v)) >= 1)
    if x is None:
        return _unary(b)
    shape = shape_of(x)
    k, n = shape[-1], b.draw(DIMS)
    if len(shape) == 1 or b.draw(st.booleans()):
        weight = b.constant((n, k), -1.0, 1.0)
        bias = b.constant((n,)) if b.draw(st.booleans()) else None
        x = b.squashed(x, LIMIT / (4 * k))
        op = mt.LinearOp(x, weight, bias)
        bound = b.bound[x] * k * b.bound[weight] + (b.bound[bias] if bias is not None else 0.0)
    else:
        rhs = b.pick(lambda v: len(shape_of(v)) == len(shape) and shape_of(v)[-2] == k)
        if rhs is None or b.draw(st.booleans()):
            rhs = b.constant((*shape[:-2], k, n), -1.0, 1.0)
        if len(shape) == 2:
            op_type = mt.MatmulOp
        else:
            op_type = mt.BatchMatmulOp
            if not _broadcasts(shape[:-2], shape_of(rhs)[:-2]):
                rhs = b.constant((*shape[:-2], k, n), -1.0, 1.0)
        x, rhs = b.squashed(x, math.sqrt(LIMIT / k)), b.squashed(rhs, math.sqrt(LIMIT / k))
        op = op_type(x, rhs)
        bound = b.bound[x] * b.bound[rhs] * k
    b.add(op, bound)


def _reshape(b: _Builder) -> None:
    x = b.pick()
    count = math.prod(shape_of(x))
    shape: list[int] = []
    rest = count
    for _ in range(b.draw(st.integers(0, MAX_RANK - 1))):
        factor = b.draw(st.sampled_from([d for d in range(1, rest + 1) if rest % d == 0]))
        shape.append(factor)
        rest //= factor
    b.add(mt.ReshapeOp(x, [*shape, rest]), b.bound[x])


def _transpose(b: _Builder) -> None:
    x = b.pick(lambda v: len(shape_of(v)) >= 2)
    if x is None:
        return _reshape(b)
    perm = b.draw(st.permutations(range(len(shape_of(x)))))
    b.add(mt.TransposeOp(x, perm), b.bound[x])


def _broadcast_to(b: _Builder) -> None:
    x = b.pick()
    shape = [b.draw(st.integers(1, 3)) if d == 1 else d for d in shape_of(x)]
    if len(shape) < MAX_RANK and b.draw(st.booleans()):
        shape.insert(0, b.draw(DIMS))
    b.add(mt.BroadcastToOp(x, shape), b.bound[x])


KINDS = (
    _unary,
    _binary,
    _select,
    _reduce,
    _softmax,
    _layer_norm,
    _contract,
    _reshape,
    _transpose,
    _broadcast_to,
    _safe_unary,
    _divide,
    _gelu,
)
"""Op kinds, simplest first (hypothesis shrinks toward the front)."""


@st.composite
def graphs(draw: Callable, max_ops: int = 8) -> RandomGraph:
    """A random valid @main over 1 to 3 f32 arguments with 1 to `max_ops` op kinds applied."""
    base = tuple(draw(st.lists(DIMS, min_size=0, max_size=3)))
    arg_shapes = [base] + draw(st.lists(broadcast_variants(base), max_size=2))
    b = _Builder(draw, arg_shapes)
    for _ in range(draw(st.integers(1, max_ops))):
        draw(st.sampled_from(KINDS))(b)
    computed = [v for v in b.values if not isinstance(v.owner, Block)]
    outputs = [v for v in computed if not v.uses]
    extra = draw(st.lists(st.sampled_from(computed), max_size=2, unique=True))
    outputs += [v for v in extra if v not in outputs]
    b.block.add_op(func.ReturnOp(*outputs))
    function = func.FuncOp(
        "main", ([a.type for a in b.block.args], [v.type for v in outputs]), Region(b.block)
    )
    module = ModuleOp([function])
    module.verify()
    return RandomGraph(module, [b.bound[v] for v in outputs])


@functools.cache
def parsed_pipeline(pipeline: str) -> Nest:
    """`pipeline` parsed once (building the registry reads every xDSL universe's entry points)."""
    return default_registry(CONTEXT).parse(pipeline)


def assert_pipeline_keeps_results(graph: RandomGraph, pipeline: str) -> None:
    """Run `pipeline` on a copy of the graph; its results on random inputs must stay close.

    The failure message holds the module before and after the pipeline as .mlir text.
    """
    inputs = random_inputs(find_function(graph.module, "main"), seed=0)
    expected = run_function(graph.module, inputs)
    optimized = run_pipeline(graph.module.clone(), parsed_pipeline(pipeline), CONTEXT)
    got = run_function(optimized, inputs)
    for i, (g, e, bound) in enumerate(zip(got, expected, graph.bounds, strict=True)):
        mismatch = compare(g, e, RTOL, ATOL + 1e-6 * bound)
        if mismatch is not None:
            raise AssertionError(
                f"result #{i} changed by {pipeline} ({mismatch})\n"
                f"--- input module ---{graph!r}--- after the pipeline ---\n{module_text(optimized)}"
            )
