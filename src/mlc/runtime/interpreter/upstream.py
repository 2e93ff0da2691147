"""numpy semantics of the upstream dialects mlc IR uses: arith, math and scf (func is xDSL's).

xDSL's own arith/math interpreters compute on Python scalars only; these work on numpy
values of any shape, so the same op runs on a scalar and on a block-shaped tensor (as
`mlc_kernel` bodies use them). Values of shaped types (tensor, vector) are numpy arrays;
values of scalar types are numpy scalars of the exact element dtype (`index` is int64).
The result always has the dtype of the result type: integers wrap like two's complement,
and f16/bf16 math runs in f32 and is rounded once to the result type.
"""

import math as pymath
from collections.abc import Callable

import numpy as np
from xdsl.dialects import arith, math, scf
from xdsl.dialects.builtin import (
    DenseIntOrFPElementsAttr,
    DenseResourceAttr,
    FloatAttr,
    IndexType,
    IntegerAttr,
    ShapedType,
)
from xdsl.interpreter import Interpreter, InterpreterFunctions, PythonValues, impl, register_impls
from xdsl.interpreters.scf import ScfFunctions
from xdsl.ir import Attribute, Operation
from xdsl.utils.exceptions import InterpretationError

from mlc.ir.dtypes import to_numpy_dtype
from mlc.ir.resources import resource_array
from mlc.runtime.interpreter.mlc_tensor.constant import dense_array

INDEX_DTYPE = np.dtype(np.int64)

# ---------------------------------------------------------------------------------------
# Values: numpy dtype of a type, operand views, results of the exact result type.


def element_dtype(typ: Attribute) -> np.dtype:
    """The numpy dtype of the elements of `typ` (a scalar type or a shaped type); index is int64."""
    element = typ.get_element_type() if isinstance(typ, ShapedType) else typ
    if isinstance(element, IndexType):
        return INDEX_DTYPE
    return to_numpy_dtype(element)


def as_type(value: object, typ: Attribute) -> np.ndarray | np.generic:
    """`value` converted to `typ`: an array for a shaped type, a numpy scalar otherwise.

    Integer values wrap to the width of the type; an i1 result keeps the lowest bit.
    """
    array = np.asarray(value)
    dtype = element_dtype(typ)
    if dtype == np.bool_ and array.dtype != np.bool_:
        array = (array & 1).astype(np.bool_)
    else:
        array = array.astype(dtype, copy=False)
    return array if isinstance(typ, ShapedType) else array[()]


def _operand(value: object, typ: Attribute) -> np.ndarray:
    """An operand as an array of its type's dtype (Python numbers are converted and wrapped)."""
    return np.asarray(value).astype(element_dtype(typ), copy=False)


def as_signed(value: object, typ: Attribute) -> np.ndarray:
    """Integer operand read as signed (i1 true is -1, as in MLIR)."""
    array = _operand(value, typ)
    return -array.astype(np.int8) if array.dtype == np.bool_ else array


def as_unsigned(value: object, typ: Attribute) -> np.ndarray:
    """Integer operand read as unsigned (the same bits viewed as uintN)."""
    array = _operand(value, typ)
    if array.dtype == np.bool_:
        return array.astype(np.uint8)
    return array.view(np.dtype(f"u{array.dtype.itemsize}"))


def as_float(value: object, typ: Attribute) -> np.ndarray:
    """Float operand in its compute dtype: f16/bf16 widen to f32, f32/f64 stay."""
    array = _operand(value, typ)
    return array.astype(np.float32) if array.dtype.itemsize < 4 else array


# ---------------------------------------------------------------------------------------
# Elementwise rules: one function per op on numpy arrays; a runner reads the operands the
# way the op's family does and converts the result to the result type.

IntRule = Callable[..., np.ndarray]


def _check_divisor(op: Operation, divisor: np.ndarray) -> None:
    """Integer division by zero is undefined behaviour in MLIR: stop instead of guessing."""
    if np.any(divisor == 0):
        raise InterpretationError(f"{op.name}: division by zero")


def _trunc_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    # Floor rounds a negative inexact quotient down; truncation needs one more.
    return a // b + ((a % b != 0) & ((a < 0) != (b < 0)))


