"""Shared pieces of mlc_kernel: the pointer type, block-type checks, placement and parse helpers.

A *block* is a static-shape builtin tensor whose dimensions are powers of two (Triton's
rule); a scalar is a block of shape (). Block ops take scalars and blocks alike, so the
helpers here return `(shape, element type)` for both.
"""

import abc
from collections.abc import Sequence
from typing import ClassVar

from xdsl.dialects.builtin import (
    BFloat16Type,
    Float16Type,
    Float32Type,
    Float64Type,
    IntAttr,
    IntegerAttr,
    IntegerType,
    ShapedType,
    StringAttr,
    TensorType,
)
from xdsl.ir import Attribute, Operation, ParametrizedAttribute, SSAValue, TypeAttribute
from xdsl.irdl import IRDLOperation, irdl_attr_definition
from xdsl.parser import AttrParser, Parser, UnresolvedOperand
from xdsl.printer import Printer
from xdsl.traits import IsolatedFromAbove, OpTrait
from xdsl.utils.exceptions import VerifyException

from mlc.dialects.verify import fail, fmt

Shape = tuple[int, ...]

GLOBAL_ADDRESS_SPACE = 1
"""Triton's global memory address space: the default of `!mlc_kernel.ptr`, elided when printed."""

MAX_BLOCK_NUMEL = 1 << 20
"""Triton's TRITON_MAX_TENSOR_NUMEL: the largest number of elements in one block."""

FLOAT_TYPES = (Float32Type, Float16Type, BFloat16Type, Float64Type)


def is_float(element: Attribute) -> bool:
    """True for the float element types a kernel computes on (f64, f32, f16, bf16)."""
    return isinstance(element, FLOAT_TYPES)


def is_integer(element: Attribute) -> bool:
    """True for builtin integer types of any width (signless, as Triton's are)."""
    return isinstance(element, IntegerType)


def is_number(element: Attribute) -> bool:
    """True for the integer and float element types memory and arithmetic work on."""
    return is_float(element) or is_integer(element)


def is_power_of_two(n: int) -> bool:
    """True for 1, 2, 4, 8, ..."""
    return n > 0 and n & (n - 1) == 0


