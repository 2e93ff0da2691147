"""mlc_tensor elementwise ops from Python: type inference and every verifier message."""

import re
from collections.abc import Callable

import pytest
from invalid_cases import FILECHECK, cases
from ir_helpers import check_fails
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
    Float64Type,
    IntegerType,
    StringAttr,
    TensorType,
    bf16,
    f16,
    f32,
    i1,
    i8,
    i32,
    i64,
)
from xdsl.dialects import test as xdsl_test
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.utils.exceptions import VerifyException

from mlc.dialects.mlc_tensor import MLC_TENSOR, elementwise
from mlc.dialects.mlc_tensor.elementwise import (
    AbsOp,
    AcosOp,
    AddOp,
    AndOp,
    AsinOp,
    Atan2Op,
    AtanOp,
    CastOp,
    CeilOp,
    DivOp,
    EqOp,
    ErfInvOp,
    ExpOp,
    Expm1Op,
    FloorOp,
    GeluOp,
    LtOp,
    MaximumOp,
    MinimumOp,
    Log1pOp,
    MulOp,
    NegOp,
    NotOp,
    OrOp,
    PowOp,
    ReluOp,
    RemOp,
    RoundOp,
    SelectOp,
    ShiftLeftOp,
    ShiftRightArithmeticOp,
    ShiftRightLogicalOp,
    SigmoidOp,
    SignOp,
    SqrtOp,
    SubOp,
    TanhOp,
    TruncOp,
    XorOp,
)
from mlc.ir.context import parse_module

f64 = Float64Type()
i16 = IntegerType(16)


def value(typ: Attribute) -> SSAValue:
    """A fresh SSA value of type `typ` (the result of a test.op)."""
    return xdsl_test.TestOp(result_types=[typ]).results[0]


def t(shape: list[int], element: Attribute = f32) -> TensorType:
    """tensor<shape x element>."""
    return TensorType(element, shape)


# ---- type inference ---------------------------------------------------------------------------


def test_unary_result_is_operand_type():
    for element in (f32, f16, bf16):
        op = ExpOp(value(t([2, 3], element)))
        op.verify()
        assert op.result.type == t([2, 3], element)
    assert NegOp(value(t([4], i8))).result.type == t([4], i8)


@pytest.mark.parametrize(
    ("lhs", "rhs", "shape"),
    [
        ([2, 3], [3], [2, 3]),  # rhs broadcasts
        ([3], [2, 3], [2, 3]),  # lhs broadcasts
        ([2, 1], [1, 3], [2, 3]),  # both broadcast
        ([], [4, 5], [4, 5]),  # rank-0 lhs
        ([4, 5], [], [4, 5]),  # rank-0 rhs
        ([2, 1, 4], [3, 1], [2, 3, 4]),  # size-1 dimension in the middle
        ([0, 3], [1, 3], [0, 3]),  # empty tensors broadcast too
    ],
)
def test_binary_infers_broadcast_shape(lhs, rhs, shape):
    op = AddOp(value(t(lhs)), value(t(rhs)))
    op.verify()
    assert op.result.type == t(shape)


def test_compare_infers_i1():
    op = LtOp(value(t([2, 1], i32)), value(t([3], i32)))
    op.verify()
    assert op.result.type == t([2, 3], i1)


def test_select_infers_three_way_broadcast():
    op = SelectOp(value(t([2, 1, 1], i1)), value(t([3, 1], bf16)), value(t([4], bf16)))
    op.verify()
    assert op.result.type == t([2, 3, 4], bf16)


def test_cast_infers_shape():
    op = CastOp(value(t([2, 3], f32)), i8)
    op.verify()
    assert op.result.type == t([2, 3], i8)


def test_gelu_approximation_property():
    x = value(t([3]))
    assert GeluOp(x).approximate == StringAttr("none")
    op = GeluOp(x, "tanh")
    op.verify()
    assert op.approximate == StringAttr("tanh")


def test_inference_reports_non_broadcastable_shapes():
    with pytest.raises(VerifyException, match=re.escape("mlc_tensor.mul: expected broadcast-compatible")):
        MulOp(value(t([2, 3])), value(t([4])))


