"""The interpreter's mlc_tensor elementwise semantics against independent references.

References are computed another way than the interpreter does: the `math` module element by
element in f64, explicit index loops for broadcasting, Python integers with explicit two's
complement wrapping, bit manipulation for rounding, or hand-computed values.
"""

import itertools
import math
import struct

import ml_dtypes
import numpy as np
import pytest

from mlc.dialects.mlc_tensor import elementwise
from mlc.ir.context import parse_module
from mlc.runtime.interpreter import run_function
from mlc.runtime.interpreter.mlc_tensor import FUNCTIONS

BF16 = np.dtype(ml_dtypes.bfloat16)
ELEMENT = {
    np.dtype(np.float32): "f32",
    np.dtype(np.float16): "f16",
    BF16: "bf16",
    np.dtype(np.bool_): "i1",
    np.dtype(np.int8): "i8",
    np.dtype(np.int32): "i32",
    np.dtype(np.int64): "i64",
}


def tensor(shape: tuple[int, ...], dtype) -> str:
    """The tensor type text for a shape and numpy dtype."""
    return "tensor<" + "".join(f"{d}x" for d in shape) + ELEMENT[np.dtype(dtype)] + ">"


def run(op: str, inputs: list[np.ndarray], result_shape, result_dtype, attrs: str = "") -> np.ndarray:
    """Run `%r = mlc_tensor.<op> %a, %b, ... {attrs}` on `inputs` and return %r."""
    arg_types = [tensor(x.shape, x.dtype) for x in inputs]
    names = [f"%a{i}" for i in range(len(inputs))]
    result_type = tensor(tuple(result_shape), result_dtype)
    text = (
        f"func.func @main({', '.join(f'{n}: {t}' for n, t in zip(names, arg_types))}) -> {result_type} {{\n"
        f"  %r = mlc_tensor.{op} {', '.join(names)} {attrs} : {', '.join(arg_types)} -> {result_type}\n"
        f"  func.return %r : {result_type}\n}}"
    )
    module = parse_module(text)
    module.verify()
    (result,) = run_function(module, inputs)
    assert result.dtype == np.dtype(result_dtype) and result.shape == tuple(result_shape)
    return result


def reference(function, *arrays: np.ndarray, dtype) -> np.ndarray:
    """`function` of Python floats/ints element by element over the broadcast index space."""
    shape = np.broadcast_shapes(*(a.shape for a in arrays))
    out = np.empty(shape, dtype=object)
    for index in itertools.product(*(range(d) for d in shape)):
        args = []
        for a in arrays:
            # Index each operand by hand: aligned from the right, size-1 dimensions pinned to 0.
            own = index[len(shape) - a.ndim :]
            args.append(a[tuple(i if d != 1 else 0 for i, d in zip(own, a.shape))].item())
        out[index] = function(*args)
    return out.astype(np.float64).astype(dtype) if np.dtype(dtype).kind in "fV" else out.astype(dtype)


def ulps(dtype) -> float:
    """Relative tolerance of one unit in the last place of `dtype`."""
    return {np.dtype(np.float32): 2.0**-23, np.dtype(np.float16): 2.0**-10, BF16: 2.0**-7}[np.dtype(dtype)]


def assert_close(actual: np.ndarray, expected: np.ndarray, ulp: float = 2.0) -> None:
    """Equal up to `ulp` units in the last place of the result dtype (NaN where NaN)."""
    tolerance = ulp * ulps(actual.dtype)
    np.testing.assert_allclose(
        actual.astype(np.float64), expected.astype(np.float64), rtol=tolerance, atol=tolerance * 1e-30
    )


FLOATS = [np.float32, np.float16, BF16]
RNG = np.random.default_rng(0)
X = np.linspace(-4, 4, 37)


def sigmoid(x: float) -> float:
    """Logistic function without overflow."""
    return 1 / (1 + math.exp(-x)) if x >= 0 else math.exp(x) / (1 + math.exp(x))


