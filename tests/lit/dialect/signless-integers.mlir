// RUN: theta-opt %s -split-input-file --theta-signless-integers | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-signless-integers --theta-lower-cpu | FileCheck %s --check-prefix=LLVM
// RUN: not theta-opt %s -split-input-file --theta-to-linalg -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNCONVERTED

// Sums, equality and moves are only retyped; order is computed on values
// zero-extended to i16, and a uint8 result is truncated back.
// CHECK-LABEL: func.func @order
//  CHECK-SAME:   (%[[X:.*]]: tensor<4xi8>, %[[Y:.*]]: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi1>, tensor<4xi8>, tensor<4xi1>)
//       CHECK:   %[[SUM:.*]] = theta.add %[[X]], %[[Y]] : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
//       CHECK:   %[[EQ:.*]] = theta.eq %[[SUM]], %[[Y]]
//       CHECK:   %[[WX:.*]] = theta.cast %[[X]] {unsigned_input} : tensor<4xi8> to i16
//       CHECK:   %[[WY:.*]] = theta.cast %[[Y]] {unsigned_input} : tensor<4xi8> to i16
//       CHECK:   %[[MAX:.*]] = theta.maximum %[[WX]], %[[WY]] : (tensor<4xi16>, tensor<4xi16>) -> tensor<4xi16>
//       CHECK:   %[[NARROW:.*]] = theta.cast %[[MAX]] {unsigned_result} : tensor<4xi16> to i8
//       CHECK:   theta.gt
//  CHECK-SAME:     (tensor<4xi16>, tensor<4xi16>) -> tensor<4xi1>
//       CHECK:   return %[[SUM]], %[[EQ]], %[[NARROW]]
// LLVM-LABEL: llvm.func @order
//       LLVM:   llvm.zext
//   LLVM-NOT:   llvm.sext
// UNCONVERTED: error: 'theta.add' op has unsigned values ('tensor<4xui8>'); run --theta-signless-integers first
func.func @order(%x: tensor<4xui8>, %y: tensor<4xui8>) -> (tensor<4xui8>, tensor<4xi1>, tensor<4xui8>, tensor<4xi1>) {
  %sum = theta.add %x, %y : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %eq = theta.eq %sum, %y : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  %max = theta.maximum %x, %y : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xui8>
  %gt = theta.gt %x, %y : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
  return %sum, %eq, %max, %gt : tensor<4xui8>, tensor<4xi1>, tensor<4xui8>, tensor<4xi1>
}

// -----

// Casts keep the meaning in flags; constants and dtypes keep their bits.
// CHECK-LABEL: func.func @casts
//       CHECK:   theta.constant dense<[-56, 1]> : tensor<2xi8>
//       CHECK:   theta.cast %arg0 {unsigned_result} : tensor<2xf32> to i8
//       CHECK:   theta.cast %{{.*}} {unsigned_input} : tensor<2xi8> to f32
//       CHECK:   theta.zeros [2, 2] : i8 -> tensor<2x2xi8>
// LLVM-LABEL: llvm.func @casts
//       LLVM:   llvm.fptoui
//       LLVM:   llvm.uitofp
func.func @casts(%f: tensor<2xf32>) -> (tensor<2xf32>, tensor<2x2xui8>) {
  %c = theta.constant dense<[200, 1]> : tensor<2xui8>
  %u = theta.cast %f : tensor<2xf32> to ui8
  %s = theta.add %u, %c : (tensor<2xui8>, tensor<2xui8>) -> tensor<2xui8>
  %back = theta.cast %s : tensor<2xui8> to f32
  %z = theta.zeros [2, 2] : ui8 -> tensor<2x2xui8>
  return %back, %z : tensor<2xf32>, tensor<2x2xui8>
}

// -----

// An index is its value: take's indices are widened, its data is not.
// CHECK-LABEL: func.func @indices
//       CHECK:   %[[W:.*]] = theta.cast %arg1 {unsigned_input} : tensor<2xi8> to i16
//       CHECK:   theta.take %arg0, %[[W]] axis 0 : (tensor<256xi8>, tensor<2xi16>) -> tensor<2xi8>
func.func @indices(%table: tensor<256xui8>, %i: tensor<2xui8>) -> tensor<2xui8> {
  %r = theta.take %table, %i axis 0 : (tensor<256xui8>, tensor<2xui8>) -> tensor<2xui8>
  return %r : tensor<2xui8>
}
