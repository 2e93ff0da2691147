"""Small models written as mlc_tensor IR with the ops' Python builders, plus the same in numpy.

Used by examples/make_mlp.py (the README demo model) and benchmarks/interpreter.py. Weights
come from a seeded RNG and are stored as `dense_resource` constants.
"""

from collections.abc import Sequence

import numpy as np
from xdsl.dialects import func
from xdsl.dialects.builtin import ArrayAttr, DictionaryAttr, ModuleOp, StringAttr, TensorType, f32, i32
from xdsl.ir import Operation, SSAValue

from mlc.dialects.mlc_tensor import (
    AddOp,
    BatchMatmulOp,
    ConstantOp,
    GeOp,
    GeluOp,
    IotaOp,
    LayerNormOp,
    LinearOp,
    MulOp,
    ReluOp,
    ReshapeOp,
    SelectOp,
    SliceOp,
    SoftmaxOp,
    TransposeOp,
)


class FunctionBuilder:
    """Appends ops to the body of one func.func whose arguments carry `mlc.name` attributes."""

    def __init__(self, name: str, inputs: Sequence[tuple[str, TensorType]]):
        arg_attrs = ArrayAttr([DictionaryAttr({"mlc.name": StringAttr(n)}) for n, _ in inputs])
        self.function = func.FuncOp(name, ([t for _, t in inputs], []), arg_attrs=arg_attrs)
        self.args = list(self.function.body.block.args)

    def add(self, op: Operation) -> SSAValue:
        """Append `op` and return its (single) result."""
        self.function.body.block.add_op(op)
        return op.results[0]

    def weight(self, array: np.ndarray, name: str) -> SSAValue:
        """A constant: inline when tiny, else a dense_resource blob named `name`."""
        return self.add(ConstantOp.from_array(array, name))

    def linear(self, x: SSAValue, weight: np.ndarray, bias: np.ndarray, name: str) -> SSAValue:
        """x @ weight.T + bias, weight [N, K] as torch stores it."""
        return self.add(LinearOp(x, self.weight(weight, f"{name}_weight"), self.weight(bias, f"{name}_bias")))

    def finish(self, *results: SSAValue) -> ModuleOp:
        """Return `results` and wrap the function in a module."""
        self.function.body.block.add_op(func.ReturnOp(*results))
        self.function.function_type = func.FunctionType.from_lists(
            self.function.function_type.inputs.data, [r.type for r in results]
        )
        return ModuleOp([self.function])


