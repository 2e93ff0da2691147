// RUN: mlc-opt %s | filecheck %s
// RUN: %roundtrip | filecheck %s
// RUN: mlc-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @unary
func.func @unary(%x: tensor<2x3xf32>, %h: tensor<4xf16>, %b: tensor<4xbf16>, %i: tensor<5xi8>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.neg %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %0 = mlc_tensor.neg %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.neg %i : tensor<5xi8> -> tensor<5xi8>
  %1 = mlc_tensor.neg %i : tensor<5xi8> -> tensor<5xi8>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.abs %i : tensor<5xi8> -> tensor<5xi8>
  %2 = mlc_tensor.abs %i : tensor<5xi8> -> tensor<5xi8>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.relu %i : tensor<5xi8> -> tensor<5xi8>
  %3 = mlc_tensor.relu %i : tensor<5xi8> -> tensor<5xi8>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.exp %h : tensor<4xf16> -> tensor<4xf16>
  %4 = mlc_tensor.exp %h : tensor<4xf16> -> tensor<4xf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.log %b : tensor<4xbf16> -> tensor<4xbf16>
  %5 = mlc_tensor.log %b : tensor<4xbf16> -> tensor<4xbf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.sqrt %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %6 = mlc_tensor.sqrt %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.rsqrt %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %7 = mlc_tensor.rsqrt %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.tanh %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %8 = mlc_tensor.tanh %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.erf %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %9 = mlc_tensor.erf %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.sigmoid %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %10 = mlc_tensor.sigmoid %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.silu %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %11 = mlc_tensor.silu %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.sin %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %12 = mlc_tensor.sin %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.cos %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %13 = mlc_tensor.cos %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.reciprocal %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %14 = mlc_tensor.reciprocal %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // The default approximation is not printed.
  // CHECK-NEXT: %{{.*}} = mlc_tensor.gelu %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %15 = mlc_tensor.gelu %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.gelu %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %16 = mlc_tensor.gelu %x {approximate = "none"} : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.gelu %x {approximate = "tanh"} : tensor<2x3xf32> -> tensor<2x3xf32>
  %17 = mlc_tensor.gelu %x {approximate = "tanh"} : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.exp %x {mlc.note = "kept"} : tensor<2x3xf32> -> tensor<2x3xf32>
  %18 = mlc_tensor.exp %x {mlc.note = "kept"} : tensor<2x3xf32> -> tensor<2x3xf32>
  func.return
}

// GENERIC: "mlc_tensor.neg"(%{{.*}}) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// GENERIC: "mlc_tensor.gelu"(%{{.*}}) <{approximate = "tanh"}> : (tensor<2x3xf32>) -> tensor<2x3xf32>

// CHECK-LABEL: func.func @binary
func.func @binary(%a: tensor<2x3xf32>, %row: tensor<3xf32>, %col: tensor<2x1xf32>, %s: tensor<f32>, %i: tensor<4xi32>, %p: tensor<4xi1>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.add %a, %row : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %0 = mlc_tensor.add %a, %row : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.sub %col, %row : tensor<2x1xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %1 = mlc_tensor.sub %col, %row : tensor<2x1xf32>, tensor<3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.mul %s, %a : tensor<f32>, tensor<2x3xf32> -> tensor<2x3xf32>
  %2 = mlc_tensor.mul %s, %a : tensor<f32>, tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.div %i, %i : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  %3 = mlc_tensor.div %i, %i : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.pow %a, %s : tensor<2x3xf32>, tensor<f32> -> tensor<2x3xf32>
  %4 = mlc_tensor.pow %a, %s : tensor<2x3xf32>, tensor<f32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.maximum %a, %col : tensor<2x3xf32>, tensor<2x1xf32> -> tensor<2x3xf32>
  %5 = mlc_tensor.maximum %a, %col : tensor<2x3xf32>, tensor<2x1xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.minimum %p, %p : tensor<4xi1>, tensor<4xi1> -> tensor<4xi1>
  %6 = mlc_tensor.minimum %p, %p : tensor<4xi1>, tensor<4xi1> -> tensor<4xi1>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.eq %a, %row : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>
  %7 = mlc_tensor.eq %a, %row : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xi1>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.ne %p, %p : tensor<4xi1>, tensor<4xi1> -> tensor<4xi1>
  %8 = mlc_tensor.ne %p, %p : tensor<4xi1>, tensor<4xi1> -> tensor<4xi1>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.lt %i, %i : tensor<4xi32>, tensor<4xi32> -> tensor<4xi1>
  %9 = mlc_tensor.lt %i, %i : tensor<4xi32>, tensor<4xi32> -> tensor<4xi1>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.le %s, %s : tensor<f32>, tensor<f32> -> tensor<i1>
  %10 = mlc_tensor.le %s, %s : tensor<f32>, tensor<f32> -> tensor<i1>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.gt %col, %row : tensor<2x1xf32>, tensor<3xf32> -> tensor<2x3xi1>
  %11 = mlc_tensor.gt %col, %row : tensor<2x1xf32>, tensor<3xf32> -> tensor<2x3xi1>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.ge %a, %a : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xi1>
  %12 = mlc_tensor.ge %a, %a : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xi1>
  func.return
}

// GENERIC: "mlc_tensor.add"(%{{.*}}, %{{.*}}) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// GENERIC: "mlc_tensor.eq"(%{{.*}}, %{{.*}}) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xi1>

// CHECK-LABEL: func.func @select_cast
func.func @select_cast(%c: tensor<2x1xi1>, %a: tensor<2x3xbf16>, %row: tensor<3xbf16>, %x: tensor<2x3xf32>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.select %c, %a, %row : tensor<2x1xi1>, tensor<2x3xbf16>, tensor<3xbf16> -> tensor<2x3xbf16>
  %0 = mlc_tensor.select %c, %a, %row : tensor<2x1xi1>, tensor<2x3xbf16>, tensor<3xbf16> -> tensor<2x3xbf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.cast %x : tensor<2x3xf32> -> tensor<2x3xbf16>
  %1 = mlc_tensor.cast %x : tensor<2x3xf32> -> tensor<2x3xbf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.cast %x : tensor<2x3xf32> -> tensor<2x3xi8>
  %2 = mlc_tensor.cast %x : tensor<2x3xf32> -> tensor<2x3xi8>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.cast %c : tensor<2x1xi1> -> tensor<2x1xf16>
  %3 = mlc_tensor.cast %c : tensor<2x1xi1> -> tensor<2x1xf16>
  func.return
}

// GENERIC: "mlc_tensor.select"(%{{.*}}, %{{.*}}, %{{.*}}) : (tensor<2x1xi1>, tensor<2x3xbf16>, tensor<3xbf16>) -> tensor<2x3xbf16>
// GENERIC: "mlc_tensor.cast"(%{{.*}}) : (tensor<2x3xf32>) -> tensor<2x3xbf16>
