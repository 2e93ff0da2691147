"""mlc_tensor scans and orderings: type inference, option normalization and every verifier message."""

import re

import pytest
from invalid_cases import FILECHECK, cases
from ir_helpers import arr, check_fails, printed, t, v
from xdsl.dialects.builtin import (
    BoolAttr,
    IntegerAttr,
    UnitAttr,
    bf16,
    f16,
    f32,
    f64,
    i1,
    i8,
    i32,
    i64,
)
from xdsl.ir import Attribute, Operation
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException
from xdsl.utils.test_value import create_ssa_value

from mlc.dialects.mlc_tensor import (
    MLC_TENSOR,
    CummaxOp,
    CumminOp,
    CumprodOp,
    CumsumOp,
    ReverseOp,
    SortOp,
    TopkOp,
)
from mlc.dialects.mlc_tensor.scan import OPS
from mlc.ir.context import parse_module


def test_every_op_is_pure_registered_and_documented():
    for op in OPS:
        assert op.has_trait(Pure()), op.name
        assert op in list(MLC_TENSOR.operations)
        assert op.__doc__ and op.__doc__.strip()


def axis(n: int) -> IntegerAttr:
    """An i64 option value."""
    return IntegerAttr(n, i64)


# ---- type inference and normalized options -------------------------------------------------


@pytest.mark.parametrize("op", [CumsumOp, CumprodOp, CummaxOp, CumminOp], ids=lambda op: op.name)
def test_cumulative_keeps_type_and_normalizes_axis(op):
    built = op(v([2, 3, 4], bf16), -1, reverse=True, exclusive=True)
    built.verify()
    assert built.result.type == t([2, 3, 4], bf16)
    assert built.axis == axis(2)
    assert built.reverse == UnitAttr() and built.exclusive == UnitAttr()
    plain = op(v([5], i32), 0)
    plain.verify()
    assert plain.reverse is None and plain.exclusive is None


def test_cummax_and_cummin_accept_i1():
    CummaxOp(v([3], i1), 0).verify()
    CumminOp(v([3], i1), 0).verify()


def test_sort_infers_values_and_i64_indices():
    op = SortOp(v([2, 5], f16), descending=True)
    op.verify()
    assert (op.values.type, op.indices.type) == (t([2, 5], f16), t([2, 5], i64))
    assert op.axis == axis(1) and op.descending == UnitAttr()
    assert SortOp(v([4, 3], i8), 0).descending is None


def test_topk_cuts_the_axis_to_k():
    op = TopkOp(v([2, 7, 3]), 4, axis=-2)
    op.verify()
    assert (op.values.type, op.indices.type) == (t([2, 4, 3]), t([2, 4, 3], i64))
    assert op.k == axis(4) and op.axis == axis(1) and op.largest == BoolAttr.from_bool(True)
    smallest = TopkOp(v([6], i1), 0, largest=False)
    smallest.verify()
    assert smallest.values.type == t([0], i1)
    assert smallest.largest == BoolAttr.from_bool(False)


def test_reverse_sorts_and_dedupes_axes():
    op = ReverseOp(v([2, 3, 4], i32), [-1, 0, 2])
    op.verify()
    assert op.axes == arr(0, 2)
    assert op.result.type == t([2, 3, 4], i32)


def test_default_largest_is_not_printed():
    assert "largest" not in printed(TopkOp(v([5]), 2))
    assert "largest = false" in printed(TopkOp(v([5]), 2, largest=False))


BUILDER_ERRORS = [
    (lambda: CumsumOp(v([2, 3]), 2), "mlc_tensor.cumsum: expected axis in [-2, 2), got 2"),
    (lambda: SortOp(create_ssa_value(f32)), "mlc_tensor.sort: expected operand to be a ranked tensor, got f32"),
    (lambda: TopkOp(v([2, 5]), 6), "mlc_tensor.topk: expected k in [0, 5] (the size of axis 1), got 6"),
    (lambda: ReverseOp(v([2]), [1]), "mlc_tensor.reverse: expected axis in [-1, 1), got 1"),
]


@pytest.mark.parametrize(("build", "message"), BUILDER_ERRORS, ids=[m for _, m in BUILDER_ERRORS])
def test_builders_report_bad_options(build, message):
    with pytest.raises(VerifyException, match=re.escape(message)):
        build()


# ---- verifier messages (the `scan` section of invalid.mlir, built from Python) ---------------

T = t([2, 5])
TI = t([2, 5], i64)


