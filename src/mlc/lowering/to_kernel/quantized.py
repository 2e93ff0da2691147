"""mlc_quant ops in kernels: the quantized and 2:4 GEMMs, and the conversions as lane rules.

Memory. A quantized tensor is held as its storage integers (buffers of the storage type);
kernels compute on them in i32 (i64 where a product needs it). An mlc_quant.constant stays in
its physical layout (mlc_quant/layout.py): its values blob (int4 packed two per byte, 2:4 kept
values) and its 2:4 positions blob are read-only buffers that the kernel decodes where it
reads them. Scales and zero points per tensor are immediates; per axis or per group they are
read-only buffers too, as are requantize's fixed-point multipliers per channel.
`kernel_params` lists the attributes a group reads this way; the conversion makes one
`mlc_kernel.constant` per attribute and passes it as a pointer, which `Lanes.params` maps back.

Decoding a constant at logical coordinates (.., c), c along the last axis:
- int4: byte (.., c // 2), nibble (byte >> 4 (c % 2)) & 15, sign-extended as (nib ^ 8) - 8.
- 2:4: group g = c // 4 keeps compressed values 2g, 2g+1 at positions p0, p1: the 2-bit
  fields 2g and 2g+1 of the metadata, bits 4 (g % 2) and 4 (g % 2) + 2 of byte (.., g // 2);
  the dense value is v0 where c % 4 == p0, v1 where c % 4 == p1, else 0 (expanded in
  registers). With int4 values, both kept values of group g are byte (.., g) (low nibble v0).
  A tile of a 2:4 weight thus moves its kept values and positions only: for an f16 GEMV
  (K/2 * 2 + K/8) / 2K = 56.25% of the dense weight bytes.

GEMMs (gemm.py's one tiled GEMM; weights are [N, K]):
- mlc_quant.matmul and integer sparse_matmul: i8 tiles into an i32 tl.dot. With zero points,
  sum (a - za)(b - zb) = sum ab - zb sum_k a - za sum_k b + K za zb, all modulo 2^32 (equal to
  the interpreter's wrapped exact sum); the epilogue loops over K for the row sums of A (only
  when zb != 0) and the column sums of B (only when za != 0; precomputed per column when B is
  a constant, so the weight is read once).
- weight_only_matmul and float sparse_matmul: the B tile is dequantized as the interpreter
  does (f32(q - zp) * s, rounded to the expressed type) or expanded from 2:4, then a float dot.
With few rows (M <= 8) the float products (weight-only, float 2:4) are GEMVs (gemm.py): the
same b_tile decodes the weight slab, which is multiplied by the activation rows and summed
along K without tl.dot; the integer products keep the dot.
The conversions (quantize, dequantize, requantize, storage_cast) are lane rules: one kernel
each as a lone op, else computed in a GEMM's prologue (fuse-epilogue's activation quantize,
evaluated per A tile) or epilogue tile like any elementwise op, so fuse-epilogue makes each
quantized linear layer one kernel.
"""

import functools
from collections.abc import Callable, Mapping, Sequence

import numpy as np
from xdsl.dialects import arith, math, scf
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, IntegerType, Signedness, TensorType, f32, f64, i8, i32, i64
from xdsl.ir import Attribute, Block, Operation, SSAValue

from mlc.dialects import mlc_kernel as mk
from mlc.dialects import mlc_quant as mq
from mlc.dialects import mlc_tensor as mt
from mlc.dialects.mlc_kernel.base import is_float
from mlc.dialects.mlc_quant.types import ParamsAttr, UniformQuantizedType, expanded_params, quantized_element, sparse_encoding
from mlc.lowering.to_kernel.gemm import Gemm, in_bounds, operand_tile
from mlc.lowering.to_kernel.group import Group, block_const, numel, range_from, tile_index
from mlc.lowering.to_kernel.lanes import (
    Coord,
    Coords,
    Lanes,
    LoweringError,
    Rule,
    Source,
    broadcast_coords,
    compute_type,
    element_of,
    lower_contraction,
    next_power_of_two,
    shape_of,
)
from mlc.runtime.interpreter.mlc_quant import requantize_multiplier

