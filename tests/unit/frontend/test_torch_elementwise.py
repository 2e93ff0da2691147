"""Elementwise ATen rules: each imported, run on the interpreter and compared with eager torch."""

import pytest
import torch
import torch.nn.functional as F
from torch_harness import check_torch, randint, randn

aten = torch.ops.aten
x = randn(3, 4)
y = randn(3, 4)
row = randn(4)
pos = randn(3, 4).abs() + 0.1
ints = randint(20, 3, 4, low=-10)
nonzero_ints = torch.where(ints == 0, 3, ints)
mask = randn(3, 4) > 0
other_mask = randn(3, 4) > 0
specials = torch.tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, -3.7, 3.7, 1e9, -0.2, float("inf"), float("nan")])
halves = (torch.arange(-8, 8) + 0.5).to(torch.float16)
unit = torch.tanh(randn(3, 4))
big = torch.tensor([2**62, -(2**63), -1, 0, 7, -8, 2**31, 1, 5, -5, 1, -1])
amounts = torch.tensor([1, 0, 63, 64, -1, 1, 3, 65, 2, 2, 62, 200])
int32s = torch.tensor([2**31 - 1, -(2**31), -1, 0, 12345, -7], dtype=torch.int32)
# Dividends and divisors whose rounded quotient crosses an integer (1 // 0.1 is 9) or is special.
dividends = torch.tensor([1.0, -1.0, 7.5, -7.5, 0.3, 5.0, -0.0, 3.0, float("inf"), 1.0, -3.0, 0.0])
divisors = torch.tensor([0.1, 0.1, -2.0, -2.0, 0.1, 0.0, 3.0, float("inf"), 2.0, -0.1, 1.5, -1.0])

