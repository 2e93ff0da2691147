"""Rules for ATen scans and orderings: cumsum/cumprod/cummax/cummin, prod, sort, topk."""

from collections.abc import Callable

import torch
from xdsl.dialects.builtin import TensorType, i64
from xdsl.ir import SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.dialects.mlc_tensor.base import is_float
from mlc.frontend.torch.emitter import Emitter
from mlc.frontend.torch.rules.shape import slice_dim

aten = torch.ops.aten


def at_least_1d(rule: Callable) -> Callable:
    """Run `rule` on a rank-0 operand viewed as [1] (torch scans 0-d tensors along dim 0 or -1)
    and view its results back with the shapes torch computed."""

    def lifted(b: Emitter, x: SSAValue, *args: object, **kwargs: object) -> object:
        if b.shape(x):
            return rule(b, x, *args, **kwargs)
        results = rule(b, b.reshape(x, [1]), *args, **kwargs)
        if isinstance(results, SSAValue):
            return b.reshape(results, b.result_type().get_shape())
        return tuple(b.reshape(r, b.result_type(i).get_shape()) for i, r in enumerate(results))

    lifted.__doc__ = rule.__doc__
    return lifted


def running(op: type[mt.CumulativeOp]):
    """cumsum/cumprod along `dim`, the operand cast to the result type (`dtype` or promoted)."""

    @at_least_1d
    def rule(b: Emitter, x: SSAValue, dim: int, *, dtype: torch.dtype | None = None) -> SSAValue:
        return b.emit(op(b.cast(x, b.result_element), dim))

    return rule


def running_extremum(op: type[mt.CummaxOp | mt.CumminOp]):
    """cummax/cummin along `dim`: the running values and where each one was last attained.

    torch moves the index on ties (>= for cummax) and on every NaN, after which the value
    stays NaN. So position j is a hit where x[j] equals the running value there (or is
    NaN), and the index at i is the running maximum of the hit positions up to i.
    """

    @at_least_1d
    def rule(b: Emitter, x: SSAValue, dim: int) -> tuple[SSAValue, SSAValue]:
        values = b.emit(op(x, dim))
        hit = b.emit(mt.EqOp(x, values))
        if is_float(b.element(x)):
            hit = b.emit(mt.OrOp(hit, b.emit(mt.NeOp(x, x))))
        dim %= len(b.shape(x))
        positions = b.emit(mt.IotaOp(TensorType(i64, b.shape(x)), dim, 0, 1))
        hits = b.emit(mt.SelectOp(hit, positions, b.tensor(0, i64)))
        return values, b.emit(mt.CummaxOp(hits, dim))

    return rule


def prod(
    b: Emitter, x: SSAValue, dim: int | None = None, keepdim: bool = False,
    *, dtype: torch.dtype | None = None,
) -> SSAValue:
    """The product over `dim` (None: every element) as the last element of the running product.

    mlc_tensor has no product reduction; cumprod keeps the O(n) work of one, with an
    n-element intermediate. An empty axis gives the empty product 1.
    """
    x = b.cast(x, b.result_element)
    if dim is None:
        x, dim = b.reshape(x, [-1]), 0
    dim %= max(len(b.shape(x)), 1)
    x = b.reshape(x, b.shape(x) or [1])
    size = b.shape(x)[dim]
    if size == 0:
        return b.full(1, b.result_type())
    last = slice_dim(b, b.emit(mt.CumprodOp(x, dim)), dim, size - 1, size)
    return b.reshape(last, b.result_type().get_shape())


def prod_all(b: Emitter, x: SSAValue, *, dtype: torch.dtype | None = None) -> SSAValue:
    """prod.default: the product of every element."""
    return prod(b, x, dtype=dtype)


@at_least_1d
def sort(
    b: Emitter, x: SSAValue, dim: int = -1, descending: bool = False
) -> tuple[SSAValue, SSAValue]:
    """(values, indices) sorted along `dim`; always stable, as torch's CPU sort is."""
    op = mt.SortOp(x, dim, descending)
    b.emit(op)
    return op.values, op.indices


def sort_stable(
    b: Emitter, x: SSAValue, *, stable: bool | None = None, dim: int = -1,
    descending: bool = False,
) -> tuple[SSAValue, SSAValue]:
    """sort.stable: the same stable sort (dim and descending are keyword-only here)."""
    return sort(b, x, dim, descending)


@at_least_1d
def topk(
    b: Emitter, x: SSAValue, k: int, dim: int = -1, largest: bool = True, sorted: bool = True
) -> tuple[SSAValue, SSAValue]:
    """The k largest (smallest) along `dim`, in order, with indices; NaN counts as largest.

    Equal values come lowest index first, where torch's order among ties is unspecified;
    `sorted=False` (any order) gets the sorted order too.
    """
    op = mt.TopkOp(x, k, dim, largest)
    b.emit(op)
    return op.values, op.indices


RULES = {
    aten.cumsum.default: running(mt.CumsumOp),
    aten.cumprod.default: running(mt.CumprodOp),
    aten.cummax.default: running_extremum(mt.CummaxOp),
    aten.cummin.default: running_extremum(mt.CumminOp),
    aten.prod.dim_int: prod,
    aten.prod.default: prod_all,
    aten.sort.default: sort,
    aten.sort.stable: sort_stable,
    aten.topk.default: topk,
}
