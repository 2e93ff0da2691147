"""Fusion: kernels and modeled memory traffic of mlc-default vs XLA (jax.jit) and TorchInductor on CPU.

Each workload is written once in PyTorch and once in JAX with the same weights:
  gelu-chain  y = gelu(x * 1.702 + 0.5) * x on 4M floats (erf gelu)
  mlp         784-128-10 with relu, batch 1024
  conv        conv2d 3x3 (64 -> 64, pad 1) + inference batch norm + relu + max_pool 2x2, N=8, 56x56
  gpt2-block  pre-norm GPT-2 block, d=768, 12 heads, seq 128 (tanh gelu, causal softmax)
  gpt2-12     12 such blocks
and measured, side by side in the same run:
  mlc:       the torch importer (or --frontend jax), then `mlc-default` and plan-memory through
             mlc.passes.manager.run_pipeline.
  XLA:       jax.jit(fn).lower(x).compile() on CPU; the optimized HLO's entry computation.
  Inductor:  torch.compile (freezing on, so weights are constants as in the other two) on CPU;
             the wrapper code from torch._inductor.utils.run_and_get_code.
Weights are constants in all three (closed over in JAX, frozen in Inductor, dense resources in mlc).

Counting rules (the same for mlc and XLA):
- a kernel is a fused group or an op outside groups that computes or moves data; constants,
  reshapes (free views of a contiguous buffer) and tuple plumbing are not kernels. mlc: each
  top-level `mlc_tensor.fused` plus each other top-level op but constant/reshape/return. XLA: each
  entry instruction but parameter/constant/bitcast/tuple/get-tuple-element (so unfused dots,
  convolutions, custom-calls and copies count). Inductor: each call of a generated kernel
  (cpp_fused_*) or of an extern kernel (extern_kernels.*, torch.ops.*) in the wrapper's call().
- modeled traffic of a kernel = bytes of its distinct operands (from outside the kernel,
  weights included; splat and one-element constants are immediates, 0 bytes) + bytes of its
  results; a workload's traffic is the sum over its kernels. Operands count whole: a kernel that
  reads only a slice of a buffer is charged all of it (mlc's slice ops and XLA's slicing fusions
  alike), and a reshape's result counts as the buffer it views. The minimum is the inputs, the
  weights and the outputs once (from the imported module). Inductor: kernel count only (its
  wrapper does not state buffer sizes in a form worth parsing).
Targets (issue 4): mlc kernels <= XLA's on every workload; traffic <= 1.1x the minimum on
gelu-chain and <= XLA's elsewhere; on gpt2-12 peak memory after plan-memory <= 0.6x the no-reuse
total and the whole graph pipeline under 2 s. The pipeline is timed on gpt2-12 interleaved with
jax.jit trace+lower+compile of the same model (weights as arguments there; the median of
--repeats samples each).
"""

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

import common
from common import median_times, print_table, write_results  # first: pins BLAS threads

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402
from xdsl.dialects.builtin import ModuleOp, TensorType  # noqa: E402
from xdsl.dialects.func import FuncOp, ReturnOp  # noqa: E402
from xdsl.ir import Operation, SSAValue  # noqa: E402

from mlc.dialects.mlc_tensor import ConstantOp, FusedOp, ReshapeOp  # noqa: E402
from mlc.frontend.jax import import_function  # noqa: E402
from mlc.frontend.torch import import_module  # noqa: E402
from mlc.passes.fusion.classify import cloneable  # noqa: E402
from mlc.passes.manager import run_pipeline  # noqa: E402
from mlc.passes.plan_memory import NO_REUSE, PEAK  # noqa: E402
from mlc.pipelines import PIPELINES  # noqa: E402

PIPELINE = "mlc-default" if "plan-memory" in PIPELINES["mlc-default"] else "mlc-default,plan-memory"
"""The whole graph pipeline: mlc-default, with plan-memory after it unless it already has it."""

SIZES = {
    "full": {"elements": (2048, 2048), "mlp": (1024, 784, 128, 10), "conv": (8, 64, 56),
             "gpt2": (128, 768, 12), "layers": 12},
    "smoke": {"elements": (8, 16), "mlp": (4, 12, 8, 3), "conv": (2, 4, 8),
              "gpt2": (8, 16, 2), "layers": 2},
}


# ---------------------------------------------------------------------------- the workloads


class GeluChain(nn.Module):
    """y = gelu(x * 1.702 + 0.5) * x."""

    def forward(self, x):
        """The chain."""
        return F.gelu(x * 1.702 + 0.5) * x