UNARY_FLOAT = {
    "exp": (math.exp, X),
    "log": (math.log, np.linspace(0.05, 9, 31)),
    "sqrt": (math.sqrt, np.linspace(0, 9, 31)),
    "rsqrt": (lambda x: 1 / math.sqrt(x), np.linspace(0.05, 9, 31)),
    "tanh": (math.tanh, X),
    "erf": (math.erf, np.linspace(-6, 6, 97)),
    "sigmoid": (sigmoid, np.linspace(-30, 30, 61)),
    "silu": (lambda x: x * sigmoid(x), X),
    "sin": (math.sin, X),
    "cos": (math.cos, X),
    "reciprocal": (lambda x: 1 / x, np.linspace(0.25, 4, 16) * np.array([1, -1] * 8)),
    "neg": (lambda x: -x, X),
    "abs": (abs, X),
    "relu": (lambda x: max(x, 0.0), X),
    "floor": (math.floor, X * 1.3),
    "ceil": (math.ceil, X * 1.3),
    "round": (round, np.linspace(-4, 4, 33)),  # Python's round is half to even; 33 points hit .5s
    "trunc": (math.trunc, X * 1.3),
    "sign": (lambda x: (x > 0) - (x < 0), np.linspace(-2, 2, 9)),
    "erf_inv": (lambda y: erf_inv_reference(y), np.linspace(-0.995, 0.995, 41)),
    "asin": (math.asin, np.linspace(-1, 1, 21)),
    "acos": (math.acos, np.linspace(-1, 1, 21)),
    "atan": (math.atan, X * 3),
    "log1p": (math.log1p, np.concatenate([np.linspace(-0.9, 4, 30), [1e-6, -3e-7, 2e-20]])),
    "expm1": (math.expm1, np.concatenate([X, [1e-6, -3e-7, 2e-20]])),
}


def erf_inv_reference(y: float) -> float:
    """The z with math.erf(z) == y, by bisection on [-6, 6] in f64."""
    low, high = -6.0, 6.0
    for _ in range(200):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        low, high = (middle, high) if math.erf(middle) < y else (low, middle)
    return (low + high) / 2


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f16", "bf16"])
@pytest.mark.parametrize("name", UNARY_FLOAT)
def test_unary_float(name, dtype):
    function, values = UNARY_FLOAT[name]
    x = values.astype(dtype).reshape(1, -1)
    # The reference sees the same (rounded) inputs, evaluated in f64 and rounded once.
    expected = reference(function, x.astype(np.float64), dtype=dtype)
    assert_close(run(name, [x], x.shape, dtype), expected)


GELU = {
    "none": lambda x: 0.5 * x * (1 + math.erf(x / math.sqrt(2))),
    "tanh": lambda x: 0.5 * x * (1 + math.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x**3))),
}


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f16", "bf16"])
@pytest.mark.parametrize("approximate", GELU)
def test_gelu(approximate, dtype):
    x = np.linspace(-5, 5, 41).astype(dtype)
    expected = reference(GELU[approximate], x.astype(np.float64), dtype=dtype)
    got = run("gelu", [x], x.shape, dtype, f'{{approximate = "{approximate}"}}')
    # Near gelu's zero crossing the f32 intermediate cancels; compare absolutely there.
    np.testing.assert_allclose(got.astype(np.float64), expected.astype(np.float64), rtol=2 * ulps(dtype), atol=1e-6)


def test_gelu_forms_differ():
    x = np.array([-1.5, 0.7], np.float32)
    assert not np.array_equal(run("gelu", [x], x.shape, np.float32), run("gelu", [x], x.shape, np.float32, '{approximate = "tanh"}'))


