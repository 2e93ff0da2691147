// RUN: mlc-opt %s -p recompose --verify-each-numerics | filecheck %s

// softmax and log_softmax as torch writes them (keepdim reductions).
// CHECK-LABEL: func.func @softmax(
// CHECK-NEXT:    %[[S:.*]] = mlc_tensor.softmax %x {axis = 1 : i64} : tensor<2x8xf32> -> tensor<2x8xf32>
// CHECK-NEXT:    %[[L:.*]] = mlc_tensor.log_softmax %x {axis = 1 : i64} : tensor<2x8xf32> -> tensor<2x8xf32>
// CHECK-NEXT:    func.return %[[S]], %[[L]]
func.func @softmax(%x: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %m = mlc_tensor.reduce_max %x {axes = array<i64: 1>, keepdim} : tensor<2x8xf32> -> tensor<2x1xf32>
  %d = mlc_tensor.sub %x, %m : tensor<2x8xf32>, tensor<2x1xf32> -> tensor<2x8xf32>
  %e = mlc_tensor.exp %d : tensor<2x8xf32> -> tensor<2x8xf32>
  %s = mlc_tensor.reduce_sum %e {axes = array<i64: 1>, keepdim} : tensor<2x8xf32> -> tensor<2x1xf32>
  %r = mlc_tensor.div %e, %s : tensor<2x8xf32>, tensor<2x1xf32> -> tensor<2x8xf32>
  %m2 = mlc_tensor.reduce_max %x {axes = array<i64: 1>} : tensor<2x8xf32> -> tensor<2xf32>
  %m2k = mlc_tensor.reshape %m2 : tensor<2xf32> -> tensor<2x1xf32>
  %d2 = mlc_tensor.sub %x, %m2k : tensor<2x8xf32>, tensor<2x1xf32> -> tensor<2x8xf32>
  %e2 = mlc_tensor.exp %d2 : tensor<2x8xf32> -> tensor<2x8xf32>
  %s2 = mlc_tensor.reduce_sum %e2 {axes = array<i64: 1>, keepdim} : tensor<2x8xf32> -> tensor<2x1xf32>
  %l2 = mlc_tensor.log %s2 : tensor<2x1xf32> -> tensor<2x1xf32>
  %r2 = mlc_tensor.sub %d2, %l2 : tensor<2x8xf32>, tensor<2x1xf32> -> tensor<2x8xf32>
  func.return %r, %r2 : tensor<2x8xf32>, tensor<2x8xf32>
}

