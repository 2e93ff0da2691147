"""What a JAX rule sees: the equation being imported and helpers that append located mlc_tensor ops."""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from jax.extend import core as jcore
from xdsl.dialects.builtin import LocationAttr, TensorType
from xdsl.ir import Attribute, Operation, SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.frontend import common
from mlc.ir.dtypes import to_numpy_dtype

if TYPE_CHECKING:
    from mlc.frontend.jax.importer import JaxImporter

Raw = Any
"""A value while importing: an SSAValue, a numpy array known at import time, or POISON."""

POISON = object()
"""The value of every output of an unsupported equation (import fails at the end anyway)."""


class Unsupported(Exception):
    """Raised by a rule that cannot import its equation; the message says why (it joins the report)."""


class UnsupportedShapeError(ValueError):
    """An abstract value whose shape is not static (names the dimension)."""


def aval_type(aval: Any) -> TensorType:
    """The static tensor type of a JAX abstract value (ShapedArray), or Unsupported for its dtype."""
    for i, d in enumerate(aval.shape):
        if not isinstance(d, int | np.integer):
            raise UnsupportedShapeError(
                f"dimension {i} of {aval.str_short()} is not static ({d}); "
                "mlc imports static shapes only"
            )
    try:
        element = common.element_type(aval.dtype)
    except common.UnsupportedDtypeError as e:
        raise Unsupported(str(e)) from None
    return TensorType(element, tuple(int(d) for d in aval.shape))


def shape(value: SSAValue) -> tuple[int, ...]:
    """The static shape of a tensor value."""
    assert isinstance(value.type, TensorType)
    return tuple(value.type.get_shape())


def element(value: SSAValue) -> Attribute:
    """The element type of a tensor value."""
    assert isinstance(value.type, TensorType)
    return value.type.get_element_type()


def count_equations(jaxpr: Any) -> int:
    """Equations in `jaxpr` and its sub-jaxprs, scan bodies counted once per iteration."""
    total = 0
    for eqn in jaxpr.eqns:
        total += 1
        repeat = eqn.params.get("length", 1) if eqn.primitive.name == "scan" else 1
        for sub in jcore.jaxprs_in_params(eqn.params):
            total += repeat * count_equations(sub)
    return total


class Emitter:
    """Appends the ops of one equation to the function body, each at the equation's location."""

    def __init__(self, importer: "JaxImporter", eqn: Any, location: LocationAttr):
        self.importer = importer
        self.eqn = eqn
        self.location = location

    @property
    def name(self) -> str:
        """The primitive's name (`add`, `dot_general`, ...)."""
        return self.eqn.primitive.name

    @property
    def params(self) -> dict[str, Any]:
        """The equation's parameters."""
        return self.eqn.params

    def emit(self, op: Operation) -> SSAValue:
        """Append `op` at the equation's location and return its (single) result."""
        op.location = self.location
        self.importer.block.add_op(op)
        return op.results[0]

    # ---- types ----------------------------------------------------------------------------

    def out_type(self, index: int = 0) -> TensorType:
        """The type JAX computed for output #index of the equation."""
        return aval_type(self.eqn.outvars[index].aval)

    def out_element(self, index: int = 0) -> Attribute:
        """The element type of output #index."""
        return self.out_type(index).get_element_type()

    # ---- values ---------------------------------------------------------------------------

    def materialize(self, raw: Raw) -> SSAValue:
        """An SSA value for `raw` (a numpy array becomes a constant at this location)."""
        return self.importer.materialize(raw, self.location)

    def constant(self, array: np.ndarray) -> SSAValue:
        """A constant holding `array` (inline when small, else a dense_resource blob)."""
        return self.importer.materialize(np.asarray(array), self.location)

    def scalar(self, value: bool | int | float, like: SSAValue | Attribute) -> SSAValue:
        """A rank-0 constant with the element type of `like` (a value or an element type)."""
        element_type = element(like) if isinstance(like, SSAValue) else like
        return self.constant(np.array(value, dtype=to_numpy_dtype(element_type)))

    # ---- composite helpers (each skips the op when it would be the identity) --------------

    def reshape(self, value: SSAValue, new_shape: Sequence[int]) -> SSAValue:
        """`value` reshaped to `new_shape`."""
        if shape(value) == tuple(new_shape):
            return value
        return self.emit(mt.ReshapeOp(value, list(new_shape)))

    def transpose(self, value: SSAValue, perm: Sequence[int]) -> SSAValue:
        """`value` with dimensions permuted: result dim i is operand dim perm[i]."""
        if list(perm) == list(range(len(perm))):
            return value
        return self.emit(mt.TransposeOp(value, list(perm)))

    def broadcast(self, value: SSAValue, new_shape: Sequence[int]) -> SSAValue:
        """`value` broadcast (numpy rules) to `new_shape`."""
        if shape(value) == tuple(new_shape):
            return value
        return self.emit(mt.BroadcastToOp(value, list(new_shape)))

    def cast(self, value: SSAValue, element_type: Attribute) -> SSAValue:
        """`value` converted to `element_type`."""
        if element(value) == element_type:
            return value
        return self.emit(mt.CastOp(value, element_type))

    def slice_axis(self, value: SSAValue, axis: int, start: int, limit: int) -> SSAValue:
        """`value[..., start:limit, ...]` along `axis`."""
        dims = shape(value)
        starts = [start if i == axis else 0 for i in range(len(dims))]
        limits = [limit if i == axis else d for i, d in enumerate(dims)]
        if starts == [0] * len(dims) and limits == list(dims):
            return value
        return self.emit(mt.SliceOp(value, starts, limits))
