// RUN: mlc-opt %s -p 'fuse-attention,convert-mlc-tensor-to-mlc-kernel' -t triton | filecheck %s
// A padding-masked attention group (torch SDPA's spelling, with its masked-row fix) emitted as
// one Triton flash-attention kernel. Numerics under TRITON_INTERPRET=1 are checked in
// tests/unit/lowering/test_attention_kernel.py.

// CHECK:      # @attention_0: grid (1, 2), BLOCK_M=16, BLOCK_N=32, BLOCK_D=16, num_warps=4, num_stages=1
// CHECK-NEXT: # sources:
// CHECK-NEXT: #   mlc_tensor.batch_matmul {{.*}}attention.mlir:{{[0-9]+}}:3
// CHECK:      #   mlc_tensor.softmax {{.*}}attention.mlir:{{[0-9]+}}:3
// CHECK:      @triton.jit
// CHECK-NEXT: def attention_0(q, k, keep, v, o, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_D: tl.constexpr):
// The Q tile, once, masked to rows < 9 and d < 16:
// CHECK:          [[Q:v[0-9]+]] = tl.load({{v[0-9]+}}, mask={{v[0-9]+}}, other={{v[0-9]+}})
// CHECK:          carried, carried_1, carried_2 = {{v[0-9]+}}, {{v[0-9]+}}, {{v[0-9]+}}
// CHECK-NEXT:     for i in range(0, 20, 32):
// CHECK:              [[K:v[0-9]+]] = tl.load({{v[0-9]+}}, mask={{v[0-9]+}}, other={{v[0-9]+}})
// CHECK-NEXT:         [[S:v[0-9]+]] = tl.dot([[Q]], [[K]], {{v[0-9]+}}, input_precision="ieee")
// The keep mask [2, 1, 20] read at (batch, 0, j), masked like the scores; then the key tail.
// CHECK:              [[KEEP:v[0-9]+]] = tl.load({{v[0-9]+}}, mask={{v[0-9]+}})
// CHECK:              [[MASKED:v[0-9]+]] = tl.where([[KEEP]], [[S]], {{v[0-9]+}})
// CHECK:              [[X:v[0-9]+]] = tl.where({{v[0-9]+}}, [[MASKED]], {{v[0-9]+}})
// CHECK-NEXT:         [[ROWMAX:v[0-9]+]] = tl.reduce([[X]], 1, _max_nan)
// CHECK-NEXT:         [[M_NEW:v[0-9]+]] = tl.maximum(carried, [[ROWMAX]], propagate_nan=tl.PropagateNan.ALL)
// CHECK:              [[ALPHA:v[0-9]+]] = tl.exp({{v[0-9]+}})
// CHECK:              [[P:v[0-9]+]] = tl.exp({{v[0-9]+}})
// CHECK-NEXT:         [[L:v[0-9]+]] = carried_1 * [[ALPHA]]
// CHECK-NEXT:         [[ROWSUM:v[0-9]+]] = tl.sum([[P]], axis=1)
// CHECK-NEXT:         [[L_NEW:v[0-9]+]] = [[L]] + [[ROWSUM]]
// CHECK:              [[V:v[0-9]+]] = tl.load({{v[0-9]+}}, mask={{v[0-9]+}}, other={{v[0-9]+}})
// CHECK:              [[ACC:v[0-9]+]] = carried_2 * {{v[0-9]+}}
// CHECK-NEXT:         [[ACC_NEW:v[0-9]+]] = tl.dot([[P]], [[V]], [[ACC]], input_precision="ieee")
// CHECK-NEXT:         carried, carried_1, carried_2 = [[M_NEW]], [[L_NEW]], [[ACC_NEW]]
// o = acc / l, 0 where a row saw only -inf (the masked-row fix), stored masked.
// CHECK:          [[O:v[0-9]+]] = {{v[0-9]+}} / {{v[0-9]+}}
// CHECK:          [[UNSEEN:v[0-9]+]] = {{v[0-9]+}} == {{v[0-9]+}}
// CHECK:          [[FIXED:v[0-9]+]] = tl.where({{v[0-9]+}}, {{v[0-9]+}}, [[O]])
// CHECK:          tl.store({{v[0-9]+}}, [[FIXED]], mask={{v[0-9]+}})
// CHECK:          attention_0[(1, 2)](q, k, keep, v, o, BLOCK_M=16, BLOCK_N=32, BLOCK_D=16, num_warps=4, num_stages=1)
func.func @padding(%q: tensor<2x9x16xf32>, %k: tensor<2x16x20xf32>, %v: tensor<2x20x16xf32>, %keep: tensor<2x1x20xi1>) -> tensor<2x9x16xf32> {
  %zero = mlc_tensor.constant dense<0.0> : tensor<f32>
  %ninf = mlc_tensor.constant dense_resource<ninf> : tensor<f32>
  %false = mlc_tensor.constant dense<false> : tensor<i1>
  %s = mlc_tensor.batch_matmul %q, %k : tensor<2x9x16xf32>, tensor<2x16x20xf32> -> tensor<2x9x20xf32>
  %x = mlc_tensor.select %keep, %s, %ninf : tensor<2x1x20xi1>, tensor<2x9x20xf32>, tensor<f32> -> tensor<2x9x20xf32>
  %p = mlc_tensor.softmax %x {axis = 2 : i64} : tensor<2x9x20xf32> -> tensor<2x9x20xf32>
  %masked = mlc_tensor.eq %x, %ninf : tensor<2x9x20xf32>, tensor<f32> -> tensor<2x9x20xi1>
  %kept = mlc_tensor.eq %masked, %false : tensor<2x9x20xi1>, tensor<i1> -> tensor<2x9x20xi1>
  %any = mlc_tensor.reduce_max %kept {axes = array<i64: 2>, keepdim} : tensor<2x9x20xi1> -> tensor<2x9x1xi1>
  %all = mlc_tensor.eq %any, %false : tensor<2x9x1xi1>, tensor<i1> -> tensor<2x9x1xi1>
  %pf = mlc_tensor.select %all, %zero, %p : tensor<2x9x1xi1>, tensor<f32>, tensor<2x9x20xf32> -> tensor<2x9x20xf32>
  %o = mlc_tensor.batch_matmul %pf, %v : tensor<2x9x20xf32>, tensor<2x20x16xf32> -> tensor<2x9x16xf32>
  func.return %o : tensor<2x9x16xf32>
}

{-#
  dialect_resources: {
    builtin: {
      ninf: "0x04000000000080FF"
    }
  }
#-}
