// RUN: mlc-opt %s | filecheck %s
// RUN: %roundtrip | filecheck %s
// RUN: mlc-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// ===== elementwise ops =====

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

// CHECK-LABEL: func.func @rounding_and_inverse_math
func.func @rounding_and_inverse_math(%x: tensor<2x3xf32>, %h: tensor<4xf16>, %b: tensor<4xbf16>, %i: tensor<5xi8>, %p: tensor<4xi1>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.floor %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %0 = mlc_tensor.floor %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.ceil %h : tensor<4xf16> -> tensor<4xf16>
  %1 = mlc_tensor.ceil %h : tensor<4xf16> -> tensor<4xf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.round %b : tensor<4xbf16> -> tensor<4xbf16>
  %2 = mlc_tensor.round %b : tensor<4xbf16> -> tensor<4xbf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.trunc %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %3 = mlc_tensor.trunc %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.sign %i : tensor<5xi8> -> tensor<5xi8>
  %4 = mlc_tensor.sign %i : tensor<5xi8> -> tensor<5xi8>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.erf_inv %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %5 = mlc_tensor.erf_inv %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.asin %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %6 = mlc_tensor.asin %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.acos %h : tensor<4xf16> -> tensor<4xf16>
  %7 = mlc_tensor.acos %h : tensor<4xf16> -> tensor<4xf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.atan %b : tensor<4xbf16> -> tensor<4xbf16>
  %8 = mlc_tensor.atan %b : tensor<4xbf16> -> tensor<4xbf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.log1p %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %9 = mlc_tensor.log1p %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.expm1 %x : tensor<2x3xf32> -> tensor<2x3xf32>
  %10 = mlc_tensor.expm1 %x : tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.not %i : tensor<5xi8> -> tensor<5xi8>
  %11 = mlc_tensor.not %i : tensor<5xi8> -> tensor<5xi8>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.not %p : tensor<4xi1> -> tensor<4xi1>
  %12 = mlc_tensor.not %p : tensor<4xi1> -> tensor<4xi1>
  func.return
}

// GENERIC: "mlc_tensor.floor"(%{{.*}}) : (tensor<2x3xf32>) -> tensor<2x3xf32>
// GENERIC: "mlc_tensor.not"(%{{.*}}) : (tensor<4xi1>) -> tensor<4xi1>

// CHECK-LABEL: func.func @remainder_and_bitwise
func.func @remainder_and_bitwise(%a: tensor<2x3xf32>, %row: tensor<3xf32>, %i: tensor<4xi32>, %s: tensor<i32>, %p: tensor<4xi1>, %q: tensor<2x1xi64>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.rem %a, %row : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %0 = mlc_tensor.rem %a, %row : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.rem %i, %s : tensor<4xi32>, tensor<i32> -> tensor<4xi32>
  %1 = mlc_tensor.rem %i, %s : tensor<4xi32>, tensor<i32> -> tensor<4xi32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.atan2 %row, %a : tensor<3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  %2 = mlc_tensor.atan2 %row, %a : tensor<3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.and %i, %s : tensor<4xi32>, tensor<i32> -> tensor<4xi32>
  %3 = mlc_tensor.and %i, %s : tensor<4xi32>, tensor<i32> -> tensor<4xi32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.or %p, %p : tensor<4xi1>, tensor<4xi1> -> tensor<4xi1>
  %4 = mlc_tensor.or %p, %p : tensor<4xi1>, tensor<4xi1> -> tensor<4xi1>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.xor %q, %q : tensor<2x1xi64>, tensor<2x1xi64> -> tensor<2x1xi64>
  %5 = mlc_tensor.xor %q, %q : tensor<2x1xi64>, tensor<2x1xi64> -> tensor<2x1xi64>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.shift_left %i, %s : tensor<4xi32>, tensor<i32> -> tensor<4xi32>
  %6 = mlc_tensor.shift_left %i, %s : tensor<4xi32>, tensor<i32> -> tensor<4xi32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.shift_right_arithmetic %i, %i : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  %7 = mlc_tensor.shift_right_arithmetic %i, %i : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.shift_right_logical %s, %i : tensor<i32>, tensor<4xi32> -> tensor<4xi32>
  %8 = mlc_tensor.shift_right_logical %s, %i : tensor<i32>, tensor<4xi32> -> tensor<4xi32>
  func.return
}

