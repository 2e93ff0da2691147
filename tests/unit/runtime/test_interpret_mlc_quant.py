"""The mlc_quant interpreter against independent int64/float numpy references."""

import ml_dtypes
import numpy as np
import pytest
from xdsl.dialects.builtin import IntegerType, Signedness, TensorType, bf16, f16, f32
from xdsl.utils.exceptions import InterpretationError

from mlc.dialects.mlc_quant import (
    ConstantOp,
    Sparse24Attr,
    UniformQuantizedType,
    constant_array,
)
from mlc.dialects.mlc_quant.layout import (
    compress_2_4,
    decompress_2_4,
    is_2_4_sparse,
    metadata_length,
    pack_int4,
    unpack_int4,
)
from mlc.ir.context import parse_module
from mlc.runtime.interpreter import run_function
from mlc.runtime.interpreter.mlc_quant import (
    dequantize,
    quantize,
    requantize,
    requantize_multiplier,
    rounding_shift,
)

I8, U8, I4, U4 = IntegerType(8), IntegerType(8, Signedness.UNSIGNED), IntegerType(4), IntegerType(4, Signedness.UNSIGNED)
RNG = np.random.default_rng(0)


def qtensor(shape, storage=I8, expressed=f32, scales=1.0, zero_points=0, **kw) -> TensorType:
    """A tensor type of a quantized element type."""
    return TensorType(UniformQuantizedType.make(storage, expressed, scales, zero_points, **kw), shape)


def run(text: str, *inputs: np.ndarray) -> list[np.ndarray]:
    """Parse a module and run its function through the interpreter."""
    module = parse_module(text)
    module.verify()
    return run_function(module, list(inputs))


# ---------------------------------------------------------------- rounding and saturation

def test_quantize_rounds_ties_to_even():
    typ = qtensor([8], scales=0.5)
    x = np.array([0.25, 0.75, 1.25, -0.25, -0.75, 0.2, 0.3, -1.25], np.float32)
    # x / 0.5 = 0.5, 1.5, 2.5, -0.5, -1.5, 0.4, 0.6, -2.5 -> ties go to the even integer
    assert quantize(x, typ).tolist() == [0, 2, 2, 0, -2, 0, 1, -2]


def test_quantize_saturates_and_maps_nan_to_zero_point():
    typ = qtensor([6], scales=1.0, zero_points=10)
    x = np.array([1000, -1000, np.inf, -np.inf, np.nan, 3.0], np.float32)
    assert quantize(x, typ).tolist() == [127, -128, 127, -128, 10, 13]
    narrow = qtensor([2], scales=1.0, storage_min=-127, storage_max=127)
    assert quantize(np.array([-500, 500], np.float32), narrow).tolist() == [-127, 127]
    u4 = qtensor([3], storage=U4, scales=0.1, zero_points=8)
    out = quantize(np.array([-5, 0, 5], np.float32), u4)
    assert out.dtype == ml_dtypes.uint4 and out.astype(int).tolist() == [0, 8, 15]


def test_dequantize_result_dtype_and_values():
    typ = qtensor([4], expressed=bf16, scales=0.25, zero_points=-3)
    q = np.array([-128, -3, 0, 127], np.int8)
    out = dequantize(q, typ)
    assert out.dtype == ml_dtypes.bfloat16
    assert out.astype(np.float32).tolist() == [-31.25, 0.0, 0.75, 32.5]


@pytest.mark.parametrize("storage,bits", [(I8, 8), (I4, 4)])
def test_per_axis_and_per_group_round_trip_error_bound(storage, bits):
    w = RNG.standard_normal((16, 64)).astype(np.float32)
    qmax = 2 ** (bits - 1) - 1
    row_scales = np.abs(w).max(axis=1) / qmax
    per_axis = qtensor([16, 64], storage=storage, scales=row_scales, axis=0)
    group_scales = np.abs(w.reshape(16, 4, 16)).max(axis=2) / qmax
    per_group = qtensor([16, 64], storage=storage, scales=group_scales, axis=1, group_size=16)
    for typ, scales in ((per_axis, row_scales[:, None]), (per_group, np.repeat(group_scales, 16, 1))):
        err = np.abs(dequantize(quantize(w, typ), typ) - w)
        # Half a step plus f32 rounding: values never saturate since scales come from max |w|.
        assert (err <= scales.astype(np.float32) * (0.5 + 1e-5)).all()
    assert np.abs(dequantize(quantize(w, per_group), per_group) - w).mean() < np.abs(
        dequantize(quantize(w, per_axis), per_axis) - w).mean()


