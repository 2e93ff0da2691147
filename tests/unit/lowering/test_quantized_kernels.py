"""mlc_quant ops as kernels: each op lowered to mlc_kernel matches the mlc_quant interpreter, and so does its Triton.

Every case runs three ways on the same inputs: the tensor-level function on the reference
interpreter (mlc_quant's bit-exact semantics), its lowering on the mlc_kernel interpreter,
and the emitted Triton (TRITON_INTERPRET=1 without a GPU). Integer results must be equal bit
for bit; float results agree to f32 rounding (the dot sums in another order). Shapes are odd:
GEMVs with M = 1, N and K no multiple of any block, K odd for packed int4 (only group-wise
scales need K divisible by the group size, and 2:4 by 4).
"""

from pathlib import Path

import numpy as np
import pytest
from xdsl.dialects import scf
from xdsl.dialects.builtin import Float16Type, IntegerType, Signedness, TensorType, f32, i8
from xdsl.utils.exceptions import PassFailedException

import mlc
from mlc.dialects.mlc_kernel import DotOp, KernelFuncOp
from mlc.dialects.mlc_quant import Sparse24Attr, UniformQuantizedType, encode_constant
from mlc.ir.context import mlc_context, parse_module
from mlc.lowering.convert_mlc_tensor_to_mlc_kernel import ConvertMlcTensorToMlcKernel
from mlc.passes.sparsify_2_4 import prune_2_4
from mlc.runtime.interpreter import run_function
from mlc.runtime.kernel_table import kernel_table
from mlc.runtime.triton_launcher import TritonModule

F16 = Float16Type()


def dense(array: np.ndarray, element: str) -> str:
    """An inline dense literal typed as a tensor of `element`."""
    shape = "x".join(map(str, array.shape))
    return f"dense<{np.asarray(array).tolist()}> : tensor<{shape}x{element}>"


