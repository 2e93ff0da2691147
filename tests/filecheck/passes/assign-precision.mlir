// RUN: mlc-opt %s -p 'assign-precision{budget-bits=6.0}' | filecheck %s
// RUN: mlc-opt %s -p 'assign-precision{budget-bits=32.0}' --verify-each-numerics >/dev/null
// RUN: mlc-opt %s -p 'assign-precision{budget-bits=8.6}' --verify-each-numerics=0.05,0.05 >/dev/null
// RUN: not mlc-opt %s -p 'assign-precision{budget-bits=6.0}' --verify-each-numerics=0.05,0.05 --numerics-dump-dir %t.dump 2>&1 | filecheck %s --check-prefix=DRIFT
// RUN: mlc-opt %s -p 'assign-precision{budget-bits=6.0}' --remarks 2>&1 >/dev/null | filecheck %s --check-prefix=REMARK
// RUN: mlc-opt %s -p 'assign-precision{budget-bits=8.6}' | filecheck %s --check-prefix=B86
// RUN: mlc-opt %s -p 'assign-precision{budget-bits=32.0}' | filecheck %s --check-prefix=F32
// RUN: mlc-opt %s -p 'assign-precision{budget-bits=32.0 min-sqnr=42.0}' | filecheck %s --check-prefix=FLOOR
// RUN: mlc-opt %s -p 'assign-precision{max-error=0.02}' | filecheck %s --check-prefix=E02
// RUN: mlc-opt %s -p 'assign-precision{max-error=0.2}' | filecheck %s --check-prefix=E20
// RUN: not mlc-opt %s -p 'assign-precision' 2>&1 | filecheck %s --check-prefix=NONE
// RUN: not mlc-opt %s -p 'assign-precision{budget-bits=6.0 metric=loss}' 2>&1 | filecheck %s --check-prefix=NOLOSS
// RUN: not mlc-opt %s -p 'assign-precision{budget-bits=6.0 metric=noise}' 2>&1 | filecheck %s --check-prefix=METRIC
// RUN: mlc-opt %s -p 'assign-precision{budget-bits=6.0 metric=sqnr}' | filecheck %s
// RUN: not mlc-opt %s -p 'assign-precision{budget-bits=6.0 max-error=0.1}' 2>&1 | filecheck %s --check-prefix=NONE
// RUN: not mlc-opt %s -p 'assign-precision{budget-bits=-1.0}' 2>&1 | filecheck %s --check-prefix=NEG
// RUN: not mlc-opt %s -p 'assign-precision{budget-bits=8.6 min-sqnr=42.0}' 2>&1 | filecheck %s --check-prefix=SMALL
// RUN: not mlc-opt %s -p 'canonicalize,assign-precision{budget-bits=8.6}' --split-input-file 2>&1 | filecheck %s --check-prefix=NOSCAN
// RUN: mlc-opt %s --split-input-file -p 'sensitivity-scan{formats=int8,int4_g4 batches=2},assign-precision{budget-bits=12.0}' | filecheck %s --check-prefix=CHAIN

// Hand-written scores (fc1: 32 weights, fc2: 8). Per layer, f32 has no error; a format of
// SQNR s adds output noise 10^(-s/10); bits are weighted by parameter count (40 in all).
// budget 6: fc1 int4 + fc2 int8 = (4.5*32 + 9*8)/40 = 5.4 bits, the least noise (0.01003)
// of the assignments within 6 bits; fc1 int8 + fc2 int4 would be 7.8.
// CHECK-LABEL: func.func @main(
// CHECK:         %[[W1:.*]] = mlc_quant.constant {{.*}} -> tensor<4x8x!mlc_quant.uniform<i4<-7:7>:f32:1 group 4,
// CHECK-NEXT:    %[[H:.*]] = mlc_quant.weight_only_matmul %x, %[[W1]] {mlc_quant.decision = #mlc_quant.decision<int4_g4, sqnr = 20.0 dB, bits = 4.5, reason = "within budget (metric=sqnr)">}
// CHECK-NEXT:    mlc_tensor.add %[[H]], %b1
// CHECK:         mlc_quant.weight_only_matmul %r, %{{.*}} {mlc_quant.decision = #mlc_quant.decision<int8, sqnr = 45.0 dB, bits = 9.0, reason = "within budget (metric=sqnr)">}
// CHECK:         %c = mlc_tensor.conv2d %img, %k :
// A layer without scores (not scanned) is left as it is.
// CHECK-LABEL: func.func @unscanned(
// CHECK-NEXT:    %w = mlc_tensor.constant
// CHECK-NEXT:    %y = mlc_tensor.linear %x, %w : tensor<4x8xf32>
// REMARK: remark: assign-precision: applied to mlc_tensor.linear 'fc1' (weight 4x8): int4_g4 (4.5 bits, output SQNR alone 20.0 dB): within budget (metric=sqnr)
// REMARK: remark: assign-precision: applied to mlc_tensor.linear 'fc2' (weight 2x4): int8 (9 bits, output SQNR alone 45.0 dB): within budget (metric=sqnr)
// REMARK-NOT: conv2d

