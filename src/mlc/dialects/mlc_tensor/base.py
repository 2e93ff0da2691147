"""Shared pieces of mlc_tensor: the element types it accepts and the elementwise op families."""

import abc
from typing import ClassVar

from xdsl.dialects.builtin import (
    BFloat16Type,
    Float16Type,
    Float32Type,
    IntegerType,
    TensorType,
    i1,
)
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import IRDLOperation, operand_def, result_def, traits_def
from xdsl.pattern_rewriter import RewritePattern
from xdsl.traits import HasCanonicalizationPatternsTrait, Pure

from mlc.dialects.verify import broadcast_shapes, expect, fail, tensor_type

FLOAT_TYPES = (Float32Type, Float16Type, BFloat16Type)
INTEGER_WIDTHS = (1, 8, 32, 64)


def is_float(element_type: Attribute) -> bool:
    """True for the float element types mlc_tensor accepts (f32, f16, bf16)."""
    return isinstance(element_type, FLOAT_TYPES)


def is_integer(element_type: Attribute) -> bool:
    """True for the signless integer element types mlc_tensor accepts (i1, i8, i32, i64)."""
    return (
        isinstance(element_type, IntegerType)
        and element_type.width.data in INTEGER_WIDTHS
        and element_type.signedness.data.name == "SIGNLESS"
    )


def is_supported(element_type: Attribute) -> bool:
    """True for every element type of mlc_tensor: f32, f16, bf16, i1, i8, i32, i64."""
    return is_float(element_type) or is_integer(element_type)


def checked_tensor(
    op: IRDLOperation,
    what: str,
    value: SSAValue | Attribute,
    *,
    float_only: bool = False,
    allow_i1: bool = True,
    integer_only: bool = False,
) -> TensorType:
    """The static tensor type of `value`, checked to hold a supported element type.

    `float_only` admits only f32/f16/bf16; `integer_only` only i1/i8/i32/i64 (bitwise ops);
    `allow_i1=False` rejects i1 (for arithmetic).
    """
    typ = tensor_type(op, what, value.type if isinstance(value, SSAValue) else value)
    element = typ.get_element_type()
    if float_only and not is_float(element):
        raise fail(op, f"expected {what} to have a float element type (f32, f16, bf16), got {element}")
    if not is_supported(element):
        raise fail(
            op, f"expected {what} element type in (f32, f16, bf16, i1, i8, i32, i64), got {element}"
        )
    if integer_only and not is_integer(element):
        allowed = "i1, i8, i32, i64" if allow_i1 else "i8, i32, i64"
        raise fail(op, f"expected {what} to have an integer element type ({allowed}), got {element}")
    if not allow_i1 and element == i1:
        allowed = "i8, i32, i64" if integer_only else "f32, f16, bf16, i8, i32, i64"
        raise fail(op, f"expected {what} element type in ({allowed}), got i1")
    return typ


class CanonicalizationPatterns(HasCanonicalizationPatternsTrait):
    """The `canonicalize` rules of an mlc_tensor op (mlc.passes.canonicalization.mlc_tensor)."""

    @classmethod
    def get_canonicalization_patterns(cls) -> tuple[RewritePattern, ...]:
        # Imported on use: the rules import this dialect.
        from mlc.passes.canonicalization.mlc_tensor import MlcTensorRules

        return (MlcTensorRules(),)


class ElementwiseUnaryOp(IRDLOperation, abc.ABC):
    """Base of the unary elementwise ops: result type equals operand type."""

    FLOAT_ONLY: ClassVar[bool] = True
    """Only f32/f16/bf16 operands (transcendental math); else integers too."""
    INTEGER_ONLY: ClassVar[bool] = False
    """Only integer operands (bitwise not); set with FLOAT_ONLY = False."""
    ALLOW_I1: ClassVar[bool] = False
    """Whether i1 operands are accepted (when not FLOAT_ONLY)."""

    # Any type in IRDL: verify_ checks, so that even a non-tensor gets an mlc_tensor message.
    input = operand_def()
    result = result_def()

    traits = traits_def(Pure(), CanonicalizationPatterns())

    assembly_format = "$input attr-dict `:` type($input) `->` type($result)"

    def __init__(self, input: SSAValue, result_type: Attribute | None = None):
        super().__init__(operands=[input], result_types=[result_type or input.type])

    def verify_(self) -> None:
        typ = checked_tensor(
            self,
            "operand",
            self.input,
            float_only=self.FLOAT_ONLY,
            allow_i1=self.ALLOW_I1,
            integer_only=self.INTEGER_ONLY,
        )
        expect(self, "result type", typ, self.result.type)


class ElementwiseBinaryOp(IRDLOperation, abc.ABC):
    """Base of the binary elementwise ops with numpy broadcasting of the two operands."""

    FLOAT_ONLY: ClassVar[bool] = False
    """Only f32/f16/bf16 operands; else integers too (signless, read as two's complement)."""
    INTEGER_ONLY: ClassVar[bool] = False
    """Only integer operands (bitwise and shifts)."""
    ALLOW_I1: ClassVar[bool] = False
    """Whether i1 operands are accepted (compare, maximum, minimum); arithmetic on i1 is not."""

    lhs = operand_def()
    rhs = operand_def()
    result = result_def()

    traits = traits_def(Pure(), CanonicalizationPatterns())

    assembly_format = (
        "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)"
    )

    def __init__(self, lhs: SSAValue, rhs: SSAValue, result_type: Attribute | None = None):
        if result_type is None:
            lhs_type = tensor_type(self, "lhs", lhs.type)
            rhs_type = tensor_type(self, "rhs", rhs.type)
            shape = broadcast_shapes(self, [lhs_type.get_shape(), rhs_type.get_shape()])
            result_type = TensorType(self.result_element_type(lhs_type.get_element_type()), shape)
        super().__init__(operands=[lhs, rhs], result_types=[result_type])

    @classmethod
    def result_element_type(cls, operand_element: Attribute) -> Attribute:
        """The element type of the result given the operands' (the same, except for compares)."""
        return operand_element

    def verify_(self) -> None:
        kinds = dict(
            float_only=self.FLOAT_ONLY, allow_i1=self.ALLOW_I1, integer_only=self.INTEGER_ONLY
        )
        lhs = checked_tensor(self, "lhs", self.lhs, **kinds)
        rhs = checked_tensor(self, "rhs", self.rhs, **kinds)
        expect(self, "rhs element type", lhs.get_element_type(), rhs.get_element_type())
        shape = broadcast_shapes(self, [lhs.get_shape(), rhs.get_shape()])
        expected = TensorType(self.result_element_type(lhs.get_element_type()), shape)
        expect(self, "result type", expected, self.result.type)
