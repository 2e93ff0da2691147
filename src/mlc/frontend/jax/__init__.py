"""JAX frontend: `import_function(fn, *example_args)` traces with jax.make_jaxpr and imports the jaxpr."""

from typing import Any

from xdsl.dialects.builtin import ModuleOp

from mlc.frontend.jax.importer import (
    DEFAULT_MAX_UNROLLED_EQUATIONS,
    ImportedFunction,
    JaxImporter,
)


def trace_function(
    fn: Any, *example_args: Any, max_unrolled_equations: int = DEFAULT_MAX_UNROLLED_EQUATIONS
) -> ImportedFunction:
    """Import `fn` and keep the pytree structures of its inputs and outputs (for callers that run it)."""
    return JaxImporter(max_unrolled_equations).import_function(fn, example_args)


def import_function(
    fn: Any, *example_args: Any, max_unrolled_equations: int = DEFAULT_MAX_UNROLLED_EQUATIONS
) -> ModuleOp:
    """Trace `fn` on example arguments (arrays or pytrees of arrays) and import it as mlc_tensor IR.

    Raises UnsupportedOpsError listing every unsupported primitive with counts and locations.
    """
    return trace_function(
        fn, *example_args, max_unrolled_equations=max_unrolled_equations
    ).module


__all__ = ["ImportedFunction", "import_function", "trace_function"]
