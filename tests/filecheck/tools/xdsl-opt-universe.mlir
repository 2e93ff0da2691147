// Plain xdsl-opt knows the mlc dialects through the `xdsl.universe` entry point.
// RUN: xdsl-opt %s | filecheck %s

// CHECK-LABEL: func.func @f
// CHECK: mlc_tensor.exp %{{.*}} : tensor<4xf32> -> tensor<4xf32>
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = mlc_tensor.exp %x : tensor<4xf32> -> tensor<4xf32>
  func.return %0 : tensor<4xf32>
}
