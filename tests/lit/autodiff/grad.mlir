// RUN: theta-opt %s -split-input-file --theta-autodiff | FileCheck %s

// Reverse-mode expansion of theta.grad for representative ops: each op's
// gradient rule, broadcasting undone, forward results reused.

// d(x*x)/dx = 1*x + 1*x: both operand paths are summed.
// CHECK-LABEL: func.func @square
//       CHECK:   %[[Y:.*]] = theta.mul %arg0, %arg0
//       CHECK:   %[[ONE:.*]] = theta.constant dense<1.000000e+00> : tensor<f32>
//       CHECK:   %[[A:.*]] = theta.mul %[[ONE]], %arg0
//       CHECK:   %[[B:.*]] = theta.mul %[[ONE]], %arg0
//       CHECK:   %[[G:.*]] = theta.add %[[A]], %[[B]]
//   CHECK-NOT:   theta.grad
//       CHECK:   return %[[G]]
func.func @square(%x: tensor<f32>) -> tensor<f32> {
  %y = theta.mul %x, %x : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %g = theta.grad %y wrt %x : tensor<f32>, tensor<f32>
  return %g : tensor<f32>
}

// -----

// A dense tanh layer: mean spreads 1/8, tanh reuses its result (1 - y*y),
// the broadcast bias is summed over the batch, dot gives x^T . g.
// CHECK-LABEL: func.func @dense_layer
//       CHECK:   %[[T:.*]] = theta.tanh
//       CHECK:   %[[SPREAD:.*]] = theta.alloc %{{.*}} [4, 2] : tensor<1x1xf32> -> tensor<4x2xf32>
//       CHECK:   %[[YY:.*]] = theta.mul %[[T]], %[[T]]
//       CHECK:   %[[SLOPE:.*]] = theta.sub %{{.*}}, %[[YY]]
//       CHECK:   %[[DZ:.*]] = theta.mul %[[SPREAD]], %[[SLOPE]]
//       CHECK:   %[[DB:.*]] = theta.sum %[[DZ]] axes [0] keepdims : (tensor<4x2xf32>) -> tensor<1x2xf32>
//       CHECK:   %[[XT:.*]] = theta.dimshuffle %arg0 [1, 0] : tensor<4x3xf32> -> tensor<3x4xf32>
//       CHECK:   %[[DW:.*]] = theta.dot %[[XT]], %[[DZ]] : (tensor<3x4xf32>, tensor<4x2xf32>) -> tensor<3x2xf32>
//       CHECK:   return %[[DW]], %[[DB]]
func.func @dense_layer(%x: tensor<4x3xf32>, %w: tensor<3x2xf32>, %b: tensor<1x2xf32>) -> (tensor<3x2xf32>, tensor<1x2xf32>) {
  %h = theta.dot %x, %w : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<4x2xf32>
  %z = theta.add %h, %b : (tensor<4x2xf32>, tensor<1x2xf32>) -> tensor<4x2xf32>
  %s = theta.tanh %z : (tensor<4x2xf32>) -> tensor<4x2xf32>
  %c = theta.mean %s : (tensor<4x2xf32>) -> tensor<f32>
  %gw, %gb = theta.grad %c wrt %w, %b : tensor<f32>, tensor<3x2xf32>, tensor<1x2xf32>
  return %gw, %gb : tensor<3x2xf32>, tensor<1x2xf32>
}

// -----

// sigmoid' = y * (1 - y), with y the forward result (shared, not recomputed).
// CHECK-LABEL: func.func @sigmoid_reuses_forward
//       CHECK:   %[[Y:.*]] = theta.sigmoid %arg0
//   CHECK-NOT:   theta.sigmoid
//       CHECK:   theta.sub %{{.*}}, %[[Y]]
//       CHECK:   theta.mul %[[Y]], %{{.*}}
func.func @sigmoid_reuses_forward(%x: tensor<5xf32>) -> tensor<5xf32> {
  %y = theta.sigmoid %x : (tensor<5xf32>) -> tensor<5xf32>
  %c = theta.sum %y : (tensor<5xf32>) -> tensor<f32>
  %g = theta.grad %c wrt %x : tensor<f32>, tensor<5xf32>
  return %g : tensor<5xf32>
}

// -----

// The gradient of a slice is the slice added into zeros.
// CHECK-LABEL: func.func @slice
//       CHECK:   %[[Z:.*]] = theta.zeros [4, 3] : f32 -> tensor<4x3xf32>
//       CHECK:   theta.inc_subtensor %[[Z]] [1, 0] sizes [2, -1] steps [1, 2], %{{.*}} : (tensor<4x3xf32>, tensor<2x2xf32>) -> tensor<4x3xf32>
func.func @slice(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %s = theta.subtensor %x [1, 0] sizes [2, -1] steps [1, 2] : tensor<4x3xf32> -> tensor<2x2xf32>
  %c = theta.sum %s : (tensor<2x2xf32>) -> tensor<f32>
  %g = theta.grad %c wrt %x : tensor<f32>, tensor<4x3xf32>
  return %g : tensor<4x3xf32>
}

// -----

