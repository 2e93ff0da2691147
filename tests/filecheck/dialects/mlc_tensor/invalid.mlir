// RUN: mlc-opt %s --split-input-file --verify-diagnostics

// ===== elementwise ops =====

func.func @unary_not_a_tensor(%x: f32) {
  // expected-error @+1 {{mlc_tensor.neg: expected operand to be a ranked tensor, got f32}}
  %0 = mlc_tensor.neg %x : f32 -> f32
  func.return
}

// -----

func.func @unary_dynamic(%x: tensor<?xf32>) {
  // expected-error @+1 {{mlc_tensor.exp: expected operand to have a static shape, got tensor<?xf32>}}
  %0 = mlc_tensor.exp %x : tensor<?xf32> -> tensor<?xf32>
  func.return
}

// -----

func.func @unary_unsupported_element(%x: tensor<2xf64>) {
  // expected-error @+1 {{mlc_tensor.abs: expected operand element type in (f32, f16, bf16, i1, i8, i32, i64), got f64}}
  %0 = mlc_tensor.abs %x : tensor<2xf64> -> tensor<2xf64>
  func.return
}

// -----

func.func @unary_unsupported_integer(%x: tensor<2xi16>) {
  // expected-error @+1 {{mlc_tensor.relu: expected operand element type in (f32, f16, bf16, i1, i8, i32, i64), got i16}}
  %0 = mlc_tensor.relu %x : tensor<2xi16> -> tensor<2xi16>
  func.return
}

// -----

func.func @unary_float_only(%x: tensor<2xi32>) {
  // expected-error @+1 {{mlc_tensor.sqrt: expected operand to have a float element type (f32, f16, bf16), got i32}}
  %0 = mlc_tensor.sqrt %x : tensor<2xi32> -> tensor<2xi32>
  func.return
}

// -----

func.func @unary_i1(%x: tensor<2xi1>) {
  // expected-error @+1 {{mlc_tensor.neg: expected operand element type in (f32, f16, bf16, i8, i32, i64), got i1}}
  %0 = mlc_tensor.neg %x : tensor<2xi1> -> tensor<2xi1>
  func.return
}

// -----

func.func @unary_result_element(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_tensor.tanh: expected result type tensor<2xf32>, got tensor<2xf16>}}
  %0 = mlc_tensor.tanh %x : tensor<2xf32> -> tensor<2xf16>
  func.return
}

// -----

func.func @unary_result_shape(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_tensor.sigmoid: expected result type tensor<2xf32>, got tensor<1x2xf32>}}
  %0 = mlc_tensor.sigmoid %x : tensor<2xf32> -> tensor<1x2xf32>
  func.return
}

// -----

func.func @gelu_approximation(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_tensor.gelu: expected approximate in (none, tanh), got fast}}
  %0 = mlc_tensor.gelu %x {approximate = "fast"} : tensor<2xf32> -> tensor<2xf32>
  func.return
}

// -----

func.func @binary_not_a_tensor(%x: tensor<2xf32>, %s: f32) {
  // expected-error @+1 {{mlc_tensor.add: expected rhs to be a ranked tensor, got f32}}
  %0 = mlc_tensor.add %x, %s : tensor<2xf32>, f32 -> tensor<2xf32>
  func.return
}

// -----

func.func @binary_dynamic(%x: tensor<?xf32>) {
  // expected-error @+1 {{mlc_tensor.sub: expected lhs to have a static shape, got tensor<?xf32>}}
  %0 = mlc_tensor.sub %x, %x : tensor<?xf32>, tensor<?xf32> -> tensor<?xf32>
  func.return
}

// -----

func.func @binary_unsupported_element(%x: tensor<2xf64>) {
  // expected-error @+1 {{mlc_tensor.mul: expected lhs element type in (f32, f16, bf16, i1, i8, i32, i64), got f64}}
  %0 = mlc_tensor.mul %x, %x : tensor<2xf64>, tensor<2xf64> -> tensor<2xf64>
  func.return
}

// -----

func.func @binary_element_mismatch(%x: tensor<2xf32>, %y: tensor<2xf16>) {
  // expected-error @+1 {{mlc_tensor.add: expected rhs element type f32, got f16}}
  %0 = mlc_tensor.add %x, %y : tensor<2xf32>, tensor<2xf16> -> tensor<2xf32>
  func.return
}

// -----

func.func @binary_not_broadcastable(%x: tensor<2x3xf32>, %y: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.mul: expected broadcast-compatible shapes, got [[2, 3], [4]] (dimension -1: 3 vs 4)}}
  %0 = mlc_tensor.mul %x, %y : tensor<2x3xf32>, tensor<4xf32> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @binary_result_shape(%x: tensor<2x3xf32>, %y: tensor<3xf32>) {
  // expected-error @+1 {{mlc_tensor.maximum: expected result type tensor<2x3xf32>, got tensor<3xf32>}}
  %0 = mlc_tensor.maximum %x, %y : tensor<2x3xf32>, tensor<3xf32> -> tensor<3xf32>
  func.return
}

// -----

func.func @pow_integer(%x: tensor<2xi32>) {
  // expected-error @+1 {{mlc_tensor.pow: expected lhs to have a float element type (f32, f16, bf16), got i32}}
  %0 = mlc_tensor.pow %x, %x : tensor<2xi32>, tensor<2xi32> -> tensor<2xi32>
  func.return
}

// -----

func.func @arithmetic_on_i1(%x: tensor<2xi1>) {
  // expected-error @+1 {{mlc_tensor.div: expected lhs element type in (f32, f16, bf16, i8, i32, i64), got i1}}
  %0 = mlc_tensor.div %x, %x : tensor<2xi1>, tensor<2xi1> -> tensor<2xi1>
  func.return
}

// -----

func.func @compare_result_not_i1(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_tensor.lt: expected result type tensor<2xi1>, got tensor<2xf32>}}
  %0 = mlc_tensor.lt %x, %x : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  func.return
}

// -----

func.func @compare_element_mismatch(%x: tensor<2xi32>, %y: tensor<2xi64>) {
  // expected-error @+1 {{mlc_tensor.eq: expected rhs element type i32, got i64}}
  %0 = mlc_tensor.eq %x, %y : tensor<2xi32>, tensor<2xi64> -> tensor<2xi1>
  func.return
}

// -----

func.func @select_condition_not_i1(%c: tensor<2xf32>, %x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_tensor.select: expected condition element type i1, got f32}}
  %0 = mlc_tensor.select %c, %x, %x : tensor<2xf32>, tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  func.return
}

// -----

func.func @select_condition_not_a_tensor(%c: i1, %x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_tensor.select: expected condition to be a ranked tensor, got i1}}
  %0 = mlc_tensor.select %c, %x, %x : i1, tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  func.return
}

// -----

func.func @select_branch_mismatch(%c: tensor<2xi1>, %x: tensor<2xf32>, %y: tensor<2xi32>) {
  // expected-error @+1 {{mlc_tensor.select: expected on_false element type f32, got i32}}
  %0 = mlc_tensor.select %c, %x, %y : tensor<2xi1>, tensor<2xf32>, tensor<2xi32> -> tensor<2xf32>
  func.return
}

// -----

func.func @select_not_broadcastable(%c: tensor<2x1xi1>, %x: tensor<3xf32>, %y: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.select: expected broadcast-compatible shapes, got [[2, 1], [3], [4]] (dimension -1: 3 vs 4)}}
  %0 = mlc_tensor.select %c, %x, %y : tensor<2x1xi1>, tensor<3xf32>, tensor<4xf32> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @select_result(%c: tensor<2x1xi1>, %x: tensor<3xf32>) {
  // expected-error @+1 {{mlc_tensor.select: expected result type tensor<2x3xf32>, got tensor<3xf32>}}
  %0 = mlc_tensor.select %c, %x, %x : tensor<2x1xi1>, tensor<3xf32>, tensor<3xf32> -> tensor<3xf32>
  func.return
}

// -----

func.func @cast_shape(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.cast: expected result shape [2, 3], got [3, 2]}}
  %0 = mlc_tensor.cast %x : tensor<2x3xf32> -> tensor<3x2xi32>
  func.return
}

// -----

func.func @cast_unsupported_result(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_tensor.cast: expected result element type in (f32, f16, bf16, i1, i8, i32, i64), got f64}}
  %0 = mlc_tensor.cast %x : tensor<2xf32> -> tensor<2xf64>
  func.return
}

// -----

func.func @cast_result_not_a_tensor(%x: tensor<f32>) {
  // expected-error @+1 {{mlc_tensor.cast: expected result to be a ranked tensor, got i32}}
  %0 = mlc_tensor.cast %x : tensor<f32> -> i32
  func.return
}

// -----

func.func @floor_of_int(%x: tensor<2xi32>) {
  // expected-error @+1 {{mlc_tensor.floor: expected operand to have a float element type (f32, f16, bf16), got i32}}
  %0 = mlc_tensor.floor %x : tensor<2xi32> -> tensor<2xi32>
  func.return
}

// -----

func.func @erf_inv_result(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_tensor.erf_inv: expected result type tensor<2xf32>, got tensor<2xf16>}}
  %0 = mlc_tensor.erf_inv %x : tensor<2xf32> -> tensor<2xf16>
  func.return
}

// -----

func.func @sign_of_i1(%x: tensor<2xi1>) {
  // expected-error @+1 {{mlc_tensor.sign: expected operand element type in (f32, f16, bf16, i8, i32, i64), got i1}}
  %0 = mlc_tensor.sign %x : tensor<2xi1> -> tensor<2xi1>
  func.return
}

// -----

func.func @not_of_float(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_tensor.not: expected operand to have an integer element type (i1, i8, i32, i64), got f32}}
  %0 = mlc_tensor.not %x : tensor<2xf32> -> tensor<2xf32>
  func.return
}

