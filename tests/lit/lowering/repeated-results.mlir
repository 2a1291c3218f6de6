// RUN: theta-opt %s -split-input-file --theta-lower-cpu | FileCheck %s --check-prefix=LLVM
// RUN: theta-opt %s -split-input-file --theta-copy-repeated-results | FileCheck %s

// Two outputs that become the same value only after fusion and CSE (x * mask
// and the gradient of sum(x * mask), both x * mask's factor) still get one
// buffer each: the pipeline used to crash in buffer-results-to-out-params.
// LLVM-LABEL: llvm.func @f
//  LLVM-SAME:   (%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr, %arg3: !llvm.ptr, %arg4: !llvm.ptr)
func.func @f(%x: tensor<20x5xf32>, %z: tensor<20x5xf64>) -> (tensor<20x5xf32>, tensor<20x5xf32>, tensor<20x5xf32>) {
  %c = theta.constant dense<8.000000e-01> : tensor<1x1xf64>
  %6 = theta.lt %z, %c : (tensor<20x5xf64>, tensor<1x1xf64>) -> tensor<20x5xi1>
  %7 = theta.cast %6 : tensor<20x5xi1> to f32
  %8 = theta.mul %x, %7 : (tensor<20x5xf32>, tensor<20x5xf32>) -> tensor<20x5xf32>
  %9 = theta.sum %8 : (tensor<20x5xf32>) -> tensor<f32>
  %10 = theta.grad %9 wrt %x : tensor<f32>, tensor<20x5xf32>
  return %8, %10, %7 : tensor<20x5xf32>, tensor<20x5xf32>, tensor<20x5xf32>
}

// -----

// Two results that are the same value get distinct buffers (a copy).
// LLVM-LABEL: llvm.func @repeated_result
// CHECK-LABEL: func.func @repeated_result
//       CHECK:   %[[FRESH:.*]] = bufferization.alloc_tensor() : tensor<3xf32>
//       CHECK:   %[[COPY:.*]] = linalg.copy ins(%arg0 : tensor<3xf32>) outs(%[[FRESH]] : tensor<3xf32>)
//       CHECK:   return %arg0, %[[COPY]]
func.func @repeated_result(%y: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  return %y, %y : tensor<3xf32>, tensor<3xf32>
}