// take (an embedding lookup) scatters its gradient back with index_add.
// CHECK-LABEL: func.func @take
//       CHECK:   %[[Z:.*]] = theta.zeros [5, 3] : f32 -> tensor<5x3xf32>
//       CHECK:   theta.index_add %[[Z]][%arg1], %{{.*}} axis 0 : (tensor<5x3xf32>, tensor<4xi64>, tensor<4x3xf32>) -> tensor<5x3xf32>
func.func @take(%w: tensor<5x3xf32>, %ids: tensor<4xi64>) -> tensor<5x3xf32> {
  %e = theta.take %w, %ids axis 0 : (tensor<5x3xf32>, tensor<4xi64>) -> tensor<4x3xf32>
  %c = theta.sum %e : (tensor<4x3xf32>) -> tensor<f32>
  %g = theta.grad %c wrt %w : tensor<f32>, tensor<5x3xf32>
  return %g : tensor<5x3xf32>
}

// -----

// max over an axis: the gradient goes where the input equals the maximum.
// CHECK-LABEL: func.func @max_axis
//       CHECK:   %[[M:.*]] = theta.max %arg0 axes [1]
//       CHECK:   %[[MK:.*]] = theta.dimshuffle %[[M]] [0, x] : tensor<2xf32> -> tensor<2x1xf32>
//       CHECK:   %[[EQ:.*]] = theta.eq %arg0, %[[MK]] : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x3xi1>
//       CHECK:   theta.select %[[EQ]]
func.func @max_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %m = theta.max %x axes [1] : (tensor<2x3xf32>) -> tensor<2xf32>
  %c = theta.sum %m : (tensor<2xf32>) -> tensor<f32>
  %g = theta.grad %c wrt %x : tensor<f32>, tensor<2x3xf32>
  return %g : tensor<2x3xf32>
}

// -----

// consider_constant and stop_gradient cut the graph; stop_gradient is then
// removed. Only the direct path x -> mul contributes (h * 1).
// CHECK-LABEL: func.func @constants
//   CHECK-NOT:   theta.stop_gradient
//       CHECK:   %[[H:.*]] = theta.exp %arg0
//       CHECK:   %[[S:.*]] = theta.mul %arg0, %[[H]]
//       CHECK:   %[[P:.*]] = theta.mul %arg0, %[[H]]
//       CHECK:   return %{{.*}}, %{{.*}}
func.func @constants(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %h = theta.exp %x : (tensor<3xf32>) -> tensor<3xf32>
  %hs = theta.stop_gradient %h : tensor<3xf32>
  %a = theta.mul %x, %hs : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %ca = theta.sum %a : (tensor<3xf32>) -> tensor<f32>
  %ga = theta.grad %ca wrt %x : tensor<f32>, tensor<3xf32>
  %b = theta.mul %x, %h : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %cb = theta.sum %b : (tensor<3xf32>) -> tensor<f32>
  %gb = theta.grad %cb wrt %x constant(%h : tensor<3xf32>) : tensor<f32>, tensor<3xf32>
  return %ga, %gb : tensor<3xf32>, tensor<3xf32>
}

// -----

// disconnected = "zero": zeros of the wrt's type.
// CHECK-LABEL: func.func @disconnected_zero
//       CHECK:   %[[Z:.*]] = theta.zeros [2] : f32 -> tensor<2xf32>
//       CHECK:   return %{{.*}}, %[[Z]]
func.func @disconnected_zero(%x: tensor<3xf32>, %u: tensor<2xf32>) -> (tensor<3xf32>, tensor<2xf32>) {
  %c = theta.sum %x : (tensor<3xf32>) -> tensor<f32>
  %gx, %gu = theta.grad %c wrt %x, %u {disconnected = "zero"} : tensor<f32>, tensor<3xf32>, tensor<2xf32>
  return %gx, %gu : tensor<3xf32>, tensor<2xf32>
}

// -----

// A seed makes it a vector-Jacobian product (Lop) of a non-scalar cost.
// CHECK-LABEL: func.func @seeded
//       CHECK:   %[[E:.*]] = theta.exp %arg0
//       CHECK:   %[[G:.*]] = theta.mul %arg1, %[[E]]
//       CHECK:   return %[[G]]
func.func @seeded(%x: tensor<3xf32>, %v: tensor<3xf32>) -> tensor<3xf32> {
  %e = theta.exp %x : (tensor<3xf32>) -> tensor<3xf32>
  %g = theta.grad %e seed %v : tensor<3xf32> wrt %x : tensor<3xf32>, tensor<3xf32>
  return %g : tensor<3xf32>
}

// -----

// Dynamic sizes are read from the tensor: mean divides by 3 * rows and the
// gradient is broadcast back to ?x3.
// CHECK-LABEL: func.func @dynamic_mean
//       CHECK:   %[[S:.*]] = theta.shape %arg0 : tensor<?x3xf32> -> tensor<2xi64>
//       CHECK:   %[[ROWS:.*]] = theta.subtensor %[[S]] [0] sizes [1] steps [1] drop [0] : tensor<2xi64> -> tensor<i64>
//       CHECK:   theta.cast %[[ROWS]] : tensor<i64> to f32
//       CHECK:   theta.alloc %{{.*}} [%{{.*}} : tensor<i64>, 3] : tensor<1x1xf32> -> tensor<?x3xf32>
func.func @dynamic_mean(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %m = theta.mean %x : (tensor<?x3xf32>) -> tensor<f32>
  %g = theta.grad %m wrt %x : tensor<f32>, tensor<?x3xf32>
  return %g : tensor<?x3xf32>
}
