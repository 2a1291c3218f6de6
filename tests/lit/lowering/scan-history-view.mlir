// RUN: theta-opt %s -split-input-file --theta-scan-to-scf --canonicalize | FileCheck %s

// BPTT reads the states before each step as concatenate(initial, states)
// [0:T]. A forward scan keeps its initial rows first in its history and
// never writes them, so that concatenation is rows [0, depth + T) of the
// history the loop returns: a slice, not a copy of the history (which also
// made the loop's initial history a copy of its own).

// CHECK-LABEL: func.func @states_before_each_step
// CHECK-SAME:    (%[[XS:.*]]: tensor<5x4xf32>, %[[H0:.*]]: tensor<1x4xf32>)
// CHECK:         %[[INIT:.*]] = tensor.insert_slice %[[H0]] into %{{.*}}[0, 0] [1, 4] [1, 1] : tensor<1x4xf32> into tensor<6x4xf32>
// CHECK:         %[[CAST:.*]] = tensor.cast %[[INIT]]
// CHECK:         %[[HISTORY:.*]] = scf.for {{.*}} iter_args(%{{.*}} = %[[CAST]]) -> (tensor<?x4xf32>)
// CHECK:           scf.yield
// CHECK-NOT:     theta.concatenate
// CHECK-NOT:     tensor.insert_slice
// CHECK:         %[[ALL:.*]] = tensor.extract_slice %[[HISTORY]][0, 0] [6, 4] [1, 1] : tensor<?x4xf32> to tensor<6x4xf32>
// CHECK:         %[[AFTER:.*]] = tensor.extract_slice %[[HISTORY]][1, 0] [5, 4] [1, 1] : tensor<?x4xf32> to tensor<5x4xf32>
// CHECK:         %[[BEFORE:.*]] = theta.subtensor %[[ALL]] [0, 0] sizes [5, -1]
// CHECK:         return %[[BEFORE]], %[[AFTER]]
func.func @states_before_each_step(%xs: tensor<5x4xf32>, %h0: tensor<1x4xf32>) -> (tensor<5x4xf32>, tensor<5x4xf32>) {
  %hs = theta.scan sequences(%xs : tensor<5x4xf32>) initial(%h0 : tensor<1x4xf32>) attributes {taps = [array<i64: -1>]} -> (tensor<5x4xf32>) {
  ^bb0(%x: tensor<4xf32>, %h: tensor<4xf32>):
    %s = theta.add %x, %h : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %t = theta.tanh %s : (tensor<4xf32>) -> tensor<4xf32>
    theta.yield %t : tensor<4xf32>
  }
  %all = theta.concatenate %h0, %hs axis 0 : (tensor<1x4xf32>, tensor<5x4xf32>) -> tensor<6x4xf32>
  %before = theta.subtensor %all [0, 0] sizes [5, -1] steps [1, 1] : tensor<6x4xf32> -> tensor<5x4xf32>
  return %before, %hs : tensor<5x4xf32>, tensor<5x4xf32>
}

// -----

// Another tensor in front of the states, or the states of a reverse scan
// (whose history holds the initial rows last), stay a concatenation.
// CHECK-LABEL: func.func @other_fronts
// CHECK-COUNT-2: theta.concatenate
func.func @other_fronts(%xs: tensor<5x4xf32>, %h0: tensor<1x4xf32>, %other: tensor<1x4xf32>) -> (tensor<6x4xf32>, tensor<6x4xf32>) {
  %hs = theta.scan sequences(%xs : tensor<5x4xf32>) initial(%h0 : tensor<1x4xf32>) attributes {taps = [array<i64: -1>]} -> (tensor<5x4xf32>) {
  ^bb0(%x: tensor<4xf32>, %h: tensor<4xf32>):
    %s = theta.add %x, %h : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    theta.yield %s : tensor<4xf32>
  }
  %a = theta.concatenate %other, %hs axis 0 : (tensor<1x4xf32>, tensor<5x4xf32>) -> tensor<6x4xf32>
  %rs = theta.scan sequences(%xs : tensor<5x4xf32>) initial(%h0 : tensor<1x4xf32>) attributes {reverse, taps = [array<i64: -1>]} -> (tensor<5x4xf32>) {
  ^bb0(%x: tensor<4xf32>, %h: tensor<4xf32>):
    %s = theta.add %x, %h : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    theta.yield %s : tensor<4xf32>
  }
  %b = theta.concatenate %h0, %rs axis 0 : (tensor<1x4xf32>, tensor<5x4xf32>) -> tensor<6x4xf32>
  return %a, %b : tensor<6x4xf32>, tensor<6x4xf32>
}
