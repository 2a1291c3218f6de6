// RUN: theta-opt %s -split-input-file --theta-eliminate-empty-tensors | FileCheck %s

// A scan step's state, computed into a tensor.empty and inserted into its
// history row, is computed in that row: bufferization then writes the row
// in place instead of a temporary it copies every step.
// CHECK-LABEL: func.func @history_row
// CHECK:         scf.for {{.*}} iter_args(%[[H:.*]] = %{{.*}})
// CHECK:           %[[ROW:.*]] = tensor.extract_slice %[[H]][%{{.*}}, 0] [1, 8] [1, 1] : tensor<5x8xf32> to tensor<8xf32>
// CHECK:           %[[T:.*]] = linalg.generic {{.*}} outs(%[[ROW]] : tensor<8xf32>)
// CHECK:           tensor.insert_slice %[[T]] into %[[H]]
func.func @history_row(%x: tensor<8xf32>, %init: tensor<5x8xf32>) -> tensor<5x8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %r = scf.for %i = %c0 to %c5 step %c1 iter_args(%h = %init) -> (tensor<5x8xf32>) {
    %e = tensor.empty() : tensor<8xf32>
    %t = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                         iterator_types = ["parallel"]} ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) {
    ^bb0(%in: f32, %out: f32):
      %s = math.tanh %in : f32
      linalg.yield %s : f32
    } -> tensor<8xf32>
    %u = tensor.insert_slice %t into %h[%i, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<5x8xf32>
    scf.yield %u : tensor<5x8xf32>
  }
  return %r : tensor<5x8xf32>
}

// -----

// Without inserts inside loops the analysis is not run (it would cost more
// compile time than the copies it saves): the tensor.empty stays.
// CHECK-LABEL: func.func @no_loop
// CHECK:         tensor.empty
// CHECK:         linalg.generic
// CHECK:         tensor.insert_slice
func.func @no_loop(%x: tensor<8xf32>, %init: tensor<5x8xf32>) -> tensor<5x8xf32> {
  %e = tensor.empty() : tensor<8xf32>
  %t = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>],
                       iterator_types = ["parallel"]} ins(%x : tensor<8xf32>) outs(%e : tensor<8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = math.tanh %in : f32
    linalg.yield %s : f32
  } -> tensor<8xf32>
  %u = tensor.insert_slice %t into %init[0, 0] [1, 8] [1, 1] : tensor<8xf32> into tensor<5x8xf32>
  return %u : tensor<5x8xf32>
}
