// RUN: mlc-opt %s --pass-pipeline='builtin.module(plan-memory)' | filecheck %s
// RUN: mlc-opt %s --pass-pipeline='builtin.module(plan-memory{alignment=1})' | filecheck %s --check-prefix=PACKED
// RUN: mlc-opt %s --pass-pipeline='builtin.module(plan-memory{report=true})' 2>&1 >/dev/null | filecheck %s --check-prefix=REPORT
// RUN: mlc-opt %s --pass-pipeline='builtin.module(plan-memory,plan-memory)' | filecheck %s
// RUN: mlc-opt %s --pass-pipeline='builtin.module(plan-memory)' --verify-each-numerics | filecheck %s
// RUN: not mlc-opt %s --pass-pipeline='builtin.module(plan-memory{alignment=0})' 2>&1 | filecheck %s --check-prefix=ALIGN

// The module holds the sums over its functions' arenas.
// CHECK: builtin.module attributes {mlc.peak_bytes = 1152 : i64, mlc.no_reuse_bytes = 1408 : i64}

// A chain: each value dies at its only user, so the third reuses the first's bytes.
// The returned value lives in the caller's buffer: no offset.
// CHECK-LABEL: func.func @chain
// CHECK-SAME:    attributes {mlc.peak_bytes = 128 : i64, mlc.no_reuse_bytes = 192 : i64}
// CHECK-NEXT:    mlc_tensor.neg %x {mlc.offset = array<i64: 0>, mlc.size = array<i64: 64>}
// CHECK-NEXT:    mlc_tensor.exp %{{.*}} {mlc.offset = array<i64: 64>, mlc.size = array<i64: 64>}
// CHECK-NEXT:    mlc_tensor.tanh %{{.*}} {mlc.offset = array<i64: 0>, mlc.size = array<i64: 64>}
// CHECK-NEXT:    mlc_tensor.relu %{{.*}} : tensor<16xf32>
func.func @chain(%x: tensor<16xf32>) -> tensor<16xf32> {
  %0 = mlc_tensor.neg %x : tensor<16xf32> -> tensor<16xf32>
  %1 = mlc_tensor.exp %0 : tensor<16xf32> -> tensor<16xf32>
  %2 = mlc_tensor.tanh %1 : tensor<16xf32> -> tensor<16xf32>
  %3 = mlc_tensor.relu %2 : tensor<16xf32> -> tensor<16xf32>
  func.return %3 : tensor<16xf32>
}

// A diamond: both branches are live at the join, and the fork's value while the second
// branch is computed, so the three take distinct bytes; the join reuses the fork's.
// CHECK-LABEL: func.func @diamond
// CHECK-SAME:    attributes {mlc.peak_bytes = 192 : i64, mlc.no_reuse_bytes = 256 : i64}
// CHECK-NEXT:    mlc_tensor.neg %x {mlc.offset = array<i64: 0>,
// CHECK-NEXT:    mlc_tensor.exp %{{.*}} {mlc.offset = array<i64: 64>,
// CHECK-NEXT:    mlc_tensor.tanh %{{.*}} {mlc.offset = array<i64: 128>,
// CHECK-NEXT:    mlc_tensor.add %{{.*}} {mlc.offset = array<i64: 0>,
func.func @diamond(%x: tensor<16xf32>) -> tensor<16xf32> {
  %a = mlc_tensor.neg %x : tensor<16xf32> -> tensor<16xf32>
  %b = mlc_tensor.exp %a : tensor<16xf32> -> tensor<16xf32>
  %c = mlc_tensor.tanh %a : tensor<16xf32> -> tensor<16xf32>
  %d = mlc_tensor.add %b, %c : tensor<16xf32>, tensor<16xf32> -> tensor<16xf32>
  %e = mlc_tensor.relu %d : tensor<16xf32> -> tensor<16xf32>
  func.return %e : tensor<16xf32>
}

// Largest first: the 512-byte buffer goes to offset 0; the small ones defined after it dies
// take its bytes; sizes round up to the alignment (12 bytes reserve 64, or 12 with alignment 1).
// Constants (weights) are not planned.
// CHECK-LABEL: func.func @sizes
// CHECK-SAME:    attributes {mlc.peak_bytes = 576 : i64, mlc.no_reuse_bytes = 704 : i64}
// CHECK-NEXT:    mlc_tensor.constant dense<1.000000e+00> : tensor<3xf32>
// CHECK-NEXT:    mlc_tensor.exp %x {mlc.offset = array<i64: 0>, mlc.size = array<i64: 512>}
// CHECK-NEXT:    mlc_tensor.reduce_sum %{{.*}} {mlc.offset = array<i64: 512>, mlc.size = array<i64: 16>, axes = array<i64: 0>}
// CHECK-NEXT:    mlc_tensor.slice %{{.*}} {mlc.offset = array<i64: 0>, mlc.size = array<i64: 12>,
// CHECK-NEXT:    mlc_tensor.add %{{.*}} {mlc.offset = array<i64: 64>, mlc.size = array<i64: 12>}
// PACKED-LABEL: func.func @sizes
// PACKED-SAME:    attributes {mlc.peak_bytes = 528 : i64, mlc.no_reuse_bytes = 552 : i64}
// PACKED:         mlc_tensor.slice %{{.*}} {mlc.offset = array<i64: 0>, mlc.size = array<i64: 12>,
// PACKED-NEXT:    mlc_tensor.add %{{.*}} {mlc.offset = array<i64: 12>, mlc.size = array<i64: 12>}
func.func @sizes(%x: tensor<32x4xf32>) -> tensor<3xf32> {
  %w = mlc_tensor.constant dense<1.0> : tensor<3xf32>
  %big = mlc_tensor.exp %x : tensor<32x4xf32> -> tensor<32x4xf32>
  %s = mlc_tensor.reduce_sum %big {axes = array<i64: 0>} : tensor<32x4xf32> -> tensor<4xf32>
  %t = mlc_tensor.slice %s {start = array<i64: 0>, limit = array<i64: 3>, step = array<i64: 1>} : tensor<4xf32> -> tensor<3xf32>
  %u = mlc_tensor.add %t, %w : tensor<3xf32>, tensor<3xf32> -> tensor<3xf32>
  %v = mlc_tensor.mul %u, %w : tensor<3xf32>, tensor<3xf32> -> tensor<3xf32>
  func.return %v : tensor<3xf32>
}

