// RUN: mlc-opt %s --split-input-file --verify-diagnostics
func.func @type_storage(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_quant.uniform: expected storage type of width 4, 8, 16 or 32, got i7}}
  %0 = mlc_quant.quantize %x : tensor<2xf32> -> tensor<2x!mlc_quant.uniform<i7:f32, 0.1>>
  func.return
}

// -----

func.func @type_expressed(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_quant.uniform: expected expressed type f32, f16 or bf16, got f64}}
  %0 = mlc_quant.quantize %x : tensor<2xf32> -> tensor<2x!mlc_quant.uniform<i8:f64, 0.1>>
  func.return
}

// -----

func.func @type_range(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_quant.uniform: expected storage range within [-128, 127] with min < max, got [-200, 127]}}
  %0 = mlc_quant.quantize %x : tensor<2xf32> -> tensor<2x!mlc_quant.uniform<i8<-200:127>:f32, 0.1>>
  func.return
}

// -----

func.func @type_scale(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_quant.uniform: expected positive finite scales, got -0.1}}
  %0 = mlc_quant.quantize %x : tensor<2xf32> -> tensor<2x!mlc_quant.uniform<i8:f32, -0.1>>
  func.return
}

// -----

func.func @type_zero_point(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_quant.uniform: expected zero points in [0, 255], got 300}}
  %0 = mlc_quant.quantize %x : tensor<2xf32> -> tensor<2x!mlc_quant.uniform<u8:f32, 0.1:300>>
  func.return
}

// -----

func.func @type_zp_shape(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{mlc_quant.uniform: expected zero points shaped like scales [2, 2], got [2, 1]}}
  %0 = mlc_quant.quantize %x : tensor<2x4xf32> -> tensor<2x4x!mlc_quant.uniform<i4:f32:1 group 2, scales = dense<1.0> : tensor<2x2xf32>, zero_points = dense<0> : tensor<2x1xi8>>>
  func.return
}

// -----

func.func @type_group_rank(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{mlc_quant.uniform: expected group axis below the scales' rank 2, got 2}}
  %0 = mlc_quant.quantize %x : tensor<2x4xf32> -> tensor<2x4x!mlc_quant.uniform<i4:f32:2 group 2, scales = dense<1.0> : tensor<2x2xf32>, zero_points = dense<0> : tensor<2x2xi8>>>
  func.return
}

// -----

func.func @type_scale_element(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{mlc_quant.uniform: expected float scales, got i32}}
  %0 = mlc_quant.quantize %x : tensor<2x4xf32> -> tensor<2x4x!mlc_quant.uniform<i4:f32:1 group 2, scales = dense<1> : tensor<2x2xi32>, zero_points = dense<0> : tensor<2x2xi8>>>
  func.return
}

// -----

func.func @type_zp_element(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{mlc_quant.uniform: expected integer zero points, got f32}}
  %0 = mlc_quant.quantize %x : tensor<2x4xf32> -> tensor<2x4x!mlc_quant.uniform<i4:f32:1 group 2, scales = dense<1.0> : tensor<2x2xf32>, zero_points = dense<0.0> : tensor<2x2xf32>>>
  func.return
}

// -----

func.func @type_per_axis_rank(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{mlc_quant.uniform: expected scales of rank 1, got tensor<2x2xf32>}}
  %0 = mlc_quant.quantize %x : tensor<2x4xf32> -> tensor<2x4x!mlc_quant.uniform<i8:f32:1, scales = dense<1.0> : tensor<2x2xf32>, zero_points = dense<0> : tensor<2x2xi8>>>
  func.return
}

// -----

// expected-error @+1 {{mlc_quant.sparse_2_4: expected a non-negative axis, got -1}}
func.func @sparse_axis(%x: tensor<2x4xf32, #mlc_quant.sparse_2_4<axis = -1>>) {
  %0 = mlc_quant.dequantize %x : tensor<2x4xf32> -> tensor<2x4xf32>
  func.return
}

// -----

