"""mlc_tensor elementwise ops: unary math, binary arithmetic with broadcasting, compare, select, cast.

Integers are signless and read as two's complement; integer results wrap to their width.
f16/bf16 math is computed in f32 and rounded once to the result type. The numpy
interpreter (mlc.runtime.interpreter.mlc_tensor.elementwise) is the exact definition.
"""

from typing import ClassVar

from xdsl.dialects.builtin import StringAttr, TensorType, i1
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
from xdsl.traits import Pure

from mlc.dialects.mlc_tensor.base import (
    CanonicalizationPatterns,
    ElementwiseBinaryOp,
    ElementwiseUnaryOp,
    checked_tensor,
)
from mlc.dialects.verify import broadcast_shapes, expect, fail, tensor_type

# ---- unary ----------------------------------------------------------------------------------


@irdl_op_definition
class NegOp(ElementwiseUnaryOp):
    """Elementwise negation: -x (integers wrap: -(-128) is -128 in i8)."""

    name = "mlc_tensor.neg"
    FLOAT_ONLY: ClassVar[bool] = False


@irdl_op_definition
class AbsOp(ElementwiseUnaryOp):
    """Elementwise absolute value: |x| (integers wrap: |-128| is -128 in i8)."""

    name = "mlc_tensor.abs"
    FLOAT_ONLY: ClassVar[bool] = False


@irdl_op_definition
class ReluOp(ElementwiseUnaryOp):
    """Elementwise rectifier: max(x, 0); NaN stays NaN."""

    name = "mlc_tensor.relu"
    FLOAT_ONLY: ClassVar[bool] = False


@irdl_op_definition
class ExpOp(ElementwiseUnaryOp):
    """Elementwise natural exponential: e**x."""

    name = "mlc_tensor.exp"


@irdl_op_definition
class LogOp(ElementwiseUnaryOp):
    """Elementwise natural logarithm: ln x (-inf at 0, NaN below)."""

    name = "mlc_tensor.log"


@irdl_op_definition
class SqrtOp(ElementwiseUnaryOp):
    """Elementwise square root (NaN below 0)."""

    name = "mlc_tensor.sqrt"


@irdl_op_definition
class RsqrtOp(ElementwiseUnaryOp):
    """Elementwise reciprocal square root: 1 / sqrt(x)."""

    name = "mlc_tensor.rsqrt"


@irdl_op_definition
class TanhOp(ElementwiseUnaryOp):
    """Elementwise hyperbolic tangent."""

    name = "mlc_tensor.tanh"


@irdl_op_definition
class ErfOp(ElementwiseUnaryOp):
    """Elementwise Gauss error function."""

    name = "mlc_tensor.erf"


@irdl_op_definition
class SigmoidOp(ElementwiseUnaryOp):
    """Elementwise logistic function: 1 / (1 + e**-x)."""

    name = "mlc_tensor.sigmoid"


@irdl_op_definition
class SiluOp(ElementwiseUnaryOp):
    """Elementwise SiLU (swish): x * sigmoid(x)."""

    name = "mlc_tensor.silu"


@irdl_op_definition
class SinOp(ElementwiseUnaryOp):
    """Elementwise sine (radians)."""

    name = "mlc_tensor.sin"


@irdl_op_definition
class CosOp(ElementwiseUnaryOp):
    """Elementwise cosine (radians)."""

    name = "mlc_tensor.cos"


@irdl_op_definition
class ReciprocalOp(ElementwiseUnaryOp):
    """Elementwise reciprocal: 1 / x (±inf at ±0)."""

    name = "mlc_tensor.reciprocal"


@irdl_op_definition
class FloorOp(ElementwiseUnaryOp):
    """Elementwise round toward -inf."""

    name = "mlc_tensor.floor"


@irdl_op_definition
class CeilOp(ElementwiseUnaryOp):
    """Elementwise round toward +inf."""

    name = "mlc_tensor.ceil"


@irdl_op_definition
class RoundOp(ElementwiseUnaryOp):
    """Elementwise round to the nearest integer, halfway cases to even (2.5 -> 2, -0.5 -> -0)."""

    name = "mlc_tensor.round"


@irdl_op_definition
class TruncOp(ElementwiseUnaryOp):
    """Elementwise round toward zero."""

    name = "mlc_tensor.trunc"


