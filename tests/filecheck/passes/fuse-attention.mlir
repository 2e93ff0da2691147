// RUN: mlc-opt %s -p fuse-attention --verify-each-numerics=1e-6,1e-6 | filecheck %s
// RUN: not mlc-opt %s -p 'fuse-attention{max-ops=2}' 2>&1 | filecheck %s --check-prefix=ERROR

// ERROR: error: fuse-attention: max-ops must be at least 5, got 2; give fuse-attention{max-ops=5} or more

// Causal attention as jax spells it: scale, a mask from iota compares broadcast over the
// heads, softmax over the keys, the product with v. The mask ops join the group; the
// scale constant is copied in; the group is marked kind = "attention".
// CHECK-LABEL: func.func @causal(
// CHECK-NEXT:    %[[F:.*]] = mlc_tensor.fused (%[[Q:.*]] = %q, %[[K:.*]] = %k, %[[V:.*]] = %v) {kind = "attention"} : (tensor<2x5x8xf32>, tensor<2x8x5xf32>, tensor<2x5x8xf32>) -> tensor<2x5x8xf32> {
// CHECK-NEXT:      %s = mlc_tensor.batch_matmul %[[Q]], %[[K]]
// CHECK-NEXT:      %scale = mlc_tensor.constant dense<0.353553385> : tensor<f32>
// CHECK-NEXT:      %x = mlc_tensor.mul %s, %scale
// CHECK-NEXT:      %r = mlc_tensor.iota :
// CHECK-NEXT:      %c = mlc_tensor.iota {dimension = 1 : i64}
// CHECK-NEXT:      %m = mlc_tensor.ge %r, %c
// CHECK-NEXT:      %ninf = mlc_tensor.constant
// CHECK-NEXT:      %y = mlc_tensor.select %m, %x, %ninf
// CHECK-NEXT:      %p = mlc_tensor.softmax %y {axis = 2 : i64}
// CHECK-NEXT:      %[[O:.*]] = mlc_tensor.batch_matmul %p, %[[V]]
// CHECK-NEXT:      mlc_tensor.yield %[[O]] : tensor<2x5x8xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %[[F]]
func.func @causal(%q: tensor<2x5x8xf32>, %k: tensor<2x8x5xf32>, %v: tensor<2x5x8xf32>) -> tensor<2x5x8xf32> {
  %scale = mlc_tensor.constant dense<0.35355339> : tensor<f32>
  %ninf = mlc_tensor.constant dense<-1.0e9> : tensor<f32>
  %s = mlc_tensor.batch_matmul %q, %k : tensor<2x5x8xf32>, tensor<2x8x5xf32> -> tensor<2x5x5xf32>
  %x = mlc_tensor.mul %s, %scale : tensor<2x5x5xf32>, tensor<f32> -> tensor<2x5x5xf32>
  %r = mlc_tensor.iota {dimension = 0 : i64} : tensor<5x5xi32>
  %c = mlc_tensor.iota {dimension = 1 : i64} : tensor<5x5xi32>
  %m = mlc_tensor.ge %r, %c : tensor<5x5xi32>, tensor<5x5xi32> -> tensor<5x5xi1>
  %y = mlc_tensor.select %m, %x, %ninf : tensor<5x5xi1>, tensor<2x5x5xf32>, tensor<f32> -> tensor<2x5x5xf32>
  %p = mlc_tensor.softmax %y {axis = 2 : i64} : tensor<2x5x5xf32> -> tensor<2x5x5xf32>
  %o = mlc_tensor.batch_matmul %p, %v : tensor<2x5x5xf32>, tensor<2x5x8xf32> -> tensor<2x5x8xf32>
  func.return %o : tensor<2x5x8xf32>
}

