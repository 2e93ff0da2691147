"""Rules for ATen ops that create tensors: full and its variants, scalar_tensor, arange.

Shapes and dtypes come from the node's result type (torch already resolved defaults);
fill values become a rank-0 constant broadcast to the shape, so nothing large is stored.
"""

import torch
from xdsl.ir import SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.frontend.torch.emitter import Emitter, Scalar

aten = torch.ops.aten


def full(b: Emitter, _shape_or_like: object, value: Scalar, **_options: object) -> SSAValue:
    """full / full_like: the result filled with `value`."""
    return b.full(value, b.result_type())


def empty(b: Emitter, *_args: object, **_options: object) -> SSAValue:
    """Uninitialized memory in torch; zeros are one valid reading of it."""
    return b.full(0, b.result_type())


def scalar_tensor(b: Emitter, value: Scalar, **_options: object) -> SSAValue:
    """A rank-0 tensor holding `value`."""
    return b.tensor(value, b.result_element)


def arange(
    b: Emitter, start: Scalar, end: Scalar, step: Scalar = 1, **_options: object
) -> SSAValue:
    """start, start + step, ... below end (every arange overload decomposes to this one)."""
    return b.emit(mt.IotaOp(b.result_type(), 0, start, step))


# zeros, ones, new_* and *_like decompose to full / full_like; arange to arange.start_step.
RULES = {
    aten.full.default: full,
    aten.full_like.default: full,
    aten.empty.memory_format: empty,
    aten.empty_permuted.default: empty,
    aten.scalar_tensor.default: scalar_tensor,
    aten.arange.start_step: arange,
}
