"""mlc_kernel kernels and the host side: func/return, launch, and the buffers launches take.

A kernel (`mlc_kernel.func`) is one grid of block programs. It takes pointers and scalars
and returns nothing; its grid and tuning (named constexpr block sizes, num_warps,
num_stages) are properties, so a dumped file replays exactly. The host is an ordinary
`func.func` over `memref` buffers: fresh ones (`mlc_kernel.alloc`), views into a planned
arena (`mlc_kernel.view`) or read-only weights (`mlc_kernel.constant`), handed to kernels
by `mlc_kernel.launch`, where a memref binds to a pointer parameter of its element type.
"""

from collections.abc import Mapping, Sequence

from xdsl.dialects.builtin import (
    ArrayAttr,
    DenseArrayBase,
    DenseIntOrFPElementsAttr,
    DenseResourceAttr,
    DictionaryAttr,
    FunctionType,
    IntegerAttr,
    MemRefType,
    ModuleOp,
    NoneAttr,
    StringAttr,
    SymbolNameConstraint,
    SymbolRefAttr,
    TensorType,
    i64,
)
from xdsl.dialects.utils import parse_func_op_like, print_func_op_like
from xdsl.ir import Attribute, Block, Region, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    ParsePropInAttrDict,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    prop_def,
    region_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import (
    HasParent,
    IsolatedFromAbove,
    IsTerminator,
    MemoryAllocEffect,
    Pure,
    SymbolOpInterface,
    SymbolTable,
)

from mlc.dialects.mlc_kernel.base import (
    OnHost,
    PtrType,
    byte_width,
    int_prop,
    is_number,
    is_power_of_two,
)
from mlc.dialects.verify import expect, fail, fmt

TUNING = ("grid", "constexprs", "num_warps", "num_stages", "sources")
"""Kernel properties printed in its `attributes {...}` dictionary, in this order."""


def static_buffer(op: IRDLOperation, what: str, typ: Attribute) -> MemRefType:
    """`typ` as a static, identity-layout memref of integers or floats, or fail naming `what`."""
    if (
        not isinstance(typ, MemRefType)
        or any(d < 0 for d in typ.get_shape())
        or not isinstance(typ.layout, NoneAttr)
        or not is_number(typ.get_element_type())
    ):
        raise fail(
            op, f"expected {what} to be a static identity-layout memref of integers or floats, got {typ}"
        )
    return typ


def buffer_bytes(typ: MemRefType) -> int:
    """Bytes a static memref occupies."""
    n = byte_width(typ.get_element_type())
    for d in typ.get_shape():
        n *= d
    return n


