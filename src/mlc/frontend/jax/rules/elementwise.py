"""Elementwise primitives: math, arithmetic, compares, logic, select_n, clamp, casts."""

import math

from xdsl.dialects.builtin import bf16, f16, f32, i1
from xdsl.ir import SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.frontend.jax.emitter import Emitter, Unsupported, element
from mlc.frontend.jax.rules.registry import rule

UNARY = {
    "neg": mt.NegOp,
    "abs": mt.AbsOp,
    "exp": mt.ExpOp,
    "log": mt.LogOp,
    "sqrt": mt.SqrtOp,
    "rsqrt": mt.RsqrtOp,
    "tanh": mt.TanhOp,
    "logistic": mt.SigmoidOp,
    "erf": mt.ErfOp,
    "sin": mt.SinOp,
    "cos": mt.CosOp,
    "floor": mt.FloorOp,
    "ceil": mt.CeilOp,
    "sign": mt.SignOp,
    "erf_inv": mt.ErfInvOp,
    "asin": mt.AsinOp,
    "acos": mt.AcosOp,
    "atan": mt.AtanOp,
    "log1p": mt.Log1pOp,
    "expm1": mt.Expm1Op,
    "not": mt.NotOp,
}

BINARY = {
    "add": mt.AddOp,
    "sub": mt.SubOp,
    "mul": mt.MulOp,
    "div": mt.DivOp,
    "max": mt.MaximumOp,
    "min": mt.MinimumOp,
    "eq": mt.EqOp,
    "ne": mt.NeOp,
    "lt": mt.LtOp,
    "le": mt.LeOp,
    "gt": mt.GtOp,
    "ge": mt.GeOp,
    "rem": mt.RemOp,
    "atan2": mt.Atan2Op,
    "and": mt.AndOp,
    "or": mt.OrOp,
    "xor": mt.XorOp,
    "shift_left": mt.ShiftLeftOp,
    "shift_right_arithmetic": mt.ShiftRightArithmeticOp,
    "shift_right_logical": mt.ShiftRightLogicalOp,
}

IDENTITY = ("stop_gradient", "copy", "copy_p", "optimization_barrier")

# (exponent bits, mantissa bits) of the float types reduce_precision can round through.
PRECISIONS = {(8, 23): f32, (5, 10): f16, (8, 7): bf16}


@rule(*UNARY)
def unary(b: Emitter, x: SSAValue) -> SSAValue:
    """One-to-one unary math."""
    return b.emit(UNARY[b.name](x))


@rule(*BINARY)
def binary(b: Emitter, x: SSAValue, y: SSAValue) -> SSAValue:
    """One-to-one binary arithmetic and compares (rank-0 literals broadcast)."""
    return b.emit(BINARY[b.name](x, y))


@rule("round")
def round_(b: Emitter, x: SSAValue) -> SSAValue:
    """Half to even as one op; half away from zero as t = trunc x, |x - t| >= 0.5 ? t + sign x : t."""
    if int(b.params["rounding_method"]) == 1:  # lax.RoundingMethod.TO_NEAREST_EVEN
        return b.emit(mt.RoundOp(x))
    # x - trunc(x) is exact in floating point, so the halfway test is exact.
    t = b.emit(mt.TruncOp(x))
    fraction = b.emit(mt.AbsOp(b.emit(mt.SubOp(x, t))))
    away = b.emit(mt.AddOp(t, b.emit(mt.SignOp(x))))
    return b.emit(mt.SelectOp(b.emit(mt.GeOp(fraction, b.scalar(0.5, x))), away, t))


@rule("pow")
def power(b: Emitter, x: SSAValue, y: SSAValue) -> SSAValue:
    """x ** y; an integer exponent is converted to the base's float type."""
    return b.emit(mt.PowOp(x, b.cast(y, element(x))))


@rule("integer_pow")
def integer_pow(b: Emitter, x: SSAValue) -> SSAValue:
    """x ** y for a static integer y by repeated squaring (1 / x ** -y for negative y)."""
    y = b.params["y"]
    if y == 0:
        return b.broadcast(b.scalar(1, x), b.out_type().get_shape())
    result, square, n = None, x, abs(y)
    while n:
        if n & 1:
            result = square if result is None else b.emit(mt.MulOp(result, square))
        n >>= 1
        if n:
            square = b.emit(mt.MulOp(square, square))
    assert result is not None
    return b.emit(mt.ReciprocalOp(result)) if y < 0 else result


@rule("square")
def square(b: Emitter, x: SSAValue) -> SSAValue:
    """x * x."""
    return b.emit(mt.MulOp(x, x))


@rule("tan")
def tan(b: Emitter, x: SSAValue) -> SSAValue:
    """sin x / cos x."""
    return b.emit(mt.DivOp(b.emit(mt.SinOp(x)), b.emit(mt.CosOp(x))))


@rule("exp2")
def exp2(b: Emitter, x: SSAValue) -> SSAValue:
    """2 ** x = exp(x ln 2)."""
    return b.emit(mt.ExpOp(b.emit(mt.MulOp(x, b.scalar(math.log(2.0), x)))))


@rule("erfc")
def erfc(b: Emitter, x: SSAValue) -> SSAValue:
    """1 - erf(x) (absolute error of f32 rounding near 1; tiny tails for x > ~4 become 0)."""
    return b.emit(mt.SubOp(b.scalar(1, x), b.emit(mt.ErfOp(x))))


@rule("is_finite")
def is_finite(b: Emitter, x: SSAValue) -> SSAValue:
    """x - x == 0: NaN for inf and NaN, 0 otherwise."""
    return b.emit(mt.EqOp(b.emit(mt.SubOp(x, x)), b.scalar(0, x)))


@rule("select_n")
def select_n(b: Emitter, which: SSAValue, *cases: SSAValue) -> SSAValue:
    """cases[which]: a boolean picks case 1 when true; an integer index chains selects."""
    if element(which) == i1:
        return b.emit(mt.SelectOp(which, cases[1], cases[0]))
    result = cases[0]
    for k, case in enumerate(cases[1:], start=1):
        result = b.emit(mt.SelectOp(b.emit(mt.EqOp(which, b.scalar(k, which))), case, result))
    return result


@rule("clamp")
def clamp(b: Emitter, low: SSAValue, x: SSAValue, high: SSAValue) -> SSAValue:
    """min(max(x, low), high)."""
    return b.emit(mt.MinimumOp(b.emit(mt.MaximumOp(x, low)), high))


@rule("convert_element_type")
def convert_element_type(b: Emitter, x: SSAValue) -> SSAValue:
    """A cast (none when only weak typing changes)."""
    return b.cast(x, b.out_element())


@rule("reduce_precision")
def reduce_precision(b: Emitter, x: SSAValue) -> SSAValue:
    """Round through f16/bf16 (a cast there and back) when the bits name one of them."""
    bits = (b.params["exponent_bits"], b.params["mantissa_bits"])
    if bits not in PRECISIONS:
        raise Unsupported(f"rounding to {bits[0]} exponent and {bits[1]} mantissa bits")
    return b.cast(b.cast(x, PRECISIONS[bits]), element(x))


@rule(*IDENTITY)
def identity(b: Emitter, *xs: SSAValue) -> SSAValue | list[SSAValue]:
    """Values pass through (gradient and scheduling markers)."""
    return list(xs) if b.eqn.primitive.multiple_results else xs[0]

