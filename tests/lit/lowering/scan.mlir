// RUN: theta-opt %s -split-input-file --theta-scan-to-scf --canonicalize | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-lower-cpu | FileCheck %s --check-prefix=LLVM

// A scan becomes a loop over tensors. Each state's history is one tensor
// (initial rows, then a row per step) carried by the loop and written with
// insert_slice, so bufferization updates it in place.

// CHECK-LABEL: func.func @fibonacci
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C10:.*]] = arith.constant 10 : index
// CHECK: %[[EMPTY:.*]] = tensor.empty() : tensor<12xi64>
// CHECK: %[[INIT:.*]] = tensor.insert_slice %{{.*}} into %[[EMPTY]][0] [2] [1] : tensor<2xi64> into tensor<12xi64>
// CHECK: %[[LOOP:.*]] = scf.for %[[T:.*]] = %{{.*}} to %[[C10]] step %{{.*}} iter_args(%[[H:.*]] = %[[INIT]]) -> (tensor<12xi64>)
// CHECK-DAG: tensor.extract_slice %[[H]][%[[T]]] [1] [1] : tensor<12xi64> to tensor<i64>
// CHECK-DAG: %[[T1:.*]] = arith.addi %[[T]], %{{.*}} : index
// CHECK-DAG: tensor.extract_slice %[[H]][%[[T1]]] [1] [1] : tensor<12xi64> to tensor<i64>
// CHECK: %[[NEW:.*]] = theta.add
// CHECK: %[[ROW:.*]] = arith.addi %[[T]], %[[C2]] : index
// CHECK: %[[H2:.*]] = tensor.insert_slice %[[NEW]] into %[[H]][%[[ROW]]] [1] [1] : tensor<i64> into tensor<12xi64>
// CHECK: scf.yield %[[H2]]
// CHECK: tensor.extract_slice %[[LOOP]][2] [10] [1] : tensor<12xi64> to tensor<10xi64>
// LLVM-LABEL: llvm.func @fibonacci
func.func @fibonacci(%first: tensor<2xi64>) -> tensor<10xi64> {
  %n = theta.constant dense<10> : tensor<i64>
  %r = theta.scan steps(%n : tensor<i64>) initial(%first : tensor<2xi64>)
         attributes {taps = [array<i64: -2, -1>]} -> (tensor<10xi64>) {
  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
    %s = theta.add %a, %b : (tensor<i64>, tensor<i64>) -> tensor<i64>
    theta.yield %s : tensor<i64>
  }
  return %r : tensor<10xi64>
}

// -----

// Only the last step is read: the state keeps one row, overwritten, and the
// unused output is not computed.
// CHECK-LABEL: func.func @last_only
// CHECK-NOT: tensor.empty
// CHECK: %[[LOOP:.*]] = scf.for %[[T:.*]] = {{.*}} iter_args(%[[H:.*]] = %{{.*}}) -> (tensor<1x4xf32>)
// CHECK: tensor.extract_slice %[[H]][0, 0] [1, 4] [1, 1] : tensor<1x4xf32> to tensor<4xf32>
// CHECK: theta.tanh
// CHECK-NOT: theta.exp
// CHECK: tensor.insert_slice %{{.*}} into %[[H]][0, 0] [1, 4] [1, 1] : tensor<4xf32> into tensor<1x4xf32>
// CHECK: %[[LAST:.*]] = tensor.extract_slice %[[LOOP]][0, 0] [1, 4] [1, 1] : tensor<1x4xf32> to tensor<4xf32>
// CHECK: return %[[LAST]]
// LLVM-LABEL: llvm.func @last_only
func.func @last_only(%x: tensor<7x4xf32>, %h0: tensor<1x4xf32>) -> tensor<4xf32> {
  %r:2 = theta.scan sequences(%x : tensor<7x4xf32>) initial(%h0 : tensor<1x4xf32>)
           attributes {taps = [array<i64: -1>]} -> (tensor<7x4xf32>, tensor<7x4xf32>) {
  ^bb0(%xt: tensor<4xf32>, %h: tensor<4xf32>):
    %s = theta.add %xt, %h : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
    %t = theta.tanh %s : (tensor<4xf32>) -> tensor<4xf32>
    %e = theta.exp %s : (tensor<4xf32>) -> tensor<4xf32>
    theta.yield %t, %e : tensor<4xf32>, tensor<4xf32>
  }
  %last = theta.subtensor %r#0[-1, 0] sizes [1, -1] steps [1, 1] drop [0] : tensor<7x4xf32> -> tensor<4xf32>
  return %last : tensor<4xf32>
}

// -----

// until: a while loop carrying the step, a keep-going flag and the history;
// the result is the rows of the steps that ran.
// CHECK-LABEL: func.func @until
// CHECK: %[[W:.*]]:3 = scf.while (%[[I:.*]] = %{{.*}}, %[[GO:.*]] = %{{.*}}, %{{.*}} = %{{.*}}) : (index, i1, tensor<?xf32>)
// CHECK: %[[IN:.*]] = arith.cmpi slt, %[[I]], %{{.*}} : index
// CHECK: %[[C:.*]] = arith.andi %[[IN]], %[[GO]] : i1
// CHECK: scf.condition(%[[C]])
// CHECK: } do {
// CHECK: theta.gt
// CHECK: tensor.extract
// CHECK: scf.yield
// CHECK: tensor.extract_slice %[[W]]#2[1] [%[[W]]#0] [1] : tensor<?xf32> to tensor<?xf32>
// LLVM-LABEL: llvm.func @until
func.func @until(%h0: tensor<1xf32>, %limit: tensor<f32>) -> tensor<?xf32> {
  %n = theta.constant dense<100> : tensor<i64>
  %r = theta.scan steps(%n : tensor<i64>) initial(%h0 : tensor<1xf32>) non_sequences(%limit : tensor<f32>)
         attributes {taps = [array<i64: -1>], until} -> (tensor<?xf32>) {
  ^bb0(%h: tensor<f32>, %l: tensor<f32>):
    %s = theta.add %h, %h : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %stop = theta.gt %s, %l : (tensor<f32>, tensor<f32>) -> tensor<i1>
    theta.yield %s, %stop : tensor<f32>, tensor<i1>
  }
  return %r : tensor<?xf32>
}
