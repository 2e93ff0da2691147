"""Interpreter matmul, batch_matmul, linear and conv2d against loop references.

References are written from the definitions: float64 dot products one output element at a
time (conv2d in NCHW/OIHW, with explicit index arithmetic for strides, padding, dilation
and groups), Python integers wrapped to the result width for integer matmuls.
"""

import itertools

import ml_dtypes
import numpy as np
import pytest

from mlc.dialects.mlc_tensor import BatchMatmulOp, Conv2dOp, LinearOp, MatmulOp
from mlc.ir.context import parse_module
from mlc.runtime.interpreter import run_function

BF16 = ml_dtypes.bfloat16
TOLERANCE = {np.float32: 1e-5, np.float16: 2e-3, BF16: 1.6e-2}
RNG = np.random.default_rng(0)


def randn(*shape: int, dtype=np.float32) -> np.ndarray:
    """Standard normal values of `dtype`."""
    return RNG.standard_normal(shape).astype(dtype)


def assert_close(out: np.ndarray, reference: np.ndarray, dtype) -> None:
    """`out` has `dtype` and matches the float64 reference within that dtype's rounding."""
    assert out.dtype == np.dtype(dtype)
    assert out.shape == reference.shape
    tol = TOLERANCE[dtype]
    np.testing.assert_allclose(out.astype(np.float64), reference, rtol=tol, atol=tol)


def dot(row, column) -> float:
    """A float64 dot product of two sequences."""
    return sum(float(p) * float(q) for p, q in zip(row, column))


def matmul_reference(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """[M, K] x [K, N] by float64 dot products."""
    out = np.zeros((a.shape[0], b.shape[1]))
    for i, j in np.ndindex(out.shape):
        out[i, j] = dot(a[i, :], b[:, j])
    return out


# --- matmul and batch_matmul -----------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float16, BF16])
@pytest.mark.parametrize(("m", "k", "n"), [(4, 8, 16), (7, 5, 3), (1, 1, 1), (1, 9, 1), (3, 1, 2)])
def test_matmul(run_op, dtype, m, k, n):
    a, b = randn(m, k, dtype=dtype), randn(k, n, dtype=dtype)
    assert_close(run_op(MatmulOp, a, b), matmul_reference(a, b), dtype)


@pytest.mark.parametrize(
    ("lhs", "rhs", "expected"),
    [
        # f16 accumulation would stall at 2048; f32 reaches 4096 exactly.
        (np.ones((1, 4096), np.float16), np.ones((4096, 1), np.float16), 4096.0),
        # f16 partial sums would overflow past 65504; f32 does not.
        (np.array([[6e4, 6e4, -6e4]], np.float16), np.ones((3, 1), np.float16), 6e4),
        # bf16 has 8 mantissa bits: 256 + 1 is lost unless the sum is kept in f32.
        (np.array([[256.0, 1.0, 1.0]], BF16), np.ones((3, 1), BF16), 258.0),
    ],
)
def test_matmul_accumulates_in_f32_and_rounds_once(run_op, lhs, rhs, expected):
    out = run_op(MatmulOp, lhs, rhs)
    assert out.dtype == lhs.dtype and out[0, 0] == expected


@pytest.mark.parametrize(("dtype", "bits"), [(np.int8, 8), (np.int32, 32), (np.int64, 64)])
def test_integer_matmul_wraps(run_op, dtype, bits):
    info = np.iinfo(dtype)
    a = RNG.integers(info.min, info.max, (3, 5), dtype=dtype, endpoint=True)
    b = RNG.integers(info.min, info.max, (5, 2), dtype=dtype, endpoint=True)
    reference = np.zeros((3, 2), dtype)
    for i, j in np.ndindex(reference.shape):
        exact = sum(int(a[i, p]) * int(b[p, j]) for p in range(5))
        reference[i, j] = (exact + 2 ** (bits - 1)) % 2**bits - 2 ** (bits - 1)
    out = run_op(MatmulOp, a, b)
    assert out.dtype == dtype
    np.testing.assert_array_equal(out, reference)


@pytest.mark.parametrize("dtype", [np.float32, BF16])
@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        ((2, 3, 4), (2, 4, 5)),
        ((2, 1, 3, 4), (5, 4, 6)),
        ((1, 3, 4), (7, 4, 1)),
        ((6, 1, 1, 1), (1, 2, 1, 9)),
        ((1, 1, 1), (1, 1, 1)),
    ],
)
def test_batch_matmul_broadcasts(run_op, dtype, lhs, rhs):
    a, b = randn(*lhs, dtype=dtype), randn(*rhs, dtype=dtype)
    a_batch, b_batch = lhs[:-2], rhs[:-2]
    rank = max(len(a_batch), len(b_batch))
    batch = [max(p, q) for p, q in itertools.zip_longest(
        (1,) * (rank - len(a_batch)) + a_batch, (1,) * (rank - len(b_batch)) + b_batch
    )]
    reference = np.zeros((*batch, lhs[-2], rhs[-1]))
    for index in np.ndindex(*batch):
        # A size-1 (or missing) batch dimension repeats its only matrix.
        ia = tuple(0 if d == 1 else i for i, d in zip(index[rank - len(a_batch):], a_batch))
        ib = tuple(0 if d == 1 else i for i, d in zip(index[rank - len(b_batch):], b_batch))
        reference[index] = matmul_reference(a[ia], b[ib])
    assert_close(run_op(BatchMatmulOp, a, b), reference, dtype)