@irdl_op_definition
class SignOp(ElementwiseUnaryOp):
    """Elementwise sign: -1, 0 or 1 (floats keep ±0 and NaN as they are)."""

    name = "mlc_tensor.sign"
    FLOAT_ONLY: ClassVar[bool] = False


@irdl_op_definition
class ErfInvOp(ElementwiseUnaryOp):
    """Elementwise inverse error function on (-1, 1): ±inf at ±1, NaN outside [-1, 1]."""

    name = "mlc_tensor.erf_inv"


@irdl_op_definition
class AsinOp(ElementwiseUnaryOp):
    """Elementwise arcsine in [-π/2, π/2] (NaN outside [-1, 1])."""

    name = "mlc_tensor.asin"


@irdl_op_definition
class AcosOp(ElementwiseUnaryOp):
    """Elementwise arccosine in [0, π] (NaN outside [-1, 1])."""

    name = "mlc_tensor.acos"


@irdl_op_definition
class AtanOp(ElementwiseUnaryOp):
    """Elementwise arctangent in (-π/2, π/2)."""

    name = "mlc_tensor.atan"


@irdl_op_definition
class Log1pOp(ElementwiseUnaryOp):
    """Elementwise ln(1 + x), accurate for x near 0."""

    name = "mlc_tensor.log1p"


@irdl_op_definition
class Expm1Op(ElementwiseUnaryOp):
    """Elementwise e**x - 1, accurate for x near 0."""

    name = "mlc_tensor.expm1"


@irdl_op_definition
class NotOp(ElementwiseUnaryOp):
    """Elementwise bitwise complement ~x of integers; logical not on i1."""

    name = "mlc_tensor.not"
    FLOAT_ONLY: ClassVar[bool] = False
    INTEGER_ONLY: ClassVar[bool] = True
    ALLOW_I1: ClassVar[bool] = True


GELU_APPROXIMATIONS = ("none", "tanh")


@irdl_op_definition
class GeluOp(ElementwiseUnaryOp):
    """GELU as PyTorch defines it: 'none' 0.5x(1+erf(x/√2)), 'tanh' 0.5x(1+tanh(√(2/π)(x+0.044715x³)))."""

    name = "mlc_tensor.gelu"

    approximate = prop_def(StringAttr, default_value=StringAttr("none"))

    irdl_options = (ParsePropInAttrDict(),)

    def __init__(
        self, input: SSAValue, approximate: str = "none", result_type: Attribute | None = None
    ):
        IRDLOperation.__init__(
            self,
            operands=[input],
            result_types=[result_type or input.type],
            properties={"approximate": StringAttr(approximate)},
        )

    def verify_(self) -> None:
        super().verify_()
        if self.approximate.data not in GELU_APPROXIMATIONS:
            raise fail(
                self,
                f"expected approximate in ({', '.join(GELU_APPROXIMATIONS)}), "
                f"got {self.approximate.data}",
            )


# ---- binary ---------------------------------------------------------------------------------


@irdl_op_definition
class AddOp(ElementwiseBinaryOp):
    """Elementwise addition with numpy broadcasting: lhs + rhs."""

    name = "mlc_tensor.add"


@irdl_op_definition
class SubOp(ElementwiseBinaryOp):
    """Elementwise subtraction with numpy broadcasting: lhs - rhs."""

    name = "mlc_tensor.sub"


@irdl_op_definition
class MulOp(ElementwiseBinaryOp):
    """Elementwise multiplication with numpy broadcasting: lhs * rhs."""

    name = "mlc_tensor.mul"


@irdl_op_definition
class DivOp(ElementwiseBinaryOp):
    """lhs / rhs, broadcast: IEEE true division for floats; integers truncate toward zero, x/0 = -1."""

    # Integer semantics are those of C, arith.divsi and XLA/StableHLO (x / 0 = -1, and
    # INT_MIN / -1 = INT_MIN by wrapping), which is also what GPU integer division gives.
    name = "mlc_tensor.div"


@irdl_op_definition
class PowOp(ElementwiseBinaryOp):
    """Elementwise power with numpy broadcasting: lhs ** rhs (floats only)."""

    name = "mlc_tensor.pow"
    FLOAT_ONLY: ClassVar[bool] = True


