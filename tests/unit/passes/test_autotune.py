"""autotune and mlc.tile: candidates, a fake clock's winner recorded, wrong candidates rejected,
tuned IR replayed bit-exactly, the tile attribute's checks, and the device errors.

Without a GPU the tuner runs kernels in Triton's CPU interpreter (tests/conftest.py sets
TRITON_INTERPRET=1); the `gpu` test tunes a matmul on CUDA.
"""

from contextlib import nullcontext
from pathlib import Path

import numpy as np
import pytest
import torch
from xdsl.dialects.builtin import DictionaryAttr, ModuleOp, StringAttr
from triton.runtime.errors import OutOfResources
from xdsl.utils.exceptions import PassFailedException

from mlc.dialects import mlc_tensor as mt
from mlc.dialects.mlc_kernel import KernelFuncOp
from mlc.ir.context import mlc_context, parse_module
from mlc.ir.diagnostics import OpError, collect_remarks
from mlc.lowering.convert_mlc_tensor_to_mlc_kernel import ConvertMlcTensorToMlcKernel
from mlc.lowering.to_kernel.tiles import Tiling
from mlc.passes import PASSES, autotune
from mlc.passes.autotune import TUNED_ATTR, Autotune, Launch, candidates, timed_by
from mlc.runtime.interpreter import find_function, random_inputs, run_function
from mlc.runtime.triton_launcher import TritonModule

SOFTMAX = """
func.func @f(%x: tensor<3x33xf32>) -> tensor<3x33xf32> {
  %0 = mlc_tensor.softmax %x {axis = 1 : i64} : tensor<3x33xf32> -> tensor<3x33xf32>
  func.return %0 : tensor<3x33xf32>
}
"""
"""A lone row reduction: heuristic BLOCK=64 (rows of 33), num_warps=1, num_stages=1."""

MLP = """
func.func @f(%x: tensor<9x12xf32>, %w: tensor<10x12xf32>) -> tensor<9x10xf32> {
  %b = mlc_tensor.constant dense<0.5> : tensor<10xf32>
  %h = mlc_tensor.linear %x, %w, %b : tensor<9x12xf32>, tensor<10x12xf32>, tensor<10xf32> -> tensor<9x10xf32>
  %r = mlc_tensor.gelu %h {approximate = "tanh"} : tensor<9x10xf32> -> tensor<9x10xf32>
  %s = mlc_tensor.add %r, %h : tensor<9x10xf32>, tensor<9x10xf32> -> tensor<9x10xf32>
  func.return %s : tensor<9x10xf32>
}
"""
"""linear + epilogue in one group (a splat bias cloned into the tuned module), odd sizes; 9 rows: a GEMM, not a GEMV."""


