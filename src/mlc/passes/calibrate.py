"""calibrate: record the ranges of the activations feeding linear/matmul/conv2d, from reference runs.

The entry function runs on the numpy interpreter over calibration batches (an .npz whose
arrays hold one batch per index of their leading axis, by argument name; random inputs from
a seed; or any Python iterable through `calibrate(module, batches)`). Every float layer gets:

    mlc_quant.range = array<f64: lo, hi>            its activation, per tensor, by `method`
    mlc_quant.channel_range = dense<..> : tensor<Cx2xf32>   per channel [min, max] (K, or C)
    mlc_quant.output_range = array<f64: lo, hi>     its result's [min, max] (requantize epilogues)

Per-tensor methods: minmax (the extremes), percentile (the p-th and (100-p)-th percentiles),
mse (the range, shrunk from min/max, whose 8-bit fake quantization has the least squared
error), entropy (TensorRT's: the |x| threshold whose 128-level histogram has the least KL
divergence from the clipped 2048-bin one). Values kept for the non-minmax methods are a
seeded subsample of at most 2^20 per layer.
"""

import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import DenseArrayBase, ModuleOp, f64
from xdsl.dialects.func import FuncOp
from xdsl.interpreter import Interpreter
from xdsl.ir import Operation
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import InterpretationError, PassFailedException

from mlc.dialects.mlc_tensor.constant import ConstantOp
from mlc.passes.quant_common import (
    CHANNEL_RANGE,
    OUTPUT_RANGE,
    RANGE,
    Layer,
    channel_axis,
    float_layers,
    remark,
)
from mlc.runtime.interpreter import (
    InterpreterInputError,
    build_interpreter,
    check_inputs,
    find_function,
    random_inputs,
)

METHODS = ("minmax", "percentile", "mse", "entropy")
MAX_SAMPLES = 2**20
DEFAULT_RANDOM_BATCHES = 8

Batch = Sequence[np.ndarray] | Mapping[str, np.ndarray]


@dataclass
class Stats:
    """What the runs saw of one layer: extremes per tensor and channel, result extremes, samples."""

    axis: int
    lo: float = np.inf
    hi: float = -np.inf
    channel_lo: np.ndarray | None = None
    channel_hi: np.ndarray | None = None
    out_lo: float = np.inf
    out_hi: float = -np.inf
    samples: list[np.ndarray] = field(default_factory=list)

    def add_input(self, x: np.ndarray, keep: int, rng: np.random.Generator) -> None:
        """Fold one activation into the extremes; keep up to `keep` of its values as samples."""
        x = np.asarray(x, np.float32)
        self.lo, self.hi = min(self.lo, float(x.min())), max(self.hi, float(x.max()))
        others = tuple(i for i in range(x.ndim) if i != self.axis)
        lo, hi = x.min(axis=others), x.max(axis=others)
        self.channel_lo = lo if self.channel_lo is None else np.minimum(self.channel_lo, lo)
        self.channel_hi = hi if self.channel_hi is None else np.maximum(self.channel_hi, hi)
        if keep:
            flat = x.ravel()
            self.samples.append(flat if flat.size <= keep else rng.choice(flat, keep, replace=False))

    def add_output(self, y: np.ndarray) -> None:
        """Fold one result into the result extremes."""
        self.out_lo, self.out_hi = min(self.out_lo, float(y.min())), max(self.out_hi, float(y.max()))


def mse_range(x: np.ndarray, lo: float, hi: float) -> tuple[float, float]:
    """The shrink of [lo, hi] (by 0.2..1) whose 8-bit uniform fake quantization of x errs least."""
    best, best_err = (lo, hi), np.inf
    for alpha in np.linspace(1.0, 0.2, 41):
        a, b = min(lo * alpha, 0.0), max(hi * alpha, 0.0)
        scale = (b - a) / 255 or 1.0
        fake = np.clip(np.rint((x - a) / scale), 0, 255) * scale + a
        err = float(np.mean((fake - x) ** 2))
        if err < best_err:
            best, best_err = (a, b), err
    return best


