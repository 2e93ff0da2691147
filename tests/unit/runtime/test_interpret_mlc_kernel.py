"""The interpreter's mlc_kernel semantics: the kernels of ops.mlir on real data, each op on its own,
buffers and arena views, atomics, out-of-bounds errors, and mlc-run on a host function.

References are plain numpy on whole arrays (or Python integers), never the block program.
"""

import math
import re
from pathlib import Path

import ml_dtypes
import numpy as np
import pytest
from xdsl.utils.exceptions import InterpretationError

from mlc.ir.context import parse_module
from mlc.ir.dtypes import from_numpy_dtype
from mlc.runtime.interpreter import (
    InterpreterInputError,
    find_function,
    random_inputs,
    run_function,
    run_kernel,
)
from mlc.tools.mlc_run import main as mlc_run

OPS_FILE = Path(__file__).parents[2] / "filecheck/dialects/mlc_kernel/ops.mlir"
BF16 = np.dtype(ml_dtypes.bfloat16)


@pytest.fixture(scope="module")
def ops_module():
    module = parse_module(OPS_FILE.read_text(), str(OPS_FILE))
    module.verify()
    return module


def parse(text: str):
    """Parse and verify a module."""
    module = parse_module(text)
    module.verify()
    return module


def kernel(name: str, params: str, body: str, grid: str = "1") -> str:
    """The text of mlc_kernel.func @name(params) with `body` and the given grid."""
    return (
        f"mlc_kernel.func @{name}({params}) attributes {{grid = array<i64: {grid}>, constexprs = {{}}, "
        f"num_warps = 4 : i64, num_stages = 1 : i64}} {{\n{body}\n  mlc_kernel.return\n}}\n"
    )


def tensor(shape: tuple[int, ...], element: str) -> str:
    """The type of a block of `shape` (the element type itself for a scalar)."""
    return f"tensor<{'x'.join(map(str, shape))}x{element}>" if shape else element


def element_name(dtype: np.dtype) -> str:
    return str(from_numpy_dtype(dtype))


def access(value: str, ptr: str, shape: tuple[int, ...], element: str) -> tuple[list[str], str]:
    """Lines making %<value>_p, the pointers to every element of buffer %ptr in row-major order."""
    ptr_type = f"!mlc_kernel.ptr<{element}>"
    if not shape:
        return [], ptr_type
    n = math.prod(shape)
    lines = [
        f"  %{value}_r = mlc_kernel.make_range {{start = 0 : i64, end = {n} : i64}} : tensor<{n}xi32>",
        f"  %{value}_o = mlc_kernel.reshape %{value}_r : tensor<{n}xi32> -> {tensor(shape, 'i32')}",
        f"  %{value}_s = mlc_kernel.splat %{ptr} : {ptr_type} -> {tensor(shape, ptr_type)}",
        f"  %{value}_p = mlc_kernel.addptr %{value}_s, %{value}_o : {tensor(shape, ptr_type)}, {tensor(shape, 'i32')}",
    ]
    return lines, tensor(shape, ptr_type)


def run_block(
    body: str, out_shape: tuple[int, ...], out_dtype, *inputs: np.ndarray, buffers: tuple[np.ndarray, ...] = ()
) -> np.ndarray:
    """Load each input whole as %a, %b, ... (scalars for 0-d arrays), run `body`, store its %r.

    `buffers` are passed as pointers %buf0, %buf1, ... that `body` accesses itself.
    """
    params = [f"%buf{i}: !mlc_kernel.ptr<{element_name(b.dtype)}>" for i, b in enumerate(buffers)]
    lines = []
    for i, array in enumerate(inputs):
        name, element = "abcd"[i], element_name(array.dtype)
        params.append(f"%in{i}: !mlc_kernel.ptr<{element}>")
        ptr_lines, ptr_type = access(name, f"in{i}", array.shape, element)
        source = f"%{name}_p" if array.shape else f"%in{i}"
        lines += [*ptr_lines, f"  %{name} = mlc_kernel.load {source} : {ptr_type}"]
    out_element = element_name(np.dtype(out_dtype))
    params.append(f"%out: !mlc_kernel.ptr<{out_element}>")
    ptr_lines, ptr_type = access("out", "out", out_shape, out_element)
    target = "%out_p" if out_shape else "%out"
    lines += [body, *ptr_lines, f"  mlc_kernel.store {target}, %r : {ptr_type}"]
    module = parse(kernel("k", ", ".join(params), "\n".join(lines)))
    out = np.zeros(out_shape, out_dtype)
    run_kernel(module, "k", [*buffers, *(np.array(a, order="C") for a in inputs), out])
    return out


# ---------------------------------------------------------------------------------------
# The kernels of ops.mlir on real data.


def test_forward_host_function_runs_the_add_and_matmul_kernels(ops_module):
    rng = np.random.default_rng(0)
    x, y = (rng.standard_normal(1000).astype(np.float32) for _ in range(2))
    a = rng.standard_normal((100, 80)).astype(np.float16)
    b = rng.standard_normal((80, 96)).astype(np.float16)
    out, c = run_function(ops_module, [x, y, a, b], "forward")
    # out = (x + y) + y through the arena view %tmp; the grid covers 1024 lanes, 1000 valid.
    np.testing.assert_array_equal(out, (x + y) + y)
    # 100x96x80 with 64x32x32 tiles: M and K are not multiples of the blocks.
    expected = a.astype(np.float64) @ b.astype(np.float64)
    assert c.dtype == np.float32 and c.shape == (100, 96)
    np.testing.assert_allclose(c, expected, rtol=1e-5, atol=1e-4)


@pytest.mark.parametrize("n", [1000, 777, 1])
def test_add_kernel_masks_the_tail(ops_module, n):
    # Buffers hold exactly n elements: the masked-off lanes up to 1023 lie out of bounds.
    rng = np.random.default_rng(n)
    x, y = rng.standard_normal(n).astype(np.float32), rng.standard_normal(n).astype(np.float32)
    out = np.zeros(n, np.float32)
    run_kernel(ops_module, "add_kernel", [x, y, out, np.int32(n)])
    np.testing.assert_array_equal(out, x + y)


def test_add_kernel_leaves_elements_past_n_alone(ops_module):
    x = np.arange(1024, dtype=np.float32)
    out = np.full(1024, -7.0, np.float32)
    run_kernel(ops_module, "add_kernel", [x, x, out, np.int32(600)])
    np.testing.assert_array_equal(out[:600], 2 * x[:600])
    assert (out[600:] == -7.0).all()


