// RUN: mlc-opt %s | filecheck %s
// RUN: %roundtrip | filecheck %s
// RUN: mlc-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @reshape_transpose
func.func @reshape_transpose(%x: tensor<2x3x4xf32>, %b: tensor<1x5xi1>, %s: tensor<bf16>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  %0 = mlc_tensor.reshape %x : tensor<2x3x4xf32> -> tensor<6x4xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.reshape %b : tensor<1x5xi1> -> tensor<5x1x1xi1>
  %1 = mlc_tensor.reshape %b : tensor<1x5xi1> -> tensor<5x1x1xi1>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.reshape %s : tensor<bf16> -> tensor<1x1xbf16>
  %2 = mlc_tensor.reshape %s : tensor<bf16> -> tensor<1x1xbf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  %3 = mlc_tensor.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.transpose %b {perm = array<i64: 1, 0>} : tensor<1x5xi1> -> tensor<5x1xi1>
  %4 = mlc_tensor.transpose %b {perm = array<i64: 1, 0>} : tensor<1x5xi1> -> tensor<5x1xi1>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.transpose %s {perm = array<i64>} : tensor<bf16> -> tensor<bf16>
  %5 = mlc_tensor.transpose %s {perm = array<i64>} : tensor<bf16> -> tensor<bf16>
  // CHECK-NEXT: func.return
  func.return
}

// torch's expand has no op of its own: once -1 is resolved it is broadcast_to.
// CHECK-LABEL: func.func @broadcast
func.func @broadcast(%x: tensor<3x1xi8>, %s: tensor<f16>, %y: tensor<2x3xi64>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.broadcast_to %x : tensor<3x1xi8> -> tensor<2x3x4xi8>
  %0 = mlc_tensor.broadcast_to %x : tensor<3x1xi8> -> tensor<2x3x4xi8>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.broadcast_to %s : tensor<f16> -> tensor<7xf16>
  %1 = mlc_tensor.broadcast_to %s : tensor<f16> -> tensor<7xf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.broadcast_to %y : tensor<2x3xi64> -> tensor<2x3xi64>
  %2 = mlc_tensor.broadcast_to %y : tensor<2x3xi64> -> tensor<2x3xi64>
  // CHECK-NEXT: func.return
  func.return
}

