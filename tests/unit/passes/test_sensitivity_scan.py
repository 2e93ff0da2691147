"""sensitivity-scan: per layer x format scores against the f32 interpreter, the table, the plot, errors."""

import sys

import numpy as np
import pytest
import torch
from xdsl.dialects.builtin import DictionaryAttr
from xdsl.utils.exceptions import PassFailedException

from mlc.frontend.torch import import_module
from mlc.ir.context import mlc_context
from mlc.passes.quant_common import float_layers
from mlc.passes.quantize import sqnr_db
from mlc.passes.sensitivity_scan import SENSITIVITY, SensitivityScan, apply_format, sensitivity_scan
from mlc.runtime.interpreter import (
    InterpreterInputError,
    argument_names,
    find_function,
    random_inputs,
    run_function,
)


def mlp():
    """A 256-128-128-10 ReLU MLP on a 16x256 input."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 128),
                                torch.nn.ReLU(), torch.nn.Linear(128, 10))
    return import_module(model.eval(), [torch.randn(16, 256)])


@pytest.fixture(scope="module")
def scanned():
    """The MLP, its batches, f32 outputs, and the scan (loss: MSE against the f32 outputs)."""
    module = mlp()
    batches = [random_inputs(find_function(module, None), seed) for seed in (0, 1)]
    refs = [run_function(module, b)[0] for b in batches]

    def loss(outputs, batch):
        """MSE of the batch's output against its f32 one."""
        ref = next(r for b, r in zip(batches, refs) if b is batch)
        return float(np.mean((outputs[0].astype(np.float64) - ref) ** 2))

    table = sensitivity_scan(module, batches, loss_fn=loss)
    return module, batches, refs, table


def test_int4_ranks_below_int8_and_bits_are_the_stored_ones(scanned):
    _, _, _, table = scanned
    assert table.layers == ["matmul0", "matmul1", "matmul2"]
    for layer, k in zip(table.layers, (256, 128, 128)):
        s8, s4, sp, sp8 = (table.score(layer, f) for f in ("int8", "int4_g128", "sparse24", "sparse24_int8"))
        # Measured: int8 ~48 dB, int4 g128 ~23 dB, 2:4 ~8 dB per layer on this random MLP.
        assert s8.sqnr > 40 and 15 < s4.sqnr < s8.sqnr - 15 and sp.sqnr < s4.sqnr
        assert s8.max_error < s4.max_error < sp.max_error
        assert s8.bits == 8 + 32 / k and s4.bits == 4 + 32 / 128
        assert sp.bits == 16 + 1  # half the values at 32 bits, 2 bits per kept value
        assert sp8.bits == 4 + 1 + 32 / k


def test_scores_match_quantizing_that_layer_alone(scanned):
    module, batches, refs, table = scanned
    clone = module.clone()
    apply_format(float_layers(clone)[1], "int4_g128")
    outputs = [run_function(clone, b)[0] for b in batches]
    ref, out = np.concatenate([r.ravel() for r in refs]), np.concatenate([o.ravel() for o in outputs])
    score = table.score("matmul1", "int4_g128")
    assert score.sqnr == pytest.approx(sqnr_db(ref, out), abs=1e-9)
    assert score.max_error == pytest.approx(float(np.max(np.abs(out - ref))), rel=1e-6)


def test_task_loss_is_reported_and_consistent_with_sqnr(scanned):
    _, _, refs, table = scanned
    assert table.reference_loss == 0.0
    signal = float(np.mean(np.concatenate([r.ravel() for r in refs]).astype(np.float64) ** 2))
    for score in table.scores:
        # The loss is the output MSE, so signal / loss is the SQNR (equal-size batches).
        assert 10 * np.log10(signal / score.loss) == pytest.approx(score.sqnr, abs=1e-3)


def test_default_int4_groups_cost_scale_bits_and_dloss_is_the_loss_increase(scanned):
    module, _, _, table = scanned
    for layer, op in zip(table.layers, float_layers(module)):
        g128, g64, g32 = (table.score(layer, f"int4_g{g}") for g in (128, 64, 32))
        assert (g128.bits, g64.bits, g32.bits) == (4.25, 4.5, 5.0)  # 4 + 32/N: one f32 scale per group
        # dloss, what assign-precision{metric=loss} minimizes: the loss over the f32 model's.
        dloss = op.attributes[SENSITIVITY].data["int4_g32"].data["dloss"].value.data
        assert dloss == pytest.approx(g32.loss - table.reference_loss, rel=1e-5)


