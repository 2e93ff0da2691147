"""fuse-attention: the decomposed scaled-dot-product attention becomes one group of kind "attention".

Pattern, as the importers spell it (torch SDPA and eager attention, jax, equinox, transformers):

    s = batch_matmul(q, k)                   # k already transposed: [batch.., Lk] = q [.., D] k [.., D, Lk]
    x = score ops on s                       # scale (mul/div by a constant), mask (add of a bias, select
                                             # with a boolean mask, causal masks from iota compares),
                                             # reshapes that only split or merge batch dims
    p = softmax(x) over the key axis (the last)
    p = select(all(x == -inf along keys), 0, p)   # optional: torch's fully-masked-row fix
    o = batch_matmul(p, v)                   # through batch reshapes of p

Every intermediate (s .. p) must have no user outside the pattern. The group also takes the
producers of the mask and of q, k, v whose every user is already in it when they are layout or
elementwise ops (reshape, transpose, slice, broadcast, a scale, a compare against iota), so the
kernel reads the projections and masks where they lie. Such a group becomes one flash-attention
kernel (to_kernel/attention.py), which never materializes the Lq x Lk scores; it relies on

    softmax(x) v = (sum_j e^(x_j - m) v_j) / (sum_j e^(x_j - m)) for any m,

so a running max m_i, sum l_i and accumulator rescaled by e^(m_old - m_new) whenever the max
grows give the exact result one key block at a time (online softmax). Runs before the other
fuse-* passes, which would otherwise split the pattern into three kernels.
"""

import math
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, DenseResourceAttr, ModuleOp, TensorType, bf16, f16, f32, i1
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass

from mlc.dialects import mlc_tensor as mt
from mlc.ir.resources import resource_array
from mlc.passes.fusion import FusionGraph, Group, check_limits, function_blocks
from mlc.passes.fusion.classify import is_elementwise, precision, shape_of

KIND = "attention"
"""The `kind` of the fused op this pass makes (the lowering picks the attention kernel by it)."""

FLOATS = (f16, bf16, f32)
"""The operand types of the products the kernel takes."""

LAYOUT = (mt.ReshapeOp, mt.TransposeOp, mt.SliceOp, mt.BroadcastToOp)
"""Ops the kernel evaluates as index arithmetic on its loads."""


def scalar_constant(value: SSAValue) -> float | int | bool | None:
    """The number a one-element or splat constant holds, else None."""
    op = value.owner
    if not isinstance(op, mt.ConstantOp):
        return None
    attr = op.value
    if isinstance(attr, DenseResourceAttr) and math.prod(shape_of(op.result)) == 1:
        return resource_array(attr).reshape(-1)[0].item()
    if isinstance(attr, DenseIntOrFPElementsAttr) and (attr.is_splat() or len(attr) == 1):
        return attr.get_values()[0]
    return None


def element_of(value: SSAValue):
    """The element type of a tensor value (None for other types)."""
    return value.type.get_element_type() if isinstance(value.type, TensorType) else None


def negation_of(value: SSAValue) -> SSAValue | None:
    """x when `value` is eq(x, false) on booleans (the importers' logical not), else None."""
    op = value.owner
    if isinstance(op, mt.EqOp) and element_of(op.lhs) == i1 and scalar_constant(op.rhs) == 0:
        return op.lhs
    return None


def fully_masked_rows(cond: SSAValue, x: SSAValue, axis: int) -> list[Operation] | None:
    """The ops of cond = all(x == -inf along `axis`) spelled not(any(not(x == -inf))), else None."""
    any_unmasked = negation_of(cond)
    reduce = any_unmasked.owner if any_unmasked is not None else None
    if not (isinstance(reduce, mt.ReduceMaxOp) and reduce.axes_values() == (axis,)):
        return None
    masked = negation_of(reduce.input)
    compare = masked.owner if masked is not None else None
    if not (isinstance(compare, mt.EqOp) and compare.lhs is x and scalar_constant(compare.rhs) == -math.inf):
        return None
    return [compare, reduce.input.owner, reduce, cond.owner]


def masked_row_fix(op: Operation, softmax: mt.SoftmaxOp) -> list[Operation] | None:
    """The ops of select(all(x == -inf), 0, softmax(x)) ending in `op`, else None."""
    if not (isinstance(op, mt.SelectOp) and op.operands[2] is softmax.result and scalar_constant(op.operands[1]) == 0):
        return None
    found = fully_masked_rows(op.operands[0], softmax.input, softmax.axis_value())
    return None if found is None else [*found, op]


def batch_reshape(op: Operation) -> bool:
    """A reshape that keeps the last two dims (it only splits or merges batch dims)."""
    return isinstance(op, mt.ReshapeOp) and shape_of(op.operands[0])[-2:] == shape_of(op.results[0])[-2:]


