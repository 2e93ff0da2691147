"""A zoo of small JAX models: imported, run on the interpreter, compared with JAX (max abs error printed)."""

import equinox as eqx
import jax
import jax.numpy as jnp
import numpy as np
import pytest
from jax import lax

from mlc.frontend.jax import import_function
from mlc.runtime.interpreter import run_function

RNG = np.random.default_rng(0)


def randn(*shape: int, scale: float = 1.0) -> np.ndarray:
    """Normal f32 values."""
    return (RNG.standard_normal(shape) * scale).astype(np.float32)


def dense(n_in: int, n_out: int) -> dict[str, np.ndarray]:
    """Weights of a dense layer."""
    return {"w": randn(n_in, n_out, scale=n_in**-0.5), "b": randn(n_out, scale=0.1)}


def layer_norm(x, g, b, eps=1e-5):
    """Layer norm over the last axis."""
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) * lax.rsqrt(var + eps) * g + b


def mlp(params, x):
    """Three dense layers with gelu and a log-softmax head."""
    for layer in params[:-1]:
        x = jax.nn.gelu(x @ layer["w"] + layer["b"])
    return jax.nn.log_softmax(x @ params[-1]["w"] + params[-1]["b"])


def cnn(params, x):
    """conv-batchnorm(inference)-relu-maxpool twice, global average pool, dense head (NHWC)."""
    for conv in params["convs"]:
        x = lax.conv_general_dilated(x, conv["k"], (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC"))
        x = (x - conv["mean"]) * lax.rsqrt(conv["var"] + 1e-5) * conv["g"] + conv["b"]
        x = jax.nn.relu(x)
        x = lax.reduce_window(x, -jnp.inf, lax.max, (1, 2, 2, 1), (1, 2, 2, 1), "VALID")
    x = x.mean(axis=(1, 2))
    return x @ params["head"]["w"] + params["head"]["b"]


def gpt_block(params, x):
    """Pre-norm decoder block: causal multi-head self-attention and a gelu MLP, residuals."""
    seq, d = x.shape[-2:]
    heads = 2
    h = layer_norm(x, params["ln1_g"], params["ln1_b"])
    qkv = h @ params["qkv"]["w"] + params["qkv"]["b"]
    q, k, v = jnp.split(qkv, 3, axis=-1)
    split = lambda t: t.reshape(*t.shape[:-1], heads, d // heads).swapaxes(-2, -3)
    q, k, v = split(q), split(k), split(v)
    scores = q @ k.swapaxes(-1, -2) / jnp.sqrt(d // heads).astype(jnp.float32)
    mask = jnp.tril(jnp.ones((seq, seq), bool))
    scores = jnp.where(mask, scores, -1e9)
    att = jax.nn.softmax(scores, axis=-1) @ v
    att = att.swapaxes(-2, -3).reshape(*x.shape)
    x = x + att @ params["proj"]["w"] + params["proj"]["b"]
    h = layer_norm(x, params["ln2_g"], params["ln2_b"])
    return x + jax.nn.gelu(h @ params["fc"]["w"] + params["fc"]["b"]) @ params["out"]["w"]


def gru(params, xs):
    """A GRU cell unrolled over the sequence by lax.scan; returns all hidden states."""
    def step(h, x):
        zr = jax.nn.sigmoid(x @ params["wx"]["w"][:, :16] + h @ params["wh"]["w"][:, :16])
        z, r = zr[..., :8], zr[..., 8:]
        n = jnp.tanh(x @ params["wx"]["w"][:, 16:] + (r * h) @ params["wh"]["w"][:, 16:])
        h = (1 - z) * n + z * h
        return h, h
    return lax.scan(step, jnp.zeros((xs.shape[1], 8), jnp.float32), xs)[1]


def embed_classifier(params, tokens):
    """Embedding lookup, layer norm, mean over the sequence, argmax and logits."""
    x = params["embed"][tokens]
    x = layer_norm(x, params["g"], params["b"])
    logits = x.mean(axis=1) @ params["head"]["w"]
    return jnp.argmax(logits, -1), logits


D = 16
EQX_KEY = jax.random.PRNGKey(0)
EQX_KEYS = jax.random.split(EQX_KEY, 4)


class EqxConvNet(eqx.Module):
    """Equinox layers: Conv2d, MaxPool2d, AvgPool2d, Linear, LayerNorm (one unbatched image)."""

    conv: eqx.nn.Conv2d
    pool: eqx.nn.MaxPool2d
    avg: eqx.nn.AvgPool2d
    norm: eqx.nn.LayerNorm
    linear: eqx.nn.Linear

    def __init__(self, key):
        k1, k2 = jax.random.split(key)
        self.conv = eqx.nn.Conv2d(3, 4, 3, padding=1, key=k1)
        self.pool = eqx.nn.MaxPool2d(2, 2)
        self.avg = eqx.nn.AvgPool2d(2, 2)
        self.norm = eqx.nn.LayerNorm(16)
        self.linear = eqx.nn.Linear(16, 5, key=k2)

    def __call__(self, x):
        x = self.avg(self.pool(jax.nn.relu(self.conv(x))))
        return self.linear(self.norm(x.reshape(-1)))


class EqxAttention(eqx.Module):
    """Equinox MultiheadAttention with a causal mask, then an equinox MLP."""

    attention: eqx.nn.MultiheadAttention
    mlp: eqx.nn.MLP

    def __init__(self, key):
        k1, k2 = jax.random.split(key)
        self.attention = eqx.nn.MultiheadAttention(2, D, key=k1)
        self.mlp = eqx.nn.MLP(D, D, 32, 1, key=k2)

    def __call__(self, x):
        mask = jnp.tril(jnp.ones((x.shape[0], x.shape[0]), bool))
        x = x + self.attention(x, x, x, mask=mask)
        return jax.vmap(self.mlp)(x)


def eqx_case(model, *inputs):
    """A zoo entry for an equinox module: its arrays are closed over (become weight constants)."""
    return (lambda *xs: model(*xs)), inputs


ZOO = {
    "mlp": (mlp, ([dense(12, 32), dense(32, 32), dense(32, 10)], randn(4, 12))),
    "cnn_bn_pool": (
        cnn,
        (
            {
                "convs": [
                    {"k": randn(3, 3, c_in, c_out, scale=0.3), "mean": randn(c_out, scale=0.1),
                     "var": np.abs(randn(c_out)) + 0.5, "g": randn(c_out), "b": randn(c_out)}
                    for c_in, c_out in ((3, 8), (8, 8))
                ],
                "head": dense(8, 5),
            },
            randn(2, 16, 16, 3),
        ),
    ),
    "gpt_block": (
        gpt_block,
        (
            {"ln1_g": randn(D), "ln1_b": randn(D), "qkv": dense(D, 3 * D), "proj": dense(D, D),
             "ln2_g": randn(D), "ln2_b": randn(D), "fc": dense(D, 4 * D), "out": dense(4 * D, D)},
            randn(2, 8, D),
        ),
    ),
    "gru_scan": (gru, ({"wx": dense(6, 24), "wh": dense(8, 24)}, randn(7, 3, 6))),
    "embedding_layer_norm": (
        embed_classifier,
        ({"embed": randn(20, D), "g": randn(D), "b": randn(D), "head": dense(D, 4)},
         RNG.integers(0, 20, (3, 5)).astype(np.int32)),
    ),
    "eqx_convnet": eqx_case(EqxConvNet(EQX_KEYS[0]), randn(3, 8, 8)),
    "eqx_attention_mlp": eqx_case(EqxAttention(EQX_KEYS[1]), randn(6, D)),
}


@pytest.mark.parametrize("name", list(ZOO))
def test_zoo_model_matches_jax(name):
    fn, args = ZOO[name]
    module = import_function(fn, *args)
    module.verify()
    got = run_function(module, jax.tree_util.tree_leaves(args))
    expected = [np.asarray(e) for e in jax.tree_util.tree_leaves(jax.jit(fn)(*args))]
    assert len(got) == len(expected)
    worst = 0.0
    for g, e in zip(got, expected):
        assert (g.dtype, g.shape) == (e.dtype, e.shape)
        if np.issubdtype(e.dtype, np.floating):
            np.testing.assert_allclose(g, e, rtol=1e-4, atol=1e-5)
            worst = max(worst, float(np.max(np.abs(g - e))))
        else:
            np.testing.assert_array_equal(g, e)
    print(f"{name}: max abs error {worst:.2e}")
