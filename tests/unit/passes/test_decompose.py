"""decompose and recompose: composites split into primitives and back, values kept, round trips exact."""

import jax
import jax.numpy as jnp
import pytest
import torch
from pass_models import conv_bn_relu_maxpool, count, op_names, transformer_block

from mlc.frontend.jax import import_function
from mlc.frontend.torch import import_module
from mlc.ir.context import parse_module
from mlc.numerics import assert_pipeline_preserves_numerics
from mlc.passes.manager import PassFailed, run_pipeline

ALL = "decompose{ops=softmax,log_softmax,layer_norm,gelu,batch_norm,linear}"
COMPOSITES = [
    "mlc_tensor.softmax",
    "mlc_tensor.log_softmax",
    "mlc_tensor.layer_norm",
    "mlc_tensor.gelu",
    "mlc_tensor.batch_norm",
]


@pytest.fixture(scope="module")
def block():
    """The imported transformer block (cloned by each test)."""
    return transformer_block()


def test_transformer_block_decomposes_with_the_same_values(block):
    module = assert_pipeline_preserves_numerics(block.clone(), "decompose")
    assert not set(COMPOSITES) & set(op_names(module))
    assert count(module, "mlc_tensor.rsqrt") == 2 and count(module, "mlc_tensor.tanh") == 1


def test_transformer_block_round_trip(block):
    """recompose(decompose(m)) == m for a module recompose leaves alone (its matmul+transpose became linear)."""
    module = run_pipeline(block.clone(), "recompose")
    assert count(module, "mlc_tensor.linear") == 4
    expected = str(module)
    assert str(assert_pipeline_preserves_numerics(module, f"{ALL},recompose")) == expected


def test_conv_net_batch_norm_round_trip():
    module = conv_bn_relu_maxpool()
    expected = str(module)
    decomposed = assert_pipeline_preserves_numerics(module.clone(), "decompose{ops=batch_norm}")
    assert count(decomposed, "mlc_tensor.batch_norm") == 0
    assert str(run_pipeline(decomposed, "recompose")) == expected


NARROW = """
func.func @main(%x: tensor<2x3x8xf16>, %w: tensor<8xf16>, %lw: tensor<4x8xf16>, %b: tensor<2x3x4x4xbf16>, %p: tensor<3xbf16>)
    -> (tensor<2x3x8xf16>, tensor<2x3x8xf16>, tensor<2x3x8xf16>, tensor<2x3x8xf16>, tensor<2x3x4xf16>, tensor<2x3x4x4xbf16>) {
  %s = mlc_tensor.softmax %x {axis = 2 : i64} : tensor<2x3x8xf16> -> tensor<2x3x8xf16>
  %l = mlc_tensor.log_softmax %x {axis = 1 : i64} : tensor<2x3x8xf16> -> tensor<2x3x8xf16>
  %n = mlc_tensor.layer_norm %x weight(%w : tensor<8xf16>) bias(%w : tensor<8xf16>) : tensor<2x3x8xf16> -> tensor<2x3x8xf16>
  %g = mlc_tensor.gelu %x : tensor<2x3x8xf16> -> tensor<2x3x8xf16>
  %f = mlc_tensor.linear %x, %lw : tensor<2x3x8xf16>, tensor<4x8xf16> -> tensor<2x3x4xf16>
  %v = mlc_tensor.abs %p : tensor<3xbf16> -> tensor<3xbf16>
  %bn = mlc_tensor.batch_norm %b scale %p bias %p mean %p var %v {epsilon = 1.0e-03 : f64} : tensor<2x3x4x4xbf16>, tensor<3xbf16>, tensor<3xbf16>, tensor<3xbf16>, tensor<3xbf16> -> tensor<2x3x4x4xbf16>
  func.return %s, %l, %n, %g, %f, %bn : tensor<2x3x8xf16>, tensor<2x3x8xf16>, tensor<2x3x8xf16>, tensor<2x3x8xf16>, tensor<2x3x4xf16>, tensor<2x3x4x4xbf16>
}
"""


def test_f16_and_bf16_compute_in_f32_and_round_trip():
    """Narrow floats decompose on f32 casts (one rounding at the end, like the composites)."""
    module = parse_module(NARROW)
    expected = str(module)
    decomposed = assert_pipeline_preserves_numerics(module, ALL, rtol=1e-2, atol=1e-2)
    assert count(decomposed, "mlc_tensor.cast") > 0 and not set(COMPOSITES) & set(
        op_names(decomposed)
    )
    assert str(run_pipeline(decomposed, "recompose")) == expected


def test_recompose_finds_jax_spellings():
    """jax writes reductions without keepdim then reshapes, mean as sum / N, max as maximum(-inf, max).

    softmax and log_softmax take different inputs: on one input cse shares their exps, and
    recomposing either would compute the exps twice.
    """

    def f(x, y, w):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        norm = (x - mean) * jax.lax.rsqrt(var + 1e-5) * w
        return jax.nn.softmax(x), jax.nn.log_softmax(y), jax.nn.gelu(x), norm

    module = import_function(f, jnp.ones((3, 8)), jnp.ones((3, 8)), jnp.ones((8,)))
    module = assert_pipeline_preserves_numerics(module, "cse,recompose")
    names = op_names(module)
    for name in (
        "mlc_tensor.softmax",
        "mlc_tensor.log_softmax",
        "mlc_tensor.gelu",
        "mlc_tensor.layer_norm",
    ):
        assert names.count(name) == 1, name
    assert "mlc_tensor.exp" not in names and "mlc_tensor.tanh" not in names


class Spelled(torch.nn.Module):
    """softmax, layer norm (var and division by sqrt) and erf gelu written out in torch."""

    def forward(self, x):
        e = torch.exp(x - x.amax(-1, keepdim=True))
        m = x.mean(-1, keepdim=True)
        ln = (x - m) / torch.sqrt(x.var(-1, keepdim=True, unbiased=False) + 1e-5)
        gelu = x * 0.5 * (1 + torch.erf(x / 2**0.5))
        return e / e.sum(-1, keepdim=True), ln, gelu


def test_recompose_finds_torch_spellings():
    module = import_module(Spelled(), [torch.randn(2, 3, 8)])
    module = assert_pipeline_preserves_numerics(module, "cse,recompose")
    names = op_names(module)
    for name in ("mlc_tensor.softmax", "mlc_tensor.layer_norm", "mlc_tensor.gelu"):
        assert names.count(name) == 1, name
    assert "mlc_tensor.reduce_sum" not in names and "mlc_tensor.erf" not in names


def test_unknown_op_fails(block):
    with pytest.raises(
        PassFailed, match="decompose: unknown op.s. matmul in ops; choose from softmax"
    ):
        run_pipeline(block.clone(), "decompose{ops=gelu,matmul}")
