"""What the torch and JAX importers share: element types of numpy dtypes and constant builders."""

import functools

import numpy as np
from xdsl.ir import Attribute

from mlc.dialects.mlc_tensor import ConstantOp
from mlc.dialects.mlc_tensor.constant import DEFAULT_INLINE_LIMIT
from mlc.dialects.mlc_tensor.base import is_supported
from mlc.ir.dtypes import from_numpy_dtype, to_numpy_dtype


class UnsupportedDtypeError(ValueError):
    """A dtype that mlc_tensor has no element type for (f64, uint16, complex, ...)."""


def element_type(dtype: np.dtype) -> Attribute:
    """The mlc_tensor element type of a numpy dtype (f32, f16, bf16, i1, i8, i32, i64)."""
    try:
        element = from_numpy_dtype(np.dtype(dtype))
    except ValueError:
        element = None
    if element is None or not is_supported(element):
        raise UnsupportedDtypeError(
            f"dtype {np.dtype(dtype)} has no mlc_tensor element type "
            "(f32, f16, bf16, bool, int8, int32, int64)"
        )
    return element


def constant(
    array: np.ndarray, name: str | None = None, inline_limit: int = DEFAULT_INLINE_LIMIT
) -> ConstantOp:
    """A constant for `array`: inline up to `inline_limit` elements, else a dense_resource `name`.

    Importers pass inline_limit=0 for weights, so every parameter is a named blob.
    """
    array = np.asarray(array)
    element_type(array.dtype)
    return ConstantOp.from_array(array, name, inline_limit)


def scalar(value: bool | int | float, element: Attribute) -> ConstantOp:
    """A rank-0 constant of `element` holding a Python scalar (broadcasts against any tensor)."""
    data = np.array(value, dtype=to_numpy_dtype(element)).tobytes()
    return ConstantOp(_scalar_attr(data, element))


@functools.cache
def _scalar_attr(data: bytes, element: Attribute) -> Attribute:
    """The value attribute of a scalar constant, cached by its bytes (0, 1 and scales recur)."""
    array = np.frombuffer(data, dtype=to_numpy_dtype(element)).reshape(())
    return ConstantOp.from_array(array).value
