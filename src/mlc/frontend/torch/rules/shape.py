"""Rules for ATen data movement: views, permutes, slices, cat/split, indexing, padding, scatter."""

import math
from collections.abc import Sequence

import numpy as np
import torch
from xdsl.dialects.builtin import TensorType, i1, i64
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


def index(b: Emitter, x: SSAValue, indices: Sequence[SSAValue | None]) -> SSAValue:
    """Advanced indexing x[..., i0, i1, ...] with index tensors on consecutive dimensions.

    The indexed dimensions are merged into one and gathered with the row-major linear index
    sum(i_k * stride_k) of the broadcast index tensors, which keeps torch's result layout.
    """
    dims = [d for d, i in enumerate(indices) if i is not None]
    if dims != list(range(dims[0], dims[-1] + 1)):
        raise Unsupported("index tensors on non-adjacent dimensions")
    if any(b.element(indices[d]) == i1 for d in dims):
        raise Unsupported("boolean mask indexing (data-dependent shape)")
    shape = b.shape(x)
    sizes = [shape[d] for d in dims]
    linear = None
    for d, size in zip(dims, sizes):
        stride = math.prod(sizes[dims.index(d) + 1 :])
        term = wrapped(b, indices[d], size)
        if stride != 1:
            term = b.emit(mt.MulOp(term, b.tensor(stride, i64)))
        linear = term if linear is None else b.emit(mt.AddOp(linear, term))
    merged = b.reshape(x, [*shape[: dims[0]], math.prod(sizes), *shape[dims[-1] + 1 :]])
    return b.emit(mt.GatherOp(merged, linear, dims[0]))


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
    """Reverse `dims`: a gather with descending constant indices per dimension."""
    for dim in dims:
        size = b.shape(x)[dim]
        reversed_indices = b.constant(np.arange(size - 1, -1, -1, dtype=np.int64))
        x = b.emit(mt.GatherOp(x, reversed_indices, dim))
    return x


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
