// RUN: mlc-opt %s -p convert-mlc-tensor-to-mlc-kernel | filecheck %s
// mlc_quant ops lowered to mlc_kernel: each lone op is one kernel, and so is a fused W8A8
// layer (activation quantize, int8 GEMM, dequantize, bias, relu). Numerics (against the mlc_quant interpreter, and the emitted Triton) are
// compared in tests/unit/lowering/test_quantized_kernels.py.

// quantize: x / s, round half to even from adds (|y| + 2^23 - 2^23, the sign put back, y
// itself from 2^23 on), NaN to 0, + zero point, clamp to the storage range, stored as i8.
// CHECK-LABEL: mlc_kernel.func @quantize_0(%x: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>)
// CHECK:         %[[Y:.*]] = arith.divf %{{.*}}, %{{.*}} : tensor<32xf32>
// CHECK:         %[[BIG:.*]] = arith.constant 0x4B000000 : f32
// CHECK:         %[[ABS:.*]] = math.absf %[[Y]] : tensor<32xf32>
// CHECK:         arith.addf %[[ABS]]
// CHECK:         mlc_kernel.cmpf une
// CHECK:         arith.constant -3.000000e+00 : f32
// CHECK:         arith.maximumf
// CHECK:         arith.minimumf
// CHECK:         mlc_kernel.store %{{.*}}, %{{.*}}, %{{.*}} : tensor<32x!mlc_kernel.ptr<i8>>

// W8A8: i8 x i8 tiles into an i32 dot; the lhs zero point (-3) subtracts -3 * (column sums of
// the weight), which a constant weight has precomputed in an i32 buffer (the weight is read
// once); no row-sum loop over A (the weight's zero points are 0).
// CHECK-LABEL: mlc_kernel.func @matmul_0(%q: !mlc_kernel.ptr<i8>, %0: !mlc_kernel.ptr<i8>, %1: !mlc_kernel.ptr<i32>, %s: !mlc_kernel.ptr<i32>)
// CHECK-SAME:    constexprs = {BLOCK_M = 16 : i64, BLOCK_N = 32 : i64, BLOCK_K = 32 : i64, GROUP_M = 8 : i64}
// CHECK:         %[[ACC:.*]] = scf.for
// CHECK:           mlc_kernel.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<16x32x!mlc_kernel.ptr<i8>>
// CHECK:           mlc_kernel.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<32x32x!mlc_kernel.ptr<i8>>
// CHECK:           mlc_kernel.dot %{{.*}}, %{{.*}}, %{{.*}} {input_precision = "ieee"} : tensor<16x32xi8> * tensor<32x32xi8> -> tensor<16x32xi32>
// CHECK:         %[[SUMS:.*]] = mlc_kernel.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<16x32x!mlc_kernel.ptr<i32>>
// CHECK:         %[[ZP:.*]] = arith.constant -3 : i32
// CHECK:         %[[C:.*]] = arith.muli %[[SUMS]], %{{.*}} : tensor<16x32xi32>
// CHECK:         arith.subi %[[ACC]], %[[C]] : tensor<16x32xi32>
// CHECK:         mlc_kernel.store %{{.*}}, %{{.*}}, %{{.*}} : tensor<16x32x!mlc_kernel.ptr<i32>>
// CHECK-NOT:     scf.for

// storage_cast is a copy; dequantize reads the per-channel scales from a buffer.
// CHECK-LABEL: mlc_kernel.func @storage_cast_0(
// CHECK-LABEL: mlc_kernel.func @dequantize_0(%c: !mlc_kernel.ptr<i32>, %0: !mlc_kernel.ptr<f32>, %d: !mlc_kernel.ptr<f32>)
// CHECK:         mlc_kernel.convert %{{.*}} : tensor<32xi32> -> tensor<32xf32>
// CHECK:         arith.mulf

// The host launches each mlc_quant op like an mlc_tensor one; the weight, its column sums
// and the scales are read-only buffers.
// CHECK-LABEL: func.func @w8a8(%x: memref<1x24xf32>) -> memref<1x20xf32>
// CHECK:         mlc_kernel.launch @quantize_0(%x, %q) : (memref<1x24xf32>, memref<1x24xi8>)
// CHECK:         %[[W:.*]] = mlc_kernel.constant dense<"0x{{.*}}"> : memref<20x24xi8>
// CHECK:         %[[CS:.*]] = mlc_kernel.constant dense<[{{.*}}]> : memref<20xi32>
// CHECK:         mlc_kernel.launch @matmul_0(%q, %[[W]], %[[CS]], %s) : (memref<1x24xi8>, memref<20x24xi8>, memref<20xi32>, memref<1x20xi32>)
// CHECK:         mlc_kernel.launch @storage_cast_0(%s, %c)
// CHECK:         %[[S:.*]] = mlc_kernel.constant dense<[8.200000e-02, {{.*}}]> : memref<20xf32>
// CHECK:         mlc_kernel.launch @dequantize_0(%c, %[[S]], %d) : (memref<1x20xi32>, memref<20xf32>, memref<1x20xf32>)

