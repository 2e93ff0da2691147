"""mlc_kernel from Python: builders and type inference, a kernel + host built and re-parsed, every verifier message."""

import re
from io import StringIO

import numpy as np
import pytest
from invalid_cases import FILECHECK, cases
from ir_helpers import check_fails, printed
from xdsl.builder import Builder
from xdsl.rewriter import InsertPoint
from xdsl.dialects import arith, func
from xdsl.dialects.builtin import FloatAttr, MemRefType, ModuleOp, TensorType, bf16, f16, f32, i1, i8, i32, i64
from xdsl.ir import Operation
from xdsl.printer import Printer
from xdsl.traits import MemoryReadEffect, MemoryWriteEffect, Pure
from xdsl.utils.exceptions import ParseError, VerifyException

from mlc.dialects.mlc_kernel import (
    AddPtrOp,
    AllocOp,
    AtomicAddOp,
    BroadcastOp,
    CmpfOp,
    CmpiOp,
    ConstantOp,
    ConvertOp,
    DotOp,
    ExpandDimsOp,
    KernelFuncOp,
    LaunchOp,
    LoadOp,
    MakeRangeOp,
    NumProgramsOp,
    ProgramIdOp,
    PtrType,
    ReduceOp,
    ReshapeOp,
    ReturnOp,
    SelectOp,
    SplatOp,
    StoreOp,
    TransOp,
    ViewOp,
)
from mlc.ir.context import parse_attribute, parse_module
from mlc.ir.resources import make_resource

KERNEL_FILES = FILECHECK / "mlc_kernel"


def in_kernel(*ops: Operation, args=(PtrType(f32), i32)) -> KernelFuncOp:
    """Wrap `ops` (already built on the kernel's block arguments or each other) into a kernel."""
    kernel = KernelFuncOp("k", list(args), [4], constexprs={"BLOCK": 128})
    kernel.body.block.add_ops([*ops, ReturnOp()])
    ModuleOp([kernel])
    return kernel


P32 = PtrType(f32)
BLOCK = TensorType(P32, [128])


# ---- types and builders -------------------------------------------------------------------------


def test_ptr_type_prints_address_space_only_when_not_global():
    assert str(PtrType(f16)) == "!mlc_kernel.ptr<f16>"
    assert str(PtrType(f16, 3)) == "!mlc_kernel.ptr<f16, 3>"
    parsed = parse_attribute("!mlc_kernel.ptr<bf16, 3>")
    assert parsed == PtrType(bf16, 3)
    assert str(TensorType(PtrType(i8), [4, 8])) == "tensor<4x8x!mlc_kernel.ptr<i8>>"


def test_ptr_type_rejects_non_numbers():
    with pytest.raises(VerifyException, match=re.escape("mlc_kernel.ptr: expected pointee to be an integer or float type, got !mlc_kernel.ptr<f32>")):
        PtrType(P32)


def test_block_builders_infer_result_types():
    kernel = KernelFuncOp("k", [P32, i32], [4])
    ptr, n = kernel.args
    pid = ProgramIdOp(0)
    count = NumProgramsOp(2)
    rng = MakeRangeOp(0, 128)
    splat = SplatOp(n, [128])
    ptrs = SplatOp(ptr, [128])
    added = AddPtrOp(ptrs.result, rng.result)
    col = ExpandDimsOp(rng.result, 1)
    wide = BroadcastOp(col.result, [128, 4])
    flat = ReshapeOp(wide.result, [512])
    flipped = TransOp(wide.result)
    assert pid.result.type == i32 and count.result.type == i32
    assert rng.result.type == TensorType(i32, [128])
    assert splat.result.type == TensorType(i32, [128])
    assert ptrs.result.type == BLOCK and added.result.type == BLOCK
    assert col.result.type == TensorType(i32, [128, 1])
    assert wide.result.type == TensorType(i32, [128, 4])
    assert flat.result.type == TensorType(i32, [512])
    assert flipped.result.type == TensorType(i32, [4, 128])
    kernel.body.block.add_ops([pid, count, rng, splat, ptrs, added, col, wide, flat, flipped, ReturnOp()])
    ModuleOp([kernel]).verify()


