"""sensitivity-scan: how much each layer's quantization, alone, costs the model's output.

For every float linear/matmul/conv2d with a constant weight and every candidate format, a
clone of the module has that one layer rewritten to the format (the rewrites of quantize and
sparsify-2-4) and runs on the reference interpreter over the calibration batches; its
outputs are compared with the f32 module's: SQNR in dB (10 log10 of signal over noise
energy, over all outputs and batches), the max absolute error, and through the Python API
the task loss of a user `loss_fn(outputs, batch)`. The batches come from an .npz (`inputs=`,
as calibrate reads it), random inputs from a seed, or any Python iterable through
`sensitivity_scan(module, batches)`. Formats:

    int8, int4            weight-only, per output channel
    int8_g<N>, int4_g<N>  weight-only, per group of N along K (int4_g128: the usual int4;
                          K of a conv2d is I*kh*kw)
    sparse24              2:4 magnitude pruning along K, f32 values kept
    sparse24_int8         2:4 pruning, then the kept values int8 per output channel

The default candidates are int8, int4 in groups of 128, 64 and 32 (smaller groups cost more
scale bits, 4 + 32/N per weight, and lose less, so assign-precision can trade group size
for bits), sparse24 and sparse24_int8.

Each layer gets `mlc_quant.sensitivity = {int8 = {sqnr = .., max_err = .., bits = ..}, ..}`
(bits: the stored weight bits per parameter, values + scales + 2:4 positions, as the model
file holds them), and with a loss function also `loss` (the task loss with that layer
quantized) and `dloss` (that loss minus the f32 model's on the same batches: what the format
costs the task, which assign-precision{metric=loss} minimizes); formats a layer cannot take
(a group that does not divide K, 2:4 on a conv2d) are left out with a remark saying why.
`table=` writes the scores as CSV (or markdown for a .md path), `plot=` a PNG heat map of
SQNR, layers x formats (needs matplotlib).
"""

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import DictionaryAttr, FloatAttr, ModuleOp, TensorType, f64
from xdsl.ir import Operation
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import PassFailedException

from mlc.dialects import mlc_quant as q
from mlc.dialects.mlc_tensor import Conv2dOp
from mlc.ir.diagnostics import remarks_enabled
from mlc.passes.calibrate import Batch, calibration_batches, reference_run_errors
from mlc.passes.quant_common import (
    Layer,
    activation,
    bias_value,
    float_layers,
    layer_name,
    remark,
    replace_layer,
    weight_matrix,
    weight_value,
)
from mlc.passes.quantize import Quantize, quantize_weight, sqnr_db
from mlc.passes.sparsify_2_4 import Sparsify24, prune_2_4
from mlc.runtime.interpreter import (
    InterpreterInputError,
    check_inputs,
    find_function,
    run_function,
)

SENSITIVITY = "mlc_quant.sensitivity"
"""Attribute sensitivity-scan writes on a layer: {format = {sqnr, max_err, bits[, loss, dloss]}}."""
DEFAULT_FORMATS = ("int8", "int4_g128", "int4_g64", "int4_g32", "sparse24", "sparse24_int8")
FORMAT = re.compile(r"(int8|int4)(_g([1-9][0-9]*))?|sparse24(_int8)?")

LossFn = Callable[[list[np.ndarray], Batch], float]


def check_format(fmt: str) -> None:
    """Raise ValueError for a format name the scan cannot apply."""
    if FORMAT.fullmatch(fmt) is None:
        raise ValueError(f"unknown format '{fmt}'; use int8, int4, int8_g<N>, int4_g<N>, sparse24 "
                         "or sparse24_int8")


def sparse_int8(op: Layer) -> str | None:
    """Rewrite a layer to 2:4-pruned int8-per-channel weights (sparse_matmul); why not, if not."""
    if isinstance(op, Conv2dOp):
        return "mlc_quant has no 2:4 conv2d"
    w = weight_matrix(op)
    if w is None:
        return "the weight is not a constant"
    if w.shape[1] % 4:
        return f"K={w.shape[1]} is not divisible by 4"
    expressed = activation(op).type.get_element_type()  # pyright: ignore[reportAttributeAccessIssue]
    name = layer_name(op) or "weight"
    # Pruned zeros quantize to the zero point 0 (symmetric), so the 2:4 pattern survives.
    storage, dense = quantize_weight(prune_2_4(np.asarray(w)), 8, "channel", 0, True, expressed, name)
    typ = TensorType(dense.get_element_type(), dense.get_shape(), q.Sparse24Attr(1))
    weight = q.ConstantOp.from_array(storage, typ, name)
    replace_layer(op, [weight, q.SparseMatmulOp(activation(op), weight.result)], bias_value(op))
    return None


