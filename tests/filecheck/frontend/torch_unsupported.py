# RUN: python %s | filecheck %s
"""One report for the whole graph: every unsupported op with its count, lines and reason."""

import torch
from torch import nn

from mlc.frontend.diagnostics import UnsupportedOpsError
from mlc.frontend.torch import import_module


class Noisy(nn.Module):
    def forward(self, x):
        noise = torch.rand_like(x)
        spectrum = torch.fft.rfft(x).abs()
        again = torch.rand_like(x * 2)
        return noise.sum() + spectrum.sum() + again.sum()


try:
    import_module(Noisy(), (torch.randn(3, 4),))
except UnsupportedOpsError as error:
    print(error)

# CHECK: 3 unsupported ops: aten.rand_like.default x2 ({{.*}}torch_unsupported.py:13, {{.*}}torch_unsupported.py:15): random numbers (mlc_tensor has no random number generator), aten._fft_r2c.default x1 ({{.*}}torch_unsupported.py:14): complex numbers (FFT): mlc_tensor has no complex element type
