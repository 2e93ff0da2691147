"""assign-precision: budgets met, tighter budgets cost SQNR, sensitive layers kept, numerics, fusion."""

import math

import numpy as np
import pytest
import torch
from xdsl.utils.exceptions import PassFailedException

from mlc.dialects.mlc_tensor import FusedOp
from mlc.frontend.torch import import_module
from mlc.ir.context import mlc_context, parse_module
from mlc.ir.diagnostics import collect_remarks
from mlc.passes.assign_precision import AssignPrecision, assign_precision
from mlc.passes.fuse_elementwise import FuseElementwise
from mlc.passes.fusion.classify import precision
from mlc.passes.quant_common import float_layers
from mlc.passes.quantize import sqnr_db
from mlc.passes.sensitivity_scan import layer_params, sensitivity_scan
from mlc.runtime.interpreter import find_function, random_inputs, run_function

FORMATS = ("int8", "int4_g128", "sparse24_int8")


def sensitive_mlp():
    """A 256-128-128-64 ReLU MLP whose middle layer has an outlier input column (int4 hurts it).

    Hidden unit 0 is scaled down 10x and the middle layer's column 0 up 10x: the same
    function, but that column now sets every row's quantization scale.
    """
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, 64))
    with torch.no_grad():
        model[0].weight[0] /= 10
        model[0].bias[0] /= 10
        model[2].weight[:, 0] *= 10
    return import_module(model.eval(), [torch.randn(16, 256)])


@pytest.fixture(scope="module")
def scanned():
    """The scanned module, its batches and f32 outputs, and the scan table."""
    module = sensitive_mlp()
    batches = [random_inputs(find_function(module, None), seed) for seed in (0, 1)]
    refs = [run_function(module, b)[0] for b in batches]
    table = sensitivity_scan(module, batches, formats=FORMATS)
    return module, batches, refs, table


def measured(module, batches, refs) -> tuple[float, float]:
    """(output SQNR dB, max abs error) of `module` against the f32 outputs."""
    out = np.concatenate([run_function(module, b)[0].ravel() for b in batches]).astype(np.float64)
    ref = np.concatenate([r.ravel() for r in refs]).astype(np.float64)
    return sqnr_db(ref, out), float(np.max(np.abs(out - ref)))


def decisions(module):
    """The decision format and bits of every op carrying one, in program order."""
    return [(op, op.attributes["mlc_quant.decision"]) for op in module.walk() if precision(op) is not None]


def test_the_middle_layer_is_the_sensitive_one(scanned):
    _, _, _, table = scanned
    int4 = [table.score(layer, "int4_g128").sqnr for layer in table.layers]
    # Measured: 24.3, 9.3, 25.1 dB (int8: 49.4, 34.8, 49.1 dB).
    assert int4[1] < min(int4[0], int4[2]) - 8


@pytest.mark.parametrize("budget", [4.6, 5.0, 6.0, 9.0])
def test_budget_is_met_and_recorded(scanned, budget):
    module, batches, refs, _ = scanned
    clone = module.clone()
    params = [layer_params(op) for op in float_layers(clone)]
    choice = assign_precision(clone, budget_bits=budget)
    assert choice.average_bits <= budget
    recorded = [d.metrics["bits"][0] for _, d in decisions(clone)]
    assert len(recorded) == 3
    assert sum(b * p for b, p in zip(recorded, params)) / sum(params) == pytest.approx(choice.average_bits)


def test_tighter_budgets_give_lower_sqnr(scanned):
    module, batches, refs, _ = scanned
    sqnrs = []
    for budget in (9.0, 6.0, 5.0, 4.6):
        clone = module.clone()
        choice = assign_precision(clone, budget_bits=budget)
        sqnrs.append((choice.predicted_sqnr, measured(clone, batches, refs)[0]))
    predicted, actual = zip(*sqnrs)
    assert list(predicted) == sorted(predicted, reverse=True) and predicted[0] > predicted[-1]
    assert list(actual) == sorted(actual, reverse=True) and actual[0] > actual[-1] + 10


