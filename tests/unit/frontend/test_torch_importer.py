"""The torch importer's walk: inputs, weights, outputs, names, locations and the unsupported report."""

import logging
import re

import numpy as np
import pytest
import torch
from torch import nn
from torch_harness import Fn, assert_matches, check_torch, randint, randn
from xdsl.dialects import func
from xdsl.dialects.builtin import DenseResourceAttr, FileLineColLoc, NameLoc

from mlc.dialects.mlc_tensor import ConstantOp
from mlc.frontend.diagnostics import UnsupportedOpsError
from mlc.frontend.torch import DynamicShapeError, import_module
from mlc.frontend.torch.importer import to_numpy
from mlc.runtime.interpreter import argument_names, run_function

HERE = __file__


class TwoLayer(nn.Module):
    """A small MLP with a buffer, returning a nested pytree."""

    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.fc2 = nn.Linear(8, 3)
        self.register_buffer("shift", torch.full((3,), 0.5))

    def forward(self, x, ids):
        hidden = torch.relu(self.fc1(x))
        out = self.fc2(hidden) + self.shift
        return {"out": out, "extra": (hidden, [ids * 2])}


def function_of(module) -> func.FuncOp:
    """The imported @main."""
    (function,) = [op for op in module.walk() if isinstance(op, func.FuncOp)]
    return function


def result_names(function: func.FuncOp) -> list[str]:
    """The `mlc.name` of every result."""
    return [d.data["mlc.name"].data for d in function.res_attrs.data]


def test_weights_become_named_dense_resources_and_outputs_follow_the_pytree():
    model, args = TwoLayer().eval(), (randn(2, 4), randint(5, 2))
    module = check_torch(model, *args)
    function = function_of(module)
    assert argument_names(function) == ["x", "ids"]
    assert result_names(function) == [
        "output['out']", "output['extra'][0]", "output['extra'][1][0]"
    ]
    constants = [op for op in function.walk() if isinstance(op, ConstantOp)]
    resources = [op.value.resource_handle.data for op in constants if isinstance(op.value, DenseResourceAttr)]
    # Blob keys are unique per process: a second import of the same model gets fc1.weight_0.
    names = sorted(re.sub(r"_\d+$", "", r) for r in resources)
    assert names == ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight", "shift"]


def test_params_as_args_puts_weights_after_the_user_inputs():
    model, args = TwoLayer().eval(), (randn(2, 4), randint(5, 2))
    module = import_module(model, args, params_as_args=True)
    function = function_of(module)
    names = argument_names(function)
    assert names == ["x", "ids", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "shift"]
    state = {**dict(model.named_parameters()), **dict(model.named_buffers())}
    inputs = [to_numpy(a) for a in args] + [to_numpy(state[n]) for n in names[2:]]
    assert_matches(run_function(module, inputs), model(*args), 1e-4, 1e-5)
    assert not any(isinstance(op, ConstantOp) and op.result.type.get_shape() == (8, 4) for op in function.walk())


def test_kwargs_and_python_scalar_inputs():
    class Scaled(nn.Module):
        def forward(self, x, factor: int, *, bias):
            return x * factor + bias

    x, bias = randn(3), randn(3)
    module = import_module(Scaled(), (x, 3), {"bias": bias})
    assert argument_names(function_of(module)) == ["x", "bias"]
    assert_matches(run_function(module, [to_numpy(x), to_numpy(bias)]), Scaled()(x, 3, bias=bias), 1e-6, 0)


class Located(nn.Module):
    """Ops on known lines of this file; the unsupported ones are found on theirs."""

    def forward(self, a):
        b = a * 2
        return torch.softmax(b, -1)


class ThreeUnsupported(nn.Module):
    """rand_like twice, an FFT and randn once each, on known lines."""

    def forward(self, a):
        first = torch.rand_like(a)
        second = torch.fft.rfft(a).abs() + torch.randn(3, 3)
        third = torch.rand_like(a * 2)
        return first.sum() + second.sum() + third.sum()


def first_line(method) -> int:
    """The line of the first statement of a forward method."""
    return method.__code__.co_firstlineno + 1


def test_every_op_carries_the_user_source_line():
    module = import_module(Located(), (randn(2, 3),))
    line = first_line(Located.forward)
    ops = [op for op in function_of(module).body.block.ops if not isinstance(op, func.ReturnOp)]
    assert ops
    for op in ops:
        assert isinstance(op.location, FileLineColLoc), op
        assert op.location.filename.data == HERE
    assert {op.location.line.data for op in ops} == {line, line + 1}


def test_library_frames_are_skipped_for_the_calling_line():
    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(3, 2)

        def forward(self, x):
            return self.fc(x)

    module = import_module(Model(), (randn(1, 3),))
    (matmul,) = [op for op in function_of(module).walk() if op.name == "mlc_tensor.matmul"]
    assert matmul.location.filename.data == HERE
    assert matmul.location.line.data == first_line(Model.forward)
    weight = next(op for op in function_of(module).walk() if isinstance(op, ConstantOp))
    assert isinstance(weight.location, NameLoc) and weight.location.desc.data == "fc.weight"
    assert weight.location.location == matmul.location
    assert function_of(module).body.block.args[0].location.desc.data == "x"


