"""The text of one emitted Python function, and the rules shared by kernel and host code.

A `Writer` walks the ops of a function body and asks its rule table (op class -> small
function) for the text of each op: a rule returns the expression of the op's one result
(the writer assigns it to a name taken from the IR), the statement of an op without
results, or None when it wrote its own lines (region ops) or needs none. Scalar
constants are not assigned: their literal appears at each use, where Triton's weak typing
gives it the type of the other operand, as arith's same-typed operands require.
"""

import math as pymath
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from xdsl.dialects import arith, math, scf
from xdsl.dialects.builtin import (
    BFloat16Type,
    DenseIntOrFPElementsAttr,
    FloatAttr,
    IntegerAttr,
    IntegerType,
    TensorType,
)
from xdsl.ir import Block, Operation, SSAValue
from xdsl.traits import IsTerminator

from mlc.ir.diagnostics import OpError
from mlc.lowering.triton.helpers import DEPENDS
from mlc.lowering.triton.dtypes import bit_width, element_of, tl_dtype
from mlc.lowering.triton.names import Namer

Rule = Callable[["Writer", Operation], str | None]
"""Text for one op: its result's expression, its statement, or None (wrote its own lines)."""

INDENT = "    "


class Writer:
    """Lines of one Python function, names of its values, and the helpers it needs."""

    def __init__(
        self,
        rules: Mapping[type[Operation], Rule],
        namer: Namer,
        helpers: set[str],
        dims: Mapping[int, str],
        kernels: Mapping[str, str] = {},
    ):
        self.rules = rules
        self.kernels = kernels
        """Kernel symbol -> its Python name (for host launches)."""
        self.namer = namer
        self.helpers = helpers
        self.dims = dims
        """Block size -> the constexpr that spells it."""
        self.lines: list[str] = []
        self.depth = 1
        self.values: dict[SSAValue, str] = {}
        self.literals: set[SSAValue] = set()

    # Lines and names.

    def line(self, text: str) -> None:
        """Append one line at the current indentation."""
        self.lines.append(INDENT * self.depth + text)

    @contextmanager
    def indented(self) -> Iterator[None]:
        """Lines written inside are one level deeper; an empty suite gets `pass`."""
        start = len(self.lines)
        self.depth += 1
        yield
        if len(self.lines) == start:
            self.line("pass")
        self.depth -= 1

    def name(self, value: SSAValue, hint: str | None = None) -> str:
        """A fresh name for `value` from its IR name (or `hint`), recorded as its expression."""
        name = self.namer.fresh(value.name_hint or hint)
        self.values[value] = name
        return name

    def bind(self, value: SSAValue, expr: str) -> None:
        """`name = expr` for `value`."""
        self.line(f"{self.name(value)} = {expr}")

    def literal(self, value: SSAValue, text: str) -> None:
        """Let `value` stand for the literal `text` at each use (no assignment)."""
        self.values[value] = text
        self.literals.add(value)

    def expr(self, value: SSAValue) -> str:
        """The expression for an operand."""
        return self.values[value]

    def tensor(self, value: SSAValue) -> str:
        """The operand as a typed Triton value: a literal becomes `tl.full((), lit, dtype)`."""
        if value in self.literals:
            return f"tl.full((), {self.values[value]}, {tl_dtype(value.owner, value.type)})"
        return self.values[value]

    def shape(self, shape: Sequence[int]) -> str:
        """A block shape as a tuple, with sizes that name one constexpr spelled by that name."""
        dims = [self.dims.get(d, str(d)) for d in shape]
        return f"({dims[0]},)" if len(dims) == 1 else f"({', '.join(dims)})"

    def helper(self, name: str) -> str:
        """Ask for module-level helper `name` (see helpers.HELPERS), and the helpers it calls; return its name."""
        self.helpers.update((name, *DEPENDS.get(name, ())))
        return name

    # Walking ops.

    def block(self, block: Block) -> None:
        """Emit the ops of `block`; its terminator is left to the op owning the region."""
        for op in block.ops:
            if op is not block.last_op or not op.has_trait(IsTerminator):
                self.op(op)

    def op(self, op: Operation) -> None:
        """Emit one op by its rule."""
        rule = self.rules.get(type(op))
        if rule is None:
            raise OpError(
                op,
                f"{op.name}: no Triton rule for this op here; lower it to mlc_kernel, arith, math "
                "or scf first (or add a rule to mlc.lowering.triton)",
            )
        text = rule(self, op)
        if text is None:
            return
        if len(op.results) == 1:
            self.bind(op.results[0], text)
        else:
            self.line(text)



