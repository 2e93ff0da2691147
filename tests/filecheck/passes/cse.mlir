// RUN: mlc-opt %s -p cse | filecheck %s
// RUN: mlc-opt %s -p cse --verify-each-numerics=0,0 | filecheck %s

// xDSL's cse merges mlc_tensor ops because they are Pure: identical ops on the same operands
// (options included), and constants with equal values, inline or the same blob.
// CHECK-LABEL: func.func @merged(
// CHECK-NEXT:    %c = mlc_tensor.constant dense<2.000000e+00> : tensor<f32>
// CHECK-NEXT:    %w = mlc_tensor.constant dense_resource<w> : tensor<2xf32>
// CHECK-NEXT:    %a = mlc_tensor.mul %x, %c
// CHECK-NEXT:    %t = mlc_tensor.transpose %x {perm = array<i64: 1, 0>}
// CHECK-NEXT:    %s = mlc_tensor.add %a, %a
// CHECK-NEXT:    %u = mlc_tensor.add %w, %w
// CHECK-NEXT:    func.return %s, %t, %t, %u
func.func @merged(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>) {
  %c = mlc_tensor.constant dense<2.0> : tensor<f32>
  %c2 = mlc_tensor.constant dense<2.0> : tensor<f32>
  %w = mlc_tensor.constant dense_resource<w> : tensor<2xf32>
  %w2 = mlc_tensor.constant dense_resource<w> : tensor<2xf32>
  %a = mlc_tensor.mul %x, %c : tensor<2x2xf32>, tensor<f32> -> tensor<2x2xf32>
  %b = mlc_tensor.mul %x, %c2 : tensor<2x2xf32>, tensor<f32> -> tensor<2x2xf32>
  %t = mlc_tensor.transpose %x {perm = array<i64: 1, 0>} : tensor<2x2xf32> -> tensor<2x2xf32>
  %t2 = mlc_tensor.transpose %x {perm = array<i64: 1, 0>} : tensor<2x2xf32> -> tensor<2x2xf32>
  %s = mlc_tensor.add %a, %b : tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
  %u = mlc_tensor.add %w, %w2 : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  func.return %s, %t, %t2, %u : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>
}

// Different options, operand order or constant values are different ops.
// CHECK-LABEL: func.func @kept(
// CHECK-NEXT:    %c = mlc_tensor.constant dense<2.000000e+00> : tensor<f32>
// CHECK-NEXT:    %d = mlc_tensor.constant dense<3.000000e+00> : tensor<f32>
// CHECK-NEXT:    %a = mlc_tensor.sub %x, %y
// CHECK-NEXT:    %b = mlc_tensor.sub %y, %x
// CHECK-NEXT:    %g = mlc_tensor.gelu %x : tensor<2x2xf32> -> tensor<2x2xf32>
// CHECK-NEXT:    %h = mlc_tensor.gelu %x {approximate = "tanh"}
// CHECK-NEXT:    func.return
func.func @kept(%x: tensor<2x2xf32>, %y: tensor<2x2xf32>) -> (tensor<f32>, tensor<f32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %c = mlc_tensor.constant dense<2.0> : tensor<f32>
  %d = mlc_tensor.constant dense<3.0> : tensor<f32>
  %a = mlc_tensor.sub %x, %y : tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
  %b = mlc_tensor.sub %y, %x : tensor<2x2xf32>, tensor<2x2xf32> -> tensor<2x2xf32>
  %g = mlc_tensor.gelu %x : tensor<2x2xf32> -> tensor<2x2xf32>
  %h = mlc_tensor.gelu %x {approximate = "tanh"} : tensor<2x2xf32> -> tensor<2x2xf32>
  func.return %c, %d, %a, %b, %g, %h : tensor<f32>, tensor<f32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}

// Identical fused groups are merged (their bodies are Pure, so they are), and so are
// identical ops inside a body.
// CHECK-LABEL: func.func @fused(
// CHECK-NEXT:    %r = mlc_tensor.fused
// CHECK-NEXT:      %y = mlc_tensor.neg %a
// CHECK-NEXT:      mlc_tensor.yield %y
// CHECK-NEXT:    }
// CHECK-NEXT:    %q = mlc_tensor.fused
// CHECK-NEXT:      %y = mlc_tensor.exp %a
// CHECK-NEXT:      %z = mlc_tensor.add %y, %y
// CHECK-NEXT:      mlc_tensor.yield %z
// CHECK-NEXT:    }
// CHECK-NEXT:    func.return %r, %r, %q
func.func @fused(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %r = mlc_tensor.fused (%a = %x) : (tensor<4xf32>) -> tensor<4xf32> {
    %y = mlc_tensor.neg %a : tensor<4xf32> -> tensor<4xf32>
    mlc_tensor.yield %y : tensor<4xf32>
  }
  %r2 = mlc_tensor.fused (%a = %x) : (tensor<4xf32>) -> tensor<4xf32> {
    %y = mlc_tensor.neg %a : tensor<4xf32> -> tensor<4xf32>
    mlc_tensor.yield %y : tensor<4xf32>
  }
  %q = mlc_tensor.fused (%a = %x) : (tensor<4xf32>) -> tensor<4xf32> {
    %y = mlc_tensor.exp %a : tensor<4xf32> -> tensor<4xf32>
    %y2 = mlc_tensor.exp %a : tensor<4xf32> -> tensor<4xf32>
    %z = mlc_tensor.add %y, %y2 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
    mlc_tensor.yield %z : tensor<4xf32>
  }
  func.return %r, %r2, %q : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// Stores have a write effect: two identical stores both stay, and a load after a store is not
// merged with the load before it.
// CHECK-LABEL: mlc_kernel.func @stores(
// CHECK-NEXT:    %a = mlc_kernel.load %p : !mlc_kernel.ptr<f32>
// CHECK-NEXT:    mlc_kernel.store %p, %v : !mlc_kernel.ptr<f32>
// CHECK-NEXT:    mlc_kernel.store %p, %v : !mlc_kernel.ptr<f32>
// CHECK-NEXT:    %b = mlc_kernel.load %p : !mlc_kernel.ptr<f32>
// CHECK-NEXT:    %s = arith.addf %a, %b : f32
// CHECK-NEXT:    mlc_kernel.store %p, %s : !mlc_kernel.ptr<f32>
mlc_kernel.func @stores(%p: !mlc_kernel.ptr<f32>, %v: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 1 : i64, num_stages = 1 : i64, sources = []} {
  %a = mlc_kernel.load %p : !mlc_kernel.ptr<f32>
  mlc_kernel.store %p, %v : !mlc_kernel.ptr<f32>
  mlc_kernel.store %p, %v : !mlc_kernel.ptr<f32>
  %b = mlc_kernel.load %p : !mlc_kernel.ptr<f32>
  %s = arith.addf %a, %b : f32
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