// Weight-only int4 per group of 8, M = 3: a GEMV (no 16-row dot tile): BLOCK_M = 4. The packed
// byte (k / 2) is loaded once per two k, the nibble shifted out by 4 (k % 2), masked and
// sign-extended ((n ^ 8) - 8), times the group's scale (k / 8); the activation rows, broadcast
// over the dequantized K x N slab, are multiplied and summed along K into the f32 accumulator.
// CHECK-LABEL: mlc_kernel.func @weight_only_matmul_0(%x: !mlc_kernel.ptr<f32>, %0: !mlc_kernel.ptr<ui8>, %1: !mlc_kernel.ptr<f32>, %y: !mlc_kernel.ptr<f32>)
// CHECK-SAME:    constexprs = {BLOCK_M = 4 : i64, BLOCK_N = 32 : i64, BLOCK_K = 32 : i64}
// CHECK:         scf.for %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<4x32xf32>)
// CHECK:           %[[A:.*]] = mlc_kernel.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<4x32x!mlc_kernel.ptr<f32>>
// CHECK:           %[[BYTE:.*]] = mlc_kernel.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<32x32x!mlc_kernel.ptr<ui8>>
// CHECK:           %[[WIDE:.*]] = mlc_kernel.convert %[[BYTE]] : tensor<32x32xui8> -> tensor<32x32xi32>
// CHECK:           %[[SH:.*]] = arith.shrsi %[[WIDE]], %{{.*}} : tensor<32x32xi32>
// CHECK:           %[[NIB:.*]] = arith.andi %[[SH]], %{{.*}} : tensor<32x32xi32>
// CHECK:           %[[X:.*]] = arith.xori %[[NIB]], %{{.*}} : tensor<32x32xi32>
// CHECK:           arith.subi %[[X]], %{{.*}} : tensor<32x32xi32>
// CHECK:           mlc_kernel.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<32x32x!mlc_kernel.ptr<f32>>
// CHECK:           %[[W:.*]] = arith.mulf %{{.*}} : tensor<32x32xf32>
// CHECK:           %[[A1:.*]] = mlc_kernel.expand_dims %[[A]] {axis = 2 : i64} : tensor<4x32xf32> -> tensor<4x32x1xf32>
// CHECK:           %[[A3:.*]] = mlc_kernel.broadcast %[[A1]] : tensor<4x32x1xf32> -> tensor<4x32x32xf32>
// CHECK:           %[[W1:.*]] = mlc_kernel.expand_dims %[[W]] {axis = 0 : i64} : tensor<32x32xf32> -> tensor<1x32x32xf32>
// CHECK:           %[[W3:.*]] = mlc_kernel.broadcast %[[W1]] : tensor<1x32x32xf32> -> tensor<4x32x32xf32>
// CHECK:           %[[P:.*]] = arith.mulf %[[A3]], %[[W3]] : tensor<4x32x32xf32>
// CHECK:           %[[S:.*]] = mlc_kernel.reduce %[[P]] {axis = 1 : i64, kind = "sum"} : tensor<4x32x32xf32> -> tensor<4x32xf32>
// CHECK:           arith.addf %[[ACC]], %[[S]] : tensor<4x32xf32>
// CHECK-NOT:       mlc_kernel.dot
// CHECK:         mlc_kernel.store %{{.*}}, %{{.*}}, %{{.*}} : tensor<4x32x!mlc_kernel.ptr<f32>>
// CHECK-LABEL: func.func @int4(
// CHECK:         mlc_kernel.launch @weight_only_matmul_0(%x, %{{.*}}, %{{.*}}, %y) : (memref<3x24xf32>, memref<20x12xui8>, memref<20x3xf32>, memref<3x20xf32>)

