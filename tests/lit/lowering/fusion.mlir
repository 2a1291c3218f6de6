// RUN: theta-opt %s -split-input-file --pass-pipeline='builtin.module(theta-to-linalg,func.func(canonicalize,theta-fuse-elementwise,canonicalize,cse))' | FileCheck %s

// The gradient of a flatten is a reshape of a product. The product stays a
// linalg.matmul (for BLAS) and the reshape stays a reshape; upstream
// linalg-fuse-elementwise-ops would make both one 5-D linalg.generic.
// CHECK-LABEL: func.func @reshaped_product
//       CHECK:   linalg.matmul
//       CHECK:   tensor.expand_shape
//   CHECK-NOT:   linalg.generic
func.func @reshaped_product(%g: tensor<128x10xf32>, %w: tensor<10x288xf32>) -> tensor<128x2x12x12xf32> {
  %p = theta.dot %g, %w : (tensor<128x10xf32>, tensor<10x288xf32>) -> tensor<128x288xf32>
  %r = theta.reshape %p [128, 2, 12, 12] : tensor<128x288xf32> -> tensor<128x2x12x12xf32>
  return %r : tensor<128x2x12x12xf32>
}

// -----

// Elementwise chains still fuse into one loop nest.
// CHECK-LABEL: func.func @chain
//       CHECK:   linalg.generic
//       CHECK:     math.exp
//       CHECK:     arith.addf
//   CHECK-NOT:   linalg.generic
func.func @chain(%x: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %e = theta.exp %x : (tensor<64x64xf32>) -> tensor<64x64xf32>
  %s = theta.add %e, %x : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  return %s : tensor<64x64xf32>
}

// -----

// Products with at most 4 terms per element are unrolled into elementwise
// code (operands read at constant columns/rows) and fuse with their
// neighbours: a layer fed by two inputs is one loop nest with its bias and
// sigmoid, and an outer product from a gradient (a transposed 1-column
// operand) fuses with the product that uses it.
// CHECK-LABEL: func.func @small_contractions
//   CHECK-NOT:   linalg.matmul
//       CHECK:   %[[Y:.*]] = linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}, #{{.*}}, #{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel"]}
//       CHECK:     arith.mulf
//       CHECK:     arith.mulf
//       CHECK:     arith.addf
//       CHECK:     math.exp
//       CHECK:   linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %[[Y]] : tensor<64x1xf32>, tensor<64x1xf32>, tensor<64x64xf32>)
//   CHECK-NOT:   linalg.generic
func.func @small_contractions(%x: tensor<64x2xf32>, %w: tensor<2x64xf32>, %b: tensor<1x64xf32>,
                              %g: tensor<64x1xf32>, %v: tensor<64x1xf32>)
    -> (tensor<64x64xf32>, tensor<64x64xf32>) {
  %p = theta.dot %x, %w : (tensor<64x2xf32>, tensor<2x64xf32>) -> tensor<64x64xf32>
  %s = theta.add %p, %b : (tensor<64x64xf32>, tensor<1x64xf32>) -> tensor<64x64xf32>
  %y = theta.sigmoid %s : (tensor<64x64xf32>) -> tensor<64x64xf32>
  %vt = theta.dimshuffle %v [1, 0] : tensor<64x1xf32> -> tensor<1x64xf32>
  %o = theta.dot %g, %vt : (tensor<64x1xf32>, tensor<1x64xf32>) -> tensor<64x64xf32>
  %z = theta.mul %o, %y : (tensor<64x64xf32>, tensor<64x64xf32>) -> tensor<64x64xf32>
  return %y, %z : tensor<64x64xf32>, tensor<64x64xf32>
}
