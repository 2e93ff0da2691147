// RUN: mlc-opt %s -p 'calibrate{batches=2}' --verify-each-numerics | filecheck %s
// RUN: mlc-opt %s -p 'calibrate{batches=2}' --remarks --verify-diagnostics
// RUN: mlc-opt %s -p 'calibrate{method=percentile percentile=90.0 batches=2}' | filecheck %s --check-prefix=PCT
// RUN: mlc-opt %s -p 'calibrate{method=entropy}' | filecheck %s --check-prefix=CHECK
// RUN: mlc-opt %s -p 'calibrate{method=mse progress=always batches=2}' 2>&1 >/dev/null | filecheck %s --check-prefix=BAR
// RUN: python -c "import numpy as n; n.savez('%t.npz', arg0=n.linspace(-3, 2, 64, dtype='f4').reshape(2, 4, 8))"
// RUN: mlc-opt %s -p 'calibrate{inputs="%t.npz"}' | filecheck %s --check-prefix=FROMNPZ
// RUN: not mlc-opt %s -p 'calibrate{method=median}' 2>&1 | filecheck %s --check-prefix=METHOD
// RUN: not mlc-opt %s -p 'calibrate{percentile=20.0}' 2>&1 | filecheck %s --check-prefix=PERC
// RUN: not mlc-opt %s -p 'calibrate{inputs="%s"}' 2>&1 | filecheck %s --check-prefix=NPZ
// RUN: not mlc-opt %s -p 'calibrate{progress=sometimes}' 2>&1 | filecheck %s --check-prefix=PROGRESS

// Every float layer gets its activation's range per tensor (by the method), per channel, and
// its result's range; the IR is otherwise unchanged.
// CHECK-LABEL: func.func @main(
// CHECK:         mlc_tensor.linear %x, %w, %b {mlc_quant.range = array<f64: {{.*}}>, mlc_quant.channel_range = dense<{{.*}}> : tensor<8x2xf32>, mlc_quant.output_range = array<f64: {{.*}}>}
// CHECK:         mlc_tensor.relu
// CHECK:         mlc_tensor.matmul %r, %w2 {mlc_quant.range = array<f64: 0.000000e+00, {{.*}}>, mlc_quant.channel_range = dense<{{.*}}> : tensor<2x2xf32>, mlc_quant.output_range
// The .npz holds 2 batches of x spanning [-3, 2]: minmax is exactly that.
// FROMNPZ: mlc_tensor.linear %x, %w, %b {mlc_quant.range = array<f64: -3.000000e+00, 2.000000e+00>
// PCT: mlc_tensor.linear %x, %w, %b {mlc_quant.range = array<f64: -{{.*}}>
// BAR: calibrate [{{#+}}] 2/2 batches
// METHOD: error: calibrate: unknown method 'median'; use one of minmax, percentile, mse, entropy
// PERC: error: calibrate: percentile must be in (50, 100], got 20.0
// NPZ: error: calibrate: cannot load inputs '{{.*}}calibrate.mlir'
// PROGRESS: error: calibrate: unknown progress 'sometimes'; use progress=auto, always or never
func.func @main(%x: tensor<4x8xf32>) -> tensor<4x3xf32> {
  %w = mlc_tensor.constant dense<0.5> : tensor<2x8xf32>
  %b = mlc_tensor.constant dense<[0.5, -0.5]> : tensor<2xf32>
  // expected-remark @+1 {{calibrate: applied to mlc_tensor.linear (weight 2x8): activation range}}
  %y = mlc_tensor.linear %x, %w, %b : tensor<4x8xf32>, tensor<2x8xf32>, tensor<2xf32> -> tensor<4x2xf32>
  %r = mlc_tensor.relu %y : tensor<4x2xf32> -> tensor<4x2xf32>
  %w2 = mlc_tensor.constant dense<1.0> : tensor<2x3xf32>
  // expected-remark @+1 {{calibrate: applied to mlc_tensor.matmul (weight 2x3): activation range [0, }}
  %z = mlc_tensor.matmul %r, %w2 : tensor<4x2xf32>, tensor<2x3xf32> -> tensor<4x3xf32>
  func.return %z : tensor<4x3xf32>
}

// Negative: only the entry function (@main) runs; other layers are not calibrated.
// CHECK-LABEL: func.func @other(
// CHECK-NEXT:    mlc_tensor.matmul %x, %w : tensor<4x2xf32>, tensor<2x3xf32> -> tensor<4x3xf32>
func.func @other(%x: tensor<4x2xf32>, %w: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-remark @+1 {{calibrate: not applied to mlc_tensor.matmul (weight 2x3): not executed by @main}}
  %z = mlc_tensor.matmul %x, %w : tensor<4x2xf32>, tensor<2x3xf32> -> tensor<4x3xf32>
  func.return %z : tensor<4x3xf32>
}