def test_memory_builders_infer_types_and_effects():
    kernel = KernelFuncOp("k", [P32, i32], [1])
    ptr, n = kernel.args
    ptrs = SplatOp(ptr, [128])
    rng = MakeRangeOp(0, 128)
    limit = SplatOp(n, [128])
    mask = CmpiOp("slt", rng.result, limit.result)
    zero = arith.ConstantOp(FloatAttr(0.0, f32))
    zeros = SplatOp(zero.result, [128])
    load = LoadOp(ptrs.result, mask.result, zeros.result, cache="cg", eviction="evict_last")
    plain = LoadOp(ptr)
    store = StoreOp(ptrs.result, load.result, mask.result, cache="wt")
    atomic = AtomicAddOp(ptr, plain.result)
    assert mask.result.type == TensorType(i1, [128])
    assert load.result.type == TensorType(f32, [128]) and plain.result.type == f32
    assert (load.mask, load.other) == (mask.result, zeros.result)
    assert plain.mask is None and plain.other is None
    assert not store.results and store.mask == mask.result
    assert atomic.result.type == f32
    assert load.has_trait(MemoryReadEffect) and not load.has_trait(Pure)
    assert store.has_trait(MemoryWriteEffect)
    assert atomic.has_trait(MemoryReadEffect) and atomic.has_trait(MemoryWriteEffect)
    kernel.body.block.add_ops([ptrs, rng, limit, mask, zero, zeros, load, plain, store, atomic, ReturnOp()])
    ModuleOp([kernel]).verify()
    text = printed(kernel)
    assert '= mlc_kernel.load %2, %5, %7 {cache = "cg", eviction = "evict_last"} : tensor<128x!mlc_kernel.ptr<f32>>' in text
    assert '= mlc_kernel.load %0 : !mlc_kernel.ptr<f32>' in text
    assert 'mlc_kernel.store %2, %8, %5 {cache = "wt"} : tensor<128x!mlc_kernel.ptr<f32>>' in text


def test_compute_builders_infer_result_types():
    a = arith.ConstantOp(FloatAttr(0.0, f16))
    a_block = SplatOp(a.result, [64, 32])
    b_block = SplatOp(a.result, [32, 16])
    acc = SplatOp(arith.ConstantOp(FloatAttr(0.0, f32)).result, [64, 16])
    dot = DotOp(a_block.result, b_block.result, acc.result)
    row_sum = ReduceOp(dot.result, 1, "sum")
    arg = ReduceOp(row_sum.result, 0, "argmax")
    positive = CmpfOp("ogt", dot.result, acc.result)
    relu = SelectOp(positive.result, dot.result, acc.result)
    half = ConvertOp(relu.result, bf16)
    assert dot.result.type == TensorType(f32, [64, 16])
    assert dot.input_precision.data == "ieee"
    assert row_sum.result.type == TensorType(f32, [64])
    assert arg.result.type == i32
    assert positive.result.type == TensorType(i1, [64, 16])
    assert relu.result.type == TensorType(f32, [64, 16])
    assert half.result.type == TensorType(bf16, [64, 16])
    for op in (a_block, dot, row_sum, arg, positive, relu, half):
        assert op.has_trait(Pure)
    in_kernel(a, a_block, b_block, acc.operands[0].owner, acc, dot, row_sum, arg, positive, relu, half).verify()


