# RUN: python %s | filecheck %s
"""A two-layer MLP from PyTorch: weights as named dense resources, addmm as transpose + matmul + add."""

import torch
from torch import nn

from mlc.frontend.torch import import_module


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.fc2 = nn.Linear(8, 2)

    def forward(self, x):
        return {"logits": self.fc2(torch.relu(self.fc1(x)))}


torch.manual_seed(0)
print(import_module(MLP(), (torch.randn(3, 4),)))

# CHECK:      func.func @main(%[[X:.*]]: tensor<3x4xf32> {mlc.name = "x"}) -> (tensor<3x2xf32> {mlc.name = "output['logits']"}) {
# CHECK-NEXT:   %[[W1:.*]] = mlc_tensor.constant dense_resource<fc1.weight> : tensor<8x4xf32>
# CHECK-NEXT:   %[[B1:.*]] = mlc_tensor.constant dense_resource<fc1.bias> : tensor<8xf32>
# CHECK-NEXT:   %[[W2:.*]] = mlc_tensor.constant dense_resource<fc2.weight> : tensor<2x8xf32>
# CHECK-NEXT:   %[[B2:.*]] = mlc_tensor.constant dense_resource<fc2.bias> : tensor<2xf32>
# CHECK-NEXT:   %[[W1T:.*]] = mlc_tensor.transpose %[[W1]] {perm = array<i64: 1, 0>} : tensor<8x4xf32> -> tensor<4x8xf32>
# CHECK-NEXT:   %[[MM:.*]] = mlc_tensor.matmul %[[X]], %[[W1T]] : tensor<3x4xf32>, tensor<4x8xf32> -> tensor<3x8xf32>
# CHECK-NEXT:   %[[H:.*]] = mlc_tensor.add %[[MM]], %[[B1]] : tensor<3x8xf32>, tensor<8xf32> -> tensor<3x8xf32>
# CHECK-NEXT:   %[[R:.*]] = mlc_tensor.relu %[[H]] : tensor<3x8xf32> -> tensor<3x8xf32>
# CHECK-NEXT:   %[[W2T:.*]] = mlc_tensor.transpose %[[W2]] {perm = array<i64: 1, 0>} : tensor<2x8xf32> -> tensor<8x2xf32>
# CHECK-NEXT:   %[[MM2:.*]] = mlc_tensor.matmul %[[R]], %[[W2T]] : tensor<3x8xf32>, tensor<8x2xf32> -> tensor<3x2xf32>
# CHECK-NEXT:   %[[OUT:.*]] = mlc_tensor.add %[[MM2]], %[[B2]] : tensor<3x2xf32>, tensor<2xf32> -> tensor<3x2xf32>
# CHECK-NEXT:   func.return %[[OUT]] : tensor<3x2xf32>
