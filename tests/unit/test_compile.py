"""mlc.compile: torch models and JAX functions through the pipeline, checked against eager."""

import sys
from pathlib import Path
from types import SimpleNamespace

import jax
import jax.numpy as jnp
import numpy as np
import pytest
import torch

import mlc
from mlc.numerics import NumericsDrift
from mlc.passes import manager
from mlc.passes.manager import PassFailed
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


@pytest.mark.parametrize("backend", ["numpy", "triton"])
def test_torch_mlp_runs_with_torch_tensors_and_matches_eager(backend: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("MLC_CACHE_DIR", str(tmp_path))
    torch.manual_seed(0)
    model = MLP().eval()
    x = torch.randn(3, 8)
    fast = mlc.compile(model, x, verify_numerics=True, backend=backend)
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
    assert fast.ir("imported").count("mlc_tensor.mul") == 2 and fast.ir("graph").count("mlc_tensor.mul") == 1
    path = tmp_path / "m.mlir"
    path.write_text(PROGRAM)
    assert mlc.compile(str(path), pipeline=None).ir() == fast.ir("imported")
    with pytest.raises(ValueError, match="unknown IR stage 'lowered'; stages: imported, graph, kernel"):
        fast.ir("lowered")


def test_verify_numerics_stops_a_drifting_pass(monkeypatch: pytest.MonkeyPatch):
    # The pass table is cached per process: swap in one that has the test passes too.
    passes = {**manager.all_passes(), **load_pass_plugin(str(TEST_PASSES))}
    monkeypatch.setattr(manager, "all_passes", lambda: passes)
    x, y = np.ones(4, np.float32), np.full(4, 3, np.float32)
    with pytest.raises(NumericsDrift, match="(?s)after pass 'test-mul-to-add'.*first differing value: mlc_tensor.mul at <string>:2:3"):
        mlc.compile(PROGRAM, x, y, pipeline="test-mul-to-add", verify_numerics=True)
    # Without the check the drift goes unnoticed: 1 + 3 is not 1 * 3.
    assert mlc.compile(PROGRAM, pipeline="test-mul-to-add")(x, y)[0][0] == 4


def test_user_errors_are_clear():
    with pytest.raises(ValueError, match="backend 'cuda' is not available; backends: 'numpy' \\(.*\\), 'numpy-kernel' \\(.*\\), 'triton'"):
        mlc.compile(PROGRAM, backend="cuda")
    with pytest.raises(TypeError, match="expects a torch.nn.Module, a JAX function, a ModuleOp, or MLIR text"):
        mlc.compile(42)


def odd_shapes(x, y, b):
    """Broadcast from both sides, a matmul with an epilogue, a row mean: no size a multiple of a block."""
    return jnp.tanh(x) * b + 1.0, jnp.maximum(x @ y, 0.0) * 2.0, jnp.mean(x * x, axis=-1)


def odd_inputs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(5x37, 37x3, 1x37) f32 arrays."""
    rng = np.random.default_rng(0)
    shapes = [(5, 37), (37, 3), (1, 37)]
    return tuple(rng.standard_normal(s).astype(np.float32) for s in shapes)


@pytest.fixture
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A fresh Triton source cache for the test."""
    monkeypatch.setenv("MLC_CACHE_DIR", str(tmp_path))
    return tmp_path / "triton"


@pytest.mark.parametrize("backend", ["triton", "numpy-kernel"])
def test_kernel_backends_match_eager_on_odd_shapes(backend: str, cache: Path):
    # Triton runs on CUDA where there is one, else in its CPU interpreter (tests/conftest.py).
    fast = mlc.compile(odd_shapes, *odd_inputs(), backend=backend)
    other = tuple(2 * a for a in odd_inputs())
    for got, want in zip(fast(*other), odd_shapes(*other), strict=True):
        assert isinstance(got, jax.Array) and got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)
    assert list(cache.glob("mlc_*.py")) == ([] if backend == "numpy-kernel" else [fast._triton.path])


