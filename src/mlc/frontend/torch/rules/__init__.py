"""The rule table: one entry per ATen overload, rule(emitter, *args, **kwargs) -> value(s).

A rule appends mlc_tensor ops through the Emitter and returns the node's value (a tuple
for multi-result overloads, None where a result is not imported). It raises Unsupported
with a reason for argument combinations mlc_tensor cannot express.
"""

import torch

from mlc.frontend.torch.rules import creation, elementwise, linalg, normalization, pooling
from mlc.frontend.torch.rules import quant, reduction, scan, shape

aten = torch.ops.aten

RULES = {}
for _family in (creation, elementwise, linalg, normalization, pooling, quant, reduction, scan,
                shape):
    assert not RULES.keys() & _family.RULES.keys(), "an ATen overload has two rules"
    RULES.update(_family.RULES)

# Overloads mlc_tensor cannot express yet, with the reason the unsupported report gives.
NOT_EXPRESSIBLE = {
    **{
        overload: "random numbers (mlc_tensor has no random number generator)"
        for overload in (
            aten.rand.default, aten.rand_like.default, aten.randn.default, aten.randn_like.default,
        )
    },
    **{
        overload: "complex numbers (FFT): mlc_tensor has no complex element type"
        for overload in (aten._fft_r2c.default, aten._fft_c2c.default, aten._fft_c2r.default)
    },
    aten.nonzero.default: "data-dependent output shape",
    aten.native_dropout.default: "training-mode dropout (random); call model.eval() first",
}
