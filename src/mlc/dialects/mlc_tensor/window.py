"""Sliding-window geometry shared by conv2d and the pooling ops: strides, padding, dilation, layout.

Spatial ops take a 4-d input in `nchw` (batch, channels, height, width) or `nhwc` layout.
Padding is (top, bottom, left, right). Output sizes follow PyTorch:
`floor((size + pad_before + pad_after - dilation * (kernel - 1) - 1) / stride) + 1`,
rounded up instead with `ceil_mode`, except that the last window must start inside the
input or its leading padding.
"""

import abc
from collections.abc import Mapping, Sequence

from xdsl.dialects.builtin import DenseArrayBase, IntegerAttr, StringAttr, TensorType, i1, i64
from xdsl.ir import Attribute
from xdsl.irdl import IRDLOperation, ParsePropInAttrDict, prop_def, result_def, traits_def
from xdsl.traits import Pure

from mlc.dialects.verify import fail, fmt

LAYOUTS = ("nchw", "nhwc")


def i64_array(values: Sequence[int]) -> DenseArrayBase:
    """An `array<i64: ...>` property value."""
    return DenseArrayBase.from_list(i64, values)


def pair(value: int | Sequence[int]) -> tuple[int, ...]:
    """A builder argument for (height, width): one int is used for both."""
    return (value, value) if isinstance(value, int) else tuple(value)


def padding4(value: int | Sequence[int]) -> tuple[int, ...]:
    """Builder padding as (top, bottom, left, right): from p, (p,), (ph, pw) or all four."""
    values = pair(value) if isinstance(value, int) else tuple(value)
    if len(values) == 1:
        return values * 4
    if len(values) == 2:
        return (values[0], values[0], values[1], values[1])
    return values


def window_extent(kernel: int, dilation: int) -> int:
    """How many input positions one dilated kernel spans."""
    return dilation * (kernel - 1) + 1


def output_size(
    size: int, kernel: int, stride: int, pad_before: int, pad_after: int, dilation: int,
    ceil_mode: bool = False,
) -> int:
    """Number of window positions along one spatial axis (PyTorch's formula, see module doc)."""
    span = size + pad_before + pad_after - window_extent(kernel, dilation)
    out = (span + (stride - 1 if ceil_mode else 0)) // stride + 1
    if ceil_mode and (out - 1) * stride >= size + pad_before:
        out -= 1
    return out


class SlidingWindowOp(IRDLOperation, abc.ABC):
    """Base of the 2-d sliding-window ops: strides, padding and layout properties, output size.

    Properties are read from a mapping so that the same checks infer the result type in
    `__init__` (from the properties about to be set) and verify it afterwards.
    """

    result = result_def()

    # Loosely typed so that every malformed value gets an mlc message from `verify_`.
    strides = prop_def(Attribute, default_value=i64_array((1, 1)))
    padding = prop_def(Attribute, default_value=i64_array((0, 0, 0, 0)))
    layout = prop_def(Attribute, default_value=StringAttr("nchw"))

    traits = traits_def(Pure())

    # Properties print in the attribute dictionary, default values elided: {strides = ...}.
    irdl_options = (ParsePropInAttrDict(),)

    def int_values(
        self, props: Mapping[str, Attribute], name: str, length: int, minimum: int
    ) -> tuple[int, ...]:
        """Property `name` as `length` i64 values, each >= `minimum`, or fail saying so."""
        attr = props[name]
        if not isinstance(attr, DenseArrayBase) or attr.elt_type != i64 or len(attr) != length:
            raise fail(self, f"expected {name} to be an array<i64> of {length} values, got {attr}")
        values = attr.get_values()
        if any(v < minimum for v in values):
            raise fail(self, f"expected {name} values >= {minimum}, got {fmt(values)}")
        return values

    def layout_name(self, props: Mapping[str, Attribute]) -> str:
        """The layout property as a string, checked to be nchw or nhwc."""
        attr = props["layout"]
        if not isinstance(attr, StringAttr) or attr.data not in LAYOUTS:
            raise fail(self, f"expected layout in (nchw, nhwc), got {attr}")
        return attr.data

    def dilation_values(self, props: Mapping[str, Attribute]) -> tuple[int, ...]:
        """Dilation of the window (ops without a dilation property use 1, 1)."""
        return (1, 1)

    def rounds_up(self, props: Mapping[str, Attribute]) -> bool:
        """Whether output sizes round up (ops without a ceil_mode property round down)."""
        return False

    def bool_value(self, props: Mapping[str, Attribute], name: str) -> bool:
        """Property `name` as a Python bool, checked to be `true` or `false`."""
        attr = props[name]
        if not isinstance(attr, IntegerAttr) or attr.type != i1:
            raise fail(self, f"expected {name} to be true or false, got {attr}")
        return bool(attr.value.data)

    def window_shape(
        self,
        props: Mapping[str, Attribute],
        input_type: TensorType,
        kernel: Sequence[int],
    ) -> tuple[int, int, int, int]:
        """(batch, channels, out height, out width) of a window of `kernel` over the 4-d input."""
        shape = input_type.get_shape()
        if len(shape) != 4:
            raise fail(self, f"expected input rank 4, got {len(shape)}")
        layout = self.layout_name(props)
        strides = self.int_values(props, "strides", 2, 1)
        pads = self.int_values(props, "padding", 4, 0)
        dilation = self.dilation_values(props)
        ceil = self.rounds_up(props)
        n, c, h, w = shape if layout == "nchw" else (shape[0], shape[3], shape[1], shape[2])
        out = tuple(
            output_size(size, k, s, before, after, d, ceil)
            for size, k, s, before, after, d in zip(
                (h, w), kernel, strides, pads[0::2], pads[1::2], dilation
            )
        )
        if min(out) < 1:
            padded = [h + pads[0] + pads[1], w + pads[2] + pads[3]]
            extent = [window_extent(k, d) for k, d in zip(kernel, dilation)]
            raise fail(
                self,
                f"expected padded input size {fmt(padded)} to hold the dilated window "
                f"{fmt(extent)}, got output size {fmt(out)}",
            )
        return n, c, out[0], out[1]

    def layout_shape(
        self, props: Mapping[str, Attribute], n: int, c: int, h: int, w: int
    ) -> tuple[int, int, int, int]:
        """The 4-d shape (n, c, h, w) written in the op's layout."""
        return (n, c, h, w) if self.layout_name(props) == "nchw" else (n, h, w, c)
