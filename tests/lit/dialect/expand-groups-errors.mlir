// RUN: theta-opt %s -split-input-file --theta-expand-groups -verify-diagnostics

// Channel counts must be known to split them into groups.
func.func @dynamic_channels(%x: tensor<2x?x8x8xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<?x?x?x?xf32> {
  // expected-error @+1 {{'theta.conv2d' op with 2 groups needs a static channel count divisible by the groups, got 'tensor<2x?x8x8xf32>'}}
  %y = theta.conv2d %x, %w {groups = 2} : (tensor<2x?x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<?x?x?x?xf32>
  return %y : tensor<?x?x?x?xf32>
}
