"""One way to get an xDSL Context that knows every dialect mlc IR may contain, and to parse."""

from xdsl.context import Context
from xdsl.dialects import get_all_dialects
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Attribute

from mlc.dialects.registry import DIALECTS
from mlc.ir.parser import MlcParser


def mlc_context() -> Context:
    """A Context with xDSL's dialects and mlc's registered (each loaded on first use)."""
    ctx = Context()
    for name, factory in {**get_all_dialects(), **DIALECTS}.items():
        ctx.register_dialect(name, factory)
    return ctx


def parse_module(text: str, name: str = "<string>", ctx: Context | None = None) -> ModuleOp:
    """Parse `text` as a module with mlc's parser (not verified: call `.verify()`)."""
    return MlcParser(ctx or mlc_context(), text, name).parse_module()


def parse_attribute(text: str, ctx: Context | None = None) -> Attribute:
    """Parse `text` as one attribute or type with mlc's parser."""
    return MlcParser(ctx or mlc_context(), text).parse_attribute()
