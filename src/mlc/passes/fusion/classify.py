"""What the fuse-* passes may put in a group: op classes, row spaces, cloneable constants, precision."""

import math
from dataclasses import dataclass

from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, TensorType
from xdsl.ir import Operation, SSAValue

from mlc.dialects import mlc_quant as mq
from mlc.dialects.mlc_quant.types import DecisionAttr
from mlc.dialects.mlc_tensor import (
    BatchMatmulOp,
    BatchNormOp,
    BroadcastToOp,
    CastOp,
    ConstantOp,
    Conv2dOp,
    IotaOp,
    LayerNormOp,
    LinearOp,
    MatmulOp,
    ReshapeOp,
    SelectOp,
)
from mlc.dialects.mlc_tensor.base import ElementwiseBinaryOp, ElementwiseUnaryOp
from mlc.dialects.mlc_tensor.normalization import SoftmaxFamilyOp
from mlc.dialects.mlc_tensor.reduction import ReductionOp, reduced_shape

DECISION = "mlc_quant.decision"
"""The attribute in which quantization records an op's precision decision."""

POINTWISE = (
    ElementwiseUnaryOp,
    ElementwiseBinaryOp,
    SelectOp,
    CastOp,
    BroadcastToOp,
    IotaOp,
    BatchNormOp,  # inference batch norm is a per-channel affine map: pointwise
    # the quantized conversions map each element alone (per-axis/group parameters are read
    # at the element's coordinates): pointwise
    mq.QuantizeOp,
    mq.DequantizeOp,
    mq.RequantizeOp,
    mq.StorageCastOp,
)

CONTRACTIONS = (MatmulOp, BatchMatmulOp, LinearOp, Conv2dOp, mq.MatmulOp, mq.WeightOnlyMatmulOp, mq.SparseMatmulOp)
"""The ops fuse-epilogue anchors a group on (never duplicated, never fused with each other).

mlc_quant.conv2d is not one: it has no kernel lowering, so it stays a lone op. mlc_quant.constant
(a weight in its stored layout) is neither pointwise nor cloneable: groups read it as an input.
"""

PROLOGUES = (mq.QuantizeOp,)
"""Producers fuse-epilogue computes in a contraction's operand tiles (the activation quantize of W8A8)."""

Shape = tuple[int, ...]


def shape_of(value: SSAValue) -> Shape:
    """The static shape of a tensor value."""
    assert isinstance(value.type, TensorType)
    return tuple(value.type.get_shape())


def is_unit_reshape(op: Operation) -> bool:
    """A reshape that only inserts or removes size-1 dimensions: a view of the same elements."""
    if not isinstance(op, ReshapeOp):
        return False
    source, result = shape_of(op.operands[0]), shape_of(op.results[0])
    return [d for d in source if d != 1] == [d for d in result if d != 1]


def is_elementwise(op: Operation) -> bool:
    """Ops computing each result element from the same-position (broadcast) operand elements."""
    return isinstance(op, POINTWISE) or is_unit_reshape(op)


def is_contraction(op: Operation) -> bool:
    """matmul, batch_matmul, linear, conv2d and mlc_quant's products: the anchors of epilogue groups."""
    return isinstance(op, CONTRACTIONS)


def is_prologue(anchor: Operation, op: Operation) -> bool:
    """Whether `op` defines an operand of contraction `anchor` that its operand tiles compute."""
    return isinstance(op, PROLOGUES) and any(operand.owner is op for operand in anchor.operands)


@dataclass(frozen=True)
class RowSpace:
    """Rows of a reduction group: reductions over `axes` of a `shape` tensor."""

    shape: Shape
    axes: tuple[int, ...]

    def admits(self, result: Shape) -> bool:
        """Whether an elementwise result of this shape lives in the rows: full, reduced, or broadcast into them."""
        return (
            result in (self.shape, reduced_shape(self.shape, self.axes, True),
                       reduced_shape(self.shape, self.axes, False))
            or broadcasts_to(result, self.shape)
        )


def broadcasts_to(source: Shape, target: Shape) -> bool:
    """numpy broadcasting of `source` to exactly `target`."""
    if len(source) > len(target):
        return False
    return all(d in (1, t) for d, t in zip(reversed(source), reversed(target)))


def row_space(op: Operation) -> RowSpace | None:
    """The rows a row-wise reduction works on (reductions, softmax, log_softmax, layer_norm), else None."""
    if isinstance(op, ReductionOp):
        return RowSpace(shape_of(op.operands[0]), op.axes_values())
    if isinstance(op, SoftmaxFamilyOp):
        return RowSpace(shape_of(op.operands[0]), (op.axis_value(),))
    if isinstance(op, LayerNormOp):
        shape = shape_of(op.input)
        rank = op.normalized_rank_value()
        return RowSpace(shape, tuple(range(len(shape) - rank, len(shape))))
    return None


def cloneable(value: SSAValue) -> bool:
    """A constant copied into every group that reads it: one element, or an inline splat literal.

    Such a constant is an immediate in a kernel, so reading it costs no memory traffic.
    """
    op = value.owner
    if not isinstance(op, ConstantOp):
        return False
    if math.prod(shape_of(op.result)) <= 1:
        return True
    return isinstance(op.value, DenseIntOrFPElementsAttr) and op.value.is_splat()


def precision(op: Operation) -> str | None:
    """The format of the op's recorded precision decision (`mlc_quant.decision`), if any."""
    decision = op.attributes.get(DECISION)
    return decision.format.data if isinstance(decision, DecisionAttr) else None
