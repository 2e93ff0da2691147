"""Interpreter softmax, log_softmax, layer_norm, batch_norm against float64 Python references."""

import math

import ml_dtypes
import numpy as np
import pytest

from mlc.dialects.mlc_tensor import BatchNormOp, LayerNormOp, LogSoftmaxOp, SoftmaxOp

BF16 = ml_dtypes.bfloat16
RNG = np.random.default_rng(11)
# Half results are the f32 computation rounded once: within an ulp of the exact value.
TOLERANCE = {np.dtype(np.float32): 1e-5, np.dtype(np.float16): 1e-3, np.dtype(BF16): 8e-3}


def along(x: np.ndarray, axis: int, row_fn) -> np.ndarray:
    """`row_fn` (list of floats -> list of floats) applied to every 1-D slice along `axis`."""
    moved = np.moveaxis(x.astype(np.float64), axis, -1)
    rows = moved.reshape(-1, moved.shape[-1]).tolist()
    out = np.array([row_fn(row) for row in rows]).reshape(moved.shape)
    return np.moveaxis(out, -1, axis)


def softmax_row(row: list[float]) -> list[float]:
    """exp(v) / sum(exp) with the row maximum factored out of numerator and denominator."""
    top = max(row)
    exps = [math.exp(v - top) for v in row]
    total = math.fsum(exps)
    return [e / total for e in exps]


def log_softmax_row(row: list[float]) -> list[float]:
    """v - log(sum(exp(v))), the log-sum-exp written as max + log(sum(exp(v - max)))."""
    top = max(row)
    lse = top + math.log(math.fsum(math.exp(v - top) for v in row))
    return [v - lse for v in row]


def close(actual: np.ndarray, reference: np.ndarray) -> None:
    """`actual` equals the float64 `reference` up to the rounding of its dtype."""
    tol = TOLERANCE[actual.dtype]
    np.testing.assert_allclose(actual.astype(np.float64), reference, rtol=tol, atol=tol)


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2])
@pytest.mark.parametrize("dtype", [np.float32, np.float16, BF16])
def test_softmax_and_log_softmax(run_op, axis, dtype):
    x = (RNG.standard_normal([3, 4, 5]) * 3).astype(dtype)
    close(run_op(lambda a: SoftmaxOp(a, axis), x), along(x, axis, softmax_row))
    close(run_op(lambda a: LogSoftmaxOp(a, axis), x), along(x, axis, log_softmax_row))


def test_softmax_rows_sum_to_one(run_op):
    x = RNG.standard_normal([8, 100]).astype(np.float32) * 10
    np.testing.assert_allclose(run_op(lambda a: SoftmaxOp(a), x).sum(axis=1), 1, rtol=1e-5)


def test_softmax_extreme_values_are_stable(run_op):
    big = float(np.finfo(np.float32).max)
    rows = [[1e4, 1e4, -1e4], [big, 0, -big], [-np.inf, 0, 0], [-big, -big, -big]]
    x = np.array(rows, np.float32)
    expected = [[0.5, 0.5, 0], [1, 0, 0], [0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]]
    np.testing.assert_allclose(run_op(lambda a: SoftmaxOp(a, 1), x), expected, rtol=1e-6)
    log = run_op(lambda a: LogSoftmaxOp(a, 1), x)
    ln2, ln3 = math.log(2), math.log(3)
    # -big - big overflows f32 to -inf: the exact value's rounding.
    expected = [[-ln2, -ln2, -2e4 - ln2], [0, -big, -np.inf], [-np.inf, -ln2, -ln2], [-ln3] * 3]
    np.testing.assert_allclose(log, np.array(expected, np.float32), rtol=1e-6)


@pytest.mark.parametrize("dtype", [np.float16, BF16])
def test_half_softmax_of_large_values(run_op, dtype):
    top = float(ml_dtypes.finfo(dtype).max)
    x = np.array([top, top, -top, 0], dtype)
    result = run_op(lambda a: SoftmaxOp(a), x).astype(np.float32)
    np.testing.assert_array_equal(result, [0.5, 0.5, 0, 0])


