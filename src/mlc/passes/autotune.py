"""autotune: time candidate tilings of every fusion group (and lone op) and pin the fastest as its `mlc.tile`.

Each `mlc_tensor.fused` group, and each compute op outside one, is lowered alone to a
one-kernel module (convert-mlc-tensor-to-mlc-kernel with the candidate as the group's
`mlc.tile`), emitted as Triton and launched on random inputs. The heuristic's tiling runs
first and its outputs are the reference: a candidate whose outputs differ (beyond rounding
from a changed summation order) or that fails to compile is rejected with a remark. The
fastest accepted candidate is written on the group as `mlc.tile` (every setting, so the
heuristic may change later without changing the kernel), with `mlc.autotuned` recording
how many candidates were tried and rejected, the best and the heuristic's time in ms and
the device. The conversion only reads `mlc.tile`, so the tuned IR lowers the same kernels
every time without tuning again. Groups that already carry `mlc.tile` are left as they are.

Candidates, around the heuristic's tiling h (to_kernel/tiles.py), as a product of
- each BLOCK* constexpr: h, h/2, 2h (a value the kind cannot run, such as a reduction block
  shorter than a row or a dot tile under 16, is dropped by the conversion's checks);
- num_warps: h, h/2, 2h within [1, 16];
- num_stages: h, h-1, h+1 within [1, 5] when h > 1 (a kernel without a loop has nothing to
  pipeline); other constexprs (GROUP_M) keep the heuristic's value;
ordered by how many settings differ from h (the heuristic first), and cut at `candidates`.

device=cuda times each candidate with triton.testing.do_bench on the GPU; device=interpreter
runs Triton's CPU interpreter instead (wall times of one launch: meaningless, but it
exercises generation, the correctness check and the recording), which Triton only offers
when TRITON_INTERPRET=1 was set before it was imported. From Python, `timed_by(timer)`
replaces the clock inside a `with` block: a timer gets a launch function (which returns the
output tensors) and the tiling, must launch at least once, and returns milliseconds.
"""

import itertools
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import numpy as np
import torch
import triton
from triton.language import standard
from triton.runtime.interpreter import InterpretedFunction
from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import DictionaryAttr, FloatAttr, IntegerAttr, ModuleOp, StringAttr, f64, i64
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import PassFailedException

from mlc.dialects import mlc_kernel as mk
from mlc.ir.diagnostics import remark_at
from mlc.lowering.convert_mlc_tensor_to_mlc_kernel import CONSTANTS, ConvertMlcTensorToMlcKernel, makes_kernel
from mlc.lowering.to_kernel.tiles import TILE_ATTR, Tiling
from mlc.lowering.triton.kernel import constexprs, tuning
from mlc.runtime.interpreter import find_function, random_inputs
from mlc.runtime.interpreter.mlc_kernel import constant_buffer
from mlc.runtime.interpreter.upstream import element_dtype
from mlc.runtime.triton_launcher import TritonModule, to_numpy, to_torch

FLAG = "autotune"
TUNED_ATTR = "mlc.autotuned"
"""Details of a tuning: candidates tried and rejected, best and heuristic ms, device."""
DEVICES = ("cuda", "interpreter")

Launch = Callable[[], list[torch.Tensor]]
"""Runs a candidate's kernel once and returns its output tensors."""
Timer = Callable[[Launch, Tiling], float]
"""(launch, tiling) -> milliseconds per launch; it launches at least once."""


_TIMER: ContextVar[Timer | None] = ContextVar("mlc_autotune_timer", default=None)
"""The clock `timed_by` installs (None: the device's own)."""


@contextmanager
def timed_by(timer: Timer) -> Iterator[None]:
    """Let autotune time candidates with `timer` inside the block (a deterministic fake clock in tests)."""
    token = _TIMER.set(timer)
    try:
        yield
    finally:
        _TIMER.reset(token)


def cuda_timer(launch: Launch, tiling: Tiling) -> float:
    """Median ms per launch on the GPU (triton.testing.do_bench: warm-up, L2 flushed between runs)."""
    return float(triton.testing.do_bench(launch, return_mode="median"))


def wall_timer(launch: Launch, tiling: Tiling) -> float:
    """Wall ms of one launch (Triton's interpreter: measures Python, not the kernel)."""
    start = time.perf_counter()
    launch()
    return (time.perf_counter() - start) * 1e3


