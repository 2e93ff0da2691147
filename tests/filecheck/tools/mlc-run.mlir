// RUN: mlc-run %s --random-inputs 0 --print | filecheck %s
// RUN: mlc-run %s --entry loop --print | filecheck %s --check-prefix=LOOP

// x - x + w is exactly the constant w, a dense_resource weight read from the
// dialect_resources section at the end of the file.

// CHECK:      result0: tensor<2x2xf32> (shape (2, 2), dtype float32)
// CHECK-NEXT: {{\[\[}}1. 2.]
// CHECK-NEXT: {{\[}}3. 4.]]
// CHECK-NEXT: result1: tensor<2x2xi1> (shape (2, 2), dtype bool)
// CHECK-NEXT: {{\[\[}}False False]
// CHECK-NEXT: {{\[}}False False]]
func.func @main(%x: tensor<2x2xf32> {mlc.name = "x"}) -> (tensor<2x2xf32>, tensor<2x2xi1>) {
  %w = arith.constant dense_resource<bias> : tensor<2x2xf32>
  %z = arith.subf %x, %x : tensor<2x2xf32>
  %r = arith.addf %z, %w : tensor<2x2xf32>
  %f = arith.constant dense<false> : tensor<2x2xi1>
  func.return %r, %f : tensor<2x2xf32>, tensor<2x2xi1>
}

// Sum of 0..9 with scf.for over index, then converted to f32.

// LOOP:      result0: f32 (shape (), dtype float32)
// LOOP-NEXT: 45.0
func.func @loop() -> f32 {
  %lo = arith.constant 0 : index
  %hi = arith.constant 10 : index
  %step = arith.constant 1 : index
  %zero = arith.constant 0 : i64
  %sum = scf.for %i = %lo to %hi step %step iter_args(%acc = %zero) -> (i64) {
    %ii = arith.index_cast %i : index to i64
    %next = arith.addi %acc, %ii : i64
    scf.yield %next : i64
  }
  %f = arith.sitofp %sum : i64 to f32
  func.return %f : f32
}

{-#
  dialect_resources: {
    builtin: {
      bias: "0x040000000000803F000000400000404000008040"
    }
  }
#-}
