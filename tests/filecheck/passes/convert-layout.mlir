// RUN: mlc-opt %s -p convert-layout --verify-each-numerics | filecheck %s
// RUN: mlc-opt %s -p 'convert-layout{to=nchw}' --verify-each-numerics | filecheck %s --check-prefix=NCHW
// RUN: not mlc-opt %s -p 'convert-layout{to=nhcw}' 2>&1 | filecheck %s --check-prefix=BAD

// BAD: error: convert-layout: unknown layout 'nhcw'; use to=nhwc or to=nchw

// conv-bn-add-relu-pool-conv: one transpose after the argument, one before the return. The
// constant per-channel bias [C,1,1] becomes a constant [1,1,1,C]; weights become HWIO constants.
// CHECK-LABEL: func.func @chain(
// CHECK:         %[[X:.*]] = mlc_tensor.transpose %x {perm = array<i64: 0, 2, 3, 1>} : tensor<1x2x4x4xf32> -> tensor<1x4x4x2xf32>
// CHECK-NEXT:    mlc_tensor.constant dense<{{\[\[\[\[}}1.000000e+00, 3.000000e+00, 5.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00]]]]> : tensor<1x1x2x3xf32>
// CHECK-NEXT:    mlc_tensor.conv2d %[[X]], %{{.*}}, %cb {layout = "nhwc"} : tensor<1x4x4x2xf32>, tensor<1x1x2x3xf32>, tensor<3xf32> -> tensor<1x4x4x3xf32>
// CHECK-NEXT:    mlc_tensor.batch_norm %{{.*}} {axis = 3 : i64}
// CHECK-NEXT:    mlc_tensor.constant dense<{{.*}}> : tensor<1x1x1x3xf32>
// CHECK-NEXT:    mlc_tensor.add %{{.*}} : tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32> -> tensor<1x4x4x3xf32>
// CHECK-NEXT:    mlc_tensor.relu %{{.*}} : tensor<1x4x4x3xf32>
// CHECK-NEXT:    mlc_tensor.max_pool2d %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, layout = "nhwc"} : tensor<1x4x4x3xf32> -> tensor<1x2x2x3xf32>
// CHECK-NEXT:    mlc_tensor.constant dense<2.500000e-01> : tensor<1x1x3x4xf32>
// CHECK-NEXT:    mlc_tensor.conv2d %{{.*}} {layout = "nhwc"} : tensor<1x2x2x3xf32>, tensor<1x1x3x4xf32> -> tensor<1x2x2x4xf32>
// CHECK-NEXT:    %[[O:.*]] = mlc_tensor.transpose %{{.*}} {perm = array<i64: 0, 3, 1, 2>} : tensor<1x2x2x4xf32> -> tensor<1x4x2x2xf32>
// CHECK-NEXT:    func.return %[[O]]
// The nchw graph is already in nchw:
// NCHW-LABEL: func.func @chain(
// NCHW-NOT:     mlc_tensor.transpose
// NCHW:         func.return
func.func @chain(%x: tensor<1x2x4x4xf32>) -> tensor<1x4x2x2xf32> {
  %w = mlc_tensor.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[4.0]]], [[[5.0]], [[6.0]]]]> : tensor<3x2x1x1xf32>
  %cb = mlc_tensor.constant dense<[0.1, 0.2, 0.3]> : tensor<3xf32>
  %s = mlc_tensor.constant dense<[1.0, 2.0, 3.0]> : tensor<3xf32>
  %v = mlc_tensor.constant dense<1.0> : tensor<3xf32>
  %pb = mlc_tensor.constant dense<[[[0.1]], [[0.2]], [[0.3]]]> : tensor<3x1x1xf32>
  %w2 = mlc_tensor.constant dense<0.25> : tensor<4x3x1x1xf32>
  %c = mlc_tensor.conv2d %x, %w, %cb : tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32>, tensor<3xf32> -> tensor<1x3x4x4xf32>
  %y = mlc_tensor.batch_norm %c scale %s bias %cb mean %cb var %v : tensor<1x3x4x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<1x3x4x4xf32>
  %a = mlc_tensor.add %y, %pb : tensor<1x3x4x4xf32>, tensor<3x1x1xf32> -> tensor<1x3x4x4xf32>
  %r = mlc_tensor.relu %a : tensor<1x3x4x4xf32> -> tensor<1x3x4x4xf32>
  %p = mlc_tensor.max_pool2d %r {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x3x4x4xf32> -> tensor<1x3x2x2xf32>
  %o = mlc_tensor.conv2d %p, %w2 : tensor<1x3x2x2xf32>, tensor<4x3x1x1xf32> -> tensor<1x4x2x2xf32>
  func.return %o : tensor<1x4x2x2xf32>
}

