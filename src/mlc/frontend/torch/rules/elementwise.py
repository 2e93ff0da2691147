"""Rules for elementwise ATen ops: math, arithmetic with type promotion, compares, logic, casts."""

import torch
from xdsl.dialects.builtin import bf16, f16, f32, i1, i64
from xdsl.ir import SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.dialects.mlc_tensor.base import is_float
from mlc.frontend.torch.emitter import Emitter, Scalar, Unsupported, element_of

aten = torch.ops.aten
Value = SSAValue | Scalar


def unary(op: type[mt.ElementwiseUnaryOp]):
    """A rule computing `op` in the node's result type (ints promote to float for exp etc.)."""

    def rule(b: Emitter, x: SSAValue) -> SSAValue:
        return b.emit(op(b.cast(x, b.result_element)))

    return rule


def binary(op: type[mt.ElementwiseBinaryOp]):
    """A rule computing `op` with both operands promoted to the node's result type."""

    def rule(b: Emitter, lhs: Value, rhs: Value) -> SSAValue:
        element = b.result_element
        return b.emit(op(b.tensor(lhs, element), b.tensor(rhs, element)))

    return rule


def compare(op: type[mt.CompareOp]):
    """A rule comparing both operands in their promoted type (the result is bool)."""

    def rule(b: Emitter, lhs: Value, rhs: Value) -> SSAValue:
        element = b.promoted_element(0, 1)
        return b.emit(op(b.tensor(lhs, element), b.tensor(rhs, element)))

    return rule


def scaled(op: type[mt.ElementwiseBinaryOp]):
    """add/sub with torch's `alpha`: lhs op alpha * rhs."""

    def rule(b: Emitter, lhs: Value, rhs: Value, alpha: Scalar = 1) -> SSAValue:
        element = b.result_element
        rhs = b.tensor(rhs, element)
        if alpha != 1:
            rhs = b.emit(mt.MulOp(rhs, b.tensor(alpha, element)))
        return b.emit(op(b.tensor(lhs, element), rhs))

    return rule


add, sub = scaled(mt.AddOp), scaled(mt.SubOp)


# Floats of at least this magnitude are integers already (2**mantissa bits), as are inf and NaN.
INTEGRAL_FROM = {f32: 2.0**23, f16: 2.0**10, bf16: 2.0**7}


def rounding(direction: str):
    """A rule rounding floats 'trunc' (toward zero), 'floor', 'ceil' or 'round' (half to even).

    Fractional values round through an i64 cast (which truncates); values that are already
    integral (large, inf, NaN) pass through unchanged. Integer tensors are returned as is.
    """

    def rule(b: Emitter, x: SSAValue) -> SSAValue:
        element = b.element(x)
        if not is_float(element):
            return x
        t = b.cast(b.emit(mt.CastOp(x, i64)), element)
        if direction in ("floor", "round"):
            t = b.emit(mt.SubOp(t, b.cast(b.emit(mt.GtOp(t, x)), element)))
        elif direction == "ceil":
            t = b.emit(mt.AddOp(t, b.cast(b.emit(mt.LtOp(t, x)), element)))
        if direction == "round":
            t = b.emit(mt.AddOp(t, b.cast(rounds_up(b, x, t), element)))
        limit = b.tensor(INTEGRAL_FROM[type(element)()], element)
        fractional = b.emit(mt.LtOp(b.emit(mt.AbsOp(x)), limit))
        return b.emit(mt.SelectOp(fractional, t, x))

    return rule


def rounds_up(b: Emitter, x: SSAValue, floor: SSAValue) -> SSAValue:
    """Whether x rounds half-to-even above its floor: fraction > 0.5, or = 0.5 with an odd floor."""
    element = b.element(x)
    fraction = b.emit(mt.SubOp(x, floor))
    half = b.tensor(0.5, element)
    halved = b.emit(mt.MulOp(floor, half))
    odd = b.emit(mt.NeOp(rounding("floor")(b, halved), halved))
    tie_up = b.emit(mt.MinimumOp(b.emit(mt.EqOp(fraction, half)), odd))
    return b.emit(mt.MaximumOp(b.emit(mt.GtOp(fraction, half)), tie_up))


