"""Running a pipeline tree: nested pipelines run on each anchor op in a module of its own."""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Operation
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import DiagnosticException, VerifyException

from mlc.passes.manager.pipeline import Nest
from mlc.passes.manager.timing import Timing


class PassObserver:
    """Hooks a Runner calls around passes; subclasses override the ones they need.

    Every hook sees the IR whole: an op a nested pipeline runs on is back in its module.
    """

    def pipeline_started(self, module: ModuleOp) -> None:
        """Called once per run, before the first pass, with the module the pipeline runs on."""

    def before_pass(self, p: ModulePass, op: Operation) -> None:
        """Called before `p` runs on `op` (the module, or an op a nested pipeline anchors on)."""

    def after_pass(self, p: ModulePass, op: Operation) -> None:
        """Called after `p` ran on `op` and (with verify_each) the result verified."""

    def pass_failed(self, p: ModulePass, op: Operation) -> None:
        """Called when `p`, or the verifier after it, failed on `op`."""


class PassFailed(Exception):
    """A pass, or the verifier after it, failed on `op`; `error` is the exception raised."""

    def __init__(self, p: ModulePass, op: Operation, error: DiagnosticException, in_verifier: bool):
        what = f"the IR after pass '{p.name}' does not verify" if in_verifier else f"pass '{p.name}' failed"
        super().__init__(f"{what}: {error}")
        self.pass_ = p
        self.op = op
        self.error = error
        self.in_verifier = in_verifier


@dataclass
class _Slot:
    """Where a nested op sits in its parent, so it can move into a temporary module and back."""

    block: Block
    successor: Operation | None

    def put_back(self, holder: ModuleOp) -> list[Operation]:
        """Move what `holder` contains (the op, or what replaced it) back into place."""
        ops = list(holder.body.block.ops)
        for op in ops:
            op.detach()
            if self.successor is None:
                self.block.add_op(op)
            else:
                self.block.insert_op_before(op, self.successor)
        return ops

    @staticmethod
    def take(ops: list[Operation], holder: ModuleOp) -> None:
        """Move `ops` (put back earlier) into `holder` again."""
        for op in ops:
            op.detach()
            holder.body.block.add_op(op)


@dataclass
class Runner:
    """Applies pipelines, calling observers around each pass; a failure raises PassFailed."""

    ctx: Context
    observers: Sequence[PassObserver] = ()
    timing: Timing = field(default_factory=Timing)
    verify_each: bool = True

    def run(self, pipeline: Nest, module: ModuleOp) -> None:
        """Run `pipeline` (anchored on builtin.module) on `module`."""
        for o in self.observers:
            o.pipeline_started(module)
        self._steps(pipeline.steps, module, module, None, ())

    def _steps(
        self,
        steps: tuple[ModulePass | Nest, ...],
        op: Operation,
        module: ModuleOp,
        slot: _Slot | None,
        path: tuple[str, ...],
    ) -> None:
        """Run `steps` on `op`; passes apply to `module` (`op` itself, or a module holding it)."""
        for step in steps:
            if isinstance(step, ModulePass):
                self._pass(step, op, module, slot, path)
                continue
            row = (*path, f"'{step.anchor}' Pipeline")
            with self.timing.measure(*row):
                children = [c for r in op.regions for b in r.blocks for c in b.ops]
                for child in children:
                    if child.name == step.anchor:
                        self._nested(step, child, row)

    def _nested(self, nest: Nest, op: Operation, path: tuple[str, ...]) -> None:
        """Run `nest` on `op` alone: moved into a temporary module, then moved back in place."""
        if isinstance(op, ModuleOp):
            self._steps(nest.steps, op, op, None, path)
            return
        block = op.parent_block()
        assert block is not None
        slot = _Slot(block, op.next_op)
        holder = ModuleOp([])
        _Slot.take([op], holder)
        try:
            self._steps(nest.steps, op, holder, slot, path)
        finally:
            slot.put_back(holder)

    def _pass(
        self, p: ModulePass, op: Operation, module: ModuleOp, slot: _Slot | None, path: tuple[str, ...]
    ) -> None:
        """Apply `p`, verify the result, and call the observers around it."""
        with _in_place(module, slot):
            for o in self.observers:
                o.before_pass(p, op)
        try:
            with self.timing.measure(*path, p.name):
                p.apply(self.ctx, module)
        except DiagnosticException as err:
            with _in_place(module, slot):
                for o in self.observers:
                    o.pass_failed(p, op)
            raise PassFailed(p, op, err, in_verifier=False) from err
        with _in_place(module, slot) as ops:
            # Verified in place, so that symbol uses resolve against the whole module.
            for verified in ops if self.verify_each else ():
                try:
                    with self.timing.measure(*path, "Verifier"):
                        verified.verify()
                except VerifyException as err:
                    for o in self.observers:
                        o.pass_failed(p, op)
                    raise PassFailed(p, verified, err, in_verifier=True) from err
            for o in self.observers:
                o.after_pass(p, op)


@contextmanager
def _in_place(module: ModuleOp, slot: _Slot | None) -> Iterator[list[Operation]]:
    """The ops a pass ran on (`module`, or what its holder contains, put back into place)."""
    if slot is None:
        yield [module]
        return
    ops = slot.put_back(module)
    try:
        yield ops
    finally:
        _Slot.take(ops, module)