// -----

func.func @rem_of_i1(%x: tensor<2xi1>) {
  // expected-error @+1 {{mlc_tensor.rem: expected lhs element type in (f32, f16, bf16, i8, i32, i64), got i1}}
  %0 = mlc_tensor.rem %x, %x : tensor<2xi1>, tensor<2xi1> -> tensor<2xi1>
  func.return
}

// -----

func.func @atan2_of_int(%x: tensor<2xi32>) {
  // expected-error @+1 {{mlc_tensor.atan2: expected lhs to have a float element type (f32, f16, bf16), got i32}}
  %0 = mlc_tensor.atan2 %x, %x : tensor<2xi32>, tensor<2xi32> -> tensor<2xi32>
  func.return
}

// -----

func.func @and_of_float(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_tensor.and: expected lhs to have an integer element type (i1, i8, i32, i64), got f32}}
  %0 = mlc_tensor.and %x, %x : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  func.return
}

// -----

func.func @xor_mixed_widths(%x: tensor<2xi32>, %y: tensor<2xi64>) {
  // expected-error @+1 {{mlc_tensor.xor: expected rhs element type i32, got i64}}
  %0 = mlc_tensor.xor %x, %y : tensor<2xi32>, tensor<2xi64> -> tensor<2xi32>
  func.return
}

// -----

func.func @shift_of_i1(%x: tensor<2xi1>) {
  // expected-error @+1 {{mlc_tensor.shift_left: expected lhs element type in (i8, i32, i64), got i1}}
  %0 = mlc_tensor.shift_left %x, %x : tensor<2xi1>, tensor<2xi1> -> tensor<2xi1>
  func.return
}

// -----

func.func @shift_of_float(%x: tensor<2xf16>) {
  // expected-error @+1 {{mlc_tensor.shift_right_logical: expected lhs to have an integer element type (i8, i32, i64), got f16}}
  %0 = mlc_tensor.shift_right_logical %x, %x : tensor<2xf16>, tensor<2xf16> -> tensor<2xf16>
  func.return
}

// -----

func.func @shift_result(%x: tensor<2x1xi8>, %y: tensor<3xi8>) {
  // expected-error @+1 {{mlc_tensor.shift_right_arithmetic: expected result type tensor<2x3xi8>, got tensor<2x1xi8>}}
  %0 = mlc_tensor.shift_right_arithmetic %x, %y : tensor<2x1xi8>, tensor<3xi8> -> tensor<2x1xi8>
  func.return
}

// -----

// ===== constant ops =====

func.func @constant_type_mismatch() {
  // expected-error @+1 {{mlc_tensor.constant: expected value type tensor<3xf32>, got tensor<2xf32>}}
  %0 = "mlc_tensor.constant"() <{value = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> tensor<3xf32>
  func.return
}

// -----

func.func @constant_element_mismatch() {
  // expected-error @+1 {{mlc_tensor.constant: expected value type tensor<2xf16>, got tensor<2xf32>}}
  %0 = "mlc_tensor.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<2xf16>
  func.return
}

// -----

func.func @constant_not_dense() {
  // expected-error @+1 {{mlc_tensor.constant: expected value to be a dense or dense_resource attribute, got 1 : i32}}
  %0 = "mlc_tensor.constant"() <{value = 1 : i32}> : () -> tensor<i32>
  func.return
}

// -----

func.func @constant_unsupported_element() {
  // expected-error @+1 {{mlc_tensor.constant: expected result element type in (f32, f16, bf16, i1, i8, i32, i64), got f64}}
  %0 = mlc_tensor.constant dense<1.0> : tensor<2xf64>
  func.return
}

// -----

func.func @constant_not_a_tensor() {
  // expected-error @+1 {{mlc_tensor.constant: expected result to be a ranked tensor, got vector<2xf32>}}
  %0 = mlc_tensor.constant dense<1.0> : vector<2xf32>
  func.return
}

// -----

func.func @iota_rank_zero() {
  // expected-error @+1 {{mlc_tensor.iota: expected result rank >= 1, got 0 (tensor<i32>)}}
  %0 = mlc_tensor.iota : tensor<i32>
  func.return
}

// -----

func.func @iota_dimension() {
  // expected-error @+1 {{mlc_tensor.iota: expected dimension in [0, 2), got 2}}
  %0 = mlc_tensor.iota {dimension = 2} : tensor<2x3xi32>
  func.return
}

// -----

func.func @iota_negative_dimension() {
  // expected-error @+1 {{mlc_tensor.iota: expected dimension in [0, 1), got -1}}
  %0 = mlc_tensor.iota {dimension = -1} : tensor<3xi32>
  func.return
}

// -----

func.func @iota_float_start() {
  // expected-error @+1 {{mlc_tensor.iota: expected start to be an f64 attribute for element type f32, got 1 : i64}}
  %0 = mlc_tensor.iota {start = 1} : tensor<3xf32>
  func.return
}

// -----

func.func @iota_integer_step() {
  // expected-error @+1 {{mlc_tensor.iota: expected step to be an i64 attribute for element type i8, got 5.000000e-01 : f64}}
  %0 = mlc_tensor.iota {step = 0.5 : f64} : tensor<3xi8>
  func.return
}

// -----

func.func @iota_f32_step() {
  // expected-error @+1 {{mlc_tensor.iota: expected step to be an f64 attribute for element type bf16, got 5.000000e-01 : f32}}
  %0 = mlc_tensor.iota {step = 0.5 : f32} : tensor<3xbf16>
  func.return
}

// -----

func.func @iota_i1() {
  // expected-error @+1 {{mlc_tensor.iota: expected result element type in (f32, f16, bf16, i8, i32, i64), got i1}}
  %0 = mlc_tensor.iota : tensor<3xi1>
  func.return
}

// -----

func.func @iota_dynamic() {
  // expected-error @+1 {{mlc_tensor.iota: expected result to have a static shape, got tensor<?xf32>}}
  %0 = mlc_tensor.iota : tensor<?xf32>
  func.return
}

// -----

// ===== shape ops =====

func.func @f(%x: tensor<?x3xf32>) {
  // expected-error @+1 {{mlc_tensor.reshape: expected operand to have a static shape, got tensor<?x3xf32>}}
  %0 = mlc_tensor.reshape %x : tensor<?x3xf32> -> tensor<6xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf64>) {
  // expected-error @+1 {{mlc_tensor.transpose: expected operand element type in (f32, f16, bf16, i1, i8, i32, i64), got f64}}
  %0 = mlc_tensor.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xf64> -> tensor<3x2xf64>
  func.return
}

// -----

func.func @f(%x: tensor<3xf32>) {
  // expected-error @+1 {{mlc_tensor.broadcast_to: expected result to have a static shape, got tensor<?x3xf32>}}
  %0 = mlc_tensor.broadcast_to %x : tensor<3xf32> -> tensor<?x3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.reshape: expected result element type f32, got i32}}
  %0 = mlc_tensor.reshape %x : tensor<2x3xf32> -> tensor<6xi32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.reshape: expected result element count 6, got 8}}
  %0 = mlc_tensor.reshape %x : tensor<2x3xf32> -> tensor<4x2xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.transpose: expected perm of length 2 (the operand rank), got [0]}}
  %0 = mlc_tensor.transpose %x {perm = array<i64: 0>} : tensor<2x3xf32> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.transpose: expected perm entries in [0, 2), got [0, 2]}}
  %0 = mlc_tensor.transpose %x {perm = array<i64: 0, 2>} : tensor<2x3xf32> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.transpose: expected perm entries in [0, 2), got [-1, 0]}}
  %0 = mlc_tensor.transpose %x {perm = array<i64: -1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{mlc_tensor.transpose: expected perm to be a permutation of [0, 1, 2], got [1, 1, 2]}}
  %0 = mlc_tensor.transpose %x {perm = array<i64: 1, 1, 2>} : tensor<2x3x4xf32> -> tensor<3x3x4xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xi1>) {
  // expected-error @+1 {{mlc_tensor.transpose: expected result shape [3, 2], got [2, 3]}}
  %0 = mlc_tensor.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xi1> -> tensor<2x3xi1>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.broadcast_to: expected result rank >= operand rank 2, got 1}}
  %0 = mlc_tensor.broadcast_to %x : tensor<2x3xf32> -> tensor<3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<3x2xi8>) {
  // expected-error @+1 {{mlc_tensor.broadcast_to: expected operand shape [3, 2] to broadcast to [5, 3, 4], got operand dimension 1 of size 2 against 4}}
  %0 = mlc_tensor.broadcast_to %x : tensor<3x2xi8> -> tensor<5x3x4xi8>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.slice: expected start of length 2 (the operand rank), got [0]}}
  %0 = mlc_tensor.slice %x {start = array<i64: 0>, limit = array<i64: 2, 3>, step = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.slice: expected limit of length 2 (the operand rank), got [2, 3, 1]}}
  %0 = mlc_tensor.slice %x {start = array<i64: 0, 0>, limit = array<i64: 2, 3, 1>, step = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.slice: expected step of length 2 (the operand rank), got []}}
  %0 = mlc_tensor.slice %x {start = array<i64: 0, 0>, limit = array<i64: 2, 3>, step = array<i64>} : tensor<2x3xf32> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.slice: expected step entries >= 1, got [1, 0]}}
  %0 = mlc_tensor.slice %x {start = array<i64: 0, 0>, limit = array<i64: 2, 3>, step = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.slice: expected 0 <= start <= limit <= 3 in dimension 1, got start 0, limit 4}}
  %0 = mlc_tensor.slice %x {start = array<i64: 0, 0>, limit = array<i64: 2, 4>, step = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<2x4xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.slice: expected 0 <= start <= limit <= 2 in dimension 0, got start 2, limit 1}}
  %0 = mlc_tensor.slice %x {start = array<i64: 2, 0>, limit = array<i64: 1, 3>, step = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<0x3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.slice: expected 0 <= start <= limit <= 3 in dimension 1, got start -1, limit 3}}
  %0 = mlc_tensor.slice %x {start = array<i64: 0, -1>, limit = array<i64: 2, 3>, step = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{mlc_tensor.slice: expected result shape [2, 3], got [2, 2]}}
  %0 = mlc_tensor.slice %x {start = array<i64: 0, 0>, limit = array<i64: 2, 5>, step = array<i64: 1, 2>} : tensor<2x5xf32> -> tensor<2x2xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.pad: expected low of length 2 (the operand rank), got [1]}}
  %0 = mlc_tensor.pad %x {low = array<i64: 1>, high = array<i64: 0, 1>} : tensor<2x3xf32> -> tensor<3x4xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.pad: expected high of length 2 (the operand rank), got [0, 1, 0]}}
  %0 = mlc_tensor.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 1, 0>} : tensor<2x3xf32> -> tensor<3x4xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.pad: expected low entries >= 0, got [-1, 0]}}
  %0 = mlc_tensor.pad %x {low = array<i64: -1, 0>, high = array<i64: 0, 1>} : tensor<2x3xf32> -> tensor<1x4xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.pad: expected result shape [3, 4], got [3, 3]}}
  %0 = mlc_tensor.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 1>} : tensor<2x3xf32> -> tensor<3x3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.pad: expected mode in [constant, reflect, replicate], got 'wrap'}}
  %0 = mlc_tensor.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 1>, mode = "wrap"} : tensor<2x3xf32> -> tensor<3x4xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.pad: expected value 0.0 with mode 'replicate' (only mode 'constant' uses it), got 1.5}}
  %0 = mlc_tensor.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 1>, mode = "replicate", value = 1.5 : f64} : tensor<2x3xf32> -> tensor<3x4xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.pad: expected reflect padding < 2 (the size of dimension 0), got low 2, high 0}}
  %0 = mlc_tensor.pad %x {low = array<i64: 2, 0>, high = array<i64: 0, 1>, mode = "reflect"} : tensor<2x3xf32> -> tensor<4x4xf32>
  func.return
}

