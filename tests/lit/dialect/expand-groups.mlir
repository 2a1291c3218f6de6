// RUN: theta-opt %s -split-input-file --theta-expand-groups | FileCheck %s

// A grouped convolution and its two gradients become one ungrouped op per
// group on channel slices, joined along the channels (images) or the output
// channels (filters).

// CHECK-LABEL: func.func @grouped
//   CHECK-DAG:   %[[X0:.*]] = theta.subtensor %arg0 [0, 0, 0, 0] sizes [-1, 2, -1, -1]
//   CHECK-DAG:   %[[X1:.*]] = theta.subtensor %arg0 [0, 2, 0, 0] sizes [-1, 2, -1, -1]
//   CHECK-DAG:   %[[W0:.*]] = theta.subtensor %arg1 [0, 0, 0, 0] sizes [3, -1, -1, -1]
//   CHECK-DAG:   %[[W1:.*]] = theta.subtensor %arg1 [3, 0, 0, 0] sizes [3, -1, -1, -1]
//   CHECK-DAG:   %[[Y0:.*]] = theta.conv2d %[[X0]], %[[W0]] {{.*}} -> tensor<2x3x6x6xf32>
//   CHECK-DAG:   %[[Y1:.*]] = theta.conv2d %[[X1]], %[[W1]] {{.*}} -> tensor<2x3x6x6xf32>
//       CHECK:   theta.concatenate %[[Y0]], %[[Y1]] axis 1 {{.*}} -> tensor<2x6x6x6xf32>
//       CHECK:   theta.conv2d_grad_input
//       CHECK:   theta.conv2d_grad_input
//       CHECK:   theta.concatenate {{.*}} axis 1 {{.*}} -> tensor<2x4x8x8xf32>
//       CHECK:   theta.conv2d_grad_filters
//       CHECK:   theta.conv2d_grad_filters
//       CHECK:   theta.concatenate {{.*}} axis 0 {{.*}} -> tensor<6x2x3x3xf32>
//   CHECK-NOT:   groups = 2
func.func @grouped(%x: tensor<2x4x8x8xf32>, %w: tensor<6x2x3x3xf32>)
    -> (tensor<2x6x6x6xf32>, tensor<2x4x8x8xf32>, tensor<6x2x3x3xf32>) {
  %y = theta.conv2d %x, %w {groups = 2} : (tensor<2x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<2x6x6x6xf32>
  %gx = theta.conv2d_grad_input %y, %w, %x {groups = 2}
      : (tensor<2x6x6x6xf32>, tensor<6x2x3x3xf32>, tensor<2x4x8x8xf32>) -> tensor<2x4x8x8xf32>
  %gw = theta.conv2d_grad_filters %x, %y, %w {groups = 2}
      : (tensor<2x4x8x8xf32>, tensor<2x6x6x6xf32>, tensor<6x2x3x3xf32>) -> tensor<6x2x3x3xf32>
  return %y, %gx, %gw : tensor<2x6x6x6xf32>, tensor<2x4x8x8xf32>, tensor<6x2x3x3xf32>
}
