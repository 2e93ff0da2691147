"""The pipeline parser of mlc-opt: MLIR nesting, options, named pipelines and error messages."""

from dataclasses import dataclass

import pytest
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.transforms.canonicalize import CanonicalizePass
from xdsl.transforms.common_subexpression_elimination import CommonSubexpressionElimination
from xdsl.transforms.dead_code_elimination import DeadCodeElimination

from mlc.ir.context import mlc_context
from mlc.pipelines import PIPELINES
from mlc.passes.manager import Nest, PassRegistry, PipelineError, default_registry


@dataclass(frozen=True)
class TilePass(ModulePass):
    """A pass with typed options (never applied here)."""

    name = "tile"

    sizes: tuple[int, ...] = (32,)
    depth: int = 1
    mode: str = "fast"
    exact: bool = False

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        raise AssertionError("not applied in these tests")


@pytest.fixture
def registry() -> PassRegistry:
    passes = {
        "tile": lambda: TilePass,
        "canonicalize": lambda: CanonicalizePass,
        "cse": lambda: CommonSubexpressionElimination,
        "dce": lambda: DeadCodeElimination,
    }
    pipelines = {"cleanup": "cse,dce", "nested": "func.func(cleanup),canonicalize", "loop": "cse,loop"}
    return PassRegistry(passes, pipelines, mlc_context())


def test_anchored_pipeline_with_nesting_and_options(registry: PassRegistry):
    nest = registry.parse("builtin.module(tile{sizes=64,64,32 depth=2 mode=slow exact=true},func.func(cse))")
    assert nest.anchor == "builtin.module"
    tile, inner = nest.steps
    assert tile == TilePass(sizes=(64, 64, 32), depth=2, mode="slow", exact=True)
    assert inner == Nest("func.func", (CommonSubexpressionElimination(),))


def test_flat_list_and_anchored_form_are_the_same(registry: PassRegistry):
    assert registry.parse("cse, dce") == registry.parse("builtin.module(cse,dce)")
    assert registry.parse("") == Nest("builtin.module", ())
    assert registry.parse("builtin.module()") == Nest("builtin.module", ())


def test_dashes_or_underscores_and_single_values(registry: PassRegistry):
    (tile,) = registry.parse("tile{sizes=8}").steps
    assert tile == TilePass(sizes=(8,))
    assert str(registry.parse("func.func(tile{sizes=8,4})")) == "builtin.module(func.func(tile{sizes=8,4}))"


def test_named_pipelines_expand_in_place_and_nest(registry: PassRegistry):
    nest = registry.parse("builtin.module(nested,tile)")
    assert str(nest) == "builtin.module(func.func(cse,dce),canonicalize,tile)"


def test_mlc_default_pipeline_parses_with_the_real_passes():
    registry = default_registry(mlc_context())
    expected = str(registry.parse(PIPELINES["mlc-default"]))
    assert str(registry.parse("builtin.module(mlc-default)")) == expected
    assert expected.startswith("builtin.module(canonicalize,")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("builtin.module(cse,tlie)", "'tlie' does not refer to a registered pass or pipeline; did you mean 'tile'?"),
        ("tile{sizes=a,b}", "option 'sizes' of pass 'tile' expects tuple[int, ...], got 'a,b'"),
        ("tile{depth=1.5}", "option 'depth' of pass 'tile' expects int, got '1.5'"),
        ("tile{size=3}", "pass 'tile' has no option 'size' (options: sizes, depth, mode, exact)"),
        ("tile{sizes=}", "malformed options of pass 'tile'"),
        ("tile{sizes=1", "unterminated '{' of pass options"),
        ("builtin.module(cse", "expected ')'"),
        ("cse dce", "expected ',' or the end of the pipeline"),
        ("cse,,dce", "expected a pass or op name"),
        ("cleanup{x=1}", "pipeline 'cleanup' takes no options"),
        ("loop", "pipeline 'loop' includes itself"),
        ("nosuch.op(cse)", "cannot nest a pipeline on 'nosuch.op': no such op"),
        ("func.return(cse)", "cannot nest a pipeline on 'func.return': the op is not isolated from above"),
    ],
)
def test_errors_name_the_problem(registry: PassRegistry, text: str, message: str):
    with pytest.raises(PipelineError) as info:
        registry.parse(text)
    assert message in str(info.value)


def test_errors_point_at_the_offending_text(registry: PassRegistry):
    with pytest.raises(PipelineError) as info:
        registry.parse("builtin.module(cse,tlie)")
    _, text, caret = str(info.value).splitlines()
    assert text == "  builtin.module(cse,tlie)"
    assert caret == "  " + " " * len("builtin.module(cse,") + "^^^^"
