"""Python names for IR values and symbols: the IR's own names where they exist, made unique and legal."""

import builtins
import keyword
import re

RESERVED = frozenset({"tl", "triton", "torch", "device", "run"})
"""Names the emitted module itself uses (modules, the host's device parameter, the entry alias)."""


def legal(name: str) -> str:
    """`name` as a Python identifier: other characters become '_', a leading digit gets 'v'."""
    name = re.sub(r"\W", "_", name)
    return "v" + name if not name or name[0].isdigit() else name


class Namer:
    """Hands out unique Python names in one scope (a module, or a function over it)."""

    def __init__(self, taken: "Namer | None" = None):
        self.used: set[str] = set(taken.used) if taken is not None else set(RESERVED)
        self._counter = 0

    def fresh(self, hint: str | None, default: str = "v") -> str:
        """A new name from `hint`, suffixed `_1`, `_2`, ... on collision; builtins and keywords get `_`."""
        if hint is None:
            hint = f"{default}{self._counter}"
            self._counter += 1
        base = legal(hint)
        if keyword.iskeyword(base) or hasattr(builtins, base) or base.startswith("__"):
            base += "_"
        name, n = base, 0
        while name in self.used:
            n += 1
            name = f"{base}_{n}"
        self.used.add(name)
        return name
