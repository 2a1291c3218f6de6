// RUN: theta-opt %s -split-input-file --theta-lower-gpu="chip=sm_90 format=isa" | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-lower-gpu="chip=sm_90 format=isa" | FileCheck %s --check-prefix=LEFT

// --theta-lower-gpu ends in the LLVM dialect on the host, one gpu.binary per
// kernel holding PTX for the chip, and gpu.launch_func ops that the LLVM IR
// translation turns into mgpu* calls. The entry takes one (device) pointer
// per buffer, like the CPU's.

// LEFT-NOT: theta.
// LEFT-NOT: linalg.
// LEFT-NOT: memref.
// LEFT-NOT: scf.
// LEFT-NOT: func.func
// LEFT-NOT: unrealized_conversion_cast

// CHECK-LABEL: llvm.func @chain(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr)
//   CHECK-NOT:   llvm.call @malloc
//       CHECK:   gpu.launch_func <%{{.*}} : !llvm.ptr> @chain_kernel::@chain_kernel blocks in (%{{.*}}) threads in (%{{.*}}) : i64 args(%arg0 : !llvm.ptr, %arg1 : !llvm.ptr, %arg2 : !llvm.ptr)
//   CHECK-NOT:   gpu.launch_func
//       CHECK:   llvm.return
//       CHECK: gpu.binary @chain_kernel [#gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80">, {{.*}}.target sm_90
func.func @chain(%a: tensor<4096xf32>, %b: tensor<4096xf32>) -> tensor<4096xf32> {
  %0 = theta.mul %a, %b : (tensor<4096xf32>, tensor<4096xf32>) -> tensor<4096xf32>
  %1 = theta.tanh %0 : (tensor<4096xf32>) -> tensor<4096xf32>
  %2 = theta.exp %1 : (tensor<4096xf32>) -> tensor<4096xf32>
  return %2 : tensor<4096xf32>
}

// -----

// A large product is a cuBLAS call on the device's stream, the temporaries
// come from the device allocator, and the sum to a scalar runs in a kernel.

// CHECK-LABEL: llvm.func @product(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr)
//       CHECK:   llvm.call @mgpuMemAlloc
//       CHECK:   llvm.call @theta_cublas_sgemm
//       CHECK:   gpu.launch_func
//       CHECK:   llvm.call @mgpuMemFree
func.func @product(%a: tensor<256x256xf32>, %b: tensor<256x256xf32>) -> tensor<f32> {
  %0 = theta.dot %a, %b : (tensor<256x256xf32>, tensor<256x256xf32>) -> tensor<256x256xf32>
  %1 = theta.sum %0 : (tensor<256x256xf32>) -> tensor<f32>
  return %1 : tensor<f32>
}
