// RUN: mlc-opt %s -p 'fuse-epilogue,convert-mlc-tensor-to-mlc-kernel' | filecheck %s
// conv2d lowered to kernels (src/mlc/lowering/to_kernel/conv.py). Numerics (both layouts,
// strides, padding, dilation, groups, depthwise, epilogues; numpy kernel interpreter and
// Triton) are checked in tests/unit/lowering/test_conv_kernels.py.

// Implicit GEMM on NHWC: M = 2*5*6 = 60 rows (n, oh, ow), N = 7 output channels, K = 3*3*3
// taps (kh, kw, c). Before the K loop, once per row: the window corner (oh - 1, ow - 1) and
// its flat offset in x. Per K slab: the tap's row/column, one unsigned compare each for the
// padding (ih <u 5 is 0 <= ih < 5), the corner's offset plus the tap's, a masked load; the
// weight (HWIO) is read at k * 7 + oc. Bias and relu run on the accumulator tile.
// CHECK-LABEL: mlc_kernel.func @conv2d_0(
// CHECK-SAME: grid = array<i64: 1>, constexprs = {BLOCK_M = 64 : i64, BLOCK_N = 16 : i64, BLOCK_K = 32 : i64, GROUP_M = 8 : i64}
// CHECK: %[[ROWS:.*]] = mlc_kernel.broadcast %{{.*}} : tensor<64x1xi32> -> tensor<64x32xi32>
// CHECK: %[[COLS:.*]] = mlc_kernel.broadcast %{{.*}} : tensor<1x16xi32> -> tensor<32x16xi32>
// CHECK: %[[M_OK:.*]] = mlc_kernel.cmpi slt, %[[ROWS]], %{{.*}} : tensor<64x32xi32>
// CHECK: %[[M1:.*]] = arith.constant -1 : i32
// CHECK: %[[NEG:.*]] = mlc_kernel.splat %[[M1]] : i32 -> tensor<64x32xi32>
// CHECK: %[[ROW0:.*]] = arith.addi %{{.*}}, %[[NEG]] : tensor<64x32xi32>
// CHECK: %[[COL0:.*]] = arith.addi %{{.*}}, %[[NEG]] : tensor<64x32xi32>
// CHECK: arith.muli %[[ROW0]], %{{.*}} : tensor<64x32xi32>
// CHECK: %[[COLS3:.*]] = arith.muli %[[COL0]], %{{.*}} : tensor<64x32xi32>
// CHECK: %[[CORNER:.*]] = arith.addi %{{.*}}, %[[COLS3]] : tensor<64x32xi32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (tensor<64x16xf32>) : i32 {
// CHECK: %[[KS_A:.*]] = mlc_kernel.broadcast %{{.*}} : tensor<1x32xi32> -> tensor<64x32xi32>
// CHECK: %[[KS_B:.*]] = mlc_kernel.broadcast %{{.*}} : tensor<32x1xi32> -> tensor<32x16xi32>
// CHECK: %[[K_OK:.*]] = mlc_kernel.cmpi slt, %[[KS_A]], %{{.*}} : tensor<64x32xi32>
// CHECK: %[[A_OK:.*]] = arith.andi %[[M_OK]], %[[K_OK]] : tensor<64x32xi1>
// CHECK: %[[B_OK:.*]] = arith.andi %{{.*}}, %{{.*}} : tensor<32x16xi1>
// CHECK: %[[KH:.*]] = arith.divsi %[[KS_A]], %{{.*}} : tensor<64x32xi32>
// CHECK: %[[IH:.*]] = arith.addi %[[ROW0]], %[[KH]] : tensor<64x32xi32>
// CHECK: %[[ROW_IN:.*]] = mlc_kernel.cmpi ult, %[[IH]], %{{.*}} : tensor<64x32xi32>
// CHECK: %[[IW:.*]] = arith.addi %[[COL0]], %{{.*}} : tensor<64x32xi32>
// CHECK: %[[COL_IN:.*]] = mlc_kernel.cmpi ult, %[[IW]], %{{.*}} : tensor<64x32xi32>
// CHECK: %[[IN:.*]] = arith.andi %[[ROW_IN]], %[[COL_IN]] : tensor<64x32xi1>
// CHECK: %[[OFF:.*]] = arith.addi %[[CORNER]], %{{.*}} : tensor<64x32xi32>
// CHECK: %[[PTRS:.*]] = mlc_kernel.addptr %{{.*}}, %[[OFF]]
// CHECK: %[[A_MASK:.*]] = arith.andi %[[A_OK]], %[[IN]] : tensor<64x32xi1>
// CHECK: %[[A:.*]] = mlc_kernel.load %[[PTRS]], %[[A_MASK]], %{{.*}} : tensor<64x32x!mlc_kernel.ptr<f32>>
// CHECK: %[[SEVEN:.*]] = mlc_kernel.splat %{{.*}} : i32 -> tensor<32x16xi32>
// CHECK: %[[KO:.*]] = arith.muli %[[KS_B]], %[[SEVEN]] : tensor<32x16xi32>
// CHECK: %[[W_OFF:.*]] = arith.addi %[[KO]], %[[COLS]] : tensor<32x16xi32>
// CHECK: %[[W_PTR:.*]] = mlc_kernel.addptr %{{.*}}, %[[W_OFF]]
// CHECK: %[[B:.*]] = mlc_kernel.load %[[W_PTR]], %[[B_OK]], %{{.*}} : tensor<32x16x!mlc_kernel.ptr<f32>>
// CHECK: %[[DOT:.*]] = mlc_kernel.dot %[[A]], %[[B]], %[[ACC]] {input_precision = "ieee"} : tensor<64x32xf32> * tensor<32x16xf32> -> tensor<64x16xf32>
// CHECK: scf.yield %[[DOT]]
// CHECK: %[[MN_OK:.*]] = arith.andi %{{.*}}, %{{.*}} : tensor<64x16xi1>
// CHECK: %[[BIAS:.*]] = mlc_kernel.load %{{.*}}, %[[MN_OK]] : tensor<64x16x!mlc_kernel.ptr<f32>>
// CHECK: %[[SUM:.*]] = arith.addf %{{.*}}, %[[BIAS]] : tensor<64x16xf32>
// CHECK: %[[RELU:.*]] = arith.maximumf %[[SUM]], %{{.*}} : tensor<64x16xf32>
// CHECK: mlc_kernel.store %{{.*}}, %[[RELU]], %[[MN_OK]] : tensor<64x16x!mlc_kernel.ptr<f32>>
// CHECK-LABEL: func.func @nhwc(
// CHECK: mlc_kernel.launch @conv2d_0(%x, %w, %b, %{{.*}})
func.func @nhwc(%x: tensor<2x5x6x3xf32>, %w: tensor<3x3x3x7xf32>, %b: tensor<7xf32>) -> tensor<2x5x6x7xf32> {
  %0 = mlc_tensor.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, layout = "nhwc"} : tensor<2x5x6x3xf32>, tensor<3x3x3x7xf32>, tensor<7xf32> -> tensor<2x5x6x7xf32>
  %1 = mlc_tensor.relu %0 : tensor<2x5x6x7xf32> -> tensor<2x5x6x7xf32>
  func.return %1 : tensor<2x5x6x7xf32>
}