// GENERIC: "mlc_tensor.rem"(%{{.*}}, %{{.*}}) : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// GENERIC: "mlc_tensor.shift_right_logical"(%{{.*}}, %{{.*}}) : (tensor<i32>, tensor<4xi32>) -> tensor<4xi32>

// ===== constant ops =====

// CHECK-LABEL: func.func @constants
func.func @constants() {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.constant dense<[[1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
  %0 = mlc_tensor.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.constant dense<1.500000e+00> : tensor<2x2xbf16>
  %1 = mlc_tensor.constant dense<1.5> : tensor<2x2xbf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.constant dense<[true, false]> : tensor<2xi1>
  %2 = mlc_tensor.constant dense<[true, false]> : tensor<2xi1>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.constant dense<-7> : tensor<i8>
  %3 = mlc_tensor.constant dense<-7> : tensor<i8>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.constant {mlc.name = "w"} dense_resource<w> : tensor<2xf16>
  %4 = mlc_tensor.constant {mlc.name = "w"} dense_resource<w> : tensor<2xf16>
  func.return
}

// GENERIC: "mlc_tensor.constant"() <{value = dense<[true, false]> : tensor<2xi1>}> : () -> tensor<2xi1>
// GENERIC: "mlc_tensor.constant"() <{value = dense_resource<w> : tensor<2xf16>}> {mlc.name = "w"} : () -> tensor<2xf16>

// CHECK-LABEL: func.func @iotas
func.func @iotas() {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.iota : tensor<4xi32>
  %0 = mlc_tensor.iota : tensor<4xi32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.iota {dimension = 1 : i64, start = 1.000000e+00 : f64, step = 5.000000e-01 : f64} : tensor<2x3xf32>
  %1 = mlc_tensor.iota {dimension = 1, start = 1.0 : f64, step = 0.5 : f64} : tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.iota {start = 3 : i64, step = -2 : i64} : tensor<5xi8>
  %2 = mlc_tensor.iota {start = 3, step = -2} : tensor<5xi8>
  func.return
}

// GENERIC: "mlc_tensor.iota"() <{dimension = 1 : i64, start = 1.000000e+00 : f64, step = 5.000000e-01 : f64}> : () -> tensor<2x3xf32>

{-#
  dialect_resources: {
    builtin: {
      w: "0x04000000003C0040"
    }
  }
#-}

// ===== shape ops =====

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

// CHECK-LABEL: func.func @scatter
func.func @scatter(%x: tensor<4x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>, %j: tensor<4x1xi32>, %v: tensor<4x1xf32>, %p: tensor<5xi1>, %k: tensor<2xi64>, %w: tensor<2xi1>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.scatter %x, %i, %u {axis = 0 : i64} : tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32> -> tensor<4x3xf32>
  %0 = mlc_tensor.scatter %x, %i, %u {axis = 0 : i64} : tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32> -> tensor<4x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.scatter_add %x, %j, %v {axis = 1 : i64} : tensor<4x3xf32>, tensor<4x1xi32>, tensor<4x1xf32> -> tensor<4x3xf32>
  %1 = mlc_tensor.scatter_add %x, %j, %v {axis = 1 : i64} : tensor<4x3xf32>, tensor<4x1xi32>, tensor<4x1xf32> -> tensor<4x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.scatter %p, %k, %w {axis = 0 : i64} : tensor<5xi1>, tensor<2xi64>, tensor<2xi1> -> tensor<5xi1>
  %2 = mlc_tensor.scatter %p, %k, %w {axis = 0 : i64} : tensor<5xi1>, tensor<2xi64>, tensor<2xi1> -> tensor<5xi1>
  func.return
}

// GENERIC: "mlc_tensor.scatter_add"(%x, %j, %v) <{axis = 1 : i64}> : (tensor<4x3xf32>, tensor<4x1xi32>, tensor<4x1xf32>) -> tensor<4x3xf32>

// ===== contraction ops =====

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

// ===== pooling ops =====

// CHECK-LABEL: func.func @pools
func.func @pools(%x: tensor<2x3x9x9xf32>, %h: tensor<1x7x8x4xf16>, %b: tensor<1x1x1x1xbf16>) {
  // Default options (strides 1, no padding, no dilation, floor mode, nchw) are elided.
  // CHECK-NEXT: %{{.*}} = mlc_tensor.max_pool2d %x {kernel = array<i64: 3, 3>} : tensor<2x3x9x9xf32> -> tensor<2x3x7x7xf32>
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, ceil_mode = false, layout = "nchw"} : tensor<2x3x9x9xf32> -> tensor<2x3x7x7xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, dilation = array<i64: 2, 1>, ceil_mode = true} : tensor<2x3x9x9xf32> -> tensor<2x3x4x5xf32>
  %1 = mlc_tensor.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, dilation = array<i64: 2, 1>, ceil_mode = true} : tensor<2x3x9x9xf32> -> tensor<2x3x4x5xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.avg_pool2d %h {kernel = array<i64: 2, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 1>, count_include_pad = false, layout = "nhwc"} : tensor<1x7x8x4xf16> -> tensor<1x4x4x4xf16>
  %2 = mlc_tensor.avg_pool2d %h {kernel = array<i64: 2, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 1>, count_include_pad = false, layout = "nhwc"} : tensor<1x7x8x4xf16> -> tensor<1x4x4x4xf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = true} : tensor<2x3x9x9xf32> -> tensor<2x3x5x5xf32>
  %3 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = true, count_include_pad = true} : tensor<2x3x9x9xf32> -> tensor<2x3x5x5xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.max_pool2d %b {kernel = array<i64: 1, 1>} : tensor<1x1x1x1xbf16> -> tensor<1x1x1x1xbf16>
  %4 = mlc_tensor.max_pool2d %b {kernel = array<i64: 1, 1>} : tensor<1x1x1x1xbf16> -> tensor<1x1x1x1xbf16>
  func.return
}

