// RUN: theta-opt %s -theta-refine-types -split-input-file -verify-diagnostics | FileCheck %s

// Specializing the arguments to static shapes propagates through the graph and
// into the function's result types.
// CHECK-LABEL: func @specialize(%arg0: tensor<8x4xf32>, %arg1: tensor<4xf32>) -> tensor<8xf32>
// CHECK: theta.add {{.*}} -> tensor<8x4xf32>
// CHECK: theta.sum {{.*}} -> tensor<8xf32>
func.func @specialize(%x: tensor<8x4xf32>, %b: tensor<4xf32>) -> tensor<?xf32> {
  %bb = theta.dimshuffle %b [x, 0] : tensor<4xf32> -> tensor<1x?xf32>
  %y = theta.add %x, %bb : (tensor<8x4xf32>, tensor<1x?xf32>) -> tensor<?x?xf32>
  %s = theta.sum %y axes [1] : (tensor<?x?xf32>) -> tensor<?xf32>
  return %s : tensor<?xf32>
}

// -----

// Shapes that only clash once known are reported at the op that breaks.
func.func @clash(%x: tensor<3xf32>, %y: tensor<4xf32>) -> tensor<?xf32> {
  %a = theta.exp %x : (tensor<3xf32>) -> tensor<?xf32>
  // expected-error @+1 {{'theta.add' op operands do not broadcast: tensor<3xf32>, tensor<4xf32>: dimension 0 has sizes 3 and 4}}
  %b = theta.add %a, %y : (tensor<?xf32>, tensor<4xf32>) -> tensor<?xf32>
  return %b : tensor<?xf32>
}
