"""The Python pass manager: run_pipeline with observers, nesting, failures and named pipelines."""

from dataclasses import dataclass

import pytest
from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import PassFailedException

from mlc.ir.context import parse_module
from mlc.passes import PASSES
from mlc.passes.manager import PassFailed, PassObserver, PipelineError, run_pipeline

PROGRAM = """\
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = mlc_tensor.neg %x : tensor<4xf32> -> tensor<4xf32>
  %1 = mlc_tensor.neg %x : tensor<4xf32> -> tensor<4xf32>
  %2 = mlc_tensor.add %0, %1 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  func.return %2 : tensor<4xf32>
}
func.func @g(%x: tensor<4xf32>) -> tensor<4xf32> {
  func.return %x : tensor<4xf32>
}
"""


@dataclass(frozen=True)
class FailPass(ModulePass):
    """Always fails."""

    name = "test-manager-fail"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        raise PassFailedException("test-manager-fail: always fails; do not run it")


@dataclass(frozen=True)
class BreakPass(ModulePass):
    """Leaves IR that does not verify: a function returns nothing although it declares a result."""

    name = "test-manager-break"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for ret in [o for o in op.walk() if isinstance(o, func.ReturnOp)]:
            ret.detach()
            ret.erase()
            func_op = next(o for o in op.walk() if isinstance(o, func.FuncOp))
            func_op.body.block.add_op(func.ReturnOp())
            return


@pytest.fixture(autouse=True)
def test_passes(monkeypatch: pytest.MonkeyPatch):
    for p in (FailPass, BreakPass):
        monkeypatch.setitem(PASSES, p.name, lambda p=p: p)


@dataclass
class Recorder(PassObserver):
    """Records each hook call, with the module the op sits in at that moment."""

    events: list[tuple[str, str, str]]

    def pipeline_started(self, module: ModuleOp) -> None:
        self.events.append(("start", "", module.name))

    def before_pass(self, p: ModulePass, op: Operation) -> None:
        self.events.append(("before", p.name, _where(op)))

    def after_pass(self, p: ModulePass, op: Operation) -> None:
        self.events.append(("after", p.name, _where(op)))

    def pass_failed(self, p: ModulePass, op: Operation) -> None:
        self.events.append(("failed", p.name, _where(op)))


def _where(op: Operation) -> str:
    """`op`'s symbol name and how many functions its top-level module holds (all of them: in place)."""
    top = op
    while (parent := top.parent_op()) is not None:
        top = parent
    name = op.sym_name.data if isinstance(op, func.FuncOp) else op.name
    return f"{name} in {len(list(top.walk()))}-op module"


def test_run_pipeline_text_with_nesting_calls_observers_with_the_ir_whole():
    module = parse_module(PROGRAM)
    recorder = Recorder([])
    result = run_pipeline(module, "builtin.module(func.func(cse),dce)", observers=[recorder])
    assert result is module
    # cse merged the two negations in @f: 8 ops before, 7 after (a holder module alone would hold 6).
    assert recorder.events == [
        ("start", "", "builtin.module"),
        ("before", "cse", "f in 8-op module"),
        ("after", "cse", "f in 7-op module"),
        ("before", "cse", "g in 7-op module"),
        ("after", "cse", "g in 7-op module"),
        ("before", "dce", "builtin.module in 7-op module"),
        ("after", "dce", "builtin.module in 7-op module"),
    ]
    assert [f.sym_name.data for f in module.ops if isinstance(f, func.FuncOp)] == ["f", "g"]


def test_named_pipelines_and_default_context():
    module = parse_module(PROGRAM)
    run_pipeline(module, "mlc-default")
    module.verify()
    assert len([o for o in module.walk() if o.name == "mlc_tensor.neg"]) == 1


def test_failing_pass_raises_pass_failed_and_tells_observers():
    module = parse_module(PROGRAM)
    recorder = Recorder([])
    with pytest.raises(PassFailed, match="pass 'test-manager-fail' failed: test-manager-fail: always fails") as info:
        run_pipeline(module, "func.func(test-manager-fail)", observers=[recorder])
    assert not info.value.in_verifier
    assert isinstance(info.value.op, func.FuncOp) and info.value.op.parent_op() is module
    assert recorder.events[-1] == ("failed", "test-manager-fail", "f in 8-op module")


def test_ir_that_does_not_verify_after_a_pass_raises_pass_failed():
    module = parse_module(PROGRAM)
    with pytest.raises(PassFailed, match="the IR after pass 'test-manager-break' does not verify") as info:
        run_pipeline(module, "test-manager-break")
    assert info.value.in_verifier
    run_pipeline(parse_module(PROGRAM), "test-manager-break", verify_each=False)


def test_bad_pipeline_raises_pipeline_error():
    with pytest.raises(PipelineError, match="'csee' does not refer to a registered pass or pipeline; did you mean 'cse'"):
        run_pipeline(parse_module(PROGRAM), "builtin.module(csee)")