LinearOp = mq.MatmulOp | mq.WeightOnlyMatmulOp | mq.SparseMatmulOp

# ---- parameters read from memory ---------------------------------------------------------


def scale_param(qtype: UniformQuantizedType) -> ParamsAttr | None:
    """The scales a kernel reads from a buffer; None when per tensor (an immediate)."""
    return None if qtype.is_per_tensor else qtype.scales


def zero_point_param(qtype: UniformQuantizedType) -> ParamsAttr | None:
    """The zero points a kernel reads from a buffer; None when per tensor or all 0."""
    if qtype.is_per_tensor or not qtype.zero_point_array().any():
        return None
    return qtype.zero_points


def qtype_of(value: SSAValue | Attribute) -> UniformQuantizedType:
    """The quantized element type of a value (or type) the verifier already checked."""
    qtype = quantized_element(value.type if isinstance(value, SSAValue) else value)
    assert qtype is not None
    return qtype


def requantize_params(op: mq.RequantizeOp) -> tuple[np.ndarray, np.ndarray]:
    """(M0, shift) of a requantize, broadcastable to its shape: the interpreter's multiplier."""
    rank = len(shape_of(op.input))
    s_in = expanded_params(qtype_of(op.input), rank)[0].astype(np.float64)
    s_out = expanded_params(qtype_of(op.result), rank)[0].astype(np.float64)
    return requantize_multiplier(s_in / s_out)


def requantize_attrs(op: mq.RequantizeOp) -> tuple[ParamsAttr, ParamsAttr] | None:
    """M0 and shift as i64 attributes (read per lane), None when they are one scalar each."""
    multiplier, shift = requantize_params(op)
    if multiplier.size == 1:
        return None
    typ = TensorType(i64, multiplier.shape)
    return (DenseIntOrFPElementsAttr.from_list(typ, [int(v) for v in multiplier.ravel()]),
            DenseIntOrFPElementsAttr.from_list(typ, [int(v) for v in shift.ravel()]))


@functools.lru_cache(maxsize=32)
def column_sums(constant: mq.ConstantOp) -> ParamsAttr:
    """sum_k w[n, k] of a constant integer weight's storage, as i32 (wrapped): za * it is
    the lhs zero point's correction, read per column instead of re-reading the weight."""
    sums = mq.constant_array(constant).astype(np.int64).sum(axis=1)
    wrapped = (sums + 2**31) % 2**32 - 2**31
    return DenseIntOrFPElementsAttr.from_list(TensorType(i32, sums.shape), [int(v) for v in wrapped])


def integer_zero_points(op: LinearOp) -> list[ParamsAttr | None]:
    """The zero point buffers of an integer product's operands."""
    return [zero_point_param(q) for q in map(quantized_element, (op.lhs.type, op.rhs.type)) if q is not None]


def linear_params(op: LinearOp) -> list[ParamsAttr | None]:
    """What a product reads: zero points (integer), or the weight's scales and zero points (float)."""
    if not is_float(element_of(op.lhs)):
        return integer_zero_points(op)
    qtype = quantized_element(op.rhs.type)
    return [] if qtype is None else [scale_param(qtype), zero_point_param(qtype)]


PARAMS: dict[type[Operation], Callable[[Operation], Sequence[ParamsAttr | None]]] = {
    mq.QuantizeOp: lambda op: [scale_param(qtype_of(op.result)), zero_point_param(qtype_of(op.result))],
    mq.DequantizeOp: lambda op: [scale_param(qtype_of(op.input)), zero_point_param(qtype_of(op.input))],
    mq.RequantizeOp: lambda op: [zero_point_param(qtype_of(op.input)), zero_point_param(qtype_of(op.result)),
                                 *(requantize_attrs(op) or ())],
    mq.MatmulOp: linear_params,
    mq.WeightOnlyMatmulOp: linear_params,
    mq.SparseMatmulOp: linear_params,
}
"""Op -> the parameter attributes its rule reads from buffers (None: an immediate instead)."""