// Groups are the second grid axis: group g reads input channels 2g.. (its corner, before the
// K loop) and weights of output channels 3g..; a strided 1x1 window without padding needs no
// bounds check at all.
// CHECK-LABEL: mlc_kernel.func @conv2d_1(
// CHECK-SAME: grid = array<i64: 1, 2>
// CHECK: %[[G:.*]] = mlc_kernel.program_id 1 : i32
// CHECK: %[[C0:.*]] = arith.muli %[[G]], %{{.*}} : i32
// CHECK: scf.for
// CHECK-NOT: cmpi {{sge|ult}}
// CHECK: mlc_kernel.load
// CHECK: %[[OC0:.*]] = arith.muli %[[G]], %{{.*}} : i32
// CHECK: mlc_kernel.splat %[[OC0]] : i32 -> tensor<16x16xi32>
// CHECK: mlc_kernel.dot
// CHECK: mlc_kernel.store
func.func @groups(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x1x1xf32>) -> tensor<1x6x3x3xf32> {
  %0 = mlc_tensor.conv2d %x, %w {strides = array<i64: 2, 2>, groups = 2 : i64} : tensor<1x4x5x5xf32>, tensor<6x2x1x1xf32> -> tensor<1x6x3x3xf32>
  func.return %0 : tensor<1x6x3x3xf32>
}

