"""mlc_kernel block compute: dot, reduce, and the block compare/select/convert ops.

Elementwise arithmetic in kernel bodies is upstream `arith`/`math` on block tensors. xDSL
0.74's `arith.cmpi`/`cmpf` yield only a scalar i1, `arith.select` takes only a scalar
condition, and its integer<->float conversions reject tensors, so the block forms of those
live here, with Triton's semantics (what `<`, `tl.where` and `.to()` do on blocks).
"""

import abc
from typing import ClassVar

from xdsl.dialects.builtin import IntegerAttr, StringAttr, f32, i1, i32, i64
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    ParsePropInAttrDict,
    irdl_op_definition,
    operand_def,
    prop_def,
    result_def,
    traits_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import Pure

from mlc.dialects.mlc_kernel.base import (
    Shape,
    TypeSignatureOp,
    block_of,
    block_type,
    check_shapes_match,
    choice_prop,
    expect_type,
    int_prop,
    is_float,
    is_integer,
    number_block,
    print_attr_dict,
    split_properties,
)
from mlc.dialects.verify import fail, fmt

INPUT_PRECISIONS = ("ieee", "tf32", "tf32x3")
"""How a dot multiplies f32 inputs: exactly, or on tf32 tensor cores (once or three times)."""

DOT_OPERAND_TYPES = ("f16", "bf16", "f32", "i8")
"""Element types of dot operands; floats accumulate in f32, i8 in i32."""

MIN_DOT_SIZE = 16
"""Triton's tl.dot needs M, N and K of at least 16."""

REDUCE_KINDS = ("sum", "max", "min", "argmax", "argmin")
"""Combiners of mlc_kernel.reduce; argmax/argmin yield the i32 index of the first extremum."""


@irdl_op_definition
class DotOp(TypeSignatureOp):
    """Block matrix product with accumulator: a[M,K] @ b[K,N] + acc[M,N] (tl.dot)."""

    name = "mlc_kernel.dot"
    SEPARATORS: ClassVar[tuple[str, ...]] = (" * ", " -> ")

    a = operand_def()
    b = operand_def()
    acc = operand_def()
    input_precision = prop_def(Attribute)
    result = result_def()

    traits = traits_def(Pure())

    def __init__(self, a: SSAValue, b: SSAValue, acc: SSAValue, input_precision: str = "ieee"):
        super().__init__(
            operands=[a, b, acc],
            result_types=[acc.type],
            properties={"input_precision": StringAttr(input_precision)},
        )

    def signature(self) -> list[Attribute]:
        return [self.a.type, self.b.type, self.result.type]

    @classmethod
    def types_from_signature(cls, types: list[Attribute]) -> tuple[list[Attribute], list[Attribute]]:
        a, b, result = types
        return [a, b, result], [result]

    def verify_(self) -> None:
        (m, k), a_element = self._matrix("a")
        (k2, n), b_element = self._matrix("b")
        acc_shape, acc_element = self._matrix("acc")
        if str(a_element) not in DOT_OPERAND_TYPES:
            raise fail(self, f"expected a element type in ({', '.join(DOT_OPERAND_TYPES)}), got {a_element}")
        if b_element != a_element:
            raise fail(self, f"expected b element type {a_element}, got {b_element}")
        if k2 != k:
            raise fail(self, f"expected b rows (K) {k}, got {k2}")
        if acc_shape != (m, n):
            raise fail(self, f"expected acc shape {fmt((m, n))}, got {fmt(acc_shape)}")
        if min(m, n, k) < MIN_DOT_SIZE:
            raise fail(
                self, f"expected M, N, K >= {MIN_DOT_SIZE} (Triton's minimum), got {fmt((m, n, k))}"
            )
        accumulator = f32 if is_float(a_element) else i32
        if acc_element != accumulator:
            raise fail(
                self, f"expected acc element type {accumulator} for {a_element} operands, got {acc_element}"
            )
        expect_type(self, "result type", self.acc.type, self.result)
        precision = choice_prop(self, "input_precision", INPUT_PRECISIONS)
        if precision != "ieee" and a_element != f32:
            raise fail(
                self,
                f"expected input_precision ieee for {a_element} operands (tf32 applies to f32), got {precision}",
            )

    def _matrix(self, name: str) -> tuple[Shape, Attribute]:
        """(shape, element type) of operand `name`, checked to be a rank-2 block."""
        value = getattr(self, name)
        shape, element = number_block(self, name, value)
        if len(shape) != 2:
            raise fail(self, f"expected {name} to be a rank-2 block, got {value.type}")
        return shape, element