CASES = [
    ("neg", torch.neg, (x,), aten.neg.default),
    ("abs", torch.abs, (x,), aten.abs.default),
    ("abs_int", torch.abs, (ints,), aten.abs.default),
    ("relu", torch.relu, (x,), aten.relu.default),
    ("exp", torch.exp, (x,), aten.exp.default),
    ("exp_int", torch.exp, (ints,), aten.exp.default),
    ("log", torch.log, (pos,), aten.log.default),
    ("sqrt", torch.sqrt, (pos,), aten.sqrt.default),
    ("rsqrt", torch.rsqrt, (pos,), aten.rsqrt.default),
    ("tanh", torch.tanh, (x,), aten.tanh.default),
    ("erf", torch.erf, (x,), aten.erf.default),
    ("sigmoid", torch.sigmoid, (x,), aten.sigmoid.default),
    ("sin", torch.sin, (x,), aten.sin.default),
    ("cos", torch.cos, (x,), aten.cos.default),
    ("reciprocal", torch.reciprocal, (pos,), aten.reciprocal.default),
    ("gelu", F.gelu, (x,), aten.gelu.default),
    ("gelu_tanh", lambda a: F.gelu(a, approximate="tanh"), (x,), aten.gelu.default),
    ("silu", F.silu, (x,), aten.sigmoid.default),
    ("log1p", torch.log1p, (x * 1e-3,), aten.log1p.default),
    ("log1p_wide", torch.log1p, (pos * 100 - 0.05,), aten.log1p.default),
    ("expm1_wide", torch.expm1, (x * 10,), aten.expm1.default),
    ("asin", torch.asin, (unit,), aten.asin.default),
    ("acos", torch.acos, (unit,), aten.acos.default),
    ("atan", torch.atan, (x * 5,), aten.atan.default),
    ("atan_int", torch.atan, (ints,), aten.atan.default),
    ("erfinv", torch.erfinv, (unit,), aten.erfinv.default),
    ("atan2", torch.atan2, (x, y), aten.atan2.default),
    ("atan2_broadcast_int", torch.atan2, (ints, row), aten.atan2.default),
    ("softplus", torch.nn.functional.softplus, (x * 5,), aten.log1p.default),
    ("expm1", torch.expm1, (x * 1e-3,), aten.expm1.default),
    ("elu", F.elu, (x,), aten.elu.default),
    ("selu", F.selu, (x,), aten.elu.default),
    ("leaky_relu", lambda a: F.leaky_relu(a, 0.2), (x,), aten.leaky_relu.default),
    ("add_broadcast", torch.add, (x, row), aten.add.Tensor),
    ("add_alpha", lambda a, b: torch.add(a, b, alpha=2.5), (x, y), aten.add.Tensor),
    ("add_scalar", lambda a: a + 2, (ints,), aten.add.Tensor),
    ("add_int_float", lambda a, b: a + b, (ints, x), aten.add.Tensor),
    ("sub_alpha", lambda a, b: torch.sub(a, b, alpha=3), (ints, ints.flip(0)), aten.sub.Tensor),
    ("rsub", lambda a: 1 - a, (x,), aten.sub.Tensor),
    ("add_scalar_overload", lambda a: aten.add.Scalar(a, 2, alpha=3), (ints,), aten.add.Scalar),
    ("sub_scalar_overload", lambda a: aten.sub.Scalar(a, 0.5), (x,), aten.sub.Scalar),
    ("mul", torch.mul, (x, y), aten.mul.Tensor),
    ("mul_bool_float", lambda m, a: m * a, (mask, x), aten.mul.Tensor),
    ("div", torch.div, (x, pos), aten.div.Tensor),
    ("div_int_true", lambda a, b: a / b, (ints, nonzero_ints.flip(1)), aten.div.Tensor),
    ("div_trunc", lambda a, b: torch.div(a, b, rounding_mode="trunc"), (x * 9, pos), aten.div.Tensor_mode),
    ("div_floor", lambda a, b: torch.div(a, b, rounding_mode="floor"), (x * 9, pos), aten.div.Tensor_mode),
    ("div_floor_int", lambda a, b: a // b, (ints, nonzero_ints.flip(0)), aten.div.Tensor_mode),
    ("div_trunc_int", lambda a, b: torch.div(a, b, rounding_mode="trunc"), (ints, nonzero_ints.flip(0)), aten.div.Tensor_mode),
    ("div_scalar_overload", lambda a: aten.div.Scalar(a, 3), (ints,), aten.div.Scalar),
    ("div_scalar_mode", lambda a: aten.div.Scalar_mode(a, 3, rounding_mode="floor"), (ints,), aten.div.Scalar_mode),
    ("fmod_scalar", lambda a: aten.fmod.Scalar(a, 0.3), (x,), aten.fmod.Scalar),
    ("fmod", torch.fmod, (x * 5, pos), aten.fmod.Tensor),
    ("fmod_int", torch.fmod, (ints, nonzero_ints.flip(0)), aten.fmod.Tensor),
    ("remainder", torch.remainder, (x * 5, -pos), aten.remainder.Tensor),
    ("remainder_int", lambda a: a % 3, (ints,), aten.remainder.Scalar),
    ("remainder_int_tensor", torch.remainder, (ints, nonzero_ints.flip(0)), aten.remainder.Tensor),
    ("remainder_specials", torch.remainder, (dividends, divisors), aten.remainder.Tensor),
    ("remainder_scalar_self", lambda a: torch.remainder(5, a), (nonzero_ints,), aten.remainder.Scalar_Tensor),
    ("fmod_specials", torch.fmod, (dividends, divisors), aten.fmod.Tensor),
    ("div_floor_specials", lambda a, b: torch.div(a, b, rounding_mode="floor"), (dividends, divisors), aten.div.Tensor_mode),
    ("div_trunc_specials", lambda a, b: torch.div(a, b, rounding_mode="trunc"), (dividends, divisors), aten.div.Tensor_mode),
    ("pow_scalar", lambda a: a**3.0, (x,), aten.pow.Tensor_Scalar),
    ("pow_tensor", torch.pow, (pos, y), aten.pow.Tensor_Tensor),
    ("pow_scalar_base", lambda a: 2.0**a, (x,), aten.pow.Scalar),
    ("maximum", torch.maximum, (x, y), aten.maximum.default),
    ("minimum", torch.minimum, (ints, ints.flip(1)), aten.minimum.default),
    ("eq", lambda a, b: a == b, (ints, ints.flip(0)), aten.eq.Tensor),
    ("ne_scalar", lambda a: a != 1, (ints,), aten.ne.Scalar),
    ("lt", torch.lt, (x, y), aten.lt.Tensor),
    ("lt_scalar", lambda a: a < 0.5, (x,), aten.lt.Scalar),
    ("le_tensor", torch.le, (ints, ints.flip(0)), aten.le.Tensor),
    ("ge_tensor", torch.ge, (x, row), aten.ge.Tensor),
    ("ne_tensor", torch.ne, (mask, other_mask), aten.ne.Tensor),
    ("le_int_float", lambda a: a <= 0.5, (ints,), aten.le.Scalar),
    ("gt", torch.gt, (x, row), aten.gt.Tensor),
    ("ge", lambda a: a >= 0, (x,), aten.ge.Scalar),
    ("logical_and", torch.logical_and, (mask, x), aten.logical_and.default),
    ("logical_or", torch.logical_or, (mask, other_mask), aten.logical_or.default),
    ("logical_xor", torch.logical_xor, (ints, mask), aten.logical_xor.default),
    ("logical_not", torch.logical_not, (x,), aten.logical_not.default),
    ("bitwise_and_bool", lambda a, b: a & b, (mask, other_mask), aten.bitwise_and.Tensor),
    ("bitwise_or_bool", lambda a, b: a | b, (mask, other_mask), aten.bitwise_or.Tensor),
    ("bitwise_xor_bool", lambda a, b: a ^ b, (mask, other_mask), aten.bitwise_xor.Tensor),
    ("bitwise_not_bool", lambda m: ~m, (mask,), aten.bitwise_not.default),
    ("bitwise_not_int", lambda a: ~a, (big,), aten.bitwise_not.default),
    ("bitwise_and_int", lambda a, b: a & b, (big, amounts), aten.bitwise_and.Tensor),
    ("bitwise_or_int32", lambda a: a | 6, (int32s,), aten.bitwise_or.Scalar),
    ("bitwise_xor_int_bool", lambda a, m: a ^ m, (ints, mask), aten.bitwise_xor.Tensor),
    ("bitwise_and_scalar", lambda a: a & -4, (big,), aten.bitwise_and.Scalar),
    ("lshift", lambda a, b: a << b, (big, amounts), aten.__lshift__.Tensor),
    ("rshift", lambda a, b: a >> b, (big, amounts), aten.__rshift__.Tensor),
    ("lshift_scalar_int32", lambda a: a << 3, (int32s,), aten.__lshift__.Scalar),
    ("rshift_scalar", lambda a: a >> 2, (big,), aten.__rshift__.Scalar),
    ("sign", torch.sign, (ints,), aten.sign.default),
    ("sign_specials", torch.sign, (specials,), aten.sign.default),
    ("sign_bool", torch.sign, (mask,), aten.sign.default),
    ("trunc", torch.trunc, (specials,), aten.trunc.default),
    ("floor", torch.floor, (specials,), aten.floor.default),
    ("ceil", torch.ceil, (specials,), aten.ceil.default),
    ("round_half_even", torch.round, (specials,), aten.round.default),
    ("round_half", torch.round, (halves,), aten.round.default),
    ("floor_int", torch.floor, (ints,), None),
    ("ceil_half", torch.ceil, (halves,), aten.ceil.default),
    ("isnan", torch.isnan, (specials,), aten.isnan.default),
    ("isinf", torch.isinf, (specials,), aten.isinf.default),
    ("where", torch.where, (mask, x, y), aten.where.self),
    ("where_scalar", lambda m, a: torch.where(m, a, 0.0), (mask, x), aten.where.self),
    ("clamp", lambda a: a.clamp(-0.5, 0.5), (x,), aten.clamp.default),
    ("clamp_min", lambda a: a.clamp(min=0), (ints,), aten.clamp.default),
    ("clamp_tensor", torch.clamp, (x, row, row + 1), aten.clamp.Tensor),
    ("hardtanh", lambda a: F.hardtanh(a, -0.3, 0.7), (x,), aten.hardtanh.default),
    ("relu6", F.relu6, (x,), aten.hardtanh.default),
    ("to_int", lambda a: a.to(torch.int32), (x * 4,), aten._to_copy.default),
    ("to_half", lambda a: a.half(), (x,), aten._to_copy.default),
    ("to_bool", lambda a: a.bool(), (ints,), aten._to_copy.default),
    ("clone", lambda a: a.clone() + 1, (x,), aten.clone.default),
    ("alias", lambda a: aten.alias.default(a) + 1, (x,), aten.alias.default),
]


@pytest.mark.parametrize("fn, args, overload", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_elementwise_rule_matches_eager(fn, args, overload):
    check_torch(fn, *args, overload=overload)
