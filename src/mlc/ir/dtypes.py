"""Mapping between builtin element types and numpy dtypes (bf16 through ml_dtypes)."""

import ml_dtypes
import numpy as np
from xdsl.dialects.builtin import (
    BFloat16Type,
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerType,
    Signedness,
    TensorType,
    bf16,
    f16,
    f32,
    f64,
)
from xdsl.ir import Attribute

_FLOATS: dict[type[Attribute], np.dtype] = {
    Float32Type: np.dtype(np.float32),
    Float16Type: np.dtype(np.float16),
    BFloat16Type: np.dtype(ml_dtypes.bfloat16),
    Float64Type: np.dtype(np.float64),
}
_SIGNED = {1: np.bool_, 4: ml_dtypes.int4, 8: np.int8, 16: np.int16, 32: np.int32, 64: np.int64}
_UNSIGNED = {4: ml_dtypes.uint4, 8: np.uint8, 16: np.uint16, 32: np.uint32, 64: np.uint64}


def to_numpy_dtype(element_type: Attribute) -> np.dtype:
    """The numpy dtype holding values of `element_type` (i1 -> bool, ui8 -> uint8, bf16 -> bfloat16)."""
    if type(element_type) in _FLOATS:
        return _FLOATS[type(element_type)]
    storage = getattr(element_type, "storage_type", None)
    if isinstance(storage, IntegerType):  # mlc_quant quantized types hold storage integers
        return to_numpy_dtype(storage)
    if isinstance(element_type, IntegerType):
        width = element_type.width.data
        table = _UNSIGNED if element_type.signedness.data == Signedness.UNSIGNED else _SIGNED
        if width in table:
            return np.dtype(table[width])
    raise ValueError(f"no numpy dtype for element type {element_type}")


def from_numpy_dtype(dtype: np.dtype) -> Attribute:
    """The builtin element type for a numpy dtype (bool -> i1, uint8 -> ui8, bfloat16 -> bf16)."""
    dtype = np.dtype(dtype)
    for attr, np_dtype in ((f32, _FLOATS[Float32Type]), (f16, _FLOATS[Float16Type]),
                           (bf16, _FLOATS[BFloat16Type]), (f64, _FLOATS[Float64Type])):
        if dtype == np_dtype:
            return attr
    for width, np_type in _SIGNED.items():
        if dtype == np.dtype(np_type):
            return IntegerType(width)
    for width, np_type in _UNSIGNED.items():
        if dtype == np.dtype(np_type):
            return IntegerType(width, Signedness.UNSIGNED)
    raise ValueError(f"no element type for numpy dtype {dtype}")


def tensor_type_of(array: np.ndarray) -> TensorType:
    """The builtin tensor type describing a numpy array."""
    return TensorType(from_numpy_dtype(array.dtype), array.shape)