// GENERIC-LABEL: "func.func"() <{sym_name = "pools"
// GENERIC: %{{.*}} = "mlc_tensor.max_pool2d"(%x) <{kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, dilation = array<i64: 2, 1>, ceil_mode = true, layout = "nchw"}> : (tensor<2x3x9x9xf32>) -> tensor<2x3x4x5xf32>
// GENERIC: %{{.*}} = "mlc_tensor.avg_pool2d"(%h) <{kernel = array<i64: 2, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 1>, count_include_pad = false, layout = "nhwc", ceil_mode = false}> : (tensor<1x7x8x4xf16>) -> tensor<1x4x4x4xf16>

// ===== reduction ops =====

// CHECK-LABEL: func.func @reductions
func.func @reductions(%x: tensor<2x3x4xf32>, %h: tensor<8x16xf16>, %b: tensor<5xbf16>, %i: tensor<4x6xi8>, %p: tensor<3x2xi1>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.reduce_sum %x {axes = array<i64: 1>} : tensor<2x3x4xf32> -> tensor<2x4xf32>
  %0 = mlc_tensor.reduce_sum %x {axes = array<i64: 1>} : tensor<2x3x4xf32> -> tensor<2x4xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.reduce_sum %x {axes = array<i64: 0, 2>, keepdim} : tensor<2x3x4xf32> -> tensor<1x3x1xf32>
  %1 = mlc_tensor.reduce_sum %x {axes = array<i64: 0, 2>, keepdim} : tensor<2x3x4xf32> -> tensor<1x3x1xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.reduce_sum %i {axes = array<i64: 0, 1>} : tensor<4x6xi8> -> tensor<i8>
  %2 = mlc_tensor.reduce_sum %i {axes = array<i64: 0, 1>} : tensor<4x6xi8> -> tensor<i8>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.reduce_mean %h {axes = array<i64: 1>, keepdim} : tensor<8x16xf16> -> tensor<8x1xf16>
  %3 = mlc_tensor.reduce_mean %h {axes = array<i64: 1>, keepdim} : tensor<8x16xf16> -> tensor<8x1xf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.reduce_mean %b {axes = array<i64>} : tensor<5xbf16> -> tensor<5xbf16>
  %4 = mlc_tensor.reduce_mean %b {axes = array<i64>} : tensor<5xbf16> -> tensor<5xbf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.reduce_max %b {axes = array<i64: 0>} : tensor<5xbf16> -> tensor<bf16>
  %5 = mlc_tensor.reduce_max %b {axes = array<i64: 0>} : tensor<5xbf16> -> tensor<bf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.reduce_max %p {axes = array<i64: 1>} : tensor<3x2xi1> -> tensor<3xi1>
  %6 = mlc_tensor.reduce_max %p {axes = array<i64: 1>} : tensor<3x2xi1> -> tensor<3xi1>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.reduce_min %i {axes = array<i64: 0>, keepdim} : tensor<4x6xi8> -> tensor<1x6xi8>
  %7 = mlc_tensor.reduce_min %i {axes = array<i64: 0>, keepdim} : tensor<4x6xi8> -> tensor<1x6xi8>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.argmax %x {axes = array<i64: 2>} : tensor<2x3x4xf32> -> tensor<2x3xi64>
  %8 = mlc_tensor.argmax %x {axes = array<i64: 2>} : tensor<2x3x4xf32> -> tensor<2x3xi64>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.argmax %h {axes = array<i64: 0>, keepdim} : tensor<8x16xf16> -> tensor<1x16xi64>
  %9 = mlc_tensor.argmax %h {axes = array<i64: 0>, keepdim} : tensor<8x16xf16> -> tensor<1x16xi64>
  func.return
}

