"""mlc_kernel block construction: program ids, ranges, and the ops that reshape blocks.

These ops build the index blocks of a block program (`pid * BLOCK + make_range`) and move
values between block shapes without arithmetic; arithmetic itself is upstream `arith` and
`math` on the block tensors.
"""

import abc
from collections.abc import Sequence

from xdsl.dialects.builtin import I64, DenseArrayBase, IntegerAttr, IntegerType, TensorType, i32, i64
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

from mlc.dialects.mlc_kernel.base import (
    InKernel,
    MAX_BLOCK_NUMEL,
    Shape,
    block_of,
    expect_type,
    int_prop,
    is_power_of_two,
)
from mlc.dialects.verify import fail, fmt

GRID_AXES = 3
"""Triton grids have at most three axes (x, y, z)."""


class GridQueryOp(IRDLOperation, abc.ABC):
    """Base of program_id and num_programs: an i32 scalar about grid axis `axis`."""

    axis = prop_def(IntegerAttr[I64])
    result = result_def(IntegerType)

    traits = traits_def(Pure(), InKernel())

    assembly_format = "$axis attr-dict `:` type($result)"

    def __init__(self, axis: int):
        super().__init__(properties={"axis": IntegerAttr(axis, i64)}, result_types=[i32])

    def verify_(self) -> None:
        axis = int_prop(self, "axis")
        if not 0 <= axis < GRID_AXES:
            raise fail(self, f"expected axis in [0, {GRID_AXES}), got {axis}")
        expect_type(self, "result type", i32, self.result)


@irdl_op_definition
class ProgramIdOp(GridQueryOp):
    """The index of this program along grid axis `axis` (Triton's tl.program_id)."""

    name = "mlc_kernel.program_id"


@irdl_op_definition
class NumProgramsOp(GridQueryOp):
    """The number of programs along grid axis `axis` (Triton's tl.num_programs)."""

    name = "mlc_kernel.num_programs"


@irdl_op_definition
class MakeRangeOp(IRDLOperation):
    """The i32 block [start, start+1, ..., end-1]; end - start is a power of two (tl.arange)."""

    name = "mlc_kernel.make_range"

    start = prop_def(Attribute)
    end = prop_def(Attribute)
    result = result_def(TensorType)

    traits = traits_def(Pure())

    irdl_options = (ParsePropInAttrDict(),)

    assembly_format = "attr-dict `:` type($result)"

    def __init__(self, start: int, end: int):
        super().__init__(
            properties={"start": IntegerAttr(start, i64), "end": IntegerAttr(end, i64)},
            result_types=[TensorType(i32, [end - start])],
        )

    def verify_(self) -> None:
        start, end = int_prop(self, "start"), int_prop(self, "end")
        size = end - start
        if start < 0 or size <= 0:
            raise fail(self, f"expected 0 <= start < end, got start {start}, end {end}")
        if not is_power_of_two(size) or size > MAX_BLOCK_NUMEL:
            raise fail(
                self, f"expected end - start to be a power of two <= {MAX_BLOCK_NUMEL}, got {size}"
            )
        expect_type(self, "result type", TensorType(i32, [size]), self.result)


class BlockShapeOp(IRDLOperation, abc.ABC):
    """Base of the ops moving one block (or scalar) into another shape, keeping the element type."""

    input = operand_def()
    result = result_def()

    traits = traits_def(Pure())

    assembly_format = "$input attr-dict `:` type($input) `->` type($result)"

    @abc.abstractmethod
    def check_shapes(self, input_shape: Shape, result_shape: Shape) -> None:
        """Fail unless `result_shape` is a valid result of this op for `input_shape`."""

    def verify_(self) -> None:
        input_shape, element = block_of(self, "operand", self.input)
        result_shape, result_element = block_of(self, "result", self.result)
        if result_element != element:
            raise fail(self, f"expected result element type {element}, got {result_element}")
        self.check_shapes(input_shape, result_shape)


@irdl_op_definition
class SplatOp(BlockShapeOp):
    """A block filled with one scalar (tl.full / implicit scalar broadcast)."""

    name = "mlc_kernel.splat"

    def __init__(self, input: SSAValue, shape: Sequence[int]):
        super().__init__(operands=[input], result_types=[TensorType(input.type, shape)])

    def check_shapes(self, input_shape: Shape, result_shape: Shape) -> None:
        if input_shape:
            raise fail(self, f"expected a scalar operand, got {self.input.type}")
        if not result_shape:
            raise fail(self, f"expected a block result, got {self.result.type}")


