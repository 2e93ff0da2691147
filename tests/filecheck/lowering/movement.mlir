// RUN: mlc-opt %s -p 'convert-mlc-tensor-to-mlc-kernel' | filecheck %s

// Data-movement ops as lane rules (to_kernel/movement.py, scan.py): each output lane
// computes where its value comes from. Numerics: tests/unit/lowering/test_movement_kernels.py.

// gather: the index is loaded lane by lane, clamped in its own width, converted to i32 and
// used as the row coordinate of the table.
// CHECK-LABEL: mlc_kernel.func @gather_0(
// CHECK-SAME: %[[TABLE:.*]]: !mlc_kernel.ptr<f32>, %[[IDS:.*]]: !mlc_kernel.ptr<i64>, %{{.*}}: !mlc_kernel.ptr<f32>)
// CHECK: %[[MASK:.*]] = mlc_kernel.cmpi slt, %{{.*}}, %{{.*}} : tensor<128xi32>
// CHECK: %[[IP:.*]] = mlc_kernel.splat %[[IDS]] : !mlc_kernel.ptr<i64> -> tensor<128x!mlc_kernel.ptr<i64>>
// CHECK: %[[IA:.*]] = mlc_kernel.addptr %[[IP]], %{{.*}}
// CHECK: %[[ID:.*]] = mlc_kernel.load %[[IA]], %[[MASK]] : tensor<128x!mlc_kernel.ptr<i64>>
// CHECK: %[[LO:.*]] = arith.maxsi %[[ID]], %{{.*}} : tensor<128xi64>
// CHECK: %[[HI:.*]] = arith.minsi %[[LO]], %{{.*}} : tensor<128xi64>
// CHECK: %[[ROW:.*]] = mlc_kernel.convert %[[HI]] : tensor<128xi64> -> tensor<128xi32>
// CHECK: %[[OFF:.*]] = arith.muli %[[ROW]], %{{.*}} : tensor<128xi32>
// CHECK: %[[TP:.*]] = mlc_kernel.splat %[[TABLE]]
// CHECK: mlc_kernel.load %{{.*}}, %[[MASK]] : tensor<128x!mlc_kernel.ptr<f32>>
func.func @embedding(%table: tensor<11x7xf32>, %i: tensor<3x5xi64>) -> tensor<3x5x7xf32> {
  %0 = mlc_tensor.gather %table, %i {axis = 0 : i64} : tensor<11x7xf32>, tensor<3x5xi64> -> tensor<3x5x7xf32>
  func.return %0 : tensor<3x5x7xf32>
}

// concat: each operand is loaded under its range of the axis (masked with the lanes' mask),
// the later operand selected over the earlier one.
// CHECK-LABEL: mlc_kernel.func @concat_0(
// CHECK: %[[MASK:.*]] = mlc_kernel.cmpi slt, %{{.*}}, %{{.*}} : tensor<32xi32>
// CHECK: %[[COL:.*]] = arith.remsi
// CHECK: %[[FIRST:.*]] = mlc_kernel.cmpi slt, %[[COL]], %{{.*}} : tensor<32xi32>
// CHECK: %[[M0:.*]] = arith.andi %[[MASK]], %[[FIRST]] : tensor<32xi1>
// CHECK: %[[A:.*]] = mlc_kernel.load %{{.*}}, %[[M0]] : tensor<32x!mlc_kernel.ptr<f32>>
// CHECK: %[[SECOND:.*]] = mlc_kernel.cmpi sge, %[[COL]], %{{.*}} : tensor<32xi32>
// CHECK: %[[M1:.*]] = arith.andi %[[MASK]], %[[SECOND]] : tensor<32xi1>
// CHECK: %[[B:.*]] = mlc_kernel.load %{{.*}}, %[[M1]] : tensor<32x!mlc_kernel.ptr<f32>>
// CHECK: %[[R:.*]] = mlc_kernel.select %[[SECOND]], %[[B]], %[[A]] : tensor<32xi1>, tensor<32xf32>
// CHECK: mlc_kernel.store %{{.*}}, %[[R]], %[[MASK]]
func.func @concat(%a: tensor<3x2xf32>, %b: tensor<3x5xf32>) -> tensor<3x7xf32> {
  %0 = mlc_tensor.concat %a, %b {axis = 1 : i64} : tensor<3x2xf32>, tensor<3x5xf32> -> tensor<3x7xf32>
  func.return %0 : tensor<3x7xf32>
}

