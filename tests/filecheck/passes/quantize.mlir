// RUN: mlc-opt %s -p quantize --verify-each-numerics=0.02,0.02 | filecheck %s
// RUN: mlc-opt %s -p 'quantize{weights=int4 granularity=group group-size=2}' | filecheck %s --check-prefix=INT4
// RUN: mlc-opt %s -p 'quantize{granularity=tensor symmetric=false}' | filecheck %s --check-prefix=TENSOR
// RUN: mlc-opt %s -p 'calibrate{batches=2},quantize{activations=int8}' --verify-each-numerics=0.05,0.05 | filecheck %s --check-prefix=W8A8
// RUN: mlc-opt %s -p 'calibrate{batches=2},quantize{activations=int8 epilogue=requantize}' | filecheck %s --check-prefix=REQ
// RUN: mlc-opt %s -p quantize --remarks --verify-diagnostics
// RUN: mlc-opt %s -p 'quantize{activations=int8}' --remarks 2>&1 >/dev/null | filecheck %s --check-prefix=NORANGE
// RUN: mlc-opt %s -p 'quantize{granularity=group group-size=4}' --remarks 2>&1 >/dev/null | filecheck %s --check-prefix=GROUP
// RUN: not mlc-opt %s -p 'quantize{weights=int4 activations=int8}' 2>&1 | filecheck %s --check-prefix=W4A8
// RUN: not mlc-opt %s -p 'quantize{weights=int2}' 2>&1 | filecheck %s --check-prefix=BADW
// RUN: not mlc-opt %s -p 'quantize{activations=int8 granularity=group}' 2>&1 | filecheck %s --check-prefix=GROUPA8
// RUN: not mlc-opt %s -p 'quantize{epilogue=requantize}' 2>&1 | filecheck %s --check-prefix=REQW
// RUN: not mlc-opt %s -p 'quantize{group-size=0}' 2>&1 | filecheck %s --check-prefix=GS0

// Per-channel symmetric int8: scale = max|w[n]| / 127, storage narrowed to [-127, 127];
// the float bias is added after the weight-only matmul.
// CHECK-LABEL: func.func @main(
// CHECK:         %[[W:.*]] = mlc_quant.constant dense_resource<{{.*}}> : tensor<2x8xi8> -> tensor<2x8x!mlc_quant.uniform<i8<-127:127>:f32:0, {0.031496063, 0.007874016}>>
// CHECK-NEXT:    %[[Y:.*]] = mlc_quant.weight_only_matmul %x, %[[W]]
// CHECK-NEXT:    %{{.*}} = mlc_tensor.add %[[Y]], %b
// CHECK-NOT:     mlc_tensor.linear

// int4 per group of 2 along K: one scale per (row, group), 1 for an all-zero group; values
// packed two per byte (2x8 -> 2x4 bytes).
// INT4-LABEL: func.func @main(
// INT4:         mlc_quant.constant dense_resource<{{.*}}> : tensor<2x4xui8> -> tensor<2x8x!mlc_quant.uniform<i4<-7:7>:f32:1 group 2, scales = dense<{{\[\[}}0.285714298, 0.571428597, 1.000000e+00, 1.000000e+00], [0.0714285746, 0.142857149, 1.000000e+00, 1.000000e+00]]> : tensor<2x4xf32>, zero_points = dense<0> : tensor<2x4xi64>>>
// INT4-NEXT:    mlc_quant.weight_only_matmul

// Per-tensor asymmetric: [min(w, 0), max(w, 0)] = [-2, 4] over 255 steps, zero point -128 + 2 / s.
// TENSOR-LABEL: func.func @main(
// TENSOR:         mlc_quant.constant {{.*}} -> tensor<2x8x!mlc_quant.uniform<i8:f32, 0.023529412:-43>>

