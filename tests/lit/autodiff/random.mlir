// RUN: theta-opt %s -split-input-file --theta-autodiff --canonicalize --cse | FileCheck %s

// theta.random is not differentiable (its operands are integers): gradients
// flow through the ops that use a draw, with the draw as a constant factor.

// Dropout: d sum(x * mask) / dx is ones times the mask, the same draw as
// the forward's.
// CHECK-LABEL: func.func @dropout
//       CHECK:   %[[U:.*]] = theta.random "uniform" %arg1, %arg2 [4, 3] : f32 -> tensor<4x3xf32>
//       CHECK:   %[[KEEP:.*]] = theta.lt %[[U]]
//       CHECK:   %[[MASK:.*]] = theta.cast %[[KEEP]] : tensor<4x3xi1> to f32
//   CHECK-NOT:   theta.random
//       CHECK:   %[[ONES:.*]] = theta.alloc
//       CHECK:   %[[G:.*]] = theta.mul %[[ONES]], %[[MASK]]
//       CHECK:   return %[[G]]
func.func @dropout(%x: tensor<4x3xf32>, %key: tensor<i64>, %counter: tensor<i64>) -> tensor<4x3xf32> {
  %u = theta.random "uniform" %key, %counter [4, 3] : f32 -> tensor<4x3xf32>
  %p = theta.constant dense<8.000000e-01> : tensor<1x1xf32>
  %keep = theta.lt %u, %p : (tensor<4x3xf32>, tensor<1x1xf32>) -> tensor<4x3xi1>
  %mask = theta.cast %keep : tensor<4x3xi1> to f32
  %y = theta.mul %x, %mask : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  %c = theta.sum %y : (tensor<4x3xf32>) -> tensor<f32>
  %g = theta.grad %c wrt %x : tensor<f32>, tensor<4x3xf32>
  return %g : tensor<4x3xf32>
}

// -----

// A cost that depends on x only through a draw's key would be disconnected;
// with disconnected = "zero" its gradient is zeros.
// CHECK-LABEL: func.func @noise_only
//   CHECK-NOT:   theta.random
//       CHECK:   %[[Z:.*]] = theta.zeros [3] : f32 -> tensor<3xf32>
//       CHECK:   return %[[Z]]
func.func @noise_only(%x: tensor<3xf32>, %key: tensor<i64>, %counter: tensor<i64>) -> tensor<3xf32> {
  %z = theta.random "normal" %key, %counter [3] : f32 -> tensor<3xf32>
  %c = theta.sum %z : (tensor<3xf32>) -> tensor<f32>
  %g = theta.grad %c wrt %x {disconnected = "zero"} : tensor<f32>, tensor<3xf32>
  return %g : tensor<3xf32>
}
