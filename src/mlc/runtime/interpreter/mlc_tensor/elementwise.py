"""numpy semantics of the mlc_tensor elementwise ops: the executable specification.

Floats: f16/bf16 operands are widened to f32, the math runs in f32 (erf in f64, numpy has
none) and the result is rounded once to the result type. Integers: numpy's two's complement
arithmetic in the operand width, which wraps. Every result has exactly the result type's
dtype and shape.
"""

import math
from collections.abc import Callable

import ml_dtypes
import numpy as np
from xdsl.dialects.builtin import TensorType
from xdsl.interpreter import Interpreter, InterpreterFunctions, PythonValues, impl, register_impls
from xdsl.ir import Operation

from mlc.dialects.mlc_tensor import (
    AbsOp,
    AcosOp,
    AddOp,
    AndOp,
    AsinOp,
    Atan2Op,
    AtanOp,
    CastOp,
    CeilOp,
    CosOp,
    DivOp,
    EqOp,
    ErfInvOp,
    ErfOp,
    ExpOp,
    Expm1Op,
    FloorOp,
    GeluOp,
    GeOp,
    GtOp,
    LeOp,
    Log1pOp,
    LogOp,
    LtOp,
    MaximumOp,
    MinimumOp,
    MulOp,
    NegOp,
    NeOp,
    NotOp,
    OrOp,
    PowOp,
    ReciprocalOp,
    ReluOp,
    RemOp,
    RoundOp,
    RsqrtOp,
    SelectOp,
    ShiftLeftOp,
    ShiftRightArithmeticOp,
    ShiftRightLogicalOp,
    SigmoidOp,
    SignOp,
    SiluOp,
    SinOp,
    SqrtOp,
    SubOp,
    TanhOp,
    TruncOp,
    XorOp,
)
from mlc.ir.dtypes import to_numpy_dtype

_NARROW_FLOATS = (np.dtype(np.float16), np.dtype(ml_dtypes.bfloat16))
_FLOATS = (np.dtype(np.float32), *_NARROW_FLOATS)


def result_dtype(op: Operation) -> np.dtype:
    """The numpy dtype of the op's (single, tensor) result."""
    typ = op.results[0].type
    assert isinstance(typ, TensorType)
    return to_numpy_dtype(typ.get_element_type())


def widen(x: np.ndarray) -> np.ndarray:
    """f16/bf16 -> f32 (exactly), everything else unchanged: the dtype the math runs in."""
    return x.astype(np.float32) if x.dtype in _NARROW_FLOATS else x


# ---- math numpy lacks -------------------------------------------------------------------------

_ERF_SERIES_LIMIT = 2.5


def erf(x: np.ndarray) -> np.ndarray:
    """Gauss error function in f64 (relative error ~1e-14), returned in x's dtype."""
    z = np.asarray(x, dtype=np.float64)
    out = np.empty_like(z)
    small = np.abs(z) < _ERF_SERIES_LIMIT
    # |z| < 2.5: erf z = 2/sqrt(pi) e^(-z^2) sum_n (2z^2)^n z / (2n+1)!!, all terms positive.
    s = z[small]
    term, total, twice_square = s.copy(), s.copy(), 2 * s * s
    for n in range(1, 40):
        term *= twice_square
        term *= 1 / (2 * n + 1)
        total += term
    out[small] = 2 / math.sqrt(math.pi) * np.exp(-s * s) * total
    # |z| >= 2.5: erfc |z| = e^(-z^2)/sqrt(pi) / (|z| + (1/2)/(|z| + 1/(|z| + (3/2)/(|z| + ...)))).
    b = np.abs(z[~small])
    fraction = b.copy()
    for k in range(50, 0, -1):
        np.divide(k / 2, fraction, out=fraction)
        fraction += b
    erfc = np.exp(-b * b) / math.sqrt(math.pi) / fraction
    out[~small] = np.copysign(1 - erfc, z[~small])
    return out.astype(np.asarray(x).dtype)


def erf_inv(x: np.ndarray) -> np.ndarray:
    """Inverse error function in f64, returned in x's dtype: ±inf at ±1, NaN outside [-1, 1].

    Giles' single-precision approximation ("Approximating the erfinv function", 2010)
    refined by Newton steps on erf(z) - x, whose derivative is 2/sqrt(pi) e^(-z^2).
    """
    y = np.asarray(x, dtype=np.float64)
    inside = np.abs(y) < 1
    t = np.where(inside, y, 0.0)
    w = -np.log((1 - t) * (1 + t))
    central, tail = w - 2.5, np.sqrt(w) - 3
    p_central, p_tail = np.zeros_like(w), np.zeros_like(w)
    for c in _ERF_INV_CENTRAL:
        p_central = c + p_central * central
    for c in _ERF_INV_TAIL:
        p_tail = c + p_tail * tail
    z = np.where(w < 5, p_central, p_tail) * t
    for _ in range(3):
        z = z - (erf(z) - t) / (2 / math.sqrt(math.pi) * np.exp(-z * z))
    z = np.where(np.abs(y) == 1, np.copysign(np.inf, y), np.where(inside, z, np.nan))
    return z.astype(np.asarray(x).dtype)


