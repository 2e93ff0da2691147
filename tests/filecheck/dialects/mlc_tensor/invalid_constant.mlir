// RUN: mlc-opt %s --split-input-file --verify-diagnostics

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
