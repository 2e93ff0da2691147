// RUN: mlc-opt %s -p canonicalize | filecheck %s
// RUN: mlc-opt %s -p canonicalize --verify-each-numerics=0,0 | filecheck %s

// Every mlc_tensor canonicalization: each rule on a positive case, and the cases next to it
// that must not change (the identity does not hold, or the result type would change).

// ---- elementwise identities ----

// CHECK-LABEL: func.func @mul_one(
// CHECK-NEXT:    func.return %x, %x
func.func @mul_one(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %one = mlc_tensor.constant dense<1.0> : tensor<f32>
  %a = mlc_tensor.mul %x, %one : tensor<2x3xf32>, tensor<f32> -> tensor<2x3xf32>
  %b = mlc_tensor.mul %one, %x : tensor<f32>, tensor<2x3xf32> -> tensor<2x3xf32>
  func.return %a, %b : tensor<2x3xf32>, tensor<2x3xf32>
}

// A splat 1 that broadcasts x keeps the multiply (the result type is not x's); a 2 is no unit.
// CHECK-LABEL: func.func @mul_one_broadcasting(
// CHECK-NEXT:    %one = mlc_tensor.constant dense<1.000000e+00> : tensor<2x3xf32>
// CHECK-NEXT:    %a = mlc_tensor.mul %x, %one : tensor<3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
// CHECK-NEXT:    %two = mlc_tensor.constant dense<2.000000e+00> : tensor<f32>
// CHECK-NEXT:    %b = mlc_tensor.mul %x, %two : tensor<3xf32>, tensor<f32> -> tensor<3xf32>
// CHECK-NEXT:    func.return %a, %b
func.func @mul_one_broadcasting(%x: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<3xf32>) {
  %one = mlc_tensor.constant dense<1.0> : tensor<2x3xf32>
  %a = mlc_tensor.mul %x, %one : tensor<3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  %two = mlc_tensor.constant dense<2.0> : tensor<f32>
  %b = mlc_tensor.mul %x, %two : tensor<3xf32>, tensor<f32> -> tensor<3xf32>
  func.return %a, %b : tensor<2x3xf32>, tensor<3xf32>
}