// 2:4 f16 GEMV (M = 1, BLOCK_M = 1): one metadata byte (k / 8) gives the group's two 2-bit
// positions; the two kept values (2 (k / 4) and the next) are loaded, and the dense lane
// selects the one whose position is k % 4 (else 0), in registers, before the product with
// the activation row and the sum along K in f32.
// CHECK-LABEL: mlc_kernel.func @sparse_matmul_0(%x: !mlc_kernel.ptr<f16>, %0: !mlc_kernel.ptr<f16>, %1: !mlc_kernel.ptr<ui8>, %y: !mlc_kernel.ptr<f16>)
// CHECK:         scf.for
// CHECK:           %[[META:.*]] = mlc_kernel.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<32x32x!mlc_kernel.ptr<ui8>>
// CHECK:           arith.shrsi
// CHECK:           %[[P0:.*]] = arith.andi
// CHECK:           arith.shrsi
// CHECK:           %[[P1:.*]] = arith.andi
// CHECK:           %[[V0:.*]] = mlc_kernel.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<32x32x!mlc_kernel.ptr<f16>>
// CHECK:           %[[V1:.*]] = mlc_kernel.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<32x32x!mlc_kernel.ptr<f16>>
// CHECK:           mlc_kernel.cmpi eq, %{{.*}}, %[[P1]]
// CHECK:           %[[REST:.*]] = mlc_kernel.select
// CHECK:           mlc_kernel.cmpi eq, %{{.*}}, %[[P0]]
// CHECK:           mlc_kernel.select %{{.*}}, %{{.*}}, %[[REST]]
// CHECK:           arith.mulf %{{.*}}, %{{.*}} : tensor<1x32x32xf32>
// CHECK:           mlc_kernel.reduce %{{.*}} {axis = 1 : i64, kind = "sum"} : tensor<1x32x32xf32> -> tensor<1x32xf32>
// CHECK-LABEL: func.func @sparse(
// CHECK:         mlc_kernel.launch @sparse_matmul_0(%x, %{{.*}}, %{{.*}}, %y) : (memref<1x24xf16>, memref<20x12xf16>, memref<20x3xui8>, memref<1x20xf16>)

// A fused W8A8 layer is one kernel: the activation quantize runs on each A tile inside the K
// loop (its masked-off lanes forced to 0, as a load would read them: the tile feeds the K
// sums too), the i8 dot accumulates in i32, and the epilogue applies the zero-point
// correction, the per-channel dequantize, the bias and relu before the one f32 store.
// CHECK-LABEL: mlc_kernel.func @matmul_{{[0-9]+}}(%x: !mlc_kernel.ptr<f32>, %b: !mlc_kernel.ptr<f32>, %0: !mlc_kernel.ptr<i8>, %1: !mlc_kernel.ptr<i32>, %2: !mlc_kernel.ptr<f32>, %y: !mlc_kernel.ptr<f32>)
// CHECK-SAME:    sources = ["mlc_quant.quantize {{.*}}", "mlc_quant.matmul {{.*}}", "mlc_quant.storage_cast {{.*}}", "mlc_quant.dequantize {{.*}}", "mlc_tensor.add {{.*}}", "mlc_tensor.relu {{.*}}"]
// CHECK:         %[[ACC:.*]] = scf.for
// CHECK:           %[[X:.*]] = mlc_kernel.load %{{.*}}, %[[AMASK:[^ ]*]] : tensor<16x32x!mlc_kernel.ptr<f32>>
// CHECK:           arith.divf %[[X]], %{{.*}} : tensor<16x32xf32>
// CHECK:           arith.maximumf
// CHECK:           arith.minimumf
// CHECK:           %[[Q:.*]] = mlc_kernel.convert %{{.*}} : tensor<16x32xi32> -> tensor<16x32xi8>
// CHECK:           %[[ZERO:.*]] = arith.constant dense<0> : tensor<16x32xi8>
// CHECK:           %[[A:.*]] = mlc_kernel.select %[[AMASK]], %[[Q]], %[[ZERO]] : tensor<16x32xi1>, tensor<16x32xi8>
// CHECK:           mlc_kernel.dot %[[A]], %{{.*}}, %{{.*}} {input_precision = "ieee"} : tensor<16x32xi8> * tensor<32x32xi8> -> tensor<16x32xi32>
// CHECK:         %[[SUMS:.*]] = mlc_kernel.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<16x32x!mlc_kernel.ptr<i32>>
// CHECK:         %[[C:.*]] = arith.muli %[[SUMS]], %{{.*}} : tensor<16x32xi32>
// CHECK:         %[[S:.*]] = arith.subi %[[ACC]], %[[C]] : tensor<16x32xi32>
// CHECK:         %[[F:.*]] = mlc_kernel.convert %[[S]] : tensor<16x32xi32> -> tensor<16x32xf32>
// CHECK:         %[[SCALES:.*]] = mlc_kernel.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<16x32x!mlc_kernel.ptr<f32>>
// CHECK:         %[[D:.*]] = arith.mulf %[[F]], %[[SCALES]] : tensor<16x32xf32>
// CHECK:         %[[BIAS:.*]] = mlc_kernel.load %{{.*}}, %{{.*}} : tensor<16x32x!mlc_kernel.ptr<f32>>
// CHECK:         %[[H:.*]] = arith.addf %[[D]], %[[BIAS]] : tensor<16x32xf32>
// CHECK:         %[[R:.*]] = arith.maximumf %[[H]], %{{.*}} : tensor<16x32xf32>
// CHECK:         mlc_kernel.store %{{.*}}, %[[R]], %{{.*}} : tensor<16x32x!mlc_kernel.ptr<f32>>
// CHECK-LABEL: func.func @w8a8_layer(
// CHECK:         mlc_kernel.launch @matmul_{{[0-9]+}}(%x, %b, %{{.*}}, %{{.*}}, %{{.*}}, %y) : (memref<3x24xf32>, memref<20xf32>, memref<20x24xi8>, memref<20xi32>, memref<20xf32>, memref<3x20xf32>)
// CHECK-NOT:     mlc_kernel.launch
// CHECK:         func.return