# ---------------------------------------------------------------------------------------
# Shared rules: constants, arith, math and scf, on scalars and blocks alike.


def number(value: int | float, element) -> str:
    """A Python literal for a constant of `element` type (i1 as True/False, inf/nan spelled out)."""
    if isinstance(element, IntegerType):
        return str(bool(value)) if element.width.data == 1 else str(int(value))
    if pymath.isnan(value):
        return 'float("nan")'
    if pymath.isinf(value):
        return 'float("inf")' if value > 0 else '-float("inf")'
    return repr(float(value))


def constant(w: Writer, op: arith.ConstantOp) -> str | None:
    """A scalar is an inline literal; a uniform block is `tl.full(shape, value, dtype)`."""
    value, typ = op.value, op.result.type
    if isinstance(value, IntegerAttr | FloatAttr):
        w.literal(op.result, number(value.value.data, typ))
        return None
    if isinstance(value, DenseIntOrFPElementsAttr) and isinstance(typ, TensorType):
        values = value.get_values()
        if len(set(values)) == 1:
            return f"tl.full({w.shape(typ.get_shape())}, {number(values[0], element_of(typ))}, {tl_dtype(op, typ)})"
    raise OpError(op, f"{op.name}: only scalar and uniform (splat) constants exist in Triton code, got {value}; pass other constants in a buffer")


# Binary ops spelled as Python operators. Triton's // and % on signed integers are C's
# truncating division and remainder (sdiv/srem), which is what arith.divsi/remsi are;
# >> on signed integers is arithmetic, as arith.shrsi.
OPERATORS: dict[type[Operation], str] = {
    arith.AddiOp: "+", arith.AddfOp: "+", arith.SubiOp: "-", arith.SubfOp: "-",
    arith.MuliOp: "*", arith.MulfOp: "*", arith.DivfOp: "/", arith.DivSIOp: "//",
    arith.RemSIOp: "%", arith.AndIOp: "&", arith.OrIOp: "|",
    arith.XOrIOp: "^", arith.ShLIOp: "<<", arith.ShRSIOp: ">>",
}  # fmt: skip

# Binary ops spelled as Triton calls. maximumf/minimumf propagate NaN (PropagateNan.ALL);
# maxnumf/minnumf return the non-NaN operand, which is tl.maximum's default.
CALLS: dict[type[Operation], str] = {
    arith.MaxSIOp: "tl.maximum({}, {})",
    arith.MinSIOp: "tl.minimum({}, {})",
    arith.MaxnumfOp: "tl.maximum({}, {})",
    arith.MinnumfOp: "tl.minimum({}, {})",
    arith.MaximumfOp: "tl.maximum({}, {}, propagate_nan=tl.PropagateNan.ALL)",
    arith.MinimumfOp: "tl.minimum({}, {}, propagate_nan=tl.PropagateNan.ALL)",
}


def operands(w: Writer, op: Operation) -> list[str]:
    """Operand expressions: bf16 ones widened to f32; when all are literals the first is typed, so Python does not fold them."""
    if all(v in w.literals for v in op.operands):
        args = [w.tensor(op.operands[0]), *(w.expr(v) for v in op.operands[1:])]
    else:
        args = [w.expr(v) for v in op.operands]
    # bf16 computes in f32 and rounds once: exact for + - * / and comparisons (f32 holds more
    # than twice bf16's precision), the reference interpreter's definition, and what keeps
    # Triton 3.9's interpreter right (its bf16 arithmetic works on the raw bits).
    return [f"tl.cast({a}, tl.float32)" if is_bf16(v.type) else a for a, v in zip(args, op.operands)]


def is_bf16(typ) -> bool:
    """True for bf16 scalars and blocks."""
    return isinstance(element_of(typ), BFloat16Type)


def rounded(op: Operation, text: str) -> str:
    """`text` (computed in f32) rounded back to a bf16 result; other results unchanged."""
    return f"tl.cast({text}, tl.bfloat16)" if is_bf16(op.results[0].type) else text


