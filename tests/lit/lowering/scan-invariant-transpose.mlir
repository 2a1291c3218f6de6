// RUN: theta-opt %s -split-input-file --theta-scan-to-scf --canonicalize | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-scan-to-scf --theta-to-linalg --canonicalize | FileCheck %s --check-prefix=LINALG

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

// -----

// Nested scans lower innermost first: the inner scan's transpose lands in
// the outer body before the inner loop, used only inside that loop's region.
// The outer lowering must still see it as needed, as it must an inner
// `until` scan's step count, which only the scf.while's condition reads; and
// as it transposes the outer scan's non-sequence, it moves before both loops.
// CHECK-LABEL: func.func @nested
// CHECK-SAME:    %[[W:[a-z0-9]+]]: tensor<2x2xf32>) -> tensor<3x2x2xf32>
// CHECK:         %[[WT:.*]] = theta.dimshuffle %[[W]] [1, 0]
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             theta.dot %{{.*}}, %[[WT]]
// LINALG-LABEL: func.func @nested
func.func @nested(%xs: tensor<3x1x2x2xf32>, %ys0: tensor<3x2x2xf32>, %h0: tensor<1x2x2xf32>, %w: tensor<2x2xf32>) -> tensor<3x2x2xf32> {
  %r = theta.scan sequences(%xs : tensor<3x1x2x2xf32>) initial(%h0 : tensor<1x2x2xf32>) non_sequences(%w, %ys0 : tensor<2x2xf32>, tensor<3x2x2xf32>) attributes {taps = [array<i64: -1>]} -> (tensor<3x2x2xf32>) {
  ^bb0(%x: tensor<1x2x2xf32>, %h: tensor<2x2xf32>, %wa: tensor<2x2xf32>, %yy: tensor<3x2x2xf32>):
    %ys = theta.scan sequences(%yy : tensor<3x2x2xf32>) initial(%x : tensor<1x2x2xf32>) non_sequences(%wa : tensor<2x2xf32>) attributes {taps = [array<i64: -1>]} -> (tensor<3x2x2xf32>) {
    ^bb1(%y: tensor<2x2xf32>, %g: tensor<2x2xf32>, %wb: tensor<2x2xf32>):
      %wt = theta.dimshuffle %wb [1, 0] : tensor<2x2xf32> -> tensor<2x2xf32>
      %p = theta.dot %g, %wt : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
      theta.yield %p : tensor<2x2xf32>
    }
    %last = theta.subtensor %ys[-1, 0, 0] sizes [1, -1, -1] steps [1, 1, 1] drop [0] : tensor<3x2x2xf32> -> tensor<2x2xf32>
    %s = theta.add %last, %h : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
    theta.yield %s : tensor<2x2xf32>
  }
  return %r : tensor<3x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @nested_until
// CHECK:         scf.for
// CHECK:           scf.while
// LINALG-LABEL: func.func @nested_until
func.func @nested_until(%xs: tensor<3x1xf32>, %h0: tensor<1xf32>, %limit: tensor<f32>) -> tensor<3xf32> {
  %r = theta.scan sequences(%xs : tensor<3x1xf32>) initial(%h0 : tensor<1xf32>) non_sequences(%limit : tensor<f32>) attributes {taps = [array<i64: -1>]} -> (tensor<3xf32>) {
  ^bb0(%x: tensor<1xf32>, %h: tensor<f32>, %l: tensor<f32>):
    %n = theta.constant dense<100> : tensor<i64>
    %in = theta.scan steps(%n : tensor<i64>) initial(%x : tensor<1xf32>) non_sequences(%l : tensor<f32>)
           attributes {taps = [array<i64: -1>], until} -> (tensor<?xf32>) {
    ^bb1(%g: tensor<f32>, %m: tensor<f32>):
      %s = theta.add %g, %g : (tensor<f32>, tensor<f32>) -> tensor<f32>
      %stop = theta.gt %s, %m : (tensor<f32>, tensor<f32>) -> tensor<i1>
      theta.yield %s, %stop : tensor<f32>, tensor<i1>
    }
    %last = theta.subtensor %in[-1] sizes [1] steps [1] drop [0] : tensor<?xf32> -> tensor<f32>
    %o = theta.add %last, %h : (tensor<f32>, tensor<f32>) -> tensor<f32>
    theta.yield %o : tensor<f32>
  }
  return %r : tensor<3xf32>
}