trunc = rounding("trunc")


def off_floor(b: Emitter, remainder: SSAValue, divisor: SSAValue) -> SSAValue:
    """Where a truncated quotient is above the floor: remainder != 0, sign unlike the divisor's."""
    zero = b.tensor(0, b.element(remainder))
    signs_differ = b.emit(mt.NeOp(b.emit(mt.LtOp(remainder, zero)), b.emit(mt.LtOp(divisor, zero))))
    return b.emit(mt.MinimumOp(b.emit(mt.NeOp(remainder, zero)), signs_differ))


def div(b: Emitter, lhs: Value, rhs: Value, rounding_mode: str | None = None) -> SSAValue:
    """lhs / rhs: true division, or rounded toward zero ('trunc') or down ('floor')."""
    element = b.result_element
    lhs, rhs = b.tensor(lhs, element), b.tensor(rhs, element)
    quotient = b.emit(mt.DivOp(lhs, rhs))
    if rounding_mode is None:
        return quotient
    if is_float(element):
        return rounding(rounding_mode)(b, quotient)
    if rounding_mode == "trunc":
        return quotient  # integer division truncates
    remainder = b.emit(mt.SubOp(lhs, b.emit(mt.MulOp(quotient, rhs))))
    return b.emit(mt.SubOp(quotient, b.cast(off_floor(b, remainder, rhs), element)))


def fmod(b: Emitter, lhs: Value, rhs: Value) -> SSAValue:
    """C fmod: lhs - trunc(lhs / rhs) * rhs (the sign of lhs)."""
    element = b.result_element
    lhs, rhs = b.tensor(lhs, element), b.tensor(rhs, element)
    quotient = b.emit(mt.DivOp(lhs, rhs))
    if is_float(element):
        quotient = trunc(b, quotient)
    return b.emit(mt.SubOp(lhs, b.emit(mt.MulOp(quotient, rhs))))


def remainder(b: Emitter, lhs: Value, rhs: Value) -> SSAValue:
    """Python modulo (the sign of rhs): fmod, plus rhs where it is non-zero and signs differ."""
    element = b.result_element
    rhs = b.tensor(rhs, element)
    rem = fmod(b, lhs, rhs)
    return b.emit(mt.AddOp(rem, b.emit(mt.MulOp(b.cast(off_floor(b, rem, rhs), element), rhs))))


def pow_(b: Emitter, base: Value, exponent: Value) -> SSAValue:
    """base ** exponent (floats only in mlc_tensor)."""
    if not is_float(b.result_element):
        raise Unsupported("integer pow has no mlc_tensor op (pow is float only)")
    return binary(mt.PowOp)(b, base, exponent)


def logical(op: type[mt.ElementwiseBinaryOp]):
    """A logical rule: operands read as bool (x != 0), combined by `op` on i1."""

    def rule(b: Emitter, lhs: Value, rhs: Value) -> SSAValue:
        return b.emit(op(b.tensor(lhs, i1), b.tensor(rhs, i1)))

    return rule


def bitwise(op: type[mt.ElementwiseBinaryOp]):
    """Bitwise and/or/xor: logical on bool tensors; integers have no mlc_tensor op."""

    def rule(b: Emitter, lhs: Value, rhs: Value) -> SSAValue:
        if b.result_element != i1:
            raise Unsupported("integer bitwise ops have no mlc_tensor op (bool only)")
        return logical(op)(b, lhs, rhs)

    return rule


def isnan(b: Emitter, x: SSAValue) -> SSAValue:
    """x != x."""
    return b.emit(mt.NeOp(x, x))


def isinf(b: Emitter, x: SSAValue) -> SSAValue:
    """|x| == inf (false for every integer)."""
    if not is_float(b.element(x)):
        return b.full(False, b.result_type())
    return b.emit(mt.EqOp(b.emit(mt.AbsOp(x)), b.tensor(float("inf"), b.element(x))))


def logical_not(b: Emitter, x: SSAValue) -> SSAValue:
    """x == 0."""
    return b.emit(mt.EqOp(x, b.tensor(0, b.element(x))))


