"""Contraction, normalization, pooling and reduction ATen rules, compared with eager torch."""

import pytest
import torch
import torch.nn.functional as F
from torch_harness import check_torch, randint, randn

aten = torch.ops.aten
x = randn(3, 4, 5)
img = randn(2, 4, 8, 8)
w = randn(6, 5)
bias = randn(6)
ints = randint(9, 3, 4, low=-4)
# Ties, NaN and signed zeros for the orderings; distinct values where indices are compared.
ties = torch.tensor([[3.0, float("nan"), 1.0, 3.0, -0.0, 0.0, 1.0, float("nan")], [2.0, 2.0, -1.0, float("inf"), 2.0, -5.0, 0.5, 2.0]])
small_ints = randint(4, 3, 6, low=-2)

CASES = [
    ("mm", torch.mm, (randn(3, 5), randn(5, 2)), aten.mm.default),
    ("bmm", torch.bmm, (x, randn(3, 5, 2)), aten.bmm.default),
    ("matmul_broadcast", torch.matmul, (x, randn(5, 2)), aten.mm.default),
    ("linear", F.linear, (x, w, bias), aten.addmm.default),
    ("addmm_beta_alpha", lambda c, a, b: torch.addmm(c, a, b, beta=0.5, alpha=2), (bias, randn(2, 5), w.t()), aten.addmm.default),
    ("conv2d", lambda a, k, c: F.conv2d(a, k, c, stride=2, padding=1), (img, randn(3, 4, 3, 3), randn(3)), aten.convolution.default),
    ("conv2d_groups_dilation", lambda a, k: F.conv2d(a, k, dilation=2, groups=2, padding=(2, 1)), (img, randn(6, 2, 3, 3)), aten.convolution.default),
    ("conv2d_depthwise", lambda a, k: F.conv2d(a, k, groups=4, padding="same"), (img, randn(4, 1, 3, 3)), aten.convolution.default),
    ("conv1d", lambda a, k, c: F.conv1d(a, k, c, stride=2, padding=1, dilation=2), (x.transpose(1, 2), randn(2, 5, 3), randn(2)), aten.convolution.default),
    ("conv_transpose2d", lambda a, k, c: F.conv_transpose2d(a, k, c, stride=2, padding=1, output_padding=1), (img, randn(4, 3, 3, 3), randn(3)), aten.convolution.default),
    ("conv_transpose2d_groups", lambda a, k: F.conv_transpose2d(a, k, groups=2, dilation=(1, 2), stride=(1, 3)), (img, randn(4, 3, 2, 3)), aten.convolution.default),
    ("conv_transpose1d", lambda a, k: F.conv_transpose1d(a, k, stride=3, padding=2), (x.transpose(1, 2), randn(5, 2, 4)), aten.convolution.default),
    ("max_pool2d", lambda a: F.max_pool2d(a, 3, 2, padding=1, ceil_mode=True), (img,), aten.max_pool2d_with_indices.default),
    ("max_pool2d_dilation", lambda a: F.max_pool2d(a, 2, dilation=2), (img,), aten.max_pool2d_with_indices.default),
    ("avg_pool2d", lambda a: F.avg_pool2d(a, 3, 2, padding=1, count_include_pad=False), (img,), aten.avg_pool2d.default),
    ("adaptive_avg_pool2d", lambda a: F.adaptive_avg_pool2d(a, (4, 2)), (img,), aten._adaptive_avg_pool2d.default),
    ("softmax", lambda a: a.softmax(1), (x,), aten._softmax.default),
    ("log_softmax", lambda a: F.log_softmax(a, -1), (x,), aten._log_softmax.default),
    ("layer_norm", lambda a, g, b: F.layer_norm(a, (4, 5), g, b, eps=1e-3), (x, randn(4, 5), randn(4, 5)), aten.native_layer_norm.default),
    ("layer_norm_no_affine", lambda a: F.layer_norm(a, (5,)), (x,), aten.native_layer_norm.default),
    ("batch_norm", lambda a, m, v, g, b: F.batch_norm(a, m, v, g, b, eps=1e-3), (img, randn(4), randn(4).abs(), randn(4), randn(4)), aten._native_batch_norm_legit_no_training.default),
    ("batch_norm_no_affine", lambda a, m, v: F.batch_norm(a, m, v), (img, randn(4), randn(4).abs()), aten._native_batch_norm_legit_no_training.default),
    ("batch_norm_functional", lambda a, m, v: aten._native_batch_norm_legit.default(a, None, None, m, v, False, 0.1, 1e-3)[0], (img, randn(4), randn(4).abs()), aten._native_batch_norm_legit_functional.default),
    ("group_norm", lambda a, g, b: F.group_norm(a, 2, g, b), (img, randn(4), randn(4)), aten.native_group_norm.default),
    ("sum_dims", lambda a: a.sum((0, 2), keepdim=True), (x,), aten.sum.dim_IntList),
    ("sum_all_int", torch.sum, (ints,), aten.sum.dim_IntList),
    ("sum_bool", lambda a: (a > 0).sum(-1), (x,), aten.sum.dim_IntList),
    ("mean", lambda a: a.mean(-1), (x,), aten.mean.dim),
    ("mean_all", torch.mean, (x,), aten.mean.default),
    ("amax", lambda a: a.amax((1, 2)), (x,), aten.amax.default),
    ("amin", lambda a: a.amin(0, keepdim=True), (x,), aten.amin.default),
    ("max_all", torch.max, (ints,), aten.max.default),
    ("min_all", torch.min, (x,), aten.min.default),
    ("max_dim", lambda a: a.max(1), (x,), aten.max.dim),
    ("min_dim", lambda a: a.min(-1, keepdim=True), (x,), aten.min.dim),
    ("argmax", lambda a: a.argmax(1), (x,), aten.argmax.default),
    ("argmax_flat", torch.argmax, (x,), aten.argmax.default),
    ("argmin", lambda a: a.argmin(-1, keepdim=True), (ints,), aten.argmin.default),
    ("any", lambda a: (a > 1).any(-1), (x,), aten.any.dim),
    ("any_all", lambda a: a.any(), (ints,), aten.any.default),
    ("all", lambda a: (a > -1).all(0), (x,), aten.any.dim),
    ("any_dims", lambda a: (a > 1).any((0, 2)), (x,), aten.any.dims),
    ("norm", lambda a: a.norm(dim=-1), (x,), aten.linalg_vector_norm.default),
    ("norm_1", lambda a: torch.linalg.vector_norm(a, 1, (0, 1)), (x,), aten.linalg_vector_norm.default),
    ("norm_inf", lambda a: torch.linalg.vector_norm(a, float("inf")), (x,), aten.linalg_vector_norm.default),
    ("norm_3", lambda a: torch.linalg.vector_norm(a, 3, 1, keepdim=True), (x,), aten.linalg_vector_norm.default),
    ("var", lambda a: a.var(-1), (x,), aten.var.correction),
    ("var_population", lambda a: a.var((0, 2), correction=0, keepdim=True), (x,), aten.var.correction),
    ("std", lambda a: a.std(1), (x,), aten.var.correction),
    ("var_mean", lambda a: torch.var_mean(a, 1), (x,), aten.var_mean.correction),
    ("cumsum", lambda a: a.cumsum(1), (x,), aten.cumsum.default),
    ("cumsum_int", lambda a: a.cumsum(0), (ints,), aten.cumsum.default),
    ("cumsum_bool_dtype", lambda a: (a > 0).cumsum(-1, dtype=torch.int32), (x,), aten.cumsum.default),
    ("cumsum_0d", lambda a: a.sum().cumsum(0), (x,), aten.cumsum.default),
    ("cumprod", lambda a: a.cumprod(2), (x,), aten.cumprod.default),
    ("cumprod_int", lambda a: a.cumprod(1), (ints,), aten.cumprod.default),
    ("cummax", lambda a: a.cummax(1), (ties,), aten.cummax.default),
    ("cummin", lambda a: a.cummin(-1), (ties,), aten.cummin.default),
    ("cummax_int_ties", lambda a: a.cummax(0), (small_ints,), aten.cummax.default),
    ("cummin_int_ties", lambda a: a.cummin(1), (small_ints,), aten.cummin.default),
    ("prod", lambda a: a.prod(1), (x,), aten.prod.dim_int),
    ("prod_keepdim_int", lambda a: a.prod(-1, keepdim=True), (ints,), aten.prod.dim_int),
    ("prod_all", torch.prod, (x * 2,), aten.prod.default),
    ("prod_empty", lambda a: a[:, :0].prod(1), (x,), aten.prod.dim_int),
    # torch's CPU sort is stable: equal keys (3, 3; -0.0, 0.0) keep their order, NaN is largest.
    ("sort", lambda a: a.sort(), (ties,), aten.sort.default),
    ("sort_descending", lambda a: a.sort(0, descending=True), (ties,), aten.sort.default),
    ("sort_stable", lambda a: torch.sort(a, dim=1, stable=True, descending=True), (small_ints,), aten.sort.stable),
    ("argsort", lambda a: a.argsort(1), (x,), aten.sort.default),
    ("sort_bool", lambda a: (a > 0).sort(-1), (x,), aten.sort.default),
    ("topk", lambda a: a.topk(2), (x,), aten.topk.default),
    ("topk_smallest", lambda a: a.topk(3, 0, largest=False), (x,), aten.topk.default),
    ("topk_unsorted", lambda a: a.topk(2, 1, sorted=False), (x,), aten.topk.default),
    # Among ties torch's topk picks no defined index: values only (NaN counts as the largest).
    ("topk_ties_values", lambda a: a.topk(4).values, (ties,), aten.topk.default),
    ("topk_ties_smallest_values", lambda a: a.topk(3, largest=False).values, (ties,), aten.topk.default),
    ("topk_int_values", lambda a: a.topk(2, 0).values, (small_ints,), aten.topk.default),
]


@pytest.mark.parametrize("fn, args, overload", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_nn_rule_matches_eager(fn, args, overload):
    check_torch(fn, *args, overload=overload)
