"""What a rule sees: the FX node being imported and helpers that append located mlc_tensor ops."""

from collections.abc import Sequence
from dataclasses import dataclass

import ml_dtypes
import numpy as np
import torch
from xdsl.dialects.builtin import LocationAttr, TensorType
from xdsl.ir import Attribute, Block, Operation, SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.frontend import common

Scalar = bool | int | float


class Unsupported(Exception):
    """Raised by a rule that cannot import its node; the message says why (it joins the report)."""


TORCH_DTYPES = {
    torch.float32: np.dtype(np.float32),
    torch.float16: np.dtype(np.float16),
    torch.bfloat16: np.dtype(ml_dtypes.bfloat16),
    torch.bool: np.dtype(np.bool_),
    torch.int8: np.dtype(np.int8),
    torch.int32: np.dtype(np.int32),
    torch.int64: np.dtype(np.int64),
}


def element_of(dtype: torch.dtype) -> Attribute:
    """The mlc_tensor element type of a torch dtype, or Unsupported naming the dtype."""
    if dtype not in TORCH_DTYPES:
        raise Unsupported(f"dtype {dtype} has no mlc_tensor element type")
    return common.element_type(TORCH_DTYPES[dtype])


def tensor_type_of(value: torch.Tensor) -> TensorType:
    """The static tensor type of a (fake) tensor: its dtype and shape."""
    return TensorType(element_of(value.dtype), tuple(int(d) for d in value.shape))


@dataclass
class Emitter:
    """Appends the ops of one FX node to the function body, each carrying the node's location."""

    block: Block
    location: LocationAttr
    node: torch.fx.Node

    def emit(self, op: Operation) -> SSAValue:
        """Append `op` at the node's location and return its (single) result."""
        op.location = self.location
        self.block.add_op(op)
        return op.results[0]

    # ---- types ----------------------------------------------------------------------------

    def result_type(self, index: int | None = None) -> TensorType:
        """The type torch computed for the node's result (or result #index of a tuple)."""
        val = self.node.meta["val"]
        return tensor_type_of(val if index is None else val[index])

    @property
    def result_element(self) -> Attribute:
        """The element type of the node's (first) result."""
        val = self.node.meta["val"]
        return element_of((val if isinstance(val, torch.Tensor) else val[0]).dtype)

    def promoted_element(self, *positions: int) -> Attribute:
        """The element type torch promotes the node's arguments at `positions` to."""
        metas = [self.meta_arg(self.node.args[p]) for p in positions]
        dtype = metas[0] if len(metas) == 1 else torch.result_type(*metas)
        return element_of(dtype if isinstance(dtype, torch.dtype) else dtype.dtype)

    @staticmethod
    def meta_arg(arg: object) -> object:
        """The fake tensor behind an FX argument, or the Python scalar itself."""
        return arg.meta["val"] if isinstance(arg, torch.fx.Node) else arg

    @staticmethod
    def shape(value: SSAValue) -> tuple[int, ...]:
        """The static shape of an imported value."""
        assert isinstance(value.type, TensorType)
        return tuple(value.type.get_shape())

    @staticmethod
    def element(value: SSAValue) -> Attribute:
        """The element type of an imported value."""
        assert isinstance(value.type, TensorType)
        return value.type.get_element_type()

    # ---- values ---------------------------------------------------------------------------

    def tensor(self, value: SSAValue | Scalar, element: Attribute) -> SSAValue:
        """`value` as a tensor of `element`: scalars become rank-0 constants, tensors are cast."""
        if isinstance(value, SSAValue):
            return self.cast(value, element)
        return self.emit(common.scalar(value, element))

    def cast(self, value: SSAValue, element: Attribute) -> SSAValue:
        """`value` converted to `element` (no op when it already has it)."""
        return value if self.element(value) == element else self.emit(mt.CastOp(value, element))

    def constant(self, array: np.ndarray, name: str | None = None) -> SSAValue:
        """A constant holding `array`."""
        return self.emit(common.constant(array, name))

    def full(self, value: Scalar, result_type: TensorType) -> SSAValue:
        """A tensor of `result_type` filled with `value`: a rank-0 constant broadcast."""
        filled = self.tensor(value, result_type.get_element_type())
        shape = result_type.get_shape()
        return self.emit(mt.BroadcastToOp(filled, shape)) if shape else filled

    def reshape(self, value: SSAValue, shape: Sequence[int]) -> SSAValue:
        """`value` reshaped (no op when the shape is already `shape`)."""
        if self.shape(value) == tuple(shape):
            return value
        return self.emit(mt.ReshapeOp(value, shape))