// Exactly on budget: (8.5*32 + 9*8)/40 = 8.6.
// B86: weight_only_matmul %x, {{.*}}#mlc_quant.decision<int8, sqnr = 40.0 dB, bits = 8.5, reason = "within budget (metric=sqnr)">
// B86: weight_only_matmul %r, {{.*}}#mlc_quant.decision<int8, sqnr = 45.0 dB, bits = 9.0, reason = "within budget (metric=sqnr)">
// F32: mlc_tensor.linear %x, %w1, %b1 {{{.*}}mlc_quant.decision = #mlc_quant.decision<f32, sqnr = inf dB, bits = 32.0, reason = "kept f32: budget met (metric=sqnr)">
// F32: mlc_tensor.linear %r, %w2 {{{.*}}mlc_quant.decision = #mlc_quant.decision<f32, sqnr = inf dB, bits = 32.0, reason = "kept f32: budget met (metric=sqnr)">
// FLOOR: mlc_tensor.linear %x, %w1, %b1 {{{.*}}#mlc_quant.decision<f32, sqnr = inf dB, bits = 32.0, reason = "sensitivity too high (metric=sqnr)">
// FLOOR: mlc_tensor.linear %r, %w2 {{{.*}}#mlc_quant.decision<f32, sqnr = inf dB, bits = 32.0, reason = "kept f32: budget met (metric=sqnr)">
// max-error=0.02 (output SQNR >= 34 dB): int8 + int8, noise 1.3e-4, is the fewest bits.
// E02: weight_only_matmul %x, {{.*}}#mlc_quant.decision<int8, sqnr = 40.0 dB, bits = 8.5, reason = "within error bound (metric=sqnr)">
// E02: weight_only_matmul %r, {{.*}}#mlc_quant.decision<int8, sqnr = 45.0 dB, bits = 9.0, reason = "within error bound (metric=sqnr)">
// max-error=0.2 (noise <= 0.04): int4 + int8, noise 0.01003; int4 + int4 is 0.11.
// E20: weight_only_matmul %x, {{.*}}#mlc_quant.decision<int4_g4, sqnr = 20.0 dB, bits = 4.5, reason = "within error bound (metric=sqnr)">
// E20: weight_only_matmul %r, {{.*}}#mlc_quant.decision<int8, sqnr = 45.0 dB, bits = 9.0, reason = "within error bound (metric=sqnr)">
// int4 on fc1 (budget 6) drifts past 5%, and --verify-each-numerics says where:
// DRIFT: error: numerics drift after pass 'assign-precision': result 0 of @main differs
// NONE: error: assign-precision: give exactly one of budget-bits and max-error; see `mlc-opt --list-passes` for the options
// These scores have no dloss (scanned without a loss function): metric=auto is sqnr, and loss fails.
// NOLOSS: error: assign-precision: metric=loss needs task-loss scores (dloss), which mlc_tensor.linear 'fc1' (weight 4x8) lacks; scan with a loss function (sensitivity_scan(..., loss_fn=) from Python) or use metric=sqnr
// METRIC: error: assign-precision: unknown metric 'noise'; use auto, sqnr or loss
// NEG: error: assign-precision: the budget must be > 0, got -1.0
// SMALL: error: assign-precision: budget-bits=8.6 is below the fewest reachable, 27.4 bits per weight with these formats and min-sqnr
// NOSCAN: error: assign-precision: no layer has mlc_quant.sensitivity scores; run sensitivity-scan first
func.func @main(%x: tensor<4x8xf32>, %img: tensor<1x1x6x6xf32>) -> (tensor<4x2xf32>, tensor<1x2x4x4xf32>) {
  %w1 = mlc_tensor.constant dense<[[0.5, -1.0, 0.25, 2.0, 1.5, -0.75, 0.125, 1.0], [0.3, 0.6, -1.2, 0.1, 2.4, -0.2, 0.05, -2.5], [1.0, 1.0, -1.0, -1.0, 0.5, 0.5, -0.5, -0.5], [0.9, -0.1, 0.2, -0.4, 0.8, 0.0, 1.6, -3.2]]> : tensor<4x8xf32> loc("fc1.weight")
  %b1 = mlc_tensor.constant dense<[0.1, -0.1, 0.2, 0.0]> : tensor<4xf32>
  %h = mlc_tensor.linear %x, %w1, %b1 {mlc_quant.sensitivity = {int8 = {sqnr = 40.0 : f64, max_err = 0.1 : f64, bits = 8.5 : f64}, int4_g4 = {sqnr = 20.0 : f64, max_err = 1.0 : f64, bits = 4.5 : f64}}} : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4xf32> -> tensor<4x4xf32>
  %r = mlc_tensor.relu %h : tensor<4x4xf32> -> tensor<4x4xf32>
  %w2 = mlc_tensor.constant dense<[[1.0, -2.0, 0.5, 0.25], [-0.5, 0.75, 1.5, -1.0]]> : tensor<2x4xf32> loc("fc2.weight")
  %y = mlc_tensor.linear %r, %w2 {mlc_quant.sensitivity = {int8 = {sqnr = 45.0 : f64, max_err = 0.01 : f64, bits = 9.0 : f64}, int4_g4 = {sqnr = 10.0 : f64, max_err = 2.0 : f64, bits = 5.0 : f64}}} : tensor<4x4xf32>, tensor<2x4xf32> -> tensor<4x2xf32>
  %k = mlc_tensor.constant dense<0.5> : tensor<2x1x3x3xf32> loc("conv.weight")
  %c = mlc_tensor.conv2d %img, %k : tensor<1x1x6x6xf32>, tensor<2x1x3x3xf32> -> tensor<1x2x4x4xf32>
  func.return %y, %c : tensor<4x2xf32>, tensor<1x2x4x4xf32>
}

