"""Interpreter mlc_tensor.fused: a fused group computes exactly what its ops compute unfused."""

import ml_dtypes
import numpy as np
import pytest
from xdsl.dialects.builtin import ModuleOp

from mlc.ir.context import parse_module
from mlc.runtime.interpreter import run_function

RNG = np.random.default_rng(5)

# One group over %a: tensor<4x8xELT> and %b: tensor<8xELT>: a hand-written softmax, the softmax
# op, a layer norm and a row max; `ELT` stands for the element type.
BODY = """
    %0 = mlc_tensor.add %a, %b : tensor<4x8xELT>, tensor<8xELT> -> tensor<4x8xELT>
    %1 = mlc_tensor.reduce_max %0 {axes = array<i64: 1>, keepdim} : tensor<4x8xELT> -> tensor<4x1xELT>
    %2 = mlc_tensor.sub %0, %1 : tensor<4x8xELT>, tensor<4x1xELT> -> tensor<4x8xELT>
    %3 = mlc_tensor.exp %2 : tensor<4x8xELT> -> tensor<4x8xELT>
    %4 = mlc_tensor.reduce_sum %3 {axes = array<i64: 1>, keepdim} : tensor<4x8xELT> -> tensor<4x1xELT>
    %5 = mlc_tensor.div %3, %4 : tensor<4x8xELT>, tensor<4x1xELT> -> tensor<4x8xELT>
    %6 = mlc_tensor.softmax %0 {axis = 1} : tensor<4x8xELT> -> tensor<4x8xELT>
    %7 = mlc_tensor.layer_norm %0 weight(%b : tensor<8xELT>) : tensor<4x8xELT> -> tensor<4x8xELT>
"""
RESULTS = "%5, %6, %7, %1 : tensor<4x8xELT>, tensor<4x8xELT>, tensor<4x8xELT>, tensor<4x1xELT>"
RESULT_TYPES = "tensor<4x8xELT>, tensor<4x8xELT>, tensor<4x8xELT>, tensor<4x1xELT>"
SIGNATURE = f"(%x: tensor<4x8xELT>, %y: tensor<8xELT>) -> ({RESULT_TYPES})"

FUSED = f"""
func.func @fused{SIGNATURE} {{
  %r:4 = mlc_tensor.fused (%a = %x, %b = %y) {{kind = "reduction"}} : (tensor<4x8xELT>, tensor<8xELT>) -> ({RESULT_TYPES}) {{
{BODY}
    mlc_tensor.yield {RESULTS}
  }}
  func.return %r#0, %r#1, %r#2, %r#3 : {RESULT_TYPES}
}}
"""
UNFUSED = f"""
func.func @unfused(%a: tensor<4x8xELT>, %b: tensor<8xELT>) -> ({RESULT_TYPES}) {{
{BODY}
  func.return {RESULTS}
}}
"""

# Two groups in a row, the second consuming the first, each yielding a captured value too.
CHAIN = """
func.func @chain(%x: tensor<3xELT>) -> (tensor<3xELT>, tensor<3xELT>, tensor<ELT>) {
  %0:2 = mlc_tensor.fused (%a = %x) {kind = "elementwise"} : (tensor<3xELT>) -> (tensor<3xELT>, tensor<3xELT>) {
    %1 = mlc_tensor.neg %a : tensor<3xELT> -> tensor<3xELT>
    %2 = mlc_tensor.exp %1 : tensor<3xELT> -> tensor<3xELT>
    mlc_tensor.yield %2, %a : tensor<3xELT>, tensor<3xELT>
  }
  %3 = mlc_tensor.fused (%a = %0#0, %b = %0#1) : (tensor<3xELT>, tensor<3xELT>) -> tensor<ELT> {
    %1 = mlc_tensor.mul %a, %b : tensor<3xELT>, tensor<3xELT> -> tensor<3xELT>
    %2 = mlc_tensor.reduce_sum %1 {axes = array<i64: 0>} : tensor<3xELT> -> tensor<ELT>
    mlc_tensor.yield %2 : tensor<ELT>
  }
  func.return %0#0, %0#1, %3 : tensor<3xELT>, tensor<3xELT>, tensor<ELT>
}
"""

ELEMENTS = [("f32", np.float32), ("f16", np.float16), ("bf16", ml_dtypes.bfloat16)]


def parse(text: str) -> ModuleOp:
    """Parse and verify a module of func and mlc_tensor ops."""
    module = parse_module(text)
    module.verify()
    return module


@pytest.mark.parametrize("element, dtype", ELEMENTS)
def test_fused_group_equals_the_same_ops_unfused(element, dtype):
    module = parse((FUSED + UNFUSED).replace("ELT", element))
    x = (RNG.standard_normal([4, 8]) * 4).astype(dtype)
    y = RNG.standard_normal([8]).astype(dtype)
    fused = run_function(module, [x, y], entry="fused")
    unfused = run_function(module, [x, y], entry="unfused")
    for f, u in zip(fused, unfused, strict=True):
        assert f.dtype == u.dtype == dtype
        np.testing.assert_array_equal(f, u)


def test_fused_results_match_explicit_formulas():
    module = parse(FUSED.replace("ELT", "f32"))
    x = (RNG.standard_normal([4, 8]) * 4).astype(np.float32)
    y = RNG.standard_normal([8]).astype(np.float32)
    manual, softmax, layer_norm, row_max = run_function(module, [x, y])
    s = (x + y).astype(np.float64)
    expected_softmax = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(manual, expected_softmax, rtol=1e-5)
    np.testing.assert_allclose(softmax, expected_softmax, rtol=1e-5)
    normalized = (s - s.mean(axis=1, keepdims=True)) / np.sqrt(s.var(axis=1, keepdims=True) + 1e-5)
    np.testing.assert_allclose(layer_norm, normalized * y, rtol=1e-4, atol=1e-5)
    np.testing.assert_array_equal(row_max[:, 0], np.max(x + y, axis=1))


@pytest.mark.parametrize("element, dtype", ELEMENTS[:2])
def test_chained_groups_and_yielded_captures(element, dtype):
    module = parse(CHAIN.replace("ELT", element))
    x = np.array([0.5, -1.0, 2.0], dtype)
    exp_neg, passed, total = run_function(module, [x])
    np.testing.assert_array_equal(passed, x)
    np.testing.assert_allclose(exp_neg, np.exp(-x.astype(np.float64)), rtol=1e-3)
    expected = float(np.dot(np.exp(-x.astype(np.float64)), x.astype(np.float64)))
    assert total.shape == () and total.dtype == dtype
    np.testing.assert_allclose(float(total), expected, rtol=2e-3)
