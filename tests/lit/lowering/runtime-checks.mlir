// RUN: theta-opt %s -split-input-file --theta-to-linalg | FileCheck %s

// A dynamic start is wrapped once when negative and checked: out of range
// (here: the 4-row slice must start in [0, 6]), the runtime is told which op
// and line, by the address of a constant string, and the slice reads from the
// clamped start.
// CHECK-DAG: memref.global "private" constant @theta_site_{{[0-9]+}} : memref<{{[0-9]+}}xi8> = dense<
// CHECK-DAG: func.func private @theta_index_error(i64, i64, i64, i64)
// CHECK-LABEL: func.func @slice_start
// CHECK:         %[[I:.*]] = arith.index_cast
// CHECK:         %[[NEG:.*]] = arith.cmpi slt, %[[I]]
// CHECK:         %[[W:.*]] = arith.select %[[NEG]]
// CHECK:         %[[BELOW:.*]] = arith.cmpi slt, %[[W]]
// CHECK:         %[[ABOVE:.*]] = arith.cmpi sgt, %[[W]]
// CHECK:         %[[BAD:.*]] = arith.ori %[[BELOW]], %[[ABOVE]]
// CHECK:         scf.if %[[BAD]] {
// CHECK:           memref.get_global @theta_site_
// CHECK:           func.call @theta_index_error(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}) : (i64, i64, i64, i64) -> ()
// CHECK:         }
// CHECK:         %[[LO:.*]] = arith.maxsi %[[W]]
// CHECK:         %[[START:.*]] = arith.minsi %[[LO]]
// CHECK:         tensor.extract_slice %{{.*}}[%[[START]], 0] [4, 3] [1, 1]
func.func @slice_start(%x: tensor<10x3xf32>, %i: tensor<i64>) -> tensor<4x3xf32> {
  %r = theta.subtensor %x[%i : tensor<i64>, 0] sizes [4, -1] steps [1, 1] : tensor<10x3xf32> -> tensor<4x3xf32> loc("model.cc":12:0)
  return %r : tensor<4x3xf32>
}

// -----

// A static start in range needs no check.
// CHECK-LABEL: func.func @static_start
// CHECK-NOT:     theta_index_error
// CHECK:         tensor.extract_slice %{{.*}}[7, 0] [3, 3] [1, 1]
func.func @static_start(%x: tensor<10x3xf32>) -> tensor<3x3xf32> {
  %r = theta.subtensor %x[-3, 0] sizes [3, -1] steps [1, 1] : tensor<10x3xf32> -> tensor<3x3xf32>
  return %r : tensor<3x3xf32>
}
