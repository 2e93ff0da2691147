"""The interpreter's mlc_tensor shape ops against element-by-element Python loops.

Every reference walks the result index space with `np.ndindex` and computes which operand
element lands there, so it shares no numpy shape call with the implementation.
"""

import ml_dtypes
import numpy as np
import pytest
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Region

from mlc.dialects.mlc_tensor import (
    BroadcastToOp,
    ConcatOp,
    GatherOp,
    PadOp,
    ReshapeOp,
    ScatterAddOp,
    ScatterOp,
    SliceOp,
    TransposeOp,
)
from mlc.ir.dtypes import tensor_type_of, to_numpy_dtype
from mlc.runtime.interpreter import run_function

DTYPES = [np.float32, np.float16, ml_dtypes.bfloat16, np.bool_, np.int8, np.int32, np.int64]
"""One numpy dtype per mlc_tensor element type: f32, f16, bf16, i1, i8, i32, i64."""

RNG = np.random.default_rng(0)


def data(shape, dtype) -> np.ndarray:
    """Distinct-looking values of `dtype`: small integers, random bools, or normal floats."""
    if dtype == np.bool_:
        return RNG.random(shape) < 0.5
    if np.issubdtype(dtype, np.integer):
        return RNG.integers(-100, 100, shape).astype(dtype)
    return RNG.standard_normal(shape).astype(dtype)


def run(build, *inputs: np.ndarray) -> np.ndarray:
    """Put the op (or list of ops) `build(*args)` in a function, verify it, run it on `inputs`."""
    types = [tensor_type_of(a) for a in inputs]
    block = Block(arg_types=types)
    built = build(*block.args)
    ops = built if isinstance(built, list) else [built]
    op = ops[-1]
    block.add_ops([*ops, func.ReturnOp(op.result)])
    function = func.FuncOp.from_region("main", types, [op.result.type], Region(block))
    module = ModuleOp([function])
    module.verify()
    (result,) = run_function(module, list(inputs))
    assert result.shape == tuple(op.result.type.get_shape())
    assert result.dtype == to_numpy_dtype(op.result.type.get_element_type())
    return result


def loop(shape, dtype, element) -> np.ndarray:
    """The array of `shape` whose element at each index is `element(index)`."""
    out = np.empty(shape, dtype)
    for index in np.ndindex(*shape):
        out[index] = element(index)
    return out


def same(actual: np.ndarray, expected: np.ndarray) -> None:
    """Exact equality of values, shape and dtype (data movement never rounds)."""
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    np.testing.assert_array_equal(actual.astype(np.float64), expected.astype(np.float64))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_reshape(dtype):
    x = data((2, 1, 6), dtype)
    flat = [x[i] for i in np.ndindex(*x.shape)]
    result = run(lambda a: ReshapeOp(a, [3, -1, 1]), x)
    row_major = loop((3, 4, 1), dtype, lambda i: flat[(i[0] * 4 + i[1]) + i[2]])
    same(result, row_major)


def test_reshape_scalar_and_back():
    x = data((1, 1), np.float32)
    same(run(lambda a: ReshapeOp(a, []), x), np.array(x[0, 0]))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("perm", [(2, 0, 1), (1, 2, 0), (0, 2, 1), (2, 1, 0)])
def test_transpose(dtype, perm):
    x = data((2, 3, 1), dtype)
    shape = tuple(x.shape[p] for p in perm)

    def element(i):
        # result index i reads operand index j with j[perm[k]] = i[k]
        j = [0] * 3
        for k, p in enumerate(perm):
            j[p] = i[k]
        return x[tuple(j)]

    same(run(lambda a: TransposeOp(a, perm), x), loop(shape, dtype, element))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize(
    "in_shape, out_shape",
    [((3, 1), (2, 3, 4)), ((1,), (5,)), ((), (2, 3)), ((1, 4, 1), (1, 4, 3)), ((2, 3), (2, 3))],
)
def test_broadcast_to(dtype, in_shape, out_shape):
    x = data(in_shape, dtype)
    offset = len(out_shape) - len(in_shape)
    expected = loop(
        out_shape,
        dtype,
        lambda i: x[tuple(0 if d == 1 else i[k + offset] for k, d in enumerate(in_shape))],
    )
    same(run(lambda a: BroadcastToOp(a, out_shape), x), expected)


