"""mlc_tensor matmul, batch_matmul, linear and conv2d: type inference and every verifier message."""

import re

import pytest
from xdsl.dialects.builtin import (
    DenseArrayBase,
    IntegerAttr,
    StringAttr,
    TensorType,
    bf16,
    f16,
    f32,
    f64,
    i1,
    i8,
    i32,
    i64,
)
from xdsl.utils.exceptions import VerifyException
from xdsl.utils.test_value import create_ssa_value

from mlc.dialects.mlc_tensor import BatchMatmulOp, Conv2dOp, LinearOp, MatmulOp


def value(shape, element=f32):
    """A free SSA value of type tensor<shape x element>."""
    return create_ssa_value(TensorType(element, shape))


def raises(message: str):
    """Expect a VerifyException whose first line is exactly `message`."""
    return pytest.raises(VerifyException, match="^" + re.escape(message) + "(\n|$)")


# --- matmul and batch_matmul ---------------------------------------------------------------


@pytest.mark.parametrize("element", [f32, f16, bf16, i8, i32, i64])
def test_matmul_infers_result(element):
    op = MatmulOp(value((4, 8), element), value((8, 16), element))
    assert op.result.type == TensorType(element, (4, 16))
    op.verify()


def test_matmul_size_one_dims():
    assert MatmulOp(value((1, 1)), value((1, 1))).result.type == TensorType(f32, (1, 1))


@pytest.mark.parametrize(
    ("lhs", "rhs", "result"),
    [
        ((2, 3, 4), (2, 4, 5), (2, 3, 5)),
        ((2, 1, 3, 4), (5, 4, 6), (2, 5, 3, 6)),
        ((1, 3, 4), (7, 4, 1), (7, 3, 1)),
        ((6, 1, 1, 1), (1, 2, 1, 9), (6, 2, 1, 9)),
    ],
)
def test_batch_matmul_broadcasts_batch_dims(lhs, rhs, result):
    op = BatchMatmulOp(value(lhs, bf16), value(rhs, bf16))
    assert op.result.type == TensorType(bf16, result)
    op.verify()


@pytest.mark.parametrize(
    ("op_type", "lhs", "rhs", "message"),
    [
        (MatmulOp, value((4, 8)), value((9, 16)),
         "mlc_tensor.matmul: expected rhs contracting dimension 8, got 9"),
        (MatmulOp, value((2, 4, 8)), value((8, 16)), "mlc_tensor.matmul: expected lhs rank 2, got 3"),
        (MatmulOp, value((4, 8)), value((8,)), "mlc_tensor.matmul: expected rhs rank 2, got 1"),
        (MatmulOp, value((4, 8)), value((8, 16), f16),
         "mlc_tensor.matmul: expected rhs element type f32, got f16"),
        (MatmulOp, value((4, 8), i1), value((8, 16), i1),
         "mlc_tensor.matmul: expected lhs element type in (f32, f16, bf16, i8, i32, i64), got i1"),
        (MatmulOp, value((4, 8), f64), value((8, 16), f64),
         "mlc_tensor.matmul: expected lhs element type in (f32, f16, bf16, i1, i8, i32, i64), got f64"),
        (MatmulOp, create_ssa_value(f32), value((8, 16)),
         "mlc_tensor.matmul: expected lhs to be a ranked tensor, got f32"),
        (BatchMatmulOp, value((4, 8)), value((2, 8, 16)),
         "mlc_tensor.batch_matmul: expected lhs rank >= 3, got 2"),
        (BatchMatmulOp, value((2, 4, 8)), value((8, 16)),
         "mlc_tensor.batch_matmul: expected rhs rank >= 3, got 2"),
        (BatchMatmulOp, value((2, 4, 8)), value((2, 7, 16)),
         "mlc_tensor.batch_matmul: expected rhs contracting dimension 8, got 7"),
        (BatchMatmulOp, value((2, 3, 4, 8)), value((4, 8, 16)),
         "mlc_tensor.batch_matmul: expected broadcast-compatible batch dimensions, got [2, 3] and [4]"),
    ],
)
def test_matmul_family_rejects(op_type, lhs, rhs, message):
    with raises(message):
        op_type(lhs, rhs)


def test_matmul_rejects_wrong_result_type():
    op = MatmulOp(value((4, 8)), value((8, 16)), result_type=TensorType(f32, (4, 15)))
    with raises("mlc_tensor.matmul: expected result type tensor<4x16xf32>, got tensor<4x15xf32>"):
        op.verify()


