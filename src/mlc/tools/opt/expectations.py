"""--verify-diagnostics: match emitted diagnostics against `// expected-error @+1 {{...}}`."""

import re
from dataclasses import dataclass

from mlc.tools.opt.diagnostics import Diagnostic, SourceLoc

_EXPECTED = re.compile(
    r"expected-(error|warning|note|remark) *(@[+-][0-9]+|@above|@below)? *\{\{(.*)\}\}"
)


@dataclass
class Expectation:
    """One `expected-<severity> @<where> {{text}}` comment; `line` is the line it points at."""

    severity: str
    text: str
    line: int
    written_at: SourceLoc
    matched: bool = False


def parse_expectations(text: str, file: str) -> list[Expectation]:
    """The expectations of `text`, with `@+N`, `@-N`, `@above`, `@below` resolved to lines."""
    expectations: list[Expectation] = []
    pending_below: list[Expectation] = []
    last_plain_line = 0
    for line_no, line in enumerate(text.split("\n"), start=1):
        match = _EXPECTED.search(line)
        if match is None:
            # @below points at the next line, @above at the previous one, that is not itself
            # an expectation.
            for e in pending_below:
                e.line = line_no
            pending_below.clear()
            last_plain_line = line_no
            continue
        severity, where, message = match.groups()
        target = line_no
        if where == "@above":
            target = last_plain_line
        elif where is not None and where != "@below":
            target = line_no + int(where[1:])
        e = Expectation(severity, message, target, SourceLoc(file, line_no, match.start() + 1))
        if where == "@below":
            pending_below.append(e)
        expectations.append(e)
    return expectations


def check(text: str, file: str, emitted: list[Diagnostic]) -> list[Diagnostic]:
    """The errors mlir-opt reports: unexpected diagnostics, then expectations never produced."""
    expectations = parse_expectations(text, file)
    lines = text.split("\n")
    failures: list[Diagnostic] = []
    for d in emitted:
        found = next((e for e in expectations if _matches(e, d)), None)
        if found is not None:
            found.matched = True
            continue
        context = _caret(lines, d.loc) if d.loc is not None and d.loc.file == file else ""
        failures.append(Diagnostic("error", f"unexpected {d.severity}: {d.message}", d.loc, context))
    for e in expectations:
        if not e.matched:
            message = f'expected {e.severity} "{e.text}" was not produced'
            failures.append(Diagnostic("error", message, e.written_at, _caret(lines, e.written_at)))
    return failures


def _matches(e: Expectation, d: Diagnostic) -> bool:
    """Whether the unmatched expectation `e` is satisfied by the diagnostic `d`."""
    return (
        not e.matched
        and d.loc is not None
        and d.loc.file == e.written_at.file
        and e.severity == d.severity
        and e.line == d.loc.line
        and e.text in d.message
    )


def _caret(lines: list[str], loc: SourceLoc) -> str:
    """The source line at `loc` with a caret under its column."""
    if not 1 <= loc.line <= len(lines):
        return ""
    return f"{lines[loc.line - 1]}\n{' ' * (loc.col - 1)}^\n"
