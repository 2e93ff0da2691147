// RUN: mlc-opt %s -p 'cse,dce' --mlir-print-ir-before-all 2>&1 >/dev/null | filecheck %s --check-prefix=BEFORE
// RUN: mlc-opt %s -p 'cse,dce' --mlir-print-ir-after-all 2>&1 >/dev/null | filecheck %s --check-prefix=AFTER
// RUN: mlc-opt %s -p 'cse,dce' --mlir-print-ir-before=dce 2>&1 >/dev/null | filecheck %s --check-prefix=BEFORE-DCE
// RUN: mlc-opt %s -p 'cse,dce' --mlir-print-ir-after=cse 2>&1 >/dev/null | filecheck %s --check-prefix=AFTER-CSE
// RUN: mlc-opt %s -p 'dce,cse,dce' --mlir-print-ir-after-change 2>&1 >/dev/null | filecheck %s --check-prefix=CHANGE
// RUN: not mlc-opt %s -p 'cse,transform-interpreter{entry-point=missing}' --mlir-print-ir-after-failure 2>&1 >/dev/null | filecheck %s --check-prefix=FAILURE
// RUN: not mlc-opt %s --mlir-print-ir-after=cse2 2>&1 | filecheck %s --check-prefix=UNKNOWN

// BEFORE:      // -----// IR Dump Before cse //----- //
// BEFORE-NEXT: builtin.module {
// BEFORE:        %1 = mlc_tensor.neg %x
// BEFORE:      // -----// IR Dump Before dce //----- //
// BEFORE-NOT:  IR Dump

// AFTER:      // -----// IR Dump After cse //----- //
// AFTER-NEXT: builtin.module {
// AFTER-NOT:    %2 = mlc_tensor.neg
// AFTER:      // -----// IR Dump After dce //----- //
// AFTER-NOT:  IR Dump

// BEFORE-DCE-NOT: Before cse
// BEFORE-DCE:     // -----// IR Dump Before dce //----- //
// BEFORE-DCE-NOT: IR Dump

// AFTER-CSE:     // -----// IR Dump After cse //----- //
// AFTER-CSE-NOT: IR Dump

// Only cse changes this IR (nothing is dead), so only it is printed.
// CHANGE-NOT: After dce
// CHANGE:     // -----// IR Dump After cse //----- //
// CHANGE-NOT: IR Dump

// FAILURE-NOT: After cse
// FAILURE:     // -----// IR Dump After transform-interpreter Failed //----- //
// FAILURE-NEXT: "builtin.module"() ({
// FAILURE:     mlc-opt-print-ir.mlir: error:
// FAILURE:     could not find a nested named sequence with name: missing

// UNKNOWN: mlc-opt: error: 'cse2' does not refer to a registered pass or pipeline; did you mean 'cse'?

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %1 = mlc_tensor.neg %x : tensor<4xf32> -> tensor<4xf32>
  %2 = mlc_tensor.neg %x : tensor<4xf32> -> tensor<4xf32>
  %3 = mlc_tensor.add %1, %2 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  func.return %3 : tensor<4xf32>
}