def test_unary_special_values():
    x = np.array([0.0, -0.0, -1.0, np.inf, -np.inf, np.nan], np.float32)
    log = run("log", [x], x.shape, np.float32)
    np.testing.assert_array_equal(log, [-np.inf, -np.inf, np.nan, np.inf, np.nan, np.nan])
    np.testing.assert_array_equal(run("reciprocal", [x], x.shape, np.float32), [np.inf, -np.inf, -1, 0, -0.0, np.nan])
    np.testing.assert_array_equal(run("relu", [x], x.shape, np.float32), [0, 0, 0, np.inf, 0, np.nan])
    np.testing.assert_array_equal(run("erf", [x], x.shape, np.float32), np.array([0, 0, math.erf(-1.0), 1, -1, np.nan], np.float32))
    assert_close(run("sigmoid", [x], x.shape, np.float32), np.array([0.5, 0.5, sigmoid(-1.0), 1, 0, np.nan]))
    # Far tails do not overflow into NaN; sigmoid(-100) is a subnormal f32.
    tails = run("sigmoid", [np.array([-100.0, 100.0], np.float32)], (2,), np.float32)
    np.testing.assert_allclose(tails, [sigmoid(-100.0), 1.0], rtol=0, atol=2**-149)
    assert tails[0] > 0


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64])
def test_integer_unary_wraps(dtype):
    info = np.iinfo(dtype)
    x = np.array([info.min, info.min + 1, -5, 0, 7, info.max], dtype)
    bits = info.bits
    np.testing.assert_array_equal(run("neg", [x], x.shape, dtype), [wrap(-int(v), bits) for v in x])
    np.testing.assert_array_equal(run("abs", [x], x.shape, dtype), [wrap(abs(int(v)), bits) for v in x])
    np.testing.assert_array_equal(run("relu", [x], x.shape, dtype), [max(int(v), 0) for v in x])
    assert run("neg", [x], x.shape, dtype)[0] == info.min  # -(-128) wraps to -128 in i8


def wrap(value: int, bits: int) -> int:
    """Two's complement wrap of a Python int to `bits` bits."""
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def trunc_div(a: int, b: int, bits: int) -> int:
    """C-style truncating integer division, x / 0 = -1, wrapped to `bits`."""
    if b == 0:
        return -1
    quotient = abs(a) // abs(b)
    return wrap(quotient if (a < 0) == (b < 0) else -quotient, bits)


# ---- binary ------------------------------------------------------------------------------------

SHAPES = [
    ((2, 3), (2, 3)),  # no broadcasting
    ((2, 3), (3,)),  # rhs broadcasts
    ((3,), (2, 3)),  # lhs broadcasts
    ((2, 1), (1, 3)),  # both broadcast
    ((), (2, 3)),  # rank-0 lhs
    ((2, 3), ()),  # rank-0 rhs
    ((2, 1, 4), (3, 1)),  # size-1 dimension in the middle
    ((0, 3), (1, 3)),  # empty
]

BINARY_FLOAT = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: abs(a) ** b,
    "maximum": max,
    "minimum": min,
}


@pytest.mark.parametrize("shapes", SHAPES, ids=str)
@pytest.mark.parametrize("name", BINARY_FLOAT)
def test_binary_float_broadcasting(name, shapes):
    a = RNG.uniform(0.5, 3, shapes[0]).astype(np.float32)
    b = RNG.uniform(-3, 3, shapes[1]).astype(np.float32)
    if name == "pow":
        a = np.abs(a)
    expected = reference(BINARY_FLOAT[name], a, b, dtype=np.float32)
    assert_close(run(name, [a, b], expected.shape, np.float32), expected)


@pytest.mark.parametrize("dtype", [np.float16, BF16], ids=["f16", "bf16"])
@pytest.mark.parametrize("name", ["add", "sub", "mul", "div"])
def test_narrow_float_arithmetic_rounds_once(name, dtype):
    """f16/bf16 results equal the exactly rounded f64 result (f32 then f16/bf16 rounds correctly)."""
    a = RNG.uniform(-4, 4, (64,)).astype(dtype)
    b = RNG.uniform(0.5, 4, (64,)).astype(dtype)
    expected = reference(BINARY_FLOAT[name], a.astype(np.float64), b.astype(np.float64), dtype=dtype)
    np.testing.assert_array_equal(run(name, [a, b], (64,), dtype).view(np.uint16), expected.view(np.uint16))


def test_narrow_float_intermediate_is_f32():
    """bf16 silu rounds once: rounding sigmoid(x) to bf16 first would give -0.00274658203125."""
    x = np.array([-7.96875], BF16)
    once = ml_dtypes.bfloat16(-7.96875 * sigmoid(-7.96875))
    assert float(once) == -0.0027618408203125
    assert run("silu", [x], (1,), BF16)[0] == once


