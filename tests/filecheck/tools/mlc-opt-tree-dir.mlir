// RUN: rm -rf %t && mlc-opt %s -p 'cse,func.func(dce)' --mlir-print-ir-tree-dir=%t > /dev/null
// RUN: ls %t | filecheck %s --check-prefix=FILES
// RUN: filecheck %s --check-prefix=INPUT < %t/000_input.mlir
// RUN: filecheck %s --check-prefix=CSE < %t/001_cse.mlir
// RUN: filecheck %s --check-prefix=DCE < %t/002_dce.mlir

// FILES:      000_input.mlir
// FILES-NEXT: 001_cse.mlir
// FILES-NEXT: 002_dce.mlir
// FILES-NOT:  mlir

// INPUT-COUNT-2: = mlc_tensor.neg %x

// CSE:     builtin.module
// CSE:     %0 = mlc_tensor.neg %x
// CSE-NOT: mlc_tensor.neg

// The nested pass dumps the function it ran on.
// DCE-NOT: builtin.module
// DCE:     func.func @f

func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %1 = mlc_tensor.neg %x : tensor<4xf32> -> tensor<4xf32>
  %2 = mlc_tensor.neg %x : tensor<4xf32> -> tensor<4xf32>
  %3 = mlc_tensor.add %1, %2 : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  func.return %3 : tensor<4xf32>
}
