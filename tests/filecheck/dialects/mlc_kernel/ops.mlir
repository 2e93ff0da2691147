// RUN: mlc-opt %s | filecheck %s
// RUN: %roundtrip | filecheck %s
// RUN: mlc-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// A vector add, a masked matmul with a K loop, a kernel using the remaining block ops, and
// the host function launching kernels over buffers (one a view into a planned arena).
// Names and order are preserved by the printer, so each op is checked exactly.

// CHECK-LABEL: @add_kernel(
// CHECK-SAME: %x: !mlc_kernel.ptr<f32>, %y: !mlc_kernel.ptr<f32>, %out: !mlc_kernel.ptr<f32>, %n: i32) attributes {grid = array<i64: 4>, constexprs = {BLOCK = 256 : i64}, num_warps = 4 : i64, num_stages = 2 : i64, sources = ["mlc_tensor.add model.py:12:3"]} {
mlc_kernel.func @add_kernel(%x: !mlc_kernel.ptr<f32>, %y: !mlc_kernel.ptr<f32>, %out: !mlc_kernel.ptr<f32>, %n: i32) attributes {grid = array<i64: 4>, constexprs = {BLOCK = 256 : i64}, num_warps = 4 : i64, num_stages = 2 : i64, sources = ["mlc_tensor.add model.py:12:3"]} {
// CHECK: %pid = mlc_kernel.program_id 0 : i32
  %pid = mlc_kernel.program_id 0 : i32
  %block = arith.constant 256 : i32
  %start = arith.muli %pid, %block : i32
// CHECK: %range = mlc_kernel.make_range {start = 0 : i64, end = 256 : i64} : tensor<256xi32>
  %range = mlc_kernel.make_range {start = 0 : i64, end = 256 : i64} : tensor<256xi32>
// CHECK: %starts = mlc_kernel.splat %start : i32 -> tensor<256xi32>
  %starts = mlc_kernel.splat %start : i32 -> tensor<256xi32>
  %offs = arith.addi %starts, %range : tensor<256xi32>
// CHECK: %ns = mlc_kernel.splat %n : i32 -> tensor<256xi32>
  %ns = mlc_kernel.splat %n : i32 -> tensor<256xi32>
// CHECK: %mask = mlc_kernel.cmpi slt, %offs, %ns : tensor<256xi32>
  %mask = mlc_kernel.cmpi slt, %offs, %ns : tensor<256xi32>
// CHECK: %xs = mlc_kernel.splat %x : !mlc_kernel.ptr<f32> -> tensor<256x!mlc_kernel.ptr<f32>>
  %xs = mlc_kernel.splat %x : !mlc_kernel.ptr<f32> -> tensor<256x!mlc_kernel.ptr<f32>>
// CHECK: %xp = mlc_kernel.addptr %xs, %offs : tensor<256x!mlc_kernel.ptr<f32>>, tensor<256xi32>
  %xp = mlc_kernel.addptr %xs, %offs : tensor<256x!mlc_kernel.ptr<f32>>, tensor<256xi32>
// CHECK: %a = mlc_kernel.load %xp, %mask : tensor<256x!mlc_kernel.ptr<f32>>
  %a = mlc_kernel.load %xp, %mask : tensor<256x!mlc_kernel.ptr<f32>>
// CHECK: %ys = mlc_kernel.splat %y : !mlc_kernel.ptr<f32> -> tensor<256x!mlc_kernel.ptr<f32>>
  %ys = mlc_kernel.splat %y : !mlc_kernel.ptr<f32> -> tensor<256x!mlc_kernel.ptr<f32>>
// CHECK: %yp = mlc_kernel.addptr %ys, %offs : tensor<256x!mlc_kernel.ptr<f32>>, tensor<256xi32>
  %yp = mlc_kernel.addptr %ys, %offs : tensor<256x!mlc_kernel.ptr<f32>>, tensor<256xi32>
// CHECK: %b = mlc_kernel.load %yp, %mask : tensor<256x!mlc_kernel.ptr<f32>>
  %b = mlc_kernel.load %yp, %mask : tensor<256x!mlc_kernel.ptr<f32>>
  %sum = arith.addf %a, %b : tensor<256xf32>
// CHECK: %os = mlc_kernel.splat %out : !mlc_kernel.ptr<f32> -> tensor<256x!mlc_kernel.ptr<f32>>
  %os = mlc_kernel.splat %out : !mlc_kernel.ptr<f32> -> tensor<256x!mlc_kernel.ptr<f32>>
// CHECK: %op = mlc_kernel.addptr %os, %offs : tensor<256x!mlc_kernel.ptr<f32>>, tensor<256xi32>
  %op = mlc_kernel.addptr %os, %offs : tensor<256x!mlc_kernel.ptr<f32>>, tensor<256xi32>
// CHECK: mlc_kernel.store %op, %sum, %mask : tensor<256x!mlc_kernel.ptr<f32>>
  mlc_kernel.store %op, %sum, %mask : tensor<256x!mlc_kernel.ptr<f32>>
// CHECK: mlc_kernel.return
  mlc_kernel.return
}

