"""mlc.compile: import a torch model, a JAX function or MLIR, run a pipeline, get a callable back.

    fast = mlc.compile(model, x)        # torch.nn.Module: call with torch tensors
    fast = mlc.compile(jax_fn, x, y)    # a JAX function: call with arrays, pytrees come back
    fast = mlc.compile("model.mlir")    # MLIR text or file: call with numpy arrays
    fast = mlc.compile(model, x, backend="triton")  # generated Triton kernels run it
    fast.ir("imported"), fast.ir("graph"), fast.ir("kernel")   # the IR at each stage
    fast.source(), print(fast.kernels())  # the Triton code; one row per kernel

Backends: "numpy" runs the graph IR on the reference interpreter, "numpy-kernel" lowers to
mlc_kernel and runs that with numpy, many programs per numpy call (the kernel executor, tested
against the interpreter's program-by-program semantics), "triton" lowers, emits
Triton and runs it through the launcher (the source is cached on disk under the IR hash,
see mlc.runtime.triton_launcher). Triton runs natively on CUDA; without a GPU mlc sets
TRITON_INTERPRET=1 (before Triton is first imported) so the same kernels run in Triton's
CPU interpreter: correct but slow, for testing.

Heavy modules (torch, jax, the interpreter, the pass manager) are imported on use, so
`import mlc` stays light.
"""

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BACKENDS = {
    "numpy": "the numpy reference interpreter on the graph IR",
    "numpy-kernel": "the mlc_kernel IR on numpy, each kernel translated once (mlc.runtime.kernel_executor)",
    "triton": "Triton kernels, on CUDA or else in Triton's CPU interpreter",
}
STAGES = ("imported", "graph", "kernel")
LOWERING = "plan-memory,convert-mlc-tensor-to-mlc-kernel"
"""Graph IR -> kernel IR: buffers planned into one arena, then one kernel per fusion group."""
NUMPY_KERNEL_TILES = "matmul=128,64,64"
"""GEMM tiles (BLOCK_M,BLOCK_N,BLOCK_K) for the numpy-kernel backend, which pays per numpy call
(per K step) where a GPU pays per lane: K tiles of 64 halve the GPU heuristic's K steps (32 for
f32), and BLOCK_N 64 keeps the 64-channel implicit-GEMM conv unpadded. Measured with
benchmarks/kernels.py against the GPU heuristic: conv block and GPT-2 block faster, none slower.
matmul=128,128,256 (one program per chunk, tiles read as strided views) makes GPT-2 3x and the
MLP 1.5x faster still, but the conv 2x slower (its im2col tile is gathered and grows with BLOCK_K)."""


@dataclass
class _Adapter:
    """How a frontend's values cross into the interpreter and back."""

    flatten: Callable[[tuple[Any, ...]], list[Any]]
    """Call arguments -> the function's inputs as numpy arrays, in argument order."""
    unflatten: Callable[[list[Any]], Any]
    """The function's numpy results -> what the original callable returns."""


