// RUN: theta-opt %s -split-input-file | FileCheck %s
// RUN: theta-opt %s -split-input-file -mlir-print-op-generic | theta-opt -split-input-file | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-refine-types | FileCheck %s --check-prefix=REFINE
// RUN: theta-opt %s -split-input-file --theta-refine-types --canonicalize --cse | FileCheck %s --check-prefix=CANON

// theta.random: round trip, static and dynamic sizes, and the sizes type
// inference reads from the IR (constants, elements of theta.shape).

// CHECK-LABEL: func.func @draws
//       CHECK:   theta.random "uniform" %arg0, %arg1 [2, 3] : f32 -> tensor<2x3xf32>
//       CHECK:   theta.random "normal" %arg0, %arg1 [] : f64 -> tensor<f64>
//       CHECK:   theta.random "uniform" %arg0, %arg1 [%arg2 : tensor<i64>, 4] : f64 -> tensor<?x4xf64>
func.func @draws(%key: tensor<i64>, %counter: tensor<i64>, %n: tensor<i64>)
    -> (tensor<2x3xf32>, tensor<f64>, tensor<?x4xf64>) {
  %u = theta.random "uniform" %key, %counter [2, 3] : f32 -> tensor<2x3xf32>
  %z = theta.random "normal" %key, %counter [] : f64 -> tensor<f64>
  %d = theta.random "uniform" %key, %counter [%n : tensor<i64>, 4] : f64 -> tensor<?x4xf64>
  return %u, %z, %d : tensor<2x3xf32>, tensor<f64>, tensor<?x4xf64>
}

// -----

// A draw shaped like x (Theano's size=x.shape) gets x's static shape, and
// so does one sized by a constant; an unknown size stays dynamic.
// REFINE-LABEL: func.func @shaped_like
//  REFINE-SAME:   -> (tensor<3x5xf32>, tensor<7x5xf64>, tensor<?xf32>)
//       REFINE:   theta.random "normal" {{.*}} : f32 -> tensor<3x5xf32>
//       REFINE:   theta.random "uniform" {{.*}} : f64 -> tensor<7x5xf64>
//       REFINE:   theta.random "uniform" {{.*}} : f32 -> tensor<?xf32>
// Once theta.shape folds to a constant vector, sizes read from it stay static.
// CANON-LABEL: func.func @shaped_like
//       CANON:   theta.random "normal" %arg0, %arg1 [%{{.*}} : tensor<i64>, %{{.*}} : tensor<i64>] : f32 -> tensor<3x5xf32>
func.func @shaped_like(%key: tensor<i64>, %counter: tensor<i64>, %x: tensor<3x5xf32>, %n: tensor<i64>)
    -> (tensor<?x?xf32>, tensor<?x?xf64>, tensor<?xf32>) {
  %s = theta.shape %x : tensor<3x5xf32> -> tensor<2xi64>
  %rows = theta.subtensor %s[0] sizes [1] steps [1] drop [0] : tensor<2xi64> -> tensor<i64>
  %cols = theta.subtensor %s[-1] sizes [1] steps [1] drop [0] : tensor<2xi64> -> tensor<i64>
  %z = theta.random "normal" %key, %counter [%rows : tensor<i64>, %cols : tensor<i64>] : f32 -> tensor<?x?xf32>
  %seven = theta.constant dense<7> : tensor<i64>
  %u = theta.random "uniform" %key, %counter [%seven : tensor<i64>, %cols : tensor<i64>] : f64 -> tensor<?x?xf64>
  %v = theta.random "uniform" %key, %counter [%n : tensor<i64>] : f32 -> tensor<?xf32>
  return %z, %u, %v : tensor<?x?xf32>, tensor<?x?xf64>, tensor<?xf32>
}

// -----

// The op is pure: an unused draw is erased, identical draws are one.
// CANON-LABEL: func.func @pure
//       CANON:   %[[U:.*]] = theta.random "uniform"
//   CANON-NOT:   theta.random
//       CANON:   return %[[U]], %[[U]]
func.func @pure(%key: tensor<i64>, %counter: tensor<i64>) -> (tensor<4xf32>, tensor<4xf32>) {
  %unused = theta.random "normal" %key, %counter [4] : f32 -> tensor<4xf32>
  %a = theta.random "uniform" %key, %counter [4] : f32 -> tensor<4xf32>
  %b = theta.random "uniform" %key, %counter [4] : f32 -> tensor<4xf32>
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}
