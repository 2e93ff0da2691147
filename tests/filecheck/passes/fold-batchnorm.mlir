// RUN: mlc-opt %s -p fold-batchnorm --verify-each-numerics | filecheck %s

// bn after an nchw conv: W'[o] = W[o] * s[o] (OIHW: o is axis 0), b' = (b - mean) * s + beta,
// s = scale / sqrt(var + eps); here s = [2, 3] / 2 = [1, 1.5].
// CHECK-LABEL: func.func @conv_nchw(
// CHECK-NEXT:    %{{.*}} = mlc_tensor.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}1.000000e+00]]], {{\[\[\[}}3.000000e+00]], {{\[\[}}3.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-NEXT:    %{{.*}} = mlc_tensor.constant dense<[5.000000e-01, -2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:    %{{.*}} = mlc_tensor.conv2d %x, %{{.*}}, %{{.*}} : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32> -> tensor<1x2x3x3xf32>
// CHECK-NEXT:    func.return
func.func @conv_nchw(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = mlc_tensor.constant dense<[[[[1.0]], [[1.0]]], [[[2.0]], [[2.0]]]]> : tensor<2x2x1x1xf32>
  %b = mlc_tensor.constant dense<[1.0, -1.0]> : tensor<2xf32>
  %scale = mlc_tensor.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = mlc_tensor.constant dense<[0.5, 1.0]> : tensor<2xf32>
  %mean = mlc_tensor.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %var = mlc_tensor.constant dense<4.0> : tensor<2xf32>
  %c = mlc_tensor.conv2d %x, %w, %b : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32> -> tensor<1x2x3x3xf32>
  %y = mlc_tensor.batch_norm %c scale %scale bias %beta mean %mean var %var {epsilon = 0.0 : f64} : tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32> -> tensor<1x2x3x3xf32>
  func.return %y : tensor<1x2x3x3xf32>
}

