"""Property test: the default pipeline preserves the numerics of random mlc_tensor graphs."""

from hypothesis import HealthCheck, given, settings
from random_graphs import RandomGraph, assert_pipeline_keeps_results, graphs

EXAMPLES = 500


@settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same graphs every run: a failure reproduces
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(graphs())
def test_default_pipeline_preserves_numerics(graph: RandomGraph):
    # On failure the message holds the (shrunk) graph as .mlir, before and after the pipeline.
    assert_pipeline_keeps_results(graph, "builtin.module(mlc-default)")


def test_generator_covers_the_op_mix():
    """The generator reaches every op family it promises, with multi-use values and several results."""
    seen: set[str] = set()
    multi_use = several_results = 0

    @settings(max_examples=200, derandomize=True, database=None, deadline=None)
    @given(graphs())
    def collect(graph: RandomGraph):
        nonlocal multi_use, several_results
        (function,) = graph.module.ops
        for op in function.walk():
            seen.add(op.name)
            multi_use += any(len(set(r.uses)) > 1 for r in op.results)
        several_results += len(function.function_type.outputs) > 1

    collect()
    families = {
        "mlc_tensor.add", "mlc_tensor.exp", "mlc_tensor.log", "mlc_tensor.select",
        "mlc_tensor.gt", "mlc_tensor.reduce_sum", "mlc_tensor.softmax", "mlc_tensor.layer_norm",
        "mlc_tensor.linear", "mlc_tensor.batch_matmul", "mlc_tensor.reshape",
        "mlc_tensor.transpose", "mlc_tensor.broadcast_to", "mlc_tensor.constant",
    }  # fmt: skip
    assert families <= seen, sorted(families - seen)
    assert multi_use > 20 and several_results > 20, (multi_use, several_results)