class CompiledModule:
    """A compiled model or function: call it like the original; `ir(stage)`, `source()`, `kernels()` show it."""

    def __init__(self, graph: Any, imported: Any, adapter: _Adapter, ctx: Any, backend: str = "numpy"):
        self.module = graph
        self.backend = backend
        self._imported = imported
        self._adapter = adapter
        self._ctx = ctx
        self._kernel: Any = None
        self._triton: Any = None
        self._executor: Any = None
        if backend != "numpy":
            self._lower()  # lowering errors surface at compile time for the kernel backends
        if backend == "numpy-kernel":
            from mlc.runtime.kernel_executor import KernelExecutor

            self._executor = KernelExecutor(self._kernel)
        if backend == "triton":
            from mlc.runtime.triton_launcher import TritonModule

            self._triton = TritonModule.load(self._kernel)

    def __call__(self, *args: Any) -> Any:
        """Run the compiled module on its backend."""
        from mlc.runtime.interpreter import run_function

        inputs = self._adapter.flatten(args)
        if self._triton is not None:
            return self._adapter.unflatten(self._triton.run(inputs))
        if self._executor is not None:
            return self._adapter.unflatten(self._executor.run(inputs))
        module = self.module if self.backend == "numpy" else self._kernel
        return self._adapter.unflatten(run_function(module, inputs))

    def ir(self, stage: str = "graph") -> str:
        """The IR text 'imported' (before any pass), 'graph' (after the pipeline) or 'kernel' (lowered)."""
        from mlc.ir.printing import PrintOptions

        if stage not in STAGES:
            raise ValueError(f"unknown IR stage '{stage}'; stages: {', '.join(STAGES)}")
        module = {"imported": self._imported, "graph": self.module}[stage] if stage != "kernel" else self._lower()
        self._ctx.get_optional_dialect("builtin")  # it holds the weight blobs the text carries
        return PrintOptions().to_text(module, self._ctx)

    def source(self) -> str:
        """The Triton source the kernel IR emits (the very file the triton backend runs)."""
        from mlc.lowering.triton import emit_module

        return self._triton.source() if self._triton is not None else emit_module(self._lower()).source

    def kernels(self) -> Any:
        """A KernelTable: name, kind, grid, tile, FLOPs, bytes and source ops per kernel; print it."""
        from mlc.runtime.kernel_table import kernel_table

        return kernel_table(self._lower())

    def _lower(self) -> Any:
        """The kernel IR, lowered from the graph IR on first use."""
        from mlc.passes.manager import run_pipeline

        if self._kernel is None:
            lowering = LOWERING + (f"{{{NUMPY_KERNEL_TILES}}}" if self.backend == "numpy-kernel" else "")
            self._kernel = run_pipeline(self.module.clone(), lowering, ctx=self._ctx)
        return self._kernel


def _select_triton_device() -> None:
    """CUDA if torch sees a GPU; else Triton's CPU interpreter, which must be chosen before Triton is imported.

    Triton decides interpreted vs compiled per @triton.jit function when it is defined, its
    own library (tl.sum, ...) included, so TRITON_INTERPRET=1 set after `import triton`
    (which torch.export and torch.compile do) comes too late for it.
    """
    import torch

    if torch.cuda.is_available():
        return
    os.environ["TRITON_INTERPRET"] = "1"
    triton = sys.modules.get("triton")
    if triton is not None and type(triton.language.sum).__name__ != "InterpretedFunction":
        raise RuntimeError(
            "mlc.compile(backend='triton'): without a CUDA GPU the kernels run in Triton's CPU "
            "interpreter, but Triton was imported before TRITON_INTERPRET=1 was set (torch.export "
            "and torch.compile import it); set TRITON_INTERPRET=1 in the environment before starting Python"
        )


def compile(  # shadows the builtin on purpose: mlc.compile, like torch.compile
    model_or_fn: Any,
    *example_args: Any,
    pipeline: str | None = "mlc-default",
    verify_numerics: bool = False,
    rtol: float | None = None,
    atol: float | None = None,
    backend: str = "numpy",
) -> CompiledModule:
    """Compile a torch.nn.Module, a JAX function (with example arguments), a ModuleOp, or MLIR text/path.

    The pipeline (mlc-opt syntax; None runs no pass) makes the graph IR; the kernel backends
    then lower it (LOWERING) and run it, see BACKENDS. The pipeline runs with the numeric check after every
    pass when `verify_numerics` is set, on the example arguments (random inputs for MLIR),
    raising NumericsDrift at the first drifting pass.
    """
    if backend not in BACKENDS:
        known = ", ".join(f"'{name}' ({what})" for name, what in BACKENDS.items())
        raise ValueError(f"mlc.compile: backend '{backend}' is not available; backends: {known}")
    if backend == "triton":
        _select_triton_device()
    from mlc.ir.context import mlc_context
    from mlc.numerics import DEFAULT_ATOL, DEFAULT_RTOL, NumericsCheck
    from mlc.passes.manager import run_pipeline
    from mlc.runtime.interpreter import argument_names, find_function

    module, adapter = _import(model_or_fn, example_args)
    imported = module.clone()
    ctx = mlc_context()
    observers = []
    if verify_numerics:
        inputs = None
        if example_args:
            names = argument_names(find_function(module, None))
            inputs = dict(zip(names, adapter.flatten(example_args), strict=True))
        rtol = DEFAULT_RTOL if rtol is None else rtol
        atol = DEFAULT_ATOL if atol is None else atol
        observers.append(NumericsCheck(rtol=rtol, atol=atol, inputs=inputs, ctx=ctx))
    if pipeline:
        run_pipeline(module, pipeline, ctx=ctx, observers=observers)
    return CompiledModule(module, imported, adapter, ctx, backend)


