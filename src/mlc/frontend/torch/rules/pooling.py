"""Rules for ATen pooling: max/avg pool2d and adaptive average pooling with divisible sizes."""

from collections.abc import Sequence

import torch
from xdsl.ir import SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.frontend.torch.emitter import Emitter, Unsupported

aten = torch.ops.aten


def batched(b: Emitter, x: SSAValue) -> SSAValue:
    """A [C, H, W] input as [1, C, H, W] (pool ops take a batch)."""
    return x if len(b.shape(x)) == 4 else b.reshape(x, [1, *b.shape(x)])


def pair(values: Sequence[int]) -> list[int]:
    """A torch int list for (height, width): one entry stands for both."""
    return list(values) * 2 if len(values) == 1 else list(values)


def max_pool2d(
    b: Emitter, x: SSAValue, kernel_size: Sequence[int], stride: Sequence[int] = (),
    padding: Sequence[int] = (0,), dilation: Sequence[int] = (1,), ceil_mode: bool = False,
) -> tuple[SSAValue, None]:
    """The pooled values; the argmax indices (for backward) are not imported."""
    out = mt.MaxPool2dOp(
        batched(b, x), pair(kernel_size), strides=pair(stride or kernel_size),
        padding=pair(padding), dilation=pair(dilation), ceil_mode=ceil_mode,
    )
    return b.reshape(b.emit(out), b.result_type(0).get_shape()), None


def avg_pool2d(
    b: Emitter, x: SSAValue, kernel_size: Sequence[int], stride: Sequence[int] = (),
    padding: Sequence[int] = (0,), ceil_mode: bool = False, count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> SSAValue:
    """Average pooling (PyTorch's padding and ceil_mode rules)."""
    if divisor_override is not None:
        raise Unsupported("avg_pool2d divisor_override")
    out = mt.AvgPool2dOp(
        batched(b, x), pair(kernel_size), strides=pair(stride or kernel_size),
        padding=pair(padding), ceil_mode=ceil_mode, count_include_pad=count_include_pad,
    )
    return b.reshape(b.emit(out), b.result_type().get_shape())


def adaptive_avg_pool2d(b: Emitter, x: SSAValue, output_size: Sequence[int]) -> SSAValue:
    """avg_pool2d with kernel = stride = input / output size, where the sizes divide."""
    spatial = b.shape(x)[-2:]
    if any(size % out for size, out in zip(spatial, output_size)):
        raise Unsupported(
            f"adaptive pooling from {list(spatial)} to {list(output_size)} (sizes must divide)"
        )
    kernel = [size // out for size, out in zip(spatial, output_size)]
    return avg_pool2d(b, x, kernel, kernel)


RULES = {
    aten.max_pool2d_with_indices.default: max_pool2d,
    aten.avg_pool2d.default: avg_pool2d,
    aten._adaptive_avg_pool2d.default: adaptive_avg_pool2d,
}
