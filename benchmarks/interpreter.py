"""Interpreter time of a 2-layer MLP and a GPT-2 block vs the same computation in numpy (and torch).

The models are mlc_tensor IR built with the ops' Python builders (examples/models.py) and run
with `mlc.runtime.interpreter.run_function`, the call mlc-run makes; the numpy version is the
same computation written directly. Reported: the ratio interpreter / numpy (target: <= 1.2)
and torch eager on CPU / numpy when torch is importable.
"""

import argparse
import os
import sys
from pathlib import Path

from common import median_times, print_table, write_results  # first: pins BLAS threads

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "examples"))
import models  # noqa: E402

from mlc.runtime.interpreter import run_function  # noqa: E402

MLP_SIZES = (784, 128, 10)
MLP_BATCH = 1024
GPT2 = {"seq": 128, "d": 768, "heads": 12}


def torch_or_none():
    """The torch module, or None when it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    return torch


def torch_mlp(torch, x, seed):
    """The MLP in torch eager, weights from the same seed."""
    layers = [(torch.from_numpy(w), torch.from_numpy(b)) for w, b in models.mlp_weights(MLP_SIZES, seed)]

    def run():
        h = torch.from_numpy(x)
        for n, (w, b) in enumerate(layers):
            h = torch.nn.functional.linear(h, w, b)
            if n + 1 < len(layers):
                h = torch.relu(h)
        return h.numpy()

    return run


def torch_gpt2(torch, x, seed):
    """The GPT-2 block in torch eager, weights from the same seed."""
    F = torch.nn.functional
    w = {k: torch.from_numpy(v) for k, v in models.gpt2_weights(GPT2["d"], seed).items()}
    seq, d, heads = GPT2["seq"], GPT2["d"], GPT2["heads"]

    def run():
        t = torch.from_numpy(x)
        h = F.layer_norm(t, (d,), w["ln1_weight"], w["ln1_bias"], 1e-5)
        q, k, v = F.linear(h, w["attn_weight"], w["attn_bias"]).split(d, -1)
        q, k, v = (a.reshape(seq, heads, d // heads).transpose(0, 1) for a in (q, k, v))
        scores = (q @ k.transpose(1, 2)) / (d // heads) ** 0.5
        scores = scores.masked_fill(~torch.ones(seq, seq, dtype=torch.bool).tril(), -1e9)
        attn = (scores.softmax(-1) @ v).transpose(0, 1).reshape(seq, d)
        t = t + F.linear(attn, w["proj_weight"], w["proj_bias"])
        h = F.gelu(F.linear(F.layer_norm(t, (d,), w["ln2_weight"], w["ln2_bias"], 1e-5),
                            w["fc_weight"], w["fc_bias"]), approximate="tanh")
        return (t + F.linear(h, w["fc_proj_weight"], w["fc_proj_bias"])).numpy()

    return run


def measure(module, x, numpy_fn, torch_fn, repeats):
    """Check that the versions agree, then time them interleaved; returns seconds and ratios."""
    fns = {"interpreter": lambda: run_function(module, {"x": x})[0], "numpy": numpy_fn}
    if torch_fn is not None:
        fns["torch"] = torch_fn
    expected = numpy_fn()
    for name, fn in fns.items():
        np.testing.assert_allclose(fn(), expected, rtol=1e-3, atol=1e-4, err_msg=name)
    seconds = median_times(fns, repeats)
    row = {f"{name}_s": t for name, t in seconds.items()}
    row["interpreter_over_numpy"] = seconds["interpreter"] / seconds["numpy"]
    if torch_fn is not None:
        row["torch_over_numpy"] = seconds["torch"] / seconds["numpy"]
    return row


def main() -> None:
    """Measure both models and print ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch = torch_or_none()
    rng = np.random.default_rng(args.seed)

    x_mlp = rng.standard_normal((MLP_BATCH, MLP_SIZES[0])).astype(np.float32)
    x_gpt = rng.standard_normal((GPT2["seq"], GPT2["d"])).astype(np.float32)
    results = {
        "mlp 784-128-10, batch 1024": measure(
            models.mlp_module(MLP_BATCH, MLP_SIZES, args.seed), x_mlp,
            lambda layers=models.mlp_weights(MLP_SIZES, args.seed): models.mlp_numpy(x_mlp, layers),
            torch_mlp(torch, x_mlp, args.seed) if torch else None, args.repeats),
        "gpt-2 block d=768 h=12 seq=128": measure(
            models.gpt2_block_module(GPT2["seq"], GPT2["d"], GPT2["heads"], args.seed), x_gpt,
            lambda w=models.gpt2_weights(GPT2["d"], args.seed): models.gpt2_block_numpy(x_gpt, GPT2["heads"], w),
            torch_gpt2(torch, x_gpt, args.seed) if torch else None, args.repeats),
    }
    note = None if torch else "torch is not installed: torch eager skipped"
    path = write_results("interpreter", {"repeats": args.repeats, "target_ratio": 1.2,
                                         "torch_note": note, "models": results})
    rows = [[name, f"{r['interpreter_over_numpy']:.2f}x",
             f"{r['torch_over_numpy']:.2f}x" if "torch_over_numpy" in r else "skipped"]
            for name, r in results.items()]
    print_table(f"interpreter vs numpy (median of {args.repeats}; target <= 1.2x)",
                ["model", "mlc interpreter / numpy", "torch eager / numpy"], rows)
    if note:
        print(f"note: {note}")
    print(f"results: {path}")


if __name__ == "__main__":
    main()
