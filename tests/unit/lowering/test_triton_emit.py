"""Emitted Triton code, run by Triton's CPU interpreter (CUDA with -m gpu), against the numpy mlc_kernel interpreter."""

import importlib.util
import re
from pathlib import Path

import ml_dtypes
import numpy as np
import pytest
import torch
from xdsl.dialect_interfaces.op_asm import OpAsmDialectInterface
from xdsl.dialects.builtin import Builtin

from mlc.ir.context import mlc_context, parse_module
from mlc.lowering.convert_mlc_tensor_to_mlc_kernel import ConvertMlcTensorToMlcKernel
from mlc.passes import PASSES
from mlc.runtime.interpreter import InterpreterInputError, find_function, random_inputs, run_function, run_kernel
from mlc.runtime.triton_launcher import TritonModule

FILECHECK = Path(__file__).parents[2] / "filecheck"
DIALECT_OPS = FILECHECK / "dialects" / "mlc_kernel" / "ops.mlir"  # add, f16 matmul with K loop, block ops, arena host
KERNELS = FILECHECK / "lowering" / "triton" / "kernels.mlir"  # f16 softmax, bf16 elementwise, host @main
MLP = FILECHECK / "lowering" / "triton" / "mlp.mlir"  # tensor level: a two-layer MLP with its weights


@pytest.fixture
def interpret(monkeypatch: pytest.MonkeyPatch) -> None:
    """Kernels imported while this is active run in Triton's interpreter on CPU tensors."""
    monkeypatch.setenv("TRITON_INTERPRET", "1")


def load(path: Path, tmp_path: Path) -> TritonModule:
    """Parse an .mlir file and load its Triton module from a fresh cache directory."""
    return TritonModule.load(parse_module(path.read_text()), tmp_path)


def compare_host(program: TritonModule, entry: str, device: str, inputs: list[np.ndarray], atol: float) -> None:
    """The host function's results equal the interpreter's (dtype, shape, values; NaN where NaN)."""
    want = run_function(program.ir, inputs, entry)
    got = program.run(inputs, entry, device=device)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g.dtype == w.dtype and g.shape == w.shape
        np.testing.assert_allclose(g.astype(np.float64), w.astype(np.float64), rtol=1e-3, atol=atol, equal_nan=True)


def test_forward_add_and_f16_matmul(interpret: None, tmp_path: Path) -> None:
    # 1000 elements over BLOCK=256, and a 100x96x80 matmul over 64x32x32 tiles: every tail is masked.
    program = load(DIALECT_OPS, tmp_path)
    inputs = random_inputs(find_function(program.ir, "forward"), seed=0)
    compare_host(program, "forward", "cpu", inputs, atol=1e-4)


def test_row_stats_kernel_block_ops(interpret: None, tmp_path: Path) -> None:
    # reshape, trans, NaN-propagating max, argmax, sum, num_programs, atomic_add, cache hints.
    program = load(DIALECT_OPS, tmp_path)
    rng = np.random.default_rng(1)
    x = rng.standard_normal(8 * 64).astype(np.float32)
    x[70] = np.nan  # row 1: its max and relu sum are NaN in both
    buffers = [x, np.zeros(8, np.float32), np.zeros(8, np.int32), np.zeros(1, np.float32)]
    run_kernel(program.ir, "row_stats_kernel", buffers)
    tensors = [torch.from_numpy(b.copy()) if i == 0 else torch.zeros_like(torch.from_numpy(b)) for i, b in enumerate(buffers)]
    program.launch("row_stats_kernel", tensors)
    np.testing.assert_allclose(tensors[1].numpy(), buffers[1], equal_nan=True)
    np.testing.assert_array_equal(tensors[2].numpy()[[0, *range(2, 8)]], buffers[2][[0, *range(2, 8)]])
    np.testing.assert_allclose(tensors[3].numpy(), buffers[3], rtol=1e-5)  # relu drops the NaN from the sums


def test_f16_softmax_and_bf16_kernel_odd_sizes(interpret: None, tmp_path: Path) -> None:
    # 3 rows of 50 in BLOCK=64 (f16, f32 math inside); 37 bf16 values over two programs of 32.
    program = load(KERNELS, tmp_path)
    rng = np.random.default_rng(2)
    x = (3 * rng.standard_normal((3, 50))).astype(np.float16)
    b = rng.standard_normal(37).astype(ml_dtypes.bfloat16)
    b[10] = np.nan  # tanh and maximumf propagate it; argmin must not crash on it
    compare_host(program, "main", "cpu", [x, b], atol=1e-2)


