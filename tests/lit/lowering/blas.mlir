// RUN: theta-opt %s -split-input-file --theta-linalg-to-blas --cse | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-linalg-to-blas=min-work=1000000000 | FileCheck %s --check-prefix=NONE

// Large matrix products on buffers become OpenBLAS calls through the runtime.

// linalg.matmul accumulates into C: beta (the tenth argument) is 1.
// CHECK: func.func private @theta_sgemm(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)
// CHECK-LABEL: func.func @plain
//       CHECK:   %[[A:.*]] = memref.extract_aligned_pointer_as_index %arg0
//       CHECK:   %[[AP:.*]] = arith.index_cast %[[A]] : index to i64
//       CHECK:   %[[ONE:.*]] = arith.constant 1 : i64
//       CHECK:   call @theta_sgemm(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[AP]], %{{.*}}, %{{.*}}, %{{.*}}, %[[ONE]], %{{.*}}, %{{.*}})
//   CHECK-NOT:   linalg.matmul
// NONE-LABEL: func.func @plain
//       NONE:   linalg.matmul
func.func @plain(%a: memref<64x48xf32>, %b: memref<48x40xf32>, %c: memref<64x40xf32>) {
  linalg.matmul ins(%a, %b : memref<64x48xf32>, memref<48x40xf32>) outs(%c : memref<64x40xf32>)
  return
}

// -----

// Transposed operands (matmul indexing maps) become the BLAS flags: trans A
// = 1, m = 64, n = 40, k = 48, lda = 64.
// CHECK-LABEL: func.func @transposed_a
//   CHECK-DAG:   %[[ONE:.*]] = arith.constant 1 : i64
//   CHECK-DAG:   %[[ZERO:.*]] = arith.constant 0 : i64
//   CHECK-DAG:   %[[M:.*]] = arith.constant 64 : i64
//   CHECK-DAG:   %[[N:.*]] = arith.constant 40 : i64
//   CHECK-DAG:   %[[K:.*]] = arith.constant 48 : i64
//       CHECK:   call @theta_sgemm(%[[ONE]], %[[ZERO]], %[[M]], %[[N]], %[[K]], %{{.*}}, %[[M]],
func.func @transposed_a(%a: memref<48x64xf32>, %b: memref<48x40xf32>, %c: memref<64x40xf32>) {
  linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (k, m)>,
                                 affine_map<(m, n, k) -> (k, n)>,
                                 affine_map<(m, n, k) -> (m, n)>]
      ins(%a, %b : memref<48x64xf32>, memref<48x40xf32>) outs(%c : memref<64x40xf32>)
  return
}

// -----

// A slice: the offset (1 row of 64 + 2 columns = 66 floats = 264 bytes) is
// added to the base pointer, and the leading dimension is the parent's 64.
// CHECK-LABEL: func.func @slice
//       CHECK:   %[[BASE:.*]] = memref.extract_aligned_pointer_as_index %{{.*}} : memref<40x48xf64, strided<[64, 1], offset: 66>>
//       CHECK:   %[[BYTES:.*]] = arith.constant 528 : index
//       CHECK:   arith.addi %[[BASE]], %[[BYTES]] : index
//       CHECK:   call @theta_dgemm
func.func @slice(%a: memref<48x64xf64>, %b: memref<48x40xf64>, %c: memref<40x40xf64>) {
  %s = memref.subview %a[1, 2] [40, 48] [1, 1] : memref<48x64xf64> to memref<40x48xf64, strided<[64, 1], offset: 66>>
  linalg.matmul ins(%s, %b : memref<40x48xf64, strided<[64, 1], offset: 66>>, memref<48x40xf64>) outs(%c : memref<40x40xf64>)
  return
}

// -----

// A fresh buffer filled with zeros just before the product: the fill goes,
// and gemm runs with beta = 0.
// CHECK-LABEL: func.func @zero_filled
//   CHECK-NOT:   linalg.fill
//   CHECK-DAG:   %[[ZERO:.*]] = arith.constant 0 : i64
//       CHECK:   call @theta_sgemm(%[[ZERO]], %[[ZERO]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[ZERO]], %{{.*}}, %{{.*}})
func.func @zero_filled(%a: memref<64x48xf32>, %b: memref<48x40xf32>) -> memref<64x40xf32> {
  %zero = arith.constant 0.0 : f32
  %c = memref.alloc() : memref<64x40xf32>
  linalg.fill ins(%zero : f32) outs(%c : memref<64x40xf32>)
  linalg.matmul ins(%a, %b : memref<64x48xf32>, memref<48x40xf32>) outs(%c : memref<64x40xf32>)
  return %c : memref<64x40xf32>
}

// -----

// A row of a scan's history starts at a run-time offset, read from the
// memref's metadata.
// CHECK-LABEL: func.func @dynamic_offset
//       CHECK:   %[[BASE:.*]] = memref.extract_aligned_pointer_as_index %[[ROW:.*]] :
//       CHECK:   %{{.*}}, %[[OFFSET:.*]], %{{.*}}:2, %{{.*}}:2 = memref.extract_strided_metadata %[[ROW]]
//       CHECK:   %[[BYTES:.*]] = arith.muli %[[OFFSET]], %{{.*}} : index
//       CHECK:   arith.addi %[[BASE]], %[[BYTES]] : index
//       CHECK:   call @theta_sgemm
func.func @dynamic_offset(%h: memref<10x64x48xf32>, %t: index, %b: memref<48x40xf32>, %c: memref<64x40xf32>) {
  %row = memref.subview %h[%t, 0, 0] [1, 64, 48] [1, 1, 1] : memref<10x64x48xf32> to memref<64x48xf32, strided<[48, 1], offset: ?>>
  linalg.matmul ins(%row, %b : memref<64x48xf32, strided<[48, 1], offset: ?>>, memref<48x40xf32>) outs(%c : memref<64x40xf32>)
  return
}

// -----

// Small products, integers and non-unit inner strides stay loops.
// CHECK-LABEL: func.func @stays
//   CHECK-NOT:   call
//       CHECK:   linalg.matmul
//       CHECK:   linalg.matmul
//       CHECK:   linalg.matmul
func.func @stays(%a: memref<4x4xf32>, %c: memref<4x4xf32>, %i: memref<64x64xi32>, %ci: memref<64x64xi32>,
                 %w: memref<64x128xf32>, %cw: memref<64x64xf32>) {
  linalg.matmul ins(%a, %a : memref<4x4xf32>, memref<4x4xf32>) outs(%c : memref<4x4xf32>)
  linalg.matmul ins(%i, %i : memref<64x64xi32>, memref<64x64xi32>) outs(%ci : memref<64x64xi32>)
  %s = memref.subview %w[0, 0] [64, 64] [1, 2] : memref<64x128xf32> to memref<64x64xf32, strided<[128, 2]>>
  linalg.matmul ins(%s, %s : memref<64x64xf32, strided<[128, 2]>>, memref<64x64xf32, strided<[128, 2]>>) outs(%cw : memref<64x64xf32>)
  return
}
