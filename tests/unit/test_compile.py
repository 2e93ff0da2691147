"""mlc.compile: torch models and JAX functions through the pipeline, checked against eager."""

from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import torch

import mlc
from mlc.numerics import NumericsDrift
from mlc.passes import PASSES
from mlc.tools.opt.plugins import load_pass_plugin

TEST_PASSES = Path(__file__).parents[1] / "filecheck" / "inputs" / "numerics_test_passes.py"

PROGRAM = """\
func.func @main(%x: tensor<4xf32>, %y: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %0 = mlc_tensor.mul %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %1 = mlc_tensor.mul %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %2 = mlc_tensor.neg %1 : tensor<4xf32> -> tensor<4xf32>
  func.return %0, %2 : tensor<4xf32>, tensor<4xf32>
}
"""


class MLP(torch.nn.Module):
    """Two layers with a GELU, returning the output and the hidden activation in a dict."""

    def __init__(self) -> None:
        super().__init__()
        self.fc1 = torch.nn.Linear(8, 16)
        self.fc2 = torch.nn.Linear(16, 4)

    def forward(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        hidden = torch.nn.functional.gelu(self.fc1(x))
        return {"out": self.fc2(hidden), "hidden": hidden}


def test_torch_mlp_runs_with_torch_tensors_and_matches_eager():
    torch.manual_seed(0)
    model = MLP().eval()
    x = torch.randn(3, 8)
    fast = mlc.compile(model, x, verify_numerics=True)
    other = torch.randn(3, 8)
    got, want = fast(other), model(other)
    assert set(got) == {"out", "hidden"}
    for key in want:
        assert isinstance(got[key], torch.Tensor) and got[key].dtype == torch.float32
        torch.testing.assert_close(got[key], want[key].detach(), rtol=1e-4, atol=1e-5)
    assert "func.func @main" in fast.ir("imported") and "dialect_resources" in fast.ir("imported")


def test_jax_function_keeps_its_pytrees_and_matches_eager():
    def f(params, x):
        y = jnp.tanh(x @ params["w"] + params["b"])
        return {"y": y, "stats": (y.sum(), jnp.max(y, axis=0))}

    key = jax.random.PRNGKey(0)
    params = {"w": jax.random.normal(key, (5, 3)), "b": jnp.ones(3)}
    x = jax.random.normal(jax.random.PRNGKey(1), (2, 5))
    fast = mlc.compile(f, params, x, verify_numerics=True)
    got, want = fast(params, 2 * x), f(params, 2 * x)
    assert jax.tree_util.tree_structure(got) == jax.tree_util.tree_structure(want)
    for g, w in zip(jax.tree_util.tree_leaves(got), jax.tree_util.tree_leaves(want)):
        assert isinstance(g, jax.Array)
        np.testing.assert_allclose(g, w, rtol=1e-4, atol=1e-5)
    with pytest.raises(TypeError, match="expected arguments structured as"):
        fast(x, params)


def test_mlir_text_and_stages(tmp_path: Path):
    x, y = np.arange(4, dtype=np.float32), np.full(4, 2, np.float32)
    fast = mlc.compile(PROGRAM, pipeline="builtin.module(func.func(cse))")
    a, b = fast(x, y)
    np.testing.assert_array_equal(a, x * y)
    np.testing.assert_array_equal(b, -x * y)
    assert fast.ir("imported").count("mlc_tensor.mul") == 2 and fast.ir().count("mlc_tensor.mul") == 1
    path = tmp_path / "m.mlir"
    path.write_text(PROGRAM)
    assert mlc.compile(str(path), pipeline=None).ir() == fast.ir("imported")
    with pytest.raises(ValueError, match="unknown IR stage 'lowered'; stages: imported, compiled"):
        fast.ir("lowered")


def test_verify_numerics_stops_a_drifting_pass(monkeypatch: pytest.MonkeyPatch):
    for flag, factory in load_pass_plugin(str(TEST_PASSES)).items():
        monkeypatch.setitem(PASSES, flag, factory)
    x, y = np.ones(4, np.float32), np.full(4, 3, np.float32)
    with pytest.raises(NumericsDrift, match="(?s)after pass 'test-mul-to-add'.*first differing value: mlc_tensor.mul at <string>:2:3"):
        mlc.compile(PROGRAM, x, y, pipeline="test-mul-to-add", verify_numerics=True)
    # Without the check the drift goes unnoticed: 1 + 3 is not 1 * 3.
    assert mlc.compile(PROGRAM, pipeline="test-mul-to-add")(x, y)[0][0] == 4


def test_user_errors_are_clear():
    with pytest.raises(ValueError, match="backend 'triton' is not available; backends: 'numpy' \\(the numpy reference interpreter\\)"):
        mlc.compile(PROGRAM, backend="triton")
    with pytest.raises(TypeError, match="expects a torch.nn.Module, a JAX function, a ModuleOp, or MLIR text"):
        mlc.compile(42)
