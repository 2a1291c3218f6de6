// RUN: theta-opt %s -split-input-file --theta-nnet-to-dnnl=gpu=true | FileCheck %s --check-prefix=CALLS
// RUN: theta-opt %s -split-input-file --theta-lower-gpu="chip=sm_90 format=isa" | FileCheck %s --check-prefix=GPU
// RUN: theta-opt %s -split-input-file --theta-lower-gpu="chip=sm_90 format=isa profile=true" --mlir-print-elementsattrs-with-hex-if-larger=1 | FileCheck %s --check-prefix=PROFILE

// On the GPU, f32 convolutions become cuDNN calls: kind, three device
// addresses and the 17 sizes (no bias, no layouts argument); the two
// gradients of one convolution one backward call (five addresses). The bias
// add and the bias gradient's sum stay theta ops (generated kernels).

// CALLS-DAG: func.func private @theta_cudnn_conv2d(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)
// CALLS-DAG: func.func private @theta_cudnn_conv2d_backward(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)
// CALLS-LABEL: func.func @bias_stays
//   CALLS-NOT:   theta.conv2d
//       CALLS:   %[[Y:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x4x6x6xf32>
//       CALLS:   call @theta_cudnn_conv2d(%c0_i64, %{{.*}}, %{{.*}}, %{{.*}}, %c2_i64, %c3_i64, %c8_i64, %c8_i64{{.*}}, %c4_i64, %c3_i64{{.*}}, %c3_i64{{.*}}, %c6_i64, %c6_i64{{.*}}, %c1_i64{{.*}}, %c1_i64{{.*}}, %c1_i64{{.*}}, %c1_i64{{.*}}, %c0_i64{{.*}}, %c0_i64{{.*}}, %c0_i64{{.*}}, %c0_i64{{.*}}) : (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64) -> ()
//       CALLS:   theta.add
//       CALLS:   call @theta_cudnn_conv2d_backward({{.*}}) : (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64) -> ()
//       CALLS:   theta.sum
//   CALLS-NOT:   theta.conv2d

// The whole pipeline: the calls take device pointers on the host, the bias
// add and the sum become kernels, and no kernel computes a convolution.
// GPU-LABEL: llvm.func @bias_stays
//       GPU:   llvm.call @theta_cudnn_conv2d(
//       GPU:   gpu.launch_func
//       GPU:   llvm.call @theta_cudnn_conv2d_backward(
//       GPU:   gpu.launch_func
//       GPU:   llvm.return

// Profiled, each call is a piece, "Conv\nConv{grad input and filters, cuDNN}\n..."
// for the backward one:
// PROFILE: llvm.mlir.global private constant @theta_site_{{[0-9]+}}(dense<"0x436F6E760A436F6E767B6772616420696E70757420616E642066696C746572732C206375444E4E7D
// PROFILE-LABEL: llvm.func @bias_stays
//       PROFILE:   llvm.call @theta_profile_begin(%[[FORWARD:.*]]) : (i64) -> ()
//  PROFILE-NEXT:   llvm.call @theta_cudnn_conv2d(
//  PROFILE-NEXT:   llvm.call @theta_profile_end(%[[FORWARD]]) : (i64) -> ()
//       PROFILE:   llvm.call @theta_profile_begin(%[[ADD:.*]]) : (i64) -> ()
//  PROFILE-NEXT:   llvm.call @mgpuStreamCreate()
//  PROFILE-NEXT:   gpu.launch_func
//       PROFILE:   llvm.call @theta_profile_end(%[[ADD]]) : (i64) -> ()
//       PROFILE:   llvm.call @theta_profile_begin(%[[BACKWARD:.*]]) : (i64) -> ()
//  PROFILE-NEXT:   llvm.call @theta_cudnn_conv2d_backward(
//  PROFILE-NEXT:   llvm.call @theta_profile_end(%[[BACKWARD]]) : (i64) -> ()
func.func @bias_stays(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>, %g: tensor<2x4x6x6xf32>)
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

// A lone gradient is a conv2d call of its kind (1: input, 2: filters), with
// strides and padding; float64 convolutions keep the generated loops.
// CALLS-LABEL: func.func @kinds
//       CALLS:   %[[K1:.*]] = arith.constant 1 : i64
//       CALLS:   call @theta_cudnn_conv2d(%[[K1]],
//       CALLS:   %[[K2:.*]] = arith.constant 2 : i64
//       CALLS:   call @theta_cudnn_conv2d(%[[K2]],
//       CALLS:   theta.conv2d {{.*}}f64
// GPU-LABEL: llvm.func @kinds
//       GPU:   llvm.call @theta_cudnn_conv2d(
//       GPU:   llvm.call @theta_cudnn_conv2d(
//       GPU:   gpu.launch_func
func.func @kinds(%x: tensor<2x3x9x9xf32>, %w: tensor<4x3x3x3xf32>, %g: tensor<2x4x5x5xf32>, %g2: tensor<2x4x5x5xf32>,
                 %xd: tensor<1x2x5x5xf64>, %wd: tensor<2x2x3x3xf64>)
    -> (tensor<2x3x9x9xf32>, tensor<4x3x3x3xf32>, tensor<1x2x3x3xf64>) {
  %gx = theta.conv2d_grad_input %g, %w, %x {border_mode = "half", strides = array<i64: 2, 2>} : (tensor<2x4x5x5xf32>, tensor<4x3x3x3xf32>, tensor<2x3x9x9xf32>) -> tensor<2x3x9x9xf32>
  %gw = theta.conv2d_grad_filters %x, %g2, %w {border_mode = "half", strides = array<i64: 2, 2>} : (tensor<2x3x9x9xf32>, tensor<2x4x5x5xf32>, tensor<4x3x3x3xf32>) -> tensor<4x3x3x3xf32>
  %yd = theta.conv2d %xd, %wd : (tensor<1x2x5x5xf64>, tensor<2x2x3x3xf64>) -> tensor<1x2x3x3xf64>
  return %gx, %gw, %yd : tensor<2x3x9x9xf32>, tensor<4x3x3x3xf32>, tensor<1x2x3x3xf64>
}
