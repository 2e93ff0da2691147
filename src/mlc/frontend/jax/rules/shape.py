"""Data-movement primitives: broadcast, reshape, transpose, slices, pad, concat, gather, scatter, iota."""

import math
from collections.abc import Sequence

import numpy as np
from xdsl.dialects.builtin import IntegerType, i1, i32
from xdsl.ir import SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.dialects.mlc_tensor.base import is_float
from mlc.frontend.jax.emitter import Emitter, Raw, Unsupported, element, shape
from mlc.frontend.jax.rules.registry import rule
from mlc.ir.dtypes import to_numpy_dtype


def static_indices(b: Emitter, indices: Sequence[Raw]) -> list[int]:
    """The values of scalar index operands known at import time, or Unsupported."""
    if not all(isinstance(i, np.ndarray) for i in indices):
        raise Unsupported("start indices that are only known at run time")
    return [int(i) for i in indices]


@rule("broadcast_in_dim")
def broadcast_in_dim(b: Emitter, x: SSAValue, *dynamic: SSAValue) -> SSAValue:
    """Operand dim i goes to result dim broadcast_dimensions[i]: reshape with 1s, then broadcast_to."""
    if dynamic:
        raise Unsupported("dynamic shapes")
    target, dims = b.params["shape"], b.params["broadcast_dimensions"]
    with_ones = [1] * len(target)
    for i, d in enumerate(dims):
        with_ones[d] = shape(x)[i]
    return b.broadcast(b.reshape(x, with_ones), target)


@rule("reshape")
def reshape(b: Emitter, x: SSAValue, *dynamic: SSAValue) -> SSAValue:
    """Row-major reshape to the output shape."""
    if dynamic or b.params["dimensions"] is not None:
        raise Unsupported("reshape with a dimension order or dynamic sizes")
    return b.reshape(x, b.out_type().get_shape())


@rule("squeeze")
def squeeze(b: Emitter, x: SSAValue) -> SSAValue:
    """Drop size-1 `dimensions`: a reshape to the output shape."""
    return b.reshape(x, b.out_type().get_shape())


@rule("transpose")
def transpose(b: Emitter, x: SSAValue) -> SSAValue:
    """Permute dimensions."""
    return b.transpose(x, b.params["permutation"])


@rule("concatenate")
def concatenate(b: Emitter, *xs: SSAValue) -> SSAValue:
    """Concatenate along `dimension`."""
    return b.emit(mt.ConcatOp(list(xs), b.params["dimension"]))


@rule("slice")
def slice_(b: Emitter, x: SSAValue) -> SSAValue:
    """Strided static slice."""
    strides = b.params["strides"] or [1] * len(shape(x))
    return b.emit(mt.SliceOp(x, b.params["start_indices"], b.params["limit_indices"], strides))


def clamped_starts(x_shape: Sequence[int], starts: Sequence[int], sizes: Sequence[int]) -> list[int]:
    """XLA's dynamic-slice start clamping: each start moves into [0, size - slice size]."""
    return [min(max(s, 0), d - n) for s, d, n in zip(starts, x_shape, sizes)]


@rule("dynamic_slice", raw=True)
def dynamic_slice(b: Emitter, x: Raw, *indices: Raw) -> SSAValue:
    """A slice at start indices known at import time (clamped like XLA)."""
    starts = static_indices(b, indices)
    x = b.materialize(x)
    sizes = b.params["slice_sizes"]
    starts = clamped_starts(shape(x), starts, sizes)
    return b.emit(mt.SliceOp(x, starts, [s + n for s, n in zip(starts, sizes)]))


@rule("dynamic_update_slice", raw=True)
def dynamic_update_slice(b: Emitter, x: Raw, update: Raw, *indices: Raw) -> SSAValue:
    """x with `update` written at static starts: select(mask, update padded to x's shape, x)."""
    starts = static_indices(b, indices)
    x, update = b.materialize(x), b.materialize(update)
    sizes = shape(update)
    starts = clamped_starts(shape(x), starts, sizes)
    high = [d - s - n for d, s, n in zip(shape(x), starts, sizes)]
    padded = b.emit(mt.PadOp(update, starts, high))
    mask = np.zeros(shape(x), np.bool_)
    mask[tuple(slice(s, s + n) for s, n in zip(starts, sizes))] = True
    return b.emit(mt.SelectOp(b.constant(mask), padded, x))


