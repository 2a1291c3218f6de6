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

// -----

// Python slices (`stops`) of a dimension known only now: clipped to it.
// CHECK-LABEL: func @python_slices
//       CHECK:   sizes [-1] steps [1] stops [-1] : tensor<5xf32> -> tensor<3xf32>
//       CHECK:   sizes [-1] steps [1] stops [100] : tensor<5xf32> -> tensor<2xf32>
//       CHECK:   sizes [-1] steps [1] stops [9223372036854775807] : tensor<5xf32> -> tensor<0xf32>
//       CHECK:   sizes [-1] steps [2] stops [-1] : tensor<5xf32> -> tensor<2xf32>
func.func @python_slices(%v: tensor<5xf32>) -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %a = theta.subtensor %v [1] sizes [-1] steps [1] stops [-1] : tensor<5xf32> -> tensor<?xf32>
  %b = theta.subtensor %v [3] sizes [-1] steps [1] stops [100] : tensor<5xf32> -> tensor<?xf32>
  %c = theta.subtensor %v [7] sizes [-1] steps [1] stops [9223372036854775807] : tensor<5xf32> -> tensor<?xf32>
  %d = theta.subtensor %v [1] sizes [-1] steps [2] stops [-1] : tensor<5xf32> -> tensor<?xf32>
  return %a, %b, %c, %d : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}

// -----

func.func @stop_with_size(%v: tensor<5xf32>) -> tensor<?xf32> {
  // expected-error @+2 {{'theta.subtensor' op dimension 0 has a stop, so it needs a static start, size -1 and no integer index}}
  // expected-error @+1 {{failed to infer returned types}}
  %a = theta.subtensor %v [1] sizes [2] steps [1] stops [-1] : tensor<5xf32> -> tensor<?xf32>
  return %a : tensor<?xf32>
}

// -----

// A size divided as int_div writes it, cast(floor(cast(n, f64) / 2), i64),
// folds once n is known, so the reshape taking it gets a static type.
// CHECK-LABEL: func @integer_quotient_of_a_size
//  CHECK-SAME: -> tensor<3x8xf32>
//       CHECK:   %[[THREE:.*]] = theta.constant dense<3> : tensor<i64>
//       CHECK:   theta.reshape %arg0 [%[[THREE]] : tensor<i64>, 8] : tensor<6x4xf32> -> tensor<3x8xf32>
func.func @integer_quotient_of_a_size(%x: tensor<6x4xf32>) -> tensor<?x8xf32> {
  %s = "theta.shape"(%x) : (tensor<6x4xf32>) -> tensor<2xi64>
  %d0 = theta.subtensor %s[0] sizes [1] steps [1] drop [0] : tensor<2xi64> -> tensor<i64>
  %f = theta.cast %d0 : tensor<i64> to f64
  %two = theta.constant dense<2.0> : tensor<f64>
  %q = theta.div %f, %two : (tensor<f64>, tensor<f64>) -> tensor<f64>
  %fl = theta.floor %q : (tensor<f64>) -> tensor<f64>
  %n = theta.cast %fl : tensor<f64> to i64
  %r = "theta.reshape"(%x, %n) <{static_shape = array<i64: -9223372036854775808, 8>}> : (tensor<6x4xf32>, tensor<i64>) -> tensor<?x8xf32>
  return %r : tensor<?x8xf32>
}

// -----

// A float cast to an integer type too narrow for it is left to the op.
// CHECK-LABEL: func @narrowing_cast_left_alone
//       CHECK:   theta.cast %{{.*}} : tensor<f64> to i8
func.func @narrowing_cast_left_alone() -> tensor<i8> {
  %big = theta.constant dense<300.0> : tensor<f64>
  %n = theta.cast %big : tensor<f64> to i8
  return %n : tensor<i8>
}
