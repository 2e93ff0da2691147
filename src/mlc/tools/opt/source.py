"""Reading .mlir input: chunks that keep their line numbers, and a parser that locates ops."""

import re
from bisect import bisect_right
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import FileLineColLoc, IntAttr, LocationAttr, ModuleOp, StringAttr
from xdsl.ir import Operation
from mlc.ir.parser import MlcParser
from xdsl.utils.lexer import Span
from xdsl.utils.mlir_lexer import MLIRTokenKind

_SPLIT_MARKER = re.compile(r"^[ \t]*// -----.*$", re.MULTILINE)


@dataclass(frozen=True)
class Chunk:
    """One piece of the input; `text` is padded with newlines so line numbers match the file."""

    text: str
    first_line: int


def split_input(text: str, split: bool) -> list[Chunk]:
    """The whole input, or (with --split-input-file) the pieces between `// -----` lines."""
    if not split:
        return [Chunk(text, 1)]
    chunks: list[Chunk] = []
    start = 0
    for marker in [*_SPLIT_MARKER.finditer(text), None]:
        end = len(text) if marker is None else marker.start()
        first_line = text.count("\n", 0, start) + 1
        chunks.append(Chunk("\n" * (first_line - 1) + text[start:end], first_line))
        if marker is not None:
            start = marker.end()
    return chunks


class LocatingParser(MlcParser):
    """xDSL's parser that gives every op written without `loc(...)` its FileLineColLoc."""

    def __init__(self, ctx: Context, text: str, name: str):
        super().__init__(ctx, text, name)
        self._file = StringAttr(name)
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        self._explicit_loc_end = -1

    def parse_optional_location(self) -> LocationAttr | None:
        """Parse `loc(...)`, remembering where it ended so the op keeps it."""
        loc = super().parse_optional_location()
        if loc is not None:
            self._explicit_loc_end = self._current_token.span.start
        return loc

    def parse_operation(self) -> Operation:
        """Parse an op; without an explicit location it gets the position of its first token."""
        start = self._current_token.span.start
        op = super().parse_operation()
        # A `loc(...)` is always the last thing of an op, in both the custom and generic form.
        if self._explicit_loc_end != self._current_token.span.start:
            line = bisect_right(self._line_starts, start)
            col = start - self._line_starts[line - 1] + 1
            op.location = FileLineColLoc(self._file, IntAttr(line), IntAttr(col))
        return op

    def current_span(self) -> Span:
        """Where the parser is (for errors raised while parsing that carry no position)."""
        return self._current_token.span

    def parse_module(self, allow_implicit_module: bool = True) -> ModuleOp:
        """Parse the input as a module; input with only comments is an empty module, as in MLIR."""
        if allow_implicit_module and self._current_token.kind == MLIRTokenKind.EOF:
            return ModuleOp([])
        return super().parse_module(allow_implicit_module)
