// RUN: mlc-opt %s -p fold-constants --print-debuginfo | filecheck %s
// RUN: mlc-opt %s -p 'fold-constants{max-elements=4}' | filecheck %s --check-prefix=LIMIT
// RUN: mlc-opt %s -p fold-constants --verify-each-numerics=0,0 --print-debuginfo | filecheck %s
// RUN: not mlc-opt %s -p 'fold-constants{max-elements=-1}' 2>&1 | filecheck %s --check-prefix=NEGATIVE

// NEGATIVE: error: fold-constants: max-elements must be >= 0, got -1; give a result size limit such as fold-constants{max-elements=1048576}

// A chain of constant ops becomes one constant, placed where the last op was and carrying its
// location; the operand constants left unused are erased.
// CHECK-LABEL: func.func @chain(
// CHECK-NEXT:    %m = mlc_tensor.constant dense<{{\[}}[2.000000e+00, 8.000000e+00], [4.000000e+00, 1.000000e+01], [6.000000e+00, 1.200000e+01]]> : tensor<3x2xf32> loc("model.py":7:3)
// CHECK-NEXT:    %a = mlc_tensor.add %x, %m
// CHECK-NEXT:    func.return %a
// Over the limit, the transpose still folds: it replaces its only user's constant by one no
// larger. The mul's result is new data over the limit, so the mul stays.
// LIMIT-LABEL: func.func @chain(
// LIMIT-NEXT:    %t = mlc_tensor.constant dense<{{\[}}[1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
// LIMIT-NEXT:    %two = mlc_tensor.constant
// LIMIT-NEXT:    %m = mlc_tensor.mul %t, %two
func.func @chain(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = mlc_tensor.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32> loc("model.py":5:3)
  %t = mlc_tensor.transpose %w {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32> loc("model.py":6:3)
  %two = mlc_tensor.constant dense<2.0> : tensor<f32>
  %m = mlc_tensor.mul %t, %two : tensor<3x2xf32>, tensor<f32> -> tensor<3x2xf32> loc("model.py":7:3)
  %a = mlc_tensor.add %x, %m : tensor<3x2xf32>, tensor<3x2xf32> -> tensor<3x2xf32>
  func.return %a : tensor<3x2xf32>
}

// A constant that other ops still use stays; the folded one sits beside it.
// CHECK-LABEL: func.func @shared_operand(
// CHECK-NEXT:    %c = mlc_tensor.constant dense<[1, 2, 3]> : tensor<3xi32>
// CHECK-NEXT:    %n = mlc_tensor.constant dense<[-1, -2, -3]> : tensor<3xi32>
// CHECK-NEXT:    %a = mlc_tensor.add %x, %c
// CHECK-NEXT:    func.return %n, %a
func.func @shared_operand(%x: tensor<3xi32>) -> (tensor<3xi32>, tensor<3xi32>) {
  %c = mlc_tensor.constant dense<[1, 2, 3]> : tensor<3xi32>
  %n = mlc_tensor.neg %c : tensor<3xi32> -> tensor<3xi32>
  %a = mlc_tensor.add %x, %c : tensor<3xi32>, tensor<3xi32> -> tensor<3xi32>
  func.return %n, %a : tensor<3xi32>, tensor<3xi32>
}

// A large splat result stays inline (it prints as one number); a large non-splat one
// becomes a dense_resource blob named after the op's result.
// CHECK-LABEL: func.func @large(
// CHECK-NEXT:    %e = mlc_tensor.constant dense<4.48168898> : tensor<64x64xf32>
// CHECK-NEXT:    %t = mlc_tensor.constant dense_resource<t> : tensor<3x8xf32>
// CHECK-NEXT:    func.return %e, %t
// LIMIT-LABEL: func.func @large(
// LIMIT-NEXT:    %big = mlc_tensor.constant
// LIMIT-NEXT:    %e = mlc_tensor.exp %big
// LIMIT-NEXT:    %t = mlc_tensor.constant dense_resource<t> : tensor<3x8xf32>
func.func @large() -> (tensor<64x64xf32>, tensor<3x8xf32>) {
  %big = mlc_tensor.constant dense<1.5> : tensor<64x64xf32>
  %e = mlc_tensor.exp %big : tensor<64x64xf32> -> tensor<64x64xf32>
  %w = mlc_tensor.constant dense_resource<w> : tensor<8x3xf32>
  %t = mlc_tensor.transpose %w {perm = array<i64: 1, 0>} : tensor<8x3xf32> -> tensor<3x8xf32>
  func.return %e, %t : tensor<64x64xf32>, tensor<3x8xf32>
}

// A transpose over the limit whose constant has another user stays: folding it would add a
// second copy of the weight.
// LIMIT-LABEL: func.func @shared_transpose(
// LIMIT-NEXT:    %w = mlc_tensor.constant
// LIMIT-NEXT:    %t = mlc_tensor.transpose %w
// LIMIT-NEXT:    func.return %w, %t
func.func @shared_transpose() -> (tensor<2x3xf32>, tensor<3x2xf32>) {
  %w = mlc_tensor.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %t = mlc_tensor.transpose %w {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  func.return %w, %t : tensor<2x3xf32>, tensor<3x2xf32>
}

// Scalar arith folds to arith.constant; integer division by zero stays (the interpreter
// rejects it), as do ops on non-constants and ops without operands (iota). Private, so that
// --verify-each-numerics does not run it (it divides by zero).
// CHECK-LABEL: func.func private @arith_and_kept(
// CHECK-NEXT:    %p = arith.constant 12 : i32
// CHECK-NEXT:    %f = arith.constant 7.500000e-01 : f32
// CHECK-NEXT:    %z = arith.constant 0 : i32
// CHECK-NEXT:    %d = arith.divsi %p, %z : i32
// CHECK-NEXT:    %i = mlc_tensor.iota : tensor<4xi32>
// CHECK-NEXT:    %s = mlc_tensor.add %x, %i
// CHECK-NEXT:    func.return %p, %f, %d, %s
func.func private @arith_and_kept(%x: tensor<4xi32>) -> (i32, f32, i32, tensor<4xi32>) {
  %a = arith.constant 3 : i32
  %b = arith.constant 4 : i32
  %p = arith.muli %a, %b : i32
  %h = arith.constant 1.5 : f32
  %q = arith.constant 0.5 : f32
  %f = arith.mulf %h, %q : f32
  %z = arith.constant 0 : i32
  %d = arith.divsi %p, %z : i32
  %i = mlc_tensor.iota {dimension = 0 : i64} : tensor<4xi32>
  %s = mlc_tensor.add %x, %i : tensor<4xi32>, tensor<4xi32> -> tensor<4xi32>
  func.return %p, %f, %d, %s : i32, f32, i32, tensor<4xi32>
}

// Inside a fused body the constants fold in place, keeping the body isolated from above.
// CHECK-LABEL: func.func @in_fused(
// CHECK:         mlc_tensor.fused
// CHECK-NEXT:      %k = mlc_tensor.constant dense<4.000000e+00> : tensor<f32>
// CHECK-NEXT:      %y = mlc_tensor.mul %a, %k
// CHECK-NEXT:      mlc_tensor.yield %y
func.func @in_fused(%x: tensor<4xf32>) -> tensor<4xf32> {
  %r = mlc_tensor.fused (%a = %x) : (tensor<4xf32>) -> tensor<4xf32> {
    %c = mlc_tensor.constant dense<2.0> : tensor<f32>
    %k = mlc_tensor.mul %c, %c : tensor<f32>, tensor<f32> -> tensor<f32>
    %y = mlc_tensor.mul %a, %k : tensor<4xf32>, tensor<f32> -> tensor<4xf32>
    mlc_tensor.yield %y : tensor<4xf32>
  }
  func.return %r : tensor<4xf32>
}

{-#
  dialect_resources: {
    builtin: {
      w: "0x04000000000000000000803F0000004000004040000080400000A0400000C0400000E0400000004100001041000020410000304100004041000050410000604100007041000080410000884100009041000098410000A0410000A8410000B0410000B841"
    }
  }
#-}