# ---------------------------------------------------------------- requantize

def exact_requantize(q, s_in, z_in, s_out, z_out, lo, hi):
    """Reference with Python integers and fractions: round half even of the fixed-point product."""
    from fractions import Fraction

    m0, shift = (int(v) for v in requantize_multiplier(np.float64(s_in) / np.float64(s_out)))
    out = []
    for v in q.tolist():
        exact = Fraction((v - z_in) * m0, 2**shift)
        out.append(min(max(round(exact) + z_out, lo), hi))  # round() is half-to-even on Fractions
    return out


def test_rounding_shift_ties_and_negatives():
    values = np.array([5, 6, 7, -5, -6, -7, 4, -4, 12, -12], np.int64)
    # /4: 1.25 1.5 1.75 -1.25 -1.5 -1.75 1 -1 3 -3
    assert rounding_shift(values, np.int64(2)).tolist() == [1, 2, 2, -1, -2, -2, 1, -1, 3, -3]
    big = np.array([2**62 + 1, -(2**62) - 1, 2**62], np.int64)
    assert rounding_shift(big, np.int64(63)).tolist() == [1, -1, 0]


def test_requantize_matches_exact_fixed_point_reference():
    q = np.arange(-2**31, 2**31, 2**24 + 12345, dtype=np.int64).astype(np.int32)
    src = qtensor([q.size], storage=IntegerType(32), scales=0.0007, zero_points=5)
    dst = qtensor([q.size], scales=0.05, zero_points=-7)
    got = requantize(q, src, dst)
    scale_in, scale_out = float(np.float32(0.0007)), float(np.float32(0.05))
    assert got.dtype == np.int8
    assert got.tolist() == exact_requantize(q, scale_in, 5, scale_out, -7, -128, 127)


def test_requantize_per_axis_and_tiny_ratio():
    q = np.array([[100, -100], [50, 3]], np.int8)
    src = qtensor([2, 2], scales=[0.5, 0.25], axis=0)
    dst = qtensor([2, 2], scales=0.25)
    # row 0: x2, row 1: x1
    assert requantize(q, src, dst).tolist() == [[127, -128], [50, 3]]
    tiny = qtensor([2, 2], scales=1e-30)
    huge = qtensor([2, 2], scales=1e30)
    assert requantize(np.array([[127, -128], [1, 0]], np.int8), tiny, huge).tolist() == [[0, 0], [0, 0]]


# ---------------------------------------------------------------- packing and 2:4

def test_int4_pack_round_trip_low_nibble_first():
    signed = RNG.integers(-8, 8, (3, 7))
    packed = pack_int4(signed)
    assert packed.dtype == np.uint8 and packed.shape == (3, 4)
    assert np.array_equal(unpack_int4(packed, 7, signed=True), signed)
    assert pack_int4(np.array([1, -1])).tolist() == [0xF1]
    unsigned = RNG.integers(0, 16, (5, 8))
    assert np.array_equal(unpack_int4(pack_int4(unsigned), 8, signed=False), unsigned)
    with pytest.raises(ValueError, match="pack_int4: expected values in"):
        pack_int4(np.array([16]))


def sparse_2_4(shape, axis):
    """A random array with exactly 2 (possibly fewer) nonzeros per group of 4 along `axis`."""
    dense = RNG.standard_normal(shape).astype(np.float32)
    moved = np.moveaxis(dense, axis, -1)
    groups = moved.reshape(*moved.shape[:-1], -1, 4)
    drop = np.argsort(RNG.random(groups.shape), axis=-1)[..., :2]
    np.put_along_axis(groups, drop, 0.0, axis=-1)
    return np.moveaxis(groups.reshape(moved.shape), -1, axis)


