"""gather, concat, pad, pooling and running reductions lowered to kernels, alone and fused into every kernel kind.

Each case is checked twice against the tensor-level interpreter: the mlc_kernel IR run by
the numpy kernel interpreter (which also checks every load stays in bounds), and the
emitted Triton run by Triton's interpreter (TRITON_INTERPRET=1, set by tests/conftest.py
without a GPU). Shapes are odd on purpose: no size a multiple of a block, size-1 dims.
"""

from pathlib import Path

import ml_dtypes
import numpy as np

from mlc.dialects import mlc_kernel as mk
from mlc.ir.context import mlc_context, parse_module
from mlc.lowering.convert_mlc_tensor_to_mlc_kernel import ConvertMlcTensorToMlcKernel
from mlc.runtime.interpreter import find_function, random_inputs, run_function
from mlc.runtime.triton_launcher import TritonModule

from kernel_checks import assert_results_close


def lowered(text: str) -> tuple:
    """(tensor-level module, its lowering to kernels)."""
    module = parse_module(text)
    kernels = module.clone()
    ConvertMlcTensorToMlcKernel().apply(mlc_context(), kernels)
    kernels.verify()
    return module, kernels




def check(text: str, cache: Path, inputs: list[np.ndarray] | None = None, tol: float = 1e-5) -> list[mk.KernelFuncOp]:
    """Kernel IR (numpy) and its Triton (sources cached in `cache`) vs the tensor-level interpreter; the kernels."""
    module, kernels = lowered(text)
    inputs = random_inputs(find_function(module, None), seed=0) if inputs is None else inputs
    want = run_function(module, inputs)
    assert_results_close(run_function(kernels, inputs), want, tol)
    assert_results_close(TritonModule.load(kernels, cache).run(inputs), want, tol)
    return [op for op in kernels.body.block.ops if isinstance(op, mk.KernelFuncOp)]


def ids(shape: tuple[int, ...], high: int, dtype=np.int64, seed: int = 0) -> np.ndarray:
    """Indices in [-3, high + 3): negative and past-the-end ones included (gather clamps them)."""
    return np.random.default_rng(seed).integers(-3, high + 3, shape).astype(dtype)


def floats(*shape: int, seed: int = 0, dtype=np.float32) -> np.ndarray:
    """Standard normal values of `shape`."""
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


# ---- gather ---------------------------------------------------------------------------

EMBEDDING = """
func.func @f(%table: tensor<11x7xf32>, %i: tensor<3x5xi64>) -> tensor<3x5x7xf32> {
  %0 = mlc_tensor.gather %table, %i {axis = 0 : i64} : tensor<11x7xf32>, tensor<3x5xi64> -> tensor<3x5x7xf32>
  func.return %0 : tensor<3x5x7xf32>
}
"""

GATHER_MIDDLE = """
func.func @f(%x: tensor<3x6x1x5xf16>, %i: tensor<4xi32>, %s: tensor<i32>) -> (tensor<3x4x1x5xf16>, tensor<3x1x5xf16>) {
  %0 = mlc_tensor.gather %x, %i {axis = 1 : i64} : tensor<3x6x1x5xf16>, tensor<4xi32> -> tensor<3x4x1x5xf16>
  %1 = mlc_tensor.gather %x, %s {axis = 1 : i64} : tensor<3x6x1x5xf16>, tensor<i32> -> tensor<3x1x5xf16>
  func.return %0, %1 : tensor<3x4x1x5xf16>, tensor<3x1x5xf16>
}
"""

# BERT embeddings: word + position lookups summed, then a layer norm over the hidden axis,
# all in one reduction kernel (the lookups are its prologue).
EMBEDDING_LAYER_NORM = """
func.func @f(%words: tensor<13x37xf32>, %pos: tensor<9x37xf32>, %w: tensor<37xf32>, %b: tensor<37xf32>, %i: tensor<2x9xi64>, %p: tensor<9xi32>) -> tensor<2x9x37xf32> {
  %0 = mlc_tensor.fused (%a = %words, %c = %pos, %d = %w, %e = %b, %f = %i, %g = %p) {kind = "reduction"} : (tensor<13x37xf32>, tensor<9x37xf32>, tensor<37xf32>, tensor<37xf32>, tensor<2x9xi64>, tensor<9xi32>) -> tensor<2x9x37xf32> {
    %1 = mlc_tensor.gather %a, %f {axis = 0 : i64} : tensor<13x37xf32>, tensor<2x9xi64> -> tensor<2x9x37xf32>
    %2 = mlc_tensor.gather %c, %g {axis = 0 : i64} : tensor<9x37xf32>, tensor<9xi32> -> tensor<9x37xf32>
    %3 = mlc_tensor.add %1, %2 : tensor<2x9x37xf32>, tensor<9x37xf32> -> tensor<2x9x37xf32>
    %4 = mlc_tensor.layer_norm %3 weight(%d : tensor<37xf32>) bias(%e : tensor<37xf32>) : tensor<2x9x37xf32> -> tensor<2x9x37xf32>
    mlc_tensor.yield %4 : tensor<2x9x37xf32>
  }
  func.return %0 : tensor<2x9x37xf32>
}
"""