class Mlp(nn.Module):
    """Linear, relu, linear."""

    def __init__(self, sizes: tuple[int, int, int]):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(sizes[0], sizes[1]), nn.Linear(sizes[1], sizes[2])

    def forward(self, x):
        """Two layers."""
        return self.fc2(torch.relu(self.fc1(x)))


class ConvBnReluPool(nn.Module):
    """conv2d 3x3 (no bias), inference batch norm, relu, 2x2 max pool."""

    def __init__(self, channels: int):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(channels)
        with torch.no_grad():  # statistics that are not the identity
            self.bn.running_mean.uniform_(-0.5, 0.5)
            self.bn.running_var.uniform_(0.5, 2.0)
            self.bn.weight.uniform_(0.5, 1.5)
            self.bn.bias.uniform_(-0.5, 0.5)

    def forward(self, x):
        """The stem."""
        return F.max_pool2d(torch.relu(self.bn(self.conv(x))), 2)


class Block(nn.Module):
    """GPT-2 block: pre-norm causal self-attention and a tanh-gelu MLP, with residuals."""

    def __init__(self, seq: int, d: int, heads: int):
        super().__init__()
        self.heads = heads
        self.ln1, self.ln2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv, self.proj = nn.Linear(d, 3 * d), nn.Linear(d, d)
        self.fc, self.out = nn.Linear(d, 4 * d), nn.Linear(4 * d, d)
        self.register_buffer("causal", torch.tril(torch.ones(seq, seq, dtype=torch.bool)), persistent=False)

    def forward(self, x):
        """One block on (seq, d)."""
        t, d = x.shape
        q, k, v = (h.view(t, self.heads, d // self.heads).transpose(0, 1)
                   for h in self.qkv(self.ln1(x)).split(d, -1))
        scores = (q @ k.transpose(-1, -2)) * (1 / math.sqrt(d // self.heads))
        att = scores.masked_fill(~self.causal, float("-inf")).softmax(-1) @ v
        x = x + self.proj(att.transpose(0, 1).reshape(t, d))
        return x + self.out(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class Blocks(nn.Module):
    """`layers` GPT-2 blocks in a row."""

    def __init__(self, layers: int, seq: int, d: int, heads: int):
        super().__init__()
        self.blocks = nn.ModuleList(Block(seq, d, heads) for _ in range(layers))

    def forward(self, x):
        """The stack."""
        for block in self.blocks:
            x = block(x)
        return x


def jax_twin(model: nn.Module) -> tuple[Callable, dict]:
    """`model` in jax.numpy as fn(weights, x), and its weights (a dict of arrays)."""
    weights = {k: jnp.asarray(v.detach().numpy()) for k, v in model.state_dict().items()}

    def linear(w, x, name):
        return x @ w[name + ".weight"].T + w[name + ".bias"]

    def norm(w, x, name):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) * jax.lax.rsqrt(var + 1e-5) * w[name + ".weight"] + w[name + ".bias"]

    def block(w, x, p, heads):
        t, d = x.shape
        qkv = linear(w, norm(w, x, p + "ln1"), p + "qkv")
        q, k, v = (h.reshape(t, heads, d // heads).swapaxes(0, 1) for h in jnp.split(qkv, 3, -1))
        scores = (q @ k.swapaxes(-1, -2)) * (1 / math.sqrt(d // heads))
        scores = jnp.where(jnp.tril(jnp.ones((t, t), bool)), scores, -jnp.inf)
        att = (jax.nn.softmax(scores, -1) @ v).swapaxes(0, 1).reshape(t, d)
        x = x + linear(w, att, p + "proj")
        return x + linear(w, jax.nn.gelu(linear(w, norm(w, x, p + "ln2"), p + "fc"), approximate=True), p + "out")

    def conv(w, x):
        y = jax.lax.conv_general_dilated(x, w["conv.weight"], (1, 1), ((1, 1), (1, 1)))
        scale = w["bn.weight"] * jax.lax.rsqrt(w["bn.running_var"] + 1e-5)
        shift = w["bn.bias"] - w["bn.running_mean"] * scale
        y = jax.nn.relu(y * scale[:, None, None] + shift[:, None, None])
        return jax.lax.reduce_window(y, -jnp.inf, jax.lax.max, (1, 1, 2, 2), (1, 1, 2, 2), "VALID")

    def blocks(w, x):
        for i, b in enumerate(model.blocks):
            x = block(w, x, f"blocks.{i}.", b.heads)
        return x

    twins = {
        GeluChain: lambda w, x: jax.nn.gelu(x * 1.702 + 0.5, approximate=False) * x,
        Mlp: lambda w, x: linear(w, jax.nn.relu(linear(w, x, "fc1")), "fc2"),
        ConvBnReluPool: conv,
        Block: lambda w, x: block(w, x, "", model.heads),
        Blocks: blocks,
    }
    return twins[type(model)], weights


def jax_closure(model: nn.Module) -> Callable:
    """`model` in jax.numpy as fn(x), closing over its weights (constants to XLA and to mlc)."""
    fn, weights = jax_twin(model)
    return lambda x: fn(weights, x)


@dataclass
class Workload:
    """A model and its input."""

    name: str
    model: nn.Module
    x: np.ndarray


def workloads(size: str) -> list[Workload]:
    """The five workloads at `size` ('full' or 'smoke'), in eval mode, weights from seed 0."""
    s = SIZES[size]
    torch.manual_seed(0)
    rng = np.random.default_rng(0)

    def normal(*shape):
        return rng.standard_normal(shape).astype(np.float32)

    batch, *mlp = s["mlp"]
    n, c, hw = s["conv"]
    seq, d, heads = s["gpt2"]
    return [
        Workload("gelu-chain", GeluChain().eval(), normal(*s["elements"])),
        Workload("mlp", Mlp(tuple(mlp)).eval(), normal(batch, mlp[0])),
        Workload("conv-bn-relu-maxpool", ConvBnReluPool(c).eval(), normal(n, c, hw, hw)),
        Workload("gpt2-block", Block(seq, d, heads).eval(), normal(seq, d)),
        Workload(f"gpt2-{s['layers']}-blocks", Blocks(s["layers"], seq, d, heads).eval(), normal(seq, d)),
    ]


# ---------------------------------------------------------------------------- mlc


def tensor_bytes(value: SSAValue) -> int:
    """Bytes of a tensor value (0 for non-tensors and for constants a kernel takes as immediates)."""
    if not isinstance(value.type, TensorType) or cloneable(value):
        return 0
    bits = value.type.get_element_type().bitwidth
    return (math.prod(value.type.get_shape()) * bits + 7) // 8


def main_function(module: ModuleOp) -> FuncOp:
    """The module's one function with a body."""
    (function,) = [op for op in module.body.block.ops if isinstance(op, FuncOp) and op.body.blocks]
    return function


def minimum_bytes(module: ModuleOp) -> int:
    """Inputs + weights (non-splat constants) + outputs, once each."""
    function = main_function(module)
    block = function.body.block
    values = {*block.args, *(op.result for op in block.ops if isinstance(op, ConstantOp))}
    values |= set(block.last_op.operands)
    return sum(tensor_bytes(v) for v in values)


FREE = (ConstantOp, ReshapeOp, ReturnOp)
"""Top-level mlc ops that are not kernels: weights, free views of a contiguous buffer, the return."""


def mlc_kernels(module: ModuleOp) -> list[Operation]:
    """The kernels of the compiled module: fused groups and the other top-level ops but FREE ones."""
    return [op for op in main_function(module).body.block.ops if not isinstance(op, FREE)]


def kernel_traffic(op: Operation) -> int:
    """Bytes a kernel reads (its distinct operands) and writes (its results)."""
    return sum(tensor_bytes(v) for v in set(op.operands)) + sum(tensor_bytes(r) for r in op.results)


def import_mlc(w: Workload, frontend: str) -> ModuleOp:
    """The workload as mlc_tensor IR, through the torch or the JAX importer."""
    if frontend == "torch":
        return import_module(w.model, (torch.from_numpy(w.x),))
    return import_function(jax_closure(w.model), w.x)


def measure_mlc(imported: ModuleOp) -> dict:
    """Run the whole graph pipeline on a copy of `imported`; count kernels, traffic and the memory plan."""
    module = imported.clone()
    run_pipeline(module, PIPELINE)
    kernels = mlc_kernels(module)
    unfused: dict[str, int] = {}
    for op in kernels:
        if not isinstance(op, FusedOp):
            unfused[op.name] = unfused.get(op.name, 0) + 1
    return {
        "kernels": len(kernels), "fused_groups": len(kernels) - sum(unfused.values()), "unfused": unfused,
        "traffic_bytes": sum(kernel_traffic(op) for op in kernels), "minimum_bytes": minimum_bytes(imported),
        "peak_bytes": module.attributes[PEAK].value.data,
        "no_reuse_bytes": module.attributes[NO_REUSE].value.data,
    }


def compile_times(imported: ModuleOp, w: Workload, repeats: int) -> dict[str, float]:
    """Median seconds of mlc's graph pipeline and of jax.jit trace + lower + compile, interleaved.

    Each mlc sample runs on a fresh copy of the imported module (copied outside the timing);
    each XLA sample jits a fresh closure, so that no trace or compilation cache answers it.
    Weights are arguments to XLA here: as constants, XLA spends most of its time folding them.
    """
    copies = [imported.clone() for _ in range(repeats + 1)]  # one per sample, warm-up included
    fn, weights = jax_twin(w.model)
    return median_times({
        "mlc graph pipeline": lambda: run_pipeline(copies.pop(), PIPELINE),
        "jax.jit trace+lower+compile": lambda: jax.jit(lambda p, x: fn(p, x)).lower(weights, w.x).compile(),
    }, repeats, min_sample_s=0.0)


# ---------------------------------------------------------------------------- XLA

_INSTRUCTION = re.compile(r"^\s*(?:ROOT )?%?([\w.\-]+) = (.+?) ([\w\-]+)\((.*)$")
_ARRAY = re.compile(r"\b(pred|[suf]\d+|bf16)\[([\d,]*)\]")
_OPERAND = re.compile(r"%([\w.\-]+)")
XLA_FREE = {"parameter", "constant", "bitcast", "tuple", "get-tuple-element"}


def hlo_bytes(type_text: str) -> int:
    """Bytes of an HLO shape (an array, or a tuple of arrays)."""
    total = 0
    for dtype, dims in _ARRAY.findall(type_text):
        bits = 8 if dtype == "pred" else int(dtype.lstrip("subf") or 16)
        total += (math.prod(int(d) for d in dims.split(",") if d) * bits + 7) // 8
    return total


def xla_kernels(hlo: str) -> dict:
    """Kernels, fusions, kernels by opcode and modeled traffic of the optimized HLO's entry computation."""
    entry = hlo[hlo.index("\nENTRY "):]
    entry = entry[: entry.index("\n}")]
    sizes: dict[str, int] = {}
    constants: set[str] = set()
    kernels: dict[str, int] = {}
    traffic = 0
    for line in entry.splitlines()[1:]:
        match = _INSTRUCTION.match(line)
        if match is None:
            continue
        name, type_text, opcode, rest = match.groups()
        sizes[name] = hlo_bytes(type_text)
        if opcode == "constant" and sizes[name] <= 4:
            constants.add(name)  # a scalar: an immediate, as in mlc
        if opcode in XLA_FREE:
            continue
        if opcode == "fusion":
            opcode = "fusion:" + re.search(r"kind=(\w+)", rest).group(1)
        kernels[opcode] = kernels.get(opcode, 0) + 1
        operands = set(_OPERAND.findall(rest.split("), ")[0]))
        traffic += sum(sizes.get(o, 0) for o in operands - constants) + sizes[name]
    return {
        "kernels": sum(kernels.values()),
        "fusions": sum(n for k, n in kernels.items() if k.startswith("fusion")),
        "by_opcode": kernels, "traffic_bytes": traffic,
    }


def measure_xla(w: Workload) -> dict:
    """Count the kernels of the compiled HLO (weights as constants); time that compile once."""
    start = time.perf_counter()
    compiled = jax.jit(jax_closure(w.model)).lower(w.x).compile()
    return {**xla_kernels(compiled.as_text()), "compile_weights_constant_s": time.perf_counter() - start}


# ---------------------------------------------------------------------------- TorchInductor

_INDUCTOR_CALL = re.compile(r"^\s+(?:\w+(?:, \w+)* = )?(cpp_fused_\w+|extern_kernels\.\w+|torch\.ops\.[\w.]+)\(",
                            re.MULTILINE)


def inductor_kernels(code: str) -> dict[str, int]:
    """Calls of generated and extern kernels in the wrapper's call() function, by callee."""
    lines = code[code.index("def call("):].splitlines()
    indent = len(lines[0]) - len(lines[0].lstrip())
    body = [lines[0]]
    for line in lines[1:]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        body.append(line)
    counts: dict[str, int] = {}
    for callee in _INDUCTOR_CALL.findall("\n".join(body)):
        key = "cpp_fused" if callee.startswith("cpp_fused_") else callee
        counts[key] = counts.get(key, 0) + 1
    return counts


def measure_inductor(w: Workload) -> dict:
    """torch.compile with freezing; count the kernels its wrapper calls."""
    from torch._inductor import config
    from torch._inductor.utils import run_and_get_code

    torch._dynamo.reset()
    with torch.no_grad(), config.patch(freezing=True):
        start = time.perf_counter()
        _, codes = run_and_get_code(torch.compile(w.model), torch.from_numpy(w.x))
        compile_s = time.perf_counter() - start
    counts: dict[str, int] = {}
    for code in codes:
        for callee, n in inductor_kernels(code).items():
            counts[callee] = counts.get(callee, 0) + n
    return {"kernels": sum(counts.values()), "fused_kernels": counts.get("cpp_fused", 0),
            "by_callee": counts, "compile_s": compile_s}


# ---------------------------------------------------------------------------- report


def mb(n: int) -> str:
    """Bytes as MB with one decimal."""
    return f"{n / 1e6:.1f}"


def main() -> None:
    """Measure every workload, print the tables and write results/fusion.json."""
    parser = common.argument_parser(__doc__, "fusion.json")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: checks that everything runs")
    parser.add_argument("--frontend", choices=("torch", "jax"), default="torch", help="mlc's importer")
    parser.add_argument("--no-inductor", action="store_true", help="skip TorchInductor (it compiles C++)")
    parser.add_argument("--repeats", type=int, default=3, help="samples of the compile times (median)")
    args = common.parse_args(parser)
    torch.set_num_threads(1)
    results = {}
    for w in workloads("smoke" if args.smoke else "full"):
        start = time.perf_counter()
        imported = import_mlc(w, args.frontend)
        import_s = time.perf_counter() - start
        row = {"mlc": measure_mlc(imported), "xla": measure_xla(w)}
        if not args.no_inductor:
            row["inductor"] = measure_inductor(w)
        results[w.name] = row
        print(f"measured {w.name}", flush=True)
    seconds = compile_times(imported, w, args.repeats)  # on the last workload, the stacked blocks
    mlc_s, xla_s = seconds["mlc graph pipeline"], seconds["jax.jit trace+lower+compile"]

    rows = []
    for name, r in results.items():
        m, x = r["mlc"], r["xla"]
        rows.append([
            name, m["kernels"], x["kernels"], x["fusions"],
            r["inductor"]["kernels"] if "inductor" in r else "skipped",
            mb(m["minimum_bytes"]), mb(m["traffic_bytes"]), mb(x["traffic_bytes"]),
            f"{m['traffic_bytes'] / m['minimum_bytes']:.2f}x", f"{m['traffic_bytes'] / x['traffic_bytes']:.2f}x",
        ])
    print_table(
        f"kernels and modeled traffic (mlc: {args.frontend} importer + {PIPELINE}); "
        "targets: mlc kernels <= XLA, traffic <= 1.1x min (gelu-chain), <= XLA (others)",
        ["workload", "mlc kernels", "XLA kernels", "XLA fusions", "Inductor kernels",
         "min MB", "mlc MB", "XLA MB", "mlc / min", "mlc / XLA"], rows)
    m = results[w.name]["mlc"]
    print_table(
        f"{w.name}: memory plan and compile time (median of {args.repeats}; "
        "targets: peak <= 0.6x no-reuse, pipeline < 2 s)",
        ["what", "value"],
        [["peak / no-reuse bytes", f"{m['peak_bytes'] / m['no_reuse_bytes']:.2f}x "
                                   f"({mb(m['peak_bytes'])} / {mb(m['no_reuse_bytes'])} MB)"],
         ["mlc import s (once)", f"{import_s:.2f}"],
         ["mlc graph pipeline s", f"{mlc_s:.2f}"],
         ["jax.jit trace+lower+compile s (weights as arguments)", f"{xla_s:.2f}"],
         ["jax.jit trace+lower+compile s (weights constant, once)",
          f"{results[w.name]['xla']['compile_weights_constant_s']:.2f}"],
         ["mlc pipeline / jax.jit", f"{mlc_s / xla_s:.2f}x"]])
    for name, r in results.items():
        if r["mlc"]["unfused"]:
            print(f"{name}: mlc ops outside groups: {r['mlc']['unfused']}")
    path = write_results("fusion", {
        "size": "smoke" if args.smoke else "full", "frontend": args.frontend, "pipeline": PIPELINE,
        "targets": {"kernels_vs_xla": 1.0, "gelu_traffic_vs_min": 1.1, "traffic_vs_xla": 1.0,
                    "peak_vs_no_reuse": 0.6, "pipeline_s": 2.0},
        "workloads": results,
        "compile_times": {"workload": w.name, "repeats": args.repeats, "mlc_import_s": import_s,
                          "seconds": seconds, "ratio_mlc_over_jax": mlc_s / xla_s},
    })
    print(f"results: {path}")


if __name__ == "__main__":
    main()
