"""mlc-run: inputs from every source, printed and saved results, and one diagnostic per user error."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from mlc.tools.mlc_run import main

PROGRAM = """\
func.func @main(%x: tensor<2x3xf32> {mlc.name = "x"}, %y: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %s = arith.addf %x, %y : tensor<2x3xf32>
  %p = arith.mulf %x, %y : tensor<2x3xf32>
  func.return %s, %p : tensor<2x3xf32>, tensor<2x3xf32>
}
func.func @scale(%v: tensor<4xi32>) -> tensor<4xi32> {
  %c = arith.constant dense<[1, 2, 3, 4]> : tensor<4xi32>
  %r = arith.muli %v, %c : tensor<4xi32>
  func.return %r : tensor<4xi32>
}
func.func @divide(%a: i32, %b: i32) -> i32 {
  %q = arith.divsi %a, %b : i32
  func.return %q : i32
}
"""
X = np.arange(6, dtype=np.float32).reshape(2, 3)
Y = np.full((2, 3), 0.5, dtype=np.float32)


@pytest.fixture
def program(tmp_path):
    path = tmp_path / "program.mlir"
    path.write_text(PROGRAM)
    return path


def run(capsys, *argv) -> tuple[str, str]:
    """Run mlc-run successfully; returns (stdout, stderr)."""
    main([str(a) for a in argv])
    return capsys.readouterr()


def fail(capsys, *argv) -> str:
    """Run mlc-run expecting a user error: exit code 1, one diagnostic, no traceback."""
    with pytest.raises(SystemExit) as exit_info:
        main([str(a) for a in argv])
    assert exit_info.value.code == 1
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    return err


def test_inputs_by_name_from_npy_files(program, tmp_path, capsys):
    np.save(tmp_path / "x.npy", X)
    np.save(tmp_path / "y.npy", Y)
    out, err = run(capsys, program, "--input", f"x={tmp_path / 'x.npy'}",
                   "--input", f"arg1={tmp_path / 'y.npy'}", "--output", tmp_path / "out.npz")
    assert out == "" and err == ""
    with np.load(tmp_path / "out.npz") as saved:
        assert saved.files == ["result0", "result1"]
        np.testing.assert_array_equal(saved["result0"], X + Y)
        np.testing.assert_array_equal(saved["result1"], X * Y)


def test_inputs_from_npz_and_print(program, tmp_path, capsys):
    np.savez(tmp_path / "in.npz", x=X, arg1=Y)
    out, _ = run(capsys, program, "--inputs", tmp_path / "in.npz", "--print")
    lines = out.splitlines()
    assert lines[0] == "result0: tensor<2x3xf32> (shape (2, 3), dtype float32)"
    assert "\n".join(lines[1:3]) == str(X + Y)
    assert lines[3] == "result1: tensor<2x3xf32> (shape (2, 3), dtype float32)"


def test_random_inputs_are_reproducible_and_printed_with_output(program, tmp_path, capsys):
    first, _ = run(capsys, program, "--entry", "scale", "--random-inputs", "3", "--print",
                   "--output", tmp_path / "a.npz")
    second, _ = run(capsys, program, "--entry", "scale", "--random-inputs", "3")
    assert first == second and first.startswith("result0: tensor<4xi32> (shape (4,), dtype int32)")
    with np.load(tmp_path / "a.npz") as saved:
        # random_inputs draws small non-negative integers for integer arguments.
        value = np.random.default_rng(3).integers(0, 8, (4,))
        np.testing.assert_array_equal(saved["result0"], value * [1, 2, 3, 4])


def test_missing_file(tmp_path, capsys):
    err = fail(capsys, tmp_path / "nope.mlir")
    assert err == f"mlc-run: error: cannot read '{tmp_path / 'nope.mlir'}': No such file or directory\n"


def test_parse_error_is_located_with_a_caret(tmp_path, capsys):
    path = tmp_path / "bad.mlir"
    path.write_text("func.func @main() {\n  %0 = arith.constant : i32\n}\n")
    err = fail(capsys, path)
    assert err.startswith(f"{path}:2:")
    assert ": error: " in err and "^" in err


def test_verifier_error_names_the_op_and_location(tmp_path, capsys):
    path = tmp_path / "bad.mlir"
    path.write_text(
        "func.func @main(%a: i32) -> i32 {\n"
        "  %r = \"arith.addi\"(%a, %a) : (i32, i32) -> i64\n"
        "  func.return %a : i32\n}\n"
    )
    err = fail(capsys, path)
    assert err.startswith(f"{path}:2:3: error: arith.addi: result ")


def test_unknown_entry(program, capsys):
    err = fail(capsys, program, "--entry", "nope")
    assert err == f"{program}: error: no function named 'nope' (functions: main, scale, divide)\n"


def test_missing_inputs_give_a_hint(program, capsys):
    err = fail(capsys, program)
    assert err == (
        f"{program}: error: missing input(s) ['x', 'arg1']; arguments are ['x', 'arg1'] "
        "(give --input NAME=PATH.npy, --inputs PATH.npz or --random-inputs SEED)\n"
    )


def test_unknown_input_name(program, tmp_path, capsys):
    np.savez(tmp_path / "in.npz", x=X, y=Y)
    err = fail(capsys, program, "--inputs", tmp_path / "in.npz")
    assert err == f"{program}: error: unknown input(s) ['y']; arguments are ['x', 'arg1']\n"


def test_wrong_shape_names_the_argument(program, tmp_path, capsys):
    np.savez(tmp_path / "in.npz", x=X.T.copy(), arg1=Y)
    err = fail(capsys, program, "--inputs", tmp_path / "in.npz")
    assert err == f"{program}: error: input 'x': expected shape [2, 3] (tensor<2x3xf32>), got [3, 2]\n"


def test_wrong_dtype_names_the_argument(program, tmp_path, capsys):
    np.savez(tmp_path / "in.npz", x=X, arg1=Y.astype(np.float64))
    err = fail(capsys, program, "--inputs", tmp_path / "in.npz")
    assert err == f"{program}: error: input 'arg1': expected dtype float32 (tensor<2x3xf32>), got float64\n"


def test_bad_npz(program, tmp_path, capsys):
    (tmp_path / "in.npz").write_bytes(b"not a zip file")
    err = fail(capsys, program, "--inputs", tmp_path / "in.npz")
    assert err.startswith(f"mlc-run: error: cannot load inputs from '{tmp_path / 'in.npz'}': ")


def test_npy_given_where_npz_expected(program, tmp_path, capsys):
    np.save(tmp_path / "x.npy", X)
    err = fail(capsys, program, "--inputs", tmp_path / "x.npy")
    assert err == f"mlc-run: error: --inputs expects an .npz archive, got '{tmp_path / 'x.npy'}'\n"


@pytest.mark.parametrize("spec", ["x", "=a.npy", "x="])
def test_malformed_input_spec(program, capsys, spec):
    err = fail(capsys, program, "--input", spec)
    assert err == f"mlc-run: error: --input expects NAME=PATH.npy, got '{spec}'\n"


def test_missing_npy_and_duplicate_input(program, tmp_path, capsys):
    err = fail(capsys, program, "--input", f"x={tmp_path / 'x.npy'}")
    assert err.startswith(f"mlc-run: error: cannot load input 'x' from '{tmp_path / 'x.npy'}': ")
    np.save(tmp_path / "x.npy", X)
    err = fail(capsys, program, "--input", f"x={tmp_path / 'x.npy'}", "--input", f"x={tmp_path / 'x.npy'}")
    assert err == "mlc-run: error: input 'x' is given twice\n"


def test_runtime_error_is_located_at_the_op(program, tmp_path, capsys):
    np.save(tmp_path / "a.npy", np.int32(7))
    np.save(tmp_path / "b.npy", np.int32(0))
    err = fail(capsys, program, "--entry", "divide",
               "--input", f"arg0={tmp_path / 'a.npy'}", "--input", f"arg1={tmp_path / 'b.npy'}")
    assert err == f"{program}:12:3: error: arith.divsi: division by zero\n"


def test_usage_errors_exit_with_1(program, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([str(program), "--inputs", "a.npz", "--random-inputs", "0"])
    assert exit_info.value.code == 1
    assert "not allowed with argument" in capsys.readouterr().err


def test_output_is_written_atomically(program, tmp_path, capsys):
    fail(capsys, program, "--random-inputs", "0", "--output", tmp_path / "missing_dir" / "out.npz")
    assert not (tmp_path / "missing_dir").exists()
    run(capsys, program, "--random-inputs", "0", "--output", tmp_path / "out.npz")
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".npz"] == ["out.npz"]


ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"


def test_example_mlp_is_what_make_mlp_writes(tmp_path):
    # A fresh process: resource keys are process-wide, so in-process generation could rename them.
    subprocess.run([sys.executable, EXAMPLES / "make_mlp.py", "-o", tmp_path / "mlp.mlir"],
                   check=True, capture_output=True, cwd=EXAMPLES)
    assert (tmp_path / "mlp.mlir").read_text() == (EXAMPLES / "mlp.mlir").read_text()
    assert (EXAMPLES / "mlp.mlir").stat().st_size < 200_000


def test_example_mlp_runs_like_numpy(tmp_path):
    subprocess.run([sys.executable, "-m", "mlc.tools.mlc_run", EXAMPLES / "mlp.mlir",
                    "--random-inputs", "0", "--output", tmp_path / "out.npz"], check=True)
    sys.path.insert(0, str(EXAMPLES))
    try:
        import models
    finally:
        sys.path.remove(str(EXAMPLES))
    x = np.random.default_rng(0).standard_normal((8, 784)).astype(np.float32)
    with np.load(tmp_path / "out.npz") as saved:
        np.testing.assert_allclose(saved["result0"], models.mlp_numpy(x, models.mlp_weights((784, 16, 10), 0)),
                                   rtol=1e-5, atol=1e-6)


def test_random_inputs_for_scalar_arguments(tmp_path, capsys):
    path = tmp_path / "scalars.mlir"
    path.write_text(
        "func.func @main(%n: index, %x: f32) -> (i64, f32) {\n"
        "  %i = arith.index_cast %n : index to i64\n"
        "  %y = arith.mulf %x, %x : f32\n"
        "  func.return %i, %y : i64, f32\n}\n"
    )
    out, _ = run(capsys, path, "--random-inputs", "1")
    assert out.splitlines()[0] == "result0: i64 (shape (), dtype int64)"
    assert out.splitlines()[2] == "result1: f32 (shape (), dtype float32)"


def test_runtime_error_inside_a_loop_is_located_at_the_inner_op(tmp_path, capsys):
    path = tmp_path / "loop.mlir"
    path.write_text(
        "func.func @main() -> i32 {\n"
        "  %lo = arith.constant 0 : index\n"
        "  %hi = arith.constant 3 : index\n"
        "  %one = arith.constant 1 : index\n"
        "  %z = arith.constant 0 : i32\n"
        "  %r = scf.for %i = %lo to %hi step %one iter_args(%a = %z) -> (i32) {\n"
        "    %ok = arith.addi %a, %a : i32\n"
        "    %q = arith.remsi %ok, %a : i32\n"
        "    scf.yield %q : i32\n"
        "  }\n"
        "  func.return %r : i32\n}\n"
    )
    assert fail(capsys, path) == f"{path}:8:5: error: arith.remsi: division by zero\n"
