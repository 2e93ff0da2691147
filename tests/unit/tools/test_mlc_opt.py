"""mlc-opt end to end in-process: diagnostics (warnings, notes), locations, nesting, atomic -o."""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import FileLineColLoc, IntAttr, ModuleOp, StringAttr
from xdsl.passes import ModulePass

from mlc.ir.diagnostics import OpError, OpNote, warn_at
from mlc.passes import PASSES
from mlc.tools.opt import output
from mlc.ir.parser import LocatingParser
from mlc.tools.opt.source import split_input
from opt_main import run

PROGRAM = """\
func.func @first(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = mlc_tensor.neg %x : tensor<4xf32> -> tensor<4xf32>
  func.return %0 : tensor<4xf32>
}
func.func @second(%x: tensor<4xf32>) -> tensor<4xf32> {
  func.return %x : tensor<4xf32>
}
"""


@dataclass(frozen=True)
class WarnPass(ModulePass):
    """Warns at every mlc_tensor.neg, with a note at its function."""

    name = "test-warn"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for inner in op.walk():
            if inner.name == "mlc_tensor.neg":
                function = inner.parent_op()
                assert function is not None
                warn_at(inner, "negation seen", [OpNote(function, "in this function")])


@dataclass(frozen=True)
class FailPass(ModulePass):
    """Fails at the first mlc_tensor.neg with an OpError that carries a note."""

    name = "test-fail"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        neg = next(o for o in op.walk() if o.name == "mlc_tensor.neg")
        raise OpError(neg, "test-fail: cannot handle negation; rewrite it first", [OpNote(op, "module here")])


@dataclass(frozen=True)
class RenamePass(ModulePass):
    """Appends `_seen` to every function it is given (to observe nesting and order)."""

    name = "test-rename"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for f in op.ops:
            assert isinstance(f, func.FuncOp)
            f.sym_name = StringAttr(f.sym_name.data + "_seen")


@pytest.fixture(autouse=True)
def test_passes(monkeypatch: pytest.MonkeyPatch):
    for p in (WarnPass, FailPass, RenamePass):
        monkeypatch.setitem(PASSES, p.name, lambda p=p: p)


@pytest.fixture
def program(tmp_path: Path) -> Path:
    path = tmp_path / "prog.mlir"
    path.write_text(PROGRAM)
    return path


def test_warnings_and_notes_are_printed_at_their_ops(program: Path, capsys: pytest.CaptureFixture[str]):
    assert run(str(program), "-p", "test-warn") == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{program}:2:3: warning: negation seen", f"{program}:1:1: note: in this function"]


def test_pass_errors_point_at_the_op_the_error_names(program: Path, capsys: pytest.CaptureFixture[str]):
    assert run(str(program), "-p", "func.func(test-fail)") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{program}:2:3: error: test-fail: cannot handle negation; rewrite it first\n")
    assert f"{program}: note: module here\n" in err  # the temporary module has no location
    assert f"{program}:2:3: note: see current operation: " in err


@pytest.mark.parametrize(
    ("annotations", "code"),
    [
        (("// expected-warning @+1 {{negation seen}}", "// expected-note @-3 {{in this function}}"), 0),
        (("// expected-warning @+1 {{negation seen}}", ""), 1),  # the note is unexpected
        (("// expected-warning @+1 {{other}}", "// expected-note @-3 {{in this function}}"), 1),
    ],
)
def test_verify_diagnostics_matches_warnings_and_notes(
    tmp_path: Path, annotations: tuple[str, str], code: int, capsys: pytest.CaptureFixture[str]
):
    lines = PROGRAM.splitlines()
    lines.insert(1, "  " + annotations[0])
    lines.insert(3, "  " + annotations[1])
    path = tmp_path / "annotated.mlir"
    path.write_text("\n".join(lines) + "\n")
    assert run(str(path), "-p", "test-warn", "--verify-diagnostics") == code
    err = capsys.readouterr().err
    assert ("unexpected" in err or "was not produced" in err) == (code == 1)


def test_nested_pipeline_runs_per_function_and_keeps_order(program: Path, capsys: pytest.CaptureFixture[str]):
    assert run(str(program), "--pass-pipeline=builtin.module(func.func(test-rename,test-rename))") == 0
    out = capsys.readouterr().out
    assert out.index("@first_seen_seen") < out.index("@second_seen_seen")


def test_output_is_written_only_when_every_pass_succeeds(program: Path, tmp_path: Path):
    out = tmp_path / "out.mlir"
    out.write_text("previous\n")
    assert run(str(program), "-p", "test-fail", "-o", str(out)) == 1
    assert out.read_text() == "previous\n"
    assert run(str(program), "-p", "cse", "-o", str(out)) == 0
    assert "func.func @first" in out.read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.mlir", "prog.mlir"]


def test_atomic_write_leaves_the_old_file_when_the_rename_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "out.mlir"
    target.write_text("old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(output.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        output.write_atomically(str(target), "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["out.mlir"]


def test_parser_gives_ops_their_source_location_unless_written():
    from mlc.tools.mlc_opt import MlcOptMain

    ctx = MlcOptMain([]).ctx
    text = '\n\n"test.op"() : () -> () loc("given.py":7:1)\n  %0 = "test.op"() : () -> i32\n'
    ctx.allow_unregistered = True
    module = LocatingParser(ctx, text, "in.mlir").parse_module()
    first, second = module.ops
    assert first.location == FileLineColLoc(StringAttr("given.py"), IntAttr(7), IntAttr(1))
    assert second.location == FileLineColLoc(StringAttr("in.mlir"), IntAttr(4), IntAttr(3))


def test_split_input_keeps_line_numbers():
    chunks = split_input("a\n// -----\nb\nc\n  // -----  \nd", split=True)
    assert [c.first_line for c in chunks] == [1, 2, 5]
    assert [c.text.split("\n").index(w) + 1 for c, w in zip(chunks, ["a", "b", "d"])] == [1, 3, 6]
    assert split_input("a\n// -----\nb", split=False)[0].text == "a\n// -----\nb"


def test_user_errors_exit_1_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert run(str(tmp_path / "missing.mlir")) == 1
    assert run(str(tmp_path / "missing.mlir"), "-p", "cse", "--pass-pipeline=builtin.module(cse)") == 1
    err = capsys.readouterr().err
    assert "could not open input file" in err
    assert "either --pass-pipeline or -p" in err
    assert "Traceback" not in err