// CHECK-LABEL: @matmul_kernel(
// CHECK-SAME: %a: !mlc_kernel.ptr<f16>, %b: !mlc_kernel.ptr<f16>, %c: !mlc_kernel.ptr<f32>, %M: i32, %N: i32, %K: i32) attributes {grid = array<i64: 2, 3>, constexprs = {BLOCK_M = 64 : i64, BLOCK_N = 32 : i64, BLOCK_K = 32 : i64}, num_warps = 4 : i64, num_stages = 3 : i64, sources = ["mlc_tensor.matmul mlp.py:20:9"]} {
mlc_kernel.func @matmul_kernel(%a: !mlc_kernel.ptr<f16>, %b: !mlc_kernel.ptr<f16>, %c: !mlc_kernel.ptr<f32>, %M: i32, %N: i32, %K: i32) attributes {grid = array<i64: 2, 3>, constexprs = {BLOCK_M = 64 : i64, BLOCK_N = 32 : i64, BLOCK_K = 32 : i64}, num_warps = 4 : i64, num_stages = 3 : i64, sources = ["mlc_tensor.matmul mlp.py:20:9"]} {
// CHECK: %pid_m = mlc_kernel.program_id 0 : i32
  %pid_m = mlc_kernel.program_id 0 : i32
// CHECK: %pid_n = mlc_kernel.program_id 1 : i32
  %pid_n = mlc_kernel.program_id 1 : i32
  %c0 = arith.constant 0 : i32
  %c32 = arith.constant 32 : i32
  %c64 = arith.constant 64 : i32
  %m0 = arith.muli %pid_m, %c64 : i32
  %n0 = arith.muli %pid_n, %c32 : i32
// CHECK: %rm = mlc_kernel.make_range {start = 0 : i64, end = 64 : i64} : tensor<64xi32>
  %rm = mlc_kernel.make_range {start = 0 : i64, end = 64 : i64} : tensor<64xi32>
// CHECK: %rn = mlc_kernel.make_range {start = 0 : i64, end = 32 : i64} : tensor<32xi32>
  %rn = mlc_kernel.make_range {start = 0 : i64, end = 32 : i64} : tensor<32xi32>
// CHECK: %m0s = mlc_kernel.splat %m0 : i32 -> tensor<64xi32>
  %m0s = mlc_kernel.splat %m0 : i32 -> tensor<64xi32>
  %offs_m = arith.addi %m0s, %rm : tensor<64xi32>
// CHECK: %n0s = mlc_kernel.splat %n0 : i32 -> tensor<32xi32>
  %n0s = mlc_kernel.splat %n0 : i32 -> tensor<32xi32>
  %offs_n = arith.addi %n0s, %rn : tensor<32xi32>
// CHECK: %om = mlc_kernel.expand_dims %offs_m {axis = 1 : i64} : tensor<64xi32> -> tensor<64x1xi32>
  %om = mlc_kernel.expand_dims %offs_m {axis = 1 : i64} : tensor<64xi32> -> tensor<64x1xi32>
// CHECK: %on = mlc_kernel.expand_dims %offs_n {axis = 0 : i64} : tensor<32xi32> -> tensor<1x32xi32>
  %on = mlc_kernel.expand_dims %offs_n {axis = 0 : i64} : tensor<32xi32> -> tensor<1x32xi32>
// CHECK: %ka = mlc_kernel.expand_dims %rn {axis = 0 : i64} : tensor<32xi32> -> tensor<1x32xi32>
  %ka = mlc_kernel.expand_dims %rn {axis = 0 : i64} : tensor<32xi32> -> tensor<1x32xi32>
// CHECK: %kb = mlc_kernel.expand_dims %rn {axis = 1 : i64} : tensor<32xi32> -> tensor<32x1xi32>
  %kb = mlc_kernel.expand_dims %rn {axis = 1 : i64} : tensor<32xi32> -> tensor<32x1xi32>
// CHECK: %K_m = mlc_kernel.splat %K : i32 -> tensor<64x1xi32>
  %K_m = mlc_kernel.splat %K : i32 -> tensor<64x1xi32>
  %a_row = arith.muli %om, %K_m : tensor<64x1xi32>
// CHECK: %a_rows = mlc_kernel.broadcast %a_row : tensor<64x1xi32> -> tensor<64x32xi32>
  %a_rows = mlc_kernel.broadcast %a_row : tensor<64x1xi32> -> tensor<64x32xi32>
// CHECK: %a_cols = mlc_kernel.broadcast %ka : tensor<1x32xi32> -> tensor<64x32xi32>
  %a_cols = mlc_kernel.broadcast %ka : tensor<1x32xi32> -> tensor<64x32xi32>
  %a_off = arith.addi %a_rows, %a_cols : tensor<64x32xi32>
// CHECK: %a_base = mlc_kernel.splat %a : !mlc_kernel.ptr<f16> -> tensor<64x32x!mlc_kernel.ptr<f16>>
  %a_base = mlc_kernel.splat %a : !mlc_kernel.ptr<f16> -> tensor<64x32x!mlc_kernel.ptr<f16>>
// CHECK: %a_ptrs = mlc_kernel.addptr %a_base, %a_off : tensor<64x32x!mlc_kernel.ptr<f16>>, tensor<64x32xi32>
  %a_ptrs = mlc_kernel.addptr %a_base, %a_off : tensor<64x32x!mlc_kernel.ptr<f16>>, tensor<64x32xi32>
// CHECK: %N_k = mlc_kernel.splat %N : i32 -> tensor<32x1xi32>
  %N_k = mlc_kernel.splat %N : i32 -> tensor<32x1xi32>
  %b_row = arith.muli %kb, %N_k : tensor<32x1xi32>
// CHECK: %b_rows = mlc_kernel.broadcast %b_row : tensor<32x1xi32> -> tensor<32x32xi32>
  %b_rows = mlc_kernel.broadcast %b_row : tensor<32x1xi32> -> tensor<32x32xi32>
// CHECK: %b_cols = mlc_kernel.broadcast %on : tensor<1x32xi32> -> tensor<32x32xi32>
  %b_cols = mlc_kernel.broadcast %on : tensor<1x32xi32> -> tensor<32x32xi32>
  %b_off = arith.addi %b_rows, %b_cols : tensor<32x32xi32>
// CHECK: %b_base = mlc_kernel.splat %b : !mlc_kernel.ptr<f16> -> tensor<32x32x!mlc_kernel.ptr<f16>>
  %b_base = mlc_kernel.splat %b : !mlc_kernel.ptr<f16> -> tensor<32x32x!mlc_kernel.ptr<f16>>
// CHECK: %b_ptrs = mlc_kernel.addptr %b_base, %b_off : tensor<32x32x!mlc_kernel.ptr<f16>>, tensor<32x32xi32>
  %b_ptrs = mlc_kernel.addptr %b_base, %b_off : tensor<32x32x!mlc_kernel.ptr<f16>>, tensor<32x32xi32>
// CHECK: %M_m = mlc_kernel.splat %M : i32 -> tensor<64x1xi32>
  %M_m = mlc_kernel.splat %M : i32 -> tensor<64x1xi32>
// CHECK: %m_ok = mlc_kernel.cmpi slt, %om, %M_m : tensor<64x1xi32>
  %m_ok = mlc_kernel.cmpi slt, %om, %M_m : tensor<64x1xi32>
// CHECK: %a_m_ok = mlc_kernel.broadcast %m_ok : tensor<64x1xi1> -> tensor<64x32xi1>
  %a_m_ok = mlc_kernel.broadcast %m_ok : tensor<64x1xi1> -> tensor<64x32xi1>
// CHECK: %N_n = mlc_kernel.splat %N : i32 -> tensor<1x32xi32>
  %N_n = mlc_kernel.splat %N : i32 -> tensor<1x32xi32>
// CHECK: %n_ok = mlc_kernel.cmpi slt, %on, %N_n : tensor<1x32xi32>
  %n_ok = mlc_kernel.cmpi slt, %on, %N_n : tensor<1x32xi32>
// CHECK: %b_n_ok = mlc_kernel.broadcast %n_ok : tensor<1x32xi1> -> tensor<32x32xi1>
  %b_n_ok = mlc_kernel.broadcast %n_ok : tensor<1x32xi1> -> tensor<32x32xi1>
  %zero_a = arith.constant dense<0.000000e+00> : tensor<64x32xf16>
  %zero_b = arith.constant dense<0.000000e+00> : tensor<32x32xf16>
  %zero = arith.constant dense<0.000000e+00> : tensor<64x32xf32>
// CHECK: %acc = scf.for %k0 = %c0 to %K step %c32 iter_args(%sum = %zero) -> (tensor<64x32xf32>) : i32 {
  %acc = scf.for %k0 = %c0 to %K step %c32 iter_args(%sum = %zero) -> (tensor<64x32xf32>)  : i32 {
    %k_rest = arith.subi %K, %k0 : i32
// CHECK: %k_rest_a = mlc_kernel.splat %k_rest : i32 -> tensor<1x32xi32>
    %k_rest_a = mlc_kernel.splat %k_rest : i32 -> tensor<1x32xi32>
// CHECK: %ka_ok = mlc_kernel.cmpi slt, %ka, %k_rest_a : tensor<1x32xi32>
    %ka_ok = mlc_kernel.cmpi slt, %ka, %k_rest_a : tensor<1x32xi32>
// CHECK: %a_k_ok = mlc_kernel.broadcast %ka_ok : tensor<1x32xi1> -> tensor<64x32xi1>
    %a_k_ok = mlc_kernel.broadcast %ka_ok : tensor<1x32xi1> -> tensor<64x32xi1>
    %a_mask = arith.andi %a_m_ok, %a_k_ok : tensor<64x32xi1>
// CHECK: %a_step = mlc_kernel.splat %k0 : i32 -> tensor<64x32xi32>
    %a_step = mlc_kernel.splat %k0 : i32 -> tensor<64x32xi32>
// CHECK: %a_cur = mlc_kernel.addptr %a_ptrs, %a_step : tensor<64x32x!mlc_kernel.ptr<f16>>, tensor<64x32xi32>
    %a_cur = mlc_kernel.addptr %a_ptrs, %a_step : tensor<64x32x!mlc_kernel.ptr<f16>>, tensor<64x32xi32>
// CHECK: %a_tile = mlc_kernel.load %a_cur, %a_mask, %zero_a : tensor<64x32x!mlc_kernel.ptr<f16>>
    %a_tile = mlc_kernel.load %a_cur, %a_mask, %zero_a : tensor<64x32x!mlc_kernel.ptr<f16>>
// CHECK: %k_rest_b = mlc_kernel.splat %k_rest : i32 -> tensor<32x1xi32>
    %k_rest_b = mlc_kernel.splat %k_rest : i32 -> tensor<32x1xi32>
// CHECK: %kb_ok = mlc_kernel.cmpi slt, %kb, %k_rest_b : tensor<32x1xi32>
    %kb_ok = mlc_kernel.cmpi slt, %kb, %k_rest_b : tensor<32x1xi32>
// CHECK: %b_k_ok = mlc_kernel.broadcast %kb_ok : tensor<32x1xi1> -> tensor<32x32xi1>
    %b_k_ok = mlc_kernel.broadcast %kb_ok : tensor<32x1xi1> -> tensor<32x32xi1>
    %b_mask = arith.andi %b_k_ok, %b_n_ok : tensor<32x32xi1>
    %k0_n = arith.muli %k0, %N : i32
// CHECK: %b_step = mlc_kernel.splat %k0_n : i32 -> tensor<32x32xi32>
    %b_step = mlc_kernel.splat %k0_n : i32 -> tensor<32x32xi32>
// CHECK: %b_cur = mlc_kernel.addptr %b_ptrs, %b_step : tensor<32x32x!mlc_kernel.ptr<f16>>, tensor<32x32xi32>
    %b_cur = mlc_kernel.addptr %b_ptrs, %b_step : tensor<32x32x!mlc_kernel.ptr<f16>>, tensor<32x32xi32>
// CHECK: %b_tile = mlc_kernel.load %b_cur, %b_mask, %zero_b : tensor<32x32x!mlc_kernel.ptr<f16>>
    %b_tile = mlc_kernel.load %b_cur, %b_mask, %zero_b : tensor<32x32x!mlc_kernel.ptr<f16>>
// CHECK: %next = mlc_kernel.dot %a_tile, %b_tile, %sum {input_precision = "ieee"} : tensor<64x32xf16> * tensor<32x32xf16> -> tensor<64x32xf32>
    %next = mlc_kernel.dot %a_tile, %b_tile, %sum {input_precision = "ieee"} : tensor<64x32xf16> * tensor<32x32xf16> -> tensor<64x32xf32>
    scf.yield %next : tensor<64x32xf32>
  }
// CHECK: %N_c = mlc_kernel.splat %N : i32 -> tensor<64x1xi32>
  %N_c = mlc_kernel.splat %N : i32 -> tensor<64x1xi32>
  %c_row = arith.muli %om, %N_c : tensor<64x1xi32>
// CHECK: %c_rows = mlc_kernel.broadcast %c_row : tensor<64x1xi32> -> tensor<64x32xi32>
  %c_rows = mlc_kernel.broadcast %c_row : tensor<64x1xi32> -> tensor<64x32xi32>
// CHECK: %c_cols = mlc_kernel.broadcast %on : tensor<1x32xi32> -> tensor<64x32xi32>
  %c_cols = mlc_kernel.broadcast %on : tensor<1x32xi32> -> tensor<64x32xi32>
  %c_off = arith.addi %c_rows, %c_cols : tensor<64x32xi32>
// CHECK: %c_base = mlc_kernel.splat %c : !mlc_kernel.ptr<f32> -> tensor<64x32x!mlc_kernel.ptr<f32>>
  %c_base = mlc_kernel.splat %c : !mlc_kernel.ptr<f32> -> tensor<64x32x!mlc_kernel.ptr<f32>>
// CHECK: %c_ptrs = mlc_kernel.addptr %c_base, %c_off : tensor<64x32x!mlc_kernel.ptr<f32>>, tensor<64x32xi32>
  %c_ptrs = mlc_kernel.addptr %c_base, %c_off : tensor<64x32x!mlc_kernel.ptr<f32>>, tensor<64x32xi32>
// CHECK: %c_n_ok = mlc_kernel.broadcast %n_ok : tensor<1x32xi1> -> tensor<64x32xi1>
  %c_n_ok = mlc_kernel.broadcast %n_ok : tensor<1x32xi1> -> tensor<64x32xi1>
  %c_mask = arith.andi %a_m_ok, %c_n_ok : tensor<64x32xi1>
// CHECK: mlc_kernel.store %c_ptrs, %acc, %c_mask : tensor<64x32x!mlc_kernel.ptr<f32>>
  mlc_kernel.store %c_ptrs, %acc, %c_mask : tensor<64x32x!mlc_kernel.ptr<f32>>
// CHECK: mlc_kernel.return
  mlc_kernel.return
}

