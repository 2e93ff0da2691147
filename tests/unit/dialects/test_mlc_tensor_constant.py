"""mlc_tensor constant and iota from Python: builders, printing, and every verifier message."""

import re

import ml_dtypes
import numpy as np
import pytest
from invalid_cases import FILECHECK, cases
from ir_helpers import check_fails, printed
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    DenseIntOrFPElementsAttr,
    DenseResourceAttr,
    FloatAttr,
    IntegerAttr,
    TensorType,
    VectorType,
    bf16,
    f16,
    f32,
    f64,
    i1,
    i8,
    i32,
    i64,
)
from xdsl.traits import ConstantLike, Pure
from xdsl.utils.exceptions import VerifyException

from mlc.dialects.mlc_tensor.constant import DEFAULT_INLINE_LIMIT, ConstantOp, IotaOp
from mlc.ir.context import parse_attribute, parse_module

# ---- ConstantOp.from_array ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("array", "text"),
    [
        (np.array([[1, 2], [3, 4]], np.float32), "dense<[[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>"),
        (np.array([True, False, True]), "dense<[true, false, true]> : tensor<3xi1>"),
        (np.array([-128, 127], np.int8), "dense<[-128, 127]> : tensor<2xi8>"),
        (np.array(5, np.int64), "dense<5> : tensor<i64>"),
        (np.full((2, 3), 0.5, ml_dtypes.bfloat16), "dense<5.000000e-01> : tensor<2x3xbf16>"),
        (np.array([0.1, -2.5], np.float16), "dense<[9.997560e-02, -2.500000e+00]> : tensor<2xf16>"),
    ],
)
def test_from_array_inline(array, text):
    op = ConstantOp.from_array(array)
    op.verify()
    assert isinstance(op.value, DenseIntOrFPElementsAttr)
    assert op.result.type == TensorType(op.value.get_element_type(), array.shape)
    assert printed(op).endswith(f"mlc_tensor.constant {text}")


def test_from_array_matches_parsed_attribute():
    """The bytes from numpy are those xDSL's own parser produces (so attributes compare equal)."""
    for text, array in [
        ("dense<[true, false]> : tensor<2xi1>", np.array([True, False])),
        ("dense<[1.5, -2.0]> : tensor<2xbf16>", np.array([1.5, -2.0], ml_dtypes.bfloat16)),
        ("dense<[-3, 7]> : tensor<2xi32>", np.array([-3, 7], np.int32)),
    ]:
        assert ConstantOp.from_array(array).value == parse_attribute(text)


def test_from_array_large_goes_to_resource():
    array = np.arange(DEFAULT_INLINE_LIMIT + 1, dtype=np.float32)
    op = ConstantOp.from_array(array, name="fc1.weight")
    op.verify()
    assert isinstance(op.value, DenseResourceAttr)
    assert op.value.resource_handle.data.startswith("fc1.weight")
    assert printed(op).endswith(f"dense_resource<{op.value.resource_handle.data}> : tensor<17xf32>")
    assert isinstance(ConstantOp.from_array(array[:-1]).value, DenseIntOrFPElementsAttr)
    assert isinstance(ConstantOp.from_array(array[:4], inline_limit=3).value, DenseResourceAttr)


@pytest.mark.parametrize(
    "array",
    [np.array([1.0, np.nan], np.float32), np.array([np.inf], np.float16), np.array([1234567.0], np.float32)],
)
def test_from_array_unprintable_values_go_to_resource(array):
    """Values xDSL's dense<> text cannot reproduce must not be inlined."""
    assert isinstance(ConstantOp.from_array(array).value, DenseResourceAttr)


def test_constant_is_constant_like_and_pure():
    op = ConstantOp.from_array(np.zeros(2, np.float32))
    assert op.has_trait(ConstantLike) and op.has_trait(Pure)
    assert ConstantLike.get_constant_value(op.result) == op.value


def test_custom_format_rejects_non_dense_value():
    with pytest.raises(Exception, match=re.escape("mlc_tensor.constant: expected a dense or dense_resource attribute, got 1 : i32")):
        parse_module("%0 = mlc_tensor.constant 1 : i32")


# ---- IotaOp builder -----------------------------------------------------------------------------


