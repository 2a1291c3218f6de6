// RUN: theta-opt %s -split-input-file --theta-nnet-to-dnnl | FileCheck %s --check-prefix=DNNL
// RUN: theta-opt %s -split-input-file --pass-pipeline='builtin.module(theta-to-linalg)' | FileCheck %s --check-prefix=REF
// RUN: theta-opt %s -split-input-file --theta-lower-cpu | FileCheck %s --check-prefix=LLVM

// f32 convolutions become oneDNN calls on buffers; the reference lowering
// gives linalg convolutions, a generic reduction for the filter gradient and
// a scatter loop nest for the input gradient.

// The two gradients of one convolution (the same output gradient) are one
// call, which reorders that gradient into oneDNN's layout once.
// DNNL-DAG: func.func private @theta_dnnl_conv2d(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)
// DNNL-DAG: func.func private @theta_dnnl_conv2d_backward(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)
// DNNL-LABEL: func.func @conv_f32
//       DNNL:   %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x4x6x6xf32>
//       DNNL:   bufferization.to_buffer %arg0 read_only
//       DNNL:   bufferization.to_buffer %arg1 read_only
//       DNNL:   call @theta_dnnl_conv2d(%c0_i64{{[_0-9]*}},
//       DNNL:   bufferization.to_tensor %[[OUT]] restrict writable
//       DNNL:   memref.alloc() {alignment = 64 : i64} : memref<2x3x8x8xf32>
//       DNNL:   memref.alloc() {alignment = 64 : i64} : memref<4x3x3x3xf32>
//       DNNL:   call @theta_dnnl_conv2d_backward(
//   DNNL-NOT:   call @theta_dnnl_conv2d(
//   DNNL-NOT:   theta.conv2d
// REF-LABEL: func.func @conv_f32
//       REF:   linalg.conv_2d_nchw_fchw
//       REF:   scf.for
//       REF:   linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]
// LLVM-LABEL: llvm.func @conv_f32
//       LLVM:   llvm.call @theta_dnnl_conv2d
func.func @conv_f32(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %g: tensor<2x4x6x6xf32>)
    -> (tensor<2x4x6x6xf32>, tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) {
  %y = theta.conv2d %x, %w : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x6x6xf32>
  %gx = theta.conv2d_grad_input %g, %w, %x : (tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>, tensor<2x3x8x8xf32>) -> tensor<2x3x8x8xf32>
  %gw = theta.conv2d_grad_filters %x, %g, %w : (tensor<2x3x8x8xf32>, tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<4x3x3x3xf32>
  return %y, %gx, %gw : tensor<2x4x6x6xf32>, tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>
}

// -----

// Gradients of different output gradients stay two calls.
// DNNL-LABEL: func.func @unpaired_gradients
//       DNNL:   call @theta_dnnl_conv2d(%c1_i64{{[_0-9]*}},
//       DNNL:   call @theta_dnnl_conv2d(%c2_i64{{[_0-9]*}},
//   DNNL-NOT:   theta_dnnl_conv2d_backward
//       DNNL:   return
func.func @unpaired_gradients(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %g: tensor<2x4x6x6xf32>, %h: tensor<2x4x6x6xf32>)
    -> (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) {
  %gx = theta.conv2d_grad_input %g, %w, %x : (tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>, tensor<2x3x8x8xf32>) -> tensor<2x3x8x8xf32>
  %gw = theta.conv2d_grad_filters %x, %h, %w : (tensor<2x3x8x8xf32>, tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<4x3x3x3xf32>
  return %gx, %gw : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>
}

// -----

// A bias added to a forward convolution's result is added by the call (its
// buffer is the fifth argument), and the sum of an output gradient over
// batch, height and width (the bias's gradient) is written by the gradient
// call (its sixth).
// DNNL-LABEL: func.func @bias_in_the_call
//       DNNL:   %[[B:.*]] = bufferization.to_buffer %arg2 read_only : tensor<4xf32> to memref<4xf32>
//       DNNL:   %[[BP:.*]] = memref.extract_aligned_pointer_as_index %[[B]]
//       DNNL:   %[[BA:.*]] = arith.index_cast %[[BP]]
//       DNNL:   call @theta_dnnl_conv2d(%c0_i64{{[_0-9]*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[BA]],
//       DNNL:   %[[DB:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
//       DNNL:   %[[DBP:.*]] = memref.extract_aligned_pointer_as_index %[[DB]]
//       DNNL:   %[[DBA:.*]] = arith.index_cast %[[DBP]]
//       DNNL:   call @theta_dnnl_conv2d_backward(%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[DBA]],
//       DNNL:   bufferization.to_tensor %[[DB]] restrict writable : memref<4xf32> to tensor<4xf32>
//   DNNL-NOT:   theta.add
//   DNNL-NOT:   theta.sum
//       DNNL:   return
// LLVM-LABEL: llvm.func @bias_in_the_call
//       LLVM:   llvm.call @theta_dnnl_conv2d
//       LLVM:   llvm.call @theta_dnnl_conv2d_backward
func.func @bias_in_the_call(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<2x4x6x6xf32>)
    -> (tensor<2x4x6x6xf32>, tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) {
  %y = theta.conv2d %x, %w : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x6x6xf32>
  %bb = theta.dimshuffle %b [x, 0, x, x] : tensor<4xf32> -> tensor<1x4x1x1xf32>
  %a = theta.add %bb, %y : (tensor<1x4x1x1xf32>, tensor<2x4x6x6xf32>) -> tensor<2x4x6x6xf32>
  %gx = theta.conv2d_grad_input %g, %w, %x : (tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>, tensor<2x3x8x8xf32>) -> tensor<2x3x8x8xf32>
  %db = theta.sum %g axes [0, 2, 3] : (tensor<2x4x6x6xf32>) -> tensor<4xf32>
  %gw = theta.conv2d_grad_filters %x, %g, %w : (tensor<2x3x8x8xf32>, tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<4x3x3x3xf32>
  return %a, %gx, %gw, %db : tensor<2x4x6x6xf32>, tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>
}

// -----

// The bias stays a separate add when the convolution's result has another
// user, and a sum kept as 1 x F x 1 x 1 (keepdims) over the filter
// gradient's output gradient is written by that call alone.
// DNNL-LABEL: func.func @bias_outside_the_call
//       DNNL:   call @theta_dnnl_conv2d(%c0_i64{{[_0-9]*}}, %{{.*}}, %{{.*}}, %{{.*}}, %c0_i64{{[_0-9]*}},
//       DNNL:   theta.add
//       DNNL:   %[[DB:.*]] = memref.alloc() {alignment = 64 : i64} : memref<4xf32>
//       DNNL:   call @theta_dnnl_conv2d(%c2_i64{{[_0-9]*}},
//       DNNL:   %[[T:.*]] = bufferization.to_tensor %[[DB]] restrict writable : memref<4xf32> to tensor<4xf32>
//       DNNL:   theta.dimshuffle %[[T]] [x, 0, x, x] : tensor<4xf32> -> tensor<1x4x1x1xf32>
//   DNNL-NOT:   theta.sum
func.func @bias_outside_the_call(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<2x4x6x6xf32>)
    -> (tensor<2x4x6x6xf32>, tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>, tensor<1x4x1x1xf32>) {
  %y = theta.conv2d %x, %w : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x6x6xf32>
  %bb = theta.dimshuffle %b [x, 0, x, x] : tensor<4xf32> -> tensor<1x4x1x1xf32>
  %a = theta.add %y, %bb : (tensor<2x4x6x6xf32>, tensor<1x4x1x1xf32>) -> tensor<2x4x6x6xf32>
  %db = theta.sum %g axes [0, 2, 3] keepdims : (tensor<2x4x6x6xf32>) -> tensor<1x4x1x1xf32>
  %gw = theta.conv2d_grad_filters %x, %g, %w : (tensor<2x3x8x8xf32>, tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<4x3x3x3xf32>
  return %y, %a, %gw, %db : tensor<2x4x6x6xf32>, tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>, tensor<1x4x1x1xf32>
}


// -----

// f64 keeps the reference lowering; padding is an insert into zeros (same,
// stride 2: the one row and column of padding go at the end).
// DNNL-LABEL: func.func @conv_f64
//       DNNL:   theta.conv2d
// REF-LABEL: func.func @conv_f64
//       REF:   tensor.insert_slice %arg0 into %{{.*}}[0, 0, 0, 0] [1, 1, 4, 4] [1, 1, 1, 1] : tensor<1x1x4x4xf64> into tensor<1x1x5x5xf64>
//       REF:   linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>}
// LLVM-LABEL: llvm.func @conv_f64
//   LLVM-NOT:   theta_dnnl_conv2d
func.func @conv_f64(%x: tensor<1x1x4x4xf64>, %w: tensor<1x1x3x3xf64>) -> tensor<1x1x2x2xf64> {
  %y = theta.conv2d %x, %w {border_mode = "same", strides = array<i64: 2, 2>} : (tensor<1x1x4x4xf64>, tensor<1x1x3x3xf64>) -> tensor<1x1x2x2xf64>
  return %y : tensor<1x1x2x2xf64>
}

// -----

// Pooling: a window reduction whose loops run (n, c, oh, kh, kw, ow), so the
// innermost loop walks an output row at the input's stride; the gradient of
// non-overlapping windows is one parallel generic, overlapping windows
// scatter.
// REF-LABEL: func.func @pool
//       REF:   linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]
//  REF-NEXT:   ^bb0
//  REF-NEXT:     arith.maximumf
//       REF:   linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "parallel"]
//       REF:   arith.cmpf oeq
//       REF:   linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]
//  REF-NEXT:   ^bb0
//  REF-NEXT:     arith.addf
//       REF:   arith.divf
//       REF:   scf.for
//       REF:   scf.if
func.func @pool(%x: tensor<1x2x8x8xf32>, %g: tensor<1x2x4x4xf32>, %h: tensor<1x2x3x3xf32>)
    -> (tensor<1x2x4x4xf32>, tensor<1x2x8x8xf32>, tensor<1x2x3x3xf32>, tensor<1x2x8x8xf32>) {
  %y = theta.pool2d %x {window = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x8x8xf32>) -> tensor<1x2x4x4xf32>
  %gx = theta.pool2d_grad %x, %y, %g {window = array<i64: 2, 2>, strides = array<i64: 2, 2>}
      : (tensor<1x2x8x8xf32>, tensor<1x2x4x4xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32>
  %a = theta.pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, mode = "average"} : (tensor<1x2x8x8xf32>) -> tensor<1x2x3x3xf32>
  %ga = theta.pool2d_grad %x, %a, %h {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, mode = "average"}
      : (tensor<1x2x8x8xf32>, tensor<1x2x3x3xf32>, tensor<1x2x3x3xf32>) -> tensor<1x2x8x8xf32>
  return %y, %gx, %a, %ga : tensor<1x2x4x4xf32>, tensor<1x2x8x8xf32>, tensor<1x2x3x3xf32>, tensor<1x2x8x8xf32>
}

// -----

// one_hot: each element compares its class index with its row's label.
// REF-LABEL: func.func @one_hot
//       REF:   linalg.generic {indexing_maps = [#{{.*}}, #{{.*}}], iterator_types = ["parallel", "parallel"]} ins(%arg0 : tensor<4xi64>)
//       REF:     linalg.index 1
//       REF:     arith.cmpi eq
//       REF:     arith.uitofp
func.func @one_hot(%y: tensor<4xi64>, %p: tensor<4x10xf32>) -> tensor<4x10xf32> {
  %t = theta.one_hot %y, %p : (tensor<4xi64>, tensor<4x10xf32>) -> tensor<4x10xf32>
  return %t : tensor<4x10xf32>
}

// -----

// Padded max pooling: the input sits at (1, 2) inside a -inf frame, so the
// padding never wins; its gradient skips window positions in the padding.
// REF-LABEL: func.func @padded_pool
//       REF:   %[[NEGINF:.*]] = arith.constant 0xFF800000 : f32
//       REF:   linalg.fill ins(%[[NEGINF]] : f32) outs({{.*}} : tensor<1x2x9x11xf32>)
//       REF:   tensor.insert_slice %arg0 into {{.*}}[0, 0, 1, 2] [1, 2, 8, 8] [1, 1, 1, 1]
//       REF:   linalg.generic
//       REF:   scf.for
//       REF:   arith.cmpi sge
//       REF:   scf.if
func.func @padded_pool(%x: tensor<1x2x8x8xf32>, %g: tensor<1x2x4x5xf32>)
    -> (tensor<1x2x4x5xf32>, tensor<1x2x8x8xf32>) {
  %y = theta.pool2d %x {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 2>}
      : (tensor<1x2x8x8xf32>) -> tensor<1x2x4x5xf32>
  %gx = theta.pool2d_grad %x, %y, %g {window = array<i64: 3, 3>, strides = array<i64: 2, 2>, padding = array<i64: 1, 2>}
      : (tensor<1x2x8x8xf32>, tensor<1x2x4x5xf32>, tensor<1x2x4x5xf32>) -> tensor<1x2x8x8xf32>
  return %y, %gx : tensor<1x2x4x5xf32>, tensor<1x2x8x8xf32>
}

