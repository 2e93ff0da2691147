// RUN: mlc-opt %s --split-input-file --verify-diagnostics

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
