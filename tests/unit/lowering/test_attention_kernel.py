"""Attention groups (fuse-attention) lowered to one flash-attention kernel (to_kernel/attention.py).

Each case is checked against the tensor-level interpreter: the mlc_kernel IR on the numpy
kernel interpreter, and (small cases) the emitted Triton under TRITON_INTERPRET=1. Sequence
lengths are no multiple of any block, head dims 16, 32 and 24 (padded to a 32-wide block),
blocks are pinned small so the key loop and the query grid both run several trips with
masked tails; masks: none, causal (iota compares, -1e9 or -inf), padding (boolean input,
whole rows masked: NaN as softmax defines it, or 0 with torch's masked-row fix), bias input.
"""

from pathlib import Path

import numpy as np
import pytest
from xdsl.dialects.builtin import DictionaryAttr, IntegerAttr, i64
from xdsl.utils.exceptions import PassFailedException

import mlc
from mlc.dialects import mlc_tensor as mt
from mlc.dialects.mlc_kernel import KernelFuncOp
from mlc.ir.context import mlc_context, parse_module
from mlc.ir.diagnostics import OpError
from mlc.lowering.convert_mlc_tensor_to_mlc_kernel import ConvertMlcTensorToMlcKernel
from mlc.passes import PASSES
from mlc.runtime.interpreter import find_function, random_inputs, run_function
from mlc.runtime.triton_launcher import TritonModule

from kernel_checks import assert_results_close

NINF_RESOURCE = """
{-#
  dialect_resources: {
    builtin: {
      ninf: "0x04000000000080FF"
    }
  }
#-}
"""


def tensor(shape: tuple[int, ...], element: str) -> str:
    """An MLIR tensor type."""
    return f"tensor<{'x'.join(map(str, shape))}x{element}>"


def attention_module(
    batch: tuple[int, ...],
    lq: int,
    lk: int,
    d: int,
    *,
    mask: str = "none",
    fill: str = "-1.0e9",
    fix: bool = False,
    element: str = "f32",
) -> str:
    """softmax(q k * 0.3 + mask) v over `batch`; mask 'none', 'causal' (iota compares), 'padding'
    (boolean keep[batch0, 1.., lk]) or 'bias' (f32 [batch0, 1.., lq, lk]); masked scores are
    `fill` ('-inf' reads a -inf blob); `fix` adds torch's select(all(x == -inf), 0, p)."""
    n = len(batch) + 2
    scores = tensor((*batch, lq, lk), element)
    ones = (1,) * (len(batch) - 1)
    args = [f"%q: {tensor((*batch, lq, d), element)}", f"%k: {tensor((*batch, d, lk), element)}", f"%v: {tensor((*batch, lk, d), element)}"]
    scalar = f"tensor<{element}>"
    fill_const = "dense_resource<ninf>" if fill == "-inf" else f"dense<{fill}>"
    lines = [
        f"%scale = mlc_tensor.constant dense<0.3> : {scalar}",
        f"%ninf = mlc_tensor.constant {fill_const} : {scalar}",
        f"%s = mlc_tensor.batch_matmul %q, %k : {args[0].split(': ')[1]}, {args[1].split(': ')[1]} -> {scores}",
        f"%x0 = mlc_tensor.mul %s, %scale : {scores}, {scalar} -> {scores}",
    ]
    if mask == "causal":
        lines += [
            f"%r = mlc_tensor.iota {{dimension = 0 : i64}} : tensor<{lq}x{lk}xi32>",
            f"%c = mlc_tensor.iota {{dimension = 1 : i64}} : tensor<{lq}x{lk}xi32>",
            f"%m = mlc_tensor.ge %r, %c : tensor<{lq}x{lk}xi32>, tensor<{lq}x{lk}xi32> -> tensor<{lq}x{lk}xi1>",
            f"%x = mlc_tensor.select %m, %x0, %ninf : tensor<{lq}x{lk}xi1>, {scores}, {scalar} -> {scores}",
        ]
    elif mask == "padding":
        keep = tensor((batch[0], *ones, 1, lk), "i1")
        args.append(f"%keep: {keep}")
        lines.append(f"%x = mlc_tensor.select %keep, %x0, %ninf : {keep}, {scores}, {scalar} -> {scores}")
    elif mask == "bias":
        bias = tensor((batch[0], *ones, lq, lk), element)
        args.append(f"%bias: {bias}")
        lines.append(f"%x = mlc_tensor.add %x0, %bias : {scores}, {bias} -> {scores}")
    else:
        lines.append(f"%x = mlc_tensor.reshape %x0 : {scores} -> {scores}")
    lines.append(f"%p = mlc_tensor.softmax %x {{axis = {n - 1} : i64}} : {scores} -> {scores}")
    p = "%p"
    if fix:
        flags, rows = tensor((*batch, lq, lk), "i1"), tensor((*batch, lq, 1), "i1")
        lines += [
            f"%zero = mlc_tensor.constant dense<0.0> : {scalar}",
            "%false = mlc_tensor.constant dense<false> : tensor<i1>",
            f"%masked = mlc_tensor.eq %x, %ninf : {scores}, {scalar} -> {flags}",
            f"%kept = mlc_tensor.eq %masked, %false : {flags}, tensor<i1> -> {flags}",
            f"%any = mlc_tensor.reduce_max %kept {{axes = array<i64: {n - 1}>, keepdim}} : {flags} -> {rows}",
            f"%all = mlc_tensor.eq %any, %false : {rows}, tensor<i1> -> {rows}",
            f"%pf = mlc_tensor.select %all, %zero, %p : {rows}, {scalar}, {scores} -> {scores}",
        ]
        p = "%pf"
    out = tensor((*batch, lq, d), element)
    lines.append(f"%o = mlc_tensor.batch_matmul {p}, %v : {scores}, {args[2].split(': ')[1]} -> {out}")
    body = "\n  ".join(lines)
    text = f"func.func @f({', '.join(args)}) -> {out} {{\n  {body}\n  func.return %o : {out}\n}}\n"
    return text + (NINF_RESOURCE if fill == "-inf" else "")