def quantized(shape, bits, expressed=f32, axis=None, group=0, zero_points=False, seed=0, storage_min=None) -> TensorType:
    """A quantized tensor type with varied positive scales (and nonzero zero points if asked)."""
    rng = np.random.default_rng(seed)
    if axis is None:
        params_shape = ()
    elif group:
        params_shape = tuple(d // group if i == axis else d for i, d in enumerate(shape))
    else:
        params_shape = (shape[axis],)
    scales = rng.uniform(0.01, 0.2, params_shape).astype(np.float32)
    zps = rng.integers(-3, 4, params_shape) if zero_points else np.zeros(params_shape, np.int64)
    qtype = UniformQuantizedType.make(IntegerType(bits), expressed, scales, zps, axis=axis, group_size=group,
                                      storage_min=storage_min)
    return TensorType(qtype, shape)


def weight(typ: TensorType, seed: int = 1, sparse: bool = False) -> tuple[str, np.ndarray]:
    """(mlc_quant.constant text, logical storage or float array) of a random weight of type `typ`."""
    rng = np.random.default_rng(seed)
    qtype = typ.get_element_type()
    if isinstance(qtype, UniformQuantizedType):
        lo, hi = qtype.storage_bounds()
        array = rng.integers(lo, hi + 1, typ.get_shape()).astype(np.int8)
    else:
        array = rng.standard_normal(typ.get_shape()).astype(np.float16 if qtype == F16 else np.float32)
    if sparse:
        array = prune_2_4(array)
    values, indices = encode_constant(array, typ)
    text = f"mlc_quant.constant {dense(values, BLOB_NAMES[values.dtype])}"
    if indices is not None:
        text += f", {dense(indices, 'ui8')}"
    return f"{text} -> {typ}", array


BLOB_NAMES = {np.dtype(np.uint8): "ui8", np.dtype(np.int8): "i8", np.dtype(np.float32): "f32", np.dtype(np.float16): "f16"}
"""numpy dtype of a values blob -> its MLIR element spelling."""


def kernels_of(text: str, **options) -> tuple:
    """(tensor-level module, lowered module) of `text`."""
    module = parse_module(text)
    module.verify()
    lowered = module.clone()
    ConvertMlcTensorToMlcKernel(**options).apply(mlc_context(), lowered)
    lowered.verify()
    return module, lowered


def three_ways(text: str, inputs: list[np.ndarray], tmp_path: Path, rtol: float = 1e-5, **options) -> list[KernelFuncOp]:
    """Reference interpreter vs lowered IR vs Triton on `inputs`; returns the kernels."""
    module, lowered = kernels_of(text, **options)
    want = run_function(module, inputs)
    for got in (run_function(lowered, inputs), TritonModule.load(lowered, tmp_path).run(inputs, device="cpu")):
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert g.dtype == w.dtype and g.shape == w.shape
            if np.issubdtype(w.dtype, np.integer):
                np.testing.assert_array_equal(g, w)
            else:
                np.testing.assert_allclose(g.astype(np.float64), w.astype(np.float64), rtol=rtol, atol=rtol, equal_nan=True)
    return [op for op in lowered.body.block.ops if isinstance(op, KernelFuncOp)]


def floats(shape, seed=0, dtype=np.float32) -> np.ndarray:
    """Random normal values of `shape`."""
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def int8s(shape, seed=0) -> np.ndarray:
    """Random int8 values over the whole range."""
    return np.random.default_rng(seed).integers(-128, 128, shape).astype(np.int8)


def has_dot(kernel: KernelFuncOp) -> bool:
    """Whether a kernel multiplies through tl.dot (a GEMM) rather than a product summed along K (a GEMV)."""
    return any(isinstance(op, DotOp) for op in kernel.walk())


# ---- conversions ---------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")  # NaN / scale in Triton's interpreter
def test_quantize_rounds_half_even_saturates_and_maps_nan_to_the_zero_point(tmp_path: Path) -> None:
    # Per channel, per tensor, per group of 7 (read back through dequantize), and into i32
    # storage (its add and clamp in f64, 2^31 - 1 being no f32).
    per_axis = quantized((5, 7), 8, axis=1, zero_points=True, seed=2)
    per_group = quantized((5, 14), 8, axis=1, group=7, zero_points=True, seed=3)
    per_tensor = TensorType(UniformQuantizedType.make(IntegerType(8), f32, np.float32(0.5), -3), (5, 7))
    wide = TensorType(UniformQuantizedType.make(IntegerType(32), f32, np.float32(3e-7), 1000), (5, 7))
    text = f"""
    func.func @f(%x: tensor<5x7xf32>, %y: tensor<5x14xf32>) -> (tensor<5x7xi8>, tensor<5x14xf32>, tensor<5x7xi8>, tensor<5x7xi32>) {{
      %a = mlc_quant.quantize %x : tensor<5x7xf32> -> {per_axis}
      %c = mlc_quant.quantize %x : tensor<5x7xf32> -> {per_tensor}
      %sa = mlc_quant.storage_cast %a : {per_axis} -> tensor<5x7xi8>
      %b = mlc_quant.quantize %y : tensor<5x14xf32> -> {per_group}
      %db = mlc_quant.dequantize %b : {per_group} -> tensor<5x14xf32>
      %sc = mlc_quant.storage_cast %c : {per_tensor} -> tensor<5x7xi8>
      %e = mlc_quant.quantize %x : tensor<5x7xf32> -> {wide}
      %se = mlc_quant.storage_cast %e : {wide} -> tensor<5x7xi32>
      func.return %sa, %db, %sc, %se : tensor<5x7xi8>, tensor<5x14xf32>, tensor<5x7xi8>, tensor<5x7xi32>
    }}"""
    x = floats((5, 7)) * 10
    x[0, :6] = [np.nan, np.inf, -np.inf, 0.25, 0.75, -1.25]  # ties at scale 0.5: 0, 2, -2 (to even)
    x[1, :3] = [1e30, -1e30, 63.75]
    inputs = [x, floats((5, 14), 1) * 2]
    three_ways(text, inputs, tmp_path, rtol=0)
    want = run_function(parse_module(text), inputs)
    assert want[2][0, :6].tolist() == [-3, 127, -128, -3, -1, -5]


def test_dequantize_and_requantize_from_an_i32_accumulator(tmp_path: Path) -> None:
    # The W8A8 epilogues on their own: an i32 sum read per channel (scale sx * sw[n]),
    # dequantized and requantized to per-tensor int8 (fixed-point multiplier per channel);
    # an f16 per-row int8 tensor dequantized, and requantized per tensor (one multiplier).
    acc = quantized((3, 9), 32, axis=1, seed=4)
    out = TensorType(UniformQuantizedType.make(IntegerType(8), f32, np.float32(0.37), 5, storage_min=-127), (3, 9))
    half = quantized((3, 9), 8, expressed=F16, axis=0, zero_points=True, seed=5)
    narrow = TensorType(UniformQuantizedType.make(IntegerType(8), F16, np.float32(0.021), -2), (3, 9))
    text = f"""
    func.func @f(%s: tensor<3x9xi32>, %q: tensor<3x9xi8>) -> (tensor<3x9xf32>, tensor<3x9xi8>, tensor<3x9xf16>, tensor<3x9xi8>) {{
      %a = mlc_quant.storage_cast %s : tensor<3x9xi32> -> {acc}
      %d = mlc_quant.dequantize %a : {acc} -> tensor<3x9xf32>
      %r = mlc_quant.requantize %a : {acc} -> {out}
      %rs = mlc_quant.storage_cast %r : {out} -> tensor<3x9xi8>
      %h = mlc_quant.storage_cast %q : tensor<3x9xi8> -> {half}
      %hd = mlc_quant.dequantize %h : {half} -> tensor<3x9xf16>
      %t = mlc_quant.requantize %h : {half} -> {narrow}
      %ts = mlc_quant.storage_cast %t : {narrow} -> tensor<3x9xi8>
      func.return %d, %rs, %hd, %ts : tensor<3x9xf32>, tensor<3x9xi8>, tensor<3x9xf16>, tensor<3x9xi8>
    }}"""
    s = np.random.default_rng(7).integers(-(2**31), 2**31 - 1, (3, 9)).astype(np.int32)
    s[0, :4] = [2**31 - 1, -(2**31), 0, 1]
    three_ways(text, [s, int8s((3, 9), 8)], tmp_path, rtol=0)


def test_packed_and_sparse_constants_dequantize_elementwise(tmp_path: Path) -> None:
    # What weight-only conv2d reads (quantize's dequantize of its constant): int4 per group
    # of 6 with zero points, K odd per tensor, and int8 2:4, decoded lane by lane.
    types = [quantized((5, 18), 4, axis=1, group=6, zero_points=True, seed=71),
             quantized((5, 9), 4, zero_points=True, seed=72),
             TensorType(quantized((5, 8), 8, axis=0, seed=73).get_element_type(), (5, 8), Sparse24Attr(1))]
    body, results = [], []
    for i, typ in enumerate(types):
        text, _ = weight(typ, seed=80 + i, sparse=i == 2)
        shape = "x".join(map(str, typ.get_shape()))
        results.append(f"tensor<{shape}xf32>")
        body += [f"%w{i} = {text}"]
        if i == 2:  # a 2:4 tensor only feeds sparse_matmul: read it through an identity lhs
            body += [f"%y{i} = mlc_quant.sparse_matmul %eye, %w{i} : tensor<8x8xf32>, {typ} -> tensor<8x5xf32>"]
            results[-1] = "tensor<8x5xf32>"
        else:
            body += [f"%y{i} = mlc_quant.dequantize %w{i} : {typ} -> {results[-1]}"]
    text = f"""
    func.func @f(%eye: tensor<8x8xf32>) -> ({", ".join(results)}) {{
      {chr(10).join(body)}
      func.return %y0, %y1, %y2 : {", ".join(results)}
    }}"""
    three_ways(text, [np.eye(8, dtype=np.float32)], tmp_path, rtol=0)


# ---- GEMMs ---------------------------------------------------------------------------------


def test_w8a8_matmul_with_zero_points_on_either_side(tmp_path: Path) -> None:
    # GEMV (M = 1) with a per-tensor lhs zero point and per-channel weight zero points (both
    # corrections), a 3-D lhs with a property zero point against packed int4 weights (K odd),
    # the symmetric case, which is the dot alone, and an i8 weight argument with zero points.
    x1 = TensorType(UniformQuantizedType.make(IntegerType(8), f32, np.float32(0.1), -5), (1, 37))
    w1, _ = weight(quantized((19, 37), 8, axis=0, zero_points=True, seed=11), seed=12)
    w2, _ = weight(quantized((19, 37), 4, zero_points=True, seed=13), seed=14)
    w3, _ = weight(quantized((19, 37), 8, axis=0, seed=15, storage_min=-127), seed=16)
    text = f"""
    func.func @f(%a: tensor<1x37xi8>, %b: tensor<2x3x37xi8>, %r: tensor<19x37xi8>) -> (tensor<1x19xi32>, tensor<2x3x19xi32>, tensor<2x3x19xi32>, tensor<2x3x19xi32>) {{
      %x1 = mlc_quant.storage_cast %a : tensor<1x37xi8> -> {x1}
      %w1 = {w1}
      %y1 = mlc_quant.matmul %x1, %w1 : {x1}, {w1.split(' -> ')[-1]} -> tensor<1x19xi32>
      %w2 = {w2}
      %y2 = mlc_quant.matmul %b, %w2 {{lhs_zero_point = 7 : i64}} : tensor<2x3x37xi8>, {w2.split(' -> ')[-1]} -> tensor<2x3x19xi32>
      %w3 = {w3}
      %y3 = mlc_quant.matmul %b, %w3 : tensor<2x3x37xi8>, {w3.split(' -> ')[-1]} -> tensor<2x3x19xi32>
      %y4 = mlc_quant.matmul %b, %r {{lhs_zero_point = 7 : i64, rhs_zero_point = -2 : i64}} : tensor<2x3x37xi8>, tensor<19x37xi8> -> tensor<2x3x19xi32>
      func.return %y1, %y2, %y3, %y4 : tensor<1x19xi32>, tensor<2x3x19xi32>, tensor<2x3x19xi32>, tensor<2x3x19xi32>
    }}"""
    kernels = three_ways(text, [int8s((1, 37), 1), int8s((2, 3, 37), 2), int8s((19, 37), 3)], tmp_path)
    # The K loop, plus one over A for its row sums when the weight has zero points; a constant
    # weight's column sums are a buffer, a weight argument's another loop (matmul_3).
    loops = {k.sym_name.data: sum(isinstance(op, scf.ForOp) for op in k.walk()) for k in kernels}
    assert loops == {"storage_cast_0": 0, "matmul_0": 2, "matmul_1": 2, "matmul_2": 1, "matmul_3": 3}
    assert all(any(isinstance(op, DotOp) and op.a.type.get_element_type() == i8 for op in k.walk())
               for k in kernels if k.sym_name.data.startswith("matmul"))


def test_weight_only_int8_and_int4_gemm_and_gemv(tmp_path: Path) -> None:
    # int8 per channel with zero points (GEMV), int4 per channel with K odd (the last byte
    # half used; M = 11 rows: the dot), int4 per group of 8 with f16 activations (GEMV, M = 3),
    # int8 per group of 8 (GEMV).
    types = [quantized((19, 37), 8, axis=0, zero_points=True, seed=21),
             quantized((19, 37), 4, axis=0, seed=22, storage_min=-7),
             quantized((19, 40), 4, expressed=F16, axis=1, group=8, zero_points=True, seed=23),
             quantized((19, 40), 8, axis=1, group=8, seed=24)]
    lhs = ["tensor<1x37xf32>", "tensor<11x37xf32>", "tensor<3x40xf16>", "tensor<1x40xf32>"]
    results = ["tensor<1x19xf32>", "tensor<11x19xf32>", "tensor<3x19xf16>", "tensor<1x19xf32>"]
    body = []
    for i, (typ, x, y) in enumerate(zip(types, lhs, results)):
        text, _ = weight(typ, seed=30 + i)
        body += [f"%w{i} = {text}", f"%y{i} = mlc_quant.weight_only_matmul %x{i}, %w{i} : {x}, {typ} -> {y}"]
    args = ", ".join(f"%x{i}: {x}" for i, x in enumerate(lhs))
    text = f"""
    func.func @f({args}) -> ({", ".join(results)}) {{
      {chr(10).join(body)}
      func.return %y0, %y1, %y2, %y3 : {", ".join(results)}
    }}"""
    inputs = [floats((1, 37), 1), floats((11, 37), 2), floats((3, 40), 3, np.float16), floats((1, 40), 4)]
    kernels = three_ways(text, inputs, tmp_path, rtol=2e-3)
    assert [k.sym_name.data for k in kernels] == [f"weight_only_matmul_{i}" for i in range(4)]
    assert [has_dot(k) for k in kernels] == [False, True, False, False]


def test_sparse_2_4_gemm_and_gemv(tmp_path: Path) -> None:
    # 2:4 weights of f32 (GEMV), f16 (M = 11: the dot), int8 per channel (GEMV, M = 3), packed
    # int4 (float activations, GEMV), and int8 x int8 with an lhs zero point (i32 result: the
    # dot, however few rows): kept values and 2-bit positions only.
    sparse = Sparse24Attr(1)
    types = [TensorType(f32, (19, 40), sparse), TensorType(F16, (19, 40), sparse),
             TensorType(quantized((19, 40), 8, axis=0, seed=41).get_element_type(), (19, 40), sparse),
             TensorType(quantized((19, 40), 4, seed=42, storage_min=-7).get_element_type(), (19, 40), sparse),
             TensorType(quantized((19, 40), 8, seed=43).get_element_type(), (19, 40), sparse)]
    lhs = ["tensor<1x40xf32>", "tensor<11x40xf16>", "tensor<3x40xf32>", "tensor<1x40xf32>", "tensor<2x40xi8>"]
    results = ["tensor<1x19xf32>", "tensor<11x19xf16>", "tensor<3x19xf32>", "tensor<1x19xf32>", "tensor<2x19xi32>"]
    body = []
    for i, (typ, x, y) in enumerate(zip(types, lhs, results)):
        text, _ = weight(typ, seed=50 + i, sparse=True)
        zp = " {lhs_zero_point = -9 : i64}" if x.endswith("i8>") else ""
        body += [f"%w{i} = {text}", f"%y{i} = mlc_quant.sparse_matmul %x{i}, %w{i}{zp} : {x}, {typ} -> {y}"]
    args = ", ".join(f"%x{i}: {x}" for i, x in enumerate(lhs))
    text = f"""
    func.func @f({args}) -> ({", ".join(results)}) {{
      {chr(10).join(body)}
      func.return %y0, %y1, %y2, %y3, %y4 : {", ".join(results)}
    }}"""
    inputs = [floats((1, 40), 1), floats((11, 40), 2, np.float16), floats((3, 40), 3), floats((1, 40), 4), int8s((2, 40), 5)]
    kernels = three_ways(text, inputs, tmp_path, rtol=2e-3)
    assert [has_dot(k) for k in kernels] == [False, True, False, False, True]


# ---- GEMV: few rows, no dot ------------------------------------------------------------------


def test_float_contractions_with_few_rows_are_gemvs(tmp_path: Path) -> None:
    # linear f16 + bias (M = 1), matmul with M = 8 (the largest GEMV) and M = 9 (the dot),
    # batch_matmul with 3 rows per batch, linear with lead dims 2 x 3 (M = 6); N, K odd.
    text = """
    func.func @f(%x: tensor<1x37xf16>, %w: tensor<19x37xf16>, %b: tensor<19xf16>, %a8: tensor<8x37xf32>,
                 %a9: tensor<9x37xf32>, %k: tensor<37x19xf32>, %p: tensor<2x3x37xf32>, %q: tensor<2x37x19xf32>,
                 %wf: tensor<19x37xf32>) -> (tensor<1x19xf16>, tensor<8x19xf32>, tensor<9x19xf32>, tensor<2x3x19xf32>, tensor<2x3x19xf32>) {
      %y0 = mlc_tensor.linear %x, %w, %b : tensor<1x37xf16>, tensor<19x37xf16>, tensor<19xf16> -> tensor<1x19xf16>
      %y1 = mlc_tensor.matmul %a8, %k : tensor<8x37xf32>, tensor<37x19xf32> -> tensor<8x19xf32>
      %y2 = mlc_tensor.matmul %a9, %k : tensor<9x37xf32>, tensor<37x19xf32> -> tensor<9x19xf32>
      %y3 = mlc_tensor.batch_matmul %p, %q : tensor<2x3x37xf32>, tensor<2x37x19xf32> -> tensor<2x3x19xf32>
      %y4 = mlc_tensor.linear %p, %wf : tensor<2x3x37xf32>, tensor<19x37xf32> -> tensor<2x3x19xf32>
      func.return %y0, %y1, %y2, %y3, %y4 : tensor<1x19xf16>, tensor<8x19xf32>, tensor<9x19xf32>, tensor<2x3x19xf32>, tensor<2x3x19xf32>
    }"""
    inputs = [floats((1, 37), 1, np.float16), floats((19, 37), 2, np.float16), floats((19,), 3, np.float16),
              floats((8, 37), 4), floats((9, 37), 5), floats((37, 19), 6), floats((2, 3, 37), 7),
              floats((2, 37, 19), 8), floats((19, 37), 9)]
    kernels = three_ways(text, inputs, tmp_path, rtol=2e-3)
    assert [has_dot(k) for k in kernels] == [False, False, True, False, False]
    blocks = [k.constexprs.data["BLOCK_M"].value.data for k in kernels]  # pyright: ignore
    assert blocks == [1, 8, 16, 4, 8]
    (gemv, *_) = kernel_table(kernels_of(text)[1])
    assert gemv.kind == "matmul" and "GROUP_M" not in gemv.tile


def gemv_text(attrs: str = "") -> str:
    """A 1 x 40 @ 40 x 24 f32 linear, the op carrying `attrs`."""
    return f"""
    func.func @f(%x: tensor<1x40xf32>, %w: tensor<24x40xf32>) -> tensor<1x24xf32> {{
      %y = mlc_tensor.linear %x, %w {attrs}: tensor<1x40xf32>, tensor<24x40xf32> -> tensor<1x24xf32>
      func.return %y : tensor<1x24xf32>
    }}"""


def test_gemv_tiles_can_be_pinned_and_the_matmul_option_keeps_the_dot() -> None:
    inputs = [floats((1, 40), 1), floats((24, 40), 2)]
    module, lowered = kernels_of(gemv_text("{mlc.tile = {BLOCK_N = 16, BLOCK_K = 16, num_warps = 2}} "))
    (kernel,) = [op for op in lowered.body.block.ops if isinstance(op, KernelFuncOp)]
    assert not has_dot(kernel) and kernel.grid.get_values() == (2,)  # pyright: ignore
    assert {k: v.value.data for k, v in kernel.constexprs.data.items()} == {"BLOCK_M": 1, "BLOCK_N": 16, "BLOCK_K": 16}  # pyright: ignore
    np.testing.assert_allclose(run_function(lowered, inputs)[0], run_function(module, inputs)[0], rtol=1e-5, atol=1e-5)
    _, lowered = kernels_of(gemv_text(), matmul=(16, 16, 16))
    (kernel,) = [op for op in lowered.body.block.ops if isinstance(op, KernelFuncOp)]
    assert has_dot(kernel)
    message = refused(gemv_text("{mlc.tile = {GROUP_M = 4}} "))
    assert "mlc.tile: unknown key GROUP_M for this gemv kernel, which takes BLOCK_M, BLOCK_N, BLOCK_K" in message


# ---- whole models --------------------------------------------------------------------------

MLP_SIZES = (3, 24, 20, 7)  # M, K, hidden, N: no multiple of any block


def mlp_text() -> str:
    """A two-layer MLP (linear + bias, relu, linear) with its weights as inline constants."""
    m, k, h, n = MLP_SIZES
    rng = np.random.default_rng(0)
    w1, b1, w2 = (rng.standard_normal(s).astype(np.float32) for s in ((h, k), (h,), (n, h)))
    return f"""
    func.func @main(%x: tensor<{m}x{k}xf32>) -> tensor<{m}x{n}xf32> {{
      %w1 = mlc_tensor.constant {dense(w1, 'f32')}
      %b1 = mlc_tensor.constant {dense(b1, 'f32')}
      %w2 = mlc_tensor.constant {dense(w2, 'f32')}
      %h = mlc_tensor.linear %x, %w1, %b1 : tensor<{m}x{k}xf32>, tensor<{h}x{k}xf32>, tensor<{h}xf32> -> tensor<{m}x{h}xf32>
      %r = mlc_tensor.relu %h : tensor<{m}x{h}xf32> -> tensor<{m}x{h}xf32>
      %y = mlc_tensor.linear %r, %w2 : tensor<{m}x{h}xf32>, tensor<{n}x{h}xf32> -> tensor<{m}x{n}xf32>
      func.return %y : tensor<{m}x{n}xf32>
    }}"""


@pytest.mark.parametrize("quantize", [
    "quantize{weights=int4 granularity=group group-size=4}",
    "calibrate{batches=2},quantize{weights=int8 activations=int8}",
    "calibrate{batches=2},quantize{weights=int8 activations=int8 symmetric=false epilogue=requantize}",
    "sparsify-2-4{min-elements=8}",
])
def test_quantized_mlp_compiles_to_kernels_that_match_the_quantized_reference(quantize: str) -> None:
    pipeline = f"{quantize},fuse-epilogue,fuse-elementwise"
    reference = mlc.compile(mlp_text(), pipeline=pipeline)
    assert "mlc_quant." in reference.ir("graph")
    x = floats(MLP_SIZES[:2], 5)
    want = reference(x)
    for backend in ("numpy-kernel", "triton"):
        got = mlc.compile(mlp_text(), pipeline=pipeline, backend=backend)(x)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("quantize", [
    "calibrate{batches=2},quantize{weights=int8 activations=int8}",
    "calibrate{batches=2},quantize{weights=int8 activations=int8 symmetric=false epilogue=requantize}",
])
def test_w8a8_mlp_lowers_to_one_kernel_per_layer(quantize: str) -> None:
    # The activation quantize is the first GEMM's prologue; dequantize (or requantize), bias,
    # relu and the next layer's quantize its epilogue; the second GEMM ends in its dequantize.
    pipeline = f"{quantize},mlc-default"
    reference = mlc.compile(mlp_text(), pipeline=pipeline)
    table = reference.kernels()
    assert len(table) == 2, str(table)
    for row in table:
        assert row.kind == "matmul" and sum(s.startswith("mlc_quant.matmul") for s in row.sources) == 1
    first = [s.split(" ")[0] for s in table[0].sources]
    assert first[0] == "mlc_quant.quantize" and first[-1] == "mlc_quant.quantize" and "mlc_tensor.relu" in first
    x = floats(MLP_SIZES[:2], 5)
    want = reference(x)
    for backend in ("numpy-kernel", "triton"):
        got = mlc.compile(mlp_text(), pipeline=pipeline, backend=backend)(x)
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-5)