@irdl_op_definition
class ReduceOp(IRDLOperation):
    """Reduce a block along `axis` with `kind`; the axis is removed (tl.sum, tl.max, tl.argmax, ...)."""

    name = "mlc_kernel.reduce"

    input = operand_def()
    axis = prop_def(Attribute)
    kind = prop_def(Attribute)
    result = result_def()

    traits = traits_def(Pure())

    irdl_options = (ParsePropInAttrDict(),)

    assembly_format = "$input attr-dict `:` type($input) `->` type($result)"

    def __init__(self, input: SSAValue, axis: int, kind: str):
        shape, element = block_of(self, "operand", input)
        result = block_type(shape[:axis] + shape[axis + 1 :], self.result_element(kind, element))
        super().__init__(
            operands=[input],
            properties={"axis": IntegerAttr(axis, i64), "kind": StringAttr(kind)},
            result_types=[result],
        )

    @staticmethod
    def result_element(kind: str, element: Attribute) -> Attribute:
        """The result element type: i32 indices for argmax/argmin, else the input's."""
        return i32 if kind.startswith("arg") else element

    def verify_(self) -> None:
        shape, element = number_block(self, "operand", self.input)
        kind = choice_prop(self, "kind", REDUCE_KINDS)
        axis = int_prop(self, "axis")
        if not 0 <= axis < len(shape):
            raise fail(self, f"expected axis in [0, {len(shape)}) of a block, got {axis}")
        if kind == "sum" and element == i1:
            raise fail(self, "expected a sum over integers or floats, got i1")
        expected = block_type(shape[:axis] + shape[axis + 1 :], self.result_element(kind, element))
        expect_type(self, "result type", expected, self.result)


class CompareOp(IRDLOperation, abc.ABC):
    """Base of cmpi/cmpf: `<predicate>, %lhs, %rhs : <operand type>` yields an i1 block."""

    PREDICATES: ClassVar[tuple[str, ...]]
    ELEMENTS: ClassVar[str]

    predicate = prop_def(Attribute)
    lhs = operand_def()
    rhs = operand_def()
    result = result_def()

    traits = traits_def(Pure())

    def __init__(self, predicate: str, lhs: SSAValue, rhs: SSAValue):
        shape, _ = block_of(self, "lhs", lhs)
        super().__init__(
            operands=[lhs, rhs],
            properties={"predicate": StringAttr(predicate)},
            result_types=[block_type(shape, i1)],
        )

    @abc.abstractmethod
    def accepts(self, element: Attribute) -> bool:
        """Whether operands of `element` type can be compared by this op."""

    @classmethod
    def parse(cls, parser: Parser) -> "CompareOp":
        predicate = parser.parse_identifier()
        parser.parse_punctuation(",")
        lhs = parser.parse_unresolved_operand()
        parser.parse_punctuation(",")
        rhs = parser.parse_unresolved_operand()
        props, attrs = split_properties(cls, parser.parse_optional_attr_dict())
        parser.parse_punctuation(":")
        typ = parser.parse_type()
        shape = typ.get_shape() if hasattr(typ, "get_shape") else ()
        op = cls.build(
            operands=[parser.resolve_operand(lhs, typ), parser.resolve_operand(rhs, typ)],
            properties={"predicate": StringAttr(predicate)} | props,
            result_types=[block_type(tuple(shape), i1)],
        )
        op.attributes |= attrs
        return op

    def print(self, printer: Printer) -> None:
        assert isinstance(self.predicate, StringAttr)
        printer.print_string(f" {self.predicate.data}, ")
        printer.print_list(self.operands, printer.print_operand)
        print_attr_dict(printer, self, skip=("predicate",))
        printer.print_string(" : ")
        printer.print_attribute(self.lhs.type)

    def verify_(self) -> None:
        if not isinstance(self.predicate, StringAttr) or self.predicate.data not in self.PREDICATES:
            raise fail(self, f"expected predicate in ({', '.join(self.PREDICATES)}), got {self.predicate}")
        shape, element = block_of(self, "lhs", self.lhs)
        if not self.accepts(element):
            raise fail(self, f"expected {self.ELEMENTS} operands, got {self.lhs.type}")
        expect_type(self, "rhs type", self.lhs.type, self.rhs)
        expect_type(self, "result type", block_type(shape, i1), self.result)