func.func @decision_format(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_quant.decision: expected format f32, f16, bf16, int8, int4, int8_g<N>, int4_g<N>, sparse24 or sparse24_<int format>, got int3}}
  %0 = mlc_quant.quantize %x {d = #mlc_quant.decision<int3, reason = "x">} : tensor<2xf32> -> tensor<2x!mlc_quant.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @decision_metric(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_quant.decision: expected distinct metric names, got sqnr}}
  %0 = mlc_quant.quantize %x {d = #mlc_quant.decision<int8, sqnr = 1.0, sqnr = 2.0, reason = "x">} : tensor<2xf32> -> tensor<2x!mlc_quant.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @quantize_operand(%x: tensor<2xi8>) {
  // expected-error @+1 {{mlc_quant.quantize: expected operand to have a float element type (f32, f16, bf16), got i8}}
  %0 = mlc_quant.quantize %x : tensor<2xi8> -> tensor<2x!mlc_quant.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @quantize_result(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_quant.quantize: expected result to have a quantized element type, got tensor<2xi8>}}
  %0 = mlc_quant.quantize %x : tensor<2xf32> -> tensor<2xi8>
  func.return
}

// -----

func.func @quantize_expressed(%x: tensor<2xf16>) {
  // expected-error @+1 {{mlc_quant.quantize: expected operand element type (the result's expressed type) f32, got f16}}
  %0 = mlc_quant.quantize %x : tensor<2xf16> -> tensor<2x!mlc_quant.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @quantize_shape(%x: tensor<3xf32>) {
  // expected-error @+1 {{mlc_quant.quantize: expected result shape [3], got [2]}}
  %0 = mlc_quant.quantize %x : tensor<3xf32> -> tensor<2x!mlc_quant.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @quantize_dynamic(%x: tensor<?xf32>) {
  // expected-error @+1 {{mlc_quant.quantize: expected operand to have a static shape, got tensor<?xf32>}}
  %0 = mlc_quant.quantize %x : tensor<?xf32> -> tensor<2x!mlc_quant.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @quantize_axis_count(%x: tensor<3x2xf32>) {
  // expected-error @+1 {{mlc_quant.quantize: expected result to have 3 scales along axis 0, got 2}}
  %0 = mlc_quant.quantize %x : tensor<3x2xf32> -> tensor<3x2x!mlc_quant.uniform<i8:f32:0, {0.1, 0.2}>>
  func.return
}

// -----

func.func @quantize_axis_rank(%x: tensor<2xf32>) {
  // expected-error @+1 {{mlc_quant.quantize: expected result quantization axis below rank 1, got 1}}
  %0 = mlc_quant.quantize %x : tensor<2xf32> -> tensor<2x!mlc_quant.uniform<i8:f32:1, {0.1, 0.2}>>
  func.return
}

// -----

func.func @quantize_group_divisible(%x: tensor<2x6xf32>) {
  // expected-error @+1 {{mlc_quant.quantize: expected result dimension 1 (6) divisible by group size 4}}
  %0 = mlc_quant.quantize %x : tensor<2x6xf32> -> tensor<2x6x!mlc_quant.uniform<i4:f32:1 group 4, scales = dense<1.0> : tensor<2x2xf32>, zero_points = dense<0> : tensor<2x2xi8>>>
  func.return
}

// -----

func.func @quantize_group_shape(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{mlc_quant.quantize: expected result group scales of shape [2, 2], got [2, 1]}}
  %0 = mlc_quant.quantize %x : tensor<2x8xf32> -> tensor<2x8x!mlc_quant.uniform<i4:f32:1 group 4, scales = dense<1.0> : tensor<2x1xf32>, zero_points = dense<0> : tensor<2x1xi8>>>
  func.return
}

// -----

func.func @quantize_encoding(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{mlc_quant.quantize: expected result without an encoding, got tensor<2x4x!mlc_quant.uniform<i8:f32, 0.1>, #mlc_quant.sparse_2_4<axis = 1>>}}
  %0 = mlc_quant.quantize %x : tensor<2x4xf32> -> tensor<2x4x!mlc_quant.uniform<i8:f32, 0.1>, #mlc_quant.sparse_2_4<axis = 1>>
  func.return
}

// -----

func.func @dequantize_result(%x: tensor<2x!mlc_quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{mlc_quant.dequantize: expected result element type f32, got f16}}
  %0 = mlc_quant.dequantize %x : tensor<2x!mlc_quant.uniform<i8:f32, 0.1>> -> tensor<2xf16>
  func.return
}

// -----

func.func @requantize_ratio(%x: tensor<2x!mlc_quant.uniform<i32:f32, 1.0e10>>) {
  // expected-error @+1 {{mlc_quant.requantize: expected scale ratio operand/result below 2^30, got 1e+10}}
  %0 = mlc_quant.requantize %x : tensor<2x!mlc_quant.uniform<i32:f32, 1.0e10>> -> tensor<2x!mlc_quant.uniform<i8:f32, 1.0>>
  func.return
}

// -----

func.func @requantize_operand(%x: tensor<2xi8>) {
  // expected-error @+1 {{mlc_quant.requantize: expected operand to have a quantized element type, got tensor<2xi8>}}
  %0 = mlc_quant.requantize %x : tensor<2xi8> -> tensor<2x!mlc_quant.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @storage_cast_sides(%x: tensor<2xi8>) {
  // expected-error @+1 {{mlc_quant.storage_cast: expected exactly one quantized side, got tensor<2xi8> -> tensor<2xi8>}}
  %0 = mlc_quant.storage_cast %x : tensor<2xi8> -> tensor<2xi8>
  func.return
}

// -----

func.func @storage_cast_element(%x: tensor<2xui8>) {
  // expected-error @+1 {{mlc_quant.storage_cast: expected storage element type i8, got ui8}}
  %0 = mlc_quant.storage_cast %x : tensor<2xui8> -> tensor<2x!mlc_quant.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @constant_values() {
  // expected-error @+1 {{mlc_quant.constant: expected values type tensor<2x2xui8>, got tensor<2x4xui8>}}
  %0 = mlc_quant.constant dense<0> : tensor<2x4xui8> -> tensor<2x4x!mlc_quant.uniform<i4:f32, 0.5>>
  func.return
}

// -----

func.func @constant_plain() {
  // expected-error @+1 {{mlc_quant.constant: expected a quantized or 2:4-encoded result, got tensor<2x4xf32>}}
  %0 = mlc_quant.constant dense<0.0> : tensor<2x4xf32> -> tensor<2x4xf32>
  func.return
}

// -----

func.func @constant_element() {
  // expected-error @+1 {{mlc_quant.constant: expected result element type quantized, f32, f16 or bf16, got i8}}
  %0 = mlc_quant.constant dense<0> : tensor<2x4xi8> -> tensor<2x4xi8>
  func.return
}

// -----

func.func @constant_no_indices() {
  // expected-error @+1 {{mlc_quant.constant: expected indices (2:4 positions) for a 2:4-encoded result}}
  %0 = mlc_quant.constant dense<0.0> : tensor<2x2xf32> -> tensor<2x4xf32, #mlc_quant.sparse_2_4<axis = 1>>
  func.return
}

// -----

func.func @constant_extra_indices() {
  // expected-error @+1 {{mlc_quant.constant: expected no indices for a dense result, got tensor<2x1xui8>}}
  %0 = mlc_quant.constant dense<0> : tensor<2x4xi8>, dense<0> : tensor<2x1xui8> -> tensor<2x4x!mlc_quant.uniform<i8:f32, 0.1>>
  func.return
}

// -----

func.func @constant_indices_type() {
  // expected-error @+1 {{mlc_quant.constant: expected indices type tensor<2x1xui8>, got tensor<2x2xui8>}}
  %0 = mlc_quant.constant dense<0.0> : tensor<2x4xf32>, dense<0> : tensor<2x2xui8> -> tensor<2x8xf32, #mlc_quant.sparse_2_4<axis = 1>>
  func.return
}

// -----

func.func @constant_2_4_length() {
  // expected-error @+1 {{mlc_quant.constant: expected 2:4 axis length divisible by 4, got 6}}
  %0 = mlc_quant.constant dense<0.0> : tensor<2x3xf32>, dense<0> : tensor<2x1xui8> -> tensor<2x6xf32, #mlc_quant.sparse_2_4<axis = 1>>
  func.return
}

// -----

func.func @constant_2_4_zero_points() {
  // expected-error @+1 {{mlc_quant.constant: expected zero points 0 for a 2:4-encoded result, got !mlc_quant.uniform<i8:f32, 0.1:3>}}
  %0 = mlc_quant.constant dense<0> : tensor<2x2xi8>, dense<0> : tensor<2x1xui8> -> tensor<2x4x!mlc_quant.uniform<i8:f32, 0.1:3>, #mlc_quant.sparse_2_4<axis = 1>>
  func.return
}

// -----

func.func @constant_encoding() {
  // expected-error @+1 {{mlc_quant.constant: expected result encoding #mlc_quant.sparse_2_4 or none, got "x"}}
  %0 = mlc_quant.constant dense<0> : tensor<2x4xi8> -> tensor<2x4x!mlc_quant.uniform<i8:f32, 0.1>, "x">
  func.return
}

// -----

func.func @constant_resource_scales() {
  // expected-error @+1 {{mlc_quant.constant: result expected positive finite scales, got 0.0}}
  %0 = mlc_quant.constant dense<0> : tensor<2xi8> -> tensor<2x!mlc_quant.uniform<i8:f32:0, scales = dense_resource<bad_scales> : tensor<2xf32>, zero_points = dense<0> : tensor<2xi8>>>
  func.return
}

{-#
  dialect_resources: {
    builtin: {
      bad_scales: "0x040000000000803F00000000"
    }
  }
#-}

// -----

func.func @matmul_contracting(%a: tensor<2x8xi8>, %w: tensor<3x4xi8>) {
  // expected-error @+1 {{mlc_quant.matmul: expected lhs contracting dimension 4, got 8}}
  %0 = mlc_quant.matmul %a, %w : tensor<2x8xi8>, tensor<3x4xi8> -> tensor<2x3xi32>
  func.return
}

// -----

func.func @matmul_rank(%a: tensor<2x8xi8>, %w: tensor<3x8x1xi8>) {
  // expected-error @+1 {{mlc_quant.matmul: expected lhs of rank >= 1 and rhs of rank 2, got tensor<2x8xi8> and tensor<3x8x1xi8>}}
  %0 = mlc_quant.matmul %a, %w : tensor<2x8xi8>, tensor<3x8x1xi8> -> tensor<2x3xi32>
  func.return
}

// -----

func.func @matmul_result(%a: tensor<2x8xi8>, %w: tensor<3x8xi8>) {
  // expected-error @+1 {{mlc_quant.matmul: expected result type tensor<2x3xi32>, got tensor<2x3xi64>}}
  %0 = mlc_quant.matmul %a, %w : tensor<2x8xi8>, tensor<3x8xi8> -> tensor<2x3xi64>
  func.return
}

// -----

func.func @matmul_element(%a: tensor<2x8xi32>, %w: tensor<3x8xi8>) {
  // expected-error @+1 {{mlc_quant.matmul: expected lhs element type i8 or quantized with 4/8-bit storage, got i32}}
  %0 = mlc_quant.matmul %a, %w : tensor<2x8xi32>, tensor<3x8xi8> -> tensor<2x3xi32>
  func.return
}

// -----

func.func @matmul_zero_point_range(%a: tensor<2x8xi8>, %w: tensor<3x8xi8>) {
  // expected-error @+1 {{mlc_quant.matmul: expected rhs_zero_point in [-128, 127], got 200}}
  %0 = mlc_quant.matmul %a, %w {rhs_zero_point = 200 : i64} : tensor<2x8xi8>, tensor<3x8xi8> -> tensor<2x3xi32>
  func.return
}

// -----

func.func @matmul_zero_point_quantized(%a: tensor<2x8x!mlc_quant.uniform<i8:f32, 0.1>>, %w: tensor<3x8xi8>) {
  // expected-error @+1 {{mlc_quant.matmul: expected no lhs_zero_point for a quantized lhs, got 1}}
  %0 = mlc_quant.matmul %a, %w {lhs_zero_point = 1 : i64} : tensor<2x8x!mlc_quant.uniform<i8:f32, 0.1>>, tensor<3x8xi8> -> tensor<2x3xi32>
  func.return
}

// -----

func.func @matmul_storage(%a: tensor<2x8x!mlc_quant.uniform<i16:f32, 0.1>>, %w: tensor<3x8xi8>) {
  // expected-error @+1 {{mlc_quant.matmul: expected lhs storage of at most 8 bits, got i16}}
  %0 = mlc_quant.matmul %a, %w : tensor<2x8x!mlc_quant.uniform<i16:f32, 0.1>>, tensor<3x8xi8> -> tensor<2x3xi32>
  func.return
}

// -----

func.func @matmul_rhs_axis(%a: tensor<2x2xi8>, %w: tensor<2x2x!mlc_quant.uniform<i8:f32:1, {0.1, 0.2}>>) {
  // expected-error @+1 {{mlc_quant.matmul: expected rhs per tensor or per axis in [0], got axis 1}}
  %0 = mlc_quant.matmul %a, %w : tensor<2x2xi8>, tensor<2x2x!mlc_quant.uniform<i8:f32:1, {0.1, 0.2}>> -> tensor<2x2xi32>
  func.return
}

// -----

func.func @matmul_group(%a: tensor<2x4xi8>, %w: tensor<2x4x!mlc_quant.uniform<i4:f32:1 group 2, scales = dense<1.0> : tensor<2x2xf32>, zero_points = dense<0> : tensor<2x2xi8>>>) {
  // expected-error @+1 {{mlc_quant.matmul: expected rhs per tensor or per axis in [0], got group 2 axis 1}}
  %0 = mlc_quant.matmul %a, %w : tensor<2x4xi8>, tensor<2x4x!mlc_quant.uniform<i4:f32:1 group 2, scales = dense<1.0> : tensor<2x2xf32>, zero_points = dense<0> : tensor<2x2xi8>>> -> tensor<2x2xi32>
  func.return
}

// -----

func.func @matmul_sparse_rhs(%a: tensor<2x4xi8>, %w: tensor<2x4xi8, #mlc_quant.sparse_2_4<axis = 1>>) {
  // expected-error @+1 {{mlc_quant.matmul: expected rhs without an encoding, got tensor<2x4xi8, #mlc_quant.sparse_2_4<axis = 1>>}}
  %0 = mlc_quant.matmul %a, %w : tensor<2x4xi8>, tensor<2x4xi8, #mlc_quant.sparse_2_4<axis = 1>> -> tensor<2x2xi32>
  func.return
}

// -----

func.func @weight_only_lhs(%a: tensor<2x2xi8>, %w: tensor<2x2x!mlc_quant.uniform<i8:f32:0, {0.1, 0.2}>>) {
  // expected-error @+1 {{mlc_quant.weight_only_matmul: expected lhs to have a float element type (f32, f16, bf16), got i8}}
  %0 = mlc_quant.weight_only_matmul %a, %w : tensor<2x2xi8>, tensor<2x2x!mlc_quant.uniform<i8:f32:0, {0.1, 0.2}>> -> tensor<2x2xi8>
  func.return
}

// -----

func.func @weight_only_rhs(%a: tensor<2x2xf32>, %w: tensor<2x2xf32>) {
  // expected-error @+1 {{mlc_quant.weight_only_matmul: expected rhs to have a quantized element type, got tensor<2x2xf32>}}
  %0 = mlc_quant.weight_only_matmul %a, %w : tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
  func.return
}

// -----

func.func @weight_only_expressed(%a: tensor<2x2xf16>, %w: tensor<2x2x!mlc_quant.uniform<i8:f32:0, {0.1, 0.2}>>) {
  // expected-error @+1 {{mlc_quant.weight_only_matmul: expected rhs expressed type (the lhs element type) f16, got f32}}
  %0 = mlc_quant.weight_only_matmul %a, %w : tensor<2x2xf16>, tensor<2x2x!mlc_quant.uniform<i8:f32:0, {0.1, 0.2}>> -> tensor<2x2xf16>
  func.return
}

// -----

func.func @sparse_dense_rhs(%a: tensor<2x4xf32>, %w: tensor<2x4xf32>) {
  // expected-error @+1 {{mlc_quant.sparse_matmul: expected rhs with encoding #mlc_quant.sparse_2_4<axis = 1>, got tensor<2x4xf32>}}
  %0 = mlc_quant.sparse_matmul %a, %w : tensor<2x4xf32>, tensor<2x4xf32> -> tensor<2x2xf32>
  func.return
}

// -----

func.func @sparse_rhs_element(%a: tensor<2x4xf32>, %w: tensor<2x4xf16, #mlc_quant.sparse_2_4<axis = 1>>) {
  // expected-error @+1 {{mlc_quant.sparse_matmul: expected rhs element type f32, got f16}}
  %0 = mlc_quant.sparse_matmul %a, %w : tensor<2x4xf32>, tensor<2x4xf16, #mlc_quant.sparse_2_4<axis = 1>> -> tensor<2x2xf32>
  func.return
}

// -----

func.func @sparse_float_zero_point(%a: tensor<2x4xf32>, %w: tensor<2x4xf32, #mlc_quant.sparse_2_4<axis = 1>>) {
  // expected-error @+1 {{mlc_quant.sparse_matmul: expected no lhs_zero_point with float lhs, got 1}}
  %0 = mlc_quant.sparse_matmul %a, %w {lhs_zero_point = 1 : i64} : tensor<2x4xf32>, tensor<2x4xf32, #mlc_quant.sparse_2_4<axis = 1>> -> tensor<2x2xf32>
  func.return
}

// -----

func.func @sparse_zero_points(%a: tensor<2x4xi8>, %w: tensor<2x4x!mlc_quant.uniform<i8:f32, 0.1:2>, #mlc_quant.sparse_2_4<axis = 1>>) {
  // expected-error @+1 {{mlc_quant.sparse_matmul: expected zero points 0 for a 2:4-encoded rhs, got !mlc_quant.uniform<i8:f32, 0.1:2>}}
  %0 = mlc_quant.sparse_matmul %a, %w : tensor<2x4xi8>, tensor<2x4x!mlc_quant.uniform<i8:f32, 0.1:2>, #mlc_quant.sparse_2_4<axis = 1>> -> tensor<2x2xi32>
  func.return
}

// -----

func.func @conv_rank(%x: tensor<1x2x4xi8>, %w: tensor<1x2x1x1xi8>) {
  // expected-error @+1 {{mlc_quant.conv2d: expected rank-4 lhs (NCHW) and rhs (OIHW), got tensor<1x2x4xi8> and tensor<1x2x1x1xi8>}}
  %0 = mlc_quant.conv2d %x, %w : tensor<1x2x4xi8>, tensor<1x2x1x1xi8> -> tensor<1x1x4xi32>
  func.return
}

// -----

func.func @conv_strides(%x: tensor<1x2x4x4xi8>, %w: tensor<1x2x1x1xi8>) {
  // expected-error @+1 {{mlc_quant.conv2d: expected strides of 2 values >= 1, got [0, 1]}}
  %0 = mlc_quant.conv2d %x, %w {strides = array<i64: 0, 1>} : tensor<1x2x4x4xi8>, tensor<1x2x1x1xi8> -> tensor<1x1x4x4xi32>
  func.return
}

// -----

func.func @conv_padding(%x: tensor<1x2x4x4xi8>, %w: tensor<1x2x1x1xi8>) {
  // expected-error @+1 {{mlc_quant.conv2d: expected padding of 4 values >= 0, got [1, 1]}}
  %0 = mlc_quant.conv2d %x, %w {padding = array<i64: 1, 1>} : tensor<1x2x4x4xi8>, tensor<1x2x1x1xi8> -> tensor<1x1x4x4xi32>
  func.return
}

// -----

func.func @conv_groups(%x: tensor<1x2x4x4xi8>, %w: tensor<1x2x1x1xi8>) {
  // expected-error @+1 {{mlc_quant.conv2d: expected groups dividing 2 input and 1 output channels, got 3}}
  %0 = mlc_quant.conv2d %x, %w {groups = 3 : i64} : tensor<1x2x4x4xi8>, tensor<1x2x1x1xi8> -> tensor<1x1x4x4xi32>
  func.return
}

// -----

func.func @conv_channels(%x: tensor<1x2x4x4xi8>, %w: tensor<1x3x1x1xi8>) {
  // expected-error @+1 {{mlc_quant.conv2d: expected rhs input channels (lhs channels / groups) 2, got 3}}
  %0 = mlc_quant.conv2d %x, %w : tensor<1x2x4x4xi8>, tensor<1x3x1x1xi8> -> tensor<1x1x4x4xi32>
  func.return
}

// -----

func.func @conv_empty(%x: tensor<1x2x2x2xi8>, %w: tensor<1x2x3x3xi8>) {
  // expected-error @+1 {{mlc_quant.conv2d: expected a non-empty output, got shape [1, 1, 0, 0]}}
  %0 = mlc_quant.conv2d %x, %w : tensor<1x2x2x2xi8>, tensor<1x2x3x3xi8> -> tensor<1x1x0x0xi32>
  func.return
}

// -----

func.func @conv_result(%x: tensor<1x2x4x4xi8>, %w: tensor<1x2x3x3xi8>) {
  // expected-error @+1 {{mlc_quant.conv2d: expected result type tensor<1x1x2x2xi32>, got tensor<1x1x4x4xi32>}}
  %0 = mlc_quant.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : tensor<1x2x4x4xi8>, tensor<1x2x3x3xi8> -> tensor<1x1x4x4xi32>
  func.return
}

// -----

func.func @conv_lhs_axis(%x: tensor<1x2x4x4x!mlc_quant.uniform<i8:f32:1, {0.1, 0.2}>>, %w: tensor<1x2x1x1xi8>) {
  // expected-error @+1 {{mlc_quant.conv2d: expected lhs per tensor or per axis in [0], got axis 1}}
  %0 = mlc_quant.conv2d %x, %w : tensor<1x2x4x4x!mlc_quant.uniform<i8:f32:1, {0.1, 0.2}>>, tensor<1x2x1x1xi8> -> tensor<1x1x4x4xi32>
  func.return
}
