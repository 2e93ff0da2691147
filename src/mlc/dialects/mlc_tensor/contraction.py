"""mlc_tensor contraction ops: matmul, batch_matmul, linear (transposed weight) and conv2d.

All operands share one element type, which is also the result's. Floats (f32, f16, bf16)
accumulate in f32 and round once to the result type; the matmul family also takes i8, i32
and i64, which wrap like two's complement of that width.
"""

import abc
from collections.abc import Mapping, Sequence
from typing import ClassVar

from xdsl.dialects.builtin import IntegerAttr, StringAttr, TensorType, i64
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    irdl_op_definition,
    operand_def,
    opt_operand_def,
    prop_def,
    result_def,
    traits_def,
)
from xdsl.traits import Pure
from xdsl.utils.exceptions import VerifyException

from mlc.dialects.mlc_tensor.base import checked_tensor
from mlc.dialects.mlc_tensor.window import SlidingWindowOp, i64_array, padding4, pair
from mlc.dialects.verify import broadcast_shapes, expect, fail, fmt


def checked_operands(
    op: IRDLOperation,
    operands: Sequence[tuple[str, Attribute]],
    *,
    float_only: bool,
) -> list[TensorType]:
    """Check named operand types: static tensors of one element type allowed by the op (no i1)."""
    types = [
        checked_tensor(op, what, typ, float_only=float_only, allow_i1=False)
        for what, typ in operands
    ]
    for (what, _), typ in zip(operands[1:], types[1:]):
        expect(op, f"{what} element type", types[0].get_element_type(), typ.get_element_type())
    return types


def checked_rank(
    op: IRDLOperation, what: str, typ: TensorType, rank: int, *, at_least: bool = False
) -> None:
    """Fail unless `typ` has rank `rank` (or at least `rank`)."""
    if not at_least:
        expect(op, f"{what} rank", rank, typ.get_num_dims())
    elif typ.get_num_dims() < rank:
        raise fail(op, f"expected {what} rank >= {rank}, got {typ.get_num_dims()}")


INPUT_WEIGHT_BIAS_FORMAT = (
    "$input `,` $weight (`,` $bias^)? attr-dict `:` type($input) `,` type($weight)"
    " (`,` type($bias)^)? `->` type($result)"
)
"""Custom syntax of linear and conv2d: input, weight and an optional bias."""


def checked_input_weight_bias(
    op: IRDLOperation,
    input_type: Attribute,
    weight_type: Attribute,
    bias_type: Attribute | None,
    *,
    float_only: bool,
) -> list[TensorType]:
    """`checked_operands` of input, weight and the bias when there is one."""
    named = [("input", input_type), ("weight", weight_type)]
    if bias_type is not None:
        named.append(("bias", bias_type))
    return checked_operands(op, named, float_only=float_only)


class MatmulFamilyOp(IRDLOperation, abc.ABC):
    """Base of matmul and batch_matmul: lhs [..., M, K] times rhs [..., K, N]."""

    BATCHED: ClassVar[bool]
    """True: operands of rank >= 3 whose leading (batch) dims broadcast; False: rank 2."""

    # Any type in IRDL: verify_ checks, so that even a non-tensor gets an mlc_tensor message.
    lhs = operand_def()
    rhs = operand_def()
    result = result_def()

    traits = traits_def(Pure())

    assembly_format = "$lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)"

    def __init__(self, lhs: SSAValue, rhs: SSAValue, result_type: Attribute | None = None):
        result_type = result_type or self.infer_result_type(lhs.type, rhs.type)
        super().__init__(operands=[lhs, rhs], result_types=[result_type])

    def infer_result_type(self, lhs_type: Attribute, rhs_type: Attribute) -> TensorType:
        """The result type for these operand types, or fail naming what is wrong."""
        lhs, rhs = checked_operands(self, [("lhs", lhs_type), ("rhs", rhs_type)], float_only=False)
        rank = 3 if self.BATCHED else 2
        checked_rank(self, "lhs", lhs, rank, at_least=self.BATCHED)
        checked_rank(self, "rhs", rhs, rank, at_least=self.BATCHED)
        (*lhs_batch, m, k), (*rhs_batch, rhs_k, n) = lhs.get_shape(), rhs.get_shape()
        expect(self, "rhs contracting dimension", k, rhs_k)
        try:
            batch = broadcast_shapes(self, [lhs_batch, rhs_batch])
        except VerifyException:
            raise fail(
                self,
                f"expected broadcast-compatible batch dimensions, got {fmt(lhs_batch)} "
                f"and {fmt(rhs_batch)}",
            ) from None
        return TensorType(lhs.get_element_type(), (*batch, m, n))

    def verify_(self) -> None:
        expected = self.infer_result_type(self.lhs.type, self.rhs.type)
        expect(self, "result type", expected, self.result.type)


@irdl_op_definition
class MatmulOp(MatmulFamilyOp):
    """Matrix product: lhs [M, K] times rhs [K, N] gives [M, N]."""

    name = "mlc_tensor.matmul"

    BATCHED: ClassVar[bool] = False


@irdl_op_definition
class BatchMatmulOp(MatmulFamilyOp):
    """Batched matrix product [B..., M, K] x [B..., K, N] -> [B..., M, N], batch dims broadcast."""

    name = "mlc_tensor.batch_matmul"

    BATCHED: ClassVar[bool] = True