@pytest.mark.parametrize("m, n, k", [(70, 50, 45), (128, 96, 64), (1, 1, 1), (100, 96, 0)])
def test_matmul_kernel_with_ragged_sizes(ops_module, m, n, k):
    # Tiles 64x32x32 over a 2x3 grid: rows, columns and the K loop all end in partial tiles,
    # where the K mask and `other` = 0 keep the next row's elements out of the sums.
    rng = np.random.default_rng(m * n + k)
    a = rng.standard_normal((m, k)).astype(np.float16)
    b = rng.standard_normal((k, n)).astype(np.float16)
    c = np.full((m, n), np.nan, np.float32)
    run_kernel(ops_module, "matmul_kernel", [a, b, c, np.int32(m), np.int32(n), np.int32(k)])
    np.testing.assert_allclose(c, a.astype(np.float64) @ b.astype(np.float64), rtol=1e-5, atol=1e-4)


def test_row_stats_kernel(ops_module):
    rng = np.random.default_rng(3)
    x = rng.standard_normal(8 * 64).astype(np.float32)
    biggest, index, total = np.zeros(8, np.float32), np.zeros(8, np.int32), np.array([1.5], np.float32)
    run_kernel(ops_module, "row_stats_kernel", [x, biggest, index, total])
    rows = x.reshape(8, 64)
    relu = np.maximum(rows, 0)
    np.testing.assert_array_equal(biggest, relu.max(axis=1))
    np.testing.assert_array_equal(index, rows.argmax(axis=1))
    # Each of the 8 programs atomically adds its row's relu sum / num_programs.
    np.testing.assert_allclose(total[0], 1.5 + relu.sum() / 8, rtol=1e-5)


# ---------------------------------------------------------------------------------------
# Grid queries, ranges and shape ops.

GRID_KERNEL = kernel(
    "ids",
    "%ids: !mlc_kernel.ptr<i32>, %sizes: !mlc_kernel.ptr<i32>, %order: !mlc_kernel.ptr<i32>, %counter: !mlc_kernel.ptr<i32>",
    """\
  %x = mlc_kernel.program_id 0 : i32
  %y = mlc_kernel.program_id 1 : i32
  %z = mlc_kernel.program_id 2 : i32
  %nx = mlc_kernel.num_programs 0 : i32
  %ny = mlc_kernel.num_programs 1 : i32
  %nz = mlc_kernel.num_programs 2 : i32
  %c10 = arith.constant 10 : i32
  %c100 = arith.constant 100 : i32
  %y10 = arith.muli %y, %c10 : i32
  %z100 = arith.muli %z, %c100 : i32
  %id0 = arith.addi %x, %y10 : i32
  %id = arith.addi %id0, %z100 : i32
  %row = arith.muli %y, %nx : i32
  %plane0 = arith.muli %nx, %ny : i32
  %plane = arith.muli %z, %plane0 : i32
  %lin0 = arith.addi %x, %row : i32
  %lin = arith.addi %lin0, %plane : i32
  %idp = mlc_kernel.addptr %ids, %lin : !mlc_kernel.ptr<i32>, i32
  mlc_kernel.store %idp, %id : !mlc_kernel.ptr<i32>
  %size0 = arith.muli %nx, %c10 : i32
  %size1 = arith.muli %ny, %c100 : i32
  %size2 = arith.addi %size0, %size1 : i32
  %size = arith.addi %size2, %nz : i32
  %sp = mlc_kernel.addptr %sizes, %lin : !mlc_kernel.ptr<i32>, i32
  mlc_kernel.store %sp, %size : !mlc_kernel.ptr<i32>
  %one = arith.constant 1 : i32
  %seq = mlc_kernel.atomic_add %counter, %one : !mlc_kernel.ptr<i32>
  %op = mlc_kernel.addptr %order, %lin : !mlc_kernel.ptr<i32>, i32
  mlc_kernel.store %op, %seq : !mlc_kernel.ptr<i32>""",
    grid="3, 2, 2",
)


def test_program_ids_num_programs_and_launch_order():
    module = parse(GRID_KERNEL)
    ids, sizes, order = (np.zeros(12, np.int32) for _ in range(3))
    counter = np.zeros(1, np.int32)
    run_kernel(module, "ids", [ids, sizes, order, counter])
    z, y, x = np.meshgrid(range(2), range(2), range(3), indexing="ij")
    np.testing.assert_array_equal(ids, (x + 10 * y + 100 * z).reshape(-1))
    assert (sizes == 3 * 10 + 2 * 100 + 2).all()
    # Programs run one after another, axis 0 fastest: the atomic counter numbers them so.
    np.testing.assert_array_equal(order, np.arange(12))
    assert counter[0] == 12


def test_make_range_with_offset_start():
    body = "  %r = mlc_kernel.make_range {start = 4 : i64, end = 12 : i64} : tensor<8xi32>"
    np.testing.assert_array_equal(run_block(body, (8,), np.int32), np.arange(4, 12))


@pytest.mark.parametrize("dtype", [np.float32, np.int8, np.bool_, BF16])
def test_splat_scalar(dtype):
    value = np.array(1, dtype) if dtype == np.bool_ else np.array(-3, dtype)
    element = element_name(np.dtype(dtype))
    body = f"  %r = mlc_kernel.splat %a : {element} -> tensor<2x4x{element}>"
    out = run_block(body, (2, 4), dtype, value)
    np.testing.assert_array_equal(out, np.full((2, 4), value))


SHAPE_OPS = [
    ("mlc_kernel.broadcast %a : tensor<1x4xf32> -> tensor<8x4xf32>", (1, 4), (8, 4),
     lambda x: np.broadcast_to(x, (8, 4))),
    ("mlc_kernel.broadcast %a : tensor<2x1x4xf32> -> tensor<2x8x4xf32>", (2, 1, 4), (2, 8, 4),
     lambda x: np.broadcast_to(x, (2, 8, 4))),
    ("mlc_kernel.expand_dims %a {axis = 0 : i64} : tensor<8xf32> -> tensor<1x8xf32>", (8,), (1, 8),
     lambda x: x[None, :]),
    ("mlc_kernel.expand_dims %a {axis = 1 : i64} : tensor<8xf32> -> tensor<8x1xf32>", (8,), (8, 1),
     lambda x: x[:, None]),
    ("mlc_kernel.reshape %a : tensor<4x8xf32> -> tensor<2x16xf32>", (4, 8), (2, 16),
     lambda x: x.reshape(2, 16)),
    ("mlc_kernel.trans %a {order = array<i64: 1, 0>} : tensor<4x8xf32> -> tensor<8x4xf32>", (4, 8), (8, 4),
     lambda x: x.T),
    ("mlc_kernel.trans %a {order = array<i64: 2, 0, 1>} : tensor<2x4x8xf32> -> tensor<8x2x4xf32>",
     (2, 4, 8), (8, 2, 4), lambda x: x.transpose(2, 0, 1)),
]