// Depthwise: an elementwise kernel (1-D blocks over the 48 outputs, no K loop) summing the
// 2x2 taps, each x load at the window corner's offset plus a constant; padding (top 1,
// right 1): tap (0, 0) checks ih >= 0, tap (0, 1) also iw < 4, tap (1, 0) nothing, tap
// (1, 1) iw < 4 only.
// CHECK-LABEL: mlc_kernel.func @conv2d_2(
// CHECK-SAME: grid = array<i64: 1>, constexprs = {BLOCK = 64 : i64}
// CHECK-NOT: scf.for
// CHECK: %[[MASK:.*]] = mlc_kernel.cmpi slt, %{{.*}}, %{{.*}} : tensor<64xi32>
// CHECK: %[[TOP:.*]] = mlc_kernel.cmpi sge, %{{.*}}, %{{.*}} : tensor<64xi32>
// CHECK: %[[P00:.*]] = mlc_kernel.addptr %{{.*}}, %[[CORNER:[0-9]+]] : tensor<64x!mlc_kernel.ptr<f32>>, tensor<64xi32>
// CHECK: %[[M00:.*]] = arith.andi %[[MASK]], %[[TOP]] : tensor<64xi1>
// CHECK: %[[X00:.*]] = mlc_kernel.load %[[P00]], %[[M00]], %{{.*}} : tensor<64x!mlc_kernel.ptr<f32>>
// CHECK: %[[W00:.*]] = mlc_kernel.load %{{.*}}, %[[MASK]], %{{.*}} : tensor<64x!mlc_kernel.ptr<f32>>
// CHECK: %[[T00:.*]] = arith.mulf %[[X00]], %[[W00]] : tensor<64xf32>
// CHECK: mlc_kernel.cmpi sge
// CHECK: mlc_kernel.cmpi slt
// CHECK: arith.addi %[[CORNER]], %{{.*}} : tensor<64xi32>
// CHECK: %[[T01:.*]] = arith.mulf
// CHECK: %[[S1:.*]] = arith.addf %[[T00]], %[[T01]] : tensor<64xf32>
// CHECK-NOT: mlc_kernel.cmpi
// CHECK: %[[X10:.*]] = mlc_kernel.load %{{.*}}, %[[MASK]], %{{.*}} : tensor<64x!mlc_kernel.ptr<f32>>
// CHECK: %[[T10:.*]] = arith.mulf %[[X10]], %{{.*}} : tensor<64xf32>
// CHECK: %[[S2:.*]] = arith.addf %[[S1]], %[[T10]] : tensor<64xf32>
// CHECK: %[[RIGHT:.*]] = mlc_kernel.cmpi slt, %{{.*}}, %{{.*}} : tensor<64xi32>
// CHECK-NOT: mlc_kernel.cmpi
// CHECK: %[[T11:.*]] = arith.mulf
// CHECK: %[[S3:.*]] = arith.addf %[[S2]], %[[T11]] : tensor<64xf32>
// CHECK: mlc_kernel.store %{{.*}}, %[[S3]], %[[MASK]] : tensor<64x!mlc_kernel.ptr<f32>>
func.func @depthwise(%x: tensor<1x3x4x4xf32>, %w: tensor<3x1x2x2xf32>) -> tensor<1x3x4x4xf32> {
  %0 = mlc_tensor.conv2d %x, %w {padding = array<i64: 1, 0, 0, 1>, groups = 3 : i64} : tensor<1x3x4x4xf32>, tensor<3x1x2x2xf32> -> tensor<1x3x4x4xf32>
  func.return %0 : tensor<1x3x4x4xf32>
}