def binary(w: Writer, op: Operation) -> str:
    """`a <op> b` or `tl.maximum(a, b)`, by the tables above."""
    args = operands(w, op)
    if type(op) in OPERATORS:
        return rounded(op, f"{args[0]} {OPERATORS[type(op)]} {args[1]}")
    return rounded(op, CALLS[type(op)].format(*args))


# math functions of Triton's core (tl.math): f16/bf16 operands run in f32 and round once to
# the result type, which is how the reference interpreter defines f16/bf16 math.
MATH: dict[type[Operation], str] = {
    math.ExpOp: "tl.exp", math.Exp2Op: "tl.exp2", math.LogOp: "tl.log", math.Log2Op: "tl.log2",
    math.SqrtOp: "tl.sqrt", math.RsqrtOp: "tl.rsqrt", math.SinOp: "tl.sin", math.CosOp: "tl.cos",
    math.AbsFOp: "tl.abs", math.FloorOp: "tl.floor", math.CeilOp: "tl.ceil", math.ErfOp: "tl.erf",
    math.FmaOp: "tl.fma", math.TanhOp: "_tanh", math.TruncOp: "_trunc", math.RoundEvenOp: "_round_even",
    math.Log1pOp: "_log1p", math.ExpM1Op: "_expm1", math.AtanOp: "_atan", math.Atan2Op: "_atan2",
    math.AsinOp: "_asin", math.AcosOp: "_acos", math.PowFOp: "_pow",
}  # fmt: skip
"""math op -> tl function, or a helper (a leading `_`: helpers.py) where Triton's core has none."""


def math_call(w: Writer, op: Operation) -> str:
    """`tl.exp(x)`; through f32 for narrower floats: `tl.cast(tl.exp(tl.cast(x, tl.float32)), tl.float16)`."""
    function = MATH[type(op)]
    if function.startswith("_"):  # not in Triton's core library: a helper built from it
        function = w.helper(function)
    args = [w.expr(v) for v in op.operands]
    if bit_width(op.results[0].type) >= 32:
        return f"{function}({', '.join(args)})"
    wide = ", ".join(f"tl.cast({a}, tl.float32)" for a in args)
    return f"tl.cast({function}({wide}), {tl_dtype(op, op.results[0].type)})"


def negate(w: Writer, op: Operation) -> str:
    """-x (arith.negf)."""
    return rounded(op, f"-{operands(w, op)[0]}")


def cast(w: Writer, op: Operation) -> str:
    """Conversions that are Triton's tl.cast: float<->float, signed int<->float, int width changes."""
    (source,) = op.operands
    converted = f"tl.cast({w.expr(source)}, {tl_dtype(op, op.results[0].type)})"
    # Triton widens i1 to 0/1; arith.extsi sign-extends it, so true is -1.
    return f"-{converted}" if isinstance(op, arith.ExtSIOp) and bit_width(source.type) == 1 else converted


def unsigned(w: Writer, value: SSAValue) -> str:
    """The operand's bits read as an unsigned integer of its width (tl.uintN bitcast)."""
    return f"tl.cast({w.expr(value)}, tl.uint{bit_width(value.type)}, bitcast=True)"


def cast_unsigned(w: Writer, op: Operation) -> str:
    """extui/uitofp: read the bits unsigned, then convert (Triton's i1 -> int is already 0/1)."""
    (source,) = op.operands
    target = tl_dtype(op, op.results[0].type)
    if bit_width(source.type) == 1:
        return f"tl.cast({w.expr(source)}, {target})"
    return f"tl.cast({unsigned(w, source)}, {target})"


def bitcast(w: Writer, op: Operation) -> str:
    """The same bits as another type of equal width."""
    return f"tl.cast({w.expr(op.operands[0])}, {tl_dtype(op, op.results[0].type)}, bitcast=True)"


INT_PREDICATES = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge")
"""arith.cmpi predicates in the order of their numbers."""
FLOAT_PREDICATES = ("false", "oeq", "ogt", "oge", "olt", "ole", "one", "ord", "ueq", "ugt", "uge", "ult", "ule", "une", "uno", "true")
"""arith.cmpf predicates in the order of their numbers."""

