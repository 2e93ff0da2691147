// RUN: mlc-opt %s -p 'sensitivity-scan{formats=int8,int4_g4,sparse24 batches=2}' | filecheck %s
// RUN: mlc-opt %s -p 'sensitivity-scan{formats=int8,sparse24 batches=1}' --verify-each-numerics >/dev/null
// RUN: mlc-opt %s -p 'sensitivity-scan{formats=int8,int4_g4,sparse24 batches=2}' --remarks 2>&1 >/dev/null | filecheck %s --check-prefix=REMARK
// RUN: mlc-opt %s -p 'sensitivity-scan{formats=int8,sparse24_int8 batches=1 seed=3 table="%t.csv" plot="%t.png"}' >/dev/null && filecheck %s --check-prefix=CSV < %t.csv && test -s %t.png
// RUN: mlc-opt %s -p 'sensitivity-scan{formats=int8 batches=1 table="%t.md"}' >/dev/null && filecheck %s --check-prefix=MD < %t.md
// RUN: python -c "import numpy as n; r = n.random.default_rng(0); n.savez('%t.npz', arg0=r.normal(size=(3, 4, 8)).astype('f4'), arg1=r.normal(size=(3, 1, 1, 6, 6)).astype('f4'))"
// RUN: mlc-opt %s -p 'sensitivity-scan{formats=int8 inputs="%t.npz" batches=0}' --remarks 2>&1 >/dev/null | filecheck %s --check-prefix=NPZ
// RUN: not mlc-opt %s -p 'sensitivity-scan{inputs="%s"}' 2>&1 | filecheck %s --check-prefix=BADNPZ
// RUN: not mlc-opt %s -p 'sensitivity-scan{formats=int3}' 2>&1 | filecheck %s --check-prefix=FORMAT
// RUN: not mlc-opt %s -p 'sensitivity-scan{batches=0}' 2>&1 | filecheck %s --check-prefix=BATCHES
// RUN: not mlc-opt %s -p 'sensitivity-scan{formats=int8 table="%t.missing/t.csv"}' 2>&1 | filecheck %s --check-prefix=PATH

// Each layer gets its scores per format: output SQNR (dB), max abs error, stored bits per
// weight (int8 per channel with K=8: 8 + 32/8; int4 per group of 4: 4 + 32/4; 2:4 f32:
// half the values at 32 bits + 2-bit positions; the conv's K is I*kh*kw = 9). The IR is
// otherwise unchanged. With inputs=, the scan runs the batches of an .npz (all 3 of them).
// CHECK-LABEL: func.func @main(
// CHECK:         mlc_tensor.linear %x, %w1, %b1 {mlc_quant.sensitivity = {int8 = {sqnr = {{.*}} : f64, max_err = {{.*}} : f64, bits = 1.200000e+01 : f64}, int4_g4 = {sqnr = {{.*}}, bits = 1.200000e+01 : f64}, sparse24 = {sqnr = {{.*}}, bits = 1.700000e+01 : f64}}}
// CHECK:         mlc_tensor.linear %r, %w2 {mlc_quant.sensitivity = {int8 = {{.*}}bits = 1.600000e+01 : f64}, int4_g4 = {{.*}}, sparse24 = {{.*}}}}
// CHECK:         %c = mlc_tensor.conv2d %img, %k {mlc_quant.sensitivity = {int8 = {{.*}}bits = 11.555555555555555 : f64}}}
// CHECK:         func.return
// REMARK: remark: sensitivity-scan: applied to mlc_tensor.linear 'fc1' (weight 4x8): output SQNR int8 43.1 dB, int4_g4 21.3 dB, sparse24 10.6 dB
// REMARK: remark: sensitivity-scan: applied to mlc_tensor.linear 'fc2' (weight 2x4): output SQNR int8 54.7 dB, int4_g4 29.5 dB, sparse24 14.4 dB
// REMARK: remark: sensitivity-scan: applied to mlc_tensor.conv2d 'conv' (weight 2x1x3x3): output SQNR int8 inf dB; int4_g4: K=9 is not divisible by group-size 4; sparse24: mlc_quant has no 2:4 conv2d
// NPZ-COUNT-3: remark: sensitivity-scan: applied to {{.*}}: output SQNR int8 {{[0-9.]+|inf}} dB{{$}}
// BADNPZ: error: sensitivity-scan: cannot load inputs '{{.*}}sensitivity-scan.mlir': {{.*}}; give an .npz of arrays with a leading batch axis
// CSV: layer,format,params,bits,sqnr_db,max_abs_error,loss,dloss
// CSV-NEXT: fc1,int8,32,12,{{[0-9.]+}},{{[0-9.e-]+}},,{{$}}
// CSV-NEXT: fc1,sparse24_int8,32,9,
// CSV-NEXT: fc2,int8,8,16,
// CSV-NEXT: fc2,sparse24_int8,8,{{[0-9]+}},
// CSV-NEXT: conv,int8,18,11.56,inf,0,,{{$}}
// MD: | layer | format | params | bits | sqnr_db | max_abs_error | loss | dloss |
// MD-NEXT: |---|---|---|---|---|---|---|---|
// MD-NEXT: | fc1 | int8 | 32 | 12 |
// MD-NEXT: | fc2 | int8 | 8 | 16 |
// FORMAT: error: sensitivity-scan: unknown format 'int3'; use int8, int4, int8_g<N>, int4_g<N>, sparse24 or sparse24_int8
// BATCHES: error: sensitivity-scan: batches must be >= 1, got 0
// PATH: error: sensitivity-scan: cannot write {{.*}}t.csv: No such file or directory; give a writable path
func.func @main(%x: tensor<4x8xf32>, %img: tensor<1x1x6x6xf32>) -> (tensor<4x2xf32>, tensor<1x2x4x4xf32>) {
  %w1 = mlc_tensor.constant dense<[[0.5, -1.0, 0.25, 2.0, 1.5, -0.75, 0.125, 1.0], [0.3, 0.6, -1.2, 0.1, 2.4, -0.2, 0.05, -2.5], [1.0, 1.0, -1.0, -1.0, 0.5, 0.5, -0.5, -0.5], [0.9, -0.1, 0.2, -0.4, 0.8, 0.0, 1.6, -3.2]]> : tensor<4x8xf32> loc("fc1.weight")
  %b1 = mlc_tensor.constant dense<[0.1, -0.1, 0.2, 0.0]> : tensor<4xf32>
  %h = mlc_tensor.linear %x, %w1, %b1 : tensor<4x8xf32>, tensor<4x8xf32>, tensor<4xf32> -> tensor<4x4xf32>
  %r = mlc_tensor.relu %h : tensor<4x4xf32> -> tensor<4x4xf32>
  %w2 = mlc_tensor.constant dense<[[1.0, -2.0, 0.5, 0.25], [-0.5, 0.75, 1.5, -1.0]]> : tensor<2x4xf32> loc("fc2.weight")
  %y = mlc_tensor.linear %r, %w2 : tensor<4x4xf32>, tensor<2x4xf32> -> tensor<4x2xf32>
  %k = mlc_tensor.constant dense<0.5> : tensor<2x1x3x3xf32> loc("conv.weight")
  %c = mlc_tensor.conv2d %img, %k : tensor<1x1x6x6xf32>, tensor<2x1x3x3xf32> -> tensor<1x2x4x4xf32>
  func.return %y, %c : tensor<4x2xf32>, tensor<1x2x4x4xf32>
}