def test_maximum_minimum_propagate_nan():
    a = np.array([np.nan, 1.0, -0.5], np.float32)
    b = np.array([2.0, np.nan, 0.5], np.float32)
    np.testing.assert_array_equal(run("maximum", [a, b], (3,), np.float32), [np.nan, np.nan, 0.5])
    np.testing.assert_array_equal(run("minimum", [a, b], (3,), np.float32), [np.nan, np.nan, -0.5])


def test_float_division_by_zero():
    a = np.array([1.0, -1.0, 0.0], np.float32)
    np.testing.assert_array_equal(run("div", [a, np.zeros(3, np.float32)], (3,), np.float32), [np.inf, -np.inf, np.nan])


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64])
def test_integer_arithmetic_wraps(dtype):
    info = np.iinfo(dtype)
    bits = info.bits
    a = np.array([info.max, info.min, info.max, 12345 % info.max, -7], dtype)
    b = np.array([1, -1, info.max, 3, 2], dtype)
    for name, function in [("add", int.__add__), ("sub", int.__sub__), ("mul", int.__mul__)]:
        expected = [wrap(function(int(x), int(y)), bits) for x, y in zip(a, b)]
        np.testing.assert_array_equal(run(name, [a, b], a.shape, dtype), expected)


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64])
def test_integer_division_truncates(dtype):
    info = np.iinfo(dtype)
    pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (6, 3), (-6, 3), (0, -5), (5, 0), (-5, 0), (0, 0),
             (info.min, -1), (info.min, 1), (info.max, -1), (1, info.min)]  # fmt: skip
    a = np.array([p[0] for p in pairs], dtype)
    b = np.array([p[1] for p in pairs], dtype)
    expected = [trunc_div(x, y, info.bits) for x, y in pairs]
    np.testing.assert_array_equal(run("div", [a, b], a.shape, dtype), expected)
    assert expected[:4] == [3, -3, -3, 3] and expected[7:10] == [-1, -1, -1] and expected[10] == info.min


def test_integer_division_broadcasts():
    a = np.array([[-9], [9]], np.int32)
    b = np.array([2, -4, 0], np.int32)
    np.testing.assert_array_equal(run("div", [a, b], (2, 3), np.int32), [[-4, 2, -1], [4, -2, -1]])


def test_integer_and_i1_maximum_minimum():
    a = np.array([-128, 5, 0], np.int8)
    b = np.array([127, -5, 0], np.int8)
    np.testing.assert_array_equal(run("maximum", [a, b], (3,), np.int8), [127, 5, 0])
    np.testing.assert_array_equal(run("minimum", [a, b], (3,), np.int8), [-128, -5, 0])
    p = np.array([True, True, False, False])
    q = np.array([True, False, True, False])
    np.testing.assert_array_equal(run("maximum", [p, q], (4,), np.bool_), [True, True, True, False])
    np.testing.assert_array_equal(run("minimum", [p, q], (4,), np.bool_), [True, False, False, False])


# ---- compare -----------------------------------------------------------------------------------

COMPARE = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}


@pytest.mark.parametrize("dtype", [np.float32, np.float16, BF16, np.int8, np.int32, np.int64, np.bool_], ids=str)
@pytest.mark.parametrize("name", COMPARE)
def test_compare(name, dtype):
    a = np.array([[-2], [0], [1]]).astype(dtype)
    b = np.array([-2, 1, 0, -1]).astype(dtype)
    expected = reference(COMPARE[name], a, b, dtype=np.bool_)
    np.testing.assert_array_equal(run(name, [a, b], (3, 4), np.bool_), expected)


def test_compare_nan_and_signed():
    a = np.array([np.nan, np.nan, 1.0], np.float32)
    b = np.array([np.nan, 1.0, 1.0], np.float32)
    np.testing.assert_array_equal(run("eq", [a, b], (3,), np.bool_), [False, False, True])
    np.testing.assert_array_equal(run("ne", [a, b], (3,), np.bool_), [True, True, False])
    for name in ("lt", "le", "gt", "ge"):
        assert not run(name, [a, b], (3,), np.bool_)[:2].any()
    # Signless integers compare as signed: -1 (0xFF) < 1.
    assert run("lt", [np.array([-1], np.int8), np.array([1], np.int8)], (1,), np.bool_)[0]