# --- linear ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float16, BF16])
@pytest.mark.parametrize("x_shape", [(8,), (3, 8), (2, 1, 3, 8), (1, 1)])
@pytest.mark.parametrize("with_bias", [False, True])
def test_linear(run_op, dtype, x_shape, with_bias):
    k = x_shape[-1]
    x, w, b = randn(*x_shape, dtype=dtype), randn(5, k, dtype=dtype), randn(5, dtype=dtype)
    reference = np.zeros((*x_shape[:-1], 5))
    for index in np.ndindex(*x_shape[:-1]):
        for j in range(5):
            reference[(*index, j)] = dot(x[index], w[j]) + (float(b[j]) if with_bias else 0.0)
    if with_bias:
        out = run_op(lambda x, w, b: LinearOp(x, w, b), x, w, b)
    else:
        out = run_op(LinearOp, x, w)
    assert_close(out, reference, dtype)


def test_integer_linear_with_bias_wraps(run_op):
    x = np.array([[100, 100]], np.int8)
    w = np.array([[1, 1], [1, -1]], np.int8)
    b = np.array([100, -128], np.int8)
    out = run_op(lambda x, w, b: LinearOp(x, w, b), x, w, b)
    np.testing.assert_array_equal(out, np.array([[44, -128]], np.int8))  # 300 wraps to 44


@pytest.mark.parametrize(
    ("build", "shapes"),
    [
        (MatmulOp, [(4, 8), (8, 3)]),
        (BatchMatmulOp, [(2, 4, 8), (1, 8, 3)]),
        (lambda x, w, b: LinearOp(x, w, b), [(2, 3, 8), (5, 8), (5,)]),
    ],
)
def test_f32_contractions_are_one_matmul_on_the_inputs(run_op, monkeypatch, build, shapes):
    """Benchmarks rely on it: f32 operands reach a single np.matmul as views, never copies."""
    arrays = [randn(*shape) for shape in shapes]
    calls = []

    def spy(a, b):
        calls.append((a, b))
        return matmul(a, b)

    matmul = np.matmul
    monkeypatch.setattr(np, "matmul", spy)
    run_op(build, *arrays)
    assert len(calls) == 1
    assert all(np.shares_memory(seen, given) for seen, given in zip(calls[0], arrays))


# --- conv2d ----------------------------------------------------------------------------------


def conv2d_reference(x, w, b, strides, padding, dilation, groups) -> np.ndarray:
    """NCHW x OIHW convolution by its definition, one output element at a time, in float64."""
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    (sh, sw), (pt, pb, pl, pr), (dh, dw) = strides, padding, dilation
    oh = (h + pt + pb - dh * (kh - 1) - 1) // sh + 1
    ow = (wd + pl + pr - dw * (kw - 1) - 1) // sw + 1
    og = o // groups
    out = np.zeros((n, o, oh, ow))
    for b_, oc, i, j in np.ndindex(n, o, oh, ow):
        g = oc // og
        acc = float(b[oc]) if b is not None else 0.0
        for ci, p, q in np.ndindex(cg, kh, kw):
            y, z = i * sh - pt + p * dh, j * sw - pl + q * dw
            if 0 <= y < h and 0 <= z < wd:
                acc += float(x[b_, g * cg + ci, y, z]) * float(w[oc, ci, p, q])
        out[b_, oc, i, j] = acc
    return out


