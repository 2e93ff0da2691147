"""A zoo of small PyTorch models: imported, run on the interpreter, compared with eager (max abs error printed)."""


import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.utils import _pytree as pytree

from mlc.frontend.torch import import_module
from mlc.frontend.torch.importer import to_numpy
from mlc.runtime.interpreter import run_function

RTOL, ATOL = 1e-4, 1e-5


class MLP(nn.Module):
    """Linear-ReLU-Dropout-Linear classifier with log-softmax."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(16, 32), nn.ReLU(), nn.Dropout(0.1), nn.Linear(32, 10))

    def forward(self, x):
        return F.log_softmax(self.net(x), -1)


class CNN(nn.Module):
    """Conv-BatchNorm-ReLU-MaxPool twice, global average pool, linear head."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.head = nn.Linear(16, 5)

    def forward(self, x):
        return self.head(torch.flatten(F.adaptive_avg_pool2d(self.features(x), 1), 1))


class BasicBlock(nn.Module):
    """ResNet basic block with a strided 1x1 projection shortcut."""

    def __init__(self, cin=8, cout=16):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=2, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(out)) + self.down(x))


class DepthwiseSeparable(nn.Module):
    """MobileNet-style depthwise 3x3 + pointwise 1x1 with ReLU6 and hardswish."""

    def __init__(self):
        super().__init__()
        self.depthwise = nn.Conv2d(8, 8, 3, padding=1, groups=8)
        self.pointwise = nn.Conv2d(8, 12, 1)
        self.bn = nn.BatchNorm2d(12)

    def forward(self, x):
        return F.hardswish(self.bn(self.pointwise(F.relu6(self.depthwise(x)))))


class DecoderBlock(nn.Module):
    """GPT-style pre-norm block: causal SDPA attention and a GELU(tanh) MLP, with embeddings and head."""

    def __init__(self, vocab=50, d=32, heads=4, seq=8):
        super().__init__()
        self.heads = heads
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(seq, d)
        self.ln1, self.ln2, self.ln_f = nn.LayerNorm(d), nn.LayerNorm(d), nn.LayerNorm(d)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.fc = nn.Linear(d, 4 * d)
        self.out = nn.Linear(4 * d, d)
        self.head = nn.Linear(d, vocab, bias=False)

    def forward(self, ids):
        b, s = ids.shape
        x = self.tok(ids) + self.pos(torch.arange(s))
        q, k, v = self.qkv(self.ln1(x)).split(x.shape[-1], dim=-1)
        q, k, v = (t.view(b, s, self.heads, -1).transpose(1, 2) for t in (q, k, v))
        attn = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        x = x + self.proj(attn.transpose(1, 2).reshape(b, s, -1))
        x = x + self.out(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))
        return self.head(self.ln_f(x))


class EncoderBlock(nn.Module):
    """Post-norm encoder block whose attention ignores padded keys (boolean mask)."""

    def __init__(self, d=32, heads=4):
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = (nn.Linear(d, d) for _ in range(4))
        self.norm1, self.norm2 = nn.LayerNorm(d), nn.LayerNorm(d)
        self.ff = nn.Sequential(nn.Linear(d, 64), nn.GELU(), nn.Linear(64, d))

    def forward(self, x, lengths):
        b, s, d = x.shape
        keep = torch.arange(s)[None, :] < lengths[:, None]  # [B, S] True for real tokens
        split = lambda t: t.view(b, s, self.heads, -1).transpose(1, 2)
        attn = F.scaled_dot_product_attention(
            split(self.q(x)), split(self.k(x)), split(self.v(x)), attn_mask=keep[:, None, None, :]
        )
        x = self.norm1(x + self.o(attn.transpose(1, 2).reshape(b, s, d)))
        return self.norm2(x + self.ff(x))


class BertEmbeddings(nn.Module):
    """Word + position + token-type embeddings, LayerNorm (BERT's embedding layer)."""

    def __init__(self, vocab=40, d=24, seq=6):
        super().__init__()
        self.word, self.position, self.token_type = nn.Embedding(vocab, d), nn.Embedding(seq, d), nn.Embedding(2, d)
        self.norm = nn.LayerNorm(d, eps=1e-12)

    def forward(self, ids, token_types):
        positions = torch.arange(ids.shape[1]).expand_as(ids)
        return self.norm(self.word(ids) + self.position(positions) + self.token_type(token_types))


class TorchTransformerLayer(nn.Module):
    """torch.nn's own TransformerEncoderLayer (multi-head attention, ReLU feed-forward)."""

    def __init__(self):
        super().__init__()
        self.layer = nn.TransformerEncoderLayer(32, 4, 64, dropout=0.0, batch_first=True)

    def forward(self, x):
        return self.layer(x)