def test_sensitive_layer_keeps_higher_precision(scanned):
    module, _, _, _ = scanned
    clone = module.clone()
    choice = assign_precision(clone, budget_bits=5.5)
    # Measured: 5.39 bits, predicted 21.5 dB; uniform int4 g128 (4.25 bits) is 9.1 dB.
    assert [o.format for o in choice.options] == ["int4_g128", "int8", "int4_g128"]
    floored = module.clone()
    with collect_remarks() as remarks:
        choice = assign_precision(floored, budget_bits=32.0, min_sqnr=30.0)
    assert [o.format for o in choice.options] == ["f32", "f32", "f32"]
    reasons = [d.reason.data for _, d in decisions(floored)]
    assert reasons == ["kept f32: budget met (metric=sqnr)"] * 3
    tight = module.clone()
    choice = assign_precision(tight, budget_bits=12.0, min_sqnr=15.0)
    assert choice.options[1].format == "int8" and choice.options[1].sqnr >= 15.0
    assert len(remarks) == 3 and all("assign-precision: not applied to" in r.message for r in remarks)


def test_sensitivity_too_high_keeps_f32(scanned):
    module, _, _, table = scanned
    clone = module.clone()
    floor = table.score("matmul1", "int8").sqnr + 0.5  # above every format of the middle layer only
    choice = assign_precision(clone, budget_bits=20.0, min_sqnr=floor)
    assert choice.options[1].format == "f32"
    assert decisions(clone)[1][1].reason.data == "sensitivity too high (metric=sqnr)"


def test_numerics_within_the_reported_error(scanned):
    module, batches, refs, table = scanned
    for budget in (4.6, 6.0):
        clone = module.clone()
        choice = assign_precision(clone, budget_bits=budget)
        sqnr, max_err = measured(clone, batches, refs)
        # Layer errors add as independent noise: measured within 1.5 dB of the prediction,
        # and the max error within the sum of the layers' own max errors.
        assert abs(sqnr - choice.predicted_sqnr) < 1.5
        bound = sum(table.score(name, o.format).max_error
                    for name, o in zip(table.layers, choice.options) if o.format != "f32")
        assert max_err <= bound


def test_max_error_bound_is_met(scanned):
    module, batches, refs, _ = scanned
    for bound in (0.01, 0.05, 0.2):
        clone = module.clone()
        choice = assign_precision(clone, max_error=bound)
        assert choice.predicted_sqnr >= -20 * math.log10(bound)
        assert measured(clone, batches, refs)[0] >= -20 * math.log10(bound) - 1.5


def test_fusion_keeps_layers_with_different_decisions_apart(scanned):
    module, _, _, _ = scanned
    clone = module.clone()
    assign_precision(clone, budget_bits=5.5)
    before = [(op.name, d.format.data) for op, d in decisions(clone)]
    assert [f for _, f in before] == ["int4_g128", "int8", "int4_g128"]
    assert all(name == "mlc_quant.weight_only_matmul" for name, _ in before)
    FuseElementwise().apply(mlc_context(), clone)
    assert [(op.name, d.format.data) for op, d in decisions(clone)] == before
    for fused in (op for op in clone.walk() if isinstance(op, FusedOp)):
        assert len({precision(op) for op in fused.walk()} - {None}) <= 1


def test_errors(scanned):
    module, _, _, _ = scanned
    with pytest.raises(ValueError, match="give exactly one of budget-bits and max-error"):
        assign_precision(module.clone())
    with pytest.raises(ValueError, match="give exactly one"):
        assign_precision(module.clone(), budget_bits=5.0, max_error=0.1)
    with pytest.raises(ValueError, match=r"budget-bits=4 is below the fewest reachable, 4\.25 bits"):
        assign_precision(module.clone(), budget_bits=4.0)
    with pytest.raises(PassFailedException, match="assign-precision: no layer has mlc_quant.sensitivity scores; "
                       "run sensitivity-scan first"):
        AssignPrecision(budget_bits=5.0).apply(mlc_context(), sensitive_mlp())