// -----

func.func @f(%x: tensor<0x3xf32>) {
  // expected-error @+1 {{mlc_tensor.pad: expected dimension 0 of size >= 1 to replicate, got size 0}}
  %0 = mlc_tensor.pad %x {low = array<i64: 1, 0>, high = array<i64: 0, 0>, mode = "replicate"} : tensor<0x3xf32> -> tensor<1x3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<2xi8>) {
  // expected-error @+1 {{mlc_tensor.pad: expected value to be an integer in [-128, 127] for element type i8, got 1.5}}
  %0 = mlc_tensor.pad %x {low = array<i64: 1>, high = array<i64: 0>, value = 1.5 : f64} : tensor<2xi8> -> tensor<3xi8>
  func.return
}

// -----

func.func @f(%x: tensor<2xi32>) {
  // expected-error @+1 {{mlc_tensor.pad: expected value to be an integer in [-2147483648, 2147483647] for element type i32, got 3000000000.0}}
  %0 = mlc_tensor.pad %x {low = array<i64: 1>, high = array<i64: 0>, value = 3.0e9 : f64} : tensor<2xi32> -> tensor<3xi32>
  func.return
}

// -----

func.func @f(%x: tensor<2xi1>) {
  // expected-error @+1 {{mlc_tensor.pad: expected value to be an integer in [0, 1] for element type i1, got -1.0}}
  %0 = mlc_tensor.pad %x {low = array<i64: 1>, high = array<i64: 0>, value = -1.0 : f64} : tensor<2xi1> -> tensor<3xi1>
  func.return
}

// -----

func.func @f() {
  // expected-error @+1 {{mlc_tensor.concat: expected at least one operand, got 0}}
  %0 = "mlc_tensor.concat"() <{axis = 0 : i64}> : () -> tensor<2xf32>
  func.return
}

// -----

func.func @f(%a: tensor<2xf32>, %b: tensor<2xi32>) {
  // expected-error @+1 {{mlc_tensor.concat: expected operand #1 element type f32, got i32}}
  %0 = mlc_tensor.concat %a, %b {axis = 0 : i64} : tensor<2xf32>, tensor<2xi32> -> tensor<4xf32>
  func.return
}

// -----

func.func @f(%a: tensor<2x3xf32>, %b: tensor<2x3x1xf32>) {
  // expected-error @+1 {{mlc_tensor.concat: expected operand #1 rank 2, got 3}}
  %0 = mlc_tensor.concat %a, %b {axis = 0 : i64} : tensor<2x3xf32>, tensor<2x3x1xf32> -> tensor<4x3xf32>
  func.return
}

// -----

func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x1xf32>) {
  // expected-error @+1 {{mlc_tensor.concat: expected operand #2 dimension 0 of size 2 (as operand #0), got 3}}
  %0 = mlc_tensor.concat %a, %a, %b {axis = 1 : i64} : tensor<2x3xf32>, tensor<2x3xf32>, tensor<3x1xf32> -> tensor<2x7xf32>
  func.return
}

// -----

func.func @f(%a: tensor<2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{mlc_tensor.concat: expected axis in [0, 1), got 1}}
  %0 = mlc_tensor.concat %a, %b {axis = 1 : i64} : tensor<2xf32>, tensor<3xf32> -> tensor<5xf32>
  func.return
}

// -----

func.func @f(%a: tensor<2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{mlc_tensor.concat: expected axis in [0, 1), got -1}}
  %0 = mlc_tensor.concat %a, %b {axis = -1 : i64} : tensor<2xf32>, tensor<3xf32> -> tensor<5xf32>
  func.return
}

// -----

func.func @f(%a: tensor<f32>) {
  // expected-error @+1 {{mlc_tensor.concat: expected an operand of rank >= 1, got rank 0}}
  %0 = mlc_tensor.concat %a, %a {axis = 0 : i64} : tensor<f32>, tensor<f32> -> tensor<2xf32>
  func.return
}

// -----

func.func @f(%a: tensor<2xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{mlc_tensor.concat: expected result type tensor<5xf32>, got tensor<5xi32>}}
  %0 = mlc_tensor.concat %a, %b {axis = 0 : i64} : tensor<2xf32>, tensor<3xf32> -> tensor<5xi32>
  func.return
}

// -----

func.func @f(%x: tensor<4x3xf32>, %i: tensor<2xf32>) {
  // expected-error @+1 {{mlc_tensor.gather: expected indices element type i32 or i64, got f32}}
  %0 = mlc_tensor.gather %x, %i {axis = 0 : i64} : tensor<4x3xf32>, tensor<2xf32> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<4x3xf32>, %i: tensor<2xi8>) {
  // expected-error @+1 {{mlc_tensor.gather: expected indices element type i32 or i64, got i8}}
  %0 = mlc_tensor.gather %x, %i {axis = 0 : i64} : tensor<4x3xf32>, tensor<2xi8> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<4x3xf32>, %i: tensor<?xi32>) {
  // expected-error @+1 {{mlc_tensor.gather: expected indices to have a static shape, got tensor<?xi32>}}
  %0 = mlc_tensor.gather %x, %i {axis = 0 : i64} : tensor<4x3xf32>, tensor<?xi32> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<4x3xf32>, %i: tensor<2xi32>) {
  // expected-error @+1 {{mlc_tensor.gather: expected axis in [0, 2), got 2}}
  %0 = mlc_tensor.gather %x, %i {axis = 2 : i64} : tensor<4x3xf32>, tensor<2xi32> -> tensor<4x2xf32>
  func.return
}

// -----

func.func @f(%x: tensor<f32>, %i: tensor<2xi32>) {
  // expected-error @+1 {{mlc_tensor.gather: expected an operand of rank >= 1, got rank 0}}
  %0 = mlc_tensor.gather %x, %i {axis = 0 : i64} : tensor<f32>, tensor<2xi32> -> tensor<2xf32>
  func.return
}

// -----

func.func @f(%x: tensor<0x3xf32>, %i: tensor<2xi32>) {
  // expected-error @+1 {{mlc_tensor.gather: expected a non-empty dimension 0 to gather from, got size 0}}
  %0 = mlc_tensor.gather %x, %i {axis = 0 : i64} : tensor<0x3xf32>, tensor<2xi32> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<4x3xf32>, %i: tensor<2xi64>) {
  // expected-error @+1 {{mlc_tensor.gather: expected result type tensor<4x2xf32>, got tensor<2x3xf32>}}
  %0 = mlc_tensor.gather %x, %i {axis = 1 : i64} : tensor<4x3xf32>, tensor<2xi64> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @f(%x: i32) {
  // expected-error @+1 {{mlc_tensor.reshape: expected operand to be a ranked tensor, got i32}}
  %0 = mlc_tensor.reshape %x : i32 -> tensor<1xi32>
  func.return
}

// -----

func.func @f(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.transpose: expected result to be a ranked tensor, got f32}}
  %0 = mlc_tensor.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> f32
  func.return
}

// -----

func.func @f(%a: tensor<2xf32>, %b: f32) {
  // expected-error @+1 {{mlc_tensor.concat: expected operand #1 to be a ranked tensor, got f32}}
  %0 = mlc_tensor.concat %a, %b {axis = 0 : i64} : tensor<2xf32>, f32 -> tensor<3xf32>
  func.return
}

// -----

func.func @f(%x: tensor<4x3xf32>, %i: i32) {
  // expected-error @+1 {{mlc_tensor.gather: expected indices to be a ranked tensor, got i32}}
  %0 = mlc_tensor.gather %x, %i {axis = 0 : i64} : tensor<4x3xf32>, i32 -> tensor<3xf32>
  func.return
}

