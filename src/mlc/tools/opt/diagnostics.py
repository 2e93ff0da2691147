"""Diagnostics as mlir-opt prints them: `file:line:col: error: message`, then context lines."""

from dataclasses import dataclass
from io import StringIO

from xdsl.dialects.builtin import FileLineColLoc, NameLoc
from xdsl.ir import Attribute, Operation
from xdsl.printer import Printer
from xdsl.utils.exceptions import ParseError, VerifyException

from mlc.ir.diagnostics import OpError, OpNote, OpWarning
from mlc.passes.manager import PassFailed


@dataclass(frozen=True)
class SourceLoc:
    """A position in an input file (1-based line and column)."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    """One error, warning or note; `context` holds lines printed under it (a caret, an op)."""

    severity: str
    message: str
    loc: SourceLoc | None = None
    context: str = ""

    def render(self, fallback_file: str) -> str:
        """The text mlir-opt would print; without a location, the file name stands alone."""
        where = str(self.loc) if self.loc is not None else fallback_file
        return f"{where}: {self.severity}: {self.message}\n{self.context}"


def location_of(loc: Attribute) -> SourceLoc | None:
    """The file position of a location attribute, looking through `loc("name"(...))`."""
    if isinstance(loc, NameLoc):
        return location_of(loc.location)
    if isinstance(loc, FileLineColLoc):
        return SourceLoc(loc.filename.data, loc.line.data, loc.column.data)
    return None


def op_text(op: Operation) -> str:
    """The op in generic form (it prints even when the op does not verify)."""
    out = StringIO()
    Printer(stream=out, print_generic_format=True).print_op(op)
    return out.getvalue()


def with_op_name(op: Operation, message: str) -> str:
    """Messages name the op they are about; mlc's verifiers already start with the op name."""
    return message if message.startswith(op.name) else f"{op.name}: {message}"


def parse_error(err: ParseError) -> Diagnostic:
    """A parse error at its file:line:col, with the source line and a caret under the token."""
    _location, *context = err.span.print_with_context().splitlines(keepends=True)
    file, row, col = err.span.get_location()
    return Diagnostic("error", err.msg, SourceLoc(file, row, col), "".join(context))


def op_diagnostics(
    severity: str, op: Operation, message: str, notes: tuple[OpNote, ...], show_op: bool
) -> list[Diagnostic]:
    """A diagnostic at `op`, then its notes; `show_op` adds mlir-opt's 'see current operation'."""
    loc = location_of(op.location)
    result = [Diagnostic(severity, message, loc)]
    result += [Diagnostic("note", n.message, location_of(n.op.location)) for n in notes]
    if show_op:
        result.append(Diagnostic("note", "see current operation: " + op_text(op), loc))
    return result


def error_at(op: Operation, err: Exception, show_op: bool) -> list[Diagnostic]:
    """Diagnostics for a pass failure while transforming `op` (or at the op an OpError names)."""
    if isinstance(err, OpError):
        return op_diagnostics("error", err.op, err.message, err.notes, show_op)
    return op_diagnostics("error", op, str(err), (), show_op)


def warning(w: OpWarning) -> list[Diagnostic]:
    """Diagnostics for a warning a pass emitted with `warn_at`."""
    return op_diagnostics("warning", w.op, w.message, w.notes, show_op=False)


class DiagnosticError(Exception):
    """Processing of one input stopped; `diagnostics` say why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


def verify(op: Operation, show_op: bool) -> None:
    """Verify `op`; on failure raise a DiagnosticError naming the innermost failing op."""
    try:
        op.verify()
    except VerifyException as err:
        raise DiagnosticError(verifier_diagnostics(op, err, show_op)) from err


def verifier_diagnostics(op: Operation, err: VerifyException, show_op: bool) -> list[Diagnostic]:
    """Diagnostics for `op` failing to verify with `err`, at the innermost failing op."""
    if isinstance(err, OpError):
        return error_at(err.op, err, show_op)
    # xDSL verifies children before parents, so the first op (in that order) that fails on
    # its own is the one the error is about.
    failing = next((o for o in op.walk(region_first=True) if _fails(o)), op)
    return op_diagnostics("error", failing, with_op_name(failing, str(err)), (), show_op)


def pass_failure(failure: PassFailed, show_op: bool) -> list[Diagnostic]:
    """Diagnostics for a pass, or the verifier after it, that failed."""
    if failure.in_verifier and isinstance(failure.error, VerifyException):
        return verifier_diagnostics(failure.op, failure.error, show_op)
    return error_at(failure.op, failure.error, show_op)


def _fails(op: Operation) -> bool:
    """Whether `op` (with what it contains) fails to verify."""
    try:
        op.verify()
    except VerifyException:
        return True
    return False
