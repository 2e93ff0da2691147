// RUN: not mlc-opt %s --split-input-file -t triton 2>&1 | filecheck %s

// Ops without a Triton spelling end in one diagnostic at the op, not a traceback.

// CHECK: errors.mlir:[[# @LINE + 2]]:3: error: mlc_tensor.exp: no Triton rule for this op here; lower it to mlc_kernel, arith, math or scf first
func.func @graph(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = mlc_tensor.exp %x : tensor<4xf32> -> tensor<4xf32>
  func.return %0 : tensor<4xf32>
}

// -----

// CHECK: errors.mlir:[[# @LINE + 2]]:3: error: arith.constant: only scalar and uniform (splat) constants exist in Triton code
mlc_kernel.func @table(%p: !mlc_kernel.ptr<f32>) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 1 : i64, num_stages = 1 : i64} {
  %t = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %ps = mlc_kernel.splat %p : !mlc_kernel.ptr<f32> -> tensor<2x!mlc_kernel.ptr<f32>>
  %r = mlc_kernel.make_range {start = 0 : i64, end = 2 : i64} : tensor<2xi32>
  %pp = mlc_kernel.addptr %ps, %r : tensor<2x!mlc_kernel.ptr<f32>>, tensor<2xi32>
  mlc_kernel.store %pp, %t : tensor<2x!mlc_kernel.ptr<f32>>
  mlc_kernel.return
}

// -----

// CHECK: errors.mlir:[[# @LINE + 3]]:3: error: arith.cmpf: predicate ueq has no Triton spelling; use an ordered predicate or une
// CHECK-NOT: Traceback
mlc_kernel.func @unordered(%a: f32, %b: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 1 : i64, num_stages = 1 : i64} {
  %c = arith.cmpf ueq, %a, %b : f32
  mlc_kernel.return
}
