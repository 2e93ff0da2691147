"""mlc.quant.qat: fake quantization equals the interpreter, STE training, prepare/convert/import, 2:4."""

import numpy as np
import pytest
import torch
from torch import nn
from xdsl.dialects.builtin import TensorType, f32

from mlc.dialects import mlc_quant as q
from mlc.frontend.diagnostics import UnsupportedOpsError
from mlc.frontend.torch import import_module
from mlc.ir.context import mlc_context
from mlc.passes.quantize import Quantize, uniform
from mlc.quant import qat
from mlc.runtime.interpreter import run_function
from mlc.runtime.interpreter.mlc_quant import dequantize, quantize


def interpreter_fake_quant(x: torch.Tensor, scales: np.ndarray, bits: int, axis: int | None,
                           group: int) -> np.ndarray:
    """mlc_quant quantize -> dequantize of `x` on the interpreter with symmetric narrow params."""
    qtype = uniform(bits, f32, scales, np.zeros(scales.shape, np.int64), True, axis, group, "w")
    typ = TensorType(qtype, x.shape)
    return dequantize(quantize(x.numpy(), typ), typ)


def tricky_weight(n: int, k: int) -> torch.Tensor:
    """Random weights with exact half-step ties (round half to even) and zero rows/groups."""
    torch.manual_seed(0)
    w = torch.randn(n, k)
    w[0, :] = 0.0
    w[1, :] = torch.arange(k, dtype=torch.float32) * 0.5 - k / 4  # multiples of 0.5
    return w


@pytest.mark.parametrize("weights,granularity,group_size", [("int8", "channel", 0), ("int4", "group", 8),
                                                            ("int8", "group", 16), ("int4", "channel", 0)])
def test_weight_fake_quant_matches_interpreter(weights, granularity, group_size):
    layer = qat.QATLinear(32, 6, True, qat.QATConfig(weights, granularity, group_size or 128))
    with torch.no_grad():
        layer.weight.copy_(tricky_weight(6, 32))
    fake, scales = layer.quantized_weight()
    axis, group = (0, 0) if granularity == "channel" else (1, group_size)
    expected = interpreter_fake_quant(layer.weight.detach(), scales.numpy(), layer.bits, axis, group)
    np.testing.assert_array_equal(fake.detach().numpy(), expected)


@pytest.mark.parametrize("mode", ["lsq", "ema"])
def test_activation_fake_quant_matches_interpreter_with_saturation(mode):
    act = qat.ActivationQuant(mode)
    act.train()
    act(torch.randn(64))  # initializes the scale
    act.eval()
    scale = act.frozen_scale()
    x = torch.cat([torch.randn(100) * 3, torch.tensor([0.5, 1.5, -2.5, 1e6, -1e6, float("inf"),
                                                       float("nan")]) * scale])
    expected = interpreter_fake_quant(x, scale.numpy(), 8, None, 0)
    np.testing.assert_array_equal(act(x).detach().numpy(), expected)
    assert np.abs(expected[-4:-1]).max() == pytest.approx(127 * float(scale))  # saturated
    assert expected[-1] == 0.0  # NaN -> zero point


@pytest.mark.parametrize("activations,mode", [("none", "lsq"), ("int8", "lsq"), ("int8", "ema")])
def test_ste_training_reduces_loss(activations, mode):
    torch.manual_seed(0)
    x = torch.randn(64, 16)
    y = x @ torch.randn(16, 4) + 0.1
    model = qat.prepare(nn.Sequential(nn.Linear(16, 32), nn.Tanh(), nn.Linear(32, 4)),
                        qat.QATConfig("int4", "channel", activations=activations, activation_range=mode))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    losses = []
    for _ in range(20):
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        losses.append(loss.item())
        optimizer.step()
    assert model[0].weight.grad.abs().sum() > 0
    if activations == "int8" and mode == "lsq":
        assert model[0].input_quant.scale.grad != 0  # LSQ learns the activation scale
    assert losses[-1] < 0.5 * losses[0]


def test_prepare_swaps_linears_except_excluded():
    model = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Sequential(nn.Linear(8, 4)))
    qat.prepare(model, qat.QATConfig("int4", "group", 4, exclude=["2.0"]))
    assert isinstance(model[0], qat.QATLinear) and (model[0].bits, model[0].group_size) == (4, 4)
    assert type(model[2][0]) is nn.Linear
    qat.convert(model)
    assert isinstance(model[0], qat.QuantizedLinear) and type(model[2][0]) is nn.Linear
    assert model[0].weight.dtype == torch.int8 and model[0].weight.abs().max() <= 7


def mlp() -> nn.Module:
    """A small MLP with a rank-3 input path."""
    torch.manual_seed(1)
    return nn.Sequential(nn.Linear(32, 64), nn.ReLU(), nn.Linear(64, 16, bias=False), nn.GELU(),
                         nn.Linear(16, 8))