def entropy_threshold(x: np.ndarray, bins: int = 2048, levels: int = 128) -> float:
    """TensorRT's KL calibration: the |x| clip threshold whose `levels`-level histogram is closest."""
    amax = float(np.abs(x).max())
    if amax == 0:
        return 0.0
    hist, edges = np.histogram(np.abs(x), bins=bins, range=(0, amax))
    hist = hist.astype(np.float64)
    best, best_kl = amax, np.inf
    for i in range(levels, bins + 1, 16):
        p = hist[:i].copy()
        p[-1] += hist[i:].sum()  # outliers clip into the last kept bin
        starts = np.linspace(0, i, levels + 1).astype(int)[:-1]
        nonzero = (hist[:i] > 0).astype(np.float64)
        sums, counts = np.add.reduceat(hist[:i], starts), np.add.reduceat(nonzero, starts)
        spread = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
        q = np.repeat(spread, np.diff(np.append(starts, i))) * nonzero
        mask = p > 0
        q_sum, p_sum = q.sum(), p.sum()
        if q_sum == 0 or (mask & (q == 0)).any():
            continue
        kl = float(np.sum(p[mask] / p_sum * np.log((p[mask] / p_sum) / (q[mask] / q_sum))))
        if kl < best_kl:
            best, best_kl = float(edges[i]), kl
    return best


def tensor_range(stats: Stats, method: str, percentile: float) -> tuple[float, float]:
    """The per-tensor range of a layer's activation by `method` (see the module docstring)."""
    if method == "minmax" or not stats.samples:
        return stats.lo, stats.hi
    x = np.concatenate(stats.samples).astype(np.float64)
    if method == "percentile":
        lo, hi = np.percentile(x, [100 - percentile, percentile])
        return float(lo), float(hi)
    if method == "mse":
        return mse_range(x, stats.lo, stats.hi)
    t = entropy_threshold(x)
    return max(stats.lo, -t), min(stats.hi, t)


@dataclass
class _Recorder(Interpreter.Listener):
    """Feeds each layer's activation and result into its Stats as the interpreter runs it."""

    stats: dict[Operation, Stats]
    keep: int
    rng: np.random.Generator

    def will_interpret_op(self, op: Operation, args: tuple[object, ...]) -> None:
        """Record the activation (operand 0 of every layer)."""
        if op in self.stats:
            self.stats[op].add_input(np.asarray(args[0]), self.keep, self.rng)

    def did_interpret_op(self, op: Operation, results: tuple[object, ...]) -> None:
        """Record the result."""
        if op in self.stats:
            self.stats[op].add_output(np.asarray(results[0]))


def progress_bar(done: int, total: int) -> None:
    """Redraw `calibrate [####......] done/total batches` on stderr."""
    width = 30
    filled = width * done // total
    end = "\n" if done == total else ""
    sys.stderr.write(f"\rcalibrate [{'#' * filled}{'.' * (width - filled)}] {done}/{total} batches{end}")
    sys.stderr.flush()


def range_attr(lo: float, hi: float) -> DenseArrayBase:
    """array<f64: lo, hi>."""
    return DenseArrayBase.from_list(f64, [lo, hi])


