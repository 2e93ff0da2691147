"""GPU time of mlc's generated Triton kernels vs torch.compile's, per workload, on the same GPU.

Needs CUDA: without it the script prints that it was skipped and why, writes that to
results/gpu_kernels.json, and exits 0 (Triton's CPU interpreter times nothing worth quoting).
Workloads: fusion.py's gelu-chain, MLP, conv block and GPT-2 block (f32, weights from seed 0).
  mlc:            mlc.compile(model, x, backend="triton"); its generated host function is called
                  on a CUDA tensor (weights already on the GPU after the first call), so buffers
                  allocation and kernel launches are timed, host<->device copies are not
  torch.compile:  TorchInductor (default mode) on the CUDA model, called on the same tensor
Both are timed with triton.testing.do_bench_cudagraph (the calls replayed from a CUDA graph, so
CPU launch overhead is out and what remains is the kernels' GPU time; median of its repeats),
falling back to triton.testing.do_bench where a graph cannot be captured (the method is
recorded per measurement). Target (issue 5): mlc / torch.compile <= 1.2 per workload.
"""


import common
from common import print_table, write_results  # first: pins BLAS threads

import numpy as np  # noqa: E402
import torch  # noqa: E402

from fusion import workloads  # noqa: E402

TARGET = 1.2


def gpu_time_ms(fn) -> tuple[float, str]:
    """Median GPU milliseconds of one call of `fn`, and the method used."""
    from triton.testing import do_bench, do_bench_cudagraph

    try:
        return do_bench_cudagraph(fn, return_mode="median"), "cuda graph"
    except Exception:  # noqa: BLE001 - e.g. an op that cannot be captured: time without the graph
        torch.cuda.synchronize()
        return do_bench(fn, return_mode="median"), "do_bench"


def mlc_host_call(model: torch.nn.Module, x: np.ndarray):
    """mlc's generated host function for `model` as a zero-argument callable on a CUDA tensor."""
    import mlc
    from mlc.runtime.interpreter import find_function

    compiled = mlc.compile(model, torch.from_numpy(x), backend="triton")
    triton_module = compiled._triton
    function = find_function(triton_module.ir, None)
    host = getattr(triton_module.python, triton_module.emitted.functions[function.sym_name.data])
    xt = torch.from_numpy(x).cuda()
    return lambda: host(xt, device="cuda")


def measure(name: str, model: torch.nn.Module, x: np.ndarray) -> dict:
    """Check mlc against eager on the GPU, then time both compilers' calls."""
    try:
        mlc_call = mlc_host_call(model, x)
    except Exception as error:  # noqa: BLE001 - a workload mlc cannot lower yet is reported, not fatal
        return {"skipped": f"{type(error).__name__}: {error}".splitlines()[0]}
    cuda_model = model.cuda()
    xt = torch.from_numpy(x).cuda()
    compiled = torch.compile(cuda_model)
    with torch.no_grad():
        expected = cuda_model(xt)
        inductor_call = lambda: compiled(xt)  # noqa: E731
        inductor_call()
        (got,) = mlc_call()
        torch.testing.assert_close(got, expected, rtol=2e-3, atol=2e-3, msg=lambda m: f"{name}: mlc vs eager: {m}")
        mlc_ms, mlc_method = gpu_time_ms(mlc_call)
        inductor_ms, inductor_method = gpu_time_ms(inductor_call)
    return {"mlc_ms": mlc_ms, "inductor_ms": inductor_ms, "mlc_over_inductor": mlc_ms / inductor_ms,
            "methods": {"mlc": mlc_method, "inductor": inductor_method}}


def main() -> None:
    """Measure every workload on CUDA, or report the skip."""
    parser = common.argument_parser(__doc__, "gpu_kernels.json")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: checks that everything runs")
    args = common.parse_args(parser)
    size = "smoke" if args.smoke else "full"
    if not torch.cuda.is_available():
        reason = "no CUDA device (torch.cuda.is_available() is False); Triton's CPU interpreter is not timed"
        print(f"gpu_kernels: skipped: {reason}")
        path = write_results("gpu_kernels", {"size": size, "skipped": reason})
        print(f"results: {path}")
        return
    results = {}
    for w in workloads(size):
        if w.name.startswith("gpt2-") and w.name.endswith("-blocks"):
            continue
        results[w.name] = measure(w.name, w.model, w.x)
        print(f"measured {w.name}", flush=True)
    rows = [[name, "skipped", "", ""] if "skipped" in r else
            [name, f"{r['mlc_ms'] * 1e3:.1f}", f"{r['inductor_ms'] * 1e3:.1f}", f"{r['mlc_over_inductor']:.2f}x"]
            for name, r in results.items()]
    print_table(f"GPU time per call on {torch.cuda.get_device_name()} ({size} sizes; target mlc / torch.compile <= {TARGET}x)",
                ["workload", "mlc triton us", "torch.compile us", "mlc / torch.compile"], rows)
    for name, r in results.items():
        if "skipped" in r:
            print(f"{name}: skipped: {r['skipped']}")
    path = write_results("gpu_kernels", {"size": size, "device": torch.cuda.get_device_name(), "target": TARGET,
                                         "workloads": results})
    print(f"results: {path}")


if __name__ == "__main__":
    main()