# ---- select ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shapes",
    [((2, 3), (2, 3), (2, 3)), ((2, 1), (3,), (2, 3)), ((3,), (2, 1), (1, 3)), ((), (2, 3), (3,)), ((2, 1, 1), (3, 1), (4,))],
    ids=str,
)
@pytest.mark.parametrize("dtype", [np.float32, BF16, np.int8, np.bool_], ids=str)
def test_select_broadcasts_three_ways(shapes, dtype):
    condition = RNG.random(shapes[0]) < 0.5
    on_true = RNG.integers(-50, 50, shapes[1]).astype(dtype)
    on_false = RNG.integers(-50, 50, shapes[2]).astype(dtype)
    expected = reference(lambda c, x, y: x if c else y, condition, on_true, on_false, dtype=dtype)
    got = run("select", [condition, on_true, on_false], expected.shape, dtype)
    np.testing.assert_array_equal(got, expected)


# ---- cast --------------------------------------------------------------------------------------


def test_cast_float_to_int_truncates_and_saturates():
    x = np.array([1.9, -1.9, -0.5, 300.0, -300.0, np.nan, np.inf, -np.inf, 127.5, -128.7], np.float32)
    np.testing.assert_array_equal(run("cast", [x], x.shape, np.int8), [1, -1, 0, 127, -128, 0, 127, -128, 127, -128])
    y = np.array([3e9, -3e9, 2147483520.0, -2147483648.0, np.nan], np.float32)
    np.testing.assert_array_equal(run("cast", [y], y.shape, np.int32), [2**31 - 1, -(2**31), 2147483520, -(2**31), 0])
    z = np.array([2.0**63, -(2.0**63), 9.3e18, -9.3e18, 2.0**62], np.float32)
    np.testing.assert_array_equal(run("cast", [z], z.shape, np.int64), [2**63 - 1, -(2**63), 2**63 - 1, -(2**63), 2**62])
    h = np.array([-2.75, 65504, np.nan], np.float16)
    np.testing.assert_array_equal(run("cast", [h], h.shape, np.int32), [-2, 65504, 0])
    b = np.array([-2.75, 3e38, 200], BF16)
    np.testing.assert_array_equal(run("cast", [b], b.shape, np.int8), [-2, 127, 127])


def test_cast_int_to_int_wraps():
    x = np.array([300, -129, 128, -1, 2**31 - 1], np.int32)
    np.testing.assert_array_equal(run("cast", [x], x.shape, np.int8), [wrap(int(v), 8) for v in x])
    np.testing.assert_array_equal(run("cast", [x], x.shape, np.int8), [44, 127, -128, -1, -1])
    big = np.array([2**40 + 5, -(2**40) - 5], np.int64)
    np.testing.assert_array_equal(run("cast", [big], big.shape, np.int32), [5, -5])
    np.testing.assert_array_equal(run("cast", [np.array([-1, -128], np.int8)], (2,), np.int64), [-1, -128])


@pytest.mark.parametrize(
    "x",
    [
        np.array([0.0, -0.0, 0.5, -1e-30, np.nan, np.inf], np.float32),
        np.array([0.0, -0.0, 0.5, np.nan], np.float16),
        np.array([0.0, 1e-30, np.nan], BF16),
        np.array([0, 2, -1, -128], np.int8),
        np.array([0, 256, -(2**31)], np.int32),
        np.array([0, 2**40], np.int64),
    ],
    ids=str,
)
def test_cast_to_i1_is_nonzero(x):
    expected = [v != 0 for v in x.astype(np.float64)] if x.dtype.kind in "fV" else [int(v) != 0 for v in x]
    np.testing.assert_array_equal(run("cast", [x], x.shape, np.bool_), expected)


@pytest.mark.parametrize("dtype", [np.float32, np.float16, BF16, np.int8, np.int32, np.int64], ids=str)
def test_cast_from_i1_is_zero_or_one(dtype):
    x = np.array([[True, False], [False, True]])
    np.testing.assert_array_equal(run("cast", [x], x.shape, dtype).astype(np.float64), [[1, 0], [0, 1]])


def f32_to_bf16_bits(value: float) -> int:
    """Round an f32 to bf16 by hand on its bit pattern: nearest, ties to even."""
    bits = struct.unpack("<I", struct.pack("<f", value))[0]
    upper, lower = bits >> 16, bits & 0xFFFF
    if lower > 0x8000 or (lower == 0x8000 and upper & 1):
        upper += 1
    return upper