def kernel_params(group: mt.FusedOp) -> list[ParamsAttr]:
    """The attributes a group reads from read-only buffers: its mlc_quant constants' blobs and
    the per-axis/per-group parameters of its mlc_quant ops (each once, in first-use order).

    4-bit storage exists only packed in constants: a 4-bit tensor crossing kernels is refused.
    """
    body = group.body.block
    found: dict[Attribute, None] = {}
    crossing = [v for v in group.inputs if not isinstance(v.owner, mq.ConstantOp)] + list(group.yield_op.values)
    for value in crossing:
        qtype = quantized_element(value.type)
        if qtype is not None and qtype.storage_type.width.data == 4:
            raise LoweringError(f"a 4-bit quantized tensor {value.type} would cross kernels; 4-bit values "
                                "are lowered only as packed mlc_quant.constant weights (quantize to 8 bits)")
    for value in group.inputs:
        if isinstance(value.owner, mq.ConstantOp):
            found[value.owner.values] = None
            if value.owner.indices is not None:
                found[value.owner.indices] = None
    feeds = dict(zip(body.args, group.inputs))
    for op in body.ops:
        for attr in PARAMS.get(type(op), lambda op: [])(op):
            if attr is not None:
                found[attr] = None
        if isinstance(op, LinearOp) and (weight := constant_weight(op, feeds)) is not None and lhs_has_zero_point(op):
            found[column_sums(weight)] = None
    return list(found)  # pyright: ignore[reportReturnType]


def constant_weight(op: LinearOp, feeds: Mapping[SSAValue, SSAValue | Operation]) -> mq.ConstantOp | None:
    """The mlc_quant.constant an integer product's rhs is (through the group's inputs), if any."""
    if is_float(element_of(op.lhs)):
        return None
    fed = feeds.get(op.rhs, op.rhs)
    owner = fed if isinstance(fed, Operation) else fed.owner
    return owner if isinstance(owner, mq.ConstantOp) else None


def lhs_has_zero_point(op: LinearOp) -> bool:
    """Whether an integer product's lhs zero point is nonzero somewhere."""
    qtype = quantized_element(op.lhs.type)
    if qtype is None:
        return op.lhs_zero_point is not None and op.lhs_zero_point.value.data != 0
    return bool(qtype.zero_point_array().any())


def param_sources(attrs: Sequence[ParamsAttr], ptrs: Sequence[SSAValue]) -> dict[Attribute, Source]:
    """The kernel's parameter pointers as sources, by attribute (for `Lanes.params`)."""
    sources = {}
    for attr, ptr in zip(attrs, ptrs):
        typ = attr.get_type()
        assert isinstance(typ, TensorType)
        sources[attr] = Source(ptr, tuple(typ.get_shape()), typ.get_element_type())
    return sources


# ---- reading -----------------------------------------------------------------------------


def read(lanes: Lanes, source: Source, coords: Coords) -> SSAValue:
    """`source` at `coords` as stored; masked-off lanes read 0 (so no garbage reaches a dot)."""
    ptrs = lanes.pointers(source.ptr, lanes.linearize(coords, source.shape))
    mask = lanes.load_mask()
    if not isinstance(ptrs.type, TensorType) or mask is None:
        return lanes.add(mk.LoadOp(ptrs))
    shape = ptrs.type.get_shape()
    zero = block_const(lanes, 0.0 if is_float(source.element) else 0, source.element, shape)
    return lanes.add(mk.LoadOp(ptrs, lanes.lift(mask, shape), zero))


def param_at(lanes: Lanes, attr: ParamsAttr, coords: Coords) -> SSAValue:
    """Parameter buffer `attr` at `coords`."""
    source = lanes.params.get(attr)
    if source is None:
        raise LoweringError(f"a quantization parameter of shape {attr.get_type()} was not passed to the kernel")
    return read(lanes, source, coords)