// pad (constant): a guarded load inside the operand, the pad value selected outside; only
// the padded sides are checked (no low check on the columns, padded after only).
// CHECK-LABEL: mlc_kernel.func @pad_0(
// CHECK: %[[MASK:.*]] = mlc_kernel.cmpi slt, %{{.*}}, %{{.*}} : tensor<32xi32>
// CHECK: %[[R0:.*]] = mlc_kernel.cmpi sge, %{{.*}}, %{{.*}} : tensor<32xi32>
// CHECK: %[[R1:.*]] = mlc_kernel.cmpi slt, %{{.*}}, %{{.*}} : tensor<32xi32>
// CHECK: %[[ROWS:.*]] = arith.andi %[[R0]], %[[R1]] : tensor<32xi1>
// CHECK: %[[C1:.*]] = mlc_kernel.cmpi slt, %{{.*}}, %{{.*}} : tensor<32xi32>
// CHECK: %[[IN:.*]] = arith.andi %[[ROWS]], %[[C1]] : tensor<32xi1>
// CHECK: %[[LM:.*]] = arith.andi %[[MASK]], %[[IN]] : tensor<32xi1>
// CHECK: %[[X:.*]] = mlc_kernel.load %{{.*}}, %[[LM]] : tensor<32x!mlc_kernel.ptr<f32>>
// CHECK: %[[FILL:.*]] = arith.constant -1.500000e+00 : f32
// CHECK: %[[FILLS:.*]] = mlc_kernel.splat %[[FILL]] : f32 -> tensor<32xf32>
// CHECK: mlc_kernel.select %[[IN]], %[[X]], %[[FILLS]] : tensor<32xi1>, tensor<32xf32>
// pad (reflect): every read is inside; the column is mirrored as m - |m - |c||.
// CHECK-LABEL: mlc_kernel.func @pad_1(
// CHECK: arith.maxsi
// CHECK: arith.subi
// CHECK: arith.maxsi
// CHECK: arith.subi
// CHECK-NOT: mlc_kernel.select
// CHECK: mlc_kernel.return
func.func @pad(%x: tensor<3x4xf32>) -> (tensor<6x5xf32>, tensor<3x7xf32>) {
  %0 = mlc_tensor.pad %x {low = array<i64: 1, 0>, high = array<i64: 2, 1>, value = -1.5 : f64} : tensor<3x4xf32> -> tensor<6x5xf32>
  %1 = mlc_tensor.pad %x {low = array<i64: 0, 2>, high = array<i64: 0, 1>, mode = "reflect"} : tensor<3x4xf32> -> tensor<3x7xf32>
  func.return %0, %1 : tensor<6x5xf32>, tensor<3x7xf32>
}

// cumsum: a loop along the axis; each lane adds the elements of its prefix (j <= i).
// CHECK-LABEL: mlc_kernel.func @cumsum_0(
// CHECK: %[[MASK:.*]] = mlc_kernel.cmpi slt, %{{.*}}, %{{.*}} : tensor<32xi32>
// CHECK: %[[I:.*]] = arith.remsi
// CHECK: %[[ZERO:.*]] = arith.constant dense<0> : tensor<32xi64>
// CHECK: %[[SUM:.*]] = scf.for %[[J:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[ACC:.*]] = %[[ZERO]]) -> (tensor<32xi64>) : i32 {
// CHECK: %[[JS:.*]] = mlc_kernel.splat %[[J]] : i32 -> tensor<32xi32>
// CHECK: %[[IN:.*]] = mlc_kernel.cmpi sle, %[[JS]], %[[I]] : tensor<32xi32>
// CHECK: %[[LM:.*]] = arith.andi %[[MASK]], %[[IN]] : tensor<32xi1>
// CHECK: %[[X:.*]] = mlc_kernel.load %{{.*}}, %[[LM]] : tensor<32x!mlc_kernel.ptr<i64>>
// CHECK: %[[XS:.*]] = mlc_kernel.select %[[IN]], %[[X]], %{{.*}} : tensor<32xi1>, tensor<32xi64>
// CHECK: %[[NEXT:.*]] = arith.addi %[[ACC]], %[[XS]] : tensor<32xi64>
// CHECK: scf.yield %[[NEXT]] : tensor<32xi64>
// CHECK: mlc_kernel.store %{{.*}}, %[[SUM]], %[[MASK]]
func.func @cumsum(%m: tensor<2x9xi64>) -> tensor<2x9xi64> {
  %0 = mlc_tensor.cumsum %m {axis = 1 : i64} : tensor<2x9xi64> -> tensor<2x9xi64>
  func.return %0 : tensor<2x9xi64>
}
