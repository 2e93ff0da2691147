"""fold-constants computes with the interpreter, so the folded module gives the very same bits."""

import numpy as np
import pytest
from exact_numerics import assert_pipeline_exact, assert_same_bits
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp, f16
from xdsl.ir import Block, Operation, Region, SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.ir.context import mlc_context, parse_module
from mlc.ir.dtypes import tensor_type_of
from mlc.passes.manager import PassFailed, run_pipeline
from mlc.runtime.interpreter import run_function
from mlc.ir.printing import PrintOptions


def module_of(x_like: np.ndarray, build) -> ModuleOp:
    """@main(%x like `x_like`) with the body `build(x, add)` makes (`add(op)` appends op, gives its result)."""
    block = Block(arg_types=[tensor_type_of(x_like)])

    def add(op: Operation) -> SSAValue:
        block.add_op(op)
        return op.results[0]

    results = build(block.args[0], add)
    block.add_op(func.ReturnOp(*results))
    function = func.FuncOp("main", ([block.args[0].type], [r.type for r in results]), Region(block))
    module = ModuleOp([function])
    module.verify()
    return module


def constant_graph(x: SSAValue, add) -> list[SSAValue]:
    """Weights prepared by constant ops (transpose, matmul, softmax, casts, concat, gather, sum), used on x."""
    rng = np.random.default_rng(7)
    w = add(mt.ConstantOp.from_array(rng.standard_normal((8, 4)).astype(np.float32), "w"))
    v = add(mt.ConstantOp.from_array(rng.standard_normal((8, 16)).astype(np.float32), "v"))
    wt = add(mt.TransposeOp(w, [1, 0]))
    prod = add(mt.MatmulOp(wt, v))
    soft = add(mt.SoftmaxOp(prod, 1))
    half = add(mt.CastOp(soft, f16))
    back = add(mt.CastOp(half, x.type.get_element_type()))
    both = add(mt.ConcatOp([back, prod], 0))
    ids = add(mt.ConstantOp.from_array(np.array([5, 0, 7], np.int64)))
    rows = add(mt.GatherOp(both, ids, 0))
    total = add(mt.ReduceSumOp(rows, [0]))
    return [add(mt.AddOp(x, total)), add(mt.MulOp(x, rows))]


def test_folded_graph_gives_the_same_bits() -> None:
    """Every constant op folds away; the results on random inputs are bit-identical."""
    module = module_of(np.zeros((3, 16), np.float32), constant_graph)
    after = assert_pipeline_exact(module, "fold-constants")
    assert unfolded(after) == ["mlc_tensor.add", "mlc_tensor.mul"]


def test_folded_module_round_trips_as_text() -> None:
    """The folded blobs print and parse back to the same values."""
    module = module_of(np.zeros((3, 16), np.float32), constant_graph)
    after = run_pipeline(module.clone(), "fold-constants")
    ctx = mlc_context()
    ctx.get_dialect("builtin")  # loaded, so the printer finds the blobs' dialect
    text = PrintOptions().to_text(after, ctx)
    assert "dense_resource<folded" in text
    x = np.random.default_rng(1).standard_normal((3, 16)).astype(np.float32)
    assert_same_bits(run_function(module, [x]), run_function(parse_module(text), [x]), "reparsed")


def unfolded(module: ModuleOp) -> list[str]:
    """The mlc_tensor ops of `module` other than constants, in order."""
    ops = [op for op in module.walk() if op.dialect_name() == "mlc_tensor"]
    return [op.name for op in ops if not isinstance(op, mt.ConstantOp)]


def test_max_elements_bounds_each_result() -> None:
    """An op whose result exceeds max-elements stays (and so do its users); smaller ones fold."""
    module = module_of(np.zeros((3, 16), np.float32), constant_graph)
    used = ["mlc_tensor.add", "mlc_tensor.mul"]
    # Result sizes: transpose 32; matmul, softmax and the casts 64; concat 128; gather 48; sum 16.
    after_64 = ["mlc_tensor.concat", "mlc_tensor.gather", "mlc_tensor.reduce_sum", *used]
    after_48 = ["mlc_tensor.matmul", "mlc_tensor.softmax", "mlc_tensor.cast", "mlc_tensor.cast", *after_64]
    assert unfolded(assert_pipeline_exact(module, "fold-constants{max-elements=48}")) == after_48
    assert unfolded(assert_pipeline_exact(module, "fold-constants{max-elements=64}")) == after_64
    assert unfolded(assert_pipeline_exact(module, "fold-constants")) == used


def test_new_constant_keeps_the_location() -> None:
    """The constant that replaces an op carries the op's location."""
    module = parse_module(
        """
        func.func @main() -> tensor<2xi32> {
          %c = mlc_tensor.constant dense<[1, 2]> : tensor<2xi32>
          %n = mlc_tensor.neg %c : tensor<2xi32> -> tensor<2xi32> loc("net.py":3:7)
          func.return %n : tensor<2xi32>
        }
        """
    )
    after = assert_pipeline_exact(module, "fold-constants", seeds=(0,))
    (constant,) = [op for op in after.walk() if isinstance(op, mt.ConstantOp)]
    assert str(constant.location) == 'loc("net.py":3:7)'


def test_negative_max_elements_fails() -> None:
    """A negative limit is a usage error naming the option."""
    module = module_of(np.zeros((3, 16), np.float32), constant_graph)
    with pytest.raises(PassFailed, match=r"fold-constants: max-elements must be >= 0, got -3"):
        run_pipeline(module, "fold-constants{max-elements=-3}")


def test_default_pipeline_is_exact_on_a_constant_graph() -> None:
    """mlc-default (canonicalize, fold-constants, cse, dce, ...) keeps the bits and folds the weights."""
    module = module_of(np.zeros((3, 16), np.float32), constant_graph)
    assert unfolded(assert_pipeline_exact(module, "mlc-default")) == ["mlc_tensor.add", "mlc_tensor.mul"]
