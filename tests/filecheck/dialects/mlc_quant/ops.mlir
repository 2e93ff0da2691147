// RUN: mlc-opt %s | filecheck %s
// RUN: %roundtrip | filecheck %s
// RUN: mlc-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// Every mlc_quant type, attribute and op in its custom format; the generic form checks
// that the constant's blobs and the conv/matmul options are properties.
// CHECK-LABEL: func.func @conversions
// CHECK-NEXT: %q = mlc_quant.quantize %x : tensor<4x8xf32> -> tensor<4x8x!mlc_quant.uniform<i8:f32, 0.0125:-3>>
// CHECK-NEXT: %n = mlc_quant.quantize %x : tensor<4x8xf32> -> tensor<4x8x!mlc_quant.uniform<i8<-127:127>:f32, 0.5>>
// CHECK-NEXT: %a = mlc_quant.quantize %x : tensor<4x8xf32> -> tensor<4x8x!mlc_quant.uniform<u8:f32:0, {0.1:128, 0.2, 0.3:1, 1.0e-08:255}>>
// CHECK-NEXT: %g = mlc_quant.quantize %h : tensor<2x4xf16> -> tensor<2x4x!mlc_quant.uniform<u4:f16:1 group 2, scales = dense<{{\[\[}}1.000000e+00, 2.000000e+00], [5.000000e-01, 2.500000e-01{{\]\]}}> : tensor<2x2xf16>, zero_points = dense<8> : tensor<2x2xi8>>>
// CHECK-NEXT: %r = mlc_quant.quantize %h : tensor<2x4xf16> -> tensor<2x4x!mlc_quant.uniform<i4:f16:1 group 4, scales = dense_resource<group_scales> : tensor<2x1xf32>, zero_points = dense<0> : tensor<2x1xi8>>>
// CHECK-NEXT: %rq = mlc_quant.requantize %q : tensor<4x8x!mlc_quant.uniform<i8:f32, 0.0125:-3>> -> tensor<4x8x!mlc_quant.uniform<u8:f32, 0.025:128>>
// CHECK-NEXT: %s = mlc_quant.storage_cast %rq : tensor<4x8x!mlc_quant.uniform<u8:f32, 0.025:128>> -> tensor<4x8xui8>
// CHECK-NEXT: %d = mlc_quant.dequantize %q {mlc_quant.decision = #mlc_quant.decision<int8, sqnr = 31.2 dB, max_error = 0.0125, reason = "within budget">} : tensor<4x8x!mlc_quant.uniform<i8:f32, 0.0125:-3>> -> tensor<4x8xf32>
// CHECK-NEXT: func.return %d : tensor<4x8xf32>
func.func @conversions(%x: tensor<4x8xf32>, %h: tensor<2x4xf16>) -> tensor<4x8xf32> {
  %q = mlc_quant.quantize %x : tensor<4x8xf32> -> tensor<4x8x!mlc_quant.uniform<i8:f32, 0.0125:-3>>
  %n = mlc_quant.quantize %x : tensor<4x8xf32> -> tensor<4x8x!mlc_quant.uniform<i8<-127:127>:f32, 5.0e-01>>
  %a = mlc_quant.quantize %x : tensor<4x8xf32> -> tensor<4x8x!mlc_quant.uniform<u8:f32:0, {0.1:128, 0.2:0, 0.30000001:1, 1.0e-08:255}>>
  %g = mlc_quant.quantize %h : tensor<2x4xf16> -> tensor<2x4x!mlc_quant.uniform<u4:f16:1 group 2, scales = dense<[[1.0, 2.0], [0.5, 0.25]]> : tensor<2x2xf16>, zero_points = dense<8> : tensor<2x2xi8>>>
  %r = mlc_quant.quantize %h : tensor<2x4xf16> -> tensor<2x4x!mlc_quant.uniform<i4:f16:1 group 4, scales = dense_resource<group_scales> : tensor<2x1xf32>, zero_points = dense<0> : tensor<2x1xi8>>>
  %rq = mlc_quant.requantize %q : tensor<4x8x!mlc_quant.uniform<i8:f32, 0.0125:-3>> -> tensor<4x8x!mlc_quant.uniform<u8:f32, 0.025:128>>
  %s = mlc_quant.storage_cast %rq : tensor<4x8x!mlc_quant.uniform<u8:f32, 0.025:128>> -> tensor<4x8xui8>
  %d = mlc_quant.dequantize %q {mlc_quant.decision = #mlc_quant.decision<int8, sqnr = 31.2 dB, max_error = 0.0125, reason = "within budget">} : tensor<4x8x!mlc_quant.uniform<i8:f32, 0.0125:-3>> -> tensor<4x8xf32>
  func.return %d : tensor<4x8xf32>
}

// CHECK-LABEL: func.func @constants
// CHECK-NEXT: %w4 = mlc_quant.constant dense<{{\[\[}}33, 2], [255, 0{{\]\]}}> : tensor<2x2xui8> -> tensor<2x4x!mlc_quant.uniform<i4:f32:0, {0.5, 0.25}>>
// CHECK-NEXT: %w24 = mlc_quant.constant dense_resource<sparse_values> : tensor<2x4xf16>, dense<{{\[\[}}228], [177{{\]\]}}> : tensor<2x1xui8> -> tensor<2x8xf16, #mlc_quant.sparse_2_4<axis = 1>>
// CHECK-NEXT: %w = mlc_quant.constant dense<{{\[\[}}1, -2], [3, 4{{\]\]}}> : tensor<2x2xi8>, dense<{{\[\[}}14], [4{{\]\]}}> : tensor<2x1xui8> -> tensor<2x4x!mlc_quant.uniform<i8:f32:0, {0.1, 0.2}>, #mlc_quant.sparse_2_4<axis = 1>>
// CHECK-NEXT: func.return %w4, %w24 : tensor<2x4x!mlc_quant.uniform<i4:f32:0, {0.5, 0.25}>>, tensor<2x8xf16, #mlc_quant.sparse_2_4<axis = 1>>
func.func @constants() -> (tensor<2x4x!mlc_quant.uniform<i4:f32:0, {0.5, 0.25}>>, tensor<2x8xf16, #mlc_quant.sparse_2_4<axis = 1>>) {
  %w4 = mlc_quant.constant dense<[[33, 2], [255, 0]]> : tensor<2x2xui8> -> tensor<2x4x!mlc_quant.uniform<i4:f32:0, {0.5, 0.25}>>
  %w24 = mlc_quant.constant dense_resource<sparse_values> : tensor<2x4xf16>, dense<[[228], [177]]> : tensor<2x1xui8> -> tensor<2x8xf16, #mlc_quant.sparse_2_4<axis = 1>>
  %w = mlc_quant.constant dense<[[1, -2], [3, 4]]> : tensor<2x2xi8>, dense<[[14], [4]]> : tensor<2x1xui8> -> tensor<2x4x!mlc_quant.uniform<i8:f32:0, {0.1, 0.2}>, #mlc_quant.sparse_2_4<axis = 1>>
  func.return %w4, %w24 : tensor<2x4x!mlc_quant.uniform<i4:f32:0, {0.5, 0.25}>>, tensor<2x8xf16, #mlc_quant.sparse_2_4<axis = 1>>
}

// CHECK-LABEL: func.func @compute
// CHECK-NEXT: %0 = mlc_quant.matmul %a, %w : tensor<3x16x!mlc_quant.uniform<i8:f32, 0.05:-3>>, tensor<8x16x!mlc_quant.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.1, 0.2, 0.1, 0.2, 0.1, 0.2}>> -> tensor<3x8xi32>
// CHECK-NEXT: %1 = mlc_quant.matmul %p, %p {lhs_zero_point = -5 : i64, rhs_zero_point = 3 : i64} : tensor<3x16xi8>, tensor<3x16xi8> -> tensor<3x3xi32>
// CHECK-NEXT: %2 = mlc_quant.weight_only_matmul %x, %w4 : tensor<2x3x16xf16>, tensor<8x16x!mlc_quant.uniform<i4:f16:1 group 8, scales = dense<5.000000e-01> : tensor<8x2xf16>, zero_points = dense<0> : tensor<8x2xi8>>> -> tensor<2x3x8xf16>
// CHECK-NEXT: %3 = mlc_quant.sparse_matmul %x, %ws : tensor<2x3x16xf16>, tensor<8x16xf16, #mlc_quant.sparse_2_4<axis = 1>> -> tensor<2x3x8xf16>
// CHECK-NEXT: %4 = mlc_quant.conv2d %img, %k {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 2 : i64, lhs_zero_point = 7 : i64} : tensor<1x4x8x8xi8>, tensor<6x2x3x3xi8> -> tensor<1x6x4x4xi32>
// CHECK-NEXT: %5 = mlc_quant.conv2d %img, %k {groups = 2 : i64} : tensor<1x4x8x8xi8>, tensor<6x2x3x3xi8> -> tensor<1x6x6x6xi32>
// CHECK-NEXT: %6 = mlc_quant.storage_cast %0 : tensor<3x8xi32> -> tensor<3x8x!mlc_quant.uniform<i32:f32:1, {0.005, 0.01, 0.005, 0.01, 0.005, 0.01, 0.005, 0.01}>>
// CHECK-NEXT: %7 = mlc_quant.requantize %6 : tensor<3x8x!mlc_quant.uniform<i32:f32:1, {0.005, 0.01, 0.005, 0.01, 0.005, 0.01, 0.005, 0.01}>> -> tensor<3x8x!mlc_quant.uniform<i8:f32, 0.1:-2>>
// CHECK-NEXT: func.return
func.func @compute(%a: tensor<3x16x!mlc_quant.uniform<i8:f32, 0.05:-3>>, %w: tensor<8x16x!mlc_quant.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.1, 0.2, 0.1, 0.2, 0.1, 0.2}>>, %p: tensor<3x16xi8>, %x: tensor<2x3x16xf16>, %w4: tensor<8x16x!mlc_quant.uniform<i4:f16:1 group 8, scales = dense<0.5> : tensor<8x2xf16>, zero_points = dense<0> : tensor<8x2xi8>>>, %ws: tensor<8x16xf16, #mlc_quant.sparse_2_4<axis = 1>>, %img: tensor<1x4x8x8xi8>, %k: tensor<6x2x3x3xi8>) {
  %0 = mlc_quant.matmul %a, %w : tensor<3x16x!mlc_quant.uniform<i8:f32, 0.05:-3>>, tensor<8x16x!mlc_quant.uniform<i8<-127:127>:f32:0, {0.1, 0.2, 0.1, 0.2, 0.1, 0.2, 0.1, 0.2}>> -> tensor<3x8xi32>
  %1 = mlc_quant.matmul %p, %p {lhs_zero_point = -5 : i64, rhs_zero_point = 3 : i64} : tensor<3x16xi8>, tensor<3x16xi8> -> tensor<3x3xi32>
  %2 = mlc_quant.weight_only_matmul %x, %w4 : tensor<2x3x16xf16>, tensor<8x16x!mlc_quant.uniform<i4:f16:1 group 8, scales = dense<0.5> : tensor<8x2xf16>, zero_points = dense<0> : tensor<8x2xi8>>> -> tensor<2x3x8xf16>
  %3 = mlc_quant.sparse_matmul %x, %ws : tensor<2x3x16xf16>, tensor<8x16xf16, #mlc_quant.sparse_2_4<axis = 1>> -> tensor<2x3x8xf16>
  %4 = mlc_quant.conv2d %img, %k {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 2 : i64, lhs_zero_point = 7 : i64} : tensor<1x4x8x8xi8>, tensor<6x2x3x3xi8> -> tensor<1x6x4x4xi32>
  %5 = mlc_quant.conv2d %img, %k {groups = 2 : i64} : tensor<1x4x8x8xi8>, tensor<6x2x3x3xi8> -> tensor<1x6x6x6xi32>
  %6 = mlc_quant.storage_cast %0 : tensor<3x8xi32> -> tensor<3x8x!mlc_quant.uniform<i32:f32:1, {5.0e-03, 0.01, 5.0e-03, 0.01, 5.0e-03, 0.01, 5.0e-03, 0.01}>>
  %7 = mlc_quant.requantize %6 : tensor<3x8x!mlc_quant.uniform<i32:f32:1, {5.0e-03, 0.01, 5.0e-03, 0.01, 5.0e-03, 0.01, 5.0e-03, 0.01}>> -> tensor<3x8x!mlc_quant.uniform<i8:f32, 0.1:-2>>
  func.return
}

