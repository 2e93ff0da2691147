"""Every zoo model compiled to kernels: backend "numpy-kernel" (mlc_kernel IR on numpy) and "triton"
(the emitted Triton, in Triton's CPU interpreter here, natively on CUDA), compared with eager.

The zoo's shapes are odd on purpose (sequence 5/6/12, 6x6 and 16x16 images, batch 1-3,
channel counts 3-16), so every kernel runs masked tails. f32 tolerance: kernels accumulate
dot products block by block in f32, in another order than eager PyTorch or XLA.
"""

import jax
import numpy as np
import pytest
import torch
from torch.utils import _pytree as pytree

import mlc
import test_jax_zoo
import test_third_party_zoo
import test_torch_zoo

RTOL, ATOL = 1e-4, 1e-4
BACKENDS = ("numpy-kernel", "triton")


def compare(got, expected) -> float:
    """Assert each result matches (dtype, shape, values); the worst absolute float error."""
    assert len(got) == len(expected)
    worst = 0.0
    for g, e in zip(got, expected):
        g, e = np.asarray(g), np.asarray(e)
        assert (g.dtype, g.shape) == (e.dtype, e.shape)
        if np.issubdtype(e.dtype, np.floating):
            np.testing.assert_allclose(g, e, RTOL, ATOL)
            worst = max(worst, float(np.max(np.abs(g - e))) if e.size else 0.0)
        else:
            np.testing.assert_array_equal(g, e)
    return worst


def torch_case(make, inputs, prepare=None) -> tuple:
    """(model, args, eager results) of a torch zoo entry, seeded as its own zoo test seeds it."""
    torch.manual_seed(0)
    generator = torch.Generator().manual_seed(0)
    model = make().eval()
    if prepare is not None:
        prepare(model, generator)
    args = inputs(generator)
    with torch.no_grad():
        expected = [t.numpy() for t in pytree.tree_leaves(model(*args)) if isinstance(t, torch.Tensor)]
    return model, args, expected


def torch_results(compiled, args) -> list:
    """The compiled module's results as numpy arrays."""
    return [t.numpy() for t in pytree.tree_leaves(compiled(*args)) if isinstance(t, torch.Tensor)]


TORCH_ZOO = {
    **{name: (make, inputs, test_torch_zoo.randomize_batchnorm_statistics) for name, (make, inputs) in test_torch_zoo.ZOO.items()},
    **{name: (make, inputs, None) for name, (make, inputs) in test_third_party_zoo.ZOO.items()},
}
"""Our torch zoo (batch norm statistics randomized, as its test does) and the transformers models."""


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", list(TORCH_ZOO))
def test_torch_zoo_on_kernels(name: str, backend: str, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MLC_CACHE_DIR", str(tmp_path))
    model, args, expected = torch_case(*TORCH_ZOO[name])
    compiled = mlc.compile(model, *args, backend=backend)
    print(f"{name} [{backend}]: max abs error {compare(torch_results(compiled, args), expected):.3g}")


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", list(test_jax_zoo.ZOO))
def test_jax_zoo_on_kernels(name: str, backend: str, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("MLC_CACHE_DIR", str(tmp_path))
    fn, args = test_jax_zoo.ZOO[name]
    expected = jax.tree_util.tree_leaves(jax.jit(fn)(*args))
    compiled = mlc.compile(fn, *args, backend=backend)
    got = jax.tree_util.tree_leaves(compiled(*args))
    print(f"{name} [{backend}]: max abs error {compare(got, expected):.3g}")
