"""mlc_quant IR: every verifier message, type/attribute syntax round trips, type inference."""

import numpy as np
import pytest
from invalid_cases import FILECHECK, cases
from xdsl.dialects.builtin import IntegerType, Signedness, TensorType, f16, f32, i32
from xdsl.dialects.test import TestOp as ValueSource
from xdsl.printer import Printer
from xdsl.utils.exceptions import ParseError, VerifyException

from mlc.dialects.mlc_quant import (
    Conv2dOp,
    DecisionAttr,
    DequantizeOp,
    MatmulOp,
    QuantizeOp,
    Sparse24Attr,
    SparseMatmulOp,
    StorageCastOp,
    UniformQuantizedType,
    WeightOnlyMatmulOp,
    physical_shapes,
)
from mlc.dialects.mlc_quant.types import format_f32
from mlc.ir.context import parse_attribute, parse_module

INVALID = cases(FILECHECK / "mlc_quant/invalid.mlir")
I8, I4 = IntegerType(8), IntegerType(4)


@pytest.mark.parametrize("text,message", INVALID, ids=lambda v: v[:0] or None)
def test_every_invalid_case_fails_with_its_message(text, message):
    with pytest.raises((VerifyException, ParseError)) as info:
        parse_module(text).verify()
    assert message in str(info.value)


def test_invalid_file_covers_many_messages():
    assert len({m for _, m in INVALID}) == len(INVALID) >= 60


def print_attr(attr) -> str:
    """An attribute in its textual syntax."""
    from io import StringIO

    out = StringIO()
    Printer(stream=out).print_attribute(attr)
    return out.getvalue()


@pytest.mark.parametrize("text", [
    "!mlc_quant.uniform<i8:f32, 0.0125:-3>",
    "!mlc_quant.uniform<i8<-127:127>:bf16, 0.5>",
    "!mlc_quant.uniform<u4:f16:1, {0.1:8, 0.2}>",
    "!mlc_quant.uniform<i32:f32, 1.0e-08>",
    "!mlc_quant.uniform<i4:f16:1 group 128, scales = dense<5.000000e-01> : tensor<4x2xf16>, "
    "zero_points = dense<0> : tensor<4x2xi8>>",
    "#mlc_quant.sparse_2_4<axis = 0>",
    '#mlc_quant.decision<int4_g128, sqnr = 31.2 dB, reason = "within budget">',
    '#mlc_quant.decision<f32, sqnr = inf dB, bits = 32.0, reason = "sensitive layer">',
    '#mlc_quant.decision<sparse24_int4_g64, reason = "">',
])
def test_attribute_syntax_round_trips(text):
    attr = parse_attribute(text)
    assert print_attr(attr) == text
    assert parse_attribute(print_attr(attr)) == attr


def test_make_matches_parsed_syntax_and_accessors():
    made = UniformQuantizedType.make(I8, f32, [0.1, 0.2], [0, 3], axis=1)
    parsed = parse_attribute("!mlc_quant.uniform<i8:f32:1, {0.1, 0.2:3}>")
    assert made == parsed
    assert made.scale_array().tolist() == [np.float32(0.1), np.float32(0.2)]
    assert made.zero_point_array().tolist() == [0, 3]
    assert not made.is_per_tensor and not made.is_per_group and made.storage_bounds() == (-128, 127)


def test_decision_attr_python_api():
    decision = DecisionAttr("int8", "within budget", {"sqnr": (31.2, "dB"), "max_error": 0.01})
    assert decision.metrics == {"sqnr": (31.2, "dB"), "max_error": (0.01, "")}
    assert print_attr(decision) == (
        '#mlc_quant.decision<int8, sqnr = 31.2 dB, max_error = 0.01, reason = "within budget">'
    )
    with pytest.raises(VerifyException, match="mlc_quant.decision: expected metric sqnr finite or inf"):
        DecisionAttr("int8", "x", {"sqnr": float("nan")})


@pytest.mark.parametrize("value", [0.0125, 1e-8, 3.0, 1.17549435e-38, 0.1, 123456.789])
def test_format_f32_reads_back_as_the_same_f32(value):
    text = format_f32(value)
    assert "." in text.split("e")[0] and np.float32(float(text)) == np.float32(value)


def test_physical_shapes_of_packed_and_compressed_tensors():
    q4 = UniformQuantizedType.make(I4, f16, 0.5)
    assert physical_shapes(None, TensorType(q4, [8, 7])) == ((8, 4), None)
    assert physical_shapes(None, TensorType(f16, [8, 64], Sparse24Attr(1))) == ((8, 32), (8, 8))
    assert physical_shapes(None, TensorType(q4, [8, 64], Sparse24Attr(1))) == ((8, 16), (8, 8))
    assert physical_shapes(None, TensorType(f16, [16, 3], Sparse24Attr(0))) == ((8, 3), (2, 3))
    with pytest.raises(ValueError, match="expected 2:4 axis length divisible by 4, got 6"):
        physical_shapes(None, TensorType(f16, [8, 6], Sparse24Attr(1)))


def value(typ):
    """An SSA value of type `typ`."""
    return ValueSource(result_types=[typ]).results[0]


def test_result_type_inference():
    qa = TensorType(UniformQuantizedType.make(I8, f32, 0.1), [2, 5, 16])
    qw = TensorType(UniformQuantizedType.make(I8, f32, [0.1] * 4, axis=0), [4, 16])
    assert MatmulOp(value(qa), value(qw)).result.type == TensorType(i32, [2, 5, 4])
    assert DequantizeOp(value(qa)).result.type == TensorType(f32, [2, 5, 16])
    assert StorageCastOp(value(qa)).result.type == TensorType(I8, [2, 5, 16])
    w4 = TensorType(UniformQuantizedType.make(I4, f16, np.full((4, 2), 0.5), axis=1, group_size=8), [4, 16])
    x = value(TensorType(f16, [3, 16]))
    op = WeightOnlyMatmulOp(x, value(w4))
    op.verify()
    assert op.result.type == TensorType(f16, [3, 4])
    sparse = SparseMatmulOp(x, value(TensorType(f16, [4, 16], Sparse24Attr(1))))
    sparse.verify()
    assert sparse.result.type == TensorType(f16, [3, 4])
    conv = Conv2dOp(value(TensorType(I8, [1, 4, 9, 9])), value(TensorType(I8, [6, 2, 3, 3])),
                    strides=(2, 2), padding=(1, 1, 0, 0), groups=2, zero_points={"lhs": 3})
    conv.verify()
    assert conv.result.type == TensorType(i32, [1, 6, 5, 4])
    with pytest.raises(ValueError, match="mlc_quant.quantize: the result type must be given"):
        QuantizeOp(value(TensorType(f32, [2])))
    with pytest.raises(ValueError, match="mlc_quant.storage_cast: the result type must be given"):
        StorageCastOp(value(TensorType(IntegerType(8, Signedness.UNSIGNED), [2])))
