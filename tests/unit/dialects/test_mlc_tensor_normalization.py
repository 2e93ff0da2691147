"""softmax, log_softmax, layer_norm, batch_norm: builders, type inference, verifier messages."""


import pytest
from ir_helpers import fails, raw, t, v
from xdsl.dialects.builtin import (
    DenseArrayBase,
    FloatAttr,
    IntegerAttr,
    StringAttr,
    bf16,
    f16,
    f32,
    f64,
    i32,
    i64,
)
from xdsl.ir import Attribute, Operation
from xdsl.traits import Pure
from xdsl.utils.test_value import create_ssa_value

from mlc.dialects.mlc_tensor import MLC_TENSOR, BatchNormOp, LayerNormOp, LogSoftmaxOp, SoftmaxOp
from mlc.dialects.mlc_tensor.normalization import OPS


def layer_norm(operands, result: Attribute, segments=(1, 0, 0), **props: Attribute) -> Operation:
    """A raw layer_norm; `segments` says which of weight and bias are among the operands."""
    sizes = DenseArrayBase.from_list(i32, segments)
    return raw(LayerNormOp, operands, result, operandSegmentSizes=sizes, **props)


def test_every_op_is_pure_and_registered():
    for op in OPS:
        assert op.has_trait(Pure()), op.name
        assert op in list(MLC_TENSOR.operations)


def test_softmax_builders_normalize_the_axis():
    for cls in (SoftmaxOp, LogSoftmaxOp):
        op = cls(v([2, 3, 4], bf16))
        op.verify()
        assert op.axis == IntegerAttr(2, i64) and op.result.type == t([2, 3, 4], bf16)
        assert cls(v([2, 3]), -2).axis_value() == 0


def test_layer_norm_builder_infers_the_normalized_rank():
    x, w2, b2 = v([2, 3, 4]), v([3, 4]), v([3, 4])
    assert LayerNormOp(x).normalized_rank_value() == 1
    assert LayerNormOp(x, w2, b2).normalized_rank_value() == 2
    assert LayerNormOp(x, bias=b2).normalized_rank_value() == 2
    assert LayerNormOp(x, normalized_shape=[2, 3, 4]).normalized_rank_value() == 3
    op = LayerNormOp(x, normalized_rank=2, epsilon=1e-6)
    op.verify()
    assert op.epsilon == FloatAttr(1e-6, f64) and op.result.type == t([2, 3, 4])
    assert (op.weight, op.bias) == (None, None)
    only_bias = LayerNormOp(v([5, 4], f16), bias=v([4], f16))
    only_bias.verify()
    assert only_bias.weight is None and only_bias.bias is not None


def test_batch_norm_builder_channel_axis():
    params = [v([3]) for _ in range(4)]
    assert BatchNormOp(v([2, 3, 5, 5]), *params).axis_value() == 1
    assert BatchNormOp(v([2, 5, 5, 3]), *params, layout="NHWC").axis_value() == 3
    assert BatchNormOp(v([2, 5, 3]), *params, axis=-1).axis_value() == 2
    op = BatchNormOp(v([4, 3], bf16), *[v([3], bf16) for _ in range(4)], layout="NC", epsilon=0.1)
    op.verify()
    assert op.epsilon == FloatAttr(0.1, f64) and op.result.type == t([4, 3], bf16)


X = v([2, 3, 4])
C3 = [v([3]) for _ in range(4)]