def test_sparse_gemv_reads_about_56_percent_of_the_dense_weight_bytes() -> None:
    # f16 GEMV, 64 x 256 weight: kept values (K/2 per row) + 2-bit positions (K/8 bytes per row).
    rng = np.random.default_rng(0)
    w = prune_2_4(rng.standard_normal((64, 256)).astype(np.float16))
    dense_text = f"""
    func.func @f(%x: tensor<1x256xf16>) -> tensor<1x64xf16> {{
      %w = mlc_tensor.constant {dense(w, 'f16')}
      %y = mlc_tensor.linear %x, %w : tensor<1x256xf16>, tensor<64x256xf16> -> tensor<1x64xf16>
      func.return %y : tensor<1x64xf16>
    }}"""
    sparse_type = TensorType(F16, (64, 256), Sparse24Attr(1))
    values, indices = encode_constant(w, sparse_type)
    sparse_text = f"""
    func.func @f(%x: tensor<1x256xf16>) -> tensor<1x64xf16> {{
      %w = mlc_quant.constant {dense(values, 'f16')}, {dense(indices, 'ui8')} -> {sparse_type}
      %y = mlc_quant.sparse_matmul %x, %w : tensor<1x256xf16>, {sparse_type} -> tensor<1x64xf16>
      func.return %y : tensor<1x64xf16>
    }}"""
    activations = 2 * (256 + 64)  # x in, y out
    (full,) = kernel_table(kernels_of(dense_text)[1])
    (sparse,) = kernel_table(kernels_of(sparse_text)[1])
    assert full.bytes - activations == 64 * 256 * 2
    assert (sparse.bytes - activations) / (full.bytes - activations) == 0.5625
    x = floats((1, 256), 1, np.float16)
    module, lowered = kernels_of(sparse_text)
    np.testing.assert_allclose(run_function(lowered, [x])[0].astype(np.float32),
                               run_function(module, [x])[0].astype(np.float32), rtol=2e-3, atol=2e-3)