// CHECK-LABEL: @row_stats_kernel(
// CHECK-SAME: %x: !mlc_kernel.ptr<f32>, %max: !mlc_kernel.ptr<f32>, %idx: !mlc_kernel.ptr<i32>, %total: !mlc_kernel.ptr<f32>) attributes {grid = array<i64: 8>, constexprs = {BLOCK = 64 : i64}, num_warps = 2 : i64, num_stages = 1 : i64} {
mlc_kernel.func @row_stats_kernel(%x: !mlc_kernel.ptr<f32>, %max: !mlc_kernel.ptr<f32>, %idx: !mlc_kernel.ptr<i32>, %total: !mlc_kernel.ptr<f32, 1>) attributes {grid = array<i64: 8>, constexprs = {BLOCK = 64 : i64}, num_warps = 2 : i64, num_stages = 1 : i64} {
// CHECK: %row = mlc_kernel.program_id 0 : i32
  %row = mlc_kernel.program_id 0 : i32
// CHECK: %rows = mlc_kernel.num_programs 0 : i32
  %rows = mlc_kernel.num_programs 0 : i32
  %c64 = arith.constant 64 : i32
  %start = arith.muli %row, %c64 : i32
// CHECK: %r = mlc_kernel.make_range {start = 0 : i64, end = 64 : i64} : tensor<64xi32>
  %r = mlc_kernel.make_range {start = 0 : i64, end = 64 : i64} : tensor<64xi32>
// CHECK: %s = mlc_kernel.splat %start : i32 -> tensor<64xi32>
  %s = mlc_kernel.splat %start : i32 -> tensor<64xi32>
  %offs = arith.addi %s, %r : tensor<64xi32>
// CHECK: %base = mlc_kernel.splat %x : !mlc_kernel.ptr<f32> -> tensor<64x!mlc_kernel.ptr<f32>>
  %base = mlc_kernel.splat %x : !mlc_kernel.ptr<f32> -> tensor<64x!mlc_kernel.ptr<f32>>
// CHECK: %ptrs = mlc_kernel.addptr %base, %offs : tensor<64x!mlc_kernel.ptr<f32>>, tensor<64xi32>
  %ptrs = mlc_kernel.addptr %base, %offs : tensor<64x!mlc_kernel.ptr<f32>>, tensor<64xi32>
// CHECK: %v = mlc_kernel.load %ptrs {cache = "cg", eviction = "evict_first"} : tensor<64x!mlc_kernel.ptr<f32>>
  %v = mlc_kernel.load %ptrs {cache = "cg", eviction = "evict_first"} : tensor<64x!mlc_kernel.ptr<f32>>
  %zero = arith.constant dense<0.000000e+00> : tensor<64xf32>
// CHECK: %pos = mlc_kernel.cmpf ogt, %v, %zero : tensor<64xf32>
  %pos = mlc_kernel.cmpf ogt, %v, %zero : tensor<64xf32>
// CHECK: %relu = mlc_kernel.select %pos, %v, %zero : tensor<64xi1>, tensor<64xf32>
  %relu = mlc_kernel.select %pos, %v, %zero : tensor<64xi1>, tensor<64xf32>
// CHECK: %m = mlc_kernel.reshape %relu : tensor<64xf32> -> tensor<8x8xf32>
  %m = mlc_kernel.reshape %relu : tensor<64xf32> -> tensor<8x8xf32>
// CHECK: %t = mlc_kernel.trans %m {order = array<i64: 1, 0>} : tensor<8x8xf32> -> tensor<8x8xf32>
  %t = mlc_kernel.trans %m {order = array<i64: 1, 0>} : tensor<8x8xf32> -> tensor<8x8xf32>
// CHECK: %colmax = mlc_kernel.reduce %t {axis = 1 : i64, kind = "max"} : tensor<8x8xf32> -> tensor<8xf32>
  %colmax = mlc_kernel.reduce %t {axis = 1 : i64, kind = "max"} : tensor<8x8xf32> -> tensor<8xf32>
// CHECK: %best = mlc_kernel.reduce %colmax {axis = 0 : i64, kind = "max"} : tensor<8xf32> -> f32
  %best = mlc_kernel.reduce %colmax {axis = 0 : i64, kind = "max"} : tensor<8xf32> -> f32
// CHECK: %arg = mlc_kernel.reduce %v {axis = 0 : i64, kind = "argmax"} : tensor<64xf32> -> i32
  %arg = mlc_kernel.reduce %v {axis = 0 : i64, kind = "argmax"} : tensor<64xf32> -> i32
// CHECK: %sum = mlc_kernel.reduce %relu {axis = 0 : i64, kind = "sum"} : tensor<64xf32> -> f32
  %sum = mlc_kernel.reduce %relu {axis = 0 : i64, kind = "sum"} : tensor<64xf32> -> f32
// CHECK: %rowsf = mlc_kernel.convert %rows : i32 -> f32
  %rowsf = mlc_kernel.convert %rows : i32 -> f32
  %mean = arith.divf %sum, %rowsf : f32
// CHECK: %maxp = mlc_kernel.addptr %max, %row : !mlc_kernel.ptr<f32>, i32
  %maxp = mlc_kernel.addptr %max, %row : !mlc_kernel.ptr<f32>, i32
// CHECK: mlc_kernel.store %maxp, %best : !mlc_kernel.ptr<f32>
  mlc_kernel.store %maxp, %best : !mlc_kernel.ptr<f32>
// CHECK: %idxp = mlc_kernel.addptr %idx, %row : !mlc_kernel.ptr<i32>, i32
  %idxp = mlc_kernel.addptr %idx, %row : !mlc_kernel.ptr<i32>, i32
// CHECK: mlc_kernel.store %idxp, %arg {cache = "wb"} : !mlc_kernel.ptr<i32>
  mlc_kernel.store %idxp, %arg {cache = "wb"} : !mlc_kernel.ptr<i32>
// CHECK: %old = mlc_kernel.atomic_add %total, %mean : !mlc_kernel.ptr<f32>
  %old = mlc_kernel.atomic_add %total, %mean : !mlc_kernel.ptr<f32>
// CHECK: mlc_kernel.return
  mlc_kernel.return
}

