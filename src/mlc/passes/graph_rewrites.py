"""Helpers of the mlc_tensor graph passes: constants in and out, uses, erasing, matching op patterns."""

from collections.abc import Iterable, Sequence

import numpy as np
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, TensorType
from xdsl.ir import Attribute, Operation, SSAValue
from xdsl.pattern_rewriter import PatternRewriter

from mlc.dialects.mlc_tensor import ConstantOp, MaximumOp, MulOp, ReduceMaxOp, ReshapeOp
from mlc.dialects.mlc_tensor.base import is_float
from mlc.dialects.mlc_tensor.reduction import ReductionOp, reduced_shape
from mlc.ir.dtypes import to_numpy_dtype
from mlc.ir.resources import resource_array
from mlc.runtime.interpreter.mlc_tensor.constant import dense_array


def constant_array(value: SSAValue | None) -> np.ndarray | None:
    """The numpy value of `value` when an mlc_tensor.constant defines it, else None."""
    if value is None or not isinstance(owner := value.owner, ConstantOp):
        return None
    attr = owner.value
    return dense_array(attr) if isinstance(attr, DenseIntOrFPElementsAttr) else resource_array(attr)


def make_constant(array: np.ndarray, like: Attribute, name: str) -> ConstantOp:
    """A constant holding `array` rounded once to the element type of tensor type `like`."""
    assert isinstance(like, TensorType)
    return ConstantOp.from_array(
        np.asarray(array).astype(to_numpy_dtype(like.get_element_type())), name
    )


def shape(value: SSAValue) -> tuple[int, ...]:
    """The static shape of a tensor-typed value."""
    assert isinstance(value.type, TensorType)
    return value.type.get_shape()


def with_shape(value: SSAValue, dims: Sequence[int]) -> TensorType:
    """The tensor type with `value`'s element type and shape `dims`."""
    assert isinstance(value.type, TensorType)
    return TensorType(value.type.get_element_type(), dims)


def single_use(value: SSAValue) -> bool:
    """Whether exactly one operation uses `value` (so rewriting its producer changes nothing else)."""
    return value.has_one_use()


def defining(value: SSAValue, kind: type[Operation] | tuple[type[Operation], ...]):
    """The op of type `kind` defining `value`, else None."""
    owner = value.owner
    return owner if isinstance(owner, kind) else None


def erase_unused(rewriter: PatternRewriter, ops: Sequence[Operation]) -> None:
    """Erase those of `ops` left unused by a rewrite (repeatedly: one erased frees another), and orphaned constants."""
    candidates = list(dict.fromkeys(ops))
    changed = True
    while changed:
        changed = False
        for op in candidates:  # grows while iterating: constants freed by an erase are appended
            if op.parent is None or any(r.uses for r in op.results):
                continue
            for v in op.operands:
                if isinstance(v.owner, ConstantOp) and v.owner not in candidates:
                    candidates.append(v.owner)
            rewriter.erase(op)
            changed = True


# ---- matching helpers (recompose and other pattern passes) ----------------------------------


def scalar(value: SSAValue) -> float | None:
    """The value of a float constant whose elements are all equal, else None."""
    array = constant_array(value)
    if array is None or array.size == 0 or not is_float(value.type.get_element_type()):
        return None
    first = array.flat[0]
    return float(first) if (array == first).all() else None


def near(value: SSAValue, number: float) -> bool:
    """Whether `value` is a constant equal to `number` up to a relative 1e-6."""
    found = scalar(value)
    return found is not None and abs(found - number) <= 1e-6 * max(1.0, abs(number))


def shortest(number: float) -> float:
    """The shortest decimal that rounds to the same f32 (so a decomposed 1e-5 comes back as 1e-5)."""
    return float(str(np.float32(number)))


def equivalent(a: SSAValue, b: SSAValue) -> bool:
    """a is b, or both come from ops of one kind with the same operands and properties (x - m twice)."""
    if a is b:
        return True
    x, y = a.owner, b.owner
    return (
        isinstance(x, Operation)
        and type(x) is type(y)
        and not x.regions
        and x.properties == y.properties
        and list(x.operands) == list(y.operands)
    )


def keepdim_reduce(
    value: SSAValue, kind: type[ReductionOp]
) -> tuple[list[Operation], SSAValue, tuple[int, ...]] | None:
    """(ops, input, axes) when `value` is a `kind` reduction with keepdim, or one reshaped back to it."""
    ops: list[Operation] = []
    owner = value.owner
    if isinstance(owner, ReshapeOp):
        ops.append(owner)
        owner = owner.input.owner
        # jax writes max(x) as maximum(-inf, reduce_max(x)): the -inf changes nothing.
        if isinstance(owner, MaximumOp) and kind is ReduceMaxOp:
            for first, second in ((owner.lhs, owner.rhs), (owner.rhs, owner.lhs)):
                if scalar(first) == -np.inf and shape(second) == shape(owner.result):
                    ops.append(owner)
                    owner = second.owner
                    break
    if not isinstance(owner, kind):
        return None
    axes = owner.axes_values()
    if shape(value) != reduced_shape(shape(owner.input), axes, True):
        return None
    if ops == [] and not owner.keeps_dims():
        return None
    return [*ops, owner], owner.input, axes


def product(value: SSAValue, internal: list[Operation]) -> list[SSAValue]:
    """The factors of a tree of single-use muls rooted at `value` (its mul ops go to `internal`)."""
    mul = defining(value, MulOp)
    if mul is None or (internal and not value.has_one_use()):
        return [value]
    internal.append(mul)
    return product(mul.lhs, internal) + product(mul.rhs, internal)


def split(factors: list[SSAValue], number: float) -> list[SSAValue] | None:
    """`factors` without one constant equal to `number`, or None when there is none."""
    for i, f in enumerate(factors):
        if near(f, number):
            return factors[:i] + factors[i + 1 :]
    return None


def only_internal(root: Operation, internal: Iterable[Operation]) -> bool:
    """Whether every use of a matched intermediate is inside the match (so nothing is duplicated)."""
    members = {root, *internal}
    return all(
        use.operation in members for op in members - {root} for r in op.results for use in r.uses
    )