// x + (-0.0) and (-0.0) + x are x; x + (+0.0) is not (it turns -0.0 into +0.0).
// CHECK-LABEL: func.func @add_zero_float(
// CHECK-NEXT:    %zero = mlc_tensor.constant dense<0.000000e+00> : tensor<f32>
// CHECK-NEXT:    %c = mlc_tensor.add %x, %zero : tensor<4xf32>, tensor<f32> -> tensor<4xf32>
// CHECK-NEXT:    func.return %x, %x, %c
func.func @add_zero_float(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %nzero = mlc_tensor.constant dense<-0.0> : tensor<4xf32>
  %a = mlc_tensor.add %x, %nzero : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %b = mlc_tensor.add %nzero, %x : tensor<4xf32>, tensor<4xf32> -> tensor<4xf32>
  %zero = mlc_tensor.constant dense<0.0> : tensor<f32>
  %c = mlc_tensor.add %x, %zero : tensor<4xf32>, tensor<f32> -> tensor<4xf32>
  func.return %a, %b, %c : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// CHECK-LABEL: func.func @add_sub_zero_int(
// CHECK-NEXT:    func.return %x, %x, %x
func.func @add_sub_zero_int(%x: tensor<4xi32>) -> (tensor<4xi32>, tensor<4xi32>, tensor<4xi32>) {
  %zero = mlc_tensor.constant dense<0> : tensor<i32>
  %a = mlc_tensor.add %x, %zero : tensor<4xi32>, tensor<i32> -> tensor<4xi32>
  %b = mlc_tensor.add %zero, %x : tensor<i32>, tensor<4xi32> -> tensor<4xi32>
  %c = mlc_tensor.sub %x, %zero : tensor<4xi32>, tensor<i32> -> tensor<4xi32>
  func.return %a, %b, %c : tensor<4xi32>, tensor<4xi32>, tensor<4xi32>
}

// x - (+0.0) is x; x - (-0.0) is x + 0.0 and stays; 0 - x is no identity.
// CHECK-LABEL: func.func @sub_zero_float(
// CHECK-NEXT:    %zero = mlc_tensor.constant dense<0.000000e+00> : tensor<f16>
// CHECK-NEXT:    %nzero = mlc_tensor.constant dense<-0.000000e+00> : tensor<f16>
// CHECK-NEXT:    %b = mlc_tensor.sub %x, %nzero
// CHECK-NEXT:    %c = mlc_tensor.sub %zero, %x
// CHECK-NEXT:    func.return %x, %b, %c
func.func @sub_zero_float(%x: tensor<4xf16>) -> (tensor<4xf16>, tensor<4xf16>, tensor<4xf16>) {
  %zero = mlc_tensor.constant dense<0.0> : tensor<f16>
  %a = mlc_tensor.sub %x, %zero : tensor<4xf16>, tensor<f16> -> tensor<4xf16>
  %nzero = mlc_tensor.constant dense<-0.0> : tensor<f16>
  %b = mlc_tensor.sub %x, %nzero : tensor<4xf16>, tensor<f16> -> tensor<4xf16>
  %c = mlc_tensor.sub %zero, %x : tensor<f16>, tensor<4xf16> -> tensor<4xf16>
  func.return %a, %b, %c : tensor<4xf16>, tensor<4xf16>, tensor<4xf16>
}

// x / 1 is x; 1 / x is not.
// CHECK-LABEL: func.func @div_one(
// CHECK-NEXT:    %one = mlc_tensor.constant dense<1> : tensor<i8>
// CHECK-NEXT:    %b = mlc_tensor.div %one, %x
// CHECK-NEXT:    func.return %x, %b
func.func @div_one(%x: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>) {
  %one = mlc_tensor.constant dense<1> : tensor<i8>
  %a = mlc_tensor.div %x, %one : tensor<4xi8>, tensor<i8> -> tensor<4xi8>
  %b = mlc_tensor.div %one, %x : tensor<i8>, tensor<4xi8> -> tensor<4xi8>
  func.return %a, %b : tensor<4xi8>, tensor<4xi8>
}

// A constant that is not a splat is no identity even where its elements are all 1 but one.
// CHECK-LABEL: func.func @mul_not_splat(
// CHECK-NEXT:    %c = mlc_tensor.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:    %a = mlc_tensor.mul %x, %c
// CHECK-NEXT:    func.return %a
func.func @mul_not_splat(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = mlc_tensor.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %a = mlc_tensor.mul %x, %c : tensor<2xf32>, tensor<2xf32> -> tensor<2xf32>
  func.return %a : tensor<2xf32>
}

// CHECK-LABEL: func.func @neg_of_neg(
// CHECK-NEXT:    %n = mlc_tensor.neg %x
// CHECK-NEXT:    %r = mlc_tensor.abs %n
// CHECK-NEXT:    func.return %x, %r
func.func @neg_of_neg(%x: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>) {
  %n = mlc_tensor.neg %x : tensor<4xi8> -> tensor<4xi8>
  %nn = mlc_tensor.neg %n : tensor<4xi8> -> tensor<4xi8>
  %r = mlc_tensor.abs %n : tensor<4xi8> -> tensor<4xi8>
  func.return %nn, %r : tensor<4xi8>, tensor<4xi8>
}

// ---- broadcasts folded into elementwise consumers ----

// broadcast_to of a scalar (and of a row) is left to the op's own broadcasting.
// CHECK-LABEL: func.func @broadcast_into_consumer(
// CHECK-NEXT:    %a = mlc_tensor.add %x, %s : tensor<2x3xf32>, tensor<f32> -> tensor<2x3xf32>
// CHECK-NEXT:    %b = mlc_tensor.mul %row, %x : tensor<3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
// CHECK-NEXT:    %c = mlc_tensor.gt %x, %s : tensor<2x3xf32>, tensor<f32> -> tensor<2x3xi1>
// CHECK-NEXT:    func.return %a, %b, %c
func.func @broadcast_into_consumer(%x: tensor<2x3xf32>, %s: tensor<f32>, %row: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xi1>) {
  %bs = mlc_tensor.broadcast_to %s : tensor<f32> -> tensor<2x3xf32>
  %a = mlc_tensor.add %x, %bs : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  %br = mlc_tensor.broadcast_to %row : tensor<3xf32> -> tensor<2x3xf32>
  %b = mlc_tensor.mul %br, %x : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  %c = mlc_tensor.gt %x, %bs : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xi1>
  func.return %a, %b, %c : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xi1>
}

// The broadcast stays where the other operand alone does not reach the result shape.
// CHECK-LABEL: func.func @broadcast_needed(
// CHECK-NEXT:    %bs = mlc_tensor.broadcast_to %s : tensor<f32> -> tensor<2x3xf32>
// CHECK-NEXT:    %a = mlc_tensor.add %row, %bs : tensor<3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
// CHECK-NEXT:    func.return %a
func.func @broadcast_needed(%row: tensor<3xf32>, %s: tensor<f32>) -> tensor<2x3xf32> {
  %bs = mlc_tensor.broadcast_to %s : tensor<f32> -> tensor<2x3xf32>
  %a = mlc_tensor.add %row, %bs : tensor<3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  func.return %a : tensor<2x3xf32>
}

// A splat constant operand (here of all-ones shape and of full shape) becomes a rank-0 one.
// CHECK-LABEL: func.func @splat_to_scalar(
// CHECK-NEXT:    %h = mlc_tensor.constant dense<5.000000e-01> : tensor<f32>
// CHECK-NEXT:    %a = mlc_tensor.mul %x, %h : tensor<2x3xf32>, tensor<f32> -> tensor<2x3xf32>
// CHECK-NEXT:    %t = mlc_tensor.constant dense<3> : tensor<i32>
// CHECK-NEXT:    %b = mlc_tensor.maximum %t, %y : tensor<i32>, tensor<2x3xi32> -> tensor<2x3xi32>
// CHECK-NEXT:    func.return %a, %b
func.func @splat_to_scalar(%x: tensor<2x3xf32>, %y: tensor<2x3xi32>) -> (tensor<2x3xf32>, tensor<2x3xi32>) {
  %h = mlc_tensor.constant dense<0.5> : tensor<1x1xf32>
  %a = mlc_tensor.mul %x, %h : tensor<2x3xf32>, tensor<1x1xf32> -> tensor<2x3xf32>
  %t = mlc_tensor.constant dense<3> : tensor<2x3xi32>
  %b = mlc_tensor.maximum %t, %y : tensor<2x3xi32>, tensor<2x3xi32> -> tensor<2x3xi32>
  func.return %a, %b : tensor<2x3xf32>, tensor<2x3xi32>
}

// A splat whose shape the result needs stays as it is.
// CHECK-LABEL: func.func @splat_needed(
// CHECK-NEXT:    %h = mlc_tensor.constant dense<5.000000e-01> : tensor<2x1xf32>
// CHECK-NEXT:    %a = mlc_tensor.mul %x, %h : tensor<3xf32>, tensor<2x1xf32> -> tensor<2x3xf32>
// CHECK-NEXT:    func.return %a
func.func @splat_needed(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %h = mlc_tensor.constant dense<0.5> : tensor<2x1xf32>
  %a = mlc_tensor.mul %x, %h : tensor<3xf32>, tensor<2x1xf32> -> tensor<2x3xf32>
  func.return %a : tensor<2x3xf32>
}

// ---- select ----

// A splat condition picks a branch (broadcast to the result where the branch is smaller).
// CHECK-LABEL: func.func @select_constant_condition(
// CHECK-NEXT:    %b = mlc_tensor.broadcast_to %s : tensor<f32> -> tensor<2x3xf32>
// CHECK-NEXT:    func.return %x, %b
func.func @select_constant_condition(%x: tensor<2x3xf32>, %s: tensor<f32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %t = mlc_tensor.constant dense<true> : tensor<2x3xi1>
  %a = mlc_tensor.select %t, %x, %s : tensor<2x3xi1>, tensor<2x3xf32>, tensor<f32> -> tensor<2x3xf32>
  %f = mlc_tensor.constant dense<false> : tensor<i1>
  %b = mlc_tensor.select %f, %x, %s : tensor<i1>, tensor<2x3xf32>, tensor<f32> -> tensor<2x3xf32>
  func.return %a, %b : tensor<2x3xf32>, tensor<2x3xf32>
}

// CHECK-LABEL: func.func @select_mixed_condition(
// CHECK-NEXT:    %c = mlc_tensor.constant dense<[true, false, true]> : tensor<3xi1>
// CHECK-NEXT:    %a = mlc_tensor.select %c, %x, %y
// CHECK-NEXT:    func.return %a
func.func @select_mixed_condition(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  %c = mlc_tensor.constant dense<[true, false, true]> : tensor<3xi1>
  %a = mlc_tensor.select %c, %x, %y : tensor<3xi1>, tensor<3xf32>, tensor<3xf32> -> tensor<3xf32>
  func.return %a : tensor<3xf32>
}

// ---- cast ----

// CHECK-LABEL: func.func @cast_same_type(
// CHECK-NEXT:    func.return %x
func.func @cast_same_type(%x: tensor<4xbf16>) -> tensor<4xbf16> {
  %a = mlc_tensor.cast %x : tensor<4xbf16> -> tensor<4xbf16>
  func.return %a : tensor<4xbf16>
}

// Through an exact widening, two casts are one (and i8 -> i32 -> i8 is none); through a
// narrowing or a float that cannot hold every i32, both stay.
// CHECK-LABEL: func.func @cast_of_cast(
// CHECK-NEXT:    %b = mlc_tensor.cast %x : tensor<4xi8> -> tensor<4xf16>
// CHECK-NEXT:    %n = mlc_tensor.cast %f : tensor<4xf32> -> tensor<4xf16>
// CHECK-NEXT:    %m = mlc_tensor.cast %n : tensor<4xf16> -> tensor<4xf32>
// CHECK-NEXT:    %w = mlc_tensor.cast %i : tensor<4xi32> -> tensor<4xf32>
// CHECK-NEXT:    %v = mlc_tensor.cast %w : tensor<4xf32> -> tensor<4xi32>
// CHECK-NEXT:    func.return %b, %x, %m, %v
func.func @cast_of_cast(%x: tensor<4xi8>, %f: tensor<4xf32>, %i: tensor<4xi32>) -> (tensor<4xf16>, tensor<4xi8>, tensor<4xf32>, tensor<4xi32>) {
  %a = mlc_tensor.cast %x : tensor<4xi8> -> tensor<4xi32>
  %b = mlc_tensor.cast %a : tensor<4xi32> -> tensor<4xf16>
  %c = mlc_tensor.cast %a : tensor<4xi32> -> tensor<4xi8>
  %n = mlc_tensor.cast %f : tensor<4xf32> -> tensor<4xf16>
  %m = mlc_tensor.cast %n : tensor<4xf16> -> tensor<4xf32>
  %w = mlc_tensor.cast %i : tensor<4xi32> -> tensor<4xf32>
  %v = mlc_tensor.cast %w : tensor<4xf32> -> tensor<4xi32>
  func.return %b, %c, %m, %v : tensor<4xf16>, tensor<4xi8>, tensor<4xf32>, tensor<4xi32>
}

// ---- data movement ----

// CHECK-LABEL: func.func @transpose_chains(
// CHECK-NEXT:    %v = mlc_tensor.transpose %x {perm = array<i64: 2, 0, 1>} : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
// CHECK-NEXT:    func.return %x, %v, %x
func.func @transpose_chains(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<4x2x3xf32>, tensor<2x3x4xf32>) {
  %t = mlc_tensor.transpose %x {perm = array<i64: 1, 0, 2>} : tensor<2x3x4xf32> -> tensor<3x2x4xf32>
  %u = mlc_tensor.transpose %t {perm = array<i64: 1, 0, 2>} : tensor<3x2x4xf32> -> tensor<2x3x4xf32>
  %v = mlc_tensor.transpose %t {perm = array<i64: 2, 1, 0>} : tensor<3x2x4xf32> -> tensor<4x2x3xf32>
  %i = mlc_tensor.transpose %x {perm = array<i64: 0, 1, 2>} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return %u, %v, %i : tensor<2x3x4xf32>, tensor<4x2x3xf32>, tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @transpose_kept(
// CHECK-NEXT:    %t = mlc_tensor.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
// CHECK-NEXT:    %n = mlc_tensor.neg %t
// CHECK-NEXT:    func.return %n
func.func @transpose_kept(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %t = mlc_tensor.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  %n = mlc_tensor.neg %t : tensor<3x2xf32> -> tensor<3x2xf32>
  func.return %n : tensor<3x2xf32>
}

// CHECK-LABEL: func.func @reshape_chains(
// CHECK-NEXT:    %b = mlc_tensor.reshape %x : tensor<2x3x4xf32> -> tensor<4x6xf32>
// CHECK-NEXT:    func.return %b, %x, %x
func.func @reshape_chains(%x: tensor<2x3x4xf32>) -> (tensor<4x6xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  %a = mlc_tensor.reshape %x : tensor<2x3x4xf32> -> tensor<24xf32>
  %b = mlc_tensor.reshape %a : tensor<24xf32> -> tensor<4x6xf32>
  %c = mlc_tensor.reshape %a : tensor<24xf32> -> tensor<2x3x4xf32>
  %d = mlc_tensor.reshape %x : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return %b, %c, %d : tensor<4x6xf32>, tensor<2x3x4xf32>, tensor<2x3x4xf32>
}

// A reshape after a transpose is no reshape chain.
// CHECK-LABEL: func.func @reshape_kept(
// CHECK-NEXT:    %t = mlc_tensor.transpose %x
// CHECK-NEXT:    %r = mlc_tensor.reshape %t : tensor<3x2xf32> -> tensor<6xf32>
// CHECK-NEXT:    func.return %r
func.func @reshape_kept(%x: tensor<2x3xf32>) -> tensor<6xf32> {
  %t = mlc_tensor.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  %r = mlc_tensor.reshape %t : tensor<3x2xf32> -> tensor<6xf32>
  func.return %r : tensor<6xf32>
}

// CHECK-LABEL: func.func @broadcast_chains(
// CHECK-NEXT:    %b = mlc_tensor.broadcast_to %x : tensor<3xf32> -> tensor<4x2x3xf32>
// CHECK-NEXT:    func.return %x, %b
func.func @broadcast_chains(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<4x2x3xf32>) {
  %s = mlc_tensor.broadcast_to %x : tensor<3xf32> -> tensor<3xf32>
  %a = mlc_tensor.broadcast_to %x : tensor<3xf32> -> tensor<2x3xf32>
  %b = mlc_tensor.broadcast_to %a : tensor<2x3xf32> -> tensor<4x2x3xf32>
  func.return %s, %b : tensor<3xf32>, tensor<4x2x3xf32>
}

// CHECK-LABEL: func.func @slice_full(
// CHECK-NEXT:    %b = mlc_tensor.slice %x {start = array<i64: 0, 1>, limit = array<i64: 2, 3>, step = array<i64: 1, 1>}
// CHECK-NEXT:    %c = mlc_tensor.slice %x {start = array<i64: 0, 0>, limit = array<i64: 2, 3>, step = array<i64: 1, 2>}
// CHECK-NEXT:    func.return %x, %b, %c
func.func @slice_full(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %a = mlc_tensor.slice %x {start = array<i64: 0, 0>, limit = array<i64: 2, 3>, step = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<2x3xf32>
  %b = mlc_tensor.slice %x {start = array<i64: 0, 1>, limit = array<i64: 2, 3>, step = array<i64: 1, 1>} : tensor<2x3xf32> -> tensor<2x2xf32>
  %c = mlc_tensor.slice %x {start = array<i64: 0, 0>, limit = array<i64: 2, 3>, step = array<i64: 1, 2>} : tensor<2x3xf32> -> tensor<2x2xf32>
  func.return %a, %b, %c : tensor<2x3xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}

// CHECK-LABEL: func.func @concat_of_one(
// CHECK-NEXT:    %b = mlc_tensor.concat %x, %x {axis = 0 : i64}
// CHECK-NEXT:    func.return %x, %b
func.func @concat_of_one(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<4x3xf32>) {
  %a = mlc_tensor.concat %x {axis = 1 : i64} : tensor<2x3xf32> -> tensor<2x3xf32>
  %b = mlc_tensor.concat %x, %x {axis = 0 : i64} : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<4x3xf32>
  func.return %a, %b : tensor<2x3xf32>, tensor<4x3xf32>
}

// Rules compose: the canonicalizer runs to a fixed point.
// CHECK-LABEL: func.func @composed(
// CHECK-NEXT:    %r = mlc_tensor.add %x, %s : tensor<2x3xf32>, tensor<f32> -> tensor<2x3xf32>
// CHECK-NEXT:    func.return %r
func.func @composed(%x: tensor<2x3xf32>, %s: tensor<f32>) -> tensor<2x3xf32> {
  %t = mlc_tensor.transpose %x {perm = array<i64: 1, 0>} : tensor<2x3xf32> -> tensor<3x2xf32>
  %u = mlc_tensor.transpose %t {perm = array<i64: 1, 0>} : tensor<3x2xf32> -> tensor<2x3xf32>
  %one = mlc_tensor.constant dense<1.0> : tensor<2x3xf32>
  %m = mlc_tensor.mul %one, %u : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  %n = mlc_tensor.neg %m : tensor<2x3xf32> -> tensor<2x3xf32>
  %nn = mlc_tensor.neg %n : tensor<2x3xf32> -> tensor<2x3xf32>
  %bs = mlc_tensor.broadcast_to %s : tensor<f32> -> tensor<2x3xf32>
  %r = mlc_tensor.add %nn, %bs : tensor<2x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  func.return %r : tensor<2x3xf32>
}
