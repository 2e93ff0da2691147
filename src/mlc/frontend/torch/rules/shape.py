"""Rules for ATen data movement: views, permutes, slices, cat/split, indexing, padding, scatter."""

import math
from collections.abc import Sequence

import numpy as np
import torch
from xdsl.dialects.builtin import TensorType, i1, i32, i64
from xdsl.ir import SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.frontend.torch.emitter import Emitter, Scalar, Unsupported

aten = torch.ops.aten


def to_result_shape(b: Emitter, x: SSAValue, *_args: object, **_options: object) -> SSAValue:
    """view, reshape, unsqueeze, squeeze: a row-major reshape to the shape torch computed."""
    return b.reshape(x, b.result_type().get_shape())


def permute(b: Emitter, x: SSAValue, dims: Sequence[int]) -> SSAValue:
    """Result dim i is operand dim dims[i]."""
    return b.emit(mt.TransposeOp(x, dims))


def expand(b: Emitter, x: SSAValue, size: Sequence[int], implicit: bool = False) -> SSAValue:
    """broadcast_to where -1 keeps a dimension's size."""
    return b.emit(mt.BroadcastToOp.expand(x, size))


def slice_dim(
    b: Emitter, x: SSAValue, dim: int = 0, start: int | None = None, end: int | None = None,
    step: int = 1,
) -> SSAValue:
    """x[start:end:step] along `dim` (Python clamping of out-of-range bounds)."""
    rank = len(b.shape(x))
    starts, limits = [None] * rank, [None] * rank
    steps = [1] * rank
    starts[dim % rank], limits[dim % rank], steps[dim % rank] = start, end, step
    return b.emit(mt.SliceOp(x, starts, limits, steps))


def select(b: Emitter, x: SSAValue, dim: int, index: int) -> SSAValue:
    """x[..., index, ...] along `dim`: a one-element slice without that dimension."""
    index %= b.shape(x)[dim]
    return to_result_shape(b, slice_dim(b, x, dim, index, index + 1))


def cat(b: Emitter, tensors: Sequence[SSAValue], dim: int = 0) -> SSAValue:
    """Concatenation along `dim`, operands promoted to the result type."""
    element = b.result_element
    return b.emit(mt.ConcatOp([b.cast(t, element) for t in tensors], dim))


def split_with_sizes(b: Emitter, x: SSAValue, sizes: Sequence[int], dim: int = 0) -> list[SSAValue]:
    """Consecutive slices of the given sizes along `dim`."""
    offsets = np.cumsum([0, *sizes])
    return [slice_dim(b, x, dim, int(lo), int(hi)) for lo, hi in zip(offsets, offsets[1:])]


def copy(b: Emitter, x: SSAValue, src: SSAValue, non_blocking: bool = False) -> SSAValue:
    """The functional form of x.copy_(src): src broadcast to x's shape, in x's dtype."""
    src = b.cast(src, b.element(x))
    return src if b.shape(src) == b.shape(x) else b.emit(mt.BroadcastToOp(src, b.shape(x)))