// CHECK-LABEL: func.func @concat_slice
func.func @concat_slice(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>, %c: tensor<7x1xi32>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.concat %a, %b, %a {axis = 1 : i64} : tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x3xf32> -> tensor<2x7xf32>
  %0 = mlc_tensor.concat %a, %b, %a {axis = 1 : i64} : tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x3xf32> -> tensor<2x7xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.concat %c {axis = 0 : i64} : tensor<7x1xi32> -> tensor<7x1xi32>
  %1 = mlc_tensor.concat %c {axis = 0 : i64} : tensor<7x1xi32> -> tensor<7x1xi32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.slice %c {start = array<i64: 1, 0>, limit = array<i64: 7, 1>, step = array<i64: 3, 1>} : tensor<7x1xi32> -> tensor<2x1xi32>
  %2 = mlc_tensor.slice %c {start = array<i64: 1, 0>, limit = array<i64: 7, 1>, step = array<i64: 3, 1>} : tensor<7x1xi32> -> tensor<2x1xi32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.slice %a {start = array<i64: 2, 1>, limit = array<i64: 2, 3>, step = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<0x2xf32>
  %3 = mlc_tensor.slice %a {start = array<i64: 2, 1>, limit = array<i64: 2, 3>, step = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<0x2xf32>
  // CHECK-NEXT: func.return
  func.return
}

// Embedding is gather on axis 0 of a [V, D] table.
// CHECK-LABEL: func.func @gather
func.func @gather(%table: tensor<10x8xbf16>, %ids: tensor<2x5xi64>, %x: tensor<4x3x2xi1>, %i: tensor<i32>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.gather %table, %ids {axis = 0 : i64} : tensor<10x8xbf16>, tensor<2x5xi64> -> tensor<2x5x8xbf16>
  %0 = mlc_tensor.gather %table, %ids {axis = 0 : i64} : tensor<10x8xbf16>, tensor<2x5xi64> -> tensor<2x5x8xbf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.gather %x, %ids {axis = 1 : i64} : tensor<4x3x2xi1>, tensor<2x5xi64> -> tensor<4x2x5x2xi1>
  %1 = mlc_tensor.gather %x, %ids {axis = 1 : i64} : tensor<4x3x2xi1>, tensor<2x5xi64> -> tensor<4x2x5x2xi1>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.gather %x, %i {axis = 2 : i64} : tensor<4x3x2xi1>, tensor<i32> -> tensor<4x3xi1>
  %2 = mlc_tensor.gather %x, %i {axis = 2 : i64} : tensor<4x3x2xi1>, tensor<i32> -> tensor<4x3xi1>
  // CHECK-NEXT: func.return
  func.return
}

// The default mode (constant) and value (0.0) are not printed.
// CHECK-LABEL: func.func @pad
func.func @pad(%x: tensor<3x4xf32>, %y: tensor<2x1xi8>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 2>} : tensor<3x4xf32> -> tensor<4x6xf32>
  %0 = mlc_tensor.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 2>, mode = "constant", value = 0.0 : f64} : tensor<3x4xf32> -> tensor<4x6xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.pad %x {low = array<i64: 0, 1>, high = array<i64: 0, 1>, value = 0xfff0000000000000 : f64} : tensor<3x4xf32> -> tensor<3x6xf32>
  %1 = mlc_tensor.pad %x {low = array<i64: 0, 1>, high = array<i64: 0, 1>, value = 0xFFF0000000000000 : f64} : tensor<3x4xf32> -> tensor<3x6xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.pad %x {low = array<i64: 2, 3>, high = array<i64: 2, 0>, mode = "reflect"} : tensor<3x4xf32> -> tensor<7x7xf32>
  %2 = mlc_tensor.pad %x {low = array<i64: 2, 3>, high = array<i64: 2, 0>, mode = "reflect"} : tensor<3x4xf32> -> tensor<7x7xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.pad %y {low = array<i64: 0, 5>, high = array<i64: 1, 0>, mode = "replicate"} : tensor<2x1xi8> -> tensor<3x6xi8>
  %3 = mlc_tensor.pad %y {low = array<i64: 0, 5>, high = array<i64: 1, 0>, mode = "replicate"} : tensor<2x1xi8> -> tensor<3x6xi8>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.pad %y {low = array<i64: 1, 0>, high = array<i64: 0, 0>, value = -1.280000e+02 : f64} : tensor<2x1xi8> -> tensor<3x1xi8>
  %4 = mlc_tensor.pad %y {low = array<i64: 1, 0>, high = array<i64: 0, 0>, value = -128.0 : f64} : tensor<2x1xi8> -> tensor<3x1xi8>
  // CHECK-NEXT: func.return
  func.return
}

// GENERIC: "mlc_tensor.reshape"(%x) : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
// GENERIC: "mlc_tensor.transpose"(%x) <{perm = array<i64: 2, 0, 1>}> : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
// GENERIC: "mlc_tensor.broadcast_to"(%x) : (tensor<3x1xi8>) -> tensor<2x3x4xi8>
// GENERIC: "mlc_tensor.concat"(%a, %b, %a) <{axis = 1 : i64}> : (tensor<2x3xf32>, tensor<2x1xf32>, tensor<2x3xf32>) -> tensor<2x7xf32>
// GENERIC: "mlc_tensor.slice"(%c) <{start = array<i64: 1, 0>, limit = array<i64: 7, 1>, step = array<i64: 3, 1>}> : (tensor<7x1xi32>) -> tensor<2x1xi32>
// GENERIC: "mlc_tensor.gather"(%table, %ids) <{axis = 0 : i64}> : (tensor<10x8xbf16>, tensor<2x5xi64>) -> tensor<2x5x8xbf16>
// GENERIC: "mlc_tensor.pad"(%x) <{low = array<i64: 1, 0>, high = array<i64: 0, 2>, mode = "constant", value = 0.000000e+00 : f64}> : (tensor<3x4xf32>) -> tensor<4x6xf32>
// GENERIC: "mlc_tensor.pad"(%x) <{low = array<i64: 2, 3>, high = array<i64: 2, 0>, mode = "reflect", value = 0.000000e+00 : f64}> : (tensor<3x4xf32>) -> tensor<7x7xf32>
