"""PyTorch frontend: torch.export (core ATen after decomposition) -> mlc_tensor IR."""

from collections.abc import Mapping, Sequence

import torch
from torch.export import ExportedProgram
from xdsl.dialects.builtin import ModuleOp

from mlc.frontend.torch.importer import DynamicShapeError, TorchImporter

__all__ = ["DynamicShapeError", "import_module", "import_program"]


def import_module(
    module: torch.nn.Module,
    example_args: Sequence[object],
    example_kwargs: Mapping[str, object] | None = None,
    dynamic_shapes: object = None,
    *,
    strict: bool = False,
    params_as_args: bool = False,
) -> ModuleOp:
    """Export `module` on the example inputs, decompose to core ATen and import it as `@main`.

    Parameters and buffers become named dense_resource constants, or trailing function
    arguments named by their qualified names with `params_as_args`. Raises
    UnsupportedOpsError listing every unsupported op, and DynamicShapeError for a
    dimension that is not static.
    """
    program = torch.export.export(
        module, tuple(example_args), kwargs=dict(example_kwargs or {}),
        dynamic_shapes=dynamic_shapes, strict=strict,
    )
    return import_program(program, params_as_args=params_as_args)


def import_program(program: ExportedProgram, *, params_as_args: bool = False) -> ModuleOp:
    """Import an already exported program (decomposed to core ATen here)."""
    return TorchImporter(program.run_decompositions(), params_as_args).run()
