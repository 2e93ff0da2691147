"""convert-mlc-tensor-to-mlc-kernel: the lowered module computes what the mlc_tensor module does.

Each case runs the tensor-level function and its lowering (memref host + mlc_kernel
kernels) in the numpy interpreter on the same random inputs. Shapes are odd on purpose:
sizes that are no multiple of any block, size-1 dims, broadcasting from every side.
"""

from pathlib import Path

import numpy as np
import pytest
from xdsl.utils.exceptions import PassFailedException

from mlc.dialects.mlc_kernel import KernelFuncOp
from mlc.ir.context import mlc_context, parse_module
from mlc.lowering.convert_mlc_tensor_to_mlc_kernel import ConvertMlcTensorToMlcKernel
from mlc.passes import PASSES
from mlc.runtime.interpreter import find_function, random_inputs, run_function


def lower(text: str, fuse: tuple[str, ...] = (), **options) -> tuple:
    """(tensor-level module, lowered module) for `text`, after the given fuse-* passes."""
    ctx = mlc_context()
    module = parse_module(text)
    for flag in fuse:
        PASSES[flag]()().apply(ctx, module)
    lowered = module.clone()
    ConvertMlcTensorToMlcKernel(**options).apply(ctx, lowered)
    lowered.verify()
    return module, lowered


def check(text: str, fuse: tuple[str, ...] = (), rtol: float = 1e-5, **options) -> list[KernelFuncOp]:
    """Lower `text` and compare both levels on random inputs; returns the kernels."""
    module, lowered = lower(text, fuse, **options)
    inputs = random_inputs(find_function(module, None), seed=0)
    expected = run_function(module, inputs)
    got = run_function(lowered, inputs)
    assert len(got) == len(expected)
    for g, e in zip(got, expected):
        assert g.shape == e.shape and g.dtype == e.dtype
        np.testing.assert_allclose(g.astype(np.float64), e.astype(np.float64), rtol=rtol, atol=rtol)
    return [op for op in lowered.body.block.ops if isinstance(op, KernelFuncOp)]


def constexprs(kernel: KernelFuncOp) -> dict[str, int]:
    """A kernel's constexpr block sizes."""
    return {k: v.value.data for k, v in kernel.constexprs.data.items()}


BROADCAST = """
func.func @f(%x: tensor<3x5x7xf32>, %row: tensor<7xf32>, %col: tensor<3x1x1xf32>, %mid: tensor<1x5x1xf32>) -> tensor<3x5x7xf32> {
  %0 = mlc_tensor.add %row, %x : tensor<7xf32>, tensor<3x5x7xf32> -> tensor<3x5x7xf32>
  %1 = mlc_tensor.mul %0, %col : tensor<3x5x7xf32>, tensor<3x1x1xf32> -> tensor<3x5x7xf32>
  %2 = mlc_tensor.sub %mid, %1 : tensor<1x5x1xf32>, tensor<3x5x7xf32> -> tensor<3x5x7xf32>
  %3 = mlc_tensor.gelu %2 {approximate = "tanh"} : tensor<3x5x7xf32> -> tensor<3x5x7xf32>
  %4 = mlc_tensor.sigmoid %3 : tensor<3x5x7xf32> -> tensor<3x5x7xf32>
  func.return %4 : tensor<3x5x7xf32>
}
"""


def test_elementwise_broadcast_from_every_side():
    (kernel,) = check(BROADCAST, fuse=("fuse-elementwise",))
    assert constexprs(kernel) == {"BLOCK": 128}
    assert kernel.grid_sizes() == (1,)


def test_elementwise_tail_over_several_programs():
    kernels = check(BROADCAST, fuse=("fuse-elementwise",), elementwise_block=16)
    assert kernels[0].grid_sizes() == (7,)  # 105 elements in blocks of 16: the last one masked


def test_unfused_ops_each_become_a_kernel():
    kernels = check(BROADCAST)
    assert [k.sym_name.data for k in kernels] == ["add_0", "mul_0", "sub_0", "gelu_0", "sigmoid_0"]