def test_cast_f32_to_bf16_rounds_to_nearest_even():
    ties = np.array([1 + 2**-8, 1 + 3 * 2**-8, -(1 + 2**-8), 1 + 2**-8 + 2**-20], np.float32)
    got = run("cast", [ties], ties.shape, BF16)
    np.testing.assert_array_equal(got.astype(np.float64), [1.0, 1 + 2**-6, -1.0, 1 + 2**-7])
    x = RNG.standard_normal(256).astype(np.float32) * np.float32(1000)
    expected = [f32_to_bf16_bits(float(v)) for v in x]
    np.testing.assert_array_equal(run("cast", [x], x.shape, BF16).view(np.uint16), expected)


def test_cast_f32_to_f16_rounds_to_nearest_even():
    x = np.array([1 + 2**-11, 1 + 3 * 2**-11, 65519.0, 65520.0, 1e-8, 2**-25 * 3], np.float32)
    got = run("cast", [x], x.shape, np.float16)
    np.testing.assert_array_equal(got.astype(np.float64), [1.0, 1 + 2**-9, 65504.0, np.inf, 0.0, 2**-24 * 2])


def test_cast_between_narrow_floats_and_to_f32():
    h = np.array([1 + 2**-10, 65504.0, -2.0**-24], np.float16)
    # f16 -> bf16: 1 + 2^-10 is below bf16's half ulp (2^-8), 65504 rounds up to 65536.
    np.testing.assert_array_equal(run("cast", [h], h.shape, BF16).astype(np.float64), [1.0, 65536.0, -(2.0**-24)])
    b = np.array([1e5, 1.0078125], BF16)
    np.testing.assert_array_equal(run("cast", [b], b.shape, np.float16).astype(np.float64), [np.inf, 1.0078125])
    np.testing.assert_array_equal(run("cast", [b], b.shape, np.float32), b.astype(np.float64))


def test_cast_int_to_float_rounds_to_nearest_even():
    x = np.array([16777217, 16777219, -(2**31)], np.int32)
    np.testing.assert_array_equal(run("cast", [x], x.shape, np.float32), [16777216, 16777220, -(2.0**31)])
    y = np.array([2049, 2051, 70000], np.int32)
    np.testing.assert_array_equal(run("cast", [y], y.shape, np.float16).astype(np.float64), [2048, 2052, np.inf])
    z = np.array([257, 259, -(2**40) - 1], np.int64)
    np.testing.assert_array_equal(run("cast", [z], z.shape, BF16).astype(np.float64), [256, 260, -(2.0**40)])


# ---- completeness ------------------------------------------------------------------------------


def test_every_elementwise_op_has_an_implementation():
    implemented = {op for functions in FUNCTIONS for op, _ in functions._impls()}
    missing = [op.name for op in elementwise.OPS if op not in implemented]
    assert not missing


@pytest.mark.parametrize("op", [op for op in elementwise.OPS if op.name.removeprefix("mlc_tensor.") in UNARY_FLOAT or op.name == "mlc_tensor.gelu"], ids=lambda op: op.name)
@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f16", "bf16"])
def test_rank0_results_are_arrays_of_the_result_dtype(op, dtype):
    got = run(op.name.removeprefix("mlc_tensor."), [np.array(0.5, dtype)], (), dtype)
    assert isinstance(got, np.ndarray) and got.shape == ()


# ---- rounding, sign, inverse functions: special values ---------------------------------------


def test_round_halfway_cases_go_to_even():
    x = np.array([0.5, 1.5, 2.5, -0.5, -2.5, 0.49999997, 8388609.0, -3.5], np.float32)
    got = run("round", [x], x.shape, np.float32)
    np.testing.assert_array_equal(got, [0, 2, 2, -0.0, -2, 0, 8388609, -4])
    assert np.signbit(got[3])
    np.testing.assert_array_equal(run("trunc", [x], x.shape, np.float32), [0, 1, 2, -0.0, -2, 0, 8388609, -3])
    np.testing.assert_array_equal(run("floor", [x], x.shape, np.float32), [0, 1, 2, -1, -3, 0, 8388609, -4])
    np.testing.assert_array_equal(run("ceil", [x], x.shape, np.float32), [1, 2, 3, -0.0, -2, 1, 8388609, -3])