def param_coords(lanes: Lanes, qtype: UniformQuantizedType, coords: Coords) -> Coords:
    """Where the scale/zero point of the element at `coords` is: [coords[axis]], or the group's."""
    axis, group = qtype.axis.data, qtype.group_size.data
    if group:
        return tuple(lanes.divide(c, group) if i == axis else c for i, c in enumerate(coords))
    return (coords[axis],)


def scale_at(lanes: Lanes, qtype: UniformQuantizedType, coords: Coords) -> SSAValue:
    """The f32 scale of the element at `coords`."""
    attr = scale_param(qtype)
    if attr is None:
        return lanes.const(float(qtype.scale_array()), f32)
    return lanes.convert(param_at(lanes, attr, param_coords(lanes, qtype, coords)), f32)


def zero_point_at(lanes: Lanes, qtype: UniformQuantizedType, coords: Coords, typ: Attribute) -> int | SSAValue:
    """The zero point of the element at `coords`: an int when it is the same everywhere, else `typ` lanes."""
    if qtype.is_per_tensor:
        return int(qtype.zero_point_array())
    attr = zero_point_param(qtype)
    if attr is None:
        return 0
    return lanes.convert(param_at(lanes, attr, param_coords(lanes, qtype, coords)), typ)


def signed_storage(op: Operation, qtype: UniformQuantizedType) -> None:
    """Fail on unsigned storage: kernels read storage through signed (Triton) pointers."""
    if qtype.storage_type.signedness.data == Signedness.UNSIGNED:
        raise LoweringError(f"{op.name}: unsigned storage {qtype.storage_type} has no kernel lowering; "
                            "use signed storage (iN), as the quantize pass does")


def stored(lanes: Lanes, value: SSAValue, coords: Coords) -> SSAValue:
    """Quantized `value`'s storage integers at `coords`, in i32."""
    return lanes.convert(lanes.at(value, coords), i32)


def number(lanes: Lanes, value: int | SSAValue, typ: Attribute) -> SSAValue:
    """An int as a constant of `typ`; an SSA value as it is."""
    return lanes.const(value, typ) if isinstance(value, int) else value


def shift_mask(lanes: Lanes, x: SSAValue, shift: Coord, mask: int) -> SSAValue:
    """(x >> shift) & mask on i32 lanes."""
    shifted = lanes.binary(arith.ShRSIOp, x, lanes.index(shift)) if shift != 0 else x
    return lanes.binary(arith.AndIOp, shifted, lanes.const(mask, i32))


def nibble(lanes: Lanes, byte: SSAValue, which: Coord) -> SSAValue:
    """The signed 4-bit value in the low (which = 0) or high (1) nibble of `byte`, in i32."""
    # Masking after the shift makes the byte's sign (an i8 read of a ui8 blob) irrelevant;
    # (n ^ 8) - 8 sign-extends a nibble n in [0, 15].
    bits = shift_mask(lanes, lanes.convert(byte, i32), lanes.scale(which, 4), 15)
    return lanes.binary(arith.SubiOp, lanes.binary(arith.XOrIOp, bits, lanes.const(8, i32)), lanes.const(8, i32))


# ---- lane rules --------------------------------------------------------------------------