CONV_CASES = [
    # (input NCHW, weight OIHW, strides, padding (t, b, l, r), dilation, groups)
    ((2, 3, 7, 6), (4, 3, 3, 3), (1, 1), (0, 0, 0, 0), (1, 1), 1),
    ((1, 3, 8, 9), (5, 3, 3, 2), (2, 3), (1, 1, 0, 2), (1, 1), 1),
    ((1, 2, 9, 9), (3, 2, 3, 3), (1, 2), (2, 2, 2, 2), (2, 3), 1),
    ((2, 4, 6, 5), (6, 2, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 2),
    ((1, 4, 7, 7), (4, 1, 3, 3), (2, 2), (1, 1, 1, 1), (1, 1), 4),  # depthwise
    ((1, 3, 5, 5), (6, 1, 2, 2), (1, 1), (0, 1, 1, 0), (2, 1), 3),  # depthwise, multiplier 2
    ((1, 1, 1, 1), (1, 1, 1, 1), (1, 1), (0, 0, 0, 0), (1, 1), 1),
    ((3, 5, 1, 4), (2, 5, 1, 1), (1, 3), (0, 0, 0, 0), (1, 1), 1),  # 1x1 kernel, H = 1
    ((1, 2, 4, 4), (2, 2, 4, 4), (1, 1), (0, 0, 0, 0), (1, 1), 1),  # kernel = input
]


@pytest.mark.parametrize("layout", ["nchw", "nhwc"])
@pytest.mark.parametrize("with_bias", [False, True])
@pytest.mark.parametrize(("x_shape", "w_shape", "strides", "padding", "dilation", "groups"), CONV_CASES)
def test_conv2d(run_op, layout, with_bias, x_shape, w_shape, strides, padding, dilation, groups):
    x, w, b = randn(*x_shape), randn(*w_shape), randn(w_shape[0])
    reference = conv2d_reference(x, w, b if with_bias else None, strides, padding, dilation, groups)
    options = dict(strides=strides, padding=padding, dilation=dilation, groups=groups, layout=layout)
    if layout == "nhwc":  # NHWC input, HWIO weight, NHWC result
        x, w, reference = x.transpose(0, 2, 3, 1), w.transpose(2, 3, 1, 0), reference.transpose(0, 2, 3, 1)
    operands = (x, w, b) if with_bias else (x, w)
    out = run_op(lambda *values: Conv2dOp(*values, **options), *operands)
    assert_close(out, reference, np.float32)


@pytest.mark.parametrize("dtype", [np.float16, BF16])
@pytest.mark.parametrize("layout", ["nchw", "nhwc"])
def test_conv2d_low_precision(run_op, dtype, layout):
    x, w, b = randn(2, 4, 6, 6, dtype=dtype), randn(4, 2, 3, 3, dtype=dtype), randn(4, dtype=dtype)
    reference = conv2d_reference(x, w, b, (2, 1), (1, 0, 1, 1), (1, 2), 2)
    options = dict(strides=(2, 1), padding=(1, 0, 1, 1), dilation=(1, 2), groups=2, layout=layout)
    if layout == "nhwc":
        x, w, reference = x.transpose(0, 2, 3, 1), w.transpose(2, 3, 1, 0), reference.transpose(0, 2, 3, 1)
    out = run_op(lambda x, w, b: Conv2dOp(x, w, b, **options), x, w, b)
    assert_close(out, reference, dtype)


def test_conv2d_from_text():
    """Properties parsed from the custom format drive the interpreter like builder arguments."""
    module = parse_module("""
    func.func @main(%x: tensor<1x5x5x2xf32>, %w: tensor<3x3x1x2xf32>) -> tensor<1x3x3x2xf32> {
      %y = mlc_tensor.conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 2 : i64, layout = "nhwc"} : tensor<1x5x5x2xf32>, tensor<3x3x1x2xf32> -> tensor<1x3x3x2xf32>
      func.return %y : tensor<1x3x3x2xf32>
    }""")
    module.verify()
    x, w = randn(1, 5, 5, 2), randn(3, 3, 1, 2)
    (out,) = run_function(module, [x, w])
    reference = conv2d_reference(
        x.transpose(0, 3, 1, 2), w.transpose(3, 2, 0, 1), None, (2, 2), (1, 1, 1, 1), (1, 1), 2
    )
    assert_close(out, reference.transpose(0, 2, 3, 1), np.float32)
