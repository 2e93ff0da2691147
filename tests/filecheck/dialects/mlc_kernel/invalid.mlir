// RUN: mlc-opt %s --split-input-file --verify-diagnostics

// Every verifier message of mlc_kernel, one case per split. Cases whose operand types the
// custom syntax would infer (and so could not get wrong) use the generic form.

// expected-error @+1 {{mlc_kernel.ptr: expected pointee to be an integer or float type, got index}}
mlc_kernel.func @bad_pointee(%p: !mlc_kernel.ptr<index>) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  mlc_kernel.return
}

// -----

func.func @host(%m: memref<4xf32>, %b: memref<64xi8>) {
  // expected-error @+1 {{mlc_kernel.splat: expected operand to be a scalar or a block tensor, got memref<4xf32>}}
  %s = "mlc_kernel.splat"(%m) : (memref<4xf32>) -> tensor<4xf32>
  func.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.splat: expected result to have power-of-two block dimensions (Triton's rule), got tensor<100xi32>}}
  %s = mlc_kernel.splat %n : i32 -> tensor<100xi32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.splat: expected result to have at most 1048576 elements, got tensor<2048x1024xi32>}}
  %s = mlc_kernel.splat %n : i32 -> tensor<2048x1024xi32>
  mlc_kernel.return
}

// -----

// expected-error @+1 {{mlc_kernel.func: expected properties grid, constexprs, num_warps, num_stages, got none for grid, num_stages}}
mlc_kernel.func @no_grid() attributes {constexprs = {}, num_warps = 4 : i64} {
  mlc_kernel.return
}

// -----

// expected-error @+1 {{mlc_kernel.func: expected no results (kernels write through pointers), got [f32]}}
mlc_kernel.func @result() -> f32 attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  mlc_kernel.return
}

// -----

// expected-error @+1 {{mlc_kernel.func: expected argument #1 to be a pointer or an integer/float scalar, got tensor<4xf32>}}
mlc_kernel.func @tensor_arg(%p: !mlc_kernel.ptr<f32>, %t: tensor<4xf32>) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  mlc_kernel.return
}

// -----

// expected-error @+1 {{mlc_kernel.func: expected a body (kernels cannot be declarations), got none}}
mlc_kernel.func @decl(!mlc_kernel.ptr<f32>) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64}

// -----

// expected-error @+1 {{mlc_kernel.func: expected entry block argument types [i32], got [i64]}}
"mlc_kernel.func"() <{sym_name = "args", function_type = (i32) -> (), grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64}> ({
^bb0(%a: i64):
  "mlc_kernel.return"() : () -> ()
}) : () -> ()

// -----

// expected-error @+1 {{mlc_kernel.func: expected the body to end with mlc_kernel.return, got test.termop}}
mlc_kernel.func @no_return() attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  "test.termop"() : () -> ()
}

// -----

// expected-error @+1 {{mlc_kernel.func: expected a single-block body, got 2 blocks}}
mlc_kernel.func @two_blocks() attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  "test.termop"() [^bb1] : () -> ()
^bb1:
  mlc_kernel.return
}

// -----

// expected-error @+1 {{mlc_kernel.func: expected grid of 1 to 3 positive sizes, got [0]}}
mlc_kernel.func @grid() attributes {grid = array<i64: 0>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  mlc_kernel.return
}

// -----

// expected-error @+1 {{mlc_kernel.func: expected grid of 1 to 3 positive sizes, got [1, 1, 1, 1]}}
mlc_kernel.func @grid() attributes {grid = array<i64: 1, 1, 1, 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  mlc_kernel.return
}

// -----

// expected-error @+1 {{mlc_kernel.func: expected grid to be an array<i64: ...>, got [1 : i64]}}
mlc_kernel.func @grid_list() attributes {grid = [1], constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  mlc_kernel.return
}

// -----

// expected-error @+1 {{mlc_kernel.func: expected constexprs to be a dictionary, got [64 : i64]}}
mlc_kernel.func @cx() attributes {grid = array<i64: 1>, constexprs = [64], num_warps = 4 : i64, num_stages = 1 : i64} {
  mlc_kernel.return
}

