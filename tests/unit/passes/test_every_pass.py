"""Every registered mlc pass, alone and as the default pipeline, preserves numerics on every e2e
zoo model (PyTorch and JAX) and on random graphs."""

import dataclasses
import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import jax
import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from random_graphs import RandomGraph, assert_pipeline_keeps_results, graphs
from xdsl.dialects.builtin import ModuleOp

from mlc.frontend.jax import import_function
from mlc.frontend.torch import import_module
from mlc.frontend.torch.importer import to_numpy
from mlc.numerics import assert_pipeline_preserves_numerics
from mlc.passes import PASSES
from mlc.runtime.interpreter import argument_names, find_function

E2E = Path(__file__).resolve().parents[2] / "e2e"

VARIANTS = {
    "convert-layout": ["{to=nhwc}", "{to=nchw}"],
    "fuse-elementwise": ["", "{recompute=false max-ops=3}"],
    "plan-memory": ["{alignment=16}"],
    "calibrate": ["{batches=1}", "{batches=2 method=percentile}"],
}
"""Options a pass runs with besides none: its interesting settings."""

LOSSY = {"quantize", "sparsify-2-4", "assign-precision"}
"""Passes that change results on purpose (tests/unit/passes/test_{quantize,sparsify,assign_precision}.py
bound them)."""

LOWERINGS = {"convert-mlc-tensor-to-mlc-kernel"}
"""Lowerings out of the graph level: they cover a subset of ops and change the function's
signature (tensors to memrefs); tests/unit/lowering checks their numerics op kind by op kind."""

MEASURING = {"autotune"}
"""Passes that time kernels (on a GPU, or slowly in Triton's interpreter) and only add attributes;
tests/unit/passes/test_autotune.py checks them and the numerics of the kernels they choose."""


def pipelines() -> list[str]:
    """Each mlc pass alone (with each of its VARIANTS, else its defaults), then the default pipeline."""
    return [
        f"{name}{options}"
        for name in PASSES
        if name not in LOSSY | LOWERINGS | MEASURING
        for options in VARIANTS.get(name, [""])
    ] + [
        "mlc-default"
    ]


def e2e_module(name: str) -> ModuleType:
    """tests/e2e/<name>.py, imported under the name pytest gives it (so it is imported once)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, E2E / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def zoo_names() -> list[str]:
    """`torch/<model>` and `jax/<model>` for every model of the e2e zoos."""
    return [f"torch/{n}" for n in e2e_module("test_torch_zoo").ZOO] + [
        f"jax/{n}" for n in e2e_module("test_jax_zoo").ZOO
    ]


@cache
def zoo_case(name: str) -> tuple[ModuleOp, dict[str, np.ndarray]]:
    """The imported module of a zoo model and its example inputs by argument name."""
    framework, model_name = name.split("/")
    if framework == "torch":
        zoo = e2e_module("test_torch_zoo")
        make, make_inputs = zoo.ZOO[model_name]
        generator = torch.Generator().manual_seed(0)
        model = make().eval()
        zoo.randomize_batchnorm_statistics(model, generator)
        args = make_inputs(generator)
        module = import_module(model, args)
        values = [to_numpy(a) for a in args]
    else:
        fn, args = e2e_module("test_jax_zoo").ZOO[model_name]
        module = import_function(fn, *args)
        values = [np.asarray(a) for a in jax.tree_util.tree_leaves(args)]
    names = argument_names(find_function(module, None))
    return module, dict(zip(names, values, strict=True))


def test_variants_name_real_options():
    """VARIANTS name registered passes and options they have (new passes join by themselves)."""
    assert set(VARIANTS) <= set(PASSES)
    for name, variants in VARIANTS.items():
        fields = {f.name.replace("_", "-") for f in dataclasses.fields(PASSES[name]())}
        for options in variants:
            for option in options.strip("{}").split():
                assert option.split("=")[0] in fields, (name, option)


@pytest.mark.parametrize("pipeline", pipelines())
@pytest.mark.parametrize("model", zoo_names())
def test_pass_preserves_zoo_model_numerics(model: str, pipeline: str):
    module, inputs = zoo_case(model)
    assert_pipeline_preserves_numerics(module.clone(), f"builtin.module({pipeline})", inputs=inputs)


@pytest.mark.parametrize("pipeline", pipelines())
@settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(graph=graphs())
def test_pass_preserves_random_graph_numerics(pipeline: str, graph: RandomGraph):
    assert_pipeline_keeps_results(graph, f"builtin.module({pipeline})")