def only_user(value: SSAValue) -> Operation | None:
    """The single op using `value`, or None when it has none or several uses."""
    uses = list(value.uses)
    return uses[0].operation if len(uses) == 1 else None


def score_chain(x: SSAValue, depth: int = 16, seen: dict | None = None) -> list[Operation] | None:
    """The ops from the scores' batch_matmul to `x` (inclusive, in order): elementwise ops and
    batch reshapes each taking exactly one operand that leads back to it, else None."""
    seen = {} if seen is None else seen
    if (x, depth) in seen:  # a mask expression may reach a value along several paths
        return seen[x, depth]
    op = x.owner
    if isinstance(op, mt.BatchMatmulOp):
        found = [op]
    elif depth == 0 or not isinstance(op, Operation) or not (is_elementwise(op) or batch_reshape(op)):
        found = None
    else:
        chains = [c for c in (score_chain(v, depth - 1, seen) for v in op.operands) if c is not None]
        found = chains[0] + [op] if len(chains) == 1 else None
    seen[x, depth] = found
    return found


@dataclass
class Match:
    """One attention pattern: the ops on its spine (scores -> softmax -> output) in order."""

    spine: list[Operation]
    output: mt.BatchMatmulOp


def match(softmax: mt.SoftmaxOp) -> Match | None:
    """The attention pattern around `softmax`, or None when it is not one."""
    x = softmax.input
    shape = shape_of(x)
    if len(shape) < 2 or softmax.axis_value() != len(shape) - 1:
        return None
    chain = score_chain(x)
    batch = math.prod(shape[:-2])
    # The kernel walks one flat batch index for every space: no op on the spine may broadcast
    # the scores over batch dims (a mask may broadcast into them), nor change Lq x Lk.
    if chain is None or any(
        shape_of(o.results[0])[-2:] != shape[-2:] or math.prod(shape_of(o.results[0])[:-2]) != batch for o in chain
    ):
        return None
    if any(only_user(o.results[0]) is None for o in chain[:-1]):
        return None
    # After the softmax: the optional masked-row fix, then batch reshapes into the product's lhs.
    tail: list[Operation] = []
    users = {use.operation for use in x.uses}
    p = softmax.result
    user = only_user(p)
    fix = masked_row_fix(user, softmax) if user is not None else None
    if fix is not None:
        if users != {softmax, fix[0]} or any(only_user(o.results[0]) is None for o in fix[:-1]):
            return None
        tail, p = fix, fix[-1].results[0]
    elif users != {softmax}:
        return None
    user = only_user(p)
    while user is not None and batch_reshape(user):
        tail.append(user)
        user = only_user(user.results[0])
    if not (isinstance(user, mt.BatchMatmulOp) and user.lhs is (tail[-1].results[0] if tail else p)):
        return None
    if math.prod(shape_of(user.result)[:-2]) != batch:
        return None
    if any(element_of(v) not in FLOATS for v in (*chain[0].operands, *user.operands)):
        return None  # the kernel's products are float dots
    return Match([*chain, softmax, *tail, user], user)


def absorbable(op: Operation) -> bool:
    """Producers the kernel evaluates per element: layout ops and elementwise ops (scale, mask)."""
    return isinstance(op, LAYOUT) or is_elementwise(op)


@dataclass(frozen=True)
class FuseAttention(ModulePass):
    """Fuse each batch_matmul -> scale/mask -> softmax -> batch_matmul pattern into one attention group."""

    name = "fuse-attention"

    max_ops: int = 64
    """The most ops one group may hold (the spine always fits or the pattern stays unfused)."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        check_limits(self.name, max_ops=(self.max_ops, 5))
        for block in list(function_blocks(op)):
            graph = FusionGraph(block)
            for softmax in list(block.ops):
                if softmax.parent is not block or not isinstance(softmax, mt.SoftmaxOp):
                    continue
                found = match(softmax)
                if found is None or len(found.spine) > self.max_ops:
                    continue
                if len({precision(o) for o in found.spine} - {None}) > 1:
                    continue
                group = graph.new_group(found.output)
                # No cycle can form: every member but the output has all its users inside, and
                # all members are ancestors of the output, so no path leaves and comes back.
                for member in found.spine[:-1]:
                    graph.add(group, member)
                self.absorb(graph, group)
                graph.outline(group, KIND)
            graph.finish()

    def absorb(self, graph: FusionGraph, group: Group) -> None:
        """Add producers (mask, layout of q, k, v) all of whose users are members, until none joins."""
        changed = True
        while changed:
            changed = False
            for member in sorted(group.owned, key=graph.index.__getitem__):
                for producer in graph.producers(member):
                    if (
                        producer not in group
                        and len(group) < self.max_ops
                        and absorbable(producer)
                        and not isinstance(producer, mt.ConstantOp)
                        and group.accepts_precision(producer)
                        and all(u in group for u in graph.users(producer))
                    ):
                        graph.add(group, producer)
                        changed = True
