// RUN: not mlc-opt %s --split-input-file -p cse 2>/dev/null | filecheck %s
// RUN: rm -f %t && not mlc-opt %s --split-input-file -o %t 2>&1 | filecheck %s --check-prefix=ERR
// RUN: not test -e %t

// Each piece is parsed, verified and transformed on its own and printed with `// -----` between.
// CHECK:      func.func @first
// CHECK:      // -----
// CHECK-NEXT: builtin.module {
// CHECK-NEXT:   func.func @second

func.func @first(%x: tensor<4xf32>) -> tensor<4xf32> {
  func.return %x : tensor<4xf32>
}

// -----

func.func @second(%x: tensor<4xf32>) -> tensor<4xf32> {
  func.return %x : tensor<4xf32>
}

// -----

// Line numbers are those of the whole file; with a failing piece -o writes nothing.
// ERR: mlc-opt-split-input-file.mlir:[[# @LINE + 2]]:3: error: mlc_tensor.neg: expected operand to be a ranked tensor, got f32
func.func @third(%x: f32) -> f32 {
  %0 = mlc_tensor.neg %x : f32 -> f32
  func.return %0 : f32
}
