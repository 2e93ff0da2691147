"""convert-layout: move conv2d/pool graphs to another data layout (nhwc or nchw), leaving transposes only at its edges.

Rules, applied greedily until none matches:
1. Convert. A conv2d, max_pool2d or avg_pool2d in the other layout becomes the same op in
   the target layout between two transposes: transpose(input, to target) -> op -> transpose
   (back). A constant conv weight is replaced by a new constant in the target's weight
   layout (OIHW <-> HWIO); any other weight gets a transpose op.
2. Push. A transpose moves below an op that does not care about layout:
   unary elementwise and cast  f(transpose(x, p)) == transpose(f(x), p);
   binary elementwise          g(transpose(x, p), y) == transpose(g(x, y'), p), where y' is y
                               brought to x's layout: the input of a transpose by the same p,
                               an existing transpose of y by p's inverse (a residual input),
                               a new constant (transposed), or a reshape when y has at most one
                               dimension that is not 1 (then transposing it only moves 1s, e.g.
                               a per-channel bias [1,C,1,1] -> [1,1,1,C]); otherwise no push;
   batch_norm                  bn(transpose(x, p), axis a) == transpose(bn(x, axis p[a]), p).
   Each push moves a transpose strictly towards the results, so the rules terminate.
3. Cancel. transpose(transpose(x, p), q) == transpose(x, p o q), and == x when p o q is the
   identity.
A conv-bn-relu-pool-conv chain thus ends with one transpose after the function argument and
one before the return. Reductions, reshapes and other layout-dependent ops stop a push.
"""

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import IntegerAttr, ModuleOp, StringAttr, i64
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)
from xdsl.utils.exceptions import PassFailedException

from mlc.dialects.mlc_tensor import (
    BatchNormOp,
    CastOp,
    Conv2dOp,
    ReshapeOp,
    TransposeOp,
)
from mlc.dialects.mlc_tensor.base import ElementwiseBinaryOp, ElementwiseUnaryOp
from mlc.dialects.mlc_tensor.pooling import Pool2dOp
from mlc.passes.graph_rewrites import constant_array, make_constant, shape, with_shape

NCHW_TO_NHWC = (0, 2, 3, 1)
NHWC_TO_NCHW = (0, 3, 1, 2)
OIHW_TO_HWIO = (2, 3, 1, 0)
HWIO_TO_OIHW = (3, 2, 0, 1)
TO_LAYOUT = {"nhwc": (NCHW_TO_NHWC, OIHW_TO_HWIO), "nchw": (NHWC_TO_NCHW, HWIO_TO_OIHW)}
"""Target layout -> (data perm, weight perm) from the other layout."""


def inverse(perm: tuple[int, ...]) -> tuple[int, ...]:
    """The permutation q with transpose(transpose(x, perm), q) == x."""
    return tuple(int(i) for i in np.argsort(perm))


def perm_of(op: TransposeOp) -> tuple[int, ...]:
    """The perm of a transpose as a tuple."""
    return tuple(op.perm.get_values())


def transposed(value: SSAValue, perm: tuple[int, ...]) -> tuple[list[Operation], SSAValue]:
    """Ops making `value` transposed by `perm`: a new constant for a constant, else a transpose."""
    array = constant_array(value)
    if array is not None:
        constant = make_constant(np.transpose(array, perm), value.type, "transposed")
        return [constant], constant.result
    op = TransposeOp(value, perm)
    return [op], op.result


@dataclass
class ConvertToLayout(RewritePattern):
    """Rule 1: a conv2d/pool in the other layout -> transpose, op in `layout`, transpose back."""

    layout: str

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, Conv2dOp | Pool2dOp) or op.layout_name(op.properties) == self.layout:
            return
        data_perm, weight_perm = TO_LAYOUT[self.layout]
        new_ops, input = transposed(op.input, data_perm)
        operands = [input]
        if isinstance(op, Conv2dOp):
            weight_ops, weight = transposed(op.weight, weight_perm)
            new_ops += weight_ops
            operands += [weight, *([op.bias] if op.bias is not None else [])]
        result = op.results[0]
        new = type(op).create(
            operands=operands,
            result_types=[with_shape(result, [shape(result)[p] for p in data_perm])],
            properties={**op.properties, "layout": StringAttr(self.layout)},
            attributes=dict(op.attributes),
        )
        back = TransposeOp(new.results[0], inverse(data_perm))
        rewriter.replace(op, [*new_ops, new, back])