// -----

// expected-error @+1 {{mlc_kernel.func: expected constexpr names to be identifiers, got 'BLOCK-M'}}
mlc_kernel.func @cx_name() attributes {grid = array<i64: 1>, constexprs = {"BLOCK-M" = 64 : i64}, num_warps = 4 : i64, num_stages = 1 : i64} {
  mlc_kernel.return
}

// -----

// expected-error @+1 {{mlc_kernel.func: expected constexpr BLOCK to be an integer, got "64"}}
mlc_kernel.func @cx_value() attributes {grid = array<i64: 1>, constexprs = {BLOCK = "64"}, num_warps = 4 : i64, num_stages = 1 : i64} {
  mlc_kernel.return
}

// -----

// expected-error @+1 {{mlc_kernel.func: expected num_warps to be a power of two, got 3}}
mlc_kernel.func @warps() attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 3 : i64, num_stages = 1 : i64} {
  mlc_kernel.return
}

// -----

// expected-error @+1 {{mlc_kernel.func: expected num_warps to be an integer attribute, got "4"}}
mlc_kernel.func @warps_str() attributes {grid = array<i64: 1>, constexprs = {}, num_warps = "4", num_stages = 1 : i64} {
  mlc_kernel.return
}

// -----

// expected-error @+1 {{mlc_kernel.func: expected num_stages >= 1, got 0}}
mlc_kernel.func @stages() attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 0 : i64} {
  mlc_kernel.return
}

// -----

// expected-error @+1 {{mlc_kernel.func: expected sources to be an array of strings, got [1 : i64]}}
mlc_kernel.func @sources() attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64, sources = [1]} {
  mlc_kernel.return
}

// -----

func.func @host(%m: memref<4xf32>, %b: memref<64xi8>) {
  // expected-error @+1 {{mlc_kernel.program_id: expected to be inside an mlc_kernel.func, got func.func @host}}
  %pid = mlc_kernel.program_id 0 : i32
  func.return
}

// -----

func.func @host(%m: memref<4xf32>, %b: memref<64xi8>) {
  %c = arith.constant 0 : i32
  %f = arith.constant 0.0 : f32
  // expected-error @+1 {{mlc_kernel.load: expected to be inside an mlc_kernel.func, got func.func @host}}
  %v = "mlc_kernel.load"(%c) <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (i32) -> f32
  func.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.alloc: expected to be outside mlc_kernel.func (host code), got mlc_kernel.func @k}}
  %m = mlc_kernel.alloc : memref<4xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.launch: expected to be outside mlc_kernel.func (host code), got mlc_kernel.func @k}}
  mlc_kernel.launch @k(%p, %q, %n, %x) : (!mlc_kernel.ptr<f32>, !mlc_kernel.ptr<i8>, i32, f32)
  mlc_kernel.return
}

// -----

func.func @host(%m: memref<4xf32>, %b: memref<64xi8>) {
  // expected-error @+1 {{mlc_kernel.alloc: expected result to be a static identity-layout memref of integers or floats, got memref<?xf32>}}
  %a = mlc_kernel.alloc : memref<?xf32>
  func.return
}

// -----

func.func @host(%m: memref<4xf32>, %b: memref<64xi8>) {
  // expected-error @+1 {{mlc_kernel.view: expected source to be a 1-D memref of bytes (the arena), got memref<4xf32>}}
  %v = mlc_kernel.view %m {offset = 0 : i64} : memref<4xf32> -> memref<1xf32>
  func.return
}

// -----

func.func @host(%m: memref<4xf32>, %b: memref<64xi8>) {
  // expected-error @+1 {{mlc_kernel.view: expected offset to be a non-negative multiple of 4 bytes, got 2}}
  %v = mlc_kernel.view %b {offset = 2 : i64} : memref<64xi8> -> memref<4xf32>
  func.return
}

// -----

