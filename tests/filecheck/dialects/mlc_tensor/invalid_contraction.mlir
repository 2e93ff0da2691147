// RUN: mlc-opt %s --split-input-file --verify-diagnostics

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
