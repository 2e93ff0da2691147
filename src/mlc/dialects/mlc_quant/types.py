"""mlc_quant types and attributes: the uniform quantized element type, the 2:4 encoding, decisions.

Syntax (MLIR's `!quant.uniform` with an `mlc_` prefix, plus groups and resource-held params):

    !mlc_quant.uniform<i8:f32, 0.0125:-3>                  per tensor (scale:zero_point)
    !mlc_quant.uniform<i8<-127:127>:f32, 0.5>              narrow storage range, zero point 0
    !mlc_quant.uniform<u8:f16:1, {0.1:128, 0.2:120}>       per axis 1, one pair per channel
    !mlc_quant.uniform<i4:f16:1 group 128, scales = dense_resource<s> : tensor<64x1xf16>,
                       zero_points = dense<0> : tensor<64x1xi8>>
                                                           per group of 128 along axis 1

A real value is `scale * (q - zero_point)`. Per axis `a`, scales/zero points have shape
[dim a]; per group of G along axis `a` they have the tensor's rank with dim a divided by G,
element (i, .., j) covering elements [j*G, (j+1)*G) along `a`. Scales are used as f32
values (the printed decimal rounds to the nearest f32). Checks that need the tensor shape
(scale counts, group divisibility) or resource contents live in `verify_quantized_tensor`,
which every op calls on its quantized operands and results.
"""

import re
from collections.abc import Mapping, Sequence

import numpy as np
from xdsl.dialects.builtin import (
    ArrayAttr,
    BFloat16Type,
    DenseIntOrFPElementsAttr,
    DenseResourceAttr,
    Float16Type,
    Float32Type,
    FloatAttr,
    IntAttr,
    IntegerType,
    Signedness,
    StringAttr,
    TensorType,
    f32,
    f64,
    i64,
)
from xdsl.ir import Attribute, Operation, ParametrizedAttribute, TypeAttribute
from xdsl.irdl import irdl_attr_definition
from xdsl.parser import AttrParser
from xdsl.printer import Printer
from xdsl.utils.exceptions import VerifyException

from mlc.dialects.verify import fail
from mlc.ir.dtypes import to_numpy_dtype
from mlc.ir.resources import resource_array

STORAGE_WIDTHS = (4, 8, 16, 32)
EXPRESSED_TYPES = (Float32Type, Float16Type, BFloat16Type)
ParamsAttr = DenseIntOrFPElementsAttr | DenseResourceAttr


def storage_name(storage: IntegerType) -> str:
    """The quant spelling of a storage type: i8 (signed) or u8 (unsigned)."""
    prefix = "u" if storage.signedness.data == Signedness.UNSIGNED else "i"
    return f"{prefix}{storage.width.data}"


def storage_range(storage: IntegerType) -> tuple[int, int]:
    """The full [min, max] of a storage integer type."""
    width = storage.width.data
    if storage.signedness.data == Signedness.UNSIGNED:
        return 0, 2**width - 1
    return -(2 ** (width - 1)), 2 ** (width - 1) - 1


def format_f32(value: float) -> str:
    """The shortest decimal that reads back as the same f32, always with a '.' (MLIR floats)."""
    text = str(np.float32(value))
    mantissa, _, exponent = text.partition("e")
    if "." not in mantissa:
        mantissa += ".0"
    return mantissa + (f"e{exponent}" if exponent else "")


def elements_array(attr: ParamsAttr) -> np.ndarray:
    """The values of a dense or dense_resource elements attribute as a numpy array."""
    if isinstance(attr, DenseResourceAttr):
        return resource_array(attr)
    typ = attr.get_type()
    assert isinstance(typ, TensorType)
    dtype = to_numpy_dtype(typ.get_element_type()).newbyteorder("<")
    return np.frombuffer(attr.data.data, dtype=dtype).reshape(typ.get_shape())