// -----

// A module without scores: assign-precision alone fails (NOSCAN). After a real scan, every
// layer has a 12-bit format (int8 per channel with K=8, int4 per group of 4; fc2's int8 with
// K=4 is 16), and a 12-bit budget takes the least-noise 12-bit one per layer; an exactly
// representable weight scores inf dB in both and keeps the first.
// CHAIN-LABEL: func.func @main(
// CHAIN: weight_only_matmul %x, %{{.*}} {mlc_quant.decision = #mlc_quant.decision<int8, sqnr = 43.08 dB, bits = 12.0, reason = "within budget (metric=sqnr)">}
// CHAIN: weight_only_matmul %r, %{{.*}} {mlc_quant.decision = #mlc_quant.decision<int4_g4, sqnr = 29.54 dB, bits = 12.0, reason = "within budget (metric=sqnr)">}
// CHAIN-LABEL: func.func @unscanned(
// CHAIN: weight_only_matmul %x, %{{.*}} {mlc_quant.decision = #mlc_quant.decision<int8, sqnr = inf dB, bits = 12.0, reason = "within budget (metric=sqnr)">}
func.func @unscanned(%x: tensor<4x8xf32>) -> tensor<4x4xf32> {
  %w = mlc_tensor.constant dense<0.25> : tensor<4x8xf32> loc("fc.weight")
  %y = mlc_tensor.linear %x, %w : tensor<4x8xf32>, tensor<4x8xf32> -> tensor<4x4xf32>
  func.return %y : tensor<4x4xf32>
}