def mlp_weights(sizes: Sequence[int], seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(weight [out, in], bias [out]) per layer, scaled like torch's default init."""
    rng = np.random.default_rng(seed)
    layers = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        bound = 1 / np.sqrt(fan_in)
        layers.append((
            rng.uniform(-bound, bound, (fan_out, fan_in)).astype(np.float32),
            rng.uniform(-bound, bound, (fan_out,)).astype(np.float32),
        ))
    return layers


def mlp_module(batch: int, sizes: Sequence[int], seed: int = 0) -> ModuleOp:
    """@main(x [batch, sizes[0]]) -> logits: linear layers with relu between them."""
    b = FunctionBuilder("main", [("x", TensorType(f32, (batch, sizes[0])))])
    h = b.args[0]
    layers = mlp_weights(sizes, seed)
    for n, (weight, bias) in enumerate(layers):
        h = b.linear(h, weight, bias, f"fc{n + 1}")
        if n + 1 < len(layers):
            h = b.add(ReluOp(h))
    return b.finish(h)


def mlp_numpy(x: np.ndarray, layers: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """The same MLP written directly in numpy, on the weights of `mlp_weights`."""
    for n, (weight, bias) in enumerate(layers):
        x = x @ weight.T + bias
        if n + 1 < len(layers):
            x = np.maximum(x, 0)
    return x


def gpt2_weights(d: int, seed: int) -> dict[str, np.ndarray]:
    """GPT-2 block parameters (torch Linear layout [out, in]), small normal init."""
    rng = np.random.default_rng(seed)

    def normal(*shape: int) -> np.ndarray:
        return (0.02 * rng.standard_normal(shape)).astype(np.float32)

    return {
        "ln1_weight": 1 + normal(d), "ln1_bias": normal(d),
        "attn_weight": normal(3 * d, d), "attn_bias": normal(3 * d),
        "proj_weight": normal(d, d), "proj_bias": normal(d),
        "ln2_weight": 1 + normal(d), "ln2_bias": normal(d),
        "fc_weight": normal(4 * d, d), "fc_bias": normal(4 * d),
        "fc_proj_weight": normal(d, 4 * d), "fc_proj_bias": normal(d),
    }


def gpt2_block_module(seq: int, d: int, heads: int, seed: int = 0) -> ModuleOp:
    """@main(x [seq, d]) -> [seq, d]: one pre-norm GPT-2 block with causal self-attention."""
    w = gpt2_weights(d, seed)
    hd = d // heads
    b = FunctionBuilder("main", [("x", TensorType(f32, (seq, d)))])
    x = b.args[0]

    def layer_norm(v: SSAValue, name: str) -> SSAValue:
        return b.add(LayerNormOp(v, b.weight(w[f"{name}_weight"], f"{name}_weight"),
                                 b.weight(w[f"{name}_bias"], f"{name}_bias"), epsilon=1e-5))

    h = layer_norm(x, "ln1")
    qkv = b.linear(h, w["attn_weight"], w["attn_bias"], "attn")

    def head_split(part: int, perm: Sequence[int]) -> SSAValue:
        # [seq, d] slice of qkv -> [seq, heads, hd] -> heads first.
        sliced = b.add(SliceOp(qkv, [0, part * d], [seq, (part + 1) * d]))
        return b.add(TransposeOp(b.add(ReshapeOp(sliced, [seq, heads, hd])), perm))

    q, k_t, v = head_split(0, [1, 0, 2]), head_split(1, [1, 2, 0]), head_split(2, [1, 0, 2])
    scores = b.add(BatchMatmulOp(q, k_t))
    scores = b.add(MulOp(scores, b.weight(np.full((1,), 1 / np.sqrt(hd), np.float32), "scale")))
    rows = b.add(IotaOp(TensorType(i32, (seq, seq)), dimension=0))
    cols = b.add(IotaOp(TensorType(i32, (seq, seq)), dimension=1))
    causal = b.add(GeOp(rows, cols))
    masked = b.add(SelectOp(causal, scores, b.weight(np.full((1,), -1e9, np.float32), "masked")))
    probs = b.add(SoftmaxOp(masked, axis=-1))
    attn = b.add(BatchMatmulOp(probs, v))
    attn = b.add(ReshapeOp(b.add(TransposeOp(attn, [1, 0, 2])), [seq, d]))
    x = b.add(AddOp(x, b.linear(attn, w["proj_weight"], w["proj_bias"], "proj")))
    h = layer_norm(x, "ln2")
    h = b.add(GeluOp(b.linear(h, w["fc_weight"], w["fc_bias"], "fc"), approximate="tanh"))
    x = b.add(AddOp(x, b.linear(h, w["fc_proj_weight"], w["fc_proj_bias"], "fc_proj")))
    return b.finish(x)


def gpt2_block_numpy(x: np.ndarray, heads: int, w: dict[str, np.ndarray]) -> np.ndarray:
    """The same GPT-2 block written directly in numpy (f32 throughout), on `gpt2_weights`."""
    seq, d = x.shape
    hd = d // heads

    def layer_norm(v: np.ndarray, name: str) -> np.ndarray:
        mean = v.mean(-1, keepdims=True)
        var = ((v - mean) ** 2).mean(-1, keepdims=True)
        return (v - mean) / np.sqrt(var + np.float32(1e-5)) * w[f"{name}_weight"] + w[f"{name}_bias"]

    qkv = layer_norm(x, "ln1") @ w["attn_weight"].T + w["attn_bias"]
    q, k, v = (qkv[:, i * d:(i + 1) * d].reshape(seq, heads, hd).transpose(1, 0, 2) for i in range(3))
    scores = (q @ k.transpose(0, 2, 1)) * np.float32(1 / np.sqrt(hd))
    scores = np.where(np.tril(np.ones((seq, seq), bool)), scores, np.float32(-1e9))
    scores = np.exp(scores - scores.max(-1, keepdims=True))
    probs = scores / scores.sum(-1, keepdims=True)
    attn = (probs @ v).transpose(1, 0, 2).reshape(seq, d)
    x = x + attn @ w["proj_weight"].T + w["proj_bias"]
    h = layer_norm(x, "ln2") @ w["fc_weight"].T + w["fc_bias"]
    h = 0.5 * h * (1 + np.tanh(np.float32(np.sqrt(2 / np.pi)) * (h + np.float32(0.044715) * h * h * h)))
    return x + h @ w["fc_proj_weight"].T + w["fc_proj_bias"]