@irdl_op_definition
class CmpiOp(CompareOp):
    """Compare integer blocks lane by lane (signed or unsigned predicates of arith.cmpi)."""

    name = "mlc_kernel.cmpi"

    PREDICATES: ClassVar[tuple[str, ...]] = ("eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge")
    ELEMENTS: ClassVar[str] = "integer"

    def accepts(self, element: Attribute) -> bool:
        return is_integer(element)


@irdl_op_definition
class CmpfOp(CompareOp):
    """Compare float blocks lane by lane (ordered predicates, and une for !=, as Triton)."""

    name = "mlc_kernel.cmpf"

    PREDICATES: ClassVar[tuple[str, ...]] = ("oeq", "one", "olt", "ole", "ogt", "oge", "une")
    ELEMENTS: ClassVar[str] = "float"

    def accepts(self, element: Attribute) -> bool:
        return is_float(element)


@irdl_op_definition
class SelectOp(TypeSignatureOp):
    """Pick lanes of %a where %cond is true, else of %b (tl.where); cond is a scalar or same-shape i1."""

    name = "mlc_kernel.select"
    SEPARATORS: ClassVar[tuple[str, ...]] = (", ",)

    cond = operand_def()
    a = operand_def()
    b = operand_def()
    result = result_def()

    traits = traits_def(Pure())

    def __init__(self, cond: SSAValue, a: SSAValue, b: SSAValue):
        super().__init__(operands=[cond, a, b], result_types=[a.type])

    def signature(self) -> list[Attribute]:
        return [self.cond.type, self.result.type]

    @classmethod
    def types_from_signature(cls, types: list[Attribute]) -> tuple[list[Attribute], list[Attribute]]:
        cond, typ = types
        return [cond, typ, typ], [typ]

    def verify_(self) -> None:
        cond_shape, cond_element = block_of(self, "cond", self.cond)
        if cond_element != i1:
            raise fail(self, f"expected cond element type i1, got {cond_element}")
        shape, _ = block_of(self, "a", self.a)
        if cond_shape:
            check_shapes_match(self, "cond", shape, cond_shape)
        expect_type(self, "b type", self.a.type, self.b)
        expect_type(self, "result type", self.a.type, self.result)


@irdl_op_definition
class ConvertOp(IRDLOperation):
    """Convert element type lane by lane like Triton's .to(): float->int truncates, ->i1 is != 0."""

    name = "mlc_kernel.convert"

    input = operand_def()
    result = result_def()

    traits = traits_def(Pure())

    assembly_format = "$input attr-dict `:` type($input) `->` type($result)"

    def __init__(self, input: SSAValue, element: Attribute):
        shape, _ = block_of(self, "operand", input)
        super().__init__(operands=[input], result_types=[block_type(shape, element)])

    def verify_(self) -> None:
        shape, _ = number_block(self, "operand", self.input)
        result_shape, _ = number_block(self, "result", self.result)
        check_shapes_match(self, "result", shape, result_shape)


OPS = [DotOp, ReduceOp, CmpiOp, CmpfOp, SelectOp, ConvertOp]
