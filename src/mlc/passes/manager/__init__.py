"""The pass manager: pipelines in MLIR's syntax, parsed and run with observers (mlc-opt uses it too).

    run_pipeline(module, "builtin.module(canonicalize,func.func(cse))", observers=[...])
"""

from collections.abc import Callable, Mapping, Sequence
from functools import cache
from types import MappingProxyType

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.universe import Universe

from mlc.ir.context import mlc_context
from mlc.passes import PASSES
from mlc.passes.manager.pipeline import Nest, PassFactory, PassRegistry, PipelineError
from mlc.passes.manager.runner import PassFailed, PassObserver, Runner
from mlc.passes.manager.timing import Timing
from mlc.pipelines import PIPELINES


@cache
def _universe_passes() -> Mapping[str, Callable[[], type[ModulePass]]]:
    """The passes of every xDSL universe; cached, as reading entry points costs ~20 ms."""
    return MappingProxyType(Universe.get_multiverse().all_passes)


def all_passes() -> dict[str, Callable[[], type[ModulePass]]]:
    """Every pass a pipeline may name: mlc's first (read live, so plugins can add to it),
    then those of the other xDSL universes."""
    others = {k: v for k, v in _universe_passes().items() if k not in PASSES}
    return {**PASSES, **others}


def default_registry(ctx: Context) -> PassRegistry:
    """mlc's and xDSL's passes and mlc's named pipelines (`mlc-default`, ...)."""
    return PassRegistry(all_passes(), PIPELINES, ctx)


def run_pipeline(
    module: ModuleOp,
    pipeline: str | Nest,
    ctx: Context | None = None,
    observers: Sequence[PassObserver] = (),
    verify_each: bool = True,
) -> ModuleOp:
    """Run `pipeline` (text as mlc-opt takes it, or a parsed Nest) on `module` in place; return it.

    Raises PipelineError for a pipeline that does not parse and PassFailed when a pass, or the
    verifier after it, fails; an exception an observer raises propagates unchanged.
    """
    ctx = mlc_context() if ctx is None else ctx
    nest = default_registry(ctx).parse(pipeline) if isinstance(pipeline, str) else pipeline
    Runner(ctx, observers, verify_each=verify_each).run(nest, module)
    return module


__all__ = [
    "Nest",
    "PassFactory",
    "PassFailed",
    "PassObserver",
    "PassRegistry",
    "PipelineError",
    "Runner",
    "Timing",
    "all_passes",
    "default_registry",
    "run_pipeline",
]
