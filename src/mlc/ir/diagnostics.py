"""Diagnostics located at ops: errors with notes and warnings that passes and verifiers emit.

mlc-opt reports them at the op's source location (and matches them in --verify-diagnostics);
outside mlc-opt an OpError is an ordinary exception and a warning an ordinary Python warning.
"""

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.ir import Operation
from xdsl.utils.exceptions import PassFailedException, VerifyException


@dataclass(frozen=True)
class OpNote:
    """A note attached to an error or warning, located at `op`."""

    op: Operation
    message: str


class OpError(VerifyException, PassFailedException):
    """An error at `op`, with notes; raise it from a verifier or a pass."""

    def __init__(self, op: Operation, message: str, notes: Sequence[OpNote] = ()):
        super().__init__(message)
        self.op = op
        self.message = message
        self.notes = tuple(notes)


class OpWarning(UserWarning):
    """A warning at `op`, with notes; emit it with `warn_at`."""

    def __init__(self, op: Operation, message: str, notes: Sequence[OpNote] = ()):
        super().__init__(message)
        self.op = op
        self.message = message
        self.notes = tuple(notes)


def warn_at(op: Operation, message: str, notes: Sequence[OpNote] = ()) -> None:
    """Emit a warning located at `op` (mlc-opt prints it as `file:line:col: warning: ...`)."""
    warnings.warn(OpWarning(op, message, notes), stacklevel=2)