// nhwc: the weight is HWIO, so the output channel is its last axis; a bias is created.
// CHECK-LABEL: func.func @conv_nhwc(
// CHECK-NEXT:    %{{.*}} = mlc_tensor.constant dense<{{\[\[\[\[}}2.000000e+00, 3.000000e+00], [2.000000e+00, 3.000000e+00]]]]> : tensor<1x1x2x2xf32>
// CHECK-NEXT:    %{{.*}} = mlc_tensor.constant dense<[1.000000e+00, 0.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:    %{{.*}} = mlc_tensor.conv2d %x, %{{.*}}, %{{.*}} {layout = "nhwc"}
func.func @conv_nhwc(%x: tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32> {
  %w = mlc_tensor.constant dense<1.0> : tensor<1x1x2x2xf32>
  %scale = mlc_tensor.constant dense<[2.0, 3.0]> : tensor<2xf32>
  %beta = mlc_tensor.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %mean = mlc_tensor.constant dense<0.0> : tensor<2xf32>
  %var = mlc_tensor.constant dense<1.0> : tensor<2xf32>
  %c = mlc_tensor.conv2d %x, %w {layout = "nhwc"} : tensor<1x3x3x2xf32>, tensor<1x1x2x2xf32> -> tensor<1x3x3x2xf32>
  %y = mlc_tensor.batch_norm %c scale %scale bias %beta mean %mean var %var {axis = 3 : i64, epsilon = 0.0 : f64} : tensor<1x3x3x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32> -> tensor<1x3x3x2xf32>
  func.return %y : tensor<1x3x3x2xf32>
}

// linear: weight [N, K] scales by row; then a per-channel shift folds into the bias.
// CHECK-LABEL: func.func @linear_bn_shift(
// CHECK-NEXT:    %{{.*}} = mlc_tensor.constant dense<{{\[\[}}2.000000e+00, 2.000000e+00], [4.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT:    %{{.*}} = mlc_tensor.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:    %{{.*}} = mlc_tensor.linear %x, %{{.*}}, %{{.*}} : tensor<4x2xf32>, tensor<2x2xf32>, tensor<2xf32> -> tensor<4x2xf32>
// CHECK-NEXT:    func.return
func.func @linear_bn_shift(%x: tensor<4x2xf32>) -> tensor<4x2xf32> {
  %w = mlc_tensor.constant dense<1.0> : tensor<2x2xf32>
  %scale = mlc_tensor.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %zero = mlc_tensor.constant dense<0.0> : tensor<2xf32>
  %one = mlc_tensor.constant dense<1.0> : tensor<2xf32>
  %t = mlc_tensor.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
  %l = mlc_tensor.linear %x, %w : tensor<4x2xf32>, tensor<2x2xf32> -> tensor<4x2xf32>
  %y = mlc_tensor.batch_norm %l scale %scale bias %zero mean %zero var %one {epsilon = 0.0 : f64} : tensor<4x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32> -> tensor<4x2xf32>
  %s = mlc_tensor.add %y, %t : tensor<4x2xf32>, tensor<1x2xf32> -> tensor<4x2xf32>
  func.return %s : tensor<4x2xf32>
}

// matmul has no bias operand: its bias is the add after it. (x W * s + t) * 0.5 folds into
// one matmul with W * s * 0.5 and one add of t * 0.5; a scalar scale applies to every channel.
// CHECK-LABEL: func.func @matmul_chain(
// CHECK-NEXT:    %{{.*}} = mlc_tensor.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [1.000000e+00, 2.000000e+00]]> : tensor<2x2xf32>
// CHECK-NEXT:    %{{.*}} = mlc_tensor.constant dense<[5.000000e-01, -1.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:    %{{.*}} = mlc_tensor.matmul %x, %{{.*}} : tensor<3x2xf32>, tensor<2x2xf32> -> tensor<3x2xf32>
// CHECK-NEXT:    %{{.*}} = mlc_tensor.add %{{.*}}, %{{.*}} : tensor<3x2xf32>, tensor<2xf32> -> tensor<3x2xf32>
// CHECK-NEXT:    func.return
func.func @matmul_chain(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = mlc_tensor.constant dense<1.0> : tensor<2x2xf32>
  %s = mlc_tensor.constant dense<[2.0, 4.0]> : tensor<2xf32>
  %t = mlc_tensor.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %half = mlc_tensor.constant dense<0.5> : tensor<f32>
  %m = mlc_tensor.matmul %x, %w : tensor<3x2xf32>, tensor<2x2xf32> -> tensor<3x2xf32>
  %a = mlc_tensor.mul %s, %m : tensor<2xf32>, tensor<3x2xf32> -> tensor<3x2xf32>
  %b = mlc_tensor.add %a, %t : tensor<3x2xf32>, tensor<2xf32> -> tensor<3x2xf32>
  %h = mlc_tensor.mul %b, %half : tensor<3x2xf32>, tensor<f32> -> tensor<3x2xf32>
  func.return %h : tensor<3x2xf32>
}

// Negative: the weight is not a constant.
// CHECK-LABEL: func.func @dynamic_weight(
// CHECK:         mlc_tensor.conv2d
// CHECK-NEXT:    mlc_tensor.batch_norm
func.func @dynamic_weight(%x: tensor<1x2x3x3xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x3x3xf32> {
  %p = mlc_tensor.constant dense<1.0> : tensor<2xf32>
  %c = mlc_tensor.conv2d %x, %w : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x3x3xf32>
  %y = mlc_tensor.batch_norm %c scale %p bias %p mean %p var %p : tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32> -> tensor<1x2x3x3xf32>
  func.return %y : tensor<1x2x3x3xf32>
}

// Negative: the conv result is also returned, so the unscaled value is still needed.
// CHECK-LABEL: func.func @multi_use(
// CHECK:         %c = mlc_tensor.conv2d
// CHECK-NEXT:    %{{.*}} = mlc_tensor.batch_norm %c
// CHECK-NEXT:    func.return %c, %y
func.func @multi_use(%x: tensor<1x2x3x3xf32>) -> (tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) {
  %w = mlc_tensor.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = mlc_tensor.constant dense<1.0> : tensor<2xf32>
  %c = mlc_tensor.conv2d %x, %w : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x3x3xf32>
  %y = mlc_tensor.batch_norm %c scale %p bias %p mean %p var %p : tensor<1x2x3x3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32> -> tensor<1x2x3x3xf32>
  func.return %c, %y : tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>
}

// Negative: batch norm over a spatial axis (2), and a mul by a constant that varies along
// the rows of a matmul, are not per output channel.
// CHECK-LABEL: func.func @not_channel(
// CHECK:         mlc_tensor.conv2d
// CHECK-NEXT:    mlc_tensor.batch_norm %{{.*}} {axis = 2 : i64}
// CHECK:         mlc_tensor.matmul
// CHECK-NEXT:    mlc_tensor.mul
func.func @not_channel(%x: tensor<1x2x3x3xf32>, %a: tensor<3x2xf32>) -> (tensor<1x2x3x3xf32>, tensor<3x2xf32>) {
  %w = mlc_tensor.constant dense<1.0> : tensor<2x2x1x1xf32>
  %p = mlc_tensor.constant dense<1.0> : tensor<3xf32>
  %c = mlc_tensor.conv2d %x, %w : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32> -> tensor<1x2x3x3xf32>
  %y = mlc_tensor.batch_norm %c scale %p bias %p mean %p var %p {axis = 2 : i64} : tensor<1x2x3x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<1x2x3x3xf32>
  %mw = mlc_tensor.constant dense<1.0> : tensor<2x2xf32>
  %rows = mlc_tensor.constant dense<[[1.0], [2.0], [3.0]]> : tensor<3x1xf32>
  %m = mlc_tensor.matmul %a, %mw : tensor<3x2xf32>, tensor<2x2xf32> -> tensor<3x2xf32>
  %s = mlc_tensor.mul %m, %rows : tensor<3x2xf32>, tensor<3x1xf32> -> tensor<3x2xf32>
  func.return %y, %s : tensor<1x2x3x3xf32>, tensor<3x2xf32>
}