INVALID = [
    # softmax / log_softmax
    ("softmax int", lambda: raw(SoftmaxOp, [v([3], i32)], t([3], i32), axis=IntegerAttr(0, i64)),
     "mlc_tensor.softmax: expected operand to have a float element type (f32, f16, bf16), got i32"),
    ("softmax not a tensor", lambda: raw(SoftmaxOp, [create_ssa_value(f32)], f32, axis=IntegerAttr(0, i64)),
     "mlc_tensor.softmax: expected operand to be a ranked tensor, got f32"),
    ("softmax axis type", lambda: raw(SoftmaxOp, [X], t([2, 3, 4]), axis=IntegerAttr(0, i32)),
     "mlc_tensor.softmax: expected axis to be an i64 integer, got 0 : i32"),
    ("softmax axis kind", lambda: raw(LogSoftmaxOp, [X], t([2, 3, 4]), axis=StringAttr("x")),
     'mlc_tensor.log_softmax: expected axis to be an i64 integer, got "x"'),
    ("softmax negative axis in IR", lambda: raw(SoftmaxOp, [X], t([2, 3, 4]), axis=IntegerAttr(-1, i64)),
     "mlc_tensor.softmax: expected axis in [0, 3), got -1"),
    ("softmax axis range", lambda: raw(LogSoftmaxOp, [X], t([2, 3, 4]), axis=IntegerAttr(3, i64)),
     "mlc_tensor.log_softmax: expected axis in [0, 3), got 3"),
    ("softmax result", lambda: raw(SoftmaxOp, [X], t([2, 3, 4], f16), axis=IntegerAttr(0, i64)),
     "mlc_tensor.softmax: expected result type tensor<2x3x4xf32>, got tensor<2x3x4xf16>"),
    ("softmax builder axis", lambda: SoftmaxOp(v([2, 3]), 2),
     "mlc_tensor.softmax: expected axis in [-2, 2), got 2"),
    # layer_norm
    ("layer_norm int", lambda: layer_norm([v([2, 3], i32)], t([2, 3], i32)),
     "mlc_tensor.layer_norm: expected operand to have a float element type (f32, f16, bf16), got i32"),
    ("layer_norm rank 0", lambda: layer_norm([X], t([2, 3, 4]), normalized_rank=IntegerAttr(0, i64)),
     "mlc_tensor.layer_norm: expected normalized_rank in [1, 3], got 0"),
    ("layer_norm rank too big", lambda: layer_norm([X], t([2, 3, 4]), normalized_rank=IntegerAttr(4, i64)),
     "mlc_tensor.layer_norm: expected normalized_rank in [1, 3], got 4"),
    ("layer_norm rank type", lambda: layer_norm([X], t([2, 3, 4]), normalized_rank=FloatAttr(1.0, f64)),
     "mlc_tensor.layer_norm: expected normalized_rank to be an i64 integer, got 1.000000e+00 : f64"),
    ("layer_norm epsilon type", lambda: layer_norm([X], t([2, 3, 4]), epsilon=FloatAttr(1e-5, f32)),
     "mlc_tensor.layer_norm: expected epsilon to be an f64 float, got 1.000000e-05 : f32"),
    ("layer_norm epsilon negative", lambda: layer_norm([X], t([2, 3, 4]), epsilon=FloatAttr(-1.0, f64)),
     "mlc_tensor.layer_norm: expected epsilon to be finite and >= 0, got -1.0"),
    ("layer_norm epsilon nan", lambda: LayerNormOp(X, epsilon=float("nan")),
     "mlc_tensor.layer_norm: expected epsilon to be finite and >= 0, got nan"),
    ("layer_norm weight shape", lambda: layer_norm([X, v([3])], t([2, 3, 4]), (1, 1, 0)),
     "mlc_tensor.layer_norm: expected weight type tensor<4xf32>, got tensor<3xf32>"),
    ("layer_norm weight element", lambda: layer_norm([X, v([4], f16)], t([2, 3, 4]), (1, 1, 0)),
     "mlc_tensor.layer_norm: expected weight type tensor<4xf32>, got tensor<4xf16>"),
    ("layer_norm bias rank", lambda: LayerNormOp(X, bias=v([4]), normalized_rank=2),
     "mlc_tensor.layer_norm: expected bias type tensor<3x4xf32>, got tensor<4xf32>"),
    ("layer_norm result", lambda: layer_norm([X], t([2, 3])),
     "mlc_tensor.layer_norm: expected result type tensor<2x3x4xf32>, got tensor<2x3xf32>"),
    ("layer_norm builder shape", lambda: LayerNormOp(X, normalized_shape=[4, 4]),
     "mlc_tensor.layer_norm: expected normalized shape [3, 4] (trailing dimensions of the "
     "operand), got [4, 4]"),
    ("layer_norm builder shape too long", lambda: LayerNormOp(v([4]), normalized_shape=[1, 4]),
     "mlc_tensor.layer_norm: expected normalized shape [4] (trailing dimensions of the "
     "operand), got [1, 4]"),
    # batch_norm
    ("batch_norm int", lambda: BatchNormOp(v([2, 3], i32), *[v([3], i32)] * 4),
     "mlc_tensor.batch_norm: expected operand to have a float element type (f32, f16, bf16), got i32"),
    ("batch_norm axis range", lambda: raw(BatchNormOp, [X, *C3], t([2, 3, 4]), axis=IntegerAttr(3, i64)),
     "mlc_tensor.batch_norm: expected axis in [0, 3), got 3"),
    ("batch_norm axis type", lambda: raw(BatchNormOp, [X, *C3], t([2, 3, 4]), axis=IntegerAttr(1, i32)),
     "mlc_tensor.batch_norm: expected axis to be an i64 integer, got 1 : i32"),
    ("batch_norm epsilon", lambda: BatchNormOp(X, *C3, epsilon=float("inf")),
     "mlc_tensor.batch_norm: expected epsilon to be finite and >= 0, got inf"),
    ("batch_norm scale", lambda: BatchNormOp(X, v([4]), *C3[1:]),
     "mlc_tensor.batch_norm: expected scale type tensor<3xf32>, got tensor<4xf32>"),
    ("batch_norm bias", lambda: BatchNormOp(X, C3[0], v([3], bf16), *C3[2:]),
     "mlc_tensor.batch_norm: expected bias type tensor<3xf32>, got tensor<3xbf16>"),
    ("batch_norm mean", lambda: BatchNormOp(X, *C3[:2], v([1, 3]), C3[3]),
     "mlc_tensor.batch_norm: expected mean type tensor<3xf32>, got tensor<1x3xf32>"),
    ("batch_norm var", lambda: BatchNormOp(X, *C3[:3], v([3], f16)),
     "mlc_tensor.batch_norm: expected var type tensor<3xf32>, got tensor<3xf16>"),
    ("batch_norm channel from axis", lambda: BatchNormOp(X, *C3, axis=2),
     "mlc_tensor.batch_norm: expected scale type tensor<4xf32>, got tensor<3xf32>"),
    ("batch_norm result", lambda: raw(BatchNormOp, [X, *C3], t([2, 3, 5])),
     "mlc_tensor.batch_norm: expected result type tensor<2x3x4xf32>, got tensor<2x3x5xf32>"),
    ("batch_norm layout rank", lambda: BatchNormOp(X, *C3, layout="NCHW"),
     "mlc_tensor.batch_norm: expected a layout of rank 3 with one 'C' dimension, got 'NCHW'"),
    ("batch_norm layout without C", lambda: BatchNormOp(X, *C3, layout="NHW"),
     "mlc_tensor.batch_norm: expected a layout of rank 3 with one 'C' dimension, got 'NHW'"),
    ("batch_norm builder axis", lambda: BatchNormOp(X, *C3, axis=-4),
     "mlc_tensor.batch_norm: expected axis in [-3, 3), got -4"),
]


@pytest.mark.parametrize("build, message", [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_verifier_messages(build, message):
    fails(build, message)
