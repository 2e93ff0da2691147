// RUN: mlc-opt %s -p fuse-elementwise --verify-each-numerics=0,0 | filecheck %s
// RUN: mlc-opt %s -p 'fuse-elementwise{recompute=false}' | filecheck %s --check-prefix=NORECOMPUTE
// RUN: mlc-opt %s -p 'fuse-elementwise{max-recompute=0}' | filecheck %s --check-prefix=NORECOMPUTE
// RUN: mlc-opt %s -p 'fuse-elementwise{max-ops=2}' | filecheck %s --check-prefix=MAXOPS
// RUN: not mlc-opt %s -p 'fuse-elementwise{max-ops=1}' 2>&1 | filecheck %s --check-prefix=ERROR
// RUN: not mlc-opt %s -p 'fuse-elementwise{max-recompute=-1}' 2>&1 | filecheck %s --check-prefix=ERROR-RECOMPUTE

// ERROR: error: fuse-elementwise: max-ops must be at least 2, got 1; give fuse-elementwise{max-ops=2} or more
// ERROR-RECOMPUTE: error: fuse-elementwise: max-recompute must be at least 0, got -1; give fuse-elementwise{max-recompute=0} or more

// A chain with a broadcast operand; the splat constant is copied into the group.
// CHECK-LABEL: func.func @chain(
// CHECK-NEXT:    %[[F:.*]] = mlc_tensor.fused (%[[X:.*]] = %x, %[[B:.*]] = %b) {kind = "elementwise"} : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32> {
// CHECK-NEXT:      %[[ADD:.*]] = mlc_tensor.add %[[X]], %[[B]] : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
// CHECK-NEXT:      %[[TWO:.*]] = mlc_tensor.constant dense<2.000000e+00> : tensor<4x8xf32>
// CHECK-NEXT:      %[[MUL:.*]] = mlc_tensor.mul %[[ADD]], %[[TWO]]
// CHECK-NEXT:      %[[TANH:.*]] = mlc_tensor.tanh %[[MUL]]
// CHECK-NEXT:      mlc_tensor.yield %[[TANH]] : tensor<4x8xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %[[F]] : tensor<4x8xf32>
func.func @chain(%x: tensor<4x8xf32>, %b: tensor<8xf32>) -> tensor<4x8xf32> {
  %two = mlc_tensor.constant dense<2.0> : tensor<4x8xf32>
  %0 = mlc_tensor.add %x, %b : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  %1 = mlc_tensor.mul %0, %two : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  %2 = mlc_tensor.tanh %1 : tensor<4x8xf32> -> tensor<4x8xf32>
  func.return %2 : tensor<4x8xf32>
}

// A diamond (exp used twice, joined again by div) is one group; exp is not duplicated.
// CHECK-LABEL: func.func @diamond(
// CHECK-NEXT:    %c = mlc_tensor.fused (%[[X:.*]] = %x) {kind = "elementwise"}
// CHECK-NEXT:      %e = mlc_tensor.exp %[[X]]
// CHECK-NEXT:      %one = mlc_tensor.constant dense<1.000000e+00> : tensor<f32>
// CHECK-NEXT:      %a = mlc_tensor.add %e, %one
// CHECK-NEXT:      %b = mlc_tensor.mul %e, %[[X]]
// CHECK-NEXT:      %[[C:.*]] = mlc_tensor.div %a, %b
// CHECK-NEXT:      mlc_tensor.yield %[[C]]
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %c
func.func @diamond(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %one = mlc_tensor.constant dense<1.0> : tensor<f32>
  %e = mlc_tensor.exp %x : tensor<4x8xf32> -> tensor<4x8xf32>
  %a = mlc_tensor.add %e, %one : tensor<4x8xf32>, tensor<f32> -> tensor<4x8xf32>
  %b = mlc_tensor.mul %e, %x : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  %c = mlc_tensor.div %a, %b : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  func.return %c : tensor<4x8xf32>
}

