"""Diagnostics located at ops: errors with notes and warnings that passes and verifiers emit.

mlc-opt reports them at the op's source location (and matches them in --verify-diagnostics);
outside mlc-opt an OpError is an ordinary exception and a warning an ordinary Python warning.
"""

import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
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


class OpRemark(OpWarning):
    """An optimization remark at `op` (what a pass did or did not do, and why), like LLVM's -Rpass."""


_REMARKS = ContextVar("mlc_remarks", default=False)
"""Whether remark_at emits: remarks are off unless asked for, as LLVM's -Rpass is."""


@contextmanager
def remarks_enabled(enabled: bool = True) -> Iterator[None]:
    """Let remark_at emit (as OpRemark warnings) inside the block; mlc-opt --remarks uses it."""
    token = _REMARKS.set(enabled)
    try:
        yield
    finally:
        _REMARKS.reset(token)


def remark_at(op: Operation, message: str) -> None:
    """Emit a remark located at `op` when remarks are enabled (`file:line:col: remark: ...`)."""
    if _REMARKS.get():
        warnings.warn(OpRemark(op, message), stacklevel=2)


@contextmanager
def collect_remarks() -> Iterator[list[OpRemark]]:
    """Collect the remarks emitted inside the `with` block into the yielded list (filled at exit)."""
    remarks: list[OpRemark] = []
    with warnings.catch_warnings(record=True) as caught, remarks_enabled():
        warnings.simplefilter("always", OpRemark)
        yield remarks
    for w in caught:
        if isinstance(w.message, OpRemark):
            remarks.append(w.message)
        else:  # other warnings pass on as if the block had not caught them
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
