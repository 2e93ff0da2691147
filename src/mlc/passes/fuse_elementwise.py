"""fuse-elementwise: producer-consumer chains of elementwise ops become `mlc_tensor.fused` groups.

Fusible ops: unary and binary elementwise ops, compares, select, cast, broadcast_to, iota,
inference batch_norm (a per-channel affine map) and reshapes that only add or drop size-1
dims. Splat constants (and one-element constants) are copied into every group that reads
them. Ops already in a fused op, and every other op, are left alone.

Ops are visited last to first, so a producer is decided once all its consumers are:

- all its users are in one group G: it joins G (a chain or a diamond becomes one group);
- its users are in k >= 2 groups and nowhere else: with `recompute`, it is *recomputed* in
  each of them (a copy per group: the k kernels each re-read its inputs, and nothing writes
  or re-reads its result) as long as each group then recomputes at most `max-recompute`
  ops; this is the cost rule: recompute only what is cheap and wanted by fused consumers;
- otherwise (some user is not fusible, or recomputing is off or too costly) it joins the
  first consumer group that can take it, and its result becomes an extra output of that
  group, so it is computed once and written once; it may only do so when its shape is the
  group's output shape (a kernel writes all its outputs over one index space);
- if no group can take it, it starts its own group.

A join never makes a path leave a group and come back (checked by reachability, so no cycle
between kernels), never mixes ops whose `mlc_quant.decision` formats differ, and keeps a
group at `max-ops` ops or fewer. Groups of one op are left as plain ops. kind="elementwise".
"""

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation
from xdsl.passes import ModulePass

from mlc.passes.fusion import FusionGraph, Group, check_limits, function_blocks
from mlc.passes.fusion.classify import is_elementwise, shape_of


@dataclass(frozen=True)
class FuseElementwise(ModulePass):
    """Group chains, diamonds and cheap multi-use producers of elementwise ops into fused ops."""

    name = "fuse-elementwise"

    max_ops: int = 64
    """The most ops (recomputed copies included) one group may hold."""
    recompute: bool = True
    """Whether a producer used by several groups may be recomputed in each of them."""
    max_recompute: int = 4
    """The most recomputed ops one group may hold."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        check_limits(self.name, max_ops=(self.max_ops, 2), max_recompute=(self.max_recompute, 0))
        for block in list(function_blocks(op)):
            self.fuse_block(FusionGraph(block))

    def fuse_block(self, graph: FusionGraph) -> None:
        """Group the fusible ops of one block, then outline the groups."""
        for op in reversed(list(graph.block.ops)):
            if is_elementwise(op):
                self.place(graph, op)
        for group in list(graph.groups):
            graph.outline(group, "elementwise")
        graph.finish()

    def place(self, graph: FusionGraph, op: Operation) -> None:
        """Put `op` in a consumer's group (as a copy, or owned), else in a new group."""
        consumers: dict[Group, None] = {}
        outside = False
        for user in graph.users(op):
            groups = graph.groups_of(user)
            consumers.update(dict.fromkeys(groups))
            outside |= not groups
        if len(consumers) >= 2 and not outside and self.recompute:
            if all(self.can_recompute(g, op) for g in consumers):
                for group in consumers:
                    graph.recompute(group, op)
                return
        for group in consumers:
            if self.can_join(graph, group, op):
                graph.add(group, op)
                return
        graph.new_group(op, shape_of(op.results[0]))

    def can_recompute(self, group: Group, op: Operation) -> bool:
        """The cost rule for a copy of `op` in `group` (a copy cannot create a cycle)."""
        return (
            len(group.recomputed) < self.max_recompute
            and len(group) < self.max_ops
            and group.accepts_precision(op)
        )

    def can_join(self, graph: FusionGraph, group: Group, op: Operation) -> bool:
        """Whether `op` may move into `group` (as an extra output if read from outside it)."""
        if len(group) >= self.max_ops or not group.accepts_precision(op):
            return False
        if graph.readers(group, op) and shape_of(op.results[0]) != group.output_shape:
            return False
        return not graph.creates_cycle(group, op)