// broadcast_to joins; row and column operands of other shapes are read as inputs.
// CHECK-LABEL: func.func @broadcast_operands(
// CHECK-NEXT:    mlc_tensor.fused (%[[C:.*]] = %col, %[[X:.*]] = %x, %[[R:.*]] = %row) {kind = "elementwise"} : (tensor<8xf32>, tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32> {
// CHECK-NEXT:      %[[BC:.*]] = mlc_tensor.broadcast_to %[[C]] : tensor<8xf32> -> tensor<4x8xf32>
// CHECK-NEXT:      %[[S:.*]] = mlc_tensor.sub %[[X]], %[[R]]
// CHECK-NEXT:      mlc_tensor.mul %[[S]], %[[BC]]
// CHECK-NEXT:      mlc_tensor.yield
func.func @broadcast_operands(%x: tensor<4x8xf32>, %row: tensor<4x1xf32>, %col: tensor<8xf32>) -> tensor<4x8xf32> {
  %0 = mlc_tensor.broadcast_to %col : tensor<8xf32> -> tensor<4x8xf32>
  %1 = mlc_tensor.sub %x, %row : tensor<4x8xf32>, tensor<4x1xf32> -> tensor<4x8xf32>
  %2 = mlc_tensor.mul %1, %0 : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  func.return %2 : tensor<4x8xf32>
}

// iota, compare, select and cast: the mask is computed in the kernel, never read.
// CHECK-LABEL: func.func @causal_mask(
// CHECK-NEXT:    %h = mlc_tensor.fused (%[[S:.*]] = %s) {kind = "elementwise"} : (tensor<4x4xf32>) -> tensor<4x4xf16> {
// CHECK-NEXT:      %r = mlc_tensor.iota : tensor<4x4xi32>
// CHECK-NEXT:      %c = mlc_tensor.iota {dimension = 1 : i64} : tensor<4x4xi32>
// CHECK-NEXT:      %m = mlc_tensor.ge %r, %c
// CHECK-NEXT:      %ninf = mlc_tensor.constant dense<-1.000000e+09> : tensor<1xf32>
// CHECK-NEXT:      %y = mlc_tensor.select %m, %[[S]], %ninf
// CHECK-NEXT:      %[[H:.*]] = mlc_tensor.cast %y : tensor<4x4xf32> -> tensor<4x4xf16>
// CHECK-NEXT:      mlc_tensor.yield %[[H]] : tensor<4x4xf16>
func.func @causal_mask(%s: tensor<4x4xf32>) -> tensor<4x4xf16> {
  %ninf = mlc_tensor.constant dense<-1.0e9> : tensor<1xf32>
  %r = mlc_tensor.iota {dimension = 0 : i64} : tensor<4x4xi32>
  %c = mlc_tensor.iota {dimension = 1 : i64} : tensor<4x4xi32>
  %m = mlc_tensor.ge %r, %c : tensor<4x4xi32>, tensor<4x4xi32> -> tensor<4x4xi1>
  %y = mlc_tensor.select %m, %s, %ninf : tensor<4x4xi1>, tensor<4x4xf32>, tensor<1xf32> -> tensor<4x4xf32>
  %h = mlc_tensor.cast %y : tensor<4x4xf32> -> tensor<4x4xf16>
  func.return %h : tensor<4x4xf16>
}

// %p is used by two groups and nothing else: it is recomputed in each (default), or, with
// recompute=false or max-recompute=0, joins the first and is yielded to the other.
// CHECK-LABEL: func.func @recompute(
// CHECK-NEXT:    %a = mlc_tensor.fused (%[[X:.*]] = %x, %[[Y:.*]] = %y) {kind = "elementwise"}
// CHECK-NEXT:      %[[P:.*]] = mlc_tensor.mul %[[X]], %[[Y]]
// CHECK-NEXT:      %[[A:.*]] = mlc_tensor.exp %[[P]]
// CHECK-NEXT:      mlc_tensor.yield %[[A]]
// CHECK-NEXT:    }
// CHECK-NEXT:    %b = mlc_tensor.fused (%[[X2:.*]] = %x, %[[Y2:.*]] = %y) {kind = "elementwise"}
// CHECK-NEXT:      %[[P2:.*]] = mlc_tensor.mul %[[X2]], %[[Y2]]
// CHECK-NEXT:      %[[B:.*]] = mlc_tensor.neg %[[P2]]
// CHECK-NEXT:      mlc_tensor.yield %[[B]]
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %a, %b
// NORECOMPUTE-LABEL: func.func @recompute(
// NORECOMPUTE-NEXT:    %p, %a = mlc_tensor.fused (%{{.*}} = %x, %{{.*}} = %y) {kind = "elementwise"} : (tensor<4x8xf32>, tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
// NORECOMPUTE-NEXT:      %[[P:.*]] = mlc_tensor.mul
// NORECOMPUTE-NEXT:      %[[A:.*]] = mlc_tensor.exp %[[P]]
// NORECOMPUTE-NEXT:      mlc_tensor.yield %[[P]], %[[A]]
// NORECOMPUTE-NEXT:    }
// NORECOMPUTE-NEXT:    %b = mlc_tensor.neg %p
// NORECOMPUTE-NEXT:    func.return %a, %b
func.func @recompute(%x: tensor<4x8xf32>, %y: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %p = mlc_tensor.mul %x, %y : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x8xf32>
  %a = mlc_tensor.exp %p : tensor<4x8xf32> -> tensor<4x8xf32>
  %b = mlc_tensor.neg %p : tensor<4x8xf32> -> tensor<4x8xf32>
  func.return %a, %b : tensor<4x8xf32>, tensor<4x8xf32>
}