@pytest.mark.parametrize("op, shape, out_shape, reference", SHAPE_OPS, ids=[s[0].split()[0] for s in SHAPE_OPS])
def test_shape_ops_on_values(op, shape, out_shape, reference):
    x = np.arange(math.prod(shape), dtype=np.float32).reshape(shape)
    np.testing.assert_array_equal(run_block(f"  %r = {op}", out_shape, np.float32, x), reference(x))


def test_shape_ops_on_pointer_blocks():
    # Pointers moved by splat, expand_dims, broadcast, trans and reshape load what the same
    # moves do to the data: x[i, j] at offset 8 * i + j, read back transposed.
    p = "!mlc_kernel.ptr<f32>"
    body = f"""\
  %r8 = mlc_kernel.make_range {{start = 0 : i64, end = 8 : i64}} : tensor<8xi32>
  %r4 = mlc_kernel.make_range {{start = 0 : i64, end = 4 : i64}} : tensor<4xi32>
  %c8 = arith.constant dense<8> : tensor<4xi32>
  %rows = arith.muli %r4, %c8 : tensor<4xi32>
  %base = mlc_kernel.splat %in0 : {p} -> tensor<4x{p}>
  %row_ptrs = mlc_kernel.addptr %base, %rows : tensor<4x{p}>, tensor<4xi32>
  %col = mlc_kernel.expand_dims %row_ptrs {{axis = 1 : i64}} : tensor<4x{p}> -> tensor<4x1x{p}>
  %grid = mlc_kernel.broadcast %col : tensor<4x1x{p}> -> tensor<4x8x{p}>
  %cols = mlc_kernel.expand_dims %r8 {{axis = 0 : i64}} : tensor<8xi32> -> tensor<1x8xi32>
  %cols2 = mlc_kernel.broadcast %cols : tensor<1x8xi32> -> tensor<4x8xi32>
  %ptrs = mlc_kernel.addptr %grid, %cols2 : tensor<4x8x{p}>, tensor<4x8xi32>
  %t = mlc_kernel.trans %ptrs {{order = array<i64: 1, 0>}} : tensor<4x8x{p}> -> tensor<8x4x{p}>
  %flat = mlc_kernel.reshape %t : tensor<8x4x{p}> -> tensor<32x{p}>
  %v = mlc_kernel.load %flat : tensor<32x{p}>
  %r = mlc_kernel.reshape %v : tensor<32xf32> -> tensor<8x4xf32>"""
    x = np.arange(32, dtype=np.float32).reshape(4, 8)
    np.testing.assert_array_equal(run_block(body, (8, 4), np.float32, x), x.T)


def test_pointers_flow_through_scf_for_iter_args():
    # Sum 4 chunks of 16 by advancing a pointer block in the loop, Triton's usual K loop.
    p = "!mlc_kernel.ptr<f32>"
    body = f"""\
  %lanes = mlc_kernel.make_range {{start = 0 : i64, end = 16 : i64}} : tensor<16xi32>
  %base = mlc_kernel.splat %in0 : {p} -> tensor<16x{p}>
  %start = mlc_kernel.addptr %base, %lanes : tensor<16x{p}>, tensor<16xi32>
  %zero = arith.constant dense<0.0> : tensor<16xf32>
  %step = arith.constant dense<16> : tensor<16xi64>
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %c4 = arith.constant 4 : i32
  %r, %end = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %zero, %ptrs = %start) -> (tensor<16xf32>, tensor<16x{p}>) : i32 {{
    %v = mlc_kernel.load %ptrs : tensor<16x{p}>
    %next = arith.addf %acc, %v : tensor<16xf32>
    %moved = mlc_kernel.addptr %ptrs, %step : tensor<16x{p}>, tensor<16xi64>
    scf.yield %next, %moved : tensor<16xf32>, tensor<16x{p}>
  }}"""
    x = np.random.default_rng(0).standard_normal(64).astype(np.float32)
    out = run_block(body, (16,), np.float32, x)
    np.testing.assert_allclose(out, x.reshape(4, 16).sum(axis=0), rtol=1e-6)


# ---------------------------------------------------------------------------------------
# Memory: addptr, load, store, atomic_add, and out-of-bounds accesses.


def masked_load_body(with_other: bool) -> str:
    """Load buf0 at offsets %a (i64) where %b is true, else %c (with_other) or nothing."""
    p = "!mlc_kernel.ptr<f32>"
    other = ", %c" if with_other else ""
    return f"""\
  %base = mlc_kernel.splat %buf0 : {p} -> tensor<8x{p}>
  %ptrs = mlc_kernel.addptr %base, %a : tensor<8x{p}>, tensor<8xi64>
  %r = mlc_kernel.load %ptrs, %b{other} : tensor<8x{p}>"""


def test_masked_load_fills_other_and_never_reads_masked_off_lanes():
    x = np.arange(10, dtype=np.float32) + 1
    offsets = np.array([0, 9, -5, 100, 3, 1 << 40, 3, 2], np.int64)  # wild offsets are masked off
    mask = np.array([1, 1, 0, 0, 1, 0, 1, 1], bool)
    other = np.full(8, -1.0, np.float32)
    out = run_block(masked_load_body(True), (8,), np.float32, offsets, mask, other, buffers=(x,))
    np.testing.assert_array_equal(out, np.where(mask, x[np.where(mask, offsets, 0)], -1.0))
    # Without other, masked-off lanes read as 0 (as Triton's interpreter).
    out = run_block(masked_load_body(False), (8,), np.float32, offsets, mask, buffers=(x,))
    np.testing.assert_array_equal(out, np.where(mask, x[np.where(mask, offsets, 0)], 0.0))


