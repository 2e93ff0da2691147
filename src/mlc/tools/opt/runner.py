"""Running a pipeline tree: nested pipelines run on each anchor op in a module of its own."""

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block, Operation
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import DiagnosticException

from mlc.tools.opt.diagnostics import DiagnosticError, error_at, verify
from mlc.tools.opt.instrument import IRDumps, Timing
from mlc.tools.opt.pipeline import Nest


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
    """Applies pipelines with instrumentation; a failing pass or verifier raises DiagnosticError."""

    ctx: Context
    dumps: IRDumps
    timing: Timing
    verify_each: bool = True
    show_op: bool = True

    def run(self, pipeline: Nest, module: ModuleOp) -> None:
        """Run `pipeline` (anchored on builtin.module) on `module`."""
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
        """Apply `p`, verify the result, and print/dump/time around it."""
        text_before = self.dumps.before_pass(p, op)
        try:
            with self.timing.measure(*path, p.name):
                p.apply(self.ctx, module)
        except DiagnosticException as err:
            self.dumps.pass_failed(p, op)
            raise DiagnosticError(error_at(op, err, self.show_op)) from err
        if self.verify_each:
            try:
                with self.timing.measure(*path, "Verifier"):
                    self._verify(op, module, slot)
            except DiagnosticError:
                self.dumps.pass_failed(p, op)
                raise
        self.dumps.after_pass(p, op, text_before)

    def _verify(self, op: Operation, module: ModuleOp, slot: _Slot | None) -> None:
        """Verify `op` where it really is, so that symbol uses resolve against the whole module."""
        if slot is None:
            verify(op, self.show_op)
            return
        ops = slot.put_back(module)
        try:
            for moved in ops:
                verify(moved, self.show_op)
        finally:
            _Slot.take(ops, module)