// layer norm as users write it: (x - m) / sqrt(mean((x - m) ** 2) + eps) with x - m computed
// twice, then * w + b; and with sum of squares / N and rsqrt.
// CHECK-LABEL: func.func @layer_norm(
// CHECK-NEXT:    %[[A:.*]] = mlc_tensor.layer_norm %x weight(%w : tensor<8xf32>) bias(%b : tensor<8xf32>) : tensor<2x8xf32> -> tensor<2x8xf32>
// CHECK-NEXT:    %[[B:.*]] = mlc_tensor.layer_norm %x {epsilon = 1.000000e-06 : f64} : tensor<2x8xf32> -> tensor<2x8xf32>
// CHECK-NEXT:    func.return %[[A]], %[[B]]
func.func @layer_norm(%x: tensor<2x8xf32>, %w: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %m = mlc_tensor.reduce_mean %x {axes = array<i64: 1>, keepdim} : tensor<2x8xf32> -> tensor<2x1xf32>
  %c = mlc_tensor.sub %x, %m : tensor<2x8xf32>, tensor<2x1xf32> -> tensor<2x8xf32>
  %two = mlc_tensor.constant dense<2.0> : tensor<f32>
  %sq = mlc_tensor.pow %c, %two : tensor<2x8xf32>, tensor<f32> -> tensor<2x8xf32>
  %v = mlc_tensor.reduce_mean %sq {axes = array<i64: 1>, keepdim} : tensor<2x8xf32> -> tensor<2x1xf32>
  %c2 = mlc_tensor.sub %x, %m : tensor<2x8xf32>, tensor<2x1xf32> -> tensor<2x8xf32>
  %eps = mlc_tensor.constant dense<1.0e-05> : tensor<f32>
  %ve = mlc_tensor.add %eps, %v : tensor<f32>, tensor<2x1xf32> -> tensor<2x1xf32>
  %sd = mlc_tensor.sqrt %ve : tensor<2x1xf32> -> tensor<2x1xf32>
  %n = mlc_tensor.div %c2, %sd : tensor<2x8xf32>, tensor<2x1xf32> -> tensor<2x8xf32>
  %nw = mlc_tensor.mul %w, %n : tensor<8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
  %y = mlc_tensor.add %nw, %b : tensor<2x8xf32>, tensor<8xf32> -> tensor<2x8xf32>
  %m3 = mlc_tensor.reduce_mean %x {axes = array<i64: 1>, keepdim} : tensor<2x8xf32> -> tensor<2x1xf32>
  %c3 = mlc_tensor.sub %x, %m3 : tensor<2x8xf32>, tensor<2x1xf32> -> tensor<2x8xf32>
  %sq3 = mlc_tensor.mul %c3, %c3 : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
  %t3 = mlc_tensor.reduce_sum %sq3 {axes = array<i64: 1>, keepdim} : tensor<2x8xf32> -> tensor<2x1xf32>
  %eight = mlc_tensor.constant dense<8.0> : tensor<f32>
  %v3 = mlc_tensor.div %t3, %eight : tensor<2x1xf32>, tensor<f32> -> tensor<2x1xf32>
  %eps3 = mlc_tensor.constant dense<1.0e-06> : tensor<f32>
  %ve3 = mlc_tensor.add %v3, %eps3 : tensor<2x1xf32>, tensor<f32> -> tensor<2x1xf32>
  %r3 = mlc_tensor.rsqrt %ve3 : tensor<2x1xf32> -> tensor<2x1xf32>
  %n3 = mlc_tensor.mul %r3, %c3 : tensor<2x1xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
  func.return %y, %n3 : tensor<2x8xf32>, tensor<2x8xf32>
}

// gelu as jax writes the tanh form, x * (0.5 * (1 + tanh(c * (x + 0.044715 * (x * (x * x)))))),
// and the erf form with a division by sqrt 2.
// CHECK-LABEL: func.func @gelu(
// CHECK-NEXT:    %[[T:.*]] = mlc_tensor.gelu %x {approximate = "tanh"} : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT:    %[[E:.*]] = mlc_tensor.gelu %x : tensor<4xf32> -> tensor<4xf32>
// CHECK-NEXT:    func.return %[[T]], %[[E]]
func.func @gelu(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %x2 = mlc_tensor.mul %x, %x : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %x3 = mlc_tensor.mul %x, %x2 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %k = mlc_tensor.constant dense<4.471500e-02> : tensor<f32>
  %kx3 = mlc_tensor.mul %k, %x3 : tensor<f32>, tensor<4xf32> -> tensor<4xf32>
  %in = mlc_tensor.add %x, %kx3 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %c = mlc_tensor.constant dense<0.797884583> : tensor<f32>
  %ci = mlc_tensor.mul %c, %in : tensor<f32>, tensor<4xf32> -> tensor<4xf32>
  %t = mlc_tensor.tanh %ci : tensor<4xf32> -> tensor<4xf32>
  %one = mlc_tensor.constant dense<1.0> : tensor<f32>
  %p = mlc_tensor.add %one, %t : tensor<f32>, tensor<4xf32> -> tensor<4xf32>
  %half = mlc_tensor.constant dense<0.5> : tensor<f32>
  %h = mlc_tensor.mul %half, %p : tensor<f32>, tensor<4xf32> -> tensor<4xf32>
  %g = mlc_tensor.mul %x, %h : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %r2 = mlc_tensor.constant dense<1.41421354> : tensor<f32>
  %xs = mlc_tensor.div %x, %r2 : tensor<4xf32>, tensor<f32> -> tensor<4xf32>
  %erf = mlc_tensor.erf %xs : tensor<4xf32> -> tensor<4xf32>
  %p2 = mlc_tensor.add %erf, %one : tensor<4xf32>, tensor<f32> -> tensor<4xf32>
  %xp = mlc_tensor.mul %x, %p2 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %g2 = mlc_tensor.mul %xp, %half : tensor<4xf32>, tensor<f32> -> tensor<4xf32>
  func.return %g, %g2 : tensor<4xf32>, tensor<4xf32>
}