// GENERIC: "mlc_tensor.reduce_sum"(%{{.*}}) <{axes = array<i64: 1>}> : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
// GENERIC: "mlc_tensor.reduce_sum"(%{{.*}}) <{axes = array<i64: 0, 2>, keepdim}> : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>
// GENERIC: "mlc_tensor.argmax"(%{{.*}}) <{axes = array<i64: 0>, keepdim}> : (tensor<8x16xf16>) -> tensor<1x16xi64>

// ===== normalization ops =====

// CHECK-LABEL: func.func @softmax
func.func @softmax(%x: tensor<2x3x4xf32>, %h: tensor<12x128xf16>, %b: tensor<7xbf16>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.softmax %x {axis = 2 : i64} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  %0 = mlc_tensor.softmax %x {axis = 2} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.softmax %h {axis = 0 : i64} : tensor<12x128xf16> -> tensor<12x128xf16>
  %1 = mlc_tensor.softmax %h {axis = 0 : i64} : tensor<12x128xf16> -> tensor<12x128xf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.log_softmax %b {axis = 0 : i64} : tensor<7xbf16> -> tensor<7xbf16>
  %2 = mlc_tensor.log_softmax %b {axis = 0} : tensor<7xbf16> -> tensor<7xbf16>
  func.return
}

// GENERIC: "mlc_tensor.softmax"(%{{.*}}) <{axis = 2 : i64}> : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
// GENERIC: "mlc_tensor.log_softmax"(%{{.*}}) <{axis = 0 : i64}> : (tensor<7xbf16>) -> tensor<7xbf16>