@rule("pad", raw=True)
def pad(b: Emitter, x: Raw, value: Raw) -> SSAValue:
    """Constant padding with a fill known at import time; negative amounts slice afterwards."""
    if not isinstance(value, np.ndarray):
        raise Unsupported("a padding value only known at run time")
    config = b.params["padding_config"]
    if any(interior for _, _, interior in config):
        raise Unsupported("interior padding")
    x = b.materialize(x)
    low = [max(int(lo), 0) for lo, _, _ in config]
    high = [max(int(hi), 0) for _, hi, _ in config]
    if any(low) or any(high):
        x = b.emit(mt.PadOp(x, low, high, float(value)))
    starts = [max(-int(lo), 0) for lo, _, _ in config]
    limits = [d - max(-int(hi), 0) for d, (_, hi, _) in zip(shape(x), config)]
    if starts != [0] * len(starts) or limits != list(shape(x)):
        x = b.emit(mt.SliceOp(x, starts, limits))
    return x


@rule("rev")
def rev(b: Emitter, x: SSAValue) -> SSAValue:
    """Reverse `dimensions`."""
    return b.emit(mt.ReverseOp(x, list(b.params["dimensions"])))


@rule("iota")
def iota(b: Emitter) -> SSAValue:
    """0, 1, 2, ... along `dimension`."""
    return b.emit(mt.IotaOp(b.out_type(), b.params["dimension"]))


@rule("split")
def split(b: Emitter, x: SSAValue) -> list[SSAValue]:
    """Consecutive slices of `sizes` along `axis`."""
    axis, outs, start = b.params["axis"], [], 0
    for size in b.params["sizes"]:
        outs.append(b.slice_axis(x, axis, start, start + int(size)))
        start += int(size)
    return outs


@rule("tile")
def tile(b: Emitter, x: SSAValue) -> SSAValue:
    """Repeat: [a, b] -> reshape [1, a, 1, b] -> broadcast [r0, a, r1, b] -> reshape [r0 a, r1 b]."""
    reps, dims = b.params["reps"], shape(x)
    interleaved = [n for pair in zip([1] * len(dims), dims) for n in pair]
    repeated = [n for pair in zip(reps, dims) for n in pair]
    x = b.broadcast(b.reshape(x, interleaved), repeated)
    return b.reshape(x, [r * d for r, d in zip(reps, dims)])


def fill_value(b: Emitter, value: object, like: SSAValue) -> SSAValue:
    """gather's fill for out-of-bounds indices: JAX's default NaN / most negative / True."""
    dtype = to_numpy_dtype(element(like))
    if value is None:
        if is_float(element(like)):
            value = np.nan
        elif element(like) == i1:
            value = True
        else:
            value = np.iinfo(dtype).min
    return b.scalar(value, like)


