"""convert-mlc-tensor-to-mlc-kernel: every fusion group (and every op outside one) becomes one kernel.

Each `mlc_tensor.fused` group, and each compute op left outside a group (wrapped as a
group of one), becomes an `mlc_kernel.func` plus an `mlc_kernel.launch` in the host
function, which now takes and returns memrefs. The kernel kind follows from the group's
contents (a contraction: matmul; a row-wise op: reduction; else elementwise; see
to_kernel/kinds.py), its tiles from the heuristic in to_kernel/tiles.py, overridable per
kind by the options and per group by its `mlc.tile` attribute (which the autotune pass
writes). Kernels carry `sources`: the mlc_tensor ops they came from, with locations.
Splat constants feeding a group become immediates; other constants (weights) become one
read-only `mlc_kernel.constant` buffer each, made where first needed and passed to
kernels as pointers; a group output lands in a fresh `mlc_kernel.alloc`, or in
a `mlc_kernel.view` of one arena where plan-memory has placed it (its `mlc.offset` and
the function's `mlc.peak_bytes`). mlc_quant ops become kernels the same way; quantized
tensors are buffers of their storage integers, and an mlc_quant.constant (packed int4, 2:4
values and positions) plus per-axis scales and zero points become read-only buffers passed
after a kernel's inputs (to_kernel/quantized.py).
"""

import re
from dataclasses import dataclass, field

from xdsl.context import Context
from xdsl.dialects import func
from xdsl.dialects.builtin import (
    DenseArrayBase,
    DenseResourceAttr,
    FileLineColLoc,
    IntegerAttr,
    MemRefType,
    StringAttr,
    ModuleOp,
    TensorType,
    i8,
)
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter
from xdsl.utils.exceptions import PassFailedException

from mlc.dialects import mlc_kernel as mk
from mlc.dialects import mlc_quant as mq
from mlc.dialects import mlc_tensor as mt
from mlc.ir.diagnostics import OpError
from mlc.lowering.to_kernel.group import Group
from mlc.lowering.to_kernel.kinds import KINDS, kind_of
from mlc.lowering.to_kernel.lanes import LoweringError, Source, shape_of, stored_element
from mlc.lowering.to_kernel.quantized import kernel_params, param_sources
from mlc.lowering.to_kernel.tiles import TILE_ATTR, TileError, TileOptions, settings_of
from mlc.passes.fusion.classify import cloneable
from mlc.passes.plan_memory import NOT_PLANNED, OFFSET, PEAK
from mlc.runtime.interpreter import declared_names

FLAG = "convert-mlc-tensor-to-mlc-kernel"
KIND = "mlc.kind"
"""The kernel attribute naming the kind it was lowered as (elementwise, reduction, matmul, attention)."""


def as_memref(typ: Attribute) -> Attribute:
    """The buffer type of a tensor type (other types unchanged); quantized tensors hold storage integers."""
    if isinstance(typ, TensorType):
        return MemRefType(stored_element(typ.get_element_type()), typ.get_shape())
    return typ


def ir_name(text: str) -> str:
    """`text` (a weight handle such as `0.weight`, a user's argument name) as a legal SSA name hint."""
    name = re.sub(r"[^A-Za-z0-9_$.-]", "_", text)
    return name if name[:1].isalpha() or name[:1] in "_$." else "w" + name


def source_line(op: Operation) -> str:
    """'<op name> <file>:<line>:<col>' (or the op name alone when it has no file location)."""
    loc = op.location
    if isinstance(loc, FileLineColLoc):
        return f"{op.name} {loc.filename.data}:{loc.line.data}:{loc.column.data}"
    return op.name


CONSTANTS = (mt.ConstantOp, mq.ConstantOp)
"""Host ops that become immediates or read-only buffers where read, never kernels."""


def makes_kernel(op: Operation) -> bool:
    """Whether host op `op` becomes a kernel and its launch: a group, or a compute op outside one."""
    return op.dialect_name() in ("mlc_tensor", "mlc_quant") and not isinstance(op, CONSTANTS)


def wrap(op: Operation) -> mt.FusedOp:
    """`op` alone as a fusion group (not inserted anywhere): one block argument per operand."""
    block = Block(arg_types=[v.type for v in op.operands])
    inner = op.clone()
    for i, arg in enumerate(block.args):
        inner.operands[i] = arg
    inner.location = op.location
    block.add_ops([inner, mt.YieldOp(*inner.results)])
    return mt.FusedOp(list(op.operands), block)


