"""Models shared by the graph-pass numerics tests: a conv-bn-relu-maxpool net, a residual block, a transformer block."""

import numpy as np
import torch
from xdsl.dialects.builtin import ModuleOp

from mlc.frontend.torch import import_module


def with_random_stats(model: torch.nn.Module, seed: int) -> torch.nn.Module:
    """`model` in eval mode with random batch-norm running statistics and affine parameters."""
    gen = torch.Generator().manual_seed(seed)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm1d | torch.nn.BatchNorm2d):
            c = m.num_features
            m.running_mean.copy_(torch.randn(c, generator=gen))
            m.running_var.copy_(torch.rand(c, generator=gen) + 0.5)
            m.weight.data.copy_(torch.randn(c, generator=gen))
            m.bias.data.copy_(torch.randn(c, generator=gen))
    return model.eval()


def conv_bn_relu_maxpool() -> ModuleOp:
    """conv-bn-relu-maxpool-conv-bn on a 1x3x8x8 input (nchw)."""
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(3, 8, 3, padding=1),
        torch.nn.BatchNorm2d(8),
        torch.nn.ReLU(),
        torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 4, 1, bias=False),
        torch.nn.BatchNorm2d(4),
    )
    return import_module(with_random_stats(model, 1), [torch.randn(1, 3, 8, 8)])


class ResidualBlock(torch.nn.Module):
    """ResNet basic block: relu(bn(conv(relu(bn(conv x)))) + x), then average pooling."""

    def __init__(self, c: int):
        super().__init__()
        self.c1, self.b1 = torch.nn.Conv2d(c, c, 3, padding=1, bias=False), torch.nn.BatchNorm2d(c)
        self.c2, self.b2 = torch.nn.Conv2d(c, c, 3, padding=1, bias=False), torch.nn.BatchNorm2d(c)
        self.pool = torch.nn.AvgPool2d(2)

    def forward(self, x):
        y = torch.relu(self.b1(self.c1(x)))
        return self.pool(torch.relu(self.b2(self.c2(y)) + x))


def residual_block() -> ModuleOp:
    """A residual block on a 2x4x6x6 input."""
    torch.manual_seed(2)
    return import_module(with_random_stats(ResidualBlock(4), 3), [torch.randn(2, 4, 6, 6)])


class TransformerBlock(torch.nn.Module):
    """GPT-2 style block: x + attn(ln1 x), then + mlp(ln2 x) with tanh gelu; softmax attention."""

    def __init__(self, d: int, heads: int):
        super().__init__()
        self.heads = heads
        self.ln1, self.ln2 = torch.nn.LayerNorm(d), torch.nn.LayerNorm(d)
        self.qkv, self.proj = torch.nn.Linear(d, 3 * d), torch.nn.Linear(d, d)
        self.fc, self.out = torch.nn.Linear(d, 4 * d), torch.nn.Linear(4 * d, d)

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q, k, v = (z.reshape(b, t, self.heads, d // self.heads).transpose(1, 2) for z in (q, k, v))
        att = torch.softmax(q @ k.transpose(-2, -1) / (d // self.heads) ** 0.5, dim=-1)
        y = (att @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.proj(y)
        return x + self.out(torch.nn.functional.gelu(self.fc(self.ln2(x)), approximate="tanh"))


def transformer_block() -> ModuleOp:
    """A transformer block with d=16, 2 heads, on a 2x5x16 input."""
    torch.manual_seed(4)
    return import_module(TransformerBlock(16, 2).eval(), [torch.randn(2, 5, 16)])


def op_names(module: ModuleOp) -> list[str]:
    """The names of all ops in `module`, in order."""
    return [op.name for op in module.walk()]


def count(module: ModuleOp, name: str) -> int:
    """How many ops named `name` `module` holds."""
    return op_names(module).count(name)


__all__ = ["conv_bn_relu_maxpool", "count", "np", "op_names", "residual_block", "transformer_block"]