def test_inference_reports_non_tensor_operand():
    with pytest.raises(VerifyException, match=re.escape("mlc_tensor.add: expected rhs to be a ranked tensor, got f32")):
        AddOp(value(t([2])), value(f32))


def test_every_op_is_registered_and_documented():
    registered = set(MLC_TENSOR.operations)
    for op in elementwise.OPS:
        assert op in registered
        assert op.__doc__ and op.__doc__.strip()
    names = {op.name.removeprefix("mlc_tensor.") for op in elementwise.OPS}
    assert names >= {
        "neg", "abs", "exp", "log", "sqrt", "rsqrt", "tanh", "erf", "sigmoid", "relu", "gelu",
        "silu", "sin", "cos", "reciprocal", "add", "sub", "mul", "div", "pow", "maximum",
        "minimum", "eq", "ne", "lt", "le", "gt", "ge", "select", "cast", "floor", "ceil",
        "round", "trunc", "sign", "erf_inv", "asin", "acos", "atan", "log1p", "expm1", "not",
        "rem", "atan2", "and", "or", "xor", "shift_left", "shift_right_arithmetic",
        "shift_right_logical",
    }  # fmt: skip


def test_float_only_and_integer_families():
    """Which ops accept integers and i1 is part of the op definitions."""
    for op in (NegOp, AbsOp, ReluOp):
        op(value(t([2], i32))).verify()
    for op in (AddOp, SubOp, MulOp, DivOp, MaximumOp, MinimumOp, EqOp):
        op(value(t([2], i64)), value(t([2], i64))).verify()
    for op in (MaximumOp, MinimumOp, EqOp, LtOp):
        op(value(t([2], i1)), value(t([2], i1))).verify()


FLOAT_UNARY = (FloorOp, CeilOp, RoundOp, TruncOp, ErfInvOp, AsinOp, AcosOp, AtanOp, Log1pOp, Expm1Op)


@pytest.mark.parametrize("op", FLOAT_UNARY, ids=lambda op: op.name)
def test_new_float_unary_ops_keep_the_type_and_reject_integers(op):
    for element in (f32, f16, bf16):
        built = op(value(t([2, 3], element)))
        built.verify()
        assert built.result.type == t([2, 3], element)
    with pytest.raises(VerifyException, match="expected operand to have a float element type"):
        op(value(t([2], i32))).verify()


def test_integer_families_of_the_new_ops():
    """sign takes numbers; not takes integers and i1; rem numbers; bitwise ops integers and i1; shifts integers."""
    for element in (f32, i8, i64):
        SignOp(value(t([2], element))).verify()
        RemOp(value(t([2], element)), value(t([2], element))).verify()
    for element in (i1, i8, i32, i64):
        NotOp(value(t([2], element))).verify()
        for op in (AndOp, OrOp, XorOp):
            built = op(value(t([3, 1], element)), value(t([4], element)))
            built.verify()
            assert built.result.type == t([3, 4], element)
    for op in (ShiftLeftOp, ShiftRightArithmeticOp, ShiftRightLogicalOp):
        built = op(value(t([2, 1], i8)), value(t([], i8)))
        built.verify()
        assert built.result.type == t([2, 1], i8)
    built = Atan2Op(value(t([3], bf16)), value(t([2, 1], bf16)))
    built.verify()
    assert built.result.type == t([2, 3], bf16)


# ---- verifier messages -----------------------------------------------------------------------

X = t([2])

