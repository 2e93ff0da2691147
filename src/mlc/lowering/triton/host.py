"""Host func.func -> a Python function that allocates torch buffers (or views the arena) and launches kernels.

Weights (`mlc_kernel.constant`) are not written into the source: each distinct value is
stored once, as raw little-endian bytes, in `Weights.arrays` under a key made from its
resource handle (`fc1.weight`); the launcher writes them to an .npz beside the emitted .py,
and the host reads one with `_weight(key, dtype, shape, device)` (see WEIGHT_LOADER), on
first use, keeping it per device.
"""

from dataclasses import dataclass, field
from functools import partial

import numpy as np
from xdsl.dialects import arith, func
from xdsl.dialects.builtin import DenseResourceAttr, ShapedType
from xdsl.ir import Attribute, Operation

from mlc.dialects import mlc_kernel as mk
from mlc.dialects.mlc_kernel.kernel import buffer_bytes
from mlc.ir.diagnostics import OpError
from mlc.lowering.triton.dtypes import torch_dtype
from mlc.lowering.triton.kernel import constexprs, grid_text, tuning
from mlc.lowering.triton.names import Namer
from mlc.lowering.triton.writer import Rule, Writer, constant
from mlc.runtime.interpreter import declared_names
from mlc.runtime.interpreter.mlc_kernel import constant_buffer

WEIGHT_LOADER = """\
# Weights (mlc_kernel.constant) live beside this file in <this file's stem>.npz, one raw
# little-endian byte array per key; mlc.runtime.triton_launcher writes it.
import numpy as np
from pathlib import Path

_WEIGHTS_FILE = Path(__file__).with_suffix(".npz")
_WEIGHTS = {}  # (key, device) -> torch tensor, loaded on first use


def _weight(key, dtype, shape, device):
    \"\"\"Weight `key` as a torch tensor of `dtype` and `shape` on `device` (read once per device; never write it).\"\"\"
    if (key, str(device)) not in _WEIGHTS:
        if not _WEIGHTS_FILE.exists():
            raise FileNotFoundError(f"{_WEIGHTS_FILE}: the weights of this module are missing; load it with mlc.runtime.triton_launcher.TritonModule")
        with np.load(_WEIGHTS_FILE) as blobs:
            raw = blobs[key]
        _WEIGHTS[key, str(device)] = torch.from_numpy(raw).view(dtype).view(shape).to(device)
    return _WEIGHTS[key, str(device)]
"""
"""Module-level source emitted once when a host function reads weights."""

LOADER_NAMES = frozenset({"np", "Path", "_WEIGHTS_FILE", "_WEIGHTS", "_weight"})
"""Module-level names WEIGHT_LOADER defines, kept from IR-derived names."""


@dataclass
class Weights:
    """The values of a module's mlc_kernel.constant ops as raw bytes under unique keys (one per distinct value)."""

    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    """Key -> the value's bytes (1-D uint8), as the .npz stores them."""
    keys: dict[Attribute, str] = field(default_factory=dict)

    def key(self, op: mk.ConstantOp) -> str:
        """The key of `op`'s value: its resource handle (else its IR name, else `const`), made unique."""
        value = op.value
        if value not in self.keys:
            hint = value.resource_handle.data if isinstance(value, DenseResourceAttr) else op.result.name_hint
            base = hint or "const"
            key, n = base, 0
            while key in self.arrays:
                n += 1
                key = f"{base}_{n}"
            self.keys[value] = key
            self.arrays[key] = constant_buffer(op).reshape(-1).view(np.uint8)
        return self.keys[value]


def torch_shape(shape) -> str:
    """A buffer shape as a Python tuple."""
    return f"({shape[0]},)" if len(shape) == 1 else f"({', '.join(map(str, shape))})"


def host_constant(w: Writer, op: arith.ConstantOp) -> str | None:
    """Scalars only: they become literal launch arguments."""
    if isinstance(op.result.type, ShapedType):
        raise OpError(op, f"{op.name}: host code takes scalar constants only, got {op.result.type}; weights are function inputs")
    return constant(w, op)


def alloc(w: Writer, op: mk.AllocOp) -> str:
    """A zeroed torch buffer on the run's device (mlc_kernel.alloc yields zeros)."""
    typ = op.result.type
    return f"torch.zeros({torch_shape(typ.get_shape())}, dtype={torch_dtype(op, typ)}, device=device)"


def view(w: Writer, op: mk.ViewOp) -> str:
    """Bytes [offset, offset + size) of the arena reinterpreted in place: writes through it alias the arena."""
    typ = op.result.type
    start = op.offset.value.data
    end = start + buffer_bytes(typ)
    return f"{w.expr(op.source)}[{start}:{end}].view({torch_dtype(op, typ)}).view({torch_shape(typ.get_shape())})"


def weight(weights: Weights, w: Writer, op: mk.ConstantOp) -> str:
    """The weight, read from the module's .npz by `_weight` (its bytes go to `weights`)."""
    typ = op.result.type
    return f"_weight({weights.key(op)!r}, {torch_dtype(op, typ)}, {torch_shape(typ.get_shape())}, device)"


def launch(w: Writer, op: mk.LaunchOp) -> str:
    """`kernel[grid](args..., BLOCK=..., num_warps=..., num_stages=...)`, all from the kernel's properties."""
    kernel = op.callee()
    name = w.kernels[kernel.sym_name.data]
    args = [w.expr(v) for v in op.args]
    args += [f"{k}={v}" for k, v in {**constexprs(kernel), **tuning(kernel)}.items()]
    return f"{name}[{grid_text(kernel)}]({', '.join(args)})"


def host_return(w: Writer, op: func.ReturnOp) -> str:
    """The results as a tuple (always a tuple, whatever their number); a weight returned is a copy, so callers cannot write the cached one."""
    values = [w.expr(v) + (".clone()" if isinstance(v.owner, mk.ConstantOp) else "") for v in op.arguments]
    return f"return ({values[0]},)" if len(values) == 1 else f"return ({', '.join(values)})"


HOST_RULES: dict[type[Operation], Rule] = {
    arith.ConstantOp: host_constant,
    mk.AllocOp: alloc,
    mk.ViewOp: view,
    mk.LaunchOp: launch,
    func.ReturnOp: host_return,
}
"""Op class -> rule for host functions."""


def argument_names(function: func.FuncOp) -> list[str | None]:
    """The user-facing name of each argument: its `mlc.name` attribute, else its IR name."""
    return [name or arg.name_hint for name, arg in zip(declared_names(function), function.args)]


def emit_host(
    function: func.FuncOp, name: str, module_names: Namer, kernels: dict[str, str], weights: Weights
) -> list[str]:
    """The lines of the Python function for host `function`, named `name`; its weights are added to `weights`."""
    if len(function.body.blocks) != 1:
        raise OpError(function, f"func.func: expected a single-block host function, got {len(function.body.blocks)} blocks")
    rules = {**HOST_RULES, mk.ConstantOp: partial(weight, weights)}
    w = Writer(rules, Namer(module_names), set(), {}, kernels)
    params = []
    for i, (arg, hint) in enumerate(zip(function.args, argument_names(function))):
        params.append(w.namer.fresh(hint or f"arg{i}"))
        w.values[arg] = params[-1]
    block = function.body.block
    for op in block.ops:  # the return is a statement here, so the terminator is emitted too
        w.op(op)
    signature = ", ".join([*params, "*", "device"])
    doc = f'    """@{function.sym_name.data}: buffers on `device`, kernels launched in order; returns its results as a tuple."""'
    return [f"def {name}({signature}):", doc, *w.lines]
