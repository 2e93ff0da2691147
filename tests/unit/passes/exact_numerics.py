"""Bit-exact numerics checks for passes that must not change any value (canonicalize, fold-constants)."""

from collections.abc import Sequence

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp

from mlc.passes.manager import run_pipeline
from mlc.runtime.interpreter import find_function, random_inputs, run_function


def functions(module: ModuleOp) -> list[str]:
    """The names of the functions with a body in `module`, in order."""
    return [f.sym_name.data for f in module.walk() if isinstance(f, func.FuncOp) and f.body.blocks]


def assert_same_bits(expected: Sequence[np.ndarray], got: Sequence[np.ndarray], what: str) -> None:
    """Equal dtype, shape and bytes for every result (-0.0 differs from 0.0; NaN equals NaN)."""
    assert len(got) == len(expected), what
    for i, (e, g) in enumerate(zip(expected, got)):
        assert (g.dtype, g.shape) == (e.dtype, e.shape), f"{what}: result #{i} type"
        assert g.tobytes() == e.tobytes(), f"{what}: result #{i}\nexpected {e!r}\ngot {g!r}"


def assert_pipeline_exact(
    module: ModuleOp,
    pipeline: str,
    seeds: Sequence[int] = (0, 1, 2),
    inputs: dict[str, list[np.ndarray]] | None = None,
) -> ModuleOp:
    """Run `pipeline` on a copy of `module`; every function must give bit-identical results.

    Each function runs on random inputs for each seed, plus `inputs[name]` where given.
    Returns the transformed copy.
    """
    inputs = inputs or {}
    after = run_pipeline(module.clone(), pipeline)
    for name in functions(module):
        cases = [random_inputs(find_function(module, name), seed) for seed in seeds]
        cases += [inputs[name]] if name in inputs else []
        for args in cases:
            expected, got = run_function(module, args, name), run_function(after, args, name)
            assert_same_bits(expected, got, f"@{name} after {pipeline}")
    return after
