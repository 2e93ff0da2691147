"""`-t triton`: the xDSL target that prints a module of mlc_kernel IR as Triton source.

The source reads its weights from an .npz of the same stem beside it; mlc-opt writes that
file too when the output goes to a file (`-o model.py` gives model.py and model.npz), see
`emit_with_companions`.
"""

import io
from dataclasses import dataclass
from typing import IO, ClassVar

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.target import Target

from mlc.ir.diagnostics import OpError
from mlc.lowering.triton.module import EmittedModule, emit_module
from mlc.tools.opt.diagnostics import DiagnosticError, error_at


def emitted(module: ModuleOp) -> EmittedModule:
    """The Triton module for `module`; an op with no Triton spelling is one diagnostic at the op."""
    try:
        return emit_module(module)
    except OpError as err:
        raise DiagnosticError(error_at(err.op, err, show_op=False)) from None


@dataclass(frozen=True)
class TritonTarget(Target):
    """Emit one Python module: @triton.jit kernels and the host `run` that launches them."""

    name: ClassVar[str] = "triton"

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        output.write(emitted(module).source)

    def emit_with_companions(self, module: ModuleOp) -> tuple[str, dict[str, bytes]]:
        """The source, and the files that belong beside it by suffix: its weights as `.npz` (none without weights)."""
        program = emitted(module)
        if not program.weights:
            return program.source, {}
        buffer = io.BytesIO()
        np.savez(buffer, **program.weights)
        return program.source, {".npz": buffer.getvalue()}