def test_shape_ops_and_casts():
    check("""
func.func @f(%x: tensor<4x6xf32>, %y: tensor<6x4xf16>) -> (tensor<3x8xf16>, tensor<2x6xf32>, tensor<6x4xi32>) {
  %t = mlc_tensor.transpose %x {perm = array<i64: 1, 0>} : tensor<4x6xf32> -> tensor<6x4xf32>
  %c = mlc_tensor.cast %y : tensor<6x4xf16> -> tensor<6x4xf32>
  %a = mlc_tensor.add %t, %c : tensor<6x4xf32>, tensor<6x4xf32> -> tensor<6x4xf32>
  %r = mlc_tensor.reshape %a : tensor<6x4xf32> -> tensor<3x8xf32>
  %h = mlc_tensor.cast %r : tensor<3x8xf32> -> tensor<3x8xf16>
  %s = mlc_tensor.slice %x {start = array<i64: 1, 0>, limit = array<i64: 4, 6>, step = array<i64: 2, 1>} : tensor<4x6xf32> -> tensor<2x6xf32>
  %i = mlc_tensor.cast %a : tensor<6x4xf32> -> tensor<6x4xi32>
  func.return %h, %s, %i : tensor<3x8xf16>, tensor<2x6xf32>, tensor<6x4xi32>
}
""", fuse=("fuse-elementwise",), rtol=1e-3)


def test_splat_constants_and_compare_select():
    check("""
func.func @f(%x: tensor<5x3xf32>) -> tensor<5x3xf32> {
  %z = mlc_tensor.constant dense<0.5> : tensor<1xf32>
  %m = mlc_tensor.gt %x, %z : tensor<5x3xf32>, tensor<1xf32> -> tensor<5x3xi1>
  %e = mlc_tensor.exp %x : tensor<5x3xf32> -> tensor<5x3xf32>
  %s = mlc_tensor.select %m, %e, %z : tensor<5x3xi1>, tensor<5x3xf32>, tensor<1xf32> -> tensor<5x3xf32>
  func.return %s : tensor<5x3xf32>
}
""", fuse=("fuse-elementwise",))


SOFTMAX = """
func.func @f(%s: tensor<3x5x37xf32>) -> tensor<3x5x37xf16> {
  %scale = mlc_tensor.constant dense<0.5> : tensor<1xf32>
  %0 = mlc_tensor.mul %s, %scale : tensor<3x5x37xf32>, tensor<1xf32> -> tensor<3x5x37xf32>
  %1 = mlc_tensor.softmax %0 {axis = 2 : i64} : tensor<3x5x37xf32> -> tensor<3x5x37xf32>
  %2 = mlc_tensor.cast %1 : tensor<3x5x37xf32> -> tensor<3x5x37xf16>
  func.return %2 : tensor<3x5x37xf16>
}
"""


def test_softmax_with_prologue_and_epilogue():
    (kernel,) = check(SOFTMAX, fuse=("fuse-reductions",), rtol=1e-3)
    assert constexprs(kernel) == {"BLOCK": 64}
    assert kernel.grid_sizes() == (15,)


def test_reductions_along_inner_and_outer_axes():
    check("""
func.func @f(%x: tensor<3x7x5xf32>) -> (tensor<3x1x5xf32>, tensor<3x7xf32>, tensor<7x5xf32>, tensor<3x5xi64>, tensor<3x7x5xf32>) {
  %a = mlc_tensor.reduce_mean %x {axes = array<i64: 1>, keepdim} : tensor<3x7x5xf32> -> tensor<3x1x5xf32>
  %b = mlc_tensor.reduce_max %x {axes = array<i64: 2>} : tensor<3x7x5xf32> -> tensor<3x7xf32>
  %c = mlc_tensor.reduce_sum %x {axes = array<i64: 0>} : tensor<3x7x5xf32> -> tensor<7x5xf32>
  %d = mlc_tensor.argmax %x {axes = array<i64: 1>} : tensor<3x7x5xf32> -> tensor<3x5xi64>
  %e = mlc_tensor.log_softmax %x {axis = 1 : i64} : tensor<3x7x5xf32> -> tensor<3x7x5xf32>
  func.return %a, %b, %c, %d, %e : tensor<3x1x5xf32>, tensor<3x7xf32>, tensor<7x5xf32>, tensor<3x5xi64>, tensor<3x7x5xf32>
}
""")