def vector_add_module() -> ModuleOp:
    """out[i] = x[i] + y[i] over n = 1000 elements in blocks of 256, and a host function launching it."""
    kernel = KernelFuncOp(
        "add", [P32, P32, P32, i32], [4], constexprs={"BLOCK": 256}, sources=["mlc_tensor.add m.py:3:1"]
    )
    x, y, out, n = kernel.args
    b = Builder(InsertPoint.at_end(kernel.body.block))
    pid = b.insert(ProgramIdOp(0)).result
    start = b.insert(arith.MuliOp(pid, b.insert(arith.ConstantOp.from_int_and_width(256, i32)).result)).result
    offsets = b.insert(arith.AddiOp(b.insert(SplatOp(start, [256])).result, b.insert(MakeRangeOp(0, 256)).result)).result
    mask = b.insert(CmpiOp("slt", offsets, b.insert(SplatOp(n, [256])).result)).result

    def pointers(base):
        return b.insert(AddPtrOp(b.insert(SplatOp(base, [256])).result, offsets)).result

    total = b.insert(arith.AddfOp(b.insert(LoadOp(pointers(x), mask)).result, b.insert(LoadOp(pointers(y), mask)).result))
    b.insert(StoreOp(pointers(out), total.result, mask))
    b.insert(ReturnOp())

    buffer = MemRefType(f32, [1000])
    host = func.FuncOp("forward", ([buffer, buffer], [buffer]))
    h = Builder(InsertPoint.at_end(host.body.block))
    arena = h.insert(AllocOp(MemRefType(i8, [4096]))).result
    result = h.insert(ViewOp(arena, 0, buffer)).result
    count = h.insert(arith.ConstantOp.from_int_and_width(1000, i32)).result
    h.insert(LaunchOp("add", [*host.args, result, count]))
    h.insert(func.ReturnOp(result))
    return ModuleOp([kernel, host])


def test_vector_add_builds_verifies_and_reparses():
    module = vector_add_module()
    module.verify()
    text = printed(module)
    assert 'attributes {grid = array<i64: 4>, constexprs = {BLOCK = 256 : i64}, num_warps = 4 : i64, num_stages = 2 : i64, sources = ["mlc_tensor.add m.py:3:1"]}' in text
    assert "mlc_kernel.launch @add(%0, %1, %3, %4) : (memref<1000xf32>, memref<1000xf32>, memref<1000xf32>, i32)" in text
    reparsed = parse_module(text)
    reparsed.verify()
    assert printed(reparsed) == text
    launch = next(op for op in reparsed.walk() if isinstance(op, LaunchOp))
    assert launch.callee().sym_name.data == "add"
    assert launch.callee().grid_sizes() == (4,)


def test_ops_file_round_trips_through_generic_form():
    """The lit round trip, from Python: custom -> generic -> custom prints the same text."""
    module = parse_module((KERNEL_FILES / "ops.mlir").read_text())
    module.verify()
    generic = StringIO()
    Printer(stream=generic, print_generic_format=True).print_op(module)
    again = parse_module(generic.getvalue())
    again.verify()
    # Reparsing in the same process declares each resource handle again, which renames it (fc.bias_0).
    renamed = re.sub(r"dense_resource<([\w.]+?)_\d+>", r"dense_resource<\1>", printed(again))
    assert renamed == printed(module)


# ---- verifiers ----------------------------------------------------------------------------------


def test_invalid_file_messages_raise_from_python():
    """Every case of invalid.mlir fails verification with exactly its expected message."""
    chunks = cases(KERNEL_FILES / "invalid.mlir")
    assert len(chunks) > 80
    for chunk, expected in chunks:
        with pytest.raises(VerifyException) as failure:
            parse_module(chunk).verify()
        assert expected in str(failure.value), chunk


def test_program_id_outside_a_kernel():
    host = func.FuncOp("host", ([], []))
    pid = ProgramIdOp(1)
    host.body.block.add_ops([pid, func.ReturnOp()])
    ModuleOp([host])
    check_fails(pid, "mlc_kernel.program_id: expected to be inside an mlc_kernel.func, got func.func @host")


