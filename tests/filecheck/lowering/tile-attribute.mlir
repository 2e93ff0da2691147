// RUN: mlc-opt %s -p convert-mlc-tensor-to-mlc-kernel | filecheck %s
// RUN: mlc-opt %s -p 'convert-mlc-tensor-to-mlc-kernel{matmul=64,64,64 warps=8 elementwise-block=512}' | filecheck %s --check-prefix=OPTIONS

// A group's mlc.tile (as autotune writes it) pins its kernel's tiling over the heuristic and
// over the pass options; settings it leaves out come from the options, then the heuristic.
// Errors in the attribute: tile-attribute-invalid.mlir.

// The fused matmul + relu group: every setting pinned, so the options change nothing.
// CHECK-LABEL: mlc_kernel.func @matmul_0(
// CHECK-SAME: grid = array<i64: 2>, constexprs = {BLOCK_M = 32 : i64, BLOCK_N = 16 : i64, BLOCK_K = 16 : i64, GROUP_M = 2 : i64}, num_warps = 2 : i64, num_stages = 2 : i64
// CHECK: scf.for %{{.*}} iter_args(%{{.*}} = %{{.*}}) -> (tensor<32x16xf32>) : i32 {
// CHECK: mlc_kernel.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<32x16x!mlc_kernel.ptr<f32>>
// CHECK: mlc_kernel.load %{{.*}}, %{{.*}}, %{{.*}} : tensor<16x16x!mlc_kernel.ptr<f32>>
// CHECK: mlc_kernel.dot
// OPTIONS-LABEL: mlc_kernel.func @matmul_0(
// OPTIONS-SAME: grid = array<i64: 2>, constexprs = {BLOCK_M = 32 : i64, BLOCK_N = 16 : i64, BLOCK_K = 16 : i64, GROUP_M = 2 : i64}, num_warps = 2 : i64, num_stages = 2 : i64

// The lone sigmoid pins only BLOCK: num_warps comes from the heuristic (or warps=8).
// CHECK-LABEL: mlc_kernel.func @sigmoid_0(
// CHECK-SAME: grid = array<i64: 15>, constexprs = {BLOCK = 32 : i64}, num_warps = 1 : i64, num_stages = 1 : i64
// CHECK: mlc_kernel.make_range {start = 0 : i64, end = 32 : i64} : tensor<32xi32>
// CHECK: %[[N:.*]] = arith.constant dense<480> : tensor<32xi32>
// CHECK: mlc_kernel.cmpi slt, %{{.*}}, %[[N]] : tensor<32xi32>
// OPTIONS-LABEL: mlc_kernel.func @sigmoid_0(
// OPTIONS-SAME: grid = array<i64: 15>, constexprs = {BLOCK = 32 : i64}, num_warps = 8 : i64, num_stages = 1 : i64

// No mlc.tile: the heuristic (and, in OPTIONS, the options).
// CHECK-LABEL: mlc_kernel.func @tanh_0(
// CHECK-SAME: grid = array<i64: 1>, constexprs = {BLOCK = 512 : i64}, num_warps = 2 : i64
// OPTIONS-LABEL: mlc_kernel.func @tanh_0(
// OPTIONS-SAME: grid = array<i64: 1>, constexprs = {BLOCK = 512 : i64}, num_warps = 8 : i64
func.func @f(%a: tensor<40x24xf32>, %b: tensor<24x12xf32>) -> (tensor<40x12xf32>, tensor<40x12xf32>) {
  %1 = mlc_tensor.fused (%x = %a, %y = %b) {kind = "epilogue", mlc.tile = {BLOCK_M = 32, BLOCK_N = 16, BLOCK_K = 16, GROUP_M = 2, num_warps = 2, num_stages = 2}} : (tensor<40x24xf32>, tensor<24x12xf32>) -> tensor<40x12xf32> {
    %m = mlc_tensor.matmul %x, %y : tensor<40x24xf32>, tensor<24x12xf32> -> tensor<40x12xf32>
    %r = mlc_tensor.relu %m : tensor<40x12xf32> -> tensor<40x12xf32>
    mlc_tensor.yield %r : tensor<40x12xf32>
  }
  %2 = mlc_tensor.sigmoid %1 {mlc.tile = {BLOCK = 32}} : tensor<40x12xf32> -> tensor<40x12xf32>
  %3 = mlc_tensor.tanh %2 : tensor<40x12xf32> -> tensor<40x12xf32>
  func.return %1, %3 : tensor<40x12xf32>, tensor<40x12xf32>
}