func.func @w8a8(%x: tensor<1x24xf32>) -> tensor<1x20xf32> {
  %q = mlc_quant.quantize %x : tensor<1x24xf32> -> tensor<1x24x!mlc_quant.uniform<i8:f32, 0.05:-3>>
  %w = mlc_quant.constant dense<[[-25, -120, -126, -96, -125, 44, 7, 38, -62, 29, 67, -30, -10, 127, 78, 123, -31, 47, 115, 38, 87, 48, 52, -28], [96, -93, 20, 56, 88, 6, -32, -48, -20, -4, 56, 99, -109, 111, 8, -36, 44, 18, -63, -45, 56, 24, 1, -41], [66, -28, -44, 100, -60, -70, 55, 31, -115, -106, -31, 85, -25, 73, -47, -66, 74, 96, -107, -113, 44, -42, 19, -89], [92, -13, 101, 76, 52, -69, 68, -114, 18, -24, 127, -77, 114, -104, 31, 20, 102, -51, 103, 44, 100, -77, 66, 113], [-115, -34, 35, -101, 3, 33, 67, 109, -23, -15, -7, 116, -78, 0, -115, -19, 114, 31, -38, 126, 26, 114, -123, -10], [85, 66, -24, -1, -20, 7, -69, 73, -108, -22, -56, 60, 64, 54, 108, 110, -80, -98, -94, 58, 120, 109, 43, 119], [95, -124, -97, 93, -106, 123, 83, 117, -36, -90, 4, 121, -34, 99, -30, 82, -69, -5, -44, -68, 100, 77, -92, 108], [120, -60, -19, 10, 40, -15, -90, 110, 49, -117, 80, 59, -81, 29, 0, -120, 109, 56, -48, -123, -104, 66, -89, 3], [102, 109, -59, -111, -1, 87, 32, -110, 38, -40, -70, -18, 95, 119, -92, 16, 67, -61, -58, -66, -74, 99, -72, -70], [-96, -96, 71, -54, 77, 22, 91, 14, 67, 79, -112, 15, -12, -54, -12, -22, -2, 81, 83, 32, 54, 117, 35, -33], [-107, 13, -68, 24, -121, 89, 113, -90, 81, -24, -117, 105, 112, -117, 24, 82, 74, -22, 92, 84, -99, -125, -101, -34], [-100, -107, -62, 39, 6, -58, 115, 52, 34, 113, 73, -95, -118, 93, -24, -112, -6, -30, -18, -18, -47, -3, -2, 121], [49, 70, -125, -49, 123, -59, 3, 93, 35, 97, -86, 3, 35, -40, 19, 126, 60, -47, -111, -81, -58, 97, -58, 80], [-58, 43, 7, 117, 17, 109, 118, 63, 33, 92, 127, -64, 16, -91, -101, 43, -115, 55, 82, -85, 46, -27, 100, 105], [20, 16, 54, 20, 63, -78, 72, 7, 64, 6, -49, -105, 6, 123, -118, 18, -13, -126, 11, 70, 62, 122, 7, 23], [119, -46, 76, -80, -35, 44, 20, -78, 41, 20, 107, 26, 98, 118, -105, -109, 1, 0, 14, 62, -47, -82, 46, -29], [110, -111, 53, 58, -58, -105, -46, -27, 122, 95, -69, -7, 25, 105, -93, 68, 108, 106, -57, -95, 24, -109, -94, -110], [-74, 94, 44, 34, 124, -1, -117, -86, -61, 44, -36, -46, -99, 54, -121, -10, 62, 2, 48, 74, -70, -104, -113, 20], [-60, -77, 60, 79, 116, -3, 6, 125, 1, -81, -62, 118, -116, 77, 38, -5, 85, 80, -15, 26, 67, 40, -4, 105], [98, -111, 12, 85, -106, -30, 2, -44, 50, 126, -35, 72, -98, -4, -126, -20, -124, 96, 120, -105, 81, 53, -51, 74]]> : tensor<20x24xi8> -> tensor<20x24x!mlc_quant.uniform<i8<-127:127>:f32:0, {0.067, 0.034, 0.014, 0.011, 0.083, 0.092, 0.065, 0.076, 0.059, 0.094, 0.083, 0.01, 0.087, 0.013, 0.076, 0.026, 0.088, 0.059, 0.037, 0.048}>>
  %s = mlc_quant.matmul %q, %w : tensor<1x24x!mlc_quant.uniform<i8:f32, 0.05:-3>>, tensor<20x24x!mlc_quant.uniform<i8<-127:127>:f32:0, {0.067, 0.034, 0.014, 0.011, 0.083, 0.092, 0.065, 0.076, 0.059, 0.094, 0.083, 0.01, 0.087, 0.013, 0.076, 0.026, 0.088, 0.059, 0.037, 0.048}>> -> tensor<1x20xi32>
  %c = mlc_quant.storage_cast %s : tensor<1x20xi32> -> tensor<1x20x!mlc_quant.uniform<i32:f32:1, {0.082, 0.039, 0.082, 0.03, 0.043, 0.048, 0.059, 0.02, 0.047, 0.01, 0.077, 0.087, 0.023, 0.073, 0.084, 0.098, 0.086, 0.048, 0.098, 0.098}>>
  %d = mlc_quant.dequantize %c : tensor<1x20x!mlc_quant.uniform<i32:f32:1, {0.082, 0.039, 0.082, 0.03, 0.043, 0.048, 0.059, 0.02, 0.047, 0.01, 0.077, 0.087, 0.023, 0.073, 0.084, 0.098, 0.086, 0.048, 0.098, 0.098}>> -> tensor<1x20xf32>
  func.return %d : tensor<1x20xf32>
}