// %a is also returned: it joins the group and is yielded as a second output.
// CHECK-LABEL: func.func @extra_output(
// CHECK-NEXT:    %a, %b = mlc_tensor.fused (%[[X:.*]] = %x) {kind = "elementwise"} : (tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
// CHECK-NEXT:      %[[A:.*]] = mlc_tensor.exp %[[X]]
// CHECK-NEXT:      %[[B:.*]] = mlc_tensor.neg %[[A]]
// CHECK-NEXT:      mlc_tensor.yield %[[A]], %[[B]]
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %b, %a
func.func @extra_output(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %a = mlc_tensor.exp %x : tensor<4x8xf32> -> tensor<4x8xf32>
  %b = mlc_tensor.neg %a : tensor<4x8xf32> -> tensor<4x8xf32>
  func.return %b, %a : tensor<4x8xf32>, tensor<4x8xf32>
}

// Negative: %a feeds the group directly and through a matmul; fusing it would make a cycle
// (group -> matmul -> group), so it stays outside and the matmul stays between.
// CHECK-LABEL: func.func @no_cycle(
// CHECK-NEXT:    %a = mlc_tensor.exp %x
// CHECK-NEXT:    %m = mlc_tensor.matmul %a, %w
// CHECK-NEXT:    %c = mlc_tensor.fused (%[[A:.*]] = %a, %[[M:.*]] = %m) {kind = "elementwise"}
// CHECK-NEXT:      %b = mlc_tensor.add %[[A]], %[[M]]
// CHECK-NEXT:      %[[C:.*]] = mlc_tensor.neg %b
// CHECK-NEXT:      mlc_tensor.yield %[[C]]
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %c
func.func @no_cycle(%x: tensor<4x4xf32>, %w: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %a = mlc_tensor.exp %x : tensor<4x4xf32> -> tensor<4x4xf32>
  %m = mlc_tensor.matmul %a, %w : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  %b = mlc_tensor.add %a, %m : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  %c = mlc_tensor.neg %b : tensor<4x4xf32> -> tensor<4x4xf32>
  func.return %c : tensor<4x4xf32>
}

// Negative: %a is returned too, and its shape differs from the group's output, so it stays
// outside (a kernel writes all its outputs over one index space).
// CHECK-LABEL: func.func @output_shape(
// CHECK-NEXT:    %a = mlc_tensor.exp %v : tensor<8xf32> -> tensor<8xf32>
// CHECK-NEXT:    %c = mlc_tensor.fused (%{{.*}} = %x, %{{.*}} = %a) {kind = "elementwise"} : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>
// CHECK:         func.return %c, %a
func.func @output_shape(%x: tensor<4x8xf32>, %v: tensor<8xf32>) -> (tensor<4x8xf32>, tensor<8xf32>) {
  %a = mlc_tensor.exp %v : tensor<8xf32> -> tensor<8xf32>
  %b = mlc_tensor.add %x, %a : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  %c = mlc_tensor.neg %b : tensor<4x8xf32> -> tensor<4x8xf32>
  func.return %c, %a : tensor<4x8xf32>, tensor<8xf32>
}

