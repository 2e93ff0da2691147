// RUN: mlc-opt %s -p fuse-reductions --verify-each-numerics=0,0 | filecheck %s
// RUN: mlc-opt %s -p 'fuse-reductions{max-ops=3}' | filecheck %s --check-prefix=MAXOPS
// RUN: not mlc-opt %s -p 'fuse-reductions{max-ops=1}' 2>&1 | filecheck %s --check-prefix=ERROR

// ERROR: error: fuse-reductions: max-ops must be at least 2, got 1; give fuse-reductions{max-ops=2} or more

// softmax with its prologue (scale, causal mask from iotas: a [4, 4] mask broadcast over the
// heads) and its epilogue (cast); the splat constants are copied in.
// CHECK-LABEL: func.func @softmax_composite(
// CHECK-NEXT:    %[[F:.*]] = mlc_tensor.fused (%[[S:.*]] = %s) {kind = "reduction"} : (tensor<2x4x4xf32>) -> tensor<2x4x4xf16> {
// CHECK-NEXT:      %scale = mlc_tensor.constant dense<5.000000e-01> : tensor<1xf32>
// CHECK-NEXT:      %[[M0:.*]] = mlc_tensor.mul %[[S]], %scale
// CHECK-NEXT:      %r = mlc_tensor.iota
// CHECK-NEXT:      %c = mlc_tensor.iota
// CHECK-NEXT:      %m = mlc_tensor.ge %r, %c
// CHECK-NEXT:      %ninf = mlc_tensor.constant
// CHECK-NEXT:      %[[SEL:.*]] = mlc_tensor.select %m, %[[M0]], %ninf
// CHECK-NEXT:      %[[SM:.*]] = mlc_tensor.softmax %[[SEL]] {axis = 2 : i64}
// CHECK-NEXT:      %[[C:.*]] = mlc_tensor.cast %[[SM]]
// CHECK-NEXT:      mlc_tensor.yield %[[C]] : tensor<2x4x4xf16>
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %[[F]]
func.func @softmax_composite(%s: tensor<2x4x4xf32>) -> tensor<2x4x4xf16> {
  %scale = mlc_tensor.constant dense<0.5> : tensor<1xf32>
  %ninf = mlc_tensor.constant dense<-1.0e9> : tensor<1xf32>
  %0 = mlc_tensor.mul %s, %scale : tensor<2x4x4xf32>, tensor<1xf32> -> tensor<2x4x4xf32>
  %r = mlc_tensor.iota {dimension = 0 : i64} : tensor<4x4xi32>
  %c = mlc_tensor.iota {dimension = 1 : i64} : tensor<4x4xi32>
  %m = mlc_tensor.ge %r, %c : tensor<4x4xi32>, tensor<4x4xi32> -> tensor<4x4xi1>
  %1 = mlc_tensor.select %m, %0, %ninf : tensor<4x4xi1>, tensor<2x4x4xf32>, tensor<1xf32> -> tensor<2x4x4xf32>
  %2 = mlc_tensor.softmax %1 {axis = 2 : i64} : tensor<2x4x4xf32> -> tensor<2x4x4xf32>
  %3 = mlc_tensor.cast %2 : tensor<2x4x4xf32> -> tensor<2x4x4xf16>
  func.return %3 : tensor<2x4x4xf16>
}

// The decomposed softmax as the JAX importer writes it (reductions without keepdim, then
// reshapes that add the unit dim back) is one group with two reductions over the same rows.
// CHECK-LABEL: func.func @softmax_decomposed(
// CHECK-NEXT:    %[[F:.*]] = mlc_tensor.fused (%[[X:.*]] = %x) {kind = "reduction"} : (tensor<4x8xf32>) -> tensor<4x8xf32> {
// CHECK-NEXT:      mlc_tensor.reduce_max %[[X]]
// CHECK-NEXT:      mlc_tensor.reshape
// CHECK-NEXT:      mlc_tensor.sub
// CHECK-NEXT:      mlc_tensor.exp
// CHECK-NEXT:      mlc_tensor.reduce_sum
// CHECK-NEXT:      mlc_tensor.reshape
// CHECK-NEXT:      %[[D:.*]] = mlc_tensor.div
// CHECK-NEXT:      mlc_tensor.yield %[[D]]
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %[[F]]
func.func @softmax_decomposed(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = mlc_tensor.reduce_max %x {axes = array<i64: 1>} : tensor<4x8xf32> -> tensor<4xf32>
  %1 = mlc_tensor.reshape %0 : tensor<4xf32> -> tensor<4x1xf32>
  %2 = mlc_tensor.sub %x, %1 : tensor<4x8xf32>, tensor<4x1xf32> -> tensor<4x8xf32>
  %3 = mlc_tensor.exp %2 : tensor<4x8xf32> -> tensor<4x8xf32>
  %4 = mlc_tensor.reduce_sum %3 {axes = array<i64: 1>} : tensor<4x8xf32> -> tensor<4xf32>
  %5 = mlc_tensor.reshape %4 : tensor<4xf32> -> tensor<4x1xf32>
  %6 = mlc_tensor.div %3, %5 : tensor<4x8xf32>, tensor<4x1xf32> -> tensor<4x8xf32>
  func.return %6 : tensor<4x8xf32>
}

