"""mlc_tensor.fused and mlc_tensor.yield: builder, traits and every verifier message."""


import numpy as np
import pytest
from ir_helpers import fails
from xdsl.dialects import arith, func
from xdsl.dialects.builtin import (
    FunctionType,
    IntegerAttr,
    ModuleOp,
    StringAttr,
    TensorType,
    IntegerType,
    f16,
    f32,
    i8,
    i32,
    i64,
)
from xdsl.ir import Attribute, Block, Region, SSAValue
from xdsl.traits import IsolatedFromAbove, RecursiveMemoryEffect, is_side_effect_free
from xdsl.utils.test_value import create_ssa_value

from mlc.dialects import mlc_quant as mq
from mlc.dialects.mlc_tensor import MLC_TENSOR, AddOp, ExpOp, FusedOp, NegOp, ReduceSumOp, YieldOp

T4 = TensorType(f32, [4])


def body(arg_types, build) -> Block:
    """A block with `arg_types` arguments holding the ops `build(*args)` returns, in order."""
    block = Block(arg_types=arg_types)
    block.add_ops(build(*block.args))
    return block


def add_exp(a: SSAValue, b: SSAValue):
    """add, exp, and a yield of both."""
    add = AddOp(a, b)
    exp = ExpOp(add.result)
    return [add, exp, YieldOp(exp.result, add.result)]


def in_function(op_builder, arg_types=(T4, T4)) -> FusedOp:
    """The fused op `op_builder(*args)` placed in a function, so parent/location checks apply."""
    entry = Block(arg_types=arg_types)
    fused = op_builder(*entry.args)
    entry.add_ops([fused, func.ReturnOp()])
    ModuleOp([func.FuncOp("f", FunctionType.from_lists(arg_types, []), Region(entry))])
    return fused


def test_registered_with_traits():
    assert FusedOp in list(MLC_TENSOR.operations) and YieldOp in list(MLC_TENSOR.operations)
    assert FusedOp.has_trait(IsolatedFromAbove) and FusedOp.has_trait(RecursiveMemoryEffect)


def test_builder_infers_results_from_the_yield():
    x, y = create_ssa_value(T4), create_ssa_value(T4)
    op = FusedOp([x, y], body([T4, T4], add_exp), kind="elementwise")
    op.verify()
    assert op.outputs.types == (T4, T4)
    assert op.kind == StringAttr("elementwise")
    assert op.yield_op.values.types == (T4, T4)
    assert is_side_effect_free(op)
    assert FusedOp([x, y], Region(body([T4, T4], add_exp))).kind is None


def other_value_in_body(x: SSAValue, y: SSAValue) -> FusedOp:
    """A body whose neg uses the outer `y` instead of a block argument."""
    return FusedOp([x], body([T4], lambda a: [neg := NegOp(y), YieldOp(neg.result)]))


def nested(x: SSAValue, y: SSAValue) -> FusedOp:
    """A fused op inside another one."""
    def outer(a):
        inner = FusedOp([a], body([T4], lambda b: [neg := NegOp(b), YieldOp(neg.result)]))
        return [inner, YieldOp(inner.outputs[0])]

    return FusedOp([x], body([T4], outer))


def two_blocks(x: SSAValue, y: SSAValue) -> FusedOp:
    """A body of two blocks, each ending in a yield."""
    blocks = [body([T4], lambda a: [YieldOp(a)]), body([T4], lambda a: [YieldOp(a)])]
    return FusedOp.create(operands=[x], result_types=[T4], regions=[Region(blocks)])


