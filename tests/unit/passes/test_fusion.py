"""fuse-reductions, fuse-epilogue, fuse-elementwise: numerics before/after and the exact kernels.

Fusion moves ops into `mlc_tensor.fused` bodies without changing them, so every result must
stay bit-identical on random inputs. Each model's kernels after fusion (fused groups by kind,
plus the ops left outside that still compute: not constants) are asserted exactly.
"""

import sys
from collections import Counter
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from exact_numerics import assert_pipeline_exact, functions
from hypothesis import HealthCheck, given, settings
from random_graphs import RandomGraph, graphs
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp, TensorType, f32
from xdsl.ir import Operation

from mlc.dialects.mlc_quant.types import DecisionAttr
from mlc.dialects.mlc_tensor import (
    BatchNormOp,
    ConstantOp,
    Conv2dOp,
    FusedOp,
    LinearOp,
    MaxPool2dOp,
    ReluOp,
)
from mlc.frontend.jax import import_function
from mlc.ir.context import parse_module
from mlc.numerics import assert_pipeline_preserves_numerics
from mlc.passes.manager import PassFailed, run_pipeline
from mlc.runtime.interpreter import find_function, random_inputs, run_function

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "examples"))
from models import FunctionBuilder, gpt2_block_module, gpt2_weights, mlp_module  # noqa: E402

FUSION = "fuse-reductions,fuse-epilogue,fuse-elementwise"
"""The fusion passes in the order mlc-default runs them."""


def kernels(module: ModuleOp) -> tuple[Counter, Counter]:
    """(fused groups of @main by kind, ops left outside them that compute: not constants or return)."""
    body = find_function(module, "main").body.block
    assert_defined_before_use(module)
    groups = Counter(op.kind.data for op in body.ops if isinstance(op, FusedOp))
    others = Counter(
        op.name.removeprefix("mlc_tensor.")
        for op in body.ops
        if not isinstance(op, FusedOp | ConstantOp | func.ReturnOp)
    )
    return groups, others


def assert_defined_before_use(module: ModuleOp) -> None:
    """Every operand of a top-level op is a block argument or defined earlier in its block."""
    for function in module.walk():
        if isinstance(function, func.FuncOp):
            seen: set[Operation] = set()
            for op in function.body.block.ops:
                for operand in op.operands:
                    assert not isinstance(operand.owner, Operation) or operand.owner in seen, (
                        f"{op.name} uses a value defined after it"
                    )
                seen.add(op)


def fused(module: ModuleOp, pipeline: str = FUSION) -> ModuleOp:
    """`module` (one function) after `pipeline`, its results checked bit-identical after every pass."""
    return assert_pipeline_preserves_numerics(module, pipeline, rtol=0, atol=0)


# ---- models ---------------------------------------------------------------------------------


def conv_bn_relu_module() -> ModuleOp:
    """@main(x [2, 3, 8, 8]): conv2d with bias, inference batch norm, relu, 2x2 max pool."""
    rng = np.random.default_rng(0)
    b = FunctionBuilder("main", [("x", TensorType(f32, (2, 3, 8, 8)))])

    def param(*shape: int, name: str, low: float = -0.5, high: float = 0.5):
        return b.weight(rng.uniform(low, high, shape).astype(np.float32), name)

    c = b.add(Conv2dOp(b.args[0], param(8, 3, 3, 3, name="w"), param(8, name="b"), padding=1))
    bn = b.add(BatchNormOp(
        c, param(8, name="scale"), param(8, name="shift"), param(8, name="mean"),
        param(8, name="var", low=0.5, high=1.5),
    ))
    r = b.add(ReluOp(bn))
    return b.finish(b.add(MaxPool2dOp(r, 2, strides=2)))