// -----

func.func @scatter_index_type(%x: tensor<4x3xf32>, %i: tensor<2x3xf32>, %u: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.scatter: expected indices element type i32 or i64, got f32}}
  %0 = mlc_tensor.scatter %x, %i, %u {axis = 0 : i64} : tensor<4x3xf32>, tensor<2x3xf32>, tensor<2x3xf32> -> tensor<4x3xf32>
  func.return
}

// -----

func.func @scatter_updates_element(%x: tensor<4x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf16>) {
  // expected-error @+1 {{mlc_tensor.scatter: expected updates element type f32, got f16}}
  %0 = mlc_tensor.scatter %x, %i, %u {axis = 0 : i64} : tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf16> -> tensor<4x3xf32>
  func.return
}

// -----

func.func @scatter_indices_rank(%x: tensor<4x3xf32>, %i: tensor<2xi64>, %u: tensor<2xf32>) {
  // expected-error @+1 {{mlc_tensor.scatter: expected indices rank 2, got 1}}
  %0 = mlc_tensor.scatter %x, %i, %u {axis = 0 : i64} : tensor<4x3xf32>, tensor<2xi64>, tensor<2xf32> -> tensor<4x3xf32>
  func.return
}

// -----

func.func @scatter_updates_shape(%x: tensor<4x3xf32>, %i: tensor<2x3xi64>, %u: tensor<3x2xf32>) {
  // expected-error @+1 {{mlc_tensor.scatter_add: expected updates shape [2, 3], got [3, 2]}}
  %0 = mlc_tensor.scatter_add %x, %i, %u {axis = 0 : i64} : tensor<4x3xf32>, tensor<2x3xi64>, tensor<3x2xf32> -> tensor<4x3xf32>
  func.return
}

// -----

func.func @scatter_indices_too_wide(%x: tensor<4x3xf32>, %i: tensor<2x4xi64>, %u: tensor<2x4xf32>) {
  // expected-error @+1 {{mlc_tensor.scatter: expected indices dimension 1 of size <= 3 (the operand's), got 4}}
  %0 = mlc_tensor.scatter %x, %i, %u {axis = 0 : i64} : tensor<4x3xf32>, tensor<2x4xi64>, tensor<2x4xf32> -> tensor<4x3xf32>
  func.return
}

// -----

func.func @scatter_add_of_i1(%x: tensor<4xi1>, %i: tensor<2xi64>, %u: tensor<2xi1>) {
  // expected-error @+1 {{mlc_tensor.scatter_add: expected operand element type in (f32, f16, bf16, i8, i32, i64), got i1}}
  %0 = mlc_tensor.scatter_add %x, %i, %u {axis = 0 : i64} : tensor<4xi1>, tensor<2xi64>, tensor<2xi1> -> tensor<4xi1>
  func.return
}

// -----

func.func @scatter_axis(%x: tensor<4x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.scatter: expected axis in [0, 2), got 2}}
  %0 = mlc_tensor.scatter %x, %i, %u {axis = 2 : i64} : tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32> -> tensor<4x3xf32>
  func.return
}

// -----

func.func @scatter_into_empty(%x: tensor<0x3xf32>, %i: tensor<1x3xi64>, %u: tensor<1x3xf32>) {
  // expected-error @+1 {{mlc_tensor.scatter: expected a non-empty dimension 0 to scatter into, got size 0}}
  %0 = mlc_tensor.scatter %x, %i, %u {axis = 0 : i64} : tensor<0x3xf32>, tensor<1x3xi64>, tensor<1x3xf32> -> tensor<0x3xf32>
  func.return
}

// -----

func.func @scatter_result(%x: tensor<4x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.scatter: expected result type tensor<4x3xf32>, got tensor<3x4xf32>}}
  %0 = mlc_tensor.scatter %x, %i, %u {axis = 0 : i64} : tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32> -> tensor<3x4xf32>
  func.return
}

// -----

// ===== contraction ops =====

func.func @matmul_contracting(%a: tensor<4x8xf32>, %b: tensor<9x16xf32>) {
  // expected-error @+1 {{mlc_tensor.matmul: expected rhs contracting dimension 8, got 9}}
  %0 = mlc_tensor.matmul %a, %b : tensor<4x8xf32>, tensor<9x16xf32> -> tensor<4x16xf32>
  func.return
}

// -----

func.func @matmul_lhs_rank(%a: tensor<2x4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error @+1 {{mlc_tensor.matmul: expected lhs rank 2, got 3}}
  %0 = mlc_tensor.matmul %a, %b : tensor<2x4x8xf32>, tensor<8x16xf32> -> tensor<2x4x16xf32>
  func.return
}

// -----

func.func @matmul_rhs_rank(%a: tensor<4x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{mlc_tensor.matmul: expected rhs rank 2, got 1}}
  %0 = mlc_tensor.matmul %a, %b : tensor<4x8xf32>, tensor<8xf32> -> tensor<4xf32>
  func.return
}

// -----

func.func @matmul_element_mismatch(%a: tensor<4x8xf32>, %b: tensor<8x16xf16>) {
  // expected-error @+1 {{mlc_tensor.matmul: expected rhs element type f32, got f16}}
  %0 = mlc_tensor.matmul %a, %b : tensor<4x8xf32>, tensor<8x16xf16> -> tensor<4x16xf32>
  func.return
}

// -----

func.func @matmul_i1(%a: tensor<4x8xi1>, %b: tensor<8x16xi1>) {
  // expected-error @+1 {{mlc_tensor.matmul: expected lhs element type in (f32, f16, bf16, i8, i32, i64), got i1}}
  %0 = mlc_tensor.matmul %a, %b : tensor<4x8xi1>, tensor<8x16xi1> -> tensor<4x16xi1>
  func.return
}

// -----

func.func @matmul_f64(%a: tensor<4x8xf64>, %b: tensor<8x16xf64>) {
  // expected-error @+1 {{mlc_tensor.matmul: expected lhs element type in (f32, f16, bf16, i1, i8, i32, i64), got f64}}
  %0 = mlc_tensor.matmul %a, %b : tensor<4x8xf64>, tensor<8x16xf64> -> tensor<4x16xf64>
  func.return
}

// -----

func.func @matmul_not_tensor(%a: f32, %b: tensor<8x16xf32>) {
  // expected-error @+1 {{mlc_tensor.matmul: expected lhs to be a ranked tensor, got f32}}
  %0 = mlc_tensor.matmul %a, %b : f32, tensor<8x16xf32> -> tensor<4x16xf32>
  func.return
}

// -----

func.func @matmul_dynamic(%a: tensor<4x8xf32>, %b: tensor<8x?xf32>) {
  // expected-error @+1 {{mlc_tensor.matmul: expected rhs to have a static shape, got tensor<8x?xf32>}}
  %0 = mlc_tensor.matmul %a, %b : tensor<4x8xf32>, tensor<8x?xf32> -> tensor<4x16xf32>
  func.return
}

// -----

func.func @matmul_result(%a: tensor<4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error @+1 {{mlc_tensor.matmul: expected result type tensor<4x16xf32>, got tensor<4x16xf16>}}
  %0 = mlc_tensor.matmul %a, %b : tensor<4x8xf32>, tensor<8x16xf32> -> tensor<4x16xf16>
  func.return
}

// -----

func.func @batch_matmul_lhs_rank(%a: tensor<4x8xf32>, %b: tensor<2x8x16xf32>) {
  // expected-error @+1 {{mlc_tensor.batch_matmul: expected lhs rank >= 3, got 2}}
  %0 = mlc_tensor.batch_matmul %a, %b : tensor<4x8xf32>, tensor<2x8x16xf32> -> tensor<2x4x16xf32>
  func.return
}

// -----

func.func @batch_matmul_rhs_rank(%a: tensor<2x4x8xf32>, %b: tensor<8x16xf32>) {
  // expected-error @+1 {{mlc_tensor.batch_matmul: expected rhs rank >= 3, got 2}}
  %0 = mlc_tensor.batch_matmul %a, %b : tensor<2x4x8xf32>, tensor<8x16xf32> -> tensor<2x4x16xf32>
  func.return
}

// -----

func.func @batch_matmul_contracting(%a: tensor<2x4x8xf32>, %b: tensor<2x7x16xf32>) {
  // expected-error @+1 {{mlc_tensor.batch_matmul: expected rhs contracting dimension 8, got 7}}
  %0 = mlc_tensor.batch_matmul %a, %b : tensor<2x4x8xf32>, tensor<2x7x16xf32> -> tensor<2x4x16xf32>
  func.return
}

// -----

func.func @batch_matmul_batch(%a: tensor<2x3x4x8xf32>, %b: tensor<4x8x16xf32>) {
  // expected-error @+1 {{mlc_tensor.batch_matmul: expected broadcast-compatible batch dimensions, got [2, 3] and [4]}}
  %0 = mlc_tensor.batch_matmul %a, %b : tensor<2x3x4x8xf32>, tensor<4x8x16xf32> -> tensor<2x3x4x16xf32>
  func.return
}

// -----

func.func @batch_matmul_result(%a: tensor<1x4x8xf32>, %b: tensor<3x8x2xf32>) {
  // expected-error @+1 {{mlc_tensor.batch_matmul: expected result type tensor<3x4x2xf32>, got tensor<1x4x2xf32>}}
  %0 = mlc_tensor.batch_matmul %a, %b : tensor<1x4x8xf32>, tensor<3x8x2xf32> -> tensor<1x4x2xf32>
  func.return
}

// -----

func.func @linear_contracting(%x: tensor<3x8xf32>, %w: tensor<5x7xf32>) {
  // expected-error @+1 {{mlc_tensor.linear: expected weight contracting dimension 8, got 7}}
  %0 = mlc_tensor.linear %x, %w : tensor<3x8xf32>, tensor<5x7xf32> -> tensor<3x5xf32>
  func.return
}

