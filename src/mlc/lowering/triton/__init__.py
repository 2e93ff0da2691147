"""Triton code generation: mlc_kernel IR -> one Python module of @triton.jit kernels and a host `run`.

Codegen is rules: a table from op class to a small function producing text
(kernel.KERNEL_RULES, host.HOST_RULES, writer.SHARED_RULES), walked by writer.Writer.
"""

from mlc.lowering.triton.module import EmittedModule, emit_module

__all__ = ["EmittedModule", "emit_module"]