@irdl_op_definition
class MaximumOp(ElementwiseBinaryOp):
    """Elementwise maximum with numpy broadcasting; NaN propagates (i1: logical or)."""

    name = "mlc_tensor.maximum"
    ALLOW_I1: ClassVar[bool] = True


@irdl_op_definition
class MinimumOp(ElementwiseBinaryOp):
    """Elementwise minimum with numpy broadcasting; NaN propagates (i1: logical and)."""

    name = "mlc_tensor.minimum"
    ALLOW_I1: ClassVar[bool] = True


@irdl_op_definition
class RemOp(ElementwiseBinaryOp):
    """lhs - trunc(lhs / rhs) * rhs, broadcast: C fmod, the sign of lhs (x rem 0: NaN, ints x).

    The integer remainder pairs with mlc_tensor.div (truncating, x / 0 = -1), so that
    div * rhs + rem == lhs always: x rem 0 = x and INT_MIN rem -1 = 0, as XLA defines it.
    """

    name = "mlc_tensor.rem"


@irdl_op_definition
class Atan2Op(ElementwiseBinaryOp):
    """Elementwise angle of the point (x = rhs, y = lhs) in [-π, π], C atan2 (lhs is y)."""

    name = "mlc_tensor.atan2"
    FLOAT_ONLY: ClassVar[bool] = True


class BitwiseOp(ElementwiseBinaryOp):
    """Base of and/or/xor: bitwise on integers, logical on i1."""

    INTEGER_ONLY: ClassVar[bool] = True
    ALLOW_I1: ClassVar[bool] = True


@irdl_op_definition
class AndOp(BitwiseOp):
    """Elementwise bitwise and (logical and on i1) with broadcasting."""

    name = "mlc_tensor.and"


@irdl_op_definition
class OrOp(BitwiseOp):
    """Elementwise bitwise or (logical or on i1) with broadcasting."""

    name = "mlc_tensor.or"


@irdl_op_definition
class XorOp(BitwiseOp):
    """Elementwise bitwise exclusive or (logical xor on i1) with broadcasting."""

    name = "mlc_tensor.xor"


class ShiftOp(ElementwiseBinaryOp):
    """Base of the shifts of lhs by rhs bits (integers, not i1).

    The amount is read as unsigned: amounts of the bit width or more (and negative ones)
    shift every bit out, giving 0 (left, logical right) or the sign fill 0 / -1
    (arithmetic right), as XLA/StableHLO define it.
    """

    INTEGER_ONLY: ClassVar[bool] = True


@irdl_op_definition
class ShiftLeftOp(ShiftOp):
    """Elementwise lhs << rhs (bits shifted out are lost; 0 when rhs >= width or < 0)."""

    name = "mlc_tensor.shift_left"


@irdl_op_definition
class ShiftRightArithmeticOp(ShiftOp):
    """Elementwise lhs >> rhs filling with the sign bit (0 or -1 when rhs >= width or < 0)."""

    name = "mlc_tensor.shift_right_arithmetic"


@irdl_op_definition
class ShiftRightLogicalOp(ShiftOp):
    """Elementwise lhs >> rhs filling with zeros (lhs read unsigned; 0 when rhs >= width or < 0)."""

    name = "mlc_tensor.shift_right_logical"


# ---- compare --------------------------------------------------------------------------------


class CompareOp(ElementwiseBinaryOp):
    """Base of the compares: any element type, broadcasting, i1 result (integers are signed)."""

    ALLOW_I1: ClassVar[bool] = True

    @classmethod
    def result_element_type(cls, operand_element: Attribute) -> Attribute:
        return i1


@irdl_op_definition
class EqOp(CompareOp):
    """Elementwise lhs == rhs (false where either is NaN)."""

    name = "mlc_tensor.eq"


@irdl_op_definition
class NeOp(CompareOp):
    """Elementwise lhs != rhs (true where either is NaN)."""

    name = "mlc_tensor.ne"


@irdl_op_definition
class LtOp(CompareOp):
    """Elementwise lhs < rhs."""

    name = "mlc_tensor.lt"


@irdl_op_definition
class LeOp(CompareOp):
    """Elementwise lhs <= rhs."""

    name = "mlc_tensor.le"