def neighbours(key: str, value: int) -> list[int]:
    """The values tried for setting `key` whose heuristic value is `value` (that value first)."""
    if key.startswith("BLOCK"):
        around = [value // 2, value * 2]
    elif key == "num_warps":
        around = [w for w in (value // 2, value * 2) if w <= 16]
    elif key == "num_stages" and value > 1:
        around = [s for s in (value - 1, value + 1) if s <= 5]
    else:
        around = []
    return list(dict.fromkeys([value, *(v for v in around if v >= 1)]))


def candidates(heuristic: Tiling) -> list[Tiling]:
    """Every candidate tiling around `heuristic` (the module docstring's list), fewest changes first."""
    settings = heuristic.settings()
    axes = [neighbours(k, v) for k, v in settings.items()]
    combos = sorted(itertools.product(*(range(len(a)) for a in axes)), key=lambda c: sum(i > 0 for i in c))
    tilings = []
    for combo in combos:
        chosen = dict(zip(settings, (a[i] for a, i in zip(axes, combo))))
        warps, stages = chosen.pop("num_warps"), chosen.pop("num_stages")
        tilings.append(Tiling(chosen, warps, stages))
    return tilings


def describe(tiling: Tiling) -> str:
    """'BLOCK_M=64 BLOCK_N=32 ... num_warps=4 num_stages=2'."""
    return " ".join(f"{k}={v}" for k, v in tiling.settings().items())


def group_module(op: Operation) -> ModuleOp:
    """`op` alone in a module's @main: constants it reads cloned in, other operands as arguments, results returned."""
    outer = list(dict.fromkeys(v for v in op.operands if not isinstance(v.owner, CONSTANTS)))
    block = Block(arg_types=[v.type for v in outer])
    mapping: dict[SSAValue, SSAValue] = dict(zip(outer, block.args))
    for value in dict.fromkeys(op.operands):
        if isinstance(value.owner, CONSTANTS) and value not in mapping:
            constant = value.owner.clone()
            block.add_op(constant)
            mapping[value] = constant.results[0]
    alone = op.clone(value_mapper=mapping)
    for key in (TILE_ATTR, TUNED_ATTR):
        alone.attributes.pop(key, None)
    block.add_ops([alone, func.ReturnOp(*alone.results)])
    types = ([v.type for v in outer], [r.type for r in op.results])
    return ModuleOp([func.FuncOp("main", types, Region(block))])


def triton_interprets() -> bool:
    """Whether Triton was imported in interpreter mode (it fixes that for its own library at import)."""
    return isinstance(standard.sum, InterpretedFunction)


@contextmanager
def triton_interpreting(interpret: bool) -> Iterator[None]:
    """TRITON_INTERPRET set as asked while kernels are imported (Triton reads it when @triton.jit runs)."""
    before = os.environ.get("TRITON_INTERPRET")
    os.environ["TRITON_INTERPRET"] = "1" if interpret else "0"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TRITON_INTERPRET", None)
        else:
            os.environ["TRITON_INTERPRET"] = before


def tolerance(dtype: np.dtype) -> float:
    """Relative tolerance between two tilings' outputs: their sums may run in another order."""
    if not np.issubdtype(dtype, np.floating) and dtype.name != "bfloat16":
        return 0.0
    return 1e-4 if dtype.itemsize >= 4 else 2e-2


def mismatch(got: list[np.ndarray], want: list[np.ndarray]) -> str | None:
    """Why `got` differs from the reference `want` (None when they agree): values off by more than
    the tolerance of their dtype, relative to each value and to the output's largest magnitude."""
    for i, (g, w) in enumerate(zip(got, want)):
        tol = tolerance(w.dtype)
        g64, w64 = g.astype(np.float64), w.astype(np.float64)
        finite = np.isfinite(w64)
        scale = float(np.abs(w64[finite]).max()) if finite.any() else 0.0
        close = np.isclose(g64, w64, rtol=tol, atol=tol * scale, equal_nan=True)
        if not close.all():
            bad = int((~close).sum())
            worst = float(np.nanmax(np.abs(g64 - w64)))
            return f"output #{i} differs from the heuristic's at {bad} of {w.size} elements (by up to {worst:.3g})"
    return None


@dataclass
class Tuner:
    """Lowers, loads and launches one group under candidate tilings, on fixed random inputs."""

    ctx: Context
    alone: ModuleOp
    device: str
    inputs: list[torch.Tensor] = field(default_factory=list)
    """Random buffers for the lowered host function's arguments (storage integers for quantized ones)."""

    @property
    def torch_device(self) -> str:
        """Where the buffers live: the CPU for Triton's interpreter, else the GPU."""
        return "cpu" if self.device == "interpreter" else "cuda"

    def lower(self, tiling: Tiling | None) -> ModuleOp | None:
        """The group's one-kernel module with `tiling` pinned (None: the heuristic's), or None when
        the conversion refuses that tiling for this kind."""
        module = self.alone.clone()
        group = next(o for o in find_function(module, "main").body.block.ops if makes_kernel(o))
        if tiling is not None:
            group.attributes[TILE_ATTR] = tiling.attr()
        try:
            ConvertMlcTensorToMlcKernel().apply(self.ctx, module)
        except PassFailedException:
            if tiling is None:
                raise
            return None
        return module

    def launcher(self, kernels: ModuleOp) -> tuple[Launch, list[torch.Tensor]]:
        """A function launching the module's kernel(s) on the inputs into fresh zeroed outputs, and those outputs."""
        with triton_interpreting(self.device == "interpreter"):
            program = TritonModule.load(kernels)
        host = find_function(kernels, "main")
        device = self.torch_device
        buffers: dict[SSAValue, torch.Tensor] = dict(zip(host.body.block.args, self.inputs))
        calls = []
        for op in host.body.block.ops:
            if isinstance(op, mk.ConstantOp):
                buffers[op.results[0]] = to_torch(constant_buffer(op).copy(), device)  # torch wants it writable
            elif isinstance(op, mk.AllocOp):
                typ = op.results[0].type
                buffers[op.results[0]] = to_torch(np.zeros(tuple(typ.get_shape()), element_dtype(typ)), device)
            elif isinstance(op, mk.LaunchOp):
                kernel = op.callee()
                jitted = getattr(program.python, program.emitted.kernels[kernel.sym_name.data])
                settings = {**constexprs(kernel), **tuning(kernel)}
                calls.append((jitted[kernel.grid_sizes()], [buffers[a] for a in op.args], settings))
            elif isinstance(op, func.ReturnOp):
                outputs = [buffers[v] for v in op.arguments]

        def launch() -> list[torch.Tensor]:
            for call, args, settings in calls:
                call(*args, **settings)
            return outputs

        return launch, outputs


def first_line(err: Exception) -> str:
    """The first line of an exception's message (its type's name when it has none)."""
    text = str(err)
    return text.splitlines()[0] if text else type(err).__name__


def outputs_of(tensors: list[torch.Tensor]) -> list[np.ndarray]:
    """Copies of output tensors as numpy arrays on the host (after the device is done; later launches
    write the same tensors, which a CPU tensor's array would share)."""
    if tensors and tensors[0].is_cuda:
        torch.cuda.synchronize()
    return [to_numpy(t).copy() for t in tensors]


@dataclass(frozen=True)
class Autotune(ModulePass):
    """Benchmark candidate tilings per fusion group and record the fastest correct one as its `mlc.tile`.

    Options: device=cuda (needs an NVIDIA GPU) | interpreter (Triton's CPU interpreter,
    timings meaningless), candidates=N (at most N tilings timed per group, the heuristic's
    included), seed (of the random inputs); from Python, `timed_by` replaces the clock.
    """

    name = FLAG

    device: str = "cuda"
    candidates: int = 16
    seed: int = 0

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if self.device not in DEVICES:
            raise PassFailedException(f"{FLAG}: unknown device '{self.device}'; give device=cuda or device=interpreter")
        if self.candidates < 1:
            raise PassFailedException(f"{FLAG}: candidates must be at least 1, got {self.candidates}; give candidates=16")
        if self.device == "cuda" and not torch.cuda.is_available():
            raise PassFailedException(
                f"{FLAG}: no CUDA GPU here (torch.cuda.is_available() is False); run it on a machine with an "
                "NVIDIA GPU, or give device=interpreter to exercise the tuner on the CPU (timings meaningless)"
            )
        if self.device == "cuda" and triton_interprets():
            raise PassFailedException(
                f"{FLAG}: Triton was imported with TRITON_INTERPRET=1, so it cannot compile for the GPU; "
                "unset TRITON_INTERPRET, or give device=interpreter"
            )
        if self.device == "interpreter" and not triton_interprets():
            raise PassFailedException(
                f"{FLAG}: device=interpreter needs Triton imported in interpreter mode; set TRITON_INTERPRET=1 "
                "in the environment when the process starts (TRITON_INTERPRET=1 mlc-opt ...)"
            )
        timer = _TIMER.get() or (cuda_timer if self.device == "cuda" else wall_timer)
        where = torch.cuda.get_device_name() if self.device == "cuda" else "triton-interpreter"
        for function in [f for f in op.body.block.ops if isinstance(f, func.FuncOp) and f.body.blocks]:
            for group in [o for o in function.body.block.ops if makes_kernel(o)]:
                if TILE_ATTR in group.attributes:
                    remark_at(group, f"{FLAG}: {group.name} keeps its {TILE_ATTR}; remove it to tune again")
                    continue
                self.tune(ctx, group, timer, where)

    def tune(self, ctx: Context, group: Operation, timer: Timer, where: str) -> None:
        """Time the candidates of `group` and record the winner on it (or remark why not)."""
        tuner = Tuner(ctx, group_module(group), self.device)
        try:
            base = tuner.lower(None)
        except PassFailedException as err:
            remark_at(group, f"{FLAG}: {group.name} not tuned: {err}")
            return
        assert base is not None
        arrays = random_inputs(find_function(base, "main"), self.seed)
        tuner.inputs = [to_torch(a, tuner.torch_device) for a in arrays]
        kernel = next(o for o in base.ops if isinstance(o, mk.KernelFuncOp))
        heuristic = Tiling(constexprs(kernel), *tuning(kernel).values())
        name = kernel.sym_name.data
        try:
            reference_run = tuner.launcher(base)
            reference = outputs_of(reference_run[0]())
        except triton.TritonError as err:
            remark_at(group, f"{FLAG}: {name} not tuned: the heuristic's kernel fails in Triton: {first_line(err)}")
            return
        timings: list[tuple[float, Tiling]] = []
        rejected = 0
        for tiling in candidates(heuristic):
            if len(timings) + rejected == self.candidates:
                break
            module = base if tiling == heuristic else tuner.lower(tiling)
            if module is None:
                continue  # a tiling this kind cannot run: not a candidate
            try:
                launch, outputs = reference_run if module is base else tuner.launcher(module)
                ms = timer(launch, tiling)  # the outputs checked are those of the timer's last launch
                why = mismatch(outputs_of(outputs), reference)
            except triton.TritonError as err:
                why = f"Triton failed: {first_line(err)}"
            if why is None:
                timings.append((ms, tiling))
                continue
            rejected += 1
            remark_at(group, f"{FLAG}: {name}: candidate {describe(tiling)} rejected: {why}")
        if not timings:
            remark_at(group, f"{FLAG}: {name}: every candidate was rejected; keeping the heuristic")
            return
        best_ms, best = min(timings, key=lambda t: t[0])
        heuristic_ms = next((ms for ms, t in timings if t == heuristic), None)
        details: dict[str, Attribute] = {
            "candidates": IntegerAttr(len(timings) + rejected, i64),
            "rejected": IntegerAttr(rejected, i64),
            "best_ms": FloatAttr(best_ms, f64),
        }
        if heuristic_ms is not None:  # else the heuristic itself was rejected
            details["heuristic_ms"] = FloatAttr(heuristic_ms, f64)
        details["device"] = StringAttr(where)
        group.attributes[TILE_ATTR] = best.attr()
        group.attributes[TUNED_ATTR] = DictionaryAttr(details)
        versus = (
            f"{heuristic_ms / best_ms:.2f}x over the heuristic {describe(heuristic)} ({heuristic_ms:.4g} ms)"
            if heuristic_ms is not None
            else f"the heuristic {describe(heuristic)} was rejected"
        )
        remark_at(
            group,
            f"{FLAG}: {name}: {describe(best)} wins at {best_ms:.4g} ms, {versus}; "
            f"{len(timings) + rejected} candidates, {rejected} rejected, on {where}",
        )
