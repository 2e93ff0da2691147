"""calibrate: recorded ranges equal numpy statistics of the activations; methods, .npz inputs, errors."""

import sys

import numpy as np
import pytest
from xdsl.utils.exceptions import PassFailedException

from mlc.ir.context import mlc_context, parse_module
from mlc.ir.resources import resource_array
from mlc.numerics import assert_pipeline_preserves_numerics
from mlc.passes.calibrate import Calibrate, calibrate, entropy_threshold, mse_range
from mlc.passes.quant_common import CHANNEL_RANGE, OUTPUT_RANGE, RANGE, float_layers
from mlc.runtime.interpreter.mlc_tensor.constant import dense_array

TEXT = """
func.func @main(%x: tensor<16x8xf32>) -> tensor<16x3xf32> {
  %w = mlc_tensor.constant dense<0.5> : tensor<4x8xf32>
  %h = mlc_tensor.linear %x, %w : tensor<16x8xf32>, tensor<4x8xf32> -> tensor<16x4xf32>
  %r = mlc_tensor.relu %h : tensor<16x4xf32> -> tensor<16x4xf32>
  %w2 = mlc_tensor.constant dense<1.0> : tensor<4x3xf32>
  %y = mlc_tensor.matmul %r, %w2 : tensor<16x4xf32>, tensor<4x3xf32> -> tensor<16x3xf32>
  func.return %y : tensor<16x3xf32>
}"""

RNG = np.random.default_rng(0)
BATCHES = [RNG.standard_t(2, (16, 8)).astype(np.float32) for _ in range(3)]  # heavy tails


def ranges(op):
    """(per-tensor range, per-channel ranges, output range) attributes of a layer."""
    channel = op.attributes[CHANNEL_RANGE]
    channels = dense_array(channel) if hasattr(channel, "data") else resource_array(channel)
    return tuple(op.attributes[RANGE].get_values()), channels, tuple(op.attributes[OUTPUT_RANGE].get_values())


def test_minmax_ranges_equal_numpy_statistics():
    module = parse_module(TEXT)
    calibrate(module, [[b] for b in BATCHES])
    first, second = float_layers(module)
    x = np.concatenate(BATCHES)
    h = x @ np.full((8, 4), 0.5, np.float32)
    (lo, hi), channels, out = ranges(first)
    assert (lo, hi) == (x.min(), x.max())
    np.testing.assert_array_equal(channels, np.stack([x.min(0), x.max(0)], 1))
    np.testing.assert_allclose(out, (h.min(), h.max()), rtol=1e-6)
    np.testing.assert_allclose(ranges(second)[0], (0.0, h.max()), rtol=1e-6)


@pytest.mark.parametrize("method", ["percentile", "mse", "entropy"])
def test_clipping_methods_stay_inside_the_observed_range(method):
    module = parse_module(TEXT)
    result = calibrate(module, [{"arg0": b} for b in BATCHES], method=method, percentile=99.0)
    x = np.concatenate(BATCHES)
    lo, hi = result[float_layers(module)[0]]
    assert x.min() <= lo < 0 < hi <= x.max()
    if method == "percentile":  # every value is kept as a sample: numpy's percentiles exactly
        np.testing.assert_allclose((lo, hi), np.percentile(x.astype(np.float64), [1, 99]))


def test_mse_and_entropy_clip_heavy_tails_of_many_samples():
    """On 2^16 Student-t(2) values a few outliers would waste most int8 levels: both clip them."""
    x = np.random.default_rng(1).standard_t(2, 2**16)
    lo, hi = mse_range(x, x.min(), x.max())
    assert x.min() < lo < 0 < hi < x.max()
    threshold = entropy_threshold(x)
    assert 0 < threshold < 0.5 * np.abs(x).max()
    assert entropy_threshold(np.zeros(10)) == 0.0


def test_pass_reads_npz_batches_and_preserves_numerics(tmp_path):
    path = tmp_path / "calib.npz"
    np.savez(path, arg0=np.stack(BATCHES))
    module = assert_pipeline_preserves_numerics(TEXT, f'calibrate{{inputs="{path}" batches=2}}')
    x = np.concatenate(BATCHES[:2])
    assert ranges(float_layers(module)[0])[0] == (x.min(), x.max())


def test_progress_bar_when_asked(capsys):
    calibrate(parse_module(TEXT), [[b] for b in BATCHES], progress=True)
    assert capsys.readouterr().err.endswith("] 3/3 batches\n")


@pytest.mark.parametrize("tty, progress, shown", [
    (False, "auto", False), (True, "auto", True), (False, "always", True), (True, "never", False),
])
def test_pass_progress_bar_only_on_a_terminal_or_when_asked(monkeypatch, capsys, tty, progress, shown):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty)
    Calibrate(batches=2, progress=progress).apply(mlc_context(), parse_module(TEXT))
    assert capsys.readouterr().err.endswith("] 2/2 batches\n") == shown


@pytest.mark.parametrize("options, message", [
    ({"method": "kl"}, "unknown method 'kl'"),
    ({"percentile": 101.0}, "percentile must be in"),
    ({"batches": -1}, "batches must be >= 0"),
    ({"progress": "yes"}, "unknown progress 'yes'"),
])
def test_bad_options_fail(options, message):
    with pytest.raises(PassFailedException, match=message):
        Calibrate(**options).apply(mlc_context(), parse_module(TEXT))


def test_bad_inputs_fail(tmp_path):
    wrong = tmp_path / "wrong.npz"
    np.savez(wrong, arg0=np.zeros((2, 3, 3), np.float32))
    with pytest.raises(PassFailedException, match="expected shape"):
        Calibrate(inputs=str(wrong)).apply(mlc_context(), parse_module(TEXT))
    uneven = tmp_path / "uneven.npz"
    np.savez(uneven, a=np.zeros((2, 1)), b=np.zeros((3, 1)))
    with pytest.raises(PassFailedException, match="same non-zero leading batch axis"):
        Calibrate(inputs=str(uneven)).apply(mlc_context(), parse_module(TEXT))
    with pytest.raises(PassFailedException, match="cannot load inputs"):
        Calibrate(inputs=str(tmp_path / "missing.npz")).apply(mlc_context(), parse_module(TEXT))