TWO_BRANCHES = """
func.func @main(%x: tensor<4x8xf32>) -> tensor<4x4xf32> {
  %wa = mlc_tensor.constant dense<0.3> : tensor<4x8xf32> loc("a.weight")
  %wb = mlc_tensor.constant dense<-0.2> : tensor<4x8xf32> loc("b.weight")
  %ba = mlc_tensor.constant dense<0.1> : tensor<4xf32>
  %bb = mlc_tensor.constant dense<0.2> : tensor<4xf32>
  %a = mlc_tensor.linear %x, %wa, %ba {mlc_quant.sensitivity = {int8 = {sqnr = 40.0 : f64, bits = 12.0 : f64}}} : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4xf32> -> tensor<4x4xf32>
  %b = mlc_tensor.linear %x, %wb, %bb {mlc_quant.sensitivity = {int4_g4 = {sqnr = 20.0 : f64, bits = 12.0 : f64}}} : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4xf32> -> tensor<4x4xf32>
  %ra = mlc_tensor.relu %a : tensor<4x4xf32> -> tensor<4x4xf32>
  %rb = mlc_tensor.relu %b : tensor<4x4xf32> -> tensor<4x4xf32>
  %y = mlc_tensor.add %ra, %rb : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  func.return %y : tensor<4x4xf32>
}
"""


def test_fusion_does_not_merge_the_bias_adds_of_differently_assigned_layers():
    """Each layer's bias add carries its decision: fuse-elementwise keeps int8's and int4's apart."""
    module = parse_module(TWO_BRANCHES)
    assign_precision(module, budget_bits=12.0)
    adds = [(op, precision(op)) for op in module.walk() if op.name == "mlc_tensor.add" and precision(op)]
    assert [p for _, p in adds] == ["int8", "int4_g4"]
    FuseElementwise().apply(mlc_context(), module)
    groups = [{precision(op) for op in fused.walk()} - {None} for fused in module.walk() if isinstance(fused, FusedOp)]
    assert groups and all(len(g) <= 1 for g in groups)
    assert sorted(precision(op) for op in module.walk() if op.name == "mlc_tensor.add" and precision(op)) == [
        "int4_g4", "int8"]
    stripped = parse_module(TWO_BRANCHES)  # without decisions the two branches fuse into one kernel
    FuseElementwise().apply(mlc_context(), stripped)
    assert sum(isinstance(op, FusedOp) for op in stripped.walk()) == 1


def test_malformed_scores_fail_clearly():
    module = parse_module(TWO_BRANCHES.replace("int8 = {sqnr = 40.0 : f64, bits = 12.0 : f64}", "int8 = 3"))
    with pytest.raises(ValueError, match=r"mlc_tensor.linear 'a' \(weight 4x8\): mlc_quant.sensitivity entry int8 "
                       "needs float sqnr and bits, got 3"):
        assign_precision(module, budget_bits=12.0)


def scored_layers(a: str, b: str) -> str:
    """Two parallel 4x8 layers whose mlc_quant.sensitivity entries are `a` and `b`."""
    return (TWO_BRANCHES.replace("int8 = {sqnr = 40.0 : f64, bits = 12.0 : f64}", a)
            .replace("int4_g4 = {sqnr = 20.0 : f64, bits = 12.0 : f64}", b))


# Layer a's int4 has the better SQNR but costs the task more than b's; each int8 costs nothing.
# 12-bit budget (int4_g4 is 12 bits here: 4 + 32/4): one layer int4, the other int8 at 16 (K=8
# int8 per channel is 8 + 32/8 = 12, so make int8 16 bits by hand to force the trade).
BY_LOSS = scored_layers(
    "int8 = {sqnr = 45.0 : f64, bits = 16.0 : f64, dloss = 0.0 : f64}, "
    "int4_g4 = {sqnr = 30.0 : f64, bits = 8.0 : f64, dloss = 0.2 : f64}",
    "int8 = {sqnr = 45.0 : f64, bits = 16.0 : f64, dloss = -0.001 : f64}, "
    "int4_g4 = {sqnr = 20.0 : f64, bits = 8.0 : f64, dloss = 0.05 : f64}",
)