// -----

func.func @linear_weight_rank(%x: tensor<3x8xf32>, %w: tensor<5x8x1xf32>) {
  // expected-error @+1 {{mlc_tensor.linear: expected weight rank 2, got 3}}
  %0 = mlc_tensor.linear %x, %w : tensor<3x8xf32>, tensor<5x8x1xf32> -> tensor<3x5xf32>
  func.return
}

// -----

func.func @linear_input_rank(%x: tensor<f32>, %w: tensor<5x8xf32>) {
  // expected-error @+1 {{mlc_tensor.linear: expected input rank >= 1, got 0}}
  %0 = mlc_tensor.linear %x, %w : tensor<f32>, tensor<5x8xf32> -> tensor<5xf32>
  func.return
}

// -----

func.func @linear_bias_shape(%x: tensor<3x8xf32>, %w: tensor<5x8xf32>, %b: tensor<8xf32>) {
  // expected-error @+1 {{mlc_tensor.linear: expected bias shape [5], got [8]}}
  %0 = mlc_tensor.linear %x, %w, %b : tensor<3x8xf32>, tensor<5x8xf32>, tensor<8xf32> -> tensor<3x5xf32>
  func.return
}

// -----

func.func @linear_bias_element(%x: tensor<3x8xf32>, %w: tensor<5x8xf32>, %b: tensor<5xbf16>) {
  // expected-error @+1 {{mlc_tensor.linear: expected bias element type f32, got bf16}}
  %0 = mlc_tensor.linear %x, %w, %b : tensor<3x8xf32>, tensor<5x8xf32>, tensor<5xbf16> -> tensor<3x5xf32>
  func.return
}

// -----

func.func @linear_weight_element(%x: tensor<3x8xf32>, %w: tensor<5x8xi8>) {
  // expected-error @+1 {{mlc_tensor.linear: expected weight element type f32, got i8}}
  %0 = mlc_tensor.linear %x, %w : tensor<3x8xf32>, tensor<5x8xi8> -> tensor<3x5xf32>
  func.return
}

// -----

func.func @linear_result(%x: tensor<3x8xf32>, %w: tensor<5x8xf32>) {
  // expected-error @+1 {{mlc_tensor.linear: expected result type tensor<3x5xf32>, got tensor<5x3xf32>}}
  %0 = mlc_tensor.linear %x, %w : tensor<3x8xf32>, tensor<5x8xf32> -> tensor<5x3xf32>
  func.return
}

// -----

func.func @conv2d_input_rank(%x: tensor<4x8x8xf32>, %w: tensor<6x4x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected input rank 4, got 3}}
  %0 = mlc_tensor.conv2d %x, %w : tensor<4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_weight_rank(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected weight rank 4, got 3}}
  %0 = mlc_tensor.conv2d %x, %w : tensor<1x4x8x8xf32>, tensor<6x4x3xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_integer(%x: tensor<1x4x8x8xi32>, %w: tensor<6x4x3x3xi32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected input to have a float element type (f32, f16, bf16), got i32}}
  %0 = mlc_tensor.conv2d %x, %w : tensor<1x4x8x8xi32>, tensor<6x4x3x3xi32> -> tensor<1x6x6x6xi32>
  func.return
}

// -----

func.func @conv2d_weight_element(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf16>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected weight element type f32, got f16}}
  %0 = mlc_tensor.conv2d %x, %w : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf16> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_bias_element(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<6xbf16>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected bias element type f32, got bf16}}
  %0 = mlc_tensor.conv2d %x, %w, %b : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<6xbf16> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_bias_shape(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected bias shape [6], got [4]}}
  %0 = mlc_tensor.conv2d %x, %w, %b : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32>, tensor<4xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_weight_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected weight input channels (input channels / groups) 4, got 2}}
  %0 = mlc_tensor.conv2d %x, %w : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_groups_input(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected input channels divisible by groups 3, got 4}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 3 : i64} : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_groups_output(%x: tensor<1x4x8x8xf32>, %w: tensor<5x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected output channels divisible by groups 2, got 5}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 2 : i64} : tensor<1x4x8x8xf32>, tensor<5x2x3x3xf32> -> tensor<1x5x6x6xf32>
  func.return
}

// -----

func.func @conv2d_groups_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected groups to be a positive i64, got 0 : i64}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 0 : i64} : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_groups_i32(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected groups to be a positive i64, got 2 : i32}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 2 : i32} : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_strides_length(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected strides to be an array<i64> of 2 values, got array<i64: 1, 2, 3>}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 2 : i64, strides = array<i64: 1, 2, 3>} : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_strides_type(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected strides to be an array<i64> of 2 values, got array<i32: 1, 1>}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 2 : i64, strides = array<i32: 1, 1>} : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_strides_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected strides values >= 1, got [0, 1]}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 2 : i64, strides = array<i64: 0, 1>} : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_dilation_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected dilation values >= 1, got [1, 0]}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 2 : i64, dilation = array<i64: 1, 0>} : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_dilation_not_array(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected dilation to be an array<i64> of 2 values, got "1"}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 2 : i64, dilation = "1"} : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_padding_length(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected padding to be an array<i64> of 4 values, got array<i64: 1, 1>}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 2 : i64, padding = array<i64: 1, 1>} : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x8x8xf32>
  func.return
}

// -----

func.func @conv2d_padding_negative(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected padding values >= 0, got [0, 0, -1, 0]}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 2 : i64, padding = array<i64: 0, 0, -1, 0>} : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_layout(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected layout in (nchw, nhwc), got "nwhc"}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 2 : i64, layout = "nwhc"} : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_layout_not_string(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected layout in (nchw, nhwc), got 0 : i64}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 2 : i64, layout = 0 : i64} : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

func.func @conv2d_window_too_big(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected padded input size [8, 8] to hold the dilated window [9, 9], got output size [0, 0]}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 2 : i64, dilation = array<i64: 4, 4>} : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x1x1xf32>
  func.return
}

// -----

func.func @conv2d_result(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected result type tensor<1x6x6x6xf32>, got tensor<1x6x8x8xf32>}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 2 : i64} : tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32> -> tensor<1x6x8x8xf32>
  func.return
}

// -----

func.func @conv2d_nhwc_result(%x: tensor<1x8x4x4xf32>, %w: tensor<3x3x2x6xf32>) {
  // expected-error @+1 {{mlc_tensor.conv2d: expected result type tensor<1x6x2x6xf32>, got tensor<1x6x6x6xf32>}}
  %0 = mlc_tensor.conv2d %x, %w {groups = 2 : i64, layout = "nhwc"} : tensor<1x8x4x4xf32>, tensor<3x3x2x6xf32> -> tensor<1x6x6x6xf32>
  func.return
}

// -----

// ===== pooling ops =====

func.func @max_pool2d_rank(%x: tensor<3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected input rank 4, got 3}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<3x8x8xf32> -> tensor<3x4x4xf32>
  func.return
}

// -----

func.func @max_pool2d_not_tensor(%x: f32) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected input to be a ranked tensor, got f32}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 2, 2>} : f32 -> f32
  func.return
}

// -----

func.func @max_pool2d_integer(%x: tensor<1x3x8x8xi8>) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected input to have a float element type (f32, f16, bf16), got i8}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x3x8x8xi8> -> tensor<1x3x4x4xi8>
  func.return
}

// -----

func.func @max_pool2d_kernel_length(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected kernel to be an array<i64> of 2 values, got array<i64: 2, 2, 2>}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 2, 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----

func.func @max_pool2d_kernel_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected kernel values >= 1, got [0, 2]}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 0, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----

func.func @max_pool2d_strides_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected strides values >= 1, got [1, 0]}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 1, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----

func.func @max_pool2d_padding_length(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected padding to be an array<i64> of 4 values, got array<i64: 1, 1>}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----

func.func @max_pool2d_padding_negative(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected padding values >= 0, got [0, 0, 0, -1]}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, -1>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----

func.func @max_pool2d_padding_over_half(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected padding <= half the kernel [2, 2, 1, 1], got [0, 0, 0, 2]}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 4, 3>, padding = array<i64: 0, 0, 0, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x5x8xf32>
  func.return
}

// -----

func.func @max_pool2d_layout(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected layout in (nchw, nhwc), got "NCHW"}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 2, 2>, layout = "NCHW"} : tensor<1x3x8x8xf32> -> tensor<1x3x7x7xf32>
  func.return
}

// -----

func.func @max_pool2d_ceil_mode(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected ceil_mode to be true or false, got 1 : i64}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 2, 2>, ceil_mode = 1 : i64} : tensor<1x3x8x8xf32> -> tensor<1x3x7x7xf32>
  func.return
}

// -----

func.func @max_pool2d_window_too_big(%x: tensor<1x3x2x8xf32>) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected padded input size [2, 8] to hold the dilated window [3, 3], got output size [0, 6]}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 3, 3>} : tensor<1x3x2x8xf32> -> tensor<1x3x0x6xf32>
  func.return
}

// -----

func.func @max_pool2d_result(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected result type tensor<1x3x4x4xf32>, got tensor<1x3x8x8xf32>}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  func.return
}

// -----

func.func @max_pool2d_nhwc_result(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected result type tensor<1x1x4x8xf32>, got tensor<1x3x4x4xf32>}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, layout = "nhwc"} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----

func.func @avg_pool2d_rank(%x: tensor<3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.avg_pool2d: expected input rank 4, got 3}}
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>} : tensor<3x8x8xf32> -> tensor<3x4x4xf32>
  func.return
}

// -----

