// RUN: mlc-opt %s --mlir-elide-elementsattrs-if-larger=4 | filecheck %s
// RUN: mlc-opt %s | filecheck %s --check-prefix=FULL

// CHECK:     %small = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK:     %big = arith.constant dense_resource<__elided__> : tensor<8xf32>
// CHECK:     %blob = arith.constant dense_resource<__elided__> : tensor<8xi8>
// CHECK:     %tiny_blob = arith.constant dense_resource<tiny> : tensor<2xi8>
// CHECK-NOT: big_blob
// CHECK:     tiny: "0x

// FULL: %big = arith.constant dense<[0.000000e+00, 1.000000e+00
// FULL: %blob = arith.constant dense_resource<big_blob> : tensor<8xi8>
// FULL: big_blob: "0x

%small = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
%big = arith.constant dense<[0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]> : tensor<8xf32>
%blob = arith.constant dense_resource<big_blob> : tensor<8xi8>
%tiny_blob = arith.constant dense_resource<tiny> : tensor<2xi8>

{-#
  dialect_resources: {
    builtin: {
      big_blob: "0x010000000102030405060708",
      tiny: "0x010000000102"
    }
  }
#-}