// Static int8 activations: x quantized per tensor with calibrate's range, int8 x int8 -> i32, the sum read at
// scale sx * sw[n] and dequantized, then the float bias.
// W8A8-LABEL: func.func @main(
// W8A8:         %[[XQ:.*]] = mlc_quant.quantize %x : tensor<3x8xf32> -> tensor<3x8x!mlc_quant.uniform<i8<-127:127>:f32, {{.*}}>>
// W8A8-NEXT:    %[[W:.*]] = mlc_quant.constant
// W8A8-NEXT:    %[[ACC:.*]] = mlc_quant.matmul %[[XQ]], %[[W]] : {{.*}} -> tensor<3x2xi32>
// W8A8-NEXT:    %[[C:.*]] = mlc_quant.storage_cast %[[ACC]] : tensor<3x2xi32> -> tensor<3x2x!mlc_quant.uniform<i32:f32:1, {{.*}}>>
// W8A8-NEXT:    %[[D:.*]] = mlc_quant.dequantize %[[C]]
// W8A8-NEXT:    mlc_tensor.add %[[D]], %b

// requantize epilogue: the bias rounded to the i32 scale is added in i32, then i32 -> int8 -> float.
// REQ-LABEL: func.func @main(
// REQ:         %[[ACC:.*]] = mlc_quant.matmul
// REQ-NEXT:    %[[B:.*]] = mlc_tensor.constant dense<[{{.*}}]> : tensor<2xi32>
// REQ-NEXT:    %[[S:.*]] = mlc_tensor.add %[[ACC]], %[[B]] : tensor<3x2xi32>, tensor<2xi32> -> tensor<3x2xi32>
// REQ-NEXT:    %[[C:.*]] = mlc_quant.storage_cast %[[S]]
// REQ-NEXT:    %[[R:.*]] = mlc_quant.requantize %[[C]] : {{.*}} -> tensor<3x2x!mlc_quant.uniform<i8<-127:127>:f32, {{.*}}>>
// REQ-NEXT:    mlc_quant.dequantize %[[R]]

// NORANGE: remark: quantize: not applied to mlc_tensor.linear (weight 2x8): no calibration range (mlc_quant.range); run calibrate first
// GROUP: remark: quantize: applied to mlc_tensor.linear (weight 2x8): int8 per group of 4 weight-only
// GROUP: remark: quantize: not applied to mlc_tensor.matmul (weight 6x2): K=6 is not divisible by group-size 4
// W4A8: error: quantize: int8 activations need int8 weights
// BADW: error: quantize: unknown weights 'int2'; use weights=int8 or int4
// GROUPA8: error: quantize: int8 activations take per-tensor or per-channel weights; use granularity=channel
// REQW: error: quantize: epilogue=requantize needs activations=int8
// GS0: error: quantize: group-size must be >= 1, got 0
func.func @main(%x: tensor<3x8xf32>) -> tensor<3x2xf32> {
  %w = mlc_tensor.constant dense<[[1.0, -2.0, 0.5, 4.0, 0.0, 0.0, 0.0, 0.0], [0.25, 0.5, -1.0, 0.0, 0.0, 0.0, 0.0, 0.0]]> : tensor<2x8xf32>
  %b = mlc_tensor.constant dense<[0.5, -0.5]> : tensor<2xf32>
  // expected-remark @+1 {{quantize: applied to mlc_tensor.linear (weight 2x8): int8 per channel weight-only: weight SQNR 48.2 dB, 64 -> 24 weight bytes}}
  %y = mlc_tensor.linear %x, %w, %b : tensor<3x8xf32>, tensor<2x8xf32>, tensor<2xf32> -> tensor<3x2xf32>
  func.return %y : tensor<3x2xf32>
}

// A matmul weight [K, N] is transposed to [N, K]; K = 6 is not a multiple of 4 (see GROUP).
// CHECK-LABEL: func.func @matmul_k6(
// CHECK:         mlc_quant.constant dense_resource<{{.*}}> : tensor<2x6xi8> -> tensor<2x6x!mlc_quant.uniform<i8<-127:127>:f32:0, {0.007874016, 0.007874016}>>
// CHECK-NEXT:    mlc_quant.weight_only_matmul %x
func.func @matmul_k6(%x: tensor<3x6xf32>) -> tensor<3x2xf32> {
  %w = mlc_tensor.constant dense<1.0> : tensor<6x2xf32>
  // expected-remark @+1 {{quantize: applied to mlc_tensor.matmul (weight 6x2): int8 per channel weight-only: weight SQNR inf dB}}
  %y = mlc_tensor.matmul %x, %w : tensor<3x6xf32>, tensor<6x2xf32> -> tensor<3x2xf32>
  func.return %y : tensor<3x2xf32>
}