def test_sign_keeps_signed_zero_and_nan():
    x = np.array([-0.0, 0.0, np.nan, np.inf, -np.inf, -1e-40], np.float32)
    got = run("sign", [x], x.shape, np.float32)
    np.testing.assert_array_equal(got, [-0.0, 0.0, np.nan, 1, -1, -1])
    assert np.signbit(got[0]) and not np.signbit(got[1])


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64])
def test_sign_of_integers(dtype):
    info = np.iinfo(dtype)
    x = np.array([info.min, -3, 0, 1, info.max], dtype)
    np.testing.assert_array_equal(run("sign", [x], x.shape, dtype), [-1, -1, 0, 1, 1])


def test_inverse_functions_at_and_beyond_their_domain():
    y = np.array([1.0, -1.0, 1.5, -1.0000001, np.nan, 0.0, -0.0], np.float32)
    got = run("erf_inv", [y], y.shape, np.float32)
    np.testing.assert_array_equal(got, [np.inf, -np.inf, np.nan, np.nan, np.nan, 0.0, -0.0])
    # Next to 1 (the largest f32 below it) erf_inv stays accurate.
    edge = np.array([1 - 2**-24, -(1 - 2**-24), 1e-30], np.float32)
    expected = [erf_inv_reference(float(v)) for v in edge[:2]] + [math.sqrt(math.pi) / 2 * 1e-30]
    assert_close(run("erf_inv", [edge], edge.shape, np.float32), np.array(expected))
    z = np.array([1.5, -1.5, np.inf], np.float32)
    np.testing.assert_array_equal(run("asin", [z], z.shape, np.float32), [np.nan, np.nan, np.nan])
    np.testing.assert_array_equal(run("acos", [z], z.shape, np.float32), [np.nan, np.nan, np.nan])
    assert_close(run("atan", [z], z.shape, np.float32), np.array([math.atan(1.5), -math.atan(1.5), math.pi / 2]))
    w = np.array([-1.0, -2.0, np.inf, -np.inf, 100.0], np.float32)
    np.testing.assert_array_equal(run("log1p", [w[:3]], (3,), np.float32), [-np.inf, np.nan, np.inf])
    np.testing.assert_array_equal(run("expm1", [w[2:]], (3,), np.float32), [np.inf, -1.0, np.inf])


# ---- bitwise -----------------------------------------------------------------------------------


def test_not_is_complement_and_logical_not():
    for dtype in (np.int8, np.int32, np.int64):
        info = np.iinfo(dtype)
        x = np.array([info.min, -1, 0, 5, info.max], dtype)
        np.testing.assert_array_equal(run("not", [x], x.shape, dtype), [wrap(~int(v), info.bits) for v in x])
    p = np.array([True, False])
    np.testing.assert_array_equal(run("not", [p], (2,), np.bool_), [False, True])


BITWISE = {"and": int.__and__, "or": int.__or__, "xor": int.__xor__}


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.bool_], ids=str)
@pytest.mark.parametrize("name", BITWISE)
def test_bitwise_binary(name, dtype):
    if dtype == np.bool_:
        a, b = np.array([[True], [False]]), np.array([True, False, True])
    else:
        info = np.iinfo(dtype)
        a = np.array([[info.min], [-1], [0x55], [info.max]], dtype)
        b = np.array([info.min, -2, 0x0F, 0], dtype)
    expected = reference(lambda x, y: BITWISE[name](int(x), int(y)), a, b, dtype=np.int64)
    got = run(name, [a, b], expected.shape, dtype)
    np.testing.assert_array_equal(got.astype(np.int64), expected)


