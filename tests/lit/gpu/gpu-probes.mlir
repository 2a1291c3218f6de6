// RUN: theta-opt %s -split-input-file --theta-lower-gpu="chip=sm_90 format=isa" | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-lower-gpu="chip=sm_90 format=isa nan-guard=true" | FileCheck %s --check-prefix=GUARD

// Print on the GPU: the probe reads a host copy of the printed value, made
// from its device buffer just before the call (the runtime's theta_probe
// waits for the device's queue) and freed after it. The site's description
// stays in host memory: its address is the probe's first argument.
// CHECK-LABEL: llvm.func @printed
//       CHECK:   gpu.launch_func
//   CHECK-NOT:   theta_probe
//       CHECK:   %[[HOST:.*]] = llvm.call @_mlir_memref_to_llvm_alloc(
//  CHECK-NEXT:   %[[STREAM:.*]] = llvm.call @mgpuStreamCreate()
//  CHECK-NEXT:   llvm.call @mgpuMemcpy(%[[HOST]], %{{.*}}, %{{.*}}, %[[STREAM]])
//       CHECK:   llvm.call @theta_probe(%[[SITE:.*]], %{{.*}}) : (i64, i64) -> ()
//  CHECK-NEXT:   llvm.call @_mlir_memref_to_llvm_free(%[[HOST]])
//       CHECK:   gpu.launch_func
//       CHECK:   llvm.return
func.func @printed(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %e = theta.exp %x : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %p = theta.print "e" %e {attrs = ["__str__", "shape"]} : tensor<4x8xf32>
  %t = theta.tanh %p : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %t : tensor<4x8xf32>
}

// -----

// NanGuardMode on the GPU: the input and each op's result are checked on the
// host, one copy each; no description is copied to the device.
// GUARD-LABEL: llvm.func @guarded
//   GUARD-COUNT-3:   llvm.call @mgpuMemcpy
//   GUARD-NOT:   llvm.call @mgpuMemcpy
//       GUARD:   llvm.return
// GUARD-LABEL: llvm.func @mgpuMemcpy
func.func @guarded(%x: tensor<1024xf32>) -> tensor<1024xf32> {
  %l = theta.log %x : (tensor<1024xf32>) -> tensor<1024xf32>
  %t = theta.tanh %l : (tensor<1024xf32>) -> tensor<1024xf32>
  return %t : tensor<1024xf32>
}
