// RUN: mlc-opt %S/../pool.mlir -p 'convert-mlc-tensor-to-mlc-kernel' -t triton | filecheck %s

// The pooling kernels of lowering/pool.mlir as Triton: guarded window loads (the lanes' mask
// and the cell's condition), -inf / 0 where the cell is outside, NaN-propagating maxima.
// tests/unit/lowering/test_movement_kernels.py runs such kernels against the interpreter.

// CHECK:      # @max_pool2d_0: grid (1,), BLOCK=32, num_warps=1, num_stages=1
// CHECK-NEXT: # sources:
// CHECK-NEXT: #   mlc_tensor.max_pool2d {{.*}}pool.mlir:{{[0-9]+}}:3
// CHECK-NEXT: @triton.jit
// CHECK-NEXT: def max_pool2d_0(x, out, BLOCK: tl.constexpr):
// CHECK:          [[MASK:v[0-9]+]] = [[OFFS:v[0-9]+]] < v{{[0-9]+}}
// CHECK:          [[ROW_OK:v[0-9]+]] = [[ROW:v[0-9]+]] >= [[ZERO:v[0-9]+]]
// CHECK:          [[COL_OK:v[0-9]+]] = [[COL:v[0-9]+]] >= [[ZERO]]
// CHECK:          [[IN:v[0-9]+]] = [[ROW_OK]] & [[COL_OK]]
// CHECK:          [[LM:v[0-9]+]] = [[MASK]] & [[IN]]
// CHECK-NEXT:     [[X:v[0-9]+]] = tl.load(v{{[0-9]+}}, mask=[[LM]])
// CHECK-NEXT:     [[NINF:v[0-9]+]] = tl.full((BLOCK,), -float("inf"), tl.float32)
// CHECK-NEXT:     [[V0:v[0-9]+]] = tl.where([[IN]], [[X]], [[NINF]])
// CHECK:          tl.load(v{{[0-9]+}}, mask=[[MASK]])
// CHECK-NEXT:     v{{[0-9]+}} = tl.maximum([[V0]], v{{[0-9]+}}, propagate_nan=tl.PropagateNan.ALL)
// CHECK-NEXT:     v{{[0-9]+}} = tl.maximum(v{{[0-9]+}}, v{{[0-9]+}}, propagate_nan=tl.PropagateNan.ALL)
// CHECK-NEXT:     [[MAX:v[0-9]+]] = tl.maximum(v{{[0-9]+}}, v{{[0-9]+}}, propagate_nan=tl.PropagateNan.ALL)
// CHECK:          tl.store(v{{[0-9]+}}, [[MAX]], mask=[[MASK]])

// CHECK:      def avg_pool2d_0(x, out, BLOCK: tl.constexpr):
// CHECK-NOT:      tl.where
// CHECK:          [[FOUR:v[0-9]+]] = tl.full((BLOCK,), 4.0, tl.float32)
// CHECK-NEXT:     [[MEAN:v[0-9]+]] = v{{[0-9]+}} / [[FOUR]]
// CHECK:          tl.store(v{{[0-9]+}}, [[MEAN]], mask=v{{[0-9]+}})

// CHECK:      def avg_pool2d_1(x, out, BLOCK: tl.constexpr):
// CHECK:          tl.where
// CHECK:          [[END:v[0-9]+]] = tl.minimum(v{{[0-9]+}}, v{{[0-9]+}})
// CHECK-NEXT:     [[ROWS:v[0-9]+]] = [[END]] - v{{[0-9]+}}
// CHECK:          [[N:v[0-9]+]] = [[ROWS]] * v{{[0-9]+}}
// CHECK-NEXT:     [[NF:v[0-9]+]] = tl.cast([[N]], tl.float32)
// CHECK-NEXT:     [[MEAN:v[0-9]+]] = v{{[0-9]+}} / [[NF]]
// CHECK:          tl.store(v{{[0-9]+}}, [[MEAN]], mask=v{{[0-9]+}})
