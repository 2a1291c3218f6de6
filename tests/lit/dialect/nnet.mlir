// RUN: theta-opt %s -split-input-file | FileCheck %s
// RUN: theta-opt %s -split-input-file -mlir-print-op-generic | theta-opt -split-input-file | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-refine-types | FileCheck %s --check-prefix=REFINE

// Convolution and pooling ops: round trip, and the sizes type inference
// gives for each border mode, stride and dilation.

// CHECK-LABEL: func.func @conv
//       CHECK:   theta.conv2d %arg0, %arg1 {border_mode = "same", strides = array<i64: 2, 2>}
//       CHECK:   theta.conv2d_grad_input %{{.*}}, %arg1, %arg0
//       CHECK:   theta.conv2d_grad_filters %arg0, %{{.*}}, %arg1
func.func @conv(%x: tensor<8x3x32x31xf32>, %w: tensor<16x3x5x5xf32>)
    -> (tensor<8x3x32x31xf32>, tensor<16x3x5x5xf32>) {
  %y = theta.conv2d %x, %w {strides = array<i64: 2, 2>, border_mode = "same"}
         : (tensor<8x3x32x31xf32>, tensor<16x3x5x5xf32>) -> tensor<8x16x16x16xf32>
  %gx = theta.conv2d_grad_input %y, %w, %x {strides = array<i64: 2, 2>, border_mode = "same"}
         : (tensor<8x16x16x16xf32>, tensor<16x3x5x5xf32>, tensor<8x3x32x31xf32>) -> tensor<8x3x32x31xf32>
  %gw = theta.conv2d_grad_filters %x, %y, %w {strides = array<i64: 2, 2>, border_mode = "same"}
         : (tensor<8x3x32x31xf32>, tensor<8x16x16x16xf32>, tensor<16x3x5x5xf32>) -> tensor<16x3x5x5xf32>
  return %gx, %gw : tensor<8x3x32x31xf32>, tensor<16x3x5x5xf32>
}

// -----

// REFINE-LABEL: func.func @sizes
//       REFINE:   theta.conv2d {{.*}} -> tensor<2x4x28x28xf64>
//       REFINE:   theta.conv2d {{.*}} -> tensor<2x4x36x36xf64>
//       REFINE:   theta.conv2d {{.*}} -> tensor<2x4x32x32xf64>
//       REFINE:   theta.conv2d {{.*}} -> tensor<2x4x15x24xf64>
//       REFINE:   theta.conv2d {{.*}} -> tensor<2x4x24x24xf64>
//       REFINE:   theta.pool2d {{.*}} -> tensor<2x3x16x16xf64>
//       REFINE:   theta.pool2d {{.*}} -> tensor<2x3x11x11xf64>
//       REFINE:   theta.pool2d {{.*}} -> tensor<2x3x10x10xf64>
//       REFINE:   theta.pool2d_grad {{.*}} -> tensor<2x3x32x32xf64>
//       REFINE:   theta.conv2d {{.*}} -> tensor<2x4x32x32xf64>
//       REFINE:   theta.conv2d {{.*}} -> tensor<2x4x33x33xf64>
//       REFINE:   theta.conv2d {{.*}} -> tensor<2x6x30x30xf64>
//       REFINE:   theta.pool2d {{.*}} -> tensor<2x3x16x16xf64>
func.func @sizes(%x: tensor<2x3x32x32xf64>, %w: tensor<4x3x5x5xf64>, %w4: tensor<4x3x4x4xf64>,
                 %wg: tensor<6x1x3x3xf64>) {
  %valid = theta.conv2d %x, %w : (tensor<2x3x32x32xf64>, tensor<4x3x5x5xf64>) -> tensor<?x?x?x?xf64>
  %full = theta.conv2d %x, %w {border_mode = "full"} : (tensor<2x3x32x32xf64>, tensor<4x3x5x5xf64>) -> tensor<?x?x?x?xf64>
  %same = theta.conv2d %x, %w {border_mode = "same"} : (tensor<2x3x32x32xf64>, tensor<4x3x5x5xf64>) -> tensor<?x?x?x?xf64>
  %explicit = theta.conv2d %x, %w {border_mode = "explicit", padding = array<i64: 1, 0, 0, 0>, strides = array<i64: 2, 1>, dilations = array<i64: 1, 2>}
      : (tensor<2x3x32x32xf64>, tensor<4x3x5x5xf64>) -> tensor<?x?x?x?xf64>
  %dilated = theta.conv2d %x, %w {dilations = array<i64: 2, 2>} : (tensor<2x3x32x32xf64>, tensor<4x3x5x5xf64>) -> tensor<?x?x?x?xf64>
  %p = theta.pool2d %x {window = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<2x3x32x32xf64>) -> tensor<?x?x?x?xf64>
  %q = theta.pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 3, 3>, ignore_border = false} : (tensor<2x3x32x32xf64>) -> tensor<?x?x?x?xf64>
  %r = theta.pool2d %x {window = array<i64: 5, 5>, strides = array<i64: 3, 3>, mode = "average"} : (tensor<2x3x32x32xf64>) -> tensor<?x?x?x?xf64>
  %g = theta.pool2d_grad %x, %r, %r {window = array<i64: 5, 5>, strides = array<i64: 3, 3>, mode = "average"}
      : (tensor<2x3x32x32xf64>, tensor<?x?x?x?xf64>, tensor<?x?x?x?xf64>) -> tensor<?x?x?x?xf64>
  // Theano's half: kernel // 2 on both sides (an even kernel adds one).
  %half = theta.conv2d %x, %w {border_mode = "half"} : (tensor<2x3x32x32xf64>, tensor<4x3x5x5xf64>) -> tensor<?x?x?x?xf64>
  %half4 = theta.conv2d %x, %w4 {border_mode = "half"} : (tensor<2x3x32x32xf64>, tensor<4x3x4x4xf64>) -> tensor<?x?x?x?xf64>
  // Three groups: filters read one channel each.
  %grouped = theta.conv2d %x, %wg {groups = 3} : (tensor<2x3x32x32xf64>, tensor<6x1x3x3xf64>) -> tensor<?x?x?x?xf64>
  // Padding (1, 0) on both sides: (32 + 2 - 3) / 2 + 1 = 16 rows.
  %padded = theta.pool2d %x {window = array<i64: 3, 2>, strides = array<i64: 2, 2>, padding = array<i64: 1, 0>} : (tensor<2x3x32x32xf64>) -> tensor<?x?x?x?xf64>
  return
}

// -----

// The class count comes from the last dimension of `like`.
// CHECK-LABEL: func.func @one_hot
//       CHECK:   theta.one_hot %arg0, %arg1 : (tensor<4xi64>, tensor<?x?xf32>) -> tensor<4x?xf32>
// REFINE-LABEL: func.func @one_hot
func.func @one_hot(%y: tensor<4xi64>, %p: tensor<?x?xf32>) -> tensor<4x?xf32> {
  %t = theta.one_hot %y, %p : (tensor<4xi64>, tensor<?x?xf32>) -> tensor<4x?xf32>
  return %t : tensor<4x?xf32>
}
