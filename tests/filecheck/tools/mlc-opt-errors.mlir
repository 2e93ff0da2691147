// RUN: sed -e 's/-> tensor<4xf32>$/->/' %s > %t.parse.mlir
// RUN: not mlc-opt %t.parse.mlir 2>&1 | filecheck %s --check-prefix=PARSE
// RUN: sed -e 's/%0, %0 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>/%0, %0 : tensor<4xf32>, tensor<4xf32> -> tensor<5xf32>/' -e 's/return %1 : tensor<4xf32>/return %1 : tensor<5xf32>/' %s > %t.verify.mlir
// RUN: not mlc-opt %t.verify.mlir 2>&1 | filecheck %s --check-prefix=VERIFY
// RUN: not mlc-opt %s -p cannonicalize 2>&1 | filecheck %s --check-prefix=UNKNOWN
// RUN: not mlc-opt %s --pass-pipeline='builtin.module(func.func(approximate-math-with-bitcast{log=maybe}))' 2>&1 | filecheck %s --check-prefix=OPTION
// RUN: not mlc-opt %s --pass-pipeline='builtin.module(cse' 2>&1 | filecheck %s --check-prefix=SYNTAX
// RUN: not mlc-opt %s -p 'func.func(transform-interpreter{entry-point=nope})' 2>&1 | filecheck %s --check-prefix=PASS
// RUN: not mlc-opt %t.does-not-exist.mlir 2>&1 | filecheck %s --check-prefix=MISSING

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = mlc_tensor.neg %x : tensor<4xf32> -> tensor<4xf32>
  %1 = mlc_tensor.add %0, %0 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  func.return %1 : tensor<4xf32>
}

// Every user error is one diagnostic and exit code 1, never a traceback.
// PARSE:      parse.mlir:13:3: error: type expected
// PARSE-NEXT:   %1 = mlc_tensor.add %0, %0 : tensor<4xf32>, tensor<4xf32> ->
// PARSE-NEXT:   ^^
// PARSE-NOT:  Traceback

// VERIFY:      verify.mlir:13:3: error: mlc_tensor.add: expected result type tensor<4xf32>, got tensor<5xf32>
// VERIFY-NEXT: verify.mlir:13:3: note: see current operation: %{{[0-9]+}} = "mlc_tensor.add"

// UNKNOWN: mlc-opt: error: 'cannonicalize' does not refer to a registered pass or pipeline; did you mean 'canonicalize'

// OPTION:      mlc-opt: error: option 'log' of pass 'approximate-math-with-bitcast' expects bool, got 'maybe'
// OPTION-NEXT:   builtin.module(func.func(approximate-math-with-bitcast{log=maybe}))
// OPTION-NEXT:                            ^

// SYNTAX: mlc-opt: error: expected ')'

// A failing pass nested on func.func is reported at the function.
// PASS:      mlc-opt-errors.mlir:11:1: error:
// PASS:      could not find a nested named sequence with name: nope

// MISSING: mlc-opt: error: could not open input file '{{.*}}does-not-exist.mlir': No such file or directory

