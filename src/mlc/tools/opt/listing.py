"""--list-passes: every pipeline and pass, with its one-line description and options."""

import dataclasses
import inspect
from collections.abc import Mapping
from typing import get_type_hints

from xdsl.passes import ModulePass
from xdsl.utils.hints import type_repr

from mlc.passes.manager.pipeline import PassFactory, option_name


def list_passes(passes: Mapping[str, PassFactory], pipelines: Mapping[str, str]) -> str:
    """The text of --list-passes: named pipelines first, then passes in registration order."""
    lines = ["Available Pipelines:"]
    lines += [f"  --{name}: {text}" for name, text in pipelines.items()]
    lines.append("Available Passes:")
    for name, factory in passes.items():
        pass_type = factory()
        lines.append(f"  --{name}: {_summary(pass_type)}")
        lines += [f"    --{option}" for option in _options(pass_type)]
    return "\n".join(lines) + "\n"


def _summary(pass_type: type[ModulePass]) -> str:
    """The first sentence of the pass's own docstring (not an inherited or generated one)."""
    doc = inspect.cleandoc(pass_type.__dict__.get("__doc__") or "")
    if not doc or doc.startswith(f"{pass_type.__name__}("):  # dataclass's generated __doc__
        return "(no description)"
    paragraph = doc.split("\n\n")[0].replace("\n", " ").strip()
    return paragraph.split(". ")[0].removesuffix(".")


def _options(pass_type: type[ModulePass]) -> list[str]:
    """`name=<type> (default: value)` for each option of the pass."""
    hints = get_type_hints(pass_type)
    result = []
    for f in dataclasses.fields(pass_type):
        if not f.init or f.name == "name":
            continue
        if f.default is not dataclasses.MISSING:
            default = f" (default: {_value(f.default)})"
        elif f.default_factory is not dataclasses.MISSING:
            default = f" (default: {_value(f.default_factory())})"
        else:
            default = " (required)"
        result.append(f"{option_name(f.name)}=<{type_repr(hints[f.name])}>{default}")
    return result


def _value(value: object) -> str:
    """An option value as it is written in a pipeline."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, tuple):
        return ",".join(_value(v) for v in value)
    return "none" if value is None else str(value)