func.func @int4(%x: tensor<3x24xf32>) -> tensor<3x20xf32> {
  %w = mlc_quant.constant dense<[[159, 59, 63, 39, 36, 173, 194, 26, 226, 114, 100, 186], [30, 51, 182, 219, 59, 111, 237, 205, 85, 29, 6, 198], [172, 146, 27, 191, 112, 167, 244, 239, 197, 65, 47, 58], [173, 237, 2, 245, 150, 189, 126, 187, 95, 89, 228, 9], [83, 59, 81, 67, 53, 110, 81, 186, 65, 167, 245, 231], [198, 126, 167, 155, 215, 112, 197, 94, 176, 23, 116, 50], [117, 17, 115, 95, 77, 106, 46, 235, 10, 199, 77, 187], [28, 16, 57, 77, 165, 45, 251, 46, 52, 29, 53, 4], [241, 210, 207, 48, 52, 187, 126, 57, 13, 90, 6, 4], [195, 189, 63, 84, 59, 237, 30, 17, 121, 229, 177, 98], [102, 153, 180, 43, 73, 43, 178, 175, 7, 91, 196, 174], [17, 185, 175, 68, 83, 229, 223, 219, 227, 23, 2, 228], [34, 53, 17, 233, 45, 29, 224, 208, 28, 39, 34, 230], [31, 113, 251, 92, 161, 107, 127, 202, 145, 14, 188, 118], [96, 112, 41, 9, 86, 44, 203, 127, 243, 76, 1, 178], [214, 16, 187, 144, 242, 76, 45, 220, 50, 2, 124, 70], [93, 193, 180, 177, 250, 15, 185, 74, 105, 220, 14, 30], [62, 183, 218, 60, 19, 103, 247, 241, 221, 196, 43, 193], [93, 217, 49, 17, 36, 98, 180, 183, 167, 167, 22, 177], [90, 156, 239, 15, 201, 237, 207, 213, 111, 247, 238, 46]]> : tensor<20x12xui8> -> tensor<20x24x!mlc_quant.uniform<i4<-7:7>:f32:1 group 8, scales = dense<[[5.500000e-02, 7.800000e-02, 9.200000e-02], [5.300000e-02, 8.800000e-02, 7.300000e-02], [3.600000e-02, 7.900000e-02, 6.100000e-02], [1.800000e-02, 4.500000e-02, 1.700000e-02], [5.300000e-02, 4.900000e-02, 4.800000e-02], [6.300000e-02, 2.100000e-02, 9.400000e-02], [7.200000e-02, 8.400000e-02, 9.100000e-02], [6.200000e-02, 1.400000e-02, 7.400000e-02], [6.100000e-02, 8.400000e-02, 5.800000e-02], [8.300000e-02, 1.000000e-01, 4.200000e-02], [2.500000e-02, 4.500000e-02, 7.800000e-02], [5.000000e-02, 6.300000e-02, 2.100000e-02], [7.500000e-02, 3.500000e-02, 2.700000e-02], [8.800000e-02, 6.100000e-02, 5.400000e-02], [9.100000e-02, 1.800000e-02, 7.300000e-02], [4.000000e-02, 2.600000e-02, 7.100000e-02], [4.300000e-02, 4.000000e-02, 9.500000e-02], [2.800000e-02, 5.600000e-02, 1.200000e-02], [2.500000e-02, 9.000000e-02, 8.100000e-02], [6.000000e-02, 3.000000e-02, 6.000000e-02]]> : tensor<20x3xf32>, zero_points = dense<0> : tensor<20x3xi64>>>
  %y = mlc_quant.weight_only_matmul %x, %w : tensor<3x24xf32>, tensor<20x24x!mlc_quant.uniform<i4<-7:7>:f32:1 group 8, scales = dense<[[5.500000e-02, 7.800000e-02, 9.200000e-02], [5.300000e-02, 8.800000e-02, 7.300000e-02], [3.600000e-02, 7.900000e-02, 6.100000e-02], [1.800000e-02, 4.500000e-02, 1.700000e-02], [5.300000e-02, 4.900000e-02, 4.800000e-02], [6.300000e-02, 2.100000e-02, 9.400000e-02], [7.200000e-02, 8.400000e-02, 9.100000e-02], [6.200000e-02, 1.400000e-02, 7.400000e-02], [6.100000e-02, 8.400000e-02, 5.800000e-02], [8.300000e-02, 1.000000e-01, 4.200000e-02], [2.500000e-02, 4.500000e-02, 7.800000e-02], [5.000000e-02, 6.300000e-02, 2.100000e-02], [7.500000e-02, 3.500000e-02, 2.700000e-02], [8.800000e-02, 6.100000e-02, 5.400000e-02], [9.100000e-02, 1.800000e-02, 7.300000e-02], [4.000000e-02, 2.600000e-02, 7.100000e-02], [4.300000e-02, 4.000000e-02, 9.500000e-02], [2.800000e-02, 5.600000e-02, 1.200000e-02], [2.500000e-02, 9.000000e-02, 8.100000e-02], [6.000000e-02, 3.000000e-02, 6.000000e-02]]> : tensor<20x3xf32>, zero_points = dense<0> : tensor<20x3xi64>>> -> tensor<3x20xf32>
  func.return %y : tensor<3x20xf32>
}