// Negative: a weight that is an argument stays a float matmul.
// CHECK-LABEL: func.func @dynamic_weight(
// CHECK-NEXT:    mlc_tensor.matmul %x, %w
func.func @dynamic_weight(%x: tensor<3x4xf32>, %w: tensor<4x2xf32>) -> tensor<3x2xf32> {
  // expected-remark @+1 {{quantize: not applied to mlc_tensor.matmul (weight 4x2): the weight is not a constant}}
  %y = mlc_tensor.matmul %x, %w : tensor<3x4xf32>, tensor<4x2xf32> -> tensor<3x2xf32>
  func.return %y : tensor<3x2xf32>
}

// Weight-only conv2d keeps the conv and reads its weight as reshape(dequantize(Wq)) from an
// [O, I*kh*kw] constant: int4 groups of 2 run along the flattened (I, kh, kw).
// CHECK-LABEL: func.func @conv(
// CHECK:         %[[Q:.*]] = mlc_quant.constant dense_resource<{{.*}}> : tensor<2x2xi8> -> tensor<2x2x!mlc_quant.uniform<i8<-127:127>:f32:0, {0.007874016, 0.015748031}>>
// CHECK-NEXT:    %[[D:.*]] = mlc_quant.dequantize %[[Q]] : {{.*}} -> tensor<2x2xf32>
// CHECK-NEXT:    %[[W:.*]] = mlc_tensor.reshape %[[D]] : tensor<2x2xf32> -> tensor<2x2x1x1xf32>
// CHECK-NEXT:    mlc_tensor.conv2d %x, %[[W]], %b
// INT4-LABEL: func.func @conv(
// INT4:         mlc_quant.constant dense_resource<{{.*}}> : tensor<2x1xui8> -> tensor<2x2x!mlc_quant.uniform<i4<-7:7>:f32:1 group 2, scales = dense<{{\[\[}}0.142857149], [0.285714298]]> : tensor<2x1xf32>, zero_points = dense<0> : tensor<2x1xi64>>>
// INT4-NEXT:    mlc_quant.dequantize
// INT4-NEXT:    mlc_tensor.reshape
// INT4-NEXT:    mlc_tensor.conv2d
func.func @conv(%x: tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = mlc_tensor.constant dense<[[[[1.0]], [[-0.5]]], [[[0.25]], [[2.0]]]]> : tensor<2x2x1x1xf32>
  %b = mlc_tensor.constant dense<[0.5, -0.5]> : tensor<2xf32>
  // expected-remark @+1 {{quantize: applied to mlc_tensor.conv2d (weight 2x2x1x1): int8 per channel weight-only: weight SQNR}}
  %c = mlc_tensor.conv2d %x, %w, %b : tensor<1x2x3x3xf32>, tensor<2x2x1x1xf32>, tensor<2xf32> -> tensor<1x2x3x3xf32>
  func.return %c : tensor<1x2x3x3xf32>
}

// Negative: an nhwc conv2d (HWIO weight) stays; convert-layout{to=nchw} makes it quantizable.
// CHECK-LABEL: func.func @conv_nhwc(
// CHECK-NEXT:    mlc_tensor.constant
// CHECK-NEXT:    mlc_tensor.conv2d
func.func @conv_nhwc(%x: tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32> {
  %w = mlc_tensor.constant dense<1.0> : tensor<1x1x2x2xf32>
  // expected-remark @+1 {{quantize: not applied to mlc_tensor.conv2d (weight 1x1x2x2): mlc_quant takes conv2d weights as OIHW; run convert-layout{to=nchw} first}}
  %c = mlc_tensor.conv2d %x, %w {layout = "nhwc"} : tensor<1x3x3x2xf32>, tensor<1x1x2x2xf32> -> tensor<1x3x3x2xf32>
  func.return %c : tensor<1x3x3x2xf32>
}
