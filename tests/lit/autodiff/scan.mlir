// RUN: theta-opt %s -split-input-file --theta-autodiff --canonicalize --cse | FileCheck %s
// RUN: theta-opt %s -split-input-file --pass-pipeline='builtin.module(func.func(theta-autodiff, canonicalize, cse, theta-scan-to-scf))' | FileCheck %s --check-prefix=LOOPS

// The gradient of a scan is a reverse scan. Its sequences are the forward
// sequence, the state's values at each step (initial value and history
// concatenated, then sliced per tap), the cotangents and the forward results
// (read instead of recomputed); its states are the
// carried adjoint of the state and the accumulated adjoint of the
// non-sequence; its output is the sequence's adjoint.

// CHECK-LABEL: func.func @accumulate
// CHECK: %[[FWD:.*]] = theta.scan sequences(%[[X:.*]] : tensor<5xf32>) initial(%[[H0:.*]] : tensor<1xf32>) non_sequences(%[[N:.*]] : tensor<f32>)
// CHECK: %[[ALL:.*]] = theta.concatenate %[[H0]], %[[FWD]] axis 0 : (tensor<1xf32>, tensor<5xf32>) -> tensor<6xf32>
// CHECK: %[[PREV:.*]] = theta.subtensor %[[ALL]] [0] sizes [5] steps [1] : tensor<6xf32> -> tensor<5xf32>
// CHECK: %[[ZERO:.*]] = theta.zeros [1] : f32 -> tensor<1xf32>
// CHECK: %[[BWD:.*]]:3 = theta.scan sequences(%[[X]], %[[PREV]], %{{.*}}, %[[FWD]] : tensor<5xf32>, tensor<5xf32>, tensor<5xf32>, tensor<5xf32>) initial(%[[ZERO]], %[[ZERO]] : tensor<1xf32>, tensor<1xf32>) non_sequences(%[[N]] : tensor<f32>) attributes {reverse, taps = [array<i64: -1>, array<i64: -1>]}
// CHECK-NEXT: ^bb0(%[[XT:.*]]: tensor<f32>, %{{.*}}: tensor<f32>, %[[DH:.*]]: tensor<f32>, %{{.*}}: tensor<f32>, %[[CARRY:.*]]: tensor<f32>, %[[ACC:.*]]: tensor<f32>, %[[NN:.*]]: tensor<f32>):
// CHECK: %[[G:.*]] = theta.add %[[DH]], %[[CARRY]]
// CHECK-DAG: %[[GX:.*]] = theta.mul %[[G]], %[[NN]]
// CHECK-DAG: %[[GN:.*]] = theta.mul %[[G]], %[[XT]]
// CHECK: %[[ACC2:.*]] = theta.add %[[ACC]], %[[GN]]
// CHECK: theta.yield %[[G]], %[[ACC2]], %[[GX]]
// The initial value's adjoint is the final carry, the non-sequence's the final sum:
// row 0, where a reverse scan ends.
// CHECK: %[[GH0:.*]] = theta.subtensor %[[BWD]]#0 [0] sizes [1] steps [1] drop [0]
// CHECK: %[[GN0:.*]] = theta.subtensor %[[BWD]]#1 [0] sizes [1] steps [1] drop [0]
// CHECK: return %[[BWD]]#2, %{{.*}}, %[[GN0]]

// After lowering, the backward loop counts down; the final-only states keep
// a single row, and the unrequested initial adjoint is not computed.
// LOOPS-LABEL: func.func @accumulate
// LOOPS: scf.for
// LOOPS: scf.for %[[I:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (tensor<1xf32>, tensor<1xf32>, tensor<?xf32>)
// LOOPS: %[[T:.*]] = arith.subi %{{.*}}, %[[I]] : index
// LOOPS: tensor.extract_slice %{{.*}}[%[[T]]] [1] [1] : tensor<5xf32> to tensor<f32>
func.func @accumulate(%x: tensor<5xf32>, %h0: tensor<1xf32>, %n: tensor<f32>)
    -> (tensor<5xf32>, tensor<1xf32>, tensor<f32>) {
  %r = theta.scan sequences(%x : tensor<5xf32>) initial(%h0 : tensor<1xf32>)
         non_sequences(%n : tensor<f32>) attributes {taps = [array<i64: -1>]} -> (tensor<5xf32>) {
  ^bb0(%xt: tensor<f32>, %acc: tensor<f32>, %nn: tensor<f32>):
    %p = theta.mul %xt, %nn : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %s = theta.add %acc, %p : (tensor<f32>, tensor<f32>) -> tensor<f32>
    theta.yield %s : tensor<f32>
  }
  %c = theta.sum %r : (tensor<5xf32>) -> tensor<f32>
  %g:3 = theta.grad %c wrt %x, %h0, %n : tensor<f32>, tensor<5xf32>, tensor<1xf32>, tensor<f32>
  return %g#0, %g#1, %g#2 : tensor<5xf32>, tensor<1xf32>, tensor<f32>
}

