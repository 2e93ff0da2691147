"""Calls and control flow: inlined sub-jaxprs, unrolled scan/while, cond; the unroll limit."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax import lax

from mlc.frontend.diagnostics import UnsupportedOpsError
from mlc.frontend.jax import import_function

from jax_harness import check_jax, op_names, randn

X = randn(3, 4)


def test_jit_and_closed_call_are_inlined():
    inner = jax.jit(lambda x: jnp.tanh(x) * 2)
    module = check_jax(lambda x: inner(inner(x)) + 1, X)
    assert "func.call" not in [op.name for op in module.walk()]


@jax.custom_vjp
def doubled(x):
    return x * 2


doubled.defvjp(lambda x: (doubled(x), None), lambda _, g: (g * 2,))


def test_custom_vjp_and_checkpoint_are_inlined():
    check_jax(lambda x: jax.checkpoint(lambda y: doubled(y) + 1)(x), X)


def test_scan_is_unrolled_with_stacked_outputs():
    def rnn(h, xs):
        def step(h, x):
            h = jnp.tanh(h + x)
            return h, h * 2
        return lax.scan(step, h, xs)

    module = check_jax(rnn, randn(4), randn(5, 4))
    assert op_names(module).count("mlc_tensor.tanh") == 5


def test_reverse_scan():
    check_jax(lambda xs: lax.scan(lambda c, x: (c * 0.5 + x, c), jnp.zeros(4), xs, reverse=True), randn(3, 4))


def test_fori_loop_indexes_with_a_static_counter():
    module = check_jax(lambda x: lax.fori_loop(0, 3, lambda i, c: c + x[i] * i, jnp.zeros(4)), X)
    assert "mlc_tensor.slice" in op_names(module)


def test_while_loop_with_static_trip_count():
    fn = lambda x: lax.while_loop(lambda c: c[0] < 3, lambda c: (c[0] + 1, c[1] * 2 + 1), (0, x))[1]
    module = check_jax(fn, X)
    assert op_names(module).count("mlc_tensor.mul") == 3


def test_while_loop_with_run_time_condition_is_reported():
    fn = lambda x: lax.while_loop(lambda c: c.sum() < 100, lambda c: c * 2, x)
    with pytest.raises(UnsupportedOpsError, match="while x1 .*static trip count"):
        import_function(fn, np.ones((2,), np.float32))


def test_cond_with_static_and_run_time_predicates():
    check_jax(lambda x: lax.cond(True, lambda y: y + 1, lambda y: y - 1, x), X)
    check_jax(lambda x: lax.cond(x.sum() > 0, lambda y: y + 1, lambda y: y * 3, x), X)
    check_jax(lambda x, i: lax.switch(i, [jnp.sin, jnp.cos, jnp.tanh], x), X, np.int32(2))


def test_scan_past_the_unroll_limit_is_reported():
    fn = lambda xs: lax.scan(lambda c, x: (c + x, None), jnp.zeros(2), xs)[0]
    with pytest.raises(UnsupportedOpsError, match=r"scan x1 .*scan of 50 iterations x 1 equations .* limit of 10"):
        import_function(fn, np.ones((50, 2), np.float32), max_unrolled_equations=10)


def test_unsupported_inside_a_scan_is_reported_once():
    fn = lambda xs: lax.scan(lambda c, x: (c + lax.lgamma(x), None), jnp.zeros(2), xs)[0]
    with pytest.raises(UnsupportedOpsError, match=r"^1 unsupported op: lgamma x1 "):
        import_function(fn, np.ones((5, 2), np.float32))