func.func @avg_pool2d_not_tensor(%x: f32) {
  // expected-error @+1 {{mlc_tensor.avg_pool2d: expected input to be a ranked tensor, got f32}}
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>} : f32 -> f32
  func.return
}

// -----

func.func @avg_pool2d_integer(%x: tensor<1x3x8x8xi8>) {
  // expected-error @+1 {{mlc_tensor.avg_pool2d: expected input to have a float element type (f32, f16, bf16), got i8}}
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>} : tensor<1x3x8x8xi8> -> tensor<1x3x4x4xi8>
  func.return
}

// -----

func.func @avg_pool2d_kernel_length(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.avg_pool2d: expected kernel to be an array<i64> of 2 values, got array<i64: 2, 2, 2>}}
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----

func.func @avg_pool2d_kernel_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.avg_pool2d: expected kernel values >= 1, got [0, 2]}}
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 0, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----

func.func @avg_pool2d_strides_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.avg_pool2d: expected strides values >= 1, got [1, 0]}}
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 1, 0>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----

func.func @avg_pool2d_padding_length(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.avg_pool2d: expected padding to be an array<i64> of 4 values, got array<i64: 1, 1>}}
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 1, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----

func.func @avg_pool2d_padding_negative(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.avg_pool2d: expected padding values >= 0, got [0, 0, 0, -1]}}
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>, padding = array<i64: 0, 0, 0, -1>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----

func.func @avg_pool2d_padding_over_half(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.avg_pool2d: expected padding <= half the kernel [2, 2, 1, 1], got [0, 0, 0, 2]}}
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 4, 3>, padding = array<i64: 0, 0, 0, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x5x8xf32>
  func.return
}

// -----

func.func @avg_pool2d_layout(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.avg_pool2d: expected layout in (nchw, nhwc), got "NCHW"}}
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>, layout = "NCHW"} : tensor<1x3x8x8xf32> -> tensor<1x3x7x7xf32>
  func.return
}

// -----

func.func @avg_pool2d_ceil_mode(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.avg_pool2d: expected ceil_mode to be true or false, got 1 : i64}}
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>, ceil_mode = 1 : i64} : tensor<1x3x8x8xf32> -> tensor<1x3x7x7xf32>
  func.return
}

// -----

func.func @avg_pool2d_window_too_big(%x: tensor<1x3x2x8xf32>) {
  // expected-error @+1 {{mlc_tensor.avg_pool2d: expected padded input size [2, 8] to hold the dilated window [3, 3], got output size [0, 6]}}
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 3, 3>} : tensor<1x3x2x8xf32> -> tensor<1x3x0x6xf32>
  func.return
}

// -----

func.func @avg_pool2d_result(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.avg_pool2d: expected result type tensor<1x3x4x4xf32>, got tensor<1x3x8x8xf32>}}
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : tensor<1x3x8x8xf32> -> tensor<1x3x8x8xf32>
  func.return
}

// -----

func.func @avg_pool2d_nhwc_result(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.avg_pool2d: expected result type tensor<1x1x4x8xf32>, got tensor<1x3x4x4xf32>}}
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, layout = "nhwc"} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----

func.func @max_pool2d_dilation_zero(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected dilation values >= 1, got [0, 1]}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 2, 2>, dilation = array<i64: 0, 1>} : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----

func.func @max_pool2d_dilated_window_too_big(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.max_pool2d: expected padded input size [8, 8] to hold the dilated window [9, 9], got output size [0, 0]}}
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 3, 3>, dilation = array<i64: 4, 4>} : tensor<1x3x8x8xf32> -> tensor<1x3x1x1xf32>
  func.return
}

// -----

func.func @avg_pool2d_count_include_pad(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{mlc_tensor.avg_pool2d: expected count_include_pad to be true or false, got "yes"}}
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>, count_include_pad = "yes"} : tensor<1x3x8x8xf32> -> tensor<1x3x7x7xf32>
  func.return
}

// -----

func.func @max_pool2d_no_kernel(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{property 'kernel' expected in operation 'mlc_tensor.max_pool2d'}}
  %0 = mlc_tensor.max_pool2d %x : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  func.return
}

// -----

// ===== reduction ops =====

func.func @not_a_tensor(%x: f32) {
  // expected-error @+1 {{mlc_tensor.reduce_sum: expected operand to be a ranked tensor, got f32}}
  %0 = mlc_tensor.reduce_sum %x {axes = array<i64>} : f32 -> f32
  func.return
}

// -----

func.func @dynamic(%x: tensor<?x3xf32>) {
  // expected-error @+1 {{mlc_tensor.reduce_max: expected operand to have a static shape, got tensor<?x3xf32>}}
  %0 = mlc_tensor.reduce_max %x {axes = array<i64: 1>} : tensor<?x3xf32> -> tensor<?xf32>
  func.return
}

// -----

func.func @unsupported_element(%x: tensor<3xf64>) {
  // expected-error @+1 {{mlc_tensor.reduce_min: expected operand element type in (f32, f16, bf16, i1, i8, i32, i64), got f64}}
  %0 = mlc_tensor.reduce_min %x {axes = array<i64: 0>} : tensor<3xf64> -> tensor<f64>
  func.return
}

// -----

func.func @sum_of_i1(%x: tensor<3xi1>) {
  // expected-error @+1 {{mlc_tensor.reduce_sum: expected operand element type in (f32, f16, bf16, i8, i32, i64), got i1}}
  %0 = mlc_tensor.reduce_sum %x {axes = array<i64: 0>} : tensor<3xi1> -> tensor<i1>
  func.return
}

// -----

func.func @mean_of_ints(%x: tensor<3xi32>) {
  // expected-error @+1 {{mlc_tensor.reduce_mean: expected operand to have a float element type (f32, f16, bf16), got i32}}
  %0 = mlc_tensor.reduce_mean %x {axes = array<i64: 0>} : tensor<3xi32> -> tensor<i32>
  func.return
}

// -----

func.func @axes_not_an_array(%x: tensor<3xf32>) {
  // expected-error @+1 {{mlc_tensor.reduce_sum: expected axes to be an array<i64: ...>, got 0 : i64}}
  %0 = mlc_tensor.reduce_sum %x {axes = 0} : tensor<3xf32> -> tensor<f32>
  func.return
}

// -----

func.func @axes_i32(%x: tensor<3xf32>) {
  // expected-error @+1 {{mlc_tensor.reduce_sum: expected axes element type i64, got i32}}
  %0 = mlc_tensor.reduce_sum %x {axes = array<i32: 0>} : tensor<3xf32> -> tensor<f32>
  func.return
}

// -----

func.func @axes_unsorted(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{mlc_tensor.reduce_sum: expected axes sorted, unique and in [0, 3), got [2, 0]}}
  %0 = mlc_tensor.reduce_sum %x {axes = array<i64: 2, 0>} : tensor<2x3x4xf32> -> tensor<3xf32>
  func.return
}

// -----

func.func @axes_duplicate(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.reduce_mean: expected axes sorted, unique and in [0, 2), got [0, 0]}}
  %0 = mlc_tensor.reduce_mean %x {axes = array<i64: 0, 0>} : tensor<2x3xf32> -> tensor<3xf32>
  func.return
}

// -----

func.func @axes_negative(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.reduce_max: expected axes sorted, unique and in [0, 2), got [-1]}}
  %0 = mlc_tensor.reduce_max %x {axes = array<i64: -1>} : tensor<2x3xf32> -> tensor<2xf32>
  func.return
}

// -----

func.func @axes_out_of_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.reduce_min: expected axes sorted, unique and in [0, 2), got [2]}}
  %0 = mlc_tensor.reduce_min %x {axes = array<i64: 2>} : tensor<2x3xf32> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @argmax_two_axes(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.argmax: expected exactly one axis, got [0, 1]}}
  %0 = mlc_tensor.argmax %x {axes = array<i64: 0, 1>} : tensor<2x3xf32> -> tensor<i64>
  func.return
}

// -----

func.func @argmax_no_axis(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.argmax: expected exactly one axis, got []}}
  %0 = mlc_tensor.argmax %x {axes = array<i64>} : tensor<2x3xf32> -> tensor<2x3xi64>
  func.return
}

// -----

func.func @max_of_empty(%x: tensor<0x3xf32>) {
  // expected-error @+1 {{mlc_tensor.reduce_max: expected non-empty reduced dimensions, got size 0 on axis 0}}
  %0 = mlc_tensor.reduce_max %x {axes = array<i64: 0>} : tensor<0x3xf32> -> tensor<3xf32>
  func.return
}

// -----

func.func @result_shape(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.reduce_sum: expected result type tensor<2xf32>, got tensor<3xf32>}}
  %0 = mlc_tensor.reduce_sum %x {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<3xf32>
  func.return
}

// -----

func.func @result_keepdim(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.reduce_sum: expected result type tensor<2x1xf32>, got tensor<2xf32>}}
  %0 = mlc_tensor.reduce_sum %x {axes = array<i64: 1>, keepdim} : tensor<2x3xf32> -> tensor<2xf32>
  func.return
}

// -----

func.func @result_element(%x: tensor<2x3xf16>) {
  // expected-error @+1 {{mlc_tensor.reduce_mean: expected result type tensor<2xf16>, got tensor<2xf32>}}
  %0 = mlc_tensor.reduce_mean %x {axes = array<i64: 1>} : tensor<2x3xf16> -> tensor<2xf32>
  func.return
}

// -----

func.func @argmax_result_element(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{mlc_tensor.argmax: expected result type tensor<2xi64>, got tensor<2xi32>}}
  %0 = mlc_tensor.argmax %x {axes = array<i64: 1>} : tensor<2x3xf32> -> tensor<2xi32>
  func.return
}

// -----

// ===== normalization ops =====

func.func @softmax_not_a_tensor(%x: f32) {
  // expected-error @+1 {{mlc_tensor.softmax: expected operand to be a ranked tensor, got f32}}
  %0 = mlc_tensor.softmax %x {axis = 0} : f32 -> f32
  func.return
}

