"""xDSL's parser with mlc's fixes (`MlcParser`) and source locations on every op (`LocatingParser`)."""

import re
from bisect import bisect_right

from xdsl.context import Context
from xdsl.dialect_interfaces.op_asm import OpAsmDialectInterface
from xdsl.dialects.builtin import FileLineColLoc, IntAttr, LocationAttr, ModuleOp, StringAttr
from xdsl.ir import Operation, TypeAttribute
from xdsl.parser import Parser
from xdsl.utils.lexer import Span
from xdsl.utils.mlir_lexer import MLIRTokenKind


def _matching_angle(text: str, start: int) -> int:
    """Index of the `>` closing the `<` at `start` (nesting counted), or -1 if there is none."""
    if start >= len(text) or text[start] != "<":
        return -1
    depth = 0
    for i in range(start, len(text)):
        char = text[i]
        if char == "<":
            depth += 1
        elif char == ">":
            depth -= 1
            if depth == 0:
                return i
        elif char in "\n{}()":
            return -1
    return -1


class MlcParser(Parser):
    """Parser whose `dense_resource` handles stay consistent within one parse.

    xDSL keeps blobs in one process-wide store and renames a handle that is already taken
    (`w` -> `w_0`), but renames the use in the IR and the blob in `dialect_resources`
    independently, so they stop matching. Here each handle of this text is declared once
    and every later mention (op or blob) maps to the same stored key.
    """

    def __init__(self, ctx: Context, text: str, name: str = "<unknown>"):
        super().__init__(ctx, text, name)
        self._resource_keys: dict[tuple[str, str], str] = {}
        self._tensor_types: dict[str, TypeAttribute] = {}

    def parse_optional_type(self) -> TypeAttribute | None:
        """Parse a type; a `tensor<...>` spelled as one already parsed here is reused, not re-parsed.

        mlc IR repeats a few tensor types on every op (`: T, T -> T`), and type parsing is most
        of xDSL's parse time; the same text always denotes the same type.
        """
        token = self._current_token
        if token.kind != MLIRTokenKind.BARE_IDENT or token.text != "tensor":
            return super().parse_optional_type()
        content = self.lexer.input.content
        end = _matching_angle(content, token.span.end)
        if end < 0:
            return super().parse_optional_type()
        text = content[token.span.start : end + 1]
        cached = self._tensor_types.get(text)
        if cached is None:
            cached = super().parse_optional_type()
            if cached is not None:
                self._tensor_types[text] = cached
            return cached
        self.lexer.pos = end + 1
        self._parser_state.current_token = self.lexer.lex()
        return cached

    def _parse_dialect_resource_handle(
        self, dialect_name: str, interface: OpAsmDialectInterface
    ) -> str:
        written = self.parse_identifier(" for resource handle")
        key = self._resource_keys.get((dialect_name, written))
        if key is None:
            key = interface.declare_resource(written)
            self._resource_keys[(dialect_name, written)] = key
            self.dialect_resources.add((dialect_name, key))
        return key


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
