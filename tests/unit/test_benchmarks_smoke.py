"""Smoke runs of the benchmarks at tiny sizes: each runs and writes its JSON (no timing asserted)."""

import json
import subprocess
import sys
from pathlib import Path

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
