"""Interpreter max_pool2d and avg_pool2d against loop references with PyTorch's semantics.

The references follow PyTorch's CPU kernels: each output cell scans its window with
explicit index arithmetic; padding never wins a max; an average divides by the window
clipped to the padded input (count_include_pad) or to the input itself.
"""

import ml_dtypes
import numpy as np
import pytest

from mlc.dialects.mlc_tensor import AvgPool2dOp, MaxPool2dOp

BF16 = ml_dtypes.bfloat16
RNG = np.random.default_rng(1)


def pooled_size(size, k, s, before, after, d, ceil_mode) -> int:
    """PyTorch's pooling_output_shape (with asymmetric padding)."""
    numerator = size + before + after - d * (k - 1) - 1
    out = (-(-numerator // s) if ceil_mode else numerator // s) + 1
    if ceil_mode and (out - 1) * s >= size + before:
        out -= 1
    return out


def pool_reference(x, kernel, strides, padding, dilation, ceil_mode, mode, count_include_pad=True):
    """NCHW max or average pooling, one output cell at a time, in float64."""
    n, c, h, w = x.shape
    (kh, kw), (sh, sw), (pt, pb, pl, pr), (dh, dw) = kernel, strides, padding, dilation
    oh = pooled_size(h, kh, sh, pt, pb, dh, ceil_mode)
    ow = pooled_size(w, kw, sw, pl, pr, dw, ceil_mode)
    out = np.zeros((n, c, oh, ow))
    for b, ch, i, j in np.ndindex(n, c, oh, ow):
        if mode == "max":
            cells = [
                float(x[b, ch, i * sh - pt + p * dh, j * sw - pl + q * dw])
                for p in range(kh)
                for q in range(kw)
                if 0 <= i * sh - pt + p * dh < h and 0 <= j * sw - pl + q * dw < w
            ]
            out[b, ch, i, j] = max(cells)
        else:
            h0, w0 = i * sh - pt, j * sw - pl
            h1, w1 = min(h0 + kh, h + pb), min(w0 + kw, w + pr)
            pool_size = (h1 - h0) * (w1 - w0)
            h0, w0, h1, w1 = max(h0, 0), max(w0, 0), min(h1, h), min(w1, w)
            total = sum(float(x[b, ch, y, z]) for y in range(h0, h1) for z in range(w0, w1))
            out[b, ch, i, j] = total / (pool_size if count_include_pad else (h1 - h0) * (w1 - w0))
    return out


POOL_CASES = [
    # (input NCHW, kernel, strides, padding (t, b, l, r), ceil_mode)
    ((2, 3, 8, 8), (2, 2), (2, 2), (0, 0, 0, 0), False),
    ((1, 2, 9, 7), (3, 3), (2, 2), (1, 1, 1, 1), False),
    ((1, 2, 9, 7), (3, 3), (2, 2), (1, 1, 1, 1), True),
    ((1, 2, 5, 5), (2, 2), (2, 2), (1, 1, 1, 1), True),  # last window dropped by the ceil rule
    ((1, 1, 6, 6), (3, 3), (2, 2), (1, 1, 1, 1), True),  # last window runs past the padding
    ((2, 2, 7, 8), (3, 2), (2, 3), (1, 0, 1, 1), True),
    ((1, 3, 5, 6), (2, 3), (1, 1), (0, 1, 1, 0), False),
    ((1, 1, 1, 1), (1, 1), (1, 1), (0, 0, 0, 0), False),
    ((1, 2, 1, 3), (2, 2), (1, 1), (1, 0, 1, 0), True),
]


MAX_POOL_CASES = [
    (*case, dilation)
    for case in POOL_CASES
    for dilation in [(1, 1), (2, 1), (1, 3)]
    # keep the cases where the dilated window fits the padded input
    if min(
        pooled_size(case[0][2 + axis], case[1][axis], case[2][axis], case[3][2 * axis],
                    case[3][2 * axis + 1], dilation[axis], case[4])
        for axis in (0, 1)
    ) >= 1
]


@pytest.mark.parametrize("layout", ["nchw", "nhwc"])
@pytest.mark.parametrize(
    ("x_shape", "kernel", "strides", "padding", "ceil_mode", "dilation"), MAX_POOL_CASES
)
def test_max_pool2d(run_op, layout, x_shape, kernel, strides, padding, ceil_mode, dilation):
    x = RNG.standard_normal(x_shape).astype(np.float32)
    reference = pool_reference(x, kernel, strides, padding, dilation, ceil_mode, "max")
    if layout == "nhwc":
        x, reference = x.transpose(0, 2, 3, 1), reference.transpose(0, 2, 3, 1)
    options = dict(strides=strides, padding=padding, dilation=dilation, ceil_mode=ceil_mode, layout=layout)
    out = run_op(lambda v: MaxPool2dOp(v, kernel, **options), x)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, reference.astype(np.float32))


@pytest.mark.parametrize("layout", ["nchw", "nhwc"])
@pytest.mark.parametrize(("x_shape", "kernel", "strides", "padding", "ceil_mode"), POOL_CASES)
@pytest.mark.parametrize("count_include_pad", [True, False])
def test_avg_pool2d(run_op, layout, x_shape, kernel, strides, padding, ceil_mode, count_include_pad):
    x = RNG.standard_normal(x_shape).astype(np.float32)
    reference = pool_reference(
        x, kernel, strides, padding, (1, 1), ceil_mode, "avg", count_include_pad
    )
    if layout == "nhwc":
        x, reference = x.transpose(0, 2, 3, 1), reference.transpose(0, 2, 3, 1)
    options = dict(
        strides=strides, padding=padding, ceil_mode=ceil_mode, layout=layout,
        count_include_pad=count_include_pad,
    )
    out = run_op(lambda v: AvgPool2dOp(v, kernel, **options), x)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, reference, rtol=1e-6, atol=1e-6)


