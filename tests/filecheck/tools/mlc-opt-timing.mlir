// RUN: mlc-opt %s -p 'cse,func.func(dce)' --mlir-timing 2>&1 >/dev/null | filecheck %s

// CHECK:      ... Execution time report ...
// CHECK:      Total Execution Time: {{[0-9.]+}} seconds
// CHECK:      ----Wall Time----  ----Name----
// CHECK-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)  Parser
// CHECK-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)  Verifier
// CHECK-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)  cse
// CHECK-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)  'func.func' Pipeline
// CHECK-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)    dce
// CHECK-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)    Verifier
// CHECK-NEXT: {{[0-9.]+}} ({{ *[0-9.]+}}%)  Output
// CHECK-NEXT: {{[0-9.]+}} (100.0%)  Total

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %1 = mlc_tensor.neg %x : tensor<4xf32> -> tensor<4xf32>
  func.return %1 : tensor<4xf32>
}
