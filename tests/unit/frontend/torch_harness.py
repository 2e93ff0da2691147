"""The torch importer harness: export, import, run on the interpreter, compare with eager."""

from collections.abc import Callable

import numpy as np
import torch
from torch.utils import _pytree as pytree
from xdsl.dialects.builtin import ModuleOp

from mlc.frontend.torch.importer import TorchImporter, to_numpy
from mlc.runtime.interpreter import run_function


class Fn(torch.nn.Module):
    """Wraps a function of tensors as a module, so torch.export takes it."""

    def __init__(self, fn: Callable):
        super().__init__()
        self.fn = fn

    def forward(self, *args):
        return self.fn(*args)


def assert_matches(got: list[np.ndarray], expected: object, rtol: float, atol: float) -> None:
    """Interpreter results equal the eager outputs: same count, dtype and shape, close values."""
    leaves = [to_numpy(t) for t in pytree.tree_leaves(expected) if isinstance(t, torch.Tensor)]
    assert len(got) == len(leaves)
    for g, e in zip(got, leaves):
        assert (g.dtype, g.shape) == (e.dtype, e.shape)
        if np.issubdtype(e.dtype, np.integer) or e.dtype == np.bool_:
            np.testing.assert_array_equal(g, e)
        else:  # f32, f16 and bf16 (an ml_dtypes type numpy does not call floating)
            np.testing.assert_allclose(g.astype(np.float32), e.astype(np.float32), rtol, atol)


def check_torch(
    module: torch.nn.Module | Callable,
    *args: torch.Tensor,
    overload: object = None,
    rtol: float = 1e-4,
    atol: float = 1e-5,
) -> ModuleOp:
    """Import `module` and check the interpreter against eager; `overload` must be in the graph.

    Naming the ATen overload makes sure the rule under test is what ran, not a decomposition.
    """
    if not isinstance(module, torch.nn.Module):
        module = Fn(module)
    program = torch.export.export(module, args, strict=False).run_decompositions()
    targets = {n.target for n in program.graph.nodes}
    assert overload is None or overload in targets, f"{overload} not in {targets}"
    imported = TorchImporter(program).run()
    imported.verify()
    inputs = [to_numpy(a) for a in args if isinstance(a, torch.Tensor)]
    with torch.no_grad():
        expected = module(*args)
    assert_matches(run_function(imported, inputs), expected, rtol, atol)
    return imported


_generator = torch.Generator().manual_seed(0)


def randn(*shape: int, dtype: torch.dtype = torch.float32) -> torch.Tensor:
    """Reproducible normal samples."""
    return torch.randn(*shape, generator=_generator).to(dtype)


def randint(high: int, *shape: int, low: int = 0) -> torch.Tensor:
    """Reproducible int64 samples in [low, high)."""
    return torch.randint(low, high, shape, generator=_generator)