def shift_reference(a: int, s: int, bits: int, direction: str) -> int:
    """Shift a `bits`-bit two's complement a by s, amounts read unsigned (out of range = all out)."""
    if not 0 <= s < bits:
        return -1 if direction == "arithmetic" and a < 0 else 0
    if direction == "left":
        return wrap(a << s, bits)
    if direction == "arithmetic":
        return a >> s  # Python's >> on ints is arithmetic
    return wrap((a & ((1 << bits) - 1)) >> s, bits)


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64])
@pytest.mark.parametrize("direction", ["left", "arithmetic", "logical"])
def test_shifts(direction, dtype):
    bits = np.iinfo(dtype).bits
    a = np.array([[np.iinfo(dtype).min], [-5], [0], [3], [np.iinfo(dtype).max]], dtype)
    s = np.array([0, 1, bits - 1, bits, bits + 3, -1, 2], dtype)
    name = {"left": "shift_left", "arithmetic": "shift_right_arithmetic", "logical": "shift_right_logical"}[direction]
    expected = reference(lambda x, y: shift_reference(int(x), int(y), bits, direction), a, s, dtype=dtype)
    np.testing.assert_array_equal(run(name, [a, s], expected.shape, dtype), expected)


# ---- rem, atan2 --------------------------------------------------------------------------------


@pytest.mark.parametrize("shapes", SHAPES[:4], ids=str)
def test_float_rem_is_fmod(shapes):
    a = RNG.uniform(-9, 9, shapes[0]).astype(np.float32)
    b = RNG.uniform(0.5, 3, shapes[1]).astype(np.float32) * RNG.choice([-1, 1], shapes[1]).astype(np.float32)
    expected = reference(math.fmod, a, b, dtype=np.float32)
    # fmod is exact: the result is representable, so equality is required.
    np.testing.assert_array_equal(run("rem", [a, b], expected.shape, np.float32), expected)


def test_float_rem_special_values():
    a = np.array([5.0, -5.0, np.inf, 1.0, -0.0, 7.5], np.float32)
    b = np.array([0.0, 3.0, 2.0, np.inf, 1.0, -2.0], np.float32)
    got = run("rem", [a, b], (6,), np.float32)
    np.testing.assert_array_equal(got, [np.nan, -2.0, np.nan, 1.0, -0.0, 1.5])
    assert np.signbit(got[4])
    h = np.array([65504.0, -7.25], np.float16)
    np.testing.assert_array_equal(run("rem", [h, np.array([3.0], np.float16)], (2,), np.float16), [2.0, -1.25])


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64])
def test_integer_rem_pairs_with_division(dtype):
    info = np.iinfo(dtype)
    pairs = [(7, 2), (-7, 2), (7, -2), (-7, -2), (6, 3), (0, -5), (5, 0), (-5, 0), (0, 0),
             (info.min, -1), (info.min, 1), (info.max, -1), (1, info.min), (info.min, info.min)]  # fmt: skip
    a = np.array([p[0] for p in pairs], dtype)
    b = np.array([p[1] for p in pairs], dtype)
    expected = [wrap(x - trunc_div(x, y, info.bits) * y, info.bits) for x, y in pairs]
    got = run("rem", [a, b], a.shape, dtype)
    np.testing.assert_array_equal(got, expected)
    assert expected[:4] == [1, -1, 1, -1] and expected[6:10] == [5, -5, 0, 0]
    # div * rhs + rem == lhs, wrapping.
    quotient = run("div", [a, b], a.shape, dtype)
    np.testing.assert_array_equal([wrap(int(q) * int(y) + int(r), info.bits) for q, y, r in zip(quotient, b, got)], a)


def test_atan2_quadrants_and_signed_zeros():
    y = np.array([[1.0], [-1.0], [0.0], [-0.0]], np.float32)
    x = np.array([1.0, -1.0, 0.0, -0.0, np.inf, -np.inf], np.float32)
    expected = reference(math.atan2, y, x, dtype=np.float32)
    got = run("atan2", [y, x], expected.shape, np.float32)
    assert_close(got, expected)
    np.testing.assert_array_equal(np.signbit(got), np.signbit(expected))


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f16", "bf16"])
def test_atan2_broadcasts(dtype):
    a = RNG.uniform(-3, 3, (2, 1, 4)).astype(dtype)
    b = RNG.uniform(-3, 3, (3, 1)).astype(dtype)
    expected = reference(math.atan2, a.astype(np.float64), b.astype(np.float64), dtype=dtype)
    assert_close(run("atan2", [a, b], expected.shape, dtype), expected)
