"""Sliding windows over padded numpy arrays: the shared core of conv2d and the pooling ops."""

from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from mlc.dialects.mlc_tensor.window import SlidingWindowOp, window_extent


class Geometry(NamedTuple):
    """An op's window parameters read from its properties and result type."""

    spatial_axis: int  # axis of the height; the width follows it
    strides: tuple[int, ...]
    padding: tuple[int, ...]  # top, bottom, left, right
    dilation: tuple[int, ...]
    out_size: tuple[int, ...]  # output height, width


def geometry(op: SlidingWindowOp) -> Geometry:
    """The window parameters of `op` (already verified, so the accessors cannot fail)."""
    props = op.properties
    nchw = op.layout_name(props) == "nchw"
    out_shape = op.result.type.get_shape()
    return Geometry(
        spatial_axis=2 if nchw else 1,
        strides=op.int_values(props, "strides", 2, 1),
        padding=op.int_values(props, "padding", 4, 0),
        dilation=op.dilation_values(props),
        out_size=tuple(out_shape[2:4] if nchw else out_shape[1:3]),
    )


def windows(
    x: np.ndarray, geo: Geometry, kernel: tuple[int, ...], pad_value: float
) -> np.ndarray:
    """A view of every window of `x`, the two kernel axes appended last.

    The spatial axes of `x` become the output positions: [N, C, OH, OW, KH, KW] for nchw,
    [N, OH, OW, C, KH, KW] for nhwc. Borders hold `pad_value`, including the extra
    bottom/right cells that a ceil_mode window reaches past the padded input.
    """
    axis = geo.spatial_axis
    widths = [(0, 0)] * x.ndim
    extents = []
    for i, (k, d, before, after, out, stride) in enumerate(
        zip(kernel, geo.dilation, geo.padding[0::2], geo.padding[1::2], geo.out_size, geo.strides)
    ):
        extent = window_extent(k, d)
        needed = (out - 1) * stride + extent
        padded = x.shape[axis + i] + before + after
        widths[axis + i] = (before, after + max(0, needed - padded))
        extents.append(extent)
    if any(w != (0, 0) for w in widths):
        x = np.pad(x, widths, constant_values=pad_value)
    view = sliding_window_view(x, extents, axis=(axis, axis + 1))
    index = [slice(None)] * view.ndim
    for i, (out, stride, d) in enumerate(zip(geo.out_size, geo.strides, geo.dilation)):
        index[axis + i] = slice(0, (out - 1) * stride + 1, stride)
        index[x.ndim + i] = slice(None, None, d)
    return view[tuple(index)]
