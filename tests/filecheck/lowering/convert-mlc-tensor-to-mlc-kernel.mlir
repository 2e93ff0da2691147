// RUN: mlc-opt %s -p 'fuse-reductions,fuse-epilogue,fuse-elementwise,convert-mlc-tensor-to-mlc-kernel' | filecheck %s
// RUN: mlc-opt %s -p 'fuse-epilogue,convert-mlc-tensor-to-mlc-kernel{matmul=16,16,16 group-m=2 warps=2 elementwise-block=16}' | filecheck %s --check-prefix=TILE
// RUN: not mlc-opt %s -p 'convert-mlc-tensor-to-mlc-kernel{matmul=8,16,16}' 2>&1 | filecheck %s --check-prefix=ERROR
// Numerics across the lowering (tensors in, memrefs in after) are compared in
// tests/unit/lowering/test_convert_to_kernel.py.

// ERROR: convert-mlc-tensor-to-mlc-kernel: matmul must be three powers of two >= 16 (BLOCK_M,BLOCK_N,BLOCK_K), got [8, 16, 16]; fix the option

// Elementwise: 1-D blocks over the flat output, tail mask, broadcast operands at their strides.
// CHECK-LABEL: mlc_kernel.func @sigmoid_0(
// CHECK-SAME: attributes {grid = array<i64: 1>, constexprs = {BLOCK = 128 : i64}, num_warps = 1 : i64, num_stages = 1 : i64, sources = ["mlc_tensor.add {{.*}}", "mlc_tensor.sigmoid {{.*}}"], mlc.kind = "elementwise"}
// CHECK: %[[PID:.*]] = mlc_kernel.program_id 0 : i32
// CHECK: %[[R:.*]] = mlc_kernel.make_range {start = 0 : i64, end = 128 : i64} : tensor<128xi32>
// CHECK: %[[OFFS:.*]] = arith.addi %{{.*}}, %[[R]] : tensor<128xi32>
// CHECK: %[[N:.*]] = arith.constant dense<105> : tensor<128xi32>
// CHECK: %[[MASK:.*]] = mlc_kernel.cmpi slt, %[[OFFS]], %[[N]] : tensor<128xi32>
// CHECK: %[[COL:.*]] = arith.remsi %[[OFFS]], %{{.*}} : tensor<128xi32>
// CHECK: mlc_kernel.addptr %{{.*}}, %[[OFFS]]
// CHECK: mlc_kernel.load %{{.*}}, %[[MASK]]
// CHECK: mlc_kernel.addptr %{{.*}}, %[[COL]]
// CHECK: mlc_kernel.load %{{.*}}, %[[MASK]]
// CHECK: math.exp
// CHECK: mlc_kernel.store %{{.*}}, %{{.*}}, %[[MASK]] : tensor<128x!mlc_kernel.ptr<f32>>
// TILE-LABEL: mlc_kernel.func @sigmoid_0(
// TILE-SAME: grid = array<i64: 7>, constexprs = {BLOCK = 16 : i64}, num_warps = 2 : i64
func.func @ew(%x: tensor<3x5x7xf32>, %b: tensor<7xf32>) -> tensor<3x5x7xf32> {
  %0 = mlc_tensor.add %x, %b : tensor<3x5x7xf32>, tensor<7xf32> -> tensor<3x5x7xf32>
  %1 = mlc_tensor.sigmoid %0 : tensor<3x5x7xf32> -> tensor<3x5x7xf32>
  func.return %1 : tensor<3x5x7xf32>
}

// Row reduction: one program per row, BLOCK >= row length, masked lanes give the identity.
// CHECK-LABEL: mlc_kernel.func @softmax_0(
// CHECK-SAME: grid = array<i64: 6>, constexprs = {BLOCK = 64 : i64}
// CHECK: %[[ROW:.*]] = mlc_kernel.program_id 0 : i32
// CHECK: %[[LANE:.*]] = mlc_kernel.make_range {start = 0 : i64, end = 64 : i64} : tensor<64xi32>
// CHECK: %[[LEN:.*]] = arith.constant dense<33> : tensor<64xi32>
// CHECK: %[[OK:.*]] = mlc_kernel.cmpi slt, %[[LANE]], %[[LEN]] : tensor<64xi32>
// CHECK: %[[X:.*]] = mlc_kernel.load %{{.*}}, %[[OK]] : tensor<64x!mlc_kernel.ptr<f32>>
// CHECK: %[[NINF:.*]] = arith.constant dense<0xff800000> : tensor<64xf32>
// CHECK: %[[XM:.*]] = mlc_kernel.select %[[OK]], %{{.*}}, %[[NINF]] : tensor<64xi1>, tensor<64xf32>
// CHECK: %[[MAX:.*]] = mlc_kernel.reduce %[[XM]] {axis = 0 : i64, kind = "max"} : tensor<64xf32> -> f32
// CHECK: mlc_kernel.reduce %{{.*}} {axis = 0 : i64, kind = "sum"} : tensor<64xf32> -> f32
// CHECK: mlc_kernel.convert %{{.*}} : tensor<64xf32> -> tensor<64xf16>
// CHECK: mlc_kernel.store %{{.*}}, %{{.*}}, %[[OK]] : tensor<64x!mlc_kernel.ptr<f16>>
func.func @softmax(%s: tensor<6x33xf32>) -> tensor<6x33xf16> {
  %scale = mlc_tensor.constant dense<0.5> : tensor<1xf32>
  %0 = mlc_tensor.mul %s, %scale : tensor<6x33xf32>, tensor<1xf32> -> tensor<6x33xf32>
  %1 = mlc_tensor.softmax %0 {axis = 1 : i64} : tensor<6x33xf32> -> tensor<6x33xf32>
  %2 = mlc_tensor.cast %1 : tensor<6x33xf32> -> tensor<6x33xf16>
  func.return %2 : tensor<6x33xf16>
}