def test_unsupported_ops_are_reported_together_with_counts_and_locations():
    with pytest.raises(UnsupportedOpsError) as error:
        import_module(ThreeUnsupported(), (randn(3, 4),))
    line = first_line(ThreeUnsupported.forward)
    report = str(error.value)
    assert report.startswith(f"4 unsupported ops: aten.rand_like.default x2 ({HERE}:{line}, {HERE}:{line + 2}): random")
    assert f"aten._fft_r2c.default x1 ({HERE}:{line + 1}): complex numbers" in report
    assert f"aten.randn.default x1 ({HERE}:{line + 1}): random numbers" in report
    assert error.value.counts == {"aten.rand_like.default": 2, "aten._fft_r2c.default": 1, "aten.randn.default": 1}


def test_unsupported_arguments_of_a_supported_op_give_the_reason():
    with pytest.raises(UnsupportedOpsError, match=r"aten.pow.Tensor_Scalar x1 \(.*\): integer pow"):
        import_module(Fn(lambda a: a**3), (randint(4, 3),))


@pytest.mark.parametrize("indices, values, reason", [
    ([torch.tensor([True, False, True]), torch.tensor([1, 2])], torch.tensor(1.0), "a boolean mask together with other index tensors"),
    ([torch.tensor([True, False, True])], torch.ones(2, 4, 2), r"boolean mask assignment of values of shape \[2, 4, 2\]"),
    ([torch.tensor([0]), None, torch.tensor([1])], torch.tensor(1.0), "index tensors on non-adjacent dimensions"),
])
def test_index_put_that_mlc_cannot_express_is_reported(indices, values, reason):
    put = torch.ops.aten.index_put.default
    with pytest.raises(UnsupportedOpsError, match=rf"aten.index_put.default x1 \(.*\): {reason}"):
        import_module(Fn(lambda a: put(a, indices, values)), (randn(3, 4, 2),))


def test_training_mode_batch_norm_is_reported():
    with pytest.raises(UnsupportedOpsError, match="training-mode batch norm.*model.eval"):
        import_module(nn.BatchNorm2d(2), (randn(2, 2, 3, 3),))


def test_library_only_models_fall_back_to_library_lines():
    model = nn.Sequential(nn.Linear(3, 3), nn.Dropout(0.5))  # training mode
    with pytest.raises(UnsupportedOpsError, match=r"aten.native_dropout.default x1 \(.*dropout.py:\d+\): training-mode dropout"):
        import_module(model, (randn(2, 3),))


def test_float64_input_is_reported_not_crashed():
    with pytest.raises(UnsupportedOpsError, match=r"input 'args_0' x1: dtype torch.float64 has no mlc_tensor"):
        import_module(Fn(lambda a: a + 1), (randn(2).double(),))


def test_dynamic_dimension_is_named():
    dims = {"a": {0: torch.export.Dim("batch", min=2)}}
    with pytest.raises(DynamicShapeError, match=r"input 'a' dimension 0 is dynamic \(s\d+\); mlc imports static shapes only"):
        import_module(Located(), (randn(3, 2),), dynamic_shapes=dims)


def test_assertion_nodes_are_dropped_with_a_note(caplog):
    with caplog.at_level(logging.INFO, logger="mlc.frontend.torch.importer"):
        check_torch(lambda a: a.to(torch.float16), randn(2, 3))
    assert "dropped aten._assert_tensor_metadata.default" in caplog.text


def test_multi_result_rule_result_that_is_not_imported_is_reported():
    with pytest.raises(UnsupportedOpsError, match=r": getitem x1 .*result #1 of aten.max_pool2d_with_indices"):
        import_module(Fn(lambda a: torch.nn.functional.max_pool2d(a, 2, return_indices=True)[1]), (randn(1, 1, 4, 4),))


def test_scalar_output_becomes_a_constant():
    module = import_module(Fn(lambda a: (a + 1, 7)), (randn(2),))
    results = run_function(module, [np.zeros(2, np.float32)])
    assert results[1].dtype == np.int64 and results[1] == 7


@pytest.mark.parametrize("dtype, tolerance", [(torch.bfloat16, 2e-2), (torch.float16, 2e-3)])
def test_half_precision_weights_and_inputs(dtype, tolerance):
    # The interpreter rounds the matmul before adding the bias; torch's addmm rounds once.
    model = nn.Sequential(nn.Linear(8, 4), nn.GELU()).to(dtype)
    check_torch(model, randn(2, 8, dtype=dtype), rtol=tolerance, atol=tolerance)


def test_strict_export_is_available():
    module = import_module(Located(), (randn(2, 3),), strict=True)
    assert [op.name for op in function_of(module).body.block.ops][-2:] == ["mlc_tensor.softmax", "func.return"]
