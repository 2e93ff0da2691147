"""The kernel executor against the reference interpreter it must equal, bit for bit.

Three sources of kernels: the interpreter's own mlc_kernel suite, rerun with the executor in
place of the interpreter (same assertions, error messages included); every lowering test
under tests/unit/lowering, rerun with each kernel-level run also executed by the executor and
compared with the interpreter exactly; and the cases here (chunking, program-dependent
control flow, erf, unsupported ops, the numpy-kernel backend).
"""

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.exceptions import InterpretationError

from mlc.dialects import mlc_kernel as mk
from mlc.dialects.mlc_kernel import KernelFuncOp
from mlc.ir.context import parse_module
from mlc.runtime import interpreter
from mlc.runtime.kernel_executor import KernelExecutor, UnsupportedKernelOp

TESTS = Path(__file__).resolve().parents[1]


def executor_run_function(module: ModuleOp, inputs=(), entry=None) -> list[np.ndarray]:
    """run_function on the executor."""
    return KernelExecutor(module).run(inputs, entry)


def executor_run_kernel(module: ModuleOp, kernel: str, args) -> None:
    """run_kernel's argument checks, then the launch on the executor."""
    checked: list = []

    def capture(_interpreter, _callee, launch_args) -> None:
        checked.extend(launch_args)

    original = interpreter.mlc_kernel.launch
    interpreter.mlc_kernel.launch = capture
    try:
        interpreter.run_kernel(module, kernel, args)
    finally:
        interpreter.mlc_kernel.launch = original
    KernelExecutor(module).run_kernel(kernel, checked)


def assert_same(got: list[np.ndarray], want: list[np.ndarray]) -> None:
    """Equal dtypes, shapes and bits (NaN where NaN)."""
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        assert g.dtype == w.dtype and g.shape == w.shape
        np.testing.assert_array_equal(g, w)


def differential_run_function(module: ModuleOp, inputs=(), entry=None) -> list[np.ndarray]:
    """run_function; on kernel IR also the executor, which must give the very same arrays."""
    want = interpreter.run_function(module, inputs, entry)
    if any(isinstance(op, KernelFuncOp) for op in module.walk()):
        assert_same(executor_run_function(module, inputs, entry), want)
    return want


