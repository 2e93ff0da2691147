# RUN: python %s | filecheck %s
"""A dense layer with relu, imported from JAX: matmul, broadcast bias add, relu as maximum."""

import jax
import numpy as np

from mlc.frontend.jax import import_function


def layer(x, w, b):
    return jax.nn.relu(x @ w + b)


module = import_function(
    layer, np.ones((2, 4), np.float32), np.ones((4, 3), np.float32), np.ones(3, np.float32)
)
print(module)

# CHECK:      func.func @main(%0: tensor<2x4xf32> {mlc.name = "x"}, %1: tensor<4x3xf32> {mlc.name = "w"}, %2: tensor<3xf32> {mlc.name = "b"}) -> tensor<2x3xf32> {
# CHECK-NEXT:   %3 = mlc_tensor.matmul %0, %1 : tensor<2x4xf32>, tensor<4x3xf32> -> tensor<2x3xf32>
# CHECK-NEXT:   %4 = mlc_tensor.reshape %2 : tensor<3xf32> -> tensor<1x3xf32>
# CHECK-NEXT:   %5 = mlc_tensor.add %3, %4 : tensor<2x3xf32>, tensor<1x3xf32> -> tensor<2x3xf32>
# CHECK-NEXT:   %6 = mlc_tensor.constant dense<0.000000e+00> : tensor<f32>
# CHECK-NEXT:   %7 = mlc_tensor.maximum %5, %6 : tensor<2x3xf32>, tensor<f32> -> tensor<2x3xf32>
# CHECK-NEXT:   func.return %7 : tensor<2x3xf32>