def unary(cls, operand: Attribute, result: Attribute, **props: Attribute) -> Operation:
    """A cumulative or reverse op built without its builder."""
    return cls.create(operands=[create_ssa_value(operand)], result_types=[result], properties=props)


def ordering(cls, operand: Attribute, values: Attribute, indices: Attribute, **props: Attribute) -> Operation:
    """A sort or topk op built without its builder."""
    return cls.create(operands=[create_ssa_value(operand)], result_types=[values, indices], properties=props)


INVALID = [
    (lambda: unary(CumsumOp, f32, f32, axis=axis(0)), "mlc_tensor.cumsum: expected operand to be a ranked tensor, got f32"),
    (lambda: unary(CumsumOp, t([3], i1), t([3], i1), axis=axis(0)),
     "mlc_tensor.cumsum: expected operand element type in (f32, f16, bf16, i8, i32, i64), got i1"),
    (lambda: unary(CumprodOp, t([]), t([]), axis=axis(0)), "mlc_tensor.cumprod: expected an operand of rank >= 1, got rank 0"),
    (lambda: unary(CummaxOp, T, T, axis=axis(2)), "mlc_tensor.cummax: expected axis in [0, 2), got 2"),
    (lambda: unary(CumminOp, T, t([2, 5], f16), axis=axis(1)),
     "mlc_tensor.cummin: expected result type tensor<2x5xf32>, got tensor<2x5xf16>"),
    (lambda: ordering(SortOp, t([5], f64), t([5], f64), t([5], i64), axis=axis(0)),
     "mlc_tensor.sort: expected operand element type in (f32, f16, bf16, i1, i8, i32, i64), got f64"),
    (lambda: ordering(SortOp, T, T, TI, axis=axis(-1)), "mlc_tensor.sort: expected axis in [0, 2), got -1"),
    (lambda: ordering(SortOp, T, t([2, 5], f16), TI, axis=axis(1)),
     "mlc_tensor.sort: expected values type tensor<2x5xf32>, got tensor<2x5xf16>"),
    (lambda: ordering(SortOp, T, T, t([2, 5], i32), axis=axis(1)),
     "mlc_tensor.sort: expected indices type tensor<2x5xi64>, got tensor<2x5xi32>"),
    (lambda: ordering(TopkOp, T, t([2, 6]), t([2, 6], i64), k=axis(6), axis=axis(1)),
     "mlc_tensor.topk: expected k in [0, 5] (the size of axis 1), got 6"),
    (lambda: ordering(TopkOp, T, T, TI, k=axis(-1), axis=axis(0)),
     "mlc_tensor.topk: expected k in [0, 2] (the size of axis 0), got -1"),
    (lambda: ordering(TopkOp, T, T, TI, k=axis(1), axis=axis(3)), "mlc_tensor.topk: expected axis in [0, 2), got 3"),
    (lambda: ordering(TopkOp, T, T, t([2, 3], i64), k=axis(3), axis=axis(1)),
     "mlc_tensor.topk: expected values type tensor<2x3xf32>, got tensor<2x5xf32>"),
    (lambda: ordering(TopkOp, T, t([2, 3]), t([2, 3]), k=axis(3), axis=axis(1), largest=BoolAttr.from_bool(False)),
     "mlc_tensor.topk: expected indices type tensor<2x3xi64>, got tensor<2x3xf32>"),
    (lambda: unary(ReverseOp, T, T, axes=arr(1, 0)), "mlc_tensor.reverse: expected axes sorted, unique and in [0, 2), got [1, 0]"),
    (lambda: unary(ReverseOp, T, T, axes=arr(2)), "mlc_tensor.reverse: expected axes sorted, unique and in [0, 2), got [2]"),
    (lambda: unary(ReverseOp, T, t([5, 2]), axes=arr(0)), "mlc_tensor.reverse: expected result shape [2, 5], got [5, 2]"),
    (lambda: unary(ReverseOp, T, t([2, 5], i32), axes=arr(0)), "mlc_tensor.reverse: expected result element type f32, got i32"),
]  # fmt: skip


@pytest.mark.parametrize(("build", "message"), INVALID, ids=[m for _, m in INVALID])
def test_verifier_message(build, message):
    check_fails(build(), message)


def test_invalid_file_expectations():
    """Each case of the `scan` section of invalid.mlir is one of INVALID and fails with it."""
    messages = {message for _, message in INVALID}
    found = cases(FILECHECK / "mlc_tensor/invalid.mlir", "scan")
    assert {expected for _, expected in found} == messages
    for chunk, expected in found:
        with pytest.raises(VerifyException, match=re.escape(expected)):
            parse_module(chunk).verify()
