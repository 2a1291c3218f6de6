// RUN: theta-opt %s -split-input-file --theta-nan-guard | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-nan-guard="nan=1 inf=0 big=0" | FileCheck %s --check-prefix=NANONLY

// NanGuardMode: every floating-point argument, and the result of every
// theta op with a floating-point result, is checked right after it is made,
// naming the op (or the argument) and where it was built. Integer values,
// constants and the identity print are not checked.

// CHECK-LABEL: func.func @guarded
//  CHECK-NEXT: theta.check_values %arg0 {big, inf, nan, origin = "argument 0 of the call (built at {{.*}}nan-guard.mlir:[[@LINE+11]])"} : tensor<2x3xf32>
//  CHECK-NEXT: %[[C:.*]] = theta.constant
//  CHECK-NEXT: %[[L:.*]] = theta.log %arg0
//  CHECK-NEXT: theta.check_values %[[L]] {big, inf, nan, origin = "'theta.log' built at {{.*}}nan-guard.mlir:[[@LINE+10]]"}
//  CHECK-NEXT: %[[P:.*]] = theta.print "l" %[[L]]
//  CHECK-NEXT: %[[M:.*]] = theta.mul %[[P]], %[[C]]
//  CHECK-NEXT: theta.check_values %[[M]] {big, inf, nan, origin = "'theta.mul' built at {{.*}}nan-guard.mlir:[[@LINE+9]]"}
//  CHECK-NEXT: %[[S:.*]] = theta.sum %arg1
//  CHECK-NEXT: return %[[M]], %[[S]]
// NANONLY-LABEL: func.func @guarded
//       NANONLY: theta.check_values %arg0 {nan, origin = "argument 0
func.func @guarded(%x: tensor<2x3xf32>, %i: tensor<4xi64>) -> (tensor<2x3xf32>, tensor<i64>) {
  %c = theta.constant dense<2.0> : tensor<2x3xf32>
  %l = theta.log %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  %p = theta.print "l" %l : tensor<2x3xf32>
  %m = theta.mul %p, %c : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %s = theta.sum %i : (tensor<4xi64>) -> tensor<i64>
  return %m, %s : tensor<2x3xf32>, tensor<i64>
}

// -----

// Inside a scan's body too: the step's ops are checked at every step.
// CHECK-LABEL: func.func @in_scan
//       CHECK: theta.scan
//       CHECK:   %[[P:.*]] = theta.mul
//  CHECK-NEXT:   theta.check_values %[[P]] {{{.*}}origin = "'theta.mul' built at
//  CHECK-NEXT:   %[[S:.*]] = theta.add
//  CHECK-NEXT:   theta.check_values %[[S]] {{{.*}}origin = "'theta.add' built at
//  CHECK-NEXT:   theta.yield %[[S]]
//       CHECK: theta.check_values %{{.*}} {{{.*}}origin = "'theta.scan' built at
func.func @in_scan(%x: tensor<5xf32>, %zero: tensor<1xf32>, %n: tensor<f32>) -> (tensor<5xf32>) {
  %r = theta.scan sequences(%x : tensor<5xf32>) initial(%zero : tensor<1xf32>)
         non_sequences(%n : tensor<f32>) attributes {taps = [array<i64: -1>]} -> (tensor<5xf32>) {
  ^bb0(%xt: tensor<f32>, %acc: tensor<f32>, %nn: tensor<f32>):
    %p = theta.mul %xt, %nn : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %s = theta.add %acc, %p : (tensor<f32>, tensor<f32>) -> tensor<f32>
    theta.yield %s : tensor<f32>
  }
  return %r : tensor<5xf32>
}