// torch SDPA with a padding mask: the heads are split by batch reshapes around the products,
// the layout of q and k (transpose, reshape) joins as the kernel's prologue, and the
// masked-row fix select(all(x == -inf), 0, softmax x) is part of the pattern.
// CHECK-LABEL: func.func @padding_sdpa(
// CHECK-NEXT:    %[[F:.*]] = mlc_tensor.fused (%{{.*}} = %q, %{{.*}} = %k, %{{.*}} = %keep, %{{.*}} = %v) {kind = "attention"}
// CHECK-NEXT:      %qt = mlc_tensor.transpose
// CHECK-NEXT:      %kt = mlc_tensor.transpose
// CHECK-NEXT:      %q3 = mlc_tensor.reshape %qt
// CHECK-NEXT:      %k3 = mlc_tensor.reshape %kt
// CHECK-NEXT:      %s = mlc_tensor.batch_matmul %q3, %k3
// CHECK-NEXT:      %s4 = mlc_tensor.reshape %s
// CHECK:           %x = mlc_tensor.add %s4, %bias
// CHECK-NEXT:      %p = mlc_tensor.softmax %x {axis = 3 : i64}
// CHECK:           %all = mlc_tensor.eq %any
// CHECK-NEXT:      %pf = mlc_tensor.select %all, %zero, %p
// CHECK-NEXT:      %p3 = mlc_tensor.reshape %pf
// CHECK-NEXT:      %v3 = mlc_tensor.reshape
// CHECK-NEXT:      %[[O:.*]] = mlc_tensor.batch_matmul %p3, %v3
// CHECK-NEXT:      mlc_tensor.yield %[[O]] : tensor<6x3x8xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %[[F]]
func.func @padding_sdpa(%q: tensor<2x3x3x8xf32>, %k: tensor<2x3x3x8xf32>, %v: tensor<2x3x3x8xf32>, %keep: tensor<2x1x1x3xi1>) -> tensor<6x3x8xf32> {
  %zero = mlc_tensor.constant dense<0.0> : tensor<f32>
  %ninf = mlc_tensor.constant dense_resource<ninf> : tensor<f32>
  %false = mlc_tensor.constant dense<false> : tensor<i1>
  %qt = mlc_tensor.transpose %q {perm = array<i64: 0, 2, 1, 3>} : tensor<2x3x3x8xf32> -> tensor<2x3x3x8xf32>
  %kt = mlc_tensor.transpose %k {perm = array<i64: 0, 2, 3, 1>} : tensor<2x3x3x8xf32> -> tensor<2x3x8x3xf32>
  %q3 = mlc_tensor.reshape %qt : tensor<2x3x3x8xf32> -> tensor<6x3x8xf32>
  %k3 = mlc_tensor.reshape %kt : tensor<2x3x8x3xf32> -> tensor<6x8x3xf32>
  %s = mlc_tensor.batch_matmul %q3, %k3 : tensor<6x3x8xf32>, tensor<6x8x3xf32> -> tensor<6x3x3xf32>
  %s4 = mlc_tensor.reshape %s : tensor<6x3x3xf32> -> tensor<2x3x3x3xf32>
  %bias = mlc_tensor.select %keep, %zero, %ninf : tensor<2x1x1x3xi1>, tensor<f32>, tensor<f32> -> tensor<2x1x1x3xf32>
  %x = mlc_tensor.add %s4, %bias : tensor<2x3x3x3xf32>, tensor<2x1x1x3xf32> -> tensor<2x3x3x3xf32>
  %p = mlc_tensor.softmax %x {axis = 3 : i64} : tensor<2x3x3x3xf32> -> tensor<2x3x3x3xf32>
  %masked = mlc_tensor.eq %x, %ninf : tensor<2x3x3x3xf32>, tensor<f32> -> tensor<2x3x3x3xi1>
  %kept = mlc_tensor.eq %masked, %false : tensor<2x3x3x3xi1>, tensor<i1> -> tensor<2x3x3x3xi1>
  %any = mlc_tensor.reduce_max %kept {axes = array<i64: 3>, keepdim} : tensor<2x3x3x3xi1> -> tensor<2x3x3x1xi1>
  %all = mlc_tensor.eq %any, %false : tensor<2x3x3x1xi1>, tensor<i1> -> tensor<2x3x3x1xi1>
  %pf = mlc_tensor.select %all, %zero, %p : tensor<2x3x3x1xi1>, tensor<f32>, tensor<2x3x3x3xf32> -> tensor<2x3x3x3xf32>
  %p3 = mlc_tensor.reshape %pf : tensor<2x3x3x3xf32> -> tensor<6x3x3xf32>
  %v3 = mlc_tensor.reshape %v : tensor<2x3x3x8xf32> -> tensor<6x3x8xf32>
  %o = mlc_tensor.batch_matmul %p3, %v3 : tensor<6x3x3xf32>, tensor<6x3x8xf32> -> tensor<6x3x8xf32>
  func.return %o : tensor<6x3x8xf32>
}

// Must not fuse: the scores are also returned (an intermediate with another user).
// CHECK-LABEL: func.func @scores_escape(
// CHECK-NOT:     mlc_tensor.fused
// CHECK:         func.return
func.func @scores_escape(%q: tensor<2x5x8xf32>, %k: tensor<2x8x5xf32>, %v: tensor<2x5x8xf32>) -> (tensor<2x5x8xf32>, tensor<2x5x5xf32>) {
  %s = mlc_tensor.batch_matmul %q, %k : tensor<2x5x8xf32>, tensor<2x8x5xf32> -> tensor<2x5x5xf32>
  %p = mlc_tensor.softmax %s {axis = 2 : i64} : tensor<2x5x5xf32> -> tensor<2x5x5xf32>
  %o = mlc_tensor.batch_matmul %p, %v : tensor<2x5x5xf32>, tensor<2x5x8xf32> -> tensor<2x5x8xf32>
  func.return %o, %s : tensor<2x5x8xf32>, tensor<2x5x5xf32>
}

