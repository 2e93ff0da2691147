// RUN: mlc-opt %s -p 'sparsify-2-4{min-elements=8}' | filecheck %s
// RUN: mlc-opt %s -p 'sparsify-2-4{min-elements=8}' --remarks --verify-diagnostics
// RUN: mlc-opt %s -p 'sparsify-2-4{min-elements=8 exclude=fc1}' --remarks 2>&1 >/dev/null | filecheck %s --check-prefix=EXCL
// RUN: mlc-opt %s -p 'sparsify-2-4' --remarks 2>&1 >/dev/null | filecheck %s --check-prefix=SMALL
// RUN: mlc-opt %s -p 'sparsify-2-4{min-elements=8 axis=0}' --remarks 2>&1 >/dev/null | filecheck %s --check-prefix=AXIS
// RUN: not mlc-opt %s -p 'sparsify-2-4{axis=-2}' 2>&1 | filecheck %s --check-prefix=BAD

// Each group of 4 along K keeps its 2 largest magnitudes (ties: the lower position); the
// weight is stored as kept values [N, K/2] plus 2-bit positions, the float bias added after.
// CHECK-LABEL: func.func @main(
// CHECK:         %[[W:.*]] = mlc_quant.constant dense_resource<fc1> : tensor<2x4xf32>, dense_resource<fc1_meta> : tensor<2x1xui8> -> tensor<2x8xf32, #mlc_quant.sparse_2_4<axis = 1>>
// CHECK-NEXT:    %[[Y:.*]] = mlc_quant.sparse_matmul %x, %[[W]] : tensor<3x8xf32>, tensor<2x8xf32, #mlc_quant.sparse_2_4<axis = 1>> -> tensor<3x2xf32>
// CHECK-NEXT:    mlc_tensor.add %[[Y]], %b
// EXCL: remark: sparsify-2-4: not applied to mlc_tensor.linear 'fc1' (weight 2x8): 'fc1' is excluded
// SMALL: remark: sparsify-2-4: not applied to mlc_tensor.linear 'fc1' (weight 2x8): the weight has 16 values (min-elements=256): too small to benefit
// AXIS: remark: sparsify-2-4: not applied to mlc_tensor.linear 'fc1' (weight 2x8): axis 0 is not the weight's reduction axis 1
// BAD: error: sparsify-2-4: axis must be -1 or >= 0, got -2
func.func @main(%x: tensor<3x8xf32>) -> tensor<3x2xf32> {
  %w = mlc_tensor.constant dense<[[1.0, -2.0, 0.5, 4.0, 1.0, 1.0, 1.0, 1.0], [0.25, 0.5, -1.0, 0.0, 3.0, 0.0, 0.0, -3.0]]> : tensor<2x8xf32> loc("fc1.weight")
  %b = mlc_tensor.constant dense<[0.5, -0.5]> : tensor<2xf32>
  // expected-remark @+1 {{sparsify-2-4: applied to mlc_tensor.linear 'fc1' (weight 2x8): 2:4 along K=8: 92.6% of the weight energy kept, 64 -> 34 weight bytes}}
  %y = mlc_tensor.linear %x, %w, %b : tensor<3x8xf32>, tensor<2x8xf32>, tensor<2xf32> -> tensor<3x2xf32>
  func.return %y : tensor<3x2xf32>
}

// A matmul weight [K, N] is pruned along K (its axis 0), as [N, K] for sparse_matmul.
// CHECK-LABEL: func.func @matmul(
// CHECK:         mlc_quant.sparse_matmul %x, %{{.*}} : tensor<3x8xf32>, tensor<4x8xf32, #mlc_quant.sparse_2_4<axis = 1>> -> tensor<3x4xf32>
func.func @matmul(%x: tensor<3x8xf32>) -> tensor<3x4xf32> {
  %w = mlc_tensor.constant dense<1.0> : tensor<8x4xf32>
  // expected-remark @+1 {{sparsify-2-4: applied to mlc_tensor.matmul (weight 8x4): 2:4 along K=8: 50.0% of the weight energy kept}}
  %y = mlc_tensor.matmul %x, %w : tensor<3x8xf32>, tensor<8x4xf32> -> tensor<3x4xf32>
  func.return %y : tensor<3x4xf32>
}

// Negative: K = 6 is not a multiple of 4; conv2d has no 2:4 op; a weight argument is not constant.
// CHECK-LABEL: func.func @skipped(
// CHECK-NEXT:    mlc_tensor.constant
// CHECK-NEXT:    mlc_tensor.matmul
// CHECK-NEXT:    mlc_tensor.constant
// CHECK-NEXT:    mlc_tensor.conv2d
// CHECK-NEXT:    mlc_tensor.matmul
func.func @skipped(%x: tensor<3x6xf32>, %c: tensor<1x4x3x3xf32>, %d: tensor<3x4xf32>, %v: tensor<4x4xf32>) -> (tensor<3x4xf32>, tensor<1x4x3x3xf32>, tensor<3x4xf32>) {
  %w = mlc_tensor.constant dense<1.0> : tensor<6x4xf32>
  // expected-remark @+1 {{sparsify-2-4: not applied to mlc_tensor.matmul (weight 6x4): K=6 is not divisible by 4}}
  %y = mlc_tensor.matmul %x, %w : tensor<3x6xf32>, tensor<6x4xf32> -> tensor<3x4xf32>
  %k = mlc_tensor.constant dense<1.0> : tensor<4x4x1x1xf32>
  // expected-remark @+1 {{sparsify-2-4: not applied to mlc_tensor.conv2d (weight 4x4x1x1): mlc_quant has no 2:4 conv2d}}
  %z = mlc_tensor.conv2d %c, %k : tensor<1x4x3x3xf32>, tensor<4x4x1x1xf32> -> tensor<1x4x3x3xf32>
  // expected-remark @+1 {{sparsify-2-4: not applied to mlc_tensor.matmul (weight 4x4): the weight is not a constant}}
  %u = mlc_tensor.matmul %d, %v : tensor<3x4xf32>, tensor<4x4xf32> -> tensor<3x4xf32>
  func.return %y, %z, %u : tensor<3x4xf32>, tensor<1x4x3x3xf32>, tensor<3x4xf32>
}