def slice_scatter(
    b: Emitter, x: SSAValue, src: SSAValue, dim: int = 0, start: int | None = None,
    end: int | None = None, step: int = 1,
) -> SSAValue:
    """x with x[start:end:step] along `dim` replaced by src (functionalized slice assignment).

    Position i of `dim` takes src[(i - start) // step] where it is in the slice, else x[i]:
    a gather of src with constant indices and a select with a constant mask.
    """
    shape = b.shape(x)
    dim %= len(shape)
    positions = np.arange(shape[dim])
    lo, hi, _ = slice(start, end, step).indices(shape[dim])
    inside = (positions >= lo) & (positions < hi) & ((positions - lo) % step == 0)
    source = np.clip((positions - lo) // step, 0, max(b.shape(src)[dim] - 1, 0))
    spread = b.emit(mt.GatherOp(b.cast(src, b.element(x)), b.constant(source), dim))
    mask_shape = [shape[dim] if d == dim else 1 for d in range(len(shape))]
    mask = b.constant(inside.reshape(mask_shape))
    return b.emit(mt.SelectOp(mask, spread, x))


def wrapped(b: Emitter, indices: SSAValue, size: int) -> SSAValue:
    """Indices with negative entries counted from the end (gather clamps, torch wraps)."""
    indices = b.cast(indices, i64)
    zero = b.tensor(0, i64)
    shifted = b.emit(mt.AddOp(indices, b.tensor(size, i64)))
    return b.emit(mt.SelectOp(b.emit(mt.LtOp(indices, zero)), shifted, indices))


def linear_index(
    b: Emitter, x: SSAValue, indices: Sequence[SSAValue | None]
) -> tuple[list[int], SSAValue]:
    """The indexed dimensions and the row-major linear index into them merged into one.

    Index tensors must sit on consecutive dimensions; the linear index sum(i_k * stride_k)
    of the index tensors (negative entries wrapped) has their broadcast shape.
    """
    dims = [d for d, i in enumerate(indices) if i is not None]
    if dims != list(range(dims[0], dims[-1] + 1)):
        raise Unsupported("index tensors on non-adjacent dimensions")
    if any(b.element(indices[d]) == i1 for d in dims):
        raise Unsupported("boolean mask indexing (data-dependent shape)")
    sizes = [b.shape(x)[d] for d in dims]
    linear = None
    for d, size in zip(dims, sizes):
        stride = math.prod(sizes[dims.index(d) + 1 :])
        term = wrapped(b, indices[d], size)
        if stride != 1:
            term = b.emit(mt.MulOp(term, b.tensor(stride, i64)))
        linear = term if linear is None else b.emit(mt.AddOp(linear, term))
    return dims, linear


def merged(b: Emitter, x: SSAValue, dims: Sequence[int]) -> SSAValue:
    """x with the consecutive dimensions `dims` merged into one (row-major)."""
    shape = b.shape(x)
    size = math.prod(shape[d] for d in dims)
    return b.reshape(x, [*shape[: dims[0]], size, *shape[dims[-1] + 1 :]])


def index(b: Emitter, x: SSAValue, indices: Sequence[SSAValue | None]) -> SSAValue:
    """Advanced indexing x[..., i0, i1, ...] with index tensors on consecutive dimensions.

    The indexed dimensions are merged into one and gathered with the row-major linear index
    of the broadcast index tensors, which keeps torch's result layout.
    """
    dims, linear = linear_index(b, x, indices)
    return b.emit(mt.GatherOp(merged(b, x, dims), linear, dims[0]))


def index_put(
    b: Emitter, x: SSAValue, indices: Sequence[SSAValue | None], values: SSAValue,
    accumulate: bool = False,
) -> SSAValue:
    """x[indices] = values (+= with `accumulate`), the functional form of index assignment.

    As in `index`, the indexed dimensions merge into one axis and the index tensors into
    one linear index of shape B; values broadcast to x[indices]'s shape pre + B + post,
    B flattens to N, and the linear index broadcast to pre + [N] + post scatters them
    (the put_along_axis form): the last write wins, or duplicates add up. A boolean mask
    (one, with full slices elsewhere) selects instead, when values do not depend on how
    many elements it picks.
    """
    values = b.cast(values, b.element(x))
    if any(i is not None and b.element(i) == i1 for i in indices):
        return masked_put(b, x, indices, values, accumulate)
    dims, linear = linear_index(b, x, indices)
    shape = b.shape(x)
    pre, post = list(shape[: dims[0]]), list(shape[dims[-1] + 1 :])
    count = math.prod(b.shape(linear))
    target = [*pre, count, *post]
    spread = b.emit(mt.BroadcastToOp(values, [*pre, *b.shape(linear), *post]))
    updates = b.reshape(spread, target)
    linear = b.reshape(linear, [1] * len(pre) + [count] + [1] * len(post))
    positions = b.emit(mt.BroadcastToOp(linear, target))
    scattered = scatter_into(b, merged(b, x, dims), positions, updates, len(pre), accumulate)
    return b.reshape(scattered, shape)


def scatter_into(
    b: Emitter, x: SSAValue, indices: SSAValue, updates: SSAValue, axis: int, accumulate: bool
) -> SSAValue:
    """mlc_tensor.scatter, or scatter_add with `accumulate`; torch accumulates bools with or,
    which is a sum in i32 (no overflow below 2**31 updates) read back as != 0."""
    if not accumulate:
        return b.emit(mt.ScatterOp(x, indices, updates, axis))
    element = b.element(x)
    if element != i1:
        return b.emit(mt.ScatterAddOp(x, indices, updates, axis))
    counts = b.emit(mt.ScatterAddOp(b.cast(x, i32), indices, b.cast(updates, i32), axis))
    return b.cast(counts, i1)


def masked_put(
    b: Emitter, x: SSAValue, indices: Sequence[SSAValue | None], values: SSAValue,
    accumulate: bool,
) -> SSAValue:
    """x[mask] = values as a select: values broadcast over pre + [1] + post fill every picked element.

    x[mask] has shape pre + [count] + post for the mask's data-dependent count, so values
    must broadcast to it with that dimension 1 (a scalar, a row, ...).
    """
    dims = [d for d, i in enumerate(indices) if i is not None]
    if len(dims) != 1:
        raise Unsupported("a boolean mask together with other index tensors")
    (d,) = dims
    mask = indices[d]
    shape = b.shape(x)
    k = len(b.shape(mask))
    pre, post = list(shape[:d]), list(shape[d + k :])
    picked = [*pre, 1, *post]
    value_shape = b.shape(values)
    aligned = (1,) * (len(picked) - len(value_shape)) + value_shape
    if len(value_shape) > len(picked) or aligned[len(pre)] != 1:
        raise Unsupported(
            f"boolean mask assignment of values of shape {list(value_shape)} (their size along "
            "the masked elements depends on the mask's data)"
        )
    spread = b.emit(mt.BroadcastToOp(values, picked))
    spread = b.reshape(spread, [*pre, *[1] * k, *post])
    mask = b.reshape(mask, [*[1] * len(pre), *b.shape(mask), *[1] * len(post)])
    if accumulate:
        spread = b.emit((mt.OrOp if b.element(x) == i1 else mt.AddOp)(x, spread))
    return b.emit(mt.SelectOp(mask, spread, x))


def scatter_updates(b: Emitter, x: SSAValue, indices: SSAValue, src: SSAValue | Scalar) -> SSAValue:
    """The updates of torch.scatter: src cut to the indices' shape (or a scalar filled to it)."""
    index_type = TensorType(b.element(x), b.shape(indices))
    if not isinstance(src, SSAValue):
        return b.full(src, index_type)
    src = b.cast(src, b.element(x))
    if b.shape(src) == b.shape(indices):
        return src
    return b.emit(mt.SliceOp(src, [0] * len(b.shape(src)), list(b.shape(indices))))


def scatter(accumulate: bool):
    """scatter (src or value) / scatter_add: x[..., indices[p], ...] = (+=) src[p] along `dim`."""

    def rule(
        b: Emitter, x: SSAValue, dim: int, indices: SSAValue, src: SSAValue | Scalar
    ) -> SSAValue:
        updates = scatter_updates(b, x, indices, src)
        return scatter_into(b, x, indices, updates, dim, accumulate)

    return rule


def index_select(b: Emitter, x: SSAValue, dim: int, indices: SSAValue) -> SSAValue:
    """x gathered along `dim` at the 1-d indices (torch rejects negative ones)."""
    return b.emit(mt.GatherOp(x, indices, dim))


def gather(
    b: Emitter, x: SSAValue, dim: int, indices: SSAValue, sparse_grad: bool = False
) -> SSAValue:
    """torch.gather: out[..., i, ...] = x[..., indices[..., i, ...], ...] along `dim`.

    A take from the flattened x at the row-major linear index, in which every dimension
    but `dim` contributes its own coordinate (an iota over the indices' shape).
    """
    shape, index_shape = b.shape(x), b.shape(indices)
    dim %= len(shape)
    strides = [math.prod(shape[d + 1 :]) for d in range(len(shape))]
    index_type = TensorType(i64, index_shape)
    linear = b.emit(mt.MulOp(b.cast(indices, i64), b.tensor(strides[dim], i64)))
    for d in range(len(shape)):
        if d != dim:
            coordinate = b.emit(mt.IotaOp(index_type, d, 0, strides[d]))
            linear = b.emit(mt.AddOp(linear, coordinate))
    return b.emit(mt.GatherOp(b.reshape(x, [-1]), linear, 0))


def embedding(b: Emitter, weight: SSAValue, indices: SSAValue, *_options: object) -> SSAValue:
    """Rows of the [V, D] table at the indices (padding_idx only matters to gradients)."""
    return b.emit(mt.GatherOp.embedding(weight, indices))


def constant_pad_nd(b: Emitter, x: SSAValue, pad: Sequence[int], value: Scalar = 0) -> SSAValue:
    """F.pad in constant mode: pad pairs (before, after) from the last dimension backwards."""
    if any(p < 0 for p in pad):
        raise Unsupported("negative padding (cropping)")
    rank = len(b.shape(x))
    low, high = [0] * rank, [0] * rank
    for i in range(len(pad) // 2):
        low[rank - 1 - i], high[rank - 1 - i] = pad[2 * i], pad[2 * i + 1]
    return b.emit(mt.PadOp(x, low, high, value))


def repeat(b: Emitter, x: SSAValue, repeats: Sequence[int]) -> SSAValue:
    """Tile x: view as [1, s0, 1, s1, ...], broadcast to [r0, s0, r1, s1, ...], merge pairs."""
    shape = (1,) * (len(repeats) - len(b.shape(x))) + b.shape(x)
    interleaved = [d for s in shape for d in (1, s)]
    tiled = [d for r, s in zip(repeats, shape) for d in (r, s)]
    spread = b.emit(mt.BroadcastToOp(b.reshape(x, interleaved), tiled))
    return b.reshape(spread, [r * s for r, s in zip(repeats, shape)])


def flip(b: Emitter, x: SSAValue, dims: Sequence[int]) -> SSAValue:
    """Reverse the order of elements along `dims`."""
    return b.emit(mt.ReverseOp(x, dims))


def upsample_nearest2d(
    b: Emitter, x: SSAValue, output_size: Sequence[int] | None,
    scale_factors: Sequence[float] | None,
) -> SSAValue:
    """Nearest upsampling as two gathers: source index floor(dst * scale) in f32, as torch."""
    out = b.result_type().get_shape()
    for axis in (2, 3):
        size = b.shape(x)[axis]
        scale = np.float32(1 / scale_factors[axis - 2] if scale_factors else size / out[axis])
        source = np.floor(np.arange(out[axis], dtype=np.float32) * scale).astype(np.int64)
        x = b.emit(mt.GatherOp(x, b.constant(np.minimum(source, size - 1)), axis))
    return x


RULES = {
    # reshape/_unsafe_view decompose to view, transpose/t to permute, squeeze to squeeze.dims.
    aten.view.default: to_result_shape,
    aten.unsqueeze.default: to_result_shape,
    aten.squeeze.dims: to_result_shape,
    aten.permute.default: permute,
    aten.expand.default: expand,
    aten.slice.Tensor: slice_dim,
    aten.select.int: select,
    aten.cat.default: cat,
    aten.split_with_sizes.default: split_with_sizes,
    aten.index.Tensor: index,
    aten.index_put.default: index_put,
    aten.scatter.src: scatter(accumulate=False),
    aten.scatter.value: scatter(accumulate=False),
    aten.scatter_add.default: scatter(accumulate=True),
    aten.index_select.default: index_select,
    aten.gather.default: gather,
    aten.embedding.default: embedding,
    aten.constant_pad_nd.default: constant_pad_nd,
    aten.repeat.default: repeat,
    aten.flip.default: flip,
    aten.copy.default: copy,
    aten.slice_scatter.default: slice_scatter,
    aten.upsample_nearest2d.vec: upsample_nearest2d,
}
