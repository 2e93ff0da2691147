"""Verifier helpers shared by the mlc dialects: every message starts with the op name."""

from collections.abc import Sequence

from xdsl.dialects.builtin import TensorType
from xdsl.ir import Attribute, Operation
from xdsl.utils.exceptions import VerifyException


def fail(op: Operation, message: str) -> VerifyException:
    """Build the exception for `op`: '<op name>: <message>'; callers `raise fail(...)`."""
    return VerifyException(f"{op.name}: {message}")


def expect(op: Operation, what: str, expected: object, got: object) -> None:
    """Raise '<op name>: expected <what> <expected>, got <got>' unless they are equal."""
    if expected != got:
        raise fail(op, f"expected {what} {fmt(expected)}, got {fmt(got)}")


def fmt(value: object) -> str:
    """Print shapes as [2, 3] and attributes in their IR syntax, so messages read like the IR."""
    if isinstance(value, tuple | list):
        return "[" + ", ".join(fmt(v) for v in value) + "]"
    return str(value)


def tensor_type(op: Operation, what: str, typ: Attribute) -> TensorType:
    """Return `typ` as a ranked static tensor type, or fail naming `what` (e.g. 'operand #0')."""
    if not isinstance(typ, TensorType):
        raise fail(op, f"expected {what} to be a ranked tensor, got {typ}")
    if any(d < 0 for d in typ.get_shape()):
        raise fail(op, f"expected {what} to have a static shape, got {typ}")
    return typ


def normalize_axis(op: Operation, axis: int, rank: int, what: str = "axis") -> int:
    """Map a possibly negative axis into [0, rank), or fail with the valid range."""
    if not -rank <= axis < max(rank, 1):
        raise fail(op, f"expected {what} in [{-rank}, {rank}), got {axis}")
    return axis % rank if rank else 0


def broadcast_shapes(op: Operation, shapes: Sequence[Sequence[int]]) -> tuple[int, ...]:
    """numpy broadcasting of static shapes; fails naming the first incompatible dimension."""
    rank = max((len(s) for s in shapes), default=0)
    result = [1] * rank
    for shape in shapes:
        for i, d in enumerate(shape, start=rank - len(shape)):
            if d != 1 and result[i] not in (1, d):
                raise fail(
                    op,
                    f"expected broadcast-compatible shapes, got {fmt([list(s) for s in shapes])} "
                    f"(dimension {i - rank}: {result[i]} vs {d})",
                )
            if d != 1:
                result[i] = d
    return tuple(result)