def train_briefly(model: nn.Module, x: torch.Tensor) -> None:
    """A few SGD steps (fake quant on), then eval mode."""
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for _ in range(3):
        optimizer.zero_grad()
        model(x).square().mean().backward()
        optimizer.step()
    model.eval()


def quantized_constants(module) -> list[tuple[int, bool]]:
    """(storage width, 2:4 encoded) of every mlc_quant.constant with a quantized type."""
    found = []
    for op in module.walk():
        if isinstance(op, q.ConstantOp) and (qtype := q.quantized_element(op.result.type)):
            found.append((qtype.storage_type.width.data, q.sparse_encoding(op.result.type) is not None))
    return found


CASES = {
    "int8_channel": (qat.QATConfig("int8"), False, q.WeightOnlyMatmulOp),
    "int4_g16": (qat.QATConfig("int4", "group", 16), False, q.WeightOnlyMatmulOp),
    "w8a8_lsq": (qat.QATConfig("int8", activations="int8"), False, q.MatmulOp),
    "w4a8_ema": (qat.QATConfig("int4", activations="int8", activation_range="ema"), False, q.MatmulOp),
    "sparse_int4_g16": (qat.QATConfig("int4", "group", 16), True, q.SparseMatmulOp),
    "sparse_w8a8": (qat.QATConfig("int8", activations="int8"), True, q.SparseMatmulOp),
}


@pytest.mark.parametrize("case", CASES)
def test_converted_model_imports_to_mlc_quant_and_matches_eager(case):
    config, sparse, op_type = CASES[case]
    model = mlp()
    if sparse:
        qat.sparsify_2_4(model)
    qat.prepare(model, config)
    x = torch.randn(2, 3, 32)
    train_briefly(model, x)
    with torch.no_grad():
        fake = model(x)
        qat.convert(model)
        eager = model(x)
    # Converting freezes exactly what fake quantization computed (up to f32 summation order).
    np.testing.assert_allclose(eager.numpy(), fake.numpy(), rtol=1e-5, atol=1e-5)
    module = import_module(model, (x,))
    module.verify()
    (got,) = run_function(module, [x.numpy()])
    np.testing.assert_allclose(got, eager.numpy(), rtol=1e-5, atol=1e-5)
    if config.activations == "int8":
        np.testing.assert_array_equal(got, eager.numpy())  # integer path: bit-exact
    bits = 4 if config.weights == "int4" else 8
    assert quantized_constants(module) == [(bits, sparse)] * 3
    assert sum(isinstance(op, op_type) for op in module.walk()) == 3
    assert not any(op.name == "mlc_tensor.linear" or op.name == "mlc_tensor.matmul" for op in module.walk())


@pytest.mark.parametrize("weights", ["int8", "int4"])
def test_converted_cnn_imports_to_integer_conv2d_bit_exactly(weights):
    torch.manual_seed(2)
    model = nn.Sequential(nn.Conv2d(3, 8, 3, padding=(1, 2)), nn.ReLU(),
                          nn.Conv2d(8, 4, 3, stride=2, dilation=(1, 2), groups=2, bias=False),
                          nn.Flatten(), nn.Linear(4 * 3 * 3, 5))
    qat.prepare(model, qat.QATConfig(weights, activations="int8", activation_range="ema"))
    assert isinstance(model[0], qat.QATConv2d) and isinstance(model[2], qat.QATConv2d)
    x = torch.randn(2, 3, 8, 8)
    train_briefly(model, x)
    with torch.no_grad():
        fake = model(x)
        qat.convert(model)
        eager = model(x)
    assert isinstance(model[0], qat.QuantizedConv2d)
    np.testing.assert_allclose(eager.numpy(), fake.numpy(), rtol=1e-5, atol=1e-5)
    module = import_module(model, (x,))
    module.verify()
    np.testing.assert_array_equal(run_function(module, [x.numpy()])[0], eager.numpy())
    assert sum(isinstance(op, q.Conv2dOp) for op in module.walk()) == 2
    assert quantized_constants(module) == [(4 if weights == "int4" else 8, False)] * 3


