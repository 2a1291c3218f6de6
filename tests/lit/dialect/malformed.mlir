// RUN: not theta-opt %s 2>&1 | FileCheck %s
// Malformed input is a diagnostic and a non-zero exit, never a crash.
// CHECK: malformed.mlir:6:{{[0-9]+}}: error: expected ','
// CHECK-NOT: Stack dump
func.func @f(%a: tensor<3xf32>) -> tensor<3xf32> {
  %r = theta.add %a : (tensor<3xf32>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}