def apply_format(op: Layer, fmt: str) -> tuple[str | None, list[Operation]]:
    """Rewrite one layer to `fmt`: (None, the ops now computing it) or (why not, [])."""
    match = FORMAT.fullmatch(fmt)
    assert match is not None
    block = op.parent_block()
    assert block is not None
    before = set(block.ops)
    with remarks_enabled(False):  # the caller says what happened, once
        if match.group(1):
            group = match.group(3)
            reason = Quantize(weights=match.group(1), granularity="group" if group else "channel",
                              group_size=int(group or 128)).rewrite(op)
        elif match.group(4):
            reason = sparse_int8(op)
        else:
            reason = Sparsify24(min_elements=0).rewrite(op)
    return reason, ([] if reason else [new for new in block.ops if new not in before])


def weight_bits(op: Layer) -> float:
    """Bits per weight parameter of a float layer as it is (its element width)."""
    return float(weight_value(op).type.get_element_type().bitwidth)  # pyright: ignore


def stored_bits(ops: Sequence[Operation], params: int) -> float:
    """Bits per parameter stored by the mlc_quant constants among `ops`: values, positions, scales."""
    total = 0
    for new in ops:
        if isinstance(new, q.ConstantOp):
            values = q.constant_array(new)
            blobs = q.encode_constant(values, new.result.type)
            total += 8 * sum(int(b.nbytes) for b in blobs if b is not None)
            qtype = q.quantized_element(new.result.type)
            if qtype is not None:
                total += 32 * qtype.scale_array().size
    return total / params


def layer_params(op: Layer) -> int:
    """Weight parameters of a layer."""
    return math.prod(weight_value(op).type.get_shape())  # pyright: ignore[reportAttributeAccessIssue]


@dataclass(frozen=True)
class Score:
    """One layer quantized to one format, alone: its stored bits and the model's output error."""

    layer: str
    format: str
    params: int
    bits: float
    sqnr: float
    max_error: float
    loss: float | None = None


@dataclass
class SensitivityTable:
    """The scan's scores, layers in program order, formats in the order asked for."""

    layers: list[str]
    formats: list[str]
    scores: list[Score] = field(default_factory=list)
    reference_loss: float | None = None

    def score(self, layer: str, fmt: str) -> Score | None:
        """The score of `layer` in `fmt`, or None when that format does not apply to it."""
        return next((s for s in self.scores if s.layer == layer and s.format == fmt), None)

    def rows(self) -> list[list[str]]:
        """Header and one row per score, as strings (dloss: the loss minus the f32 model's)."""
        header = ["layer", "format", "params", "bits", "sqnr_db", "max_abs_error", "loss", "dloss"]
        ref = self.reference_loss
        body = [[s.layer, s.format, str(s.params), f"{s.bits:.4g}", f"{s.sqnr:.2f}", f"{s.max_error:.4g}",
                 "" if s.loss is None else f"{s.loss:.6g}",
                 "" if s.loss is None or ref is None else f"{s.loss - ref:.4g}"] for s in self.scores]
        return [header] + body

    def to_csv(self) -> str:
        """The table as CSV."""
        return "".join(",".join(row) + "\n" for row in self.rows())

    def to_markdown(self) -> str:
        """The table as a GitHub markdown table."""
        header, *body = self.rows()
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in body]) + "\n"

    def save(self, path: str) -> None:
        """Write the table to `path`: markdown for a .md path, else CSV."""
        with open(path, "w") as out:
            out.write(self.to_markdown() if path.endswith(".md") else self.to_csv())

    def plot(self, path: str) -> None:
        """Write a PNG heat map of SQNR (dB), layers x formats; blank where a format does not apply."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        grid = np.full((len(self.layers), len(self.formats)), np.nan)
        for s in self.scores:
            grid[self.layers.index(s.layer), self.formats.index(s.format)] = min(s.sqnr, 200.0)
        fig, ax = plt.subplots(figsize=(1.6 + 1.1 * len(self.formats), 1.2 + 0.45 * len(self.layers)))
        image = ax.imshow(grid, cmap="viridis", aspect="auto")
        ax.set_xticks(range(len(self.formats)), self.formats)
        ax.set_yticks(range(len(self.layers)), self.layers)
        for (i, j), value in np.ndenumerate(grid):
            if not np.isnan(value):
                ax.text(j, i, f"{value:.1f}", ha="center", va="center", color="w", fontsize=8)
        fig.colorbar(image, ax=ax, label="output SQNR (dB)")
        ax.set_title("sensitivity: one layer quantized at a time")
        fig.tight_layout()
        fig.savefig(path, dpi=100)
        plt.close(fig)


def run_all(module: ModuleOp, batches: Sequence[Batch], entry: str | None) -> list[list[np.ndarray]]:
    """The entry function's outputs on every batch."""
    return [run_function(module, batch, entry) for batch in batches]


def flat(outputs: list[list[np.ndarray]]) -> np.ndarray:
    """All outputs of all batches as one f64 vector."""
    return np.concatenate([np.asarray(o, np.float64).ravel() for batch in outputs for o in batch])