// -----

// Taps -2 and -1: two carried adjoints; the initial value's adjoint puts the
// older one first.
// CHECK-LABEL: func.func @taps
// CHECK: theta.scan {{.*}} initial(%{{.*}}, %{{.*}} : tensor<1xf64>, tensor<1xf64>) attributes {reverse, taps = [array<i64: -1>, array<i64: -1>]}
// CHECK: %[[C0:.*]] = theta.subtensor %[[B:.*]]#0 [0] sizes [1] steps [1] drop [0]
// CHECK: %[[R0:.*]] = theta.dimshuffle %[[C0]] [x]
// CHECK: %[[C1:.*]] = theta.subtensor %[[B]]#1 [0] sizes [1] steps [1] drop [0]
// CHECK: %[[R1:.*]] = theta.dimshuffle %[[C1]] [x]
// CHECK: theta.concatenate %[[R1]], %[[R0]] axis 0
func.func @taps(%x: tensor<4xf64>, %init: tensor<2xf64>) -> tensor<2xf64> {
  %r = theta.scan sequences(%x : tensor<4xf64>) initial(%init : tensor<2xf64>)
         attributes {taps = [array<i64: -2, -1>]} -> (tensor<4xf64>) {
  ^bb0(%xt: tensor<f64>, %a: tensor<f64>, %b: tensor<f64>):
    %p = theta.mul %a, %b : (tensor<f64>, tensor<f64>) -> tensor<f64>
    %s = theta.add %p, %xt : (tensor<f64>, tensor<f64>) -> tensor<f64>
    theta.yield %s : tensor<f64>
  }
  %c = theta.sum %r : (tensor<4xf64>) -> tensor<f64>
  %g = theta.grad %c wrt %init : tensor<f64>, tensor<2xf64>
  return %g : tensor<2xf64>
}


// -----

// truncate_gradient = 2 of 5 steps: the backward scan runs over the last two
// rows only; the sequence's adjoint is zero before them, and the initial
// state gets the final carry (the adjoint of the state before the window), as
// in Theano.
// CHECK-LABEL: func.func @truncated
// CHECK: %[[FWD:.*]] = theta.scan sequences(%[[X:.*]] : tensor<5xf32>) initial(%{{.*}} : tensor<1xf32>) non_sequences(%{{.*}} : tensor<f32>) attributes {taps = [array<i64: -1>], truncate_gradient = 2 : i64}
// CHECK: %[[XW:.*]] = theta.subtensor %[[X]] [3] sizes [2] steps [1] : tensor<5xf32> -> tensor<2xf32>
// CHECK: %[[BWD:.*]]:3 = theta.scan sequences(%[[XW]], {{.*}} : tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
// CHECK: %[[GH:.*]] = theta.subtensor %[[BWD]]#0 [0] sizes [1] steps [1] drop [0]
// CHECK: %[[GX:.*]] = theta.inc_subtensor %{{.*}} [3] sizes [2] steps [1], %[[BWD]]#2 : (tensor<5xf32>, tensor<2xf32>) -> tensor<5xf32>
// CHECK: return %[[GX]], %{{.*}}, %{{.*}} : tensor<5xf32>, tensor<1xf32>, tensor<f32>
func.func @truncated(%x: tensor<5xf32>, %h0: tensor<1xf32>, %n: tensor<f32>) -> (tensor<5xf32>, tensor<1xf32>, tensor<f32>) {
  %h = theta.scan sequences(%x : tensor<5xf32>) initial(%h0 : tensor<1xf32>) non_sequences(%n : tensor<f32>)
      attributes {taps = [array<i64: -1>], truncate_gradient = 2 : i64} -> (tensor<5xf32>) {
  ^bb0(%xt: tensor<f32>, %prev: tensor<f32>, %nn: tensor<f32>):
    %p = theta.mul %xt, %nn : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %s = theta.add %prev, %p : (tensor<f32>, tensor<f32>) -> tensor<f32>
    theta.yield %s : tensor<f32>
  }
  %c = theta.sum %h : (tensor<5xf32>) -> tensor<f32>
  %g:3 = theta.grad %c wrt %x, %h0, %n : tensor<f32>, tensor<5xf32>, tensor<1xf32>, tensor<f32>
  return %g#0, %g#1, %g#2 : tensor<5xf32>, tensor<1xf32>, tensor<f32>
}
