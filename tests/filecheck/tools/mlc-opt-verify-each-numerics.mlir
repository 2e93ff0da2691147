// RUN: mlc-opt %s --verify-each-numerics -p 'canonicalize,func.func(cse),dce' | filecheck %s --check-prefix=CLEAN
// RUN: rm -rf %t.dumps
// RUN: not mlc-opt %s --verify-each-numerics=1e-3,1e-6 --numerics-seed 7 --numerics-dump-dir %t.dumps --load-pass-plugin %inputs/numerics_test_passes.py -p 'cse,test-mul-to-add,dce' 2>&1 | filecheck %s --check-prefix=DRIFT
// RUN: cat %t.dumps/before-test-mul-to-add-*.mlir | filecheck %s --check-prefix=BEFORE
// RUN: cat %t.dumps/after-test-mul-to-add-*.mlir | filecheck %s --check-prefix=AFTER
// RUN: python -c "import numpy as np; np.savez('%t.npz', arg0=np.zeros(4, np.float32), arg1=np.zeros(4, np.float32))"
// RUN: mlc-opt %s --verify-each-numerics --numerics-inputs %t.npz --load-pass-plugin %inputs/numerics_test_passes.py -p test-mul-to-add | filecheck %s --check-prefix=ZEROS
// RUN: not mlc-opt %s --verify-each-numerics=tight -p cse 2>&1 | filecheck %s --check-prefix=TOLERANCE
// RUN: not mlc-opt %s --numerics-seed 3 -p cse 2>&1 | filecheck %s --check-prefix=ALONE

func.func @main(%x: tensor<4xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  %0 = mlc_tensor.neg %x : tensor<4xf32> -> tensor<4xf32>
  %1 = mlc_tensor.mul %0, %y : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %2 = mlc_tensor.exp %1 : tensor<4xf32> -> tensor<4xf32>
  func.return %2 : tensor<4xf32>
}

func.func @ints(%a: tensor<3xi32>) -> tensor<3xi32> {
  %0 = mlc_tensor.add %a, %a : tensor<3xi32>, tensor<3xi32> -> tensor<3xi32>
  %1 = mlc_tensor.add %a, %a : tensor<3xi32>, tensor<3xi32> -> tensor<3xi32>
  %2 = mlc_tensor.mul %0, %1 : tensor<3xi32>, tensor<3xi32> -> tensor<3xi32>
  func.return %2 : tensor<3xi32>
}

// A pipeline that keeps the numbers prints its result as usual.
// CLEAN-LABEL: func.func @main
// CLEAN-LABEL: func.func @ints
// CLEAN:         %[[SUM:.*]] = mlc_tensor.add %a, %a
// CLEAN-NEXT:    mlc_tensor.mul %[[SUM]], %[[SUM]]

// A pass that breaks them is named, with the first op whose value changed (at its source
// location), the errors, and the IR before and after it; nothing is printed on stdout.
// DRIFT:      mlc-opt-verify-each-numerics.mlir:13:3: error: numerics drift after pass 'test-mul-to-add': result 0 of @main differs (max abs error {{[0-9.e+-]+}}, max rel error {{[0-9.e+-]+}}; rtol 0.001, atol 1e-06)
// DRIFT-NEXT:   first differing value: mlc_tensor.mul at {{.*}}mlc-opt-verify-each-numerics.mlir:13:3 (max abs error {{.*}}; after the pass: mlc_tensor.add)
// DRIFT-NEXT:   IR before the pass: {{.*}}.dumps/before-test-mul-to-add-{{.*}}.mlir
// DRIFT-NEXT:   IR after the pass: {{.*}}.dumps/after-test-mul-to-add-{{.*}}.mlir
// DRIFT-NOT:  func.func
// DRIFT-NOT:  Traceback

// BEFORE: mlc_tensor.mul %{{.*}}, %y
// AFTER:  mlc_tensor.add %{{.*}}, %y

// With inputs from an .npz (all zeros, where -x * y == -x + y), only @main runs, on them.
// ZEROS-LABEL: func.func @main
// ZEROS:         mlc_tensor.add

// TOLERANCE: mlc-opt: error: the numerics tolerance is RTOL[,ATOL] (non-negative numbers), got 'tight'
// ALONE:     mlc-opt: error: --numerics-seed needs --verify-each-numerics