func.func @sparse(%x: tensor<1x24xf16>) -> tensor<1x20xf16> {
  %w = mlc_quant.constant dense<[[1.3740234375, 0.53369140625, 1.068359375, 0.77099609375, 1.07421875, 1.2685546875, -0.35888671875, -0.689453125, 1.33203125, -1.2490234375, -0.80224609375, -0.8681640625], [-1.0302734375, -1.5244140625, -1.251953125, 0.65185546875, -1.5185546875, -1.5654296875, -1.365234375, 2.27734375, 0.7626953125, 0.783203125, -1.3427734375, -0.430419921875], [-0.666015625, -0.7744140625, -2.421875, 1.556640625, 1.8134765625, 0.908203125, -1.6982421875, -1.76171875, 0.60791015625, -1.419921875, 1.240234375, 0.90673828125], [1.7333984375, 1.2294921875, -0.60595703125, -0.5732421875, -2.294921875, -1.263671875, 1.4501953125, -0.5419921875, 1.3642578125, 0.9765625, 0.748046875, -0.68603515625], [2.392578125, -1.6865234375, 1.1201171875, 1.1611328125, -1.009765625, 0.331298828125, -1.2197265625, 1.3994140625, 0.293212890625, 0.3564453125, -1.15625, 1.3046875], [0.85009765625, 1.376953125, -0.796875, -1.865234375, 1.630859375, 1.30078125, 1.0361328125, -1.298828125, 1.265625, -2.515625, 0.481201171875, -0.6357421875], [0.294921875, -0.371826171875, 1.251953125, -2.03125, 0.828125, 0.91748046875, 0.440673828125, 0.473876953125, 1.1884765625, -1.4619140625, 1.8505859375, -0.9599609375], [-0.380615234375, -1.2421875, -1.4658203125, -1.1865234375, -1.7197265625, -1.9169921875, -0.69091796875, -1.447265625, 0.75439453125, 0.52685546875, -1.814453125, 1.73828125], [2.3828125, 0.8212890625, -0.73828125, 1.134765625, 2.1171875, -0.3046875, -0.755859375, 0.73828125, -2.361328125, -1.216796875, -1.04296875, 2.47265625], [-1.7333984375, 1.4208984375, -0.3720703125, -0.5966796875, 0.7080078125, 1.0205078125, -1.0546875, -1.08203125, -1.0380859375, -1.291015625, -0.736328125, 0.63134765625], [-0.292236328125, -0.634765625, -0.7060546875, 0.74658203125, 1.7138671875, -0.63232421875, -0.830078125, 1.115234375, 1.1923828125, -1.265625, -0.53173828125, -0.6923828125], [-0.5556640625, 0.87548828125, -0.90234375, 0.46826171875, -0.0638427734375, -0.9912109375, -0.921875, 0.515625, -0.89111328125, 0.861328125, 2.2265625, 1.203125], [0.39404296875, 0.658203125, 0.53515625, 1.748046875, -0.84228515625, -1.8056640625, 1.1826171875, 0.97607421875, -0.469482421875, -0.356201171875, -1.572265625, -0.4609375], [0.671875, -0.53173828125, -0.4384765625, 0.5419921875, 0.66943359375, 0.421875, 0.68212890625, -0.5048828125, -1.2177734375, -1.8828125, 1.3359375, 0.78759765625], [1.337890625, -1.751953125, 1.041015625, -1.0751953125, 1.119140625, -1.5771484375, -0.472412109375, -0.5751953125, 0.7998046875, -0.92041015625, -1.21484375, -1.1298828125], [-1.146484375, -0.1839599609375, -1.037109375, -1.3837890625, 2.486328125, -1.04296875, -1.5556640625, 0.50732421875, -1.0322265625, 1.15625, 1.7548828125, -0.8642578125], [-2.927734375, -0.53125, -1.583984375, -0.7763671875, -0.91845703125, 0.5673828125, -2.546875, 0.759765625, -1.52734375, 0.336669921875, -1.16015625, -0.87548828125], [-1.919921875, -0.76904296875, 0.896484375, 2.203125, -1.404296875, -2.65625, -1.162109375, -0.76708984375, 0.402587890625, -1.7431640625, -1.4248046875, 1.8828125], [1.3896484375, -0.66455078125, 1.18359375, 0.3037109375, -1.3662109375, -0.95654296875, -0.5439453125, -0.0772705078125, -1.0537109375, -0.66455078125, 1.0712890625, 1.3798828125], [-1.1796875, -1.0751953125, 1.6142578125, -0.7822265625, 1.15625, -1.490234375, -0.8818359375, -0.912109375, -1.2421875, 1.5537109375, 1.08984375, -0.85986328125]]> : tensor<20x12xf16>, dense<[[142, 220, 148], [152, 217, 77], [205, 220, 201], [232, 221, 72], [222, 212, 140], [232, 217, 216], [205, 141, 72], [136, 236, 156], [77, 132, 236], [221, 206, 73], [132, 148, 68], [205, 72, 140], [236, 228, 157], [78, 132, 136], [77, 141, 152], [206, 221, 141], [132, 140, 200], [228, 217, 236], [73, 136, 206], [152, 196, 78]]> : tensor<20x3xui8> -> tensor<20x24xf16, #mlc_quant.sparse_2_4<axis = 1>>
  %y = mlc_quant.sparse_matmul %x, %w : tensor<1x24xf16>, tensor<20x24xf16, #mlc_quant.sparse_2_4<axis = 1>> -> tensor<1x20xf16>
  func.return %y : tensor<1x20xf16>
}