class GRUStep(nn.Module):
    """torch.nn.GRUCell unrolled over a short sequence (a recurrent cell)."""

    def __init__(self):
        super().__init__()
        self.cell = nn.GRUCell(6, 10)

    def forward(self, xs):
        h = torch.zeros(xs.shape[0], 10)
        outputs = []
        for t in range(xs.shape[1]):
            h = self.cell(xs[:, t], h)
            outputs.append(h)
        return torch.stack(outputs, 1)


class TinyUNet(nn.Module):
    """Downsample, upsample (nearest) and skip concatenation, as in a U-Net stage."""

    def __init__(self):
        super().__init__()
        self.enc = nn.Conv2d(3, 8, 3, padding=1)
        self.mid = nn.Conv2d(8, 8, 3, padding=1)
        self.dec = nn.Conv2d(16, 4, 1)
        self.norm = nn.GroupNorm(2, 8)

    def forward(self, x):
        skip = F.silu(self.norm(self.enc(x)))
        mid = F.interpolate(F.relu(self.mid(F.avg_pool2d(skip, 2))), scale_factor=2)
        return self.dec(torch.cat([skip, mid], 1))


class Generator(nn.Module):
    """DCGAN-style generator: transposed convolutions with batch norm, ReLU and tanh."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.ConvTranspose2d(8, 16, 4, 1, 0, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
            nn.ConvTranspose2d(16, 3, 4, 2, 1, bias=False), nn.Tanh(),
        )

    def forward(self, z):
        return self.net(z)


class TemporalConv(nn.Module):
    """1-d convolutions with dilation over a sequence, then mean over time."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv1d(4, 8, 3, padding=2, dilation=2)
        self.conv2 = nn.Conv1d(8, 8, 3, stride=2)

    def forward(self, x):
        return self.conv2(F.gelu(self.conv1(x))).mean(-1)


def _gen() -> torch.Generator:
    return torch.Generator().manual_seed(0)


ZOO = {
    "mlp": (MLP, lambda g: (torch.randn(4, 16, generator=g),)),
    "cnn_batchnorm_pool": (CNN, lambda g: (torch.randn(2, 3, 16, 16, generator=g),)),
    "resnet_block": (BasicBlock, lambda g: (torch.randn(2, 8, 8, 8, generator=g),)),
    "depthwise_separable": (DepthwiseSeparable, lambda g: (torch.randn(2, 8, 6, 6, generator=g),)),
    "gpt_decoder_block": (DecoderBlock, lambda g: (torch.randint(0, 50, (2, 8), generator=g),)),
    "encoder_padding_mask": (
        EncoderBlock, lambda g: (torch.randn(2, 6, 32, generator=g), torch.tensor([6, 3])),
    ),
    "bert_embeddings": (
        BertEmbeddings,
        lambda g: (torch.randint(0, 40, (2, 6), generator=g), torch.randint(0, 2, (2, 6), generator=g)),
    ),
    "torch_transformer_layer": (TorchTransformerLayer, lambda g: (torch.randn(2, 5, 32, generator=g),)),
    "gru_cell_unrolled": (GRUStep, lambda g: (torch.randn(3, 4, 6, generator=g),)),
    "unet_stage": (TinyUNet, lambda g: (torch.randn(1, 3, 8, 8, generator=g),)),
    "dcgan_generator": (Generator, lambda g: (torch.randn(2, 8, 1, 1, generator=g),)),
    "temporal_conv1d": (TemporalConv, lambda g: (torch.randn(2, 4, 20, generator=g),)),
}


def randomize_batchnorm_statistics(model: nn.Module, generator: torch.Generator) -> None:
    """Non-trivial running statistics, so batch norm is checked beyond the identity."""
    for m in model.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.running_mean.copy_(torch.randn(m.num_features, generator=generator) * 0.1)
            m.running_var.copy_(torch.rand(m.num_features, generator=generator) + 0.5)


@pytest.mark.parametrize("name", list(ZOO))
def test_zoo_model_matches_eager(name):
    make, inputs = ZOO[name]
    torch.manual_seed(0)
    generator = _gen()
    model = make().eval()
    randomize_batchnorm_statistics(model, generator)
    args = inputs(generator)
    module = import_module(model, args)
    module.verify()
    got = run_function(module, [to_numpy(a) for a in args])
    with torch.no_grad():
        expected = [to_numpy(t) for t in pytree.tree_leaves(model(*args))]
    assert len(got) == len(expected)
    worst = 0.0
    for g, e in zip(got, expected):
        assert (g.dtype, g.shape) == (e.dtype, e.shape)
        np.testing.assert_allclose(g, e, RTOL, ATOL)
        worst = max(worst, float(np.max(np.abs(g - e))) if e.size else 0.0)
    print(f"{name}: max abs error {worst:.3g}")
