"""Shared machinery of the fuse-* passes: which ops may fuse, growing groups legally, outlining them.

- `classify`: elementwise ops, reduction and contraction anchors, row spaces, splat constants,
  precision decisions.
- `graph`: `Group` (a set of top-level ops of one block that becomes one kernel) and
  `FusionGraph` (users, producers, the checks that keep the grouped graph acyclic).
- `outline`: turning a group into an `mlc_tensor.fused` op in place.
- `anchored`: the base of the passes that grow one group around each anchor op.
"""

from collections.abc import Iterator

from xdsl.dialects import func
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Block
from xdsl.utils.exceptions import PassFailedException

from mlc.passes.fusion.graph import FusionGraph, Group

__all__ = ["FusionGraph", "Group", "check_limits", "function_blocks"]


def function_blocks(module: ModuleOp) -> Iterator[Block]:
    """The body blocks of every function with a body in `module`."""
    for op in module.walk():
        if isinstance(op, func.FuncOp):
            yield from op.body.blocks


def check_limits(flag: str, **limits: tuple[int, int]) -> None:
    """Fail unless every named option (value, minimum) of pass `flag` is at least its minimum."""
    for name, (value, minimum) in limits.items():
        option = name.replace("_", "-")
        if value < minimum:
            raise PassFailedException(
                f"{flag}: {option} must be at least {minimum}, got {value}; "
                f"give {flag}{{{option}={minimum}}} or more"
            )
