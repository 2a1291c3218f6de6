// RUN: theta-opt %s --theta-to-linalg | FileCheck %s
// RUN: theta-opt %s --theta-lower-cpu | FileCheck %s --check-prefix=LLVM

// argsort is a call of the runtime's theta_argsort on the input's buffer:
// element code (1: f64), input, fresh int64 buffer, rows, row length.
// CHECK-LABEL: func.func @argsort
//       CHECK:   %[[IN:.*]] = bufferization.to_buffer %arg0 read_only : tensor<4x5xf64> to memref<4x5xf64>
//       CHECK:   %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4x5xi64>
//       CHECK:   call @theta_argsort(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (i64, i64, i64, i64, i64) -> ()
//       CHECK:   bufferization.to_tensor %[[OUT]] restrict writable
// LLVM: llvm.func @theta_argsort(i64, i64, i64, i64, i64)
func.func @argsort(%x: tensor<4x5xf64>) -> tensor<4x5xi64> {
  %i = theta.argsort %x : (tensor<4x5xf64>) -> tensor<4x5xi64>
  return %i : tensor<4x5xi64>
}