def layer_norm_reference(x, normalized_rank, weight, bias, epsilon) -> np.ndarray:
    """Per row of the trailing dims: (v - mean) / sqrt(biased variance + epsilon) * w + b."""
    trailing = x.shape[x.ndim - normalized_rank :]
    rows = x.astype(np.float64).reshape(-1, math.prod(trailing)).tolist()
    w = [1.0] * len(rows[0]) if weight is None else weight.astype(np.float64).ravel().tolist()
    b = [0.0] * len(rows[0]) if bias is None else bias.astype(np.float64).ravel().tolist()
    out = []
    for row in rows:
        mean = math.fsum(row) / len(row)
        variance = math.fsum((v - mean) ** 2 for v in row) / len(row)
        inv_std = 1 / math.sqrt(variance + epsilon)
        out.append([(v - mean) * inv_std * wi + bi for v, wi, bi in zip(row, w, b)])
    return np.array(out).reshape(x.shape)


@pytest.mark.parametrize("normalized_rank", [1, 2, 3])
@pytest.mark.parametrize("params", ["none", "weight", "bias", "both"])
@pytest.mark.parametrize("dtype", [np.float32, np.float16, BF16])
def test_layer_norm(run_op, normalized_rank, params, dtype):
    x = (RNG.standard_normal([2, 3, 8]) * 2 + 1).astype(dtype)
    trailing = x.shape[3 - normalized_rank :]
    weight = RNG.standard_normal(trailing).astype(dtype) if params in ("weight", "both") else None
    bias = RNG.standard_normal(trailing).astype(dtype) if params in ("bias", "both") else None
    present = {n: p for n, p in (("weight", weight), ("bias", bias)) if p is not None}

    def build(a, *rest):
        named = dict(zip(present, rest))
        return LayerNormOp(a, **named, normalized_rank=normalized_rank, epsilon=1e-3)

    result = run_op(build, x, *present.values())
    close(result, layer_norm_reference(x, normalized_rank, weight, bias, 1e-3))


def test_layer_norm_variance_is_stable_for_a_large_mean(run_op):
    # E[x^2] - E[x]^2 in f32 would lose most digits of a unit variance around 1e4.
    x = (1e4 + RNG.standard_normal([4, 64])).astype(np.float32)
    result = run_op(lambda a: LayerNormOp(a), x)
    reference = layer_norm_reference(x, 1, None, None, 1e-5)
    np.testing.assert_allclose(result, reference, rtol=1e-3, atol=1e-3)


def test_layer_norm_of_constant_rows_is_the_bias(run_op):
    x = np.full([2, 4], 7.0, np.float32)
    bias = np.array([1, 2, 3, 4], np.float32)
    result = run_op(lambda a, b: LayerNormOp(a, bias=b), x, bias)
    np.testing.assert_array_equal(result, [[1, 2, 3, 4]] * 2)


def batch_norm_reference(x, scale, bias, mean, var, axis, epsilon) -> np.ndarray:
    """Direct per-channel formula in float64, channels indexed explicitly."""
    out = np.empty(x.shape, np.float64)
    for c in range(x.shape[axis]):
        index = (slice(None),) * axis + (c,)
        centered = x[index].astype(np.float64) - float(mean[c])
        normalized = centered / math.sqrt(float(var[c]) + epsilon)
        out[index] = normalized * float(scale[c]) + float(bias[c])
    return out


@pytest.mark.parametrize(
    "shape, layout, axis",
    [([2, 3, 4, 5], "NCHW", 1), ([2, 4, 5, 3], "NHWC", 3), ([6, 3], "NC", 1), ([2, 3, 7], None, 1)],
)
@pytest.mark.parametrize("dtype", [np.float32, np.float16, BF16])
def test_batch_norm(run_op, shape, layout, axis, dtype):
    x = RNG.standard_normal(shape).astype(dtype)
    channels = shape[axis]
    scale, bias, mean = (RNG.standard_normal([channels]).astype(dtype) for _ in range(3))
    var = RNG.uniform(0.5, 2, [channels]).astype(dtype)
    result = run_op(
        lambda *args: BatchNormOp(*args, layout=layout, epsilon=1e-3), x, scale, bias, mean, var
    )
    close(result, batch_norm_reference(x, scale, bias, mean, var, axis, 1e-3))


def test_batch_norm_explicit_values(run_op):
    x = np.array([[1.0, 10.0], [3.0, 30.0]], np.float32)
    scale, bias = np.array([2.0, 1.0], np.float32), np.array([0.5, -1.0], np.float32)
    mean, var = np.array([2.0, 20.0], np.float32), np.array([1.0, 100.0], np.float32)
    result = run_op(lambda *a: BatchNormOp(*a, epsilon=0.0), x, scale, bias, mean, var)
    np.testing.assert_allclose(result, [[-1.5, -2.0], [2.5, 0.0]])
