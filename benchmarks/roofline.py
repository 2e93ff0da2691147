"""Roofline report per kernel of the compiled workloads, for a named GPU spec (nothing runs on a GPU).

For each kernel of mlc.compile(model).kernels() (FLOPs as the tiles issue them, bytes = the
buffers each launch passes: see mlc.runtime.kernel_table):
  intensity = FLOPs / bytes; the kernel's compute peak is the spec's peak for what it computes
  (a dot on f16/bf16 operands: the tensor-core peak; f32 'ieee' dots and everything else: the
  f32 peak; tf32 dots: the TF32 peak, a third of it for tf32x3; i8 dots: the int8 peak);
  bound = compute when intensity >= peak / bandwidth (the ridge point), else memory;
  modeled time = max(FLOPs / peak, bytes / bandwidth).
Written to results/roofline-<gpu>.md (one table per workload) and results/roofline-<gpu>.png
(the rooflines and one point per kernel), plus results/roofline-<gpu>.json.
"""

import math
from dataclasses import dataclass
from pathlib import Path

import common
from common import print_table, write_results  # first: pins BLAS threads

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import torch  # noqa: E402
from xdsl.dialects.builtin import ShapedType  # noqa: E402

import mlc  # noqa: E402
from fusion import workloads  # noqa: E402
from mlc.dialects import mlc_kernel as mk  # noqa: E402
from mlc.dialects.mlc_kernel.base import is_float  # noqa: E402
from mlc.lowering.triton.dtypes import bit_width  # noqa: E402


@dataclass(frozen=True)
class GpuSpec:
    """Peak DRAM bandwidth and dense peak throughputs of one GPU (vendor datasheet figures)."""

    name: str
    bandwidth: float
    """Bytes per second."""
    tensor_16bit: float
    """FLOP/s of dense f16/bf16 tensor-core math (f32 accumulation)."""
    tf32: float
    f32: float
    """FLOP/s of f32 on the CUDA cores (no tensor cores)."""
    int8: float


T = 1e12
SPECS = {
    "h100-sxm": GpuSpec("NVIDIA H100 SXM", 3.35e12, 989 * T, 494.7 * T, 67 * T, 1979 * T),
    "h100-pcie": GpuSpec("NVIDIA H100 PCIe", 2.0e12, 756 * T, 378 * T, 51 * T, 1513 * T),
    "h200": GpuSpec("NVIDIA H200 SXM", 4.8e12, 989 * T, 494.7 * T, 67 * T, 1979 * T),
    "a100-sxm": GpuSpec("NVIDIA A100 SXM 80GB", 2.039e12, 312 * T, 156 * T, 19.5 * T, 624 * T),
}
"""Named specs (dense, no sparsity); --gpu picks one."""


def compute_peak(kernel: mk.KernelFuncOp, spec: GpuSpec) -> tuple[float, str]:
    """The peak FLOP/s the kernel's arithmetic runs at, and its name (see the module docstring)."""
    dots = [op for op in kernel.walk() if isinstance(op, mk.DotOp)]
    if not dots:
        return spec.f32, "f32"
    dot = dots[0]
    element = dot.a.type.get_element_type() if isinstance(dot.a.type, ShapedType) else dot.a.type
    if not is_float(element):
        return spec.int8, "int8"
    if bit_width(element) <= 16:
        return spec.tensor_16bit, "tensor f16/bf16"
    precision = dot.input_precision.data
    if precision == "tf32":
        return spec.tf32, "tf32"
    if precision == "tf32x3":
        return spec.tf32 / 3, "tf32x3"
    return spec.f32, "f32"


def roofline_rows(compiled, spec: GpuSpec) -> list[dict]:
    """One row per kernel: FLOPs, bytes, intensity, peak, bound, modeled time."""
    module = compiled._lower()
    kernels = {op.sym_name.data: op for op in module.ops if isinstance(op, mk.KernelFuncOp)}
    rows = []
    for info in compiled.kernels():
        peak, peak_name = compute_peak(kernels[info.name], spec)
        intensity = info.flops / info.bytes if info.bytes else math.inf
        compute_s, memory_s = info.flops / peak, info.bytes / spec.bandwidth
        rows.append({
            "kernel": info.name, "kind": info.kind, "flops": info.flops, "bytes": info.bytes,
            "intensity": intensity, "peak": peak_name, "ridge": peak / spec.bandwidth,
            "bound": "compute" if compute_s >= memory_s else "memory", "time_s": max(compute_s, memory_s),
        })
    return rows