// CHECK-LABEL: @forward(
// CHECK-SAME: %x: memref<1000xf32>, %y: memref<1000xf32>, %A: memref<100x80xf16>, %B: memref<80x96xf16>) -> (memref<1000xf32>, memref<100x96xf32>) {
func.func @forward(%x: memref<1000xf32>, %y: memref<1000xf32>, %A: memref<100x80xf16>, %B: memref<80x96xf16>) -> (memref<1000xf32>, memref<100x96xf32>) {
// CHECK: %arena = mlc_kernel.alloc : memref<4096xi8>
  %arena = mlc_kernel.alloc : memref<4096xi8>
// CHECK: %tmp = mlc_kernel.view %arena {offset = 0 : i64} : memref<4096xi8> -> memref<1000xf32>
  %tmp = mlc_kernel.view %arena {offset = 0 : i64} : memref<4096xi8> -> memref<1000xf32>
// CHECK: %out = mlc_kernel.alloc : memref<1000xf32>
  %out = mlc_kernel.alloc : memref<1000xf32>
  %n = arith.constant 1000 : i32
// CHECK: mlc_kernel.launch @add_kernel(%x, %y, %tmp, %n) : (memref<1000xf32>, memref<1000xf32>, memref<1000xf32>, i32)
  mlc_kernel.launch @add_kernel(%x, %y, %tmp, %n) : (memref<1000xf32>, memref<1000xf32>, memref<1000xf32>, i32)
// CHECK: mlc_kernel.launch @add_kernel(%tmp, %y, %out, %n) : (memref<1000xf32>, memref<1000xf32>, memref<1000xf32>, i32)
  mlc_kernel.launch @add_kernel(%tmp, %y, %out, %n) : (memref<1000xf32>, memref<1000xf32>, memref<1000xf32>, i32)
// CHECK: %C = mlc_kernel.alloc : memref<100x96xf32>
  %C = mlc_kernel.alloc : memref<100x96xf32>
  %M = arith.constant 100 : i32
  %N = arith.constant 96 : i32
  %K = arith.constant 80 : i32
// CHECK: mlc_kernel.launch @matmul_kernel(%A, %B, %C, %M, %N, %K) : (memref<100x80xf16>, memref<80x96xf16>, memref<100x96xf32>, i32, i32, i32)
  mlc_kernel.launch @matmul_kernel(%A, %B, %C, %M, %N, %K) : (memref<100x80xf16>, memref<80x96xf16>, memref<100x96xf32>, i32, i32, i32)
  func.return %out, %C : memref<1000xf32>, memref<100x96xf32>
}

