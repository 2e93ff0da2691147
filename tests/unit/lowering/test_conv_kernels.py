"""conv2d lowered to kernels (implicit GEMM; depthwise as a direct window sum) with fused epilogues.

Each case is checked against the tensor-level interpreter twice: the mlc_kernel IR on the
numpy kernel interpreter, and (for a few small cases) the emitted Triton under
TRITON_INTERPRET=1. Sizes are odd on purpose: no multiple of any block, size-1 dims,
asymmetric padding, windows whose taps fall wholly into the padding.
"""

import re
from pathlib import Path

import numpy as np
import pytest

from mlc.dialects.mlc_kernel import KernelFuncOp
from mlc.dialects.mlc_tensor.window import output_size
from mlc.ir.context import mlc_context, parse_module
from mlc.lowering.convert_mlc_tensor_to_mlc_kernel import ConvertMlcTensorToMlcKernel
from mlc.passes import PASSES
from mlc.runtime.interpreter import find_function, random_inputs, run_function
from mlc.runtime.triton_launcher import TritonModule

from kernel_checks import assert_results_close


def tensor(shape: tuple[int, ...], element: str) -> str:
    """An MLIR tensor type."""
    return f"tensor<{'x'.join(map(str, shape))}x{element}>"


def conv_module(
    x: tuple[int, int, int, int],
    out_channels: int,
    kernel: tuple[int, int],
    *,
    strides: tuple[int, int] = (1, 1),
    padding: tuple[int, int, int, int] = (0, 0, 0, 0),
    dilation: tuple[int, int] = (1, 1),
    groups: int = 1,
    layout: str = "nchw",
    bias: bool = False,
    epilogue: str = "",
    prologue: bool = False,
    element: str = "f32",
) -> str:
    """A function computing conv2d(x, w[, b]) and `epilogue` on it ('relu', 'gelu', 'residual', 'relu6',
    'affine': a batch norm spelled out as jax does); `prologue` adds 1 to x in the group first."""
    nchw = layout == "nchw"
    n, c, h, w = x if nchw else (x[0], x[3], x[1], x[2])
    oh, ow = (
        output_size(size, k, s, before, after, d)
        for size, k, s, before, after, d in zip((h, w), kernel, strides, padding[0::2], padding[1::2], dilation)
    )
    weight = (out_channels, c // groups, *kernel) if nchw else (*kernel, c // groups, out_channels)
    out = (n, out_channels, oh, ow) if nchw else (n, oh, ow, out_channels)
    xt, wt, ot = tensor(x, element), tensor(weight, element), tensor(out, element)
    bt, ct = tensor((out_channels,), element), f"tensor<{element}>"
    args = [f"%x: {xt}", f"%w: {wt}"] + ([f"%b: {bt}"] if bias else [])
    props = (
        f"strides = array<i64: {strides[0]}, {strides[1]}>, padding = array<i64: {', '.join(map(str, padding))}>, "
        f"dilation = array<i64: {dilation[0]}, {dilation[1]}>, groups = {groups} : i64, layout = \"{layout}\""
    )
    lines = []
    source = "%x"
    if prologue:
        lines += [f"%one = mlc_tensor.constant dense<1.0> : {ct}",
                  f"%xp = mlc_tensor.add %x, %one : {xt}, {ct} -> {xt}"]  # fmt: skip
        source = "%xp"
    operands = f"{source}, %w" + (", %b" if bias else "")
    types = f"{xt}, {wt}" + (f", {bt}" if bias else "")
    lines.append(f"%y = mlc_tensor.conv2d {operands} {{{props}}} : {types} -> {ot}")
    result = "%y"
    if epilogue in ("relu", "gelu"):
        lines.append(f"%e = mlc_tensor.{epilogue} %y : {ot} -> {ot}")
        result = "%e"
    elif epilogue == "residual":  # ResNet: relu(conv + shortcut)
        args.append(f"%r: {ot}")
        lines += [f"%s = mlc_tensor.add %y, %r : {ot}, {ot} -> {ot}", f"%e = mlc_tensor.relu %s : {ot} -> {ot}"]
        result = "%e"
    elif epilogue == "relu6":  # MobileNet: min(max(conv, 0), 6)
        lines += [f"%zero = mlc_tensor.constant dense<0.0> : {ct}", f"%six = mlc_tensor.constant dense<6.0> : {ct}",
                  f"%lo = mlc_tensor.maximum %y, %zero : {ot}, {ct} -> {ot}",
                  f"%e = mlc_tensor.minimum %lo, %six : {ot}, {ct} -> {ot}"]  # fmt: skip
        result = "%e"
    elif epilogue == "affine":  # (conv - mean) * rsqrt(var + eps) * gamma + beta, per channel, then relu
        per = tensor((1, out_channels, 1, 1) if nchw else (1, 1, 1, out_channels), element)
        args += [f"%mean: {bt}", f"%std: {bt}", f"%gamma: {bt}", f"%beta: {bt}"]
        lines += [
            f"%eps = mlc_tensor.constant dense<1.0e-05> : {ct}",
            f"%var = mlc_tensor.mul %std, %std : {bt}, {bt} -> {bt}",
            f"%ve = mlc_tensor.add %var, %eps : {bt}, {ct} -> {bt}",
            f"%inv = mlc_tensor.rsqrt %ve : {bt} -> {bt}",
        ]
        for name in ("mean", "inv", "gamma", "beta"):
            lines.append(f"%{name}4 = mlc_tensor.reshape %{name} : {bt} -> {per}")
        lines += [
            f"%c = mlc_tensor.sub %y, %mean4 : {ot}, {per} -> {ot}",
            f"%s = mlc_tensor.mul %c, %inv4 : {ot}, {per} -> {ot}",
            f"%g = mlc_tensor.mul %s, %gamma4 : {ot}, {per} -> {ot}",
            f"%a = mlc_tensor.add %g, %beta4 : {ot}, {per} -> {ot}",
            f"%e = mlc_tensor.relu %a : {ot} -> {ot}",
        ]
        result = "%e"
    body = "\n  ".join(lines)
    if prologue:  # the whole function as one group, so the conv reads a value computed in the kernel
        inner = [a.split(":")[0].strip() for a in args]
        binds = ", ".join(f"{v}_in = {v}" for v in inner)
        arg_types = ", ".join(a.split(": ")[1] for a in args)
        renamed = re.sub(r"(%(?:x|w|b|r)\b)", r"\1_in", body)
        return (
            f"func.func @f({', '.join(args)}) -> {ot} {{\n"
            f"  %0 = mlc_tensor.fused ({binds}) : ({arg_types}) -> {ot} {{\n  {renamed}\n"
            f"  mlc_tensor.yield {result} : {ot}\n  }}\n  func.return %0 : {ot}\n}}\n"
        )
    return f"func.func @f({', '.join(args)}) -> {ot} {{\n  {body}\n  func.return {result} : {ot}\n}}\n"


def lower(text: str) -> tuple:
    """(tensor-level module after fuse-epilogue, its lowering to kernels)."""
    ctx = mlc_context()
    module = parse_module(text)
    PASSES["fuse-epilogue"]()().apply(ctx, module)
    lowered = module.clone()
    ConvertMlcTensorToMlcKernel().apply(ctx, lowered)
    lowered.verify()
    return module, lowered




CASES = {
    # name: (conv_module arguments, kernel kind)
    "nchw_3x3_pad_bias_relu": (dict(x=(2, 3, 7, 5), out_channels=5, kernel=(3, 3), padding=(1, 1, 1, 1), bias=True, epilogue="relu"), "conv2d"),
    "nhwc_stride_asym_pad_dilation_gelu": (dict(x=(1, 9, 6, 4), out_channels=6, kernel=(3, 2), strides=(2, 3), padding=(0, 2, 1, 0), dilation=(2, 1), layout="nhwc", epilogue="gelu"), "conv2d"),
    "nchw_groups_residual_relu": (dict(x=(2, 4, 5, 6), out_channels=6, kernel=(3, 3), padding=(1, 1, 1, 1), groups=2, epilogue="residual"), "conv2d"),
    "nhwc_groups_bias": (dict(x=(1, 5, 4, 6), out_channels=9, kernel=(2, 2), padding=(1, 0, 0, 1), groups=3, layout="nhwc", bias=True), "conv2d"),
    "nchw_1x1_stride2": (dict(x=(2, 8, 7, 7), out_channels=3, kernel=(1, 1), strides=(2, 2)), "conv2d"),
    "nhwc_1x1_bias_unit_height": (dict(x=(3, 1, 5, 7), out_channels=9, kernel=(1, 1), layout="nhwc", bias=True), "conv2d"),
    "nhwc_batch_norm_affine_relu": (dict(x=(2, 6, 5, 3), out_channels=7, kernel=(3, 3), padding=(1, 1, 1, 1), layout="nhwc", epilogue="affine"), "conv2d"),
    "nchw_batch_norm_affine_relu": (dict(x=(1, 3, 5, 6), out_channels=4, kernel=(2, 3), strides=(1, 2), padding=(0, 1, 2, 0), epilogue="affine"), "conv2d"),
    "taps_wholly_in_padding": (dict(x=(1, 2, 2, 3), out_channels=3, kernel=(3, 1), dilation=(4, 1), padding=(4, 4, 0, 0), bias=True), "conv2d"),
    "nchw_prologue_in_group": (dict(x=(1, 3, 4, 5), out_channels=4, kernel=(3, 3), padding=(1, 2, 2, 1), prologue=True, epilogue="relu"), "conv2d"),
    "depthwise_nchw_bias_relu6": (dict(x=(2, 8, 6, 6), out_channels=8, kernel=(3, 3), padding=(1, 1, 1, 1), groups=8, bias=True, epilogue="relu6"), "minimum"),
    "depthwise_multiplier_nhwc_stride_dilation": (dict(x=(1, 7, 5, 3), out_channels=6, kernel=(3, 3), strides=(2, 2), padding=(2, 1, 0, 2), dilation=(2, 2), groups=3, layout="nhwc", epilogue="gelu"), "gelu"),
    "depthwise_taps_wholly_in_padding": (dict(x=(1, 2, 2, 3), out_channels=2, kernel=(3, 1), dilation=(4, 1), padding=(4, 4, 0, 0), groups=2, bias=True), "conv2d"),
    "depthwise_prologue_in_group": (dict(x=(1, 4, 3, 5), out_channels=4, kernel=(2, 2), padding=(1, 1, 1, 1), groups=4, prologue=True), "conv2d"),
}  # fmt: skip


@pytest.mark.parametrize("name", CASES)
def test_conv_kernel_matches_tensor_level(name: str) -> None:
    arguments, stem = CASES[name]
    module, lowered = lower(conv_module(**arguments))
    kernels = [op for op in lowered.body.block.ops if isinstance(op, KernelFuncOp) and "conv2d" in str(op.sources)]
    assert len(kernels) == 1 and kernels[0].sym_name.data.startswith(stem)  # the epilogue is fused
    # Implicit GEMM has a K loop; depthwise sums its taps unrolled, in an elementwise kernel.
    assert ("scf.for" in str(kernels[0])) != name.startswith("depthwise")
    inputs = random_inputs(find_function(module, None), seed=0)
    assert_results_close(run_function(lowered, inputs), run_function(module, inputs), tol=1e-4)


def test_groups_are_the_batch_grid_axis() -> None:
    _, lowered = lower(conv_module(**CASES["nhwc_groups_bias"][0]))
    (kernel,) = [op for op in lowered.body.block.ops if isinstance(op, KernelFuncOp)]
    assert kernel.grid_sizes() == (1, 3)  # M = 5 * 7 = 35 in one 64-row tile, N = 3 per group


def test_f16_conv_accumulates_in_f32() -> None:
    module, lowered = lower(conv_module((2, 5, 6, 4), 6, (3, 3), padding=(1, 1, 1, 1), layout="nhwc", bias=True, epilogue="relu", element="f16"))
    assert "tensor<64x64xf16> * tensor<64x16xf16> -> tensor<64x16xf32>" in str(lowered)  # K = 36 in one slab
    inputs = random_inputs(find_function(module, None), seed=1)
    assert_results_close(run_function(lowered, inputs), run_function(module, inputs), tol=1e-2)


TEMPORAL = """
func.func @f(%x: tensor<2x4x20xf32>, %w: tensor<8x4x1x3xf32>, %b: tensor<8xf32>) -> tensor<2x8x20xf32> {
  %x4 = mlc_tensor.reshape %x : tensor<2x4x20xf32> -> tensor<2x4x1x20xf32>
  %y = mlc_tensor.conv2d %x4, %w, %b {padding = array<i64: 0, 0, 2, 2>, dilation = array<i64: 1, 2>} : tensor<2x4x1x20xf32>, tensor<8x4x1x3xf32>, tensor<8xf32> -> tensor<2x8x1x20xf32>
  %y3 = mlc_tensor.reshape %y : tensor<2x8x1x20xf32> -> tensor<2x8x20xf32>
  %g = mlc_tensor.gelu %y3 : tensor<2x8x20xf32> -> tensor<2x8x20xf32>
  func.return %g : tensor<2x8x20xf32>
}
"""


def test_conv1d_as_reshape_and_conv2d() -> None:
    # TemporalConv: conv1d spelled as a unit-height conv2d between reshapes.
    module, lowered = lower(TEMPORAL)
    inputs = random_inputs(find_function(module, None), seed=2)
    assert_results_close(run_function(lowered, inputs), run_function(module, inputs), tol=1e-4)


@pytest.mark.parametrize("groups", [1, 3])
def test_splat_constant_weight_is_an_immediate(groups: int) -> None:
    # No weight buffer: the GEMM's B tile is one immediate lifted to a tile; depthwise multiplies by it.
    module, lowered = lower(f"""
func.func @f(%x: tensor<1x3x5x4xf32>) -> tensor<1x3x5x4xf32> {{
  %w = mlc_tensor.constant dense<0.25> : tensor<3x{3 // groups}x3x3xf32>
  %y = mlc_tensor.conv2d %x, %w {{padding = array<i64: 1, 1, 1, 1>, groups = {groups} : i64}} : tensor<1x3x5x4xf32>, tensor<3x{3 // groups}x3x3xf32> -> tensor<1x3x5x4xf32>
  func.return %y : tensor<1x3x5x4xf32>
}}
""")
    (kernel,) = [op for op in lowered.body.block.ops if isinstance(op, KernelFuncOp)]
    assert len(kernel.function_type.inputs.data) == 2  # x and the result
    inputs = random_inputs(find_function(module, None), seed=4)
    assert_results_close(run_function(lowered, inputs), run_function(module, inputs), tol=1e-4)


TRITON_CASES = ["nchw_3x3_pad_bias_relu", "nhwc_groups_bias", "nchw_prologue_in_group", "depthwise_multiplier_nhwc_stride_dilation"]


@pytest.mark.parametrize("name", TRITON_CASES)
def test_emitted_triton_matches_tensor_level(name: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TRITON_INTERPRET", "1")
    module, lowered = lower(conv_module(**CASES[name][0]))
    program = TritonModule.load(lowered, tmp_path)
    inputs = random_inputs(find_function(module, None), seed=3)
    assert_results_close(program.run(inputs, device="cpu"), run_function(module, inputs), tol=1e-4)