@irdl_op_definition
class KernelFuncOp(IRDLOperation):
    """A kernel: one grid of block programs over pointer and scalar arguments, with its tuning."""

    name = "mlc_kernel.func"

    body = region_def()
    sym_name = prop_def(SymbolNameConstraint())
    function_type = prop_def(FunctionType)
    arg_attrs = opt_prop_def(ArrayAttr[DictionaryAttr])
    # Loosely typed and optional in IRDL so that verify_ reports every problem in our words.
    grid = opt_prop_def(Attribute)
    constexprs = opt_prop_def(Attribute)
    num_warps = opt_prop_def(Attribute)
    num_stages = opt_prop_def(Attribute)
    sources = opt_prop_def(Attribute)

    traits = traits_def(IsolatedFromAbove(), SymbolOpInterface(), HasParent(ModuleOp))

    def __init__(
        self,
        name: str,
        input_types: Sequence[Attribute],
        grid: Sequence[int],
        *,
        constexprs: Mapping[str, int] = {},
        num_warps: int = 4,
        num_stages: int = 2,
        sources: Sequence[str] | None = None,
        region: Region | None = None,
    ):
        properties: dict[str, Attribute | None] = {
            "sym_name": StringAttr(name),
            "function_type": FunctionType.from_lists(input_types, []),
            "grid": DenseArrayBase.from_list(i64, list(grid)),
            "constexprs": DictionaryAttr({k: IntegerAttr(v, i64) for k, v in constexprs.items()}),
            "num_warps": IntegerAttr(num_warps, i64),
            "num_stages": IntegerAttr(num_stages, i64),
            "sources": ArrayAttr([StringAttr(s) for s in sources]) if sources is not None else None,
        }
        if region is None:
            region = Region(Block(arg_types=input_types))
        super().__init__(properties=properties, regions=[region])

    @property
    def args(self) -> tuple[SSAValue, ...]:
        """The block arguments: the kernel's parameters inside its body."""
        return self.body.block.args

    def grid_sizes(self) -> tuple[int, ...]:
        """The number of programs along each grid axis."""
        assert isinstance(self.grid, DenseArrayBase)
        return tuple(self.grid.get_values())

    @classmethod
    def parse(cls, parser: Parser) -> "KernelFuncOp":
        name, inputs, outputs, region, extra, arg_attrs, _ = parse_func_op_like(
            parser, reserved_attr_names=("sym_name", "function_type", "arg_attrs")
        )
        attrs = dict(extra.data) if extra is not None else {}
        props = {k: attrs.pop(k) for k in TUNING if k in attrs}
        op = cls.create(
            properties={
                "sym_name": StringAttr(name),
                "function_type": FunctionType.from_lists(inputs, outputs),
                **({"arg_attrs": arg_attrs} if arg_attrs is not None else {}),
                **props,
            },
            attributes=attrs,
            regions=[region if region is not None else Region()],
        )
        return op

    def print(self, printer: Printer) -> None:
        tuning = {k: self.properties[k] for k in TUNING if k in self.properties}
        print_func_op_like(
            printer,
            self.sym_name,
            self.function_type,
            self.body,
            tuning | self.attributes,
            arg_attrs=self.arg_attrs,
            reserved_attr_names=(),
        )

    def verify_(self) -> None:
        missing = [k for k in TUNING[:4] if k not in self.properties]
        if missing:
            raise fail(self, f"expected properties {', '.join(TUNING[:4])}, got none for {', '.join(missing)}")
        inputs = self.function_type.inputs.data
        if self.function_type.outputs.data:
            raise fail(
                self,
                f"expected no results (kernels write through pointers), got {fmt(list(self.function_type.outputs.data))}",
            )
        for i, typ in enumerate(inputs):
            if not (isinstance(typ, PtrType) or is_number(typ)):
                raise fail(self, f"expected argument #{i} to be a pointer or an integer/float scalar, got {typ}")
        if not self.body.blocks:
            raise fail(self, "expected a body (kernels cannot be declarations), got none")
        if len(self.body.blocks) != 1:
            raise fail(self, f"expected a single-block body, got {len(self.body.blocks)} blocks")
        block = self.body.block
        expect(self, "entry block argument types", list(inputs), list(block.arg_types))
        if not isinstance(block.last_op, ReturnOp):
            last = block.last_op.name if block.last_op is not None else "an empty block"
            raise fail(self, f"expected the body to end with mlc_kernel.return, got {last}")
        self._verify_tuning()

    def _verify_tuning(self) -> None:
        grid = self.grid
        if not (isinstance(grid, DenseArrayBase) and grid.elt_type == i64):
            raise fail(self, f"expected grid to be an array<i64: ...>, got {grid}")
        sizes = grid.get_values()
        if not 1 <= len(sizes) <= 3 or any(s < 1 for s in sizes):
            raise fail(self, f"expected grid of 1 to 3 positive sizes, got {fmt(list(sizes))}")
        constexprs = self.constexprs
        if not isinstance(constexprs, DictionaryAttr):
            raise fail(self, f"expected constexprs to be a dictionary, got {constexprs}")
        for key, value in constexprs.data.items():
            if not key.isidentifier():
                raise fail(self, f"expected constexpr names to be identifiers, got '{key}'")
            if not isinstance(value, IntegerAttr):
                raise fail(self, f"expected constexpr {key} to be an integer, got {value}")
        num_warps = int_prop(self, "num_warps")
        if not is_power_of_two(num_warps):
            raise fail(self, f"expected num_warps to be a power of two, got {num_warps}")
        num_stages = int_prop(self, "num_stages")
        if num_stages < 1:
            raise fail(self, f"expected num_stages >= 1, got {num_stages}")
        sources = self.sources
        if sources is not None and not (
            isinstance(sources, ArrayAttr) and all(isinstance(s, StringAttr) for s in sources.data)
        ):
            raise fail(self, f"expected sources to be an array of strings, got {sources}")


@irdl_op_definition
class ReturnOp(IRDLOperation):
    """Ends a kernel body (kernels return nothing)."""

    name = "mlc_kernel.return"

    traits = traits_def(IsTerminator(), HasParent(KernelFuncOp))

    assembly_format = "attr-dict"

    def __init__(self):
        super().__init__()


@irdl_op_definition
class LaunchOp(IRDLOperation):
    """Host side: run kernel @name over its grid with buffers (for pointers) and scalars."""

    name = "mlc_kernel.launch"

    kernel = prop_def(SymbolRefAttr)
    args = var_operand_def()

    traits = traits_def(OnHost())

    assembly_format = "$kernel `(` $args `)` attr-dict `:` `(` type($args) `)`"

    def __init__(self, kernel: str | SymbolRefAttr, args: Sequence[SSAValue]):
        ref = SymbolRefAttr(kernel) if isinstance(kernel, str) else kernel
        super().__init__(operands=[args], properties={"kernel": ref})

    def callee(self) -> KernelFuncOp:
        """The launched kernel (valid after verification)."""
        found = SymbolTable.lookup_symbol(self, self.kernel)
        assert isinstance(found, KernelFuncOp)
        return found

    def verify_(self) -> None:
        name = self.kernel.string_value()
        found = SymbolTable.lookup_symbol(self, self.kernel)
        if not isinstance(found, KernelFuncOp):
            got = found.name if found is not None else "no such symbol"
            raise fail(self, f"expected @{name} to be an mlc_kernel.func, got {got}")
        params = found.function_type.inputs.data
        if len(params) != len(self.args):
            raise fail(self, f"expected {len(params)} arguments for @{name}, got {len(self.args)}")
        for i, (param, arg) in enumerate(zip(params, self.args)):
            if isinstance(param, PtrType):
                typ = arg.type
                if not (isinstance(typ, MemRefType) and typ.get_element_type() == param.pointee):
                    raise fail(
                        self,
                        f"expected argument #{i} to be a memref of {param.pointee} (for {param}), got {typ}",
                    )
            elif arg.type != param:
                raise fail(self, f"expected argument #{i} of type {param}, got {arg.type}")


