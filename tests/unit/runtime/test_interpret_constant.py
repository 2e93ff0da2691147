"""The interpreter's mlc_tensor constant and iota semantics against hand-computed values."""

import uuid

import ml_dtypes
import numpy as np
import pytest
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp, TensorType, bf16, f16, f32, i8, i64

from mlc.dialects.mlc_tensor import constant
from mlc.dialects.mlc_tensor.constant import ConstantOp, IotaOp
from mlc.ir.context import parse_module
from mlc.runtime.interpreter import run_function
from mlc.runtime.interpreter.mlc_tensor import FUNCTIONS

BF16 = np.dtype(ml_dtypes.bfloat16)


def parse(text: str) -> ModuleOp:
    """Parse and verify a module using mlc_tensor."""
    module = parse_module(text)
    module.verify()
    return module


def run_one(op_text: str, result_type: str) -> np.ndarray:
    """Run `%r = <op_text>` in a function without arguments and return %r."""
    module = parse(f"func.func @main() -> {result_type} {{\n  %r = {op_text}\n  func.return %r : {result_type}\n}}")
    (result,) = run_function(module)
    return result


def module_returning(op: ConstantOp | IotaOp) -> ModuleOp:
    """A module whose @main returns the result of `op`."""
    body = [op, func.ReturnOp(op.result)]
    function = func.FuncOp("main", ((), (op.result.type,)))
    function.body.block.add_ops(body)
    return ModuleOp([function])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dense<[[1.0, -2.5], [3.0, 4.0]]> : tensor<2x2xf32>", np.array([[1.0, -2.5], [3.0, 4.0]], np.float32)),
        ("dense<1.5> : tensor<2x3xbf16>", np.full((2, 3), 1.5, BF16)),
        ("dense<[0.1, 65504.0]> : tensor<2xf16>", np.array([0.1, 65504.0], np.float16)),
        ("dense<[true, false, true]> : tensor<3xi1>", np.array([True, False, True])),
        ("dense<true> : tensor<2x2xi1>", np.ones((2, 2), np.bool_)),
        ("dense<[-128, 127]> : tensor<2xi8>", np.array([-128, 127], np.int8)),
        ("dense<-7> : tensor<i32>", np.array(-7, np.int32)),
        ("dense<[9223372036854775807, -9223372036854775808]> : tensor<2xi64>", np.array([2**63 - 1, -(2**63)], np.int64)),
    ],
)
def test_dense_constant(text, expected):
    result_type = text.split(" : ")[-1]
    got = run_one(f"mlc_tensor.constant {text}", result_type)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(
    "array",
    [
        np.arange(40, dtype=np.float32).reshape(4, 10) / 7,
        np.array([1.0, np.nan, -np.inf], np.float32),
        (np.arange(30) % 3 == 0).reshape(5, 6),
        np.arange(-60, 60, dtype=np.int8),
        np.linspace(-3, 3, 50).astype(BF16),
        np.linspace(-3, 3, 20).astype(np.float16),
        np.array([[2**62, -5]] * 10, np.int64),
        np.array([[0.25, -1.0]], np.float32),
    ],
    ids=lambda a: f"{a.dtype}{list(a.shape)}",
)
def test_from_array_interprets_to_the_same_array(array):
    """from_array (inline or blob) evaluates to the array, bit for bit, dtype and shape."""
    (got,) = run_function(module_returning(ConstantOp.from_array(array, name="w")))
    assert got.dtype == array.dtype and got.shape == array.shape
    np.testing.assert_array_equal(got.view(np.uint8), np.ascontiguousarray(array).view(np.uint8))


