"""mlc_tensor canonicalization keeps every value bit for bit (interpreter before vs after)."""

from pathlib import Path

import ml_dtypes
import numpy as np
from exact_numerics import assert_pipeline_exact
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp, TensorType, f32
from xdsl.ir import Block, Region

from mlc.dialects.mlc_tensor import AddOp, ConstantOp, MulOp
from mlc.ir.context import parse_module
from mlc.passes.canonicalization.mlc_tensor import (
    EXACT_WIDENINGS,
    add_zero,
    fold_operand_broadcast,
    rules_for,
    scalar_splat_operand,
)
from mlc.runtime.interpreter import run_function

LIT_CASES = Path(__file__).parents[2] / "filecheck/dialects/mlc_tensor/canonicalize.mlir"

ELEMENT = {
    "bool": "i1",
    "int8": "i8",
    "int32": "i32",
    "int64": "i64",
    "float16": "f16",
    "bfloat16": "bf16",
    "float32": "f32",
}
"""numpy dtype name -> mlc_tensor element type."""


def edge_values(name: str) -> np.ndarray:
    """Values of dtype `name` where conversions go wrong: extremes, zeros of both signs, NaN, inf."""
    dtype = np.dtype(ml_dtypes.bfloat16) if name == "bfloat16" else np.dtype(name)
    if dtype == np.bool_:
        return np.array([False, True])
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        values = [info.min, info.min + 1, -129, -128, -1, 0, 1, 127, 128, 255, 256, 2049, info.max]
        return np.array(values, np.int64).astype(dtype)
    values = [0.0, -0.0, 0.4, -0.6, 1.5, -2.5, 127.9, 128.5, -129.0, 300.7, 65504.0, 1e6, 3e9, 1e-6]
    values += [np.nan, np.inf, -np.inf]
    with np.errstate(over="ignore"):  # 3e9 and 1e6 overflow f16 to inf on purpose
        return np.array(values, np.float64).astype(np.float32).astype(dtype)


def test_every_lit_case_is_exact() -> None:
    """Each function of the lit test gives the same bits after canonicalize (random and edge inputs)."""
    module = parse_module(LIT_CASES.read_text(), str(LIT_CASES))
    assert_pipeline_exact(
        module,
        "canonicalize",
        inputs={
            "add_zero_float": [np.array([-0.0, 0.0, np.nan, -np.inf], np.float32)],
            "sub_zero_float": [np.array([-0.0, 0.0, np.nan, np.inf], np.float16)],
            "neg_of_neg": [np.array([-128, 127, 0, -1], np.int8)],
            "div_one": [np.array([-128, 127, 0, -1], np.int8)],
            "mul_one": [np.array([[-0.0, np.nan, np.inf], [1e-40, -3.0, 0.0]], np.float32)],
            "cast_of_cast": [
                np.array([-128, 127, 0, -1], np.int8),
                np.array([70000.0, -0.0, np.nan, 1e-8], np.float32),
                np.array([2**24 + 1, -(2**31), 2**31 - 1, 0], np.int32),
            ],
            "mul_not_splat": [np.array([-0.0, np.nan], np.float32)],
        },
    )


def test_signed_zero_rule_is_needed() -> None:
    """x + (+0.0) is kept because it is not x at x = -0.0; x + (-0.0) folds because it always is."""
    text = """
    func.func @main(%x: tensor<1xf32>) -> (tensor<1xf32>, tensor<1xf32>) {
      %p = mlc_tensor.constant dense<0.0> : tensor<f32>
      %n = mlc_tensor.constant dense<-0.0> : tensor<f32>
      %a = mlc_tensor.add %x, %p : tensor<1xf32>, tensor<f32> -> tensor<1xf32>
      %b = mlc_tensor.add %x, %n : tensor<1xf32>, tensor<f32> -> tensor<1xf32>
      func.return %a, %b : tensor<1xf32>, tensor<1xf32>
    }
    """
    module = parse_module(text)
    x = np.array([-0.0], np.float32)
    plus, minus = run_function(module, [x])
    assert plus.tobytes() != x.tobytes() and minus.tobytes() == x.tobytes()
    after = assert_pipeline_exact(module, "canonicalize", inputs={"main": [x]})
    assert [op.name for op in after.walk()].count("mlc_tensor.add") == 1


