// RUN: mlc-opt %s -t triton | filecheck %s

// A row softmax in f16 (f32 math inside, provenance from two source ops), an elementwise
// bf16 kernel (narrow-float math through f32, NaN-propagating max, unsigned compare,
// scf.if, argmin; bf16 arithmetic runs in f32 and rounds once), and the host function
// launching them on fresh buffers.

// CHECK:      # @softmax_kernel: grid (3,), BLOCK=64, num_warps=2, num_stages=1
// CHECK-NEXT: # sources:
// CHECK-NEXT: #   mlc_tensor.softmax model.py:3:7
// CHECK-NEXT: #   mlc_tensor.convert model.py:4:1
// CHECK-NEXT: @triton.jit
// CHECK-NEXT: def softmax_kernel(x, y, n, BLOCK: tl.constexpr):
// CHECK-NEXT:     row = tl.program_id(0)
// CHECK-NEXT:     start = row * n
// CHECK-NEXT:     cols = tl.arange(0, BLOCK)
// CHECK-NEXT:     ns = tl.full((BLOCK,), n, tl.int32)
// CHECK-NEXT:     mask = cols < ns
// CHECK:          low = tl.full((BLOCK,), -60000.0, tl.float16)
// CHECK-NEXT:     v = tl.load(xp, mask=mask, other=low)
// CHECK-NEXT:     vf = tl.cast(v, tl.float32)
// CHECK-NEXT:     m = tl.reduce(vf, 0, _max_nan)
// CHECK:          e = tl.exp(d)
// CHECK-NEXT:     s = tl.sum(e, axis=0)
// CHECK:          p = e / ss
// CHECK-NEXT:     ph = tl.cast(p, tl.float16)
// CHECK:          tl.store(yp, ph, mask=mask)
mlc_kernel.func @softmax_kernel(%x: !mlc_kernel.ptr<f16>, %y: !mlc_kernel.ptr<f16>, %n: i32) attributes {grid = array<i64: 3>, constexprs = {BLOCK = 64 : i64}, num_warps = 2 : i64, num_stages = 1 : i64, sources = ["mlc_tensor.softmax model.py:3:7", "mlc_tensor.convert model.py:4:1"]} {
  %row = mlc_kernel.program_id 0 : i32
  %start = arith.muli %row, %n : i32
  %cols = mlc_kernel.make_range {start = 0 : i64, end = 64 : i64} : tensor<64xi32>
  %ns = mlc_kernel.splat %n : i32 -> tensor<64xi32>
  %mask = mlc_kernel.cmpi slt, %cols, %ns : tensor<64xi32>
  %starts = mlc_kernel.splat %start : i32 -> tensor<64xi32>
  %offs = arith.addi %starts, %cols : tensor<64xi32>
  %xs = mlc_kernel.splat %x : !mlc_kernel.ptr<f16> -> tensor<64x!mlc_kernel.ptr<f16>>
  %xp = mlc_kernel.addptr %xs, %offs : tensor<64x!mlc_kernel.ptr<f16>>, tensor<64xi32>
  %low = arith.constant dense<-6.000000e+04> : tensor<64xf16>
  %v = mlc_kernel.load %xp, %mask, %low : tensor<64x!mlc_kernel.ptr<f16>>
  %vf = mlc_kernel.convert %v : tensor<64xf16> -> tensor<64xf32>
  %m = mlc_kernel.reduce %vf {axis = 0 : i64, kind = "max"} : tensor<64xf32> -> f32
  %ms = mlc_kernel.splat %m : f32 -> tensor<64xf32>
  %d = arith.subf %vf, %ms : tensor<64xf32>
  %e = math.exp %d : tensor<64xf32>
  %s = mlc_kernel.reduce %e {axis = 0 : i64, kind = "sum"} : tensor<64xf32> -> f32
  %ss = mlc_kernel.splat %s : f32 -> tensor<64xf32>
  %p = arith.divf %e, %ss : tensor<64xf32>
  %ph = mlc_kernel.convert %p : tensor<64xf32> -> tensor<64xf16>
  %ys = mlc_kernel.splat %y : !mlc_kernel.ptr<f16> -> tensor<64x!mlc_kernel.ptr<f16>>
  %yp = mlc_kernel.addptr %ys, %offs : tensor<64x!mlc_kernel.ptr<f16>>, tensor<64xi32>
  mlc_kernel.store %yp, %ph, %mask : tensor<64x!mlc_kernel.ptr<f16>>
  mlc_kernel.return
}