// CHECK-LABEL: func.func @layer_norm
func.func @layer_norm(%x: tensor<2x3x4xf32>, %w: tensor<4xf32>, %b: tensor<4xf32>, %w2: tensor<3x4xf32>, %h: tensor<8x16xf16>, %hb: tensor<16xf16>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.layer_norm %x weight(%w : tensor<4xf32>) bias(%b : tensor<4xf32>) : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  %0 = mlc_tensor.layer_norm %x weight(%w : tensor<4xf32>) bias(%b : tensor<4xf32>) : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.layer_norm %x weight(%w2 : tensor<3x4xf32>) {normalized_rank = 2 : i64, epsilon = 1.000000e-06 : f64} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  %1 = mlc_tensor.layer_norm %x weight(%w2 : tensor<3x4xf32>) {normalized_rank = 2, epsilon = 1.0e-06 : f64} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.layer_norm %h bias(%hb : tensor<16xf16>) : tensor<8x16xf16> -> tensor<8x16xf16>
  %2 = mlc_tensor.layer_norm %h bias(%hb : tensor<16xf16>) : tensor<8x16xf16> -> tensor<8x16xf16>
  // Default options are elided when printed.
  // CHECK-NEXT: %{{.*}} = mlc_tensor.layer_norm %x : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  %3 = mlc_tensor.layer_norm %x {normalized_rank = 1, epsilon = 1.0e-05 : f64} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.layer_norm %x {normalized_rank = 3 : i64} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  %4 = mlc_tensor.layer_norm %x {normalized_rank = 3} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return
}

// GENERIC: "mlc_tensor.layer_norm"(%{{.*}}, %{{.*}}, %{{.*}}) <{operandSegmentSizes = array<i32: 1, 1, 1>, normalized_rank = 1 : i64, epsilon = 1.000000e-05 : f64}> : (tensor<2x3x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
// GENERIC: "mlc_tensor.layer_norm"(%{{.*}}, %{{.*}}) <{{{.*}}operandSegmentSizes = array<i32: 1, 1, 0>{{.*}}}> : (tensor<2x3x4xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
// GENERIC: "mlc_tensor.layer_norm"(%{{.*}}, %{{.*}}) <{{{.*}}operandSegmentSizes = array<i32: 1, 0, 1>{{.*}}}> : (tensor<8x16xf16>, tensor<16xf16>) -> tensor<8x16xf16>

// CHECK-LABEL: func.func @batch_norm
func.func @batch_norm(%x: tensor<2x3x5x5xf32>, %c: tensor<3xf32>, %nhwc: tensor<2x5x5x8xbf16>, %p: tensor<8xbf16>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.batch_norm %x scale %c bias %c mean %c var %c : tensor<2x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3x5x5xf32>
  %0 = mlc_tensor.batch_norm %x scale %c bias %c mean %c var %c : tensor<2x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3x5x5xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.batch_norm %nhwc scale %p bias %p mean %p var %p {axis = 3 : i64, epsilon = 1.000000e-03 : f64} : tensor<2x5x5x8xbf16>, tensor<8xbf16>, tensor<8xbf16>, tensor<8xbf16>, tensor<8xbf16> -> tensor<2x5x5x8xbf16>
  %1 = mlc_tensor.batch_norm %nhwc scale %p bias %p mean %p var %p {axis = 3, epsilon = 1.0e-03 : f64} : tensor<2x5x5x8xbf16>, tensor<8xbf16>, tensor<8xbf16>, tensor<8xbf16>, tensor<8xbf16> -> tensor<2x5x5x8xbf16>
  func.return
}

// GENERIC: "mlc_tensor.batch_norm"(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) <{axis = 1 : i64, epsilon = 1.000000e-05 : f64}> : (tensor<2x3x5x5xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<2x3x5x5xf32>

// ===== fused ops =====