def test_dense_resource_from_text():
    """A dense_resource blob in the file's dialect_resources section is decoded little-endian."""
    key = f"blob_{uuid.uuid4().hex}"  # fresh: the builtin blob store is process-wide
    module = parse(
        "func.func @main() -> tensor<2x2xf16> {\n"
        f"  %r = mlc_tensor.constant dense_resource<{key}> : tensor<2x2xf16>\n"
        "  func.return %r : tensor<2x2xf16>\n}\n"
        f'{{-# dialect_resources: {{ builtin: {{ {key}: "0x04000000003C0040C03C00BC" }} }} #-}}'
    )
    (got,) = run_function(module)
    np.testing.assert_array_equal(got, np.array([[1.0, 2.0], [1.1875, -1.0]], np.float16))


def test_iota_defaults_and_dimension():
    np.testing.assert_array_equal(run_one("mlc_tensor.iota : tensor<4xi32>", "tensor<4xi32>"), np.array([0, 1, 2, 3], np.int32))
    got = run_one("mlc_tensor.iota {dimension = 0} : tensor<3x2xi64>", "tensor<3x2xi64>")
    np.testing.assert_array_equal(got, [[0, 0], [1, 1], [2, 2]])
    got = run_one("mlc_tensor.iota {dimension = 1, start = 1.0 : f64, step = 0.5 : f64} : tensor<2x3xf32>", "tensor<2x3xf32>")
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, [[1.0, 1.5, 2.0], [1.0, 1.5, 2.0]])


def test_iota_float_is_computed_in_f64_and_rounded_once():
    got = run_one("mlc_tensor.iota {start = 0.1 : f64, step = 0.1 : f64} : tensor<30xf32>", "tensor<30xf32>")
    np.testing.assert_array_equal(got, [np.float32(0.1 + 0.1 * i) for i in range(30)])
    # An f32 running sum would drift; f64 start + step * i rounded once does not.
    got = run_one("mlc_tensor.iota {start = 1000.0 : f64, step = -0.25 : f64} : tensor<5xbf16>", "tensor<5xbf16>")
    assert got.dtype == BF16
    np.testing.assert_array_equal(got.astype(np.float64), [1000, 1000, 1000, 1000, 1000])
    got = run_one("mlc_tensor.iota {start = 2048.0 : f64, step = 1.0 : f64} : tensor<4xf16>", "tensor<4xf16>")
    np.testing.assert_array_equal(got.astype(np.float64), [2048, 2048, 2050, 2052])  # ties to even


def test_iota_integers_wrap():
    got = run_one("mlc_tensor.iota {start = 120, step = 5} : tensor<4xi8>", "tensor<4xi8>")
    np.testing.assert_array_equal(got, np.array([120, 125, -126, -121], np.int8))
    got = run_one("mlc_tensor.iota {start = 9223372036854775806, step = 1} : tensor<3xi64>", "tensor<3xi64>")
    np.testing.assert_array_equal(got, [2**63 - 2, 2**63 - 1, -(2**63)])


def test_iota_builder_matches_text():
    for op, expected in [
        (IotaOp(TensorType(f32, [2, 2]), dimension=1, start=-1, step=2), [[-1.0, 1.0], [-1.0, 1.0]]),
        (IotaOp(TensorType(i8, [3]), start=-2), [-2, -1, 0]),
        (IotaOp(TensorType(bf16, [2]), step=0.5), [0.0, 0.5]),
        (IotaOp(TensorType(f16, [3]), start=3, step=-1), [3.0, 2.0, 1.0]),
        (IotaOp(TensorType(i64, [2])), [0, 1]),
    ]:
        (got,) = run_function(module_returning(op))
        np.testing.assert_array_equal(got.astype(np.float64), expected)


def test_constant_values_are_read_only():
    """Constants are shared values: the interpreter hands out arrays no op can modify in place."""
    (got,) = run_function(module_returning(ConstantOp.from_array(np.ones(100, np.float32))))
    with pytest.raises(ValueError):
        got[0] = 2.0


def test_every_constant_op_has_an_implementation():
    implemented = {op for functions in FUNCTIONS for op, _ in functions._impls()}
    assert all(op in implemented for op in constant.OPS)
