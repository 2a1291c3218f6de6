// RUN: theta-opt %s -split-input-file --theta-autodiff | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-autodiff --canonicalize --cse | FileCheck %s --check-prefix=SIMPLE

// Gradients of gradients: the inner theta.grad (earlier in the block) is
// expanded first, and the outer one differentiates the ops it produced.

// d/dx (d/dx x*x*x) = 6x. After expansion nothing of theta.grad is left.
// CHECK-LABEL: func.func @second_derivative
//   CHECK-NOT:   theta.grad
//       CHECK:   return
// SIMPLE-LABEL: func.func @second_derivative
//       SIMPLE:   %[[X2:.*]] = theta.add %arg0, %arg0
//       SIMPLE:   %[[X4:.*]] = theta.add %[[X2]], %[[X2]]
//       SIMPLE:   %[[X5:.*]] = theta.add %[[X4]], %arg0
//       SIMPLE:   %[[X6:.*]] = theta.add %[[X5]], %arg0
//       SIMPLE:   return %[[X6]]
func.func @second_derivative(%x: tensor<f64>) -> tensor<f64> {
  %x2 = theta.mul %x, %x : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %x3 = theta.mul %x2, %x : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %g = theta.grad %x3 wrt %x : tensor<f64>, tensor<f64>
  %h = theta.grad %g wrt %x : tensor<f64>, tensor<f64>
  return %h : tensor<f64>
}

// -----

// A Hessian: jacobian of a gradient, one reverse sweep per element, rows
// stacked with concatenate.
// CHECK-LABEL: func.func @hessian
//   CHECK-NOT:   theta.jacobian
//   CHECK-NOT:   theta.grad
//       CHECK:   %[[R0:.*]] = theta.dimshuffle %{{.*}} [x, 0] : tensor<3xf32> -> tensor<1x3xf32>
//       CHECK:   %[[R1:.*]] = theta.dimshuffle %{{.*}} [x, 0] : tensor<3xf32> -> tensor<1x3xf32>
//       CHECK:   %[[R2:.*]] = theta.dimshuffle %{{.*}} [x, 0] : tensor<3xf32> -> tensor<1x3xf32>
//       CHECK:   %[[H:.*]] = theta.concatenate %[[R0]], %[[R1]], %[[R2]] axis 0 : {{.*}} -> tensor<3x3xf32>
//       CHECK:   return %[[H]]
func.func @hessian(%x: tensor<3xf32>) -> tensor<3x3xf32> {
  %e = theta.exp %x : (tensor<3xf32>) -> tensor<3xf32>
  %c = theta.sum %e : (tensor<3xf32>) -> tensor<f32>
  %g = theta.grad %c wrt %x : tensor<f32>, tensor<3xf32>
  %h = theta.jacobian %g wrt %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3x3xf32>
  return %h : tensor<3x3xf32>
}

// -----

// A Jacobian of a matrix-valued expression is reshaped to expr.shape + wrt.shape.
// CHECK-LABEL: func.func @jacobian_shape
//       CHECK:   theta.reshape %{{.*}} [4] : tensor<2x2xf32> -> tensor<4xf32>
//       CHECK:   theta.reshape %{{.*}} [2, 2, 4] : tensor<4x4xf32> -> tensor<2x2x4xf32>
func.func @jacobian_shape(%x: tensor<4xf32>) -> tensor<2x2x4xf32> {
  %s = theta.mul %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %y = theta.reshape %s [2, 2] : tensor<4xf32> -> tensor<2x2xf32>
  %j = theta.jacobian %y wrt %x : (tensor<2x2xf32>, tensor<4xf32>) -> tensor<2x2x4xf32>
  return %j : tensor<2x2x4xf32>
}

// -----

// Past 16 rows a Jacobian is one theta.scan over the row index: the sweep is
// built once, seeded by the one-hot row (indices == i), whatever the size.
// CHECK-LABEL: func.func @large_hessian
//   CHECK-NOT:   theta.jacobian
//       CHECK:   %[[STEPS:.*]] = theta.constant dense<[0, 1, 2,
//       CHECK:   %[[ROWS:.*]] = theta.scan sequences(%[[STEPS]] : tensor<40xi64>)
//  CHECK-SAME:     non_sequences(
//  CHECK-NEXT:   ^bb0(%[[I:.*]]: tensor<i64>, %[[IDX:.*]]: tensor<40xi64>
//       CHECK:     %[[ROW:.*]] = theta.dimshuffle %[[I]] [x]
//       CHECK:     %[[HOT:.*]] = theta.eq %[[IDX]], %[[ROW]]
//       CHECK:     %[[SEED:.*]] = theta.cast %[[HOT]] : tensor<40xi1> to f32
//       CHECK:     theta.mul %[[SEED]]
//       CHECK:     theta.yield %{{.*}} : tensor<40xf32>
//       CHECK:   return %[[ROWS]] : tensor<40x40xf32>
func.func @large_hessian(%x: tensor<40xf32>) -> tensor<40x40xf32> {
  %e = theta.exp %x : (tensor<40xf32>) -> tensor<40xf32>
  %c = theta.sum %e : (tensor<40xf32>) -> tensor<f32>
  %g = theta.grad %c wrt %x : tensor<f32>, tensor<40xf32>
  %h = theta.jacobian %g wrt %x : (tensor<40xf32>, tensor<40xf32>) -> tensor<40x40xf32>
  return %h : tensor<40x40xf32>
}
