"""Weights as `dense_resource` blobs: numpy arrays in and out of MLIR's dialect_resources section.

Weights made here stay numpy arrays behind their handle and are hex-encoded only when IR is
printed: encoding the 124M weights of a GPT-2 would otherwise cost more than exporting it.
"""

import base64
import re
from collections.abc import Iterable

import numpy as np
from xdsl.dialect_interfaces.op_asm import OpAsmDialectInterface
from xdsl.dialects.builtin import Builtin, DenseResourceAttr, TensorType

from mlc.ir.dtypes import tensor_type_of, to_numpy_dtype

# MLIR's blob encoding: a 4-byte little-endian alignment, then the raw little-endian bytes.
_ALIGNMENT_HEADER = (4).to_bytes(4, "little")
_decoded: dict[tuple[str, str], np.ndarray] = {}


class LazyBlobs(OpAsmDialectInterface):
    """The builtin dialect's resource store, holding made weights as arrays until printed."""

    def __init__(self, blobs: dict[str, str]):
        super().__init__()
        self._blob_storage = dict(blobs)
        self._arrays: dict[str, np.ndarray] = {}

    def set_array(self, key: str, array: np.ndarray) -> None:
        """Store `array` (contiguous, little-endian, read-only) as the blob of declared `key`."""
        if key not in self._blob_storage:
            raise KeyError(f"Resource with key {key} wasn't declared")
        self._arrays[key] = array

    def array(self, key: str) -> np.ndarray | None:
        """The array stored under `key`, or None when its blob is text (parsed) or absent."""
        return self._arrays.get(key)

    def parse_resource(self, key: str, val: str) -> None:
        """Store a parsed hex blob; it replaces an array stored under the same key."""
        super().parse_resource(key, val)
        self._arrays.pop(key, None)

    def lookup(self, key: str) -> str | None:
        """The blob of `key` as MLIR hex text (encoded now for an array)."""
        array = self._arrays.get(key)
        if array is not None:
            return "0x" + base64.b16encode(_ALIGNMENT_HEADER + array.tobytes()).decode("ascii")
        return super().lookup(key)

    def build_resources(self, keys: Iterable[str]) -> dict[str, str]:
        """The blobs of `keys` that have a value, as hex text (for printing)."""
        blobs = {key: self.lookup(key) for key in keys}
        return {key: blob for key, blob in blobs.items() if blob}


def _install() -> LazyBlobs:
    """Put a LazyBlobs in place of the builtin dialect's resource store, keeping its blobs."""
    current = Builtin.get_interface(OpAsmDialectInterface)
    assert current is not None
    if isinstance(current, LazyBlobs):
        return current
    lazy = LazyBlobs(current._blob_storage)
    # xDSL looks the store up on the (process-wide) Builtin dialect object on every parse
    # and print, so swapping the object there is the one place that covers every user.
    interfaces = Builtin._interfaces
    interfaces[interfaces.index(current)] = lazy
    return lazy


_BLOBS = _install()


def make_resource(array: np.ndarray, name: str = "weight") -> DenseResourceAttr:
    """Store `array` as a blob under a fresh key derived from `name` and return the attribute."""
    # A little-endian copy, so later changes to the caller's array never reach the IR; an
    # array exported read-only from an immutable buffer (a jax array) is kept without one.
    array = np.asarray(array)  # once: converting a jax array may itself copy
    if _immutable(array):
        stored = array
    else:
        stored = np.array(array, dtype=array.dtype.newbyteorder("<"), order="C", copy=True)
        stored.flags.writeable = False
    key = _BLOBS.declare_resource(resource_key(name))
    _BLOBS.set_array(key, stored)
    return DenseResourceAttr.from_params(key, tensor_type_of(stored))


def _immutable(array: np.ndarray) -> bool:
    """Whether nothing can change `array`: a little-endian C-contiguous view of a buffer that
    was exported read-only (how numpy sees a jax array), not merely a read-only numpy view."""
    base = array.base
    return (
        not array.flags.writeable
        and array.flags.c_contiguous
        and array.dtype == array.dtype.newbyteorder("<")
        and isinstance(base, memoryview)
        and base.readonly
    )


def resource_key(name: str) -> str:
    """`name` as a valid resource handle (MLIR's bare-id): `0.weight` -> `_0.weight`, `a-b` -> `a_b`."""
    key = re.sub(r"[^A-Za-z0-9_$.]", "_", name)
    return key if re.match(r"[A-Za-z_]", key) else "_" + key


def resource_array(attr: DenseResourceAttr) -> np.ndarray:
    """The blob behind `attr` as a (read-only) numpy array of the attribute's tensor type."""
    key = attr.resource_handle.data
    typ = attr.type
    assert isinstance(typ, TensorType)
    dtype = to_numpy_dtype(typ.get_element_type()).newbyteorder("<")
    array = _BLOBS.array(key)
    if array is not None:
        return _typed(key, array.reshape(-1).view(np.uint8), dtype, typ)
    hex_blob = _BLOBS.lookup(key)
    if not hex_blob:
        raise ValueError(f"dense_resource<{key}> has no blob in the module's dialect_resources")
    # The key includes the blob string itself (its hash is cached by Python), so a reparsed
    # module that reuses a handle for other data never sees stale values.
    cached = _decoded.get((key, hex_blob))
    if cached is None or cached.shape != tuple(typ.get_shape()) or cached.dtype != dtype:
        header = 2 + 2 * len(_ALIGNMENT_HEADER)  # "0x", then two hex digits a byte
        raw = np.frombuffer(bytes.fromhex(hex_blob[header:]), np.uint8)
        cached = _typed(key, raw, dtype, typ)
        _decoded[(key, hex_blob)] = cached
    return cached


def _typed(key: str, raw: np.ndarray, dtype: np.dtype, typ: TensorType) -> np.ndarray:
    """The bytes `raw` viewed as `typ`; a ValueError when their number does not match."""
    expected = int(np.prod(typ.get_shape())) * dtype.itemsize
    if raw.size != expected:
        raise ValueError(f"dense_resource<{key}>: expected {expected} bytes for {typ}, got {raw.size}")
    return raw.view(dtype).reshape(typ.get_shape())
