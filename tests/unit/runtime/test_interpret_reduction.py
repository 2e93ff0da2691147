"""Interpreter reductions against per-row Python references (math.fsum, max, list.index)."""

import math

import ml_dtypes
import numpy as np
import pytest

from mlc.dialects.mlc_tensor import ArgmaxOp, ReduceMaxOp, ReduceMeanOp, ReduceMinOp, ReduceSumOp

BF16 = ml_dtypes.bfloat16
RNG = np.random.default_rng(7)


def per_row(x: np.ndarray, axes, keepdim: bool, reduce_row) -> np.ndarray:
    """`reduce_row` (Python list -> number) applied to every row of the reduced `axes`."""
    axes = sorted(a % x.ndim for a in (range(x.ndim) if axes is None else axes))
    kept = [d for i, d in enumerate(x.shape) if i not in axes]
    moved = np.moveaxis(x, axes, list(range(x.ndim - len(axes), x.ndim)))
    rows = moved.reshape(math.prod(kept), -1)
    python = rows.astype(np.float64 if x.dtype.kind in "fV" else np.int64).tolist()
    out = np.array([reduce_row(row) for row in python]).reshape(kept)
    if keepdim:
        out = out.reshape([1 if i in axes else d for i, d in enumerate(x.shape)])
    return out


def wrap(value: int, bits: int) -> int:
    """Two's complement wrap of a Python int to `bits` bits."""
    return (value + 2 ** (bits - 1)) % 2**bits - 2 ** (bits - 1)


AXES = [
    ([3, 4, 5], [1], False),
    ([3, 4, 5], [-1, 0], True),
    ([3, 4, 5], [2, -2], False),
    ([3, 4, 5], None, False),
    ([3, 4, 5], None, True),
    ([6], [0], False),
    ([2, 3], [], False),
]


@pytest.mark.parametrize("shape, axes, keepdim", AXES)
def test_sum_and_mean_f32(run_op, shape, axes, keepdim):
    x = RNG.standard_normal(shape).astype(np.float32)
    total = run_op(lambda a: ReduceSumOp(a, axes, keepdim), x)
    np.testing.assert_allclose(total, per_row(x, axes, keepdim, math.fsum), rtol=1e-5, atol=1e-6)
    mean = run_op(lambda a: ReduceMeanOp(a, axes, keepdim), x)
    reference = per_row(x, axes, keepdim, lambda row: math.fsum(row) / len(row))
    np.testing.assert_allclose(mean, reference, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("dtype, tolerance", [(np.float16, 1e-3), (BF16, 8e-3)])
def test_sum_and_mean_half_round_once(run_op, dtype, tolerance):
    x = RNG.standard_normal([4, 33]).astype(dtype)
    total = run_op(lambda a: ReduceSumOp(a, [1]), x)
    reference = per_row(x, [1], False, math.fsum)
    np.testing.assert_allclose(total.astype(np.float64), reference, rtol=tolerance, atol=tolerance)
    mean = run_op(lambda a: ReduceMeanOp(a, [-1], keepdim=True), x)
    reference = per_row(x, [1], True, lambda row: math.fsum(row) / len(row))
    np.testing.assert_allclose(mean.astype(np.float64), reference, rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize("dtype, big", [(np.float16, 2048), (BF16, 256)])
def test_half_sums_accumulate_in_f32(run_op, dtype, big):
    # In the half type, big + 1 rounds back to big (1 is half an ulp), so a half-precision
    # accumulator stalls; in f32 the exact total (even, so representable) comes out.
    x = np.array([big] + [1] * 1000, dtype)
    assert run_op(lambda a: ReduceSumOp(a, [0]), x) == big + 1000
    mean = run_op(lambda a: ReduceMeanOp(a, [0]), x)
    assert mean == np.array((big + 1000) / 1001, np.float32).astype(dtype)


@pytest.mark.parametrize("dtype, bits", [(np.int8, 8), (np.int32, 32), (np.int64, 64)])
def test_integer_sum_wraps(run_op, dtype, bits):
    info = np.iinfo(dtype)
    x = np.array([[info.max, info.max, 3], [info.min, -1, 0]], dtype)
    total = run_op(lambda a: ReduceSumOp(a, [1]), x)
    assert total.tolist() == [wrap(sum(row), bits) for row in x.astype(object).tolist()]
    column = run_op(lambda a: ReduceSumOp(a, [0], keepdim=True), x)
    expected = [wrap(int(info.max) + int(info.min), bits), wrap(int(info.max) - 1, bits), 3]
    assert column.tolist() == [expected]


@pytest.mark.parametrize("shape, axes, keepdim", AXES[:-1])
@pytest.mark.parametrize("dtype", [np.float32, np.float16, BF16, np.int8, np.int64])
def test_max_and_min(run_op, shape, axes, keepdim, dtype):
    x = (RNG.standard_normal(shape) * 50).astype(dtype)
    high = run_op(lambda a: ReduceMaxOp(a, axes, keepdim), x)
    low = run_op(lambda a: ReduceMinOp(a, axes, keepdim), x)
    np.testing.assert_array_equal(high.astype(np.float64), per_row(x, axes, keepdim, max))
    np.testing.assert_array_equal(low.astype(np.float64), per_row(x, axes, keepdim, min))


def test_max_min_of_booleans_and_nan_propagation(run_op):
    b = np.array([[True, False], [False, False]])
    assert run_op(lambda a: ReduceMaxOp(a, [1]), b).tolist() == [True, False]
    assert run_op(lambda a: ReduceMinOp(a, [0]), b).tolist() == [False, False]
    x = np.array([[1.0, np.nan, 3.0], [-np.inf, 2.0, np.inf]], np.float32)
    high = run_op(lambda a: ReduceMaxOp(a, [1]), x)
    low = run_op(lambda a: ReduceMinOp(a, [1]), x)
    assert np.isnan(high[0]) and high[1] == np.inf
    assert np.isnan(low[0]) and low[1] == -np.inf


@pytest.mark.parametrize("axis", [0, 1, -1, -3])
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dtype", [np.float32, np.float16, BF16, np.int32])
def test_argmax_first_index_on_ties(run_op, axis, keepdim, dtype):
    # Few distinct values, so most rows hold several maxima.
    x = RNG.integers(-2, 3, [3, 4, 5]).astype(dtype)
    index = run_op(lambda a: ArgmaxOp(a, axis, keepdim), x)
    reference = per_row(x, [axis], keepdim, lambda row: row.index(max(row)))
    np.testing.assert_array_equal(index, reference)


def test_argmax_of_booleans_and_explicit_ties(run_op):
    x = np.array([[1, 3, 3], [2, 2, 0]], np.float32)
    assert run_op(lambda a: ArgmaxOp(a, 1), x).tolist() == [1, 0]
    assert run_op(lambda a: ArgmaxOp(a, 0, keepdim=True), x).tolist() == [[1, 0, 0]]
    b = np.array([[False, True, True], [False, False, False]])
    assert run_op(lambda a: ArgmaxOp(a, -1), b).tolist() == [1, 0]


def test_reducing_everything_gives_a_rank_0_array(run_op):
    x = np.arange(6, dtype=np.float32).reshape(2, 3)
    total = run_op(lambda a: ReduceSumOp(a), x)
    assert isinstance(total, np.ndarray) and total.shape == () and total == 15
