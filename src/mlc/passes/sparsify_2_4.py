"""sparsify-2-4: magnitude-prune constant linear/matmul weights to 2:4 and store them compressed.

In every group of 4 consecutive weights along the reduction axis K, the 2 of largest
magnitude are kept (ties: the lower position) and the others become 0. The pruned [N, K]
weight is an mlc_quant.constant of type tensor<NxKx..., #mlc_quant.sparse_2_4<axis = 1>>,
stored as the kept values plus 2-bit positions (about 56% of the dense bytes), and the layer
an mlc_quant.sparse_matmul: x @ W'^T with W' the pruned weight, exactly the dense layer with
W' (zeros contribute nothing to an f32 sum). Pruning changes the model: fine-tune or measure
the loss; this pass only makes the choice per layer and says why in a remark.

Skipped (with a remark): conv2d (no 2:4 conv op), non-constant weights, K not divisible by
4, layers named in `exclude` (a layer's name is its loc("name") or its weight's
loc("name.weight")), and weights of fewer than `min-elements` values (too small to benefit).
"""

from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, TensorType
from xdsl.passes import ModulePass
from xdsl.utils.exceptions import PassFailedException

from mlc.dialects import mlc_quant as q
from mlc.dialects.mlc_tensor import Conv2dOp, MatmulOp
from mlc.passes.quant_common import (
    Layer,
    activation,
    bias_value,
    float_layers,
    layer_name,
    remark,
    replace_layer,
    weight_matrix,
    weight_value,
)


def prune_2_4(w: np.ndarray) -> np.ndarray:
    """`w` [N, K] with the 2 smallest-magnitude values of each group of 4 along K set to 0."""
    n, k = w.shape
    groups = w.reshape(n, k // 4, 4)
    # A stable sort of -|w| ranks the two largest first, the lower position first on ties.
    order = np.argsort(-np.abs(groups), axis=-1, kind="stable")
    keep = np.zeros(groups.shape, bool)
    np.put_along_axis(keep, order[..., :2], True, axis=-1)
    return np.where(keep, groups, np.zeros_like(groups)).reshape(n, k)


@dataclass(frozen=True)
class Sparsify24(ModulePass):
    """Prune constant linear/matmul weights to 2:4 along K, stored compressed for mlc_quant.sparse_matmul."""

    name = "sparsify-2-4"

    axis: int = -1
    """The weight axis to prune along, in the op's own weight layout; -1: its reduction axis."""
    exclude: tuple[str, ...] = ()
    min_elements: int = 256

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if self.axis < -1:
            raise PassFailedException(f"sparsify-2-4: axis must be -1 or >= 0, got {self.axis}")
        for layer in float_layers(op):
            reason = self.rewrite(layer)
            if reason is not None:
                remark(self.name, layer, False, reason)

    def rewrite(self, op: Layer) -> str | None:
        """Sparsify one layer (with a remark); return why not when it cannot be."""
        if isinstance(op, Conv2dOp):
            return "mlc_quant has no 2:4 conv2d"
        name = layer_name(op)
        if name is not None and name in self.exclude:
            return f"'{name}' is excluded"
        reduction = 0 if isinstance(op, MatmulOp) else 1
        if self.axis not in (-1, reduction):
            return (f"axis {self.axis} is not the weight's reduction axis {reduction} "
                    "(2:4 sparse_matmul prunes along K)")
        w = weight_matrix(op)
        if w is None:
            return "the weight is not a constant"
        k = w.shape[1]
        if k % 4:
            return f"K={k} is not divisible by 4"
        if w.size < self.min_elements:
            return f"the weight has {w.size} values (min-elements={self.min_elements}): too small to benefit"
        pruned = prune_2_4(np.asarray(w))
        typ = TensorType(weight_value(op).type.get_element_type(), w.shape,  # pyright: ignore
                         q.Sparse24Attr(1))
        weight = q.ConstantOp.from_array(pruned, typ, name or "weight")
        replace_layer(op, [weight, q.SparseMatmulOp(activation(op), weight.result)], bias_value(op))
        dense, kept = float(np.sum(np.asarray(w, np.float64) ** 2)), float(np.sum(pruned.astype(np.float64) ** 2))
        stored = sum(int(a.nbytes) for a in q.encode_constant(pruned, typ) if a is not None)
        energy = 100.0 if dense == 0 else 100 * kept / dense
        remark(self.name, op, True,
               f"2:4 along K={k}: {energy:.1f}% of the weight energy kept, "
               f"{w.size * w.itemsize} -> {stored} weight bytes")
        return None
