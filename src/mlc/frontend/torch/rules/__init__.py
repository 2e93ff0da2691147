"""The rule table: one entry per ATen overload, rule(emitter, *args, **kwargs) -> value(s).

A rule appends mlc_tensor ops through the Emitter and returns the node's value (a tuple
for multi-result overloads, None where a result is not imported). It raises Unsupported
with a reason for argument combinations mlc_tensor cannot express.
"""

import torch

from mlc.frontend.torch.rules import creation, elementwise, linalg, normalization, pooling
from mlc.frontend.torch.rules import reduction, shape

aten = torch.ops.aten

RULES = {}
for _family in (creation, elementwise, linalg, normalization, pooling, reduction, shape):
    assert not RULES.keys() & _family.RULES.keys(), "an ATen overload has two rules"
    RULES.update(_family.RULES)

# Overloads mlc_tensor cannot express yet, with the reason the unsupported report gives.
NOT_EXPRESSIBLE = {
    aten.topk.default: "no top-k op in mlc_tensor (needs a sort/top-k op)",
    aten.sort.default: "no sort op in mlc_tensor",
    aten.sort.stable: "no sort op in mlc_tensor",
    aten.prod.default: "no product reduction in mlc_tensor",
    aten.prod.dim_int: "no product reduction in mlc_tensor",
    aten.scatter.src: "no scatter op in mlc_tensor",
    aten.scatter_add.default: "no scatter op in mlc_tensor",
    aten.index_put.default: "no scatter op in mlc_tensor",
    aten.nonzero.default: "data-dependent output shape",
    aten.native_dropout.default: "training-mode dropout (random); call model.eval() first",
}