@pytest.mark.parametrize("shape,axis", [((4, 16), 1), ((8, 3), 0), ((2, 12, 3), 1)])
def test_2_4_compress_round_trip(shape, axis):
    w = sparse_2_4(shape, axis)
    w.flat[0] = 0.0  # a group with fewer than two nonzeros keeps explicit zeros
    values, indices = compress_2_4(w, axis)
    assert values.shape[axis] == shape[axis] // 2
    assert indices.shape[axis] == metadata_length(shape[axis]) and indices.dtype == np.uint8
    assert np.array_equal(decompress_2_4(values, indices, axis), w)
    assert is_2_4_sparse(w, axis)


def test_2_4_metadata_bits_and_rejection():
    w = np.array([[0, 5, 0, 7, 1, 0, 0, 2]], np.float32)
    values, indices = compress_2_4(w, 1)
    assert values.tolist() == [[5, 7, 1, 2]]
    assert indices.tolist() == [[1 | 3 << 2 | 0 << 4 | 3 << 6]]
    with pytest.raises(ValueError, match="at most 2 nonzeros"):
        compress_2_4(np.ones((1, 4)), 1)
    assert not is_2_4_sparse(np.ones((1, 4)), 1)


def test_constant_encodes_int4_and_2_4_and_decodes():
    weights = np.where(sparse_2_4((4, 16), 1) != 0, RNG.integers(-8, 8, (4, 16)), 0).astype(np.int8)
    typ = TensorType(UniformQuantizedType.make(I4, f16, [0.5] * 4, axis=0), [4, 16], Sparse24Attr(1))
    op = ConstantOp.from_array(weights, typ, "w24")
    op.verify()
    assert op.values.get_type() == TensorType(U8, [4, 4])  # 8 kept int4 values -> 4 bytes
    assert op.indices is not None and op.indices.get_type() == TensorType(U8, [4, 2])
    decoded = constant_array(op)
    assert decoded.dtype == ml_dtypes.int4 and np.array_equal(decoded.astype(np.int8), weights)


# ---------------------------------------------------------------- compute ops through the interpreter

Q_A = "!mlc_quant.uniform<i8:f32, 0.05:-3>"
Q_W = "!mlc_quant.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.3}>"


def test_int8_matmul_against_int64_reference():
    a = RNG.integers(-128, 128, (2, 5, 64)).astype(np.int8)
    w = RNG.integers(-127, 128, (3, 64)).astype(np.int8)
    (got,) = run(f"""
    func.func @main(%a: tensor<2x5x64xi8>, %w: tensor<3x64xi8>) -> tensor<2x5x3xi32> {{
      %qa = mlc_quant.storage_cast %a : tensor<2x5x64xi8> -> tensor<2x5x64x{Q_A}>
      %qw = mlc_quant.storage_cast %w : tensor<3x64xi8> -> tensor<3x64x{Q_W}>
      %r = mlc_quant.matmul %qa, %qw : tensor<2x5x64x{Q_A}>, tensor<3x64x{Q_W}> -> tensor<2x5x3xi32>
      func.return %r : tensor<2x5x3xi32>
    }}""", a, w)
    expected = np.einsum("bmk,nk->bmn", a.astype(np.int64) + 3, w.astype(np.int64))
    assert got.dtype == np.int32 and np.array_equal(got, expected)


def test_int8_matmul_plain_operands_with_zero_points_wraps_i32():
    k = 70000  # 70000 * 255 * 255 > 2^31: the i32 accumulator wraps
    a = np.full((1, k), 127, np.int8)
    w = np.full((1, k), -128, np.int8)
    (got,) = run(f"""
    func.func @main(%a: tensor<1x{k}xi8>, %w: tensor<1x{k}xi8>) -> tensor<1x1xi32> {{
      %r = mlc_quant.matmul %a, %w {{lhs_zero_point = -128 : i64, rhs_zero_point = 127 : i64}} : tensor<1x{k}xi8>, tensor<1x{k}xi8> -> tensor<1x1xi32>
      func.return %r : tensor<1x1xi32>
    }}""", a, w)
    exact = k * 255 * -255
    assert got[0, 0] == (exact + 2**31) % 2**32 - 2**31


