"""Pass instrumentation: --mlir-print-ir-* and --mlir-print-ir-tree-dir, as a pass observer."""

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, StringAttr
from xdsl.ir import Operation
from xdsl.passes import ModulePass

from mlc.passes.manager import PassObserver
from mlc.ir.printing import PrintOptions


@dataclass
class IRDumps(PassObserver):
    """Prints the IR around passes to stderr (MLIR's banners) and into a tree directory."""

    ctx: Context
    print_options: PrintOptions
    before_all: bool = False
    after_all: bool = False
    before: frozenset[str] = frozenset()
    after: frozenset[str] = frozenset()
    after_change: bool = False
    after_failure: bool = False
    tree_dir: Path | None = None
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    _count: int = 0
    _text_before: str | None = None

    def pipeline_started(self, module: ModuleOp) -> None:
        """Dump the parsed input into the tree directory (`000_input.mlir`)."""
        self._write_tree("input", module)

    def before_pass(self, p: ModulePass, op: Operation) -> None:
        """Print before `p` if asked; keep the IR text when --mlir-print-ir-after-change needs it."""
        if self.before_all or p.name in self.before:
            self._print("Before", p, op)
        self._text_before = self._text(op) if self.after_change and self._prints_after(p) else None

    def after_pass(self, p: ModulePass, op: Operation) -> None:
        """Print after `p` if asked (only when it changed the IR, with after-change)."""
        text_before = self._text_before
        if self._prints_after(p) and (text_before is None or text_before != self._text(op)):
            self._print("After", p, op)
        self._write_tree(p.name, op)

    def pass_failed(self, p: ModulePass, op: Operation) -> None:
        """Print the IR a failed pass left behind (generic form: it may not verify)."""
        if self.after_failure:
            self._print("After", p, op, failed=True)

    def _prints_after(self, p: ModulePass) -> bool:
        # --mlir-print-ir-after-change alone means: after every pass that changed the IR.
        selected = self.after_all or bool(self.after)
        return self.after_all or p.name in self.after or (self.after_change and not selected)

    def _text(self, op: Operation, generic: bool = False) -> str:
        options = self.print_options.as_generic() if generic else self.print_options
        return options.to_text(op, self.ctx)

    def _print(self, when: str, p: ModulePass, op: Operation, failed: bool = False) -> None:
        status = " Failed" if failed else ""
        banner = f"// -----// IR Dump {when} {p.name}{status}{_scope(op)} //----- //\n"
        self.stream.write(banner + self._text(op, generic=failed) + "\n")
        self.stream.flush()

    def _write_tree(self, name: str, op: Operation) -> None:
        if self.tree_dir is None:
            return
        self.tree_dir.mkdir(parents=True, exist_ok=True)
        (self.tree_dir / f"{self._count:03d}_{name}.mlir").write_text(self._text(op))
        self._count += 1


def _scope(op: Operation) -> str:
    """MLIR's `('func.func' operation: @f)` for passes nested on an op; nothing for the module."""
    if isinstance(op, ModuleOp):
        return ""
    sym = op.properties.get("sym_name") or op.attributes.get("sym_name")
    name = f": @{sym.data}" if isinstance(sym, StringAttr) else ""
    return f" ('{op.name}' operation{name})"