def lower_constant(lanes: Lanes, op: mq.ConstantOp, coords: Coords) -> SSAValue:
    # The logical value at `coords`, decoded from the blobs as the module docstring says.
    typ = op.result.type
    assert isinstance(typ, TensorType)
    qtype = quantized_element(typ)
    if qtype is not None:
        signed_storage(op, qtype)
    packed = qtype is not None and qtype.storage_type.width.data == 4
    values = lanes.params[op.values]
    *lead, c = coords
    lead = tuple(lead)
    out = i32 if qtype is not None else compute_type(typ.get_element_type())
    encoding = sparse_encoding(typ)
    if encoding is None:
        if packed:
            return nibble(lanes, read(lanes, values, lead + (lanes.divide(c, 2),)), lanes.modulo(c, 2))
        return lanes.convert(read(lanes, values, coords), out)
    assert encoding.axis.data == len(coords) - 1 and op.indices is not None  # sparse_matmul's [N, K] along K
    g, position = lanes.divide(c, 4), lanes.index(lanes.modulo(c, 4))
    meta = lanes.convert(read(lanes, lanes.params[op.indices], lead + (lanes.divide(g, 2),)), i32)
    low = lanes.scale(lanes.modulo(g, 2), 4)
    p0 = shift_mask(lanes, meta, low, 3)
    p1 = shift_mask(lanes, meta, lanes.plus(low, 2), 3)
    if packed:
        byte = read(lanes, values, lead + (g,))
        v0, v1 = nibble(lanes, byte, 0), nibble(lanes, byte, 1)
    else:
        first = lanes.scale(g, 2)
        v0 = lanes.convert(read(lanes, values, lead + (first,)), out)
        v1 = lanes.convert(read(lanes, values, lead + (lanes.plus(first, 1),)), out)
    zero = lanes.const(0.0 if is_float(out) else 0, out)
    rest = lanes.select(lanes.compare("eq", position, p1, False), v1, zero)
    return lanes.select(lanes.compare("eq", position, p0, False), v0, rest)


def round_half_even(lanes: Lanes, y: SSAValue) -> SSAValue:
    """rint(y) in f32 from adds: below 2^23, (|y| + 2^23) - 2^23 rounds |y| half to even (f32
    addition rounds to nearest even); from 2^23 on, y is an integer already; the sign is put back."""
    big = lanes.const(2.0**23, f32)
    magnitude = lanes.add(math.AbsFOp(y))
    rounded = lanes.binary(arith.SubfOp, lanes.binary(arith.AddfOp, magnitude, big), big)
    signed = lanes.select(lanes.compare("olt", y, lanes.const(0.0, f32), True), lanes.add(arith.NegfOp(rounded)), rounded)
    return lanes.select(lanes.compare("oge", magnitude, big, True), y, signed)


def lower_quantize(lanes: Lanes, op: mq.QuantizeOp, coords: Coords) -> SSAValue:
    # q = clamp(round_half_even(x / s) + zp, lo, hi), NaN -> zp: the interpreter's quantize. The
    # add and clamp run in f32 (f64 for 32-bit storage), exact for every value that is not clamped.
    qtype = qtype_of(op.result)
    signed_storage(op, qtype)
    x = lanes.binary(arith.DivfOp, lanes.at(op.input, coords), scale_at(lanes, qtype, coords))
    rounded = round_half_even(lanes, x)
    rounded = lanes.select(lanes.compare("une", rounded, rounded, True), lanes.const(0.0, f32), rounded)
    wide = f64 if qtype.storage_type.width.data == 32 else f32
    rounded = lanes.convert(rounded, wide)
    zero_point = zero_point_at(lanes, qtype, coords, wide)
    if zero_point != 0:
        zp = lanes.const(float(zero_point), wide) if isinstance(zero_point, int) else zero_point
        rounded = lanes.binary(arith.AddfOp, rounded, zp)
    lo, hi = qtype.storage_bounds()
    clamped = lanes.binary(arith.MinimumfOp, lanes.binary(arith.MaximumfOp, rounded, lanes.const(float(lo), wide)),
                           lanes.const(float(hi), wide))
    return lanes.convert(clamped, i32)


