// RUN: theta-opt %s -split-input-file --pass-pipeline='builtin.module(theta-nnet-to-dnnl, theta-to-linalg, func.func(canonicalize, theta-fuse-elementwise, canonicalize, cse, theta-blocked-channels{block=16}, canonicalize))' | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-lower-cpu=channel-block=16 | FileCheck %s --check-prefix=LLVM
// RUN: theta-opt %s -split-input-file --theta-lower-cpu | FileCheck %s --check-prefix=DENSE

// Images between oneDNN convolutions stay in oneDNN's nChw16c layout
// (N x C/16 x H x W x 16): the calls write and read blocked buffers, say so
// in their last argument (bit i: buffer i is blocked; the block in bits 8
// and up), and the relu between them iterates over blocks with the 16
// channels of a block innermost (the bias is added by the first call). The
// last convolution's result is returned, so it stays dense.

//   CHECK-DAG: #[[ID5:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @two_convolutions
//       CHECK:   %[[Y1:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x1x6x6x16xf32>
//       CHECK:   %[[P1:.*]] = memref.extract_aligned_pointer_as_index %[[Y1]] : memref<2x1x6x6x16xf32>
//       CHECK:   %[[A1:.*]] = arith.index_cast %[[P1]]
//       CHECK:   call @theta_dnnl_conv2d(%c0_i64{{[_0-9]*}}, %{{.*}}, %{{.*}}, %[[A1]], {{.*}}, %c4100_i64)
//       CHECK:   %[[B1:.*]] = bufferization.to_tensor %[[Y1]] restrict writable : memref<2x1x6x6x16xf32>
//       CHECK:   %[[H:.*]] = linalg.generic {indexing_maps = [#[[ID5]], #[[ID5]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[B1]] : tensor<2x1x6x6x16xf32>) outs(%{{.*}} : tensor<2x1x6x6x16xf32>)
//       CHECK:   %[[HB:.*]] = bufferization.to_buffer %[[H]] read_only : tensor<2x1x6x6x16xf32> to memref<2x1x6x6x16xf32>
//       CHECK:   %[[P2:.*]] = memref.extract_aligned_pointer_as_index %[[HB]]
//       CHECK:   %[[A2:.*]] = arith.index_cast %[[P2]]
//       CHECK:   call @theta_dnnl_conv2d(%c0_i64{{[_0-9]*}}, %[[A2]], {{.*}}, %c4097_i64)
//       CHECK:   return {{.*}} : tensor<2x32x4x4xf32>
// LLVM-LABEL: llvm.func @two_convolutions
//   LLVM-DAG:   llvm.mlir.constant(4100 : i64)
//   LLVM-DAG:   llvm.mlir.constant(4097 : i64)
//       LLVM:   llvm.call @theta_dnnl_conv2d
//       LLVM:   llvm.call @theta_dnnl_conv2d
// Without a channel block (the pipeline's default in theta-opt) every
// buffer is dense.
// DENSE-LABEL: llvm.func @two_convolutions
//   DENSE-NOT:   4100
//   DENSE-NOT:   4097
func.func @two_convolutions(%x: tensor<2x16x8x8xf32>, %w1: tensor<16x16x3x3xf32>, %b1: tensor<16xf32>,
                            %w2: tensor<32x16x3x3xf32>) -> tensor<2x32x4x4xf32> {
  %y1 = theta.conv2d %x, %w1 : (tensor<2x16x8x8xf32>, tensor<16x16x3x3xf32>) -> tensor<2x16x6x6xf32>
  %b = theta.dimshuffle %b1 [x, 0, x, x] : tensor<16xf32> -> tensor<1x16x1x1xf32>
  %a = theta.add %y1, %b : (tensor<2x16x6x6xf32>, tensor<1x16x1x1xf32>) -> tensor<2x16x6x6xf32>
  %zero = theta.constant dense<0.0> : tensor<f32>
  %z = theta.dimshuffle %zero [x, x, x, x] : tensor<f32> -> tensor<1x1x1x1xf32>
  %h = theta.maximum %a, %z : (tensor<2x16x6x6xf32>, tensor<1x1x1x1xf32>) -> tensor<2x16x6x6xf32>
  %y2 = theta.conv2d %h, %w2 : (tensor<2x16x6x6xf32>, tensor<32x16x3x3xf32>) -> tensor<2x32x4x4xf32>
  return %y2 : tensor<2x32x4x4xf32>
}

