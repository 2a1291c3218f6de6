// RUN: theta-opt %s -split-input-file --theta-to-linalg --canonicalize | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-lower-cpu | FileCheck %s --check-prefix=CPU
// RUN: theta-opt %s -split-input-file --theta-lower-gpu="chip=sm_90 format=isa" | FileCheck %s --check-prefix=GPU

// The SGD update `w - lr * dot(a, b)` (lr a constant, the gradient a
// product used once) is one contraction accumulating alpha = -lr times the
// product into w, marked for the BLAS lowering; a transposed operand is read
// through its map. On the CPU it is theta_sgemm_scaled (alpha, an f64, in
// beta's place) writing into a copy of w; on the GPU the cuBLAS one.

//   CHECK-DAG: #[[AT:.*]] = affine_map<(d0, d1, d2) -> (d2, d0)>
//   CHECK-DAG: #[[B:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
//   CHECK-DAG: #[[C:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @sgd
//   CHECK-NOT:   linalg.matmul
//       CHECK:   linalg.generic {indexing_maps = [#[[AT]], #[[B]], #[[C]]], iterator_types = ["parallel", "parallel", "reduction"]} ins(%arg1, %arg2 : tensor<128x64xf32>, tensor<128x32xf32>) outs(%arg0 : tensor<64x32xf32>) attrs =  {theta.scaled_product}
//       CHECK:     %[[T:.*]] = arith.mulf %{{.*}}, %{{.*}} : f32
//       CHECK:     %[[S:.*]] = arith.mulf %[[T]], %{{.*}} : f32
//       CHECK:     %[[R:.*]] = arith.addf %{{.*}}, %[[S]] : f32
//       CHECK:     linalg.yield %[[R]] : f32
//   CHECK-NOT:   linalg.generic
//       CHECK:   return
// CPU: llvm.func @theta_sgemm_scaled(i64, i64, i64, i64, i64, i64, i64, i64, i64, f64, i64, i64)
// CPU-LABEL: llvm.func @sgd
//       CPU:   %[[ALPHA:.*]] = llvm.mlir.constant(-0.0099999997764825821 : f64) : f64
//       CPU:   "llvm.intr.memcpy"
//       CPU:   llvm.call @theta_sgemm_scaled(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[ALPHA]], %{{.*}}, %{{.*}}) : (i64, i64, i64, i64, i64, i64, i64, i64, i64, f64, i64, i64) -> ()
//   CPU-NOT:   llvm.call @theta_sgemm(
// GPU-LABEL: llvm.func @sgd
//       GPU:   llvm.call @theta_cublas_sgemm_scaled(
//   GPU-NOT:   gpu.launch_func
//       GPU:   llvm.return
func.func @sgd(%w: tensor<64x32xf32>, %h: tensor<128x64xf32>, %d: tensor<128x32xf32>) -> tensor<64x32xf32> {
  %ht = theta.dimshuffle %h [1, 0] : tensor<128x64xf32> -> tensor<64x128xf32>
  %g = theta.dot %ht, %d : (tensor<64x128xf32>, tensor<128x32xf32>) -> tensor<64x32xf32>
  %lr = theta.constant dense<0.01> : tensor<1x1xf32>
  %s = theta.mul %lr, %g : (tensor<1x1xf32>, tensor<64x32xf32>) -> tensor<64x32xf32>
  %u = theta.sub %w, %s : (tensor<64x32xf32>, tensor<64x32xf32>) -> tensor<64x32xf32>
  return %u : tensor<64x32xf32>
}

// -----

// `acc + c * dot` on either side, the constant on either side of the mul.
// CHECK-LABEL: func.func @add_forms
//       CHECK:   %[[C2:.*]] = arith.constant 2.500000e+00 : f64
//       CHECK:   linalg.generic {{.*}} outs(%arg0 : tensor<40x30xf64>) attrs =  {theta.scaled_product}
//       CHECK:     arith.mulf %{{.*}}, %[[C2]] : f64
//       CHECK:   linalg.generic {{.*}} outs(%arg0 : tensor<40x30xf64>) attrs =  {theta.scaled_product}
//       CHECK:     arith.mulf %{{.*}}, %[[C2]] : f64
func.func @add_forms(%w: tensor<40x30xf64>, %a: tensor<40x20xf64>, %b: tensor<20x30xf64>) -> (tensor<40x30xf64>, tensor<40x30xf64>) {
  %c0 = theta.constant dense<2.5> : tensor<f64>
  %c = theta.dimshuffle %c0 [x, x] : tensor<f64> -> tensor<1x1xf64>
  %g1 = theta.dot %a, %b : (tensor<40x20xf64>, tensor<20x30xf64>) -> tensor<40x30xf64>
  %s1 = theta.mul %g1, %c : (tensor<40x30xf64>, tensor<1x1xf64>) -> tensor<40x30xf64>
  %u1 = theta.add %s1, %w : (tensor<40x30xf64>, tensor<40x30xf64>) -> tensor<40x30xf64>
  %g2 = theta.dot %a, %b : (tensor<40x20xf64>, tensor<20x30xf64>) -> tensor<40x30xf64>
  %s2 = theta.mul %c, %g2 : (tensor<1x1xf64>, tensor<40x30xf64>) -> tensor<40x30xf64>
  %u2 = theta.add %w, %s2 : (tensor<40x30xf64>, tensor<40x30xf64>) -> tensor<40x30xf64>
  return %u1, %u2 : tensor<40x30xf64>, tensor<40x30xf64>
}

// -----

// Not folded: `c * dot - acc` (acc would be negated), a scale that is not a
// constant, a product with another user.
// CHECK-LABEL: func.func @left_alone
//   CHECK-NOT:   theta.scaled_product
//       CHECK:   return
func.func @left_alone(%w: tensor<40x30xf32>, %a: tensor<40x20xf32>, %b: tensor<20x30xf32>, %lr: tensor<f32>)
    -> (tensor<40x30xf32>, tensor<40x30xf32>, tensor<40x30xf32>, tensor<40x30xf32>) {
  %c = theta.constant dense<0.5> : tensor<1x1xf32>
  %r = theta.dimshuffle %lr [x, x] : tensor<f32> -> tensor<1x1xf32>
  %g1 = theta.dot %a, %b : (tensor<40x20xf32>, tensor<20x30xf32>) -> tensor<40x30xf32>
  %s1 = theta.mul %c, %g1 : (tensor<1x1xf32>, tensor<40x30xf32>) -> tensor<40x30xf32>
  %u1 = theta.sub %s1, %w : (tensor<40x30xf32>, tensor<40x30xf32>) -> tensor<40x30xf32>
  %g2 = theta.dot %a, %b : (tensor<40x20xf32>, tensor<20x30xf32>) -> tensor<40x30xf32>
  %s2 = theta.mul %r, %g2 : (tensor<1x1xf32>, tensor<40x30xf32>) -> tensor<40x30xf32>
  %u2 = theta.sub %w, %s2 : (tensor<40x30xf32>, tensor<40x30xf32>) -> tensor<40x30xf32>
  %g3 = theta.dot %a, %b : (tensor<40x20xf32>, tensor<20x30xf32>) -> tensor<40x30xf32>
  %s3 = theta.mul %c, %g3 : (tensor<1x1xf32>, tensor<40x30xf32>) -> tensor<40x30xf32>
  %u3 = theta.sub %w, %s3 : (tensor<40x30xf32>, tensor<40x30xf32>) -> tensor<40x30xf32>
  return %u1, %u2, %u3, %g3 : tensor<40x30xf32>, tensor<40x30xf32>, tensor<40x30xf32>, tensor<40x30xf32>
}
