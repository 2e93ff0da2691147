"""quantize: weight-only int8/int4 and W8A8 against the f32 reference interpreter, sizes, remarks, errors."""

import numpy as np
import pytest
import torch
from pass_models import conv_bn_relu_maxpool
from xdsl.utils.exceptions import PassFailedException

from mlc.frontend.torch import import_module
from mlc.ir.context import mlc_context
from mlc.ir.diagnostics import collect_remarks
from mlc.passes.calibrate import Calibrate, calibrate
from mlc.passes.quantize import Quantize, sqnr_db
from mlc.runtime.interpreter import find_function, random_inputs, run_function
from mlc.ir.printing import PrintOptions


def mlp():
    """A 256-128-64 MLP on a 16x256 input."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(256, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64))
    return import_module(model.eval(), [torch.randn(16, 256)])


@pytest.fixture(scope="module")
def model():
    module = mlp()
    inputs = [random_inputs(find_function(module, None), seed) for seed in (100, 101)]
    return module, inputs, [run_function(module, x)[0] for x in inputs]


def output_sqnr(module, inputs, references) -> float:
    """SQNR (dB) of the module's outputs against the f32 references over all inputs."""
    outputs = np.concatenate([run_function(module, x)[0].ravel() for x in inputs])
    return sqnr_db(np.concatenate([r.ravel() for r in references]), outputs)


def quantized(module, **options):
    """A clone of `module` with quantize{options} applied, and its remarks."""
    module = module.clone()
    with collect_remarks() as remarks:
        Quantize(**options).apply(mlc_context(), module)
    return module, remarks


def names(module) -> list[str]:
    return [op.name for op in module.walk()]


def test_weight_only_int8_and_int4_errors_are_small_and_ordered(model):
    module, inputs, refs = model
    int8, remarks = quantized(module)
    int4, _ = quantized(module, weights="int4", granularity="group", group_size=128)
    assert names(int8).count("mlc_quant.weight_only_matmul") == 2
    assert "mlc_tensor.linear" not in names(int8) and "mlc_tensor.matmul" not in names(int8)
    assert len(remarks) == 2 and all("int8 per channel weight-only: weight SQNR" in r.message for r in remarks)
    s8, s4 = output_sqnr(int8, inputs, refs), output_sqnr(int4, inputs, refs)
    # Measured: int8 per channel 45.8 dB, int4 g128 20.0 dB on this model.
    assert s8 > 38
    assert 14 < s4 < s8


def test_weight_only_equals_the_dense_model_with_dequantized_weights(model):
    """weight_only_matmul means x @ dequantize(W)^T: rebuild that in numpy and compare."""
    module, inputs, _ = model
    int4, _ = quantized(module, weights="int4", granularity="group", group_size=64, symmetric=False)
    from mlc.dialects.mlc_quant import ConstantOp, constant_array
    from mlc.runtime.interpreter.mlc_quant import dequantize
    weights = [dequantize(constant_array(op), op.result.type) for op in int4.walk() if isinstance(op, ConstantOp)]
    assert [w.shape for w in weights] == [(128, 256), (64, 128)]
    x = inputs[0][0]
    h = np.maximum(x @ weights[0].T + run_bias(module, 0), 0)
    expected = h @ weights[1].T + run_bias(module, 1)
    np.testing.assert_allclose(run_function(int4, inputs[0])[0], expected, rtol=1e-5, atol=1e-5)


def run_bias(module, index: int) -> np.ndarray:
    """The bias constant of the `index`-th linear layer of the imported MLP."""
    from mlc.dialects.mlc_tensor import LinearOp, MatmulOp
    from mlc.passes.graph_rewrites import constant_array
    layers = [op for op in module.walk() if isinstance(op, LinearOp | MatmulOp)]
    layer = layers[index]
    if isinstance(layer, LinearOp):
        return constant_array(layer.bias)
    add = next(iter(layer.result.uses)).operation
    return constant_array(add.operands[1])


def test_int4_constants_shrink_the_printed_module(model):
    module, _, _ = model
    int4, _ = quantized(module, weights="int4", granularity="group", group_size=128)
    size = lambda m: len(PrintOptions().to_text(m, mlc_context()))  # noqa: E731
    # f32 weights are 8 hex chars per value; int4 g128 is 1 plus 8 per 128 (scale): >= 7x smaller.
    assert size(int4) < size(module) / 6


def test_w8a8_after_calibration_is_within_bound(model):
    module, inputs, refs = model
    calibrated = module.clone()
    calibrate(calibrated, inputs)
    for epilogue, bound in (("dequantize", 30), ("requantize", 25)):
        w8a8, remarks = quantized(calibrated, activations="int8", epilogue=epilogue)
        assert names(w8a8).count("mlc_quant.matmul") == 2
        # Measured: dequantize 37.4 dB, requantize 34.4 dB (calibrated on the same inputs).
        assert output_sqnr(w8a8, inputs, refs) > bound
        assert all("applied to" in r.message and "W8A8" in r.message for r in remarks)


