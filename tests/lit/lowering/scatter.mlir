// RUN: theta-opt %s -split-input-file --theta-to-linalg | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-lower-cpu | FileCheck %s --check-prefix=LLVM

// index_add (the gradient of take) is a scatter: a loop nest over the values
// carrying the accumulator, each index wrapped and clamped.
// CHECK-LABEL: func.func @index_add
//       CHECK:   %[[R:.*]] = scf.for %[[I:.*]] = %c0 to %c4 step %c1 iter_args(%[[A:.*]] = %arg0) -> (tensor<5x3xf32>)
//       CHECK:     scf.for %[[J:.*]] = %c0 to %c3 step %c1 iter_args(%[[B:.*]] = %[[A]])
//       CHECK:       %[[RAW:.*]] = tensor.extract %arg1[%[[I]]] : tensor<4xi64>
//       CHECK:       arith.maxsi
//       CHECK:       %[[ROW:.*]] = arith.minsi
//       CHECK:       %[[V:.*]] = tensor.extract %arg2[%[[I]], %[[J]]] : tensor<4x3xf32>
//       CHECK:       %[[OLD:.*]] = tensor.extract %[[B]][%[[ROW]], %[[J]]] : tensor<5x3xf32>
//       CHECK:       %[[SUM:.*]] = arith.addf %[[OLD]], %[[V]] : f32
//       CHECK:       tensor.insert %[[SUM]] into %[[B]][%[[ROW]], %[[J]]] : tensor<5x3xf32>
//       CHECK:   return %[[R]]
// LLVM-LABEL: llvm.func @index_add
func.func @index_add(%w: tensor<5x3xf32>, %ids: tensor<4xi64>, %g: tensor<4x3xf32>) -> tensor<5x3xf32> {
  %r = theta.index_add %w[%ids], %g axis 0 : (tensor<5x3xf32>, tensor<4xi64>, tensor<4x3xf32>) -> tensor<5x3xf32>
  return %r : tensor<5x3xf32>
}

// -----

// stop_gradient left after autodiff is the identity.
// CHECK-LABEL: func.func @stop_gradient
//   CHECK-NOT:   theta.stop_gradient
//       CHECK:   return %arg0
func.func @stop_gradient(%x: tensor<3xf32>) -> tensor<3xf32> {
  %s = theta.stop_gradient %x : tensor<3xf32>
  return %s : tensor<3xf32>
}
