// RUN: mlc-opt %s --split-input-file --verify-diagnostics
// RUN: sed -e 's/got f32}}/got f64}}/' %s > %t.mismatch.mlir
// RUN: not mlc-opt %t.mismatch.mlir --split-input-file --verify-diagnostics 2>&1 | filecheck %s --check-prefix=MISMATCH
// RUN: sed -e 's/expected-error @+1/expected-error @+2/' %s > %t.wrongline.mlir
// RUN: not mlc-opt %t.wrongline.mlir --split-input-file --verify-diagnostics 2>&1 | filecheck %s --check-prefix=WRONGLINE

// MISMATCH:      mismatch.mlir:[[# @LINE + 13]]:3: error: unexpected error: mlc_tensor.neg: expected operand to be a ranked tensor, got f32
// MISMATCH-NEXT:   %0 = mlc_tensor.neg %x : f32 -> f32
// MISMATCH-NEXT:   ^
// MISMATCH-NEXT: mismatch.mlir:[[# @LINE + 9]]:6: error: expected error "mlc_tensor.neg: expected operand to be a ranked tensor, got f64" was not produced
// MISMATCH-NEXT:   // expected-{{error}} @+1 {{.*}}got f64
// MISMATCH-NEXT:      ^
// MISMATCH-NOT:  error

// WRONGLINE: wrongline.mlir:[[# @LINE + 5]]:3: error: unexpected error: mlc_tensor.neg
// WRONGLINE: wrongline.mlir:[[# @LINE + 3]]:6: error: expected error "mlc_tensor.neg: {{.*}}" was not produced

func.func @offset_plus(%x: f32) {
  // expected-error @+1 {{mlc_tensor.neg: expected operand to be a ranked tensor, got f32}}
  %0 = mlc_tensor.neg %x : f32 -> f32
  func.return
}

// -----

func.func @offset_minus(%x: f32) {
  %0 = mlc_tensor.exp %x : f32 -> f32
  // expected-error @-1 {{mlc_tensor.exp: expected operand to be a ranked tensor}}
  func.return
}

// -----

func.func @same_line(%x: f32) {
  %0 = mlc_tensor.exp %x : f32 -> f32 // expected-error {{expected operand to be a ranked tensor}}
  func.return
}

// -----

func.func @below(%x: f32) {
  // expected-error @below {{mlc_tensor.neg}}
  %0 = mlc_tensor.neg %x : f32 -> f32
  func.return
}

// -----

func.func @above(%x: f32) {
  %0 = mlc_tensor.neg %x : f32 -> f32
  // expected-error @above {{mlc_tensor.neg}}
  func.return
}

// -----

// Parse errors are diagnostics too.
func.func @parse_error(%x: tensor<4xf32>) {
  // expected-error @+1 {{type expected}}
  %0 = mlc_tensor.neg %x : tensor<4xf32> -> }

// -----

// A piece without errors is fine and printed as usual.
func.func @valid(%x: tensor<4xf32>) -> tensor<4xf32> {
  func.return %x : tensor<4xf32>
}