def test_fully_masked_load_from_an_empty_buffer():
    out = run_block(
        masked_load_body(True), (8,), np.float32,
        np.arange(8, dtype=np.int64), np.zeros(8, bool), np.full(8, 2.5, np.float32), buffers=(np.zeros(0, np.float32),),
    )
    assert (out == 2.5).all()


def test_scalar_pointer_load_store_and_masked_scalar_load():
    p = "!mlc_kernel.ptr<i32>"
    body = f"""\
  %c2 = arith.constant 2 : i64
  %at = mlc_kernel.addptr %in0, %c2 : {p}, i64
  %v = mlc_kernel.load %at : {p}
  %off = arith.constant false
  %minus = arith.constant -1 : i32
  %far = arith.constant 1000 : i32
  %wild = mlc_kernel.addptr %in0, %far : {p}, i32
  %w = mlc_kernel.load %wild, %off, %minus : {p}
  %r = arith.addi %v, %w : i32"""
    assert run_block(body, (), np.int32, np.array([5, 6, 7, 8], np.int32)) == 7 - 1


def test_masked_store_writes_only_masked_on_lanes():
    p = "!mlc_kernel.ptr<f32>"
    module = parse(kernel(
        "k", f"%out: !mlc_kernel.ptr<f32>",
        f"""\
  %r = mlc_kernel.make_range {{start = 0 : i64, end = 8 : i64}} : tensor<8xi32>
  %c3 = arith.constant dense<3> : tensor<8xi32>
  %odd = arith.andi %r, %c3 : tensor<8xi32>
  %zero = arith.constant dense<0> : tensor<8xi32>
  %keep = mlc_kernel.cmpi ne, %odd, %zero : tensor<8xi32>
  %base = mlc_kernel.splat %out : {p} -> tensor<8x{p}>
  %ptrs = mlc_kernel.addptr %base, %r : tensor<8x{p}>, tensor<8xi32>
  %v = mlc_kernel.convert %r : tensor<8xi32> -> tensor<8xf32>
  mlc_kernel.store %ptrs, %v, %keep : tensor<8x{p}>""",
    ))
    out = np.full(7, -1.0, np.float32)  # lane 7 is out of bounds and on: an error
    with pytest.raises(InterpretationError, match=r"mlc_kernel.store: .* 1 unmasked lane\(s\) at element offsets \[7\]"):
        run_kernel(module, "k", [out])
    out = np.full(8, -1.0, np.float32)
    run_kernel(module, "k", [out])
    np.testing.assert_array_equal(out, np.where(np.arange(8) % 4 != 0, np.arange(8), -1))


def test_store_with_duplicate_offsets_keeps_the_last_lane():
    p = "!mlc_kernel.ptr<i32>"
    body = f"""\
  %base = mlc_kernel.splat %out : {p} -> tensor<4x{p}>
  %ptrs = mlc_kernel.addptr %base, %b : tensor<4x{p}>, tensor<4xi32>
  mlc_kernel.store %ptrs, %a : tensor<4x{p}>
  %r = arith.constant 0 : i32"""
    module = parse(kernel("k", f"%in0: {p}, %in1: {p}, %out: {p}", "\n".join([
        *access("a", "in0", (4,), "i32")[0], f"  %a = mlc_kernel.load %a_p : tensor<4x{p}>",
        *access("b", "in1", (4,), "i32")[0], f"  %b = mlc_kernel.load %b_p : tensor<4x{p}>", body])))
    out = np.zeros(3, np.int32)
    run_kernel(module, "k", [np.array([10, 20, 30, 40], np.int32), np.array([2, 0, 2, 1], np.int32), out])
    np.testing.assert_array_equal(out, [20, 40, 30])


def atomic_kernel(element: str, masked: bool) -> str:
    """atomic_add of in1 at in0's offsets in2 (i32) into `out`, storing the old values to in0."""
    p = f"!mlc_kernel.ptr<{element}>"
    q = "!mlc_kernel.ptr<i32>"
    lines = [
        *access("v", "vals", (8,), element)[0], f"  %v = mlc_kernel.load %v_p : tensor<8x{p}>",
        *access("o", "offs", (8,), "i32")[0], f"  %o = mlc_kernel.load %o_p : tensor<8x{q}>",
        *access("m", "mask", (8,), "i1")[0], "  %m = mlc_kernel.load %m_p : tensor<8x!mlc_kernel.ptr<i1>>",
        f"  %base = mlc_kernel.splat %out : {p} -> tensor<8x{p}>",
        f"  %ptrs = mlc_kernel.addptr %base, %o : tensor<8x{p}>, tensor<8xi32>",
        f"  %old = mlc_kernel.atomic_add %ptrs, %v{', %m' if masked else ''} : tensor<8x{p}>",
        *access("s", "seen", (8,), element)[0], f"  mlc_kernel.store %s_p, %old : tensor<8x{p}>",
    ]
    params = f"%vals: {p}, %offs: {q}, %mask: !mlc_kernel.ptr<i1>, %out: {p}, %seen: {p}"
    return kernel("k", params, "\n".join(lines))


@pytest.mark.parametrize("dtype", [np.float32, np.int32, np.int64, np.float16])
@pytest.mark.parametrize("masked", [False, True])
def test_atomic_add_accumulates_duplicates_in_lane_order(dtype, masked):
    module = parse(atomic_kernel(element_name(np.dtype(dtype)), masked))
    values = np.array([1, 2, 3, 4, 5, 6, 7, 8], dtype)
    offsets = np.array([2, 0, 2, 2, 1, 0, 99, 2], np.int32)  # lane 6 is out of bounds
    mask = np.array([1, 1, 1, 0, 1, 1, 0, 1], bool) if masked else np.ones(8, bool)
    out, seen = np.array([100, 200, 300], dtype), np.zeros(8, dtype)
    if not masked:
        with pytest.raises(InterpretationError, match=r"mlc_kernel.atomic_add: .*\[99\]"):
            run_kernel(module, "k", [values, offsets, mask, out, seen])
        return
    run_kernel(module, "k", [values, offsets, mask, out, seen])
    expected_out = [100, 200, 300]
    expected_seen = [0] * 8
    for lane in range(8):
        if mask[lane]:
            expected_seen[lane] = expected_out[offsets[lane]]
            expected_out[offsets[lane]] += int(values[lane])
    np.testing.assert_array_equal(out, np.array(expected_out, dtype))
    np.testing.assert_array_equal(seen, np.array(expected_seen, dtype))