@dataclass
class HostLowering:
    """Rewrites one host function: kernels are collected in `kernels`, launches replace groups."""

    function: func.FuncOp
    options: TileOptions
    names: set[str]
    kernels: list[mk.KernelFuncOp] = field(default_factory=list)
    buffers: dict[SSAValue, SSAValue] = field(default_factory=dict)
    params: dict[Attribute, SSAValue] = field(default_factory=dict)

    def run(self) -> func.FuncOp:
        """The host function over memrefs (the original is left for the caller to replace)."""
        old = self.function
        inputs = [as_memref(t) for t in old.function_type.inputs.data]
        outputs = [as_memref(t) for t in old.function_type.outputs.data]
        block = Block(arg_types=inputs)
        for new_arg, old_arg, declared in zip(block.args, old.args, declared_names(old)):
            new_arg.name_hint = old_arg.name_hint or (ir_name(declared) if declared else None)
        self.buffers.update(zip(old.args, block.args))
        arena = None
        peak = old.attributes.get(PEAK)
        if isinstance(peak, IntegerAttr) and peak.value.data > 0:
            arena = mk.AllocOp(MemRefType(i8, [peak.value.data]))
            block.add_op(arena)
        for op in list(old.body.block.ops):
            if isinstance(op, func.ReturnOp):
                block.add_op(func.ReturnOp(*(self.buffer(v, block) for v in op.arguments)))
            elif isinstance(op, CONSTANTS):
                continue  # an immediate in each kernel reading it, or buffers made where first needed
            elif makes_kernel(op):
                self.launch(op, block, arena)
            else:
                raise LoweringError(f"{source_line(op)}: host op {op.name} on tensors is not lowered")
        new = func.FuncOp(old.sym_name.data, (inputs, outputs), Region(block), arg_attrs=old.arg_attrs)
        for key, value in old.attributes.items():
            new.attributes[key] = value
        return new

    def launch(self, op: Operation, host: Block, arena: Operation | None) -> None:
        """Build the kernel of `op` (a group, or a lone op wrapped as one) and launch it."""
        group = op if isinstance(op, mt.FusedOp) else wrap(op)
        body = group.body.block
        ptr_types, args, feeds = [], [], []
        for outer, arg in zip(group.inputs, body.args):
            if outer.owner is not None and isinstance(outer.owner, mt.ConstantOp) and cloneable(outer):
                continue
            if isinstance(outer.owner, mq.ConstantOp):
                continue  # read through its blobs, passed below with the other parameters
            ptr_types.append(mk.PtrType(stored_element(outer.type.get_element_type())))
            args.append(self.buffer(outer, host))
            feeds.append(arg)
        params = kernel_params(group)
        for attr in params:  # scales, zero points, packed/2:4 blobs: read-only buffers
            ptr_types.append(mk.PtrType(attr.get_type().get_element_type()))
            args.append(self.param_buffer(attr, host))
        results = []
        offsets = op.attributes.get(OFFSET)
        planned = offsets.get_values() if isinstance(offsets, DenseArrayBase) else ()
        for i, result in enumerate(op.results):
            typ = as_memref(result.type)
            if arena is not None and i < len(planned) and planned[i] != NOT_PLANNED:
                buffer = mk.ViewOp(arena.results[0], planned[i], typ)
            else:
                buffer = mk.AllocOp(typ)
            buffer.results[0].name_hint = result.name_hint
            host.add_op(buffer)
            self.buffers[result] = buffer.results[0]
            results.append(buffer.results[0])
            ptr_types.append(mk.PtrType(typ.get_element_type()))
        kernel_block = Block(arg_types=ptr_types)
        for i, (param, value) in enumerate(zip(kernel_block.args, args + results)):  # named as the buffers
            param.name_hint = value.name_hint or ("out" if i >= len(args) else None)
        n_in = len(feeds)
        sources = {
            arg: Source(ptr, shape_of(arg), stored_element(arg.type.get_element_type()))
            for arg, ptr in zip(feeds, kernel_block.args[:n_in])
        }
        inline = {
            arg: outer.owner
            for outer, arg in zip(group.inputs, body.args)
            if arg not in sources
        }
        outputs = list(zip(group.yield_op.values, kernel_block.args[n_in + len(params):]))
        spec = Group(body, sources, inline, outputs, param_sources(params, kernel_block.args[n_in:]))
        kind = kind_of(spec)
        pinned = op.attributes.get(TILE_ATTR)
        try:
            options = self.options if pinned is None else self.options.pin(settings_of(pinned))
            grid, tiling = KINDS[kind](spec, kernel_block, options)
        except TileError as err:
            raise OpError(op, f"{FLAG}: {op.name}: {err}; fix or remove its {TILE_ATTR} attribute") from None
        kernel_block.add_op(mk.ReturnOp())
        members = [o for o in body.ops if not isinstance(o, mt.YieldOp)]
        name = self.fresh(kind, members)
        kernel = mk.KernelFuncOp(
            name,
            ptr_types,
            grid,
            constexprs=tiling.constexprs,
            num_warps=tiling.num_warps,
            num_stages=tiling.num_stages,
            sources=[source_line(o) for o in members],
            region=Region(kernel_block),
        )
        kernel.attributes[KIND] = StringAttr(kind)
        self.kernels.append(kernel)
        host.add_op(mk.LaunchOp(name, args + results))

    def buffer(self, value: SSAValue, host: Block) -> SSAValue:
        """The host buffer holding `value`; a constant gets its read-only buffer here on first use."""
        if value not in self.buffers and isinstance(value.owner, mt.ConstantOp):
            constant = mk.ConstantOp(value.owner.value)
            handle = value.owner.value
            constant.result.name_hint = value.name_hint or (
                ir_name(handle.resource_handle.data) if isinstance(handle, DenseResourceAttr) else None
            )
            host.add_op(constant)
            self.buffers[value] = constant.result
        return self.buffers[value]

    def param_buffer(self, attr: Attribute, host: Block) -> SSAValue:
        """The read-only buffer of a parameter attribute, made on first use and shared after."""
        if attr not in self.params:
            constant = mk.ConstantOp(attr)  # pyright: ignore[reportArgumentType]
            host.add_op(constant)
            self.params[attr] = constant.result
        return self.params[attr]

    def fresh(self, kind: str, members: list[Operation]) -> str:
        """A unique kernel name: the anchor op's name (the last op for elementwise; the kind for attention) and a number."""
        anchors = [o for o in members if kind == "elementwise" or o.name.split(".")[-1] in ANCHOR_NAMES]
        stem = kind if kind == "attention" else (anchors or members)[-1 if kind == "elementwise" else 0].name.split(".")[-1]
        n = 0
        while f"{stem}_{n}" in self.names:
            n += 1
        self.names.add(f"{stem}_{n}")
        return f"{stem}_{n}"


