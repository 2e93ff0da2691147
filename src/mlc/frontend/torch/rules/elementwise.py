"""Rules for elementwise ATen ops: math, arithmetic with type promotion, compares, logic, casts."""

import torch
from xdsl.dialects.builtin import i1
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


def rounding(op: type[mt.ElementwiseUnaryOp]):
    """floor/ceil/round/trunc: `op` on floats; integer tensors are integral already."""

    def rule(b: Emitter, x: SSAValue) -> SSAValue:
        return b.emit(op(x)) if is_float(b.element(x)) else x

    return rule


def off_floor(b: Emitter, remainder: SSAValue, divisor: SSAValue) -> SSAValue:
    """Where a truncated quotient is above the floor: remainder != 0, sign unlike the divisor's."""
    zero = b.tensor(0, b.element(remainder))
    signs_differ = b.emit(mt.NeOp(b.emit(mt.LtOp(remainder, zero)), b.emit(mt.LtOp(divisor, zero))))
    return b.emit(mt.AndOp(b.emit(mt.NeOp(remainder, zero)), signs_differ))


def float_floor_divide(b: Emitter, lhs: SSAValue, rhs: SSAValue, quotient: SSAValue) -> SSAValue:
    """torch's div_floor_floating: floor of the exact quotient, not of the rounded lhs / rhs.

    (lhs - fmod(lhs, rhs)) / rhs is the truncated quotient computed from an exact multiple
    of rhs, moved down by one where fmod's sign differs from rhs's; floor plus a round-up
    above .5 removes the division's rounding error (1 // 0.1 is 9, floor(1 / 0.1) is 10).
    A zero result takes the sign of lhs / rhs, and a zero divisor gives lhs / rhs itself.
    """
    element = b.element(quotient)
    mod = b.emit(mt.RemOp(lhs, rhs))
    exact = b.emit(mt.DivOp(b.emit(mt.SubOp(lhs, mod)), rhs))
    exact = b.emit(mt.SubOp(exact, b.cast(off_floor(b, mod, rhs), element)))
    floor = b.emit(mt.FloorOp(exact))
    above_half = b.emit(mt.GtOp(b.emit(mt.SubOp(exact, floor)), b.tensor(0.5, element)))
    floor = b.emit(mt.AddOp(floor, b.cast(above_half, element)))
    zero = b.tensor(0, element)
    signed_zero = b.emit(mt.MulOp(quotient, zero))
    floor = b.emit(mt.SelectOp(b.emit(mt.EqOp(exact, zero)), signed_zero, floor))
    return b.emit(mt.SelectOp(b.emit(mt.EqOp(rhs, zero)), quotient, floor))


def div(b: Emitter, lhs: Value, rhs: Value, rounding_mode: str | None = None) -> SSAValue:
    """lhs / rhs: true division, or rounded toward zero ('trunc') or down ('floor')."""
    element = b.result_element
    lhs, rhs = b.tensor(lhs, element), b.tensor(rhs, element)
    quotient = b.emit(mt.DivOp(lhs, rhs))
    if rounding_mode is None or (rounding_mode == "trunc" and not is_float(element)):
        return quotient  # integer division truncates
    if rounding_mode == "trunc":
        return b.emit(mt.TruncOp(quotient))
    if is_float(element):
        return float_floor_divide(b, lhs, rhs, quotient)
    remainder = b.emit(mt.RemOp(lhs, rhs))  # pairs with the truncating integer div
    return b.emit(mt.SubOp(quotient, b.cast(off_floor(b, remainder, rhs), element)))


def remainder(b: Emitter, lhs: Value, rhs: Value) -> SSAValue:
    """Python modulo (the sign of rhs): fmod, plus rhs where it is non-zero and signs differ."""
    element = b.result_element
    lhs, rhs = b.tensor(lhs, element), b.tensor(rhs, element)
    rem = b.emit(mt.RemOp(lhs, rhs))
    shifted = b.emit(mt.AddOp(rem, rhs))
    return b.emit(mt.SelectOp(off_floor(b, rem, rhs), shifted, rem))


