"""The numeric check of passes: comparison rules, drift reports, the first differing op, the test helper."""

from pathlib import Path

import ml_dtypes
import numpy as np
import pytest

from mlc.ir.context import mlc_context
from mlc.numerics import (
    NumericsDrift,
    NumericsError,
    assert_pipeline_preserves_numerics,
    check_pipeline_numerics,
    compare,
)
from mlc.passes import PASSES
from mlc.tools.opt.plugins import load_pass_plugin
from mlc.ir.parser import LocatingParser

TEST_PASSES = Path(__file__).parents[2] / "filecheck" / "inputs" / "numerics_test_passes.py"

# %s is squared twice at line 3 (cse merges the copies); %p * %y at line 5 is what test-mul-to-add breaks.
PROGRAM = """\
func.func @main(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %s = mlc_tensor.exp %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %a = mlc_tensor.mul %s, %s : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  %b = mlc_tensor.mul %s, %s : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  %p = mlc_tensor.add %a, %b : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  %q = mlc_tensor.neg %p : tensor<2x3xf32> -> tensor<2x3xf32>
  func.return %a, %q : tensor<2x3xf32>, tensor<2x3xf32>
}
"""


@pytest.fixture(autouse=True)
def test_passes(monkeypatch: pytest.MonkeyPatch):
    for flag, factory in load_pass_plugin(str(TEST_PASSES)).items():
        monkeypatch.setitem(PASSES, flag, factory)


def test_floats_compare_within_tolerance_and_report_max_errors():
    expected = np.array([1.0, -2.0, 0.0], np.float32)
    assert compare(expected + np.float32(1e-6), expected, 1e-4, 1e-5) is None
    mismatch = compare(np.array([1.0, -2.5, 0.5], np.float32), expected, 1e-4, 1e-5)
    assert mismatch is not None
    assert mismatch.max_abs == pytest.approx(0.5)
    assert mismatch.max_rel == np.inf  # 0.5 where the reference is 0
    assert str(mismatch) == "max abs error 0.5, max rel error inf"


def test_integers_and_bools_compare_exactly_and_nans_match_nans():
    ints = np.array([1, 2, 3], np.int32)
    assert compare(ints, ints.copy(), 1.0, 1.0) is None
    off = compare(ints + np.array([0, 0, 1], np.int32), ints, 1.0, 1.0)
    assert off is not None and off.max_abs == 1.0
    assert compare(np.array([True, False]), np.array([True, True]), 1.0, 1.0) is not None
    nan = np.array([np.nan, 1.0], np.float32)
    assert compare(nan, nan.copy(), 0.0, 0.0) is None
    assert compare(np.array([1.0, 1.0], np.float32), nan, 1.0, 1.0).max_abs == np.inf


def test_shape_or_dtype_changes_are_mismatches():
    mismatch = compare(np.zeros((3, 2), np.float32), np.zeros((2, 3), np.float32), 1.0, 1.0)
    assert str(mismatch) == "float32[2, 3] became float32[3, 2]"
    assert compare(np.zeros(2, np.float16), np.zeros(2, np.float32), 1.0, 1.0) is not None


def test_low_precision_floats_get_at_least_two_ulps():
    one = np.ones(4, ml_dtypes.bfloat16)
    next_up = (one.astype(np.float32) + np.float32(2**-7)).astype(ml_dtypes.bfloat16)
    assert compare(next_up, one, 1e-6, 0.0) is None
    assert compare(np.full(4, 1.25, ml_dtypes.bfloat16), one, 1e-6, 0.0) is not None


def test_a_clean_pipeline_passes_and_returns_the_transformed_module():
    module = assert_pipeline_preserves_numerics(PROGRAM, "builtin.module(canonicalize,func.func(cse),dce)")
    assert len([o for o in module.walk() if o.name == "mlc_tensor.mul"]) == 1


def test_a_drifting_pass_is_reported_with_the_first_differing_op(tmp_path: Path):
    module = LocatingParser(mlc_context(), PROGRAM, "prog.mlir").parse_module()
    with pytest.raises(NumericsDrift) as info:
        check_pipeline_numerics(module, "cse,test-mul-to-add,dce", seed=3, dump_dir=tmp_path)
    drift = info.value
    assert (drift.pass_name, drift.function, drift.result) == ("test-mul-to-add", "main", 0)
    # The exp at line 2 survives unchanged; the product at line 3 is the first value that changed.
    assert drift.first is not None and str(drift.first).startswith("mlc_tensor.mul at prog.mlir:3:3 (max abs error")
    assert drift.first.now == ("mlc_tensor.add",)
    assert "after pass 'test-mul-to-add': result 0 of @main differs" in str(drift)
    # The files hold the IR before (after cse) and after the drifting pass, and parse back.
    before = drift.before_path.read_text()
    after = drift.after_path.read_text()
    assert drift.before_path.parent == tmp_path
    assert before.count("mlc_tensor.mul") == 1 and "mlc_tensor.mul" not in after
    LocatingParser(mlc_context(), after, "after.mlir").parse_module().verify()


def test_the_helper_fails_a_test_with_the_report():
    with pytest.raises(AssertionError, match=r"(?s)test-mul-to-add.*mlc_tensor.mul at <input>:3:3.*IR after the pass: "):
        assert_pipeline_preserves_numerics(PROGRAM, "test-mul-to-add", seed=1)


def test_given_inputs_run_only_the_entry_function():
    zeros = {"arg0": np.full((2, 3), -np.inf, np.float32), "arg1": np.zeros((2, 3), np.float32)}
    # exp(-inf) = 0, and 0 * 0 == 0 + 0: on these inputs the broken pass changes nothing.
    assert_pipeline_preserves_numerics(PROGRAM, "test-mul-to-add", inputs=zeros)
    with pytest.raises(NumericsError, match="cannot make inputs: input 'arg0': expected shape"):
        assert_pipeline_preserves_numerics(PROGRAM, "cse", inputs={"arg0": np.zeros(3), "arg1": np.zeros(3)})


def test_a_module_that_cannot_be_checked_is_an_error():
    with pytest.raises(NumericsError, match="no public function with a body"):
        assert_pipeline_preserves_numerics("func.func private @f(%x: tensor<2xf32>) -> tensor<2xf32>", "cse")
    complex_arg = "func.func @f(%x: tensor<2xcomplex<f32>>) -> tensor<2xcomplex<f32>> {\n  func.return %x : tensor<2xcomplex<f32>>\n}"
    with pytest.raises(NumericsError, match="cannot make inputs: no numpy dtype for element type complex<f32>"):
        assert_pipeline_preserves_numerics(complex_arg, "cse")