// matmul with a transposed weight plus a bias of shape [N] is linear.
// CHECK-LABEL: func.func @linear(
// CHECK-NEXT:    %[[L:.*]] = mlc_tensor.linear %x, %w, %b : tensor<2x8xf32>, tensor<4x8xf32>, tensor<4xf32> -> tensor<2x4xf32>
// CHECK-NEXT:    func.return %[[L]]
func.func @linear(%x: tensor<2x8xf32>, %w: tensor<4x8xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %t = mlc_tensor.transpose %w {perm = array<i64: 1, 0>} : tensor<4x8xf32> -> tensor<8x4xf32>
  %m = mlc_tensor.matmul %x, %t : tensor<2x8xf32>, tensor<8x4xf32> -> tensor<2x4xf32>
  %y = mlc_tensor.add %b, %m : tensor<4xf32>, tensor<2x4xf32> -> tensor<2x4xf32>
  func.return %y : tensor<2x4xf32>
}

// Negative: the exps are also returned (recomposing would compute them twice); layer norm
// over a leading axis; a gelu-like product with 0.6 instead of 0.5.
// CHECK-LABEL: func.func @negative(
// CHECK-NOT:     mlc_tensor.softmax
// CHECK-NOT:     mlc_tensor.layer_norm
// CHECK-NOT:     mlc_tensor.gelu
// CHECK:         func.return
func.func @negative(%x: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>) {
  %m = mlc_tensor.reduce_max %x {axes = array<i64: 1>, keepdim} : tensor<2x8xf32> -> tensor<2x1xf32>
  %d = mlc_tensor.sub %x, %m : tensor<2x8xf32>, tensor<2x1xf32> -> tensor<2x8xf32>
  %e = mlc_tensor.exp %d : tensor<2x8xf32> -> tensor<2x8xf32>
  %s = mlc_tensor.reduce_sum %e {axes = array<i64: 1>, keepdim} : tensor<2x8xf32> -> tensor<2x1xf32>
  %r = mlc_tensor.div %e, %s : tensor<2x8xf32>, tensor<2x1xf32> -> tensor<2x8xf32>
  %mn = mlc_tensor.reduce_mean %x {axes = array<i64: 0>, keepdim} : tensor<2x8xf32> -> tensor<1x8xf32>
  %c = mlc_tensor.sub %x, %mn : tensor<2x8xf32>, tensor<1x8xf32> -> tensor<2x8xf32>
  %sq = mlc_tensor.mul %c, %c : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
  %v = mlc_tensor.reduce_mean %sq {axes = array<i64: 0>, keepdim} : tensor<2x8xf32> -> tensor<1x8xf32>
  %eps = mlc_tensor.constant dense<1.0e-05> : tensor<f32>
  %ve = mlc_tensor.add %v, %eps : tensor<1x8xf32>, tensor<f32> -> tensor<1x8xf32>
  %rs = mlc_tensor.rsqrt %ve : tensor<1x8xf32> -> tensor<1x8xf32>
  %n = mlc_tensor.mul %c, %rs : tensor<2x8xf32>, tensor<1x8xf32> -> tensor<2x8xf32>
  %k = mlc_tensor.constant dense<0.707106769> : tensor<f32>
  %xk = mlc_tensor.mul %x, %k : tensor<2x8xf32>, tensor<f32> -> tensor<2x8xf32>
  %erf = mlc_tensor.erf %xk : tensor<2x8xf32> -> tensor<2x8xf32>
  %one = mlc_tensor.constant dense<1.0> : tensor<f32>
  %p = mlc_tensor.add %erf, %one : tensor<2x8xf32>, tensor<f32> -> tensor<2x8xf32>
  %bad = mlc_tensor.constant dense<0.6> : tensor<f32>
  %h = mlc_tensor.mul %x, %bad : tensor<2x8xf32>, tensor<f32> -> tensor<2x8xf32>
  %g = mlc_tensor.mul %h, %p : tensor<2x8xf32>, tensor<2x8xf32> -> tensor<2x8xf32>
  func.return %r, %e, %n, %g : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>
}
