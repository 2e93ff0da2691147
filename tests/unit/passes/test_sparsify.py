"""sparsify-2-4: the pruned model equals the dense model with weights pruned in numpy; storage; remarks."""

import numpy as np
import pytest
from xdsl.utils.exceptions import PassFailedException

from mlc.dialects.mlc_quant import ConstantOp
from mlc.ir.context import mlc_context, parse_module
from mlc.ir.diagnostics import collect_remarks
from mlc.passes.sparsify_2_4 import Sparsify24
from mlc.runtime.interpreter import find_function, random_inputs, run_function

RNG = np.random.default_rng(0)
W1 = RNG.standard_normal((32, 64)).astype(np.float32)
W2 = RNG.standard_normal((32, 16)).astype(np.float32)  # matmul weight [K, N]


def model(w1: np.ndarray, w2: np.ndarray):
    """linear(x, w1) -> relu -> matmul(., w2), weights as inline literals."""
    lit = lambda a: np.array2string(a, separator=", ", threshold=10**6, floatmode="unique").replace("\n", "")  # noqa: E731
    return parse_module(f"""
func.func @main(%x: tensor<8x64xf32>) -> tensor<8x16xf32> {{
  %w1 = mlc_tensor.constant dense<{lit(w1)}> : tensor<32x64xf32> loc("fc1.weight")
  %h = mlc_tensor.linear %x, %w1 : tensor<8x64xf32>, tensor<32x64xf32> -> tensor<8x32xf32>
  %r = mlc_tensor.relu %h : tensor<8x32xf32> -> tensor<8x32xf32>
  %w2 = mlc_tensor.constant dense<{lit(w2)}> : tensor<32x16xf32>
  %y = mlc_tensor.matmul %r, %w2 : tensor<8x32xf32>, tensor<32x16xf32> -> tensor<8x16xf32>
  func.return %y : tensor<8x16xf32>
}}""")


def numpy_prune(w: np.ndarray, axis: int) -> np.ndarray:
    """Independent 2:4 pruning: per group of 4 along `axis`, zero all but the 2 largest |w| (lower index on ties)."""
    moved = np.moveaxis(w, axis, -1).copy()
    for row in moved.reshape(-1, moved.shape[-1]):
        for g in range(0, row.size, 4):
            group = row[g:g + 4]
            ranked = sorted(range(4), key=lambda i: (-abs(group[i]), i))
            for i in ranked[2:]:
                group[i] = 0
    return np.moveaxis(moved, -1, axis)


def test_sparse_model_equals_dense_model_with_numpy_pruned_weights():
    w2 = W2
    module = model(W1, w2)
    reference = model(numpy_prune(W1, 1), numpy_prune(w2, 0))
    with collect_remarks() as remarks:
        Sparsify24().apply(mlc_context(), module)
    names = [op.name for op in module.walk()]
    assert names.count("mlc_quant.sparse_matmul") == 2 and "mlc_tensor.linear" not in names
    assert len(remarks) == 2 and all("applied to" in r.message for r in remarks)
    for seed in range(3):
        x = random_inputs(find_function(module, None), seed)
        np.testing.assert_array_equal(run_function(module, x)[0], run_function(reference, x)[0])


def test_weights_are_stored_compressed():
    module = model(W1, W2)
    Sparsify24().apply(mlc_context(), module)
    constants = [op for op in module.walk() if isinstance(op, ConstantOp)]
    # [32, 64] f32 -> kept values [32, 32] f32 + [32, 8] bytes of 2-bit positions (56.25%).
    assert constants[0].values.type.get_shape() == (32, 32)
    assert constants[0].indices.type.get_shape() == (32, 8)


def test_excluded_small_and_indivisible_layers_stay_dense():
    module = model(W1, W2)
    with collect_remarks() as remarks:
        Sparsify24(exclude=("fc1",), min_elements=600).apply(mlc_context(), module)
    names = [op.name for op in module.walk()]
    assert "mlc_quant.sparse_matmul" not in names
    assert "'fc1' is excluded" in remarks[0].message
    assert "512 values (min-elements=600): too small to benefit" in remarks[1].message


def test_bad_axis_fails():
    with pytest.raises(PassFailedException, match="sparsify-2-4: axis must be -1 or >= 0"):
        Sparsify24(axis=-3).apply(mlc_context(), model(W1, W2))
