"""mlc_tensor.fused: a region op holding one fusion group (later one kernel), and its yield.

A body holds mlc_tensor ops and the mlc_quant conversions and products (a quantized layer's
quantize, GEMM and requantize/dequantize epilogue are one kernel); values crossing it may be
quantized tensors. mlc_quant.constant weights stay outside: a kernel reads them as buffers in
their physical layout (packed int4, 2:4 kept values and positions).
"""

from collections.abc import Sequence

from xdsl.dialects.builtin import StringAttr
from xdsl.dialects.utils.format import parse_assignment, print_assignment
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    lazy_traits_def,
    opt_prop_def,
    region_def,
    traits_def,
    var_operand_def,
    var_result_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import HasParent, IsolatedFromAbove, IsTerminator, Pure, RecursiveMemoryEffect
from xdsl.utils.exceptions import VerifyException

from mlc.dialects.mlc_quant.types import quantized_element
from mlc.dialects.mlc_tensor.base import checked_tensor
from mlc.dialects.verify import expect, fail, tensor_type

BODY_DIALECTS = ("mlc_tensor", "mlc_quant")
"""The dialects whose ops a fused body may hold."""

WEIGHT_OPS = ("mlc_quant.constant",)
"""Ops a body may not hold: weights in a physical layout, passed to the kernel as operands."""


class IsolatedBody(IsolatedFromAbove):
    """IsolatedFromAbove whose failure names the op, the offending user and the operand."""

    def verify(self, op: Operation) -> None:
        for inner in op.walk():
            for i, operand in enumerate(inner.operands):
                if inner is not op and (operand.owner is op or not op.is_ancestor(operand.owner)):
                    raise fail(
                        op,
                        "expected the body to use only its block arguments and values defined "
                        f"in it (isolated from above), got operand #{i} of {inner.name} "
                        "defined outside",
                    )


@irdl_op_definition
class YieldOp(IRDLOperation):
    """Terminator of an mlc_tensor.fused body: its operands become the fused op's results."""

    name = "mlc_tensor.yield"

    values = var_operand_def()

    traits = lazy_traits_def(lambda: (IsTerminator(), HasParent(FusedOp), Pure()))

    assembly_format = "attr-dict ($values^ `:` type($values))?"

    def __init__(self, *values: SSAValue):
        super().__init__(operands=[values])


@irdl_op_definition
class FusedOp(IRDLOperation):
    """One fusion group: captured values in, a body of mlc_tensor and mlc_quant ops, the yielded values out."""

    name = "mlc_tensor.fused"

    inputs = var_operand_def()
    outputs = var_result_def()
    body = region_def()
    kind = opt_prop_def()

    traits = traits_def(IsolatedBody(), RecursiveMemoryEffect())

    def __init__(
        self,
        inputs: Sequence[SSAValue],
        body: Region | Block,
        kind: str | None = None,
        result_types: Sequence[Attribute] | None = None,
    ):
        """Wrap `body` (block arguments mirroring `inputs`, ending in a yield) as one group."""
        region = body if isinstance(body, Region) else Region(body)
        if result_types is None:
            terminator = region.blocks.first.last_op if region.blocks.first else None
            result_types = [v.type for v in terminator.operands] if terminator else []
        super().__init__(
            operands=[inputs],
            result_types=[result_types],
            regions=[region],
            properties={"kind": StringAttr(kind)} if kind is not None else {},
        )

    @property
    def yield_op(self) -> YieldOp:
        """The terminator of the (verified) body."""
        terminator = self.body.block.last_op
        assert isinstance(terminator, YieldOp)
        return terminator

    def verify(self, verify_nested_ops: bool = True) -> None:
        # The body's block structure is checked before the ops in it, so that a body ending in
        # something other than a yield is reported here, not as "not a terminator" by that op.
        try:
            self.verify_structure()
        except VerifyException as err:
            self.emit_error(f"Operation does not verify: {err}", err)
        super().verify(verify_nested_ops)

    def verify_structure(self) -> None:
        """One block, ending in mlc_tensor.yield, with one argument per operand."""
        blocks = list(self.body.blocks)
        if len(blocks) != 1:
            raise fail(self, f"expected a body of exactly one block, got {len(blocks)}")
        (block,) = blocks
        last = block.last_op
        if not isinstance(last, YieldOp):
            got = last.name if last is not None else "an empty block"
            raise fail(self, f"expected the body to end in {YieldOp.name}, got {got}")
        expect(
            self, "number of block arguments (one per operand)", len(self.inputs), len(block.args)
        )

    def verify_(self) -> None:
        if self.kind is not None and not isinstance(self.kind, StringAttr):
            raise fail(self, f"expected kind to be a string, got {self.kind}")
        block = self.body.block
        for i, (operand, arg) in enumerate(zip(self.inputs, block.args)):
            if quantized_element(operand.type) is None:
                checked_tensor(self, f"operand #{i}", operand)
            else:  # a quantized tensor: its element type was checked by the op defining it
                tensor_type(self, f"operand #{i}", operand.type)
            expect(self, f"block argument #{i} type", operand.type, arg.type)
        for inner in block.ops:
            if inner.dialect_name() not in BODY_DIALECTS or isinstance(inner, FusedOp):
                raise fail(
                    self,
                    "expected only mlc_tensor and mlc_quant ops (no nested fused) in the body, "
                    f"got {inner.name}",
                )
            if inner.name in WEIGHT_OPS:
                raise fail(
                    self,
                    f"expected {inner.name} weights as operands (read in their stored layout), "
                    "got one in the body",
                )
        if not self.outputs:
            raise fail(self, "expected at least one result, got 0")
        expect(
            self,
            "yielded types",
            list(self.outputs.types),
            list(self.yield_op.values.types),
        )

    def print(self, printer: Printer) -> None:
        printer.print_string(" (")
        printer.print_list(
            zip(self.body.block.args, self.inputs),
            lambda pair: print_assignment(printer, *pair),
        )
        printer.print_string(")")
        printer.print_op_attributes(self.attributes | self.properties)
        printer.print_string(" : ")
        printer.print_function_type(self.inputs.types, self.outputs.types)
        printer.print_string(" ")
        printer.print_region(self.body, print_entry_block_args=False)

    @classmethod
    def parse(cls, parser: Parser) -> "FusedOp":
        pos = parser.pos
        pairs = parser.parse_comma_separated_list(
            Parser.Delimiter.PAREN, lambda: parse_assignment(parser)
        )
        attributes = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        function_type = parser.parse_function_type()
        input_types = function_type.inputs.data
        inputs = parser.resolve_operands([value for _, value in pairs], input_types, pos)
        args = [arg.resolve(typ) for (arg, _), typ in zip(pairs, input_types)]
        body = parser.parse_region(args)
        kind = attributes.pop("kind", None)
        return cls.create(
            operands=inputs,
            result_types=function_type.outputs.data,
            regions=[body],
            properties={"kind": kind} if kind is not None else {},
            attributes=attributes,
        )


OPS = [FusedOp, YieldOp]
