"""fold-batchnorm: batch norm and per-channel scale/shift fold into weights; outputs keep their values."""

import pytest
from pass_models import conv_bn_relu_maxpool, count, residual_block

from mlc.ir.context import parse_module
from mlc.numerics import assert_pipeline_preserves_numerics


@pytest.fixture(scope="module")
def conv_net():
    """The imported conv-bn-relu-maxpool model (cloned by each test)."""
    return conv_bn_relu_maxpool()


def test_conv_bn_relu_maxpool_folds_every_batch_norm(conv_net):
    module = assert_pipeline_preserves_numerics(conv_net.clone(), "fold-batchnorm")
    assert count(module, "mlc_tensor.batch_norm") == 0
    assert count(module, "mlc_tensor.conv2d") == 2


def test_nhwc_weights_fold_after_layout_conversion(conv_net):
    """After convert-layout the weights are HWIO: the channel is their last axis."""
    module = assert_pipeline_preserves_numerics(conv_net.clone(), "convert-layout,fold-batchnorm")
    assert count(module, "mlc_tensor.batch_norm") == 0
    assert count(module, "mlc_tensor.transpose") == 2


def test_residual_block_folds_both_batch_norms():
    module = assert_pipeline_preserves_numerics(residual_block(), "fold-batchnorm")
    assert count(module, "mlc_tensor.batch_norm") == 0


LINEAR_AND_MATMUL = """
func.func @main(%x: tensor<3x4x8xf32>, %y: tensor<5x8xf32>) -> (tensor<3x4x6xf32>, tensor<5x6xf32>) {
  %w = mlc_tensor.constant dense<[[0.5, -1.0, 2.0, 0.25, 1.0, 1.5, -0.5, 3.0]]> : tensor<1x8xf32>
  %wl = mlc_tensor.broadcast_to %w : tensor<1x8xf32> -> tensor<6x8xf32>
  %b = mlc_tensor.constant dense<[0.1, 0.2, 0.3, 0.4, 0.5, 0.6]> : tensor<6xf32>
  %s = mlc_tensor.constant dense<[1.0, 2.0, -1.0, 0.5, 3.0, 0.25]> : tensor<6xf32>
  %m = mlc_tensor.constant dense<[0.0, 1.0, -1.0, 2.0, 0.5, 0.1]> : tensor<6xf32>
  %v = mlc_tensor.constant dense<[1.0, 2.0, 0.5, 4.0, 1.5, 0.7]> : tensor<6xf32>
  %l = mlc_tensor.linear %x, %wl, %b : tensor<3x4x8xf32>, tensor<6x8xf32>, tensor<6xf32> -> tensor<3x4x6xf32>
  %n = mlc_tensor.batch_norm %l scale %s bias %b mean %m var %v {axis = 2 : i64} : tensor<3x4x6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32>, tensor<6xf32> -> tensor<3x4x6xf32>
  %wm = mlc_tensor.constant dense<[[1.0], [2.0], [-1.0], [0.5], [1.0], [3.0], [0.1], [2.0]]> : tensor<8x1xf32>
  %wmb = mlc_tensor.broadcast_to %wm : tensor<8x1xf32> -> tensor<8x6xf32>
  %mm = mlc_tensor.matmul %y, %wmb : tensor<5x8xf32>, tensor<8x6xf32> -> tensor<5x6xf32>
  %a = mlc_tensor.add %mm, %b : tensor<5x6xf32>, tensor<6xf32> -> tensor<5x6xf32>
  %sc = mlc_tensor.mul %a, %s : tensor<5x6xf32>, tensor<6xf32> -> tensor<5x6xf32>
  %sh = mlc_tensor.sub %sc, %m : tensor<5x6xf32>, tensor<6xf32> -> tensor<5x6xf32>
  func.return %n, %sh : tensor<3x4x6xf32>, tensor<5x6xf32>
}
"""


def test_linear_bn_and_matmul_scale_shift_chain():
    """Weights made by broadcast_to are folded to constants first (fold-constants), then folded."""
    module = assert_pipeline_preserves_numerics(
        LINEAR_AND_MATMUL, "fold-constants,fold-batchnorm", seed=3
    )
    names = [op.name for op in module.walk()]
    assert "mlc_tensor.batch_norm" not in names and "mlc_tensor.mul" not in names
    assert "mlc_tensor.sub" not in names and names.count("mlc_tensor.add") == 1


def test_non_constant_weight_is_left_alone():
    module = parse_module(LINEAR_AND_MATMUL)
    before = str(module)
    assert_pipeline_preserves_numerics(module, "fold-batchnorm")
    assert str(module) == before  # broadcast_to weights are not constants