// Decomposed layer norm: mean, centred square, variance, rsqrt and the affine map in one group.
// CHECK-LABEL: func.func @layer_norm_decomposed(
// CHECK-NEXT:    %y = mlc_tensor.fused (%[[X:.*]] = %x, %[[W:.*]] = %w, %[[B:.*]] = %b) {kind = "reduction"}
// CHECK-NEXT:      %mean = mlc_tensor.reduce_mean %[[X]]
// CHECK-NEXT:      %d = mlc_tensor.sub %[[X]], %mean
// CHECK-NEXT:      %sq = mlc_tensor.mul %d, %d
// CHECK-NEXT:      %var = mlc_tensor.reduce_mean %sq
// CHECK-NEXT:      %eps = mlc_tensor.constant
// CHECK-NEXT:      %ve = mlc_tensor.add %var, %eps
// CHECK-NEXT:      %r = mlc_tensor.rsqrt %ve
// CHECK-NEXT:      %n = mlc_tensor.mul %d, %r
// CHECK-NEXT:      %nw = mlc_tensor.mul %n, %[[W]]
// CHECK-NEXT:      %[[Y:.*]] = mlc_tensor.add %nw, %[[B]]
// CHECK-NEXT:      mlc_tensor.yield %[[Y]]
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %y
// MAXOPS-LABEL: func.func @layer_norm_decomposed(
// MAXOPS-NEXT:    %d, %sq = mlc_tensor.fused (%{{.*}} = %x) {kind = "reduction"}
// MAXOPS-NEXT:      mlc_tensor.reduce_mean
// MAXOPS-NEXT:      mlc_tensor.sub
// MAXOPS-NEXT:      mlc_tensor.mul
// MAXOPS-NEXT:      mlc_tensor.yield
// MAXOPS-NEXT:    }
// MAXOPS-NEXT:    %r = mlc_tensor.fused (%{{.*}} = %sq) {kind = "reduction"}
// MAXOPS-NEXT:      mlc_tensor.reduce_mean
// MAXOPS-NEXT:      mlc_tensor.constant
// MAXOPS-NEXT:      mlc_tensor.add
// MAXOPS-NEXT:      mlc_tensor.rsqrt
// MAXOPS-NEXT:      mlc_tensor.yield
// MAXOPS-NEXT:    }
// MAXOPS-NEXT:    %n = mlc_tensor.mul %d, %r
// MAXOPS-NEXT:    %nw = mlc_tensor.mul %n, %w
// MAXOPS-NEXT:    %y = mlc_tensor.add %nw, %b
func.func @layer_norm_decomposed(%x: tensor<4x8xf32>, %w: tensor<8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %eps = mlc_tensor.constant dense<1.0e-5> : tensor<f32>
  %mean = mlc_tensor.reduce_mean %x {axes = array<i64: 1>, keepdim} : tensor<4x8xf32> -> tensor<4x1xf32>
  %d = mlc_tensor.sub %x, %mean : tensor<4x8xf32>, tensor<4x1xf32> -> tensor<4x8xf32>
  %sq = mlc_tensor.mul %d, %d : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  %var = mlc_tensor.reduce_mean %sq {axes = array<i64: 1>, keepdim} : tensor<4x8xf32> -> tensor<4x1xf32>
  %ve = mlc_tensor.add %var, %eps : tensor<4x1xf32>, tensor<f32> -> tensor<4x1xf32>
  %r = mlc_tensor.rsqrt %ve : tensor<4x1xf32> -> tensor<4x1xf32>
  %n = mlc_tensor.mul %d, %r : tensor<4x8xf32>, tensor<4x1xf32> -> tensor<4x8xf32>
  %nw = mlc_tensor.mul %n, %w : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  %y = mlc_tensor.add %nw, %b : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  func.return %y : tensor<4x8xf32>
}