def markdown(spec: GpuSpec, results: dict[str, list[dict] | str]) -> str:
    """The report: one table per workload, skipped workloads with their reason."""
    lines = [f"# Roofline per kernel: {spec.name}", "",
             f"Bandwidth {spec.bandwidth / 1e12:.2f} TB/s; dense peaks: f16/bf16 tensor {spec.tensor_16bit / T:.0f}, "
             f"TF32 {spec.tf32 / T:.1f}, f32 {spec.f32 / T:.1f}, int8 {spec.int8 / T:.0f} TFLOP/s. "
             "FLOPs as the tiles issue them; bytes = buffers passed to each launch (benchmarks/roofline.py).", ""]
    for workload, rows in results.items():
        lines += [f"## {workload}", ""]
        if isinstance(rows, str):
            lines += [f"skipped: {rows}", ""]
            continue
        lines += ["| kernel | kind | FLOPs | bytes | FLOP/byte | peak | bound | modeled us |",
                  "|---|---|---:|---:|---:|---|---|---:|"]
        for r in rows:
            lines.append(f"| {r['kernel']} | {r['kind']} | {r['flops']:,} | {r['bytes']:,} | {r['intensity']:.2f} | "
                         f"{r['peak']} | {r['bound']} | {r['time_s'] * 1e6:.2f} |")
        total = sum(r["time_s"] for r in rows)
        lines += [f"| **total** | | {sum(r['flops'] for r in rows):,} | {sum(r['bytes'] for r in rows):,} | | | | "
                  f"**{total * 1e6:.2f}** |", ""]
    return "\n".join(lines)


def plot(spec: GpuSpec, results: dict[str, list[dict] | str], path: Path) -> None:
    """Log-log roofline: one ceiling per peak used, one marker per kernel, a colour per workload."""
    points = [r for rows in results.values() if not isinstance(rows, str) for r in rows if r["bytes"] and r["flops"]]
    low = min([r["intensity"] for r in points] + [0.1]) / 2
    high = max([r["intensity"] for r in points] + [spec.tensor_16bit / spec.bandwidth]) * 4
    fig, ax = plt.subplots(figsize=(9, 6))
    xs = [low * (high / low) ** (i / 200) for i in range(201)]
    peaks = {"tensor f16/bf16": spec.tensor_16bit, "tf32": spec.tf32, "f32": spec.f32}
    for name, peak in peaks.items():
        ax.plot(xs, [min(peak, x * spec.bandwidth) / T for x in xs], linestyle="--", linewidth=1, label=f"{name} roof")
    for workload, rows in results.items():
        if isinstance(rows, str):
            continue
        attained = [(r["intensity"], r["flops"] / r["time_s"] / T) for r in rows if r["bytes"] and r["flops"]]
        if attained:
            ax.scatter(*zip(*attained), label=workload, s=24)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("arithmetic intensity (FLOP/byte)")
    ax.set_ylabel("modeled TFLOP/s")
    ax.set_title(f"mlc kernels on {spec.name} (roofline model)")
    ax.grid(True, which="both", linewidth=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main() -> None:
    """Compile each workload, model its kernels on the chosen GPU, write the table and the plot."""
    parser = common.argument_parser(__doc__, "the report")
    parser.add_argument("--gpu", choices=sorted(SPECS), default="h100-sxm", help="the GPU spec to model")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: checks that everything runs")
    args = common.parse_args(parser)
    spec = SPECS[args.gpu]
    results: dict[str, list[dict] | str] = {}
    for w in workloads("smoke" if args.smoke else "full"):
        if w.name.startswith("gpt2-") and w.name.endswith("-blocks"):
            continue  # the same kernels as gpt2-block, repeated
        try:
            compiled = mlc.compile(w.model, torch.from_numpy(w.x))
            results[w.name] = roofline_rows(compiled, spec)
        except Exception as error:  # noqa: BLE001 - a workload mlc cannot lower yet is reported, not fatal
            results[w.name] = f"{type(error).__name__}: {error}".splitlines()[0]
    common.RESULTS.mkdir(exist_ok=True)
    md = common.RESULTS / f"roofline-{args.gpu}.md"
    md.write_text(markdown(spec, results) + "\n")
    png = common.RESULTS / f"roofline-{args.gpu}.png"
    plot(spec, results, png)
    rows = []
    for workload, kernels in results.items():
        if isinstance(kernels, str):
            rows.append([workload, "skipped", "", "", ""])
            continue
        total = sum(r["time_s"] for r in kernels)
        memory = sum(r["time_s"] for r in kernels if r["bound"] == "memory")
        rows.append([workload, len(kernels), sum(r["bound"] == "memory" for r in kernels),
                     f"{total * 1e6:.1f}", f"{memory / total:.0%}" if total else "-"])
    print_table(f"roofline on {spec.name} (modeled)", ["workload", "kernels", "memory-bound", "modeled us",
                                                       "time in memory-bound kernels"], rows)
    path = write_results(f"roofline-{args.gpu}", {"gpu": spec.__dict__, "workloads": results})
    print(f"results: {md}, {png}, {path}")


if __name__ == "__main__":
    main()