def pow_(b: Emitter, base: Value, exponent: Value) -> SSAValue:
    """base ** exponent (floats only in mlc_tensor)."""
    if not is_float(b.result_element):
        raise Unsupported("integer pow has no mlc_tensor op (pow is float only)")
    return binary(mt.PowOp)(b, base, exponent)


def logical(op: type[mt.BitwiseOp]):
    """A logical rule: operands read as bool (x != 0), combined by `op` on i1."""

    def rule(b: Emitter, lhs: Value, rhs: Value) -> SSAValue:
        return b.emit(op(b.tensor(lhs, i1), b.tensor(rhs, i1)))

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


def sign(b: Emitter, x: SSAValue) -> SSAValue:
    """-1, 0 or 1; torch's sign of NaN is 0 (mlc_tensor.sign keeps NaN), of a bool the bool."""
    element = b.element(x)
    if element == i1:
        return x
    signs = b.emit(mt.SignOp(x))
    if not is_float(element):
        return signs
    return b.emit(mt.SelectOp(isnan(b, x), b.tensor(0, element), signs))


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


def elu(
    b: Emitter, x: SSAValue, alpha: Scalar = 1.0, scale: Scalar = 1.0, input_scale: Scalar = 1.0
) -> SSAValue:
    """scale * (x if x > 0 else alpha * expm1(x * input_scale)) (elu, selu, celu)."""
    element = b.element(x)
    negative = b.emit(mt.Expm1Op(b.emit(mt.MulOp(x, b.tensor(input_scale, element)))))
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
            (aten.log1p.default, mt.Log1pOp),
            (aten.expm1.default, mt.Expm1Op),
            (aten.asin.default, mt.AsinOp),
            (aten.acos.default, mt.AcosOp),
            (aten.atan.default, mt.AtanOp),
            (aten.erfinv.default, mt.ErfInvOp),
            (aten.bitwise_not.default, mt.NotOp),
        ]
    },
    **{
        overload: binary(op)
        for overload, op in [
            (aten.mul.Tensor, mt.MulOp),
            (aten.mul.Scalar, mt.MulOp),
            (aten.maximum.default, mt.MaximumOp),
            (aten.minimum.default, mt.MinimumOp),
            (aten.fmod.Tensor, mt.RemOp),
            (aten.fmod.Scalar, mt.RemOp),
            (aten.atan2.default, mt.Atan2Op),
        ]
    },
    **{
        overload: binary(op)  # integers and bools (torch rejects float operands itself)
        for overloads, op in [
            ((aten.bitwise_and.Tensor, aten.bitwise_and.Scalar), mt.AndOp),
            ((aten.bitwise_or.Tensor, aten.bitwise_or.Scalar), mt.OrOp),
            ((aten.bitwise_xor.Tensor, aten.bitwise_xor.Scalar), mt.XorOp),
            ((aten.__lshift__.Tensor, aten.__lshift__.Scalar), mt.ShiftLeftOp),
            ((aten.__rshift__.Tensor, aten.__rshift__.Scalar), mt.ShiftRightArithmeticOp),
        ]
        for overload in overloads
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
    aten.remainder.Tensor: remainder,
    aten.remainder.Scalar: remainder,
    aten.remainder.Scalar_Tensor: remainder,
    aten.pow.Tensor_Scalar: pow_,
    aten.pow.Tensor_Tensor: pow_,
    aten.pow.Scalar: pow_,
    aten.logical_and.default: logical(mt.AndOp),
    aten.logical_or.default: logical(mt.OrOp),
    aten.logical_xor.default: logical(mt.XorOp),
    aten.logical_not.default: logical_not,
    aten.sign.default: sign,
    aten.trunc.default: rounding(mt.TruncOp),
    aten.floor.default: rounding(mt.FloorOp),
    aten.ceil.default: rounding(mt.CeilOp),
    aten.round.default: rounding(mt.RoundOp),
    aten.isnan.default: isnan,
    aten.isinf.default: isinf,
    aten.where.self: where,
    aten.clamp.default: clamp,
    aten.clamp.Tensor: clamp,
    aten.hardtanh.default: hardtanh,
    aten.leaky_relu.default: leaky_relu,
    aten.gelu.default: gelu,
    aten.elu.default: elu,
    aten._to_copy.default: to_copy,
    aten.clone.default: identity,
    aten.alias.default: identity,
}