func.func @host(%m: memref<4xf32>, %b: memref<64xi8>) {
  // expected-error @+1 {{mlc_kernel.view: expected the view to end within the 64-byte arena, got end 80}}
  %v = mlc_kernel.view %b {offset = 16 : i64} : memref<64xi8> -> memref<16xf32>
  func.return
}

// -----

func.func @host(%m: memref<4xf32>, %b: memref<64xi8>) {
  // expected-error @+1 {{mlc_kernel.launch: expected @missing to be an mlc_kernel.func, got no such symbol}}
  mlc_kernel.launch @missing(%m) : (memref<4xf32>)
  func.return
}

// -----

func.func @host(%m: memref<4xf32>, %b: memref<64xi8>) {
  // expected-error @+1 {{mlc_kernel.launch: expected @host to be an mlc_kernel.func, got func.func}}
  mlc_kernel.launch @host(%m, %b) : (memref<4xf32>, memref<64xi8>)
  func.return
}

// -----

mlc_kernel.func @axpy(%x: !mlc_kernel.ptr<f32>, %n: i32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  mlc_kernel.return
}
func.func @host(%m: memref<4xf32>, %b: memref<64xi8>) {
  // expected-error @+1 {{mlc_kernel.launch: expected 2 arguments for @axpy, got 1}}
  mlc_kernel.launch @axpy(%m) : (memref<4xf32>)
  func.return
}

// -----

mlc_kernel.func @axpy(%x: !mlc_kernel.ptr<f32>, %n: i32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  mlc_kernel.return
}
func.func @host(%m: memref<4xf32>, %b: memref<64xi8>) {
  %c = arith.constant 4 : i32
  // expected-error @+1 {{mlc_kernel.launch: expected argument #0 to be a memref of f32 (for !mlc_kernel.ptr<f32>), got memref<64xi8>}}
  mlc_kernel.launch @axpy(%b, %c) : (memref<64xi8>, i32)
  func.return
}

// -----