// Weights: read-only buffers from a dense_resource blob or a dense literal (attributes
// first, as for mlc_tensor.constant), handed to kernels as pointers.
// CHECK-LABEL: @with_weights(
// CHECK-SAME: %x: memref<4xf32>) -> (memref<4xf32>, memref<2xi1>) {
func.func @with_weights(%x: memref<4xf32>) -> (memref<4xf32>, memref<2xi1>) {
// CHECK: %bias = mlc_kernel.constant dense_resource<fc.bias> : memref<4xf32>
  %bias = mlc_kernel.constant dense_resource<fc.bias> : memref<4xf32>
// CHECK: %scale = mlc_kernel.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00, 4.000000e+00]> : memref<4xf32>
  %scale = mlc_kernel.constant dense<[1.0, 2.0, 3.0, 4.0]> : memref<4xf32>
// CHECK: %flags = mlc_kernel.constant {note = "kept"} dense<[true, false]> : memref<2xi1>
  %flags = mlc_kernel.constant {note = "kept"} dense<[true, false]> : memref<2xi1>
  %tmp = mlc_kernel.alloc : memref<4xf32>
  %out = mlc_kernel.alloc : memref<4xf32>
  %n = arith.constant 4 : i32
// CHECK: mlc_kernel.launch @add_kernel(%x, %bias, %tmp, %n) : (memref<4xf32>, memref<4xf32>, memref<4xf32>, i32)
  mlc_kernel.launch @add_kernel(%x, %bias, %tmp, %n) : (memref<4xf32>, memref<4xf32>, memref<4xf32>, i32)
  mlc_kernel.launch @add_kernel(%tmp, %scale, %out, %n) : (memref<4xf32>, memref<4xf32>, memref<4xf32>, i32)
  func.return %out, %flags : memref<4xf32>, memref<2xi1>
}

