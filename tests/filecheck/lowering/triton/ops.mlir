// RUN: mlc-opt %S/../../dialects/mlc_kernel/ops.mlir -t triton | filecheck %s

// The kernels of the mlc_kernel dialect's ops.mlir as Triton: the vector add, the masked
// matmul with its K loop, the block ops, and the host function over an arena view.

// CHECK:      import torch
// CHECK-NEXT: import triton
// CHECK-NEXT: import triton.language as tl
// CHECK:      _WEIGHTS_FILE = Path(__file__).with_suffix(".npz")
// CHECK:      def _weight(key, dtype, shape, device):
// CHECK:      @triton.jit
// CHECK-NEXT: def _max_nan(a, b):

// CHECK:      # @add_kernel: grid (4,), BLOCK=256, num_warps=4, num_stages=2
// CHECK-NEXT: # sources:
// CHECK-NEXT: #   mlc_tensor.add model.py:12:3
// CHECK-NEXT: @triton.jit
// CHECK-NEXT: def add_kernel(x, y, out, n, BLOCK: tl.constexpr):
// CHECK-NEXT:     pid = tl.program_id(0)
// CHECK-NEXT:     start = pid * 256
// CHECK-NEXT:     range_ = tl.arange(0, BLOCK)
// CHECK:          mask = offs < ns
// CHECK-NEXT:     xs = tl.broadcast_to(x, (BLOCK,))
// CHECK-NEXT:     xp = xs + offs
// CHECK-NEXT:     a = tl.load(xp, mask=mask)
// CHECK:          sum_ = a + b
// CHECK:          tl.store(op, sum_, mask=mask)

// Sizes naming one constexpr are spelled by name; 32 is both BLOCK_N and BLOCK_K, so it stays.
// CHECK:      # @matmul_kernel: grid (2, 3), BLOCK_M=64, BLOCK_N=32, BLOCK_K=32, num_warps=4, num_stages=3
// CHECK:      def matmul_kernel(a, b, c, M, N, K, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
// CHECK:          rm = tl.arange(0, BLOCK_M)
// CHECK-NEXT:     rn = tl.arange(0, 32)
// CHECK:          om = offs_m[:, None]
// CHECK-NEXT:     on = offs_n[None, :]
// CHECK:          zero = tl.full((BLOCK_M, 32), 0.0, tl.float32)
// CHECK-NEXT:     sum_ = zero
// CHECK-NEXT:     for k0 in range(0, K, 32):
// CHECK-NEXT:         k_rest = K - k0
// CHECK:              a_tile = tl.load(a_cur, mask=a_mask, other=zero_a)
// CHECK:              b_tile = tl.load(b_cur, mask=b_mask, other=zero_b)
// CHECK-NEXT:         next_ = tl.dot(a_tile, b_tile, sum_, input_precision="ieee")
// CHECK-NEXT:         sum_ = next_
// CHECK-NEXT:     acc = sum_
// CHECK:          tl.store(c_ptrs, acc, mask=c_mask)

// CHECK:      # @row_stats_kernel: grid (8,), BLOCK=64, num_warps=2, num_stages=1
// CHECK-NEXT: # sources: none recorded
// CHECK:      def row_stats_kernel(x, max_, idx, total, BLOCK: tl.constexpr):
// CHECK:          rows = tl.num_programs(0)
// CHECK:          v = tl.load(ptrs, cache_modifier=".cg", eviction_policy="evict_first")
// CHECK:          pos = v > zero
// CHECK-NEXT:     relu = tl.where(pos, v, zero)
// CHECK-NEXT:     m = tl.reshape(relu, (8, 8))
// CHECK-NEXT:     t = tl.trans(m)
// CHECK-NEXT:     colmax = tl.reduce(t, 1, _max_nan)
// CHECK-NEXT:     best = tl.reduce(colmax, 0, _max_nan)
// CHECK-NEXT:     arg = tl.argmax(v, axis=0)
// CHECK-NEXT:     sum_ = tl.sum(relu, axis=0)
// CHECK-NEXT:     rowsf = tl.cast(rows, tl.float32)
// CHECK-NEXT:     mean = sum_ / rowsf
// CHECK-NEXT:     maxp = max_ + row
// CHECK-NEXT:     tl.store(maxp, best)
// CHECK:          tl.store(idxp, arg, cache_modifier=".wb")
// CHECK-NEXT:     old = tl.atomic_add(total, mean)

// CHECK:      def shared_pointer(p):
// CHECK-NEXT:     pass

// CHECK-LABEL: def forward(x, y, A, B, *, device):
// CHECK:           arena = torch.zeros((4096,), dtype=torch.int8, device=device)
// CHECK-NEXT:      tmp = arena[0:4000].view(torch.float32).view((1000,))
// CHECK-NEXT:      out = torch.zeros((1000,), dtype=torch.float32, device=device)
// CHECK-NEXT:      add_kernel[(4,)](x, y, tmp, 1000, BLOCK=256, num_warps=4, num_stages=2)
// CHECK-NEXT:      add_kernel[(4,)](tmp, y, out, 1000, BLOCK=256, num_warps=4, num_stages=2)
// CHECK-NEXT:      C = torch.zeros((100, 96), dtype=torch.float32, device=device)
// CHECK-NEXT:      matmul_kernel[(2, 3)](A, B, C, 100, 96, 80, BLOCK_M=64, BLOCK_N=32, BLOCK_K=32, num_warps=4, num_stages=3)
// CHECK-NEXT:      return (out, C)
// Weights are read from the .npz beside the module, keyed by resource handle or IR name.
// CHECK-LABEL: def with_weights(x, *, device):
// CHECK:           bias = _weight('fc.bias', torch.float32, (4,), device)
// CHECK-NEXT:      scale = _weight('scale', torch.float32, (4,), device)
// CHECK-NEXT:      flags = _weight('flags', torch.bool, (2,), device)
// CHECK:           add_kernel[(4,)](x, bias, tmp, 4, BLOCK=256, num_warps=4, num_stages=2)
// CHECK:           return (out, flags.clone())
// CHECK:       run = forward  # the entry point: @forward