def test_layer_norm_and_decomposed_softmax():
    kernels = check("""
func.func @f(%x: tensor<6x33xf32>, %w: tensor<33xf32>, %b: tensor<33xf32>) -> (tensor<6x33xf32>, tensor<6x33xf32>) {
  %n = mlc_tensor.layer_norm %x weight(%w : tensor<33xf32>) bias(%b : tensor<33xf32>) : tensor<6x33xf32> -> tensor<6x33xf32>
  %0 = mlc_tensor.reduce_max %x {axes = array<i64: 1>} : tensor<6x33xf32> -> tensor<6xf32>
  %1 = mlc_tensor.reshape %0 : tensor<6xf32> -> tensor<6x1xf32>
  %2 = mlc_tensor.sub %x, %1 : tensor<6x33xf32>, tensor<6x1xf32> -> tensor<6x33xf32>
  %3 = mlc_tensor.exp %2 : tensor<6x33xf32> -> tensor<6x33xf32>
  %4 = mlc_tensor.reduce_sum %3 {axes = array<i64: 1>} : tensor<6x33xf32> -> tensor<6xf32>
  %5 = mlc_tensor.reshape %4 : tensor<6xf32> -> tensor<6x1xf32>
  %6 = mlc_tensor.div %3, %5 : tensor<6x33xf32>, tensor<6x1xf32> -> tensor<6x33xf32>
  func.return %n, %6 : tensor<6x33xf32>, tensor<6x33xf32>
}
""", fuse=("fuse-reductions",), rtol=1e-4)
    assert [constexprs(k)["BLOCK"] for k in kernels] == [64, 64]


def test_reduction_block_option_too_short_fails():
    with pytest.raises(PassFailedException, match="reduction-block=16 is shorter than a row of 37"):
        lower(SOFTMAX, ("fuse-reductions",), reduction_block=16)


MATMUL = """
func.func @f(%x: tensor<37x45xf32>, %w: tensor<45x19xf32>, %b: tensor<19xf32>, %r: tensor<37x1xf32>) -> tensor<37x19xf32> {
  %0 = mlc_tensor.matmul %x, %w : tensor<37x45xf32>, tensor<45x19xf32> -> tensor<37x19xf32>
  %1 = mlc_tensor.add %0, %b : tensor<37x19xf32>, tensor<19xf32> -> tensor<37x19xf32>
  %2 = mlc_tensor.relu %1 : tensor<37x19xf32> -> tensor<37x19xf32>
  %3 = mlc_tensor.mul %2, %r : tensor<37x19xf32>, tensor<37x1xf32> -> tensor<37x19xf32>
  func.return %3 : tensor<37x19xf32>
}
"""


def test_matmul_with_epilogue():
    (kernel,) = check(MATMUL, fuse=("fuse-epilogue",), rtol=1e-4)
    assert constexprs(kernel) == {"BLOCK_M": 64, "BLOCK_N": 32, "BLOCK_K": 32, "GROUP_M": 8}


def test_matmul_tile_override_and_grouped_order():
    (kernel,) = check(MATMUL, fuse=("fuse-epilogue",), rtol=1e-4, matmul=(16, 16, 16), group_m=2, warps=2)
    assert constexprs(kernel) == {"BLOCK_M": 16, "BLOCK_N": 16, "BLOCK_K": 16, "GROUP_M": 2}
    assert kernel.grid_sizes() == (3 * 2,) and kernel.num_warps.value.data == 2