// -----

func.func @softmax_int(%x: tensor<3xi32>) {
  // expected-error @+1 {{mlc_tensor.softmax: expected operand to have a float element type (f32, f16, bf16), got i32}}
  %0 = mlc_tensor.softmax %x {axis = 0} : tensor<3xi32> -> tensor<3xi32>
  func.return
}

// -----

func.func @softmax_axis_type(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{mlc_tensor.log_softmax: expected axis to be an i64 integer, got 1 : i32}}
  %0 = mlc_tensor.log_softmax %x {axis = 1 : i32} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @softmax_negative_axis(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{mlc_tensor.softmax: expected axis in [0, 3), got -1}}
  %0 = mlc_tensor.softmax %x {axis = -1} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @softmax_axis_range(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{mlc_tensor.log_softmax: expected axis in [0, 3), got 3}}
  %0 = mlc_tensor.log_softmax %x {axis = 3} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @softmax_result(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{mlc_tensor.softmax: expected result type tensor<2x3x4xf32>, got tensor<2x3x4xf16>}}
  %0 = mlc_tensor.softmax %x {axis = 0} : tensor<2x3x4xf32> -> tensor<2x3x4xf16>
  func.return
}

// -----

func.func @layer_norm_int(%x: tensor<2x3xi8>) {
  // expected-error @+1 {{mlc_tensor.layer_norm: expected operand to have a float element type (f32, f16, bf16), got i8}}
  %0 = mlc_tensor.layer_norm %x : tensor<2x3xi8> -> tensor<2x3xi8>
  func.return
}

// -----

func.func @layer_norm_rank_zero(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{mlc_tensor.layer_norm: expected normalized_rank in [1, 3], got 0}}
  %0 = mlc_tensor.layer_norm %x {normalized_rank = 0} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @layer_norm_rank_too_big(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{mlc_tensor.layer_norm: expected normalized_rank in [1, 3], got 4}}
  %0 = mlc_tensor.layer_norm %x {normalized_rank = 4} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @layer_norm_rank_type(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{mlc_tensor.layer_norm: expected normalized_rank to be an i64 integer, got true}}
  %0 = mlc_tensor.layer_norm %x {normalized_rank = true} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @layer_norm_epsilon_type(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{mlc_tensor.layer_norm: expected epsilon to be an f64 float, got 1.000000e-05 : f32}}
  %0 = mlc_tensor.layer_norm %x {epsilon = 1.0e-05 : f32} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @layer_norm_epsilon_negative(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{mlc_tensor.layer_norm: expected epsilon to be finite and >= 0, got -0.001}}
  %0 = mlc_tensor.layer_norm %x {epsilon = -1.0e-03 : f64} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @layer_norm_weight_shape(%x: tensor<2x3x4xf32>, %w: tensor<3xf32>) {
  // expected-error @+1 {{mlc_tensor.layer_norm: expected weight type tensor<4xf32>, got tensor<3xf32>}}
  %0 = mlc_tensor.layer_norm %x weight(%w : tensor<3xf32>) : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @layer_norm_weight_element(%x: tensor<2x3x4xf32>, %w: tensor<4xbf16>) {
  // expected-error @+1 {{mlc_tensor.layer_norm: expected weight type tensor<4xf32>, got tensor<4xbf16>}}
  %0 = mlc_tensor.layer_norm %x weight(%w : tensor<4xbf16>) : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @layer_norm_bias_rank(%x: tensor<2x3x4xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.layer_norm: expected bias type tensor<3x4xf32>, got tensor<4xf32>}}
  %0 = mlc_tensor.layer_norm %x bias(%b : tensor<4xf32>) {normalized_rank = 2} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @layer_norm_result(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{mlc_tensor.layer_norm: expected result type tensor<2x3x4xf32>, got tensor<2x3xf32>}}
  %0 = mlc_tensor.layer_norm %x : tensor<2x3x4xf32> -> tensor<2x3xf32>
  func.return
}

// -----

func.func @batch_norm_int(%x: tensor<2x3xi32>, %c: tensor<3xi32>) {
  // expected-error @+1 {{mlc_tensor.batch_norm: expected operand to have a float element type (f32, f16, bf16), got i32}}
  %0 = mlc_tensor.batch_norm %x scale %c bias %c mean %c var %c : tensor<2x3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32> -> tensor<2x3xi32>
  func.return
}

// -----

func.func @batch_norm_axis_range(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>) {
  // expected-error @+1 {{mlc_tensor.batch_norm: expected axis in [0, 3), got 3}}
  %0 = mlc_tensor.batch_norm %x scale %c bias %c mean %c var %c {axis = 3} : tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @batch_norm_axis_type(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>) {
  // expected-error @+1 {{mlc_tensor.batch_norm: expected axis to be an i64 integer, got 1.000000e+00 : f64}}
  %0 = mlc_tensor.batch_norm %x scale %c bias %c mean %c var %c {axis = 1.0} : tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @batch_norm_epsilon(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>) {
  // expected-error @+1 {{mlc_tensor.batch_norm: expected epsilon to be an f64 float, got 1 : i64}}
  %0 = mlc_tensor.batch_norm %x scale %c bias %c mean %c var %c {epsilon = 1} : tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @batch_norm_scale(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>, %s: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.batch_norm: expected scale type tensor<3xf32>, got tensor<4xf32>}}
  %0 = mlc_tensor.batch_norm %x scale %s bias %c mean %c var %c : tensor<2x3x4xf32>, tensor<4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @batch_norm_bias(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>, %b: tensor<3xf16>) {
  // expected-error @+1 {{mlc_tensor.batch_norm: expected bias type tensor<3xf32>, got tensor<3xf16>}}
  %0 = mlc_tensor.batch_norm %x scale %c bias %b mean %c var %c : tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf16>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @batch_norm_mean(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>, %m: tensor<1x3xf32>) {
  // expected-error @+1 {{mlc_tensor.batch_norm: expected mean type tensor<3xf32>, got tensor<1x3xf32>}}
  %0 = mlc_tensor.batch_norm %x scale %c bias %c mean %m var %c : tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<1x3xf32>, tensor<3xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @batch_norm_var_for_axis(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>) {
  // expected-error @+1 {{mlc_tensor.batch_norm: expected scale type tensor<4xf32>, got tensor<3xf32>}}
  %0 = mlc_tensor.batch_norm %x scale %c bias %c mean %c var %c {axis = 2} : tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @batch_norm_var(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>, %v: tensor<3xbf16>) {
  // expected-error @+1 {{mlc_tensor.batch_norm: expected var type tensor<3xf32>, got tensor<3xbf16>}}
  %0 = mlc_tensor.batch_norm %x scale %c bias %c mean %c var %v : tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xbf16> -> tensor<2x3x4xf32>
  func.return
}

// -----

func.func @batch_norm_result(%x: tensor<2x3x4xf32>, %c: tensor<3xf32>) {
  // expected-error @+1 {{mlc_tensor.batch_norm: expected result type tensor<2x3x4xf32>, got tensor<2x3x4xf16>}}
  %0 = mlc_tensor.batch_norm %x scale %c bias %c mean %c var %c : tensor<2x3x4xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3x4xf16>
  func.return
}

// -----

// ===== fused ops =====

func.func @two_blocks(%x: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.fused: expected a body of exactly one block, got 2}}
  %0 = "mlc_tensor.fused"(%x) ({
  ^bb0(%a: tensor<4xf32>):
    "mlc_tensor.yield"(%a) : (tensor<4xf32>) -> ()
  ^bb1(%b: tensor<4xf32>):
    "mlc_tensor.yield"(%b) : (tensor<4xf32>) -> ()
  }) : (tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @empty_body(%x: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.fused: expected the body to end in mlc_tensor.yield, got an empty block}}
  %0 = "mlc_tensor.fused"(%x) ({
  ^bb0(%a: tensor<4xf32>):
  }) : (tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @no_yield(%x: tensor<4xf32>) {
  %0 = mlc_tensor.fused (%a = %x) : (tensor<4xf32>) -> tensor<4xf32> {
    // expected-error @+1 {{mlc_tensor.fused: expected the body to end in mlc_tensor.yield, got mlc_tensor.neg}}
    %1 = mlc_tensor.neg %a : tensor<4xf32> -> tensor<4xf32>
  }
  func.return
}

// -----

func.func @block_argument_count(%x: tensor<4xf32>, %y: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.fused: expected number of block arguments (one per operand) 2, got 1}}
  %0 = "mlc_tensor.fused"(%x, %y) ({
  ^bb0(%a: tensor<4xf32>):
    "mlc_tensor.yield"(%a) : (tensor<4xf32>) -> ()
  }) : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

func.func @block_argument_type(%x: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.fused: expected block argument #0 type tensor<4xf32>, got tensor<4xf16>}}
  %0 = "mlc_tensor.fused"(%x) ({
  ^bb0(%a: tensor<4xf16>):
    "mlc_tensor.yield"(%a) : (tensor<4xf16>) -> ()
  }) : (tensor<4xf32>) -> tensor<4xf16>
  func.return
}

// -----

func.func @operand_not_a_tensor(%x: f32) {
  // expected-error @+1 {{mlc_tensor.fused: expected operand #0 to be a ranked tensor, got f32}}
  %0 = mlc_tensor.fused (%a = %x) : (f32) -> f32 {
    mlc_tensor.yield %a : f32
  }
  func.return
}

// -----

func.func @foreign_op(%x: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.fused: expected only mlc_tensor and mlc_quant ops (no nested fused) in the body, got arith.constant}}
  %0 = mlc_tensor.fused (%a = %x) : (tensor<4xf32>) -> tensor<4xf32> {
    %c = arith.constant 1 : i32
    mlc_tensor.yield %a : tensor<4xf32>
  }
  func.return
}

// -----

func.func @quantized_constant_in_body(%x: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.fused: expected mlc_quant.constant weights as operands (read in their stored layout), got one in the body}}
  %0 = mlc_tensor.fused (%a = %x) : (tensor<4xf32>) -> tensor<4xi32> {
    %w = mlc_quant.constant dense<[1, 2, 3, 4]> : tensor<4xi8> -> tensor<4x!mlc_quant.uniform<i8:f32, 0.5>>
    %c = mlc_quant.storage_cast %w : tensor<4x!mlc_quant.uniform<i8:f32, 0.5>> -> tensor<4xi8>
    %i = mlc_tensor.cast %c : tensor<4xi8> -> tensor<4xi32>
    mlc_tensor.yield %i : tensor<4xi32>
  }
  func.return
}

