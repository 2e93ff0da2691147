"""JAX data-movement primitives imported and run on the interpreter vs JAX."""

import jax.numpy as jnp
import numpy as np
import pytest
from jax import lax

from jax_harness import check_jax, op_names, randint, randn

X = randn(4, 6)
T = randn(2, 3, 4)

CASES = [
    ("broadcast_in_dim", lambda x: jnp.broadcast_to(x[:, None, :], (4, 3, 6)), X),
    ("reshape", lambda x: x.reshape(2, 12), X),
    ("squeeze", lambda x: jnp.squeeze(x[:, :1]), X),
    ("expand_dims", lambda x: jnp.expand_dims(x, 1), X),
    ("transpose", lambda t: t.transpose(2, 0, 1), T),
    ("concatenate", lambda x: jnp.concatenate([x, 2 * x], axis=1), X),
    ("slice", lambda x: x[1:3, ::2], X),
    ("index_row", lambda x: x[2], X),
    ("index_negative", lambda x: x[-1, 1:-1], X),
    ("dynamic_slice", lambda x: lax.dynamic_slice(x, (2, 1), (2, 3)), X),
    ("dynamic_slice_clamped", lambda x: lax.dynamic_slice(x, (3, 5), (2, 3)), X),
    ("dynamic_update_slice", lambda x: lax.dynamic_update_slice(x, -x[:2, :2], (1, 3)), X),
    ("pad", lambda x: jnp.pad(x, ((1, 2), (0, 1))), X),
    ("pad_value", lambda x: lax.pad(x, -1.0, ((1, -1, 0), (-2, 1, 0))), X),
    ("rev", lambda x: x[::-1, ::-1], X),
    ("flip", lambda t: jnp.flip(t, axis=(0, 2)), T),
    ("at_set_rows", lambda x: x.at[np.array([0, 2])].set(-1.0), X),
    ("at_set_dropped", lambda x: x.at[np.array([1, 4, -1, -9, 7])].set(5.0), X),
    ("at_set_clip", lambda x: x.at[np.array([1, 9])].set(5.0, mode="clip"), X),
    ("at_set_columns", lambda x: x.at[:, np.array([5, 0])].set(x[:, :2]), X),
    ("at_set_middle_axis", lambda t: t.at[:, np.array([2, 0])].set(t[:, :2] * 3), T),
    ("at_add_duplicates", lambda x: x.at[np.array([1, 3, 1, 1])].add(x[:4]), X),
    ("at_add_int", lambda x: (x * 10).astype(jnp.int32).at[:, np.array([0, 0, 5])].add(7), X),
    ("at_set_bool", lambda x: (x > 0).at[np.array([3])].set(True), X),
    ("iota", lambda x: x + jnp.arange(6, dtype=jnp.float32), X),
    ("split", lambda x: jnp.split(x, [1, 4], axis=1), X),
    ("tile", lambda x: jnp.tile(x, (2, 3)), X),
    ("repeat_broadcast", lambda t: jnp.repeat(t, 2, axis=0), T),
]


@pytest.mark.parametrize("name,fn,x", CASES, ids=[c[0] for c in CASES])
def test_shape(name, fn, x):
    check_jax(fn, x)


def test_gather_rows_with_negative_indices():
    table = randn(10, 4)
    check_jax(lambda e, i: e[i], table, np.array([[1, -2], [9, 0]], np.int32))


def test_take_along_second_axis_fills_out_of_range():
    table = randn(3, 5)
    module = check_jax(lambda e, i: jnp.take(e, i, axis=1), table, np.array([4, 0, 7, -1], np.int32))
    assert "mlc_tensor.gather" in op_names(module)


def test_gather_into_a_middle_axis_is_transposed_back():
    check_jax(lambda t, i: t[:, i], T, randint(0, 3, 2, 2))


def test_dynamic_slice_with_run_time_start_is_reported():
    from mlc.frontend.diagnostics import UnsupportedOpsError
    from mlc.frontend.jax import import_function

    with pytest.raises(UnsupportedOpsError, match="dynamic_slice x1 .*only known at run time"):
        import_function(lambda x, i: lax.dynamic_slice(x, (i, 0), (2, 6)), X, np.int32(1))