def test_atomic_add_of_many_lanes_on_one_address():
    module = parse(atomic_kernel("f32", False))
    values = np.full(8, 0.25, np.float32)
    out, seen = np.zeros(1, np.float32), np.zeros(8, np.float32)
    run_kernel(module, "k", [values, np.zeros(8, np.int32), np.ones(8, bool), out, seen])
    assert out[0] == 2.0
    np.testing.assert_array_equal(seen, 0.25 * np.arange(8))


@pytest.mark.parametrize(
    "offsets, shown",
    [([0, 1, 2, 9], r"\[9\]"), ([-3, 1, 2, 3], r"\[-3\]"), (list(range(100, 116)), r"\[100, 101, 102, 103, 104, 105, 106, 107, \.\.\.\]")],
)
def test_unmasked_out_of_bounds_load_is_an_error(offsets, shown):
    p = "!mlc_kernel.ptr<f32>"
    n = len(offsets)
    body = f"""\
  %base = mlc_kernel.splat %buf0 : {p} -> tensor<{n}x{p}>
  %ptrs = mlc_kernel.addptr %base, %a : tensor<{n}x{p}>, tensor<{n}xi32>
  %r = mlc_kernel.load %ptrs : tensor<{n}x{p}>"""
    with pytest.raises(InterpretationError) as info:
        run_block(body, (n,), np.float32, np.array(offsets, np.int32), buffers=(np.zeros(9, np.float32),))
    message = str(info.value)
    assert message.startswith("mlc_kernel.load: out-of-bounds access in @k program (0, 0, 0)")
    assert "of a buffer of 9 elements" in message
    assert re.search(shown, message), message


def test_out_of_bounds_error_names_the_program(ops_module):
    # 1000 valid elements but n = 1024 claims more: program 3 reads past the end.
    x = np.zeros(1000, np.float32)
    with pytest.raises(InterpretationError, match=r"mlc_kernel.load: out-of-bounds access in @add_kernel program \(3, 0, 0\): 24 unmasked lane\(s\) at element offsets \[1000, 1001"):
        run_kernel(ops_module, "add_kernel", [x, x, x.copy(), np.int32(1024)])


# ---------------------------------------------------------------------------------------
# Compute: dot, reduce, compare, select, convert.


def dot_body(element: str, precision: str, m: int = 16, k: int = 16, n: int = 32) -> str:
    acc = "i32" if element == "i8" else "f32"
    return (
        f"  %r = mlc_kernel.dot %a, %b, %c {{input_precision = \"{precision}\"}} : "
        f"tensor<{m}x{k}x{element}> * tensor<{k}x{n}x{element}> -> tensor<{m}x{n}x{acc}>"
    )


@pytest.mark.parametrize("dtype", [np.float16, BF16, np.float32])
def test_dot_accumulates_in_f32(dtype):
    rng = np.random.default_rng(1)
    a = rng.standard_normal((16, 16)).astype(dtype)
    b = rng.standard_normal((16, 32)).astype(dtype)
    acc = rng.standard_normal((16, 32)).astype(np.float32)
    out = run_block(dot_body(element_name(np.dtype(dtype)), "ieee"), (16, 32), np.float32, a, b, acc)
    expected = a.astype(np.float64) @ b.astype(np.float64) + acc
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def tf32_reference(x: np.ndarray) -> np.ndarray:
    """f32 values rounded to 11 significant bits, nearest even, computed through frexp in f64."""
    mantissa, exponent = np.frexp(x.astype(np.float64))
    return np.ldexp(np.round(mantissa * 2.0**11) / 2.0**11, exponent)


def test_dot_tf32_rounds_inputs_and_tf32x3_recovers_f32():
    rng = np.random.default_rng(2)
    a = rng.standard_normal((16, 16)).astype(np.float32)
    b = rng.standard_normal((16, 32)).astype(np.float32)
    # Ties: 1 + 2^-11 rounds down to 1 (even), 1 + 3 * 2^-11 up to 1 + 2^-9.
    a[0, :3] = [1 + 2.0**-11, 1 + 3 * 2.0**-11, 1 + 2.0**-12]
    acc = np.zeros((16, 32), np.float32)
    exact = a.astype(np.float64) @ b.astype(np.float64)
    tf32 = run_block(dot_body("f32", "tf32"), (16, 32), np.float32, a, b, acc)
    np.testing.assert_allclose(tf32, tf32_reference(a) @ tf32_reference(b), rtol=1e-5, atol=1e-5)
    assert np.abs(tf32 - exact).max() > 1e-4  # the rounding is visible
    tf32x3 = run_block(dot_body("f32", "tf32x3"), (16, 32), np.float32, a, b, acc)
    np.testing.assert_allclose(tf32x3, exact, rtol=1e-5, atol=2e-5)
    eye = np.eye(16, 32, dtype=np.float32)
    picked = run_block(dot_body("f32", "tf32"), (16, 32), np.float32, a, eye, acc)
    np.testing.assert_array_equal(picked[0, :3], [1.0, 1 + 2.0**-9, 1.0])


def test_dot_i8_accumulates_in_wrapping_i32():
    rng = np.random.default_rng(4)
    a = rng.integers(-128, 128, (16, 16)).astype(np.int8)
    b = rng.integers(-128, 128, (16, 32)).astype(np.int8)
    acc = np.full((16, 32), 2**31 - 1000, np.int32)
    out = run_block(dot_body("i8", "ieee"), (16, 32), np.int32, a, b, acc)
    exact = a.astype(np.int64) @ b.astype(np.int64) + acc.astype(np.int64)
    wrapped = (exact + 2**31) % 2**32 - 2**31
    np.testing.assert_array_equal(out, wrapped)
    assert (exact > 2**31 - 1).any()  # some lanes really wrap


def reduce_body(shape: tuple[int, ...], element: str, axis: int, kind: str) -> tuple[str, tuple[int, ...]]:
    out_shape = shape[:axis] + shape[axis + 1 :]
    out_element = "i32" if kind.startswith("arg") else element
    op = (f"  %r = mlc_kernel.reduce %a {{axis = {axis} : i64, kind = \"{kind}\"}} : "
          f"{tensor(shape, element)} -> {tensor(out_shape, out_element)}")
    return op, out_shape


