// RUN: mlc-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(plan-memory)'

// expected-error @+1 {{plan-memory: @branches has 2 blocks; only single-block functions can be planned (structure control flow first)}}
func.func @branches(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = mlc_tensor.neg %x : tensor<4xf32> -> tensor<4xf32>
  cf.br ^bb1(%0 : tensor<4xf32>)
^bb1(%1: tensor<4xf32>):
  func.return %1 : tensor<4xf32>
}

// -----

func.func @index_elements(%x: tensor<4xindex>) -> tensor<4xindex> {
  // expected-error @+1 {{plan-memory: cannot size a buffer of element type index (tensor<4xindex>); only integer, float and quantized element types can be planned}}
  %0 = arith.addi %x, %x : tensor<4xindex>
  %1 = arith.addi %0, %0 : tensor<4xindex>
  func.return %1 : tensor<4xindex>
}