// -----

func.func @nested_fused(%x: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.fused: expected only mlc_tensor and mlc_quant ops (no nested fused) in the body, got mlc_tensor.fused}}
  %0 = mlc_tensor.fused (%a = %x) : (tensor<4xf32>) -> tensor<4xf32> {
    %1 = mlc_tensor.fused (%b = %a) : (tensor<4xf32>) -> tensor<4xf32> {
      mlc_tensor.yield %b : tensor<4xf32>
    }
    mlc_tensor.yield %1 : tensor<4xf32>
  }
  func.return
}

// -----

func.func @not_isolated(%x: tensor<4xf32>, %y: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.fused: expected the body to use only its block arguments and values defined in it (isolated from above), got operand #1 of mlc_tensor.add defined outside}}
  %0 = mlc_tensor.fused (%a = %x) : (tensor<4xf32>) -> tensor<4xf32> {
    %1 = mlc_tensor.add %a, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
    mlc_tensor.yield %1 : tensor<4xf32>
  }
  func.return
}

// -----

func.func @no_results(%x: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.fused: expected at least one result, got 0}}
  mlc_tensor.fused (%a = %x) : (tensor<4xf32>) -> () {
    mlc_tensor.yield
  }
  func.return
}

// -----

func.func @yield_types(%x: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.fused: expected yielded types [tensor<4xf16>], got [tensor<4xf32>]}}
  %0 = mlc_tensor.fused (%a = %x) : (tensor<4xf32>) -> tensor<4xf16> {
    mlc_tensor.yield %a : tensor<4xf32>
  }
  func.return
}

// -----

func.func @yield_count(%x: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.fused: expected yielded types [tensor<4xf32>], got [tensor<4xf32>, tensor<4xf32>]}}
  %0 = mlc_tensor.fused (%a = %x) : (tensor<4xf32>) -> tensor<4xf32> {
    mlc_tensor.yield %a, %a : tensor<4xf32>, tensor<4xf32>
  }
  func.return
}

// -----

func.func @kind_not_a_string(%x: tensor<4xf32>) {
  // expected-error @+1 {{mlc_tensor.fused: expected kind to be a string, got 1 : i64}}
  %0 = mlc_tensor.fused (%a = %x) {kind = 1} : (tensor<4xf32>) -> tensor<4xf32> {
    mlc_tensor.yield %a : tensor<4xf32>
  }
  func.return
}

// -----

func.func @yield_not_last(%x: tensor<4xf32>) {
  %0 = mlc_tensor.fused (%a = %x) : (tensor<4xf32>) -> tensor<4xf32> {
    // expected-error @+1 {{'mlc_tensor.yield' must be the last operation in its parent block}}
    mlc_tensor.yield %a : tensor<4xf32>
    mlc_tensor.yield %a : tensor<4xf32>
  }
  func.return
}

// -----

func.func @yield_outside_fused(%x: tensor<4xf32>) {
  // expected-error @+1 {{'mlc_tensor.yield' expects parent op 'mlc_tensor.fused'}}
  mlc_tensor.yield %x : tensor<4xf32>
}

// -----

// ===== scan ops =====

func.func @cumsum_not_a_tensor(%x: f32) {
  // expected-error @+1 {{mlc_tensor.cumsum: expected operand to be a ranked tensor, got f32}}
  %0 = mlc_tensor.cumsum %x {axis = 0 : i64} : f32 -> f32
  func.return
}

// -----

func.func @cumsum_of_i1(%x: tensor<3xi1>) {
  // expected-error @+1 {{mlc_tensor.cumsum: expected operand element type in (f32, f16, bf16, i8, i32, i64), got i1}}
  %0 = mlc_tensor.cumsum %x {axis = 0 : i64} : tensor<3xi1> -> tensor<3xi1>
  func.return
}

// -----

func.func @cumprod_rank_0(%x: tensor<f32>) {
  // expected-error @+1 {{mlc_tensor.cumprod: expected an operand of rank >= 1, got rank 0}}
  %0 = mlc_tensor.cumprod %x {axis = 0 : i64} : tensor<f32> -> tensor<f32>
  func.return
}

// -----

func.func @cummax_axis(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{mlc_tensor.cummax: expected axis in [0, 2), got 2}}
  %0 = mlc_tensor.cummax %x {axis = 2 : i64} : tensor<2x5xf32> -> tensor<2x5xf32>
  func.return
}

// -----

func.func @cummin_result(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{mlc_tensor.cummin: expected result type tensor<2x5xf32>, got tensor<2x5xf16>}}
  %0 = mlc_tensor.cummin %x {axis = 1 : i64} : tensor<2x5xf32> -> tensor<2x5xf16>
  func.return
}

// -----

func.func @sort_unsupported(%x: tensor<5xf64>) {
  // expected-error @+1 {{mlc_tensor.sort: expected operand element type in (f32, f16, bf16, i1, i8, i32, i64), got f64}}
  %0:2 = mlc_tensor.sort %x {axis = 0 : i64} : tensor<5xf64> -> tensor<5xf64>, tensor<5xi64>
  func.return
}

// -----

func.func @sort_axis(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{mlc_tensor.sort: expected axis in [0, 2), got -1}}
  %0:2 = mlc_tensor.sort %x {axis = -1 : i64} : tensor<2x5xf32> -> tensor<2x5xf32>, tensor<2x5xi64>
  func.return
}

// -----

func.func @sort_values(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{mlc_tensor.sort: expected values type tensor<2x5xf32>, got tensor<2x5xf16>}}
  %0:2 = mlc_tensor.sort %x {axis = 1 : i64} : tensor<2x5xf32> -> tensor<2x5xf16>, tensor<2x5xi64>
  func.return
}

// -----

func.func @sort_indices(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{mlc_tensor.sort: expected indices type tensor<2x5xi64>, got tensor<2x5xi32>}}
  %0:2 = mlc_tensor.sort %x {axis = 1 : i64} : tensor<2x5xf32> -> tensor<2x5xf32>, tensor<2x5xi32>
  func.return
}

// -----

func.func @topk_k_too_large(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{mlc_tensor.topk: expected k in [0, 5] (the size of axis 1), got 6}}
  %0:2 = mlc_tensor.topk %x {k = 6 : i64, axis = 1 : i64} : tensor<2x5xf32> -> tensor<2x6xf32>, tensor<2x6xi64>
  func.return
}

// -----

func.func @topk_k_negative(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{mlc_tensor.topk: expected k in [0, 2] (the size of axis 0), got -1}}
  %0:2 = mlc_tensor.topk %x {k = -1 : i64, axis = 0 : i64} : tensor<2x5xf32> -> tensor<2x5xf32>, tensor<2x5xi64>
  func.return
}

// -----

func.func @topk_axis(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{mlc_tensor.topk: expected axis in [0, 2), got 3}}
  %0:2 = mlc_tensor.topk %x {k = 1 : i64, axis = 3 : i64} : tensor<2x5xf32> -> tensor<2x5xf32>, tensor<2x5xi64>
  func.return
}

// -----

func.func @topk_values(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{mlc_tensor.topk: expected values type tensor<2x3xf32>, got tensor<2x5xf32>}}
  %0:2 = mlc_tensor.topk %x {k = 3 : i64, axis = 1 : i64} : tensor<2x5xf32> -> tensor<2x5xf32>, tensor<2x3xi64>
  func.return
}

// -----

func.func @topk_indices(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{mlc_tensor.topk: expected indices type tensor<2x3xi64>, got tensor<2x3xf32>}}
  %0:2 = mlc_tensor.topk %x {k = 3 : i64, axis = 1 : i64, largest = false} : tensor<2x5xf32> -> tensor<2x3xf32>, tensor<2x3xf32>
  func.return
}

// -----

func.func @reverse_axes_unsorted(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{mlc_tensor.reverse: expected axes sorted, unique and in [0, 2), got [1, 0]}}
  %0 = mlc_tensor.reverse %x {axes = array<i64: 1, 0>} : tensor<2x5xf32> -> tensor<2x5xf32>
  func.return
}

// -----

func.func @reverse_axes_range(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{mlc_tensor.reverse: expected axes sorted, unique and in [0, 2), got [2]}}
  %0 = mlc_tensor.reverse %x {axes = array<i64: 2>} : tensor<2x5xf32> -> tensor<2x5xf32>
  func.return
}

// -----

func.func @reverse_shape(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{mlc_tensor.reverse: expected result shape [2, 5], got [5, 2]}}
  %0 = mlc_tensor.reverse %x {axes = array<i64: 0>} : tensor<2x5xf32> -> tensor<5x2xf32>
  func.return
}

// -----

func.func @reverse_element(%x: tensor<2x5xf32>) {
  // expected-error @+1 {{mlc_tensor.reverse: expected result element type f32, got i32}}
  %0 = mlc_tensor.reverse %x {axes = array<i64: 0>} : tensor<2x5xf32> -> tensor<2x5xi32>
  func.return
}
