// RUN: mlc-opt %s -p dce | filecheck %s
// RUN: mlc-opt %s -p dce --verify-each-numerics=0,0 | filecheck %s

// xDSL's dce erases unused mlc_tensor ops because they are Pure (constants, computations,
// whole fused groups whose bodies are Pure), transitively.
// CHECK-LABEL: func.func @unused(
// CHECK-NEXT:    %k = mlc_tensor.neg %x
// CHECK-NEXT:    func.return %k
func.func @unused(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c = mlc_tensor.constant dense<2.0> : tensor<f32>
  %w = mlc_tensor.constant dense_resource<w> : tensor<2xf32>
  %a = mlc_tensor.mul %x, %c : tensor<4xf32>, tensor<f32> -> tensor<4xf32>
  %b = mlc_tensor.exp %a : tensor<4xf32> -> tensor<4xf32>
  %t = mlc_tensor.reshape %b : tensor<4xf32> -> tensor<2x2xf32>
  %r = mlc_tensor.fused (%i = %x) : (tensor<4xf32>) -> tensor<4xf32> {
    %y = mlc_tensor.tanh %i : tensor<4xf32> -> tensor<4xf32>
    mlc_tensor.yield %y : tensor<4xf32>
  }
  %k = mlc_tensor.neg %x : tensor<4xf32> -> tensor<4xf32>
  func.return %k : tensor<4xf32>
}

// Ops with effects stay even when nothing uses them: stores (writes) and the pure op feeding
// one; an unused load (a read only) and unused pure ops go.
// CHECK-LABEL: mlc_kernel.func @effects(
// CHECK-NEXT:    %s = arith.addf %v, %v : f32
// CHECK-NEXT:    mlc_kernel.store %p, %s : !mlc_kernel.ptr<f32>
// CHECK-NEXT:    mlc_kernel.return
mlc_kernel.func @effects(%p: !mlc_kernel.ptr<f32>, %v: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 1 : i64, num_stages = 1 : i64, sources = []} {
  %a = mlc_kernel.load %p : !mlc_kernel.ptr<f32>
  %d = arith.mulf %a, %v : f32
  %s = arith.addf %v, %v : f32
  mlc_kernel.store %p, %s : !mlc_kernel.ptr<f32>
  mlc_kernel.return
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F00000040"
    }
  }
#-}
