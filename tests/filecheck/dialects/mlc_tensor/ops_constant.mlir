// RUN: mlc-opt %s | filecheck %s
// RUN: %roundtrip | filecheck %s
// RUN: mlc-opt %s --print-op-generic | filecheck %s --check-prefix=GENERIC

// CHECK-LABEL: func.func @constants
func.func @constants() {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.constant dense<[[1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
  %0 = mlc_tensor.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.constant dense<1.500000e+00> : tensor<2x2xbf16>
  %1 = mlc_tensor.constant dense<1.5> : tensor<2x2xbf16>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.constant dense<[true, false]> : tensor<2xi1>
  %2 = mlc_tensor.constant dense<[true, false]> : tensor<2xi1>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.constant dense<-7> : tensor<i8>
  %3 = mlc_tensor.constant dense<-7> : tensor<i8>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.constant {mlc.name = "w"} dense_resource<w> : tensor<2xf16>
  %4 = mlc_tensor.constant {mlc.name = "w"} dense_resource<w> : tensor<2xf16>
  func.return
}

// GENERIC: "mlc_tensor.constant"() <{value = dense<[true, false]> : tensor<2xi1>}> : () -> tensor<2xi1>
// GENERIC: "mlc_tensor.constant"() <{value = dense_resource<w> : tensor<2xf16>}> {mlc.name = "w"} : () -> tensor<2xf16>

// CHECK-LABEL: func.func @iotas
func.func @iotas() {
  // CHECK-NEXT: %{{.*}} = mlc_tensor.iota : tensor<4xi32>
  %0 = mlc_tensor.iota : tensor<4xi32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.iota {dimension = 1 : i64, start = 1.000000e+00 : f64, step = 5.000000e-01 : f64} : tensor<2x3xf32>
  %1 = mlc_tensor.iota {dimension = 1, start = 1.0 : f64, step = 0.5 : f64} : tensor<2x3xf32>
  // CHECK-NEXT: %{{.*}} = mlc_tensor.iota {start = 3 : i64, step = -2 : i64} : tensor<5xi8>
  %2 = mlc_tensor.iota {start = 3, step = -2} : tensor<5xi8>
  func.return
}

// GENERIC: "mlc_tensor.iota"() <{dimension = 1 : i64, start = 1.000000e+00 : f64, step = 5.000000e-01 : f64}> : () -> tensor<2x3xf32>

{-#
  dialect_resources: {
    builtin: {
      w: "0x04000000003C0040"
    }
  }
#-}