def test_mlp_weights_travel_in_an_npz_beside_the_source(interpret: None, tmp_path: Path) -> None:
    # The tensor-level MLP (interpreter) vs. its lowering emitted as Triton, weights read from the .npz.
    ctx = mlc_context()
    module = parse_module(MLP.read_text())
    PASSES["fuse-epilogue"]()().apply(ctx, module)
    lowered = module.clone()
    ConvertMlcTensorToMlcKernel().apply(ctx, lowered)
    program = TritonModule.load(lowered, tmp_path)
    inputs = random_inputs(find_function(module, None), seed=3)
    (want,) = run_function(module, inputs)
    (got,) = program.run(inputs, device="cpu")
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    # Keys are the resource handles (renamed fc1.weight_0, ... when the file was parsed before) or IR names.
    files = np.load(program.path.with_suffix(".npz")).files
    assert len(files) == 4 and all(f"_weight({key!r}, " in program.source() for key in files)
    assert re.search(r"_weight\('fc1\.weight(_\d+)?', torch\.float32, \(10, 12\), device\)", program.source())
    # Other bytes behind the same handle (the same IR text) are another module: the key covers them.
    key = next(f for f in files if f.startswith("fc1.bias"))
    Builtin.get_interface(OpAsmDialectInterface).parse_resource(key, "0x04000000" + "00" * 40)
    again = TritonModule.load(lowered, tmp_path)
    assert again.path != program.path
    (zero_bias,) = again.run(inputs, device="cpu")
    assert not np.allclose(zero_bias, got)


def test_missing_weights_file_is_reported(interpret: None, tmp_path: Path) -> None:
    program = load(DIALECT_OPS, tmp_path)
    program.path.with_suffix(".npz").unlink()
    with pytest.raises(FileNotFoundError, match="the weights of this module are missing"):
        program.run([np.zeros(4, np.float32)], "with_weights", device="cpu")


def test_source_is_cached_under_the_ir_hash(interpret: None, tmp_path: Path) -> None:
    first = load(KERNELS, tmp_path)
    second = load(KERNELS, tmp_path)
    files = list(tmp_path.glob("mlc_*.py"))
    assert files == [first.path] and second.path == first.path
    assert first.path.read_text() == first.source()
    assert "def softmax_kernel(x, y, n, BLOCK: tl.constexpr):" in first.source()
    other = load(DIALECT_OPS, tmp_path)
    assert other.path != first.path


def test_launch_errors(interpret: None, tmp_path: Path) -> None:
    program = load(KERNELS, tmp_path)
    with pytest.raises(InterpreterInputError, match="no mlc_kernel.func named 'nope'"):
        program.launch("nope", [])
    with pytest.raises(InterpreterInputError, match="@softmax_kernel expects 3 argument"):
        program.launch("softmax_kernel", [torch.zeros(4)])