def load_suite(path: Path, replacements: dict) -> None:
    """Import a copy of a test module with `replacements` patched in; its tests and fixtures join this module."""
    spec = importlib.util.spec_from_file_location(f"executor_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, value in replacements.items():
        setattr(module, name, value)
    for name, value in vars(module).items():
        if name.startswith("test_") and "triton" not in name:  # Triton's runs gain nothing from a rerun
            globals()[f"test_{path.stem[5:]}__{name[5:]}"] = value
        elif hasattr(value, "_fixture_function_marker") or type(value).__name__ == "FixtureFunctionDefinition":
            globals()[name] = value


load_suite(TESTS / "runtime/test_interpret_mlc_kernel.py",
           {"run_function": executor_run_function, "run_kernel": executor_run_kernel})
sys.path.insert(0, str(TESTS / "lowering"))  # where the lowering tests import their shared checks from
for _path in sorted((TESTS / "lowering").glob("test_*.py")):
    if _path.stem != "test_triton_emit":
        load_suite(_path, {"run_function": differential_run_function})


# ---------------------------------------------------------------------------------------
# The executor's own cases: chunking, program-dependent control flow, erf, errors, backend.

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import mlc  # noqa: E402
from mlc.ir.context import mlc_context  # noqa: E402
from mlc.lowering.convert_mlc_tensor_to_mlc_kernel import ConvertMlcTensorToMlcKernel  # noqa: E402
from mlc.runtime import kernel_executor  # noqa: E402
from mlc.runtime.interpreter import find_function, random_inputs  # noqa: E402

P = "!mlc_kernel.ptr<f32>"
PI = "!mlc_kernel.ptr<i32>"


def lowered(text: str, **options) -> ModuleOp:
    """`text` lowered to kernel IR (one kernel per op), with tile options."""
    module = parse_module(text)
    ConvertMlcTensorToMlcKernel(**options).apply(mlc_context(), module)
    module.verify()
    return module


def assert_chunkings_agree(module: ModuleOp, inputs: list[np.ndarray]) -> None:
    """One program per chunk, a few, the default and the whole grid: all equal the interpreter exactly."""
    want = interpreter.run_function(module, inputs)
    for lanes in (1, 1 << 10, kernel_executor.CHUNK_LANES, 1 << 30):
        assert_same(KernelExecutor(module, lanes).run(inputs), want)


def graph(m: int, n: int, k: int) -> str:
    """A matmul with a bias/gelu epilogue, a softmax along rows and a batch matmul, at odd sizes."""
    return f"""
func.func @f(%a: tensor<{m}x{k}xf32>, %b: tensor<{k}x{n}xf32>, %bias: tensor<{n}xf32>, %x: tensor<2x{m}x{k}xf32>, %y: tensor<2x{k}x{n}xf32>)
    -> (tensor<{m}x{n}xf32>, tensor<{m}x{n}xf32>, tensor<2x{m}x{n}xf32>) {{
  %0 = mlc_tensor.matmul %a, %b : tensor<{m}x{k}xf32>, tensor<{k}x{n}xf32> -> tensor<{m}x{n}xf32>
  %1 = mlc_tensor.add %0, %bias : tensor<{m}x{n}xf32>, tensor<{n}xf32> -> tensor<{m}x{n}xf32>
  %2 = mlc_tensor.gelu %1 {{approximate = "none"}} : tensor<{m}x{n}xf32> -> tensor<{m}x{n}xf32>
  %3 = mlc_tensor.softmax %2 {{axis = 1 : i64}} : tensor<{m}x{n}xf32> -> tensor<{m}x{n}xf32>
  %4 = mlc_tensor.batch_matmul %x, %y : tensor<2x{m}x{k}xf32>, tensor<2x{k}x{n}xf32> -> tensor<2x{m}x{n}xf32>
  func.return %2, %3, %4 : tensor<{m}x{n}xf32>, tensor<{m}x{n}xf32>, tensor<2x{m}x{n}xf32>
}}"""


@settings(max_examples=12, deadline=None)
@given(st.integers(2, 40), st.integers(2, 40), st.integers(2, 40), st.sampled_from([(16, 16, 16), (32, 16, 16)]))
def test_random_shapes_and_chunkings_equal_the_interpreter(m: int, n: int, k: int, tiles: tuple[int, int, int]) -> None:
    module = lowered(graph(m, n, k), matmul=tiles, elementwise_block=64)
    assert_chunkings_agree(module, random_inputs(find_function(module, None), seed=m * 1600 + n * 40 + k))


def parse_kernel(name: str, params: str, body: str, grid: str) -> ModuleOp:
    """A module holding one kernel."""
    module = parse_module(
        f"mlc_kernel.func @{name}({params}) attributes {{grid = array<i64: {grid}>, constexprs = {{}}, "
        f"num_warps = 4 : i64, num_stages = 1 : i64}} {{\n{body}\n  mlc_kernel.return\n}}\n"
    )
    module.verify()
    return module


def launch_both(module: ModuleOp, name: str, *buffers: np.ndarray) -> list[np.ndarray]:
    """Launch on the interpreter and on the executor (copies of `buffers` each); the executor's buffers must equal."""
    want = [b.copy() for b in buffers]
    interpreter.run_kernel(module, name, want)
    got = [b.copy() for b in buffers]
    KernelExecutor(module).run_kernel(name, got)
    assert_same(got, want)
    return got


def test_loop_bounds_and_branches_that_differ_between_programs_run_per_program() -> None:
    # Program p sums x[0..p] in a loop of p + 1 trips, then stores it, or its negation for odd p.
    body = f"""\
  %pid = mlc_kernel.program_id 0 : i32
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %zero = arith.constant 0.0 : f32
  %end = arith.addi %pid, %c1 : i32
  %sum = scf.for %i = %c0 to %end step %c1 iter_args(%acc = %zero) -> (f32) : i32 {{
    %p = mlc_kernel.addptr %x, %i : {P}, i32
    %v = mlc_kernel.load %p : {P}
    %next = arith.addf %acc, %v : f32
    scf.yield %next : f32
  }}
  %parity = arith.remsi %pid, %c2 : i32
  %even = arith.cmpi eq, %parity, %c0 : i32
  %signed = scf.if %even -> (f32) {{
    scf.yield %sum : f32
  }} else {{
    %neg = arith.negf %sum : f32
    scf.yield %neg : f32
  }}
  %o = mlc_kernel.addptr %out, %pid : {P}, i32
  mlc_kernel.store %o, %signed : {P}"""
    module = parse_kernel("k", f"%x: {P}, %out: {P}", body, "5")
    x = np.arange(1, 6, dtype=np.float32)
    (_, out) = launch_both(module, "k", x, np.zeros(5, np.float32))
    np.testing.assert_array_equal(out, [1, -3, 6, -10, 15])


def test_a_kernel_reading_what_other_programs_write_runs_in_program_order() -> None:
    # Program p copies x[p] to x[p + 1]: in program order x[0] reaches every element.
    body = f"""\
  %pid = mlc_kernel.program_id 0 : i32
  %c1 = arith.constant 1 : i32
  %src = mlc_kernel.addptr %x, %pid : {P}, i32
  %v = mlc_kernel.load %src : {P}
  %next = arith.addi %pid, %c1 : i32
  %dst = mlc_kernel.addptr %x, %next : {P}, i32
  mlc_kernel.store %dst, %v : {P}"""
    module = parse_kernel("k", f"%x: {P}", body, "7")
    assert KernelExecutor(module).kernels["k"].chunk_size([np.zeros(8, np.float32)]) == 1
    (x,) = launch_both(module, "k", np.arange(8, dtype=np.float32))
    np.testing.assert_array_equal(x, np.zeros(8))


def test_shared_lanes_atomic_add_once_per_program() -> None:
    # Every program adds 1 to the same counter: the count is the number of programs.
    body = f"""\
  %c1 = arith.constant 1 : i32
  %old = mlc_kernel.atomic_add %n, %c1 : {PI}"""
    module = parse_kernel("k", f"%n: {PI}", body, "6, 2")
    (n,) = launch_both(module, "k", np.zeros(1, np.int32))
    assert n[0] == 12


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_erf_equals_the_interpreters_math_erf_bit_for_bit(dtype) -> None:
    element = {np.float32: "f32", np.float16: "f16"}[dtype]
    p = f"!mlc_kernel.ptr<{element}>"
    n = 4096
    body = f"""\
  %r = mlc_kernel.make_range {{start = 0 : i64, end = {n} : i64}} : tensor<{n}xi32>
  %xs = mlc_kernel.splat %x : {p} -> tensor<{n}x{p}>
  %xp = mlc_kernel.addptr %xs, %r : tensor<{n}x{p}>, tensor<{n}xi32>
  %v = mlc_kernel.load %xp : tensor<{n}x{p}>
  %e = math.erf %v : tensor<{n}x{element}>
  %os = mlc_kernel.splat %out : {p} -> tensor<{n}x{p}>
  %op = mlc_kernel.addptr %os, %r : tensor<{n}x{p}>, tensor<{n}xi32>
  mlc_kernel.store %op, %e : tensor<{n}x{p}>"""
    module = parse_kernel("k", f"%x: {p}, %out: {p}", body, "1")
    rng = np.random.default_rng(7)
    x = np.concatenate([rng.standard_normal(n - 16) * 3, [0.0, -0.0, np.inf, -np.inf, np.nan, 1e-30, -1e-30, 4.0,
                                                          6.0, -6.0, 0.5, -0.5, 1e-8, 2.5, -2.5, 10.0]]).astype(dtype)
    launch_both(module, "k", x, np.zeros(n, dtype))


def test_an_op_without_a_rule_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    body = f"""\
  %r = mlc_kernel.make_range {{start = 0 : i64, end = 4 : i64}} : tensor<4xi32>
  %xs = mlc_kernel.splat %x : {PI} -> tensor<4x{PI}>
  %xp = mlc_kernel.addptr %xs, %r : tensor<4x{PI}>, tensor<4xi32>
  mlc_kernel.store %xp, %r : tensor<4x{PI}>"""
    module = parse_kernel("k", f"%x: {PI}", body, "1")
    monkeypatch.delitem(kernel_executor.RULES, mk.MakeRangeOp)
    with pytest.raises(UnsupportedKernelOp, match=r"kernel executor: mlc_kernel.make_range in @k has no rule; add one"):
        KernelExecutor(module)


def test_numpy_kernel_backend_runs_on_the_executor() -> None:
    compiled = mlc.compile(graph(5, 7, 3), pipeline=None, backend="numpy-kernel")
    assert isinstance(compiled._executor, KernelExecutor)
    inputs = random_inputs(find_function(compiled.module, None), seed=1)
    got = compiled(*inputs)
    assert_same(list(got), interpreter.run_function(compiled._lower(), inputs))


# ---------------------------------------------------------------------------------------
# Strided loads and stores (affine offsets under box masks), and every case that falls back.


def copy_kernel(offsets: str, n: int = 8, grid: str = "1", mask: str = "", extra: str = "", ptr: str = P) -> ModuleOp:
    """Program p copies x[%off] to out[%off] for a block of n lanes; `offsets` defines %off from %r and %pid."""
    masked = ", %m" if mask else ""
    body = f"""\
  %pid = mlc_kernel.program_id 0 : i32
  %r = mlc_kernel.make_range {{start = 0 : i64, end = {n} : i64}} : tensor<{n}xi32>
{extra}{offsets}{mask}
  %xs = mlc_kernel.splat %x : {ptr} -> tensor<{n}x{ptr}>
  %xp = mlc_kernel.addptr %xs, %off : tensor<{n}x{ptr}>, tensor<{n}xi32>
  %v = mlc_kernel.load %xp{masked} : tensor<{n}x{ptr}>
  %os = mlc_kernel.splat %out : {ptr} -> tensor<{n}x{ptr}>
  %op = mlc_kernel.addptr %os, %off : tensor<{n}x{ptr}>, tensor<{n}xi32>
  mlc_kernel.store %op, %v{masked} : tensor<{n}x{ptr}>"""
    return parse_kernel("k", f"%x: {ptr}, %out: {ptr}", body, grid)


def scaled(name: str, value: str, factor: int, n: int = 8) -> str:
    """`%name = value * factor` on a block of n i32 lanes."""
    return (f"  %{name}_c = arith.constant {factor} : i32\n  %{name}_s = mlc_kernel.splat %{name}_c : i32 -> tensor<{n}xi32>\n"
            f"  %{name} = arith.muli {value}, %{name}_s : tensor<{n}xi32>\n")


BLOCK_OFFSETS = scaled("base", "%ps", 8) + "  %off = arith.addi %base, %r : tensor<8xi32>\n"
PROGRAM_SPLAT = "  %ps = mlc_kernel.splat %pid : i32 -> tensor<8xi32>\n"
TAIL_MASK = "\n  %n = arith.constant dense<29> : tensor<8xi32>\n  %m = mlc_kernel.cmpi slt, %off, %n : tensor<8xi32>"


def assert_copies(module: ModuleOp, size: int, strided: int) -> None:
    """The kernel has `strided` strided accesses and equals the interpreter at every chunking."""
    assert KernelExecutor(module).kernels["k"].strided == strided
    x = np.arange(1, size + 1, dtype=np.float32)
    for lanes in (1, 16, 1 << 20):
        want = [x.copy(), np.zeros(size, np.float32)]
        interpreter.run_kernel(module, "k", want)
        got = [x.copy(), np.zeros(size, np.float32)]
        KernelExecutor(module, lanes).run_kernel("k", got)
        assert_same(got, want)


def test_block_copies_with_a_masked_tail_run_strided() -> None:
    # 4 programs of 8 lanes over 29 elements: one view per chunk; a chunk holding the cut-short box gathers
    # (one program alone: a view of the box, zeros outside).
    assert_copies(copy_kernel(PROGRAM_SPLAT + BLOCK_OFFSETS, grid="4", mask=TAIL_MASK), 29, 2)


def test_reversed_and_strided_offsets_run_strided() -> None:
    # off = 7 - r (negative stride) and off = 2 * r + 1 under a mask off < 11 (a box on a strided axis).
    assert_copies(copy_kernel(scaled("neg", "%r", -1) + "  %c7 = arith.constant dense<7> : tensor<8xi32>\n"
                              "  %off = arith.addi %neg, %c7 : tensor<8xi32>\n"), 8, 2)
    mask = "\n  %n = arith.constant dense<11> : tensor<8xi32>\n  %m = mlc_kernel.cmpi slt, %off, %n : tensor<8xi32>"
    odd = scaled("twice", "%r", 2) + "  %c1 = arith.constant dense<1> : tensor<8xi32>\n  %off = arith.addi %twice, %c1 : tensor<8xi32>\n"
    assert_copies(copy_kernel(odd, mask=mask), 16, 2)


def test_non_affine_offsets_take_the_gather_path() -> None:
    # off = r % 3 (remsi): no affine form, so neither access is strided.
    offsets = "  %c3 = arith.constant dense<3> : tensor<8xi32>\n  %off = arith.remsi %r, %c3 : tensor<8xi32>\n"
    assert_copies(copy_kernel(offsets), 8, 0)


def test_colliding_stores_keep_the_last_program() -> None:
    # Program p writes lanes p*4 .. p*4+7: neighbours overlap, so a chunk of several programs scatters.
    offsets = scaled("base", "%ps", 4) + "  %off = arith.addi %base, %r : tensor<8xi32>\n"
    mask = "\n  %n = arith.constant dense<18> : tensor<8xi32>\n  %m = mlc_kernel.cmpi slt, %off, %n : tensor<8xi32>"
    assert_copies(copy_kernel(PROGRAM_SPLAT + offsets, grid="4", mask=mask), 18, 2)


def test_a_store_with_repeated_offsets_is_not_strided() -> None:
    # off = 0 * r: every lane stores to element 0 (the last lane wins), so the store gathers; the load is strided.
    assert_copies(copy_kernel(scaled("off", "%r", 0)), 8, 1)


def test_a_diagonal_mask_is_not_a_box() -> None:
    # A 4x4 tile under the mask row >= col: the mask varies along two axes, so both accesses gather.
    body = f"""\
  %r = mlc_kernel.make_range {{start = 0 : i64, end = 4 : i64}} : tensor<4xi32>
  %rows = mlc_kernel.expand_dims %r {{axis = 1 : i64}} : tensor<4xi32> -> tensor<4x1xi32>
  %row = mlc_kernel.broadcast %rows : tensor<4x1xi32> -> tensor<4x4xi32>
  %cols = mlc_kernel.expand_dims %r {{axis = 0 : i64}} : tensor<4xi32> -> tensor<1x4xi32>
  %col = mlc_kernel.broadcast %cols : tensor<1x4xi32> -> tensor<4x4xi32>
  %c4 = arith.constant dense<4> : tensor<4x4xi32>
  %scaled = arith.muli %row, %c4 : tensor<4x4xi32>
  %off = arith.addi %scaled, %col : tensor<4x4xi32>
  %m = mlc_kernel.cmpi sge, %row, %col : tensor<4x4xi32>
  %xs = mlc_kernel.splat %x : {P} -> tensor<4x4x{P}>
  %xp = mlc_kernel.addptr %xs, %off : tensor<4x4x{P}>, tensor<4x4xi32>
  %v = mlc_kernel.load %xp, %m : tensor<4x4x{P}>
  %os = mlc_kernel.splat %out : {P} -> tensor<4x4x{P}>
  %op = mlc_kernel.addptr %os, %off : tensor<4x4x{P}>, tensor<4x4xi32>
  mlc_kernel.store %op, %v : tensor<4x4x{P}>"""
    module = parse_kernel("k", f"%x: {P}, %out: {P}", body, "1")
    assert KernelExecutor(module).kernels["k"].strided == 1  # the unmasked store
    (_, out) = launch_both(module, "k", np.arange(16, dtype=np.float32), np.zeros(16, np.float32))
    np.testing.assert_array_equal(out, np.tril(np.arange(16, dtype=np.float32).reshape(4, 4)).reshape(-1))


def test_i32_wrapping_offsets_fall_back_to_the_interpreters_values() -> None:
    # off = (pid | 65536) * 65536 + r wraps in i32 to pid * 65536 + r: the exact value is 2**32 larger, so the
    # strided access must notice the wrap at run time and compute what the interpreter computes.
    extra = ("  %big = arith.constant 65536 : i32\n  %shifted = arith.ori %pid, %big : i32\n"
             "  %ps = mlc_kernel.splat %shifted : i32 -> tensor<8xi32>\n")
    offsets = scaled("high", "%ps", 65536) + "  %off = arith.addi %high, %r : tensor<8xi32>\n"
    assert_copies(copy_kernel(offsets, extra=extra), 8, 2)


def test_unmasked_lanes_out_of_bounds_raise_the_interpreters_error() -> None:
    # Program 1 reads x[8..15] of an 8-element buffer.
    module = copy_kernel(PROGRAM_SPLAT + BLOCK_OFFSETS, grid="2")
    assert KernelExecutor(module).kernels["k"].strided == 2
    with pytest.raises(InterpretationError) as want:
        interpreter.run_kernel(module, "k", [np.zeros(8, np.float32), np.zeros(16, np.float32)])
    with pytest.raises(InterpretationError) as got:
        KernelExecutor(module).run_kernel("k", [np.zeros(8, np.float32), np.zeros(16, np.float32)])
    assert str(got.value) == str(want.value) and "program (1, 0, 0)" in str(got.value)


@pytest.mark.parametrize("m, n, k", [(1, 1, 1), (1, 17, 5), (33, 1, 40), (17, 19, 1)])
def test_gemm_tiles_with_size_one_dims_and_tails_run_strided(m: int, n: int, k: int) -> None:
    module = lowered(graph(m, n, k), matmul=(16, 16, 16), elementwise_block=64)
    kernels = KernelExecutor(module).kernels
    assert kernels["matmul_0"].strided >= 2 and kernels["batch_matmul_0"].strided >= 2  # the A and B tiles
    assert_chunkings_agree(module, random_inputs(find_function(module, None), seed=m + n + k))