// -----

// A sum over everything but the channels (a bias gradient) reads the
// blocked image directly (the unit dimensions its lowering adds are folded
// into its map), the channel loop counting blocks, and its result comes back
// dense through a collapse_shape. The pooling reads the blocked image and
// writes its result dense (a flatten needs NCHW; it is a quarter of the
// image's size).
//   CHECK-DAG: #[[SUMIN:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d1, d0, d2, d3, d4)>
//   CHECK-DAG: #[[SUMOUT:.*]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d4)>
//   CHECK-DAG: #[[POOLIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2 * 2 + d3, d5 * 2 + d4, d6)>
//   CHECK-DAG: #[[POOLOUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d6, d2, d5)>
// CHECK-LABEL: func.func @sum_and_pool
//       CHECK:   call @theta_dnnl_conv2d({{.*}}, %c4100_i64)
//       CHECK:   %[[Y:.*]] = bufferization.to_tensor %{{.*}} restrict writable : memref<2x2x6x6x16xf32>
//       CHECK:   %[[S:.*]] = linalg.generic {indexing_maps = [#[[SUMIN]], #[[SUMOUT]]], iterator_types = ["parallel", "reduction", "reduction", "reduction", "parallel"]} ins(%[[Y]] : tensor<2x2x6x6x16xf32>) outs(%{{.*}} : tensor<2x16xf32>)
//       CHECK:   tensor.collapse_shape %[[S]] {{\[\[}}0, 1]] : tensor<2x16xf32> into tensor<32xf32>
//       CHECK:   %[[P:.*]] = linalg.generic {indexing_maps = [#[[POOLIN]], #{{.*}}, #[[POOLOUT]]], {{.*}} ins(%[[Y]], %{{.*}} : tensor<2x2x6x6x16xf32>, tensor<2x2xf32>) outs(%{{.*}} : tensor<2x2x16x3x3xf32>)
//       CHECK:   tensor.collapse_shape %[[P]] {{\[\[}}0], [1, 2, 3, 4]] : tensor<2x2x16x3x3xf32> into tensor<2x288xf32>
func.func @sum_and_pool(%x: tensor<2x16x8x8xf32>, %w: tensor<32x16x3x3xf32>) -> (tensor<32xf32>, tensor<2x288xf32>) {
  %y = theta.conv2d %x, %w : (tensor<2x16x8x8xf32>, tensor<32x16x3x3xf32>) -> tensor<2x32x6x6xf32>
  %s = theta.sum %y axes [0, 2, 3] : (tensor<2x32x6x6xf32>) -> tensor<32xf32>
  %p = theta.pool2d %y {strides = array<i64: 2, 2>, window = array<i64: 2, 2>} : (tensor<2x32x6x6xf32>) -> tensor<2x32x3x3xf32>
  %f = theta.flatten %p ndim 2 : tensor<2x32x3x3xf32> -> tensor<2x288xf32>
  return %s, %f : tensor<32xf32>, tensor<2x288xf32>
}

// -----

// Channels that are not a multiple of the block, and an image a function
// returns, stay dense: no call says blocked.
// CHECK-LABEL: func.func @stays_dense
//   CHECK-NOT:   x16xf32>
//       CHECK:   return
func.func @stays_dense(%x: tensor<2x24x8x8xf32>, %w: tensor<24x24x3x3xf32>, %w2: tensor<16x24x3x3xf32>)
    -> (tensor<2x24x4x4xf32>, tensor<2x16x6x6xf32>) {
  %y = theta.conv2d %x, %w : (tensor<2x24x8x8xf32>, tensor<24x24x3x3xf32>) -> tensor<2x24x6x6xf32>
  %z = theta.conv2d %y, %w : (tensor<2x24x6x6xf32>, tensor<24x24x3x3xf32>) -> tensor<2x24x4x4xf32>
  %u = theta.conv2d %x, %w2 : (tensor<2x24x8x8xf32>, tensor<16x24x3x3xf32>) -> tensor<2x16x6x6xf32>
  return %z, %u : tensor<2x24x4x4xf32>, tensor<2x16x6x6xf32>
}

// -----

