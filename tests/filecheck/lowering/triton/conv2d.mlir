// RUN: mlc-opt %s -p 'fuse-epilogue,convert-mlc-tensor-to-mlc-kernel' -t triton | filecheck %s
// conv2d emitted as Triton: an implicit GEMM (NHWC, padding, bias + relu epilogue), grouped
// (groups on grid axis 1) and depthwise (a direct window sum). Numerics under TRITON_INTERPRET=1
// are checked in tests/unit/lowering/test_conv_kernels.py.

// CHECK:      # @conv2d_0: grid (1,), BLOCK_M=64, BLOCK_N=16, BLOCK_K=32, GROUP_M=8, num_warps=4, num_stages=1
// CHECK-NEXT: # sources:
// CHECK-NEXT: #   mlc_tensor.conv2d {{.*}}conv2d.mlir:{{[0-9]+}}:3
// CHECK-NEXT: #   mlc_tensor.relu {{.*}}conv2d.mlir:{{[0-9]+}}:3
// CHECK-NEXT: @triton.jit
// CHECK-NEXT: def conv2d_0(x, w, b, out, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr, GROUP_M: tl.constexpr):
// Once per row, before the loop: the window corner's row, column and flat offset.
// CHECK:          [[MINUS1:v[0-9]+]] = tl.full((BLOCK_M, BLOCK_K), -1, tl.int32)
// CHECK-NEXT:     [[ROW0:v[0-9]+]] = {{v[0-9]+}} + [[MINUS1]]
// CHECK-NEXT:     [[COL0:v[0-9]+]] = {{v[0-9]+}} + [[MINUS1]]
// CHECK:          [[COLS3:v[0-9]+]] = [[COL0]] * {{v[0-9]+}}
// CHECK-NEXT:     [[CORNER:v[0-9]+]] = {{v[0-9]+}} + [[COLS3]]
// CHECK-NEXT:     {{v[0-9]+}} = tl.full((BLOCK_M, BLOCK_N), 0.0, tl.float32)
// CHECK-NEXT:     carried = {{v[0-9]+}}
// CHECK-NEXT:     for i in range(0, 27, 32):
// The tap's input row and column inside the image: 0 <= ih < 5, 0 <= iw < 6, unsigned.
// CHECK:              [[IH:v[0-9]+]] = [[ROW0]] + {{v[0-9]+}}
// CHECK:              [[ROW:v[0-9]+]] = tl.cast([[IH]], tl.uint32, bitcast=True) < tl.cast({{v[0-9]+}}, tl.uint32, bitcast=True)
// CHECK-NEXT:         [[IW:v[0-9]+]] = [[COL0]] + {{v[0-9]+}}
// CHECK:              [[COL:v[0-9]+]] = tl.cast([[IW]], tl.uint32, bitcast=True) < tl.cast({{v[0-9]+}}, tl.uint32, bitcast=True)
// CHECK-NEXT:         [[IN:v[0-9]+]] = [[ROW]] & [[COL]]
// CHECK:              [[OFF:v[0-9]+]] = [[CORNER]] + {{v[0-9]+}}
// CHECK:              [[MASK:v[0-9]+]] = {{v[0-9]+}} & [[IN]]
// CHECK-NEXT:         [[A:v[0-9]+]] = tl.load({{v[0-9]+}}, mask=[[MASK]], other={{v[0-9]+}})
// CHECK:              [[B:v[0-9]+]] = tl.load({{v[0-9]+}}, mask={{v[0-9]+}}, other={{v[0-9]+}})
// CHECK-NEXT:         [[DOT:v[0-9]+]] = tl.dot([[A]], [[B]], carried, input_precision="ieee")
// CHECK-NEXT:         carried = [[DOT]]
// CHECK-NEXT:     [[ACC:v[0-9]+]] = carried
// CHECK:          [[BIAS:v[0-9]+]] = tl.load({{v[0-9]+}}, mask=[[OK:v[0-9]+]])
// CHECK-NEXT:     [[SUM:v[0-9]+]] = [[ACC]] + [[BIAS]]
// CHECK:          [[RELU:v[0-9]+]] = tl.maximum([[SUM]], {{v[0-9]+}}, propagate_nan=tl.PropagateNan.ALL)
// CHECK:          tl.store({{v[0-9]+}}, [[RELU]], mask=[[OK]])
func.func @nhwc(%x: tensor<2x5x6x3xf32>, %w: tensor<3x3x3x7xf32>, %b: tensor<7xf32>) -> tensor<2x5x6x7xf32> {
  %0 = mlc_tensor.conv2d %x, %w, %b {padding = array<i64: 1, 1, 1, 1>, layout = "nhwc"} : tensor<2x5x6x3xf32>, tensor<3x3x3x7xf32>, tensor<7xf32> -> tensor<2x5x6x7xf32>
  %1 = mlc_tensor.relu %0 : tensor<2x5x6x7xf32> -> tensor<2x5x6x7xf32>
  func.return %1 : tensor<2x5x6x7xf32>
}

// CHECK:      # @conv2d_1: grid (1, 2), BLOCK_M=16, BLOCK_N=16, BLOCK_K=16, GROUP_M=8, num_warps=4, num_stages=1
// CHECK:      def conv2d_1(x, w, out, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr, GROUP_M: tl.constexpr):
// CHECK:          [[GROUP:v[0-9]+]] = tl.program_id(1)
// CHECK:          {{v[0-9]+}} = [[GROUP]] * 2
// CHECK:          for i in range(0, 2, 16):
// CHECK:              {{v[0-9]+}} = [[GROUP]] * 3
// CHECK:              tl.dot(
func.func @groups(%x: tensor<1x4x5x5xf32>, %w: tensor<6x2x1x1xf32>) -> tensor<1x6x3x3xf32> {
  %0 = mlc_tensor.conv2d %x, %w {strides = array<i64: 2, 2>, groups = 2 : i64} : tensor<1x4x5x5xf32>, tensor<6x2x1x1xf32> -> tensor<1x6x3x3xf32>
  func.return %0 : tensor<1x6x3x3xf32>
}

// Depthwise: four guarded input loads and four weight loads, no loop and no dot.
// CHECK:      # @conv2d_2: grid (1,), BLOCK=64, num_warps=1, num_stages=1
// CHECK:      def conv2d_2(x, w, out, BLOCK: tl.constexpr):
// CHECK-NOT:      tl.dot
// CHECK-COUNT-8:  tl.load(
// CHECK-NOT:      tl.load(
// CHECK:          tl.store(
// CHECK:      def nhwc(x, w, b, *, device):
// CHECK:          conv2d_0[(1,)](x, w, b, {{v[0-9]+}}, BLOCK_M=64, BLOCK_N=16, BLOCK_K=32, GROUP_M=8, num_warps=4, num_stages=1)
// CHECK:      def groups(x, w, *, device):
// CHECK:          conv2d_1[(1, 2)](x, w, {{v[0-9]+}}, BLOCK_M=16, BLOCK_N=16, BLOCK_K=16, GROUP_M=8, num_warps=4, num_stages=1)
func.func @depthwise(%x: tensor<1x3x4x4xf32>, %w: tensor<3x1x2x2xf32>) -> tensor<1x3x4x4xf32> {
  %0 = mlc_tensor.conv2d %x, %w {padding = array<i64: 1, 0, 0, 1>, groups = 3 : i64} : tensor<1x3x4x4xf32>, tensor<3x1x2x2xf32> -> tensor<1x3x4x4xf32>
  func.return %0 : tensor<1x3x4x4xf32>
}
