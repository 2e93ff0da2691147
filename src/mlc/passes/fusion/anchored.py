"""The base of fuse-reductions and fuse-epilogue: one group grown around each anchor op."""

import abc
from collections.abc import Hashable
from dataclasses import dataclass
from typing import ClassVar

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation
from xdsl.passes import ModulePass

from mlc.passes.fusion import FusionGraph, Group, check_limits, function_blocks


@dataclass(frozen=True)
class AnchoredFusion(ModulePass, abc.ABC):
    """Grow a group from each anchor (in block order) through the ops its rules admit, then outline it.

    Consumers of members join when `joins_as_consumer` admits them; producers of members
    join when `joins_as_producer` admits them and every user of theirs is already in the
    group (so they never become outputs, and nothing outside loses a value). Each addition
    must keep the group under `max_ops`, within one precision decision, and acyclic. The
    group is outlined before the next anchor is looked at (so it is the only group while it
    grows, and the acyclicity search may stop at block order), and no op is ever copied.
    """

    kind: ClassVar[str]

    max_ops: int = 64
    """The most ops one group may hold."""

    @abc.abstractmethod
    def anchor_key(self, op: Operation) -> Hashable | None:
        """What a group anchored on `op` must agree with (its rows, its output shape), or None."""

    @abc.abstractmethod
    def joins_as_consumer(self, key: Hashable, op: Operation) -> bool:
        """Whether `op`, using a member, may join the group of `key`."""

    @abc.abstractmethod
    def joins_as_producer(self, key: Hashable, anchor: Operation, op: Operation) -> bool:
        """Whether `op`, all of whose users are members, may join the group of `key` on `anchor`."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        check_limits(self.name, max_ops=(self.max_ops, 2))
        for block in list(function_blocks(op)):
            graph = FusionGraph(block)
            for anchor in list(block.ops):
                key = self.anchor_key(anchor) if anchor.parent is block else None
                if key is not None:
                    group = graph.new_group(anchor)
                    self.grow(graph, group, anchor, key)
                    graph.outline(group, self.kind)
            graph.finish()

    def grow(self, graph: FusionGraph, group: Group, anchor: Operation, key: Hashable) -> None:
        """Add admitted consumers and producers of members until nothing more joins."""
        changed = True
        while changed:
            changed = False
            for member in sorted(group.owned, key=graph.index.__getitem__):
                for user in graph.users(member):
                    if user not in group and self.joins_as_consumer(key, user):
                        changed |= self.try_add(graph, group, user)
                for producer in graph.producers(member):
                    if (
                        producer not in group
                        and all(u in group for u in graph.users(producer))
                        and self.joins_as_producer(key, anchor, producer)
                    ):
                        changed |= self.try_add(graph, group, producer)

    def try_add(self, graph: FusionGraph, group: Group, op: Operation) -> bool:
        """Add `op` to `group` if that keeps the group legal; whether it did."""
        if len(group) >= self.max_ops or not group.accepts_precision(op):
            return False
        if graph.creates_cycle(group, op):
            return False
        graph.add(group, op)
        return True