def test_embedding_clamps_out_of_range_ids(tmp_path: Path):
    (kernel,) = check(EMBEDDING, tmp_path, [floats(11, 7), ids((3, 5), 11)])
    assert kernel.sym_name.data == "gather_0"


def test_gather_inner_axis_i32_and_scalar_indices(tmp_path: Path):
    inputs = [floats(3, 6, 1, 5, dtype=np.float16), ids((4,), 6, np.int32), np.array(-2, np.int32)]
    check(GATHER_MIDDLE, tmp_path, inputs, tol=1e-3)


def test_embeddings_fused_into_a_layer_norm(tmp_path: Path):
    weights = [floats(13, 37), floats(9, 37, seed=1), floats(37, seed=2), floats(37, seed=3)]
    inputs = weights + [ids((2, 9), 13), np.arange(9, dtype=np.int32)[::-1].copy()]
    (kernel,) = check(EMBEDDING_LAYER_NORM, tmp_path, inputs, tol=1e-4)
    assert kernel.grid_sizes() == (18,)  # one program per row


# ---- concat ---------------------------------------------------------------------------

CONCAT = """
func.func @f(%a: tensor<3x2x5xf32>, %b: tensor<3x1x5xf32>, %c: tensor<3x4x5xf32>, %x: tensor<2x3xi32>, %y: tensor<5x3xi32>) -> (tensor<3x7x5xf32>, tensor<7x3xi32>) {
  %0 = mlc_tensor.concat %a, %b, %c {axis = 1 : i64} : tensor<3x2x5xf32>, tensor<3x1x5xf32>, tensor<3x4x5xf32> -> tensor<3x7x5xf32>
  %1 = mlc_tensor.concat %x, %y {axis = 0 : i64} : tensor<2x3xi32>, tensor<5x3xi32> -> tensor<7x3xi32>
  func.return %0, %1 : tensor<3x7x5xf32>, tensor<7x3xi32>
}
"""

# A GRU step: [h, x] concatenated along the features and multiplied in one GEMM, the
# concat read tile by tile as the GEMM's prologue, a sigmoid as its epilogue.
CONCAT_MATMUL = """
func.func @f(%h: tensor<5x19xf32>, %x: tensor<5x14xf32>, %w: tensor<33x21xf32>) -> tensor<5x21xf32> {
  %0 = mlc_tensor.fused (%a = %h, %b = %x, %c = %w) {kind = "matmul"} : (tensor<5x19xf32>, tensor<5x14xf32>, tensor<33x21xf32>) -> tensor<5x21xf32> {
    %1 = mlc_tensor.concat %a, %b {axis = 1 : i64} : tensor<5x19xf32>, tensor<5x14xf32> -> tensor<5x33xf32>
    %2 = mlc_tensor.matmul %1, %c : tensor<5x33xf32>, tensor<33x21xf32> -> tensor<5x21xf32>
    %3 = mlc_tensor.sigmoid %2 : tensor<5x21xf32> -> tensor<5x21xf32>
    mlc_tensor.yield %3 : tensor<5x21xf32>
  }
  func.return %0 : tensor<5x21xf32>
}
"""


def test_concat_middle_and_outer_axis(tmp_path: Path):
    check(CONCAT, tmp_path)


def test_concat_as_a_gemm_prologue(tmp_path: Path):
    (kernel,) = check(CONCAT_MATMUL, tmp_path, tol=1e-4)
    assert kernel.sym_name.data == "matmul_0"


# ---- pad ------------------------------------------------------------------------------