@irdl_op_definition
class LinearOp(IRDLOperation):
    """x [..., K] times transposed weight [N, K], plus optional bias [N]: torch's F.linear."""

    name = "mlc_tensor.linear"

    input = operand_def()
    weight = operand_def()
    bias = opt_operand_def()
    result = result_def()

    traits = traits_def(Pure())

    assembly_format = INPUT_WEIGHT_BIAS_FORMAT

    def __init__(
        self,
        input: SSAValue,
        weight: SSAValue,
        bias: SSAValue | None = None,
        result_type: Attribute | None = None,
    ):
        bias_type = bias.type if bias is not None else None
        result_type = result_type or self.infer_result_type(input.type, weight.type, bias_type)
        super().__init__(
            operands=[input, weight, [bias] if bias is not None else []],
            result_types=[result_type],
        )

    def infer_result_type(
        self, input_type: Attribute, weight_type: Attribute, bias_type: Attribute | None
    ) -> TensorType:
        """The result type for these operand types, or fail naming what is wrong."""
        input, weight, *bias = checked_input_weight_bias(
            self, input_type, weight_type, bias_type, float_only=False
        )
        checked_rank(self, "input", input, 1, at_least=True)
        checked_rank(self, "weight", weight, 2)
        (*batch, k), (n, weight_k) = input.get_shape(), weight.get_shape()
        expect(self, "weight contracting dimension", k, weight_k)
        if bias:
            expect(self, "bias shape", (n,), bias[0].get_shape())
        return TensorType(input.get_element_type(), (*batch, n))

    def verify_(self) -> None:
        bias_type = self.bias.type if self.bias is not None else None
        expected = self.infer_result_type(self.input.type, self.weight.type, bias_type)
        expect(self, "result type", expected, self.result.type)


@irdl_op_definition
class Conv2dOp(SlidingWindowOp):
    """2-d convolution (cross-correlation, as PyTorch); weight OIHW for nchw, HWIO for nhwc.

    Weight shapes: [out_channels, in_channels / groups, kh, kw] with layout nchw and
    [kh, kw, in_channels / groups, out_channels] with layout nhwc; optional bias [out_channels].
    """

    name = "mlc_tensor.conv2d"

    input = operand_def()
    weight = operand_def()
    bias = opt_operand_def()

    dilation = prop_def(Attribute, default_value=i64_array((1, 1)))
    groups = prop_def(Attribute, default_value=IntegerAttr(1, i64))

    assembly_format = INPUT_WEIGHT_BIAS_FORMAT

    def __init__(
        self,
        input: SSAValue,
        weight: SSAValue,
        bias: SSAValue | None = None,
        *,
        strides: int | Sequence[int] = 1,
        padding: int | Sequence[int] = 0,
        dilation: int | Sequence[int] = 1,
        groups: int = 1,
        layout: str = "nchw",
        result_type: Attribute | None = None,
    ):
        props: dict[str, Attribute] = {
            "strides": i64_array(pair(strides)),
            "padding": i64_array(padding4(padding)),
            "dilation": i64_array(pair(dilation)),
            "groups": IntegerAttr(groups, i64),
            "layout": StringAttr(layout),
        }
        bias_type = bias.type if bias is not None else None
        result_type = result_type or self.infer_result_type(
            props, input.type, weight.type, bias_type
        )
        super().__init__(
            operands=[input, weight, [bias] if bias is not None else []],
            result_types=[result_type],
            properties=props,
        )

    def dilation_values(self, props: Mapping[str, Attribute]) -> tuple[int, ...]:
        return self.int_values(props, "dilation", 2, 1)

    def infer_result_type(
        self,
        props: Mapping[str, Attribute],
        input_type: Attribute,
        weight_type: Attribute,
        bias_type: Attribute | None,
    ) -> TensorType:
        """The result type for these properties and operand types, or fail naming what is wrong."""
        input, weight, *bias = checked_input_weight_bias(
            self, input_type, weight_type, bias_type, float_only=True
        )
        checked_rank(self, "weight", weight, 4)
        groups = props["groups"]
        if not isinstance(groups, IntegerAttr) or groups.type != i64 or groups.value.data < 1:
            raise fail(self, f"expected groups to be a positive i64, got {groups}")
        g = groups.value.data
        if self.layout_name(props) == "nchw":
            out_channels, weight_in, kh, kw = weight.get_shape()
        else:
            kh, kw, weight_in, out_channels = weight.get_shape()
        n, c, oh, ow = self.window_shape(props, input, (kh, kw))
        if c % g:
            raise fail(self, f"expected input channels divisible by groups {g}, got {c}")
        if out_channels % g:
            raise fail(
                self, f"expected output channels divisible by groups {g}, got {out_channels}"
            )
        expect(self, "weight input channels (input channels / groups)", c // g, weight_in)
        if bias:
            expect(self, "bias shape", (out_channels,), bias[0].get_shape())
        shape = self.layout_shape(props, n, out_channels, oh, ow)
        return TensorType(input.get_element_type(), shape)

    def verify_(self) -> None:
        bias_type = self.bias.type if self.bias is not None else None
        expected = self.infer_result_type(
            self.properties, self.input.type, self.weight.type, bias_type
        )
        expect(self, "result type", expected, self.result.type)


OPS = [MatmulOp, BatchMatmulOp, LinearOp, Conv2dOp]

__all__ = ["BatchMatmulOp", "Conv2dOp", "LinearOp", "MatmulFamilyOp", "MatmulOp"]
