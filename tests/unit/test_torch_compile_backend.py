"""torch.compile(model, backend="mlc"): the Dynamo entry point, its options, and the eager fallback."""

import warnings

import pytest
import torch

from mlc.compile import CompiledModule
from mlc.dynamo import MlcFallbackWarning


class Block(torch.nn.Module):
    """A linear layer with a ReLU and a residual row sum: weights reach the backend as graph inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.fc = torch.nn.Linear(13, 7)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.relu(self.fc(x)) * 2 + x.sum(-1, keepdim=True)


@pytest.fixture(autouse=True)
def fresh_dynamo():
    """Each test compiles from scratch (Dynamo caches compiled frames per code object)."""
    torch._dynamo.reset()
    yield
    torch._dynamo.reset()


@pytest.mark.parametrize("options", [None, {"backend": "triton"}, {"backend": "numpy-kernel", "pipeline": "mlc-default"}])
def test_small_model_matches_eager(options, monkeypatch: pytest.MonkeyPatch, tmp_path):
    monkeypatch.setenv("MLC_CACHE_DIR", str(tmp_path))
    calls = []
    run = CompiledModule.__call__
    monkeypatch.setattr(CompiledModule, "__call__", lambda self, *a: calls.append(self.backend) or run(self, *a))
    torch.manual_seed(0)
    model = Block().eval()
    fast = torch.compile(model, backend="mlc", options=options)
    with warnings.catch_warnings():
        warnings.simplefilter("error", MlcFallbackWarning)  # compiled by mlc, not run eagerly
        for _ in range(2):  # the second call reuses the compiled graph
            x = torch.randn(3, 13)
            with torch.no_grad():
                torch.testing.assert_close(fast(x), model(x), rtol=1e-5, atol=1e-5)
    backend = (options or {}).get("backend", "numpy")
    assert calls == [backend, backend]
    assert len(list((tmp_path / "triton").glob("mlc_*.py"))) == (backend == "triton")


def test_unsupported_op_falls_back_to_eager_with_one_warning():
    def f(x: torch.Tensor) -> torch.Tensor:
        return torch.special.zeta(x, torch.ones_like(x)) + 1

    x = torch.rand(5) + 1.5
    with pytest.warns(MlcFallbackWarning, match=r"running this graph eagerly.*1 unsupported op: aten.special_zeta.default x1") as record:
        got = torch.compile(f, backend="mlc")(x)
    assert len([w for w in record if w.category is MlcFallbackWarning]) == 1
    torch.testing.assert_close(got, f(x))


def test_graph_without_a_kernel_lowering_falls_back_to_eager():
    def f(x: torch.Tensor) -> torch.Tensor:
        return torch.sort(x, -1).values * 2

    x = torch.randn(2, 5)
    with pytest.warns(MlcFallbackWarning, match="mlc_tensor.sort has no kernel lowering"):
        got = torch.compile(f, backend="mlc", options={"backend": "numpy-kernel"})(x)
    torch.testing.assert_close(got, f(x))


def test_unknown_option_is_an_error():
    with pytest.raises(Exception, match=r"unknown option\(s\) 'backnd'; options: 'backend'"):
        torch.compile(Block(), backend="mlc", options={"backnd": "triton"})(torch.randn(2, 13))