// CHECK:      # @bf16_kernel: grid (2,), BLOCK=32, num_warps=1, num_stages=1
// CHECK-NEXT: # sources: none recorded
// CHECK-NEXT: @triton.jit
// CHECK-NEXT: def bf16_kernel(x, out, lo, n, BLOCK: tl.constexpr):
// CHECK:          t = tl.cast(_tanh(tl.cast(v, tl.float32)), tl.bfloat16)
// CHECK-NEXT:     r = tl.cast(tl.maximum(tl.cast(t, tl.float32), tl.cast(v, tl.float32), propagate_nan=tl.PropagateNan.ALL), tl.bfloat16)
// CHECK-NEXT:     los = tl.full((BLOCK,), lo, tl.int32)
// CHECK-NEXT:     small = tl.cast(offs, tl.uint32, bitcast=True) < tl.cast(los, tl.uint32, bitcast=True)
// CHECK-NEXT:     picked = tl.where(small, v, r)
// CHECK-NEXT:     neg = pid == 0
// CHECK-NEXT:     if neg:
// CHECK-NEXT:         scaled = tl.cast(-tl.cast(picked, tl.float32), tl.bfloat16)
// CHECK-NEXT:         sel = scaled
// CHECK-NEXT:     else:
// CHECK-NEXT:         sel = picked
// CHECK:          tl.store(op, sel, mask=mask)
// CHECK-NEXT:     first = tl.argmin(tl.cast(sel, tl.float32), axis=0)
mlc_kernel.func @bf16_kernel(%x: !mlc_kernel.ptr<bf16>, %out: !mlc_kernel.ptr<bf16>, %lo: i32, %n: i32) attributes {grid = array<i64: 2>, constexprs = {BLOCK = 32 : i64}, num_warps = 1 : i64, num_stages = 1 : i64} {
  %pid = mlc_kernel.program_id 0 : i32
  %c32 = arith.constant 32 : i32
  %start = arith.muli %pid, %c32 : i32
  %r0 = mlc_kernel.make_range {start = 0 : i64, end = 32 : i64} : tensor<32xi32>
  %starts = mlc_kernel.splat %start : i32 -> tensor<32xi32>
  %offs = arith.addi %starts, %r0 : tensor<32xi32>
  %ns = mlc_kernel.splat %n : i32 -> tensor<32xi32>
  %mask = mlc_kernel.cmpi slt, %offs, %ns : tensor<32xi32>
  %xs = mlc_kernel.splat %x : !mlc_kernel.ptr<bf16> -> tensor<32x!mlc_kernel.ptr<bf16>>
  %xp = mlc_kernel.addptr %xs, %offs : tensor<32x!mlc_kernel.ptr<bf16>>, tensor<32xi32>
  %zero = arith.constant dense<0.000000e+00> : tensor<32xbf16>
  %v = mlc_kernel.load %xp, %mask, %zero : tensor<32x!mlc_kernel.ptr<bf16>>
  %t = math.tanh %v : tensor<32xbf16>
  %r = arith.maximumf %t, %v : tensor<32xbf16>
  %los = mlc_kernel.splat %lo : i32 -> tensor<32xi32>
  %small = mlc_kernel.cmpi ult, %offs, %los : tensor<32xi32>
  %picked = mlc_kernel.select %small, %v, %r : tensor<32xi1>, tensor<32xbf16>
  %c0 = arith.constant 0 : i32
  %neg = arith.cmpi eq, %pid, %c0 : i32
  %sel = scf.if %neg -> (tensor<32xbf16>) {
    %scaled = arith.negf %picked : tensor<32xbf16>
    scf.yield %scaled : tensor<32xbf16>
  } else {
    scf.yield %picked : tensor<32xbf16>
  }
  %os = mlc_kernel.splat %out : !mlc_kernel.ptr<bf16> -> tensor<32x!mlc_kernel.ptr<bf16>>
  %op = mlc_kernel.addptr %os, %offs : tensor<32x!mlc_kernel.ptr<bf16>>, tensor<32xi32>
  mlc_kernel.store %op, %sel, %mask : tensor<32x!mlc_kernel.ptr<bf16>>
  %first = mlc_kernel.reduce %sel {axis = 0 : i64, kind = "argmin"} : tensor<32xbf16> -> i32
  mlc_kernel.return
}

// CHECK-LABEL: def main(x, b, *, device):
// CHECK-NEXT:      """@main: buffers on `device`, kernels launched in order; returns its results as a tuple."""
// CHECK-NEXT:      y = torch.zeros((3, 50), dtype=torch.float16, device=device)
// CHECK-NEXT:      softmax_kernel[(3,)](x, y, 50, BLOCK=64, num_warps=2, num_stages=1)
// CHECK-NEXT:      c = torch.zeros((37,), dtype=torch.bfloat16, device=device)
// CHECK-NEXT:      bf16_kernel[(2,)](b, c, 5, 37, BLOCK=32, num_warps=1, num_stages=1)
// CHECK-NEXT:      return (y, c)
// CHECK:       run = main  # the entry point: @main
func.func @main(%x: memref<3x50xf16>, %b: memref<37xbf16>) -> (memref<3x50xf16>, memref<37xbf16>) {
  %y = mlc_kernel.alloc : memref<3x50xf16>
  %n = arith.constant 50 : i32
  mlc_kernel.launch @softmax_kernel(%x, %y, %n) : (memref<3x50xf16>, memref<3x50xf16>, i32)
  %c = mlc_kernel.alloc : memref<37xbf16>
  %lo = arith.constant 5 : i32
  %m = arith.constant 37 : i32
  mlc_kernel.launch @bf16_kernel(%b, %c, %lo, %m) : (memref<37xbf16>, memref<37xbf16>, i32, i32)
  func.return %y, %c : memref<3x50xf16>, memref<37xbf16>
}
