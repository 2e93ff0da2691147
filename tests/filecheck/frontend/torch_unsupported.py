# RUN: python %s | filecheck %s
"""One report for the whole graph: every unsupported op with its count, lines and reason."""

import torch
from torch import nn

from mlc.frontend.diagnostics import UnsupportedOpsError
from mlc.frontend.torch import import_module


class Ranker(nn.Module):
    def forward(self, x):
        best = x.topk(2).values
        ordered = x.sort().values
        again = torch.topk(x * 2, 1).values
        return best.sum() + ordered.sum() + again.sum()


try:
    import_module(Ranker(), (torch.randn(3, 4),))
except UnsupportedOpsError as error:
    print(error)

# CHECK: 3 unsupported ops: aten.topk.default x2 ({{.*}}torch_unsupported.py:13, {{.*}}torch_unsupported.py:15): no top-k op in mlc_tensor (needs a sort/top-k op), aten.sort.default x1 ({{.*}}torch_unsupported.py:14): no sort op in mlc_tensor