def calibrate(
    module: ModuleOp,
    batches: Iterable[Batch],
    method: str = "minmax",
    percentile: float = 99.99,
    entry: str | None = None,
    progress: bool = False,
    seed: int = 0,
) -> dict[Layer, tuple[float, float]]:
    """Run @`entry` on each batch and write the ranges of its layers' activations as attributes.

    Returns each calibrated layer's per-tensor range. Raises ValueError for a bad method or
    percentile, InterpreterInputError for batches that do not fit the function.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method '{method}'; use one of {', '.join(METHODS)}")
    if not 50 < percentile <= 100:
        raise ValueError(f"percentile must be in (50, 100], got {percentile}")
    function = find_function(module, entry)
    layers = float_layers(module)
    batch_list = list(batches)
    if not batch_list:
        raise ValueError("no calibration batches")
    stats = {op: Stats(channel_axis(op)) for op in layers}
    keep = 0 if method == "minmax" else max(1, MAX_SAMPLES // len(batch_list))
    recorder = _Recorder(stats, keep, np.random.default_rng(seed))  # pyright: ignore[reportArgumentType]
    for i, batch in enumerate(batch_list):
        args = check_inputs(function, batch)
        interpreter = build_interpreter(module)
        interpreter.listeners = (recorder,)
        interpreter.call_op(function.sym_name.data, tuple(args))
        if progress:
            progress_bar(i + 1, len(batch_list))
    ranges: dict[Layer, tuple[float, float]] = {}
    how = method + (f" {percentile:g}" if method == "percentile" else "")
    for op in layers:
        s = stats[op]
        if s.channel_lo is None:
            remark("calibrate", op, False, f"not executed by @{function.sym_name.data}")
            continue
        lo, hi = tensor_range(s, method, percentile)
        ranges[op] = (lo, hi)
        op.attributes[RANGE] = range_attr(lo, hi)
        channels = np.stack([s.channel_lo, s.channel_hi], axis=1).astype(np.float32)  # pyright: ignore
        op.attributes[CHANNEL_RANGE] = ConstantOp.from_array(channels, "channel_range").value
        op.attributes[OUTPUT_RANGE] = range_attr(s.out_lo, s.out_hi)
        remark("calibrate", op, True,
               f"activation range [{lo:.4g}, {hi:.4g}] ({how}, {len(batch_list)} batches)")
    return ranges


def load_batches(path: str, count: int, pass_name: str = "calibrate") -> list[dict[str, np.ndarray]]:
    """Batches from an .npz: batch i is {name: array[i]}; the first `count` (0: all).

    Failures raise PassFailedException naming `pass_name`.
    """
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except (OSError, ValueError, EOFError) as err:
        raise PassFailedException(f"{pass_name}: cannot load inputs '{path}': {err}; "
                                  "give an .npz of arrays with a leading batch axis") from None
    sizes = {name: a.shape[0] if a.ndim else 0 for name, a in arrays.items()}
    if not arrays or len(set(sizes.values())) != 1 or 0 in sizes.values():
        raise PassFailedException(f"{pass_name}: inputs '{path}' hold batch counts {sizes}; "
                                  "give every argument the same non-zero leading batch axis")
    available = next(iter(sizes.values()))
    return [{n: a[i] for n, a in arrays.items()} for i in range(min(count or available, available))]


def calibration_batches(function: FuncOp, inputs: str, count: int, seed: int, pass_name: str) -> list[Batch]:
    """The first `count` batches of the .npz at `inputs` (0: all), or without one `count` random batches from `seed`."""
    if inputs:
        return load_batches(inputs, count, pass_name)
    return [random_inputs(function, seed + i) for i in range(count)]


@contextmanager
def reference_run_errors(pass_name: str, verb: str) -> Iterator[None]:
    """Inside: a failing reference run over calibration batches is `pass_name`'s PassFailedException
    (`verb`: what the user should do before lowering)."""
    try:
        yield
    except InterpreterInputError as err:
        raise PassFailedException(f"{pass_name}: {err}; give inputs that fit the entry function") from None
    except ValueError as err:
        raise PassFailedException(f"{pass_name}: {err}; see `mlc-opt --list-passes` for the options") from None
    except InterpretationError as err:
        raise PassFailedException(f"{pass_name}: the reference run failed: {err}; "
                                  f"{verb} before lowering, on mlc_tensor IR") from None


@dataclass(frozen=True)
class Calibrate(ModulePass):
    """Record per-tensor and per-channel activation ranges of linear/matmul/conv2d from reference runs."""

    name = "calibrate"

    method: str = "minmax"
    percentile: float = 99.99
    batches: int = 0
    """Batches to run: 0 is all of `inputs`, or 8 random ones."""
    seed: int = 0
    inputs: str = ""
    """An .npz of calibration batches (arrays by argument name, batch on the leading axis)."""
    progress: str = "auto"
    """auto (a bar when stderr is a terminal), always or never."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if self.progress not in ("auto", "always", "never"):
            raise PassFailedException(f"calibrate: unknown progress '{self.progress}'; "
                                      "use progress=auto, always or never")
        if self.batches < 0:
            raise PassFailedException(f"calibrate: batches must be >= 0, got {self.batches}")
        with reference_run_errors(self.name, "calibrate"):
            count = self.batches if self.inputs else self.batches or DEFAULT_RANDOM_BATCHES
            batches = calibration_batches(find_function(op, None), self.inputs, count, self.seed, self.name)
            show = self.progress == "always" or (self.progress == "auto" and sys.stderr.isatty())
            calibrate(op, batches, self.method, self.percentile, progress=show, seed=self.seed)