// A pointer outside the global address space prints its address space.
// CHECK-LABEL: @shared_pointer(
// CHECK-SAME: %p: !mlc_kernel.ptr<f16, 3>
mlc_kernel.func @shared_pointer(%p: !mlc_kernel.ptr<f16, 3>) attributes {grid = array<i64: 1, 1, 1>, constexprs = {}, num_warps = 1 : i64, num_stages = 1 : i64} {
  mlc_kernel.return
}

// GENERIC: "mlc_kernel.func"() <{sym_name = "add_kernel", function_type = (!mlc_kernel.ptr<f32>, !mlc_kernel.ptr<f32>, !mlc_kernel.ptr<f32>, i32) -> (), grid = array<i64: 4>, constexprs = {BLOCK = 256 : i64}, num_warps = 4 : i64, num_stages = 2 : i64, sources = ["mlc_tensor.add model.py:12:3"]}> ({
// GENERIC: "mlc_kernel.program_id"() <{axis = 0 : i64}> : () -> i32
// GENERIC: "mlc_kernel.cmpi"(%offs, %ns) <{predicate = "slt"}> : (tensor<256xi32>, tensor<256xi32>) -> tensor<256xi1>
// GENERIC: "mlc_kernel.load"(%xp, %mask) <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (tensor<256x!mlc_kernel.ptr<f32>>, tensor<256xi1>) -> tensor<256xf32>
// GENERIC: "mlc_kernel.store"(%op, %sum, %mask) : (tensor<256x!mlc_kernel.ptr<f32>>, tensor<256xf32>, tensor<256xi1>) -> ()
// GENERIC: "mlc_kernel.load"(%a_cur, %a_mask, %zero_a) <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (tensor<64x32x!mlc_kernel.ptr<f16>>, tensor<64x32xi1>, tensor<64x32xf16>) -> tensor<64x32xf16>
// GENERIC: "mlc_kernel.dot"(%a_tile, %b_tile, %sum) <{input_precision = "ieee"}> : (tensor<64x32xf16>, tensor<32x32xf16>, tensor<64x32xf32>) -> tensor<64x32xf32>
// GENERIC: "mlc_kernel.atomic_add"(%total, %mean) : (!mlc_kernel.ptr<f32>, f32) -> f32
// GENERIC: "mlc_kernel.view"(%arena) <{offset = 0 : i64}> : (memref<4096xi8>) -> memref<1000xf32>
// GENERIC: "mlc_kernel.launch"(%A, %B, %C, %M, %N, %K) <{kernel = @matmul_kernel}> : (memref<100x80xf16>, memref<80x96xf16>, memref<100x96xf32>, i32, i32, i32) -> ()
// GENERIC: "mlc_kernel.constant"() <{value = dense_resource<fc.bias> : tensor<4xf32>}> : () -> memref<4xf32>

{-#
  dialect_resources: {
    builtin: {
      fc.bias: "0x040000000000803F00000040000040400000C0BF"
    }
  }
#-}