_ERF_INV_CENTRAL = (
    2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087,
    -0.00125372503, -0.00417768164, 0.246640727, 1.50140941,
)  # fmt: skip
"""Giles' coefficients for w = -ln(1 - x^2) < 5, in w - 2.5, highest degree first."""
_ERF_INV_TAIL = (
    -0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773,
    -0.0076224613, 0.00943887047, 1.00167406, 2.83297682,
)  # fmt: skip
"""Giles' coefficients for w >= 5, in sqrt(w) - 3, highest degree first."""


def sign(x: np.ndarray) -> np.ndarray:
    """-1 below 0, 1 above, x itself otherwise (so ±0 and NaN stay)."""
    one = np.ones((), x.dtype)
    return np.where(x > 0, one, np.where(x < 0, -one, x))


def sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-x), evaluated through e^-|x| so neither side overflows."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def gelu(x: np.ndarray, approximate: str) -> np.ndarray:
    """PyTorch's GELU: exact with erf, or its tanh approximation."""
    if approximate == "tanh":
        inner = np.float32(math.sqrt(2 / math.pi)) * (x + np.float32(0.044715) * x * x * x)
        return 0.5 * x * (1 + np.tanh(inner))
    return 0.5 * x * (1 + erf(x * np.float32(1 / math.sqrt(2))))