def bitwise_not(b: Emitter, x: SSAValue) -> SSAValue:
    """Bool: not x; integers: ~x == -x - 1 in two's complement."""
    if b.element(x) == i1:
        return logical_not(b, x)
    return b.emit(mt.SubOp(b.emit(mt.NegOp(x)), b.tensor(1, b.element(x))))


def sign(b: Emitter, x: SSAValue) -> SSAValue:
    """(x > 0) - (x < 0)."""
    zero = b.tensor(0, b.element(x))
    positive = b.cast(b.emit(mt.GtOp(x, zero)), b.element(x))
    return b.emit(mt.SubOp(positive, b.cast(b.emit(mt.LtOp(x, zero)), b.element(x))))


def where(b: Emitter, condition: SSAValue, on_true: Value, on_false: Value) -> SSAValue:
    """condition ? on_true : on_false, the branches promoted to the result type."""
    element = b.result_element
    return b.emit(mt.SelectOp(condition, b.tensor(on_true, element), b.tensor(on_false, element)))


def clamp(b: Emitter, x: SSAValue, min: Value | None = None, max: Value | None = None) -> SSAValue:
    """minimum(maximum(x, min), max); NaN in x propagates as in torch."""
    element = b.result_element
    x = b.cast(x, element)
    if min is not None:
        x = b.emit(mt.MaximumOp(x, b.tensor(min, element)))
    if max is not None:
        x = b.emit(mt.MinimumOp(x, b.tensor(max, element)))
    return x


def hardtanh(b: Emitter, x: SSAValue, min_val: Scalar = -1.0, max_val: Scalar = 1.0) -> SSAValue:
    """clamp(x, min_val, max_val)."""
    return clamp(b, x, min_val, max_val)


def leaky_relu(b: Emitter, x: SSAValue, negative_slope: Scalar = 0.01) -> SSAValue:
    """x > 0 ? x : x * negative_slope."""
    element = b.element(x)
    scaled = b.emit(mt.MulOp(x, b.tensor(negative_slope, element)))
    return b.emit(mt.SelectOp(b.emit(mt.GtOp(x, b.tensor(0, element))), x, scaled))


def log1p(b: Emitter, x: SSAValue) -> SSAValue:
    """log(1 + x), exact for tiny x (Goldberg): log(u) * x / (u - 1), u = 1 + x; x where u == 1."""
    x = b.cast(x, b.result_element)
    one = b.tensor(1, b.element(x))
    u = b.emit(mt.AddOp(x, one))
    d = b.emit(mt.SubOp(u, one))
    ratio = b.emit(mt.DivOp(b.emit(mt.MulOp(b.emit(mt.LogOp(u)), x)), d))
    return b.emit(mt.SelectOp(b.emit(mt.EqOp(d, b.tensor(0, b.element(x)))), x, ratio))


def expm1(b: Emitter, x: SSAValue) -> SSAValue:
    """exp(x) - 1, accurate for tiny x (Kahan): (u - 1) * x / log(u), u = exp(x); x where u == 1."""
    x = b.cast(x, b.result_element)
    one = b.tensor(1, b.element(x))
    u = b.emit(mt.ExpOp(x))
    ratio = b.emit(mt.DivOp(b.emit(mt.MulOp(b.emit(mt.SubOp(u, one)), x)), b.emit(mt.LogOp(u))))
    finite = b.emit(mt.SelectOp(b.emit(mt.EqOp(u, b.tensor(float("inf"), b.element(x)))), u, ratio))
    return b.emit(mt.SelectOp(b.emit(mt.EqOp(u, one)), x, finite))


def elu(
    b: Emitter, x: SSAValue, alpha: Scalar = 1.0, scale: Scalar = 1.0, input_scale: Scalar = 1.0
) -> SSAValue:
    """scale * (x if x > 0 else alpha * expm1(x * input_scale)) (elu, selu, celu)."""
    element = b.element(x)
    negative = expm1(b, b.emit(mt.MulOp(x, b.tensor(input_scale, element))))
    negative = b.emit(mt.MulOp(negative, b.tensor(alpha, element)))
    chosen = b.emit(mt.SelectOp(b.emit(mt.GtOp(x, b.tensor(0, element))), x, negative))
    return chosen if scale == 1 else b.emit(mt.MulOp(chosen, b.tensor(scale, element)))


