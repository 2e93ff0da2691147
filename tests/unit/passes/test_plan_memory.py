"""plan-memory: no two simultaneously live buffers overlap (random graphs), numerics unchanged,
and the arena of a 12-block GPT-2-like graph against the no-reuse total."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from random_graphs import RandomGraph, assert_pipeline_keeps_results, graphs, module_text
from xdsl.dialects import func
from xdsl.dialects.builtin import DenseArrayBase, ModuleOp, TensorType, f32, i32
from xdsl.ir import SSAValue
from xdsl.traits import ConstantLike

from mlc.dialects import mlc_tensor as mt
from mlc.passes.manager import run_pipeline

PROPERTY = settings(
    max_examples=150,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def buffers(function: func.FuncOp) -> list[tuple[int, int, int, int]]:
    """(first op, last op, offset, size) of each planned value, read back from the IR.

    Live ranges are recomputed here from the uses, independently of the pass.
    """
    ops = list(function.body.block.ops)
    position = {op: i for i, op in enumerate(ops)}
    returned = set(ops[-1].operands)
    found = []
    for op in ops:
        offsets = op.attributes.get("mlc.offset")
        sizes = op.attributes.get("mlc.size")
        should_plan = [
            isinstance(r.type, TensorType) and r not in returned and not op.has_trait(ConstantLike)
            for r in op.results
        ]
        if offsets is None:
            assert not any(should_plan), f"{op.name} has intermediate results but no offsets"
            continue
        assert isinstance(offsets, DenseArrayBase) and isinstance(sizes, DenseArrayBase)
        for r, planned, offset, size in zip(
            op.results, should_plan, offsets.get_values(), sizes.get_values(), strict=True
        ):
            assert planned == (offset >= 0), f"{op.name}: planned {planned}, offset {offset}"
            if planned:
                users = [function.body.block.find_ancestor_op_in_block(u.operation) for u in r.uses]
                end = max([position[op], *(position[u] for u in users if u is not None)])
                bits = max(r.type.get_element_type().bitwidth, 8)  # i1 takes a byte
                assert size == math.prod(r.type.get_shape()) * bits // 8
                found.append((position[op], end, offset, size))
    return found


def check_plan(module: ModuleOp, alignment: int) -> tuple[int, int]:
    """Assert the plan is sound; return the module's (peak, no-reuse) bytes."""
    (function,) = [op for op in module.ops if isinstance(op, func.FuncOp)]
    planned = buffers(function)
    for i, (start, end, offset, size) in enumerate(planned):
        assert offset % alignment == 0
        for start2, end2, offset2, size2 in planned[i + 1 :]:
            live_together = start <= end2 and start2 <= end
            if live_together and size and size2:
                assert offset + size <= offset2 or offset2 + size2 <= offset, module_text(module)
    peak = module.attributes["mlc.peak_bytes"].value.data
    no_reuse = module.attributes["mlc.no_reuse_bytes"].value.data
    reserved = [-(-size // alignment) * alignment for *_, size in planned]
    assert no_reuse == sum(reserved)
    assert peak == max((p[2] + r for p, r in zip(planned, reserved)), default=0)
    assert peak <= no_reuse
    return peak, no_reuse


@PROPERTY
@given(graphs(), st.sampled_from([1, 4, 64, 256]), st.booleans())
def test_live_buffers_never_overlap(graph: RandomGraph, alignment: int, optimize_first: bool):
    module = graph.module.clone()
    if optimize_first:  # fused groups and whatever else the default pipeline produces
        run_pipeline(module, "builtin.module(mlc-default)")
    run_pipeline(module, f"builtin.module(plan-memory{{alignment={alignment}}})")
    check_plan(module, alignment)


@PROPERTY
@given(graphs())
def test_plan_memory_keeps_numerics(graph: RandomGraph):
    assert_pipeline_keeps_results(graph, "builtin.module(plan-memory{alignment=16})")


def gpt2_stack(blocks: int, seq: int, d: int, heads: int) -> ModuleOp:
    """@main(x [seq, d], weights...) -> [seq, d]: `blocks` pre-norm GPT-2 blocks, weights as arguments."""
    shapes = {
        "ln1_w": (d,), "ln1_b": (d,), "attn_w": (3 * d, d), "attn_b": (3 * d,),
        "proj_w": (d, d), "proj_b": (d,), "ln2_w": (d,), "ln2_b": (d,),
        "fc_w": (4 * d, d), "fc_b": (4 * d,), "out_w": (d, 4 * d), "out_b": (d,),
    }  # fmt: skip
    arg_types = [TensorType(f32, (seq, d))] + [TensorType(f32, s) for s in shapes.values()] * blocks
    function = func.FuncOp("main", (arg_types, [TensorType(f32, (seq, d))]))
    block = function.body.block
    x, *weights = block.args

    def add(op) -> SSAValue:
        block.add_op(op)
        return op.results[0]

    hd = d // heads
    scale = add(mt.ConstantOp.from_array(np.float32([hd**-0.5])))
    rows, cols = (add(mt.IotaOp(TensorType(i32, (seq, seq)), dim)) for dim in (0, 1))
    causal = add(mt.GeOp(rows, cols))
    masked = add(mt.ConstantOp.from_array(np.float32([-1e9])))
    for n in range(blocks):
        w = dict(zip(shapes, weights[n * len(shapes) : (n + 1) * len(shapes)]))
        h = add(mt.LayerNormOp(x, w["ln1_w"], w["ln1_b"]))
        qkv = add(mt.LinearOp(h, w["attn_w"], w["attn_b"]))

        def heads_of(part: int, perm: list[int]) -> SSAValue:
            sliced = add(mt.SliceOp(qkv, [0, part * d], [seq, (part + 1) * d]))
            return add(mt.TransposeOp(add(mt.ReshapeOp(sliced, [seq, heads, hd])), perm))

        q, k_t, v = heads_of(0, [1, 0, 2]), heads_of(1, [1, 2, 0]), heads_of(2, [1, 0, 2])
        scores = add(mt.MulOp(add(mt.BatchMatmulOp(q, k_t)), scale))
        probs = add(mt.SoftmaxOp(add(mt.SelectOp(causal, scores, masked)), -1))
        attn = add(mt.TransposeOp(add(mt.BatchMatmulOp(probs, v)), [1, 0, 2]))
        attn = add(mt.ReshapeOp(attn, [seq, d]))
        x = add(mt.AddOp(x, add(mt.LinearOp(attn, w["proj_w"], w["proj_b"]))))
        h = add(mt.LayerNormOp(x, w["ln2_w"], w["ln2_b"]))
        h = add(mt.GeluOp(add(mt.LinearOp(h, w["fc_w"], w["fc_b"])), "tanh"))
        x = add(mt.AddOp(x, add(mt.LinearOp(h, w["out_w"], w["out_b"]))))
    block.add_op(func.ReturnOp(x))
    module = ModuleOp([function])
    module.verify()
    return module


@pytest.mark.parametrize("pipeline", ["plan-memory", "mlc-default,plan-memory"])
def test_gpt2_12_blocks_peak_is_a_fraction_of_no_reuse(pipeline: str):
    module = gpt2_stack(blocks=12, seq=128, d=768, heads=12)
    run_pipeline(module, f"builtin.module({pipeline})")
    peak, no_reuse = check_plan(module, 64)
    print(f"{pipeline}: peak {peak} B, no reuse {no_reuse} B, ratio {peak / no_reuse:.3f}")
    assert peak <= 0.6 * no_reuse  # the target