mlc_kernel.func @axpy(%x: !mlc_kernel.ptr<f32>, %n: i32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  mlc_kernel.return
}
func.func @host(%m: memref<4xf32>, %b: memref<64xi8>) {
  %c = arith.constant 4 : i64
  // expected-error @+1 {{mlc_kernel.launch: expected argument #1 of type i32, got i64}}
  mlc_kernel.launch @axpy(%m, %c) : (memref<4xf32>, i64)
  func.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.program_id: expected axis in [0, 3), got 3}}
  %pid = mlc_kernel.program_id 3 : i32
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.num_programs: expected result type i32, got i64}}
  %np = mlc_kernel.num_programs 0 : i64
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.make_range: expected 0 <= start < end, got start 8, end 8}}
  %r = mlc_kernel.make_range {start = 8 : i64, end = 8 : i64} : tensor<0xi32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.make_range: expected end - start to be a power of two <= 1048576, got 100}}
  %r = mlc_kernel.make_range {start = 0 : i64, end = 100 : i64} : tensor<100xi32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.make_range: expected result type tensor<128xi32>, got tensor<128xi64>}}
  %r = mlc_kernel.make_range {start = 0 : i64, end = 128 : i64} : tensor<128xi64>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.splat: expected result element type i32, got f32}}
  %s = mlc_kernel.splat %n : i32 -> tensor<4xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %r = mlc_kernel.make_range {start = 0 : i64, end = 256 : i64} : tensor<256xi32>
  // expected-error @+1 {{mlc_kernel.splat: expected a scalar operand, got tensor<256xi32>}}
  %s = mlc_kernel.splat %r : tensor<256xi32> -> tensor<256xi32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.splat: expected a block result, got i32}}
  %s = mlc_kernel.splat %n : i32 -> i32
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %r = mlc_kernel.make_range {start = 0 : i64, end = 256 : i64} : tensor<256xi32>
  // expected-error @+1 {{mlc_kernel.broadcast: expected a result of rank 1, got tensor<256x2xi32>}}
  %b = mlc_kernel.broadcast %r : tensor<256xi32> -> tensor<256x2xi32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %r = mlc_kernel.make_range {start = 0 : i64, end = 256 : i64} : tensor<256xi32>
  // expected-error @+1 {{mlc_kernel.broadcast: expected dimension 0 to be 1 or equal in operand and result, got 256 -> 512}}
  %b = mlc_kernel.broadcast %r : tensor<256xi32> -> tensor<512xi32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %r = mlc_kernel.make_range {start = 0 : i64, end = 256 : i64} : tensor<256xi32>
  // expected-error @+1 {{mlc_kernel.expand_dims: expected axis in [0, 1] of a block, got 2}}
  %e = mlc_kernel.expand_dims %r {axis = 2 : i64} : tensor<256xi32> -> tensor<256x1xi32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %r = mlc_kernel.make_range {start = 0 : i64, end = 256 : i64} : tensor<256xi32>
  // expected-error @+1 {{mlc_kernel.expand_dims: expected result shape [1, 256], got [256, 1]}}
  %e = mlc_kernel.expand_dims %r {axis = 0 : i64} : tensor<256xi32> -> tensor<256x1xi32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %r = mlc_kernel.make_range {start = 0 : i64, end = 256 : i64} : tensor<256xi32>
  // expected-error @+1 {{mlc_kernel.expand_dims: expected axis to be an integer attribute, got "x"}}
  %e = mlc_kernel.expand_dims %r {axis = "x"} : tensor<256xi32> -> tensor<256x1xi32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %r = mlc_kernel.make_range {start = 0 : i64, end = 256 : i64} : tensor<256xi32>
  // expected-error @+1 {{mlc_kernel.reshape: expected a block result with 256 elements, got tensor<8x16xi32>}}
  %e = mlc_kernel.reshape %r : tensor<256xi32> -> tensor<8x16xi32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %r = mlc_kernel.make_range {start = 0 : i64, end = 256 : i64} : tensor<256xi32>
  %m = mlc_kernel.reshape %r : tensor<256xi32> -> tensor<16x16xi32>
  // expected-error @+1 {{mlc_kernel.trans: expected order to be a permutation of [0, 2), got [0, 0]}}
  %t = mlc_kernel.trans %m {order = array<i64: 0, 0>} : tensor<16x16xi32> -> tensor<16x16xi32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %r = mlc_kernel.make_range {start = 0 : i64, end = 128 : i64} : tensor<128xi32>
  %m = mlc_kernel.reshape %r : tensor<128xi32> -> tensor<8x16xi32>
  // expected-error @+1 {{mlc_kernel.trans: expected result shape [16, 8], got [8, 16]}}
  %t = mlc_kernel.trans %m {order = array<i64: 1, 0>} : tensor<8x16xi32> -> tensor<8x16xi32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %r = mlc_kernel.make_range {start = 0 : i64, end = 256 : i64} : tensor<256xi32>
  %m = mlc_kernel.reshape %r : tensor<256xi32> -> tensor<16x16xi32>
  // expected-error @+1 {{mlc_kernel.trans: expected order to be an array<i64: ...>, got [1 : i64, 0 : i64]}}
  %t = mlc_kernel.trans %m {order = [1, 0]} : tensor<16x16xi32> -> tensor<16x16xi32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.addptr: expected offset element type i32 or i64, got f32}}
  %a = mlc_kernel.addptr %p, %x : !mlc_kernel.ptr<f32>, f32
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %ps = mlc_kernel.splat %p : !mlc_kernel.ptr<f32> -> tensor<256x!mlc_kernel.ptr<f32>>
  // expected-error @+1 {{mlc_kernel.addptr: expected offset shape [256], got []}}
  %a = mlc_kernel.addptr %ps, %n : tensor<256x!mlc_kernel.ptr<f32>>, i32
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.addptr: expected ptr to be a pointer or a block of pointers, got i32}}
  %a = mlc_kernel.addptr %n, %n : i32, i32
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.addptr: expected result type !mlc_kernel.ptr<f32>, got !mlc_kernel.ptr<i8>}}
  %a = "mlc_kernel.addptr"(%p, %n) : (!mlc_kernel.ptr<f32>, i32) -> !mlc_kernel.ptr<i8>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.load: expected ptr to be a pointer or a block of pointers, got f32}}
  %v = "mlc_kernel.load"(%x) <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (f32) -> f32
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %ps = mlc_kernel.splat %p : !mlc_kernel.ptr<f32> -> tensor<256x!mlc_kernel.ptr<f32>>
  %r = mlc_kernel.make_range {start = 0 : i64, end = 256 : i64} : tensor<256xi32>
  // expected-error @+1 {{mlc_kernel.load: expected mask element type i1, got i32}}
  %v = "mlc_kernel.load"(%ps, %r) <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (tensor<256x!mlc_kernel.ptr<f32>>, tensor<256xi32>) -> tensor<256xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %ps = mlc_kernel.splat %p : !mlc_kernel.ptr<f32> -> tensor<256x!mlc_kernel.ptr<f32>>
  %t = arith.constant dense<true> : tensor<128xi1>
  // expected-error @+1 {{mlc_kernel.load: expected mask shape [256], got [128]}}
  %v = "mlc_kernel.load"(%ps, %t) <{operandSegmentSizes = array<i32: 1, 1, 0>}> : (tensor<256x!mlc_kernel.ptr<f32>>, tensor<128xi1>) -> tensor<256xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %ps = mlc_kernel.splat %p : !mlc_kernel.ptr<f32> -> tensor<256x!mlc_kernel.ptr<f32>>
  %t = arith.constant dense<true> : tensor<256xi1>
  %z = arith.constant dense<0.0> : tensor<256xf16>
  // expected-error @+1 {{mlc_kernel.load: expected other type tensor<256xf32>, got tensor<256xf16>}}
  %v = "mlc_kernel.load"(%ps, %t, %z) <{operandSegmentSizes = array<i32: 1, 1, 1>}> : (tensor<256x!mlc_kernel.ptr<f32>>, tensor<256xi1>, tensor<256xf16>) -> tensor<256xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %ps = mlc_kernel.splat %p : !mlc_kernel.ptr<f32> -> tensor<256x!mlc_kernel.ptr<f32>>
  %z = arith.constant dense<0.0> : tensor<256xf32>
  // expected-error @+1 {{mlc_kernel.load: expected a mask with other (other fills masked-off lanes), got no mask}}
  %v = "mlc_kernel.load"(%ps, %z) <{operandSegmentSizes = array<i32: 1, 0, 1>}> : (tensor<256x!mlc_kernel.ptr<f32>>, tensor<256xf32>) -> tensor<256xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %ps = mlc_kernel.splat %p : !mlc_kernel.ptr<f32> -> tensor<256x!mlc_kernel.ptr<f32>>
  // expected-error @+1 {{mlc_kernel.load: expected result type tensor<256xf32>, got tensor<256xf16>}}
  %v = "mlc_kernel.load"(%ps) <{operandSegmentSizes = array<i32: 1, 0, 0>}> : (tensor<256x!mlc_kernel.ptr<f32>>) -> tensor<256xf16>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %ps = mlc_kernel.splat %p : !mlc_kernel.ptr<f32> -> tensor<256x!mlc_kernel.ptr<f32>>
  // expected-error @+1 {{mlc_kernel.load: expected cache in (ca, cg, cv), got "wb"}}
  %v = mlc_kernel.load %ps {cache = "wb"} : tensor<256x!mlc_kernel.ptr<f32>>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.store: expected eviction in (evict_first, evict_last), got "normal"}}
  mlc_kernel.store %p, %x {eviction = "normal"} : !mlc_kernel.ptr<f32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.store: expected value type f32, got i32}}
  "mlc_kernel.store"(%p, %n) : (!mlc_kernel.ptr<f32>, i32) -> ()
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %ps = mlc_kernel.splat %p : !mlc_kernel.ptr<f32> -> tensor<256x!mlc_kernel.ptr<f32>>
  // expected-error @+1 {{mlc_kernel.store: expected value shape [256], got []}}
  "mlc_kernel.store"(%ps, %x) : (tensor<256x!mlc_kernel.ptr<f32>>, f32) -> ()
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %c = arith.constant 1 : i8
  // expected-error @+1 {{mlc_kernel.atomic_add: expected pointee in (f32, f16, bf16, i32, i64), got i8}}
  %o = mlc_kernel.atomic_add %q, %c : !mlc_kernel.ptr<i8>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %a = arith.constant dense<0.0> : tensor<16xf16>
  %b = arith.constant dense<0.0> : tensor<16x16xf16>
  %c = arith.constant dense<0.0> : tensor<16x16xf32>
  // expected-error @+1 {{mlc_kernel.dot: expected a to be a rank-2 block, got tensor<16xf16>}}
  %d = "mlc_kernel.dot"(%a, %b, %c) <{input_precision = "ieee"}> : (tensor<16xf16>, tensor<16x16xf16>, tensor<16x16xf32>) -> tensor<16x16xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %a = arith.constant dense<0> : tensor<16x16xi32>
  %b = arith.constant dense<0> : tensor<16x16xi32>
  %c = arith.constant dense<0> : tensor<16x16xi32>
  // expected-error @+1 {{mlc_kernel.dot: expected a element type in (f16, bf16, f32, i8), got i32}}
  %d = "mlc_kernel.dot"(%a, %b, %c) <{input_precision = "ieee"}> : (tensor<16x16xi32>, tensor<16x16xi32>, tensor<16x16xi32>) -> tensor<16x16xi32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %a = arith.constant dense<0.0> : tensor<16x16xf16>
  %b = arith.constant dense<0.0> : tensor<16x16xbf16>
  %c = arith.constant dense<0.0> : tensor<16x16xf32>
  // expected-error @+1 {{mlc_kernel.dot: expected b element type f16, got bf16}}
  %d = "mlc_kernel.dot"(%a, %b, %c) <{input_precision = "ieee"}> : (tensor<16x16xf16>, tensor<16x16xbf16>, tensor<16x16xf32>) -> tensor<16x16xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %a = arith.constant dense<0.0> : tensor<16x32xf16>
  %b = arith.constant dense<0.0> : tensor<16x16xf16>
  %c = arith.constant dense<0.0> : tensor<16x16xf32>
  // expected-error @+1 {{mlc_kernel.dot: expected b rows (K) 32, got 16}}
  %d = "mlc_kernel.dot"(%a, %b, %c) <{input_precision = "ieee"}> : (tensor<16x32xf16>, tensor<16x16xf16>, tensor<16x16xf32>) -> tensor<16x16xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %a = arith.constant dense<0.0> : tensor<16x16xf16>
  %b = arith.constant dense<0.0> : tensor<16x32xf16>
  %c = arith.constant dense<0.0> : tensor<16x16xf32>
  // expected-error @+1 {{mlc_kernel.dot: expected acc shape [16, 32], got [16, 16]}}
  %d = "mlc_kernel.dot"(%a, %b, %c) <{input_precision = "ieee"}> : (tensor<16x16xf16>, tensor<16x32xf16>, tensor<16x16xf32>) -> tensor<16x16xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %a = arith.constant dense<0.0> : tensor<8x16xf16>
  %b = arith.constant dense<0.0> : tensor<16x16xf16>
  %c = arith.constant dense<0.0> : tensor<8x16xf32>
  // expected-error @+1 {{mlc_kernel.dot: expected M, N, K >= 16 (Triton's minimum), got [8, 16, 16]}}
  %d = "mlc_kernel.dot"(%a, %b, %c) <{input_precision = "ieee"}> : (tensor<8x16xf16>, tensor<16x16xf16>, tensor<8x16xf32>) -> tensor<8x16xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %a = arith.constant dense<0.0> : tensor<16x16xf16>
  %b = arith.constant dense<0.0> : tensor<16x16xf16>
  %c = arith.constant dense<0.0> : tensor<16x16xf16>
  // expected-error @+1 {{mlc_kernel.dot: expected acc element type f32 for f16 operands, got f16}}
  %d = "mlc_kernel.dot"(%a, %b, %c) <{input_precision = "ieee"}> : (tensor<16x16xf16>, tensor<16x16xf16>, tensor<16x16xf16>) -> tensor<16x16xf16>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %a = arith.constant dense<0> : tensor<16x16xi8>
  %b = arith.constant dense<0> : tensor<16x16xi8>
  %c = arith.constant dense<0.0> : tensor<16x16xf32>
  // expected-error @+1 {{mlc_kernel.dot: expected acc element type i32 for i8 operands, got f32}}
  %d = "mlc_kernel.dot"(%a, %b, %c) <{input_precision = "ieee"}> : (tensor<16x16xi8>, tensor<16x16xi8>, tensor<16x16xf32>) -> tensor<16x16xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %a = arith.constant dense<0.0> : tensor<16x16xf16>
  %b = arith.constant dense<0.0> : tensor<16x16xf16>
  %c = arith.constant dense<0.0> : tensor<16x16xf32>
  // expected-error @+1 {{mlc_kernel.dot: expected result type tensor<16x16xf32>, got tensor<16x16xf16>}}
  %d = "mlc_kernel.dot"(%a, %b, %c) <{input_precision = "ieee"}> : (tensor<16x16xf16>, tensor<16x16xf16>, tensor<16x16xf32>) -> tensor<16x16xf16>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %a = arith.constant dense<0.0> : tensor<16x16xf32>
  %b = arith.constant dense<0.0> : tensor<16x16xf32>
  %c = arith.constant dense<0.0> : tensor<16x16xf32>
  // expected-error @+1 {{mlc_kernel.dot: expected input_precision in (ieee, tf32, tf32x3), got "fast"}}
  %d = "mlc_kernel.dot"(%a, %b, %c) <{input_precision = "fast"}> : (tensor<16x16xf32>, tensor<16x16xf32>, tensor<16x16xf32>) -> tensor<16x16xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %a = arith.constant dense<0.0> : tensor<16x16xbf16>
  %b = arith.constant dense<0.0> : tensor<16x16xbf16>
  %c = arith.constant dense<0.0> : tensor<16x16xf32>
  // expected-error @+1 {{mlc_kernel.dot: expected input_precision ieee for bf16 operands (tf32 applies to f32), got tf32}}
  %d = "mlc_kernel.dot"(%a, %b, %c) <{input_precision = "tf32"}> : (tensor<16x16xbf16>, tensor<16x16xbf16>, tensor<16x16xf32>) -> tensor<16x16xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %z = arith.constant dense<0.0> : tensor<16x32xf32>
  // expected-error @+1 {{mlc_kernel.reduce: expected kind in (sum, max, min, argmax, argmin), got "mean"}}
  %s = mlc_kernel.reduce %z {axis = 1 : i64, kind = "mean"} : tensor<16x32xf32> -> tensor<16xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %z = arith.constant dense<0.0> : tensor<16x32xf32>
  // expected-error @+1 {{mlc_kernel.reduce: expected axis in [0, 2) of a block, got 2}}
  %s = mlc_kernel.reduce %z {axis = 2 : i64, kind = "sum"} : tensor<16x32xf32> -> tensor<16xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %t = arith.constant dense<true> : tensor<16xi1>
  // expected-error @+1 {{mlc_kernel.reduce: expected a sum over integers or floats, got i1}}
  %s = mlc_kernel.reduce %t {axis = 0 : i64, kind = "sum"} : tensor<16xi1> -> i1
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %z = arith.constant dense<0.0> : tensor<16x32xf32>
  // expected-error @+1 {{mlc_kernel.reduce: expected result type tensor<32xf32>, got tensor<16xf32>}}
  %s = mlc_kernel.reduce %z {axis = 0 : i64, kind = "max"} : tensor<16x32xf32> -> tensor<16xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %z = arith.constant dense<0.0> : tensor<16x32xf32>
  // expected-error @+1 {{mlc_kernel.reduce: expected result type tensor<16xi32>, got tensor<16xf32>}}
  %s = mlc_kernel.reduce %z {axis = 1 : i64, kind = "argmax"} : tensor<16x32xf32> -> tensor<16xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %ps = mlc_kernel.splat %p : !mlc_kernel.ptr<f32> -> tensor<256x!mlc_kernel.ptr<f32>>
  // expected-error @+1 {{mlc_kernel.reduce: expected operand to hold integers or floats, got tensor<256x!mlc_kernel.ptr<f32>>}}
  %s = mlc_kernel.reduce %ps {axis = 0 : i64, kind = "max"} : tensor<256x!mlc_kernel.ptr<f32>> -> !mlc_kernel.ptr<f32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.cmpi: expected predicate in (eq, ne, slt, sle, sgt, sge, ult, ule, ugt, uge), got "olt"}}
  %c = mlc_kernel.cmpi olt, %n, %n : i32
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.cmpf: expected float operands, got i32}}
  %c = mlc_kernel.cmpf olt, %n, %n : i32
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %c = arith.constant 0 : i64
  // expected-error @+1 {{mlc_kernel.cmpi: expected rhs type i32, got i64}}
  %t = "mlc_kernel.cmpi"(%n, %c) <{predicate = "eq"}> : (i32, i64) -> i1
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.cmpf: expected result type i1, got i8}}
  %t = "mlc_kernel.cmpf"(%x, %x) <{predicate = "oeq"}> : (f32, f32) -> i8
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.select: expected cond element type i1, got i32}}
  %s = mlc_kernel.select %n, %x, %x : i32, f32
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %z = arith.constant dense<0.0> : tensor<16x32xf32>
  %t = arith.constant dense<true> : tensor<16xi1>
  // expected-error @+1 {{mlc_kernel.select: expected cond shape [16, 32], got [16]}}
  %s = mlc_kernel.select %t, %z, %z : tensor<16xi1>, tensor<16x32xf32>
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %t = arith.constant true
  // expected-error @+1 {{mlc_kernel.select: expected b type f32, got i32}}
  %s = "mlc_kernel.select"(%t, %x, %n) : (i1, f32, i32) -> f32
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  %z = arith.constant dense<0.0> : tensor<16x32xf32>
  // expected-error @+1 {{mlc_kernel.convert: expected result shape [16, 32], got []}}
  %c = mlc_kernel.convert %z : tensor<16x32xf32> -> f16
  mlc_kernel.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>, %q: !mlc_kernel.ptr<i8>, %n: i32, %x: f32) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.convert: expected operand to hold integers or floats, got !mlc_kernel.ptr<f32>}}
  %c = mlc_kernel.convert %p : !mlc_kernel.ptr<f32> -> i64
  mlc_kernel.return
}