def test_expand_is_broadcast_to():
    x = data((3, 1), np.int32)
    expected = loop((2, 3, 4), np.int32, lambda i: x[i[1], 0])
    same(run(lambda a: BroadcastToOp.expand(a, [2, -1, 4]), x), expected)


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize(
    "start, limit, step",
    [
        ([1, 0, 0], [5, 3, 1], [2, 1, 1]),
        ([0, 1, 0], [7, 3, 1], [3, 2, 1]),
        ([6, 2, 0], [7, 2, 1], [1, 1, 1]),  # a size-0 result dimension
        ([-3, None, 0], [None, -1, 1], [1, 1, 1]),  # negative and open ends (normalized)
    ],
)
def test_slice(dtype, start, limit, step):
    x = data((7, 3, 1), dtype)
    bounds = [slice(s, l, st).indices(d) for s, l, st, d in zip(start, limit, step, x.shape)]
    shape = tuple(len(range(*b)) for b in bounds)
    expected = loop(shape, dtype, lambda i: x[tuple(b[0] + k * b[2] for k, b in zip(i, bounds))])
    same(run(lambda a: SliceOp(a, start, limit, step), x), expected)


def reflect(j: int, size: int) -> int:
    """torch 'reflect' source index for a position j relative to the first element."""
    if j < 0:
        return -j
    if j >= size:
        return 2 * (size - 1) - j
    return j


PAD_SOURCES = {
    "reflect": reflect,
    "replicate": lambda j, size: min(max(j, 0), size - 1),
}


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate"])
def test_pad(dtype, mode):
    x = data((3, 1, 4), dtype)
    low, high = [2, 0, 1], [1, 0, 3]
    value = 1.0 if mode == "constant" else 0.0
    shape = tuple(lo + d + hi for lo, d, hi in zip(low, x.shape, high))

    def element(i):
        j = [k - lo for k, lo in zip(i, low)]
        if mode == "constant":
            inside = all(0 <= jj < d for jj, d in zip(j, x.shape))
            return x[tuple(j)] if inside else dtype(value)
        return x[tuple(PAD_SOURCES[mode](jj, d) for jj, d in zip(j, x.shape))]

    same(run(lambda a: PadOp(a, low, high, value, mode), x), loop(shape, dtype, element))


@pytest.mark.parametrize("dtype", [np.float32, np.float16, ml_dtypes.bfloat16], ids=str)
def test_pad_with_minus_infinity(dtype):
    x = data((2,), dtype)
    result = run(lambda a: PadOp(a, [1], [2], float("-inf")), x)
    same(result, np.array([-np.inf, x[0], x[1], -np.inf, -np.inf], dtype))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("axis", [0, 1, -1])
def test_concat(dtype, axis):
    shapes = [(2, 3), (2, 1), (2, 4)] if axis != 0 else [(1, 3), (4, 3), (2, 3)]
    xs = [data(s, dtype) for s in shapes]
    pieces = [(x, sum(s[axis] for s in shapes[:n])) for n, x in enumerate(xs)]
    ax = axis % 2
    shape = list(shapes[0])
    shape[ax] = sum(s[ax] for s in shapes)

    def element(i):
        for x, start in pieces:
            if start <= i[ax] < start + x.shape[ax]:
                j = list(i)
                j[ax] -= start
                return x[tuple(j)]
        raise AssertionError(i)

    same(run(lambda *a: ConcatOp(a, axis), *xs), loop(shape, dtype, element))


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
@pytest.mark.parametrize("index_dtype", [np.int32, np.int64])
@pytest.mark.parametrize("axis", [0, 1, 2])
def test_gather_clamps_out_of_range(dtype, index_dtype, axis):
    x = data((4, 3, 5), dtype)
    size = x.shape[axis]
    # in-range, negative and too-large indices, in a 2-D index array
    indices = np.array([[0, size - 1, -1], [size, 2, -7]], index_dtype)
    shape = x.shape[:axis] + indices.shape + x.shape[axis + 1 :]

    def element(i):
        k = indices[i[axis], i[axis + 1]]
        clamped = min(max(int(k), 0), size - 1)
        return x[i[:axis] + (clamped,) + i[axis + 2 :]]

    same(run(lambda a, b: GatherOp(a, b, axis), x, indices), loop(shape, dtype, element))


def test_gather_scalar_index():
    x = data((3, 4), np.int8)
    same(run(lambda a, b: GatherOp(a, b, 1), x, np.array(2, np.int64)), x[:, 2].copy())


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: np.dtype(d).name)
def test_embedding(dtype):
    table = data((10, 3), dtype)
    ids = np.array([[1, 9, 0], [3, 3, 12]], np.int64)
    expected = loop((2, 3, 3), dtype, lambda i: table[min(ids[i[0], i[1]], 9), i[2]])
    same(run(lambda a, b: GatherOp.embedding(a, b), table, ids), expected)


