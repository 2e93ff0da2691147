"""Data-movement and creation ATen rules, compared with eager torch on the interpreter."""

import pytest
import torch
import torch.nn.functional as F
from torch_harness import check_torch, randint, randn

aten = torch.ops.aten
x = randn(2, 3, 4)
table = randn(10, 4)
ids = randint(10, 2, 3)
signed_ids = randint(3, 5, low=-3)
mat = randn(3, 4)


def put(values, *indices, accumulate=False):
    """A function of x doing aten.index_put(x, indices, values) (None: a full slice)."""
    return lambda a: aten.index_put.default(a, list(indices), values, accumulate)


def set_masked(a, m):
    a = a.clone()
    a[m] = -1.0
    return a


def set_masked_rows(a, m):
    a = a.clone()
    a[:, m] = a[0, 0] * 2
    return a


def add_at(a, i):
    a = a.clone()
    a[i] += 1
    return a


def setitem_row(a, row):
    a = a.clone()
    a[:, 1] = row
    return a


def setitem_strided(a):
    a = a.clone()
    a[:, ::2] = a[:, 1::2] * 2
    a[1] += 1
    return a


def copy_into(a):
    b = torch.zeros(3, 4, dtype=torch.int64)
    b.copy_(a * 10)
    return b


CASES = [
    ("view", lambda a: a.view(6, 4), (x,), aten.view.default),
    ("reshape_infer", lambda a: a.reshape(-1, 2), (x,), aten.view.default),
    ("unsafe_view", lambda a: a.transpose(0, 1).reshape(3, 8), (x,), aten.view.default),
    ("permute", lambda a: a.permute(2, 0, 1), (x,), aten.permute.default),
    ("transpose", lambda a: a.transpose(-1, 0), (x,), aten.permute.default),
    ("unsqueeze", lambda a: a.unsqueeze(-2), (x,), aten.unsqueeze.default),
    ("squeeze", lambda a: a[:, :1].squeeze(1), (x,), aten.squeeze.dims),
    ("expand", lambda a: a[:, :1].expand(-1, 5, 4), (x,), aten.expand.default),
    ("slice_step", lambda a: a[:, 1::2, -3:], (x,), aten.slice.Tensor),
    ("select", lambda a: a[:, -1], (x,), aten.select.int),
    ("cat", lambda a, b: torch.cat([a, b], dim=1), (x, randn(2, 5, 4)), aten.cat.default),
    ("cat_promote", lambda a, b: torch.cat([a, b], -1), (x, randint(5, 2, 3, 2)), aten.cat.default),
    ("split", lambda a: a.split([1, 3], dim=-1), (x,), aten.split_with_sizes.default),
    ("chunk", lambda a: a.chunk(2, dim=2), (x,), aten.split_with_sizes.default),
    ("unbind", lambda a: a.unbind(1), (x,), aten.squeeze.dims),
    ("index_tensor", lambda a, i: a[:, i], (x, signed_ids), aten.index.Tensor),
    ("index_two", lambda a, i, j: a[i, j], (x, randint(2, 4), randint(3, 4)), aten.index.Tensor),
    ("index_select", lambda a, i: a.index_select(2, i), (x, randint(4, 6)), aten.index_select.default),
    ("gather", lambda a, i: a.gather(1, i), (x, randint(3, 2, 5, 4)), aten.gather.default),
    ("gather_last", lambda a, i: torch.gather(a, -1, i), (x, randint(4, 2, 3, 2)), aten.gather.default),
    ("embedding", F.embedding, (ids, table), aten.embedding.default),
    ("pad", lambda a: F.pad(a, (1, 2, 0, 1), value=0.5), (x,), aten.constant_pad_nd.default),
    ("repeat", lambda a: a.repeat(2, 1, 1, 3), (x,), aten.repeat.default),
    ("flip", lambda a: a.flip(0, 2), (x,), aten.flip.default),
    ("flip_negative", lambda a: a.flip(-1), (ids,), aten.flip.default),
    ("scatter", lambda a, i, s: a.scatter(1, i, s), (mat, torch.tensor([[3, 0], [1, 2], [0, 3]]), randn(3, 3)), aten.scatter.src),
    ("scatter_first_dim", lambda a, i, s: a.scatter(0, i, s), (mat, torch.tensor([[2, 0, 1, 1]]), randn(2, 4)), aten.scatter.src),
    ("scatter_value", lambda a, i: a.scatter(-1, i, 2.5), (mat, torch.tensor([[3], [1], [0]])), aten.scatter.value),
    ("scatter_bool", lambda m, i: m.scatter(0, i, True), (mat > 0, torch.tensor([[2, 0, 1, 1]])), aten.scatter.value),
    ("scatter_add_duplicates", lambda a, i, s: a.scatter_add(1, i, s), (mat, torch.tensor([[1, 1, 1], [0, 3, 0], [2, 2, 2]]), randn(3, 3)), aten.scatter_add.default),
    ("scatter_add_int", lambda a, i, s: a.scatter_add(0, i, s), (ids, torch.tensor([[1, 1, 0], [1, 1, 1]]), randint(5, 2, 3)), aten.scatter_add.default),
    ("scatter_add_bool", lambda m, i, s: m.scatter_add(0, i, s), (mat > 0, torch.tensor([[1, 0, 2, 2], [1, 1, 2, 0]]), randn(2, 4) > 0), aten.scatter_add.default),
    ("index_put_rows", put(randn(2, 4), torch.tensor([2, 0])), (mat,), aten.index_put.default),
    ("index_put_negative_broadcast", put(torch.tensor(7.0), torch.tensor([-1, 1])), (mat,), aten.index_put.default),
    ("index_put_column", put(randn(3, 1), None, torch.tensor([3, 0])), (mat,), aten.index_put.default),
    ("index_put_pairs", put(randn(2, 3), torch.tensor([[0], [2]]), torch.tensor([1, 3, 0])), (mat,), aten.index_put.default),
    ("index_put_middle", put(randn(2, 2, 4), None, torch.tensor([[0, 2], [1, 1]])), (x,), aten.index_put.default),
    ("index_put_accumulate", put(randn(4, 4), torch.tensor([1, 1, 2, 1]), accumulate=True), (mat,), aten.index_put.default),
    ("index_put_bool_accumulate", put(torch.tensor(True), torch.tensor([0, 0, 2]), accumulate=True), (mat > 0,), aten.index_put.default),
    ("index_put_mask_bool_accumulate", put(torch.tensor([True, False, True, False]), torch.tensor([True, False, True]), accumulate=True), (mat > 0,), aten.index_put.default),
    ("index_put_int", put(torch.tensor([5, 6]), torch.tensor([0, 1]), torch.tensor([2, 2])), (ids,), aten.index_put.default),
    ("setitem_add_at", add_at, (mat, torch.tensor([0, 2])), aten.index_put.default),
    ("index_add", lambda a, i, v: a.index_add(0, i, v), (mat, torch.tensor([2, 2, 0]), randn(3, 4)), aten.index_put.default),
    ("index_fill", lambda a, i: a.index_fill(1, i, -1.0), (mat, torch.tensor([0, 2])), aten.index_put.default),
    ("setitem_mask", set_masked, (x, x > 0), aten.index_put.default),
    ("setitem_mask_dim", set_masked_rows, (x, torch.tensor([True, False, True])), aten.index_put.default),
    ("index_put_mask_accumulate", put(torch.tensor([1.0, 2.0, 3.0, 4.0]), torch.tensor([True, False, True]), accumulate=True), (mat,), aten.index_put.default),
    ("upsample_scale", lambda a: F.interpolate(a, scale_factor=2), (randn(1, 2, 3, 3),), aten.upsample_nearest2d.vec),
    ("upsample_size", lambda a: F.interpolate(a, size=(5, 7)), (randn(1, 2, 3, 4),), aten.upsample_nearest2d.vec),
    ("setitem_row", setitem_row, (x, randn(2, 4)), aten.where.self),
    ("setitem_strided", setitem_strided, (x,), aten.slice_scatter.default),
    ("copy_", copy_into, (randn(3, 1),), aten.copy.default),
    ("empty_copy", lambda a: torch.empty(2, 3, 4).copy_(a), (x,), aten.empty.memory_format),
    ("empty_like_copy", lambda a: torch.empty_like(a).copy_(a * 2), (x,), aten.empty_permuted.default),
    ("full", lambda a: a + torch.full((3, 4), 2.5), (x,), aten.full.default),
    ("zeros_ones", lambda a: a + torch.zeros(4) - torch.ones(3, 1), (x,), aten.full.default),
    ("full_like", lambda a: torch.full_like(a, 7, dtype=torch.int32), (x,), aten.full_like.default),
    ("new_ones", lambda a: a.new_ones(2, 2), (x,), aten.full.default),
    ("scalar_tensor", lambda a: a * torch.tensor(3.0), (x,), None),
    ("arange", lambda a: a + torch.arange(4), (x,), aten.arange.start_step),
    ("arange_float_step", lambda a: torch.arange(0.5, 2.0, 0.25) * a[0, 0, 0], (x,), aten.arange.start_step),
]


@pytest.mark.parametrize("fn, args, overload", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_shape_rule_matches_eager(fn, args, overload):
    check_torch(fn, *args, overload=overload)