@pytest.mark.parametrize("kind", ["sum", "max", "min", "argmax", "argmin"])
@pytest.mark.parametrize("axis", [0, 1])
def test_reduce_f32(kind, axis):
    x = np.random.default_rng(5).standard_normal((8, 16)).astype(np.float32)
    x[3, 3] = x[3, 5] = 10.0  # tied maxima: the first index wins
    x[6, 2] = x[6, 9] = -10.0
    body, out_shape = reduce_body((8, 16), "f32", axis, kind)
    dtype = np.int32 if kind.startswith("arg") else np.float32
    out = run_block(body, out_shape, dtype, x)
    reference = getattr(np, kind)(x.astype(np.float64), axis=axis)
    np.testing.assert_allclose(out, reference, rtol=1e-6)


@pytest.mark.parametrize("kind", ["sum", "max", "min", "argmax", "argmin"])
def test_reduce_bf16(kind):
    x = (np.random.default_rng(8).standard_normal((4, 32)) * 10).astype(BF16)
    body, out_shape = reduce_body((4, 32), "bf16", 1, kind)
    dtype = np.int32 if kind.startswith("arg") else BF16
    out = run_block(body, out_shape, dtype, x)
    reference = getattr(np, kind)(x.astype(np.float64), axis=1)
    np.testing.assert_array_equal(out, reference.astype(np.float32).astype(dtype))


def test_reduce_sum_of_f16_accumulates_in_f32():
    x = np.full(1024, 0.1, np.float16)
    body, _ = reduce_body((1024,), "f16", 0, "sum")
    out = run_block(body, (), np.float16, x)
    assert out == np.float16(x.astype(np.float64).sum())
    # Accumulating in f16 one by one would stall far below.
    assert out > np.float16(100)


def test_reduce_integers_wrap_and_nan_propagates():
    body, _ = reduce_body((4,), "i32", 0, "sum")
    assert run_block(body, (), np.int32, np.full(4, 2**30, np.int32)) == 0
    body, _ = reduce_body((4,), "i32", 0, "max")
    assert run_block(body, (), np.int32, np.array([-5, 7, -9, 3], np.int32)) == 7
    x = np.array([1.0, np.nan, 3.0, 0.0], np.float32)
    for kind in ("max", "min"):
        body, _ = reduce_body((4,), "f32", 0, kind)
        assert np.isnan(run_block(body, (), np.float32, x))


CMPI = {"eq": "==", "ne": "!=", "slt": "<", "sle": "<=", "sgt": ">", "sge": ">=",
        "ult": "<", "ule": "<=", "ugt": ">", "uge": ">="}


@pytest.mark.parametrize("predicate", list(CMPI))
def test_cmpi(predicate):
    a = np.array([-1, 0, 5, -7, 2**31 - 1, -(2**31), 3, 3], np.int32)
    b = np.array([1, 0, -5, -7, -(2**31), 2**31 - 1, 4, 2], np.int32)
    body = f"  %r = mlc_kernel.cmpi {predicate}, %a, %b : tensor<8xi32>"
    out = run_block(body, (8,), np.bool_, a, b)
    read = (lambda v: int(v) % 2**32) if predicate.startswith("u") else int
    expected = [eval(f"{read(x)} {CMPI[predicate]} {read(y)}") for x, y in zip(a, b)]
    np.testing.assert_array_equal(out, expected)


CMPF = {"oeq": np.equal, "one": np.not_equal, "olt": np.less, "ole": np.less_equal,
        "ogt": np.greater, "oge": np.greater_equal}


@pytest.mark.parametrize("predicate", [*CMPF, "une"])
@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_cmpf(predicate, dtype):
    a = np.array([1, 2, np.nan, np.nan, -0.0, 3, -np.inf, 5], dtype)
    b = np.array([1, 1, 1, np.nan, 0.0, 4, -np.inf, np.nan], dtype)
    element = element_name(np.dtype(dtype))
    out = run_block(f"  %r = mlc_kernel.cmpf {predicate}, %a, %b : tensor<8x{element}>", (8,), np.bool_, a, b)
    nan = np.isnan(a) | np.isnan(b)
    expected = ~np.equal(a, b) | nan if predicate == "une" else CMPF[predicate](a, b) & ~nan
    np.testing.assert_array_equal(out, expected)


def test_select_with_block_and_scalar_conditions():
    a, b = np.arange(8, dtype=np.float32), -np.arange(8, dtype=np.float32)
    cond = np.array([1, 0, 0, 1, 1, 0, 1, 0], bool)
    body = "  %r = mlc_kernel.select %c, %a, %b : tensor<8xi1>, tensor<8xf32>"
    np.testing.assert_array_equal(run_block(body, (8,), np.float32, a, b, cond), np.where(cond, a, b))
    body = "  %r = mlc_kernel.select %c, %a, %b : i1, tensor<8xf32>"
    for flag in (True, False):
        np.testing.assert_array_equal(run_block(body, (8,), np.float32, a, b, np.array(flag)), a if flag else b)


def select_pointers_kernel(second: str) -> str:
    p = "!mlc_kernel.ptr<f32>"
    return kernel("k", f"%x: {p}, %y: {p}, %out: {p}", f"""\
  %r = mlc_kernel.make_range {{start = 0 : i64, end = 4 : i64}} : tensor<4xi32>
  %c2 = arith.constant dense<2> : tensor<4xi32>
  %low = mlc_kernel.cmpi slt, %r, %c2 : tensor<4xi32>
  %xs = mlc_kernel.splat %x : {p} -> tensor<4x{p}>
  %ys = mlc_kernel.splat %{second} : {p} -> tensor<4x{p}>
  %fwd = mlc_kernel.addptr %xs, %r : tensor<4x{p}>, tensor<4xi32>
  %c3 = arith.constant dense<3> : tensor<4xi32>
  %back = arith.subi %c3, %r : tensor<4xi32>
  %rev = mlc_kernel.addptr %ys, %back : tensor<4x{p}>, tensor<4xi32>
  %ptrs = mlc_kernel.select %low, %fwd, %rev : tensor<4xi1>, tensor<4x{p}>
  %v = mlc_kernel.load %ptrs : tensor<4x{p}>
  %os = mlc_kernel.splat %out : {p} -> tensor<4x{p}>
  %op = mlc_kernel.addptr %os, %r : tensor<4x{p}>, tensor<4xi32>
  mlc_kernel.store %op, %v : tensor<4x{p}>""")