def _ceil_div(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    # ceil(x) == floor(x) + 1 for every inexact x, whatever its sign.
    return a // b + (a % b != 0)


def _ipow(base: np.ndarray, exponent: np.ndarray) -> np.ndarray:
    """Integer power with wrapping; a negative exponent gives 1/base**-e truncated (0 unless |base| == 1)."""
    positive = np.power(base, np.maximum(exponent, 0))
    odd = (exponent % 2) != 0
    negative = np.where(base == 1, 1, np.where(base == -1, np.where(odd, -1, 1), 0))
    return np.where(exponent < 0, negative, positive)


# op -> (rule, how operands are read: "s" signed, "u" unsigned, "/" signed divisor checked,
# "u/" unsigned divisor checked)
INT_BINARY: dict[type[Operation], tuple[IntRule, str]] = {
    arith.AddiOp: (np.add, "s"),
    arith.SubiOp: (np.subtract, "s"),
    arith.MuliOp: (np.multiply, "s"),
    arith.DivSIOp: (_trunc_div, "/"),
    arith.DivUIOp: (np.floor_divide, "u/"),
    arith.FloorDivSIOp: (np.floor_divide, "/"),
    arith.CeilDivSIOp: (_ceil_div, "/"),
    arith.CeilDivUIOp: (_ceil_div, "u/"),
    arith.RemSIOp: (np.fmod, "/"),  # C remainder: the sign of the dividend
    arith.RemUIOp: (np.remainder, "u/"),
    arith.MinSIOp: (np.minimum, "s"),
    arith.MaxSIOp: (np.maximum, "s"),
    arith.MinUIOp: (np.minimum, "u"),
    arith.MaxUIOp: (np.maximum, "u"),
    arith.AndIOp: (np.bitwise_and, "s"),
    arith.OrIOp: (np.bitwise_or, "s"),
    arith.XOrIOp: (np.bitwise_xor, "s"),
    arith.ShLIOp: (np.left_shift, "s"),
    arith.ShRSIOp: (np.right_shift, "s"),
    arith.ShRUIOp: (np.right_shift, "u"),
    math.IPowIOp: (_ipow, "s"),
}


def _maximumf(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    # NaN propagates (np.maximum does that); +0 is larger than -0.
    both_zero = (a == 0) & (b == 0)
    return np.where(both_zero, np.where(np.signbit(a), b, a), np.maximum(a, b))


def _minimumf(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    # NaN propagates; -0 is smaller than +0.
    both_zero = (a == 0) & (b == 0)
    return np.where(both_zero, np.where(np.signbit(a), a, b), np.minimum(a, b))


FLOAT_BINARY: dict[type[Operation], Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    arith.AddfOp: np.add,
    arith.SubfOp: np.subtract,
    arith.MulfOp: np.multiply,
    arith.DivfOp: np.divide,
    arith.MaximumfOp: _maximumf,
    arith.MinimumfOp: _minimumf,
    arith.MaxnumfOp: np.fmax,  # the non-NaN operand wins
    arith.MinnumfOp: np.fmin,
    math.Atan2Op: np.arctan2,
    math.CopySignOp: np.copysign,
    math.PowFOp: np.power,
}


def _round_half_away(x: np.ndarray) -> np.ndarray:
    # math.round rounds halfway cases away from zero (np.round rounds them to even).
    # In f64, |x| + 0.5 is exact for every f32 x, so the floor is right.
    wide = x.astype(np.float64)
    return np.copysign(np.floor(np.abs(wide) + 0.5), wide)


_erf = np.frompyfunc(pymath.erf, 1, 1)

FLOAT_UNARY: dict[type[Operation], Callable[[np.ndarray], np.ndarray]] = {
    arith.NegfOp: np.negative,
    math.AbsFOp: np.abs,
    math.AcosOp: np.arccos,
    math.AcoshOp: np.arccosh,
    math.AsinOp: np.arcsin,
    math.AsinhOp: np.arcsinh,
    math.AtanOp: np.arctan,
    math.AtanhOp: np.arctanh,
    math.CbrtOp: np.cbrt,
    math.CeilOp: np.ceil,
    math.CosOp: np.cos,
    math.CoshOp: np.cosh,
    math.ErfOp: lambda x: np.asarray(_erf(x.astype(np.float64)), dtype=np.float64),
    math.ExpOp: np.exp,
    math.Exp2Op: np.exp2,
    math.ExpM1Op: np.expm1,
    math.FloorOp: np.floor,
    math.LogOp: np.log,
    math.Log10Op: np.log10,
    math.Log1pOp: np.log1p,
    math.Log2Op: np.log2,
    math.RoundOp: _round_half_away,
    math.RoundEvenOp: np.rint,
    math.RsqrtOp: lambda x: 1 / np.sqrt(x),
    math.SinOp: np.sin,
    math.SinhOp: np.sinh,
    math.SqrtOp: np.sqrt,
    math.TanOp: np.tan,
    math.TanhOp: np.tanh,
    math.TruncOp: np.trunc,
}


def _leading_zeros(u: np.ndarray) -> np.ndarray:
    # Smear the highest set bit into every lower bit; the zeros left above it are the count.
    width = u.dtype.itemsize * 8
    smeared = u.copy()
    shift = 1
    while shift < width:
        smeared |= smeared >> np.asarray(shift, dtype=u.dtype)
        shift *= 2
    return width - np.bitwise_count(smeared).astype(np.int64)


def _trailing_zeros(u: np.ndarray) -> np.ndarray:
    # (u & -u) - 1 sets exactly the bits below the lowest set bit (all bits when u == 0).
    lowest = u & (~u + np.asarray(1, dtype=u.dtype))
    return np.bitwise_count(lowest - np.asarray(1, dtype=u.dtype))


INT_UNARY: dict[type[Operation], tuple[Callable[[np.ndarray], np.ndarray], str]] = {
    math.AbsIOp: (np.abs, "s"),
    math.CtPopOp: (np.bitwise_count, "u"),
    math.CountLeadingZerosOp: (_leading_zeros, "u"),
    math.CountTrailingZerosOp: (_trailing_zeros, "u"),
}

CMPI_PREDICATES = (np.equal, np.not_equal, np.less, np.less_equal, np.greater, np.greater_equal)
# arith.cmpf predicates 0..15: false, oeq, ogt, oge, olt, ole, one, ord, ueq, ugt, uge,
# ult, ule, une, uno, true. An ordered predicate also needs both operands non-NaN; an
# unordered one also holds when either is NaN.
_CMPF = (np.equal, np.greater, np.greater_equal, np.less, np.less_equal, np.not_equal)


def compare_floats(predicate: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    ordered = ~(np.isnan(a) | np.isnan(b))
    if predicate in (0, 15):
        return np.full(np.broadcast(a, b).shape, predicate == 15)
    if predicate == 7:
        return ordered
    if predicate == 14:
        return ~ordered
    if predicate < 7:
        return _CMPF[predicate - 1](a, b) & ordered
    return _CMPF[predicate - 8](a, b) | ~ordered


# Casts: op -> how the operand is read before numpy converts it to the result dtype.
CASTS: dict[type[Operation], Callable[[object, Attribute], np.ndarray]] = {
    arith.IndexCastOp: as_signed,
    arith.ExtSIOp: as_signed,
    arith.TruncIOp: as_signed,
    arith.ExtUIOp: as_unsigned,
    arith.SIToFPOp: as_signed,
    arith.UIToFPOp: as_unsigned,
    arith.ExtFOp: _operand,
    arith.TruncFOp: as_float,
    arith.FPToSIOp: lambda value, typ: np.trunc(as_float(value, typ)),
    arith.FPToUIOp: lambda value, typ: np.trunc(as_float(value, typ)).astype(np.uint64),
}


def constant_value(value: Attribute, typ: Attribute) -> np.ndarray | np.generic:
    """The numpy value of an arith.constant attribute (integer, float, dense or dense_resource)."""
    if isinstance(value, IntegerAttr | FloatAttr):
        return as_type(value.value.data, typ)
    if isinstance(value, DenseResourceAttr):
        return resource_array(value)
    if isinstance(value, DenseIntOrFPElementsAttr):
        return dense_array(value)
    raise InterpretationError(f"arith.constant: unsupported value attribute {value}")


def _run_int_binary(op: Operation, args: PythonValues, rule: tuple[IntRule, str]) -> PythonValues:
    function, mode = rule
    read = as_unsigned if mode.startswith("u") else as_signed
    lhs, rhs = read(args[0], op.operands[0].type), read(args[1], op.operands[1].type)
    if mode.endswith("/"):
        _check_divisor(op, rhs)
    with np.errstate(all="ignore"):
        return (as_type(function(lhs, rhs), op.results[0].type),)


def _run_float_binary(op: Operation, args: PythonValues, function: Callable) -> PythonValues:
    lhs, rhs = as_float(args[0], op.operands[0].type), as_float(args[1], op.operands[1].type)
    with np.errstate(all="ignore"):
        return (as_type(function(lhs, rhs), op.results[0].type),)


def _run_float_unary(op: Operation, args: PythonValues, function: Callable) -> PythonValues:
    with np.errstate(all="ignore"):
        return (as_type(function(as_float(args[0], op.operands[0].type)), op.results[0].type),)


def _run_int_unary(op: Operation, args: PythonValues, rule: tuple[Callable, str]) -> PythonValues:
    function, mode = rule
    read = as_unsigned if mode == "u" else as_signed
    with np.errstate(all="ignore"):
        return (as_type(function(read(args[0], op.operands[0].type)), op.results[0].type),)


def _run_cast(op: Operation, args: PythonValues, read: Callable) -> PythonValues:
    with np.errstate(all="ignore"):
        return (as_type(read(args[0], op.operands[0].type), op.results[0].type),)


def _with_table(table: dict, runner: Callable[[Operation, PythonValues, object], PythonValues]):
    """Class decorator: one `@impl` method per op of `table`, each `runner(op, args, table[op])`."""

    def add(cls: type[InterpreterFunctions]) -> type[InterpreterFunctions]:
        for op_type, rule in table.items():

            def run(self, interpreter: Interpreter, op: Operation, args: PythonValues, rule=rule):
                return runner(op, args, rule)

            setattr(cls, "run_" + op_type.name.replace(".", "_"), impl(op_type)(run))
        return cls

    return add


@register_impls
@_with_table(INT_BINARY, _run_int_binary)
@_with_table(FLOAT_BINARY, _run_float_binary)
@_with_table(FLOAT_UNARY, _run_float_unary)
@_with_table(INT_UNARY, _run_int_unary)
@_with_table(CASTS, _run_cast)
class ArithMathFunctions(InterpreterFunctions):
    """arith and math ops on numpy scalars and arrays (the tables above, plus the ops below)."""

    @impl(arith.ConstantOp)
    def run_constant(
        self, interpreter: Interpreter, op: arith.ConstantOp, args: PythonValues
    ) -> PythonValues:
        return (constant_value(op.value, op.result.type),)

    @impl(arith.CmpiOp)
    def run_cmpi(self, interpreter: Interpreter, op: arith.CmpiOp, args: PythonValues) -> PythonValues:
        predicate = op.predicate.value.data  # eq ne slt sle sgt sge ult ule ugt uge
        read = as_unsigned if predicate >= 6 else as_signed
        compare = CMPI_PREDICATES[predicate if predicate < 6 else predicate - 4]
        result = compare(read(args[0], op.lhs.type), read(args[1], op.rhs.type))
        return (as_type(result, op.result.type),)

    @impl(arith.CmpfOp)
    def run_cmpf(self, interpreter: Interpreter, op: arith.CmpfOp, args: PythonValues) -> PythonValues:
        lhs, rhs = as_float(args[0], op.lhs.type), as_float(args[1], op.rhs.type)
        return (as_type(compare_floats(op.predicate.value.data, lhs, rhs), op.result.type),)

    @impl(arith.SelectOp)
    def run_select(self, interpreter: Interpreter, op: arith.SelectOp, args: PythonValues) -> PythonValues:
        # The condition is a scalar i1: it selects a whole value, shaped or not.
        condition, lhs, rhs = args
        return (lhs if condition else rhs,)

    @impl(arith.BitcastOp)
    def run_bitcast(self, interpreter: Interpreter, op: arith.BitcastOp, args: PythonValues) -> PythonValues:
        bits = _operand(args[0], op.input.type)
        return (as_type(bits.view(element_dtype(op.result.type)), op.result.type),)

    @impl(math.FPowIOp)
    def run_fpowi(self, interpreter: Interpreter, op: math.FPowIOp, args: PythonValues) -> PythonValues:
        base = as_float(args[0], op.operands[0].type)
        exponent = as_signed(args[1], op.operands[1].type).astype(base.dtype)
        with np.errstate(all="ignore"):
            return (as_type(np.power(base, exponent), op.result.type),)

    @impl(math.FmaOp)
    def run_fma(self, interpreter: Interpreter, op: math.FmaOp, args: PythonValues) -> PythonValues:
        # One rounding, as fused multiply-add has: the f32 product is exact in f64.
        a, b, c = (as_float(v, o.type).astype(np.float64) for v, o in zip(args, op.operands))
        with np.errstate(all="ignore"):
            return (as_type(a * b + c, op.result.type),)


@register_impls
class TypedScfFunctions(ScfFunctions):
    """xDSL's scf semantics, with loop induction variables of the loop's type (numpy scalars)."""

    @impl(scf.ForOp)
    def run_for(self, interpreter: Interpreter, op: scf.ForOp, args: PythonValues) -> PythonValues:
        lower, upper, step, *loop_args = args
        make_index = element_dtype(op.body.block.args[0].type).type
        values = tuple(loop_args)
        for i in range(int(lower), int(upper), int(step)):
            values = interpreter.run_ssacfg_region(op.body, (make_index(i), *values), "for_loop")
        return values


FUNCTIONS = [ArithMathFunctions, TypedScfFunctions]
