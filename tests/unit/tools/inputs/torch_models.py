"""Small torch models for mlc-import's tests: each name is a factory the tool calls."""

import torch
from torch import nn


class Embedder(nn.Module):
    """Token embedding, layer norm and a linear head."""

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(10, 8)
        self.norm = nn.LayerNorm(8)
        self.head = nn.Linear(8, 4)

    def forward(self, ids):
        """Logits of each token."""
        return self.head(self.norm(self.embed(ids)))


def embedder():
    """The module alone: inputs come from --input-shape."""
    torch.manual_seed(0)
    return Embedder()


def mlp_with_inputs():
    """A module and its example inputs."""
    torch.manual_seed(0)
    return nn.Sequential(nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 2)), (torch.randn(3, 4),)


def scaled_sum():
    """A plain function (wrapped in a module by the tool)."""
    return lambda x, y: (x * 2 + y).sum(-1)


def unsupported():
    """A module using ops the importer does not support."""
    return Unsupported()


class Unsupported(nn.Module):
    """Two unsupported ops (fft) around a supported one."""

    def forward(self, x):
        """Magnitudes of two spectra."""
        return torch.fft.fft(x).abs() + torch.fft.fft(x * 2).abs()


def broken():
    """A factory that fails."""
    raise RuntimeError("the factory is broken")


def bad_tuple():
    """A factory returning a malformed tuple."""
    return Embedder(), torch.zeros(2), 3


def not_a_model():
    """A factory returning neither a module nor a function."""
    return 42


def shape_mismatch():
    """A module that fails while being exported."""
    return nn.Linear(5, 2)


instance = nn.Linear(3, 3)
