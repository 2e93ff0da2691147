"""fuse-reductions: a row-wise reduction with its elementwise prologue and epilogue becomes one group.

Anchors: reduce_sum/mean/max/min, argmax, softmax, log_softmax and layer_norm. Each anchor
fixes the rows of its group: a shape S and the reduced axes A (softmax: its axis; layer_norm:
its trailing normalized dims). The group then grows through

- consumers of members: elementwise ops whose result lives in the rows (shape S, S with A
  kept as 1, S with A dropped, or a shape that broadcasts to S) and further reductions over
  the same rows; so the decomposed softmax (max, sub, exp, sum, div), layer norm (mean,
  sub, mul, mean, add, rsqrt, mul, affine), RMS norm (x * rsqrt(mean(x*x) + eps) * w) and
  mean/var chains are one group each, as are the composite ops with what follows them;
- producers of members of the same kinds whose every user is already in the group (the
  prologue: a scale, a causal mask select, x*x); a producer something else also reads
  stays outside (fuse-epilogue or fuse-elementwise take it), so no value is computed twice.

Elementwise ops are those of fuse-elementwise; splat constants are copied in. A group never
holds a cycle, two precision decisions, or more than `max-ops` ops; a lone anchor stays a
plain op. kind="reduction".
"""

from collections.abc import Hashable
from dataclasses import dataclass
from typing import ClassVar

from xdsl.ir import Operation

from mlc.passes.fusion.anchored import AnchoredFusion
from mlc.passes.fusion.classify import RowSpace, is_elementwise, row_space, shape_of


@dataclass(frozen=True)
class FuseReductions(AnchoredFusion):
    """Fuse each row-wise reduction (or softmax, layer_norm) with its prologue and epilogue."""

    name = "fuse-reductions"
    kind: ClassVar[str] = "reduction"

    def anchor_key(self, op: Operation) -> Hashable | None:
        return row_space(op)

    def joins_as_consumer(self, key: Hashable, op: Operation) -> bool:
        return self.in_rows(key, op)

    def joins_as_producer(self, key: Hashable, anchor: Operation, op: Operation) -> bool:
        return self.in_rows(key, op)

    @staticmethod
    def in_rows(rows: RowSpace, op: Operation) -> bool:
        """An elementwise op whose result lives in `rows`, or a reduction over the same rows."""
        if is_elementwise(op):
            return rows.admits(shape_of(op.results[0]))
        return row_space(op) == rows
