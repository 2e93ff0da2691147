"""Quantization-aware training for PyTorch: fake-quantize modules, prepare/convert, 2:4 fine-tuning.

Numerics are mlc_quant's (mlc.runtime.interpreter.mlc_quant): everything is symmetric with
zero point 0 on the narrow range [-qmax, qmax] (qmax = 2^(bits-1) - 1), quantize is
clamp(round_half_even(x / scale)) in f32 (NaN -> 0) and dequantize is f32(q) * scale, so a
fake-quantized tensor is bit-for-bit what quantize -> dequantize gives on the interpreter.
Gradients use the straight-through estimator; a learned activation scale gets LSQ's gradient.

Design of `convert`: each QAT (or 2:4-masked) Linear becomes a `QuantizedLinear` holding
the frozen storage integers (an int8 tensor, int4 values in [-7, 7]) and f32 scales, whose
forward calls one custom op, `torch.ops.mlc.linear`. Its eager kernel computes exactly what
the mlc_quant op the importer maps it to computes (mlc.frontend.torch.rules.quant), so an
imported converted model equals it bit-for-bit on the integer path and within f32
summation-order rounding on the float-accumulating paths:

    mlc::linear(x, weight, weight_scales, input_scale, group_size, bits, sparse) -> x @ W^T
      weight_scales None          float weight (2:4 only)  -> mlc_quant.sparse_matmul
      input_scale None            dequantize(W) then f32   -> weight_only_matmul / sparse_matmul
      input_scale given (int8 x)  sum qx * qw in i32, times input_scale * weight_scales[n]
                                                           -> quantize, matmul (or sparse_matmul),
                                                              storage_cast, dequantize
    mlc::conv2d(x, weight, weight_scales, input_scale, stride, padding, dilation, groups, bits)
                                  the same integer path    -> quantize, mlc_quant.conv2d, ...

With int8 activations, convolutions take per-output-channel weights. Weight-only
convolutions fake-quantize W as the [O, I*kh*kw] matrix the quantize pass stores (groups
along the flattened reduction); mlc_quant has no weight-only conv op, so `convert` gives a
plain nn.Conv2d holding dequantize(Wq), whose values lie on the quantization grid: after
import, quantize{weights=.. granularity=.. group-size=..} with the QAT config stores exactly
these integers again (max|w| of each block is qmax * scale). Weight scales are max|w| / qmax,
recomputed every step (the weights learn through the STE); the activation scale is learned
(LSQ) or an EMA of max|x|.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import torch
from torch import nn
from torch.nn.utils import parametrize

WEIGHT_BITS = {"int8": 8, "int4": 4}


def qmax_of(bits: int) -> int:
    """The largest storage value of symmetric narrow-range `bits` quantization."""
    return 2 ** (bits - 1) - 1


def quantize_storage(x: torch.Tensor, scale: torch.Tensor, qmax: int) -> torch.Tensor:
    """mlc_quant.quantize with zero point 0: clamp(round_half_even(x / scale), -qmax, qmax), NaN -> 0."""
    rounded = torch.round(x.float() / scale)
    return torch.nan_to_num(rounded, nan=0.0).clamp(-qmax, qmax)


def expand_scales(scales: torch.Tensor, shape: torch.Size) -> torch.Tensor:
    """Per-channel [N] or per-group [N, K/G] scales broadcast to a weight of `shape` ([N, K], or
    OIHW with K = I*kh*kw flattened): each group's scale repeated over its G elements."""
    if scales.dim() == 1:
        return scales.reshape(-1, *([1] * (len(shape) - 1)))
    return scales.repeat_interleave(math.prod(shape[1:]) // scales.shape[-1], dim=-1).reshape(shape)


def weight_scales(w: torch.Tensor, bits: int, group_size: int) -> torch.Tensor:
    """max|w| / qmax per output channel (group_size 0) or per group of K; 1 where all zero."""
    w = w.detach().float()
    blocks = w.reshape(w.shape[0], -1) if not group_size else w.reshape(w.shape[0], -1, group_size)
    scales = blocks.abs().amax(dim=-1) / qmax_of(bits)
    return torch.where(scales > 0, scales, torch.ones_like(scales))


class _FakeQuantWeight(torch.autograd.Function):
    """Fake-quantize with given scales; straight-through gradient inside the clamp range."""

    @staticmethod
    def forward(ctx, w: torch.Tensor, scales: torch.Tensor, qmax: int) -> torch.Tensor:
        q = quantize_storage(w, scales, qmax)
        ctx.save_for_backward((w.float() / scales).abs() <= qmax + 0.5)
        return q * scales

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        (inside,) = ctx.saved_tensors
        return grad * inside, None, None


class _LearnedScaleQuant(torch.autograd.Function):
    """Fake-quantize with a learned per-tensor scale: STE for x, LSQ's gradient for the scale."""

    @staticmethod
    def forward(ctx, x: torch.Tensor, scale: torch.Tensor, qmax: int, grad_factor: float) -> torch.Tensor:
        q = quantize_storage(x, scale, qmax)
        ctx.save_for_backward(x.float() / scale, q)
        ctx.qmax, ctx.grad_factor = qmax, grad_factor
        return q * scale

    @staticmethod
    def backward(ctx, grad: torch.Tensor):
        ratio, q = ctx.saved_tensors
        inside = ratio.abs() <= ctx.qmax
        # d(q * s)/ds = round(x/s) - x/s inside the range and +-qmax where clamped (LSQ).
        dscale = torch.where(inside, q - ratio, q)
        grad_scale = (grad * dscale).sum() * ctx.grad_factor
        return grad * inside, grad_scale.reshape(()), None, None


class ActivationQuant(nn.Module):
    """Per-tensor symmetric int8 fake quantization of activations, with a learned (LSQ) or EMA range."""

    def __init__(self, mode: str = "lsq", momentum: float = 0.9):
        super().__init__()
        if mode not in ("lsq", "ema"):
            raise ValueError(f"ActivationQuant: unknown mode '{mode}'; use lsq or ema")
        self.mode, self.momentum, self.qmax = mode, momentum, qmax_of(8)
        self.scale = nn.Parameter(torch.tensor(1.0), requires_grad=mode == "lsq")
        self.register_buffer("initialized", torch.tensor(False))

    def observe(self, x: torch.Tensor) -> None:
        """Initialize (LSQ: 2 mean|x| / sqrt(qmax)) or EMA-update the scale from a batch."""
        with torch.no_grad():
            if self.mode == "lsq":
                estimate = 2 * x.abs().mean() / math.sqrt(self.qmax)
            else:
                estimate = x.abs().amax() / self.qmax
            estimate = estimate.clamp_min(torch.finfo(torch.float32).tiny)
            if not bool(self.initialized):
                self.scale.copy_(estimate)
                self.initialized.fill_(True)
            elif self.mode == "ema":
                self.scale.mul_(self.momentum).add_((1 - self.momentum) * estimate)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.training and (self.mode == "ema" or not bool(self.initialized)):
            self.observe(x)
        if self.mode == "ema":
            return _FakeQuantWeight.apply(x, self.scale.detach(), self.qmax)
        scale = self.scale.abs().clamp_min(torch.finfo(torch.float32).tiny)
        return _LearnedScaleQuant.apply(x, scale, self.qmax, 1 / math.sqrt(x.numel() * self.qmax))

    def frozen_scale(self) -> torch.Tensor:
        """The scale the forward pass uses now, as a 0-d f32 tensor."""
        return self.scale.detach().abs().clamp_min(torch.finfo(torch.float32).tiny).float().clone()


@dataclass
class QATConfig:
    """What `prepare` quantizes: weight format and granularity, activations, excluded module names."""

    weights: str = "int8"
    granularity: str = "channel"
    group_size: int = 128
    activations: str = "none"
    activation_range: str = "lsq"
    exclude: list[str] = field(default_factory=list)

    def check(self) -> None:
        """Raise ValueError for options that name nothing or that no mlc_quant op implements."""
        for option, value, allowed in (
            ("weights", self.weights, tuple(WEIGHT_BITS)),
            ("granularity", self.granularity, ("channel", "group")),
            ("activations", self.activations, ("none", "int8")),
            ("activation_range", self.activation_range, ("lsq", "ema")),
        ):
            if value not in allowed:
                raise ValueError(f"QATConfig: unknown {option} '{value}'; use {' or '.join(allowed)}")
        if self.granularity == "group" and self.group_size < 1:
            raise ValueError(f"QATConfig: group_size must be >= 1, got {self.group_size}")
        if self.activations == "int8" and self.granularity == "group":
            raise ValueError("QATConfig: int8 activations need per-channel weights "
                             "(mlc_quant.matmul takes no groups); use granularity='channel'")


class FakeQuantWeightMixin:
    """Weight (and optional int8 input) fake quantization shared by QATLinear and QATConv2d."""

    weight: torch.Tensor

    def setup_quant(self, config: QATConfig, reduced: int) -> None:
        """Take bits, group size and activation quantization from `config` (`reduced`: K per channel)."""
        self.bits = WEIGHT_BITS[config.weights]
        self.group_size = config.group_size if config.granularity == "group" else 0
        if self.group_size and reduced % self.group_size:
            raise ValueError(f"{type(self).__name__}: input features {reduced} are not divisible by "
                             f"group_size {self.group_size}")
        self.input_quant = (ActivationQuant(config.activation_range)
                            if config.activations == "int8" else None)

    def quantized_weight(self) -> tuple[torch.Tensor, torch.Tensor]:
        """(fake-quantized weight, its scales) as the forward pass uses them."""
        scales = weight_scales(self.weight, self.bits, self.group_size)
        expanded = expand_scales(scales, self.weight.shape)
        return _FakeQuantWeight.apply(self.weight, expanded, qmax_of(self.bits)), scales

    def quantized_input(self, x: torch.Tensor) -> torch.Tensor:
        """The input, fake-quantized to int8 when activations are quantized."""
        return x if self.input_quant is None else self.input_quant(x)


class QATLinear(FakeQuantWeightMixin, nn.Linear):
    """nn.Linear whose weight (and optionally input) is fake-quantized in the forward pass."""

    def __init__(self, in_features: int, out_features: int, bias: bool, config: QATConfig):
        super().__init__(in_features, out_features, bias)
        self.setup_quant(config, in_features)

    @staticmethod
    def from_float(linear: nn.Linear, config: QATConfig) -> "QATLinear":
        """A QATLinear shaped like `linear` (`prepare` copies the weights)."""
        return QATLinear(linear.in_features, linear.out_features, linear.bias is not None, config)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return nn.functional.linear(self.quantized_input(x), self.quantized_weight()[0], self.bias)


class QATConv2d(FakeQuantWeightMixin, nn.Conv2d):
    """nn.Conv2d with weight fake quantization over [O, I*kh*kw], and optionally int8 input."""

    @staticmethod
    def from_float(conv: nn.Conv2d, config: QATConfig) -> "QATConv2d":
        """A QATConv2d with `conv`'s window options; zero padding given as numbers only."""
        if conv.padding_mode != "zeros" or isinstance(conv.padding, str):
            raise ValueError(f"QATConv2d: padding {conv.padding!r} ({conv.padding_mode}) is not "
                             "zero padding by numbers; exclude this conv")
        qat = QATConv2d(conv.in_channels, conv.out_channels, conv.kernel_size, conv.stride,
                        conv.padding, conv.dilation, conv.groups, conv.bias is not None)
        qat.setup_quant(config, math.prod(qat.weight.shape[1:]))
        return qat

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self._conv_forward(self.quantized_input(x), self.quantized_weight()[0], self.bias)


class Sparse24Mask(nn.Module):
    """Weight parametrization multiplying by a fixed 0/1 mask (2:4 along the input features)."""

    def __init__(self, mask: torch.Tensor):
        super().__init__()
        self.register_buffer("mask", mask)

    def forward(self, w: torch.Tensor) -> torch.Tensor:
        return w * self.mask


def mask_2_4(w: torch.Tensor) -> torch.Tensor:
    """Magnitude 2:4 mask of an [N, K] weight: the 2 largest |w| of each 4 consecutive along K."""
    groups = w.detach().abs().reshape(w.shape[0], -1, 4)
    keep = groups.topk(2, dim=-1).indices
    return torch.zeros_like(groups).scatter_(-1, keep, 1.0).reshape(w.shape)


def sparse_mask(module: nn.Module) -> torch.Tensor | None:
    """The fixed 2:4 mask of a Linear sparsified by `sparsify_2_4`, if any."""
    if not parametrize.is_parametrized(module, "weight"):
        return None
    masks = [p.mask for p in module.parametrizations["weight"] if isinstance(p, Sparse24Mask)]
    return masks[0] if masks else None


def _selected(model: nn.Module, exclude: Iterable[str], kinds: tuple[type, ...]):
    """(parent, attribute, qualified name, module) of each `kinds` module whose name is not excluded."""
    excluded = set(exclude)
    for name, module in list(model.named_modules()):
        for child_name, child in list(module.named_children()):
            full = f"{name}.{child_name}" if name else child_name
            if isinstance(child, kinds) and full not in excluded:
                yield module, child_name, full, child


def sparsify_2_4(model: nn.Module, exclude: Iterable[str] = ()) -> nn.Module:
    """Mask every Linear weight (in place) to its magnitude 2:4 pattern, fixed through training."""
    for _, _, name, linear in _selected(model, exclude, (nn.Linear,)):
        if linear.in_features % 4:
            raise ValueError(f"sparsify_2_4: '{name}' has in_features {linear.in_features}, not a "
                             "multiple of 4; exclude it")
        if sparse_mask(linear) is None:
            parametrize.register_parametrization(linear, "weight", Sparse24Mask(mask_2_4(linear.weight)))
    return model


def prepare(model: nn.Module, config: QATConfig) -> nn.Module:
    """Swap nn.Linear and nn.Conv2d modules in place, except `config.exclude`, for their QAT
    versions; a 2:4 mask is kept."""
    config.check()
    for parent, attr, _, layer in _selected(model, config.exclude, (nn.Linear, nn.Conv2d)):
        if isinstance(layer, FakeQuantWeightMixin):
            continue
        qat = (QATConv2d if isinstance(layer, nn.Conv2d) else QATLinear).from_float(layer, config)
        mask = sparse_mask(layer)
        with torch.no_grad():
            source = layer.parametrizations["weight"].original if mask is not None else layer.weight
            qat.weight.copy_(source)
            if layer.bias is not None:
                qat.bias.copy_(layer.bias)
        if mask is not None:
            parametrize.register_parametrization(qat, "weight", Sparse24Mask(mask.clone()))
        qat.to(layer.weight.device)
        setattr(parent, attr, qat)
    return model


class QuantizedLinear(nn.Module):
    """A frozen quantized and/or 2:4 Linear: one `torch.ops.mlc.linear` call plus the float bias."""

    def __init__(self, weight: torch.Tensor, weight_scales: torch.Tensor | None,
                 input_scale: torch.Tensor | None, bias: torch.Tensor | None, group_size: int,
                 bits: int, sparse: bool):
        super().__init__()
        self.register_buffer("weight", weight)
        self.register_buffer("weight_scales", weight_scales)
        self.register_buffer("input_scale", input_scale)
        self.register_buffer("bias", bias)
        self.group_size, self.bits, self.sparse = group_size, bits, sparse

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.ops.mlc.linear(x, self.weight, self.weight_scales, self.input_scale,
                                 self.group_size, self.bits, self.sparse)
        return y if self.bias is None else y + self.bias


class QuantizedConv2d(nn.Module):
    """A frozen W8A8 (or W4A8) Conv2d: one `torch.ops.mlc.conv2d` call plus the float bias."""

    def __init__(self, conv: QATConv2d):
        super().__init__()
        storage, scales, input_scale = _frozen_storage(conv)
        self.register_buffer("weight", storage)
        self.register_buffer("weight_scales", scales)
        self.register_buffer("input_scale", input_scale)
        self.register_buffer("bias", None if conv.bias is None else conv.bias.detach().float().clone())
        self.window = [list(conv.stride), list(conv.padding), list(conv.dilation)]
        self.groups, self.bits = conv.groups, conv.bits

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        y = torch.ops.mlc.conv2d(x, self.weight, self.weight_scales, self.input_scale, *self.window,
                                 self.groups, self.bits)
        return y if self.bias is None else y + self.bias.reshape(1, -1, 1, 1)


def _frozen_storage(layer: FakeQuantWeightMixin) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
    """(int8 storage integers, f32 weight scales, input scale or None) of a QAT layer as it is now."""
    weight = layer.weight.detach().float()
    scales = weight_scales(weight, layer.bits, layer.group_size)
    storage = quantize_storage(weight, expand_scales(scales, weight.shape), qmax_of(layer.bits))
    input_scale = None if layer.input_quant is None else layer.input_quant.frozen_scale()
    return storage.to(torch.int8), scales, input_scale


def _frozen_linear(linear: nn.Linear) -> QuantizedLinear:
    """The QuantizedLinear computing what a QATLinear or 2:4-masked Linear computes in eval mode."""
    sparse = sparse_mask(linear) is not None
    bias = None if linear.bias is None else linear.bias.detach().float().clone()
    if not isinstance(linear, QATLinear):
        return QuantizedLinear(linear.weight.detach().float().clone(), None, None, bias, 0, 0, sparse)
    storage, scales, input_scale = _frozen_storage(linear)
    return QuantizedLinear(storage, scales, input_scale, bias, linear.group_size, linear.bits, sparse)


def _dequantized_conv(conv: QATConv2d) -> nn.Conv2d:
    """A weight-only QATConv2d frozen as a float nn.Conv2d holding dequantize(Wq) (see the module doc)."""
    frozen = nn.Conv2d(conv.in_channels, conv.out_channels, conv.kernel_size, conv.stride, conv.padding,
                       conv.dilation, conv.groups, conv.bias is not None)
    with torch.no_grad():
        frozen.weight.copy_(conv.quantized_weight()[0])
        if conv.bias is not None:
            frozen.bias.copy_(conv.bias)
    return frozen.to(conv.weight.device)


def convert(model: nn.Module) -> nn.Module:
    """Freeze (in place) every QAT layer and 2:4-masked Linear into a QuantizedLinear/QuantizedConv2d
    (a weight-only QATConv2d into an nn.Conv2d with dequantized weights)."""
    for parent, attr, _, layer in _selected(model, (), (nn.Linear, nn.Conv2d)):
        if isinstance(layer, QATConv2d):
            setattr(parent, attr, QuantizedConv2d(layer) if layer.input_quant is not None
                    else _dequantized_conv(layer))
        elif isinstance(layer, QATLinear) or sparse_mask(layer) is not None:
            setattr(parent, attr, _frozen_linear(layer))
    return model


def dequantize_accumulator(exact: torch.Tensor, input_scale: torch.Tensor, weight_scales: torch.Tensor,
                           channel_axis: int) -> torch.Tensor:
    """Exact integer sums (f64) wrapped to i32, then times input_scale * weight_scales[channel] in f32
    (mlc_quant.storage_cast to scale sx * sw along the channel axis, then dequantize)."""
    shape = [1] * exact.dim()
    shape[channel_axis] = -1
    acc = exact.to(torch.int64).to(torch.int32)
    return acc.float() * (input_scale * weight_scales).reshape(shape)


@torch.library.custom_op("mlc::linear", mutates_args=())
def linear(x: torch.Tensor, weight: torch.Tensor, weight_scales: torch.Tensor | None,
           input_scale: torch.Tensor | None, group_size: int, bits: int, sparse: bool) -> torch.Tensor:
    """x @ W^T for a frozen quantized and/or 2:4 weight, exactly as its mlc_quant op computes it
    (group_size, bits and sparse only tell the importer the weight's type: the values imply them)."""
    if weight_scales is None:
        return nn.functional.linear(x, weight)
    if input_scale is None:
        dequantized = weight.float() * expand_scales(weight_scales, weight.shape)
        return nn.functional.linear(x, dequantized)
    qx = quantize_storage(x, input_scale, qmax_of(8))
    # Products of 8-bit integers summed in f64 are exact (mlc_quant.matmul's i32 sum before wrapping).
    return dequantize_accumulator(qx.double() @ weight.double().T, input_scale, weight_scales, -1)


@linear.register_fake
def _(x, weight, weight_scales, input_scale, group_size, bits, sparse):
    return x.new_empty((*x.shape[:-1], weight.shape[0]))


@torch.library.custom_op("mlc::conv2d", mutates_args=())
def conv2d(x: torch.Tensor, weight: torch.Tensor, weight_scales: torch.Tensor, input_scale: torch.Tensor,
           stride: list[int], padding: list[int], dilation: list[int], groups: int, bits: int) -> torch.Tensor:
    """NCHW conv of int8-quantized x with an OIHW quantized weight, as mlc_quant.conv2d + dequantize."""
    qx = quantize_storage(x, input_scale, qmax_of(8))
    exact = nn.functional.conv2d(qx.double(), weight.double(), None, stride, padding, dilation, groups)
    return dequantize_accumulator(exact, input_scale, weight_scales, 1)


@conv2d.register_fake
def _(x, weight, weight_scales, input_scale, stride, padding, dilation, groups, bits):
    (n, _, h, w), (o, _, kh, kw) = x.shape, weight.shape
    oh, ow = ((size + 2 * p - d * (k - 1) - 1) // s + 1
              for size, p, d, k, s in zip((h, w), padding, dilation, (kh, kw), stride))
    return x.new_empty((n, o, oh, ow))