def test_batch_matmul_rejects_wrong_result_type():
    op = BatchMatmulOp(value((1, 4, 8)), value((3, 8, 2)), result_type=TensorType(f32, (1, 4, 2)))
    with raises(
        "mlc_tensor.batch_matmul: expected result type tensor<3x4x2xf32>, got tensor<1x4x2xf32>"
    ):
        op.verify()


# --- linear --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "result"), [((8,), (5,)), ((3, 8), (3, 5)), ((2, 1, 7, 8), (2, 1, 7, 5))]
)
def test_linear_infers_result(x, result):
    for bias in (None, value((5,), f16)):
        op = LinearOp(value(x, f16), value((5, 8), f16), bias)
        assert op.result.type == TensorType(f16, result)
        assert (op.bias is None) == (bias is None)
        op.verify()


@pytest.mark.parametrize(
    ("operands", "message"),
    [
        ((value((3, 8)), value((5, 7))), "mlc_tensor.linear: expected weight contracting dimension 8, got 7"),
        ((value((3, 8)), value((5, 8, 1))), "mlc_tensor.linear: expected weight rank 2, got 3"),
        ((value(()), value((5, 8))), "mlc_tensor.linear: expected input rank >= 1, got 0"),
        ((value((3, 8)), value((5, 8)), value((8,))), "mlc_tensor.linear: expected bias shape [5], got [8]"),
        ((value((3, 8)), value((5, 8)), value((1, 5))), "mlc_tensor.linear: expected bias shape [5], got [1, 5]"),
        ((value((3, 8)), value((5, 8)), value((5,), bf16)),
         "mlc_tensor.linear: expected bias element type f32, got bf16"),
        ((value((3, 8)), value((5, 8), i8)), "mlc_tensor.linear: expected weight element type f32, got i8"),
    ],
)
def test_linear_rejects(operands, message):
    with raises(message):
        LinearOp(*operands)


def test_linear_rejects_wrong_result_type():
    op = LinearOp(value((3, 8)), value((5, 8)), result_type=TensorType(f32, (5, 3)))
    with raises("mlc_tensor.linear: expected result type tensor<3x5xf32>, got tensor<5x3xf32>"):
        op.verify()


# --- conv2d --------------------------------------------------------------------------------


def i64s(*values: int) -> DenseArrayBase:
    return DenseArrayBase.from_list(i64, values)


@pytest.mark.parametrize(
    ("x", "w", "options", "result"),
    [
        # PyTorch: (H + pt + pb - d*(k-1) - 1) // s + 1
        ((1, 3, 9, 9), (6, 3, 3, 3), {}, (1, 6, 7, 7)),
        ((2, 4, 9, 10), (8, 2, 3, 3), {"strides": 2, "padding": 1, "groups": 2}, (2, 8, 5, 5)),
        ((1, 3, 9, 9), (4, 3, 3, 2), {"dilation": (2, 3), "padding": (1, 2)}, (1, 4, 7, 10)),
        ((1, 3, 8, 8), (3, 1, 3, 3), {"groups": 3, "padding": (0, 1, 2, 0), "strides": (1, 2)},
         (1, 3, 7, 4)),
        ((1, 1, 1, 1), (1, 1, 1, 1), {}, (1, 1, 1, 1)),
    ],
)
def test_conv2d_infers_result_in_both_layouts(x, w, options, result):
    for element in (f32, f16, bf16):
        op = Conv2dOp(value(x, element), value(w, element), value((w[0],), element), **options)
        assert op.result.type == TensorType(element, result)
        op.verify()
    nhwc = Conv2dOp(
        value((x[0], x[2], x[3], x[1])), value((w[2], w[3], w[1], w[0])), layout="nhwc", **options
    )
    assert nhwc.result.type == TensorType(f32, (result[0], result[2], result[3], result[1]))
    nhwc.verify()


def test_conv2d_padding_builder_forms():
    x, w = value((1, 1, 5, 5)), value((1, 1, 1, 1))
    assert Conv2dOp(x, w, padding=1).padding == i64s(1, 1, 1, 1)
    assert Conv2dOp(x, w, padding=(2,)).padding == i64s(2, 2, 2, 2)
    assert Conv2dOp(x, w, padding=(1, 2)).padding == i64s(1, 1, 2, 2)
    assert Conv2dOp(x, w, padding=(0, 1, 2, 3)).padding == i64s(0, 1, 2, 3)


