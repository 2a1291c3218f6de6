// RUN: theta-opt %s -split-input-file --pass-pipeline='builtin.module(theta-to-linalg, func.func(canonicalize, theta-fuse-elementwise, theta-gpu-reductions, canonicalize))' | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-lower-gpu="chip=sm_90 format=isa" | FileCheck %s --check-prefix=LAUNCH

// A sum of 4M elements to a scalar: 65536 threads each add 64 elements
// (thread j: elements j, j + 65536, ...), then 1024 threads each add 64 of
// those partial sums, then one thread adds the last 1024.
//   CHECK-DAG: #[[STRIDED:.*]] = affine_map<(d0, d1) -> (d1, d0)>
//   CHECK-DAG: #[[ROW:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @scalar_sum
//       CHECK:   %[[X:.*]] = tensor.expand_shape %arg0 {{\[\[}}0, 1]] output_shape [64, 65536] : tensor<4194304xf32> into tensor<64x65536xf32>
//       CHECK:   %[[P1:.*]] = linalg.generic {indexing_maps = [#[[STRIDED]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[X]] : tensor<64x65536xf32>) outs(%{{.*}} : tensor<65536xf32>)
//       CHECK:   %[[Y:.*]] = tensor.expand_shape %[[P1]] {{\[\[}}0, 1]] output_shape [64, 1024] : tensor<65536xf32> into tensor<64x1024xf32>
//       CHECK:   %[[P2:.*]] = linalg.generic {indexing_maps = [#[[STRIDED]], #[[ROW]]], iterator_types = ["parallel", "reduction"]} ins(%[[Y]] : tensor<64x1024xf32>) outs(%{{.*}} : tensor<1024xf32>)
//       CHECK:   linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%[[P2]] : tensor<1024xf32>) outs(%{{.*}} : tensor<f32>)
// Three kernels, no host loop around them.
// LAUNCH-LABEL: llvm.func @scalar_sum
//   LAUNCH-NOT:   llvm.br
//       LAUNCH:   gpu.launch_func
//   LAUNCH-NOT:   llvm.br
//       LAUNCH:   gpu.launch_func
//   LAUNCH-NOT:   llvm.br
//       LAUNCH:   gpu.launch_func
//       LAUNCH:   llvm.return
func.func @scalar_sum(%x: tensor<4194304xf32>) -> tensor<f32> {
  %s = theta.sum %x : (tensor<4194304xf32>) -> tensor<f32>
  return %s : tensor<f32>
}

// -----

// A mean over a whole matrix: its two reduction loops are collapsed into
// one, then split as above: 32768 threads of 64, 512 of 64, then one (the
// division by the count after).
// CHECK-LABEL: func.func @matrix_mean
//       CHECK:   tensor.collapse_shape %arg0 {{\[\[}}0, 1]] : tensor<1024x2048xf32> into tensor<2097152xf32>
//       CHECK:   linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%{{.*}} : tensor<64x32768xf32>) outs(%{{.*}} : tensor<32768xf32>)
//       CHECK:   linalg.generic {{.*}} iterator_types = ["parallel", "reduction"]} ins(%{{.*}} : tensor<64x512xf32>) outs(%{{.*}} : tensor<512xf32>)
//       CHECK:   linalg.generic {{.*}} iterator_types = ["reduction"]} ins(%{{.*}} : tensor<512xf32>)
func.func @matrix_mean(%x: tensor<1024x2048xf32>) -> tensor<f32> {
  %m = theta.mean %x : (tensor<1024x2048xf32>) -> tensor<f32>
  return %m : tensor<f32>
}

// -----

// Column sums (the reduction loop came first): one thread per column, each
// adding its column, instead of a host loop launching a kernel per row.
//   CHECK-DAG: #[[COLUMN:.*]] = affine_map<(d0, d1) -> (d1, d0)>
//   CHECK-DAG: #[[RESULT:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @column_sums
//       CHECK:   linalg.generic {indexing_maps = [#[[COLUMN]], #[[RESULT]]], iterator_types = ["parallel", "reduction"]} ins(%arg0 : tensor<300x500xf32>)
// LAUNCH-LABEL: llvm.func @column_sums
//   LAUNCH-NOT:   llvm.br
//       LAUNCH:   gpu.launch_func
//       LAUNCH:   llvm.return
func.func @column_sums(%x: tensor<300x500xf32>) -> tensor<500xf32> {
  %s = theta.sum %x axes [0] : (tensor<300x500xf32>) -> tensor<500xf32>
  return %s : tensor<500xf32>
}

// -----

// Reduction loops that no operand holds contiguously (axes 0 and 2) are
// not collapsed: one thread per result, parallel loop first.
//   CHECK-DAG: #[[INPUT:.*]] = affine_map<(d0, d1, d2) -> (d1, d0, d2)>
//   CHECK-DAG: #[[OUTPUT:.*]] = affine_map<(d0, d1, d2) -> (d0)>
// CHECK-LABEL: func.func @outer_axes
//       CHECK:   linalg.generic {indexing_maps = [#[[INPUT]], #[[OUTPUT]]], iterator_types = ["parallel", "reduction", "reduction"]} ins(%arg0 : tensor<64x4x512xf32>)
//   CHECK-NOT:   linalg.generic
//       CHECK:   return
func.func @outer_axes(%x: tensor<64x4x512xf32>) -> tensor<4xf32> {
  %s = theta.sum %x axes [0, 2] : (tensor<64x4x512xf32>) -> tensor<4xf32>
  return %s : tensor<4xf32>
}
