"""mlc_tensor constant ops: literal tensors and weights (dense / dense_resource) and iota."""

from collections.abc import Sequence
from io import StringIO

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import (
    BytesAttr,
    DenseIntOrFPElementsAttr,
    DenseResourceAttr,
    FloatAttr,
    IntegerAttr,
    TensorType,
    I64,
    f64,
    i64,
)
from xdsl.interfaces import HasFolderInterface
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    ParsePropInAttrDict,
    irdl_op_definition,
    opt_prop_def,
    prop_def,
    result_def,
    traits_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import ConstantLike, Pure

from mlc.dialects.mlc_tensor.base import checked_tensor, is_float
from mlc.dialects.verify import expect, fail
from mlc.ir.dtypes import tensor_type_of
from mlc.ir.resources import make_resource

DEFAULT_INLINE_LIMIT = 16
"""ConstantOp.from_array prints arrays of at most this many elements inline as dense<...>."""


def dense_attr(array: np.ndarray) -> DenseIntOrFPElementsAttr:
    """The builtin dense<...> attribute holding `array`, byte for byte as xDSL's parser builds it."""
    typ = tensor_type_of(array)
    if array.dtype == np.bool_:
        # xDSL stores i1 `true` as the byte 0xFF (the value -1 of a signless i1).
        array = array.astype(np.int8) * np.int8(-1)
    data = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<")).tobytes()
    return DenseIntOrFPElementsAttr(typ, BytesAttr(data))


def _prints_exactly(attr: DenseIntOrFPElementsAttr) -> bool:
    """Whether the text form parses back to the same bytes.

    xDSL 0.74 prints NaN, inf and some integral f32 values as hex bit patterns that its own
    parser then reads as integers, so such arrays must go to a dense_resource blob instead.
    """
    stream = StringIO()
    Printer(stream=stream).print_attribute(attr)
    parsed = Parser(Context(), stream.getvalue()).parse_attribute()
    return parsed == attr


@irdl_op_definition
class ConstantOp(IRDLOperation, HasFolderInterface):
    """A constant tensor: a small dense<...> literal (splats too) or a dense_resource weight blob."""

    name = "mlc_tensor.constant"

    value = prop_def(Attribute)
    result = result_def()

    traits = traits_def(Pure(), ConstantLike())

    def __init__(self, value: DenseIntOrFPElementsAttr | DenseResourceAttr):
        super().__init__(result_types=[value.type], properties={"value": value})

    @staticmethod
    def from_array(
        array: np.ndarray, name: str | None = None, inline_limit: int = DEFAULT_INLINE_LIMIT
    ) -> "ConstantOp":
        """A constant holding `array` (an mlc_tensor dtype): inline up to `inline_limit` elements, else a blob.

        The blob's key is derived from `name` (default "weight"); arrays whose values xDSL cannot
        print exactly inline go to a blob whatever their size.
        """
        array = np.asarray(array)
        if array.size <= inline_limit:
            attr = dense_attr(array)
            if _prints_exactly(attr):
                return ConstantOp(attr)
        return ConstantOp(make_resource(array, name or "weight"))

    def fold(self) -> Sequence[SSAValue | Attribute] | None:
        return (self.value,)

    def verify_(self) -> None:
        if not isinstance(self.value, DenseIntOrFPElementsAttr | DenseResourceAttr):
            raise fail(self, f"expected value to be a dense or dense_resource attribute, got {self.value}")
        typ = checked_tensor(self, "result", self.result)
        expect(self, "value type", typ, self.value.type)

    @classmethod
    def parse(cls, parser: Parser) -> "ConstantOp":
        attributes = parser.parse_optional_attr_dict()
        value = parser.parse_attribute()
        if not isinstance(value, DenseIntOrFPElementsAttr | DenseResourceAttr):
            parser.raise_error(f"{cls.name}: expected a dense or dense_resource attribute, got {value}")
        op = cls(value)
        op.attributes.update(attributes)
        return op

    def print(self, printer: Printer) -> None:
        printer.print_op_attributes(self.attributes)
        printer.print_string(" ")
        printer.print_attribute(self.value)


@irdl_op_definition
class IotaOp(IRDLOperation):
    """start + step * index along `dimension`, like torch.arange / lax.iota (defaults 0 and 1).

    Floats: computed in f64 and rounded once to the result type; start and step are f64
    attributes. Integers: start and step are i64 attributes and results wrap to the width.
    """

    name = "mlc_tensor.iota"

    dimension = prop_def(IntegerAttr[I64], default_value=IntegerAttr(0, i64))
    start = opt_prop_def(Attribute)
    step = opt_prop_def(Attribute)
    result = result_def()

    traits = traits_def(Pure())

    irdl_options = (ParsePropInAttrDict(),)

    assembly_format = "attr-dict `:` type($result)"

    def __init__(
        self,
        result_type: TensorType,
        dimension: int = 0,
        start: int | float | None = None,
        step: int | float | None = None,
    ):
        element = result_type.get_element_type()
        properties: dict[str, Attribute] = {"dimension": IntegerAttr(dimension, i64)}
        for key, number in (("start", start), ("step", step)):
            if number is not None:
                properties[key] = (
                    FloatAttr(float(number), f64) if is_float(element) else IntegerAttr(int(number), i64)
                )
        super().__init__(result_types=[result_type], properties=properties)

    def verify_(self) -> None:
        typ = checked_tensor(self, "result", self.result, allow_i1=False)
        rank = len(typ.get_shape())
        if rank == 0:
            raise fail(self, f"expected result rank >= 1, got 0 ({typ})")
        dimension = self.dimension.value.data
        if not 0 <= dimension < rank:
            raise fail(self, f"expected dimension in [0, {rank}), got {dimension}")
        element = typ.get_element_type()
        kind, number_type = (FloatAttr, f64) if is_float(element) else (IntegerAttr, i64)
        for key in ("start", "step"):
            attr = self.properties.get(key)
            if attr is not None and not (isinstance(attr, kind) and attr.type == number_type):
                raise fail(
                    self,
                    f"expected {key} to be an {number_type} attribute for element type {element}, "
                    f"got {attr}",
                )


OPS = [ConstantOp, IotaOp]