def test_triton_torch_function_runs_with_torch_tensors(cache: Path):
    class Gate(torch.nn.Module):
        """Weight-free: a sigmoid gate and a row softmax-free normalisation over inputs only."""

        def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
            return torch.sigmoid(x) * y / (y * y).sum(-1, keepdim=True)

    x, y = torch.randn(3, 1, 19), torch.randn(3, 7, 19)
    fast = mlc.compile(Gate(), x, y, backend="triton")
    got = fast(x, y)
    assert isinstance(got, torch.Tensor)
    torch.testing.assert_close(got, Gate()(x, y), rtol=1e-5, atol=1e-6)


def test_ir_stages_source_and_kernel_table(cache: Path):
    fast = mlc.compile(odd_shapes, *odd_inputs())  # numpy backend: kernel IR and source made on demand
    assert "mlc_tensor.fused" in fast.ir("graph") and "mlc_kernel" not in fast.ir("graph")
    kernel_ir = fast.ir("kernel")
    assert kernel_ir.count("mlc_kernel.func @") == 3 and "mlc_kernel.launch" in kernel_ir
    source = fast.source()
    table = fast.kernels()
    rows = {k.name: k for k in table}
    for name in rows:  # each kernel under its header comment: grid, tiles, then its source ops
        assert f"# @{name}: grid " in source and f"@triton.jit\ndef {name}(" in source
    assert "#   mlc_tensor.matmul " in source and "run = main" in source
    assert {k.kind for k in table} == {"elementwise", "matmul", "reduction"}
    matmul = next(k for k in table if k.kind == "matmul")
    m, n, k = (matmul.tile[key] for key in ("BLOCK_M", "BLOCK_N", "BLOCK_K"))
    trips = -(-37 // k)
    # One 5x3 output tile of a GEMV (M = 5 <= 8: BLOCK_M = 8, no dot): per K step the product and
    # its sum over the 8 x 64 x 16 block plus the accumulator add, then max and mul on the 8x16
    # block (masked lanes count).
    assert (m, matmul.grid) == (8, (1,)) and matmul.flops == (2 * m * n * k + m * n) * trips + 2 * m * n
    assert matmul.bytes == 4 * (5 * 37 + 37 * 3 + 5 * 3)
    assert [s.split(" ")[0] for s in matmul.sources] == ["mlc_tensor.matmul", "mlc_tensor.constant", "mlc_tensor.maximum", "mlc_tensor.constant", "mlc_tensor.mul"]
    reduction = next(k for k in table if k.kind == "reduction")
    assert reduction.grid == (5,) and reduction.bytes == 4 * (5 * 37 + 5)
    text = str(table).splitlines()
    assert text[0].split() == ["kernel", "kind", "grid", "tile", "FLOPs", "bytes", "source", "ops"]
    assert len(text) == 1 + len(rows) and any(line.startswith(matmul.name) and "matmul, constant, maximum" in line for line in text)


def test_triton_without_gpu_needs_the_interpreter_chosen_first(monkeypatch: pytest.MonkeyPatch):
    # A Triton whose library was defined compiled (imported before TRITON_INTERPRET=1) cannot interpret.
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setitem(sys.modules, "triton", SimpleNamespace(language=SimpleNamespace(sum=len)))
    with pytest.raises(RuntimeError, match="Triton was imported before TRITON_INTERPRET=1 was set"):
        mlc.compile(PROGRAM, backend="triton")


def test_kernel_backends_fail_at_compile_time_on_ops_without_a_kernel_lowering():
    def f(x):
        return jnp.sort(x, axis=-1)

    x = np.array([[3.0, 1.0, 2.0], [0.5, -1.0, 4.0]], np.float32)
    with pytest.raises(PassFailed, match="mlc_tensor.sort has no kernel lowering"):
        mlc.compile(f, x, backend="numpy-kernel")
    fast = mlc.compile(f, x)  # the graph interpreter runs it; only asking for kernels fails
    np.testing.assert_array_equal(fast(x), np.sort(x, axis=-1))
    with pytest.raises(PassFailed, match="mlc_tensor.sort has no kernel lowering"):
        fast.kernels()