def lower(text: str, **tile: int) -> tuple:
    """(tensor-level module after fuse-attention, its lowering); `tile` pins the attention kernel's tiling."""
    ctx = mlc_context()
    module = parse_module(text)
    PASSES["fuse-attention"]()().apply(ctx, module)
    (group,) = [op for op in module.walk() if isinstance(op, mt.FusedOp)]
    assert group.kind.data == "attention"
    if tile:
        group.attributes["mlc.tile"] = DictionaryAttr({k: IntegerAttr(v, i64) for k, v in tile.items()})
    lowered = module.clone()
    ConvertMlcTensorToMlcKernel().apply(ctx, lowered)
    lowered.verify()
    return module, lowered


def inputs_for(module, seed: int, mask_rows: bool = False) -> list[np.ndarray]:
    """Random inputs; with `mask_rows`, the first batch entry's keys are all masked (keep = False)."""
    inputs = random_inputs(find_function(module, None), seed=seed)
    if mask_rows:
        inputs[3][0] = False
        inputs[3][1:, ..., 0] = True
    return inputs




def kernels(lowered) -> list[KernelFuncOp]:
    """The module's kernels."""
    return [op for op in lowered.body.block.ops if isinstance(op, KernelFuncOp)]


CASES = {
    # name: (attention_module arguments, pinned tile, inputs with fully masked rows)
    "no_mask_d24_two_heads": (dict(batch=(2, 3), lq=37, lk=29, d=24), dict(BLOCK_M=16, BLOCK_N=16), False),
    "causal_d16": (dict(batch=(3,), lq=19, lk=19, d=16, mask="causal"), dict(BLOCK_M=16, BLOCK_N=16), False),
    "causal_neg_inf_fix_d32": (dict(batch=(2,), lq=21, lk=21, d=32, mask="causal", fill="-inf", fix=True), dict(BLOCK_M=16, BLOCK_N=16), False),
    "causal_more_keys_than_queries": (dict(batch=(1,), lq=5, lk=40, d=16, mask="causal"), dict(BLOCK_N=16), False),
    "padding_rows_all_masked_nan": (dict(batch=(2, 2), lq=7, lk=23, d=16, mask="padding", fill="-inf"), dict(BLOCK_N=16), True),
    "padding_rows_all_masked_fix": (dict(batch=(2, 2), lq=7, lk=23, d=24, mask="padding", fill="-inf", fix=True), dict(BLOCK_N=16), True),
    "bias_heads_broadcast": (dict(batch=(2, 3), lq=11, lk=13, d=32, mask="bias"), {}, False),
    "single_query_row": (dict(batch=(4,), lq=1, lk=17, d=16, mask="padding"), dict(BLOCK_N=16), False),
}  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_attention_kernel_matches_tensor_level(name: str) -> None:
    arguments, tile, mask_rows = CASES[name]
    module, lowered = lower(attention_module(**arguments), **tile)
    (kernel,) = kernels(lowered)
    assert kernel.sym_name.data == "attention_0"
    inputs = inputs_for(module, 0, mask_rows)
    want = run_function(module, inputs)
    if mask_rows:  # the fully masked rows are NaN without the fix, 0 with it
        rows = want[0][0]
        assert np.all(rows == 0) if arguments.get("fix") else np.all(np.isnan(rows))
    assert_results_close(run_function(lowered, inputs), want, tol=2e-5)


