"""Turning a fusion group into an `mlc_tensor.fused` op in place."""

from collections.abc import Mapping, Sequence

from xdsl.ir import Block, Operation, SSAValue

from mlc.dialects.mlc_tensor import FusedOp, YieldOp
from mlc.passes.fusion.classify import cloneable


def outline(
    block: Block,
    owned: set[Operation],
    recomputed: set[Operation],
    kind: str,
    position: Mapping[Operation, int],
) -> tuple[FusedOp, list[Operation]] | None:
    """Replace the `owned` ops of `block` (and copies of `recomputed`) by one fused op of `kind`.

    `position` orders ops as the block does. The body copies the ops in that order; values
    from outside become block arguments (cloneable constants are copied in instead), and
    results of owned ops that anything else uses are yielded. The fused op goes where the
    last owned op was; ops between the first and last owned op that depend on the group move
    after it. Returns the fused op and the constants copied in (the caller erases those left
    unused, once no position it relies on can change); None, changing nothing, when nothing
    outside uses the group (dead code is dce's business, and a fused op yields something).
    """
    members = sorted(owned | recomputed, key=position.__getitem__)
    first, last = min(owned, key=position.__getitem__), max(owned, key=position.__getitem__)
    outputs = [
        result
        for op in members
        if op in owned
        for result in op.results
        if any(use.operation not in owned for use in result.uses)
    ]
    if not outputs:
        return None

    body = Block()
    inputs: list[SSAValue] = []
    mapping: dict[SSAValue, SSAValue] = {}
    constants: list[Operation] = []
    for op in members:
        for value in op.operands:
            if value in mapping:
                continue
            if cloneable(value):
                constants.append(value.owner)
                mapping[value] = body_op(body, value.owner.clone()).results[0]
            else:
                inputs.append(value)
                mapping[value] = body.insert_arg(value.type, len(body.args))
        body_op(body, op.clone(value_mapper=mapping))
    yield_op = body_op(body, YieldOp(*(mapping[r] for r in outputs)))
    fused = FusedOp(inputs, body, kind)
    # The group stands where its last op stood, so it carries that op's source location
    # (its members keep their own inside the body).
    fused.location = yield_op.location = last.location

    block.insert_op_after(fused, last)
    for op in reversed(dependents_between(block, first, last, owned)):
        op.detach()
        block.insert_op_after(op, fused)
    for old, new in zip(outputs, fused.results):
        old.replace_uses_with_if(new, lambda use: use.operation not in owned)
    for op in reversed(members):
        if op in owned:
            block.erase_op(op)
    return fused, constants


def body_op(body: Block, op: Operation) -> Operation:
    """Append `op` to `body` and return it."""
    body.add_op(op)
    return op


def dependents_between(
    block: Block, first: Operation, last: Operation, members: set[Operation]
) -> list[Operation]:
    """Ops strictly between `first` and `last` (not members) that use, directly or not, a member."""
    tainted: set[Operation] = set(members)
    found = []
    op = first.next_op if first is not last else None
    while op is not None and op is not last:
        if op not in members and any(
            block.find_ancestor_op_in_block(v.owner) in tainted
            for inner in op.walk()
            for v in inner.operands
            if isinstance(v.owner, Operation)
        ):
            tainted.add(op)
            found.append(op)
        op = op.next_op
    return found


def erase_unused(ops: Sequence[Operation]) -> None:
    """Erase those of `ops` (still in a block) whose results nothing uses, latest first."""
    pending = {op: None for op in ops if op.parent is not None}
    changed = True
    while changed:
        changed = False
        for op in reversed(list(pending)):
            if all(not result.uses for result in op.results):
                op.parent.erase_op(op)
                del pending[op]
                changed = True