def cast_chain(name: str, a: str, b: str, c: str, n: int) -> str:
    """A function casting a tensor<n x a> to b and then to c."""
    ta, tb, tc = (f"tensor<{n}x{ELEMENT[t]}>" for t in (a, b, c))
    return f"""
    func.func @{name}(%x: {ta}) -> {tc} {{
      %b = mlc_tensor.cast %x : {ta} -> {tb}
      %c = mlc_tensor.cast %b : {tb} -> {tc}
      func.return %c : {tc}
    }}"""


def test_cast_of_cast_is_exact_for_every_widening() -> None:
    """Every widening the rule trusts, followed by a cast to every type, folds to one cast exactly."""
    cases = {
        f"c{i}": (a, b, c)
        for i, (a, b, c) in enumerate(
            (a, b, c) for a, bs in EXACT_WIDENINGS.items() for b in sorted(bs) for c in ELEMENT
        )
    }
    text = "".join(cast_chain(name, a, b, c, len(edge_values(a))) for name, (a, b, c) in cases.items())
    module = parse_module(text)
    inputs = {name: [edge_values(a)] for name, (a, _, _) in cases.items()}
    after = assert_pipeline_exact(module, "canonicalize", seeds=(0,), inputs=inputs)
    casts = [op for op in after.walk() if op.name == "mlc_tensor.cast"]
    assert len(casts) == sum(a != c for a, _, c in cases.values())


def test_cast_of_cast_keeps_lossy_middles() -> None:
    """Through a type that loses values both casts stay, and one cast would indeed differ."""
    lossy = [
        ("float32", "float16", "float32"),
        ("int32", "float32", "int32"),
        ("float16", "bfloat16", "float32"),
        ("int32", "int8", "int32"),
    ]
    text = "".join(cast_chain(f"l{i}", a, b, c, len(edge_values(a))) for i, (a, b, c) in enumerate(lossy))
    text += "".join(
        cast_chain(f"d{i}", a, c, c, len(edge_values(a))) for i, (a, _, c) in enumerate(lossy)
    )
    module = parse_module(text)
    inputs = {f"l{i}": [edge_values(a)] for i, (a, _, _) in enumerate(lossy)}
    after = assert_pipeline_exact(module, "canonicalize", seeds=(), inputs=inputs)
    direct_casts = sum(a != c for a, _, c in lossy)  # cast(x : T -> T) is x
    assert [op.name for op in after.walk()].count("mlc_tensor.cast") == 2 * len(lossy) + direct_casts
    for i, (a, _, _) in enumerate(lossy):
        (chain,) = run_function(module, [edge_values(a)], f"l{i}")
        (direct,) = run_function(module, [edge_values(a)], f"d{i}")
        assert chain.tobytes() != direct.tobytes()


def test_rules_of_a_leaf_come_before_its_bases() -> None:
    """AddOp tries its identity before the broadcasting rules every binary op has."""
    assert rules_for(AddOp) == (add_zero, fold_operand_broadcast, scalar_splat_operand)


def test_splat_blob_operand_becomes_scalar() -> None:
    """A splat held in a dense_resource blob is read like an inline one (and x * 1 folds)."""
    block = Block(arg_types=[TensorType(f32, (4, 8))])
    (x,) = block.args
    one = ConstantOp.from_array(np.ones((4, 8), np.float32), "ones")
    half = ConstantOp.from_array(np.full((4, 8), 0.5, np.float32), "half")
    a, b = MulOp(x, one.result), MulOp(x, half.result)
    block.add_ops([one, half, a, b, func.ReturnOp(a.result, b.result)])
    function = func.FuncOp("main", ([x.type], [a.result.type, b.result.type]), Region(block))
    after = assert_pipeline_exact(ModuleOp([function]), "canonicalize")
    (mul,) = [op for op in after.walk() if isinstance(op, MulOp)]
    assert mul.rhs.type == TensorType(f32, ())
