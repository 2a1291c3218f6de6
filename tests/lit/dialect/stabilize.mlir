// RUN: theta-opt %s -split-input-file --theta-stabilize | FileCheck %s

// Logs of sigmoid and softmax probabilities become forms without log(0).

// CHECK-LABEL: func.func @binary_crossentropy_terms
//       CHECK:   %[[N:.*]] = theta.neg %arg0
//       CHECK:   %[[S1:.*]] = theta.softplus %[[N]]
//       CHECK:   %[[L1:.*]] = theta.neg %[[S1]]
//       CHECK:   %[[S2:.*]] = theta.softplus %arg0
//       CHECK:   %[[L2:.*]] = theta.neg %[[S2]]
//       CHECK:   return %[[L1]], %[[L2]]
//   CHECK-NOT:   theta.log
func.func @binary_crossentropy_terms(%z: tensor<4x3xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %p = theta.sigmoid %z : (tensor<4x3xf32>) -> tensor<4x3xf32>
  %logp = theta.log %p : (tensor<4x3xf32>) -> tensor<4x3xf32>
  %one = theta.constant dense<1.0> : tensor<f32>
  %ones = theta.dimshuffle %one [x, x] : tensor<f32> -> tensor<1x1xf32>
  %q = theta.sub %ones, %p : (tensor<1x1xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  %logq = theta.log %q : (tensor<4x3xf32>) -> tensor<4x3xf32>
  return %logp, %logq : tensor<4x3xf32>, tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func.func @log_of_softmax
//       CHECK:   %[[S:.*]] = theta.sum
//       CHECK:   %[[L:.*]] = theta.log %[[S]] : (tensor<4x1xf32>) -> tensor<4x1xf32>
//       CHECK:   %[[R:.*]] = theta.sub %arg0, %[[L]] : (tensor<4x3xf32>, tensor<4x1xf32>) -> tensor<4x3xf32>
//       CHECK:   return %[[R]]
func.func @log_of_softmax(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %e = theta.exp %x : (tensor<4x3xf32>) -> tensor<4x3xf32>
  %s = theta.sum %e axes [1] keepdims : (tensor<4x3xf32>) -> tensor<4x1xf32>
  %p = theta.div %e, %s : (tensor<4x3xf32>, tensor<4x1xf32>) -> tensor<4x3xf32>
  %l = theta.log %p : (tensor<4x3xf32>) -> tensor<4x3xf32>
  return %l : tensor<4x3xf32>
}

// -----

// A log of anything else is left alone.
// CHECK-LABEL: func.func @other
//       CHECK:   theta.log %arg0
func.func @other(%x: tensor<3xf32>) -> tensor<3xf32> {
  %l = theta.log %x : (tensor<3xf32>) -> tensor<3xf32>
  return %l : tensor<3xf32>
}
