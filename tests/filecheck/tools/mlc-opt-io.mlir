// RUN: mlc-opt - < %s | filecheck %s
// RUN: mlc-opt < %s | filecheck %s
// RUN: mlc-opt %s -o %t && filecheck %s < %t
// RUN: mlc-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC
// RUN: mlc-opt %s --print-debuginfo | filecheck %s --check-prefix=DEBUGINFO
// RUN: mlc-opt - --print-debuginfo < %s | filecheck %s --check-prefix=STDIN
// RUN: mlc-opt %s -t mlir | filecheck %s

// CHECK:      func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NEXT:   %0 = mlc_tensor.exp %x : tensor<4xf32> -> tensor<4xf32>

// GENERIC: %0 = "mlc_tensor.exp"(%x) : (tensor<4xf32>) -> tensor<4xf32>

// Parsed ops carry the file:line:col where they were written; an explicit loc(...) wins.
// DEBUGINFO: %0 = mlc_tensor.exp %x : tensor<4xf32> -> tensor<4xf32> loc("{{.*}}mlc-opt-io.mlir":[[# @LINE + 5]]:3)
// DEBUGINFO: func.return %0 : tensor<4xf32> loc("given.py":7:1)
// STDIN:     mlc_tensor.exp {{.*}} loc("<stdin>":[[# @LINE + 3]]:3)

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = mlc_tensor.exp %x : tensor<4xf32> -> tensor<4xf32>
  func.return %0 : tensor<4xf32> loc("given.py":7:1)
}
