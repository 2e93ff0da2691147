"""The interpreter's scans and orderings against Python loops over each line of the axis.

References walk every line along the axis with `np.ndindex` and compute running
reductions with Python numbers, sort with Python's stable `sorted` on an explicit key
(NaN above everything, -0.0 equal to 0.0), and reverse by index arithmetic.
"""

import math
import struct

import ml_dtypes
import numpy as np
import pytest
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Region

from mlc.dialects.mlc_tensor import (
    CummaxOp,
    CumminOp,
    CumprodOp,
    CumsumOp,
    ReverseOp,
    SortOp,
    TopkOp,
)
from mlc.ir.dtypes import tensor_type_of, to_numpy_dtype
from mlc.runtime.interpreter import run_function

BF16 = np.dtype(ml_dtypes.bfloat16)
RNG = np.random.default_rng(0)


def run_multi(build, x: np.ndarray) -> list[np.ndarray]:
    """Build an op over one argument typed like `x`, run it, check every result's dtype and shape."""
    block = Block(arg_types=[tensor_type_of(x)])
    op = build(block.args[0])
    block.add_ops([op, func.ReturnOp(*op.results)])
    types = [r.type for r in op.results]
    module = ModuleOp([func.FuncOp("main", ([block.args[0].type], types), Region(block))])
    module.verify()
    outs = run_function(module, [x])
    for out, typ in zip(outs, types):
        assert out.dtype == to_numpy_dtype(typ.get_element_type())
        assert out.shape == tuple(typ.get_shape())
    return outs


def lines(shape: tuple[int, ...], axis: int):
    """Index tuples selecting each 1-d line of `shape` along `axis` (slice(None) at `axis`)."""
    rest = shape[:axis] + shape[axis + 1 :]
    for index in np.ndindex(*rest):
        yield index[:axis] + (slice(None),) + index[axis:]


def wrap(value: int, bits: int) -> int:
    """Two's complement wrap of a Python int to `bits` bits."""
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


# ---- cumulative --------------------------------------------------------------------------------

OPS = {"cumsum": CumsumOp, "cumprod": CumprodOp, "cummax": CummaxOp, "cummin": CumminOp}


def running(name: str, values: list, identity, bits: int | None) -> list:
    """Inclusive running reduction of Python numbers from `identity` (integers wrap to `bits`)."""
    out, acc = [], identity
    for v in values:
        if name == "cumsum":
            acc = acc + v
        elif name == "cumprod":
            acc = acc * v
        elif math.isnan(acc) or math.isnan(v):
            acc = math.nan  # max and min propagate NaN
        else:
            acc = max(acc, v) if name == "cummax" else min(acc, v)
        if bits is not None and name in ("cumsum", "cumprod"):
            acc = wrap(acc, bits)
        out.append(acc)
    return out


def identity_of(name: str, dtype: np.dtype):
    """The identity the exclusive scan starts from, as a Python number."""
    if name == "cumsum":
        return 0
    if name == "cumprod":
        return 1
    if dtype == np.bool_:
        return name == "cummin"
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return int(info.min) if name == "cummax" else int(info.max)
    return -math.inf if name == "cummax" else math.inf


def cumulative_reference(name, x, axis, reverse, exclusive):
    """The scan of every line by `running`, in f64 for floats."""
    integer = np.issubdtype(x.dtype, np.integer)
    bits = np.iinfo(x.dtype).bits if integer else None
    out = np.empty(x.shape, dtype=object)
    for line in lines(x.shape, axis):
        values = [int(v) if integer or x.dtype == np.bool_ else float(v) for v in x[line]]
        if reverse:
            values = values[::-1]
        start = identity_of(name, x.dtype)
        if exclusive:
            values = [start] + values[:-1]
        result = running(name, values, start, bits)
        out[line] = result[::-1] if reverse else result
    return out


