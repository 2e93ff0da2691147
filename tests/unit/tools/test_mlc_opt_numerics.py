"""mlc-opt --verify-each-numerics and --load-pass-plugin: every user error is one line and exit code 1."""

from pathlib import Path

import numpy as np
import pytest

from opt_main import run

TEST_PASSES = Path(__file__).parents[2] / "filecheck" / "inputs" / "numerics_test_passes.py"

PROGRAM = """\
func.func @main(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = mlc_tensor.mul %x, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  func.return %0 : tensor<4xf32>
}
"""


@pytest.fixture
def program(tmp_path: Path) -> Path:
    path = tmp_path / "prog.mlir"
    path.write_text(PROGRAM)
    return path


def test_drift_is_one_located_diagnostic_and_exit_1(program: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    dumps = tmp_path / "dumps"
    code = run(
        str(program), "--verify-each-numerics", "--numerics-dump-dir", str(dumps),
        "--load-pass-plugin", str(TEST_PASSES), "-p", "test-mul-to-add",
    )
    assert code == 1
    out, err = capsys.readouterr()
    assert out == ""
    first, *rest = err.splitlines()
    assert first.startswith(f"{program}:2:3: error: numerics drift after pass 'test-mul-to-add': result 0 of @main")
    assert rest[0].startswith(f"  first differing value: mlc_tensor.mul at {program}:2:3")
    assert len(rest) == 3 and sorted(p.name.split("-")[0] for p in dumps.iterdir()) == ["after", "before"]


def test_the_tolerance_decides(program: Path, tmp_path: Path):
    # x * y vs x + y on inputs 2, 2 are equal; on 1, 3 they differ by 1 (relative 1/3).
    inputs = tmp_path / "in.npz"
    np.savez(inputs, arg0=np.array([2, 1, 2, 2], np.float32), arg1=np.array([2, 3, 2, 2], np.float32))
    common = [str(program), "--numerics-inputs", str(inputs), "--load-pass-plugin", str(TEST_PASSES), "-p", "test-mul-to-add"]
    assert run(*common, "--verify-each-numerics=0.4") == 0
    assert run(*common, "--verify-each-numerics=0.3,0") == 1
    assert run(*common, "--verify-each-numerics", "--numerics-tolerance", "0,1.5") == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--verify-each-numerics=1e-3,x"], "the numerics tolerance is RTOL[,ATOL] (non-negative numbers), got '1e-3,x'"),
        (["--verify-each-numerics=-1"], "got '-1'"),
        (["--numerics-dump-dir", "d"], "--numerics-dump-dir needs --verify-each-numerics"),
        (["--verify-each-numerics", "--numerics-inputs", "{tmp}/missing.npz"], "cannot load --numerics-inputs '{tmp}/missing.npz'"),
        (["--verify-each-numerics", "--numerics-inputs", "{tmp}/one.npy"], "--numerics-inputs expects an .npz archive"),
        (["--load-pass-plugin", "{tmp}/missing.py"], "pass plugin '{tmp}/missing.py' is not a file"),
        (["--load-pass-plugin", "{tmp}/one.npy"], "is not a Python file (.py)"),
        (["--load-pass-plugin", "{tmp}/empty.py"], "pass plugin '{tmp}/empty.py' defines no PASSES dict"),
        (["--load-pass-plugin", "{tmp}/broken.py"], "pass plugin '{tmp}/broken.py' failed to load: ZeroDivisionError"),
    ],
)
def test_usage_errors(
    program: Path, tmp_path: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
):
    np.save(tmp_path / "one.npy", np.zeros(4, np.float32))
    (tmp_path / "empty.py").write_text("X = 1\n")
    (tmp_path / "broken.py").write_text("X = 1 / 0\n")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert run(str(program), *args, "-p", "cse") == 1
    err = capsys.readouterr().err
    assert err.startswith("mlc-opt: error: ") and message.replace("{tmp}", str(tmp_path)) in err
    assert "Traceback" not in err


def test_seed_and_inputs_exclude_each_other(program: Path, capsys: pytest.CaptureFixture[str]):
    assert run(str(program), "--verify-each-numerics", "--numerics-seed", "1", "--numerics-inputs", "x.npz") == 1
    assert "not allowed with argument" in capsys.readouterr().err


def test_ir_the_interpreter_cannot_run_is_one_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "private.mlir"
    path.write_text("func.func private @f(%x: tensor<2xf32>) -> tensor<2xf32>\n")
    assert run(str(path), "--verify-each-numerics", "-p", "cse") == 1
    assert capsys.readouterr().err == (
        f"{path}: error: numerics check: the module has no public function with a body to run\n"
    )