def test_grid_walks_query_blocks_and_heads() -> None:
    _, lowered = lower(attention_module(**CASES["no_mask_d24_two_heads"][0]), BLOCK_M=16, BLOCK_N=16)
    (kernel,) = kernels(lowered)
    assert kernel.grid_sizes() == (3, 6)  # ceil(37 / 16) query blocks, 2 * 3 (batch, head) pairs
    constexprs = {k: v.value.data for k, v in kernel.constexprs.data.items()}
    assert constexprs == {"BLOCK_M": 16, "BLOCK_N": 16, "BLOCK_D": 32}  # head dim 24 padded to 32
    assert kernel.num_stages.value.data == 2  # 29 keys: two trips


def test_heuristic_tiles() -> None:
    _, lowered = lower(attention_module((2,), 100, 300, 64))
    (kernel,) = kernels(lowered)
    constexprs = {k: v.value.data for k, v in kernel.constexprs.data.items()}
    assert constexprs == {"BLOCK_M": 64, "BLOCK_N": 64, "BLOCK_D": 64}
    assert kernel.grid_sizes() == (2, 2)


def test_f16_attention_accumulates_in_f32() -> None:
    module, lowered = lower(attention_module((2,), 9, 20, 16, mask="causal", fill="-1.0e4", element="f16"), BLOCK_N=16)
    text = str(lowered)
    assert "tensor<16x16xf16> * tensor<16x16xf16> -> tensor<16x16xf32>" in text  # both products read f16
    assert_results_close(run_function(lowered, inputs_for(module, 1)), run_function(module, inputs_for(module, 1)), tol=1e-2)


def test_pinned_head_block_shorter_than_head_dim_fails() -> None:
    with pytest.raises(OpError, match="BLOCK_D=16 is shorter than the head dim 24; fix or remove its mlc.tile"):
        lower(attention_module((2,), 5, 5, 24), BLOCK_D=16)


def test_hand_written_group_that_is_no_attention_fails() -> None:
    text = """
func.func @f(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
  %0 = mlc_tensor.fused (%x = %a, %y = %b) {kind = "attention"} : (tensor<2x3x4xf32>, tensor<2x4x5xf32>) -> tensor<2x3x5xf32> {
    %s = mlc_tensor.batch_matmul %x, %y : tensor<2x3x4xf32>, tensor<2x4x5xf32> -> tensor<2x3x5xf32>
    %p = mlc_tensor.softmax %s {axis = 2 : i64} : tensor<2x3x5xf32> -> tensor<2x3x5xf32>
    mlc_tensor.yield %p : tensor<2x3x5xf32>
  }
  func.return %0 : tensor<2x3x5xf32>
}
"""
    with pytest.raises(PassFailedException, match="kind attention: expected batch_matmul -> score ops -> softmax"):
        ConvertMlcTensorToMlcKernel().apply(mlc_context(), parse_module(text))


