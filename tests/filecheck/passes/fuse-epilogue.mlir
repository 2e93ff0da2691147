// RUN: mlc-opt %s -p fuse-epilogue --verify-each-numerics=0,0 | filecheck %s
// RUN: mlc-opt %s -p 'fuse-epilogue{max-ops=2}' | filecheck %s --check-prefix=MAXOPS
// RUN: not mlc-opt %s -p 'fuse-epilogue{max-ops=0}' 2>&1 | filecheck %s --check-prefix=ERROR

// ERROR: error: fuse-epilogue: max-ops must be at least 2, got 0; give fuse-epilogue{max-ops=2} or more

// linear (bias inside) + activation + residual add: one group, the residual an input.
// CHECK-LABEL: func.func @linear_gelu_residual(
// CHECK-NEXT:    %[[F:.*]] = mlc_tensor.fused (%[[X:.*]] = %x, %[[W:.*]] = %w, %[[B:.*]] = %b, %[[R:.*]] = %r) {kind = "epilogue"} : (tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32>, tensor<4x16xf32>) -> tensor<4x16xf32> {
// CHECK-NEXT:      %[[L:.*]] = mlc_tensor.linear %[[X]], %[[W]], %[[B]]
// CHECK-NEXT:      %[[G:.*]] = mlc_tensor.gelu %[[L]] {approximate = "tanh"}
// CHECK-NEXT:      %[[A:.*]] = mlc_tensor.add %[[G]], %[[R]]
// CHECK-NEXT:      mlc_tensor.yield %[[A]] : tensor<4x16xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %[[F]]
// MAXOPS-LABEL: func.func @linear_gelu_residual(
// MAXOPS-NEXT:    %[[F:.*]] = mlc_tensor.fused
// MAXOPS-NEXT:      mlc_tensor.linear
// MAXOPS-NEXT:      mlc_tensor.gelu
// MAXOPS-NEXT:      mlc_tensor.yield
// MAXOPS-NEXT:    }
// MAXOPS-NEXT:    mlc_tensor.add %[[F]], %r
func.func @linear_gelu_residual(%x: tensor<4x8xf32>, %w: tensor<16x8xf32>, %b: tensor<16xf32>, %r: tensor<4x16xf32>) -> tensor<4x16xf32> {
  %0 = mlc_tensor.linear %x, %w, %b : tensor<4x8xf32>, tensor<16x8xf32>, tensor<16xf32> -> tensor<4x16xf32>
  %1 = mlc_tensor.gelu %0 {approximate = "tanh"} : tensor<4x16xf32> -> tensor<4x16xf32>
  %2 = mlc_tensor.add %1, %r : tensor<4x16xf32>, tensor<4x16xf32> -> tensor<4x16xf32>
  func.return %2 : tensor<4x16xf32>
}

// matmul + broadcast bias add + relu.
// CHECK-LABEL: func.func @matmul_bias_relu(
// CHECK-NEXT:    mlc_tensor.fused (%[[X:.*]] = %x, %[[W:.*]] = %w, %[[B:.*]] = %b) {kind = "epilogue"}
// CHECK-NEXT:      %[[M:.*]] = mlc_tensor.matmul %[[X]], %[[W]]
// CHECK-NEXT:      %[[A:.*]] = mlc_tensor.add %[[M]], %[[B]] : tensor<4x16xf32>, tensor<16xf32> -> tensor<4x16xf32>
// CHECK-NEXT:      %[[R:.*]] = mlc_tensor.relu %[[A]]
// CHECK-NEXT:      mlc_tensor.yield %[[R]]
func.func @matmul_bias_relu(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %b: tensor<16xf32>) -> tensor<4x16xf32> {
  %0 = mlc_tensor.matmul %x, %w : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  %1 = mlc_tensor.add %0, %b : tensor<4x16xf32>, tensor<16xf32> -> tensor<4x16xf32>
  %2 = mlc_tensor.relu %1 : tensor<4x16xf32> -> tensor<4x16xf32>
  func.return %2 : tensor<4x16xf32>
}

