"""Weights as `dense_resource` blobs: numpy arrays in and out of MLIR's dialect_resources section."""

import numpy as np
from xdsl.dialect_interfaces.op_asm import OpAsmDialectInterface
from xdsl.dialects.builtin import Builtin, DenseResourceAttr, TensorType

from mlc.ir.dtypes import tensor_type_of, to_numpy_dtype

# MLIR's blob encoding: a 4-byte little-endian alignment, then the raw little-endian bytes.
_ALIGNMENT_HEADER = (4).to_bytes(4, "little")
_decoded: dict[tuple[str, str], np.ndarray] = {}


def _blobs() -> OpAsmDialectInterface:
    """The builtin dialect's resource store (process-wide, as the builtin dialect object is)."""
    interface = Builtin.get_interface(OpAsmDialectInterface)
    assert interface is not None
    return interface


def make_resource(array: np.ndarray, name: str = "weight") -> DenseResourceAttr:
    """Store `array` as a blob under a fresh key derived from `name` and return the attribute."""
    array = np.ascontiguousarray(array).reshape(np.shape(array))  # keeps rank 0
    store = _blobs()
    key = store.declare_resource(name)
    payload = _ALIGNMENT_HEADER + array.astype(array.dtype.newbyteorder("<")).tobytes()
    store.parse_resource(key, "0x" + payload.hex().upper())
    return DenseResourceAttr.from_params(key, tensor_type_of(array))


def resource_array(attr: DenseResourceAttr) -> np.ndarray:
    """Decode the blob behind `attr` as a numpy array of the attribute's tensor type."""
    key = attr.resource_handle.data
    hex_blob = _blobs().lookup(key)
    if not hex_blob:
        raise ValueError(f"dense_resource<{key}> has no blob in the module's dialect_resources")
    # The key includes the blob string itself (its hash is cached by Python), so a reparsed
    # module that reuses a handle for other data never sees stale values.
    cached = _decoded.get((key, hex_blob))
    typ = attr.type
    assert isinstance(typ, TensorType)
    if cached is None or cached.shape != tuple(typ.get_shape()):
        raw = bytes.fromhex(hex_blob[2:])[len(_ALIGNMENT_HEADER):]
        dtype = to_numpy_dtype(typ.get_element_type()).newbyteorder("<")
        expected = int(np.prod(typ.get_shape())) * dtype.itemsize
        if len(raw) != expected:
            raise ValueError(
                f"dense_resource<{key}>: expected {expected} bytes for {typ}, got {len(raw)}"
            )
        cached = np.frombuffer(raw, dtype=dtype).reshape(typ.get_shape())
        _decoded[(key, hex_blob)] = cached
    return cached