// Both gradients of a convolution in one call: the output gradient (a
// product of the blocked forward result) and the input gradient are blocked
// (bits 2 and 3: 4096 + 12), the input x (a function argument) is not. The
// input gradient's sum reads it blocked.
// CHECK-LABEL: func.func @backward
//       CHECK:   call @theta_dnnl_conv2d({{.*}}, %c4100_i64)
//       CHECK:   linalg.generic {{.*}} ins(%{{.*}} : tensor<2x2x6x6x16xf32>{{.*}}) outs(%{{.*}} : tensor<2x2x6x6x16xf32>)
//       CHECK:   call @theta_dnnl_conv2d_backward({{.*}}, %c4108_i64)
//       CHECK:   %[[GX:.*]] = bufferization.to_tensor %{{.*}} restrict writable : memref<2x1x8x8x16xf32>
//       CHECK:   linalg.generic {{.*}} ins(%[[GX]] : tensor<2x1x8x8x16xf32>)
func.func @backward(%x: tensor<2x16x8x8xf32>, %w: tensor<32x16x3x3xf32>)
    -> (tensor<16xf32>, tensor<32x16x3x3xf32>) {
  %y = theta.conv2d %x, %w : (tensor<2x16x8x8xf32>, tensor<32x16x3x3xf32>) -> tensor<2x32x6x6xf32>
  %dy = theta.mul %y, %y : (tensor<2x32x6x6xf32>, tensor<2x32x6x6xf32>) -> tensor<2x32x6x6xf32>
  %gx = theta.conv2d_grad_input %dy, %w, %x : (tensor<2x32x6x6xf32>, tensor<32x16x3x3xf32>, tensor<2x16x8x8xf32>) -> tensor<2x16x8x8xf32>
  %gw = theta.conv2d_grad_filters %x, %dy, %w : (tensor<2x16x8x8xf32>, tensor<2x32x6x6xf32>, tensor<32x16x3x3xf32>) -> tensor<32x16x3x3xf32>
  %s = theta.sum %gx axes [0, 2, 3] : (tensor<2x16x8x8xf32>) -> tensor<16xf32>
  return %s, %gw : tensor<16xf32>, tensor<32x16x3x3xf32>
}

// -----

// An elementwise product of two dense images is not made a blocked one
// (it would be a reorder in generated code), and a blocked image whose
// reader writes a dense image as large as itself (returned) stays dense.
// CHECK-LABEL: func.func @dense_neighbours
//   CHECK-NOT:   x16xf32>
//       CHECK:   return
func.func @dense_neighbours(%x: tensor<2x16x8x8xf32>, %w: tensor<32x16x3x3xf32>, %g: tensor<2x32x6x6xf32>, %m: tensor<2x32x6x6xf32>)
    -> (tensor<2x16x8x8xf32>, tensor<2x32x6x6xf32>) {
  %dy = theta.mul %g, %m : (tensor<2x32x6x6xf32>, tensor<2x32x6x6xf32>) -> tensor<2x32x6x6xf32>
  %gx = theta.conv2d_grad_input %dy, %w, %x : (tensor<2x32x6x6xf32>, tensor<32x16x3x3xf32>, tensor<2x16x8x8xf32>) -> tensor<2x16x8x8xf32>
  %y = theta.conv2d %x, %w : (tensor<2x16x8x8xf32>, tensor<32x16x3x3xf32>) -> tensor<2x32x6x6xf32>
  %r = theta.exp %y : (tensor<2x32x6x6xf32>) -> tensor<2x32x6x6xf32>
  return %gx, %r : tensor<2x16x8x8xf32>, tensor<2x32x6x6xf32>
}

// -----

// A call named like the runtime's but with other arguments is not a
// convolution: it and its operand are left alone.
// CHECK-LABEL: func.func @not_the_runtime_call
//       CHECK:   call @theta_dnnl_conv2d(%{{.*}}) : (i64) -> ()
//   CHECK-NOT:   x16xf32>
func.func private @theta_dnnl_conv2d(i64)
func.func @not_the_runtime_call(%x: tensor<2x16x4x4xf32>) -> tensor<2x16x4x4xf32> {
  %e = theta.exp %x : (tensor<2x16x4x4xf32>) -> tensor<2x16x4x4xf32>
  %b = bufferization.to_buffer %e read_only : tensor<2x16x4x4xf32> to memref<2x16x4x4xf32>
  %p = memref.extract_aligned_pointer_as_index %b : memref<2x16x4x4xf32> -> index
  %i = arith.index_cast %p : index to i64
  call @theta_dnnl_conv2d(%i) : (i64) -> ()
  return %e : tensor<2x16x4x4xf32>
}
