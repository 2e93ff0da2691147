"""Host func.func -> a Python function that allocates torch buffers (or views the arena) and launches kernels."""

from xdsl.dialects import arith, func
from xdsl.dialects.builtin import ShapedType, StringAttr
from xdsl.ir import Operation

from mlc.dialects import mlc_kernel as mk
from mlc.dialects.mlc_kernel.kernel import buffer_bytes
from mlc.ir.diagnostics import OpError
from mlc.lowering.triton.dtypes import torch_dtype
from mlc.lowering.triton.kernel import constexprs, grid_text, tuning
from mlc.lowering.triton.names import Namer
from mlc.lowering.triton.writer import Rule, Writer, constant


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


def launch(w: Writer, op: mk.LaunchOp) -> str:
    """`kernel[grid](args..., BLOCK=..., num_warps=..., num_stages=...)`, all from the kernel's properties."""
    kernel = op.callee()
    name = w.kernels[kernel.sym_name.data]
    args = [w.expr(v) for v in op.args]
    args += [f"{k}={v}" for k, v in {**constexprs(kernel), **tuning(kernel)}.items()]
    return f"{name}[{grid_text(kernel)}]({', '.join(args)})"


def host_return(w: Writer, op: func.ReturnOp) -> str:
    """The results as a tuple (always a tuple, whatever their number)."""
    values = [w.expr(v) for v in op.arguments]
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
    names: list[str | None] = []
    for i, arg in enumerate(function.args):
        attrs = function.arg_attrs.data[i].data if function.arg_attrs else {}
        name = attrs.get("mlc.name")
        names.append(name.data if isinstance(name, StringAttr) else arg.name_hint)
    return names


def emit_host(function: func.FuncOp, name: str, module_names: Namer, kernels: dict[str, str]) -> list[str]:
    """The lines of the Python function for host `function`, named `name`."""
    if len(function.body.blocks) != 1:
        raise OpError(function, f"func.func: expected a single-block host function, got {len(function.body.blocks)} blocks")
    w = Writer(HOST_RULES, Namer(module_names), set(), {}, kernels)
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