// Must not fuse: softmax over the query axis, not the keys.
// CHECK-LABEL: func.func @softmax_over_queries(
// CHECK-NOT:     mlc_tensor.fused
// CHECK:         func.return
func.func @softmax_over_queries(%q: tensor<2x5x8xf32>, %k: tensor<2x8x5xf32>, %v: tensor<2x5x8xf32>) -> tensor<2x5x8xf32> {
  %s = mlc_tensor.batch_matmul %q, %k : tensor<2x5x8xf32>, tensor<2x8x5xf32> -> tensor<2x5x5xf32>
  %p = mlc_tensor.softmax %s {axis = 1 : i64} : tensor<2x5x5xf32> -> tensor<2x5x5xf32>
  %o = mlc_tensor.batch_matmul %p, %v : tensor<2x5x5xf32>, tensor<2x5x8xf32> -> tensor<2x5x8xf32>
  func.return %o : tensor<2x5x8xf32>
}

// Must not fuse: the probabilities are the product's rhs (p is not the lhs of the second product).
// CHECK-LABEL: func.func @probabilities_on_the_right(
// CHECK-NOT:     mlc_tensor.fused
// CHECK:         func.return
func.func @probabilities_on_the_right(%q: tensor<2x5x8xf32>, %k: tensor<2x8x5xf32>, %v: tensor<2x8x5xf32>) -> tensor<2x8x5xf32> {
  %s = mlc_tensor.batch_matmul %q, %k : tensor<2x5x8xf32>, tensor<2x8x5xf32> -> tensor<2x5x5xf32>
  %p = mlc_tensor.softmax %s {axis = 2 : i64} : tensor<2x5x5xf32> -> tensor<2x5x5xf32>
  %o = mlc_tensor.batch_matmul %v, %p : tensor<2x8x5xf32>, tensor<2x5x5xf32> -> tensor<2x8x5xf32>
  func.return %o : tensor<2x8x5xf32>
}

// Must not fuse: the scores of one batch entry are broadcast over the heads on the way to the
// softmax (the kernel walks one flat batch index through every space).
// CHECK-LABEL: func.func @scores_broadcast_over_heads(
// CHECK-NOT:     mlc_tensor.fused
// CHECK:         func.return
func.func @scores_broadcast_over_heads(%q: tensor<2x1x5x8xf32>, %k: tensor<2x1x8x5xf32>, %bias: tensor<2x3x5x5xf32>, %v: tensor<2x3x5x8xf32>) -> tensor<2x3x5x8xf32> {
  %s = mlc_tensor.batch_matmul %q, %k : tensor<2x1x5x8xf32>, tensor<2x1x8x5xf32> -> tensor<2x1x5x5xf32>
  %x = mlc_tensor.add %s, %bias : tensor<2x1x5x5xf32>, tensor<2x3x5x5xf32> -> tensor<2x3x5x5xf32>
  %p = mlc_tensor.softmax %x {axis = 3 : i64} : tensor<2x3x5x5xf32> -> tensor<2x3x5x5xf32>
  %o = mlc_tensor.batch_matmul %p, %v : tensor<2x3x5x5xf32>, tensor<2x3x5x8xf32> -> tensor<2x3x5x8xf32>
  func.return %o : tensor<2x3x5x8xf32>
}

// Must not fuse: a select after the softmax that is not the masked-row fix (its condition
// is an input, not all(x == -inf)).
// CHECK-LABEL: func.func @other_select(
// CHECK-NOT:     mlc_tensor.fused
// CHECK:         func.return
func.func @other_select(%q: tensor<2x5x8xf32>, %k: tensor<2x8x5xf32>, %v: tensor<2x5x8xf32>, %c: tensor<2x5x1xi1>) -> tensor<2x5x8xf32> {
  %zero = mlc_tensor.constant dense<0.0> : tensor<f32>
  %s = mlc_tensor.batch_matmul %q, %k : tensor<2x5x8xf32>, tensor<2x8x5xf32> -> tensor<2x5x5xf32>
  %p = mlc_tensor.softmax %s {axis = 2 : i64} : tensor<2x5x5xf32> -> tensor<2x5x5xf32>
  %pf = mlc_tensor.select %c, %zero, %p : tensor<2x5x1xi1>, tensor<f32>, tensor<2x5x5xf32> -> tensor<2x5x5xf32>
  %o = mlc_tensor.batch_matmul %pf, %v : tensor<2x5x5xf32>, tensor<2x5x8xf32> -> tensor<2x5x8xf32>
  func.return %o : tensor<2x5x8xf32>
}

{-#
  dialect_resources: {
    builtin: {
      ninf: "0x04000000000080FF"
    }
  }
#-}