def test_reshaped_heads_and_transposed_operands() -> None:
    # torch SDPA's spelling: heads split by reshapes around 3-d products, q/k/v transposed
    # out of [batch, seq, heads, dim] (the layout ops are the kernel's index arithmetic).
    text = """
func.func @f(%q: tensor<2x19x3x24xf32>, %k: tensor<2x21x3x24xf32>, %v: tensor<2x21x3x24xf32>) -> tensor<6x19x24xf32> {
  %c = mlc_tensor.constant dense<0.2> : tensor<f32>
  %qt = mlc_tensor.transpose %q {perm = array<i64: 0, 2, 1, 3>} : tensor<2x19x3x24xf32> -> tensor<2x3x19x24xf32>
  %qs = mlc_tensor.mul %qt, %c : tensor<2x3x19x24xf32>, tensor<f32> -> tensor<2x3x19x24xf32>
  %kt = mlc_tensor.transpose %k {perm = array<i64: 0, 2, 3, 1>} : tensor<2x21x3x24xf32> -> tensor<2x3x24x21xf32>
  %vt = mlc_tensor.transpose %v {perm = array<i64: 0, 2, 1, 3>} : tensor<2x21x3x24xf32> -> tensor<2x3x21x24xf32>
  %q3 = mlc_tensor.reshape %qs : tensor<2x3x19x24xf32> -> tensor<6x19x24xf32>
  %k3 = mlc_tensor.reshape %kt : tensor<2x3x24x21xf32> -> tensor<6x24x21xf32>
  %s = mlc_tensor.batch_matmul %q3, %k3 : tensor<6x19x24xf32>, tensor<6x24x21xf32> -> tensor<6x19x21xf32>
  %s4 = mlc_tensor.reshape %s : tensor<6x19x21xf32> -> tensor<2x3x19x21xf32>
  %p = mlc_tensor.softmax %s4 {axis = 3 : i64} : tensor<2x3x19x21xf32> -> tensor<2x3x19x21xf32>
  %p3 = mlc_tensor.reshape %p : tensor<2x3x19x21xf32> -> tensor<6x19x21xf32>
  %v3 = mlc_tensor.reshape %vt : tensor<2x3x21x24xf32> -> tensor<6x21x24xf32>
  %o = mlc_tensor.batch_matmul %p3, %v3 : tensor<6x19x21xf32>, tensor<6x21x24xf32> -> tensor<6x19x24xf32>
  func.return %o : tensor<6x19x24xf32>
}
"""
    module, lowered = lower(text, BLOCK_M=16, BLOCK_N=16)
    (group,) = [op for op in module.walk() if isinstance(op, mt.FusedOp)]
    assert sum(isinstance(op, mt.TransposeOp) for op in group.body.block.ops) == 3  # the layout joined
    inputs = inputs_for(module, 2)
    assert_results_close(run_function(lowered, inputs), run_function(module, inputs), tol=2e-5)


TRITON_CASES = ["no_mask_d24_two_heads", "causal_neg_inf_fix_d32", "padding_rows_all_masked_nan", "bias_heads_broadcast"]


@pytest.mark.parametrize("name", TRITON_CASES)
def test_emitted_triton_matches_tensor_level(name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TRITON_INTERPRET", "1")
    arguments, tile, mask_rows = CASES[name]
    module, lowered = lower(attention_module(**arguments), **tile)
    program = TritonModule.load(lowered, tmp_path)
    inputs = inputs_for(module, 3, mask_rows)
    assert_results_close(program.run(inputs, device="cpu"), run_function(module, inputs), tol=2e-5)


def test_compiled_torch_attention_matches_eager(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    torch = pytest.importorskip("torch")
    monkeypatch.setenv("MLC_CACHE_DIR", str(tmp_path))

    class Sdpa(torch.nn.Module):
        """torch's SDPA with a boolean mask (some query rows see no key: 0 there)."""

        def forward(self, q, k, v, keep):
            return torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=keep)

    g = torch.Generator().manual_seed(0)
    q, k, v = (torch.randn(2, 3, n, 24, generator=g) for n in (11, 13, 13))
    keep = torch.rand(2, 1, 11, 13, generator=g) < 0.7
    keep[0, 0, 4] = False
    model = Sdpa().eval()
    compiled = mlc.compile(model, q, k, v, keep, backend="numpy-kernel")
    assert [(k.name, k.kind) for k in compiled.kernels() if k.kind == "attention"] == [("attention_0", "attention")]
    expected = model(q, k, v, keep).numpy()
    assert np.all(expected[0, :, 4] == 0)
    np.testing.assert_allclose(compiled(q, k, v, keep).numpy(), expected, rtol=1e-5, atol=1e-5)