def dequantized(lanes: Lanes, q: SSAValue, qtype: UniformQuantizedType, coords: Coords) -> SSAValue:
    """f32(q - zp) * s rounded to the expressed type (carried in f32), from i32 storage `q`."""
    wide = i64 if qtype.storage_type.width.data == 32 else i32  # q - zp of 32-bit storage needs 33 bits
    zero_point = zero_point_at(lanes, qtype, coords, wide)
    if zero_point != 0:
        q = lanes.binary(arith.SubiOp, lanes.convert(q, wide), number(lanes, zero_point, wide))
    real = lanes.binary(arith.MulfOp, lanes.convert(q, f32), scale_at(lanes, qtype, coords))
    expressed = qtype.expressed_type
    return real if expressed == f32 else lanes.convert(lanes.convert(real, expressed), f32)


def lower_dequantize(lanes: Lanes, op: mq.DequantizeOp, coords: Coords) -> SSAValue:
    # x = scale * (q - zero_point), the interpreter's dequantize.
    return dequantized(lanes, stored(lanes, op.input, coords), qtype_of(op.input), coords)


def rounding_shift(lanes: Lanes, v: SSAValue, shift: int | SSAValue) -> SSAValue:
    """round_half_even(v / 2^shift) on i64 lanes, shift in [1, 63] (the interpreter's rounding_shift)."""
    sh = number(lanes, shift, i64)
    quotient = lanes.binary(arith.ShRSIOp, v, sh)
    remainder = lanes.binary(arith.SubiOp, v, lanes.binary(arith.ShLIOp, quotient, sh))
    if isinstance(shift, int):
        half = lanes.const(1 << (shift - 1), i64)
    else:
        half = lanes.binary(arith.ShLIOp, lanes.const(1, i64), lanes.binary(arith.SubiOp, sh, lanes.const(1, i64)))
    odd = lanes.compare("ne", lanes.binary(arith.AndIOp, quotient, lanes.const(1, i64)), lanes.const(0, i64), False)
    tie = lanes.binary(arith.AndIOp, lanes.compare("eq", remainder, half, False), odd)
    up = lanes.binary(arith.OrIOp, lanes.compare("sgt", remainder, half, False), tie)
    return lanes.binary(arith.AddiOp, quotient, lanes.select(up, lanes.const(1, i64), lanes.const(0, i64)))


def lower_requantize(lanes: Lanes, op: mq.RequantizeOp, coords: Coords) -> SSAValue:
    # q' = saturate(z_out + round_half_even((q - z_in) * M0 / 2^shift)) in i64, the interpreter's
    # requantize (|q - z_in| < 2^32 and M0 <= 2^31: the product fits); shift >= 64 gives 0.
    qin, qout = qtype_of(op.input), qtype_of(op.result)
    signed_storage(op, qout)
    q = lanes.convert(stored(lanes, op.input, coords), i64)
    z_in = zero_point_at(lanes, qin, coords, i64)
    if z_in != 0:
        q = lanes.binary(arith.SubiOp, q, number(lanes, z_in, i64))
    attrs = requantize_attrs(op)
    if attrs is None:
        multiplier, shift = (int(a.reshape(-1)[0]) for a in requantize_params(op))
        if shift >= 64:
            scaled = lanes.const(0, i64)
        else:
            scaled = rounding_shift(lanes, lanes.binary(arith.MuliOp, q, lanes.const(multiplier, i64)), max(shift, 1))
    else:
        at = broadcast_coords(coords, shape_of(op.input), attrs[0].get_type().get_shape())  # pyright: ignore
        m0, sh = param_at(lanes, attrs[0], at), param_at(lanes, attrs[1], at)
        clipped = lanes.binary(arith.MaxSIOp, lanes.binary(arith.MinSIOp, sh, lanes.const(63, i64)), lanes.const(1, i64))
        product = rounding_shift(lanes, lanes.binary(arith.MuliOp, q, m0), clipped)
        beyond = lanes.compare("sge", sh, lanes.const(64, i64), False)
        scaled = lanes.select(beyond, lanes.const(0, i64), product)
    z_out = zero_point_at(lanes, qout, coords, i64)
    if z_out != 0:
        scaled = lanes.binary(arith.AddiOp, scaled, number(lanes, z_out, i64))
    lo, hi = qout.storage_bounds()
    clamped = lanes.binary(arith.MinSIOp, lanes.binary(arith.MaxSIOp, scaled, lanes.const(lo, i64)), lanes.const(hi, i64))
    return lanes.convert(clamped, i32)


