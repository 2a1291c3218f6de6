// RUN: theta-opt %s -split-input-file --theta-autodiff --canonicalize | FileCheck %s

// Gradients through empty values: they are zeros, built without slicing
// anything (a subtensor cannot be empty; building one used to abort).

// A scan over a 0-row sequence runs no step (NumPy and Theano give 0-row
// results): no result depends on the sequence, the initial state or the
// non-sequence, and no backward scan is built.
// CHECK-LABEL: func.func @zero_length_sequence
// CHECK-NOT: theta.subtensor
// CHECK-DAG: %[[GX:.*]] = theta.zeros [0] : f32 -> tensor<0xf32>
// CHECK-DAG: %[[GH:.*]] = theta.zeros [1] : f32 -> tensor<1xf32>
// CHECK-DAG: %[[GN:.*]] = theta.zeros [] : f32 -> tensor<f32>
// CHECK: return %[[GX]], %[[GH]], %[[GN]]
func.func @zero_length_sequence(%x: tensor<0xf32>, %h0: tensor<1xf32>, %n: tensor<f32>)
    -> (tensor<0xf32>, tensor<1xf32>, tensor<f32>) {
  %r = theta.scan sequences(%x : tensor<0xf32>) initial(%h0 : tensor<1xf32>)
         non_sequences(%n : tensor<f32>) attributes {taps = [array<i64: -1>]} -> (tensor<0xf32>) {
  ^bb0(%xt: tensor<f32>, %acc: tensor<f32>, %nn: tensor<f32>):
    %p = theta.mul %xt, %nn : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %s = theta.add %acc, %p : (tensor<f32>, tensor<f32>) -> tensor<f32>
    theta.yield %s : tensor<f32>
  }
  %c = theta.sum %r : (tensor<0xf32>) -> tensor<f32>
  %g:3 = theta.grad %c wrt %x, %h0, %n : tensor<f32>, tensor<0xf32>, tensor<1xf32>, tensor<f32>
  return %g#0, %g#1, %g#2 : tensor<0xf32>, tensor<1xf32>, tensor<f32>
}

// -----

// n_steps 0 with taps -2 and -1, and a matrix state.
// CHECK-LABEL: func.func @zero_steps
// CHECK: theta.scan
// CHECK-NOT: theta.scan
// CHECK-DAG: %[[GH:.*]] = theta.zeros [2, 3] : f32 -> tensor<2x3xf32>
// CHECK-DAG: %[[GW:.*]] = theta.zeros [3, 3] : f32 -> tensor<3x3xf32>
// CHECK: return %{{.*}}, %[[GH]], %[[GW]]
func.func @zero_steps(%h0: tensor<2x3xf32>, %w: tensor<3x3xf32>)
    -> (tensor<0x3xf32>, tensor<2x3xf32>, tensor<3x3xf32>) {
  %n = theta.constant dense<0> : tensor<i64>
  %r = theta.scan steps(%n : tensor<i64>) initial(%h0 : tensor<2x3xf32>)
         non_sequences(%w : tensor<3x3xf32>)
         attributes {taps = [array<i64: -2, -1>]} -> (tensor<0x3xf32>) {
  ^bb0(%older: tensor<3xf32>, %h: tensor<3xf32>, %ww: tensor<3x3xf32>):
    %d = theta.dot %h, %ww : (tensor<3xf32>, tensor<3x3xf32>) -> tensor<3xf32>
    %s = theta.add %d, %older : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    %t = theta.tanh %s : (tensor<3xf32>) -> tensor<3xf32>
    theta.yield %t : tensor<3xf32>
  }
  %c = theta.sum %r : (tensor<0x3xf32>) -> tensor<f32>
  %g:2 = theta.grad %c wrt %h0, %w : tensor<f32>, tensor<2x3xf32>, tensor<3x3xf32>
  return %r, %g#0, %g#1 : tensor<0x3xf32>, tensor<2x3xf32>, tensor<3x3xf32>
}

// -----

// An empty piece of a concatenation gets an empty gradient; the other
// piece its slice.
// CHECK-LABEL: func.func @empty_piece
// CHECK-NOT: sizes [0]
// CHECK: %[[GB:.*]] = theta.subtensor %{{.*}} [0] sizes [3] steps [1] : tensor<3xf32> -> tensor<3xf32>
// CHECK: %[[GA:.*]] = theta.zeros [0] : f32 -> tensor<0xf32>
// CHECK: return %[[GA]], %[[GB]]
func.func @empty_piece(%a: tensor<0xf32>, %b: tensor<3xf32>) -> (tensor<0xf32>, tensor<3xf32>) {
  %j = theta.concatenate %a, %b axis 0 : (tensor<0xf32>, tensor<3xf32>) -> tensor<3xf32>
  %c = theta.sum %j : (tensor<3xf32>) -> tensor<f32>
  %g:2 = theta.grad %c wrt %a, %b : tensor<f32>, tensor<0xf32>, tensor<3xf32>
  return %g#0, %g#1 : tensor<0xf32>, tensor<3xf32>
}