// Negative: int8 and f16 decisions never share a group; an op without one joins either.
// CHECK-LABEL: func.func @precision(
// CHECK-NEXT:    %a = mlc_tensor.exp %x {mlc_quant.decision = #mlc_quant.decision<int8, reason = "sensitive">}
// CHECK-NEXT:    %c = mlc_tensor.fused (%[[A:.*]] = %a) {kind = "elementwise"}
// CHECK-NEXT:      %b = mlc_tensor.neg %[[A]] {mlc_quant.decision = #mlc_quant.decision<f16, reason = "tolerant">}
// CHECK-NEXT:      mlc_tensor.abs %b
// CHECK-NEXT:      mlc_tensor.yield
func.func @precision(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %a = mlc_tensor.exp %x {mlc_quant.decision = #mlc_quant.decision<int8, reason = "sensitive">} : tensor<4x8xf32> -> tensor<4x8xf32>
  %b = mlc_tensor.neg %a {mlc_quant.decision = #mlc_quant.decision<f16, reason = "tolerant">} : tensor<4x8xf32> -> tensor<4x8xf32>
  %c = mlc_tensor.abs %b : tensor<4x8xf32> -> tensor<4x8xf32>
  func.return %c : tensor<4x8xf32>
}

// Negative: matmul, softmax, transpose are not elementwise; a lone relu stays a plain op.
// CHECK-LABEL: func.func @untouched(
// CHECK-NEXT:    %m = mlc_tensor.matmul %x, %w
// CHECK-NEXT:    %r = mlc_tensor.relu %m
// CHECK-NEXT:    %s = mlc_tensor.softmax %r
// CHECK-NEXT:    %t = mlc_tensor.transpose %s
// CHECK-NEXT:    func.return %t
func.func @untouched(%x: tensor<4x4xf32>, %w: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %m = mlc_tensor.matmul %x, %w : tensor<4x4xf32>, tensor<4x4xf32> -> tensor<4x4xf32>
  %r = mlc_tensor.relu %m : tensor<4x4xf32> -> tensor<4x4xf32>
  %s = mlc_tensor.softmax %r {axis = 1 : i64} : tensor<4x4xf32> -> tensor<4x4xf32>
  %t = mlc_tensor.transpose %s {perm = array<i64: 1, 0>} : tensor<4x4xf32> -> tensor<4x4xf32>
  func.return %t : tensor<4x4xf32>
}

// Negative: an existing fused op is opaque; the abs after it is alone.
// CHECK-LABEL: func.func @already_fused(
// CHECK-NEXT:    %f = mlc_tensor.fused (%a = %x) {kind = "elementwise"}
// CHECK-NEXT:      %e = mlc_tensor.exp %a
// CHECK-NEXT:      %n = mlc_tensor.neg %e
// CHECK-NEXT:      mlc_tensor.yield %n
// CHECK-NEXT:    }
// CHECK-NEXT:    %y = mlc_tensor.abs %f
// CHECK-NEXT:    func.return %y
func.func @already_fused(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %f = mlc_tensor.fused (%a = %x) {kind = "elementwise"} : (tensor<4x4xf32>) -> tensor<4x4xf32> {
    %e = mlc_tensor.exp %a : tensor<4x4xf32> -> tensor<4x4xf32>
    %n = mlc_tensor.neg %e : tensor<4x4xf32> -> tensor<4x4xf32>
    mlc_tensor.yield %n : tensor<4x4xf32>
  }
  %y = mlc_tensor.abs %f : tensor<4x4xf32> -> tensor<4x4xf32>
  func.return %y : tensor<4x4xf32>
}

// One group by default; max-ops=2 cuts the chain into groups of two (the first op is left alone).
// CHECK-LABEL: func.func @long_chain(
// CHECK-NEXT:    mlc_tensor.fused
// CHECK-COUNT-5: mlc_tensor.{{exp|neg|abs|sqrt|tanh}}
// CHECK-NEXT:      mlc_tensor.yield
// MAXOPS-LABEL: func.func @long_chain(
// MAXOPS-NEXT:    %[[E:.*]] = mlc_tensor.exp %x
// MAXOPS-NEXT:    %[[F1:.*]] = mlc_tensor.fused (%{{.*}} = %[[E]])
// MAXOPS-NEXT:      mlc_tensor.neg
// MAXOPS-NEXT:      mlc_tensor.abs
// MAXOPS-NEXT:      mlc_tensor.yield
// MAXOPS-NEXT:    }
// MAXOPS-NEXT:    %[[F2:.*]] = mlc_tensor.fused (%{{.*}} = %[[F1]])
// MAXOPS-NEXT:      mlc_tensor.sqrt
// MAXOPS-NEXT:      mlc_tensor.tanh
// MAXOPS-NEXT:      mlc_tensor.yield
// MAXOPS-NEXT:    }
// MAXOPS-NEXT:    func.return %[[F2]]
func.func @long_chain(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = mlc_tensor.exp %x : tensor<8xf32> -> tensor<8xf32>
  %1 = mlc_tensor.neg %0 : tensor<8xf32> -> tensor<8xf32>
  %2 = mlc_tensor.abs %1 : tensor<8xf32> -> tensor<8xf32>
  %3 = mlc_tensor.sqrt %2 : tensor<8xf32> -> tensor<8xf32>
  %4 = mlc_tensor.tanh %3 : tensor<8xf32> -> tensor<8xf32>
  func.return %4 : tensor<8xf32>
}

// Negative: a chain nothing uses is left to dce (a fused op must yield something).
// CHECK-LABEL: func.func @dead(
// CHECK-NEXT:    %a = mlc_tensor.exp %x
// CHECK-NEXT:    %b = mlc_tensor.neg %a
// CHECK-NEXT:    func.return %x
func.func @dead(%x: tensor<4xf32>) -> tensor<4xf32> {
  %a = mlc_tensor.exp %x : tensor<4xf32> -> tensor<4xf32>
  %b = mlc_tensor.neg %a : tensor<4xf32> -> tensor<4xf32>
  func.return %x : tensor<4xf32>
}

// mlc_quant's conversions are elementwise: storage_cast, dequantize, a bias add, quantize and
// requantize become one group (the kernel reads i32, writes i8).
// CHECK-LABEL: func.func @quant_chain(
// CHECK-NEXT:    %s = mlc_tensor.fused (%[[X:.*]] = %x, %[[B:.*]] = %b) {kind = "elementwise"} : (tensor<4x8xi32>, tensor<8xf32>) -> tensor<4x8xi8> {
// CHECK-NEXT:      %c = mlc_quant.storage_cast %[[X]]
// CHECK-NEXT:      %d = mlc_quant.dequantize %c
// CHECK-NEXT:      %h = mlc_tensor.add %d, %[[B]]
// CHECK-NEXT:      %q = mlc_quant.quantize %h
// CHECK-NEXT:      %r = mlc_quant.requantize %q
// CHECK-NEXT:      %[[S:.*]] = mlc_quant.storage_cast %r
// CHECK-NEXT:      mlc_tensor.yield %[[S]] : tensor<4x8xi8>
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %s
func.func @quant_chain(%x: tensor<4x8xi32>, %b: tensor<8xf32>) -> tensor<4x8xi8> {
  %c = mlc_quant.storage_cast %x : tensor<4x8xi32> -> tensor<4x8x!mlc_quant.uniform<i32:f32, 0.01>>
  %d = mlc_quant.dequantize %c : tensor<4x8x!mlc_quant.uniform<i32:f32, 0.01>> -> tensor<4x8xf32>
  %h = mlc_tensor.add %d, %b : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  %q = mlc_quant.quantize %h : tensor<4x8xf32> -> tensor<4x8x!mlc_quant.uniform<i8:f32, 0.5:3>>
  %r = mlc_quant.requantize %q : tensor<4x8x!mlc_quant.uniform<i8:f32, 0.5:3>> -> tensor<4x8x!mlc_quant.uniform<i8:f32, 0.25>>
  %s = mlc_quant.storage_cast %r : tensor<4x8x!mlc_quant.uniform<i8:f32, 0.25>> -> tensor<4x8xi8>
  func.return %s : tensor<4x8xi8>
}

// Negative: the int8 layer's dequantize and the f16 exp after it stay in separate groups.
// CHECK-LABEL: func.func @quant_precision(
// CHECK-NEXT:    %d = mlc_tensor.fused (%{{.*}} = %x) {kind = "elementwise"}
// CHECK-NEXT:      mlc_quant.storage_cast {{.*}}decision<int8
// CHECK-NEXT:      mlc_quant.dequantize {{.*}}decision<int8
// CHECK-NEXT:      mlc_tensor.yield
// CHECK-NEXT:    }
// CHECK-NEXT:    %n = mlc_tensor.fused (%{{.*}} = %d) {kind = "elementwise"}
// CHECK-NEXT:      mlc_tensor.exp {{.*}}decision<f16
// CHECK-NEXT:      mlc_tensor.neg
func.func @quant_precision(%x: tensor<4x8xi32>) -> tensor<4x8xf32> {
  %c = mlc_quant.storage_cast %x {mlc_quant.decision = #mlc_quant.decision<int8, reason = "within budget">} : tensor<4x8xi32> -> tensor<4x8x!mlc_quant.uniform<i32:f32, 0.01>>
  %d = mlc_quant.dequantize %c {mlc_quant.decision = #mlc_quant.decision<int8, reason = "within budget">} : tensor<4x8x!mlc_quant.uniform<i32:f32, 0.01>> -> tensor<4x8xf32>
  %e = mlc_tensor.exp %d {mlc_quant.decision = #mlc_quant.decision<f16, reason = "sensitivity too high">} : tensor<4x8xf32> -> tensor<4x8xf32>
  %n = mlc_tensor.neg %e : tensor<4x8xf32> -> tensor<4x8xf32>
  func.return %n : tensor<4x8xf32>
}
