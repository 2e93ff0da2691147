"""mlc's passes by flag, as lazy factories; each pass lives in passes/<flag with '_'>.py."""

from collections.abc import Callable

from xdsl.passes import ModulePass

PASSES: dict[str, Callable[[], type[ModulePass]]] = {}
