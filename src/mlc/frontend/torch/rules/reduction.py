"""Rules for ATen reductions: sum/mean/amax/amin/max/min, arg-reductions, any/all, var."""

import math
from collections.abc import Sequence

import torch
from xdsl.dialects.builtin import i1
from xdsl.ir import SSAValue

from mlc.dialects import mlc_tensor as mt
from mlc.frontend.torch.emitter import Emitter

aten = torch.ops.aten
Dims = int | Sequence[int] | None


def axes(dims: Dims) -> list[int] | None:
    """torch's dim argument as a list of axes; None or [] means every axis."""
    if dims is None:
        return None
    dims = [dims] if isinstance(dims, int) else list(dims)
    return dims or None


def reduce(op: type[mt.ReductionOp], as_bool: bool = False):
    """A rule reducing `dim` with `op`, the operand cast to the result type (or to bool)."""

    def rule(
        b: Emitter, x: SSAValue, dim: Dims = None, keepdim: bool = False, **_options: object
    ) -> SSAValue:
        x = b.cast(x, i1 if as_bool else b.result_element)
        return b.emit(op(x, axes(dim), keepdim))

    return rule


def full_reduce(op: type[mt.ReductionOp], as_bool: bool = False):
    """A rule for the overloads without dim (sum.default, any.default, ...): every axis."""

    def rule(b: Emitter, x: SSAValue, **_options) -> SSAValue:
        return reduce(op, as_bool)(b, x)

    return rule


def arg_reduce(negate: bool):
    """argmax (or argmin as argmax of the negation / logical not) along `dim`, None: flattened."""

    def rule(b: Emitter, x: SSAValue, dim: int | None = None, keepdim: bool = False) -> SSAValue:
        if negate:
            x = b.emit(mt.EqOp(x, b.tensor(0, i1)) if b.element(x) == i1 else mt.NegOp(x))
        if dim is None:
            flat = b.emit(mt.ArgmaxOp(b.reshape(x, [-1]), 0))
            return b.reshape(flat, b.result_type().get_shape())
        return b.emit(mt.ArgmaxOp(x, dim, keepdim))

    return rule


def extremum_dim(op: type[mt.ReductionOp], negate: bool):
    """max.dim / min.dim: (values, indices) along `dim`."""

    def rule(b: Emitter, x: SSAValue, dim: int, keepdim: bool = False) -> tuple[SSAValue, SSAValue]:
        return b.emit(op(x, [dim], keepdim)), arg_reduce(negate)(b, x, dim, keepdim)

    return rule


def vector_norm(
    b: Emitter, x: SSAValue, ord: float = 2, dim: Dims = None, keepdim: bool = False,
    *, dtype: torch.dtype | None = None,
) -> SSAValue:
    """The p-norm over `dim`: sum(|x|**p)**(1/p), with max |x| for p = inf."""
    x = b.emit(mt.AbsOp(b.cast(x, b.result_element)))
    if ord == math.inf:
        return b.emit(mt.ReduceMaxOp(x, axes(dim), keepdim))
    if ord != 1:
        x = b.emit(mt.MulOp(x, x) if ord == 2 else mt.PowOp(x, b.tensor(ord, b.element(x))))
    total = b.emit(mt.ReduceSumOp(x, axes(dim), keepdim))
    if ord == 1:
        return total
    if ord == 2:
        return b.emit(mt.SqrtOp(total))
    return b.emit(mt.PowOp(total, b.tensor(1 / ord, b.element(x))))


def variance(b: Emitter, x: SSAValue, dims: Dims, correction: float, keepdim: bool) -> SSAValue:
    """sum((x - mean)**2) / (N - correction) over `dims`."""
    mean = b.emit(mt.ReduceMeanOp(x, axes(dims), True))
    deviation = b.emit(mt.SubOp(x, mean))
    squares = b.emit(mt.ReduceSumOp(b.emit(mt.MulOp(deviation, deviation)), axes(dims), keepdim))
    shape = b.shape(x)
    count = math.prod(shape[a] for a in (axes(dims) or range(len(shape))))
    return b.emit(mt.DivOp(squares, b.tensor(float(count - correction), b.element(x))))


def var(b: Emitter, x: SSAValue, dim: Dims = None, *, correction: float | None = None,
        keepdim: bool = False) -> SSAValue:
    """var.correction (correction defaults to 1, Bessel's)."""
    return variance(b, x, dim, 1 if correction is None else correction, keepdim)


def var_mean(b: Emitter, x: SSAValue, dim: Dims = None, *, correction: float | None = None,
             keepdim: bool = False) -> tuple[SSAValue, SSAValue]:
    """(var, mean) over `dim`."""
    return var(b, x, dim, correction=correction, keepdim=keepdim), b.emit(
        mt.ReduceMeanOp(x, axes(dim), keepdim)
    )


RULES = {
    aten.sum.dim_IntList: reduce(mt.ReduceSumOp),
    aten.mean.dim: reduce(mt.ReduceMeanOp),
    aten.mean.default: full_reduce(mt.ReduceMeanOp),
    aten.amax.default: reduce(mt.ReduceMaxOp),
    aten.amin.default: reduce(mt.ReduceMinOp),
    aten.max.default: full_reduce(mt.ReduceMaxOp),
    aten.min.default: full_reduce(mt.ReduceMinOp),
    aten.max.dim: extremum_dim(mt.ReduceMaxOp, negate=False),
    aten.min.dim: extremum_dim(mt.ReduceMinOp, negate=True),
    aten.argmax.default: arg_reduce(negate=False),
    aten.argmin.default: arg_reduce(negate=True),
    aten.any.default: full_reduce(mt.ReduceMaxOp, as_bool=True),
    aten.any.dim: reduce(mt.ReduceMaxOp, as_bool=True),
    aten.any.dims: reduce(mt.ReduceMaxOp, as_bool=True),
    aten.linalg_vector_norm.default: vector_norm,
    aten.var.correction: var,
    aten.var_mean.correction: var_mean,
}