@pytest.mark.parametrize("exclusive", [False, True], ids=["inclusive", "exclusive"])
@pytest.mark.parametrize("reverse", [False, True], ids=["forward", "reverse"])
@pytest.mark.parametrize("axis", [0, 1, 2])
@pytest.mark.parametrize("name", OPS)
def test_cumulative_f32(name, axis, reverse, exclusive):
    x = RNG.uniform(0.5, 1.5, (3, 4, 5)).astype(np.float32) * RNG.choice([-1, 1], (3, 4, 5)).astype(np.float32)
    (got,) = run_multi(lambda a: OPS[name](a, axis, reverse=reverse, exclusive=exclusive), x)
    expected = cumulative_reference(name, x, axis, reverse, exclusive).astype(np.float64)
    np.testing.assert_allclose(got.astype(np.float64), expected, rtol=4e-6 if name in ("cumsum", "cumprod") else 0, atol=1e-6)


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64])
@pytest.mark.parametrize("name", OPS)
def test_cumulative_integers_wrap(name, dtype):
    x = RNG.integers(-100, 100, (4, 9)).astype(dtype)
    x[0, :] = np.iinfo(dtype).max
    for reverse, exclusive in ((False, False), (True, True)):
        (got,) = run_multi(lambda a: OPS[name](a, 1, reverse=reverse, exclusive=exclusive), x)
        expected = cumulative_reference(name, x, 1, reverse, exclusive).astype(np.int64)
        np.testing.assert_array_equal(got.astype(np.int64), expected)


@pytest.mark.parametrize("name", ["cummax", "cummin"])
def test_cumulative_booleans(name):
    x = np.array([[False, True, False, True], [True, True, False, False]])
    for exclusive in (False, True):
        (got,) = run_multi(lambda a: OPS[name](a, 1, exclusive=exclusive), x)
        expected = cumulative_reference(name, x, 1, False, exclusive).astype(np.bool_)
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("dtype", [np.float16, BF16], ids=["f16", "bf16"])
def test_cumsum_of_narrow_floats_accumulates_in_f32(dtype):
    """2048 ones in f16 stop at 2048 if each partial sum rounds to f16; f32 keeps counting."""
    x = np.ones(4096, dtype)
    (got,) = run_multi(lambda a: CumsumOp(a, 0), x)
    expected = np.arange(1, 4097, dtype=np.float64).astype(np.float32).astype(dtype)
    np.testing.assert_array_equal(got.view(np.uint16), expected.view(np.uint16))


def test_cumulative_nan_and_exclusive_identities():
    x = np.array([1.0, np.nan, 3.0, -np.inf], np.float32)
    (mx,) = run_multi(lambda a: CummaxOp(a, 0), x)
    np.testing.assert_array_equal(mx, [1.0, np.nan, np.nan, np.nan])
    (mn,) = run_multi(lambda a: CumminOp(a, 0, reverse=True), x)
    np.testing.assert_array_equal(mn, [np.nan, np.nan, -np.inf, -np.inf])
    (ex,) = run_multi(lambda a: CummaxOp(a, 0, exclusive=True), np.array([2.0, 1.0], np.float32))
    np.testing.assert_array_equal(ex, [-np.inf, 2.0])
    (ex,) = run_multi(lambda a: CumminOp(a, 0, exclusive=True), np.array([-5, 3], np.int8))
    np.testing.assert_array_equal(ex, [127, -5])
    (ex,) = run_multi(lambda a: CumprodOp(a, 0, exclusive=True, reverse=True), np.array([2, 3, 4], np.int32))
    np.testing.assert_array_equal(ex, [12, 4, 1])
    (empty,) = run_multi(lambda a: CumsumOp(a, 1, exclusive=True), np.zeros((2, 0), np.float32))
    assert empty.shape == (2, 0)


# ---- sort and topk -----------------------------------------------------------------------------


def order_key(value):
    """Sort key: NaN above every number (and equal to other NaNs); -0.0 equals 0.0."""
    value = float(value) if not isinstance(value, bool | np.bool_) else int(value)
    return (1, 0.0) if value != value else (0, value)


def sort_reference(x: np.ndarray, axis: int, descending: bool):
    """Values and indices of a stable sort of each line (Python's sorted is stable both ways)."""
    values, indices = np.empty_like(x), np.empty(x.shape, np.int64)
    for line in lines(x.shape, axis):
        row = list(x[line])
        order = sorted(range(len(row)), key=lambda i: order_key(row[i]), reverse=descending)
        indices[line] = order
        values[line] = [row[i] for i in order]
    return values, indices


def bits_equal(a: np.ndarray, b: np.ndarray) -> None:
    """Equal including NaN positions and the sign of zero (compared as raw bytes)."""
    assert a.dtype == b.dtype and a.shape == b.shape
    unsigned = np.dtype(f"u{a.dtype.itemsize}")
    np.testing.assert_array_equal(np.ascontiguousarray(a).view(unsigned), np.ascontiguousarray(b).view(unsigned))


