# RUN: python %s | filecheck %s
"""Source locations: every op carries the model line that produced it, also inside decompositions."""

import torch
import torch.nn.functional as F
from torch import nn
from xdsl.printer import Printer

from mlc.frontend.torch import import_module


class Attention(nn.Module):
    def forward(self, q, k, v):
        scores = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return torch.tanh(scores)


q, k, v = (torch.randn(1, 2, 3, 4) for _ in range(3))
Printer(print_debuginfo=True).print_op(import_module(Attention(), (q, k, v)))

# The causal mask: iota rows and columns compared, all on the attention line (14).
# Arguments carry their name at their first use.
# CHECK:     func.func @main(%{{.*}}: tensor<1x2x3x4xf32> {mlc.name = "q"} loc("q"("{{.*}}torch_locations.py":14:0))
# CHECK:       mlc_tensor.iota {{.*}} loc("{{.*}}torch_locations.py":14:0)
# CHECK:       mlc_tensor.le {{.*}} loc("{{.*}}torch_locations.py":14:0)
# CHECK:       mlc_tensor.softmax {{.*}}axis = 3{{.*}} loc("{{.*}}torch_locations.py":14:0)
# CHECK:       mlc_tensor.batch_matmul {{.*}} loc("{{.*}}torch_locations.py":14:0)
# CHECK:       mlc_tensor.tanh {{.*}} loc("{{.*}}torch_locations.py":15:0)
# CHECK-NEXT:  func.return {{.*}} loc("{{.*}}torch_locations.py":15:0)