// RMS norm: the x*x prologue joins (its only reader is the reduction).
// CHECK-LABEL: func.func @rms_norm(
// CHECK-NEXT:    %y = mlc_tensor.fused (%[[X:.*]] = %x, %[[W:.*]] = %w) {kind = "reduction"}
// CHECK-NEXT:      %sq = mlc_tensor.mul %[[X]], %[[X]]
// CHECK-NEXT:      %ms = mlc_tensor.reduce_mean %sq
// CHECK-NEXT:      %eps = mlc_tensor.constant
// CHECK-NEXT:      %a = mlc_tensor.add %ms, %eps
// CHECK-NEXT:      %r = mlc_tensor.rsqrt %a
// CHECK-NEXT:      %n = mlc_tensor.mul %[[X]], %r
// CHECK-NEXT:      %[[Y:.*]] = mlc_tensor.mul %n, %[[W]]
// CHECK-NEXT:      mlc_tensor.yield %[[Y]]
func.func @rms_norm(%x: tensor<4x8xf32>, %w: tensor<8xf32>) -> tensor<4x8xf32> {
  %eps = mlc_tensor.constant dense<1.0e-6> : tensor<f32>
  %sq = mlc_tensor.mul %x, %x : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  %ms = mlc_tensor.reduce_mean %sq {axes = array<i64: 1>, keepdim} : tensor<4x8xf32> -> tensor<4x1xf32>
  %a = mlc_tensor.add %ms, %eps : tensor<4x1xf32>, tensor<f32> -> tensor<4x1xf32>
  %r = mlc_tensor.rsqrt %a : tensor<4x1xf32> -> tensor<4x1xf32>
  %n = mlc_tensor.mul %x, %r : tensor<4x8xf32>, tensor<4x1xf32> -> tensor<4x8xf32>
  %y = mlc_tensor.mul %n, %w : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  func.return %y : tensor<4x8xf32>
}

// Mean and variance, both used outside: one group with two row-shaped outputs.
// CHECK-LABEL: func.func @mean_var(
// CHECK-NEXT:    %mean, %var = mlc_tensor.fused (%{{.*}} = %x) {kind = "reduction"} : (tensor<4x8xf32>) -> (tensor<4x1xf32>, tensor<4x1xf32>)
// CHECK-NEXT:      %[[M:.*]] = mlc_tensor.reduce_mean
// CHECK-NEXT:      mlc_tensor.sub
// CHECK-NEXT:      mlc_tensor.mul
// CHECK-NEXT:      %[[V:.*]] = mlc_tensor.reduce_mean
// CHECK-NEXT:      mlc_tensor.yield %[[M]], %[[V]]
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %mean, %var
func.func @mean_var(%x: tensor<4x8xf32>) -> (tensor<4x1xf32>, tensor<4x1xf32>) {
  %mean = mlc_tensor.reduce_mean %x {axes = array<i64: 1>, keepdim} : tensor<4x8xf32> -> tensor<4x1xf32>
  %d = mlc_tensor.sub %x, %mean : tensor<4x8xf32>, tensor<4x1xf32> -> tensor<4x8xf32>
  %sq = mlc_tensor.mul %d, %d : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  %var = mlc_tensor.reduce_mean %sq {axes = array<i64: 1>, keepdim} : tensor<4x8xf32> -> tensor<4x1xf32>
  func.return %mean, %var : tensor<4x1xf32>, tensor<4x1xf32>
}

// Composite layer_norm with a gelu epilogue. Negative: the residual add is also returned, so
// it is not a prologue (fuse-epilogue gets it with the contraction that produces it).
// CHECK-LABEL: func.func @layer_norm_residual(
// CHECK-NEXT:    %res = mlc_tensor.add %x, %h
// CHECK-NEXT:    %g = mlc_tensor.fused (%[[R:.*]] = %res, %[[W:.*]] = %w, %[[B:.*]] = %b) {kind = "reduction"}
// CHECK-NEXT:      %ln = mlc_tensor.layer_norm %[[R]] weight(%[[W]] : tensor<8xf32>) bias(%[[B]] : tensor<8xf32>)
// CHECK-NEXT:      %[[G:.*]] = mlc_tensor.gelu %ln
// CHECK-NEXT:      mlc_tensor.yield %[[G]]
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %res, %g
func.func @layer_norm_residual(%x: tensor<4x8xf32>, %h: tensor<4x8xf32>, %w: tensor<8xf32>, %b: tensor<8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %res = mlc_tensor.add %x, %h : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  %ln = mlc_tensor.layer_norm %res weight(%w : tensor<8xf32>) bias(%b : tensor<8xf32>) : tensor<4x8xf32> -> tensor<4x8xf32>
  %g = mlc_tensor.gelu %ln {approximate = "tanh"} : tensor<4x8xf32> -> tensor<4x8xf32>
  func.return %res, %g : tensor<4x8xf32>, tensor<4x8xf32>
}

