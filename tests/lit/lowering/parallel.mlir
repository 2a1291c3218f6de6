// RUN: theta-opt %s -split-input-file --theta-lower-cpu | FileCheck %s

// Outer loops of large nests run on every core (OpenMP); small nests stay
// sequential so a tiny function never pays for a parallel region.

// CHECK-LABEL: llvm.func @large
//       CHECK:   omp.parallel
//       CHECK:   omp.wsloop
func.func @large(%x: tensor<512x512xf32>) -> tensor<512x512xf32> {
  %e = theta.exp %x : (tensor<512x512xf32>) -> tensor<512x512xf32>
  return %e : tensor<512x512xf32>
}

// -----

// CHECK-LABEL: llvm.func @small
//   CHECK-NOT:   omp.
//       CHECK:   llvm.return
func.func @small(%x: tensor<8x8xf32>) -> tensor<8x8xf32> {
  %e = theta.exp %x : (tensor<8x8xf32>) -> tensor<8x8xf32>
  return %e : tensor<8x8xf32>
}

// -----

// A reduction over the trailing axis: the rows are distributed, each row's
// sum is an inner sequential loop.
// CHECK-LABEL: llvm.func @row_sums
//       CHECK:   omp.parallel
//       CHECK:   omp.wsloop
func.func @row_sums(%x: tensor<1024x256xf32>) -> tensor<1024xf32> {
  %s = theta.sum %x axes [1] : (tensor<1024x256xf32>) -> tensor<1024xf32>
  return %s : tensor<1024xf32>
}
