// RUN: mlc-opt %s | filecheck %s
// RUN: %roundtrip | filecheck %s
// RUN: mlc-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @matmuls
func.func @matmuls(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>, %h: tensor<1x1xf16>, %i: tensor<3x5xi8>, %j: tensor<5x2xi8>, %p: tensor<2x1x3x4xbf16>, %q: tensor<5x4x6xbf16>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.matmul %a, %b : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  %0 = mlc_tensor.matmul %a, %b : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.matmul %h, %h : tensor<1x1xf16>, tensor<1x1xf16> -> tensor<1x1xf16>
  %1 = mlc_tensor.matmul %h, %h : tensor<1x1xf16>, tensor<1x1xf16> -> tensor<1x1xf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.matmul %i, %j : tensor<3x5xi8>, tensor<5x2xi8> -> tensor<3x2xi8>
  %2 = mlc_tensor.matmul %i, %j : tensor<3x5xi8>, tensor<5x2xi8> -> tensor<3x2xi8>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.batch_matmul %p, %q : tensor<2x1x3x4xbf16>, tensor<5x4x6xbf16> -> tensor<2x5x3x6xbf16>
  %3 = mlc_tensor.batch_matmul %p, %q : tensor<2x1x3x4xbf16>, tensor<5x4x6xbf16> -> tensor<2x5x3x6xbf16>
  func.return
}

// GENERIC-LABEL: "func.func"() <{sym_name = "matmuls"
// GENERIC: %{{.*}} = "mlc_tensor.matmul"(%a, %b) : (tensor<4x8xf32>, tensor<8x16xf32>) -> tensor<4x16xf32>
// GENERIC: %{{.*}} = "mlc_tensor.batch_matmul"(%p, %q) : (tensor<2x1x3x4xbf16>, tensor<5x4x6xbf16>) -> tensor<2x5x3x6xbf16>

// CHECK-LABEL: func.func @linears
func.func @linears(%x: tensor<2x3x8xf16>, %w: tensor<5x8xf16>, %b: tensor<5xf16>, %v: tensor<8xi32>, %wi: tensor<5x8xi32>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.linear %x, %w, %b : tensor<2x3x8xf16>, tensor<5x8xf16>, tensor<5xf16> -> tensor<2x3x5xf16>
  %0 = mlc_tensor.linear %x, %w, %b : tensor<2x3x8xf16>, tensor<5x8xf16>, tensor<5xf16> -> tensor<2x3x5xf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.linear %x, %w : tensor<2x3x8xf16>, tensor<5x8xf16> -> tensor<2x3x5xf16>
  %1 = mlc_tensor.linear %x, %w : tensor<2x3x8xf16>, tensor<5x8xf16> -> tensor<2x3x5xf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.linear %v, %wi : tensor<8xi32>, tensor<5x8xi32> -> tensor<5xi32>
  %2 = mlc_tensor.linear %v, %wi : tensor<8xi32>, tensor<5x8xi32> -> tensor<5xi32>
  func.return
}

// GENERIC-LABEL: "func.func"() <{sym_name = "linears"
// GENERIC: %{{.*}} = "mlc_tensor.linear"(%x, %w, %b) : (tensor<2x3x8xf16>, tensor<5x8xf16>, tensor<5xf16>) -> tensor<2x3x5xf16>
// GENERIC: %{{.*}} = "mlc_tensor.linear"(%x, %w) : (tensor<2x3x8xf16>, tensor<5x8xf16>) -> tensor<2x3x5xf16>

// CHECK-LABEL: func.func @convs
func.func @convs(%x: tensor<1x4x9x9xf32>, %w: tensor<6x2x3x3xf32>, %b: tensor<6xf32>, %d: tensor<4x1x3x3xf32>, %xh: tensor<2x9x8x3xbf16>, %wh: tensor<3x2x3x5xbf16>) {
  // Default options are elided.
  // CHECK-NEXT: %{{.*}} = mlc_tensor.conv2d %x, %w, %b {groups = 2 : i64} : tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>, tensor<6xf32> -> tensor<1x6x7x7xf32>
  %0 = mlc_tensor.conv2d %x, %w, %b {strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 2 : i64, layout = "nchw"} : tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>, tensor<6xf32> -> tensor<1x6x7x7xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.conv2d %x, %d {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 4 : i64} : tensor<1x4x9x9xf32>, tensor<4x1x3x3xf32> -> tensor<1x4x5x5xf32>
  %1 = mlc_tensor.conv2d %x, %d {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, groups = 4 : i64} : tensor<1x4x9x9xf32>, tensor<4x1x3x3xf32> -> tensor<1x4x5x5xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.conv2d %xh, %wh {padding = array<i64: 0, 1, 2, 0>, dilation = array<i64: 2, 1>, layout = "nhwc"} : tensor<2x9x8x3xbf16>, tensor<3x2x3x5xbf16> -> tensor<2x6x9x5xbf16>
  %2 = mlc_tensor.conv2d %xh, %wh {padding = array<i64: 0, 1, 2, 0>, dilation = array<i64: 2, 1>, layout = "nhwc"} : tensor<2x9x8x3xbf16>, tensor<3x2x3x5xbf16> -> tensor<2x6x9x5xbf16>
  func.return
}

// GENERIC-LABEL: "func.func"() <{sym_name = "convs"
// GENERIC: %{{.*}} = "mlc_tensor.conv2d"(%x, %w, %b) <{strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, groups = 2 : i64, layout = "nchw"}> : (tensor<1x4x9x9xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x7x7xf32>
// GENERIC: %{{.*}} = "mlc_tensor.conv2d"(%xh, %wh) <{padding = array<i64: 0, 1, 2, 0>, dilation = array<i64: 2, 1>, layout = "nhwc", groups = 1 : i64, strides = array<i64: 1, 1>}> : (tensor<2x9x8x3xbf16>, tensor<3x2x3x5xbf16>) -> tensor<2x6x9x5xbf16>
