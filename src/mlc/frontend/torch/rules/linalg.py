"""Rules for ATen contractions: mm, bmm, addmm and convolution (1-d through a unit height)."""

from collections.abc import Sequence

import numpy as np
import torch
from xdsl.ir import SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.frontend.torch.emitter import Emitter, Scalar, Unsupported

aten = torch.ops.aten


def mm(b: Emitter, lhs: SSAValue, rhs: SSAValue) -> SSAValue:
    """[M, K] x [K, N]."""
    return b.emit(mt.MatmulOp(lhs, rhs))


def bmm(b: Emitter, lhs: SSAValue, rhs: SSAValue) -> SSAValue:
    """[B, M, K] x [B, K, N]."""
    return b.emit(mt.BatchMatmulOp(lhs, rhs))


def addmm(
    b: Emitter, bias: SSAValue, lhs: SSAValue, rhs: SSAValue, beta: Scalar = 1, alpha: Scalar = 1
) -> SSAValue:
    """beta * bias + alpha * (lhs @ rhs), bias broadcast."""
    product = b.emit(mt.MatmulOp(lhs, rhs))
    if alpha != 1:
        product = b.emit(mt.MulOp(product, b.tensor(alpha, b.element(product))))
    if beta == 0:
        return product
    if beta != 1:
        bias = b.emit(mt.MulOp(bias, b.tensor(beta, b.element(bias))))
    return b.emit(mt.AddOp(product, bias))


def convolution(
    b: Emitter, x: SSAValue, weight: SSAValue, bias: SSAValue | None, stride: Sequence[int],
    padding: Sequence[int], dilation: Sequence[int], transposed: bool,
    output_padding: Sequence[int], groups: int,
) -> SSAValue:
    """conv1d/conv2d and their transposes (NCHW); 1-d runs as 2-d over a height of 1."""
    spatial = len(stride)
    if spatial not in (1, 2):
        raise Unsupported(f"{spatial}-d convolution (mlc_tensor.conv2d covers 1-d and 2-d)")
    if spatial == 1:
        x = b.reshape(x, [*b.shape(x)[:2], 1, b.shape(x)[2]])
        weight = b.reshape(weight, [*b.shape(weight)[:2], 1, b.shape(weight)[2]])
        stride, padding, dilation = (1, *stride), (0, *padding), (1, *dilation)
        output_padding = (0, *output_padding)
    if transposed:
        x, weight, padding = transposed_as_direct(
            b, x, weight, stride, padding, dilation, output_padding, groups
        )
        stride = (1, 1)
    result = b.emit(
        mt.Conv2dOp(
            x, weight, bias, strides=list(stride), padding=list(padding),
            dilation=list(dilation), groups=groups,
        )
    )
    return b.reshape(result, b.result_type().get_shape())


def transposed_as_direct(
    b: Emitter, x: SSAValue, weight: SSAValue, stride: Sequence[int], padding: Sequence[int],
    dilation: Sequence[int], output_padding: Sequence[int], groups: int,
) -> tuple[SSAValue, SSAValue, list[int]]:
    """A transposed convolution as a direct one (the gradient identity of conv2d):

    zeros inserted between input pixels (stride - 1 of them), the kernel flipped with its
    in/out channels swapped per group, and padding dilation * (k - 1) - p on each side
    (plus output_padding at the end).
    """
    n, c, h, w = b.shape(x)
    (sh, sw), (cin, cout_g, kh, kw) = stride, b.shape(weight)
    pads = [d * (k - 1) - p for d, k, p in zip(dilation, (kh, kw), padding)]
    if min(pads) < 0:
        raise Unsupported("transposed convolution with padding above dilation * (kernel - 1)")
    if (sh, sw) != (1, 1):
        spread = b.reshape(x, [n, c, h, 1, w, 1])
        spread = b.emit(mt.PadOp(spread, [0] * 6, [0, 0, 0, sh - 1, 0, sw - 1]))
        spread = b.reshape(spread, [n, c, h * sh, w * sw])
        x = b.emit(mt.SliceOp(spread, [0] * 4, [n, c, (h - 1) * sh + 1, (w - 1) * sw + 1]))
    # [Cin, Cout/g, kh, kw] -> [Cout, Cin/g, kh, kw], spatially flipped.
    grouped = b.reshape(weight, [groups, cin // groups, cout_g, kh, kw])
    swapped = b.emit(mt.TransposeOp(grouped, [0, 2, 1, 3, 4]))
    weight = b.reshape(swapped, [groups * cout_g, cin // groups, kh, kw])
    for axis, k in ((2, kh), (3, kw)):
        reversed_taps = b.constant(np.arange(k - 1, -1, -1, dtype=np.int64))
        weight = b.emit(mt.GatherOp(weight, reversed_taps, axis))
    (top, left), (bottom, right) = pads, [p + extra for p, extra in zip(pads, output_padding)]
    return x, weight, [top, bottom, left, right]


RULES = {
    aten.mm.default: mm,
    aten.bmm.default: bmm,
    aten.addmm.default: addmm,
    aten.convolution.default: convolution,
}