@irdl_op_definition
class BroadcastOp(BlockShapeOp):
    """Broadcast size-1 dimensions of a block to a larger block of the same rank."""

    name = "mlc_kernel.broadcast"

    def __init__(self, input: SSAValue, shape: Sequence[int]):
        assert isinstance(input.type, TensorType)
        super().__init__(
            operands=[input], result_types=[TensorType(input.type.get_element_type(), shape)]
        )

    def check_shapes(self, input_shape: Shape, result_shape: Shape) -> None:
        if not input_shape or len(result_shape) != len(input_shape):
            raise fail(self, f"expected a result of rank {len(input_shape)}, got {self.result.type}")
        for i, (src, dst) in enumerate(zip(input_shape, result_shape)):
            if src not in (1, dst):
                raise fail(
                    self,
                    f"expected dimension {i} to be 1 or equal in operand and result, got {src} -> {dst}",
                )


@irdl_op_definition
class ExpandDimsOp(BlockShapeOp):
    """Insert a size-1 dimension at `axis` (x[:, None] in Triton)."""

    name = "mlc_kernel.expand_dims"

    axis = prop_def(Attribute)

    irdl_options = (ParsePropInAttrDict(),)

    def __init__(self, input: SSAValue, axis: int):
        assert isinstance(input.type, TensorType)
        shape = list(input.type.get_shape())
        shape.insert(axis, 1)
        super().__init__(
            operands=[input],
            properties={"axis": IntegerAttr(axis, i64)},
            result_types=[TensorType(input.type.get_element_type(), shape)],
        )

    def check_shapes(self, input_shape: Shape, result_shape: Shape) -> None:
        axis = int_prop(self, "axis")
        if not input_shape or not 0 <= axis <= len(input_shape):
            raise fail(self, f"expected axis in [0, {len(input_shape)}] of a block, got {axis}")
        expected = input_shape[:axis] + (1,) + input_shape[axis:]
        if result_shape != expected:
            raise fail(self, f"expected result shape {fmt(expected)}, got {fmt(result_shape)}")


@irdl_op_definition
class ReshapeOp(BlockShapeOp):
    """The same elements in row-major order under another block shape."""

    name = "mlc_kernel.reshape"

    def __init__(self, input: SSAValue, shape: Sequence[int]):
        assert isinstance(input.type, TensorType)
        super().__init__(
            operands=[input], result_types=[TensorType(input.type.get_element_type(), shape)]
        )

    def check_shapes(self, input_shape: Shape, result_shape: Shape) -> None:
        def numel(shape: Shape) -> int:
            n = 1
            for d in shape:
                n *= d
            return n

        if not input_shape or not result_shape or numel(input_shape) != numel(result_shape):
            raise fail(
                self,
                f"expected a block result with {numel(input_shape)} elements, got {self.result.type}",
            )


@irdl_op_definition
class TransOp(BlockShapeOp):
    """Permute the dimensions of a block: result dim i is operand dim order[i] (tl.trans)."""

    name = "mlc_kernel.trans"

    order = prop_def(Attribute)

    irdl_options = (ParsePropInAttrDict(),)

    def __init__(self, input: SSAValue, order: Sequence[int] = (1, 0)):
        assert isinstance(input.type, TensorType)
        shape = [input.type.get_shape()[i] for i in order]
        super().__init__(
            operands=[input],
            properties={"order": DenseArrayBase.from_list(i64, list(order))},
            result_types=[TensorType(input.type.get_element_type(), shape)],
        )

    def check_shapes(self, input_shape: Shape, result_shape: Shape) -> None:
        order_attr = self.order
        if not (isinstance(order_attr, DenseArrayBase) and order_attr.elt_type == i64):
            raise fail(self, f"expected order to be an array<i64: ...>, got {order_attr}")
        order = tuple(order_attr.get_values())
        if sorted(order) != list(range(len(input_shape))) or not input_shape:
            raise fail(
                self, f"expected order to be a permutation of [0, {len(input_shape)}), got {fmt(order)}"
            )
        expected = tuple(input_shape[i] for i in order)
        if result_shape != expected:
            raise fail(self, f"expected result shape {fmt(expected)}, got {fmt(result_shape)}")


OPS = [
    ProgramIdOp,
    NumProgramsOp,
    MakeRangeOp,
    SplatOp,
    BroadcastOp,
    ExpandDimsOp,
    ReshapeOp,
    TransOp,
]