INVALID = [
    ("two blocks", two_blocks, "mlc_tensor.fused: expected a body of exactly one block, got 2"),
    ("empty body",
     lambda x, y: FusedOp.create(operands=[x], result_types=[T4], regions=[Region(Block(arg_types=[T4]))]),
     "mlc_tensor.fused: expected the body to end in mlc_tensor.yield, got an empty block"),
    ("no yield",
     lambda x, y: FusedOp.create(
         operands=[x], result_types=[T4], regions=[Region(body([T4], lambda a: [NegOp(a)]))]
     ),
     "mlc_tensor.fused: expected the body to end in mlc_tensor.yield, got mlc_tensor.neg"),
    ("block argument count",
     lambda x, y: FusedOp([x, y], body([T4], lambda a: [YieldOp(a)])),
     "mlc_tensor.fused: expected number of block arguments (one per operand) 2, got 1"),
    ("block argument type",
     lambda x, y: FusedOp([x], body([TensorType(f16, [4])], lambda a: [YieldOp(a)])),
     "mlc_tensor.fused: expected block argument #0 type tensor<4xf32>, got tensor<4xf16>"),
    ("foreign op",
     lambda x, y: FusedOp([x], body([T4], lambda a: [arith.ConstantOp.from_int_and_width(1, 32), YieldOp(a)])),
     "mlc_tensor.fused: expected only mlc_tensor and mlc_quant ops (no nested fused) in the body, got arith.constant"),
    ("nested fused", nested,
     "mlc_tensor.fused: expected only mlc_tensor and mlc_quant ops (no nested fused) in the body, got mlc_tensor.fused"),
    ("not isolated", other_value_in_body,
     "mlc_tensor.fused: expected the body to use only its block arguments and values defined in it "
     "(isolated from above), got operand #0 of mlc_tensor.neg defined outside"),
    ("no results",
     lambda x, y: FusedOp([x], body([T4], lambda a: [YieldOp()])),
     "mlc_tensor.fused: expected at least one result, got 0"),
    ("yield types",
     lambda x, y: FusedOp([x], body([T4], lambda a: [YieldOp(a)]), result_types=[TensorType(f32, [2, 2])]),
     "mlc_tensor.fused: expected yielded types [tensor<2x2xf32>], got [tensor<4xf32>]"),
    ("yield count",
     lambda x, y: FusedOp([x], body([T4], lambda a: [YieldOp(a)]), result_types=[T4, T4]),
     "mlc_tensor.fused: expected yielded types [tensor<4xf32>, tensor<4xf32>], got [tensor<4xf32>]"),
    ("kind not a string",
     lambda x, y: FusedOp.create(
         operands=[x], result_types=[T4], regions=[Region(body([T4], lambda a: [YieldOp(a)]))],
         properties={"kind": IntegerAttr(1, i64)},
     ),
     "mlc_tensor.fused: expected kind to be a string, got 1 : i64"),
    ("yield not last",
     lambda x, y: FusedOp([x], body([T4], lambda a: [YieldOp(a), YieldOp(a)])),
     "'mlc_tensor.yield' must be the last operation in its parent block"),
]


@pytest.mark.parametrize("build, message", [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_verifier_messages(build, message):
    fails(in_function(build), message)


def test_operand_not_a_tensor():
    op = in_function(lambda x, y: FusedOp([x], body([i32], lambda a: [YieldOp(a)])), (i32, i32))
    fails(op, "mlc_tensor.fused: expected operand #0 to be a ranked tensor, got i32")


def test_yield_outside_fused():
    entry = Block(arg_types=[T4])
    entry.add_ops([YieldOp(entry.args[0])])
    function = func.FuncOp("f", FunctionType.from_lists([T4], []), Region(entry))
    fails(function, "'mlc_tensor.yield' expects parent op 'mlc_tensor.fused'")


def test_a_reduction_and_elementwise_group_verifies():
    def group(a: SSAValue):
        total = ReduceSumOp(a, [0], keepdim=True)
        shifted = AddOp(a, total.result)
        return [total, shifted, YieldOp(shifted.result, total.result)]

    op = in_function(lambda x, y: FusedOp([x], body([T4], group), kind="reduction"))
    op.verify()
    assert op.outputs.types == (T4, TensorType(f32, [1]))


@pytest.mark.parametrize("element", [f32, f16])
def test_result_types_given_explicitly(element: Attribute):
    typ = TensorType(element, [3])
    x = create_ssa_value(typ)
    op = FusedOp([x], body([typ], lambda a: [YieldOp(a)]), result_types=[typ])
    op.verify()
    assert op.outputs.types == (typ,)


Q4 = TensorType(mq.UniformQuantizedType.make(IntegerType(8), f32, np.float32(0.5)), [4])
"""A tensor of 4 int8 values with scale 0.5."""


def test_a_quantized_group_verifies():
    # mlc_quant conversions in the body, a quantized operand and a quantized result.
    def group(a: SSAValue, q: SSAValue):
        dequantized = mq.DequantizeOp(q, T4)
        total = AddOp(a, dequantized.result)
        requantized = mq.QuantizeOp(total.result, Q4)
        return [dequantized, total, requantized, YieldOp(requantized.result, total.result)]

    op = in_function(lambda x, q: FusedOp([x, q], body([T4, Q4], group), kind="elementwise"), (T4, Q4))
    op.verify()
    assert op.outputs.types == (Q4, T4)


def test_a_quantized_constant_must_be_an_operand():
    def group(a: SSAValue):
        weight = mq.ConstantOp.from_array(np.array([1, 2, 3, 4], np.int8), Q4)
        stored = mq.StorageCastOp(weight.result, TensorType(i8, [4]))
        return [weight, stored, YieldOp(stored.result)]

    fails(in_function(lambda x, y: FusedOp([x], body([T4], group))),
          "mlc_tensor.fused: expected mlc_quant.constant weights as operands (read in their stored layout), got one in the body")