@pytest.fixture(autouse=True)
def cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Emitted candidates go to a fresh cache directory."""
    monkeypatch.setenv("MLC_CACHE_DIR", str(tmp_path))


def settings(attr: object) -> dict[str, int | float | str]:
    """An mlc.tile / mlc.autotuned dictionary as plain Python values."""
    assert isinstance(attr, DictionaryAttr)
    return {k: v.data if isinstance(v, StringAttr) else v.value.data for k, v in attr.data.items()}


def tune(text: str, fuse: tuple[str, ...] = (), timer: autotune.Timer | None = None, **options) -> tuple[ModuleOp, list]:
    """`text` after the fuse-* passes and autotune{device=interpreter, options} (timed by `timer`
    when given); and the remarks."""
    ctx = mlc_context()
    module = parse_module(text)
    for flag in fuse:
        PASSES[flag]()().apply(ctx, module)
    with collect_remarks() as remarks, timed_by(timer) if timer else nullcontext():
        Autotune(device="interpreter", **options).apply(ctx, module)
    module.verify()
    return module, remarks


def groups(module: ModuleOp) -> list:
    """The top-level compute ops (groups and lone ops) of @f."""
    return [op for op in find_function(module, "f").body.block.ops if op.name != "func.return" and not isinstance(op, mt.ConstantOp)]


def cost(table: dict[tuple[int, int], float]) -> autotune.Timer:
    """A fake clock: launches once, then answers from `table` by (BLOCK, num_warps)."""

    def timer(launch: Launch, tiling: Tiling) -> float:
        launch()
        return table[tiling.constexprs["BLOCK"], tiling.num_warps]

    return timer


def test_candidates_start_at_the_heuristic_and_change_one_setting_first():
    heuristic = Tiling({"BLOCK_M": 64, "BLOCK_N": 32, "BLOCK_K": 32, "GROUP_M": 8}, 4, 3)
    found = candidates(heuristic)
    assert found[0] == heuristic
    changed = [sum(a != b for a, b in zip(t.settings().values(), heuristic.settings().values())) for t in found]
    assert changed == sorted(changed) and changed[1:10] == [1] * 9
    assert len(found) == 3 * 3 * 3 * 3 * 3  # three blocks, warps 2/4/8, stages 2/3/4; GROUP_M kept
    assert {t.constexprs["GROUP_M"] for t in found} == {8}
    assert {t.num_stages for t in found} == {2, 3, 4}
    # A kernel without a loop has no stages to vary; warps stay within [1, 16].
    assert [t.settings() for t in candidates(Tiling({"BLOCK": 64}, 1, 1))] == [
        {"BLOCK": 64, "num_warps": 1, "num_stages": 1},
        {"BLOCK": 64, "num_warps": 2, "num_stages": 1},
        {"BLOCK": 32, "num_warps": 1, "num_stages": 1},
        {"BLOCK": 128, "num_warps": 1, "num_stages": 1},
        {"BLOCK": 32, "num_warps": 2, "num_stages": 1},
        {"BLOCK": 128, "num_warps": 2, "num_stages": 1},
    ]


def test_fake_timer_picks_the_known_winner():
    # BLOCK=32 is shorter than a row of 33: the conversion refuses it, so it is no candidate.
    timer = cost({(64, 1): 7.0, (128, 1): 6.0, (64, 2): 6.5, (128, 2): 3.5})
    module, remarks = tune(SOFTMAX, timer=timer)
    (op,) = groups(module)
    assert settings(op.attributes["mlc.tile"]) == {"BLOCK": 128, "num_warps": 2, "num_stages": 1}
    assert settings(op.attributes[TUNED_ATTR]) == {
        "candidates": 4, "rejected": 0, "best_ms": 3.5, "heuristic_ms": 7.0, "device": "triton-interpreter",
    }  # fmt: skip
    assert [r.message for r in remarks] == [
        "autotune: softmax_0: BLOCK=128 num_warps=2 num_stages=1 wins at 3.5 ms, 2.00x over the heuristic "
        "BLOCK=64 num_warps=1 num_stages=1 (7 ms); 4 candidates, 0 rejected, on triton-interpreter"
    ]


def test_candidate_limit_counts_the_heuristic():
    timer = cost({(64, 1): 7.0, (128, 1): 6.0, (64, 2): 6.5, (128, 2): 3.5})
    module, _ = tune(SOFTMAX, timer=timer, candidates=2)  # the heuristic and num_warps=2 only
    (op,) = groups(module)
    assert settings(op.attributes["mlc.tile"]) == {"BLOCK": 64, "num_warps": 2, "num_stages": 1}
    assert settings(op.attributes[TUNED_ATTR])["candidates"] == 2


def test_wrong_candidate_is_rejected_with_a_remark():
    # The fastest candidate's outputs come back corrupted (as from a miscompiled kernel).
    table = {(64, 1): 7.0, (128, 1): 6.0, (64, 2): 6.5, (128, 2): 3.5}

    def timer(launch: Launch, tiling: Tiling) -> float:
        outputs = launch()
        if tiling.settings() == {"BLOCK": 128, "num_warps": 2, "num_stages": 1}:
            outputs[0][1, 5] += 1.0
        return table[tiling.constexprs["BLOCK"], tiling.num_warps]

    module, remarks = tune(SOFTMAX, timer=timer)
    (op,) = groups(module)
    assert settings(op.attributes["mlc.tile"]) == {"BLOCK": 128, "num_warps": 1, "num_stages": 1}
    assert settings(op.attributes[TUNED_ATTR])["rejected"] == 1
    assert remarks[0].message == (
        "autotune: softmax_0: candidate BLOCK=128 num_warps=2 num_stages=1 rejected: output #0 differs from "
        "the heuristic's at 1 of 99 elements (by up to 1)"
    )
    assert remarks[0].op is op


def test_candidate_triton_cannot_build_is_rejected():
    table = {(64, 1): 7.0, (128, 1): 6.0, (64, 2): 6.5, (128, 2): 3.5}

    def timer(launch: Launch, tiling: Tiling) -> float:
        if tiling.constexprs["BLOCK"] == 128:  # as Triton reports a tile that overflows shared memory
            raise OutOfResources(262144, 232448, "shared memory")
        return cost(table)(launch, tiling)

    module, remarks = tune(SOFTMAX, timer=timer)
    (op,) = groups(module)
    assert settings(op.attributes["mlc.tile"]) == {"BLOCK": 64, "num_warps": 2, "num_stages": 1}
    assert settings(op.attributes[TUNED_ATTR])["rejected"] == 2
    assert remarks[0].message.startswith(
        "autotune: softmax_0: candidate BLOCK=128 num_warps=1 num_stages=1 rejected: Triton failed: out of resource: shared memory"
    )


def test_every_candidate_rejected_keeps_the_heuristic():
    def timer(launch: Launch, tiling: Tiling) -> float:
        launch()[0].fill_(0.0)
        return 1.0

    module, remarks = tune(SOFTMAX, timer=timer, candidates=2)
    (op,) = groups(module)
    assert "mlc.tile" not in op.attributes and TUNED_ATTR not in op.attributes
    assert remarks[-1].message == "autotune: softmax_0: every candidate was rejected; keeping the heuristic"


def test_rejected_heuristic_is_not_a_baseline():
    def timer(launch: Launch, tiling: Tiling) -> float:
        outputs = launch()
        if tiling.settings() == {"BLOCK": 64, "num_warps": 1, "num_stages": 1}:
            outputs[0][0, 0] = float("nan")
        return 1.0

    module, remarks = tune(SOFTMAX, timer=timer, candidates=2)
    (op,) = groups(module)
    assert settings(op.attributes["mlc.tile"]) == {"BLOCK": 64, "num_warps": 2, "num_stages": 1}
    assert "heuristic_ms" not in settings(op.attributes[TUNED_ATTR])
    assert remarks[-1].message == (
        "autotune: softmax_0: BLOCK=64 num_warps=2 num_stages=1 wins at 1 ms, the heuristic BLOCK=64 num_warps=1 "
        "num_stages=1 was rejected; 2 candidates, 1 rejected, on triton-interpreter"
    )


def test_heuristic_kernel_failing_in_triton_leaves_the_group_untuned(monkeypatch: pytest.MonkeyPatch):
    def launcher(self: autotune.Tuner, kernels: ModuleOp) -> tuple:
        raise OutOfResources(262144, 232448, "shared memory")

    monkeypatch.setattr(autotune.Tuner, "launcher", launcher)
    module, remarks = tune(SOFTMAX, timer=cost({}))
    assert "mlc.tile" not in groups(module)[0].attributes
    assert [r.message for r in remarks] == [
        "autotune: softmax_0 not tuned: the heuristic's kernel fails in Triton: out of resource: shared memory, "
        "Required: 262144, Hardware limit: 232448. Reducing block sizes or `num_stages` may help."
    ]


def test_group_the_conversion_refuses_is_left_untuned():
    text = """
    func.func @f(%a: tensor<4x8xf32>, %b: tensor<8x4xf32>) -> tensor<4x4xf32> {
      %0 = mlc_tensor.fused (%x = %a, %y = %b) {kind = "epilogue"} : (tensor<4x8xf32>, tensor<8x4xf32>) -> tensor<4x4xf32> {
        %m = mlc_tensor.matmul %x, %y : tensor<4x8xf32>, tensor<8x4xf32> -> tensor<4x4xf32>
        %n = mlc_tensor.matmul %m, %m : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
        mlc_tensor.yield %n : tensor<4x4xf32>
      }
      func.return %0 : tensor<4x4xf32>
    }
    """
    module, remarks = tune(text, timer=cost({}))
    (op,) = groups(module)
    assert "mlc.tile" not in op.attributes
    (remark,) = remarks
    assert remark.message.startswith("autotune: mlc_tensor.fused not tuned: convert-mlc-tensor-to-mlc-kernel: ")
    assert "expected one contraction per kernel, got 2" in remark.message


def test_tuned_ir_replays_bit_exactly_and_keeps_the_numerics():
    # Interpreter timings decide the winners; what matters is that the dumped IR replays them.
    module, remarks = tune(MLP, fuse=("fuse-epilogue",), candidates=3)
    (group,) = groups(module)
    assert isinstance(group, mt.FusedOp) and "linear_0" in remarks[0].message
    tile = settings(group.attributes["mlc.tile"])
    assert set(tile) == {"BLOCK_M", "BLOCK_N", "BLOCK_K", "GROUP_M", "num_warps", "num_stages"}
    dumped = str(module)
    lowered = []
    for _ in range(2):
        replay = parse_module(dumped)
        ConvertMlcTensorToMlcKernel(matmul=(64, 64, 64)).apply(mlc_context(), replay)  # mlc.tile wins over options
        lowered.append(replay)
    assert str(lowered[0]) == str(lowered[1])
    (kernel,) = [op for op in lowered[0].ops if isinstance(op, KernelFuncOp)]
    got = {k: v.value.data for k, v in kernel.constexprs.data.items()}
    assert {**got, "num_warps": kernel.num_warps.value.data, "num_stages": kernel.num_stages.value.data} == tile
    # The tuned kernels compute what the graph does: numpy mlc_kernel interpreter and Triton.
    inputs = random_inputs(find_function(module, "f"), seed=1)
    want = run_function(parse_module(MLP), inputs)
    for got in (run_function(lowered[0], inputs), TritonModule.load(lowered[0]).run(inputs, device="cpu")):
        np.testing.assert_allclose(got[0], want[0], rtol=1e-5, atol=1e-5)


def test_pinned_group_is_kept():
    text = SOFTMAX.replace("{axis = 1 : i64}", "{axis = 1 : i64, mlc.tile = {BLOCK = 256}}")
    module, remarks = tune(text, timer=cost({}))
    (op,) = groups(module)
    assert TUNED_ATTR not in op.attributes
    assert [r.message for r in remarks] == ["autotune: mlc_tensor.softmax keeps its mlc.tile; remove it to tune again"]


def test_tile_attribute_overrides_heuristic_and_options():
    text = MLP.replace(
        ": tensor<9x12xf32>, tensor<10x12xf32>, tensor<10xf32>",
        "{mlc.tile = {BLOCK_N = 32, num_stages = 2}} : tensor<9x12xf32>, tensor<10x12xf32>, tensor<10xf32>",
    ).replace('{approximate = "tanh"}', '{approximate = "tanh", mlc.tile = {BLOCK = 16, num_warps = 2}}')
    module = parse_module(text)
    ConvertMlcTensorToMlcKernel(matmul=(64, 64, 64), warps=8).apply(mlc_context(), module)
    kernels = {op.sym_name.data: op for op in module.ops if isinstance(op, KernelFuncOp)}
    linear, gelu = kernels["linear_0"], kernels["gelu_0"]
    # Unpinned settings come from the options (BLOCK_M, BLOCK_K, warps) and the heuristic (GROUP_M).
    assert {k: v.value.data for k, v in linear.constexprs.data.items()} == {"BLOCK_M": 64, "BLOCK_N": 32, "BLOCK_K": 64, "GROUP_M": 8}
    assert (linear.num_warps.value.data, linear.num_stages.value.data) == (8, 2)
    assert gelu.constexprs.data["BLOCK"].value.data == 16 and gelu.num_warps.value.data == 2
    assert gelu.grid_sizes() == (6,)  # 90 elements in blocks of 16


@pytest.mark.parametrize(
    "op, tile, message",
    [
        ("gelu", "{BLOCK_M = 16}", "mlc.tile: unknown key BLOCK_M for this elementwise kernel, which takes BLOCK, num_warps, num_stages"),
        ("gelu", "{BLOCK = 48}", "mlc.tile: BLOCK must be a power of two, got 48"),
        ("gelu", "{num_warps = 3}", "mlc.tile: num_warps must be a power of two, got 3"),
        ("gelu", "{num_stages = 0}", "mlc.tile: num_stages must be positive, got 0"),
        ("gelu", '"big"', 'mlc.tile must be a dictionary of integers like {BLOCK = 256, num_warps = 4}, got "big"'),
        ("linear", "{BLOCK_K = 8}", "mlc.tile: BLOCK_K must be at least 16 (tl.dot's smallest tile), got 8"),
        ("linear", "{BLOCK = 64}", "mlc.tile: unknown key BLOCK for this matmul kernel, which takes BLOCK_M, BLOCK_N, BLOCK_K, GROUP_M"),
        ("softmax", "{BLOCK = 32}", "mlc.tile: BLOCK=32 is shorter than a row of 33 elements"),
    ],
)
def test_tile_attribute_errors(op: str, tile: str, message: str):
    text = {"gelu": MLP, "linear": MLP, "softmax": SOFTMAX}[op]
    anchor = {"gelu": '{approximate = "tanh"', "linear": "mlc_tensor.linear %x, %w, %b", "softmax": "{axis = 1 : i64"}[op]
    if op == "linear":
        text = text.replace(anchor, f"{anchor} {{mlc.tile = {tile}}}")
    else:
        text = text.replace(anchor, f"{anchor}, mlc.tile = {tile}")
    module = parse_module(text)
    with pytest.raises(OpError, match="^convert-mlc-tensor-to-mlc-kernel: mlc_tensor") as err:
        ConvertMlcTensorToMlcKernel().apply(mlc_context(), module)
    assert message in err.value.message and err.value.message.endswith("; fix or remove its mlc.tile attribute")
    assert err.value.op.name == f"mlc_tensor.{op}"


def test_no_gpu_is_a_clear_error(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(PassFailedException, match=r"autotune: no CUDA GPU here .*give device=interpreter"):
        Autotune().apply(mlc_context(), parse_module(SOFTMAX))


@pytest.mark.parametrize(
    "options, message",
    [
        ({"device": "tpu"}, "autotune: unknown device 'tpu'; give device=cuda or device=interpreter"),
        ({"device": "interpreter", "candidates": 0}, "autotune: candidates must be at least 1, got 0; give candidates=16"),
    ],
)
def test_option_errors(options: dict, message: str):
    with pytest.raises(PassFailedException, match=message):
        Autotune(**options).apply(mlc_context(), parse_module(SOFTMAX))


def test_interpreter_device_needs_triton_imported_interpreting(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(autotune, "triton_interprets", lambda: False)
    with pytest.raises(PassFailedException, match="device=interpreter needs Triton imported in interpreter mode"):
        Autotune(device="interpreter").apply(mlc_context(), parse_module(SOFTMAX))


def test_cuda_device_refuses_an_interpreting_triton(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(autotune, "triton_interprets", lambda: True)
    with pytest.raises(PassFailedException, match="imported with TRITON_INTERPRET=1"):
        Autotune().apply(mlc_context(), parse_module(SOFTMAX))


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available() or autotune.triton_interprets(), reason="needs an NVIDIA GPU")
def test_tunes_a_matmul_on_cuda():
    text = """
    func.func @f(%a: tensor<100x80xf16>, %b: tensor<80x96xf16>) -> tensor<100x96xf16> {
      %0 = mlc_tensor.matmul %a, %b : tensor<100x80xf16>, tensor<80x96xf16> -> tensor<100x96xf16>
      %1 = mlc_tensor.relu %0 : tensor<100x96xf16> -> tensor<100x96xf16>
      func.return %1 : tensor<100x96xf16>
    }
    """
    ctx = mlc_context()
    module = parse_module(text)
    PASSES["fuse-epilogue"]()().apply(ctx, module)
    with collect_remarks() as remarks:
        Autotune(candidates=8).apply(ctx, module)
    (group,) = groups(module)
    tuned = settings(group.attributes[TUNED_ATTR])
    assert tuned["device"] == torch.cuda.get_device_name() and tuned["candidates"] == 8
    assert 0 < tuned["best_ms"] <= tuned["heuristic_ms"]
    assert "x over the heuristic" in remarks[-1].message
    ConvertMlcTensorToMlcKernel().apply(ctx, module)
    inputs = random_inputs(find_function(parse_module(text), "f"), seed=0)
    want = run_function(parse_module(text), inputs)
    got = TritonModule.load(module).run(inputs, device="cuda")
    np.testing.assert_allclose(got[0].astype(np.float32), want[0].astype(np.float32), rtol=1e-2, atol=1e-2)