NCHW_X, NCHW_W = value((1, 4, 8, 8)), value((6, 2, 3, 3))


@pytest.mark.parametrize(
    ("operands", "options", "message"),
    [
        ((value((4, 8, 8)), value((6, 4, 3, 3))), {}, "expected input rank 4, got 3"),
        ((value((1, 4, 8, 8)), value((6, 4, 3))), {}, "expected weight rank 4, got 3"),
        ((value((1, 4, 8, 8), i32), value((6, 4, 3, 3), i32)), {},
         "expected input to have a float element type (f32, f16, bf16), got i32"),
        ((value((1, 4, 8, 8)), value((6, 4, 3, 3), f16)), {}, "expected weight element type f32, got f16"),
        ((value((1, 4, 8, 8)), value((6, 4, 3, 3)), value((6,), bf16)), {},
         "expected bias element type f32, got bf16"),
        ((value((1, 4, 8, 8)), value((6, 4, 3, 3)), value((4,))), {}, "expected bias shape [6], got [4]"),
        ((value((1, 4, 8, 8)), value((6, 3, 3, 3))), {},
         "expected weight input channels (input channels / groups) 4, got 3"),
        ((NCHW_X, NCHW_W), {"groups": 3}, "expected input channels divisible by groups 3, got 4"),
        ((NCHW_X, value((5, 2, 3, 3))), {"groups": 2}, "expected output channels divisible by groups 2, got 5"),
        ((NCHW_X, NCHW_W), {"groups": 0}, "expected groups to be a positive i64, got 0 : i64"),
        ((NCHW_X, NCHW_W), {"groups": 2, "strides": (1, 2, 3)},
         "expected strides to be an array<i64> of 2 values, got array<i64: 1, 2, 3>"),
        ((NCHW_X, NCHW_W), {"groups": 2, "strides": 0}, "expected strides values >= 1, got [0, 0]"),
        ((NCHW_X, NCHW_W), {"groups": 2, "dilation": (1, 0)}, "expected dilation values >= 1, got [1, 0]"),
        ((NCHW_X, NCHW_W), {"groups": 2, "padding": (0, 1, 2)},
         "expected padding to be an array<i64> of 4 values, got array<i64: 0, 1, 2>"),
        ((NCHW_X, NCHW_W), {"groups": 2, "padding": (0, -1)}, "expected padding values >= 0, got [0, 0, -1, -1]"),
        ((NCHW_X, NCHW_W), {"groups": 2, "layout": "nwhc"}, 'expected layout in (nchw, nhwc), got "nwhc"'),
        ((NCHW_X, NCHW_W), {"groups": 2, "dilation": 4},
         "expected padded input size [8, 8] to hold the dilated window [9, 9], got output size [0, 0]"),
        ((value((1, 2, 2, 1)), value((3, 1, 1, 1))), {"layout": "nhwc", "padding": (0, 0, 1, 1)},
         "expected padded input size [2, 4] to hold the dilated window [3, 1], got output size [0, 4]"),
    ],
)
def test_conv2d_rejects(operands, options, message):
    with raises("mlc_tensor.conv2d: " + message):
        Conv2dOp(*operands, **options)


@pytest.mark.parametrize(
    ("name", "attr", "message"),
    [
        ("groups", IntegerAttr(2, i32), "expected groups to be a positive i64, got 2 : i32"),
        ("strides", DenseArrayBase.from_list(i32, (1, 1)),
         "expected strides to be an array<i64> of 2 values, got array<i32: 1, 1>"),
        ("dilation", StringAttr("1"), 'expected dilation to be an array<i64> of 2 values, got "1"'),
        ("layout", IntegerAttr(0, i1), "expected layout in (nchw, nhwc), got false"),
    ],
)
def test_conv2d_rejects_malformed_properties(name, attr, message):
    op = Conv2dOp(NCHW_X, NCHW_W, groups=2)
    op.properties[name] = attr
    with raises("mlc_tensor.conv2d: " + message):
        op.verify()


def test_conv2d_rejects_wrong_result_type():
    op = Conv2dOp(NCHW_X, NCHW_W, groups=2, result_type=TensorType(f32, (1, 6, 8, 8)))
    with raises("mlc_tensor.conv2d: expected result type tensor<1x6x6x6xf32>, got tensor<1x6x8x8xf32>"):
        op.verify()