PAD = """
func.func @f(%x: tensor<3x4xf32>, %y: tensor<2x1x5xi32>) -> (tensor<6x5xf32>, tensor<7x9xf32>, tensor<3x7xf32>, tensor<4x1x6xi32>) {
  %0 = mlc_tensor.pad %x {low = array<i64: 1, 0>, high = array<i64: 2, 1>, value = -1.5 : f64} : tensor<3x4xf32> -> tensor<6x5xf32>
  %1 = mlc_tensor.pad %x {low = array<i64: 2, 3>, high = array<i64: 2, 2>, mode = "reflect"} : tensor<3x4xf32> -> tensor<7x9xf32>
  %2 = mlc_tensor.pad %x {low = array<i64: 0, 1>, high = array<i64: 0, 2>, mode = "replicate"} : tensor<3x4xf32> -> tensor<3x7xf32>
  %3 = mlc_tensor.pad %y {low = array<i64: 1, 0, 0>, high = array<i64: 1, 0, 1>, value = 7.0 : f64} : tensor<2x1x5xi32> -> tensor<4x1x6xi32>
  func.return %0, %1, %2, %3 : tensor<6x5xf32>, tensor<7x9xf32>, tensor<3x7xf32>, tensor<4x1x6xi32>
}
"""

# pad -> tanh -> add: one elementwise kernel, the tanh computed on the fill value too.
PAD_FUSED = """
func.func @f(%x: tensor<5x3xf32>, %b: tensor<7xf32>) -> tensor<6x7xf32> {
  %0 = mlc_tensor.fused (%a = %x, %c = %b) {kind = "elementwise"} : (tensor<5x3xf32>, tensor<7xf32>) -> tensor<6x7xf32> {
    %1 = mlc_tensor.pad %a {low = array<i64: 0, 2>, high = array<i64: 1, 2>, value = 0.5 : f64} : tensor<5x3xf32> -> tensor<6x7xf32>
    %2 = mlc_tensor.tanh %1 : tensor<6x7xf32> -> tensor<6x7xf32>
    %3 = mlc_tensor.add %2, %c : tensor<6x7xf32>, tensor<7xf32> -> tensor<6x7xf32>
    mlc_tensor.yield %3 : tensor<6x7xf32>
  }
  func.return %0 : tensor<6x7xf32>
}
"""


def test_pad_modes(tmp_path: Path):
    check(PAD, tmp_path)


def test_pad_in_an_elementwise_group(tmp_path: Path):
    (kernel,) = check(PAD_FUSED, tmp_path)
    assert kernel.sym_name.data == "add_0"


# ---- pooling --------------------------------------------------------------------------

MAX_POOL = """
func.func @f(%x: tensor<2x3x9x7xf32>, %h: tensor<1x6x5x3xbf16>) -> (tensor<2x3x4x4xf32>, tensor<2x3x3x3xf32>, tensor<1x3x3x3xbf16>) {
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, dilation = array<i64: 2, 1>, ceil_mode = true} : tensor<2x3x9x7xf32> -> tensor<2x3x4x4xf32>
  %1 = mlc_tensor.max_pool2d %x {kernel = array<i64: 3, 2>} : tensor<2x3x9x7xf32> -> tensor<2x3x3x3xf32>
  %2 = mlc_tensor.max_pool2d %h {kernel = array<i64: 2, 2>, strides = array<i64: 2, 1>, padding = array<i64: 0, 1, 1, 0>, layout = "nhwc"} : tensor<1x6x5x3xbf16> -> tensor<1x3x3x3xbf16>
  func.return %0, %1, %2 : tensor<2x3x4x4xf32>, tensor<2x3x3x3xf32>, tensor<1x3x3x3xbf16>
}
"""

AVG_POOL = """
func.func @f(%x: tensor<2x3x9x7xf32>, %h: tensor<1x7x8x3xf16>) -> (tensor<2x3x5x4xf32>, tensor<2x3x5x4xf32>, tensor<1x4x4x3xf16>) {
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 3, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 0>, ceil_mode = true} : tensor<2x3x9x7xf32> -> tensor<2x3x5x4xf32>
  %1 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 3, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 0>, ceil_mode = true, count_include_pad = false} : tensor<2x3x9x7xf32> -> tensor<2x3x5x4xf32>
  %2 = mlc_tensor.avg_pool2d %h {kernel = array<i64: 2, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 1>, count_include_pad = false, layout = "nhwc"} : tensor<1x7x8x3xf16> -> tensor<1x4x4x3xf16>
  func.return %0, %1, %2 : tensor<2x3x5x4xf32>, tensor<2x3x5x4xf32>, tensor<1x4x4x3xf16>
}
"""