// CHECK-LABEL: func.func @elementwise_group
func.func @elementwise_group(%x: tensor<4x8xf32>, %y: tensor<8xf32>) -> tensor<4x8xf32> {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.fused (%[[A:[^ ,]+]] = %x, %[[B:[^ ,]+]] = %y) {kind = "elementwise"} : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32> {
  // CHECK-NEXT:   %[[S:[^ ,]+]] = mlc_tensor.add %[[A]], %[[B]] : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
  // CHECK-NEXT:   %[[E:[^ ,]+]] = mlc_tensor.exp %[[S]] : tensor<4x8xf32> -> tensor<4x8xf32>
  // CHECK-NEXT:   mlc_tensor.yield %[[E]] : tensor<4x8xf32>
  // CHECK-NEXT: }
  %0 = mlc_tensor.fused (%a = %x, %b = %y) {kind = "elementwise"} : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32> {
    %1 = mlc_tensor.add %a, %b : tensor<4x8xf32>, tensor<8xf32> -> tensor<4x8xf32>
    %2 = mlc_tensor.exp %1 : tensor<4x8xf32> -> tensor<4x8xf32>
    mlc_tensor.yield %2 : tensor<4x8xf32>
  }
  func.return %0 : tensor<4x8xf32>
}

// GENERIC:      %{{.*}} = "mlc_tensor.fused"(%{{.*}}, %{{.*}}) <{kind = "elementwise"}> ({
// GENERIC-NEXT: ^bb0(%{{.*}}: tensor<4x8xf32>, %{{.*}}: tensor<8xf32>):
// GENERIC:        "mlc_tensor.yield"(%{{.*}}) : (tensor<4x8xf32>) -> ()
// GENERIC-NEXT: }) : (tensor<4x8xf32>, tensor<8xf32>) -> tensor<4x8xf32>

// CHECK-LABEL: func.func @multi_result_group
func.func @multi_result_group(%x: tensor<2x16xf16>) -> (tensor<2x16xf16>, tensor<2x1xf16>, tensor<2x16xf16>) {
  // CHECK-NEXT: %{{.*}}, %{{.*}}, %{{.*}} = mlc_tensor.fused (%[[A:[^ ,]+]] = %x) {kind = "reduction"} : (tensor<2x16xf16>) -> (tensor<2x16xf16>, tensor<2x1xf16>, tensor<2x16xf16>) {
  // CHECK-NEXT:   %[[M:[^ ,]+]] = mlc_tensor.reduce_max %[[A]] {axes = array<i64: 1>, keepdim} : tensor<2x16xf16> -> tensor<2x1xf16>
  // CHECK-NEXT:   %[[S:[^ ,]+]] = mlc_tensor.softmax %[[A]] {axis = 1 : i64} : tensor<2x16xf16> -> tensor<2x16xf16>
  // CHECK-NEXT:   mlc_tensor.yield %[[S]], %[[M]], %[[A]] : tensor<2x16xf16>, tensor<2x1xf16>, tensor<2x16xf16>
  // CHECK-NEXT: }
  %0:3 = mlc_tensor.fused (%a = %x) {kind = "reduction"} : (tensor<2x16xf16>) -> (tensor<2x16xf16>, tensor<2x1xf16>, tensor<2x16xf16>) {
    %1 = mlc_tensor.reduce_max %a {axes = array<i64: 1>, keepdim} : tensor<2x16xf16> -> tensor<2x1xf16>
    %2 = mlc_tensor.softmax %a {axis = 1} : tensor<2x16xf16> -> tensor<2x16xf16>
    mlc_tensor.yield %2, %1, %a : tensor<2x16xf16>, tensor<2x1xf16>, tensor<2x16xf16>
  }
  func.return %0#0, %0#1, %0#2 : tensor<2x16xf16>, tensor<2x1xf16>, tensor<2x16xf16>
}

// CHECK-LABEL: func.func @group_without_kind_or_operands
func.func @group_without_kind_or_operands(%x: tensor<3xbf16>) -> tensor<3xbf16> {
  // CHECK-NEXT: %[[G:[^ ,]+]] = mlc_tensor.fused (%[[A:[^ ,]+]] = %x) : (tensor<3xbf16>) -> tensor<3xbf16> {
  %0 = mlc_tensor.fused (%a = %x) : (tensor<3xbf16>) -> tensor<3xbf16> {
    %1 = mlc_tensor.neg %a : tensor<3xbf16> -> tensor<3xbf16>
    mlc_tensor.yield %1 : tensor<3xbf16>
  }
  // CHECK: mlc_tensor.fused () : () -> tensor<3xbf16> {
  // CHECK-NEXT: mlc_tensor.iota
  %2 = mlc_tensor.fused () : () -> tensor<3xbf16> {
    %3 = mlc_tensor.iota : tensor<3xbf16>
    mlc_tensor.yield %3 : tensor<3xbf16>
  }
  func.return %0 : tensor<3xbf16>
}

// A quantized layer as one group: mlc_quant ops in the body, a quantized weight as an operand.
// CHECK-LABEL: func.func @quantized_group
func.func @quantized_group(%x: tensor<2x8xf32>, %w: tensor<4x8x!mlc_quant.uniform<i8:f32, 0.02>>) -> tensor<2x4xf32> {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.fused (%[[A:[^ ,]+]] = %x, %[[W:[^ ,]+]] = %w) {kind = "epilogue"} : (tensor<2x8xf32>, tensor<4x8x!mlc_quant.uniform<i8:f32, 0.02>>) -> tensor<2x4xf32> {
  // CHECK-NEXT:   %[[Q:[^ ,]+]] = mlc_quant.quantize %[[A]] : tensor<2x8xf32> -> tensor<2x8x!mlc_quant.uniform<i8:f32, 0.05>>
  // CHECK-NEXT:   %[[S:[^ ,]+]] = mlc_quant.matmul %[[Q]], %[[W]]
  // CHECK-NEXT:   %[[C:[^ ,]+]] = mlc_quant.storage_cast %[[S]]
  // CHECK-NEXT:   %[[D:[^ ,]+]] = mlc_quant.dequantize %[[C]]
  // CHECK-NEXT:   %[[R:[^ ,]+]] = mlc_tensor.relu %[[D]]
  // CHECK-NEXT:   mlc_tensor.yield %[[R]] : tensor<2x4xf32>
  // CHECK-NEXT: }
  %0 = mlc_tensor.fused (%a = %x, %b = %w) {kind = "epilogue"} : (tensor<2x8xf32>, tensor<4x8x!mlc_quant.uniform<i8:f32, 0.02>>) -> tensor<2x4xf32> {
    %q = mlc_quant.quantize %a : tensor<2x8xf32> -> tensor<2x8x!mlc_quant.uniform<i8:f32, 0.05>>
    %s = mlc_quant.matmul %q, %b : tensor<2x8x!mlc_quant.uniform<i8:f32, 0.05>>, tensor<4x8x!mlc_quant.uniform<i8:f32, 0.02>> -> tensor<2x4xi32>
    %c = mlc_quant.storage_cast %s : tensor<2x4xi32> -> tensor<2x4x!mlc_quant.uniform<i32:f32, 0.001>>
    %d = mlc_quant.dequantize %c : tensor<2x4x!mlc_quant.uniform<i32:f32, 0.001>> -> tensor<2x4xf32>
    %r = mlc_tensor.relu %d : tensor<2x4xf32> -> tensor<2x4xf32>
    mlc_tensor.yield %r : tensor<2x4xf32>
  }
  func.return %0 : tensor<2x4xf32>
}

// ===== scan ops =====

// CHECK-LABEL: func.func @cumulative
func.func @cumulative(%x: tensor<2x5xf32>, %i: tensor<4xi32>, %p: tensor<3x2xi1>) {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.cumsum %x {axis = 1 : i64} : tensor<2x5xf32> -> tensor<2x5xf32>
  %0 = mlc_tensor.cumsum %x {axis = 1 : i64} : tensor<2x5xf32> -> tensor<2x5xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.cumprod %i {axis = 0 : i64, reverse} : tensor<4xi32> -> tensor<4xi32>
  %1 = mlc_tensor.cumprod %i {axis = 0 : i64, reverse} : tensor<4xi32> -> tensor<4xi32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.cummax %p {axis = 0 : i64, exclusive} : tensor<3x2xi1> -> tensor<3x2xi1>
  %2 = mlc_tensor.cummax %p {axis = 0 : i64, exclusive} : tensor<3x2xi1> -> tensor<3x2xi1>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.cummin %x {axis = 0 : i64, reverse, exclusive} : tensor<2x5xf32> -> tensor<2x5xf32>
  %3 = mlc_tensor.cummin %x {axis = 0 : i64, reverse, exclusive} : tensor<2x5xf32> -> tensor<2x5xf32>
  func.return
}

// GENERIC: "mlc_tensor.cumprod"(%i) <{axis = 0 : i64, reverse}> : (tensor<4xi32>) -> tensor<4xi32>

// The default largest = true is not printed.
// CHECK-LABEL: func.func @orderings
func.func @orderings(%x: tensor<2x5xf32>, %i: tensor<6xi8>) {
  // CHECK-NEXT: %{{.*}}, %{{.*}} = mlc_tensor.sort %x {axis = 1 : i64} : tensor<2x5xf32> -> tensor<2x5xf32>, tensor<2x5xi64>
  %0:2 = mlc_tensor.sort %x {axis = 1 : i64} : tensor<2x5xf32> -> tensor<2x5xf32>, tensor<2x5xi64>
  // CHECK-NEXT: %{{.*}}, %{{.*}} = mlc_tensor.sort %i {axis = 0 : i64, descending} : tensor<6xi8> -> tensor<6xi8>, tensor<6xi64>
  %1:2 = mlc_tensor.sort %i {axis = 0 : i64, descending} : tensor<6xi8> -> tensor<6xi8>, tensor<6xi64>
  // CHECK-NEXT: %{{.*}}, %{{.*}} = mlc_tensor.topk %x {k = 3 : i64, axis = 1 : i64} : tensor<2x5xf32> -> tensor<2x3xf32>, tensor<2x3xi64>
  %2:2 = mlc_tensor.topk %x {k = 3 : i64, axis = 1 : i64, largest = true} : tensor<2x5xf32> -> tensor<2x3xf32>, tensor<2x3xi64>
  // CHECK-NEXT: %{{.*}}, %{{.*}} = mlc_tensor.topk %x {k = 0 : i64, axis = 0 : i64, largest = false} : tensor<2x5xf32> -> tensor<0x5xf32>, tensor<0x5xi64>
  %3:2 = mlc_tensor.topk %x {k = 0 : i64, axis = 0 : i64, largest = false} : tensor<2x5xf32> -> tensor<0x5xf32>, tensor<0x5xi64>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.reverse %x {axes = array<i64: 0, 1>} : tensor<2x5xf32> -> tensor<2x5xf32>
  %4 = mlc_tensor.reverse %x {axes = array<i64: 0, 1>} : tensor<2x5xf32> -> tensor<2x5xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.reverse %i {axes = array<i64>} : tensor<6xi8> -> tensor<6xi8>
  %5 = mlc_tensor.reverse %i {axes = array<i64>} : tensor<6xi8> -> tensor<6xi8>
  func.return
}

// GENERIC: "mlc_tensor.sort"(%x) <{axis = 1 : i64}> : (tensor<2x5xf32>) -> (tensor<2x5xf32>, tensor<2x5xi64>)
// GENERIC: "mlc_tensor.topk"(%x) <{k = 3 : i64, axis = 1 : i64, largest = true}> : (tensor<2x5xf32>) -> (tensor<2x3xf32>, tensor<2x3xi64>)
