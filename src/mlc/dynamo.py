"""torch.compile(model, backend="mlc"): mlc as a TorchDynamo backend.

Registered through the `torch_dynamo_backends` entry point (pyproject.toml), so torch finds
it by name without `import mlc`. Dynamo hands over each captured FX graph with example
inputs (parameters arrive as inputs too); the graph goes through mlc.compile like any torch
module. Options: `torch.compile(model, backend="mlc", options={"backend": "triton"})`, keys
as in OPTIONS. A graph mlc cannot import or lower runs eagerly instead, after one
MlcFallbackWarning naming the reason (for an import: every unsupported op, with counts).
"""

import warnings
from collections.abc import Callable, Mapping
from typing import Any

import torch

OPTIONS = {
    "backend": "mlc.compile's backend: 'numpy' (default), 'numpy-kernel' or 'triton'",
    "pipeline": "the graph pipeline in mlc-opt syntax (default 'mlc-default')",
    "verify_numerics": "check every pass against the interpreter on the example inputs",
}


class MlcFallbackWarning(UserWarning):
    """A graph torch.compile handed to mlc runs eagerly: mlc could not import or lower it."""


def mlc_backend(
    graph: torch.fx.GraphModule, example_inputs: list[Any], options: Mapping[str, Any] | None = None
) -> Callable[..., Any]:
    """Compile one Dynamo graph with mlc.compile; on an import or lowering failure warn and return it eager."""
    from mlc.compile import compile as mlc_compile
    from mlc.frontend.diagnostics import UnsupportedOpsError
    from mlc.frontend.torch import DynamicShapeError
    from mlc.passes.manager import PassFailed

    options = dict(options or {})
    unknown = sorted(set(options) - set(OPTIONS))
    if unknown:
        known = "; ".join(f"'{k}': {what}" for k, what in OPTIONS.items())
        raise ValueError(f"torch.compile(backend='mlc'): unknown option(s) {', '.join(map(repr, unknown))}; options: {known}")
    try:
        compiled = mlc_compile(graph, *example_inputs, **options)
    except UnsupportedOpsError as err:
        reason = err.report
    except (DynamicShapeError, PassFailed) as err:
        reason = str(err)
    else:
        return compiled
    warnings.warn(f"mlc: running this graph eagerly, mlc cannot compile it: {reason}", MlcFallbackWarning, stacklevel=2)
    return graph.forward
