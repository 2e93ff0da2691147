"""mlc_tensor reductions: type inference, axis normalization and every verifier message."""


import pytest
from ir_helpers import arr, fails, t, v
from xdsl.dialects.builtin import (
    DYNAMIC_INDEX,
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
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.traits import Pure
from xdsl.utils.test_value import create_ssa_value

from mlc.dialects.mlc_tensor import (
    MLC_TENSOR,
    ArgmaxOp,
    ReduceMaxOp,
    ReduceMeanOp,
    ReduceMinOp,
    ReduceSumOp,
)
from mlc.dialects.mlc_tensor.reduction import OPS


def raw(
    cls, operand: SSAValue, result: Attribute, axes: Attribute, keepdim=False
) -> Operation:
    """An op built without its builder, so the verifier sees exactly these parts."""
    props = {"axes": axes, **({"keepdim": UnitAttr()} if keepdim else {})}
    return cls.create(operands=[operand], result_types=[result], properties=props)


def test_every_op_is_pure_and_registered():
    for op in OPS:
        assert op.has_trait(Pure()), op.name
        assert op in list(MLC_TENSOR.operations)


INFERENCE = [
    ("sum one axis", lambda: ReduceSumOp(v([2, 3, 4]), [1]), t([2, 4]), [1], False),
    ("sum negative axes sorted", lambda: ReduceSumOp(v([2, 3, 4]), [-1, 0]), t([3]), [0, 2], False),
    ("sum keepdim", lambda: ReduceSumOp(v([2, 3, 4]), [-1, 0], keepdim=True), t([1, 3, 1]), [0, 2], True),
    ("sum all axes", lambda: ReduceSumOp(v([2, 3], i32)), t([], i32), [0, 1], False),
    ("sum all keepdim", lambda: ReduceSumOp(v([2, 3], i8), keepdim=True), t([1, 1], i8), [0, 1], True),
    ("sum int axis", lambda: ReduceSumOp(v([2, 3], f16), -2), t([3], f16), [0], False),
    ("sum no axes", lambda: ReduceSumOp(v([2, 3]), []), t([2, 3]), [], False),
    ("mean bf16", lambda: ReduceMeanOp(v([4, 5], bf16), [1]), t([4], bf16), [1], False),
    ("max i1", lambda: ReduceMaxOp(v([4, 5], i1), [0], keepdim=True), t([1, 5], i1), [0], True),
    ("min", lambda: ReduceMinOp(v([4, 5, 6], i64), [2, 1]), t([4], i64), [1, 2], False),
    ("argmax", lambda: ArgmaxOp(v([4, 5], f16), -1), t([4], i64), [1], False),
    ("argmax keepdim", lambda: ArgmaxOp(v([4, 5]), 0, keepdim=True), t([1, 5], i64), [0], True),
]


@pytest.mark.parametrize(
    "build, expected, axes, keepdim", [c[1:] for c in INFERENCE], ids=[c[0] for c in INFERENCE]
)
def test_type_inference_and_normalized_axes(build, expected, axes, keepdim):
    op = build()
    op.verify()
    assert op.result.type == expected
    assert op.axes == arr(*axes)
    assert op.keeps_dims() is keepdim


INVALID = [
    ("not a tensor", lambda: raw(ReduceSumOp, create_ssa_value(f32), t([]), arr()),
     "mlc_tensor.reduce_sum: expected operand to be a ranked tensor, got f32"),
    ("dynamic", lambda: raw(ReduceMaxOp, v([DYNAMIC_INDEX, 3]), t([3]), arr(0)),
     "mlc_tensor.reduce_max: expected operand to have a static shape, got tensor<?x3xf32>"),
    ("f64", lambda: raw(ReduceMinOp, v([3], f64), t([], f64), arr(0)),
     "mlc_tensor.reduce_min: expected operand element type in (f32, f16, bf16, i1, i8, i32, i64), "
     "got f64"),
    ("axes not an array", lambda: raw(ReduceSumOp, v([3]), t([]), IntegerAttr(0, i64)),
     "mlc_tensor.reduce_sum: expected axes to be an array<i64: ...>, got 0 : i64"),
    ("sum of i1", lambda: raw(ReduceSumOp, v([3], i1), t([], i1), arr(0)),
     "mlc_tensor.reduce_sum: expected operand element type in (f32, f16, bf16, i8, i32, i64), got i1"),
    ("mean of ints", lambda: raw(ReduceMeanOp, v([3], i32), t([], i32), arr(0)),
     "mlc_tensor.reduce_mean: expected operand to have a float element type (f32, f16, bf16), got i32"),
    ("axes element type", lambda: raw(ReduceMaxOp, v([3]), t([]), arr(0, element=i32)),
     "mlc_tensor.reduce_max: expected axes element type i64, got i32"),
    ("axes unsorted", lambda: raw(ReduceMinOp, v([2, 3, 4]), t([4]), arr(1, 0)),
     "mlc_tensor.reduce_min: expected axes sorted, unique and in [0, 3), got [1, 0]"),
    ("axes duplicate", lambda: raw(ReduceSumOp, v([2, 3]), t([2]), arr(1, 1)),
     "mlc_tensor.reduce_sum: expected axes sorted, unique and in [0, 2), got [1, 1]"),
    ("axes negative in IR", lambda: raw(ReduceSumOp, v([2, 3]), t([2]), arr(-1)),
     "mlc_tensor.reduce_sum: expected axes sorted, unique and in [0, 2), got [-1]"),
    ("axes out of range", lambda: raw(ReduceSumOp, v([2, 3]), t([2]), arr(2)),
     "mlc_tensor.reduce_sum: expected axes sorted, unique and in [0, 2), got [2]"),
    ("argmax two axes", lambda: raw(ArgmaxOp, v([2, 3]), t([], i64), arr(0, 1)),
     "mlc_tensor.argmax: expected exactly one axis, got [0, 1]"),
    ("argmax no axis", lambda: raw(ArgmaxOp, v([2, 3]), t([2, 3], i64), arr()),
     "mlc_tensor.argmax: expected exactly one axis, got []"),
    ("max of empty", lambda: raw(ReduceMaxOp, v([0, 3]), t([3]), arr(0)),
     "mlc_tensor.reduce_max: expected non-empty reduced dimensions, got size 0 on axis 0"),
    ("argmax of empty", lambda: raw(ArgmaxOp, v([2, 0]), t([2], i64), arr(1)),
     "mlc_tensor.argmax: expected non-empty reduced dimensions, got size 0 on axis 1"),
    ("result shape", lambda: raw(ReduceSumOp, v([2, 3]), t([3]), arr(1)),
     "mlc_tensor.reduce_sum: expected result type tensor<2xf32>, got tensor<3xf32>"),
    ("result keepdim", lambda: raw(ReduceMeanOp, v([2, 3]), t([2]), arr(1), keepdim=True),
     "mlc_tensor.reduce_mean: expected result type tensor<2x1xf32>, got tensor<2xf32>"),
    ("result element", lambda: raw(ReduceMaxOp, v([2, 3], f16), t([2]), arr(1)),
     "mlc_tensor.reduce_max: expected result type tensor<2xf16>, got tensor<2xf32>"),
    ("argmax result element", lambda: raw(ArgmaxOp, v([2, 3]), t([2], i32), arr(1)),
     "mlc_tensor.argmax: expected result type tensor<2xi64>, got tensor<2xi32>"),
    ("builder axis range", lambda: ReduceSumOp(v([2, 3]), [0, 2]),
     "mlc_tensor.reduce_sum: expected axis in [-2, 2), got 2"),
    ("builder duplicate after normalizing", lambda: ReduceSumOp(v([2, 3]), [1, -1]),
     "mlc_tensor.reduce_sum: expected axes sorted, unique and in [0, 2), got [1, 1]"),
    ("argmax builder axis", lambda: ArgmaxOp(v([2, 3]), -3),
     "mlc_tensor.argmax: expected axis in [-2, 2), got -3"),
]


@pytest.mark.parametrize("build, message", [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_verifier_messages(build, message):
    fails(build, message)
