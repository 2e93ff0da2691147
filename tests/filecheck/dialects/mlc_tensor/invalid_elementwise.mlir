// RUN: mlc-opt %s --split-input-file --verify-diagnostics

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