def gelu(b: Emitter, x: SSAValue, approximate: str = "none") -> SSAValue:
    """GELU, exact ('none') or with the tanh approximation."""
    return b.emit(mt.GeluOp(x, approximate))


def to_copy(b: Emitter, x: SSAValue, dtype: torch.dtype | None = None, **_options) -> SSAValue:
    """A dtype conversion (layout, device and memory format do not matter to values)."""
    return x if dtype is None else b.cast(x, element_of(dtype))


def identity(b: Emitter, x: SSAValue, **_options) -> SSAValue:
    """clone, alias: the same values (graphs are functional)."""
    return x


RULES = {
    **{
        overload: unary(op)
        for overload, op in [
            (aten.neg.default, mt.NegOp),
            (aten.abs.default, mt.AbsOp),
            (aten.relu.default, mt.ReluOp),
            (aten.exp.default, mt.ExpOp),
            (aten.log.default, mt.LogOp),
            (aten.sqrt.default, mt.SqrtOp),
            (aten.rsqrt.default, mt.RsqrtOp),
            (aten.tanh.default, mt.TanhOp),
            (aten.erf.default, mt.ErfOp),
            (aten.sigmoid.default, mt.SigmoidOp),
            (aten.sin.default, mt.SinOp),
            (aten.cos.default, mt.CosOp),
            (aten.reciprocal.default, mt.ReciprocalOp),
        ]
    },
    **{
        overload: binary(op)
        for overload, op in [
            (aten.mul.Tensor, mt.MulOp),
            (aten.mul.Scalar, mt.MulOp),
            (aten.maximum.default, mt.MaximumOp),
            (aten.minimum.default, mt.MinimumOp),
        ]
    },
    **{
        overload: compare(op)
        for name, op in [
            ("eq", mt.EqOp), ("ne", mt.NeOp), ("lt", mt.LtOp),
            ("le", mt.LeOp), ("gt", mt.GtOp), ("ge", mt.GeOp),
        ]
        for overload in (getattr(aten, name).Tensor, getattr(aten, name).Scalar)
    },
    aten.add.Tensor: add,
    aten.add.Scalar: add,
    aten.sub.Tensor: sub,
    aten.sub.Scalar: sub,
    aten.div.Tensor: div,
    aten.div.Scalar: div,
    aten.div.Tensor_mode: div,
    aten.div.Scalar_mode: div,
    aten.fmod.Tensor: fmod,
    aten.fmod.Scalar: fmod,
    aten.remainder.Tensor: remainder,
    aten.remainder.Scalar: remainder,
    aten.pow.Tensor_Scalar: pow_,
    aten.pow.Tensor_Tensor: pow_,
    aten.pow.Scalar: pow_,
    aten.logical_and.default: logical(mt.MinimumOp),
    aten.logical_or.default: logical(mt.MaximumOp),
    aten.logical_xor.default: logical(mt.NeOp),
    aten.logical_not.default: logical_not,
    aten.bitwise_and.Tensor: bitwise(mt.MinimumOp),
    aten.bitwise_or.Tensor: bitwise(mt.MaximumOp),
    aten.bitwise_xor.Tensor: bitwise(mt.NeOp),
    aten.bitwise_not.default: bitwise_not,
    aten.sign.default: sign,
    aten.trunc.default: trunc,
    aten.floor.default: rounding("floor"),
    aten.ceil.default: rounding("ceil"),
    aten.round.default: rounding("round"),
    aten.isnan.default: isnan,
    aten.isinf.default: isinf,
    aten.where.self: where,
    aten.clamp.default: clamp,
    aten.clamp.Tensor: clamp,
    aten.hardtanh.default: hardtanh,
    aten.leaky_relu.default: leaky_relu,
    aten.gelu.default: gelu,
    aten.log1p.default: log1p,
    aten.expm1.default: expm1,
    aten.elu.default: elu,
    aten._to_copy.default: to_copy,
    aten.clone.default: identity,
    aten.alias.default: identity,
}