// -----

func.func @host() {
  // expected-error @+1 {{mlc_kernel.constant: expected value type (the result's shape and element type) tensor<3xf32>, got tensor<2xf32>}}
  %w = "mlc_kernel.constant"() <{value = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> memref<3xf32>
  func.return
}

// -----

func.func @host() {
  // expected-error @+1 {{mlc_kernel.constant: expected value to be a dense or dense_resource attribute of tensor type, got 1.000000e+00 : f32}}
  %w = "mlc_kernel.constant"() <{value = 1.0 : f32}> : () -> memref<1xf32>
  func.return
}

// -----

func.func @host() {
  // expected-error @+1 {{mlc_kernel.constant: expected result to be a static identity-layout memref of integers or floats, got memref<?xf32>}}
  %w = "mlc_kernel.constant"() <{value = dense<[1.0, 2.0]> : tensor<2xf32>}> : () -> memref<?xf32>
  func.return
}

// -----

mlc_kernel.func @k(%p: !mlc_kernel.ptr<f32>) attributes {grid = array<i64: 1>, constexprs = {}, num_warps = 4 : i64, num_stages = 1 : i64} {
  // expected-error @+1 {{mlc_kernel.constant: expected to be outside mlc_kernel.func (host code), got mlc_kernel.func @k}}
  %w = mlc_kernel.constant dense<[1.0, 2.0]> : memref<2xf32>
  mlc_kernel.return
}
