// RUN: mlc-opt %S/../movement.mlir -p 'convert-mlc-tensor-to-mlc-kernel' -t triton | filecheck %s

// The data-movement kernels of lowering/movement.mlir as Triton: the gathered row is a
// loaded, clamped index; concat and pad read under masks and pick with tl.where; cumsum is a
// Python range loop carrying the running sum. tests/unit/lowering/test_movement_kernels.py
// runs such kernels against the interpreter.

// CHECK:      # @gather_0: grid (1,), BLOCK=128, num_warps=1, num_stages=1
// CHECK-NEXT: # sources:
// CHECK-NEXT: #   mlc_tensor.gather {{.*}}movement.mlir:{{[0-9]+}}:3
// CHECK-NEXT: @triton.jit
// CHECK-NEXT: def gather_0(table, i, out, BLOCK: tl.constexpr):
// CHECK:          [[MASK:v[0-9]+]] = v{{[0-9]+}} < v{{[0-9]+}}
// CHECK:          [[IDS:v[0-9]+]] = tl.load(v{{[0-9]+}}, mask=[[MASK]])
// CHECK-NEXT:     [[ZERO:v[0-9]+]] = tl.full((BLOCK,), 0, tl.int64)
// CHECK-NEXT:     [[LO:v[0-9]+]] = tl.maximum([[IDS]], [[ZERO]])
// CHECK-NEXT:     [[LAST:v[0-9]+]] = tl.full((BLOCK,), 10, tl.int64)
// CHECK-NEXT:     [[HI:v[0-9]+]] = tl.minimum([[LO]], [[LAST]])
// CHECK-NEXT:     [[ROW:v[0-9]+]] = tl.cast([[HI]], tl.int32)
// CHECK-NEXT:     v{{[0-9]+}} = [[ROW]] * v{{[0-9]+}}
// CHECK:          [[X:v[0-9]+]] = tl.load(v{{[0-9]+}}, mask=[[MASK]])
// CHECK:          tl.store(v{{[0-9]+}}, [[X]], mask=[[MASK]])

// CHECK:      def concat_0(a, b, out, BLOCK: tl.constexpr):
// CHECK:          [[MASK:v[0-9]+]] = v{{[0-9]+}} < v{{[0-9]+}}
// CHECK:          [[FIRST:v[0-9]+]] = [[COL:v[0-9]+]] < v{{[0-9]+}}
// CHECK:          [[M0:v[0-9]+]] = [[MASK]] & [[FIRST]]
// CHECK-NEXT:     [[A:v[0-9]+]] = tl.load(v{{[0-9]+}}, mask=[[M0]])
// CHECK-NEXT:     [[SECOND:v[0-9]+]] = [[COL]] >= v{{[0-9]+}}
// CHECK:          [[M1:v[0-9]+]] = [[MASK]] & [[SECOND]]
// CHECK-NEXT:     [[B:v[0-9]+]] = tl.load(v{{[0-9]+}}, mask=[[M1]])
// CHECK-NEXT:     [[R:v[0-9]+]] = tl.where([[SECOND]], [[B]], [[A]])
// CHECK:          tl.store(v{{[0-9]+}}, [[R]], mask=[[MASK]])

// CHECK:      def pad_0(x, out, BLOCK: tl.constexpr):
// CHECK:          [[MASK:v[0-9]+]] = v{{[0-9]+}} < v{{[0-9]+}}
// CHECK:          [[X:v[0-9]+]] = tl.load(v{{[0-9]+}}, mask=v{{[0-9]+}})
// CHECK-NEXT:     [[FILL:v[0-9]+]] = tl.full((BLOCK,), -1.5, tl.float32)
// CHECK-NEXT:     [[Y:v[0-9]+]] = tl.where(v{{[0-9]+}}, [[X]], [[FILL]])
// CHECK:          tl.store(v{{[0-9]+}}, [[Y]], mask=[[MASK]])

// CHECK:      def cumsum_0(m, out, BLOCK: tl.constexpr):
// CHECK:          [[MASK:v[0-9]+]] = v{{[0-9]+}} < v{{[0-9]+}}
// CHECK:          [[I:v[0-9]+]] = v{{[0-9]+}} % v{{[0-9]+}}
// CHECK-NEXT:     [[ZERO:v[0-9]+]] = tl.full((BLOCK,), 0, tl.int64)
// CHECK-NEXT:     carried = [[ZERO]]
// CHECK-NEXT:     for i in range(0, 9, 1):
// CHECK-NEXT:         [[J:v[0-9]+]] = tl.full((BLOCK,), i, tl.int32)
// CHECK-NEXT:         [[IN:v[0-9]+]] = [[J]] <= [[I]]
// CHECK:              [[LM:v[0-9]+]] = [[MASK]] & [[IN]]
// CHECK-NEXT:         [[X:v[0-9]+]] = tl.load(v{{[0-9]+}}, mask=[[LM]])
// CHECK-NEXT:         [[Z:v[0-9]+]] = tl.full((BLOCK,), 0, tl.int64)
// CHECK-NEXT:         [[XS:v[0-9]+]] = tl.where([[IN]], [[X]], [[Z]])
// CHECK-NEXT:         [[NEXT:v[0-9]+]] = carried + [[XS]]
// CHECK-NEXT:         carried = [[NEXT]]
// CHECK-NEXT:     [[SUM:v[0-9]+]] = carried
// CHECK:          tl.store(v{{[0-9]+}}, [[SUM]], mask=[[MASK]])