@irdl_op_definition
class GtOp(CompareOp):
    """Elementwise lhs > rhs."""

    name = "mlc_tensor.gt"


@irdl_op_definition
class GeOp(CompareOp):
    """Elementwise lhs >= rhs."""

    name = "mlc_tensor.ge"


# ---- select, cast ---------------------------------------------------------------------------


@irdl_op_definition
class SelectOp(IRDLOperation):
    """Elementwise condition ? on_true : on_false, the three operands broadcast together."""

    name = "mlc_tensor.select"

    condition = operand_def()
    on_true = operand_def()
    on_false = operand_def()
    result = result_def()

    traits = traits_def(Pure(), CanonicalizationPatterns())

    assembly_format = (
        "$condition `,` $on_true `,` $on_false attr-dict `:` "
        "type($condition) `,` type($on_true) `,` type($on_false) `->` type($result)"
    )

    def __init__(
        self,
        condition: SSAValue,
        on_true: SSAValue,
        on_false: SSAValue,
        result_type: Attribute | None = None,
    ):
        if result_type is None:
            types = [
                tensor_type(self, what, value.type)
                for what, value in (
                    ("condition", condition),
                    ("on_true", on_true),
                    ("on_false", on_false),
                )
            ]
            shape = broadcast_shapes(self, [t.get_shape() for t in types])
            result_type = TensorType(types[1].get_element_type(), shape)
        super().__init__(operands=[condition, on_true, on_false], result_types=[result_type])

    def verify_(self) -> None:
        condition = checked_tensor(self, "condition", self.condition)
        expect(self, "condition element type", i1, condition.get_element_type())
        on_true = checked_tensor(self, "on_true", self.on_true)
        on_false = checked_tensor(self, "on_false", self.on_false)
        element = on_true.get_element_type()
        expect(self, "on_false element type", element, on_false.get_element_type())
        shapes = [condition.get_shape(), on_true.get_shape(), on_false.get_shape()]
        expect(self, "result type", TensorType(element, broadcast_shapes(self, shapes)), self.result.type)


@irdl_op_definition
class CastOp(IRDLOperation):
    """Elementwise conversion to another element type, same shape.

    float -> int: truncate toward zero, saturate at the integer range, NaN -> 0.
    int -> int: wrap (two's complement). any -> i1: x != 0 (NaN -> 1). i1 -> number: 0 or 1.
    to a float: round to nearest even, overflow to ±inf (ints reach f16/bf16 through f64,
    so only an i64 beyond 2**53 may round twice).
    """

    name = "mlc_tensor.cast"

    input = operand_def()
    result = result_def()

    traits = traits_def(Pure(), CanonicalizationPatterns())

    assembly_format = "$input attr-dict `:` type($input) `->` type($result)"

    def __init__(self, input: SSAValue, element_type: Attribute):
        shape = tensor_type(self, "operand", input.type).get_shape()
        super().__init__(operands=[input], result_types=[TensorType(element_type, shape)])

    def verify_(self) -> None:
        input = checked_tensor(self, "operand", self.input)
        result = checked_tensor(self, "result", self.result)
        expect(self, "result shape", input.get_shape(), result.get_shape())


OPS = [
    NegOp,
    AbsOp,
    ReluOp,
    ExpOp,
    LogOp,
    SqrtOp,
    RsqrtOp,
    TanhOp,
    ErfOp,
    SigmoidOp,
    SiluOp,
    SinOp,
    CosOp,
    ReciprocalOp,
    FloorOp,
    CeilOp,
    RoundOp,
    TruncOp,
    SignOp,
    ErfInvOp,
    AsinOp,
    AcosOp,
    AtanOp,
    Log1pOp,
    Expm1Op,
    NotOp,
    GeluOp,
    AddOp,
    SubOp,
    MulOp,
    DivOp,
    PowOp,
    MaximumOp,
    MinimumOp,
    RemOp,
    Atan2Op,
    AndOp,
    OrOp,
    XorOp,
    ShiftLeftOp,
    ShiftRightArithmeticOp,
    ShiftRightLogicalOp,
    EqOp,
    NeOp,
    LtOp,
    LeOp,
    GtOp,
    GeOp,
    SelectOp,
    CastOp,
]
