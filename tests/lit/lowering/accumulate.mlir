// RUN: theta-opt %s --pass-pipeline='builtin.module(theta-to-linalg, func.func(canonicalize))' | FileCheck %s

// `acc + dot(a, b)` becomes one matmul accumulating into `acc` (BLAS's
// beta = 1), not a product into zeros followed by an add.

// CHECK-LABEL: func.func @accumulate
// CHECK-SAME: (%[[ACC:[^:]*]]: tensor<64x32xf32> {{.*}}, %[[A:[^:]*]]: tensor<16x64xf32> {{.*}}, %[[B:[^:]*]]: tensor<16x32xf32> {{.*}})
// CHECK-NOT: linalg.fill
// CHECK: %[[R:.*]] = linalg.matmul indexing_maps = [#{{.*}}, #{{.*}}, #{{.*}}] ins(%[[A]], %[[B]] : tensor<16x64xf32>, tensor<16x32xf32>) outs(%[[ACC]] : tensor<64x32xf32>)
// CHECK-NOT: linalg.generic
// CHECK: return %[[R]]
func.func @accumulate(%acc: tensor<64x32xf32>, %a: tensor<16x64xf32>, %b: tensor<16x32xf32>) -> tensor<64x32xf32> {
  %at = theta.dimshuffle %a [1, 0] : tensor<16x64xf32> -> tensor<64x16xf32>
  %p = theta.dot %at, %b : (tensor<64x16xf32>, tensor<16x32xf32>) -> tensor<64x32xf32>
  %s = theta.add %acc, %p : (tensor<64x32xf32>, tensor<64x32xf32>) -> tensor<64x32xf32>
  return %s : tensor<64x32xf32>
}

// A broadcast accumulator keeps the product and the add.
// CHECK-LABEL: func.func @broadcast
// CHECK: linalg.fill
// CHECK: linalg.matmul
// CHECK: linalg.generic
func.func @broadcast(%bias: tensor<1x32xf32>, %a: tensor<16x64xf32>, %b: tensor<64x32xf32>) -> tensor<16x32xf32> {
  %p = theta.dot %a, %b : (tensor<16x64xf32>, tensor<64x32xf32>) -> tensor<16x32xf32>
  %s = theta.add %p, %bias : (tensor<16x32xf32>, tensor<1x32xf32>) -> tensor<16x32xf32>
  return %s : tensor<16x32xf32>
}
