"""Smoke runs of the benchmarks at tiny sizes: each runs and writes its JSON (no timing asserted)."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def test_fusion_smoke_writes_results(tmp_path: Path) -> None:
    """benchmarks/fusion.py --smoke measures every workload with mlc, XLA and Inductor."""
    run = subprocess.run(
        [sys.executable, "fusion.py", "--smoke", "--results-dir", str(tmp_path)],
        cwd=BENCHMARKS, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert "mlc kernels" in run.stdout
    data = json.loads((tmp_path / "fusion.json").read_text())
    assert data["size"] == "smoke"
    assert list(data["workloads"]) == [
        "gelu-chain", "mlp", "conv-bn-relu-maxpool", "gpt2-block", "gpt2-2-blocks",
    ]
    for name, row in data["workloads"].items():
        for peer in ("mlc", "xla", "inductor"):
            assert row[peer]["kernels"] >= 1, (name, peer)
        assert row["mlc"]["traffic_bytes"] >= row["mlc"]["minimum_bytes"] > 0, name
    # The elementwise chain is one kernel for every compiler, reading x and writing y once.
    gelu = data["workloads"]["gelu-chain"]
    assert gelu["mlc"]["traffic_bytes"] == gelu["xla"]["traffic_bytes"] == 2 * 8 * 16 * 4


def test_xla_kernel_count_and_traffic() -> None:
    """Kernels and modeled traffic of an entry computation: free ops skipped, scalars are immediates."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from fusion import xla_kernels
    finally:
        sys.path.remove(str(BENCHMARKS))
    hlo = """HloModule m

%fused_computation (p: f32[4,8]) -> f32[4,8] {
  ROOT %p = f32[4,8]{1,0} parameter(0)
}

ENTRY %main.2 (x.1: f32[4,12]) -> f32[4,8] {
  %x.1 = f32[4,12]{1,0} parameter(0), metadata={op_name="x"}
  %constant.9 = f32[12,8]{1,0} constant({...})
  %constant.6 = f32[] constant(0)
  %dot = f32[4,8]{1,0} dot(%x.1, %constant.9), lhs_contracting_dims={1}, rhs_contracting_dims={0}
  %bitcast = f32[32]{0} bitcast(%dot)
  ROOT %max_fusion = f32[4,8]{1,0} fusion(%dot, %constant.6), kind=kLoop, calls=%fused_computation
}
"""
    result = xla_kernels(hlo)
    assert result["kernels"] == 2 and result["fusions"] == 1
    assert result["by_opcode"] == {"dot": 1, "fusion:kLoop": 1}
    # dot: x (192 B) + weight (384 B) read, 128 B written; fusion: 128 B read, 128 B written.
    assert result["traffic_bytes"] == 192 + 384 + 128 + 128 + 128


def test_quant_quick_writes_every_row(tmp_path: Path) -> None:
    """benchmarks/quant.py --quick trains both tiny models and evaluates every variant on the interpreter."""
    run = subprocess.run(
        [sys.executable, "quant.py", "--quick", "--results-dir", str(tmp_path)],
        cwd=BENCHMARKS, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    data = json.loads((tmp_path / "quant.json").read_text())
    assert list(data["tasks"]) == ["cnn", "mlp", "lm"]
    for name, task in data["tasks"].items():
        rows = {r["variant"]: r for r in task["rows"]}
        f32, int8, int4 = rows["f32"], rows["int8 weight-only (per channel)"], rows["int4 weight-only g128"]
        assert f32["bits"] == 32.0 and f32["weight_bytes"] == 4 * task["weight_params"], name
        # Stored bytes follow the formats: int8 is 8 bits plus a scale per channel, int4 packs two per byte.
        assert 8 < int8["bits"] < 9 and 4 < int4["bits"] < int8["bits"], name
        assert "W8A8 static (minmax)" in rows and "QAT int4 g128 (mlc.quant.qat)" in rows, name
        assert all(np.isfinite(r["nll"]) for r in task["rows"]) and "int4 weight-only g64" in rows, name
        # Mixed rows: chosen by the task loss (the scan had a loss_fn), one format per scanned layer.
        mixed = [r for r in task["rows"] if r["variant"].startswith("mixed")]
        assert mixed and all(r["metric_name"] == "loss" and len(r["formats"]) == len(task["layers"]) for r in mixed)
    assert "## Targets" in (tmp_path / "quant.md").read_text()


def run_benchmark(script: str, tmp_path: Path, *options: str) -> subprocess.CompletedProcess:
    """Run benchmarks/<script> --smoke with its results in `tmp_path`; it must succeed."""
    run = subprocess.run(
        [sys.executable, script, "--smoke", *options, "--results-dir", str(tmp_path)],
        cwd=BENCHMARKS, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run


def test_kernels_smoke_times_the_three_ways(tmp_path: Path) -> None:
    """benchmarks/kernels.py: numpy-kernel, the tensor-level interpreter and hand numpy on every workload (or a reason)."""
    run = run_benchmark("kernels.py", tmp_path, "--repeats", "1")
    assert "kernel / hand" in run.stdout
    data = json.loads((tmp_path / "kernels.json").read_text())
    assert list(data["workloads"]) == ["gelu-chain", "mlp", "conv-bn-relu-maxpool", "gpt2-block"]
    assert "seconds" in data["workloads"]["gelu-chain"]  # the elementwise chain always lowers
    for name, row in data["workloads"].items():
        if "skipped" in row:
            assert row["skipped"], name
            continue
        assert set(row["seconds"]) == {"numpy-kernel", "numpy", "hand numpy"}, name
        assert row["kernel_over_hand"] > 0 and row["kernels"] >= 1, name


def test_roofline_smoke_writes_table_and_plot(tmp_path: Path) -> None:
    """benchmarks/roofline.py: a markdown table and a PNG; bound and modeled time follow the roofline."""
    run_benchmark("roofline.py", tmp_path)
    assert (tmp_path / "roofline-h100-sxm.png").read_bytes()[:4] == b"\x89PNG"
    assert "| kernel | kind | FLOPs | bytes |" in (tmp_path / "roofline-h100-sxm.md").read_text()
    data = json.loads((tmp_path / "roofline-h100-sxm.json").read_text())
    bandwidth = data["gpu"]["bandwidth"]
    kernels = [r for rows in data["workloads"].values() if isinstance(rows, list) for r in rows]
    assert kernels
    for r in kernels:
        assert r["bound"] == ("compute" if r["intensity"] >= r["ridge"] else "memory"), r
        assert r["time_s"] >= r["bytes"] / bandwidth * (1 - 1e-9), r


def test_gpu_kernels_smoke_runs_or_says_why_not(tmp_path: Path) -> None:
    """benchmarks/gpu_kernels.py: timings with CUDA; without it, a skip with its reason (exit 0)."""
    run = run_benchmark("gpu_kernels.py", tmp_path)
    data = json.loads((tmp_path / "gpu_kernels.json").read_text())
    if "skipped" in data:
        assert "no CUDA device" in data["skipped"] and "skipped" in run.stdout
    else:
        assert all("mlc_over_inductor" in r or "skipped" in r for r in data["workloads"].values())
