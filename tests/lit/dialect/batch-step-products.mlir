// RUN: theta-opt %s -split-input-file --theta-batch-step-products | FileCheck %s

// An RNN step: dot(x_t, W_x) moves before the scan as one product of all
// steps; the recurrent dot(h, W_h) stays.
// CHECK-LABEL: func.func @rnn
//       CHECK:   %[[ROWS:.*]] = theta.reshape %arg0 [12, 4] : tensor<3x4x4xf32> -> tensor<12x4xf32>
//       CHECK:   %[[ALL:.*]] = theta.dot %[[ROWS]], %arg2 : (tensor<12x4xf32>, tensor<4x5xf32>) -> tensor<12x5xf32>
//       CHECK:   %[[STEPS:.*]] = theta.reshape %[[ALL]] [3, 4, 5] : tensor<12x5xf32> -> tensor<3x4x5xf32>
//       CHECK:   theta.scan sequences(%[[STEPS]] : tensor<3x4x5xf32>)
//  CHECK-SAME:     non_sequences(%arg3 : tensor<5x5xf32>)
//       CHECK:   ^bb0(%[[XW:.*]]: tensor<4x5xf32>, %[[H:.*]]: tensor<4x5xf32>, %[[WH:.*]]: tensor<5x5xf32>):
//   CHECK-NOT:     theta.dot %[[XW]]
//       CHECK:     %[[R:.*]] = theta.dot %[[H]], %[[WH]]
//       CHECK:     theta.add %[[XW]], %[[R]]
func.func @rnn(%x: tensor<3x4x4xf32>, %h0: tensor<1x4x5xf32>, %wx: tensor<4x5xf32>, %wh: tensor<5x5xf32>) -> tensor<3x4x5xf32> {
  %r = theta.scan sequences(%x : tensor<3x4x4xf32>) initial(%h0 : tensor<1x4x5xf32>)
         non_sequences(%wx, %wh : tensor<4x5xf32>, tensor<5x5xf32>) attributes {taps = [array<i64: -1>]} -> (tensor<3x4x5xf32>) {
  ^bb0(%xt: tensor<4x4xf32>, %h: tensor<4x5xf32>, %a: tensor<4x5xf32>, %b: tensor<5x5xf32>):
    %p = theta.dot %xt, %a : (tensor<4x4xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
    %q = theta.dot %h, %b : (tensor<4x5xf32>, tensor<5x5xf32>) -> tensor<4x5xf32>
    %s = theta.add %p, %q : (tensor<4x5xf32>, tensor<4x5xf32>) -> tensor<4x5xf32>
    %t = theta.tanh %s : (tensor<4x5xf32>) -> tensor<4x5xf32>
    theta.yield %t : tensor<4x5xf32>
  }
  return %r : tensor<3x4x5xf32>
}

// -----

// A vector slice times a matrix: the sequence itself is the rows. A product
// of a state by a weight (not a sequence's slice) stays.
// CHECK-LABEL: func.func @vectors
//       CHECK:   %[[ALL:.*]] = theta.dot %arg0, %arg2 : (tensor<6x3xf32>, tensor<3x2xf32>) -> tensor<6x2xf32>
//       CHECK:   theta.scan sequences(%[[ALL]] : tensor<6x2xf32>)
//       CHECK:     theta.dot %{{.*}}, %{{.*}} : (tensor<2xf32>, tensor<2x2xf32>) -> tensor<2xf32>
func.func @vectors(%x: tensor<6x3xf32>, %s0: tensor<1x2xf32>, %w: tensor<3x2xf32>, %v: tensor<2x2xf32>) -> tensor<6x2xf32> {
  %r = theta.scan sequences(%x : tensor<6x3xf32>) initial(%s0 : tensor<1x2xf32>)
         non_sequences(%w, %v : tensor<3x2xf32>, tensor<2x2xf32>) attributes {taps = [array<i64: -1>]} -> (tensor<6x2xf32>) {
  ^bb0(%xt: tensor<3xf32>, %s: tensor<2xf32>, %ww: tensor<3x2xf32>, %vv: tensor<2x2xf32>):
    %p = theta.dot %xt, %ww : (tensor<3xf32>, tensor<3x2xf32>) -> tensor<2xf32>
    %q = theta.dot %s, %vv : (tensor<2xf32>, tensor<2x2xf32>) -> tensor<2xf32>
    %n = theta.add %p, %q : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
    theta.yield %n : tensor<2xf32>
  }
  return %r : tensor<6x2xf32>
}