// Negative: a reduction over other rows (axis 0 after axis 1) starts its own group.
// CHECK-LABEL: func.func @different_rows(
// CHECK-NEXT:    %[[A:.*]] = mlc_tensor.fused (%{{.*}} = %x) {kind = "reduction"} : (tensor<4x8xf32>) -> tensor<4x8xf32>
// CHECK-NEXT:      mlc_tensor.reduce_sum {{.*}} {axes = array<i64: 1>, keepdim}
// CHECK-NEXT:      mlc_tensor.div
// CHECK-NEXT:      mlc_tensor.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    %[[B:.*]] = mlc_tensor.fused (%{{.*}} = %[[A]]) {kind = "reduction"} : (tensor<4x8xf32>) -> tensor<8xf32>
// CHECK-NEXT:      mlc_tensor.reduce_max {{.*}} {axes = array<i64: 0>}
// CHECK-NEXT:      mlc_tensor.exp
// CHECK-NEXT:      mlc_tensor.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %[[B]]
func.func @different_rows(%x: tensor<4x8xf32>) -> tensor<8xf32> {
  %0 = mlc_tensor.reduce_sum %x {axes = array<i64: 1>, keepdim} : tensor<4x8xf32> -> tensor<4x1xf32>
  %1 = mlc_tensor.div %x, %0 : tensor<4x8xf32>, tensor<4x1xf32> -> tensor<4x8xf32>
  %2 = mlc_tensor.reduce_max %1 {axes = array<i64: 0>} : tensor<4x8xf32> -> tensor<8xf32>
  %3 = mlc_tensor.exp %2 : tensor<8xf32> -> tensor<8xf32>
  func.return %3 : tensor<8xf32>
}

// Negative: %z reads the group and a matmul of the group; it would close a cycle, so it stays out.
// CHECK-LABEL: func.func @no_cycle(
// CHECK-NEXT:    %y = mlc_tensor.fused (%{{.*}} = %x) {kind = "reduction"}
// CHECK-NEXT:      mlc_tensor.reduce_sum
// CHECK-NEXT:      mlc_tensor.sub
// CHECK-NEXT:      mlc_tensor.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    %m = mlc_tensor.matmul %y, %w
// CHECK-NEXT:    %z = mlc_tensor.add %y, %m
// CHECK-NEXT:    func.return %z
func.func @no_cycle(%x: tensor<4x4xf32>, %w: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %r = mlc_tensor.reduce_sum %x {axes = array<i64: 1>, keepdim} : tensor<4x4xf32> -> tensor<4x1xf32>
  %y = mlc_tensor.sub %x, %r : tensor<4x4xf32>, tensor<4x1xf32> -> tensor<4x4xf32>
  %m = mlc_tensor.matmul %y, %w : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  %z = mlc_tensor.add %y, %m : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  func.return %z : tensor<4x4xf32>
}

// Negative: %e is also returned, so it is not pulled in as a prologue.
// CHECK-LABEL: func.func @shared_prologue(
// CHECK-NEXT:    %e = mlc_tensor.exp %x
// CHECK-NEXT:    %n = mlc_tensor.fused (%[[E:.*]] = %e) {kind = "reduction"}
// CHECK-NEXT:      %s = mlc_tensor.softmax %[[E]]
// CHECK-NEXT:      mlc_tensor.neg %s
// CHECK-NEXT:      mlc_tensor.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %e, %n
func.func @shared_prologue(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %e = mlc_tensor.exp %x : tensor<4x8xf32> -> tensor<4x8xf32>
  %s = mlc_tensor.softmax %e {axis = 1 : i64} : tensor<4x8xf32> -> tensor<4x8xf32>
  %n = mlc_tensor.neg %s : tensor<4x8xf32> -> tensor<4x8xf32>
  func.return %e, %n : tensor<4x8xf32>, tensor<4x8xf32>
}

// Negative: the int8 mul stays out of the f16 softmax group; the f16 tanh joins it (and the
// add, reading both, would close a cycle through the mul).
// CHECK-LABEL: func.func @precision(
// CHECK-NEXT:    %s, %t = mlc_tensor.fused (%{{.*}} = %x) {kind = "reduction"}
// CHECK-NEXT:      mlc_tensor.softmax {{.*}}decision<f16
// CHECK-NEXT:      mlc_tensor.tanh {{.*}}decision<f16
// CHECK-NEXT:      mlc_tensor.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    %q = mlc_tensor.mul %s, %x {mlc_quant.decision = #mlc_quant.decision<int8
// CHECK-NEXT:    %y = mlc_tensor.add %q, %t
func.func @precision(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %s = mlc_tensor.softmax %x {axis = 1 : i64, mlc_quant.decision = #mlc_quant.decision<f16, reason = "tolerant">} : tensor<4x8xf32> -> tensor<4x8xf32>
  %q = mlc_tensor.mul %s, %x {mlc_quant.decision = #mlc_quant.decision<int8, reason = "budget">} : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  %t = mlc_tensor.tanh %s {mlc_quant.decision = #mlc_quant.decision<f16, reason = "tolerant">} : tensor<4x8xf32> -> tensor<4x8xf32>
  %y = mlc_tensor.add %q, %t : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  func.return %y : tensor<4x8xf32>
}
