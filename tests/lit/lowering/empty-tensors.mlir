// RUN: theta-opt %s -split-input-file --theta-to-linalg -mlir-print-local-scope | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-lower-cpu | FileCheck %s --check-prefix=ABI

// Tensors with no elements: results become tensor.empty (every empty tensor
// of a type is the same), empty pieces are not inserted, and the entry keeps
// one bare pointer per buffer.

// CHECK-LABEL: func.func @empty_result
// CHECK-NOT:     theta.
// CHECK:         %[[E:.*]] = tensor.empty() : tensor<2x0xf32>
// CHECK-NEXT:    return %[[E]]
// ABI-LABEL:   llvm.func @empty_result(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
func.func @empty_result(%x: tensor<2x0xf32>) -> tensor<2x0xf32> {
  %0 = theta.exp %x : (tensor<2x0xf32>) -> tensor<2x0xf32>
  return %0 : tensor<2x0xf32>
}

// -----

// CHECK-LABEL: func.func @concatenate_empty_piece
// CHECK-COUNT-1: tensor.insert_slice
// CHECK-NOT:     tensor.insert_slice
// ABI-LABEL:   llvm.func @concatenate_empty_piece(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
func.func @concatenate_empty_piece(%a: tensor<2x3xf32>, %b: tensor<0x3xf32>) -> tensor<2x3xf32> {
  %0 = theta.concatenate %a, %b axis 0 : (tensor<2x3xf32>, tensor<0x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// A product over an empty inner dimension is a zero matrix.
// CHECK-LABEL: func.func @dot_empty_inner
// CHECK:         linalg.fill
// ABI-LABEL:   llvm.func @dot_empty_inner(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
func.func @dot_empty_inner(%a: tensor<2x0xf32>, %b: tensor<0x2xf32>) -> tensor<2x2xf32> {
  %r = theta.dot %a, %b : (tensor<2x0xf32>, tensor<0x2xf32>) -> tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}