// Matmul: grouped program ids, masked BLOCK_K slabs into an f32 dot in an scf.for, then the epilogue.
// CHECK-LABEL: mlc_kernel.func @matmul_0(
// CHECK-SAME: grid = array<i64: 1>, constexprs = {BLOCK_M = 64 : i64, BLOCK_N = 32 : i64, BLOCK_K = 32 : i64, GROUP_M = 8 : i64}, num_warps = 4 : i64, num_stages = 3 : i64
// CHECK: arith.minsi
// CHECK: %[[ACC:.*]] = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[SUM:.*]] = %{{.*}}) -> (tensor<64x32xf32>) : i32 {
// CHECK: mlc_kernel.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<64x32x!mlc_kernel.ptr<f32>>
// CHECK: mlc_kernel.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<32x32x!mlc_kernel.ptr<f32>>
// CHECK: mlc_kernel.dot %{{.*}}, %{{.*}}, %[[SUM]] {input_precision = "ieee"} : tensor<64x32xf32> * tensor<32x32xf32> -> tensor<64x32xf32>
// CHECK: arith.addf %[[ACC]], %{{.*}} : tensor<64x32xf32>
// CHECK: arith.maximumf
// CHECK: mlc_kernel.store %{{.*}}, %{{.*}}, %{{.*}} : tensor<64x32x!mlc_kernel.ptr<f32>>
// TILE-LABEL: mlc_kernel.func @matmul_0(
// TILE-SAME: grid = array<i64: 6>, constexprs = {BLOCK_M = 16 : i64, BLOCK_N = 16 : i64, BLOCK_K = 16 : i64, GROUP_M = 2 : i64}, num_warps = 2 : i64
// The host function now takes and returns buffers.
// CHECK-LABEL: func.func @mm(
// CHECK-SAME: %{{.*}}: memref<37x45xf32>, %{{.*}}: memref<45x19xf32>, %{{.*}}: memref<19xf32>) -> memref<37x19xf32>
// CHECK-NEXT: %[[OUT:.*]] = mlc_kernel.alloc : memref<37x19xf32>
// CHECK-NEXT: mlc_kernel.launch @matmul_0(%{{.*}}, %{{.*}}, %{{.*}}, %[[OUT]]) : (memref<37x45xf32>, memref<45x19xf32>, memref<19xf32>, memref<37x19xf32>)
// CHECK-NEXT: func.return %[[OUT]] : memref<37x19xf32>
func.func @mm(%x: tensor<37x45xf32>, %w: tensor<45x19xf32>, %b: tensor<19xf32>) -> tensor<37x19xf32> {
  %0 = mlc_tensor.matmul %x, %w : tensor<37x45xf32>, tensor<45x19xf32> -> tensor<37x19xf32>
  %1 = mlc_tensor.add %0, %b : tensor<37x19xf32>, tensor<19xf32> -> tensor<37x19xf32>
  %2 = mlc_tensor.relu %1 : tensor<37x19xf32> -> tensor<37x19xf32>
  func.return %2 : tensor<37x19xf32>
}

// Weights become read-only host buffers, made where first needed and passed as pointers
// (the splat stays an immediate in the kernel); a weight returned as it is gets one too.
// CHECK-LABEL: mlc_kernel.func @mul_0(
// CHECK-SAME: %{{.*}}: !mlc_kernel.ptr<f32>, %{{.*}}: !mlc_kernel.ptr<f32>, %{{.*}}: !mlc_kernel.ptr<f32>, %{{.*}}: !mlc_kernel.ptr<f32>)
// CHECK: arith.constant 5.000000e-01 : f32
// CHECK-LABEL: func.func @weights(
// CHECK-NEXT: %[[BIAS:.*]] = mlc_kernel.constant dense_resource<fc.bias> : memref<3xf32>
// CHECK-NEXT: %[[SCALE:.*]] = mlc_kernel.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : memref<2x3xf32>
// CHECK-NEXT: %[[OUT:.*]] = mlc_kernel.alloc : memref<2x3xf32>
// CHECK-NEXT: mlc_kernel.launch @mul_0(%{{.*}}, %[[BIAS]], %[[SCALE]], %[[OUT]])
// CHECK-NEXT: func.return %[[OUT]], %[[BIAS]] : memref<2x3xf32>, memref<3xf32>
func.func @weights(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<3xf32>) {
  %bias = mlc_tensor.constant dense_resource<fc.bias> : tensor<3xf32>
  %half = mlc_tensor.constant dense<0.5> : tensor<2x3xf32>
  %scale = mlc_tensor.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %0 = mlc_tensor.add %x, %bias : tensor<2x3xf32>, tensor<3xf32> -> tensor<2x3xf32>
  %1 = mlc_tensor.mul %0, %half : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  %2 = mlc_tensor.mul %1, %scale : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  func.return %2, %bias : tensor<2x3xf32>, tensor<3xf32>
}

{-#
  dialect_resources: {
    builtin: {
      fc.bias: "0x040000000000803F000000400000C0BF"
    }
  }
#-}