@rule("gather")
def gather(b: Emitter, x: SSAValue, indices: SSAValue) -> SSAValue:
    """The take form: one index per position into one collapsed axis k, full slices elsewhere."""
    numbers, sizes = b.params["dimension_numbers"], b.params["slice_sizes"]
    x_shape = shape(x)
    rank = len(x_shape)
    k = numbers.start_index_map[0] if len(numbers.start_index_map) == 1 else None
    if (
        k is None
        or tuple(numbers.collapsed_slice_dims) != (k,)
        or numbers.operand_batching_dims
        or shape(indices)[-1:] != (1,)
        or any(n != (1 if i == k else d) for i, (n, d) in enumerate(zip(sizes, x_shape)))
    ):
        raise Unsupported(f"gather other than a take along one axis ({numbers})")
    batch = shape(indices)[:-1]
    index = b.reshape(indices, batch)
    width = element(index)
    if not (isinstance(width, IntegerType) and width.width.data in (32, 64)):
        index = b.cast(index, i32)
    gathered = b.emit(mt.GatherOp(x, index, k))
    if "FILL_OR_DROP" in str(b.params["mode"]):
        # mlc_tensor.gather clamps; JAX fills positions whose index is out of [0, size).
        inside = b.emit(
            mt.MinimumOp(
                b.emit(mt.GeOp(index, b.scalar(0, index))),
                b.emit(mt.LtOp(index, b.scalar(x_shape[k], index))),
            )
        )
        mask = b.reshape(inside, [1] * k + list(batch) + [1] * (rank - k - 1))
        gathered = b.emit(
            mt.SelectOp(mask, gathered, fill_value(b, b.params["fill_value"], x))
        )
    # Natural order: operand dims before k, index batch dims, operand dims after k.
    natural_operand = [j if j < k else len(batch) + j - 1 for j in range(rank) if j != k]
    natural_batch = iter(range(k, k + len(batch)))
    operand_positions = dict(zip(numbers.offset_dims, natural_operand))
    out_rank = len(batch) + rank - 1
    perm = [
        operand_positions[i] if i in operand_positions else next(natural_batch)
        for i in range(out_rank)
    ]
    return b.transpose(gathered, perm)


@rule("scatter", "scatter-add")
def scatter(b: Emitter, x: SSAValue, indices: SSAValue, updates: SSAValue) -> SSAValue:
    """The `.at[index].set/add` form along one axis k (full slices elsewhere) as scatter(_add).

    Updates move to natural order (operand dims before k, index batch dims flattened to
    one, operand dims after k) and the indices broadcast to that shape: numpy's
    put_along_axis form of mlc_tensor.scatter. JAX drops out-of-range updates
    (FILL_OR_DROP) where mlc_tensor clamps, so they are sent to an extra slot padded at
    the end of axis k and sliced off afterwards.
    """
    numbers, x_shape = b.params["dimension_numbers"], shape(x)
    rank = len(x_shape)
    k = numbers.scatter_dims_to_operand_dims[0] if len(numbers.scatter_dims_to_operand_dims) == 1 else None
    window = [d for d in range(rank) if d != k]
    window_sizes = [shape(updates)[u] for u in numbers.update_window_dims]
    if (
        k is None
        or tuple(numbers.inserted_window_dims) != (k,)
        or numbers.operand_batching_dims
        or shape(indices)[-1:] != (1,)
        or window_sizes != [x_shape[d] for d in window]
    ):
        raise Unsupported(f"scatter other than into whole slices along one axis ({numbers})")
    if b.name == "scatter-add" and element(x) == i1:
        raise Unsupported("scatter-add of booleans")
    batch = shape(indices)[:-1]
    count = math.prod(batch)
    index = b.reshape(indices, [count])
    width = element(index)
    if not (isinstance(width, IntegerType) and width.width.data in (32, 64)):
        index = b.cast(index, i32)
    # Updates: batch dims (in order) then window dims -> x[:k] + batch + x[k+1:] -> flattened.
    batch_positions = [u for u in range(len(shape(updates))) if u not in numbers.update_window_dims]
    window_positions = list(numbers.update_window_dims)
    natural = window_positions[:k] + batch_positions + window_positions[k:]
    target = list(x_shape[:k]) + [count] + list(x_shape[k + 1 :])
    updates = b.reshape(b.transpose(updates, natural), target)
    size = x_shape[k]
    drop = "FILL_OR_DROP" in str(b.params["mode"])
    if drop:
        inside = b.emit(
            mt.MinimumOp(
                b.emit(mt.GeOp(index, b.scalar(0, index))),
                b.emit(mt.LtOp(index, b.scalar(size, index))),
            )
        )
        index = b.emit(mt.SelectOp(inside, index, b.scalar(size, index)))
        x = b.emit(mt.PadOp(x, [0] * rank, [1 if d == k else 0 for d in range(rank)]))
    index = b.broadcast(b.reshape(index, [1] * k + [count] + [1] * (rank - k - 1)), target)
    op = mt.ScatterAddOp if b.name == "scatter-add" else mt.ScatterOp
    result = b.emit(op(x, index, updates, k))
    return b.slice_axis(result, k, 0, size) if drop else result
