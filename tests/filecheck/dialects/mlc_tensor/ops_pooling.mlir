// RUN: mlc-opt %s | filecheck %s
// RUN: %roundtrip | filecheck %s
// RUN: mlc-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @pools
func.func @pools(%x: tensor<2x3x9x9xf32>, %h: tensor<1x7x8x4xf16>, %b: tensor<1x1x1x1xbf16>) {
  // Default options (strides 1, no padding, no dilation, floor mode, nchw) are elided.
  // CHECK-NEXT: %{{.*}} = mlc_tensor.max_pool2d %x {kernel = array<i64: 3, 3>} : tensor<2x3x9x9xf32> -> tensor<2x3x7x7xf32>
  %0 = mlc_tensor.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, dilation = array<i64: 1, 1>, ceil_mode = false, layout = "nchw"} : tensor<2x3x9x9xf32> -> tensor<2x3x7x7xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, dilation = array<i64: 2, 1>, ceil_mode = true} : tensor<2x3x9x9xf32> -> tensor<2x3x4x5xf32>
  %1 = mlc_tensor.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, dilation = array<i64: 2, 1>, ceil_mode = true} : tensor<2x3x9x9xf32> -> tensor<2x3x4x5xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.avg_pool2d %h {kernel = array<i64: 2, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 1>, count_include_pad = false, layout = "nhwc"} : tensor<1x7x8x4xf16> -> tensor<1x4x4x4xf16>
  %2 = mlc_tensor.avg_pool2d %h {kernel = array<i64: 2, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 1>, count_include_pad = false, layout = "nhwc"} : tensor<1x7x8x4xf16> -> tensor<1x4x4x4xf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = true} : tensor<2x3x9x9xf32> -> tensor<2x3x5x5xf32>
  %3 = mlc_tensor.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, ceil_mode = true, count_include_pad = true} : tensor<2x3x9x9xf32> -> tensor<2x3x5x5xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.max_pool2d %b {kernel = array<i64: 1, 1>} : tensor<1x1x1x1xbf16> -> tensor<1x1x1x1xbf16>
  %4 = mlc_tensor.max_pool2d %b {kernel = array<i64: 1, 1>} : tensor<1x1x1x1xbf16> -> tensor<1x1x1x1xbf16>
  func.return
}

// GENERIC-LABEL: "func.func"() <{sym_name = "pools"
// GENERIC: %{{.*}} = "mlc_tensor.max_pool2d"(%x) <{kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>, dilation = array<i64: 2, 1>, ceil_mode = true, layout = "nchw"}> : (tensor<2x3x9x9xf32>) -> tensor<2x3x4x5xf32>
// GENERIC: %{{.*}} = "mlc_tensor.avg_pool2d"(%h) <{kernel = array<i64: 2, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0, 1, 1>, count_include_pad = false, layout = "nhwc", ceil_mode = false}> : (tensor<1x7x8x4xf16>) -> tensor<1x4x4x4xf16>
