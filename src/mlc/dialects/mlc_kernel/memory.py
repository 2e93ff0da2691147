"""mlc_kernel memory access: pointer arithmetic and masked load, store and atomic add.

Like Triton's tt dialect, a pointer block addresses one element per lane; offsets count
elements, not bytes. Masks are i1 blocks of the pointer block's shape: masked-off lanes
are not accessed (a load yields `other` there, or an unspecified value without it). The
printed form names only the pointer type; mask, value and result types follow from it.
"""

from typing import ClassVar

from xdsl.dialects.builtin import (
    BFloat16Type,
    Float16Type,
    Float32Type,
    IntegerType,
    StringAttr,
    TensorType,
    i1,
)
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import (
    AttrSizedOperandSegments,
    IRDLOperation,
    OptionalDef,
    irdl_op_definition,
    operand_def,
    opt_operand_def,
    opt_prop_def,
    result_def,
    traits_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import MemoryReadEffect, MemoryWriteEffect, Pure
from xdsl.utils.exceptions import VerifyException

from mlc.dialects.mlc_kernel.base import (
    InKernel,
    PtrType,
    Shape,
    TypeSignatureOp,
    block_of,
    block_type,
    check_shapes_match,
    choice_prop,
    expect_type,
    parse_operand_list,
    pointer_block,
    print_attr_dict,
    split_properties,
)
from mlc.dialects.verify import fail

EVICTION_POLICIES = ("evict_first", "evict_last")
"""Triton's eviction_policy values (absent = normal)."""


@irdl_op_definition
class AddPtrOp(TypeSignatureOp):
    """Advance pointers by integer element offsets: ptr + offset (tt.addptr)."""

    name = "mlc_kernel.addptr"
    SEPARATORS: ClassVar[tuple[str, ...]] = (", ",)

    ptr = operand_def()
    offset = operand_def()
    result = result_def()

    traits = traits_def(Pure())

    def __init__(self, ptr: SSAValue, offset: SSAValue):
        super().__init__(operands=[ptr, offset], result_types=[ptr.type])

    def signature(self) -> list[Attribute]:
        return [self.ptr.type, self.offset.type]

    @classmethod
    def types_from_signature(cls, types: list[Attribute]) -> tuple[list[Attribute], list[Attribute]]:
        ptr, offset = types
        return [ptr, offset], [ptr]

    def verify_(self) -> None:
        shape, _ = pointer_block(self, "ptr", self.ptr)
        offset_shape, offset_element = block_of(self, "offset", self.offset)
        if not isinstance(offset_element, IntegerType) or offset_element.width.data not in (32, 64):
            raise fail(self, f"expected offset element type i32 or i64, got {offset_element}")
        check_shapes_match(self, "offset", shape, offset_shape)
        expect_type(self, "result type", self.ptr.type, self.result)


class PointerAccessOp(IRDLOperation):
    """Base of load/store/atomic_add: `%ptr, <ROLES...> {hints} : <pointer type>`.

    The operands after the pointer are named by ROLES, the first REQUIRED of them required;
    a role's type follows from the pointer type: "mask" is i1, "value"/"other" the pointee.
    """

    ROLES: ClassVar[tuple[str, ...]]
    REQUIRED: ClassVar[int]
    CACHE_MODIFIERS: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def role_type(cls, role: str, shape: Shape, ptr: PtrType) -> Attribute:
        """The type an operand playing `role` has next to a pointer block of `shape`."""
        return block_type(shape, i1 if role == "mask" else ptr.pointee)

    @classmethod
    def result_types_for(cls, shape: Shape, ptr: PtrType) -> list[Attribute]:
        """Result types given the pointer block (the loaded / previous values, or none)."""
        return [block_type(shape, ptr.pointee)]

    @classmethod
    def build_access(
        cls, ptr: SSAValue, roles: dict[str, SSAValue], properties: dict[str, Attribute]
    ) -> "PointerAccessOp":
        """Build the op from its pointer, its role operands by name, and its hints."""
        groups: list[SSAValue | list[SSAValue]] = [ptr]
        for name, operand in cls.get_irdl_definition().operands[1:]:
            value = roles.get(name)
            if isinstance(operand, OptionalDef):
                groups.append([value] if value is not None else [])
            else:
                assert value is not None, f"{cls.name} needs operand {name}"
                groups.append(value)
        return cls.build(
            operands=groups, result_types=cls.infer_results(ptr), properties=properties
        )

    @classmethod
    def infer_results(cls, ptr: SSAValue) -> list[Attribute]:
        """Result types for pointer operand `ptr` (fails when it is not a pointer block)."""
        parts = pointer_parts(ptr.type)
        if parts is None:
            raise VerifyException(
                f"{cls.name}: expected ptr to be a pointer or a block of pointers, got {ptr.type}"
            )
        return cls.result_types_for(*parts)

    @classmethod
    def parse(cls, parser: Parser) -> "PointerAccessOp":
        unresolved = parse_operand_list(parser, 1 + len(cls.ROLES))
        if len(unresolved) < 1 + cls.REQUIRED:
            parser.raise_error(f"{cls.name} expects operands %ptr, {', %'.join(cls.ROLES[: cls.REQUIRED])}")
        props, attrs = split_properties(cls, parser.parse_optional_attr_dict())
        parser.parse_punctuation(":")
        ptr_type = parser.parse_type()
        parts = pointer_parts(ptr_type)
        if parts is None:
            parser.raise_error(f"{cls.name} expects a pointer or a block of pointers, got {ptr_type}")
        shape, ptr = parts
        ptr_value = parser.resolve_operand(unresolved[0], ptr_type)
        roles = {
            role: parser.resolve_operand(u, cls.role_type(role, shape, ptr))
            for role, u in zip(cls.ROLES, unresolved[1:])
        }
        op = cls.build_access(ptr_value, roles, props)
        op.attributes |= attrs
        return op

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list(self.operands, printer.print_operand)
        print_attr_dict(printer, self, skip=("operandSegmentSizes",))
        printer.print_string(" : ")
        printer.print_attribute(self.operands[0].type)

    def verify_(self) -> None:
        shape, ptr = pointer_block(self, "ptr", self.operands[0])
        definition = self.get_irdl_definition()
        for name, _ in definition.operands[1:]:
            value = getattr(self, name)
            if value is None:
                continue
            value_shape, element = block_of(self, name, value)
            if name == "mask" and element != i1:
                raise fail(self, f"expected mask element type i1, got {element}")
            check_shapes_match(self, name, shape, value_shape)
            expect_type(self, f"{name} type", self.role_type(name, shape, ptr), value)
        for result, expected in zip(self.results, self.result_types_for(shape, ptr), strict=True):
            expect_type(self, "result type", expected, result)
        if self.properties.get("cache") is not None:
            choice_prop(self, "cache", self.CACHE_MODIFIERS)
        if self.properties.get("eviction") is not None:
            choice_prop(self, "eviction", EVICTION_POLICIES)


def pointer_parts(typ: Attribute) -> tuple[Shape, PtrType] | None:
    """(shape, pointer type) of a pointer or a block of pointers, None for other types."""
    if isinstance(typ, PtrType):
        return (), typ
    if isinstance(typ, TensorType) and isinstance(typ.get_element_type(), PtrType):
        return typ.get_shape(), typ.get_element_type()
    return None


@irdl_op_definition
class LoadOp(PointerAccessOp):
    """Read one element per lane: %ptr, optional %mask, optional %other for masked-off lanes (tl.load)."""

    name = "mlc_kernel.load"

    ROLES: ClassVar[tuple[str, ...]] = ("mask", "other")
    REQUIRED: ClassVar[int] = 0
    CACHE_MODIFIERS: ClassVar[tuple[str, ...]] = ("ca", "cg", "cv")

    ptr = operand_def()
    mask = opt_operand_def()
    other = opt_operand_def()
    cache = opt_prop_def(Attribute)
    eviction = opt_prop_def(Attribute)
    result = result_def()

    traits = traits_def(MemoryReadEffect(), InKernel())

    irdl_options = (AttrSizedOperandSegments(as_property=True),)

    def __init__(
        self,
        ptr: SSAValue,
        mask: SSAValue | None = None,
        other: SSAValue | None = None,
        *,
        cache: str | None = None,
        eviction: str | None = None,
    ):
        super().__init__(
            operands=[ptr, [mask] if mask else [], [other] if other else []],
            result_types=self.infer_results(ptr),
            properties=_hints(cache, eviction),
        )

    def verify_(self) -> None:
        if self.other is not None and self.mask is None:
            raise fail(self, "expected a mask with other (other fills masked-off lanes), got no mask")
        super().verify_()


@irdl_op_definition
class StoreOp(PointerAccessOp):
    """Write %value to the lanes of %ptr where optional %mask is true (tl.store)."""

    name = "mlc_kernel.store"

    ROLES: ClassVar[tuple[str, ...]] = ("value", "mask")
    REQUIRED: ClassVar[int] = 1
    CACHE_MODIFIERS: ClassVar[tuple[str, ...]] = ("wb", "cg", "cs", "wt")

    ptr = operand_def()
    value = operand_def()
    mask = opt_operand_def()
    cache = opt_prop_def(Attribute)
    eviction = opt_prop_def(Attribute)

    traits = traits_def(MemoryWriteEffect(), InKernel())

    def __init__(
        self,
        ptr: SSAValue,
        value: SSAValue,
        mask: SSAValue | None = None,
        *,
        cache: str | None = None,
        eviction: str | None = None,
    ):
        super().__init__(
            operands=[ptr, value, [mask] if mask else []],
            result_types=self.infer_results(ptr),
            properties=_hints(cache, eviction),
        )

    @classmethod
    def result_types_for(cls, shape: Shape, ptr: PtrType) -> list[Attribute]:
        return []


ATOMIC_ADD_TYPES = (Float32Type, Float16Type, BFloat16Type)
"""Float pointee types atomic_add supports; integer pointees must be i32 or i64."""


@irdl_op_definition
class AtomicAddOp(PointerAccessOp):
    """Atomically add %value where optional %mask is true; yields the previous values (tl.atomic_add, acq_rel, gpu scope)."""

    name = "mlc_kernel.atomic_add"

    ROLES: ClassVar[tuple[str, ...]] = ("value", "mask")
    REQUIRED: ClassVar[int] = 1

    ptr = operand_def()
    value = operand_def()
    mask = opt_operand_def()
    result = result_def()

    traits = traits_def(MemoryReadEffect(), MemoryWriteEffect(), InKernel())

    def __init__(self, ptr: SSAValue, value: SSAValue, mask: SSAValue | None = None):
        super().__init__(
            operands=[ptr, value, [mask] if mask else []], result_types=self.infer_results(ptr)
        )

    def verify_(self) -> None:
        super().verify_()
        _, ptr = pointer_block(self, "ptr", self.ptr)
        pointee = ptr.pointee
        if not (
            isinstance(pointee, ATOMIC_ADD_TYPES)
            or (isinstance(pointee, IntegerType) and pointee.width.data in (32, 64))
        ):
            raise fail(self, f"expected pointee in (f32, f16, bf16, i32, i64), got {pointee}")


def _hints(cache: str | None, eviction: str | None) -> dict[str, Attribute]:
    """The cache/eviction hint properties that are given."""
    hints = {"cache": cache, "eviction": eviction}
    return {k: StringAttr(v) for k, v in hints.items() if v is not None}


OPS = [AddPtrOp, LoadOp, StoreOp, AtomicAddOp]
