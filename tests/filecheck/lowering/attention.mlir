// RUN: mlc-opt %s -p 'fuse-attention,convert-mlc-tensor-to-mlc-kernel' | filecheck %s
// A causal attention group lowered to one flash-attention kernel (to_kernel/attention.py).
// Numerics (masks, odd lengths, head dims, fully masked rows; numpy kernel interpreter and
// Triton) are checked in tests/unit/lowering/test_attention_kernel.py.

// Grid: ceil(37 / 64) query blocks x 2 batch entries. The Q tile (rows < 37, head dim 24 of
// a 32-wide block) is loaded once; the key loop runs over 70 keys 64 at a time, carrying the
// running max (-inf), the running sum (0) and the f32 accumulator.
// CHECK-LABEL: mlc_kernel.func @attention_0(
// CHECK-SAME: grid = array<i64: 1, 2>, constexprs = {BLOCK_M = 64 : i64, BLOCK_N = 64 : i64, BLOCK_D = 32 : i64}, num_warps = 4 : i64, num_stages = 2 : i64
// CHECK:      %[[BATCH:.*]] = mlc_kernel.program_id 1 : i32
// CHECK:      %[[ROWS_OK:.*]] = mlc_kernel.cmpi slt, %{{.*}}, %{{.*}} : tensor<64x32xi32>
// CHECK:      %[[D_OK:.*]] = mlc_kernel.cmpi slt, %{{.*}}, %{{.*}} : tensor<64x32xi32>
// CHECK:      %[[Q_OK:.*]] = arith.andi %[[ROWS_OK]], %[[D_OK]] : tensor<64x32xi1>
// CHECK:      %[[Q:.*]] = mlc_kernel.load %{{.*}}, %[[Q_OK]], %{{.*}} : tensor<64x32x!mlc_kernel.ptr<f32>>
// CHECK:      %[[NO_SCORES:.*]] = arith.constant dense<0.000000e+00> : tensor<64x64xf32>
// CHECK:      %[[M0:.*]] = arith.constant dense<0xff800000> : tensor<64xf32>
// CHECK:      %[[TRIPS:.*]], %[[L:.*]], %[[ACC:.*]] = scf.for %[[K0:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[M_I:.*]] = %[[M0]], %[[L_I:.*]] = %{{.*}}, %[[ACC_I:.*]] = %{{.*}}) -> (tensor<64xf32>, tensor<64xf32>, tensor<64x32xf32>) : i32 {
// The K tile [BLOCK_D, BLOCK_N], masked to d < 24 and keys < 70, and the scores.
// CHECK:        %[[K_OK:.*]] = arith.andi %{{.*}}, %{{.*}} : tensor<32x64xi1>
// CHECK:        %[[K:.*]] = mlc_kernel.load %{{.*}}, %[[K_OK]], %{{.*}} : tensor<32x64x!mlc_kernel.ptr<f32>>
// CHECK:        %[[S:.*]] = mlc_kernel.dot %[[Q]], %[[K]], %[[NO_SCORES]] {input_precision = "ieee"} : tensor<64x32xf32> * tensor<32x64xf32> -> tensor<64x64xf32>
// The score epilogue at (batch, i, j): the causal compare of the iotas, the scale, the select;
// keys past 70 are -inf.
// CHECK:        %[[KEYS_OK:.*]] = mlc_kernel.cmpi slt, %{{.*}}, %{{.*}} : tensor<64x64xi32>
// CHECK:        %[[CAUSAL:.*]] = mlc_kernel.cmpi sge, %{{.*}}, %{{.*}} : tensor<64x64xi32>
// CHECK:        %[[SCALED:.*]] = arith.mulf %[[S]], %{{.*}} : tensor<64x64xf32>
// CHECK:        %[[MASKED:.*]] = mlc_kernel.select %[[CAUSAL]], %[[SCALED]], %{{.*}} : tensor<64x64xi1>, tensor<64x64xf32>
// CHECK:        %[[X:.*]] = mlc_kernel.select %[[KEYS_OK]], %[[MASKED]], %{{.*}} : tensor<64x64xi1>, tensor<64x64xf32>
// Online softmax: m' = max(m, rowmax x), shift 0 while m' = -inf, alpha = e^(m - shift).
// CHECK:        %[[ROWMAX:.*]] = mlc_kernel.reduce %[[X]] {axis = 1 : i64, kind = "max"} : tensor<64x64xf32> -> tensor<64xf32>
// CHECK:        %[[M_NEW:.*]] = arith.maximumf %[[M_I]], %[[ROWMAX]] : tensor<64xf32>
// CHECK:        %[[UNSEEN:.*]] = mlc_kernel.cmpf oeq, %[[M_NEW]], %{{.*}} : tensor<64xf32>
// CHECK:        %[[SHIFT:.*]] = mlc_kernel.select %[[UNSEEN]], %{{.*}}, %[[M_NEW]] : tensor<64xi1>, tensor<64xf32>
// CHECK:        %[[ALPHA_ARG:.*]] = arith.subf %[[M_I]], %[[SHIFT]] : tensor<64xf32>
// CHECK:        %[[ALPHA:.*]] = math.exp %[[ALPHA_ARG]] : tensor<64xf32>
// CHECK:        %[[P:.*]] = math.exp %{{.*}} : tensor<64x64xf32>
// CHECK:        %[[L_SCALED:.*]] = arith.mulf %[[L_I]], %[[ALPHA]] : tensor<64xf32>
// CHECK:        %[[ROWSUM:.*]] = mlc_kernel.reduce %[[P]] {axis = 1 : i64, kind = "sum"} : tensor<64x64xf32> -> tensor<64xf32>
// CHECK:        %[[L_NEW:.*]] = arith.addf %[[L_SCALED]], %[[ROWSUM]] : tensor<64xf32>
// The V tile [BLOCK_N, BLOCK_D], masked to keys < 70 and d < 24; acc = alpha acc + p V.
// CHECK:        %[[V_OK:.*]] = arith.andi %{{.*}}, %{{.*}} : tensor<64x32xi1>
// CHECK:        %[[V:.*]] = mlc_kernel.load %{{.*}}, %[[V_OK]], %{{.*}} : tensor<64x32x!mlc_kernel.ptr<f32>>
// CHECK:        %[[ACC_SCALED:.*]] = arith.mulf %[[ACC_I]], %{{.*}} : tensor<64x32xf32>
// CHECK:        %[[ACC_NEW:.*]] = mlc_kernel.dot %[[P]], %[[V]], %[[ACC_SCALED]] {input_precision = "ieee"} : tensor<64x64xf32> * tensor<64x32xf32> -> tensor<64x32xf32>
// CHECK:        scf.yield %[[M_NEW]], %[[L_NEW]], %[[ACC_NEW]] : tensor<64xf32>, tensor<64xf32>, tensor<64x32xf32>
// CHECK:      }
// o = acc / l, stored where rows < 37 and d < 24.
// CHECK:      %[[L_ROWS:.*]] = mlc_kernel.broadcast %{{.*}} : tensor<64x1xf32> -> tensor<64x32xf32>
// CHECK:      %[[O:.*]] = arith.divf %[[ACC]], %[[L_ROWS]] : tensor<64x32xf32>
// CHECK:      %[[O_OK:.*]] = arith.andi %[[ROWS_OK]], %{{.*}} : tensor<64x32xi1>
// CHECK:      mlc_kernel.store %{{.*}}, %[[O]], %[[O_OK]] : tensor<64x32x!mlc_kernel.ptr<f32>>
// CHECK-LABEL: func.func @causal(
// CHECK:      mlc_kernel.launch @attention_0(%q, %k, %v, %o)
func.func @causal(%q: tensor<2x37x24xf32>, %k: tensor<2x24x70xf32>, %v: tensor<2x70x24xf32>) -> tensor<2x37x24xf32> {
  %scale = mlc_tensor.constant dense<0.2> : tensor<f32>
  %ninf = mlc_tensor.constant dense<-1.0e9> : tensor<f32>
  %s = mlc_tensor.batch_matmul %q, %k : tensor<2x37x24xf32>, tensor<2x24x70xf32> -> tensor<2x37x70xf32>
  %x = mlc_tensor.mul %s, %scale : tensor<2x37x70xf32>, tensor<f32> -> tensor<2x37x70xf32>
  %r = mlc_tensor.iota {dimension = 0 : i64} : tensor<37x70xi32>
  %c = mlc_tensor.iota {dimension = 1 : i64} : tensor<37x70xi32>
  %m = mlc_tensor.ge %r, %c : tensor<37x70xi32>, tensor<37x70xi32> -> tensor<37x70xi1>
  %y = mlc_tensor.select %m, %x, %ninf : tensor<37x70xi1>, tensor<2x37x70xf32>, tensor<f32> -> tensor<2x37x70xf32>
  %p = mlc_tensor.softmax %y {axis = 2 : i64} : tensor<2x37x70xf32> -> tensor<2x37x70xf32>
  %o = mlc_tensor.batch_matmul %p, %v : tensor<2x37x70xf32>, tensor<2x70x24xf32> -> tensor<2x37x24xf32>
  func.return %o : tensor<2x37x24xf32>
}