@irdl_op_definition
class AllocOp(IRDLOperation):
    """Host side: a fresh buffer (an output, or the arena that plan-memory views into)."""

    name = "mlc_kernel.alloc"

    result = result_def(MemRefType)

    traits = traits_def(MemoryAllocEffect(), OnHost())

    assembly_format = "attr-dict `:` type($result)"

    def __init__(self, result_type: MemRefType):
        super().__init__(result_types=[result_type])

    def verify_(self) -> None:
        static_buffer(self, "result", self.result.type)


@irdl_op_definition
class ViewOp(IRDLOperation):
    """Host side: a typed buffer at a planned byte offset of an i8 arena."""

    name = "mlc_kernel.view"

    source = operand_def(MemRefType)
    offset = prop_def(Attribute)
    result = result_def(MemRefType)

    traits = traits_def(Pure(), OnHost())

    irdl_options = (ParsePropInAttrDict(),)

    assembly_format = "$source attr-dict `:` type($source) `->` type($result)"

    def __init__(self, source: SSAValue, offset: int, result_type: MemRefType):
        super().__init__(
            operands=[source], properties={"offset": IntegerAttr(offset, i64)}, result_types=[result_type]
        )

    def verify_(self) -> None:
        arena = static_buffer(self, "source", self.source.type)
        if len(arena.get_shape()) != 1 or byte_width(arena.get_element_type()) != 1:
            raise fail(self, f"expected source to be a 1-D memref of bytes (the arena), got {arena}")
        typ = static_buffer(self, "result", self.result.type)
        offset = int_prop(self, "offset")
        align = byte_width(typ.get_element_type())
        if offset < 0 or offset % align:
            raise fail(self, f"expected offset to be a non-negative multiple of {align} bytes, got {offset}")
        end = offset + buffer_bytes(typ)
        if end > arena.get_shape()[0]:
            raise fail(
                self, f"expected the view to end within the {arena.get_shape()[0]}-byte arena, got end {end}"
            )


@irdl_op_definition
class ConstantOp(IRDLOperation):
    """Host side: a read-only buffer holding a dense or dense_resource attribute (a weight)."""

    name = "mlc_kernel.constant"

    value = prop_def(Attribute)
    result = result_def(MemRefType)

    # Pure: the buffer is never written (kernels storing into it are wrong), so equal
    # constants may share one and an unused one may go.
    traits = traits_def(Pure(), OnHost())

    def __init__(self, value: DenseIntOrFPElementsAttr | DenseResourceAttr):
        typ = value.type
        super().__init__(
            properties={"value": value},
            result_types=[MemRefType(typ.get_element_type(), typ.get_shape())],
        )

    def verify_(self) -> None:
        value = self.value
        if not isinstance(value, DenseIntOrFPElementsAttr | DenseResourceAttr) or not isinstance(
            value.type, TensorType
        ):
            raise fail(self, f"expected value to be a dense or dense_resource attribute of tensor type, got {value}")
        typ = static_buffer(self, "result", self.result.type)
        expected = TensorType(typ.get_element_type(), typ.get_shape())
        expect(self, "value type (the result's shape and element type)", expected, value.type)

    @classmethod
    def parse(cls, parser: Parser) -> "ConstantOp":
        # `dense<...> : memref<...>` parses as one attribute typed by the memref; the value
        # keeps the same literal (or blob handle) typed as a tensor, as mlc_tensor.constant has it.
        attributes = parser.parse_optional_attr_dict()
        at = parser.pos
        value = parser.parse_attribute()
        if not isinstance(value, DenseIntOrFPElementsAttr | DenseResourceAttr) or not isinstance(
            value.type, MemRefType
        ):
            parser.raise_error(
                f"{cls.name}: expected a dense or dense_resource attribute typed by a memref, got {value}", at
            )
        tensor = TensorType(value.type.get_element_type(), value.type.get_shape())
        if isinstance(value, DenseResourceAttr):
            op = cls(DenseResourceAttr.from_params(value.resource_handle, tensor))
        else:
            op = cls(DenseIntOrFPElementsAttr(tensor, value.data))
        op.attributes.update(attributes)
        return op

    def print(self, printer: Printer) -> None:
        printer.print_op_attributes(self.attributes)
        printer.print_string(" ")
        self.value.print_without_type(printer)
        printer.print_string(" : ")
        printer.print_attribute(self.result.type)


OPS = [KernelFuncOp, ReturnOp, LaunchOp, AllocOp, ViewOp, ConstantOp]