def test_select_between_pointer_blocks():
    x, out = np.array([1, 2, 3, 4], np.float32), np.zeros(4, np.float32)
    run_kernel(parse(select_pointers_kernel("x")), "k", [x, np.zeros(4, np.float32), out])
    np.testing.assert_array_equal(out, [1, 2, 2, 1])
    with pytest.raises(InterpretationError, match="mlc_kernel.select: choosing between pointers into different buffers"):
        run_kernel(parse(select_pointers_kernel("y")), "k", [x, np.zeros(4, np.float32), out])


CONVERSIONS = [
    # (source values, source dtype, target dtype, expected)
    ([1.9, -1.9, 3e9, -3e9, np.nan, np.inf, -np.inf, 0.5], np.float32, np.int32,
     [1, -1, 2**31 - 1, -(2**31), 0, 2**31 - 1, -(2**31), 0]),
    ([127.9, 128.0, -129.0, -128.5, np.nan, 300.0, -0.7, 5.5], np.float32, np.int8,
     [127, 127, -128, -128, 0, 127, 0, 5]),
    ([1e19, -1e19, 2.5, -2.5, np.nan, 0.0, 1.0, -1.0], np.float32, np.int64,
     [2**63 - 1, -(2**63), 2, -2, 0, 0, 1, -1]),
    ([0.0, -0.0, 0.1, np.nan, -2.0, 1e-40, np.inf, 0.0], np.float32, np.bool_,
     [False, False, True, True, True, True, True, False]),
    ([True, False, True, True, False, False, True, False], np.bool_, np.int32, [1, 0, 1, 1, 0, 0, 1, 0]),
    ([True, False, True, True, False, False, True, False], np.bool_, np.float32, [1, 0, 1, 1, 0, 0, 1, 0]),
    ([300, -300, 127, 128, -1, 255, 256, 0], np.int32, np.int8, [44, -44, 127, -128, -1, -1, 0, 0]),
    ([-1, -128, 127, 0, 5, -5, 1, 2], np.int8, np.int32, [-1, -128, 127, 0, 5, -5, 1, 2]),
    ([3, 0, -2, 0, 256, 1, 0, 7], np.int32, np.bool_, [True, False, True, False, True, True, False, True]),
    ([2**24 + 1, -(2**24) - 1, 7, 0, 1, -1, 2**31 - 1, 3], np.int32, np.float32,
     [2.0**24, -(2.0**24), 7, 0, 1, -1, 2.0**31, 3]),
]


@pytest.mark.parametrize("values, source, target, expected", CONVERSIONS)
def test_convert(values, source, target, expected):
    x = np.array(values, source)
    body = f"  %r = mlc_kernel.convert %a : tensor<8x{element_name(x.dtype)}> -> tensor<8x{element_name(np.dtype(target))}>"
    np.testing.assert_array_equal(run_block(body, (8,), target, x), np.array(expected, target))


@pytest.mark.parametrize("source, target", [(np.float32, np.float16), (np.float32, BF16), (np.float16, BF16),
                                            (BF16, np.float16), (np.float16, np.float32)])
def test_convert_between_floats_rounds_once(source, target):
    x = (np.random.default_rng(6).standard_normal(8) * 100).astype(source)
    body = f"  %r = mlc_kernel.convert %a : tensor<8x{element_name(np.dtype(source))}> -> tensor<8x{element_name(np.dtype(target))}>"
    out = run_block(body, (8,), target, x)
    np.testing.assert_array_equal(out.astype(np.float64), x.astype(np.float64).astype(np.float32).astype(target).astype(np.float64))


def test_scalar_convert():
    body = "  %r = mlc_kernel.convert %a : f32 -> i32"
    assert run_block(body, (), np.int32, np.array(-7.9, np.float32)) == -7


# ---------------------------------------------------------------------------------------
# Host side: alloc, arena views, launches, and inputs.

FILL_KERNEL = kernel(
    "fill",
    "%p: !mlc_kernel.ptr<f32>, %value: f32",
    """\
  %r = mlc_kernel.make_range {start = 0 : i64, end = 16 : i64} : tensor<16xi32>
  %base = mlc_kernel.splat %p : !mlc_kernel.ptr<f32> -> tensor<16x!mlc_kernel.ptr<f32>>
  %ptrs = mlc_kernel.addptr %base, %r : tensor<16x!mlc_kernel.ptr<f32>>, tensor<16xi32>
  %v = mlc_kernel.splat %value : f32 -> tensor<16xf32>
  mlc_kernel.store %ptrs, %v : tensor<16x!mlc_kernel.ptr<f32>>""",
)


def test_views_alias_the_arena_and_each_other():
    module = parse(FILL_KERNEL + """
func.func @main() -> (memref<80xi8>, memref<4xi32>, memref<16xf32>) {
  %arena = mlc_kernel.alloc : memref<80xi8>
  %floats = mlc_kernel.view %arena {offset = 16 : i64} : memref<80xi8> -> memref<16xf32>
  %ints = mlc_kernel.view %arena {offset = 64 : i64} : memref<80xi8> -> memref<4xi32>
  %fresh = mlc_kernel.alloc : memref<16xf32>
  %one = arith.constant 1.0 : f32
  mlc_kernel.launch @fill(%floats, %one) : (memref<16xf32>, f32)
  func.return %arena, %ints, %fresh : memref<80xi8>, memref<4xi32>, memref<16xf32>
}""")
    arena, ints, fresh = run_function(module, [])
    assert arena.dtype == np.int8 and arena.shape == (80,)
    assert (arena[:16] == 0).all()
    assert arena[16:].tobytes() == np.ones(16, np.float32).tobytes()
    # The i32 view overlaps the last 4 floats: it reads their bits.
    np.testing.assert_array_equal(ints, np.full(4, 0x3F800000, np.int32))
    assert fresh.dtype == np.float32 and (fresh == 0).all()