def test_loss_metric_minimizes_the_summed_loss_increase_and_records_it():
    # Budget 12 bits: exactly one layer can afford int8. By SQNR, b (the noisier int4) keeps it;
    # by loss, a (whose int4 costs 0.2 against b's 0.05) does.
    by_sqnr = parse_module(BY_LOSS)
    choice = assign_precision(by_sqnr, budget_bits=12.0, metric="sqnr")
    assert [o.format for o in choice.options] == ["int4_g4", "int8"] and choice.metric == "sqnr"
    assert choice.predicted_dloss == pytest.approx(0.2)  # b's int8 measured -0.001: floored at 0
    by_loss = parse_module(BY_LOSS)
    with collect_remarks() as remarks:
        choice = assign_precision(by_loss, budget_bits=12.0)  # auto: every entry has a dloss
    assert [o.format for o in choice.options] == ["int8", "int4_g4"] and choice.metric == "loss"
    assert choice.predicted_dloss == pytest.approx(0.05) and choice.average_bits == 12.0
    recorded = [d for _, d in decisions(by_loss) if _.name != "mlc_tensor.add"]
    assert [d.reason.data for d in recorded] == ["within budget (metric=loss)"] * 2
    assert [d.metrics["dloss"][0] for d in recorded] == [0.0, 0.05]
    assert "output SQNR alone 20.0 dB, loss increase alone 0.05): within budget (metric=loss)" in remarks[1].message


def test_loss_metric_error_bound_and_ties():
    # max-error bounds the predicted loss increase: 0.06 admits b's int4 only; 0.3 both int4s.
    module = parse_module(BY_LOSS)
    choice = assign_precision(module, max_error=0.06)
    assert [o.format for o in choice.options] == ["int8", "int4_g4"] and choice.metric == "loss"
    assert [o.format for o in assign_precision(parse_module(BY_LOSS), max_error=0.3).options] == ["int4_g4"] * 2
    # A generous budget: f32 and int8 cost 0 on both (b's int8 floored at 0): fewer bits wins.
    roomy = assign_precision(parse_module(BY_LOSS), budget_bits=32.0)
    assert [o.format for o in roomy.options] == ["int8", "int8"] and roomy.predicted_dloss == 0.0


def test_metric_errors():
    with pytest.raises(ValueError, match=r"metric=loss needs task-loss scores \(dloss\), which mlc_tensor.linear "
                       r"'a' \(weight 4x8\) lacks"):
        assign_precision(parse_module(TWO_BRANCHES), budget_bits=12.0, metric="loss")
    with pytest.raises(PassFailedException, match="assign-precision: unknown metric 'noise'; use auto, sqnr or loss"):
        AssignPrecision(budget_bits=12.0, metric="noise").apply(mlc_context(), parse_module(BY_LOSS))
    assert assign_precision(parse_module(TWO_BRANCHES), budget_bits=12.0).metric == "sqnr"  # auto, no dloss


def test_scan_with_a_loss_function_feeds_the_loss_metric():
    """End to end: a real scan with a task loss; the loss metric's prediction is close to the measured."""
    module = sensitive_mlp()
    batches = [random_inputs(find_function(module, None), seed) for seed in (0, 1)]
    refs = [run_function(module, b)[0] for b in batches]

    def log_softmax(z: np.ndarray) -> np.ndarray:
        """log softmax over the last axis, in f64."""
        z = z.astype(np.float64) - z.max(-1, keepdims=True)
        return z - np.log(np.exp(z).sum(-1, keepdims=True))

    def loss(outputs, batch):
        """KL divergence of the outputs' softmax from the f32 model's (a distillation loss)."""
        ref = log_softmax(next(r for b, r in zip(batches, refs) if b is batch))
        return float((np.exp(ref) * (ref - log_softmax(outputs[0]))).sum(-1).mean())

    table = sensitivity_scan(module, batches, loss_fn=loss, formats=FORMATS + ("int4_g32",))
    clone = module.clone()
    choice = assign_precision(clone, budget_bits=5.5)
    assert choice.metric == "loss" and choice.average_bits <= 5.5
    # Measured: int4_g128, int8, int4_g128 (5.39 bits): the sensitive middle layer gets int8.
    assert [o.format for o in choice.options] == ["int4_g128", "int8", "int4_g128"]
    measured_dloss = np.mean([loss(run_function(clone, b), b) for b in batches]) - table.reference_loss
    # Measured: predicted 4.09e-5, measured 4.03e-5 (the increases add, to first order).
    assert 0.5 * choice.predicted_dloss <= measured_dloss <= 2 * choice.predicted_dloss