def lower_storage_cast(lanes: Lanes, op: mq.StorageCastOp, coords: Coords) -> SSAValue:
    # Storage integers and the plain integers are the same bits: only the compute type changes.
    return lanes.convert(lanes.at(op.input, coords), compute_type(element_of(op.result)))


# ---- GEMMs -------------------------------------------------------------------------------


def wrap_i32(n: int) -> int:
    """n modulo 2^32 as a signed i32."""
    return (n + 2**31) % 2**32 - 2**31


def operand_zero_point(lanes: Lanes, value: SSAValue, prop, coords: Coords) -> int | SSAValue:
    """An integer product operand's zero point at `coords`: from its type, else its property (else 0)."""
    qtype = quantized_element(value.type)
    if qtype is None:
        return prop.value.data if prop is not None else 0
    return zero_point_at(lanes, qtype, coords, i32)


def k_sum(group: Group, lanes: Lanes, g: Gemm, index: SSAValue, side: int) -> SSAValue:
    """sum over K of the A rows (side 0) or B columns (side 1) of the tile `index` (its m or n
    block) covers, as an i32 tile: a loop over K of masked tiles, each reduced along K."""
    bm, bn = index.type.get_shape()  # pyright: ignore[reportAttributeAccessIssue]
    bk = max(16, min(64, next_power_of_two(g.k)))
    offs = lanes.add(mk.ReduceOp(index, 1 - side, "max"))  # the tile's rows (columns), 1-D
    shape = (bm, bk) if side == 0 else (bk, bn)
    zero = block_const(lanes, 0, i32, (shape[side],))
    body = Block(arg_types=[i32, zero.type])
    k0, total = body.args
    outer, lanes.block = lanes.block, body
    kk = range_from(lanes, k0, bk)
    if side == 0:
        rows, ks = tile_index(lanes, offs, 0, shape), tile_index(lanes, kk, 1, shape)
        mask = lanes.binary(arith.AndIOp, in_bounds(lanes, rows, g.m), in_bounds(lanes, ks, g.k))
        tile = g.a_tile(group.lanes(body, shape, mask), (), g.rows(lanes, (), rows), ks)
    else:
        ks, cols = tile_index(lanes, kk, 0, shape), tile_index(lanes, offs, 1, shape)
        mask = lanes.binary(arith.AndIOp, in_bounds(lanes, ks, g.k), in_bounds(lanes, cols, g.n))
        tile = g.b_tile(group.lanes(body, shape, mask), (), ks, cols)
    part = lanes.add(mk.ReduceOp(lanes.convert(tile, i32), 1 - side, "sum"))
    body.add_op(scf.YieldOp(lanes.binary(arith.AddiOp, total, part)))
    lanes.block = outer
    sums = lanes.add(scf.ForOp(lanes.const(0, i32), lanes.const(g.k, i32), lanes.const(bk, i32), [zero], body))
    return lanes.add(mk.BroadcastOp(lanes.add(mk.ExpandDimsOp(sums, 1 - side)), (bm, bn)))


def integer_operand(op: Operation, what: str, value: SSAValue) -> None:
    """Fail unless an integer product operand fits tl.dot's signed i8 tiles."""
    element = element_of(value)
    if not isinstance(element, IntegerType) or element.width.data > 8 or element.signedness.data == Signedness.UNSIGNED:
        raise LoweringError(f"{op.name}: {what} storage {element} does not fit tl.dot's i8 operands; "
                            "use signed 8- or 4-bit storage")