// The broadcast of the bias only feeds the epilogue, so it joins (it is not a prologue).
// CHECK-LABEL: func.func @bias_producer(
// CHECK-NEXT:    mlc_tensor.fused (%[[X:.*]] = %x, %[[W:.*]] = %w, %[[B:.*]] = %b) {kind = "epilogue"}
// CHECK-NEXT:      %[[M:.*]] = mlc_tensor.matmul %[[X]], %[[W]]
// CHECK-NEXT:      %bb = mlc_tensor.broadcast_to %[[B]]
// CHECK-NEXT:      %[[A:.*]] = mlc_tensor.add %[[M]], %bb
// CHECK-NEXT:      mlc_tensor.yield %[[A]]
func.func @bias_producer(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %b: tensor<16xf32>) -> tensor<4x16xf32> {
  %0 = mlc_tensor.matmul %x, %w : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  %bb = mlc_tensor.broadcast_to %b : tensor<16xf32> -> tensor<4x16xf32>
  %1 = mlc_tensor.add %0, %bb : tensor<4x16xf32>, tensor<4x16xf32> -> tensor<4x16xf32>
  func.return %1 : tensor<4x16xf32>
}

// conv2d + inference batch_norm (per-channel affine) + relu; the pooling stays out.
// CHECK-LABEL: func.func @conv_bn_relu(
// CHECK-NEXT:    %r = mlc_tensor.fused (%{{.*}} = %x, %{{.*}} = %w, %{{.*}} = %s, %{{.*}} = %t, %{{.*}} = %m, %{{.*}} = %v) {kind = "epilogue"}
// CHECK-NEXT:      %c = mlc_tensor.conv2d
// CHECK-NEXT:      %bn = mlc_tensor.batch_norm %c
// CHECK-NEXT:      %[[R:.*]] = mlc_tensor.relu %bn
// CHECK-NEXT:      mlc_tensor.yield %[[R]]
// CHECK-NEXT:    }
// CHECK-NEXT:    %p = mlc_tensor.max_pool2d %r
func.func @conv_bn_relu(%x: tensor<1x2x6x6xf32>, %w: tensor<4x2x3x3xf32>, %s: tensor<4xf32>, %t: tensor<4xf32>, %m: tensor<4xf32>, %v: tensor<4xf32>) -> tensor<1x4x2x2xf32> {
  %c = mlc_tensor.conv2d %x, %w : tensor<1x2x6x6xf32>, tensor<4x2x3x3xf32> -> tensor<1x4x4x4xf32>
  %bn = mlc_tensor.batch_norm %c scale %s bias %t mean %m var %v : tensor<1x4x4x4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32> -> tensor<1x4x4x4xf32>
  %r = mlc_tensor.relu %bn : tensor<1x4x4x4xf32> -> tensor<1x4x4x4xf32>
  %p = mlc_tensor.max_pool2d %r {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x4x4x4xf32> -> tensor<1x4x2x2xf32>
  func.return %p : tensor<1x4x2x2xf32>
}

// batch_matmul + scaling by a splat constant (copied in) + cast to bf16.
// CHECK-LABEL: func.func @scale_cast(
// CHECK-NEXT:    mlc_tensor.fused (%[[Q:.*]] = %q, %[[K:.*]] = %k) {kind = "epilogue"} : (tensor<2x4x8xf32>, tensor<2x8x4xf32>) -> tensor<2x4x4xbf16>
// CHECK-NEXT:      %[[M:.*]] = mlc_tensor.batch_matmul %[[Q]], %[[K]]
// CHECK-NEXT:      %scale = mlc_tensor.constant dense<1.250000e-01> : tensor<f32>
// CHECK-NEXT:      %[[S:.*]] = mlc_tensor.mul %[[M]], %scale
// CHECK-NEXT:      %[[C:.*]] = mlc_tensor.cast %[[S]] : tensor<2x4x4xf32> -> tensor<2x4x4xbf16>
// CHECK-NEXT:      mlc_tensor.yield %[[C]]
func.func @scale_cast(%q: tensor<2x4x8xf32>, %k: tensor<2x8x4xf32>) -> tensor<2x4x4xbf16> {
  %scale = mlc_tensor.constant dense<0.125> : tensor<f32>
  %0 = mlc_tensor.batch_matmul %q, %k : tensor<2x4x8xf32>, tensor<2x8x4xf32> -> tensor<2x4x4xf32>
  %1 = mlc_tensor.mul %0, %scale : tensor<2x4x4xf32>, tensor<f32> -> tensor<2x4x4xf32>
  %2 = mlc_tensor.cast %1 : tensor<2x4x4xf32> -> tensor<2x4x4xbf16>
  func.return %2 : tensor<2x4x4xbf16>
}

// The matmul result is also read by another matmul: it becomes a second output.
// CHECK-LABEL: func.func @multi_use(
// CHECK-NEXT:    %[[M0:.*]], %[[R0:.*]] = mlc_tensor.fused (%{{.*}} = %x, %{{.*}} = %w) {kind = "epilogue"} : (tensor<4x4xf32>, tensor<4x4xf32>) -> (tensor<4x4xf32>, tensor<4x4xf32>)
// CHECK-NEXT:      %[[M:.*]] = mlc_tensor.matmul
// CHECK-NEXT:      %[[R:.*]] = mlc_tensor.relu %[[M]]
// CHECK-NEXT:      mlc_tensor.yield %[[M]], %[[R]]
// CHECK-NEXT:    }
// CHECK-NEXT:    mlc_tensor.matmul %[[M0]], %[[R0]]
func.func @multi_use(%x: tensor<4x4xf32>, %w: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = mlc_tensor.matmul %x, %w : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  %1 = mlc_tensor.relu %0 : tensor<4x4xf32> -> tensor<4x4xf32>
  %2 = mlc_tensor.matmul %0, %1 : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  func.return %2 : tensor<4x4xf32>
}

// Negative: an elementwise producer of the matmul's input is a prologue: not fused, and a
// contraction without an epilogue stays a plain op.
// CHECK-LABEL: func.func @no_prologue(
// CHECK-NEXT:    %0 = mlc_tensor.relu %x
// CHECK-NEXT:    %1 = mlc_tensor.matmul %0, %w
// CHECK-NEXT:    func.return %1
func.func @no_prologue(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>) -> tensor<4x16xf32> {
  %0 = mlc_tensor.relu %x : tensor<4x8xf32> -> tensor<4x8xf32>
  %1 = mlc_tensor.matmul %0, %w : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  func.return %1 : tensor<4x16xf32>
}

// Negative: %s reads %y and a matmul of %y, so it cannot join %y's group (cycle); it joins
// the second matmul's. No matmul is duplicated.
// CHECK-LABEL: func.func @no_duplicate(
// CHECK-NEXT:    %y = mlc_tensor.matmul %x, %w1
// CHECK-NEXT:    %s = mlc_tensor.fused (%[[Y:.*]] = %y, %[[W:.*]] = %w2) {kind = "epilogue"}
// CHECK-NEXT:      %z = mlc_tensor.matmul %[[Y]], %[[W]]
// CHECK-NEXT:      mlc_tensor.add %[[Y]], %z
// CHECK-NEXT:      mlc_tensor.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %s
// CHECK-NOT:     mlc_tensor.matmul
func.func @no_duplicate(%x: tensor<4x4xf32>, %w1: tensor<4x4xf32>, %w2: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %y = mlc_tensor.matmul %x, %w1 : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  %z = mlc_tensor.matmul %y, %w2 : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  %s = mlc_tensor.add %y, %z : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  func.return %s : tensor<4x4xf32>
}

// Two contractions feeding one add: the add joins the first; the second is an input.
// CHECK-LABEL: func.func @two_contractions(
// CHECK-NEXT:    %b = mlc_tensor.matmul %x, %w2
// CHECK-NEXT:    %t = mlc_tensor.fused (%{{.*}} = %x, %{{.*}} = %w1, %[[B:.*]] = %b) {kind = "epilogue"}
// CHECK-NEXT:      %a = mlc_tensor.matmul
// CHECK-NEXT:      %s = mlc_tensor.add %a, %[[B]]
// CHECK-NEXT:      mlc_tensor.tanh %s
// CHECK-NEXT:      mlc_tensor.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %t
func.func @two_contractions(%x: tensor<4x4xf32>, %w1: tensor<4x4xf32>, %w2: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %a = mlc_tensor.matmul %x, %w1 : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  %b = mlc_tensor.matmul %x, %w2 : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  %s = mlc_tensor.add %a, %b : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  %t = mlc_tensor.tanh %s : tensor<4x4xf32> -> tensor<4x4xf32>
  func.return %t : tensor<4x4xf32>
}

// Negative: an int8 linear and an f16 relu (precision decisions differ) stay apart.
// CHECK-LABEL: func.func @precision(
// CHECK-NEXT:    %0 = mlc_tensor.linear %x, %w {mlc_quant.decision = #mlc_quant.decision<int8
// CHECK-NEXT:    %1 = mlc_tensor.relu %0 {mlc_quant.decision = #mlc_quant.decision<f16
// CHECK-NEXT:    func.return %1
func.func @precision(%x: tensor<4x8xf32>, %w: tensor<16x8xf32>) -> tensor<4x16xf32> {
  %0 = mlc_tensor.linear %x, %w {mlc_quant.decision = #mlc_quant.decision<int8, sqnr = 31.2 dB, reason = "within budget">} : tensor<4x8xf32>, tensor<16x8xf32> -> tensor<4x16xf32>
  %1 = mlc_tensor.relu %0 {mlc_quant.decision = #mlc_quant.decision<f16, reason = "sensitive">} : tensor<4x16xf32> -> tensor<4x16xf32>
  func.return %1 : tensor<4x16xf32>
}

// The same decision on both: fused.
// CHECK-LABEL: func.func @same_precision(
// CHECK-NEXT:    mlc_tensor.fused
// CHECK-NEXT:      mlc_tensor.linear {{.*}}decision<int8
// CHECK-NEXT:      mlc_tensor.relu {{.*}}decision<int8
// CHECK-NEXT:      mlc_tensor.yield
func.func @same_precision(%x: tensor<4x8xf32>, %w: tensor<16x8xf32>) -> tensor<4x16xf32> {
  %0 = mlc_tensor.linear %x, %w {mlc_quant.decision = #mlc_quant.decision<int8, reason = "within budget">} : tensor<4x8xf32>, tensor<16x8xf32> -> tensor<4x16xf32>
  %1 = mlc_tensor.relu %0 {mlc_quant.decision = #mlc_quant.decision<int8, reason = "within budget">} : tensor<4x16xf32> -> tensor<4x16xf32>
  func.return %1 : tensor<4x16xf32>
}

// Negative: an add that broadcasts the result to a larger shape is not an epilogue of the tile.
// CHECK-LABEL: func.func @wider_epilogue(
// CHECK-NEXT:    %0 = mlc_tensor.matmul %x, %w
// CHECK-NEXT:    %1 = mlc_tensor.add %0, %r
// CHECK-NEXT:    func.return %1
func.func @wider_epilogue(%x: tensor<4x8xf32>, %w: tensor<8x16xf32>, %r: tensor<2x4x16xf32>) -> tensor<2x4x16xf32> {
  %0 = mlc_tensor.matmul %x, %w : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  %1 = mlc_tensor.add %0, %r : tensor<4x16xf32>, tensor<2x4x16xf32> -> tensor<2x4x16xf32>
  func.return %1 : tensor<2x4x16xf32>
}

// ===== mlc_quant =====

// A W8A8 MLP: each quantized linear layer is one group. Layer 1 takes its activation quantize
// as a prologue (its A tiles compute it) and its storage_cast, dequantize, bias and relu as
// its epilogue; the next layer's quantize (no decision on either: nothing to keep apart)
// joins layer 1 too, so the kernel writes int8. Layer 2 is the matmul and its dequantize.
// CHECK-LABEL: func.func @w8a8_layers(
// CHECK:         %[[Q2:.*]] = mlc_tensor.fused (%[[X:.*]] = %x, %[[W1:.*]] = %w1, %[[B:.*]] = %b) {kind = "epilogue"} : (tensor<2x8xf32>, tensor<4x8x!mlc_quant.uniform<{{.*}}>>, tensor<4xf32>) -> tensor<2x4x!mlc_quant.uniform<i8:f32, 0.1>> {
// CHECK-NEXT:      %q = mlc_quant.quantize %[[X]]
// CHECK-NEXT:      %s = mlc_quant.matmul %q, %[[W1]]
// CHECK-NEXT:      %c = mlc_quant.storage_cast %s
// CHECK-NEXT:      %d = mlc_quant.dequantize %c
// CHECK-NEXT:      %h = mlc_tensor.add %d, %[[B]]
// CHECK-NEXT:      %r = mlc_tensor.relu %h
// CHECK-NEXT:      %[[Q:.*]] = mlc_quant.quantize %r
// CHECK-NEXT:      mlc_tensor.yield %[[Q]]
// CHECK-NEXT:    }
// CHECK-NEXT:    %y = mlc_tensor.fused (%[[A:.*]] = %[[Q2]], %[[W2:.*]] = %w2) {kind = "epilogue"}
// CHECK-NEXT:      %s2 = mlc_quant.matmul %[[A]], %[[W2]]
// CHECK-NEXT:      %c2 = mlc_quant.storage_cast %s2
// CHECK-NEXT:      %[[Y:.*]] = mlc_quant.dequantize %c2
// CHECK-NEXT:      mlc_tensor.yield %[[Y]]
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %y
func.func @w8a8_layers(%x: tensor<2x8xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  %w1 = mlc_quant.constant dense<[[1, -2, 3, -4, 5, -6, 7, -8], [9, 10, -11, 12, -13, 14, 15, -16], [17, -18, 19, 20, -21, 22, -23, 24], [-25, 26, 27, -28, 29, -30, 31, 32]]> : tensor<4x8xi8> -> tensor<4x8x!mlc_quant.uniform<i8<-127:127>:f32, 0.02>>
  %w2 = mlc_quant.constant dense<[[3, -1, 4, 1], [-5, 9, 2, -6], [5, 3, -5, 8]]> : tensor<3x4xi8> -> tensor<3x4x!mlc_quant.uniform<i8<-127:127>:f32, 0.03>>
  %q = mlc_quant.quantize %x : tensor<2x8xf32> -> tensor<2x8x!mlc_quant.uniform<i8:f32, 0.05>>
  %s = mlc_quant.matmul %q, %w1 : tensor<2x8x!mlc_quant.uniform<i8:f32, 0.05>>, tensor<4x8x!mlc_quant.uniform<i8<-127:127>:f32, 0.02>> -> tensor<2x4xi32>
  %c = mlc_quant.storage_cast %s : tensor<2x4xi32> -> tensor<2x4x!mlc_quant.uniform<i32:f32, 0.001>>
  %d = mlc_quant.dequantize %c : tensor<2x4x!mlc_quant.uniform<i32:f32, 0.001>> -> tensor<2x4xf32>
  %h = mlc_tensor.add %d, %b : tensor<2x4xf32>, tensor<4xf32> -> tensor<2x4xf32>
  %r = mlc_tensor.relu %h : tensor<2x4xf32> -> tensor<2x4xf32>
  %q2 = mlc_quant.quantize %r : tensor<2x4xf32> -> tensor<2x4x!mlc_quant.uniform<i8:f32, 0.1>>
  %s2 = mlc_quant.matmul %q2, %w2 : tensor<2x4x!mlc_quant.uniform<i8:f32, 0.1>>, tensor<3x4x!mlc_quant.uniform<i8<-127:127>:f32, 0.03>> -> tensor<2x3xi32>
  %c2 = mlc_quant.storage_cast %s2 : tensor<2x3xi32> -> tensor<2x3x!mlc_quant.uniform<i32:f32, 0.003>>
  %y = mlc_quant.dequantize %c2 : tensor<2x3x!mlc_quant.uniform<i32:f32, 0.003>> -> tensor<2x3xf32>
  func.return %y : tensor<2x3xf32>
}

// Fusion stops at a precision boundary: layer 2 (decision sparse24_int8) does not give its
// activation quantize to layer 1 (int8); the quantize is layer 2's prologue instead, and the
// undecided bias and relu stay in layer 1's epilogue.
// CHECK-LABEL: func.func @decision_boundary(
// CHECK:         %r = mlc_tensor.fused (%{{.*}} = %x, %{{.*}} = %w1, %{{.*}} = %b) {kind = "epilogue"}
// CHECK-NEXT:      mlc_quant.quantize {{.*}}decision<int8
// CHECK-NEXT:      mlc_quant.matmul {{.*}}decision<int8
// CHECK-NEXT:      mlc_quant.storage_cast {{.*}}decision<int8
// CHECK-NEXT:      mlc_quant.dequantize {{.*}}decision<int8
// CHECK-NEXT:      mlc_tensor.add
// CHECK-NEXT:      mlc_tensor.relu
// CHECK-NEXT:      mlc_tensor.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    %y = mlc_tensor.fused (%[[R:.*]] = %r, %{{.*}} = %w2) {kind = "epilogue"}
// CHECK-NEXT:      %q2 = mlc_quant.quantize %[[R]] {{.*}}decision<sparse24_int8
// CHECK-NEXT:      mlc_quant.matmul %q2, {{.*}}decision<sparse24_int8
// CHECK-NEXT:      mlc_quant.storage_cast {{.*}}decision<sparse24_int8
// CHECK-NEXT:      mlc_quant.dequantize {{.*}}decision<sparse24_int8
// CHECK-NEXT:      mlc_tensor.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %y
func.func @decision_boundary(%x: tensor<2x8xf32>, %b: tensor<4xf32>) -> tensor<2x3xf32> {
  %w1 = mlc_quant.constant dense<[[1, -2, 3, -4, 5, -6, 7, -8], [9, 10, -11, 12, -13, 14, 15, -16], [17, -18, 19, 20, -21, 22, -23, 24], [-25, 26, 27, -28, 29, -30, 31, 32]]> : tensor<4x8xi8> -> tensor<4x8x!mlc_quant.uniform<i8<-127:127>:f32, 0.02>>
  %w2 = mlc_quant.constant dense<[[3, -1, 4, 1], [-5, 9, 2, -6], [5, 3, -5, 8]]> : tensor<3x4xi8> -> tensor<3x4x!mlc_quant.uniform<i8<-127:127>:f32, 0.03>>
  %q = mlc_quant.quantize %x {mlc_quant.decision = #mlc_quant.decision<int8, reason = "within budget">} : tensor<2x8xf32> -> tensor<2x8x!mlc_quant.uniform<i8:f32, 0.05>>
  %s = mlc_quant.matmul %q, %w1 {mlc_quant.decision = #mlc_quant.decision<int8, reason = "within budget">} : tensor<2x8x!mlc_quant.uniform<i8:f32, 0.05>>, tensor<4x8x!mlc_quant.uniform<i8<-127:127>:f32, 0.02>> -> tensor<2x4xi32>
  %c = mlc_quant.storage_cast %s {mlc_quant.decision = #mlc_quant.decision<int8, reason = "within budget">} : tensor<2x4xi32> -> tensor<2x4x!mlc_quant.uniform<i32:f32, 0.001>>
  %d = mlc_quant.dequantize %c {mlc_quant.decision = #mlc_quant.decision<int8, reason = "within budget">} : tensor<2x4x!mlc_quant.uniform<i32:f32, 0.001>> -> tensor<2x4xf32>
  %h = mlc_tensor.add %d, %b : tensor<2x4xf32>, tensor<4xf32> -> tensor<2x4xf32>
  %r = mlc_tensor.relu %h : tensor<2x4xf32> -> tensor<2x4xf32>
  %q2 = mlc_quant.quantize %r {mlc_quant.decision = #mlc_quant.decision<sparse24_int8, reason = "within budget">} : tensor<2x4xf32> -> tensor<2x4x!mlc_quant.uniform<i8:f32, 0.1>>
  %s2 = mlc_quant.matmul %q2, %w2 {mlc_quant.decision = #mlc_quant.decision<sparse24_int8, reason = "within budget">} : tensor<2x4x!mlc_quant.uniform<i8:f32, 0.1>>, tensor<3x4x!mlc_quant.uniform<i8<-127:127>:f32, 0.03>> -> tensor<2x3xi32>
  %c2 = mlc_quant.storage_cast %s2 {mlc_quant.decision = #mlc_quant.decision<sparse24_int8, reason = "within budget">} : tensor<2x3xi32> -> tensor<2x3x!mlc_quant.uniform<i32:f32, 0.003>>
  %y = mlc_quant.dequantize %c2 {mlc_quant.decision = #mlc_quant.decision<sparse24_int8, reason = "within budget">} : tensor<2x3x!mlc_quant.uniform<i32:f32, 0.003>> -> tensor<2x3xf32>
  func.return %y : tensor<2x3xf32>
}

// Negative: only the quantize is a prologue; the neg feeding it is read at operand tiles,
// not at the output tile, so it stays out (though its shape is the output's).
// CHECK-LABEL: func.func @prologue_producer(
// CHECK:         %n = mlc_tensor.neg %x
// CHECK-NEXT:    %y = mlc_tensor.fused (%[[N:.*]] = %n, %{{.*}} = %w) {kind = "epilogue"}
// CHECK-NEXT:      mlc_quant.quantize %[[N]]

// Negative: a quantize two matmuls read is no one's prologue (it would be computed twice),
// and matmuls without an epilogue stay plain ops.
// CHECK-LABEL: func.func @shared_quantize(
// CHECK:         %q = mlc_quant.quantize %x
// CHECK-NEXT:    %a = mlc_quant.matmul %q, %w
// CHECK-NEXT:    %b = mlc_quant.matmul %q, %w
// CHECK-NEXT:    func.return %a, %b

// Weight-only int8 (per-channel scales) + bias + gelu: one group.
// CHECK-LABEL: func.func @weight_only_bias_gelu(
// CHECK:         %g = mlc_tensor.fused (%[[X:.*]] = %x, %[[W:.*]] = %w, %[[B:.*]] = %b) {kind = "epilogue"}
// CHECK-NEXT:      %m = mlc_quant.weight_only_matmul %[[X]], %[[W]]
// CHECK-NEXT:      %h = mlc_tensor.add %m, %[[B]]
// CHECK-NEXT:      %[[G:.*]] = mlc_tensor.gelu %h
// CHECK-NEXT:      mlc_tensor.yield %[[G]]
func.func @prologue_producer(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %w = mlc_quant.constant dense<[[1, -2, 3, -4], [5, -6, 7, -8], [9, 10, -11, 12], [-13, 14, 15, -16]]> : tensor<4x4xi8> -> tensor<4x4x!mlc_quant.uniform<i8<-127:127>:f32, 0.02>>
  %n = mlc_tensor.neg %x : tensor<4x4xf32> -> tensor<4x4xf32>
  %q = mlc_quant.quantize %n : tensor<4x4xf32> -> tensor<4x4x!mlc_quant.uniform<i8:f32, 0.05>>
  %s = mlc_quant.matmul %q, %w : tensor<4x4x!mlc_quant.uniform<i8:f32, 0.05>>, tensor<4x4x!mlc_quant.uniform<i8<-127:127>:f32, 0.02>> -> tensor<4x4xi32>
  %c = mlc_quant.storage_cast %s : tensor<4x4xi32> -> tensor<4x4x!mlc_quant.uniform<i32:f32, 0.001>>
  %y = mlc_quant.dequantize %c : tensor<4x4x!mlc_quant.uniform<i32:f32, 0.001>> -> tensor<4x4xf32>
  func.return %y : tensor<4x4xf32>
}

func.func @shared_quantize(%x: tensor<2x8xf32>) -> (tensor<2x4xi32>, tensor<2x4xi32>) {
  %w = mlc_quant.constant dense<[[1, -2, 3, -4, 5, -6, 7, -8], [9, 10, -11, 12, -13, 14, 15, -16], [17, -18, 19, 20, -21, 22, -23, 24], [-25, 26, 27, -28, 29, -30, 31, 32]]> : tensor<4x8xi8> -> tensor<4x8x!mlc_quant.uniform<i8<-127:127>:f32, 0.02>>
  %q = mlc_quant.quantize %x : tensor<2x8xf32> -> tensor<2x8x!mlc_quant.uniform<i8:f32, 0.05>>
  %a = mlc_quant.matmul %q, %w : tensor<2x8x!mlc_quant.uniform<i8:f32, 0.05>>, tensor<4x8x!mlc_quant.uniform<i8<-127:127>:f32, 0.02>> -> tensor<2x4xi32>
  %b = mlc_quant.matmul %q, %w : tensor<2x8x!mlc_quant.uniform<i8:f32, 0.05>>, tensor<4x8x!mlc_quant.uniform<i8<-127:127>:f32, 0.02>> -> tensor<2x4xi32>
  func.return %a, %b : tensor<2x4xi32>, tensor<2x4xi32>
}

func.func @weight_only_bias_gelu(%x: tensor<2x8xf32>, %b: tensor<4xf32>) -> tensor<2x4xf32> {
  %w = mlc_quant.constant dense<[[1, -2, 3, -4, 5, -6, 7, -8], [9, 10, -11, 12, -13, 14, 15, -16], [17, -18, 19, 20, -21, 22, -23, 24], [-25, 26, 27, -28, 29, -30, 31, 32]]> : tensor<4x8xi8> -> tensor<4x8x!mlc_quant.uniform<i8<-127:127>:f32:0, {0.02, 0.03, 0.01, 0.04}>>
  %m = mlc_quant.weight_only_matmul %x, %w : tensor<2x8xf32>, tensor<4x8x!mlc_quant.uniform<i8<-127:127>:f32:0, {0.02, 0.03, 0.01, 0.04}>> -> tensor<2x4xf32>
  %h = mlc_tensor.add %m, %b : tensor<2x4xf32>, tensor<4xf32> -> tensor<2x4xf32>
  %g = mlc_tensor.gelu %h {approximate = "tanh"} : tensor<2x4xf32> -> tensor<2x4xf32>
  func.return %g : tensor<2x4xf32>
}