@irdl_attr_definition
class UniformQuantizedType(ParametrizedAttribute, TypeAttribute):
    """Uniform affine quantization: storage integers q stand for scale * (q - zero_point)."""

    name = "mlc_quant.uniform"

    storage_type: IntegerType
    expressed_type: Attribute
    storage_min: IntAttr
    storage_max: IntAttr
    axis: IntAttr  # -1: per tensor
    group_size: IntAttr  # 0: per tensor or per axis
    scales: ParamsAttr
    zero_points: ParamsAttr

    @staticmethod
    def make(
        storage: IntegerType,
        expressed: Attribute,
        scales: float | Sequence[float] | np.ndarray | ParamsAttr,
        zero_points: int | Sequence[int] | np.ndarray | ParamsAttr = 0,
        *,
        axis: int | None = None,
        group_size: int = 0,
        storage_min: int | None = None,
        storage_max: int | None = None,
    ) -> "UniformQuantizedType":
        """Build a type; numpy/list params become inline f32 scales and i64 zero points."""
        lo, hi = storage_range(storage)
        scale_values = scales if isinstance(scales, ParamsAttr) else np.asarray(scales, np.float32)
        zp_values = zero_points
        if not isinstance(zero_points, ParamsAttr):
            shape = (
                scale_values.get_type().get_shape()  # pyright: ignore[reportAttributeAccessIssue]
                if isinstance(scale_values, ParamsAttr)
                else np.shape(scale_values)
            )
            zp_values = np.broadcast_to(np.asarray(zero_points, np.int64), shape)
        return UniformQuantizedType(
            storage,
            expressed,
            IntAttr(lo if storage_min is None else storage_min),
            IntAttr(hi if storage_max is None else storage_max),
            IntAttr(-1 if axis is None else axis),
            IntAttr(group_size),
            _inline(scale_values, f32),
            _inline(zp_values, i64),
        )

    @property
    def is_per_tensor(self) -> bool:
        """One scale and zero point for the whole tensor."""
        return self.axis.data < 0

    @property
    def is_per_group(self) -> bool:
        """Scales per group of `group_size` elements along `axis`."""
        return self.group_size.data > 0

    def scale_array(self) -> np.ndarray:
        """Scales as f32 (shape () per tensor, [C] per axis, tensor rank per group)."""
        return elements_array(self.scales).astype(np.float32)

    def zero_point_array(self) -> np.ndarray:
        """Zero points as int64, shaped like the scales."""
        return elements_array(self.zero_points).astype(np.int64)

    def storage_bounds(self) -> tuple[int, int]:
        """The [min, max] values the storage may hold (narrowed by the <min:max> suffix)."""
        return self.storage_min.data, self.storage_max.data

    def _is_short_form(self) -> bool:
        """True when params print inline as `s:z` / `{s:z, ...}` (what that syntax parses to)."""
        return (
            not self.is_per_group
            and isinstance(self.scales, DenseIntOrFPElementsAttr)
            and isinstance(self.zero_points, DenseIntOrFPElementsAttr)
            and self.scales.get_element_type() == f32
            and self.zero_points.get_element_type() == i64
        )

    def verify(self) -> None:
        storage = self.storage_type
        if storage.width.data not in STORAGE_WIDTHS:
            raise VerifyException(
                f"{self.name}: expected storage type of width 4, 8, 16 or 32, got {storage}"
            )
        if storage.signedness.data == Signedness.SIGNED:
            raise VerifyException(f"{self.name}: expected storage type iN or uN, got {storage}")
        if not isinstance(self.expressed_type, EXPRESSED_TYPES):
            raise VerifyException(
                f"{self.name}: expected expressed type f32, f16 or bf16, got {self.expressed_type}"
            )
        lo, hi = storage_range(storage)
        smin, smax = self.storage_bounds()
        if not lo <= smin < smax <= hi:
            raise VerifyException(
                f"{self.name}: expected storage range within [{lo}, {hi}] with min < max, "
                f"got [{smin}, {smax}]"
            )
        axis, group = self.axis.data, self.group_size.data
        if axis < -1 or group < 0 or (group and axis < 0):
            raise VerifyException(
                f"{self.name}: expected axis >= 0 (or -1) and group size >= 0 with an axis, "
                f"got axis {axis} group {group}"
            )
        for what, attr in (("scales", self.scales), ("zero_points", self.zero_points)):
            typ = attr.get_type()
            if not isinstance(typ, TensorType):
                raise VerifyException(f"{self.name}: expected {what} to be a tensor, got {typ}")
        scale_type = self.scales.get_type()
        zp_type = self.zero_points.get_type()
        assert isinstance(scale_type, TensorType) and isinstance(zp_type, TensorType)
        if not isinstance(scale_type.get_element_type(), EXPRESSED_TYPES):
            raise VerifyException(
                f"{self.name}: expected float scales, got {scale_type.get_element_type()}"
            )
        if not isinstance(zp_type.get_element_type(), IntegerType):
            raise VerifyException(
                f"{self.name}: expected integer zero points, got {zp_type.get_element_type()}"
            )
        if scale_type.get_shape() != zp_type.get_shape():
            raise VerifyException(
                f"{self.name}: expected zero points shaped like scales {list(scale_type.get_shape())}, "
                f"got {list(zp_type.get_shape())}"
            )
        expected_rank = "0" if axis < 0 else ("1" if not group else ">= 1")
        rank = scale_type.get_num_dims()
        if (axis < 0 and rank != 0) or (axis >= 0 and not group and rank != 1) or (group and rank < 1):
            raise VerifyException(
                f"{self.name}: expected scales of rank {expected_rank}, got {scale_type}"
            )
        if group and axis >= rank:
            raise VerifyException(
                f"{self.name}: expected group axis below the scales' rank {rank}, got {axis}"
            )
        # Inline values are checked here; resource blobs may not be loaded until the whole
        # file is parsed, so verify_quantized_tensor checks them from op verifiers.
        if isinstance(self.scales, DenseIntOrFPElementsAttr) and isinstance(
            self.zero_points, DenseIntOrFPElementsAttr
        ):
            message = check_param_values(self)
            if message:
                raise VerifyException(f"{self.name}: {message}")

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> list[Attribute]:
        with parser.in_angle_brackets():
            storage = _parse_storage(parser)
            lo, hi = storage_range(storage)
            if parser.parse_optional_punctuation("<") is not None:
                lo = parser.parse_integer(allow_boolean=False)
                parser.parse_punctuation(":")
                hi = parser.parse_integer(allow_boolean=False)
                parser.parse_punctuation(">")
            parser.parse_punctuation(":")
            expressed = parser.parse_type()
            axis, group = -1, 0
            if parser.parse_optional_punctuation(":") is not None:
                axis = parser.parse_integer(allow_boolean=False, allow_negative=False)
                if parser.parse_optional_keyword("group") is not None:
                    group = parser.parse_integer(allow_boolean=False, allow_negative=False)
            parser.parse_punctuation(",")
            if parser.parse_optional_keyword("scales") is not None:
                parser.parse_punctuation("=")
                scales = parser.parse_attribute()
                parser.parse_punctuation(",")
                parser.parse_keyword("zero_points")
                parser.parse_punctuation("=")
                zero_points = parser.parse_attribute()
                if not isinstance(scales, ParamsAttr) or not isinstance(zero_points, ParamsAttr):
                    parser.raise_error("expected dense or dense_resource scales and zero_points")
            elif axis < 0:
                scale, zp = _parse_pair(parser)
                scales, zero_points = _inline(np.float32(scale), f32), _inline(np.int64(zp), i64)
            else:
                pairs = parser.parse_comma_separated_list(
                    parser.Delimiter.BRACES, lambda: _parse_pair(parser)
                )
                scales = _inline(np.asarray([s for s, _ in pairs], np.float32), f32)
                zero_points = _inline(np.asarray([z for _, z in pairs], np.int64), i64)
        return [storage, expressed, IntAttr(lo), IntAttr(hi), IntAttr(axis), IntAttr(group),
                scales, zero_points]

    def print_parameters(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            printer.print_string(storage_name(self.storage_type))
            if self.storage_bounds() != storage_range(self.storage_type):
                printer.print_string(f"<{self.storage_min.data}:{self.storage_max.data}>")
            printer.print_string(":")
            printer.print_attribute(self.expressed_type)
            if not self.is_per_tensor:
                printer.print_string(f":{self.axis.data}")
            if self.is_per_group:
                printer.print_string(f" group {self.group_size.data}")
            printer.print_string(", ")
            if not self._is_short_form():
                printer.print_string("scales = ")
                printer.print_attribute(self.scales)
                printer.print_string(", zero_points = ")
                printer.print_attribute(self.zero_points)
                return
            pairs = [
                format_f32(s) + (f":{z}" if z else "")
                for s, z in zip(self.scale_array().ravel(), self.zero_point_array().ravel())
            ]
            printer.print_string(pairs[0] if self.is_per_tensor else "{" + ", ".join(pairs) + "}")


def _parse_storage(parser: AttrParser) -> IntegerType:
    """Parse `iN` / `uN` into a signless / unsigned IntegerType."""
    pos = parser.pos
    name = parser.parse_identifier(" (storage type iN or uN)")
    match = re.fullmatch(r"([iu])([1-9][0-9]*)", name)
    if match is None:
        parser.raise_error(f"expected storage type iN or uN, got {name}", pos, parser.pos)
    signedness = Signedness.UNSIGNED if match.group(1) == "u" else Signedness.SIGNLESS
    return IntegerType(int(match.group(2)), signedness)


def _parse_pair(parser: AttrParser) -> tuple[float, int]:
    """Parse `scale[:zero_point]` (zero point 0 when omitted, as MLIR prints it)."""
    scale = parser.parse_number()
    zero_point = 0
    if parser.parse_optional_punctuation(":") is not None:
        zero_point = parser.parse_integer(allow_boolean=False)
    return float(scale), zero_point


def _inline(values: np.ndarray | ParamsAttr, element: Attribute) -> ParamsAttr:
    """A numpy array as an inline dense attribute of `element` (attributes pass through)."""
    if isinstance(values, ParamsAttr):
        return values
    array = np.asarray(values)
    return DenseIntOrFPElementsAttr.from_list(
        TensorType(element, array.shape), [v.item() for v in array.ravel()]
    )


def check_param_values(qtype: UniformQuantizedType) -> str | None:
    """What is wrong with the scale/zero-point values (not finite/positive, out of range), if anything."""
    scales = qtype.scale_array()
    if scales.size and not (np.isfinite(scales) & (scales > 0)).all():
        bad = scales[~(np.isfinite(scales) & (scales > 0))].ravel()[0]
        return f"expected positive finite scales, got {format_f32(float(bad))}"
    zps = qtype.zero_point_array()
    lo, hi = qtype.storage_bounds()
    if zps.size and (zps.min() < lo or zps.max() > hi):
        bad = zps[(zps < lo) | (zps > hi)].ravel()[0]
        return f"expected zero points in [{lo}, {hi}], got {bad}"
    return None


@irdl_attr_definition
class Sparse24Attr(ParametrizedAttribute):
    """Tensor encoding: 2:4 structured sparsity along `axis`, stored as kept values + 2-bit positions."""

    name = "mlc_quant.sparse_2_4"

    axis: IntAttr

    def __init__(self, axis: int):
        super().__init__(IntAttr(axis))

    def verify(self) -> None:
        if self.axis.data < 0:
            raise VerifyException(f"{self.name}: expected a non-negative axis, got {self.axis.data}")

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> list[Attribute]:
        with parser.in_angle_brackets():
            parser.parse_keyword("axis")
            parser.parse_punctuation("=")
            return [IntAttr(parser.parse_integer(allow_boolean=False))]

    def print_parameters(self, printer: Printer) -> None:
        printer.print_string(f"<axis = {self.axis.data}>")


# Formats a precision decision may name: floats, int8/int4 (per channel, or `_g<N>` per
# group of N), and 2:4 sparsity alone or on top of an integer format.
DECISION_FORMAT = re.compile(
    r"f32|f16|bf16|(int8|int4)(_g[1-9][0-9]*)?|sparse24(_(int8|int4)(_g[1-9][0-9]*)?)?"
)


@irdl_attr_definition
class DecisionAttr(ParametrizedAttribute):
    """A precision decision on a layer: the chosen format, the metrics behind it, and why."""

    name = "mlc_quant.decision"

    format: StringAttr
    metric_names: ArrayAttr[StringAttr]
    metric_values: ArrayAttr[FloatAttr]
    metric_units: ArrayAttr[StringAttr]
    reason: StringAttr

    def __init__(
        self,
        format: str,
        reason: str,
        metrics: Mapping[str, float | tuple[float, str]] = {},
    ):
        names, values, units = [], [], []
        for key, metric in metrics.items():
            value, unit = metric if isinstance(metric, tuple) else (metric, "")
            names.append(StringAttr(key))
            values.append(FloatAttr(float(value), f64))
            units.append(StringAttr(unit))
        super().__init__(
            StringAttr(format), ArrayAttr(names), ArrayAttr(values), ArrayAttr(units),
            StringAttr(reason),
        )

    @property
    def metrics(self) -> dict[str, tuple[float, str]]:
        """Metric name -> (value, unit; '' when unitless), in written order."""
        return {
            n.data: (v.value.data, u.data)
            for n, v, u in zip(self.metric_names, self.metric_values, self.metric_units)
        }

    def verify(self) -> None:
        if DECISION_FORMAT.fullmatch(self.format.data) is None:
            raise VerifyException(
                f"{self.name}: expected format f32, f16, bf16, int8, int4, int8_g<N>, int4_g<N>, "
                f"sparse24 or sparse24_<int format>, got {self.format.data}"
            )
        names = [n.data for n in self.metric_names]
        if not len(names) == len(self.metric_values) == len(self.metric_units):
            raise VerifyException(f"{self.name}: expected one value and unit per metric")
        for name in names:
            if names.count(name) > 1 or name == "reason":
                raise VerifyException(f"{self.name}: expected distinct metric names, got {name}")
        for name, value in zip(names, self.metric_values):
            if np.isnan(value.value.data) or value.value.data == -np.inf:
                raise VerifyException(
                    f"{self.name}: expected metric {name} finite or inf, got {value.value.data}"
                )

    @classmethod
    def parse_parameters(cls, parser: AttrParser) -> list[Attribute]:
        names, values, units = [], [], []
        with parser.in_angle_brackets():
            format = parser.parse_identifier(" (decision format)")
            while True:
                parser.parse_punctuation(",")
                key = parser.parse_identifier(" (metric name or 'reason')")
                parser.parse_punctuation("=")
                if key == "reason":
                    reason = parser.parse_str_literal()
                    break
                value = np.inf if parser.parse_optional_keyword("inf") else parser.parse_number()
                names.append(StringAttr(key))
                values.append(FloatAttr(float(value), f64))
                units.append(StringAttr(parser.parse_optional_identifier() or ""))
        return [StringAttr(format), ArrayAttr(names), ArrayAttr(values), ArrayAttr(units),
                StringAttr(reason)]

    def print_parameters(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            printer.print_string(self.format.data)
            for name, (value, unit) in self.metrics.items():
                number = "inf" if value == np.inf else repr(value)
                printer.print_string(f", {name} = {number}" + (f" {unit}" if unit else ""))
            printer.print_string(", reason = ")
            printer.print_string_literal(self.reason.data)


def quantized_element(typ: Attribute) -> UniformQuantizedType | None:
    """The quantized element type of a tensor type, if it has one."""
    if isinstance(typ, TensorType) and isinstance(typ.get_element_type(), UniformQuantizedType):
        return typ.get_element_type()
    return None


def sparse_encoding(typ: Attribute) -> Sparse24Attr | None:
    """The 2:4 encoding of a tensor type, if it has one."""
    if isinstance(typ, TensorType) and isinstance(typ.encoding, Sparse24Attr):
        return typ.encoding
    return None


def verify_quantized_tensor(op: Operation, what: str, typ: TensorType) -> None:
    """Check a tensor's quantized element type against its shape: axis, scale counts, groups, values."""
    qtype = typ.get_element_type()
    assert isinstance(qtype, UniformQuantizedType)
    shape = typ.get_shape()
    axis, group = qtype.axis.data, qtype.group_size.data
    scale_shape = qtype.scales.get_type().get_shape()  # pyright: ignore[reportAttributeAccessIssue]
    if axis >= len(shape):
        raise fail(op, f"expected {what} quantization axis below rank {len(shape)}, got {axis}")
    if group:
        if shape[axis] % group:
            raise fail(
                op, f"expected {what} dimension {axis} ({shape[axis]}) divisible by group size {group}"
            )
        expected = tuple(d // group if i == axis else d for i, d in enumerate(shape))
        if scale_shape != expected:
            raise fail(op, f"expected {what} group scales of shape {list(expected)}, got {list(scale_shape)}")
    elif axis >= 0 and scale_shape != (shape[axis],):
        raise fail(
            op, f"expected {what} to have {shape[axis]} scales along axis {axis}, got {scale_shape[0]}"
        )
    message = check_param_values(qtype)
    if message:
        raise fail(op, f"{what} {message}")


def expanded_params(qtype: UniformQuantizedType, rank: int) -> tuple[np.ndarray, np.ndarray]:
    """(f32 scales, int64 zero points) broadcastable to a tensor of `rank` with this element type."""
    scales, zps = qtype.scale_array(), qtype.zero_point_array()
    axis, group = qtype.axis.data, qtype.group_size.data
    if group:
        return np.repeat(scales, group, axis=axis), np.repeat(zps, group, axis=axis)
    if axis >= 0:
        shape = [1] * rank
        shape[axis] = -1
        return scales.reshape(shape), zps.reshape(shape)
    return scales, zps