def test_run_checks_inputs_like_the_interpreter(interpret: None, tmp_path: Path) -> None:
    program = load(KERNELS, tmp_path)
    with pytest.raises(InterpreterInputError, match=r"expected shape \[3, 50\]"):
        program.run([np.zeros((3, 49), np.float16), np.zeros(37, ml_dtypes.bfloat16)], device="cpu")


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs an NVIDIA GPU")
def test_on_cuda(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # The same emitted code compiled by Triton for the GPU (no interpreter).
    monkeypatch.setenv("TRITON_INTERPRET", "0")
    program = load(DIALECT_OPS, tmp_path)
    inputs = random_inputs(find_function(program.ir, "forward"), seed=0)
    compare_host(program, "forward", "cuda", inputs, atol=1e-3)
    kernels = load(KERNELS, tmp_path / "kernels")
    rng = np.random.default_rng(2)
    x = (3 * rng.standard_normal((3, 50))).astype(np.float16)
    b = rng.standard_normal(37).astype(ml_dtypes.bfloat16)
    compare_host(kernels, "main", "cuda", [x, b], atol=1e-2)


def test_mlc_opt_writes_the_weights_beside_its_output(interpret: None, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    # `mlc-opt -t triton -o model.py` gives model.py and model.npz: the file runs on its own.
    from mlc.tools.mlc_opt import MlcOptMain

    out = tmp_path / "model.py"
    args = [str(MLP), "-p", "fuse-epilogue,convert-mlc-tensor-to-mlc-kernel", "-t", "triton"]
    assert MlcOptMain([*args, "-o", str(out)]).run() == 0
    spec = importlib.util.spec_from_file_location("standalone_mlp", out)
    standalone = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(standalone)
    module = parse_module(MLP.read_text())
    inputs = random_inputs(find_function(module, None), seed=4)
    (want,) = run_function(module, inputs)
    (got,) = standalone.run(*(torch.from_numpy(x) for x in inputs), device="cpu")
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-5, atol=1e-6)
    # To stdout, the weights cannot follow: one warning says how to get them.
    assert MlcOptMain(args).run() == 0
    assert "the .npz file that goes beside this output is not written to stdout; pass -o FILE" in capsys.readouterr().err


MATH_FUNCTIONS = """
func.func @f(%x: tensor<40xf32>, %y: tensor<40xf32>, %u: tensor<40xf32>) -> (tensor<40xf32>, tensor<40xf32>, tensor<40xf32>, tensor<40xf32>, tensor<40xf32>, tensor<40xf32>, tensor<40xf32>, tensor<40xf32>, tensor<40xf32>, tensor<40xf16>) {
  %0 = mlc_tensor.trunc %x : tensor<40xf32> -> tensor<40xf32>
  %1 = mlc_tensor.round %x : tensor<40xf32> -> tensor<40xf32>
  %2 = mlc_tensor.log1p %u : tensor<40xf32> -> tensor<40xf32>
  %3 = mlc_tensor.expm1 %x : tensor<40xf32> -> tensor<40xf32>
  %4 = mlc_tensor.atan %x : tensor<40xf32> -> tensor<40xf32>
  %5 = mlc_tensor.asin %u : tensor<40xf32> -> tensor<40xf32>
  %6 = mlc_tensor.acos %u : tensor<40xf32> -> tensor<40xf32>
  %7 = mlc_tensor.atan2 %x, %y : tensor<40xf32>, tensor<40xf32> -> tensor<40xf32>
  %8 = mlc_tensor.pow %x, %y : tensor<40xf32>, tensor<40xf32> -> tensor<40xf32>
  %h = mlc_tensor.cast %x : tensor<40xf32> -> tensor<40xf16>
  %9 = mlc_tensor.atan %h : tensor<40xf16> -> tensor<40xf16>
  func.return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<40xf32>, tensor<40xf32>, tensor<40xf32>, tensor<40xf32>, tensor<40xf32>, tensor<40xf32>, tensor<40xf32>, tensor<40xf32>, tensor<40xf32>, tensor<40xf16>
}
"""


def test_math_functions_missing_from_tritons_core(interpret: None, tmp_path: Path) -> None:
    # trunc, round-half-even, log1p, expm1, atan/asin/acos/atan2 and pow are built from core
    # functions (helpers.py); edge values: ties, signed zeros, tiny and huge magnitudes, x < 0 ** y.
    x = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, -0.0, 0.0, 1e-8, -1e-8, 3.7, -3.7, 1e6, -1e6, 0.3, 2.0,
                  -2.0, 0.75, 9.0, -0.2] * 2, np.float32)
    y = np.array([2.0, 3.0, -1.0, 0.5, 0.0, -2.0, 1.0, -1.0, 2.0, 3.0, 0.5, 1.5, 0.0, 2.0, -0.5, 10.0,
                  3.0, 4.0, 0.5, 2.0] * 2, np.float32)
    u = np.linspace(-0.999, 0.999, 40).astype(np.float32)
    u[:4] = [1e-9, -1e-9, 1.0, -1.0]
    module = parse_module(MATH_FUNCTIONS)
    lowered = module.clone()
    ConvertMlcTensorToMlcKernel().apply(mlc_context(), lowered)
    program = TritonModule.load(lowered, tmp_path)
    want = run_function(module, [x, y, u])
    got = program.run([x, y, u], device="cpu")
    for g, w in zip(got, want):
        assert g.dtype == w.dtype
        np.testing.assert_allclose(g.astype(np.float64), w.astype(np.float64), rtol=2e-6 if w.dtype == np.float32 else 1e-3, atol=1e-7, equal_nan=True)