def test_attribute_per_layer_and_the_model_is_unchanged(scanned):
    module, batches, refs, _ = scanned
    for op in float_layers(module):
        scores = op.attributes[SENSITIVITY]
        assert isinstance(scores, DictionaryAttr)
        assert list(scores.data) == ["int8", "int4_g128", "int4_g64", "int4_g32", "sparse24", "sparse24_int8"]
        assert list(scores.data["int8"].data) == ["sqnr", "max_err", "bits", "loss", "dloss"]
    for batch, ref in zip(batches, refs):
        np.testing.assert_array_equal(run_function(module, batch)[0], ref)


def test_table_as_csv_markdown_and_png(scanned, tmp_path):
    _, _, _, table = scanned
    csv, md, png = tmp_path / "s.csv", tmp_path / "s.md", tmp_path / "s.png"
    table.save(str(csv))
    table.save(str(md))
    table.plot(str(png))
    lines = csv.read_text().splitlines()
    assert lines[0] == "layer,format,params,bits,sqnr_db,max_abs_error,loss,dloss" and len(lines) == 1 + 3 * 6
    assert lines[1].startswith("matmul0,int8,32768,8.125,")
    assert md.read_text().splitlines()[1] == "|---|---|---|---|---|---|---|---|"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_pass_writes_table_and_plot(tmp_path):
    module = mlp()
    table, plot = tmp_path / "t.csv", tmp_path / "p.png"
    SensitivityScan(formats=("int8",), batches=1, table=str(table), plot=str(plot)).apply(mlc_context(), module)
    assert len(table.read_text().splitlines()) == 4 and plot.stat().st_size > 0


def test_pass_reads_npz_batches_like_the_api(scanned, tmp_path):
    """sensitivity-scan{inputs=...} scores exactly what the API scores on the same batches."""
    module, batches, _, table = scanned
    path = tmp_path / "calib.npz"
    name = argument_names(find_function(module, None))[0]
    np.savez(path, **{name: np.stack([b[0] for b in batches])})
    clone, out = mlp(), tmp_path / "t.csv"
    SensitivityScan(formats=("int8", "int4_g128"), inputs=str(path), batches=0, table=str(out)).apply(
        mlc_context(), clone)
    rows = [line.split(",") for line in out.read_text().splitlines()[1:]]
    assert len(rows) == 6
    for layer, fmt, _, bits, sqnr, _, _, _ in rows:
        score = table.score(layer, fmt)
        assert float(sqnr) == pytest.approx(score.sqnr, abs=0.01) and float(bits) == pytest.approx(score.bits)


def test_pass_npz_errors(tmp_path):
    wrong = tmp_path / "wrong.npz"
    np.savez(wrong, input=np.zeros((2, 3, 3), np.float32))
    with pytest.raises(PassFailedException, match="sensitivity-scan: input 'input': expected shape .*; give inputs that fit"):
        SensitivityScan(inputs=str(wrong)).apply(mlc_context(), mlp())
    with pytest.raises(PassFailedException, match="sensitivity-scan: cannot load inputs"):
        SensitivityScan(inputs=str(tmp_path / "missing.npz")).apply(mlc_context(), mlp())
    with pytest.raises(PassFailedException, match="sensitivity-scan: batches must be >= 0, got -1"):
        SensitivityScan(inputs=str(wrong), batches=-1).apply(mlc_context(), mlp())


def test_errors():
    module = mlp()
    batch = random_inputs(find_function(module, None), 0)
    with pytest.raises(ValueError, match="unknown format 'int2'"):
        sensitivity_scan(module, [batch], formats=("int2",))
    with pytest.raises(ValueError, match="no calibration batches"):
        sensitivity_scan(module, [])
    with pytest.raises(InterpreterInputError):
        sensitivity_scan(module, [[np.zeros((3, 3), np.float32)]])
    with pytest.raises(PassFailedException, match="sensitivity-scan: unknown format 'int2'"):
        SensitivityScan(formats=("int2",)).apply(mlc_context(), module)
    assert all(SENSITIVITY not in op.attributes for op in float_layers(module))


def test_plot_without_matplotlib_fails_clearly(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib raises ImportError
    with pytest.raises(PassFailedException, match="plot= needs matplotlib, which is not installed"):
        SensitivityScan(plot=str(tmp_path / "p.png")).apply(mlc_context(), mlp())