// GENERIC: %w4 = "mlc_quant.constant"() <{values = dense<{{\[\[}}33, 2], [255, 0{{\]\]}}> : tensor<2x2xui8>}> : () -> tensor<2x4x!mlc_quant.uniform<i4:f32:0, {0.5, 0.25}>>
// GENERIC: %w24 = "mlc_quant.constant"() <{values = dense_resource<sparse_values> : tensor<2x4xf16>, indices = dense<{{\[\[}}228], [177{{\]\]}}> : tensor<2x1xui8>}> : () -> tensor<2x8xf16, #mlc_quant.sparse_2_4<axis = 1>>
// GENERIC: %w = "mlc_quant.constant"() <{values = dense<{{\[\[}}1, -2], [3, 4{{\]\]}}> : tensor<2x2xi8>, indices = dense<{{\[\[}}14], [4{{\]\]}}> : tensor<2x1xui8>}> : () -> tensor<2x4x!mlc_quant.uniform<i8:f32:0, {0.1, 0.2}>, #mlc_quant.sparse_2_4<axis = 1>>
// GENERIC: %1 = "mlc_quant.matmul"(%p, %p) <{lhs_zero_point = -5 : i64, rhs_zero_point = 3 : i64}> : (tensor<3x16xi8>, tensor<3x16xi8>) -> tensor<3x3xi32>
// GENERIC: %4 = "mlc_quant.conv2d"(%img, %k) <{strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 2 : i64, lhs_zero_point = 7 : i64, dilation = array<i64: 1, 1>}> : (tensor<1x4x8x8xi8>, tensor<6x2x3x3xi8>) -> tensor<1x6x4x4xi32>
// GENERIC: %5 = "mlc_quant.conv2d"(%img, %k) <{groups = 2 : i64, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>}> : (tensor<1x4x8x8xi8>, tensor<6x2x3x3xi8>) -> tensor<1x6x6x6xi32>

{-#
  dialect_resources: {
    builtin: {
      group_scales: "0x040000000000803F0000003F",
      sparse_values: "0x04000000003C0040004200440045004600470048"
    }
  }
#-}
