// RUN: mlc-opt %s -p 'convert-mlc-tensor-to-mlc-kernel' | filecheck %s

// Pooling as a lane rule (to_kernel/pooling.py): each output lane unrolls its (static)
// window; a cell that may fall outside the input is a guarded load with -inf (max) or 0
// (avg) selected outside; only the sides some window crosses are checked. Numerics:
// tests/unit/lowering/test_movement_kernels.py.

// max_pool2d 2x2 / 2 with padding before: kernel row/column 0 can be -1 (a low check); no
// window passes the end (no high check).
// CHECK-LABEL: mlc_kernel.func @max_pool2d_0(
// CHECK-SAME: grid = array<i64: 1>, constexprs = {BLOCK = 32 : i64}
// CHECK: %[[MASK:.*]] = mlc_kernel.cmpi slt, %{{.*}}, %{{.*}} : tensor<32xi32>
// CHECK: %[[R0:.*]] = mlc_kernel.cmpi sge, %[[ROW:.*]], %{{.*}} : tensor<32xi32>
// CHECK: %[[C0:.*]] = mlc_kernel.cmpi sge, %[[COL:.*]], %{{.*}} : tensor<32xi32>
// CHECK: %[[IN:.*]] = arith.andi %[[R0]], %[[C0]] : tensor<32xi1>
// CHECK: %[[LM:.*]] = arith.andi %[[MASK]], %[[IN]] : tensor<32xi1>
// CHECK: %[[X:.*]] = mlc_kernel.load %{{.*}}, %[[LM]] : tensor<32x!mlc_kernel.ptr<f32>>
// CHECK: %[[NINF:.*]] = arith.constant 0xff800000 : f32
// CHECK: %[[NINFS:.*]] = mlc_kernel.splat %[[NINF]] : f32 -> tensor<32xf32>
// CHECK: %[[V0:.*]] = mlc_kernel.select %[[IN]], %[[X]], %[[NINFS]] : tensor<32xi1>, tensor<32xf32>
// CHECK: %[[V1:.*]] = mlc_kernel.select %{{.*}}, %{{.*}}, %[[NINFS]]
// CHECK: %[[V2:.*]] = mlc_kernel.select %{{.*}}, %{{.*}}, %[[NINFS]]
// The last cell (row + 1, column + 1) is inside the input for every output: a plain load.
// CHECK: %[[V3:.*]] = mlc_kernel.load %{{.*}}, %[[MASK]] : tensor<32x!mlc_kernel.ptr<f32>>
// CHECK: %[[M01:.*]] = arith.maximumf %[[V0]], %[[V1]] : tensor<32xf32>
// CHECK: %[[M012:.*]] = arith.maximumf %[[M01]], %[[V2]] : tensor<32xf32>
// CHECK: %[[MAX:.*]] = arith.maximumf %[[M012]], %[[V3]] : tensor<32xf32>
// CHECK: mlc_kernel.store %{{.*}}, %[[MAX]], %[[MASK]] : tensor<32x!mlc_kernel.ptr<f32>>
func.func @max_pool(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 0>} : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  func.return %0 : tensor<1x2x3x3xf32>
}

// avg_pool2d 2x2 / 2 (nhwc) whose windows all lie inside: four plain loads, divided by 4.
// CHECK-LABEL: mlc_kernel.func @avg_pool2d_0(
// CHECK-NOT: mlc_kernel.select
// CHECK: %[[S:.*]] = arith.addf
// CHECK: %[[S2:.*]] = arith.addf %[[S]]
// CHECK: %[[SUM:.*]] = arith.addf %[[S2]]
// CHECK: %[[FOUR:.*]] = arith.constant 4.000000e+00 : f32
// CHECK: %[[FOURS:.*]] = mlc_kernel.splat %[[FOUR]] : f32 -> tensor<16xf32>
// CHECK: arith.divf %[[SUM]], %[[FOURS]] : tensor<16xf32>
// CHECK: mlc_kernel.return
// In ceil mode the last window crosses the end: cells past it read 0 and do not count, so
// the divisor is computed per lane: (min(row + 2, 5) - row) * (min(col + 2, 5) - col).
// CHECK-LABEL: mlc_kernel.func @avg_pool2d_1(
// CHECK: %[[S:.*]] = arith.addf
// CHECK: %[[S2:.*]] = arith.addf %[[S]]
// CHECK: %[[SUM:.*]] = arith.addf %[[S2]]
// CHECK: %[[H:.*]] = arith.minsi
// CHECK: %[[CH:.*]] = arith.subi %[[H]], %{{.*}} : tensor<32xi32>
// CHECK: %[[W:.*]] = arith.minsi
// CHECK: %[[CW:.*]] = arith.subi %[[W]], %{{.*}} : tensor<32xi32>
// CHECK: %[[N:.*]] = arith.muli %[[CH]], %[[CW]] : tensor<32xi32>
// CHECK: %[[NF:.*]] = mlc_kernel.convert %[[N]] : tensor<32xi32> -> tensor<32xf32>
// CHECK: arith.divf %[[SUM]], %[[NF]] : tensor<32xf32>
func.func @avg_pool(%x: tensor<1x5x5x3xf32>) -> (tensor<1x2x2x3xf32>, tensor<1x3x3x3xf32>) {
  %0 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, layout = "nhwc"} : tensor<1x5x5x3xf32> -> tensor<1x2x2x3xf32>
  %1 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = true, count_include_pad = false, layout = "nhwc"} : tensor<1x5x5x3xf32> -> tensor<1x3x3x3xf32>
  func.return %0, %1 : tensor<1x2x2x3xf32>, tensor<1x3x3x3xf32>
}
