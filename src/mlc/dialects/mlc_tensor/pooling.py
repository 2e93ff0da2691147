"""mlc_tensor pooling ops: max_pool2d and avg_pool2d with PyTorch semantics, nchw or nhwc.

Padding may be at most half the kernel on each side; max pooling pads with -inf, average
pooling with zeros (counted in the divisor only with `count_include_pad`). With
`ceil_mode` the last window may run past the padded input, but must start inside the
input or its leading padding; positions past the padded input never count.
Pool ops are float only (f32, f16, bf16); averages accumulate in f32.
"""

from collections.abc import Mapping, Sequence

from xdsl.dialects.builtin import BoolAttr, StringAttr, TensorType
from xdsl.ir import Attribute, SSAValue
from xdsl.irdl import irdl_op_definition, operand_def, prop_def

from mlc.dialects.mlc_tensor.base import checked_tensor
from mlc.dialects.mlc_tensor.window import SlidingWindowOp, i64_array, padding4, pair
from mlc.dialects.verify import expect, fail, fmt


class Pool2dOp(SlidingWindowOp):
    """Base of the 2-d pooling ops: a kernel window over each channel, result type inferred."""

    input = operand_def()

    kernel = prop_def(Attribute)
    ceil_mode = prop_def(Attribute, default_value=BoolAttr.from_bool(False))

    assembly_format = "$input attr-dict `:` type($input) `->` type($result)"

    def __init__(
        self,
        input: SSAValue,
        kernel: int | Sequence[int],
        *,
        strides: int | Sequence[int] | None = None,
        padding: int | Sequence[int] = 0,
        ceil_mode: bool = False,
        layout: str = "nchw",
        options: Mapping[str, Attribute] | None = None,
        result_type: Attribute | None = None,
    ):
        """Build a pool; strides default to the kernel as in PyTorch, `options` are the leaf's."""
        props: dict[str, Attribute] = {
            "kernel": i64_array(pair(kernel)),
            "strides": i64_array(pair(kernel if strides is None else strides)),
            "padding": i64_array(padding4(padding)),
            "ceil_mode": BoolAttr.from_bool(ceil_mode),
            "layout": StringAttr(layout),
            **(options or {}),
        }
        result_type = result_type or self.infer_result_type(props, input.type)
        super().__init__(operands=[input], result_types=[result_type], properties=props)

    def rounds_up(self, props: Mapping[str, Attribute]) -> bool:
        return self.bool_value(props, "ceil_mode")

    def infer_result_type(
        self, props: Mapping[str, Attribute], input_type: Attribute
    ) -> TensorType:
        """The result type for these properties and input type, or fail naming what is wrong."""
        input = checked_tensor(self, "input", input_type, float_only=True)
        kernel = self.int_values(props, "kernel", 2, 1)
        pads = self.int_values(props, "padding", 4, 0)
        limit = tuple(kernel[axis] // 2 for axis in (0, 0, 1, 1))
        if any(p > m for p, m in zip(pads, limit)):
            raise fail(
                self, f"expected padding <= half the kernel {fmt(limit)}, got {fmt(pads)}"
            )
        n, c, oh, ow = self.window_shape(props, input, kernel)
        return TensorType(input.get_element_type(), self.layout_shape(props, n, c, oh, ow))

    def verify_(self) -> None:
        expected = self.infer_result_type(self.properties, self.input.type)
        expect(self, "result type", expected, self.result.type)


@irdl_op_definition
class MaxPool2dOp(Pool2dOp):
    """2-d max pooling with dilation; padding holds -inf so it never wins."""

    name = "mlc_tensor.max_pool2d"

    dilation = prop_def(Attribute, default_value=i64_array((1, 1)))

    def __init__(
        self, input: SSAValue, kernel: int | Sequence[int], *, dilation: int | Sequence[int] = 1,
        **kwargs,
    ):
        super().__init__(input, kernel, options={"dilation": i64_array(pair(dilation))}, **kwargs)

    def dilation_values(self, props: Mapping[str, Attribute]) -> tuple[int, ...]:
        return self.int_values(props, "dilation", 2, 1)


@irdl_op_definition
class AvgPool2dOp(Pool2dOp):
    """2-d average pooling; padded zeros count in the divisor only with count_include_pad."""

    name = "mlc_tensor.avg_pool2d"

    count_include_pad = prop_def(Attribute, default_value=BoolAttr.from_bool(True))

    def __init__(
        self, input: SSAValue, kernel: int | Sequence[int], *, count_include_pad: bool = True,
        **kwargs,
    ):
        super().__init__(
            input, kernel,
            options={"count_include_pad": BoolAttr.from_bool(count_include_pad)}, **kwargs,
        )

    def infer_result_type(
        self, props: Mapping[str, Attribute], input_type: Attribute
    ) -> TensorType:
        self.bool_value(props, "count_include_pad")
        return super().infer_result_type(props, input_type)


OPS = [MaxPool2dOp, AvgPool2dOp]

__all__ = ["AvgPool2dOp", "MaxPool2dOp", "Pool2dOp"]