def test_chain_matches_numpy():
    """A chain of shape ops equals the same chain written with different numpy calls."""
    x = data((2, 3, 4), np.float32)

    def build(a):
        t = TransposeOp(a, [2, 0, 1])
        r = ReshapeOp(t.result, [4, 6])
        return [t, r, SliceOp(r.result, [1, 0], [4, 6], [2, 3])]

    expected = np.moveaxis(x, 2, 0).copy().ravel().reshape(4, 6)[1::2, ::3]
    same(run(build, x), expected)


# ---- scatter, scatter_add ---------------------------------------------------------------------


def scatter_reference(x, indices, updates, axis, accumulate):
    """Write (or add) each update in row-major order of `indices`, the index clamped into range.

    Sums run in Python integers wrapped to the width, or in f32 one update at a time.
    """
    integer = np.issubdtype(x.dtype, np.integer)
    out = x.astype(np.float32) if not integer and x.dtype != np.bool_ else x.copy()
    for position in np.ndindex(*indices.shape):
        target = list(position)
        target[axis] = min(max(int(indices[position]), 0), x.shape[axis] - 1)
        target = tuple(target)
        if not accumulate:
            out[target] = updates[position]
        elif integer:
            bits = np.iinfo(x.dtype).bits
            total = (int(out[target]) + int(updates[position])) & ((1 << bits) - 1)
            out[target] = total - (1 << bits) if total >> (bits - 1) else total
        else:
            out[target] = np.float32(out[target]) + np.float32(updates[position])
    return out.astype(x.dtype)


SCATTERS = [(d, False) for d in DTYPES] + [(d, True) for d in DTYPES if d != np.bool_]
"""(dtype, accumulate): scatter of every element type, scatter_add of all but i1."""


@pytest.mark.parametrize(
    "dtype, accumulate",
    SCATTERS,
    ids=[f"{'scatter_add' if acc else 'scatter'}-{np.dtype(d).name}" for d, acc in SCATTERS],
)
@pytest.mark.parametrize("axis", [0, 1])
def test_scatter_duplicates_and_clamping(axis, dtype, accumulate):
    x = data((4, 5), dtype)
    size = x.shape[axis]
    # Duplicates (0 three times), a negative index (reads as 0) and one past the end (clamped).
    indices = np.array([[0, 2, size + 3], [0, -1, 1], [size - 1, 0, 2]], np.int64)
    if axis == 1:
        indices = indices[:, :2].T.copy()  # [2, 3]: no wider than the operand along axis 0
    updates = data(indices.shape, dtype)
    op = ScatterAddOp if accumulate else ScatterOp
    got = run(lambda a, i, u: op(a, i, u, axis), x, indices.astype(np.int32), updates)
    same(got, scatter_reference(x, indices, updates, axis, accumulate))


def test_scatter_last_write_wins():
    x = np.zeros(3, np.float32)
    got = run(lambda a, i, u: ScatterOp(a, i, u, 0), x, np.array([1, 1, 1, 2], np.int64), np.array([5, 6, 7, 8], np.float32))
    same(got, np.array([0, 7, 8], np.float32))


def test_scatter_add_accumulates_narrow_floats_in_f32():
    """Sixteen 2**-11 added to 1.0 in f16: each lost alone (half an ulp, ties to even), 1 + 2**-7 in f32."""
    x = np.ones(1, np.float16)
    updates = np.full(16, 2.0**-11, np.float16)
    got = run(lambda a, i, u: ScatterAddOp(a, i, u, 0), x, np.zeros(16, np.int64), updates)
    same(got, np.array([1 + 2**-7], np.float16))


def test_scatter_add_wraps_integers():
    x = np.array([120, -128], np.int8)
    got = run(lambda a, i, u: ScatterAddOp(a, i, u, 0), x, np.array([0, 0, 1], np.int64), np.array([5, 5, -1], np.int8))
    same(got, np.array([-126, 127], np.int8))


def test_scatter_with_smaller_indices_and_empty_updates():
    x = data((3, 4, 2), np.int32)
    indices = np.array([[[2]], [[0]]], np.int64)  # [2, 1, 1]: touches x[0:2, *, 0:1] rows only
    updates = np.array([[[70]], [[80]]], np.int32)
    expected = x.copy()
    expected[0, 2, 0], expected[1, 0, 0] = 70, 80
    same(run(lambda a, i, u: ScatterOp(a, i, u, 1), x, indices, updates), expected)
    empty = np.zeros((0, 4, 2), np.int64)
    same(run(lambda a, i, u: ScatterAddOp(a, i, u, 0), x, empty, np.zeros((0, 4, 2), np.int32)), x)
