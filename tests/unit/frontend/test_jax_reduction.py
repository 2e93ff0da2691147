"""Reductions, argmax, cumsum and reduce_window pooling imported and run vs JAX."""

import jax.numpy as jnp
import numpy as np
import pytest
from jax import lax

from jax_harness import check_jax, randint, randn

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


def test_cumprod_is_reported():
    from mlc.frontend.diagnostics import UnsupportedOpsError
    from mlc.frontend.jax import import_function

    with pytest.raises(UnsupportedOpsError, match="cumprod x1"):
        import_function(lambda x: jnp.cumprod(x, axis=0), np.ones((3, 2), np.float32))