// A weight that is not a constant gets a transpose op (OIHW -> HWIO); a per-channel operand
// [1,C,1,1] that is not a constant is reshaped to [1,1,1,C] (only 1s move).
// CHECK-LABEL: func.func @dynamic_operands(
// CHECK-NEXT:    %[[X:.*]] = mlc_tensor.transpose %x {perm = array<i64: 0, 2, 3, 1>}
// CHECK-NEXT:    %[[W:.*]] = mlc_tensor.transpose %w {perm = array<i64: 2, 3, 1, 0>} : tensor<3x2x1x1xf32> -> tensor<1x1x2x3xf32>
// CHECK-NEXT:    %[[C:.*]] = mlc_tensor.conv2d %[[X]], %[[W]] {layout = "nhwc"}
// CHECK-NEXT:    %[[B:.*]] = mlc_tensor.reshape %bias : tensor<1x3x1x1xf32> -> tensor<1x1x1x3xf32>
// CHECK-NEXT:    %[[M:.*]] = mlc_tensor.mul %[[C]], %[[B]] : tensor<1x4x4x3xf32>, tensor<1x1x1x3xf32> -> tensor<1x4x4x3xf32>
// CHECK-NEXT:    mlc_tensor.transpose %[[M]] {perm = array<i64: 0, 3, 1, 2>}
// CHECK-NEXT:    func.return
func.func @dynamic_operands(%x: tensor<1x2x4x4xf32>, %w: tensor<3x2x1x1xf32>, %bias: tensor<1x3x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %c = mlc_tensor.conv2d %x, %w : tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32> -> tensor<1x3x4x4xf32>
  %m = mlc_tensor.mul %c, %bias : tensor<1x3x4x4xf32>, tensor<1x3x1x1xf32> -> tensor<1x3x4x4xf32>
  func.return %m : tensor<1x3x4x4xf32>
}

// A transpose stops at an op that depends on the layout (a reduction over axis 1); an operand
// with two non-1 dims that is not a constant keeps the transpose above the add.
// CHECK-LABEL: func.func @stops(
// CHECK:         mlc_tensor.avg_pool2d %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, layout = "nhwc"}
// CHECK-NEXT:    mlc_tensor.transpose
// CHECK-NEXT:    mlc_tensor.add
// CHECK-NEXT:    mlc_tensor.reduce_sum
func.func @stops(%x: tensor<1x2x4x4xf32>, %y: tensor<2x2x2xf32>) -> tensor<1x2x2xf32> {
  %p = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  %a = mlc_tensor.add %p, %y : tensor<1x2x2x2xf32>, tensor<2x2x2xf32> -> tensor<1x2x2x2xf32>
  %s = mlc_tensor.reduce_sum %a {axes = array<i64: 1>} : tensor<1x2x2x2xf32> -> tensor<1x2x2xf32>
  func.return %s : tensor<1x2x2xf32>
}

// Negative: without conv or pool nothing moves (batch norm follows its producer's layout).
// CHECK-LABEL: func.func @no_spatial_op(
// CHECK-NEXT:    mlc_tensor.batch_norm %x
// CHECK-NEXT:    func.return
func.func @no_spatial_op(%x: tensor<1x3x2x2xf32>, %p: tensor<3xf32>) -> tensor<1x3x2x2xf32> {
  %y = mlc_tensor.batch_norm %x scale %p bias %p mean %p var %p : tensor<1x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<1x3x2x2xf32>
  func.return %y : tensor<1x3x2x2xf32>
}

// to=nchw: an nhwc conv with an HWIO weight moves to nchw with an OIHW weight.
// NCHW-LABEL: func.func @from_nhwc(
// NCHW-NEXT:    mlc_tensor.transpose %x {perm = array<i64: 0, 3, 1, 2>} : tensor<1x4x4x2xf32> -> tensor<1x2x4x4xf32>
// NCHW-NEXT:    mlc_tensor.constant dense<{{.*}}> : tensor<3x2x1x1xf32>
// NCHW-NEXT:    mlc_tensor.conv2d %{{.*}} : tensor<1x2x4x4xf32>, tensor<3x2x1x1xf32> -> tensor<1x3x4x4xf32>
// NCHW-NEXT:    mlc_tensor.relu
// NCHW-NEXT:    mlc_tensor.transpose %{{.*}} {perm = array<i64: 0, 2, 3, 1>} : tensor<1x3x4x4xf32> -> tensor<1x4x4x3xf32>
// NCHW-NEXT:    func.return
func.func @from_nhwc(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {
  %w = mlc_tensor.constant dense<[[[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]]]> : tensor<1x1x2x3xf32>
  %c = mlc_tensor.conv2d %x, %w {layout = "nhwc"} : tensor<1x4x4x2xf32>, tensor<1x1x2x3xf32> -> tensor<1x4x4x3xf32>
  %r = mlc_tensor.relu %c : tensor<1x4x4x3xf32> -> tensor<1x4x4x3xf32>
  func.return %r : tensor<1x4x4x3xf32>
}

// A weight too large to print inline becomes the module's first blob: the output carries it.
// CHECK-LABEL: func.func @first_blob(
// CHECK:         mlc_tensor.constant dense_resource<[[BLOB:.*]]> : tensor<3x3x3x4xf32>
// CHECK:       dialect_resources
// CHECK:         [[BLOB]]: "0x04000000
func.func @first_blob(%x: tensor<1x3x8x8xf32>) -> tensor<1x4x6x6xf32> {
  %w = mlc_tensor.constant dense<0.5> : tensor<4x3x3x3xf32>
  %y = mlc_tensor.conv2d %x, %w : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x6x6xf32>
  func.return %y : tensor<1x4x6x6xf32>
}
