// RUN: mlc-opt %s -p decompose --verify-each-numerics | filecheck %s
// RUN: mlc-opt %s -p 'decompose{ops=gelu,linear}' | filecheck %s --check-prefix=SOME
// RUN: not mlc-opt %s -p 'decompose{ops=softmax,conv2d}' 2>&1 | filecheck %s --check-prefix=BAD
// Round trip: decompose everything, recompose, and get the input back exactly.
// RUN: mlc-opt %s -p 'decompose{ops=softmax,log_softmax,layer_norm,gelu,batch_norm,linear},recompose' --verify-each-numerics > %t.round
// RUN: mlc-opt %s > %t.orig
// RUN: diff %t.orig %t.round

// BAD: error: decompose: unknown op(s) conv2d in ops; choose from softmax, log_softmax, layer_norm, gelu, batch_norm, linear

// CHECK-LABEL: func.func @softmax(
// CHECK-NEXT:    %[[M:.*]] = mlc_tensor.reduce_max %x {axes = array<i64: 1>, keepdim} : tensor<2x8xf32> -> tensor<2x1xf32>
// CHECK-NEXT:    %[[D:.*]] = mlc_tensor.sub %x, %[[M]]
// CHECK-NEXT:    %[[E:.*]] = mlc_tensor.exp %[[D]]
// CHECK-NEXT:    %[[S:.*]] = mlc_tensor.reduce_sum %[[E]] {axes = array<i64: 1>, keepdim}
// CHECK-NEXT:    %[[R:.*]] = mlc_tensor.div %[[E]], %[[S]]
// CHECK-NEXT:    %[[M2:.*]] = mlc_tensor.reduce_max %x {axes = array<i64: 1>, keepdim}
// CHECK-NEXT:    %[[D2:.*]] = mlc_tensor.sub %x, %[[M2]]
// CHECK-NEXT:    %[[E2:.*]] = mlc_tensor.exp %[[D2]]
// CHECK-NEXT:    %[[S2:.*]] = mlc_tensor.reduce_sum %[[E2]] {axes = array<i64: 1>, keepdim}
// CHECK-NEXT:    %[[L:.*]] = mlc_tensor.log %[[S2]]
// CHECK-NEXT:    %[[R2:.*]] = mlc_tensor.sub %[[D2]], %[[L]]
// CHECK-NEXT:    func.return %[[R]], %[[R2]]
// SOME-LABEL: func.func @softmax(
// SOME-NEXT:    mlc_tensor.softmax
// SOME-NEXT:    mlc_tensor.log_softmax
func.func @softmax(%x: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %s = mlc_tensor.softmax %x {axis = 1 : i64} : tensor<2x8xf32> -> tensor<2x8xf32>
  %l = mlc_tensor.log_softmax %x {axis = 1 : i64} : tensor<2x8xf32> -> tensor<2x8xf32>
  func.return %s, %l : tensor<2x8xf32>, tensor<2x8xf32>
}

// CHECK-LABEL: func.func @layer_norm(
// CHECK-NEXT:    %[[M:.*]] = mlc_tensor.reduce_mean %x {axes = array<i64: 1, 2>, keepdim} : tensor<2x3x4xf32> -> tensor<2x1x1xf32>
// CHECK-NEXT:    %[[C:.*]] = mlc_tensor.sub %x, %[[M]]
// CHECK-NEXT:    %[[SQ:.*]] = mlc_tensor.mul %[[C]], %[[C]]
// CHECK-NEXT:    %[[V:.*]] = mlc_tensor.reduce_mean %[[SQ]] {axes = array<i64: 1, 2>, keepdim}
// CHECK-NEXT:    %[[EPS:.*]] = mlc_tensor.constant dense<1.000000e-03> : tensor<f32>
// CHECK-NEXT:    %[[VE:.*]] = mlc_tensor.add %[[V]], %[[EPS]]
// CHECK-NEXT:    %[[R:.*]] = mlc_tensor.rsqrt %[[VE]]
// CHECK-NEXT:    %[[N:.*]] = mlc_tensor.mul %[[C]], %[[R]]
// CHECK-NEXT:    %[[W:.*]] = mlc_tensor.mul %[[N]], %w
// CHECK-NEXT:    %[[B:.*]] = mlc_tensor.add %[[W]], %b
// CHECK-NEXT:    func.return %[[B]]
func.func @layer_norm(%x: tensor<2x3x4xf32>, %w: tensor<3x4xf32>, %b: tensor<3x4xf32>) -> tensor<2x3x4xf32> {
  %y = mlc_tensor.layer_norm %x weight(%w : tensor<3x4xf32>) bias(%b : tensor<3x4xf32>) {normalized_rank = 2 : i64, epsilon = 1.0e-03 : f64} : tensor<2x3x4xf32> -> tensor<2x3x4xf32>
  func.return %y : tensor<2x3x4xf32>
}

