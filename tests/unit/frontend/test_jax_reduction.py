"""Reductions, argmax, scans, sort/top_k and reduce_window pooling imported and run vs JAX."""

import jax.numpy as jnp
import numpy as np
import pytest
from jax import lax

from jax_harness import check_jax, op_names, randint, randn

X = randn(3, 4, 5)

CASES = [
    ("sum", lambda x: x.sum(axis=(0, 2)), X),
    ("sum_all", jnp.sum, X),
    ("sum_int", lambda x: x.sum(axis=1), randint(-5, 5, 3, 4)),
    ("mean_keepdims", lambda x: x.mean(-1, keepdims=True), X),
    ("max", lambda x: x.max(axis=1), X),
    ("min", lambda x: x.min(axis=0), X),
    ("any", lambda x: jnp.any(x > 1, axis=1), X),
    ("all", lambda x: jnp.all(x > -1, axis=2), X),
    ("argmax", lambda x: jnp.argmax(x, axis=1), X),
    ("argmin", lambda x: jnp.argmin(x, axis=-1), X),
    ("cumsum", lambda x: jnp.cumsum(x, axis=1), X),
    ("cumsum_reverse", lambda x: lax.cumsum(x, axis=2, reverse=True), X),
    ("cumsum_int", lambda x: jnp.cumsum(x, axis=0), randint(-5, 5, 4, 3)),
    ("cumsum_bool", lambda x: jnp.cumsum(x > 0, axis=1), X),
    ("cumprod", lambda x: jnp.cumprod(x, axis=0), X),
    ("cumprod_int_reverse", lambda x: lax.cumprod(x, axis=1, reverse=True), randint(-3, 4, 3, 5)),
    ("cummax", lambda x: lax.cummax(x, axis=2), X),
    ("cummax_reverse", lambda x: lax.cummax(x, axis=0, reverse=True), X),
    ("cummin_int", lambda x: lax.cummin(x, axis=1), randint(-9, 9, 3, 5)),
    ("sort", lambda x: jnp.sort(x, axis=1), X),
    ("sort_descending", lambda x: jnp.sort(x, axis=-1, descending=True), X),
    ("sort_nan", jnp.sort, np.array([0.0, -0.0, np.nan, 1.0, -np.inf, np.inf, 0.0, np.nan], np.float32)),
    ("argsort_ties", lambda x: jnp.argsort(x, axis=1), randint(0, 3, 3, 7)),
    ("argsort_descending_ties", lambda x: jnp.argsort(x, descending=True), randint(0, 3, 3, 7)),
    ("argsort_nan", jnp.argsort, np.array([0.0, -0.0, np.nan, 1.0, -np.inf, np.inf, 0.0, np.nan], np.float32)),
    ("sort_values_and_indices", lambda x: lax.sort_key_val(x, lax.broadcasted_iota(jnp.int32, x.shape, 0), dimension=0), X),
    ("top_k", lambda x: lax.top_k(x, 3), X),
    ("top_k_ties", lambda x: lax.top_k(x, 4), randint(0, 3, 3, 7)),
    ("top_k_nan", lambda x: lax.top_k(x, 3), np.array([1.0, np.nan, 3.0, np.inf, 2.0], np.float32)),
    ("var", lambda x: jnp.var(x, axis=-1), X),
]


@pytest.mark.parametrize("name,fn,x", CASES, ids=[c[0] for c in CASES])
def test_reduction(name, fn, x):
    check_jax(fn, x)


NCHW = randn(2, 3, 8, 8)
NHWC = randn(2, 8, 8, 3)

POOLS = [
    ("max_nchw", lambda x: lax.reduce_window(x, -jnp.inf, lax.max, (1, 1, 2, 2), (1, 1, 2, 2), "VALID"), NCHW),
    ("max_nhwc_same", lambda x: lax.reduce_window(x, -jnp.inf, lax.max, (1, 3, 3, 1), (1, 2, 2, 1), "SAME"), NHWC),
    ("min_nchw", lambda x: lax.reduce_window(x, jnp.inf, lax.min, (1, 1, 2, 2), (1, 1, 1, 1), "VALID"), NCHW),
    ("sum_nhwc", lambda x: lax.reduce_window(x, 0.0, lax.add, (1, 2, 2, 1), (1, 2, 2, 1), "VALID"), NHWC),
    ("avg_padded", lambda x: lax.reduce_window(x, 0.0, lax.add, (1, 1, 3, 3), (1, 1, 1, 1), ((0, 0), (0, 0), (1, 1), (1, 1))) / 9.0, NCHW),
    ("max_dilated", lambda x: lax.reduce_window(x, -jnp.inf, lax.max, (1, 1, 2, 2), (1, 1, 1, 1), "VALID", window_dilation=(1, 1, 2, 2)), NCHW),
]


@pytest.mark.parametrize("name,fn,x", POOLS, ids=[p[0] for p in POOLS])
def test_pooling(name, fn, x):
    check_jax(fn, x)


def test_cumsum_is_one_op():
    assert op_names(check_jax(lambda x: jnp.cumsum(x, axis=1), X)) == ["mlc_tensor.cumsum"]


def test_sort_with_a_general_payload_is_reported():
    from mlc.frontend.diagnostics import UnsupportedOpsError
    from mlc.frontend.jax import import_function

    with pytest.raises(UnsupportedOpsError, match=r"sort x1 \(.*\): sort with a payload other than an iota"):
        import_function(lambda k, v: lax.sort_key_val(k, v), randn(5), randn(5))
    with pytest.raises(UnsupportedOpsError, match=r"sort x1 \(.*\): sort of 2 keys"):
        import_function(lambda a, b: lax.sort((a, b), num_keys=2), randn(5), randn(5))