@pytest.mark.parametrize("groups,strides,padding,dilation", [
    (1, (1, 1), (0, 0, 0, 0), (1, 1)),
    (2, (2, 1), (1, 0, 2, 1), (1, 2)),
])
def test_int8_conv2d_against_int64_reference(groups, strides, padding, dilation):
    x = RNG.integers(-128, 128, (2, 4, 7, 6)).astype(np.int8)
    w = RNG.integers(-128, 128, (6, 4 // groups, 3, 2)).astype(np.int8)
    zx = 5
    xp = np.pad(x.astype(np.int64) - zx, ((0, 0), (0, 0), padding[:2], padding[2:]))
    oh = (xp.shape[2] - dilation[0] * 2 - 1) // strides[0] + 1
    ow = (xp.shape[3] - dilation[1] * 1 - 1) // strides[1] + 1
    expected = np.zeros((2, 6, oh, ow), np.int64)
    per = 6 // groups
    for o in range(6):
        g = o // per
        for i in range(oh):
            for j in range(ow):
                patch = xp[:, g * (4 // groups):(g + 1) * (4 // groups),
                           i * strides[0]: i * strides[0] + dilation[0] * 2 + 1: dilation[0],
                           j * strides[1]: j * strides[1] + dilation[1] * 1 + 1: dilation[1]]
                expected[:, o, i, j] = (patch * w[o].astype(np.int64)).sum(axis=(1, 2, 3))
    arr = lambda v: ", ".join(map(str, v))  # noqa: E731
    rt = f"tensor<2x6x{oh}x{ow}xi32>"
    (got,) = run(f"""
    func.func @main(%x: tensor<2x4x7x6xi8>, %w: tensor<6x{4 // groups}x3x2xi8>) -> {rt} {{
      %r = mlc_quant.conv2d %x, %w {{strides = array<i64: {arr(strides)}>, padding = array<i64: {arr(padding)}>, dilation = array<i64: {arr(dilation)}>, groups = {groups} : i64, lhs_zero_point = {zx} : i64}} : tensor<2x4x7x6xi8>, tensor<6x{4 // groups}x3x2xi8> -> {rt}
      func.return %r : {rt}
    }}""", x, w)
    assert np.array_equal(got, expected)


def test_weight_only_matmul_per_group_int4_matches_dequantize_then_matmul():
    x = RNG.standard_normal((3, 32)).astype(np.float16)
    q = RNG.integers(-8, 8, (4, 32)).astype(ml_dtypes.int4)
    scales = RNG.uniform(0.01, 0.1, (4, 2)).astype(np.float32)
    typ = qtensor([4, 32], storage=I4, expressed=f16, scales=scales, axis=1, group_size=16)
    qtype_text = str(typ.get_element_type())
    (got,) = run(f"""
    func.func @main(%x: tensor<3x32xf16>, %w: tensor<4x32x{qtype_text}>) -> tensor<3x4xf16> {{
      %r = mlc_quant.weight_only_matmul %x, %w : tensor<3x32xf16>, tensor<4x32x{qtype_text}> -> tensor<3x4xf16>
      func.return %r : tensor<3x4xf16>
    }}""", x, q)
    w = (q.astype(np.float32) * np.repeat(scales, 16, axis=1)).astype(np.float16)
    expected = (x.astype(np.float32) @ w.astype(np.float32).T).astype(np.float16)
    assert got.dtype == np.float16 and np.array_equal(got, expected)


def test_sparse_matmul_float_and_int8_paths():
    w = sparse_2_4((3, 16), 1).astype(np.float32)
    x = RNG.standard_normal((2, 16)).astype(np.float32)
    enc = "#mlc_quant.sparse_2_4<axis = 1>"
    (got,) = run(f"""
    func.func @main(%x: tensor<2x16xf32>, %w: tensor<3x16xf32, {enc}>) -> tensor<2x3xf32> {{
      %r = mlc_quant.sparse_matmul %x, %w : tensor<2x16xf32>, tensor<3x16xf32, {enc}> -> tensor<2x3xf32>
      func.return %r : tensor<2x3xf32>
    }}""", x, w)
    np.testing.assert_allclose(got, x @ w.T, rtol=1e-6, atol=1e-6)

    wq = np.where(w != 0, RNG.integers(-127, 128, w.shape), 0).astype(np.int8)
    a = RNG.integers(-128, 128, (2, 16)).astype(np.int8)
    wt = f"tensor<3x16x{Q_W}, {enc}>"
    (acc,) = run(f"""
    func.func @main(%a: tensor<2x16xi8>, %w: {wt}) -> tensor<2x3xi32> {{
      %r = mlc_quant.sparse_matmul %a, %w {{lhs_zero_point = 1 : i64}} : tensor<2x16xi8>, {wt} -> tensor<2x3xi32>
      func.return %r : tensor<2x3xi32>
    }}""", a, wq)
    assert np.array_equal(acc, (a.astype(np.int64) - 1) @ wq.astype(np.int64).T)

    wt = f"tensor<3x16x!mlc_quant.uniform<i8:f32:0, {{0.1, 0.2, 0.3}}>, {enc}>"
    (y,) = run(f"""
    func.func @main(%x: tensor<2x16xf32>, %w: {wt}) -> tensor<2x3xf32> {{
      %r = mlc_quant.sparse_matmul %x, %w : tensor<2x16xf32>, {wt} -> tensor<2x3xf32>
      func.return %r : tensor<2x3xf32>
    }}""", x, wq)
    deq = wq.astype(np.float32) * np.float32([0.1, 0.2, 0.3])[:, None]
    assert np.array_equal(y, x @ deq.T)

    with pytest.raises(InterpretationError, match="rhs is not 2:4 sparse"):
        run(f"""
    func.func @main(%x: tensor<2x16xf32>, %w: tensor<3x16xf32, {enc}>) -> tensor<2x3xf32> {{
      %r = mlc_quant.sparse_matmul %x, %w : tensor<2x16xf32>, tensor<3x16xf32, {enc}> -> tensor<2x3xf32>
      func.return %r : tensor<2x3xf32>
    }}""", x, np.ones((3, 16), np.float32))


def test_quantize_requantize_dequantize_pipeline_and_constant():
    x = RNG.standard_normal((2, 8)).astype(np.float32)
    q1 = "!mlc_quant.uniform<i8:f32, 0.02>"
    q2 = "!mlc_quant.uniform<u8:f32, 0.04:128>"
    (q, r, back, c) = run(f"""
    func.func @main(%x: tensor<2x8xf32>) -> (tensor<2x8xi8>, tensor<2x8xui8>, tensor<2x8xf32>, tensor<2x4xf32>) {{
      %q = mlc_quant.quantize %x : tensor<2x8xf32> -> tensor<2x8x{q1}>
      %r = mlc_quant.requantize %q : tensor<2x8x{q1}> -> tensor<2x8x{q2}>
      %d = mlc_quant.dequantize %r : tensor<2x8x{q2}> -> tensor<2x8xf32>
      %qs = mlc_quant.storage_cast %q : tensor<2x8x{q1}> -> tensor<2x8xi8>
      %rs = mlc_quant.storage_cast %r : tensor<2x8x{q2}> -> tensor<2x8xui8>
      %c = mlc_quant.constant dense<[[33, 2], [255, 0]]> : tensor<2x2xui8> -> tensor<2x4x!mlc_quant.uniform<i4:f32:1 group 2, scales = dense<[[1.0, 2.0], [0.5, 0.25]]> : tensor<2x2xf32>, zero_points = dense<0> : tensor<2x2xi8>>>
      %cd = mlc_quant.dequantize %c : tensor<2x4x!mlc_quant.uniform<i4:f32:1 group 2, scales = dense<[[1.0, 2.0], [0.5, 0.25]]> : tensor<2x2xf32>, zero_points = dense<0> : tensor<2x2xi8>>> -> tensor<2x4xf32>
      func.return %qs, %rs, %d, %cd : tensor<2x8xi8>, tensor<2x8xui8>, tensor<2x8xf32>, tensor<2x4xf32>
    }}""", x)
    assert np.array_equal(q, np.clip(np.rint(x / np.float32(0.02)), -128, 127).astype(np.int8))
    # 0.02 / 0.04 = 0.5 exactly: half of each value, ties to even, plus 128
    assert np.array_equal(r, (np.round(q.astype(np.int64) / 2) + 128).astype(np.uint8))
    np.testing.assert_allclose(back, x, atol=0.02 + 0.5 * 0.04 + 1e-6)
    # bytes 33 = 0x21 -> (1, 2); 2 -> (2, 0); 255 -> (-1, -1); 0 -> (0, 0)
    assert c.tolist() == [[1.0, 2.0, 4.0, 0.0], [-0.5, -0.5, 0.0, 0.0]]
