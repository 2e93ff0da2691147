"""Import time of a 12-layer GPT-2-sized model (d=768, 12 heads, seq 128, vocab 50257; 124M weights).

The same model is built twice, in PyTorch (plain nn modules) and in JAX (jax.numpy, weights
closed over so that both imports turn them into dense_resource constants), and each import
is split into the peer's part and mlc's part, measured in the same run:
  torch: torch.export + run_decompositions (peer) | TorchImporter on that program (mlc)
  jax:   jax.make_jaxpr (peer) | import_function minus make_jaxpr (mlc; it traces internally)
The reported number is mlc's part as a ratio of the peer's time (target: < 1).
"""

import argparse
import math

from common import median_times, print_table, write_results  # first: pins BLAS threads

import jax
import jax.numpy as jnp
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from mlc.frontend.jax import import_function
from mlc.frontend.torch.importer import TorchImporter

D, HEADS, SEQ, VOCAB = 768, 12, 128, 50257


class Block(nn.Module):
    """GPT-2 block: pre-norm causal self-attention and a tanh-gelu MLP, with residuals."""

    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.qkv, self.proj = nn.Linear(D, 3 * D), nn.Linear(D, D)
        self.fc, self.out = nn.Linear(D, 4 * D), nn.Linear(4 * D, D)
        self.register_buffer("causal", torch.tril(torch.ones(SEQ, SEQ, dtype=torch.bool)), persistent=False)

    def forward(self, x):
        """One block."""
        b, t, _ = x.shape
        q, k, v = (h.view(b, t, HEADS, D // HEADS).transpose(1, 2) for h in self.qkv(self.ln1(x)).split(D, -1))
        scores = (q @ k.transpose(-1, -2)) * (1 / math.sqrt(D // HEADS))
        att = scores.masked_fill(~self.causal[:t, :t], float("-inf")).softmax(-1) @ v
        x = x + self.proj(att.transpose(1, 2).reshape(b, t, D))
        return x + self.out(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class GPT(nn.Module):
    """Token and position embeddings, the blocks, a final norm and the tied LM head."""

    def __init__(self, layers: int):
        super().__init__()
        self.wte, self.wpe = nn.Embedding(VOCAB, D), nn.Embedding(SEQ, D)
        self.blocks = nn.ModuleList(Block() for _ in range(layers))
        self.ln = nn.LayerNorm(D)

    def forward(self, ids):
        """Logits of every position."""
        x = self.wte(ids) + self.wpe(torch.arange(ids.shape[1]))
        for block in self.blocks:
            x = block(x)
        return F.linear(self.ln(x), self.wte.weight)


def jax_params(state: dict[str, np.ndarray]) -> dict[str, jax.Array]:
    """The torch weights in JAX's layout (dense kernels as (in, out), as flax keeps them)."""

    def layout(name: str, w: np.ndarray) -> jax.Array:
        dense = w.ndim == 2 and not name.startswith(("wte", "wpe"))
        return jnp.asarray(np.ascontiguousarray(w.T) if dense else w)

    return {name: layout(name, w) for name, w in state.items()}


def jax_gpt(params, layers: int):
    """The same model in jax.numpy, closing over `params` (from jax_params)."""

    def norm(x, name):
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        return (x - mean) * jax.lax.rsqrt(var + 1e-5) * params[name + ".weight"] + params[name + ".bias"]

    def linear(x, name):
        return x @ params[name + ".weight"] + params[name + ".bias"]

    def forward(ids):
        t = ids.shape[1]
        x = jnp.take(params["wte.weight"], ids, axis=0) + params["wpe.weight"][:t]
        causal = jnp.tril(jnp.ones((t, t), bool))
        for i in range(layers):
            p = f"blocks.{i}."
            qkv = linear(norm(x, p + "ln1"), p + "qkv")
            q, k, v = (h.reshape(*h.shape[:2], HEADS, D // HEADS).swapaxes(1, 2) for h in jnp.split(qkv, 3, -1))
            scores = jnp.where(causal, (q @ k.swapaxes(-1, -2)) / math.sqrt(D // HEADS), -jnp.inf)
            att = (jax.nn.softmax(scores, -1) @ v).swapaxes(1, 2).reshape(x.shape)
            x = x + linear(att, p + "proj")
            x = x + linear(jax.nn.gelu(linear(norm(x, p + "ln2"), p + "fc"), approximate=True), p + "out")
        return norm(x, "ln") @ params["wte.weight"].T

    return forward


def main() -> None:
    """Measure, print the table and write results/import_time.json."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--layers", type=int, default=12, help="fewer for a smoke run")
    args = parser.parse_args()
    torch.manual_seed(0)
    model = GPT(args.layers).eval()
    ids = torch.randint(0, VOCAB, (1, SEQ))
    params = jax_params({k: v.detach().numpy() for k, v in model.state_dict().items()})
    ids_np = ids.numpy()
    program = torch.export.export(model, (ids,)).run_decompositions()

    times = median_times({
        "torch.export + run_decompositions": lambda: torch.export.export(model, (ids,)).run_decompositions(),
        "mlc torch importer": lambda: TorchImporter(program).run(),
        # A fresh closure each call: make_jaxpr caches traces by function.
        "jax.make_jaxpr": lambda: jax.make_jaxpr(jax_gpt(params, args.layers))(ids_np),
        "mlc import_function (incl. make_jaxpr)": lambda: import_function(jax_gpt(params, args.layers), ids_np),
    }, args.repeats, min_sample_s=0.0)
    torch_peer, torch_mlc = times["torch.export + run_decompositions"], times["mlc torch importer"]
    jax_peer = times["jax.make_jaxpr"]
    jax_mlc = times["mlc import_function (incl. make_jaxpr)"] - jax_peer
    rows = [
        ["torch", f"{torch_peer:.2f}", f"{torch_mlc:.2f}", f"{torch_mlc / torch_peer:.2f}"],
        ["jax", f"{jax_peer:.2f}", f"{jax_mlc:.2f}", f"{jax_mlc / jax_peer:.2f}"],
    ]
    weights = sum(p.numel() for p in model.parameters())
    print_table(
        f"GPT-2 import ({args.layers} layers, d={D}, seq {SEQ}, {weights / 1e6:.0f}M weights): "
        "mlc's part / the peer's time (target < 1)",
        ["frontend", "peer s", "mlc s", "mlc / peer"], rows,
    )
    path = write_results("import_time", {
        "model": {"layers": args.layers, "d": D, "heads": HEADS, "seq": SEQ, "vocab": VOCAB, "weights": weights},
        "seconds": times,
        "ratio_mlc_over_peer": {"torch": torch_mlc / torch_peer, "jax": jax_mlc / jax_peer},
    })
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