func.func @w8a8_layer(%x: tensor<3x24xf32>) -> tensor<3x20xf32> {
  %w = mlc_quant.constant dense<[[-25, -120, -126, -96, -125, 44, 7, 38, -62, 29, 67, -30, -10, 127, 78, 123, -31, 47, 115, 38, 87, 48, 52, -28], [96, -93, 20, 56, 88, 6, -32, -48, -20, -4, 56, 99, -109, 111, 8, -36, 44, 18, -63, -45, 56, 24, 1, -41], [66, -28, -44, 100, -60, -70, 55, 31, -115, -106, -31, 85, -25, 73, -47, -66, 74, 96, -107, -113, 44, -42, 19, -89], [92, -13, 101, 76, 52, -69, 68, -114, 18, -24, 127, -77, 114, -104, 31, 20, 102, -51, 103, 44, 100, -77, 66, 113], [-115, -34, 35, -101, 3, 33, 67, 109, -23, -15, -7, 116, -78, 0, -115, -19, 114, 31, -38, 126, 26, 114, -123, -10], [85, 66, -24, -1, -20, 7, -69, 73, -108, -22, -56, 60, 64, 54, 108, 110, -80, -98, -94, 58, 120, 109, 43, 119], [95, -124, -97, 93, -106, 123, 83, 117, -36, -90, 4, 121, -34, 99, -30, 82, -69, -5, -44, -68, 100, 77, -92, 108], [120, -60, -19, 10, 40, -15, -90, 110, 49, -117, 80, 59, -81, 29, 0, -120, 109, 56, -48, -123, -104, 66, -89, 3], [102, 109, -59, -111, -1, 87, 32, -110, 38, -40, -70, -18, 95, 119, -92, 16, 67, -61, -58, -66, -74, 99, -72, -70], [-96, -96, 71, -54, 77, 22, 91, 14, 67, 79, -112, 15, -12, -54, -12, -22, -2, 81, 83, 32, 54, 117, 35, -33], [-107, 13, -68, 24, -121, 89, 113, -90, 81, -24, -117, 105, 112, -117, 24, 82, 74, -22, 92, 84, -99, -125, -101, -34], [-100, -107, -62, 39, 6, -58, 115, 52, 34, 113, 73, -95, -118, 93, -24, -112, -6, -30, -18, -18, -47, -3, -2, 121], [49, 70, -125, -49, 123, -59, 3, 93, 35, 97, -86, 3, 35, -40, 19, 126, 60, -47, -111, -81, -58, 97, -58, 80], [-58, 43, 7, 117, 17, 109, 118, 63, 33, 92, 127, -64, 16, -91, -101, 43, -115, 55, 82, -85, 46, -27, 100, 105], [20, 16, 54, 20, 63, -78, 72, 7, 64, 6, -49, -105, 6, 123, -118, 18, -13, -126, 11, 70, 62, 122, 7, 23], [119, -46, 76, -80, -35, 44, 20, -78, 41, 20, 107, 26, 98, 118, -105, -109, 1, 0, 14, 62, -47, -82, 46, -29], [110, -111, 53, 58, -58, -105, -46, -27, 122, 95, -69, -7, 25, 105, -93, 68, 108, 106, -57, -95, 24, -109, -94, -110], [-74, 94, 44, 34, 124, -1, -117, -86, -61, 44, -36, -46, -99, 54, -121, -10, 62, 2, 48, 74, -70, -104, -113, 20], [-60, -77, 60, 79, 116, -3, 6, 125, 1, -81, -62, 118, -116, 77, 38, -5, 85, 80, -15, 26, 67, 40, -4, 105], [98, -111, 12, 85, -106, -30, 2, -44, 50, 126, -35, 72, -98, -4, -126, -20, -124, 96, 120, -105, 81, 53, -51, 74]]> : tensor<20x24xi8> -> tensor<20x24x!mlc_quant.uniform<i8<-127:127>:f32:0, {0.067, 0.034, 0.014, 0.011, 0.083, 0.092, 0.065, 0.076, 0.059, 0.094, 0.083, 0.01, 0.087, 0.013, 0.076, 0.026, 0.088, 0.059, 0.037, 0.048}>>
  %b = mlc_tensor.constant dense<[-0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5, 0.75, -0.75, -0.5, -0.25, 0.0, 0.25, 0.5]> : tensor<20xf32>
  %y = mlc_tensor.fused (%a = %x, %wa = %w, %ba = %b) {kind = "epilogue"} : (tensor<3x24xf32>, tensor<20x24x!mlc_quant.uniform<i8<-127:127>:f32:0, {0.067, 0.034, 0.014, 0.011, 0.083, 0.092, 0.065, 0.076, 0.059, 0.094, 0.083, 0.01, 0.087, 0.013, 0.076, 0.026, 0.088, 0.059, 0.037, 0.048}>>, tensor<20xf32>) -> tensor<3x20xf32> {
    %q = mlc_quant.quantize %a : tensor<3x24xf32> -> tensor<3x24x!mlc_quant.uniform<i8:f32, 0.05:-3>>
    %s = mlc_quant.matmul %q, %wa : tensor<3x24x!mlc_quant.uniform<i8:f32, 0.05:-3>>, tensor<20x24x!mlc_quant.uniform<i8<-127:127>:f32:0, {0.067, 0.034, 0.014, 0.011, 0.083, 0.092, 0.065, 0.076, 0.059, 0.094, 0.083, 0.01, 0.087, 0.013, 0.076, 0.026, 0.088, 0.059, 0.037, 0.048}>> -> tensor<3x20xi32>
    %c = mlc_quant.storage_cast %s : tensor<3x20xi32> -> tensor<3x20x!mlc_quant.uniform<i32:f32:1, {0.082, 0.039, 0.082, 0.03, 0.043, 0.048, 0.059, 0.02, 0.047, 0.01, 0.077, 0.087, 0.023, 0.073, 0.084, 0.098, 0.086, 0.048, 0.098, 0.098}>>
    %d = mlc_quant.dequantize %c : tensor<3x20x!mlc_quant.uniform<i32:f32:1, {0.082, 0.039, 0.082, 0.03, 0.043, 0.048, 0.059, 0.02, 0.047, 0.01, 0.077, 0.087, 0.023, 0.073, 0.084, 0.098, 0.086, 0.048, 0.098, 0.098}>> -> tensor<3x20xf32>
    %h = mlc_tensor.add %d, %ba : tensor<3x20xf32>, tensor<20xf32> -> tensor<3x20xf32>
    %r = mlc_tensor.relu %h : tensor<3x20xf32> -> tensor<3x20xf32>
    mlc_tensor.yield %r : tensor<3x20xf32>
  }
  func.return %y : tensor<3x20xf32>
}
