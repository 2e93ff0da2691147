"""`-t triton`: the xDSL target that prints a module of mlc_kernel IR as Triton source."""

from dataclasses import dataclass
from typing import IO, ClassVar

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.target import Target

from mlc.ir.diagnostics import OpError
from mlc.lowering.triton.module import emit_module
from mlc.tools.opt.diagnostics import DiagnosticError, error_at


@dataclass(frozen=True)
class TritonTarget(Target):
    """Emit one Python module: @triton.jit kernels and the host `run` that launches them."""

    name: ClassVar[str] = "triton"

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        try:
            source = emit_module(module).source
        except OpError as err:  # an op with no Triton spelling: one diagnostic at the op
            raise DiagnosticError(error_at(err.op, err, show_op=False)) from None
        output.write(source)
