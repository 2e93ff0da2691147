// RUN: mlc-opt %S/../quantized.mlir -p convert-mlc-tensor-to-mlc-kernel -t triton | filecheck %s

// The mlc_quant kernels of ../quantized.mlir as Triton: the int8 dot accumulating in int32,
// the in-kernel int4 unpack, and the 2:4 expansion in registers. Numerics under
// TRITON_INTERPRET=1: tests/unit/lowering/test_quantized_kernels.py.

// CHECK:      def quantize_0(arg0, arg1, BLOCK: tl.constexpr):
// CHECK:          tl.where(
// CHECK:          tl.maximum({{.*}}, propagate_nan=tl.PropagateNan.ALL)
// CHECK:          tl.store({{.*}}, mask={{.*}})

// CHECK:      def matmul_0(arg0, arg1, arg2, arg3, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr, GROUP_M: tl.constexpr):
// CHECK:          for i in range(0, 24, 32):
// CHECK:              tl.load({{.*}}, mask={{.*}}, other={{.*}})
// CHECK:              {{v[0-9]+}} = tl.dot({{.*}}, carried, out_dtype=tl.int32)
// CHECK-NOT:      for
// CHECK:      def storage_cast_0(

// CHECK:      def weight_only_matmul_0(arg0, arg1, arg2, arg3, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr, GROUP_M: tl.constexpr):
// CHECK:          for i in range(0, 24, 32):
// CHECK:              [[ZERO:v[0-9]+]] = tl.full((32, 32), 0, tl.int8)
// CHECK-NEXT:         [[BYTE:v[0-9]+]] = tl.load({{.*}}, mask={{.*}}, other=[[ZERO]])
// CHECK:              [[WIDE:v[0-9]+]] = tl.cast([[BYTE]], tl.int32)
// CHECK:              [[SH:v[0-9]+]] = [[WIDE]] >> {{v[0-9]+}}
// CHECK:              [[FIFTEEN:v[0-9]+]] = tl.full((32, 32), 15, tl.int32)
// CHECK-NEXT:         [[NIB:v[0-9]+]] = [[SH]] & [[FIFTEEN]]
// CHECK-NEXT:         [[EIGHT:v[0-9]+]] = tl.full((32, 32), 8, tl.int32)
// CHECK-NEXT:         [[X:v[0-9]+]] = [[NIB]] ^ [[EIGHT]]
// CHECK-NEXT:         {{v[0-9]+}} = [[X]] - [[EIGHT]]
// CHECK:              tl.dot({{.*}}, carried, input_precision="ieee")

// CHECK:      def sparse_matmul_0(arg0, arg1, arg2, arg3, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr, GROUP_M: tl.constexpr):
// CHECK:              [[META:v[0-9]+]] = tl.cast({{v[0-9]+}}, tl.int32)
// CHECK:              {{v[0-9]+}} = [[META]] >> {{v[0-9]+}}
// CHECK:              {{v[0-9]+}} = [[META]] >> {{v[0-9]+}}
// CHECK:              [[V0:v[0-9]+]] = tl.cast({{v[0-9]+}}, tl.float32)
// CHECK:              [[V1:v[0-9]+]] = tl.cast({{v[0-9]+}}, tl.float32)
// CHECK:              [[REST:v[0-9]+]] = tl.where({{v[0-9]+}}, [[V1]], {{v[0-9]+}})
// CHECK:              [[DENSE:v[0-9]+]] = tl.where({{v[0-9]+}}, [[V0]], [[REST]])
// CHECK-NEXT:         [[B:v[0-9]+]] = tl.cast([[DENSE]], tl.float16)
// CHECK-NEXT:         tl.dot({{v[0-9]+}}, [[B]], carried, input_precision="ieee")

// Host: weights, scales and 2:4 positions are read-only buffers passed like any weight.
// CHECK:      def sparse(x, *, device):
// CHECK:          [[VALUES:v[0-9]+]] = _weight('{{.*}}', torch.float16, (20, 12), device)
// CHECK-NEXT:     [[POSITIONS:v[0-9]+]] = _weight('{{.*}}', torch.int8, (20, 3), device)
// CHECK:          sparse_matmul_0[(1,)](x, [[VALUES]], [[POSITIONS]], y, BLOCK_M=16
