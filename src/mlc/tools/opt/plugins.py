"""--load-pass-plugin: passes from a Python file's `PASSES` dict (flag -> factory), as MLIR loads plugins."""

import importlib.util
from pathlib import Path

from mlc.passes.manager import PassFactory


class PluginError(Exception):
    """A pass plugin that cannot be loaded; the message names the file and why."""


def load_pass_plugin(path: str) -> dict[str, PassFactory]:
    """Execute the Python file at `path` as a module and return its `PASSES` dict."""
    file = Path(path)
    if not file.is_file():
        raise PluginError(f"pass plugin '{path}' is not a file")
    spec = importlib.util.spec_from_file_location(f"mlc_pass_plugin_{file.stem}", file)
    if spec is None or spec.loader is None:
        raise PluginError(f"pass plugin '{path}' is not a Python file (.py)")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as err:  # the plugin is arbitrary code: report any failure in one line
        raise PluginError(f"pass plugin '{path}' failed to load: {type(err).__name__}: {err}") from err
    passes = getattr(module, "PASSES", None)
    if not isinstance(passes, dict):
        raise PluginError(f"pass plugin '{path}' defines no PASSES dict (flag -> pass class factory)")
    return passes
