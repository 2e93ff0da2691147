"""Physical layouts of mlc_quant data in numpy: int4 packing and 2:4 compression.

These define the bytes a quantized or 2:4-encoded constant holds (and the bytes a kernel
loads); the interpreter decodes constants with them and the quantize/sparsify passes
encode weights with them.

- 4-bit storage (i4/u4) is packed two values per byte along the last axis, low nibble
  first: byte j of a row holds elements 2j (bits 0-3) and 2j+1 (bits 4-7); an odd
  length leaves the high nibble of the last byte zero.
- 2:4 sparsity along an axis keeps at most 2 of every 4 consecutive values. The kept
  values of each group of 4 are stored in order (values: the axis halved), and each kept
  value has a 2-bit position inside its group (0-3, the two of a group ascending).
  Positions are packed four per byte along the axis, lowest bits first, so a row of K
  elements has K/2 values and ceil(K/8) metadata bytes (2 bits per kept value): an f16
  GEMV moves (K + K/8) / 2K = 56.25% of the dense weight bytes.
- A group with fewer than 2 nonzeros keeps explicit zeros, at the lowest free positions.
"""

import numpy as np


def pack_int4(values: np.ndarray) -> np.ndarray:
    """Pack 4-bit integers (any integer dtype, in [-8, 15]) two per byte along the last axis."""
    values = np.asarray(values)
    wide = values.astype(np.int64)
    if wide.size and (wide.min() < -8 or wide.max() > 15):
        raise ValueError(f"pack_int4: expected values in [-8, 15], got [{wide.min()}, {wide.max()}]")
    nibbles = (wide & 0xF).astype(np.uint8)
    if nibbles.shape[-1] % 2:
        nibbles = np.concatenate([nibbles, np.zeros((*nibbles.shape[:-1], 1), np.uint8)], axis=-1)
    return nibbles[..., 0::2] | (nibbles[..., 1::2] << 4)


def unpack_int4(packed: np.ndarray, length: int, signed: bool) -> np.ndarray:
    """Inverse of pack_int4: `length` 4-bit values per row as int8 (signed) or uint8."""
    packed = np.asarray(packed, dtype=np.uint8)
    nibbles = np.stack([packed & 0xF, packed >> 4], axis=-1).reshape(*packed.shape[:-1], -1)
    nibbles = nibbles[..., :length]
    if signed:
        return (nibbles.astype(np.int8) ^ 8) - np.int8(8)
    return nibbles


def packed_length(length: int, bits: int) -> int:
    """Bytes per row for `length` values of `bits` (4: two per byte; 8, 16, 32: one value each)."""
    return (length + 1) // 2 if bits == 4 else length


def is_2_4_sparse(array: np.ndarray, axis: int) -> bool:
    """True when every group of 4 consecutive values along `axis` has at most 2 nonzeros."""
    moved = np.moveaxis(np.asarray(array), axis, -1)
    if moved.shape[-1] % 4:
        return False
    groups = moved.reshape(*moved.shape[:-1], -1, 4)
    return bool(((groups != 0).sum(axis=-1) <= 2).all())


def compress_2_4(array: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Split a 2:4-sparse array into (kept values, packed 2-bit positions) along `axis`."""
    moved = np.moveaxis(np.asarray(array), axis, -1)
    length = moved.shape[-1]
    if length % 4:
        raise ValueError(f"compress_2_4: expected the axis length divisible by 4, got {length}")
    groups = moved.reshape(*moved.shape[:-1], length // 4, 4)
    nonzero = groups != 0
    if (nonzero.sum(axis=-1) > 2).any():
        raise ValueError("compress_2_4: expected at most 2 nonzeros in every group of 4")
    # Stable sort puts nonzero positions first (ascending), then the lowest zero positions;
    # the two kept positions are then sorted so they ascend within the group.
    order = np.argsort(~nonzero, axis=-1, kind="stable")[..., :2]
    positions = np.sort(order, axis=-1)
    values = np.take_along_axis(groups, positions, axis=-1).reshape(*moved.shape[:-1], length // 2)
    return np.moveaxis(values, -1, axis), np.moveaxis(_pack_2bit(positions), -1, axis)


def decompress_2_4(values: np.ndarray, indices: np.ndarray, axis: int) -> np.ndarray:
    """Inverse of compress_2_4: the dense array, zeros where nothing was kept."""
    kept = np.moveaxis(np.asarray(values), axis, -1)
    half = kept.shape[-1]
    positions = _unpack_2bit(np.moveaxis(np.asarray(indices, np.uint8), axis, -1), half)
    groups = np.zeros((*kept.shape[:-1], half // 2, 4), dtype=kept.dtype)
    np.put_along_axis(groups, positions.reshape(*kept.shape[:-1], half // 2, 2).astype(np.int64),
                      kept.reshape(*kept.shape[:-1], half // 2, 2), axis=-1)
    return np.moveaxis(groups.reshape(*kept.shape[:-1], half * 2), -1, axis)


def metadata_length(length: int) -> int:
    """Metadata bytes for `length` dense values along the compressed axis (2 bits per kept value)."""
    return (length // 2 + 3) // 4


def _pack_2bit(positions: np.ndarray) -> np.ndarray:
    """Pack [..., groups, 2] positions (0-3) four per byte, lowest bits first."""
    flat = positions.reshape(*positions.shape[:-2], -1).astype(np.uint8)
    pad = (-flat.shape[-1]) % 4
    if pad:
        flat = np.concatenate([flat, np.zeros((*flat.shape[:-1], pad), np.uint8)], axis=-1)
    fields = flat.reshape(*flat.shape[:-1], -1, 4)
    return fields[..., 0] | fields[..., 1] << 2 | fields[..., 2] << 4 | fields[..., 3] << 6


def _unpack_2bit(packed: np.ndarray, count: int) -> np.ndarray:
    """The first `count` 2-bit fields of each row of `packed`, as uint8."""
    fields = np.stack([(packed >> s) & 3 for s in (0, 2, 4, 6)], axis=-1)
    return fields.reshape(*packed.shape[:-1], -1)[..., :count]