def mean_loss(loss_fn: LossFn, outputs: list[list[np.ndarray]], batches: Sequence[Batch]) -> float:
    """The loss averaged over batches."""
    return float(np.mean([loss_fn(o, b) for o, b in zip(outputs, batches)]))


def sensitivity_scan(
    module: ModuleOp,
    batches: Iterable[Batch],
    loss_fn: LossFn | None = None,
    formats: Sequence[str] = DEFAULT_FORMATS,
    entry: str | None = None,
) -> SensitivityTable:
    """Score every layer x format of `module` (see the module docstring) and annotate the layers.

    `loss_fn(outputs, batch)` is the task loss of one batch's outputs. Raises ValueError for an
    unknown format or no batches, InterpreterInputError for batches that do not fit.
    """
    for fmt in formats:
        check_format(fmt)
    if not formats:
        raise ValueError("no formats to scan")
    batch_list = list(batches)
    if not batch_list:
        raise ValueError("no calibration batches")
    function = find_function(module, entry)
    for batch in batch_list:
        check_inputs(function, batch)
    reference = run_all(module, batch_list, entry)
    ref_flat = flat(reference)
    layers = float_layers(module)
    names = [layer_name(op) or f"{op.name.split('.')[-1]}{i}" for i, op in enumerate(layers)]
    names = [n if names.count(n) == 1 else f"{n}#{i}" for i, n in enumerate(names)]
    table = SensitivityTable(names, list(formats))
    if loss_fn is not None:
        table.reference_loss = mean_loss(loss_fn, reference, batch_list)
    for index, (op, name) in enumerate(zip(layers, names)):
        entries: dict[str, DictionaryAttr] = {}
        skipped: list[str] = []
        for fmt in formats:
            clone = module.clone()
            reason, new_ops = apply_format(float_layers(clone)[index], fmt)
            if reason is not None:
                skipped.append(f"{fmt}: {reason}")
                continue
            outputs = run_all(clone, batch_list, entry)
            approx = flat(outputs)
            score = Score(name, fmt, layer_params(op), stored_bits(new_ops, layer_params(op)),
                          sqnr_db(ref_flat, approx), float(np.max(np.abs(approx - ref_flat), initial=0.0)),
                          None if loss_fn is None else mean_loss(loss_fn, outputs, batch_list))
            table.scores.append(score)
            # Rounded for reading: 0.01 dB, 4 significant digits; bits are exact.
            metrics = {"sqnr": round(score.sqnr, 2), "max_err": float(f"{score.max_error:.4g}"), "bits": score.bits}
            if score.loss is not None:
                assert table.reference_loss is not None
                metrics["loss"] = float(f"{score.loss:.6g}")
                metrics["dloss"] = float(f"{score.loss - table.reference_loss:.6g}")
            entries[fmt] = DictionaryAttr({k: FloatAttr(v, f64) for k, v in metrics.items()})
        if entries:
            op.attributes[SENSITIVITY] = DictionaryAttr(entries)
            summary = ", ".join(f"{s.format} {s.sqnr:.1f} dB" for s in table.scores if s.layer == name)
            remark("sensitivity-scan", op, True, "output SQNR " + summary
                   + "".join(f"; {s}" for s in skipped))
        else:
            remark("sensitivity-scan", op, False, "; ".join(skipped))
    return table


@dataclass(frozen=True)
class SensitivityScan(ModulePass):
    """Score each layer quantized alone to each candidate format against the f32 model's outputs."""

    name = "sensitivity-scan"

    formats: tuple[str, ...] = DEFAULT_FORMATS
    batches: int = 4
    """Batches: the first `batches` of `inputs` (0: all), else this many random ones (seeds seed, seed+1, ...)."""
    seed: int = 0
    inputs: str = ""
    """An .npz of calibration batches (arrays by argument name, batch on the leading axis)."""
    table: str = ""
    """Write the scores here: CSV, or markdown for a .md path."""
    plot: str = ""
    """Write a PNG heat map (layers x formats) here; needs matplotlib."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if self.batches < (0 if self.inputs else 1):
            raise PassFailedException(f"sensitivity-scan: batches must be >= {0 if self.inputs else 1}, "
                                      f"got {self.batches}")
        if self.plot:
            try:
                import matplotlib  # noqa: F401
            except ImportError:
                raise PassFailedException("sensitivity-scan: plot= needs matplotlib, which is not "
                                          "installed; pip install matplotlib, or drop plot=") from None
        with reference_run_errors(self.name, "scan"):
            batches = calibration_batches(find_function(op, None), self.inputs, self.batches, self.seed, self.name)
            table = sensitivity_scan(op, batches, formats=self.formats)
        try:
            if self.table:
                table.save(self.table)
            if self.plot:
                table.plot(self.plot)
        except OSError as err:
            raise PassFailedException(f"sensitivity-scan: cannot write {err.filename}: {err.strerror}; "
                                      "give a writable path") from None
