// RUN: env TRITON_INTERPRET=1 MLC_CACHE_DIR=%t mlc-opt %s -p 'fuse-epilogue,autotune{device=interpreter candidates=2}' --verify-each-numerics --remarks -o %t.mlir 2>&1 | filecheck %s --check-prefix=REMARK
// RUN: mlc-opt %t.mlir -p convert-mlc-tensor-to-mlc-kernel -o %t.first.mlir
// RUN: mlc-opt %t.mlir -p convert-mlc-tensor-to-mlc-kernel -o %t.second.mlir
// RUN: diff %t.first.mlir %t.second.mlir
// RUN: cat %t.mlir %t.first.mlir | filecheck %s
// RUN: not env CUDA_VISIBLE_DEVICES= TRITON_INTERPRET=0 mlc-opt %s -p autotune 2>&1 | filecheck %s --check-prefix=NOGPU
// RUN: not env TRITON_INTERPRET=0 mlc-opt %s -p 'autotune{device=interpreter}' 2>&1 | filecheck %s --check-prefix=NOINTERP

// Triton's CPU interpreter times the candidates (meaningless timings), so only the shape of
// the record is checked; tests/unit/passes/test_autotune.py picks known winners with a fake
// clock. Two candidates per group: the heuristic's tiling and its first neighbour. The linear
// has 5 rows, so it is a GEMV (tiles.py: BLOCK_M = 8, no GROUP_M).

// NOGPU: error: autotune: no CUDA GPU here (torch.cuda.is_available() is False); run it on a machine with an NVIDIA GPU, or give device=interpreter to exercise the tuner on the CPU (timings meaningless)
// NOINTERP: error: autotune: device=interpreter needs Triton imported in interpreter mode; set TRITON_INTERPRET=1 in the environment when the process starts (TRITON_INTERPRET=1 mlc-opt ...)

// REMARK: remark: autotune: linear_0: BLOCK_M={{[0-9]+}} {{.*}} wins at {{.*}} ms, {{[0-9.]+}}x over the heuristic BLOCK_M=8 BLOCK_N=16 BLOCK_K=16 num_warps=4 num_stages=1 ({{.*}} ms); 2 candidates, 0 rejected, on triton-interpreter
// REMARK: remark: autotune: softmax_0: BLOCK=16 num_warps={{[12]}} num_stages=1 wins at {{.*}} ms, {{[0-9.]+}}x over the heuristic BLOCK=16 num_warps=1 num_stages=1 ({{.*}} ms); 2 candidates, 0 rejected, on triton-interpreter

// The winner is recorded on the group (every setting) with how it was found.
// CHECK-LABEL: func.func @mlp(
// CHECK:      mlc_tensor.fused (%{{.*}}) {mlc.tile = {BLOCK_M = [[BM:[0-9]+]] : i64, BLOCK_N = [[BN:[0-9]+]] : i64, BLOCK_K = [[BK:[0-9]+]] : i64, num_warps = [[MW:[0-9]+]] : i64, num_stages = 1 : i64}, mlc.autotuned = {candidates = 2 : i64, rejected = 0 : i64, best_ms = {{.*}} : f64, heuristic_ms = {{.*}} : f64, device = "triton-interpreter"}, kind = "epilogue"}
// CHECK:      mlc_tensor.softmax %{{.*}} {mlc.tile = {BLOCK = 16 : i64, num_warps = [[SW:[12]]] : i64, num_stages = 1 : i64}, mlc.autotuned = {candidates = 2 : i64, rejected = 0 : i64, best_ms = {{.*}}, device = "triton-interpreter"}, axis = 1 : i64}

// Lowering the dumped IR (twice, identically: the diff above) gives the recorded tilings.
// CHECK: mlc_kernel.func @linear_0({{.*}}constexprs = {BLOCK_M = [[BM]] : i64, BLOCK_N = [[BN]] : i64, BLOCK_K = [[BK]] : i64}, num_warps = [[MW]] : i64, num_stages = 1 : i64
// CHECK: mlc_kernel.func @softmax_0({{.*}}constexprs = {BLOCK = 16 : i64}, num_warps = [[SW]] : i64, num_stages = 1 : i64
func.func @mlp(%x: tensor<5x12xf32>, %w: tensor<10x12xf32>) -> tensor<5x10xf32> {
  %b = mlc_tensor.constant dense<0.5> : tensor<10xf32>
  %h = mlc_tensor.linear %x, %w, %b : tensor<5x12xf32>, tensor<10x12xf32>, tensor<10xf32> -> tensor<5x10xf32>
  %r = mlc_tensor.relu %h : tensor<5x10xf32> -> tensor<5x10xf32>
  %p = mlc_tensor.softmax %r {axis = 1 : i64} : tensor<5x10xf32> -> tensor<5x10xf32>
  func.return %p : tensor<5x10xf32>
}
