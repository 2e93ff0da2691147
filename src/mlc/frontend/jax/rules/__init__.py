"""The JAX primitive rule table, filled by one module per primitive family."""

from mlc.frontend.jax.rules import contraction, control, elementwise, reduction, scan, shape
from mlc.frontend.jax.rules.registry import RULES, Rule, rule

__all__ = ["RULES", "Rule", "rule", "contraction", "control", "elementwise", "reduction", "scan", "shape"]