def test_max_pool_padding_never_wins(run_op):
    """All-negative input: a zero-padded max would return 0 at the borders; -inf padding cannot."""
    x = -np.arange(1, 17, dtype=np.float32).reshape(1, 1, 4, 4)
    out = run_op(lambda v: MaxPool2dOp(v, 3, strides=1, padding=1), x)
    assert out.max() == -1.0
    assert out[0, 0, 0, 0] == -1.0 and out[0, 0, 3, 3] == -11.0


def test_avg_pool_divisors(run_op):
    """Corners of a 3x3/pad-1 average over ones: 4/9 counting padding, 1 otherwise."""
    x = np.ones((1, 1, 4, 4), np.float32)
    with_pad = run_op(lambda v: AvgPool2dOp(v, 3, strides=1, padding=1), x)
    without = run_op(lambda v: AvgPool2dOp(v, 3, strides=1, padding=1, count_include_pad=False), x)
    assert with_pad[0, 0, 0, 0] == np.float32(4 / 9) and with_pad[0, 0, 1, 1] == 1.0
    np.testing.assert_array_equal(without, np.ones_like(without))


@pytest.mark.parametrize("dtype", [np.float16, BF16])
@pytest.mark.parametrize("layout", ["nchw", "nhwc"])
def test_pools_low_precision(run_op, dtype, layout):
    x = RNG.standard_normal((2, 3, 7, 6)).astype(dtype)
    args = ((3, 3), (2, 2), (1, 1, 1, 1), (1, 1), True)
    max_reference = pool_reference(x, *args, "max")
    avg_reference = pool_reference(x, *args, "avg", False)
    if layout == "nhwc":
        x = x.transpose(0, 2, 3, 1)
        max_reference, avg_reference = (r.transpose(0, 2, 3, 1) for r in (max_reference, avg_reference))
    options = dict(strides=2, padding=1, ceil_mode=True, layout=layout)
    out = run_op(lambda v: MaxPool2dOp(v, 3, **options), x)
    assert out.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(out.astype(np.float64), max_reference)  # max is exact
    out = run_op(lambda v: AvgPool2dOp(v, 3, count_include_pad=False, **options), x)
    assert out.dtype == np.dtype(dtype)
    tol = 2e-3 if dtype == np.float16 else 1.6e-2
    np.testing.assert_allclose(out.astype(np.float64), avg_reference, rtol=tol, atol=tol)


def test_avg_pool_sums_in_f32(run_op):
    """A bf16 running sum of 256 + 1 + 1 + 1 would stay 256; f32 accumulation gives 259 / 4."""
    x = np.array([[[[256.0, 1.0], [1.0, 1.0]]]], BF16)
    out = run_op(lambda v: AvgPool2dOp(v, 2), x)
    assert out.dtype == BF16 and out[0, 0, 0, 0] == BF16(259 / 4)
