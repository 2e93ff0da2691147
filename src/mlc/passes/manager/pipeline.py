"""Pass pipelines in MLIR's syntax, `builtin.module(p1,p2{opt=v l=1,2},func.func(p3))`, as a tree."""

import dataclasses
import difflib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import NoneType
from typing import get_args, get_type_hints

from xdsl.context import Context
from xdsl.passes import ModulePass
from xdsl.traits import IsolatedFromAbove
from xdsl.utils.arg_spec import ArgSpec, ParameterListType, parse_spec
from xdsl.utils.exceptions import ArgSpecParseError
from xdsl.utils.hints import isa, type_repr

PassFactory = Callable[[], type[ModulePass]]
_NAME = re.compile(r"[A-Za-z0-9_.\-]+")


@dataclass(frozen=True)
class Nest:
    """Steps run, in order, on each `anchor` op directly inside the op being processed."""

    anchor: str
    steps: "tuple[ModulePass | Nest, ...]"

    def __str__(self) -> str:
        return f"{self.anchor}({','.join(str(s) for s in self.steps)})"


class PipelineError(Exception):
    """A pipeline that cannot be built; the message names the problem and shows where."""


@dataclass(frozen=True)
class PassRegistry:
    """What a pipeline may name: passes, named pipelines (text), and ops to nest on."""

    passes: Mapping[str, PassFactory]
    pipelines: Mapping[str, str]
    ctx: Context

    def parse(self, text: str) -> Nest:
        """The pipeline `text` (an anchored `builtin.module(...)` or a bare list) on the module."""
        scanner = _Scanner(text, "")
        steps = self._elements(scanner, ())
        scanner.expect_end()
        if len(steps) == 1 and isinstance(steps[0], Nest) and steps[0].anchor == "builtin.module":
            return steps[0]
        return Nest("builtin.module", steps)

    def _elements(self, sc: "_Scanner", named: tuple[str, ...]) -> "tuple[ModulePass | Nest, ...]":
        """element (`,` element)*, possibly empty (`builtin.module()`)."""
        steps: list[ModulePass | Nest] = []
        if sc.peek() in ("", ")"):
            return ()
        while True:
            steps += self._element(sc, named)
            if sc.peek() != ",":
                return tuple(steps)
            sc.pos += 1

    def _element(self, sc: "_Scanner", named: tuple[str, ...]) -> "list[ModulePass | Nest]":
        """A pass with options, a named pipeline, or `op-name(elements)`."""
        start = sc.skip_space()
        name = sc.name()
        if sc.peek() == "(":
            self._check_anchor(sc, name, start)
            sc.pos += 1
            inner = self._elements(sc, named)
            sc.expect(")")
            return [Nest(name, inner)]
        options = sc.braces() if sc.peek() == "{" else ""
        if name in self.pipelines:
            if options:
                raise sc.error(f"pipeline '{name}' takes no options", start)
            if name in named:
                raise sc.error(f"pipeline '{name}' includes itself", start)
            inner_sc = _Scanner(self.pipelines[name], f"pipeline '{name}'")
            steps = self._elements(inner_sc, (*named, name))
            inner_sc.expect_end()
            return list(steps)
        if name not in self.passes:
            raise sc.error(unknown_name(name, [*self.passes, *self.pipelines]), start, len(name))
        try:
            return [build_pass(self.passes[name](), parse_spec(name + options))]
        except ArgSpecParseError as err:
            why = str(err).rstrip().splitlines()[-1].strip()
            raise sc.error(f"malformed options of pass '{name}': {why}", start) from None
        except PipelineError as err:
            raise sc.error(str(err), start) from None

    def _check_anchor(self, sc: "_Scanner", name: str, start: int) -> None:
        """Passes nest only on registered ops that are isolated from above (func.func, ...)."""
        op_type = self.ctx.get_optional_op(name)
        if op_type is None:
            raise sc.error(f"cannot nest a pipeline on '{name}': no such op", start, len(name))
        if not op_type.has_trait(IsolatedFromAbove):
            message = f"cannot nest a pipeline on '{name}': the op is not isolated from above"
            raise sc.error(message, start, len(name))


def build_pass(pass_type: type[ModulePass], spec: ArgSpec) -> ModulePass:
    """Instantiate `pass_type` from `spec`, naming the option and its type when one is wrong."""
    fields = {f.name: f for f in dataclasses.fields(pass_type) if f.init and f.name != "name"}
    hints = get_type_hints(pass_type)
    for key, value in spec.normalize_parameter_names().parameters.items():
        if key not in fields:
            known = ", ".join(option_name(f) for f in fields) or "none"
            raise PipelineError(
                f"pass '{spec.name}' has no option '{option_name(key)}' (options: {known})"
            )
        if not _fits(value, hints[key]):
            got = ",".join(str(v) for v in value) or "no value"
            raise PipelineError(
                f"option '{option_name(key)}' of pass '{spec.name}' expects "
                f"{type_repr(hints[key])}, got '{got}'"
            )
    try:
        return pass_type.from_spec(spec)
    except ValueError as err:
        raise PipelineError(f"pass '{spec.name}': {err}") from None


def option_name(field_name: str) -> str:
    """Options are written with dashes on the command line (both spellings are accepted)."""
    return field_name.replace("_", "-")


def _fits(value: ParameterListType, hint: object) -> bool:
    """Whether the option value(s) can be given to a field of type `hint` (xDSL's rules)."""
    if not value:
        return NoneType in get_args(hint)
    return (len(value) == 1 and isa(value[0], hint)) or isa(value, hint)


def unknown_name(name: str, known: list[str]) -> str:
    """'x' is not a pass; with the closest known names."""
    close = difflib.get_close_matches(name, known, n=3)
    hint = f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    return f"'{name}' does not refer to a registered pass or pipeline{hint}"


class _Scanner:
    """A cursor over pipeline text that reports errors with a caret under the position."""

    def __init__(self, text: str, what: str):
        self.text = text
        self.what = what
        self.pos = 0

    def skip_space(self) -> int:
        """Skip whitespace; return the new position."""
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1
        return self.pos

    def peek(self) -> str:
        """The next non-space character ('' at the end)."""
        self.skip_space()
        return self.text[self.pos : self.pos + 1]

    def name(self) -> str:
        """Consume a pass or op name."""
        match = _NAME.match(self.text, self.skip_space())
        if match is None:
            raise self.error("expected a pass or op name", self.pos)
        self.pos = match.end()
        return match.group()

    def braces(self) -> str:
        """The `{...}` option text (nested braces and quoted strings allowed)."""
        start, depth, quoted = self.pos, 0, False
        for i in range(self.pos, len(self.text)):
            c = self.text[i]
            if c == '"' and self.text[i - 1] != "\\":
                quoted = not quoted
            elif not quoted and c in "{}":
                depth += 1 if c == "{" else -1
                if depth == 0:
                    self.pos = i + 1
                    return self.text[start : self.pos]
        raise self.error("unterminated '{' of pass options", start)

    def expect(self, char: str) -> None:
        """Consume `char` or fail."""
        if self.peek() != char:
            raise self.error(f"expected '{char}'", self.pos)
        self.pos += 1

    def expect_end(self) -> None:
        """Fail unless only whitespace is left."""
        if self.peek() != "":
            raise self.error("expected ',' or the end of the pipeline", self.pos)

    def error(self, message: str, pos: int, length: int = 1) -> PipelineError:
        """The error to raise: the message, the text, and a caret under `pos`."""
        where = f" (in {self.what})" if self.what else ""
        return PipelineError(f"{message}{where}\n  {self.text}\n  {' ' * pos}{'^' * length}")
