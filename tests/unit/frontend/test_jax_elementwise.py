"""JAX elementwise primitives imported and run on the interpreter vs JAX."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax import lax

from jax_harness import check_jax, op_names, randint, randn

X = randn(3, 5)
Y = randn(3, 5)
POSITIVE = np.abs(randn(3, 5)) + 0.1
INTS = randint(-9, 9, 3, 5)
NONZERO_INTS = randint(1, 5, 3, 5) * np.where(randint(0, 2, 3, 5) > 0, 1, -1).astype(np.int32)
HALVES = np.array([[0.5, -0.5, 1.5, 2.5, -2.5], [0.49999997, -1.5, 3.7, -3.2, 0.0], [1e8, -7.5, 6.5, 0.25, -0.75]], np.float32)
UNIT = np.tanh(X)
SHIFTS = randint(-2, 40, 3, 5)

UNARY = [
    ("neg", jnp.negative, X),
    ("abs", jnp.abs, X),
    ("exp", jnp.exp, X),
    ("log", jnp.log, POSITIVE),
    ("log1p", jnp.log1p, np.concatenate([POSITIVE, np.full((1, 5), 1e-7, np.float32)])),
    ("expm1", jnp.expm1, np.concatenate([X, np.array([[1e-7, -1e-7, 0.0, 100.0, -50.0]], np.float32)])),
    ("sqrt", jnp.sqrt, POSITIVE),
    ("rsqrt", lax.rsqrt, POSITIVE),
    ("tanh", jnp.tanh, X),
    ("logistic", jax.nn.sigmoid, X),
    ("erf", lax.erf, X),
    ("erfc", lax.erfc, X),
    ("sin", jnp.sin, X),
    ("cos", jnp.cos, X),
    ("tan", jnp.tan, X * 0.5),
    ("exp2", jnp.exp2, X),
    ("square", jnp.square, X),
    ("sign", jnp.sign, np.concatenate([X, np.zeros((1, 5), np.float32)])),
    ("sign_int", jnp.sign, INTS),
    ("integer_pow3", lambda x: x**3, X),
    ("integer_pow0", lambda x: lax.integer_pow(x, 0), X),
    ("integer_pow-2", lambda x: lax.integer_pow(x, -2), POSITIVE),
    ("is_finite", jnp.isfinite, np.array([1.0, np.inf, -np.inf, np.nan], np.float32)),
    ("not_bool", jnp.logical_not, X > 0),
    ("not_int", jnp.invert, INTS),
    ("not_int8", jnp.invert, INTS.astype(np.int8)),
    ("floor", jnp.floor, HALVES),
    ("ceil", jnp.ceil, HALVES),
    ("round_even", jnp.round, HALVES),
    ("round_away", lambda x: lax.round(x, lax.RoundingMethod.AWAY_FROM_ZERO), HALVES),
    ("trunc", jnp.trunc, HALVES),
    ("erf_inv", lax.erf_inv, np.concatenate([UNIT, [[0.999999, -0.9999999, 1.0, -1.0, 0.0]]]).astype(np.float32)),
    ("asin", jnp.arcsin, UNIT),
    ("acos", jnp.arccos, UNIT),
    ("atan", jnp.arctan, X * 3),
    ("sign_bf16", jnp.sign, X.astype(jnp.bfloat16)),
    ("relu", jax.nn.relu, X),
    ("gelu_tanh", jax.nn.gelu, X),
    ("gelu_erf", lambda x: jax.nn.gelu(x, approximate=False), X),
    ("silu", jax.nn.silu, X),
    ("softmax", lambda x: jax.nn.softmax(x, axis=-1), X),
    ("log_softmax", jax.nn.log_softmax, X),
    ("stop_gradient", lambda x: lax.stop_gradient(x) + 1, X),
    ("reduce_precision_bf16", lambda x: lax.reduce_precision(x, 8, 7), X),
    ("to_bf16", lambda x: x.astype(jnp.bfloat16), X),
    ("to_int", lambda x: (x * 4).astype(jnp.int32), X),
    ("to_bool", lambda x: x.astype(jnp.bool_), np.round(X)),
]


@pytest.mark.parametrize("name,fn,x", UNARY, ids=[u[0] for u in UNARY])
def test_unary(name, fn, x):
    check_jax(fn, x)


BINARY = [
    ("add", jnp.add, X, Y),
    ("sub", jnp.subtract, X, Y),
    ("mul", jnp.multiply, X, Y),
    ("div", jnp.divide, X, POSITIVE),
    ("int_div", lax.div, INTS, NONZERO_INTS),
    ("rem_int", lax.rem, INTS, NONZERO_INTS),
    ("rem_float", lax.rem, X * 5, Y),
    ("fmod", jnp.fmod, X * 5, -Y),
    ("remainder_float", jnp.remainder, X * 5, Y),
    ("atan2", jnp.arctan2, X, Y),
    ("and_int", jnp.bitwise_and, INTS, NONZERO_INTS),
    ("or_int", jnp.bitwise_or, INTS, NONZERO_INTS),
    ("xor_int", jnp.bitwise_xor, INTS, NONZERO_INTS),
    ("shift_left", lax.shift_left, INTS, SHIFTS),
    ("shift_right_arithmetic", lax.shift_right_arithmetic, INTS, SHIFTS),
    ("shift_right_logical", lax.shift_right_logical, INTS, SHIFTS),
    ("shift_left_int8", jnp.left_shift, INTS.astype(np.int8), SHIFTS.astype(np.int8)),
    ("max", jnp.maximum, X, Y),
    ("min", jnp.minimum, X, Y),
    ("pow", jnp.power, POSITIVE, Y),
    ("eq", jnp.equal, INTS, INTS.T.reshape(3, 5)),
    ("ne", jnp.not_equal, X, Y),
    ("lt", jnp.less, X, Y),
    ("le", jnp.less_equal, X, Y),
    ("gt", jnp.greater, X, Y),
    ("ge", jnp.greater_equal, X, Y),
    ("and", jnp.logical_and, X > 0, Y > 0),
    ("or", jnp.logical_or, X > 0, Y > 0),
    ("xor", jnp.logical_xor, X > 0, Y > 0),
    ("broadcast_row", lambda a, b: a + b[0], X, Y),
    ("scalar_literal", lambda a, b: 2.0 * a - b / 3.0, X, Y),
    ("where", lambda a, b: jnp.where(a > b, a, 0.0), X, Y),
    ("clamp", lambda a, b: jnp.clip(a, -0.5, 0.5) + b, X, Y),
    ("lax_clamp", lambda a, b: lax.clamp(-0.5, a, 0.5) + b, X, Y),
]


@pytest.mark.parametrize("name,fn,x,y", BINARY, ids=[b[0] for b in BINARY])
def test_binary(name, fn, x, y):
    check_jax(fn, x, y)


def test_select_n_with_integer_index():
    which = randint(0, 3, 3, 5)
    check_jax(lambda w, a, b: lax.select_n(w, a, b, a * b), which, X, Y)


def test_same_dtype_conversion_emits_nothing():
    module = check_jax(lambda x: x.astype(jnp.float32) + 1, X)
    assert "mlc_tensor.cast" not in op_names(module)


def test_new_primitives_import_as_one_op_each():
    """Formerly composed primitives now map to their own mlc_tensor op."""
    cases = [
        (jnp.bitwise_and, (INTS, INTS), "mlc_tensor.and"),
        (jnp.invert, (INTS,), "mlc_tensor.not"),
        (jnp.logical_not, (X > 0,), "mlc_tensor.not"),
        (jnp.sign, (X,), "mlc_tensor.sign"),
        (jnp.log1p, (POSITIVE,), "mlc_tensor.log1p"),
        (jnp.expm1, (X,), "mlc_tensor.expm1"),
        (lax.rem, (INTS, NONZERO_INTS), "mlc_tensor.rem"),
    ]
    for fn, args, name in cases:
        assert op_names(check_jax(fn, *args)) == [name]
