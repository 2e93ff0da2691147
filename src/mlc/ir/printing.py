"""Printing IR for output and dumps, with MLIR's elision of large elements attributes."""

import math
from dataclasses import dataclass, field, replace
from io import StringIO

from xdsl.context import Context
from xdsl.dialects.builtin import Builtin, DenseIntOrFPElementsAttr, DenseResourceAttr, ShapedType
from xdsl.ir import Attribute, Operation
from xdsl.printer import Printer


@dataclass(eq=False, repr=False)
class ElidingPrinter(Printer):
    """A Printer that shows `dense<...>`/`dense_resource<...>` of more than N elements elided."""

    elide_larger_than: int | None = field(default=None)

    def print_attribute(self, attribute: Attribute) -> None:
        """Print `attribute`, as `dense_resource<__elided__> : type` when it is too large."""
        if (
            self.elide_larger_than is not None
            and isinstance(attribute, DenseIntOrFPElementsAttr | DenseResourceAttr)
            and isinstance(shaped := attribute.get_type(), ShapedType)
            and math.prod(shaped.get_shape()) > self.elide_larger_than
        ):
            self.print_string("dense_resource<__elided__> : ")
            super().print_attribute(shaped)
            return
        super().print_attribute(attribute)


@dataclass(frozen=True)
class PrintOptions:
    """How mlc-opt prints IR (its output and its IR dumps)."""

    generic: bool = False
    debuginfo: bool = False
    properties_as_attributes: bool = False
    elide_larger_than: int | None = None

    def to_text(self, op: Operation, ctx: Context) -> str:
        """`op` as text, followed by the dialect resources (blobs) it references."""
        out = StringIO()
        printer = ElidingPrinter(
            stream=out,
            print_generic_format=self.generic,
            print_debuginfo=self.debuginfo,
            print_properties_as_attributes=self.properties_as_attributes,
            elide_larger_than=self.elide_larger_than,
        )
        printer.print_op(op)
        # Blobs live in the builtin dialect, loaded or not (a pass may create the first one).
        printer.print_metadata([Builtin, *ctx.loaded_dialects])
        out.write("\n")
        return out.getvalue()

    def as_generic(self) -> "PrintOptions":
        """The same options in generic form (for IR that may not verify)."""
        return replace(self, generic=True)