# relu -> max_pool2d (pool after a conv epilogue), then a global average pool: one reduction
# kernel whose rows are the pooled 4x3 planes, the relu and the pool computed per lane.
POOL_REDUCE = """
func.func @f(%x: tensor<2x5x7x6xf32>) -> tensor<2x5xf32> {
  %0 = mlc_tensor.fused (%a = %x) {kind = "reduction"} : (tensor<2x5x7x6xf32>) -> tensor<2x5xf32> {
    %1 = mlc_tensor.relu %a : tensor<2x5x7x6xf32> -> tensor<2x5x7x6xf32>
    %2 = mlc_tensor.max_pool2d %1 {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>} : tensor<2x5x7x6xf32> -> tensor<2x5x4x3xf32>
    %3 = mlc_tensor.reduce_mean %2 {axes = array<i64: 2, 3>} : tensor<2x5x4x3xf32> -> tensor<2x5xf32>
    mlc_tensor.yield %3 : tensor<2x5xf32>
  }
  func.return %0 : tensor<2x5xf32>
}
"""


def test_max_pool_padding_dilation_ceil_mode_and_nhwc(tmp_path: Path):
    x = floats(2, 3, 9, 7)
    x[0, 1, 4, 3] = np.nan  # the windows holding it are NaN in both
    h = floats(1, 6, 5, 3, seed=1).astype(ml_dtypes.bfloat16)
    check(MAX_POOL, tmp_path, [x, h])  # maxima are exact, bf16 ones too


def test_avg_pool_count_include_pad_both_ways(tmp_path: Path):
    check(AVG_POOL, tmp_path, tol=1e-3)


def test_pool_fused_between_relu_and_a_mean(tmp_path: Path):
    (kernel,) = check(POOL_REDUCE, tmp_path, tol=1e-5)
    assert kernel.grid_sizes() == (10,)


# ---- running reductions ---------------------------------------------------------------

SCAN = """
func.func @f(%x: tensor<2x7x3xf32>, %m: tensor<3x6xi64>, %b: tensor<5xi1>) -> (tensor<2x7x3xf32>, tensor<3x6xi64>, tensor<2x7x3xf32>, tensor<5xi1>, tensor<3x6xi64>) {
  %0 = mlc_tensor.cumsum %x {axis = 1 : i64} : tensor<2x7x3xf32> -> tensor<2x7x3xf32>
  %1 = mlc_tensor.cumsum %m {axis = 1 : i64, exclusive} : tensor<3x6xi64> -> tensor<3x6xi64>
  %2 = mlc_tensor.cummax %x {axis = 1 : i64, reverse} : tensor<2x7x3xf32> -> tensor<2x7x3xf32>
  %3 = mlc_tensor.cummin %b {axis = 0 : i64} : tensor<5xi1> -> tensor<5xi1>
  %4 = mlc_tensor.cumprod %m {axis = 0 : i64, reverse, exclusive} : tensor<3x6xi64> -> tensor<3x6xi64>
  func.return %0, %1, %2, %3, %4 : tensor<2x7x3xf32>, tensor<3x6xi64>, tensor<2x7x3xf32>, tensor<5xi1>, tensor<3x6xi64>
}
"""

# GPT-2's position ids from an attention mask: cumsum(mask) * mask - 1, one elementwise kernel.
SCAN_FUSED = """
func.func @f(%mask: tensor<2x9xi64>) -> tensor<2x9xi64> {
  %0 = mlc_tensor.fused (%a = %mask) {kind = "elementwise"} : (tensor<2x9xi64>) -> tensor<2x9xi64> {
    %one = mlc_tensor.constant dense<1> : tensor<1xi64>
    %1 = mlc_tensor.cumsum %a {axis = 1 : i64} : tensor<2x9xi64> -> tensor<2x9xi64>
    %2 = mlc_tensor.mul %1, %a : tensor<2x9xi64>, tensor<2x9xi64> -> tensor<2x9xi64>
    %3 = mlc_tensor.sub %2, %one : tensor<2x9xi64>, tensor<1xi64> -> tensor<2x9xi64>
    mlc_tensor.yield %3 : tensor<2x9xi64>
  }
  func.return %0 : tensor<2x9xi64>
}
"""


def test_running_reductions_both_directions(tmp_path: Path):
    x = floats(2, 7, 3)
    x[1, 3, 2] = np.nan  # the running max holds it from there on (back to the start, reversed)
    m = np.random.default_rng(1).integers(-4, 5, (3, 6)).astype(np.int64)
    check(SCAN, tmp_path, [x, m, np.array([1, 1, 0, 1, 1], bool)], tol=1e-5)


def test_position_ids_from_a_mask(tmp_path: Path):
    mask = np.ones((2, 9), np.int64)
    mask[1, 6:] = 0
    (kernel,) = check(SCAN_FUSED, tmp_path, [mask])
    assert kernel.sym_name.data == "sub_0"
