"""assign-precision: choose a format per layer from sensitivity-scan's scores, record why, apply it.

Each layer's candidates are f32 (its own width, no error) and the scanned formats whose
SQNR is at least `min-sqnr`. Each candidate has a cost, by `metric`:

    sqnr  the relative output noise energy it adds, 10^(-s/10) for an SQNR of s dB; the
          layers' errors taken as independent, so the model's predicted noise is the sum
          over layers, its predicted SQNR -10 log10(sum);
    loss  its task-loss increase `dloss` (loss with the layer quantized alone minus the f32
          model's, from a scan given `loss_fn=`), floored at 0 (a format measured to lower
          the loss is calibration noise, not a gain to bank); to first order the layers'
          increases add, so the predicted increase is the sum.

`metric=auto` (the default) is loss when every scanned format of every layer has a dloss,
else sqnr. Output SQNR predicts the task loss poorly (it weighs all logits alike, the loss
only the decisive ones), so a scan with a loss function gives the better choice.

The choice is exact, by a Pareto dynamic program (a multiple-choice knapsack) over the
layers: minimize sum_l cost(l, f_l) subject to sum_l bits(f_l) * params(l) <= B * sum_l
params(l). After each layer the frontier holds every (total stored weight bits, total cost)
pair that no other choice beats in both, with the choices behind it; a layer's options
extend every point. Then

    budget-bits=B  the least-cost point whose bits per parameter (weighted by parameter
                   count) are at most B; ties go to fewer bits;
    max-error=E    the fewest-bits point within the bound: under sqnr a predicted relative
                   RMS output error sqrt(noise) <= E (E = 0.01 is an output SQNR of 40 dB),
                   under loss a predicted loss increase <= E.

Exactly one of the two is given. Every layer gets `mlc_quant.decision = #mlc_quant.decision<
format, sqnr = X dB[, dloss = D], bits = B, reason = "... (metric=M)">` on the ops that now
compute it (so fusion keeps layers of different formats apart) and a remark; the chosen
formats are applied with sensitivity-scan's rewrites. Reasons: "within budget" / "within
error bound" for a quantized layer, "kept f32: budget met" / "kept f32: error bound" when
lower precision was possible but not needed, "sensitivity too high" when every format is
under `min-sqnr`; each followed by the metric the choice optimized.
"""

import math
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import DictionaryAttr, FloatAttr, ModuleOp
from xdsl.ir import Operation
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import PassFailedException

from mlc.dialects import mlc_quant as q
from mlc.ir.diagnostics import remark_at
from mlc.passes.fusion.classify import DECISION
from mlc.passes.quant_common import Layer, describe, float_layers
from mlc.passes.sensitivity_scan import SENSITIVITY, apply_format, layer_params, weight_bits


METRICS = ("auto", "sqnr", "loss")


@dataclass(frozen=True)
class Option:
    """One format a layer may take: bits per parameter, output SQNR alone (dB), task-loss increase."""

    format: str
    bits: float
    sqnr: float
    dloss: float | None = None
    """The loss increase with this layer alone in this format; None without a loss function."""

    @property
    def noise(self) -> float:
        """The relative output noise energy it adds, 10^(-sqnr/10)."""
        return 0.0 if self.sqnr == math.inf else 10 ** (-self.sqnr / 10)

    def cost(self, metric: str) -> float:
        """What the DP minimizes: the noise energy (sqnr) or the loss increase floored at 0 (loss)."""
        if metric == "sqnr":
            return self.noise
        assert self.dloss is not None
        return max(self.dloss, 0.0)


@dataclass(frozen=True)
class Choice:
    """The assignment: one option per layer, its average bits, predicted output SQNR and loss increase."""

    layers: list[str]
    """The scanned layers as remarks name them, in program order."""
    options: list[Option]
    average_bits: float
    predicted_sqnr: float
    metric: str
    """The metric the choice minimized: sqnr or loss."""
    predicted_dloss: float | None = None
    """The summed loss increases of the chosen formats (floored at 0); None without loss scores."""


def layer_options(op: Layer, min_sqnr: float) -> list[Option]:
    """f32 and the scanned formats whose SQNR is at least `min_sqnr`."""
    scores = op.attributes.get(SENSITIVITY)
    assert isinstance(scores, DictionaryAttr)
    options, scanned_loss = [], True
    for fmt, metrics in scores.data.items():
        sqnr, bits, dloss = (metrics.data.get(k) if isinstance(metrics, DictionaryAttr) else None
                             for k in ("sqnr", "bits", "dloss"))
        if not isinstance(sqnr, FloatAttr) or not isinstance(bits, FloatAttr):
            raise ValueError(f"{describe(op)}: {SENSITIVITY} entry {fmt} needs float sqnr and bits, got {metrics}")
        scanned_loss &= isinstance(dloss, FloatAttr)
        if sqnr.value.data >= min_sqnr:
            options.append(Option(fmt, bits.value.data, sqnr.value.data,
                                  dloss.value.data if isinstance(dloss, FloatAttr) else None))
    return [Option("f32", weight_bits(op), math.inf, 0.0 if scanned_loss else None)] + options


def resolve_metric(metric: str, layers: list[Layer], options: list[list[Option]]) -> str:
    """sqnr or loss: `metric`, auto resolved to loss when every scanned format has a dloss."""
    if metric not in METRICS:
        raise ValueError(f"unknown metric '{metric}'; use auto, sqnr or loss")
    missing = next((op for op, opts in zip(layers, options) if any(o.dloss is None for o in opts)), None)
    if metric == "loss" and missing is not None:
        raise ValueError(f"metric=loss needs task-loss scores (dloss), which {describe(missing)} lacks; scan "
                         "with a loss function (sensitivity_scan(..., loss_fn=) from Python) or use metric=sqnr")
    if metric == "auto":
        return "sqnr" if missing is not None else "loss"
    return metric


