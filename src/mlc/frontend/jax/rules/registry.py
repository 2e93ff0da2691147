"""The rule table: JAX primitive name -> the function that imports one equation of it."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Rule:
    """How to import one primitive."""

    fn: Callable[..., Any]
    """Called as fn(emitter, *operands); returns one SSA value or a list (multiple results)."""
    raw: bool = False
    """Operands come unmaterialized: numpy arrays known at import time, SSA values or POISON."""


RULES: dict[str, Rule] = {}


def rule(*names: str, raw: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the rule of each primitive in `names`."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        for name in names:
            assert name not in RULES, f"two rules for {name}"
            RULES[name] = Rule(fn, raw)
        return fn

    return register
