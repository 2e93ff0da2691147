"""mlc_tensor max_pool2d and avg_pool2d: type inference (PyTorch sizes) and every verifier message."""

import re

import pytest
from xdsl.dialects.builtin import BoolAttr, IntegerAttr, TensorType, bf16, f16, f32, i8, i64
from xdsl.utils.exceptions import VerifyException
from xdsl.utils.test_value import create_ssa_value

from mlc.dialects.mlc_tensor import AvgPool2dOp, MaxPool2dOp


def value(shape, element=f32):
    """A free SSA value of type tensor<shape x element>."""
    return create_ssa_value(TensorType(element, shape))


def raises(message: str):
    """Expect a VerifyException whose first line is exactly `message`."""
    return pytest.raises(VerifyException, match="^" + re.escape(message) + "(\n|$)")


@pytest.mark.parametrize(
    ("size", "kernel", "options", "out"),
    [
        # Sizes as torch.nn.functional.max_pool2d / avg_pool2d compute them.
        ((9, 9), 3, {"strides": 2}, (4, 4)),
        ((9, 9), 3, {"strides": 2, "ceil_mode": True}, (4, 4)),
        ((5, 6), 2, {}, (2, 3)),
        ((5, 6), 2, {"ceil_mode": True}, (3, 3)),
        ((6, 6), 3, {"strides": 2, "padding": 1}, (3, 3)),
        ((6, 6), 3, {"strides": 2, "padding": 1, "ceil_mode": True}, (4, 4)),
        # ceil_mode: the last window would start in the bottom padding, so it is dropped.
        ((5, 5), 2, {"strides": 2, "padding": 1, "ceil_mode": True}, (3, 3)),
        ((4, 4), 3, {"strides": 3, "padding": 1, "ceil_mode": True}, (2, 2)),
        ((7, 8), (3, 2), {"strides": (2, 3), "padding": (1, 0, 1, 1)}, (3, 3)),
        ((1, 1), 1, {}, (1, 1)),
        ((1, 1), 2, {"padding": (1, 0, 0, 1), "strides": 1}, (1, 1)),
    ],
)
def test_pool_infers_result(size, kernel, options, out):
    for op_type in (MaxPool2dOp, AvgPool2dOp):
        for element in (f32, f16, bf16):
            op = op_type(value((2, 3, *size), element), kernel, **options)
            assert op.result.type == TensorType(element, (2, 3, *out))
            op.verify()
        nhwc = op_type(value((2, *size, 3)), kernel, layout="nhwc", **options)
        assert nhwc.result.type == TensorType(f32, (2, *out, 3))
        nhwc.verify()


def test_max_pool_dilation():
    # H: (10 - 2*(3-1) - 1) // 1 + 1 = 6; W: (10 + 2 - 3*(3-1) - 1) // 2 + 1 = 3
    op = MaxPool2dOp(value((1, 1, 10, 10)), 3, strides=(1, 2), padding=(0, 1), dilation=(2, 3))
    assert op.result.type == TensorType(f32, (1, 1, 6, 3))


def test_strides_default_to_the_kernel_and_defaults_are_elided():
    op = AvgPool2dOp(value((1, 1, 8, 8)), (2, 4))
    assert op.strides == op.kernel
    assert op.result.type == TensorType(f32, (1, 1, 4, 2))
    assert str(op).startswith("%0 = mlc_tensor.avg_pool2d %1 {kernel = array<i64: 2, 4>, strides")
    assert "ceil_mode" not in str(op) and "count_include_pad" not in str(op)


@pytest.mark.parametrize(
    ("input", "kernel", "options", "message"),
    [
        (value((3, 8, 8)), 2, {}, "expected input rank 4, got 3"),
        (value((1, 3, 8, 8), i8), 2, {}, "expected input to have a float element type (f32, f16, bf16), got i8"),
        (value((1, 3, 8, 8)), (2, 2, 2), {}, "expected kernel to be an array<i64> of 2 values, got array<i64: 2, 2, 2>"),
        (value((1, 3, 8, 8)), 0, {}, "expected kernel values >= 1, got [0, 0]"),
        (value((1, 3, 8, 8)), 2, {"strides": (0, 1)}, "expected strides values >= 1, got [0, 1]"),
        (value((1, 3, 8, 8)), 3, {"padding": (2, 1)}, "expected padding <= half the kernel [1, 1, 1, 1], got [2, 2, 1, 1]"),
        (value((1, 3, 8, 8)), (4, 3), {"padding": (0, 0, 0, 2)}, "expected padding <= half the kernel [2, 2, 1, 1], got [0, 0, 0, 2]"),
        (value((1, 3, 8, 8)), 2, {"padding": -1}, "expected padding values >= 0, got [-1, -1, -1, -1]"),
        (value((1, 3, 8, 8)), 2, {"layout": "NCHW"}, 'expected layout in (nchw, nhwc), got "NCHW"'),
        (value((1, 3, 2, 8)), 3, {}, "expected padded input size [2, 8] to hold the dilated window [3, 3], got output size [0, 2]"),
    ],
)
def test_pools_reject(input, kernel, options, message):
    for op_type in (MaxPool2dOp, AvgPool2dOp):
        with raises(f"{op_type.name}: {message}"):
            op_type(input, kernel, **options)


def test_max_pool_rejects_bad_dilation():
    with raises("mlc_tensor.max_pool2d: expected dilation values >= 1, got [0, 0]"):
        MaxPool2dOp(value((1, 3, 8, 8)), 2, dilation=0)
    with raises(
        "mlc_tensor.max_pool2d: expected padded input size [8, 8] to hold the dilated window "
        "[9, 9], got output size [0, 0]"
    ):
        MaxPool2dOp(value((1, 3, 8, 8)), 3, dilation=4)


@pytest.mark.parametrize(
    ("op_type", "name"),
    [(MaxPool2dOp, "ceil_mode"), (AvgPool2dOp, "ceil_mode"), (AvgPool2dOp, "count_include_pad")],
)
def test_pools_reject_non_bool_flags(op_type, name):
    op = op_type(value((1, 3, 8, 8)), 2)
    op.properties[name] = IntegerAttr(1, i64)
    with raises(f"{op_type.name}: expected {name} to be true or false, got 1 : i64"):
        op.verify()
    op.properties[name] = BoolAttr.from_bool(True)
    op.verify()


def test_pools_reject_wrong_result_type():
    op = AvgPool2dOp(value((1, 3, 8, 8)), 2, result_type=TensorType(f32, (1, 3, 8, 8)))
    with raises("mlc_tensor.avg_pool2d: expected result type tensor<1x3x4x4xf32>, got tensor<1x3x8x8xf32>"):
        op.verify()
    op = MaxPool2dOp(value((1, 3, 8, 8)), 2, result_type=TensorType(f16, (1, 3, 4, 4)))
    with raises("mlc_tensor.max_pool2d: expected result type tensor<1x3x4x4xf32>, got tensor<1x3x4x4xf16>"):
        op.verify()