def test_iota_builder_picks_attribute_kinds():
    op = IotaOp(TensorType(f32, [2, 3]), dimension=1, start=1, step=0.5)
    op.verify()
    assert op.properties["start"] == FloatAttr(1.0, f64)
    assert op.properties["step"] == FloatAttr(0.5, f64)
    op = IotaOp(TensorType(i8, [4]), start=3, step=-2)
    op.verify()
    assert op.properties["start"] == IntegerAttr(3, i64)
    assert "mlc_tensor.iota {start = 3 : i64, step = -2 : i64} : tensor<4xi8>" in printed(op)
    op = IotaOp(TensorType(i32, [4]))
    op.verify()
    assert printed(op).endswith("mlc_tensor.iota : tensor<4xi32>")


# ---- verifier messages ---------------------------------------------------------------------------

CASES = [
    (
        lambda: ConstantOp.create(
            properties={"value": DenseIntOrFPElementsAttr.from_list(TensorType(f32, [2]), [1.0, 2.0])},
            result_types=[TensorType(f32, [3])],
        ),
        "mlc_tensor.constant: expected value type tensor<3xf32>, got tensor<2xf32>",
    ),
    (
        lambda: ConstantOp.create(
            properties={"value": DenseIntOrFPElementsAttr.from_list(TensorType(f32, [2]), [1.0])},
            result_types=[TensorType(f16, [2])],
        ),
        "mlc_tensor.constant: expected value type tensor<2xf16>, got tensor<2xf32>",
    ),
    (
        lambda: ConstantOp.create(properties={"value": IntegerAttr(1, i32)}, result_types=[TensorType(i32, [])]),
        "mlc_tensor.constant: expected value to be a dense or dense_resource attribute, got 1 : i32",
    ),
    (
        lambda: ConstantOp(DenseIntOrFPElementsAttr.from_list(TensorType(f64, [2]), [1.0])),
        "mlc_tensor.constant: expected result element type in (f32, f16, bf16, i1, i8, i32, i64), got f64",
    ),
    (
        lambda: ConstantOp(DenseIntOrFPElementsAttr.from_list(VectorType(f32, [2]), [1.0])),
        "mlc_tensor.constant: expected result to be a ranked tensor, got vector<2xf32>",
    ),
    (lambda: IotaOp(TensorType(i32, [])), "mlc_tensor.iota: expected result rank >= 1, got 0 (tensor<i32>)"),
    (lambda: IotaOp(TensorType(i32, [2, 3]), dimension=2), "mlc_tensor.iota: expected dimension in [0, 2), got 2"),
    (lambda: IotaOp(TensorType(i32, [3]), dimension=-1), "mlc_tensor.iota: expected dimension in [0, 1), got -1"),
    (
        lambda: IotaOp.create(result_types=[TensorType(f32, [3])], properties={"dimension": IntegerAttr(0, i64), "start": IntegerAttr(1, i64)}),
        "mlc_tensor.iota: expected start to be an f64 attribute for element type f32, got 1 : i64",
    ),
    (
        lambda: IotaOp.create(result_types=[TensorType(i8, [3])], properties={"dimension": IntegerAttr(0, i64), "step": FloatAttr(0.5, f64)}),
        "mlc_tensor.iota: expected step to be an i64 attribute for element type i8, got 5.000000e-01 : f64",
    ),
    (
        lambda: IotaOp.create(result_types=[TensorType(bf16, [3])], properties={"dimension": IntegerAttr(0, i64), "step": FloatAttr(0.5, f32)}),
        "mlc_tensor.iota: expected step to be an f64 attribute for element type bf16, got 5.000000e-01 : f32",
    ),
    (
        lambda: IotaOp(TensorType(i1, [3])),
        "mlc_tensor.iota: expected result element type in (f32, f16, bf16, i8, i32, i64), got i1",
    ),
    (
        lambda: IotaOp(TensorType(f32, [DYNAMIC_INDEX])),
        "mlc_tensor.iota: expected result to have a static shape, got tensor<?xf32>",
    ),
]


@pytest.mark.parametrize(("build", "message"), CASES, ids=[m for _, m in CASES])
def test_verifier_message(build, message):
    check_fails(build(), message)


def test_invalid_file_expectations():
    """Each constant case of invalid.mlir fails with its expected message, one Python checks too."""
    messages = {message for _, message in CASES}
    for chunk, expected in cases(FILECHECK / "mlc_tensor/invalid.mlir", "constant"):
        assert expected in messages
        with pytest.raises(VerifyException, match=re.escape(expected)):
            parse_module(chunk).verify()