# ---- what is refused -----------------------------------------------------------------------


def refused(text: str) -> str:
    """The conversion's error message for `text`."""
    with pytest.raises(PassFailedException) as err:
        kernels_of(text)
    return str(err.value)


def test_four_bit_tensors_do_not_cross_kernels() -> None:
    typ = quantized((2, 8), 4, seed=1)
    message = refused(f"""
    func.func @f(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {{
      %q = mlc_quant.quantize %x : tensor<2x8xf32> -> {typ}
      %d = mlc_quant.dequantize %q : {typ} -> tensor<2x8xf32>
      func.return %d : tensor<2x8xf32>
    }}""")
    assert "a 4-bit quantized tensor" in message and "would cross kernels" in message


def test_unsigned_storage_and_quantized_conv_are_refused() -> None:
    u8 = TensorType(UniformQuantizedType.make(IntegerType(8, Signedness.UNSIGNED), f32, np.float32(0.1), 128), (2, 8))
    message = refused(f"""
    func.func @f(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {{
      %q = mlc_quant.quantize %x : tensor<2x8xf32> -> {u8}
      %d = mlc_quant.dequantize %q : {u8} -> tensor<2x8xf32>
      func.return %d : tensor<2x8xf32>
    }}""")
    assert "mlc_quant.quantize: unsigned storage ui8 has no kernel lowering" in message
    message = refused("""
    func.func @f(%x: tensor<1x2x5x5xi8>, %w: tensor<3x2x3x3xi8>) -> tensor<1x3x3x3xi32> {
      %y = mlc_quant.conv2d %x, %w : tensor<1x2x5x5xi8>, tensor<3x2x3x3xi8> -> tensor<1x3x3x3xi32>
      func.return %y : tensor<1x3x3x3xi32>
    }""")
    assert "mlc_quant.conv2d has no kernel lowering" in message


def test_unsigned_lhs_does_not_fit_the_i8_dot() -> None:
    u8 = TensorType(UniformQuantizedType.make(IntegerType(8, Signedness.UNSIGNED), f32, np.float32(0.1), 128), (2, 16))
    wtext, _ = weight(quantized((3, 16), 8, seed=2), seed=3)
    message = refused(f"""
    func.func @f(%x: tensor<2x16xui8>) -> tensor<2x3xi32> {{
      %q = mlc_quant.storage_cast %x : tensor<2x16xui8> -> {u8}
      %w = {wtext}
      %y = mlc_quant.matmul %q, %w : {u8}, {wtext.split(' -> ')[-1]} -> tensor<2x3xi32>
      func.return %y : tensor<2x3xi32>
    }}""")
    assert "mlc_quant.matmul: lhs storage ui8 does not fit tl.dot's i8 operands" in message
