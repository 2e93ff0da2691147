"""mlc_tensor elementwise ops: unary math, binary arithmetic with broadcasting, compare, select, cast."""

from xdsl.irdl import irdl_op_definition

from mlc.dialects.mlc_tensor.base import ElementwiseBinaryOp, ElementwiseUnaryOp


@irdl_op_definition
class NegOp(ElementwiseUnaryOp):
    """Elementwise negation: -x."""

    name = "mlc_tensor.neg"


@irdl_op_definition
class ExpOp(ElementwiseUnaryOp):
    """Elementwise natural exponential: e**x."""

    name = "mlc_tensor.exp"


@irdl_op_definition
class AddOp(ElementwiseBinaryOp):
    """Elementwise addition with numpy broadcasting: lhs + rhs."""

    name = "mlc_tensor.add"


OPS = [NegOp, ExpOp, AddOp]