def test_linear_3d_input_and_batch_matmul():
    check("""
func.func @f(%x: tensor<2x3x20xf16>, %w: tensor<17x20xf16>, %b: tensor<17xf16>, %p: tensor<3x5x18xf32>, %q: tensor<1x18x7xf32>) -> (tensor<2x3x17xf16>, tensor<3x5x7xf32>) {
  %0 = mlc_tensor.linear %x, %w, %b : tensor<2x3x20xf16>, tensor<17x20xf16>, tensor<17xf16> -> tensor<2x3x17xf16>
  %1 = mlc_tensor.tanh %0 : tensor<2x3x17xf16> -> tensor<2x3x17xf16>
  %2 = mlc_tensor.batch_matmul %p, %q : tensor<3x5x18xf32>, tensor<1x18x7xf32> -> tensor<3x5x7xf32>
  func.return %1, %2 : tensor<2x3x17xf16>, tensor<3x5x7xf32>
}
""", fuse=("fuse-epilogue",), rtol=2e-3)


def test_planned_buffers_become_views():
    text = MATMUL.replace("-> tensor<37x19xf32> {", "-> tensor<37x19xf32> {", 1)
    ctx = mlc_context()
    module = parse_module(text)
    PASSES["plan-memory"]()().apply(ctx, module)
    lowered = module.clone()
    ConvertMlcTensorToMlcKernel().apply(ctx, lowered)
    printed = str(lowered)
    assert "mlc_kernel.view" in printed and "memref<" in printed
    inputs = random_inputs(find_function(module, None), seed=1)
    np.testing.assert_allclose(run_function(lowered, inputs)[0], run_function(module, inputs)[0], rtol=1e-4, atol=1e-4)


MLP = Path(__file__).parents[2] / "filecheck" / "lowering" / "triton" / "mlp.mlir"  # weights as blobs and a literal


def test_mlp_with_weights():
    kernels = check(MLP.read_text(), fuse=("fuse-epilogue",), rtol=1e-5)
    assert [k.sym_name.data for k in kernels] == ["linear_0", "linear_1", "softmax_0"]


def test_one_element_blob_is_an_immediate():
    # -inf prints inexactly inline, so importers store it as a blob; it is still copied into the kernel.
    (kernel,) = check("""
func.func @f(%x: tensor<3x5xf32>) -> tensor<3x5xf32> {
  %ninf = mlc_tensor.constant dense_resource<neg_inf> : tensor<f32>
  %z = mlc_tensor.constant dense<0.0> : tensor<f32>
  %m = mlc_tensor.gt %x, %z : tensor<3x5xf32>, tensor<f32> -> tensor<3x5xi1>
  %s = mlc_tensor.select %m, %x, %ninf : tensor<3x5xi1>, tensor<3x5xf32>, tensor<f32> -> tensor<3x5xf32>
  func.return %s : tensor<3x5xf32>
}
{-#
  dialect_resources: {
    builtin: {
      neg_inf: "0x04000000000080FF"
    }
  }
#-}
""", fuse=("fuse-elementwise",))
    assert len(kernel.function_type.inputs.data) == 2  # x and the result: no pointer to the blob


def test_weights_become_read_only_host_buffers():
    # Each weight gets one buffer wherever it is read (twice here); a weight returned as is too.
    module, lowered = lower("""
func.func @f(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %c = mlc_tensor.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = mlc_tensor.add %x, %c : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  %1 = mlc_tensor.mul %0, %c : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  func.return %1, %c : tensor<2xf32>, tensor<2xf32>
}
""")
    assert str(lowered).count("mlc_kernel.constant") == 1
    x = np.array([3.0, -1.0], np.float32)
    out, weight = run_function(lowered, [x])
    np.testing.assert_array_equal(out, (x + [1, 2]) * [1, 2])
    assert weight.tolist() == [1.0, 2.0] and not weight.flags.writeable


def test_unsupported_op_is_reported():
    with pytest.raises(PassFailedException, match="mlc_tensor.sort"):
        lower("""
func.func @f(%x: tensor<2x5xf32>) -> tensor<2x5xf32> {
  %0:2 = mlc_tensor.sort %x {axis = 1 : i64} : tensor<2x5xf32> -> tensor<2x5xf32>, tensor<2x5xi64>
  func.return %0#0 : tensor<2x5xf32>
}
""")


