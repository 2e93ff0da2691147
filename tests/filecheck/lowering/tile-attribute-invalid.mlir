// RUN: mlc-opt %s --split-input-file --verify-diagnostics -p convert-mlc-tensor-to-mlc-kernel

// A group's mlc.tile must name the settings of its kernel kind, with values it can run.

func.func @unknown_key(%a: tensor<5x12xf32>) -> tensor<5x12xf32> {
  // expected-error @+1 {{convert-mlc-tensor-to-mlc-kernel: mlc_tensor.relu: mlc.tile: unknown key BLOCK_M for this elementwise kernel, which takes BLOCK, num_warps, num_stages; fix or remove its mlc.tile attribute}}
  %0 = mlc_tensor.relu %a {mlc.tile = {BLOCK_M = 16}} : tensor<5x12xf32> -> tensor<5x12xf32>
  func.return %0 : tensor<5x12xf32>
}

// -----

func.func @not_a_power_of_two(%a: tensor<5x12xf32>) -> tensor<5x12xf32> {
  // expected-error @+1 {{mlc_tensor.relu: mlc.tile: BLOCK must be a power of two, got 48; fix or remove its mlc.tile attribute}}
  %0 = mlc_tensor.relu %a {mlc.tile = {BLOCK = 48}} : tensor<5x12xf32> -> tensor<5x12xf32>
  func.return %0 : tensor<5x12xf32>
}

// -----

func.func @row_longer_than_block(%a: tensor<5x12xf32>) -> tensor<5x12xf32> {
  // expected-error @+1 {{mlc_tensor.softmax: mlc.tile: BLOCK=8 is shorter than a row of 12 elements; fix or remove its mlc.tile attribute}}
  %0 = mlc_tensor.softmax %a {axis = 1 : i64, mlc.tile = {BLOCK = 8}} : tensor<5x12xf32> -> tensor<5x12xf32>
  func.return %0 : tensor<5x12xf32>
}

// -----

func.func @dot_tile_too_small(%a: tensor<40x24xf32>, %b: tensor<24x12xf32>) -> tensor<40x12xf32> {
  // expected-error @+1 {{mlc_tensor.fused: mlc.tile: BLOCK_K must be at least 16 (tl.dot's smallest tile), got 8; fix or remove its mlc.tile attribute}}
  %0 = mlc_tensor.fused (%x = %a, %y = %b) {kind = "epilogue", mlc.tile = {BLOCK_K = 8}} : (tensor<40x24xf32>, tensor<24x12xf32>) -> tensor<40x12xf32> {
    %m = mlc_tensor.matmul %x, %y : tensor<40x24xf32>, tensor<24x12xf32> -> tensor<40x12xf32>
    mlc_tensor.yield %m : tensor<40x12xf32>
  }
  func.return %0 : tensor<40x12xf32>
}

// -----

func.func @not_a_dictionary(%a: tensor<5x12xf32>) -> tensor<5x12xf32> {
  // expected-error @+1 {{mlc_tensor.relu: mlc.tile must be a dictionary of integers like {BLOCK = 256, num_warps = 4}, got "big"; fix or remove its mlc.tile attribute}}
  %0 = mlc_tensor.relu %a {mlc.tile = "big"} : tensor<5x12xf32> -> tensor<5x12xf32>
  func.return %0 : tensor<5x12xf32>
}
