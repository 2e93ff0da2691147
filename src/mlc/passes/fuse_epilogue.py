"""fuse-epilogue: contractions (matmul, batch_matmul, linear, conv2d, mlc_quant's products) with their epilogue in one group.

Each contraction anchors a group that grows through elementwise consumers (bias add,
activation, residual add, scaling, cast, inference batch_norm, ...) whose result has the
contraction's result shape, so the kernel applies them to its output tile before writing
it. A member's result that something outside reads becomes an extra output.

Quantized layers are elementwise chains too: W8A8's storage_cast/requantize/dequantize of the
i32 accumulator, then bias and activation, join the mlc_quant.matmul's group, so each
quantized linear layer is one kernel (the next layer's activation quantize joins as well when
it carries the same precision decision, and the kernel writes int8).

The epilogue's other operands (bias, residual) are read as inputs; an elementwise producer of
one of them joins only when the group is its only reader and it does not feed the
contraction. The contraction's own inputs are fused only through a prologue op (classify's
PROLOGUES: the activation quantize of an int8 GEMM, computed per operand tile) that the group
alone reads; nothing feeding a prologue joins. A contraction never joins another's group and
is never duplicated, and a group never holds a cycle, two precision decisions (so fusion
stops at `mlc_quant.decision` boundaries between layers given different formats), or more
than `max-ops` ops. A contraction with no epilogue stays a plain op. kind="epilogue".
"""

from collections.abc import Hashable
from dataclasses import dataclass
from typing import ClassVar

from xdsl.ir import Operation

from mlc.passes.fusion.anchored import AnchoredFusion
from mlc.passes.fusion.classify import broadcasts_to, is_contraction, is_elementwise, is_prologue, shape_of


@dataclass(frozen=True)
class FuseEpilogue(AnchoredFusion):
    """Fuse each contraction with the elementwise ops applied to its result."""

    name = "fuse-epilogue"
    kind: ClassVar[str] = "epilogue"

    def anchor_key(self, op: Operation) -> Hashable | None:
        return shape_of(op.results[0]) if is_contraction(op) else None

    def joins_as_consumer(self, key: Hashable, op: Operation) -> bool:
        return is_elementwise(op) and shape_of(op.results[0]) == key

    def joins_as_producer(self, key: Hashable, anchor: Operation, op: Operation) -> bool:
        if is_prologue(anchor, op):
            return True
        # What feeds the contraction's operand tiles (the anchor, or a prologue op) is read
        # at operand coordinates, not at the output tile: it does not join.
        prologue = [v.owner for v in anchor.operands if isinstance(v.owner, Operation) and is_prologue(anchor, v.owner)]
        tiles = [anchor, *prologue]
        return (
            is_elementwise(op)
            and broadcasts_to(shape_of(op.results[0]), key)
            and all(operand.owner is not op for reader in tiles for operand in reader.operands)
        )
