"""convert-layout: conv/pool graphs move to nhwc (and back) with transposes only at the graph's edges."""

import pytest
from pass_models import conv_bn_relu_maxpool, count, residual_block, transformer_block

from mlc.numerics import assert_pipeline_preserves_numerics
from mlc.passes.manager import PassFailed, run_pipeline


@pytest.fixture(scope="module")
def conv_net():
    """The imported conv-bn-relu-maxpool model (cloned by each test)."""
    return conv_bn_relu_maxpool()


def layouts(module) -> set[str]:
    """The layout attributes of the conv and pool ops in `module`."""
    return {
        op.layout.data
        for op in module.walk()
        if op.name in ("mlc_tensor.conv2d", "mlc_tensor.max_pool2d", "mlc_tensor.avg_pool2d")
    }


def test_conv_bn_relu_maxpool_has_one_transpose_per_edge(conv_net):
    module = assert_pipeline_preserves_numerics(conv_net.clone(), "convert-layout", seed=1)
    assert layouts(module) == {"nhwc"}
    transposes = [op for op in module.walk() if op.name == "mlc_tensor.transpose"]
    assert len(transposes) == 2
    body = next(op for op in module.walk() if op.name == "func.func").body.block
    assert transposes[0].input is body.args[0]  # right after the argument
    assert transposes[1].result.first_use.operation.name == "func.return"  # right before the return


def test_back_to_nchw_restores_the_layout(conv_net):
    module = assert_pipeline_preserves_numerics(
        conv_net.clone(), "convert-layout,convert-layout{to=nchw}"
    )
    assert layouts(module) == {"nchw"}
    assert count(module, "mlc_tensor.transpose") == 0


def test_residual_block_reuses_the_transposed_input():
    """The residual add takes the input's existing transpose, so no transpose is left inside."""
    module = assert_pipeline_preserves_numerics(residual_block(), "convert-layout")
    assert layouts(module) == {"nhwc"}
    assert count(module, "mlc_tensor.transpose") == 2


def test_transformer_block_keeps_its_layout_and_gains_no_transpose():
    """No conv or pool: only the existing head transposes may move (and cancel), none is added."""
    module = transformer_block()
    before = count(module, "mlc_tensor.transpose")
    module = assert_pipeline_preserves_numerics(module, "convert-layout")
    assert layouts(module) == set()
    assert count(module, "mlc_tensor.transpose") <= before


def test_unknown_layout_fails(conv_net):
    with pytest.raises(
        PassFailed, match="convert-layout: unknown layout 'hwcn'; use to=nhwc or to=nchw"
    ):
        run_pipeline(conv_net.clone(), "convert-layout{to=hwcn}")
