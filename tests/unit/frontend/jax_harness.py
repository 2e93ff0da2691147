"""The JAX importer harness: import a function, run it on the interpreter, compare with JAX on CPU."""

from collections.abc import Callable

import jax
import numpy as np
from xdsl.dialects.builtin import ModuleOp

from mlc.frontend.jax import import_function
from mlc.runtime.interpreter import run_function

RNG = np.random.default_rng(0)


def randn(*shape: int, dtype: object = np.float32) -> np.ndarray:
    """Standard normal values of `dtype`."""
    return RNG.standard_normal(shape).astype(dtype)


def randint(low: int, high: int, *shape: int, dtype: object = np.int32) -> np.ndarray:
    """Uniform integers in [low, high) of `dtype`."""
    return RNG.integers(low, high, shape).astype(dtype)


def check_jax(
    fn: Callable, *args: object, rtol: float = 1e-4, atol: float = 1e-5
) -> ModuleOp:
    """Import `fn`, verify the module, run it on the leaves of `args` and compare with `fn(*args)`.

    Dtypes and shapes must match exactly; floats within rtol/atol, everything else exactly.
    """
    module = import_function(fn, *args)
    module.verify()
    got = run_function(module, jax.tree_util.tree_leaves(args))
    jax_args = jax.tree_util.tree_map(jax.numpy.asarray, args)
    expected = [np.asarray(e) for e in jax.tree_util.tree_leaves(fn(*jax_args))]
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert (g.dtype, g.shape) == (e.dtype, e.shape)
        if np.issubdtype(e.dtype, np.floating) or e.dtype.name == "bfloat16":
            np.testing.assert_allclose(g.astype(np.float32), e.astype(np.float32), rtol, atol)
        else:
            np.testing.assert_array_equal(g, e)
    return module


def op_names(module: ModuleOp) -> list[str]:
    """Names of the ops in the module's function body, in order."""
    return [op.name for op in module.walk() if op.name.startswith("mlc_tensor.")]
