// RUN: not theta-opt %s -split-input-file --theta-gpu-launches 2>&1 | FileCheck %s --check-prefix=HOST
// RUN: not theta-opt %s -split-input-file --theta-gpu-buffers 2>&1 | FileCheck %s --check-prefix=PROBE

// A loop bound read from a device buffer cannot reach the host.
// HOST: error: uses a value read from GPU memory on the host (computed by 'memref.load'
func.func @bound_on_device(%n: memref<index>, %h: memref<12xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %bound = memref.load %n[] : memref<index>
  scf.for %i = %c0 to %bound step %c1 {
    %t = gpu.alloc () : memref<f32>
    gpu.dealloc %t : memref<f32>
  }
  return
}

// -----

// A probe must read a buffer (its host copy is made from it); host libraries
// cannot read GPU buffers.
// PROBE: error: a probed value (Print, NanGuardMode) on the GPU must be a contiguous buffer of static shape
func.func private @theta_probe(i64, i64)
func.func @probe(%a: memref<4xf32>) {
  %c0 = arith.constant 0 : i64
  call @theta_probe(%c0, %c0) : (i64, i64) -> ()
  return
}

// -----

// PROBE: error: 'theta_sgemm' reads buffers on the host
func.func private @theta_sgemm(i64)
func.func @host_blas(%a: memref<4xf32>) {
  %c0 = arith.constant 0 : i64
  call @theta_sgemm(%c0) : (i64) -> ()
  return
}