def pareto(
    layers: list[Layer], options: list[list[Option]], max_bits: float, metric: str
) -> list[tuple[float, float, tuple[int, ...]]]:
    """Every (total bits, total cost, option indices) not beaten in both, total bits <= max_bits."""
    frontier: list[tuple[float, float, tuple[int, ...]]] = [(0.0, 0.0, ())]
    for op, opts in zip(layers, options):
        params = layer_params(op)
        points = sorted(
            ((bits + o.bits * params, cost + o.cost(metric), picks + (i,))
             for bits, cost, picks in frontier for i, o in enumerate(opts)),
            key=lambda p: (p[0], p[1]),
        )
        frontier = []
        for point in points:  # by bits: keep a point only if it costs less than all cheaper ones
            if point[0] <= max_bits and (not frontier or point[1] < frontier[-1][1]):
                frontier.append(point)
    return frontier


def assign_precision(
    module: ModuleOp,
    budget_bits: float | None = None,
    max_error: float | None = None,
    min_sqnr: float = 0.0,
    metric: str = "auto",
) -> Choice:
    """Choose, record and apply a format per scanned layer (see the module docstring).

    Raises ValueError when neither or both of budget_bits/max_error are given, when no layer
    has scores, for an unknown metric or metric=loss without loss scores, or when the budget
    is below the fewest bits any assignment reaches.
    """
    if (budget_bits is None) == (max_error is None):
        raise ValueError("give exactly one of budget-bits and max-error")
    if budget_bits is not None and budget_bits <= 0 or max_error is not None and max_error <= 0:
        raise ValueError(f"the budget must be > 0, got {budget_bits if max_error is None else max_error}")
    layers = [op for op in float_layers(module) if SENSITIVITY in op.attributes]
    if not layers:
        raise ValueError(f"no layer has {SENSITIVITY} scores; run sensitivity-scan first")
    options = [layer_options(op, min_sqnr) for op in layers]
    metric = resolve_metric(metric, layers, options)
    params = sum(layer_params(op) for op in layers)
    limit = math.inf if budget_bits is None else budget_bits * params * (1 + 1e-12)
    frontier = pareto(layers, options, limit, metric)
    if not frontier:
        fewest = sum(min(o.bits for o in opts) * layer_params(op) for op, opts in zip(layers, options))
        raise ValueError(f"budget-bits={budget_bits:g} is below the fewest reachable, "
                         f"{fewest / params:.4g} bits per weight with these formats and min-sqnr")
    if max_error is None:
        bits, _, picks = frontier[-1]  # the least cost within the budget
    else:  # f32 everywhere costs 0, so some point is within any bound > 0
        bound = max_error**2 if metric == "sqnr" else max_error
        bits, _, picks = next(p for p in frontier if p[1] <= bound)
    chosen = [opts[i] for opts, i in zip(options, picks)]
    names = [describe(op) for op in layers]
    for op, option, opts in zip(layers, chosen, options):
        record(op, option, len(opts) > 1, budget_bits is not None, metric)
    noise = sum(o.noise for o in chosen)
    dloss = None if any(o.dloss is None for o in chosen) else sum(o.cost("loss") for o in chosen)
    return Choice(names, chosen, bits / params, math.inf if noise == 0 else -10 * math.log10(noise), metric, dloss)


def record(op: Layer, option: Option, could_lower: bool, budget: bool, metric: str) -> None:
    """Apply `option` to the layer, put its decision on the ops computing it, and remark."""
    if option.format != "f32":
        reason = "within budget" if budget else "within error bound"
    elif could_lower:
        reason = "kept f32: budget met" if budget else "kept f32: error bound"
    else:  # every scanned format was under min-sqnr
        reason = "sensitivity too high"
    reason += f" (metric={metric})"
    metrics: dict[str, float | tuple[float, str]] = {"sqnr": (option.sqnr, "dB")}
    if option.dloss is not None:
        metrics["dloss"] = option.dloss
    decision = q.DecisionAttr(option.format, reason, {**metrics, "bits": option.bits})
    name = describe(op)
    ops: list[Operation] = [op]
    if option.format != "f32":
        why_not, ops = apply_format(op, option.format)
        assert why_not is None, why_not  # the scan applied this very format to this layer
    for new in ops:
        if not isinstance(new, q.ConstantOp):
            new.attributes[DECISION] = decision
    # The remark sits on the op now computing the layer and names the layer as it was.
    verdict = "not applied to" if option.format == "f32" else "applied to"
    loss = "" if option.dloss is None else f", loss increase alone {option.dloss:.4g}"
    remark_at(ops[-1], f"assign-precision: {verdict} {name}: {option.format} ({option.bits:.4g} bits, "
                       f"output SQNR alone {option.sqnr:.1f} dB{loss}): {reason}")


@dataclass(frozen=True)
class AssignPrecision(ModulePass):
    """Choose a format per layer from sensitivity-scan's scores under a bit budget or an error bound."""

    name = "assign-precision"

    budget_bits: float = 0.0
    """Average stored bits per weight (weighted by parameter count); 0: not given."""
    max_error: float = 0.0
    """Bound on the predicted relative RMS output error; 0: not given."""
    min_sqnr: float = 0.0
    """A format whose SQNR alone is below this (dB) is too lossy for a layer."""
    metric: str = "auto"
    """What to minimize: sqnr (output noise), loss (task-loss increase), auto (loss when scanned with one)."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        try:
            assign_precision(op, self.budget_bits or None, self.max_error or None, self.min_sqnr, self.metric)
        except ValueError as err:
            raise PassFailedException(f"assign-precision: {err}; see `mlc-opt --list-passes` for the options") from None