def aligned(
    other: SSAValue, perm: tuple[int, ...], rank: int, user: Operation
) -> tuple[list[Operation], SSAValue] | None:
    """`other` (broadcast against a transpose by `perm`, used by `user`) in the untransposed layout, or None."""
    if isinstance(t := other.owner, TransposeOp) and perm_of(t) == perm:
        return [], t.input
    # An existing transpose(other, inverse(perm)) earlier in the block (a residual input that
    # also feeds a converted conv): other == transpose(that, perm).
    for use in other.uses:
        t = use.operation
        if (
            isinstance(t, TransposeOp)
            and perm_of(t) == inverse(perm)
            and t.parent is user.parent
            and t.is_before_in_block(user)
        ):
            return [], t.result
    dims = (1,) * (rank - len(shape(other))) + shape(other)
    target = tuple(dims[i] for i in inverse(perm))
    array = constant_array(other)
    if array is not None:
        constant = make_constant(
            np.transpose(array.reshape(dims), inverse(perm)), other.type, "transposed"
        )
        return [constant], constant.result
    if sum(d != 1 for d in dims) <= 1:
        if target == shape(other):
            return [], other
        reshape = ReshapeOp(other, target)
        return [reshape], reshape.result
    return None


class PushTransposeDown(RewritePattern):
    """Rule 2: f(transpose(x, p), ...) -> transpose(f(x, ...), p) for layout-agnostic f."""

    UNARY: ClassVar = (ElementwiseUnaryOp, CastOp, BatchNormOp)

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if isinstance(op, self.UNARY):
            source = op.operands[0].owner
            if not isinstance(source, TransposeOp):
                return
            perm = perm_of(source)
            new_ops, operands = [], [source.input, *op.operands[1:]]
        elif isinstance(op, ElementwiseBinaryOp):
            found = self.binary_operands(op)
            if found is None:
                return
            perm, new_ops, operands = found
        else:
            return
        result = op.results[0]
        properties = dict(op.properties)
        if isinstance(op, BatchNormOp):
            properties["axis"] = IntegerAttr(perm[op.axis_value()], i64)
        new = type(op).create(
            operands=operands,
            result_types=[with_shape(result, [shape(result)[i] for i in inverse(perm)])],
            properties=properties,
            attributes=dict(op.attributes),
        )
        rewriter.replace(op, [*new_ops, new, TransposeOp(new.results[0], perm)])

    @staticmethod
    def binary_operands(op: ElementwiseBinaryOp):
        """(perm, new ops, operands) when one operand is a full-shape transpose the other can follow."""
        result_shape = shape(op.result)
        for index in (0, 1):
            source = op.operands[index].owner
            if not isinstance(source, TransposeOp) or shape(source.result) != result_shape:
                continue
            perm = perm_of(source)
            other = aligned(op.operands[1 - index], perm, len(result_shape), op)
            if other is None:
                continue
            new_ops, value = other
            operands = [source.input, value] if index == 0 else [value, source.input]
            return perm, new_ops, operands
        return None


class CancelTransposes(RewritePattern):
    """Rule 3: transpose(transpose(x, p), q) == transpose(x, p o q), or x for the identity."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: TransposeOp, rewriter: PatternRewriter) -> None:
        inner = op.input.owner
        if not isinstance(inner, TransposeOp):
            return
        inner_perm = perm_of(inner)
        composed = tuple(inner_perm[q] for q in perm_of(op))
        if composed == tuple(range(len(composed))):
            rewriter.replace(op, [], [inner.input])
        else:
            rewriter.replace(op, TransposeOp(inner.input, composed))


@dataclass(frozen=True)
class ConvertLayout(ModulePass):
    """Move conv2d/pool graphs to layout `to` (nhwc or nchw) with transposes only at the graph's edges."""

    name = "convert-layout"

    to: str = "nhwc"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        if self.to not in TO_LAYOUT:
            raise PassFailedException(
                f"convert-layout: unknown layout '{self.to}'; use to=nhwc or to=nchw"
            )
        patterns = [ConvertToLayout(self.to), PushTransposeDown(), CancelTransposes()]
        PatternRewriteWalker(
            GreedyRewritePatternApplier(patterns), apply_recursively=True
        ).rewrite_module(op)