def byte_width(element: Attribute) -> int:
    """Bytes one element occupies in memory (i1 takes a byte, as in Triton)."""
    if is_integer(element):
        return max(1, element.width.data // 8)
    assert is_float(element)
    return element.bitwidth // 8


@irdl_attr_definition
class PtrType(ParametrizedAttribute, TypeAttribute):
    """A pointer to `pointee` values: `!mlc_kernel.ptr<f32>`, `!mlc_kernel.ptr<f16, 3>`."""

    name = "mlc_kernel.ptr"

    pointee: Attribute
    address_space: IntAttr

    def __init__(self, pointee: Attribute, address_space: int = GLOBAL_ADDRESS_SPACE):
        super().__init__(pointee, IntAttr(address_space))

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> Sequence[Attribute]:
        with parser.in_angle_brackets():
            pointee = parser.parse_type()
            space = GLOBAL_ADDRESS_SPACE
            if parser.parse_optional_punctuation(","):
                space = parser.parse_integer(allow_boolean=False, allow_negative=False)
        return (pointee, IntAttr(space))

    def print_parameters(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            printer.print_attribute(self.pointee)
            if self.address_space.data != GLOBAL_ADDRESS_SPACE:
                printer.print_string(f", {self.address_space.data}")

    def verify(self) -> None:
        if not is_number(self.pointee):
            raise VerifyException(
                f"{self.name}: expected pointee to be an integer or float type, got {self.pointee}"
            )


def type_of(value: SSAValue | Attribute) -> Attribute:
    """The type of an SSA value, or the attribute itself when given a type."""
    return value.type if isinstance(value, SSAValue) else value


def block_of(op: Operation, what: str, value: SSAValue | Attribute) -> tuple[Shape, Attribute]:
    """(shape, element type) of a scalar (shape ()) or a block; fails on any other type."""
    typ = type_of(value)
    if not isinstance(typ, ShapedType):
        return (), typ
    if not isinstance(typ, TensorType):
        raise fail(op, f"expected {what} to be a scalar or a block tensor, got {typ}")
    shape = typ.get_shape()
    if not shape or any(not is_power_of_two(d) for d in shape):
        raise fail(
            op, f"expected {what} to have power-of-two block dimensions (Triton's rule), got {typ}"
        )
    numel = 1
    for d in shape:
        numel *= d
    if numel > MAX_BLOCK_NUMEL:
        raise fail(op, f"expected {what} to have at most {MAX_BLOCK_NUMEL} elements, got {typ}")
    return shape, typ.get_element_type()


def number_block(op: Operation, what: str, value: SSAValue | Attribute) -> tuple[Shape, Attribute]:
    """`block_of`, checked to hold integer or float elements (not pointers)."""
    shape, element = block_of(op, what, value)
    if not is_number(element):
        raise fail(op, f"expected {what} to hold integers or floats, got {type_of(value)}")
    return shape, element


def pointer_block(op: Operation, what: str, value: SSAValue | Attribute) -> tuple[Shape, PtrType]:
    """(shape, pointer type) of a pointer or a block of pointers; fails on anything else."""
    shape, element = block_of(op, what, value)
    if not isinstance(element, PtrType):
        raise fail(op, f"expected {what} to be a pointer or a block of pointers, got {type_of(value)}")
    return shape, element


def block_type(shape: Shape, element: Attribute) -> Attribute:
    """The type of a block of `shape` (the element type itself for a scalar)."""
    return TensorType(element, shape) if shape else element


def expect_type(op: Operation, what: str, expected: Attribute, value: SSAValue | Attribute) -> None:
    """Fail with 'expected <what> <expected>, got <actual>' unless the type of `value` matches."""
    actual = type_of(value)
    if actual != expected:
        raise fail(op, f"expected {what} {expected}, got {actual}")


def int_prop(op: IRDLOperation, name: str) -> int:
    """The value of integer property `name`, or fail naming what it holds instead."""
    attr = op.properties[name]
    if not isinstance(attr, IntegerAttr):
        raise fail(op, f"expected {name} to be an integer attribute, got {attr}")
    return attr.value.data


def choice_prop(op: IRDLOperation, name: str, choices: Sequence[str]) -> str:
    """The value of string property `name`, checked to be one of `choices`."""
    attr = op.properties[name]
    if not isinstance(attr, StringAttr) or attr.data not in choices:
        raise fail(op, f"expected {name} in ({', '.join(choices)}), got {attr}")
    return attr.data


def enclosing_kernel(op: Operation) -> Operation | None:
    """The mlc_kernel.func around `op`, or None (host code)."""
    parent = op.parent_op()
    while parent is not None and parent.name != "mlc_kernel.func":
        parent = parent.parent_op()
    return parent


class InKernel(OpTrait):
    """Device ops (program ids, memory access) live inside an mlc_kernel.func."""

    def verify(self, op: Operation) -> None:
        if op.parent_op() is None or enclosing_kernel(op) is not None:
            return
        owner = op.parent_op()
        while owner is not None and not owner.has_trait(IsolatedFromAbove):
            owner = owner.parent_op()
        raise fail(op, f"expected to be inside an mlc_kernel.func, got {fmt_owner(owner)}")


class OnHost(OpTrait):
    """Host ops (launch, alloc, view) live outside every mlc_kernel.func."""

    def verify(self, op: Operation) -> None:
        kernel = enclosing_kernel(op)
        if kernel is not None:
            raise fail(op, f"expected to be outside mlc_kernel.func (host code), got {fmt_owner(kernel)}")


def fmt_owner(owner: Operation | None) -> str:
    """Name an enclosing op as '<op name> @<symbol>' (or 'a detached op' when there is none)."""
    if owner is None:
        return "no enclosing function"
    symbol = owner.properties.get("sym_name")
    return f"{owner.name} @{symbol.data}" if isinstance(symbol, StringAttr) else owner.name


def parse_operand_list(parser: Parser, max_count: int) -> list[UnresolvedOperand]:
    """Parse 1..max_count comma-separated operands (`%p, %m, %o`) of a Triton-style op."""
    operands = [parser.parse_unresolved_operand()]
    while len(operands) < max_count and parser.parse_optional_punctuation(","):
        operands.append(parser.parse_unresolved_operand())
    return operands


def split_properties(
    op_type: type[IRDLOperation], attrs: dict[str, Attribute]
) -> tuple[dict[str, Attribute], dict[str, Attribute]]:
    """Split a parsed attribute dictionary into (properties of `op_type`, other attributes)."""
    names = op_type.get_irdl_definition().properties
    props = {k: v for k, v in attrs.items() if k in names}
    return props, {k: v for k, v in attrs.items() if k not in names}


def print_attr_dict(printer: Printer, op: IRDLOperation, skip: Sequence[str] = ()) -> None:
    """Print properties then attributes as one `{...}` dictionary (MLIR's inherent attributes)."""
    merged = {k: v for k, v in op.properties.items() if k not in skip} | op.attributes
    if merged:
        printer.print_string(" ")
        printer.print_attr_dict(merged)


class TypeSignatureOp(IRDLOperation, abc.ABC):
    """Base of ops printed `%a, %b, ... {attrs} : T0 <sep> T1 ...`, whose few types give all others.

    `SEPARATORS` are the printed strings between the types after `:`; `signature` lists those
    types of an op and `types_from_signature` rebuilds (operand types, result types) from them.
    """

    SEPARATORS: ClassVar[tuple[str, ...]]

    @abc.abstractmethod
    def signature(self) -> list[Attribute]:
        """The types printed after `:`."""

    @classmethod
    @abc.abstractmethod
    def types_from_signature(cls, types: list[Attribute]) -> tuple[list[Attribute], list[Attribute]]:
        """(operand types, result types) of an op whose signature is `types`."""

    @classmethod
    def parse(cls, parser: Parser) -> "TypeSignatureOp":
        unresolved = [parser.parse_unresolved_operand()]
        for _ in cls.get_irdl_definition().operands[1:]:
            parser.parse_punctuation(",")
            unresolved.append(parser.parse_unresolved_operand())
        props, attrs = split_properties(cls, parser.parse_optional_attr_dict())
        parser.parse_punctuation(":")
        types = [parser.parse_type()]
        for separator in cls.SEPARATORS:
            parser.parse_punctuation(separator.strip())
            types.append(parser.parse_type())
        operand_types, result_types = cls.types_from_signature(types)
        operands = [parser.resolve_operand(u, t) for u, t in zip(unresolved, operand_types, strict=True)]
        op = cls.build(operands=operands, result_types=result_types, properties=props)
        op.attributes |= attrs
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list(self.operands, printer.print_operand)
        print_attr_dict(printer, self)
        printer.print_string(" : ")
        first, *rest = self.signature()
        printer.print_attribute(first)
        for separator, typ in zip(self.SEPARATORS, rest, strict=True):
            printer.print_string(separator)
            printer.print_attribute(typ)


def check_shapes_match(op: Operation, what: str, expected: Shape, got: Shape) -> None:
    """Fail unless an operand block has the same shape as the pointer block it goes with."""
    if expected != got:
        raise fail(op, f"expected {what} shape {fmt(expected)}, got {fmt(got)}")