def test_constant_buffers_hold_their_values_and_are_read_only(ops_module):
    # @with_weights: out = (x + fc.bias) + [1, 2, 3, 4]; the i1 literal is returned as it is.
    x = np.array([0.5, -1.0, 2.0, 0.25], np.float32)
    out, flags = run_function(ops_module, [x], "with_weights")
    np.testing.assert_array_equal(out, x + np.array([1, 2, 3, -1.5], np.float32) + np.arange(1, 5, dtype=np.float32))
    assert flags.dtype == np.bool_ and flags.tolist() == [True, False] and not flags.flags.writeable
    module = parse(FILL_KERNEL + """
func.func @main() -> memref<16xf32> {
  %w = mlc_kernel.constant dense<3.0> : memref<16xf32>
  %one = arith.constant 1.0 : f32
  mlc_kernel.launch @fill(%w, %one) : (memref<16xf32>, f32)
  func.return %w : memref<16xf32>
}""")
    with pytest.raises(InterpretationError, match=r"mlc_kernel.store: expected a writable buffer in @fill program \(0, 0, 0\), got a read-only one"):
        run_function(module, [])


def test_host_function_with_memref_inputs_does_not_change_the_callers_arrays():
    module = parse(FILL_KERNEL + """
func.func @main(%buf: memref<16xf32>, %v: f32) -> memref<16xf32> {
  mlc_kernel.launch @fill(%buf, %v) : (memref<16xf32>, f32)
  func.return %buf : memref<16xf32>
}""")
    buf = np.zeros(16, np.float32)
    (out,) = run_function(module, [buf, np.float32(2.5)])
    assert (out == 2.5).all() and (buf == 0).all()
    with pytest.raises(InterpreterInputError, match=r"input 'arg0': expected shape \[16\]"):
        run_function(module, [np.zeros(8, np.float32), np.float32(1)])
    with pytest.raises(InterpreterInputError, match="input 'arg0': expected dtype float32"):
        run_function(module, [np.zeros(16, np.float64), np.float32(1)])
    # A strided input becomes a contiguous buffer of its own.
    (out,) = run_function(module, [np.zeros(32, np.float32)[::2], np.float32(1)])
    assert (out == 1).all()


def test_random_inputs_for_memrefs(ops_module):
    inputs = random_inputs(find_function(ops_module, "forward"), 0)
    assert [(a.shape, a.dtype) for a in inputs] == [
        ((1000,), np.float32), ((1000,), np.float32), ((100, 80), np.float16), ((80, 96), np.float16)]


def test_run_kernel_checks_its_arguments(ops_module):
    x = np.zeros(1024, np.float32)
    with pytest.raises(InterpreterInputError, match="no mlc_kernel.func named 'nope'"):
        run_kernel(ops_module, "nope", [])
    with pytest.raises(InterpreterInputError, match="no mlc_kernel.func named 'forward'"):
        run_kernel(ops_module, "forward", [])
    with pytest.raises(InterpreterInputError, match="@add_kernel expects 4 argument"):
        run_kernel(ops_module, "add_kernel", [x, x])
    with pytest.raises(InterpreterInputError, match=r"@add_kernel argument #1: expected a numpy buffer of float32, got dtype float64"):
        run_kernel(ops_module, "add_kernel", [x, x.astype(np.float64), x, np.int32(4)])
    with pytest.raises(InterpreterInputError, match="argument #2: expected a numpy buffer of float32, got list"):
        run_kernel(ops_module, "add_kernel", [x, x, [0.0], np.int32(4)])
    with pytest.raises(InterpreterInputError, match="argument #2: expected a C-contiguous buffer"):
        run_kernel(ops_module, "add_kernel", [x, x, np.zeros(2048, np.float32)[::2], np.int32(4)])


def test_a_grid_of_hundreds_of_programs():
    # 512 programs of 128 lanes over 65000 elements: fast enough for tests (vectorized blocks).
    text = OPS_FILE.read_text()
    start, end = text.index("mlc_kernel.func @add_kernel"), text.index("// CHECK-LABEL: @matmul_kernel")
    add = text[start:end].replace("grid = array<i64: 4>", "grid = array<i64: 512>")
    add = add.replace("256", "128")
    module = parse(add)
    rng = np.random.default_rng(7)
    x, y = rng.standard_normal(65000).astype(np.float32), rng.standard_normal(65000).astype(np.float32)
    out = np.zeros(65000, np.float32)
    run_kernel(module, "add_kernel", [x, y, out, np.int32(65000)])
    np.testing.assert_array_equal(out, x + y)


# ---------------------------------------------------------------------------------------
# mlc-run on host functions.


def test_mlc_run_on_the_forward_host_function(ops_module, tmp_path, capsys):
    mlc_run([str(OPS_FILE), "--entry", "forward", "--random-inputs", "3", "--output", str(tmp_path / "o.npz")])
    x, y, a, b = random_inputs(find_function(ops_module, "forward"), 3)
    with np.load(tmp_path / "o.npz") as results:
        np.testing.assert_array_equal(results["result0"], (x + y) + y)
        np.testing.assert_allclose(results["result1"], a.astype(np.float64) @ b.astype(np.float64), rtol=1e-5, atol=1e-4)


def test_mlc_run_with_memref_inputs_from_files(tmp_path, capsys):
    program = tmp_path / "fill.mlir"
    program.write_text(FILL_KERNEL + """
func.func @main(%buf: memref<16xf32> {mlc.name = "buf"}, %v: f32 {mlc.name = "v"}) -> memref<16xf32> {
  mlc_kernel.launch @fill(%buf, %v) : (memref<16xf32>, f32)
  func.return %buf : memref<16xf32>
}""")
    np.save(tmp_path / "buf.npy", np.zeros(16, np.float32))
    np.save(tmp_path / "v.npy", np.array(4.0, np.float32))
    mlc_run([str(program), "--input", f"buf={tmp_path / 'buf.npy'}", "--input", f"v={tmp_path / 'v.npy'}"])
    out, err = capsys.readouterr()
    assert err == ""
    assert out.startswith("result0: memref<16xf32> (shape (16,), dtype float32)\n[4. 4. 4.")


def test_mlc_run_reports_an_out_of_bounds_kernel_access(tmp_path, capsys):
    program = tmp_path / "oob.mlir"
    program.write_text(FILL_KERNEL + """
func.func @main() -> memref<8xf32> {
  %small = mlc_kernel.alloc : memref<8xf32>
  %v = arith.constant 1.0 : f32
  mlc_kernel.launch @fill(%small, %v) : (memref<8xf32>, f32)
  func.return %small : memref<8xf32>
}""")
    with pytest.raises(SystemExit) as exit_info:
        mlc_run([str(program)])
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert f"{program}:6:3: error: mlc_kernel.store: out-of-bounds access in @fill program (0, 0, 0)" in err
    assert "element offsets [8, 9, 10, 11, 12, 13, 14, 15]" in err