// A fused group is planned by its results (-1: a returned result); its body is not planned.
// i1 takes a byte per element, f16 two.
// CHECK-LABEL: func.func @fused
// CHECK-NEXT:    mlc_tensor.gt %x, %x {mlc.offset = array<i64: 0>, mlc.size = array<i64: 32>}
// CHECK-NEXT:    mlc_tensor.fused (%{{.*}} = %x, %{{.*}} = %{{.*}}) {mlc.offset = array<i64: -1, 64>, mlc.size = array<i64: -1, 64>, kind = "elementwise"}
// CHECK-NEXT:      mlc_tensor.select %{{.*}} : tensor<4x8xi1>
// CHECK-NEXT:      mlc_tensor.neg %{{.*}} : tensor<4x8xf16>
// CHECK:         mlc_tensor.abs %{{.*}} : tensor<4x8xf16>
func.func @fused(%x: tensor<4x8xf16>) -> (tensor<4x8xf16>, tensor<4x8xf16>) {
  %m = mlc_tensor.gt %x, %x : tensor<4x8xf16>, tensor<4x8xf16> -> tensor<4x8xi1>
  %0:2 = mlc_tensor.fused (%a = %x, %b = %m) {kind = "elementwise"} : (tensor<4x8xf16>, tensor<4x8xi1>) -> (tensor<4x8xf16>, tensor<4x8xf16>) {
    %s = mlc_tensor.select %b, %a, %a : tensor<4x8xi1>, tensor<4x8xf16>, tensor<4x8xf16> -> tensor<4x8xf16>
    %n = mlc_tensor.neg %s : tensor<4x8xf16> -> tensor<4x8xf16>
    mlc_tensor.yield %s, %n : tensor<4x8xf16>, tensor<4x8xf16>
  }
  %1 = mlc_tensor.abs %0#1 : tensor<4x8xf16> -> tensor<4x8xf16>
  func.return %0#0, %1 : tensor<4x8xf16>, tensor<4x8xf16>
}

// Quantized values take their storage width: i8 a byte, i4 half a byte.
// CHECK-LABEL: func.func @quantized
// CHECK-NEXT:    mlc_quant.quantize %x {mlc.offset = array<i64: 0>, mlc.size = array<i64: 32>}
// CHECK-NEXT:    mlc_quant.quantize %x {mlc.offset = array<i64: 64>, mlc.size = array<i64: 16>}
func.func @quantized(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4x8xf32>) {
  %q = mlc_quant.quantize %x : tensor<4x8xf32> -> tensor<4x8x!mlc_quant.uniform<i8:f32, 0.0125:-3>>
  %h = mlc_quant.quantize %x : tensor<4x8xf32> -> tensor<4x8x!mlc_quant.uniform<i4:f32, 0.5>>
  %a = mlc_quant.dequantize %q : tensor<4x8x!mlc_quant.uniform<i8:f32, 0.0125:-3>> -> tensor<4x8xf32>
  %b = mlc_quant.dequantize %h : tensor<4x8x!mlc_quant.uniform<i4:f32, 0.5>> -> tensor<4x8xf32>
  func.return %a, %b : tensor<4x8xf32>, tensor<4x8xf32>
}

// Nothing to plan: an empty arena, no attributes on ops; declarations are skipped.
// CHECK-LABEL: func.func @nothing
// CHECK-SAME:    attributes {mlc.peak_bytes = 0 : i64, mlc.no_reuse_bytes = 0 : i64}
// CHECK-NEXT:    mlc_tensor.neg %x : tensor<2xf32>
// CHECK-LABEL: func.func private @declared
// CHECK-NOT:     mlc.peak_bytes
func.func @nothing(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = mlc_tensor.neg %x : tensor<2xf32> -> tensor<2xf32>
  func.return %0 : tensor<2xf32>
}
func.func private @declared(tensor<2xf32>) -> tensor<2xf32>

// REPORT:      plan-memory: @chain: peak 128 bytes vs 192 bytes without reuse (0.67x); at most 128 bytes live at once; 3 buffers
// REPORT-NEXT: plan-memory: @diamond: peak 192 bytes vs 256 bytes without reuse (0.75x); at most 192 bytes live at once; 4 buffers
// REPORT-NEXT: plan-memory: @sizes: peak 576 bytes vs 704 bytes without reuse (0.82x); at most 576 bytes live at once; 4 buffers
// REPORT-NEXT: plan-memory: @fused: peak 128 bytes vs 128 bytes without reuse (1.00x); at most 128 bytes live at once; 2 buffers
// REPORT-NEXT: plan-memory: @quantized: peak 128 bytes vs 128 bytes without reuse (1.00x); at most 128 bytes live at once; 2 buffers
// REPORT-NEXT: plan-memory: @nothing: peak 0 bytes vs 0 bytes without reuse (1.00x); at most 0 bytes live at once; 0 buffers

// ALIGN:      mlc-opt: error: pass 'plan-memory': expected alignment to be a positive number of bytes, got 0