def divide(lhs: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Floats: IEEE division. Integers: truncation toward zero, x / 0 = -1, INT_MIN / -1 wraps."""
    if not np.issubdtype(lhs.dtype, np.integer):
        return np.divide(lhs, rhs)
    # fmod is C's remainder (sign of the dividend, 0 for a zero divisor), so lhs - fmod is an
    # exact multiple of rhs and floor division of it is the truncated quotient.
    quotient = np.floor_divide(lhs - np.fmod(lhs, rhs), rhs)
    return np.where(rhs == 0, np.array(-1, lhs.dtype), quotient)


def remainder(lhs: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Floats: C fmod (sign of lhs, NaN for rhs 0). Integers: lhs - div(lhs, rhs) * rhs."""
    if not np.issubdtype(lhs.dtype, np.integer):
        return np.fmod(lhs, rhs)
    # With div's x / 0 = -1, the remainder of a zero divisor is lhs; numpy's fmod gives 0
    # there (and INT_MIN fmod -1 = 0, which is already right).
    safe = np.where(rhs == 0, np.ones((), rhs.dtype), rhs)
    return np.where(rhs == 0, lhs, np.fmod(lhs, safe))


def shift(lhs: np.ndarray, rhs: np.ndarray, direction: str) -> np.ndarray:
    """lhs shifted by rhs bits ('left', 'arithmetic' or 'logical' right), rhs read unsigned.

    Amounts of the bit width or more shift everything out: 0, or the sign fill for
    'arithmetic'. Left shifts wrap in the width (bits past the top are lost).
    """
    unsigned = np.dtype(f"u{lhs.dtype.itemsize}")
    amount = rhs.astype(unsigned)
    inside = amount < 8 * lhs.dtype.itemsize
    amount = np.where(inside, amount, 0).astype(unsigned)
    zero = np.zeros((), lhs.dtype)
    if direction == "left":
        shifted, fill = np.left_shift(lhs.astype(unsigned), amount).astype(lhs.dtype), zero
    elif direction == "logical":
        shifted, fill = np.right_shift(lhs.astype(unsigned), amount).astype(lhs.dtype), zero
    else:
        shifted = np.right_shift(lhs, amount.astype(lhs.dtype))
        fill = np.where(lhs < 0, np.array(-1, lhs.dtype), zero)
    return np.where(inside, shifted, fill)


def cast(x: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Convert to `dtype` with the rules in CastOp's docstring."""
    if dtype == np.bool_:
        return x != 0
    if np.issubdtype(dtype, np.integer) and x.dtype in _FLOATS:
        # Truncate, saturate, NaN -> 0. The bounds are powers of two, exact in f64.
        info = np.iinfo(dtype)
        t = np.trunc(x.astype(np.float64))
        high, low = t >= 2.0 ** (info.bits - 1), t < -(2.0 ** (info.bits - 1))
        inside = np.where(high | low | np.isnan(t), 0, t).astype(dtype)
        return np.where(high, info.max, np.where(low, info.min, inside)).astype(dtype)
    if dtype in _NARROW_FLOATS:
        # Round once, from a value that holds the source exactly (f64 for ints up to 2**53).
        x = x.astype(np.float64 if np.issubdtype(x.dtype, np.integer) else np.float32)
    # int -> int wraps; i1 -> number is 0/1; int -> f32 and f32 -> f16/bf16 round to nearest even.
    return x.astype(dtype)


# ---- op tables ----------------------------------------------------------------------------------

UNARY: dict[type[Operation], Callable[[np.ndarray], np.ndarray]] = {
    NegOp: np.negative,
    AbsOp: np.abs,
    ReluOp: lambda x: np.maximum(x, np.zeros((), x.dtype)),
    ExpOp: np.exp,
    LogOp: np.log,
    SqrtOp: np.sqrt,
    RsqrtOp: lambda x: 1 / np.sqrt(x),
    TanhOp: np.tanh,
    ErfOp: erf,
    SigmoidOp: sigmoid,
    SiluOp: lambda x: x * sigmoid(x),
    SinOp: np.sin,
    CosOp: np.cos,
    ReciprocalOp: lambda x: 1 / x,
    FloorOp: np.floor,
    CeilOp: np.ceil,
    RoundOp: np.rint,  # round half to even
    TruncOp: np.trunc,
    SignOp: sign,
    ErfInvOp: erf_inv,
    AsinOp: np.arcsin,
    AcosOp: np.arccos,
    AtanOp: np.arctan,
    Log1pOp: np.log1p,
    Expm1Op: np.expm1,
    NotOp: np.invert,  # ~x; logical not on bool
}

BINARY: dict[type[Operation], Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    AddOp: np.add,
    SubOp: np.subtract,
    MulOp: np.multiply,
    DivOp: divide,
    PowOp: np.power,
    MaximumOp: np.maximum,
    MinimumOp: np.minimum,
    RemOp: remainder,
    Atan2Op: np.arctan2,
    AndOp: np.bitwise_and,
    OrOp: np.bitwise_or,
    XorOp: np.bitwise_xor,
    ShiftLeftOp: lambda a, b: shift(a, b, "left"),
    ShiftRightArithmeticOp: lambda a, b: shift(a, b, "arithmetic"),
    ShiftRightLogicalOp: lambda a, b: shift(a, b, "logical"),
    EqOp: np.equal,
    NeOp: np.not_equal,
    LtOp: np.less,
    LeOp: np.less_equal,
    GtOp: np.greater,
    GeOp: np.greater_equal,
}


def _register_tables(functions: type[InterpreterFunctions]) -> type[InterpreterFunctions]:
    """Add one `@impl` entry per UNARY/BINARY op, all sharing the family's method."""
    for table, method in ((UNARY, "run_unary"), (BINARY, "run_binary")):
        for op_type in table:
            name = "run_" + op_type.name.removeprefix("mlc_tensor.")
            setattr(functions, name, impl(op_type)(getattr(functions, method)))
    return functions


@register_impls
@_register_tables
class ElementwiseFunctions(InterpreterFunctions):
    """Unary and binary ops through the UNARY/BINARY tables; gelu, select and cast directly."""

    def run_unary(self, interpreter: Interpreter, op: Operation, args: PythonValues) -> PythonValues:
        """Any op of UNARY: widen, apply, round once to the result dtype."""
        with np.errstate(all="ignore"):
            value = UNARY[type(op)](widen(args[0]))
            return (np.asarray(value).astype(result_dtype(op), copy=False),)

    def run_binary(
        self, interpreter: Interpreter, op: Operation, args: PythonValues
    ) -> PythonValues:
        """Any op of BINARY: widen, apply with numpy broadcasting, round once."""
        with np.errstate(all="ignore"):
            value = BINARY[type(op)](widen(args[0]), widen(args[1]))
            return (np.asarray(value).astype(result_dtype(op), copy=False),)

    @impl(GeluOp)
    def run_gelu(self, interpreter: Interpreter, op: GeluOp, args: PythonValues) -> PythonValues:
        with np.errstate(all="ignore"):
            value = gelu(widen(args[0]), op.approximate.data)
            return (np.asarray(value).astype(result_dtype(op), copy=False),)

    @impl(SelectOp)
    def run_select(
        self, interpreter: Interpreter, op: SelectOp, args: PythonValues
    ) -> PythonValues:
        return (np.asarray(np.where(*args)).astype(result_dtype(op), copy=False),)

    @impl(CastOp)
    def run_cast(self, interpreter: Interpreter, op: CastOp, args: PythonValues) -> PythonValues:
        with np.errstate(all="ignore"):
            return (np.asarray(cast(args[0], result_dtype(op))),)


FUNCTIONS = [ElementwiseFunctions]