SORT_INPUTS = {
    "f32_nan_zeros": np.array([[0.0, -0.0, np.nan, 1.0, -np.inf, np.inf, 0.0, np.nan, -1.0]], np.float32),
    "f16_ties": RNG.integers(-2, 3, (3, 8)).astype(np.float16),
    "bf16": RNG.standard_normal((2, 7)).astype(BF16),
    "bf16_nan": np.array([[np.nan, 1, -0.0, 0.0, -np.inf, np.nan, 2, np.inf, 1]], BF16),
    "f16_nan": np.array([[np.nan, 1, -0.0, 0.0, -np.inf, np.nan, 2, np.inf, 1]], np.float16),
    "i8_extremes": np.array([[127, -128, 0, -1, 127, -128, 5]], np.int8),
    "i32_ties": RNG.integers(0, 3, (4, 6)).astype(np.int32),
    "i64": RNG.integers(-(2**62), 2**62, (2, 5)).astype(np.int64),
    "i1": np.array([[True, False, True, False, False, True]]),
}


@pytest.mark.parametrize("descending", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("name", SORT_INPUTS)
def test_sort(name, descending):
    x = SORT_INPUTS[name]
    for axis in range(x.ndim):
        values, indices = run_multi(lambda a: SortOp(a, axis, descending=descending), x)
        expected_values, expected_indices = sort_reference(x, axis, descending)
        bits_equal(values, expected_values)
        np.testing.assert_array_equal(indices, expected_indices)


def test_sort_places_nan_and_keeps_ties_in_operand_order():
    x = np.array([np.nan, 2.0, -0.0, 0.0, np.nan, 2.0], np.float32)
    _, ascending = run_multi(lambda a: SortOp(a, 0), x)
    np.testing.assert_array_equal(ascending, [2, 3, 1, 5, 0, 4])
    _, descending = run_multi(lambda a: SortOp(a, 0, descending=True), x)
    np.testing.assert_array_equal(descending, [0, 4, 1, 5, 2, 3])


@pytest.mark.parametrize("largest", [True, False], ids=["largest", "smallest"])
@pytest.mark.parametrize("name", SORT_INPUTS)
def test_topk_is_the_head_of_a_stable_sort(name, largest):
    x = SORT_INPUTS[name]
    axis = x.ndim - 1
    for k in (0, 1, x.shape[axis] // 2, x.shape[axis]):
        values, indices = run_multi(lambda a: TopkOp(a, k, axis, largest=largest), x)
        expected_values, expected_indices = sort_reference(x, axis, descending=largest)
        bits_equal(values, expected_values[..., :k])
        np.testing.assert_array_equal(indices, expected_indices[..., :k])


def test_topk_along_a_leading_axis_with_ties():
    x = np.array([[3, 1], [3, 5], [1, 5], [3, 0]], np.int32)
    values, indices = run_multi(lambda a: TopkOp(a, 2, 0), x)
    np.testing.assert_array_equal(values, [[3, 5], [3, 5]])
    np.testing.assert_array_equal(indices, [[0, 1], [1, 2]])
    values, indices = run_multi(lambda a: TopkOp(a, 3, 0, largest=False), x)
    np.testing.assert_array_equal(values, [[1, 0], [3, 1], [3, 5]])
    np.testing.assert_array_equal(indices, [[2, 3], [0, 0], [1, 1]])


# ---- reverse -----------------------------------------------------------------------------------


@pytest.mark.parametrize("axes", [[], [0], [1], [2], [0, 2], [0, 1, 2]], ids=str)
@pytest.mark.parametrize("dtype", [np.float32, BF16, np.int8, np.bool_], ids=str)
def test_reverse(axes, dtype):
    x = (RNG.integers(-50, 50, (2, 3, 4)) if dtype != np.bool_ else RNG.random((2, 3, 4)) < 0.5).astype(dtype)
    (got,) = run_multi(lambda a: ReverseOp(a, axes), x)
    expected = np.empty_like(x)
    for index in np.ndindex(*x.shape):
        source = tuple(x.shape[d] - 1 - i if d in axes else i for d, i in enumerate(index))
        expected[index] = x[source]
    bits_equal(got, expected)


def test_reverse_of_signed_zero_keeps_bits():
    x = np.array([-0.0, struct.unpack("<f", struct.pack("<I", 0x7FC00001))[0]], np.float32)
    (got,) = run_multi(lambda a: ReverseOp(a, [0]), x)
    bits_equal(got, x[::-1].copy())


def test_every_scan_op_has_an_implementation():
    from mlc.dialects.mlc_tensor import scan
    from mlc.runtime.interpreter.mlc_tensor import FUNCTIONS

    implemented = {op for functions in FUNCTIONS for op, _ in functions._impls()}
    assert [op.name for op in scan.OPS if op not in implemented] == []
