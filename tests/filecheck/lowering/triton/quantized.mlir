// RUN: mlc-opt %S/../quantized.mlir -p convert-mlc-tensor-to-mlc-kernel -t triton | filecheck %s

// The mlc_quant kernels of ../quantized.mlir as Triton: the int8 dot accumulating in int32,
// the in-kernel int4 unpack and the 2:4 expansion in registers feeding GEMVs (a broadcast
// product summed along K, no tl.dot), and a fused W8A8 layer. Numerics under
// TRITON_INTERPRET=1: tests/unit/lowering/test_quantized_kernels.py.

// CHECK:      def quantize_0(x, q, BLOCK: tl.constexpr):
// CHECK:          tl.where(
// CHECK:          tl.maximum({{.*}}, propagate_nan=tl.PropagateNan.ALL)
// CHECK:          tl.store({{.*}}, mask={{.*}})

// CHECK:      def matmul_0(q, arg1, arg2, s, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr, GROUP_M: tl.constexpr):
// CHECK:          for i in range(0, 24, 32):
// CHECK:              tl.load({{.*}}, mask={{.*}}, other={{.*}})
// CHECK:              {{v[0-9]+}} = tl.dot({{.*}}, carried, out_dtype=tl.int32)
// CHECK-NOT:      for
// CHECK:      def storage_cast_0(

// CHECK:      def weight_only_matmul_0(x, arg1, arg2, y, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
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
// CHECK:              [[SCALE:v[0-9]+]] = tl.load({{.*}})
// CHECK-NEXT:         [[W:v[0-9]+]] = {{v[0-9]+}} * [[SCALE]]
// CHECK-NEXT:         [[A1:v[0-9]+]] = {{v[0-9]+}}[:, :, None]
// CHECK-NEXT:         [[A3:v[0-9]+]] = tl.broadcast_to([[A1]], (BLOCK_M, 32, 32))
// CHECK-NEXT:         [[W1:v[0-9]+]] = [[W]][None, :, :]
// CHECK-NEXT:         [[W3:v[0-9]+]] = tl.broadcast_to([[W1]], (BLOCK_M, 32, 32))
// CHECK-NEXT:         [[P:v[0-9]+]] = [[A3]] * [[W3]]
// CHECK-NEXT:         [[S:v[0-9]+]] = tl.sum([[P]], axis=1)
// CHECK-NEXT:         [[NEXT:v[0-9]+]] = carried + [[S]]
// CHECK-NEXT:         carried = [[NEXT]]
// CHECK-NOT:          tl.dot

// CHECK:      def sparse_matmul_0(x, arg1, arg2, y, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
// CHECK:              [[META:v[0-9]+]] = tl.cast({{v[0-9]+}}, tl.int32)
// CHECK:              {{v[0-9]+}} = [[META]] >> {{v[0-9]+}}
// CHECK:              {{v[0-9]+}} = [[META]] >> {{v[0-9]+}}
// CHECK:              [[V0:v[0-9]+]] = tl.cast({{v[0-9]+}}, tl.float32)
// CHECK:              [[V1:v[0-9]+]] = tl.cast({{v[0-9]+}}, tl.float32)
// CHECK:              [[REST:v[0-9]+]] = tl.where({{v[0-9]+}}, [[V1]], {{v[0-9]+}})
// CHECK:              [[DENSE:v[0-9]+]] = tl.where({{v[0-9]+}}, [[V0]], [[REST]])
// CHECK-NEXT:         [[B:v[0-9]+]] = tl.cast([[DENSE]], tl.float16)
// CHECK:              [[B32:v[0-9]+]] = tl.cast([[B]], tl.float32)
// CHECK-NEXT:         [[B1:v[0-9]+]] = [[B32]][None, :, :]
// CHECK:              tl.sum({{v[0-9]+}}, axis=1)
// CHECK-NOT:          tl.dot

// The fused W8A8 layer: the activation quantize in the K loop, its padding lanes set to 0
// before the int8 dot; dequantize, bias and relu before the one store.
// CHECK:      def matmul_1(x, b, arg2, arg3, arg4, y, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr, GROUP_M: tl.constexpr):
// CHECK:          for i in range(0, 24, 32):
// CHECK:              [[X:v[0-9]+]] = tl.load({{v[0-9]+}}, mask=[[AMASK:v[0-9]+]])
// CHECK:              [[Q:v[0-9]+]] = tl.cast({{v[0-9]+}}, tl.int8)
// CHECK-NEXT:         [[ZERO:v[0-9]+]] = tl.full((BLOCK_M, 32), 0, tl.int8)
// CHECK-NEXT:         [[A:v[0-9]+]] = tl.where([[AMASK]], [[Q]], [[ZERO]])
// CHECK:              tl.dot([[A]], {{v[0-9]+}}, carried, out_dtype=tl.int32)
// CHECK:          tl.maximum(
// CHECK:          tl.store(

// Host: weights, scales and 2:4 positions are read-only buffers passed like any weight.
// CHECK:      def sparse(x, *, device):
// CHECK:          [[VALUES:v[0-9]+]] = _weight('{{.*}}', torch.float16, (20, 12), device)
// CHECK-NEXT:     [[POSITIONS:v[0-9]+]] = _weight('{{.*}}', torch.int8, (20, 3), device)
// CHECK:          sparse_matmul_0[(1,)](x, [[VALUES]], [[POSITIONS]], y, BLOCK_M=1, BLOCK_N=32, BLOCK_K=32, num_warps=4, num_stages=1)
// CHECK:      def w8a8_layer(x, *, device):
// CHECK:          matmul_1[(1,)](x, b, {{.*}}, y, BLOCK_M=16, BLOCK_N=32, BLOCK_K=32, GROUP_M=8, num_warps=4, num_stages=1)
// CHECK-NEXT:     return