CASES: list[tuple[Callable[[], Operation], str]] = [
    (lambda: NegOp(value(f32)), "mlc_tensor.neg: expected operand to be a ranked tensor, got f32"),
    (
        lambda: ExpOp(value(t([DYNAMIC_INDEX]))),
        "mlc_tensor.exp: expected operand to have a static shape, got tensor<?xf32>",
    ),
    (
        lambda: AbsOp(value(t([2], f64))),
        "mlc_tensor.abs: expected operand element type in (f32, f16, bf16, i1, i8, i32, i64), got f64",
    ),
    (
        lambda: ReluOp(value(t([2], i16))),
        "mlc_tensor.relu: expected operand element type in (f32, f16, bf16, i1, i8, i32, i64), got i16",
    ),
    (
        lambda: SqrtOp(value(t([2], i32))),
        "mlc_tensor.sqrt: expected operand to have a float element type (f32, f16, bf16), got i32",
    ),
    (
        lambda: ExpOp(value(t([2], f64))),
        "mlc_tensor.exp: expected operand to have a float element type (f32, f16, bf16), got f64",
    ),
    (
        lambda: NegOp(value(t([2], i1))),
        "mlc_tensor.neg: expected operand element type in (f32, f16, bf16, i8, i32, i64), got i1",
    ),
    (
        lambda: TanhOp(value(X), t([2], f16)),
        "mlc_tensor.tanh: expected result type tensor<2xf32>, got tensor<2xf16>",
    ),
    (
        lambda: SigmoidOp(value(X), t([1, 2])),
        "mlc_tensor.sigmoid: expected result type tensor<2xf32>, got tensor<1x2xf32>",
    ),
    (
        lambda: GeluOp(value(X), "fast"),
        "mlc_tensor.gelu: expected approximate in (none, tanh), got fast",
    ),
    (
        lambda: AddOp(value(X), value(f32), X),
        "mlc_tensor.add: expected rhs to be a ranked tensor, got f32",
    ),
    (
        lambda: AddOp(value(f32), value(X), X),
        "mlc_tensor.add: expected lhs to be a ranked tensor, got f32",
    ),
    (
        lambda: SubOp(value(t([DYNAMIC_INDEX])), value(t([DYNAMIC_INDEX])), t([DYNAMIC_INDEX])),
        "mlc_tensor.sub: expected lhs to have a static shape, got tensor<?xf32>",
    ),
    (
        lambda: MulOp(value(t([2], f64)), value(t([2], f64))),
        "mlc_tensor.mul: expected lhs element type in (f32, f16, bf16, i1, i8, i32, i64), got f64",
    ),
    (
        lambda: AddOp(value(X), value(t([2], f16))),
        "mlc_tensor.add: expected rhs element type f32, got f16",
    ),
    (
        lambda: MulOp(value(t([2, 3])), value(t([4])), t([2, 3])),
        "mlc_tensor.mul: expected broadcast-compatible shapes, got [[2, 3], [4]] (dimension -1: 3 vs 4)",
    ),
    (
        lambda: MaximumOp(value(t([2, 3])), value(t([3])), t([3])),
        "mlc_tensor.maximum: expected result type tensor<2x3xf32>, got tensor<3xf32>",
    ),
    (
        lambda: PowOp(value(t([2], i32)), value(t([2], i32))),
        "mlc_tensor.pow: expected lhs to have a float element type (f32, f16, bf16), got i32",
    ),
    (
        lambda: DivOp(value(t([2], i1)), value(t([2], i1))),
        "mlc_tensor.div: expected lhs element type in (f32, f16, bf16, i8, i32, i64), got i1",
    ),
    (
        lambda: LtOp(value(X), value(X), X),
        "mlc_tensor.lt: expected result type tensor<2xi1>, got tensor<2xf32>",
    ),
    (
        lambda: EqOp(value(t([2], i32)), value(t([2], i64))),
        "mlc_tensor.eq: expected rhs element type i32, got i64",
    ),
    (
        lambda: SelectOp(value(X), value(X), value(X)),
        "mlc_tensor.select: expected condition element type i1, got f32",
    ),
    (
        lambda: SelectOp(value(i1), value(X), value(X), X),
        "mlc_tensor.select: expected condition to be a ranked tensor, got i1",
    ),
    (
        lambda: SelectOp(value(t([2], i1)), value(X), value(t([2], i32))),
        "mlc_tensor.select: expected on_false element type f32, got i32",
    ),
    (
        lambda: SelectOp(value(t([2, 1], i1)), value(t([3])), value(t([4])), t([2, 3])),
        "mlc_tensor.select: expected broadcast-compatible shapes, got [[2, 1], [3], [4]] (dimension -1: 3 vs 4)",
    ),
    (
        lambda: SelectOp(value(t([2, 1], i1)), value(t([3])), value(t([3])), t([3])),
        "mlc_tensor.select: expected result type tensor<2x3xf32>, got tensor<3xf32>",
    ),
    (
        lambda: SelectOp(value(t([2], i1)), value(t([2], f64)), value(t([2], f64))),
        "mlc_tensor.select: expected on_true element type in (f32, f16, bf16, i1, i8, i32, i64), got f64",
    ),
    (
        lambda: CastOp.create(operands=[value(t([2, 3]))], result_types=[t([3, 2], i32)]),
        "mlc_tensor.cast: expected result shape [2, 3], got [3, 2]",
    ),
    (
        lambda: CastOp(value(X), f64),
        "mlc_tensor.cast: expected result element type in (f32, f16, bf16, i1, i8, i32, i64), got f64",
    ),
    (
        lambda: CastOp(value(t([2], i16)), f32),
        "mlc_tensor.cast: expected operand element type in (f32, f16, bf16, i1, i8, i32, i64), got i16",
    ),
    (
        lambda: CastOp.create(operands=[value(t([]))], result_types=[i32]),
        "mlc_tensor.cast: expected result to be a ranked tensor, got i32",
    ),
    (
        lambda: FloorOp(value(t([2], i32))),
        "mlc_tensor.floor: expected operand to have a float element type (f32, f16, bf16), got i32",
    ),
    (
        lambda: ErfInvOp(value(X), t([2], f16)),
        "mlc_tensor.erf_inv: expected result type tensor<2xf32>, got tensor<2xf16>",
    ),
    (
        lambda: SignOp(value(t([2], i1))),
        "mlc_tensor.sign: expected operand element type in (f32, f16, bf16, i8, i32, i64), got i1",
    ),
    (
        lambda: NotOp(value(X)),
        "mlc_tensor.not: expected operand to have an integer element type (i1, i8, i32, i64), got f32",
    ),
    (
        lambda: RemOp(value(t([2], i1)), value(t([2], i1))),
        "mlc_tensor.rem: expected lhs element type in (f32, f16, bf16, i8, i32, i64), got i1",
    ),
    (
        lambda: Atan2Op(value(t([2], i32)), value(t([2], i32))),
        "mlc_tensor.atan2: expected lhs to have a float element type (f32, f16, bf16), got i32",
    ),
    (
        lambda: AndOp(value(X), value(X)),
        "mlc_tensor.and: expected lhs to have an integer element type (i1, i8, i32, i64), got f32",
    ),
    (
        lambda: XorOp(value(t([2], i32)), value(t([2], i64))),
        "mlc_tensor.xor: expected rhs element type i32, got i64",
    ),
    (
        lambda: ShiftLeftOp(value(t([2], i1)), value(t([2], i1))),
        "mlc_tensor.shift_left: expected lhs element type in (i8, i32, i64), got i1",
    ),
    (
        lambda: ShiftRightLogicalOp(value(t([2], f16)), value(t([2], f16))),
        "mlc_tensor.shift_right_logical: expected lhs to have an integer element type (i8, i32, i64), got f16",
    ),
    (
        lambda: ShiftRightArithmeticOp(value(t([2, 1], i8)), value(t([3], i8)), t([2, 1], i8)),
        "mlc_tensor.shift_right_arithmetic: expected result type tensor<2x3xi8>, got tensor<2x1xi8>",
    ),
    (
        lambda: OrOp(value(t([2], i16)), value(t([2], i16))),
        "mlc_tensor.or: expected lhs element type in (f32, f16, bf16, i1, i8, i32, i64), got i16",
    ),
]


@pytest.mark.parametrize(("build", "message"), CASES, ids=[m for _, m in CASES])
def test_verifier_message(build: Callable[[], Operation], message: str):
    check_fails(build(), message)


def test_invalid_file_expectations():
    """Each elementwise case of invalid.mlir fails with its expected message, one Python checks too."""
    messages = {message for _, message in CASES}
    for chunk, expected in cases(FILECHECK / "mlc_tensor/invalid.mlir", "elementwise"):
        assert expected in messages
        with pytest.raises(VerifyException, match=re.escape(expected)):
            parse_module(chunk).verify()
