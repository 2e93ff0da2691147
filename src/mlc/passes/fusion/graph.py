"""Fusion groups over the top-level ops of one block, and the checks that keep them legal.

A group is a set of ops that becomes one `mlc_tensor.fused` op (one kernel). It *owns* ops
(moved into it; their results leave it as outputs where something else uses them) and may
*recompute* ops (copied into it; the copies feed only this group). Groups are legal when

- the graph of groups and remaining ops stays acyclic: no path leaves a group and comes back
  (else no order of kernels could run it); `creates_cycle` checks this before every addition;
- no two ops with different precision decisions (`mlc_quant.decision` formats) share a group;
- a group holds at most the pass's `max-ops` ops.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from xdsl.ir import Block, Operation

from mlc.dialects.mlc_tensor import FusedOp
from mlc.passes.fusion.classify import Shape, precision
from mlc.passes.fusion.outline import erase_unused, outline


@dataclass(eq=False)
class Group:
    """One future kernel: the ops it owns, the ops it recomputes, its precision and output shape."""

    owned: set[Operation] = field(default_factory=set)
    recomputed: set[Operation] = field(default_factory=set)
    precision: str | None = None
    output_shape: Shape | None = None
    """The shape every output must have (pass-specific; None: unconstrained)."""

    def __contains__(self, op: Operation) -> bool:
        return op in self.owned or op in self.recomputed

    def __len__(self) -> int:
        return len(self.owned) + len(self.recomputed)

    def accepts_precision(self, op: Operation) -> bool:
        """Whether `op`'s precision decision (if any) matches the group's (if any)."""
        format = precision(op)
        return format is None or self.precision is None or format == self.precision


Node = Operation | Group
"""A vertex of the grouped graph: a group, or an op in no group."""


class FusionGraph:
    """The top-level ops of a block, their def-use edges, and the groups being grown over them."""

    def __init__(self, block: Block):
        self.block = block
        self.index = {op: i for i, op in enumerate(block.ops)}
        self.groups: list[Group] = []
        self.owner: dict[Operation, Group] = {}
        self.copies: dict[Operation, list[Group]] = {}
        self.lowest = len(self.index)
        """The smallest block index of any grouped op: nothing before it is reachable from a group."""
        self._users: dict[Operation, list[Operation]] = {}
        self._leftovers: list[Operation] = []
        """Recomputed ops and copied-in constants to erase in `finish` if nothing uses them."""

    # ---- edges --------------------------------------------------------------------------------

    def users(self, op: Operation) -> list[Operation]:
        """The top-level ops of the block that use a result of `op`, in block order."""
        if op not in self._users:
            found: dict[Operation, None] = {}
            for result in op.results:
                for use in result.uses:
                    user = self.block.find_ancestor_op_in_block(use.operation)
                    if user is not None:
                        found[user] = None
            self._users[op] = sorted(found, key=self.index.__getitem__)
        return self._users[op]

    def producers(self, op: Operation) -> list[Operation]:
        """The top-level ops of the block that define operands of `op` (block arguments excluded)."""
        found: dict[Operation, None] = {}
        for operand in op.operands:
            owner = operand.owner
            if isinstance(owner, Operation) and owner in self.index:
                found[owner] = None
        return list(found)

    def groups_of(self, op: Operation) -> list[Group]:
        """The groups that own or recompute `op`."""
        owner = self.owner.get(op)
        return [owner] if owner is not None else self.copies.get(op, [])

    # ---- growing groups -----------------------------------------------------------------------

    def new_group(self, op: Operation, output_shape: Shape | None = None) -> Group:
        """A new group owning `op`."""
        group = Group(output_shape=output_shape)
        self.groups.append(group)
        self.add(group, op)
        return group

    def add(self, group: Group, op: Operation) -> None:
        """Move `op` into `group`."""
        group.owned.add(op)
        self.owner[op] = group
        self._note(group, op)

    def recompute(self, group: Group, op: Operation) -> None:
        """Copy `op` into `group` (each group that recomputes it gets its own copy)."""
        group.recomputed.add(op)
        self.copies.setdefault(op, []).append(group)
        self._note(group, op)

    def _note(self, group: Group, op: Operation) -> None:
        group.precision = group.precision or precision(op)
        self.lowest = min(self.lowest, self.index[op])

    def readers(self, group: Group, op: Operation) -> list[Node]:
        """What would read `op`'s value from outside `group` if it joined it (then it is an output)."""
        return [n for user in self.users(op) for n in self._nodes(user) if n is not group]

    def creates_cycle(self, group: Group, op: Operation) -> bool:
        """Whether adding `op` to `group` would make a path leave the group and re-enter it."""
        # Out of the group through op's other readers and back in.
        starts = self.readers(group, op)
        if self._reaches(starts, {group}, max(self.index[m] for m in (*group.owned, *group.recomputed))):
            return True
        # Out of the group and into one of op's producers, which then feeds it.
        targets = [p for p in self.producers(op) if p not in group]
        if not targets or all(self.index[p] < self.lowest for p in targets):
            return False
        target_nodes = {n for p in targets for n in self._nodes(p)} - {group}
        starts = [n for n in self._successors(group) if n is not op]
        return self._reaches(starts, target_nodes, max(self.index[p] for p in targets))

    # ---- outlining ----------------------------------------------------------------------------

    def outline(self, group: Group, kind: str) -> FusedOp | None:
        """Replace `group` by a fused op of `kind` (None, and no change, below two ops or unused).

        Block positions stay exact: the ops from the group's first owned op up to its old
        next op are renumbered in their new order within the numbers they had.
        """
        self.groups.remove(group)
        for member in group.owned:
            del self.owner[member]
        if len(group) < 2:
            return None
        first = min(group.owned, key=self.index.__getitem__)
        start, before = self.index[first], first.prev_op
        end = max(group.owned, key=self.index.__getitem__).next_op
        outlined = outline(self.block, group.owned, group.recomputed, kind, self.index)
        if outlined is None:
            return None
        fused, constants = outlined
        op = before.next_op if before is not None else self.block.first_op
        while op is not end:
            self.index[op] = start
            start, op = start + 1, op.next_op
        self._users.clear()
        self._leftovers += [*group.recomputed, *constants]
        return fused

    def finish(self) -> None:
        """Erase the recomputed ops and copied constants that nothing uses any more."""
        erase_unused(self._leftovers)
        self._leftovers.clear()

    # ---- reachability -------------------------------------------------------------------------

    def _nodes(self, op: Operation) -> list[Node]:
        """The graph nodes `op` stands for: its owner, the groups recomputing it, or itself."""
        return self.groups_of(op) or [op]

    def _successors(self, node: Node) -> Iterable[Node]:
        if isinstance(node, Group):
            for member in node.owned:
                for user in self.users(member):
                    if user not in node.owned:
                        yield from (n for n in self._nodes(user) if n is not node)
        else:
            for user in self.users(node):
                yield from self._nodes(user)

    def _reaches(self, starts: Iterable[Node], targets: set[Node], bound: int) -> bool:
        """Whether a path from `starts` reaches `targets`.

        Block order is topological for ops, so with at most one group an op after `bound`
        (the last target) cannot lead to a target; other groups can jump back, so with
        several groups the search is not cut off.
        """
        cut = len(self.groups) <= 1
        stack, seen = list(starts), set()
        while stack:
            node = stack.pop()
            if node in targets:
                return True
            if node in seen or (cut and isinstance(node, Operation) and self.index[node] > bound):
                continue
            seen.add(node)
            stack.extend(self._successors(node))
        return False
