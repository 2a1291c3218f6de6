// RUN: theta-opt %s -split-input-file --theta-autodiff --canonicalize | FileCheck %s

// Gradients of convolution and pooling are the dedicated gradient ops, with
// the forward op's geometry and the forward result reused by max pooling.

// CHECK-LABEL: func.func @conv_pool
//       CHECK:   %[[Y:.*]] = theta.conv2d %arg0, %arg1 {border_mode = "same", strides = array<i64: 2, 2>}
//       CHECK:   %[[P:.*]] = theta.pool2d %[[Y]] {strides = array<i64: 2, 2>, window = array<i64: 2, 2>}
//       CHECK:   %[[GY:.*]] = theta.pool2d_grad %[[Y]], %[[P]], %{{.*}} {strides = array<i64: 2, 2>, window = array<i64: 2, 2>}
//   CHECK-DAG:   theta.conv2d_grad_input %[[GY]], %arg1, %arg0 {border_mode = "same", strides = array<i64: 2, 2>}
//   CHECK-DAG:   theta.conv2d_grad_filters %arg0, %[[GY]], %arg1 {border_mode = "same", strides = array<i64: 2, 2>}
//   CHECK-NOT:   theta.grad
func.func @conv_pool(%x: tensor<2x3x16x16xf32>, %w: tensor<4x3x3x3xf32>)
    -> (tensor<2x3x16x16xf32>, tensor<4x3x3x3xf32>) {
  %y = theta.conv2d %x, %w {strides = array<i64: 2, 2>, border_mode = "same"}
         : (tensor<2x3x16x16xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x8x8xf32>
  %p = theta.pool2d %y {window = array<i64: 2, 2>, strides = array<i64: 2, 2>}
         : (tensor<2x4x8x8xf32>) -> tensor<2x4x4x4xf32>
  %c = theta.sum %p : (tensor<2x4x4x4xf32>) -> tensor<f32>
  %gx, %gw = theta.grad %c wrt %x, %w : tensor<f32>, tensor<2x3x16x16xf32>, tensor<4x3x3x3xf32>
  return %gx, %gw : tensor<2x3x16x16xf32>, tensor<4x3x3x3xf32>
}

// -----

// Second order: the filter gradient differentiates, with respect to the
// input, into an input gradient (the ones seed standing for the filters).
// CHECK-LABEL: func.func @double_backprop
//       CHECK:   theta.conv2d_grad_input %{{.*}}, %{{.*}}, %arg0
//   CHECK-NOT:   theta.grad
func.func @double_backprop(%x: tensor<1x1x5x5xf64>, %w: tensor<1x1x3x3xf64>) -> tensor<1x1x5x5xf64> {
  %y = theta.conv2d %x, %w : (tensor<1x1x5x5xf64>, tensor<1x1x3x3xf64>) -> tensor<1x1x3x3xf64>
  %c = theta.sum %y : (tensor<1x1x3x3xf64>) -> tensor<f64>
  %gw = theta.grad %c wrt %w : tensor<f64>, tensor<1x1x3x3xf64>
  %d = theta.sum %gw : (tensor<1x1x3x3xf64>) -> tensor<f64>
  %gx = theta.grad %d wrt %x : tensor<f64>, tensor<1x1x5x5xf64>
  return %gx : tensor<1x1x5x5xf64>
}