def test_launch_checks_the_kernel_signature():
    kernel = KernelFuncOp("k", [P32, i32], [1])
    kernel.body.block.add_op(ReturnOp())
    host = func.FuncOp("host", ([MemRefType(f16, [8]), i64], []))
    launch = LaunchOp("k", host.args)
    short = LaunchOp("k", host.args[:1])
    host.body.block.add_ops([launch, short, func.ReturnOp()])
    ModuleOp([kernel, host])
    check_fails(
        launch,
        "mlc_kernel.launch: expected argument #0 to be a memref of f32 (for !mlc_kernel.ptr<f32>), got memref<8xf16>",
    )
    check_fails(short, "mlc_kernel.launch: expected 2 arguments for @k, got 1")


def test_access_builder_rejects_non_pointers():
    kernel = KernelFuncOp("k", [f32], [1])
    with pytest.raises(VerifyException, match="mlc_kernel.load: expected ptr to be a pointer or a block of pointers, got f32"):
        LoadOp(kernel.args[0])


@pytest.mark.parametrize(
    ("a", "b", "acc", "precision", "message"),
    [
        ([16, 16], [16, 16], [16, 16], "tf32", None),
        ([16, 32], [16, 16], [16, 16], "ieee", "mlc_kernel.dot: expected b rows (K) 32, got 16"),
        ([16, 16], [16, 8], [16, 8], "ieee", "mlc_kernel.dot: expected M, N, K >= 16 (Triton's minimum), got [16, 8, 16]"),
        ([16, 16], [16, 16], [16, 16], "tf32x4", 'mlc_kernel.dot: expected input_precision in (ieee, tf32, tf32x3), got "tf32x4"'),
    ],
)
def test_dot_verifier(a, b, acc, precision, message):
    zero = arith.ConstantOp(FloatAttr(0.0, f32))
    ops = [SplatOp(zero.result, shape) for shape in (a, b, acc)]
    dot = DotOp(*(op.result for op in ops), input_precision=precision)
    in_kernel(zero, *ops, dot)
    if message is None:
        dot.verify()
    else:
        check_fails(dot, message)


def test_kernel_rejects_result_and_tensor_arguments():
    kernel = KernelFuncOp("k", [TensorType(f32, [4])], [2, 2])
    kernel.body.block.add_op(ReturnOp())
    ModuleOp([kernel])
    check_fails(kernel, "mlc_kernel.func: expected argument #0 to be a pointer or an integer/float scalar, got tensor<4xf32>")
    warps = KernelFuncOp("w", [], [1], num_warps=6)
    warps.body.block.add_op(ReturnOp())
    ModuleOp([warps])
    check_fails(warps, "mlc_kernel.func: expected num_warps to be a power of two, got 6")


def test_constant_infers_its_buffer_type_and_parses_only_memref_typed_values():
    weight = make_resource(np.arange(6, dtype=np.float16).reshape(2, 3), "w")
    op = ConstantOp(weight)
    assert op.result.type == MemRefType(f16, [2, 3]) and op.value == weight
    host = func.FuncOp("host", ([], []))
    host.body.block.add_ops([op, func.ReturnOp()])
    ModuleOp([host])
    op.verify()
    with pytest.raises(ParseError, match=re.escape(
        "mlc_kernel.constant: expected a dense or dense_resource attribute typed by a memref, "
        "got dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>"
    )):
        parse_module("func.func @h() {\n  %w = mlc_kernel.constant dense<[1.0, 2.0]> : tensor<2xf32>\n  func.return\n}")


def test_view_bounds():
    host = func.FuncOp("host", ([], []))
    arena = AllocOp(MemRefType(i8, [64]))
    fits = ViewOp(arena.result, 32, MemRefType(f32, [8]))
    spills = ViewOp(arena.result, 36, MemRefType(f32, [8]))
    host.body.block.add_ops([arena, fits, spills, func.ReturnOp()])
    ModuleOp([host])
    fits.verify()
    check_fails(spills, "mlc_kernel.view: expected the view to end within the 64-byte arena, got end 68")