def test_bad_options_fail():
    with pytest.raises(PassFailedException, match="matmul must be three powers of two"):
        lower(MATMUL, matmul=(8, 16, 16))


def test_matmul_prologue_is_computed_per_tile():
    # A group whose contraction reads values computed inside it (a slice of a transpose of
    # an f16 input, scaled; a transposed weight): the operand tiles are evaluated in the K loop.
    kernels = check("""
func.func @f(%h: tensor<3x41xf16>, %w: tensor<13x37xf32>) -> tensor<37x11xf32> {
  %0 = mlc_tensor.fused (%a = %h, %b = %w) : (tensor<3x41xf16>, tensor<13x37xf32>) -> tensor<37x11xf32> {
    %t = mlc_tensor.transpose %a {perm = array<i64: 1, 0>} : tensor<3x41xf16> -> tensor<41x3xf16>
    %s = mlc_tensor.slice %t {start = array<i64: 2, 0>, limit = array<i64: 39, 3>, step = array<i64: 1, 1>} : tensor<41x3xf16> -> tensor<37x3xf16>
    %c = mlc_tensor.cast %s : tensor<37x3xf16> -> tensor<37x3xf32>
    %m = mlc_tensor.mul %c, %c : tensor<37x3xf32>, tensor<37x3xf32> -> tensor<37x3xf32>
    %wt = mlc_tensor.transpose %b {perm = array<i64: 1, 0>} : tensor<13x37xf32> -> tensor<37x13xf32>
    %ws = mlc_tensor.slice %wt {start = array<i64: 0, 1>, limit = array<i64: 3, 12>, step = array<i64: 1, 1>} : tensor<37x13xf32> -> tensor<3x11xf32>
    %p = mlc_tensor.matmul %m, %ws : tensor<37x3xf32>, tensor<3x11xf32> -> tensor<37x11xf32>
    %r = mlc_tensor.relu %p : tensor<37x11xf32> -> tensor<37x11xf32>
    mlc_tensor.yield %r : tensor<37x11xf32>
  }
  func.return %0 : tensor<37x11xf32>
}
""", rtol=1e-4)
    assert len(kernels) == 1 and "scf.for" in str(kernels[0])


def test_square_is_a_multiply_and_other_powers_stay_pow():
    (kernel,) = check("""
func.func @f(%x: tensor<5x3xf32>, %y: tensor<3xf32>) -> tensor<5x3xf32> {
  %c = mlc_tensor.constant dense<2.0> : tensor<5x3xf32>
  %0 = mlc_tensor.pow %x, %c : tensor<5x3xf32>, tensor<5x3xf32> -> tensor<5x3xf32>
  %1 = mlc_tensor.pow %0, %y : tensor<5x3xf32>, tensor<3xf32> -> tensor<5x3xf32>
  func.return %1 : tensor<5x3xf32>
}
""", fuse=("fuse-elementwise",))
    text = str(kernel)
    assert text.count("math.powf") == 1 and "arith.mulf" in text


@pytest.mark.parametrize("m, n, k", [(1, 5, 7), (5, 1, 7), (5, 7, 1), (1, 1, 1), (1, 1, 9), (3, 1, 1)])
def test_matmul_with_size_one_dims(m: int, n: int, k: int):
    # A size-1 operand or result sits at one place in memory; its tiles are still masked blocks.
    check(f"""
func.func @f(%x: tensor<{m}x{k}xf32>, %w: tensor<{k}x{n}xf32>) -> tensor<{m}x{n}xf32> {{
  %0 = mlc_tensor.matmul %x, %w : tensor<{m}x{k}xf32>, tensor<{k}x{n}xf32> -> tensor<{m}x{n}xf32>
  %1 = mlc_tensor.relu %0 : tensor<{m}x{n}xf32> -> tensor<{m}x{n}xf32>
  func.return %1 : tensor<{m}x{n}xf32>
}}""", fuse=("fuse-epilogue",))