def gpt2_block_jax(seq: int = 8, d: int = 32, heads: int = 4) -> ModuleOp:
    """The GPT-2 block of examples/models.py written in JAX and imported: its norms, softmax and
    gelu arrive decomposed (reduce + elementwise ops), as from a real JAX model."""
    w = {k: jnp.asarray(v) for k, v in gpt2_weights(d, 0).items()}

    def layer_norm(v, name):
        mean = v.mean(-1, keepdims=True)
        var = ((v - mean) ** 2).mean(-1, keepdims=True)
        return (v - mean) * jax.lax.rsqrt(var + 1e-5) * w[f"{name}_weight"] + w[f"{name}_bias"]

    def block(x):
        qkv = layer_norm(x, "ln1") @ w["attn_weight"].T + w["attn_bias"]
        q, k, v = (
            qkv[:, i * d:(i + 1) * d].reshape(seq, heads, d // heads).transpose(1, 0, 2)
            for i in range(3)
        )
        scores = (q @ k.transpose(0, 2, 1)) / np.sqrt(d // heads)
        scores = jnp.where(jnp.tril(jnp.ones((seq, seq), bool)), scores, -1e9)
        attn = (jax.nn.softmax(scores, -1) @ v).transpose(1, 0, 2).reshape(seq, d)
        x = x + attn @ w["proj_weight"].T + w["proj_bias"]
        h = jax.nn.gelu(layer_norm(x, "ln2") @ w["fc_weight"].T + w["fc_bias"])
        return x + h @ w["fc_proj_weight"].T + w["fc_proj_bias"]

    return import_function(block, np.zeros((seq, d), np.float32))


# ---- kernel counts and numerics on the models ---------------------------------------------------


def test_mlp():
    after = fused(mlp_module(8, (32, 64, 64, 10)))
    # linear+relu twice; the last linear has no epilogue: 3 kernels.
    assert kernels(after) == (Counter(epilogue=2), Counter(linear=1))


def test_gpt2_block_composite_ops():
    after = fused(gpt2_block_module(seq=8, d=32, heads=4))
    groups, others = kernels(after)
    # scale + causal mask + softmax; proj + residual; fc + gelu; fc_proj + residual.
    assert groups == Counter(reduction=1, epilogue=3)
    # Left: both layer_norms (nothing around them to fuse), the qkv linear (read by slices),
    # the two attention batch_matmuls, and the head split/merge data movement.
    assert others == Counter(
        layer_norm=2, linear=1, batch_matmul=2, slice=3, reshape=4, transpose=4
    )


def test_gpt2_block_decomposed_from_jax():
    after = fused(gpt2_block_jax())
    groups, others = kernels(after)
    # Each decomposed layer norm, the masked softmax (with its iota/compare/select/scale
    # prologue), and four matmuls with bias (+ gelu, + residual) epilogues.
    assert groups == Counter(reduction=3, epilogue=4)
    # Left: the attention batch_matmuls and data movement: 5 transposes split and merge the
    # heads, 4 transpose weights (constants' transposes, which fold-constants removes).
    assert others == Counter(batch_matmul=2, slice=3, reshape=4, transpose=9)
    reductions = [op for op in after.walk() if isinstance(op, FusedOp) and op.kind.data == "reduction"]
    assert [sum(1 for o in r.body.block.ops if o.name.startswith("mlc_tensor.reduce")) for r in reductions] == [2, 2, 2]


def test_conv_bn_relu():
    after = fused(conv_bn_relu_module())
    assert kernels(after) == (Counter(epilogue=1), Counter(max_pool2d=1))


@pytest.mark.parametrize(
    "model", [lambda: mlp_module(8, (32, 64, 10)), lambda: gpt2_block_module(8, 32, 4), conv_bn_relu_module],
    ids=["mlp", "gpt2", "conv_bn_relu"],
)
def test_default_pipeline_keeps_numerics(model):
    # Not bit-exact: mlc-default runs fold-batchnorm, which folds the batch norm into the conv
    # weights (computed in f64, rounded once to f32), so results move by f32 rounding.
    after = assert_pipeline_preserves_numerics(model(), "mlc-default", rtol=1e-5, atol=1e-6)
    assert any(isinstance(op, FusedOp) for op in after.walk())


# ---- precision boundaries --------------------------------------------------------------------


def decide(op: Operation, format: str) -> None:
    """Record a precision decision on `op` as the quantization passes will."""
    op.attributes["mlc_quant.decision"] = DecisionAttr(format, "set by the test")


def test_precision_boundary_splits_groups():
    module = mlp_module(8, (32, 64, 64, 10))
    linears = [op for op in module.walk() if isinstance(op, LinearOp)]
    relus = [op for op in module.walk() if isinstance(op, ReluOp)]
    decide(linears[0], "int8")
    decide(relus[0], "f16")  # differs from its linear: they must not share a kernel
    decide(linears[1], "int8")
    decide(relus[1], "int8")  # the same format: fused as before
    after = fused(module)
    assert kernels(after) == (Counter(epilogue=1), Counter(linear=2, relu=1))
    (group,) = [op for op in after.walk() if isinstance(op, FusedOp)]
    assert {op.attributes["mlc_quant.decision"].format.data for op in group.body.block.ops
            if "mlc_quant.decision" in op.attributes} == {"int8"}


# ---- every case of the lit tests keeps its numerics ------------------------------------------

LIT = ROOT / "tests" / "filecheck" / "passes"


@pytest.mark.parametrize(
    "name, pipeline",
    [
        ("fuse-elementwise", "fuse-elementwise"),
        ("fuse-elementwise", "fuse-elementwise{recompute=false}"),
        ("fuse-elementwise", "fuse-elementwise{max-ops=2}"),
        ("fuse-reductions", "fuse-reductions"),
        ("fuse-reductions", "fuse-reductions{max-ops=3}"),
        ("fuse-epilogue", "fuse-epilogue"),
        ("fuse-epilogue", "fuse-epilogue{max-ops=2}"),
    ],
)
def test_lit_cases_keep_numerics(name: str, pipeline: str):
    module = parse_module((LIT / f"{name}.mlir").read_text(), name)
    after = assert_pipeline_exact(module, pipeline, seeds=(0, 1))
    assert_defined_before_use(after)
    assert len(functions(after)) == len(functions(module))


def test_option_below_minimum_fails():
    with pytest.raises(PassFailed, match=r"fuse-epilogue: max-ops must be at least 2, got 1"):
        run_pipeline(mlp_module(2, (4, 4)), "fuse-epilogue{max-ops=1}")


# ---- random graphs: fusion alone keeps every result bit for bit ----------------------------


@settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(graphs(max_ops=14))
def test_random_graphs_keep_numerics(graph: RandomGraph):
    inputs = random_inputs(find_function(graph.module, "main"), seed=0)
    after = run_pipeline(graph.module.clone(), FUSION)
    assert_defined_before_use(after)
    for expected, got in zip(run_function(graph.module, inputs), run_function(after, inputs), strict=True):
        assert got.tobytes() == expected.tobytes()


def test_a_group_carries_the_location_of_its_last_op():
    """Kernels name the source ops they came from: the fused op keeps the last member's location."""
    text = """
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = mlc_tensor.exp %x : tensor<4xf32> -> tensor<4xf32> loc("model.py":3:5)
  %1 = mlc_tensor.neg %0 : tensor<4xf32> -> tensor<4xf32> loc("model.py":4:5)
  func.return %1 : tensor<4xf32>
}
"""
    after = fused(parse_module(text), "fuse-elementwise")
    (group,) = [op for op in after.walk() if isinstance(op, FusedOp)]
    assert str(group.location) == 'loc("model.py":4:5)'
    assert str(group.body.block.last_op.location) == 'loc("model.py":4:5)'