@pytest.mark.parametrize("granularity, group_size", [("channel", 128), ("group", 9)])
def test_weight_only_conv_converts_to_what_the_quantize_pass_stores(granularity, group_size):
    """A weight-only QATConv2d freezes to a float conv on the int4 grid; after import, quantize with
    the same config stores the QAT integers and computes what the converted model computes."""
    torch.manual_seed(3)
    model = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 2, 3, groups=2),
                          nn.Flatten(), nn.Linear(2 * 3 * 3, 9))
    config = qat.QATConfig("int4", granularity=granularity, group_size=group_size)
    qat.prepare(model, config)
    assert isinstance(model[0], qat.QATConv2d) and isinstance(model[2], qat.QATConv2d)
    x = torch.randn(2, 3, 5, 5)
    train_briefly(model, x)
    storage = [qat._frozen_storage(model[i])[0].reshape(model[i].out_channels, -1) for i in (0, 2)]
    with torch.no_grad():
        fake = model(x)
        qat.convert(model)
        eager = model(x)
    assert type(model[0]) is nn.Conv2d and isinstance(model[4], qat.QuantizedLinear)
    np.testing.assert_allclose(eager.numpy(), fake.numpy(), rtol=1e-5, atol=1e-6)
    module = import_module(model, (x,))
    Quantize(weights="int4", granularity=granularity, group_size=group_size).apply(mlc_context(), module)
    stored = [q.constant_array(op) for op in module.walk() if isinstance(op, q.ConstantOp)][:2]
    for mine, theirs in zip(stored, storage):
        np.testing.assert_array_equal(mine, theirs.numpy())
    np.testing.assert_allclose(run_function(module, [x.numpy()])[0], eager.numpy(), rtol=1e-5, atol=1e-5)


def test_weight_only_conv_group_must_divide_the_flattened_k():
    with pytest.raises(ValueError, match="QATConv2d: input features 27 are not divisible by group_size 8"):
        qat.prepare(nn.Sequential(nn.Conv2d(3, 4, 3)), qat.QATConfig("int4", granularity="group", group_size=8))


def test_sparse_mask_stays_fixed_and_float_sparse_imports():
    model = nn.Sequential(nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 4))
    qat.sparsify_2_4(model, exclude=["2"])
    mask = model[0].parametrizations["weight"][0].mask.clone()
    assert ((mask.reshape(8, -1, 4).sum(-1)) == 2).all()
    assert qat.sparse_mask(model[2]) is None
    train_briefly(model, torch.randn(32, 16))
    assert torch.equal(model[0].parametrizations["weight"][0].mask, mask)
    assert torch.equal(model[0].weight != 0, mask.bool())  # pruned weights stay zero
    x = torch.randn(5, 16)
    with torch.no_grad():
        before = model(x)
        qat.convert(model)
        eager = model(x)
    np.testing.assert_allclose(eager.numpy(), before.numpy(), rtol=1e-6, atol=1e-6)
    module = import_module(model, (x,))
    module.verify()
    np.testing.assert_allclose(run_function(module, [x.numpy()])[0], eager.numpy(), rtol=1e-5, atol=1e-5)
    assert sum(isinstance(op, q.SparseMatmulOp) for op in module.walk()) == 1
    assert quantized_constants(module) == []  # float 2:4: no quantized type


def test_sparse_mask_survives_prepare():
    model = qat.sparsify_2_4(nn.Sequential(nn.Linear(8, 4)))
    mask = qat.sparse_mask(model[0]).clone()
    qat.prepare(model, qat.QATConfig("int8"))
    assert isinstance(model[0], qat.QATLinear) and torch.equal(qat.sparse_mask(model[0]), mask)
    assert torch.equal(model[0].quantized_weight()[0] != 0, (model[0].weight != 0))


@pytest.mark.parametrize("config,message", [
    (qat.QATConfig(weights="int2"), "unknown weights 'int2'"),
    (qat.QATConfig(granularity="tensor"), "unknown granularity 'tensor'"),
    (qat.QATConfig(activations="int4"), "unknown activations 'int4'"),
    (qat.QATConfig(activations="int8", activation_range="minmax"), "unknown activation_range"),
    (qat.QATConfig(granularity="group", group_size=0), "group_size must be >= 1"),
    (qat.QATConfig(granularity="group", activations="int8"), "need per-channel weights"),
    (qat.QATConfig(granularity="group", group_size=5), "input features 8 are not divisible by group_size 5"),
])
def test_prepare_errors(config, message):
    with pytest.raises(ValueError, match=message):
        qat.prepare(nn.Sequential(nn.Linear(8, 4)), config)


def test_other_errors():
    with pytest.raises(ValueError, match="padding 'same' \\(zeros\\) is not zero padding by numbers"):
        qat.prepare(nn.Sequential(nn.Conv2d(3, 4, 3, padding="same")), qat.QATConfig(activations="int8"))
    with pytest.raises(ValueError, match="unknown mode 'max'"):
        qat.ActivationQuant("max")
    with pytest.raises(ValueError, match="'0' has in_features 6, not a multiple of 4"):
        qat.sparsify_2_4(nn.Sequential(nn.Linear(6, 4)))
    model = qat.convert(qat.prepare(nn.Sequential(nn.Linear(8, 4)), qat.QATConfig()))
    with pytest.raises(UnsupportedOpsError, match="needs a constant weight; import without params_as_args"):
        import_module(model, (torch.randn(2, 8),), params_as_args=True)
