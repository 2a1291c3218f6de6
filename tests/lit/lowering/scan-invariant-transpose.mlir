// RUN: theta-opt %s --theta-scan-to-scf --canonicalize | FileCheck %s
// RUN: theta-opt %s --theta-scan-to-scf --theta-to-linalg --canonicalize | FileCheck %s --check-prefix=LINALG

// The transpose of a non-sequence (W.T in an RNN's backward step) is the
// same every step: the scan lowering makes it once, before the loop, and the
// product inside the loop multiplies by that copy (a plain matmul, which BLAS
// libraries run faster than a transposed one) instead of reading W
// transposed every step. A transpose of a per-step value (here the sequence
// slice x_t) stays inside the loop, folded into the matmul's indexing map.

// CHECK-LABEL: func.func @rnn_like
// CHECK-SAME:    (%[[XS:.*]]: tensor<5x8x8xf32>, %[[H0:.*]]: tensor<1x8x8xf32>, %[[W:.*]]: tensor<8x8xf32>)
// CHECK:         %[[WT:.*]] = theta.dimshuffle %[[W]] [1, 0]
// CHECK:         scf.for
// CHECK-NOT:       theta.dimshuffle %[[W]]
// CHECK:           theta.dot %{{.*}}, %[[WT]]
// CHECK:           theta.dimshuffle %{{.*}} [1, 0]
// CHECK:           scf.yield

// LINALG-DAG: #[[SWAP:.*]] = affine_map<(d0, d1) -> (d1, d0)>
// LINALG-DAG: #[[KM:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
// LINALG-LABEL: func.func @rnn_like
// LINALG-SAME:    %[[W:[a-z0-9]+]]: tensor<8x8xf32> {bufferization.writable = false}) -> tensor<5x8x8xf32>
// LINALG:         %[[WT:.*]] = linalg.generic {indexing_maps = [#[[SWAP]], #{{.*}}], {{.*}} ins(%[[W]] : tensor<8x8xf32>)
// LINALG:         scf.for
// x_t.T h: the transpose in the indexing map; h W.T: a plain matmul by the copy.
// LINALG:           linalg.matmul indexing_maps = [#[[KM]], #{{.*}}, #{{.*}}]
// LINALG:           linalg.matmul ins(%{{.*}}, %[[WT]] : tensor<8x8xf32>, tensor<8x8xf32>)
// LINALG-NOT:       ins(%[[W]]
// LINALG:           scf.yield
func.func @rnn_like(%xs: tensor<5x8x8xf32>, %h0: tensor<1x8x8xf32>, %w: tensor<8x8xf32>) -> tensor<5x8x8xf32> {
  %r = theta.scan sequences(%xs : tensor<5x8x8xf32>) initial(%h0 : tensor<1x8x8xf32>) non_sequences(%w : tensor<8x8xf32>) attributes {taps = [array<i64: -1>]} -> (tensor<5x8x8xf32>) {
  ^bb0(%x: tensor<8x8xf32>, %h: tensor<8x8xf32>, %wa: tensor<8x8xf32>):
    %wt = theta.dimshuffle %wa [1, 0] : tensor<8x8xf32> -> tensor<8x8xf32>
    %p = theta.dot %h, %wt : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %xt = theta.dimshuffle %x [1, 0] : tensor<8x8xf32> -> tensor<8x8xf32>
    %q = theta.dot %xt, %h : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %s = theta.add %p, %q : (tensor<8x8xf32>, tensor<8x8xf32>) -> tensor<8x8xf32>
    %t = theta.tanh %s : (tensor<8x8xf32>) -> tensor<8x8xf32>
    theta.yield %t : tensor<8x8xf32>
  }
  return %r : tensor<5x8x8xf32>
}
