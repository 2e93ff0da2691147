"""Models built from Hugging Face transformers' own classes (tiny configs, random weights, no downloads).

Each is imported with torch.export, run on the interpreter and compared with eager PyTorch
(max abs error printed).
"""

import numpy as np
import pytest
import torch
from torch.utils import _pytree as pytree

transformers = pytest.importorskip("transformers")

from mlc.frontend.torch import import_module  # noqa: E402
from mlc.frontend.torch.importer import to_numpy  # noqa: E402
from mlc.runtime.interpreter import run_function  # noqa: E402

RTOL, ATOL = 1e-4, 1e-5
# Token ids 0..VOCAB-1; GPT-2's default bos/eos id (50256) would lie outside the tiny vocabulary.
VOCAB = 100


def gpt2(attention: str = "eager") -> torch.nn.Module:
    """GPT-2 with a language-model head: learned positions, causal attention, gelu_new MLP."""
    config = transformers.GPT2Config(
        n_layer=2, n_embd=64, n_head=4, vocab_size=VOCAB, n_positions=32,
        use_cache=False, bos_token_id=0, eos_token_id=0,
    )
    return transformers.GPT2LMHeadModel._from_config(config, attn_implementation=attention)


def bert() -> torch.nn.Module:
    """BERT encoder with pooler: token-type embeddings, padding mask, gelu, layer norm."""
    return transformers.BertModel(transformers.BertConfig(
        num_hidden_layers=2, hidden_size=64, num_attention_heads=4, intermediate_size=128,
        vocab_size=VOCAB, max_position_embeddings=32,
    ))


def llama() -> torch.nn.Module:
    """Llama: RMSNorm, rotary positions, grouped-query causal attention, SwiGLU MLP."""
    return transformers.LlamaForCausalLM(transformers.LlamaConfig(
        num_hidden_layers=2, hidden_size=64, num_attention_heads=4, num_key_value_heads=2,
        intermediate_size=128, vocab_size=VOCAB, max_position_embeddings=32, use_cache=False,
        bos_token_id=0, eos_token_id=0,
    ))


def vit() -> torch.nn.Module:
    """Vision transformer: patch-embedding convolution, class token, encoder, pooler."""
    return transformers.ViTModel(transformers.ViTConfig(
        num_hidden_layers=2, hidden_size=64, num_attention_heads=4, intermediate_size=128,
        image_size=32, patch_size=8, num_channels=3,
    ))


def resnet() -> torch.nn.Module:
    """ResNet with basic blocks: strided convolutions, batch norm, max and adaptive average pools."""
    model = transformers.ResNetModel(transformers.ResNetConfig(
        embedding_size=16, hidden_sizes=[16, 32], depths=[1, 1], layer_type="basic",
    ))
    generator = torch.Generator().manual_seed(1)
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):  # non-trivial running statistics
            m.running_mean.copy_(torch.randn(m.num_features, generator=generator) * 0.1)
            m.running_var.copy_(torch.rand(m.num_features, generator=generator) + 0.5)
    return model


def ids(g: torch.Generator) -> torch.Tensor:
    """A batch of token ids."""
    return torch.randint(0, VOCAB, (2, 12), generator=g)


def padded(g: torch.Generator) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Token ids, an attention mask with the second sequence padded after 7 tokens, token types."""
    mask = torch.ones(2, 12, dtype=torch.int64)
    mask[1, 7:] = 0
    return ids(g), mask, torch.randint(0, 2, (2, 12), generator=g)


ZOO = {
    "gpt2_lm_head": (gpt2, lambda g: (ids(g),)),
    "bert_padding_mask": (bert, padded),
    "llama_causal_lm": (llama, lambda g: (ids(g),)),
    "vit": (vit, lambda g: (torch.randn(2, 3, 32, 32, generator=g),)),
    "resnet_basic": (resnet, lambda g: (torch.randn(2, 3, 32, 32, generator=g),)),
}


@pytest.mark.parametrize("name", list(ZOO))
def test_third_party_model_matches_eager(name):
    make, inputs = ZOO[name]
    torch.manual_seed(0)
    model = make().eval()
    args = inputs(torch.Generator().manual_seed(0))
    module = import_module(model, args)
    module.verify()
    got = run_function(module, [to_numpy(a) for a in args])
    with torch.no_grad():
        expected = [to_numpy(t) for t in pytree.tree_leaves(model(*args)) if isinstance(t, torch.Tensor)]
    assert len(got) == len(expected)
    worst = 0.0
    for g, e in zip(got, expected):
        assert (g.dtype, g.shape) == (e.dtype, e.shape)
        np.testing.assert_allclose(g, e, RTOL, ATOL)
        worst = max(worst, float(np.max(np.abs(g - e))))
    print(f"{name}: max abs error {worst:.3g}")


@pytest.mark.xfail(raises=ValueError, strict=True,
                   reason="torch 2.13: run_decompositions of GPT-2's sdpa attention views a "
                   "non-contiguous tensor (a torch bug, before mlc sees the graph)")
def test_gpt2_with_sdpa_attention_fails_in_torch_decomposition():
    program = torch.export.export(gpt2("sdpa").eval(), (ids(torch.Generator().manual_seed(0)),))
    program.run_decompositions()