def _import(model_or_fn: Any, example_args: Sequence[Any]) -> tuple[Any, _Adapter]:
    """The module for what was given, and how its calls cross into the interpreter."""
    from xdsl.dialects.builtin import ModuleOp

    torch = sys.modules.get("torch")  # a torch model exists only if torch is imported
    if torch is not None and isinstance(model_or_fn, torch.nn.Module):
        return _import_torch(model_or_fn, example_args)
    if isinstance(model_or_fn, ModuleOp):
        return model_or_fn.clone(), _numpy_adapter()
    if isinstance(model_or_fn, str | Path):
        return _parse(model_or_fn), _numpy_adapter()
    if callable(model_or_fn):
        return _import_jax(model_or_fn, example_args)
    raise TypeError(
        "mlc.compile expects a torch.nn.Module, a JAX function, a ModuleOp, or MLIR text or a "
        f".mlir path; got {type(model_or_fn).__name__}"
    )


def _parse(source: str | Path) -> Any:
    """Parse MLIR text, or the file at a path ending in .mlir; ops get file:line:col locations."""
    from mlc.ir.context import mlc_context
    from mlc.ir.parser import LocatingParser

    name = "<string>"
    text = str(source)
    if isinstance(source, Path) or text.endswith(".mlir"):
        name, text = text, Path(source).read_text(encoding="utf-8")
    module = LocatingParser(mlc_context(), text, name).parse_module()
    module.verify()
    return module


def _numpy_adapter() -> _Adapter:
    """Numpy arrays in; one array out, or a tuple for several results."""
    import numpy as np

    def unflatten(results: list[Any]) -> Any:
        return results[0] if len(results) == 1 else tuple(results)

    return _Adapter(lambda args: [np.asarray(a) for a in args], unflatten)


def _import_torch(model: Any, example_args: Sequence[Any]) -> tuple[Any, _Adapter]:
    """torch.export + the torch importer; tensors in, tensors (in the model's output pytree) out."""
    import ml_dtypes
    import numpy as np
    import torch
    from torch.utils import _pytree as pytree

    from mlc.frontend.torch import import_program

    program = torch.export.export(model, tuple(example_args), strict=False)
    module = import_program(program)

    def to_numpy(t: Any) -> Any:
        t = t.detach().cpu()
        if t.dtype == torch.bfloat16:
            return t.float().numpy().astype(ml_dtypes.bfloat16)
        return t.numpy()

    def to_torch(a: Any) -> Any:
        if a.dtype == ml_dtypes.bfloat16:
            return torch.from_numpy(a.astype(np.float32)).to(torch.bfloat16)
        return torch.from_numpy(np.ascontiguousarray(a))

    def flatten(args: tuple[Any, ...]) -> list[Any]:
        # Non-tensor leaves (Python numbers) were baked into the program as constants.
        leaves = pytree.tree_leaves((args, {}))
        return [to_numpy(t) for t in leaves if isinstance(t, torch.Tensor)]

    def unflatten(results: list[Any]) -> Any:
        return pytree.tree_unflatten([to_torch(r) for r in results], program.call_spec.out_spec)

    return module, _Adapter(flatten, unflatten)


def _import_jax(fn: Any, example_args: Sequence[Any]) -> tuple[Any, _Adapter]:
    """The JAX importer; array pytrees in, jax arrays in the function's output pytree out."""
    import jax
    import jax.numpy as jnp
    import numpy as np

    from mlc.frontend.jax import trace_function

    imported = trace_function(fn, *example_args)

    def flatten(args: tuple[Any, ...]) -> list[Any]:
        leaves, tree = jax.tree_util.tree_flatten(tuple(args))
        if tree != imported.in_tree:
            raise TypeError(f"expected arguments structured as {imported.in_tree}, got {tree}")
        # jnp.asarray gives Python numbers the dtypes JAX traced them with (f32, i32).
        return [np.asarray(jnp.asarray(leaf)) for leaf in leaves]

    def unflatten(results: list[Any]) -> Any:
        return jax.tree_util.tree_unflatten(imported.out_tree, [jnp.asarray(r) for r in results])

    return imported.module, _Adapter(flatten, unflatten)
