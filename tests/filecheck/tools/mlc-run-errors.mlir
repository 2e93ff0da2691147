// RUN: not mlc-run %s --entry divide --random-inputs 0 2>&1 | filecheck %s --check-prefix=RUNTIME
// RUN: not mlc-run %s --entry nope 2>&1 | filecheck %s --check-prefix=ENTRY
// RUN: not mlc-run %s --entry divide 2>&1 | filecheck %s --check-prefix=MISSING
// RUN: not mlc-run %s.missing 2>&1 | filecheck %s --check-prefix=FILE

// Random integer inputs include 0: integer division by zero stops at the op.
// RUNTIME: mlc-run-errors.mlir:[[# @LINE + 3]]:3: error: arith.divsi: division by zero
// RUNTIME-NOT: Traceback
func.func @divide(%a: tensor<64xi32>, %b: tensor<64xi32>) -> tensor<64xi32> {
  %q = arith.divsi %a, %b : tensor<64xi32>
  func.return %q : tensor<64xi32>
}

// ENTRY: mlc-run-errors.mlir: error: no function named 'nope' (functions: divide)
// MISSING: mlc-run-errors.mlir: error: missing input(s) ['arg0', 'arg1']; arguments are ['arg0', 'arg1'] (give --input NAME=PATH.npy, --inputs PATH.npz or --random-inputs SEED)
// FILE: mlc-run: error: cannot read '{{.*}}mlc-run-errors.mlir.missing': No such file or directory
