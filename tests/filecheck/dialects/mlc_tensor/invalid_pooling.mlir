// RUN: mlc-opt %s --split-input-file --verify-diagnostics

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