def test_w8a8_conv_net():
    """conv2d becomes mlc_quant.conv2d; the bias is added in float after the dequantize."""
    module = conv_bn_relu_maxpool()
    inputs = [random_inputs(find_function(module, None), s) for s in range(3)]
    refs = [run_function(module, x)[0] for x in inputs]
    calibrate(module, inputs)
    w8a8, _ = quantized(module, activations="int8")
    assert names(w8a8).count("mlc_quant.conv2d") == 2
    assert output_sqnr(w8a8, inputs, refs) > 25


def test_w8a8_without_calibration_is_skipped_with_a_remark(model):
    module, _, _ = model
    same, remarks = quantized(module, activations="int8")
    assert "mlc_quant.matmul" not in names(same)
    assert len(remarks) == 2
    assert all("not applied" in r.message and "run calibrate first" in r.message for r in remarks)


def test_calibrate_pass_then_w8a8_requantize_needs_output_range():
    module = mlp()
    Calibrate(batches=1).apply(mlc_context(), module)
    for op in module.walk():
        op.attributes.pop("mlc_quant.output_range", None)
    _, remarks = quantized(module, activations="int8", epilogue="requantize")
    assert all("no output range" in r.message for r in remarks)


@pytest.mark.parametrize("options, message", [
    ({"weights": "int2"}, "unknown weights 'int2'"),
    ({"activations": "int4"}, "unknown activations 'int4'"),
    ({"granularity": "row"}, "unknown granularity 'row'"),
    ({"group_size": -1}, "group-size must be >= 1"),
    ({"weights": "int4", "activations": "int8"}, "int8 activations need int8 weights"),
    ({"activations": "int8", "granularity": "group"}, "per-tensor or per-channel"),
    ({"epilogue": "requantize"}, "needs activations=int8"),
    ({"activations": "int8", "epilogue": "none"}, "unknown epilogue 'none'"),
])
def test_bad_options_fail(model, options, message):
    with pytest.raises(PassFailedException, match=message):
        Quantize(**options).apply(mlc_context(), model[0].clone())


def conv_net() -> tuple[torch.nn.Module, object]:
    """conv3x3(3->8, pad 1)-relu-conv3x3(8->4) on a 2x3x7x7 input (K = 27 and 72), and its import."""
    torch.manual_seed(1)
    net = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.Conv2d(8, 4, 3))
    return net.eval(), import_module(net.eval(), [torch.randn(2, 3, 7, 7)])


def fake_quantized(w: torch.Tensor, bits: int, group: int) -> torch.Tensor:
    """Symmetric narrow-range fake quantization of an OIHW weight flattened to [O, I*kh*kw]."""
    qmax = 2 ** (bits - 1) - 1
    blocks = w.reshape(w.shape[0], -1, group or w[0].numel())
    scale = blocks.abs().amax(-1, keepdim=True) / qmax
    return (torch.round(blocks / scale).clamp(-qmax, qmax) * scale).reshape(w.shape)


@pytest.mark.parametrize("bits, group", [(8, 0), (4, 0), (4, 9)])
def test_weight_only_conv_equals_torch_with_fake_quantized_weights(bits, group):
    """conv2d reads reshape(dequantize(Wq)): torch with the same fake-quantized weights agrees."""
    net, module = conv_net()
    options = {"weights": f"int{bits}"} | ({"granularity": "group", "group_size": group} if group else {})
    quant, remarks = quantized(module, **options)
    assert names(quant).count("mlc_quant.dequantize") == 2 and names(quant).count("mlc_tensor.conv2d") == 2
    assert all("applied to mlc_tensor.conv2d" in r.message for r in remarks)
    with torch.no_grad():
        for conv in (net[0], net[2]):
            conv.weight.copy_(fake_quantized(conv.weight, bits, group))
        x = torch.randn(2, 3, 7, 7)
        expected = net(x).numpy()
    np.testing.assert_allclose(run_function(quant, [x.numpy()])[0], expected, rtol=1e-4, atol=1e-5)


def test_weight_only_conv_group_must_divide_the_flattened_k():
    """group-size 8 divides conv2's K = 8*3*3 = 72 but not conv1's 27: conv1 stays float."""
    _, module = conv_net()
    quant, remarks = quantized(module, weights="int4", granularity="group", group_size=8)
    assert names(quant).count("mlc_quant.dequantize") == 1
    assert "K=27 is not divisible by group-size 8" in remarks[0].message
    assert "int4 per group of 8 weight-only" in remarks[1].message
