// RUN: theta-opt %s --theta-to-linalg --canonicalize | FileCheck %s

// The gradients of a matrix product multiply by transposes; the transpose is
// folded into the matmul's indexing maps instead of being copied.
// CHECK-DAG: #[[KM:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// CHECK-DAG: #[[NK:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-LABEL: func.func @transposed
//   CHECK-NOT:   linalg.generic
//       CHECK:   linalg.matmul indexing_maps = [#[[KM]], #{{.*}}, #{{.*}}] ins(%arg0, %arg1 : tensor<8x3xf32>, tensor<8x6xf32>)
//       CHECK:   linalg.matmul indexing_maps = [#{{.*}}, #[[NK]], #{{.*}}] ins(%arg1, %arg2 : tensor<8x6xf32>, tensor<3x6xf32>)
func.func @transposed(%x: tensor<8x3xf32>, %g: tensor<8x6xf32>, %w: tensor<3x6xf32>) -> (tensor<3x6xf32>, tensor<8x3xf32>) {
  %xt = theta.dimshuffle %x [1, 0] : tensor<8x3xf32> -> tensor<3x8xf32>
  %gw = theta.dot %xt, %g : (tensor<3x8xf32>, tensor<8x6xf32>) -> tensor<3x6xf32>
  %wt = theta.dimshuffle %w [1, 0] : tensor<3x6xf32> -> tensor<6x3xf32>
  %gx = theta.dot %g, %wt : (tensor<8x6xf32>, tensor<6x3xf32>) -> tensor<8x3xf32>
  return %gw, %gx : tensor<3x6xf32>, tensor<8x3xf32>
}
