// RUN: theta-opt %s --theta-lower-cpu | FileCheck %s

// Through the whole pipeline: a gather's row index and rows are read from
// inputs, so every load in the copy loop is invariant and LLVM reads each
// row's index once.
// CHECK-LABEL: llvm.func @gather
//       CHECK:   omp.parallel
//       CHECK:     llvm.load %{{.*}} invariant : !llvm.ptr -> i64
//       CHECK:     llvm.load %{{.*}} invariant : !llvm.ptr -> f32
//       CHECK:     llvm.store
func.func @gather(%W: tensor<50000x64xf32>, %ids: tensor<100000xi64>) -> tensor<100000x64xf32> {
  %t = theta.take %W, %ids axis 0 : (tensor<50000x64xf32>, tensor<100000xi64>) -> tensor<100000x64xf32>
  return %t : tensor<100000x64xf32>
}
