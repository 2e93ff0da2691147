"""Run Triton code emitted from mlc_kernel IR on torch tensors: CUDA natively, CPU under TRITON_INTERPRET=1.

The emitted source is written to a cache directory under a name keyed by a hash of the IR
text and the weights' bytes (`$MLC_CACHE_DIR/triton/`, default `~/.cache/mlc/triton/`),
so it can be read, diffed and replayed, and imported from there (Triton's JIT reads kernel
source from the file). A module with weights (mlc_kernel.constant) gets them in an .npz of
the same stem beside it, which the source reads on first use. Whether kernels are compiled or interpreted is Triton's choice when the file is
imported: TRITON_INTERPRET=1 in the environment selects the interpreter.
"""

import hashlib
import importlib.util
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import ml_dtypes
import numpy as np
import torch
from xdsl.dialects.builtin import MemRefType, ModuleOp
from xdsl.traits import SymbolTable

from mlc.dialects.mlc_kernel import KernelFuncOp
from mlc.lowering.triton import EmittedModule, emit_module
from mlc.lowering.triton.kernel import constexprs, tuning
from mlc.runtime.interpreter import InterpreterInputError, check_inputs, find_function


def cache_dir() -> Path:
    """Where emitted sources live: $MLC_CACHE_DIR/triton, else ~/.cache/mlc/triton."""
    root = os.environ.get("MLC_CACHE_DIR")
    return (Path(root) if root else Path.home() / ".cache" / "mlc") / "triton"


def interpreting() -> bool:
    """True when Triton runs kernels in its CPU interpreter (TRITON_INTERPRET=1)."""
    return os.environ.get("TRITON_INTERPRET", "0") == "1"


def default_device() -> str:
    """CUDA when a GPU is there and Triton is not interpreting, else the CPU."""
    return "cuda" if torch.cuda.is_available() and not interpreting() else "cpu"


def to_torch(array: np.ndarray, device: str) -> torch.Tensor:
    """A numpy array as a contiguous torch tensor on `device` (bf16 through its bits)."""
    array = np.ascontiguousarray(array)
    if array.dtype == ml_dtypes.bfloat16:
        return torch.from_numpy(array.view(np.int16)).view(torch.bfloat16).to(device)
    return torch.from_numpy(array).to(device)


def to_numpy(tensor: torch.Tensor) -> np.ndarray:
    """A torch tensor as a numpy array on the host (bf16 through its bits)."""
    tensor = tensor.detach().cpu()
    if tensor.dtype == torch.bfloat16:
        return tensor.view(torch.int16).numpy().view(ml_dtypes.bfloat16)
    return tensor.numpy()


@dataclass
class TritonModule:
    """A module of mlc_kernel IR emitted as Triton, written to the cache and imported."""

    ir: ModuleOp
    emitted: EmittedModule
    path: Path
    python: ModuleType

    @classmethod
    def load(cls, module: ModuleOp, directory: Path | None = None) -> "TritonModule":
        """Emit `module`, write the source under the hash of its IR text (if not there already), import it."""
        emitted = emit_module(module)
        digest = hashlib.sha256(str(module).encode())
        for name, raw in emitted.weights.items():  # printed IR names blobs but omits their bytes
            digest.update(name.encode())
            digest.update(raw.data)
        key = digest.hexdigest()[:16]
        directory = cache_dir() if directory is None else directory
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"mlc_{key}.py"
        weights = path.with_suffix(".npz")
        if emitted.weights and not weights.exists():  # the key covers their bytes: an existing file is right
            scratch = path.with_suffix(f".{os.getpid()}.tmp.npz")
            np.savez(scratch, **emitted.weights)
            os.replace(scratch, weights)
        if not path.exists() or path.read_text() != emitted.source:
            scratch = path.with_suffix(f".{os.getpid()}.tmp")
            scratch.write_text(emitted.source)
            os.replace(scratch, path)  # atomic: a concurrent reader sees the old file or the new one
        spec = importlib.util.spec_from_file_location(f"mlc_triton_{key}", path)
        assert spec is not None and spec.loader is not None
        python = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(python)
        return cls(module, emitted, path, python)

    def source(self) -> str:
        """The emitted Triton source."""
        return self.emitted.source

    def run(
        self,
        inputs: Sequence[np.ndarray] | Mapping[str, np.ndarray] = (),
        entry: str | None = None,
        device: str | None = None,
    ) -> list[np.ndarray]:
        """Run host function `entry` (as the interpreter picks it) on numpy inputs; numpy results."""
        function = find_function(self.ir, entry)
        name = self.emitted.functions[function.sym_name.data]
        device = default_device() if device is None else device
        args = [
            to_torch(a, device) if isinstance(t, MemRefType) else a.item()
            for a, t in zip(check_inputs(function, inputs), function.function_type.inputs.data)
        ]
        results = getattr(self.python, name)(*args, device=device)
        return [to_numpy(r) for r in results]

    def launch(self, kernel: str, args: Sequence[object]) -> None:
        """Launch mlc_kernel.func @`kernel` over its grid: torch tensors for pointers (written in place), numbers for scalars."""
        op = SymbolTable.lookup_symbol(self.ir, kernel)
        if not isinstance(op, KernelFuncOp):
            raise InterpreterInputError(f"no mlc_kernel.func named '{kernel}' to launch")
        params = op.function_type.inputs.data
        if len(args) != len(params):
            raise InterpreterInputError(f"@{kernel} expects {len(params)} argument(s), got {len(args)}")
        jitted = getattr(self.python, self.emitted.kernels[kernel])
        jitted[op.grid_sizes()](*args, **constexprs(op), **tuning(op))