def linear_gemm(op: LinearOp, group: Group) -> Gemm:
    """lhs [lead.., K] x rhs [N, K] (stored, int4-packed or 2:4) -> [lead.., N]; lead flattens into M."""
    *lead_dims, k = shape_of(op.lhs)
    lead = tuple(lead_dims)
    n = shape_of(op.rhs)[0]
    integer = not is_float(element_of(op.lhs))
    rhs_q = quantized_element(op.rhs.type)
    if integer:
        integer_operand(op, "lhs", op.lhs)
        integer_operand(op, "rhs", op.rhs)
    operand = i8 if integer else element_of(op.lhs)

    def a_tile(lanes: Lanes, bc: Coords, rows: SSAValue, ks: SSAValue) -> SSAValue:
        return operand_tile(lanes, op.lhs, lanes.delinearize(rows, lead) + (ks,), operand)

    def b_tile(lanes: Lanes, bc: Coords, ks: SSAValue, cols: SSAValue) -> SSAValue:
        if integer or rhs_q is None:
            return operand_tile(lanes, op.rhs, (cols, ks), operand)
        # weight-only: the dot reads dequantize(rhs)^T, as the interpreter's float_linear does.
        return dequantized(lanes, stored(lanes, op.rhs, (cols, ks)), rhs_q, (cols, ks))

    def result_coords(lanes: Lanes, bc: Coords, mm: SSAValue, nn: SSAValue) -> Coords:
        return lanes.delinearize(mm, lead) + (nn,)

    def finish(lanes: Lanes, acc: SSAValue, bc: Coords, mm: SSAValue, nn: SSAValue) -> SSAValue:
        # sum (a - za)(b - zb) = sum ab - zb sum_k a - za sum_k b + K za zb (mod 2^32).
        za = operand_zero_point(lanes, op.lhs, op.lhs_zero_point, lanes.delinearize(mm, lead) + (0,))
        zb = operand_zero_point(lanes, op.rhs, op.rhs_zero_point, (nn, 0))
        if zb != 0:
            rows = k_sum(group, lanes, g, mm, 0)
            acc = lanes.binary(arith.SubiOp, acc, lanes.binary(arith.MuliOp, rows, number(lanes, zb, i32)))
        if za != 0:
            weight = constant_weight(op, group.inline)
            cols = k_sum(group, lanes, g, nn, 1) if weight is None else lanes.convert(
                param_at(lanes, column_sums(weight), (nn,)), i32)
            acc = lanes.binary(arith.SubiOp, acc, lanes.binary(arith.MuliOp, cols, number(lanes, za, i32)))
        if za != 0 and zb != 0:
            if isinstance(za, int) and isinstance(zb, int):
                both = lanes.const(wrap_i32(k * za * zb), i32)
            else:
                both = lanes.binary(arith.MuliOp, lanes.binary(arith.MuliOp, number(lanes, za, i32), number(lanes, zb, i32)),
                                    lanes.const(wrap_i32(k), i32))
            acc = lanes.binary(arith.AddiOp, acc, both)
        return acc

    g = Gemm(op, (), numel(lead), n, k, operand, a_tile, b_tile, result_coords)
    if integer:
        g.finish = finish
    return g


RULES: dict[type[Operation], Rule] = {
    mq.ConstantOp: lower_constant,
    mq.QuantizeOp: lower_quantize,
    mq.DequantizeOp: lower_dequantize,
    mq.RequantizeOp: lower_requantize,
    mq.StorageCastOp: lower_storage_cast,
    mq.MatmulOp: lower_contraction,
    mq.WeightOnlyMatmulOp: lower_contraction,
    mq.SparseMatmulOp: lower_contraction,
}
"""mlc_quant's rules, merged into lanes.RULES (to_kernel/__init__.py)."""

GEMMS: dict[type[Operation], Callable[[Operation, Group], Gemm]] = {
    mq.MatmulOp: linear_gemm,
    mq.WeightOnlyMatmulOp: linear_gemm,
    mq.SparseMatmulOp: linear_gemm,
}
"""mlc_quant's GEMM descriptions, merged into gemm.GEMMS (to_kernel/__init__.py)."""
