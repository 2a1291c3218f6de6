// RUN: theta-opt %s --theta-lower-gpu="chip=sm_90 format=isa profile=true" --mlir-print-elementsattrs-with-hex-if-larger=1 | FileCheck %s
// RUN: theta-opt %s --theta-lower-gpu="chip=sm_90 format=isa" | FileCheck %s --check-prefix=PLAIN

// profile=true on the GPU: every piece of work (the cuBLAS product, each
// kernel) is enclosed in host calls to theta_profile_begin/end, which wait
// for the device's queue (the runtime's CallRecord) so that each piece's
// time is its kernels'. The descriptions stay host globals: only their
// addresses reach the runtime, never a kernel.
// The product's description, "Dot\nGemm{sgemm, cuBLAS}\n...":
// CHECK: llvm.mlir.global private constant @theta_site_{{[0-9]+}}(dense<"0x446F740A47656D6D7B7367656D6D2C206375424C41537D
// CHECK-LABEL: llvm.func @profiled
//       CHECK:   llvm.call @theta_profile_begin(%[[GEMM:.*]]) : (i64) -> ()
//  CHECK-NEXT:   llvm.call @theta_cublas_sgemm(
//  CHECK-NEXT:   llvm.call @theta_profile_end(%[[GEMM]]) : (i64) -> ()
//       CHECK:   llvm.call @theta_profile_begin(%[[TANH:.*]]) : (i64) -> ()
//   CHECK-NOT:   theta_profile
//       CHECK:   gpu.launch_func
//   CHECK-NOT:   theta_profile
//       CHECK:   llvm.call @theta_profile_end(%[[TANH]]) : (i64) -> ()
//       CHECK:   llvm.call @theta_profile_begin(%[[SUM:.*]]) : (i64) -> ()
//   CHECK-NOT:   theta_profile
//       CHECK:   gpu.launch_func
//   CHECK-NOT:   theta_profile
//       CHECK:   llvm.call @theta_profile_end(%[[SUM]]) : (i64) -> ()
//   CHECK-NOT:   gpu.memcpy
//       CHECK:   llvm.return
// PLAIN-LABEL: llvm.func @profiled
//   PLAIN-NOT:   theta_profile
func.func @profiled(%x: tensor<1024x1024xf32>, %w: tensor<1024x1024xf32>) -> (tensor<1024x1024xf32>, tensor<f32>) {
  %y = theta.dot %x, %w : (tensor<1024x1024xf32>, tensor<1024x1024xf32>) -> tensor<1024x1024xf32>
  %t = theta.tanh %y : (tensor<1024x1024xf32>) -> tensor<1024x1024xf32>
  %s = theta.sum %t : (tensor<1024x1024xf32>) -> tensor<f32>
  return %t, %s : tensor<1024x1024xf32>, tensor<f32>
}