# Comparison operators. Signed and unsigned integer predicates share them (unsigned ones
# compare the bits read as uintN). On floats Triton's == is ordered (oeq), != unordered
# (une) and <, <=, >, >= ordered, exactly these predicates; `one` is (a < b) | (a > b).
INT_COMPARISONS = {"eq": "==", "ne": "!=", "slt": "<", "sle": "<=", "sgt": ">", "sge": ">=", "ult": "<", "ule": "<=", "ugt": ">", "uge": ">="}
FLOAT_COMPARISONS = {"oeq": "==", "une": "!=", "olt": "<", "ole": "<=", "ogt": ">", "oge": ">="}


def compare(w: Writer, op: Operation, predicate: str) -> str:
    """A comparison by predicate name (arith's or mlc_kernel's spelling), integer or float by operand type."""
    lhs, rhs = op.operands[0], op.operands[1]
    if isinstance(element_of(lhs.type), IntegerType):
        if predicate[0] == "u":
            return f"{unsigned(w, lhs)} {INT_COMPARISONS[predicate]} {unsigned(w, rhs)}"
        a, b = operands(w, op)
        return f"{a} {INT_COMPARISONS[predicate]} {b}"
    a, b = operands(w, op)
    if predicate == "one":
        return f"({a} < {b}) | ({a} > {b})"
    if predicate not in FLOAT_COMPARISONS:
        raise OpError(op, f"{op.name}: predicate {predicate} has no Triton spelling; use an ordered predicate or une")
    return f"{a} {FLOAT_COMPARISONS[predicate]} {b}"


def cmpi(w: Writer, op: arith.CmpiOp) -> str:
    """arith.cmpi by predicate number."""
    return compare(w, op, INT_PREDICATES[op.predicate.value.data])


def cmpf(w: Writer, op: arith.CmpfOp) -> str:
    """arith.cmpf by predicate number."""
    return compare(w, op, FLOAT_PREDICATES[op.predicate.value.data])


def select(w: Writer, op: Operation) -> str:
    """tl.where(cond, a, b): a scalar condition picks a whole value, a block one lane by lane."""
    cond, a, b = (w.expr(v) for v in op.operands)
    return f"tl.where({cond}, {a}, {b})"


def assign(w: Writer, names: Sequence[str], values: Sequence[SSAValue]) -> None:
    """`a, b = x, y` (all at once, so swapped loop-carried values stay right); same names are skipped."""
    pairs = [(n, w.tensor(v)) for n, v in zip(names, values, strict=True) if n != w.expr(v)]
    if pairs:
        w.line(f"{', '.join(n for n, _ in pairs)} = {', '.join(e for _, e in pairs)}")


def for_loop(w: Writer, op: scf.ForOp) -> None:
    """A Python range loop; loop-carried values are variables assigned before and at the end of each trip."""
    block = op.body.block
    carried = [w.name(arg, "carried") for arg in block.args[1:]]
    assign(w, carried, op.iter_args)
    iv = w.name(block.args[0], "i")
    bounds = ", ".join(w.expr(v) for v in (op.lb, op.ub, op.step))
    w.line(f"for {iv} in range({bounds}):")
    with w.indented():
        w.block(block)
        assign(w, carried, block.last_op.operands)
    for result, name in zip(op.results, carried):
        w.bind(result, name)


def if_else(w: Writer, op: scf.IfOp) -> None:
    """if/else whose branches assign the yielded values to the result names."""
    results = [w.name(r, "r") for r in op.results]
    w.line(f"if {w.expr(op.cond)}:")
    for i, region in enumerate(op.regions):
        if not region.blocks:
            continue
        if i == 1:
            w.line("else:")
        with w.indented():
            w.block(region.block)
            assign(w, results, region.block.last_op.operands)


SHARED_RULES: dict[type[Operation], Rule] = {
    arith.ConstantOp: constant,
    **{t: binary for t in (*OPERATORS, *CALLS)},
    **{t: math_call for t in MATH},
    arith.NegfOp: negate,
    **{t: cast for t in (arith.ExtFOp, arith.TruncFOp, arith.SIToFPOp, arith.FPToSIOp, arith.ExtSIOp, arith.TruncIOp, arith.IndexCastOp)},
    arith.ExtUIOp: cast_unsigned,
    arith.UIToFPOp: cast_unsigned,
    arith.BitcastOp: bitcast,
    arith.CmpiOp: cmpi,
    arith.CmpfOp: cmpf,
    arith.SelectOp: select,
    scf.ForOp: for_loop,
    scf.IfOp: if_else,
}
"""Rules for the upstream ops kernel bodies use (host code has its own, smaller table)."""