// CHECK-LABEL: func.func @gelu(
// CHECK-NEXT:    mlc_tensor.constant dense<0.707106769> : tensor<f32>
// CHECK-NEXT:    mlc_tensor.mul %x
// CHECK-NEXT:    mlc_tensor.erf
// CHECK:         mlc_tensor.mul %x, %x
// CHECK:         mlc_tensor.constant dense<4.471500e-02>
// CHECK:         mlc_tensor.constant dense<0.797884583>
// CHECK:         mlc_tensor.tanh
// SOME-LABEL: func.func @gelu(
// SOME-NOT:     mlc_tensor.gelu
// SOME:         mlc_tensor.erf
// SOME:         mlc_tensor.tanh
func.func @gelu(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %e = mlc_tensor.gelu %x : tensor<4xf32> -> tensor<4xf32>
  %t = mlc_tensor.gelu %x {approximate = "tanh"} : tensor<4xf32> -> tensor<4xf32>
  func.return %e, %t : tensor<4xf32>, tensor<4xf32>
}

// Parameters are reshaped to [1, C, 1, 1] to broadcast along the channel axis.
// CHECK-LABEL: func.func @batch_norm(
// CHECK:         %[[F:.*]] = mlc_tensor.div %s, %{{.*}} : tensor<3xf32>, tensor<3xf32> -> tensor<3xf32>
// CHECK-NEXT:    %[[M:.*]] = mlc_tensor.reshape %m : tensor<3xf32> -> tensor<1x3x1x1xf32>
// CHECK-NEXT:    %[[C:.*]] = mlc_tensor.sub %x, %[[M]]
// CHECK-NEXT:    %[[FR:.*]] = mlc_tensor.reshape %[[F]] : tensor<3xf32> -> tensor<1x3x1x1xf32>
// CHECK-NEXT:    %[[Y:.*]] = mlc_tensor.mul %[[C]], %[[FR]]
// CHECK-NEXT:    %[[BR:.*]] = mlc_tensor.reshape %b : tensor<3xf32> -> tensor<1x3x1x1xf32>
// CHECK-NEXT:    mlc_tensor.add %[[Y]], %[[BR]]
func.func @batch_norm(%x: tensor<2x3x2x2xf32>, %s: tensor<3xf32>, %b: tensor<3xf32>, %m: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<2x3x2x2xf32> {
  %y = mlc_tensor.batch_norm %x scale %s bias %b mean %m var %v : tensor<2x3x2x2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32> -> tensor<2x3x2x2xf32>
  func.return %y : tensor<2x3x2x2xf32>
}

// f16 composites compute in f32: the primitives run on casts and the result is cast back.
// linear is kept by default (negative), split with ops=linear.
// CHECK-LABEL: func.func @narrow_and_linear(
// CHECK-NEXT:    %[[X:.*]] = mlc_tensor.cast %x : tensor<2x3x8xf16> -> tensor<2x3x8xf32>
// CHECK-NEXT:    mlc_tensor.reduce_max %[[X]]
// CHECK:         %[[S:.*]] = mlc_tensor.div
// CHECK-NEXT:    %[[H:.*]] = mlc_tensor.cast %[[S]] : tensor<2x3x8xf32> -> tensor<2x3x8xf16>
// CHECK-NEXT:    %[[L:.*]] = mlc_tensor.linear %x, %w, %b
// CHECK-NEXT:    func.return %[[H]], %[[L]]
// SOME-LABEL: func.func @narrow_and_linear(
// SOME:         mlc_tensor.reshape %{{.*}} : tensor<2x3x8xf32> -> tensor<6x8xf32>
// SOME-NEXT:    mlc_tensor.transpose %{{.*}} {perm = array<i64: 1, 0>} : tensor<4x8xf32> -> tensor<8x4xf32>
// SOME-NEXT:    mlc_tensor.matmul
// SOME-NEXT:    mlc_tensor.reshape %{{.*}} : tensor<6x4xf32> -> tensor<2x3x4xf32>
// SOME-NEXT:    mlc_tensor.add
// SOME-NEXT:    mlc_tensor.cast %{{.*}} : tensor<2x3x4xf32> -> tensor<2x3x4xf16>
func.func @narrow_and_linear(%x: tensor<2x3x8xf16>, %w: tensor<4x8xf16>, %b: tensor<4xf16>) -> (tensor<2x3x8xf16>, tensor<2x3x4xf16>) {
  %s = mlc_tensor.softmax %x {axis = 2 : i64} : tensor<2x3x8xf16> -> tensor<2x3x8xf16>
  %l = mlc_tensor.linear %x, %w, %b : tensor<2x3x8xf16>, tensor<4x8xf16>, tensor<4xf16> -> tensor<2x3x4xf16>
  func.return %s, %l : tensor<2x3x8xf16>, tensor<2x3x4xf16>
}
