"""Element types as Triton (`tl.float16`) and torch (`torch.float16`) spell them."""

from xdsl.dialects.builtin import (
    BFloat16Type,
    Float16Type,
    Float32Type,
    Float64Type,
    IndexType,
    IntegerType,
    ShapedType,
)
from xdsl.ir import Attribute, Operation

from mlc.ir.diagnostics import OpError

FLOATS = {Float64Type: "float64", Float32Type: "float32", Float16Type: "float16", BFloat16Type: "bfloat16"}
INTS = {1: ("int1", "bool"), 8: ("int8", "int8"), 16: ("int16", "int16"), 32: ("int32", "int32"), 64: ("int64", "int64")}


def element_of(typ: Attribute) -> Attribute:
    """The element type of a block or buffer type, or a scalar type itself."""
    return typ.get_element_type() if isinstance(typ, ShapedType) else typ


def _names(op: Operation, typ: Attribute) -> tuple[str, str]:
    """(Triton name, torch name) of the element type of `typ`, or an error at `op`."""
    element = element_of(typ)
    if isinstance(element, IndexType):
        return "int64", "int64"
    if isinstance(element, IntegerType) and element.width.data in INTS:
        return INTS[element.width.data]
    for kind, name in FLOATS.items():
        if isinstance(element, kind):
            return name, name
    raise OpError(op, f"{op.name}: element type {element} has no Triton equivalent; use f64, f32, f16, bf16 or i1/i8/i16/i32/i64")


def tl_dtype(op: Operation, typ: Attribute) -> str:
    """`tl.<name>` for the element type of `typ`."""
    return "tl." + _names(op, typ)[0]


def torch_dtype(op: Operation, typ: Attribute) -> str:
    """`torch.<name>` for the element type of `typ`."""
    return "torch." + _names(op, typ)[1]


def bit_width(typ: Attribute) -> int:
    """Bits of the element type of `typ` (index counts as 64)."""
    element = element_of(typ)
    if isinstance(element, IndexType):
        return 64
    if isinstance(element, IntegerType):
        return element.width.data
    return element.bitwidth
