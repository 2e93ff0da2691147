// RUN: mlc-opt %s --pass-pipeline='builtin.module(func.func(cse),canonicalize)' | filecheck %s
// RUN: mlc-opt %s --pass-pipeline='builtin.module(mlc-default)' | filecheck %s --check-prefix=DEFAULT
// RUN: mlc-opt %s -p 'cse,dce' | filecheck %s
// RUN: mlc-opt %s -p 'func.func(cse, dce)' --mlir-print-ir-after-all 2>&1 | filecheck %s --check-prefix=NESTED
// RUN: mlc-opt %s --pass-pipeline='builtin.module(approximate-math-with-bitcast{log=false exp=true},scf-parallel-loop-tiling{parallel-loop-tile-sizes=4,4})' | filecheck %s --check-prefix=OPTIONS
// RUN: mlc-opt %s --pass-pipeline='builtin.module()' | filecheck %s --check-prefix=EMPTY

// The duplicate negation is removed in each function; the nested pipeline runs per function.
// CHECK-LABEL: func.func @twice
// CHECK-NEXT:    %0 = mlc_tensor.neg %x
// CHECK-NEXT:    %1 = mlc_tensor.add %0, %0
// CHECK-NEXT:    func.return %1
// CHECK-LABEL: func.func @exp
// CHECK-NEXT:    %0 = math.exp %y
// CHECK-NEXT:    func.return %0
// A nested pass sees one function at a time, yet calls verify against the whole module.
// CHECK-LABEL: func.func @caller
// CHECK-NEXT:    %0 = func.call @exp(%y)

// mlc-default expands to its passes: the cleanups, then fusion of what is left.
// DEFAULT-LABEL: func.func @twice
// DEFAULT-NEXT:    %0 = mlc_tensor.fused (%1 = %x) {kind = "elementwise"}
// DEFAULT-NEXT:      %[[N:.*]] = mlc_tensor.neg %1
// DEFAULT-NEXT:      %[[A:.*]] = mlc_tensor.add %[[N]], %[[N]]
// DEFAULT-NEXT:      mlc_tensor.yield %[[A]]
// DEFAULT:       func.func @exp
// DEFAULT-NEXT:    %0 = math.exp %y

// NESTED:      // -----// IR Dump After cse ('func.func' operation: @twice) //----- //
// NESTED-NEXT: func.func @twice
// NESTED:      // -----// IR Dump After dce ('func.func' operation: @twice) //----- //
// NESTED:      // -----// IR Dump After cse ('func.func' operation: @exp) //----- //
// NESTED:      // -----// IR Dump After dce ('func.func' operation: @exp) //----- //
// NESTED:      // -----// IR Dump After dce ('func.func' operation: @caller) //----- //
// NESTED:      builtin.module {
// NESTED-NEXT:   func.func @twice

// approximate-math-with-bitcast{exp=true} replaced math.exp (its option reached the pass).
// OPTIONS-LABEL: func.func @exp
// OPTIONS-NOT:   math.exp
// OPTIONS:       arith.bitcast

// EMPTY:      %1 = mlc_tensor.neg %x
// EMPTY-NEXT: %2 = mlc_tensor.add

func.func @twice(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = mlc_tensor.neg %x : tensor<4xf32> -> tensor<4xf32>
  %1 = mlc_tensor.neg %x : tensor<4xf32> -> tensor<4xf32>
  %2 = mlc_tensor.add %0, %1 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  func.return %2 : tensor<4xf32>
}

func.func @exp(%y: f32) -> f32 {
  %0 = math.exp %y : f32
  func.return %0 : f32
}

func.func @caller(%y: f32) -> f32 {
  %0 = func.call @exp(%y) : (f32) -> f32
  func.return %0 : f32
}