ANCHOR_NAMES = {
    "matmul", "batch_matmul", "linear", "conv2d", "weight_only_matmul", "sparse_matmul", "reduce_sum", "reduce_mean", "reduce_max",
    "reduce_min", "argmax", "softmax", "log_softmax", "layer_norm",
}  # fmt: skip
"""Op names that name a matmul or reduction kernel."""


@dataclass(frozen=True)
class ConvertMlcTensorToMlcKernel(ModulePass):
    """Lower mlc_tensor groups and ops to mlc_kernel kernels launched from memref host functions.

    Options override the tile heuristic per kind: elementwise-block, reduction-block,
    matmul=BLOCK_M,BLOCK_N,BLOCK_K, group-m, and warps/stages for every kernel.
    """

    name = FLAG

    elementwise_block: int = 0
    reduction_block: int = 0
    matmul: tuple[int, ...] = ()
    warps: int = 0
    stages: int = 0
    group_m: int = 0

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        options = TileOptions(
            self.elementwise_block, self.reduction_block, tuple(self.matmul), self.warps, self.stages, self.group_m
        )
        problems = options.check(FLAG)
        if problems:
            raise PassFailedException(f"{FLAG}: {problems[0]}; fix the option")
        names = {o.sym_name.data for o in op.body.block.ops if hasattr(o, "sym_name")}
        functions = [f for f in op.body.block.ops if isinstance(f, func.FuncOp) and f.body.blocks]
        for function in functions:
            if not any(o.dialect_name() in ("mlc_tensor", "mlc_quant") for o in function.walk()):
                continue
            lowering = HostLowering(function, options, names)
            try:
                new = lowering.run()
            except LoweringError as err:
                raise PassFailedException(
                    f"{FLAG}: {err}; run the fuse-* passes or leave that op out of this pipeline"
                ) from None
            if lowering.kernels:
                Rewriter.insert_op(lowering.kernels, InsertPoint.before(function))
            Rewriter.replace_op(function, new)
