// RUN: theta-opt %s -split-input-file --theta-gpu-buffers | FileCheck %s --check-prefix=BUFFERS
// RUN: theta-opt %s -split-input-file --theta-gpu-launches | FileCheck %s --check-prefix=LAUNCHES

// Buffers of public functions go to GPU memory; copies become linalg.copy
// (a kernel once linalg becomes loops); constants are copied in per call.

// BUFFERS-LABEL: func.func @buffers
//       BUFFERS:   %[[T:.*]] = gpu.alloc () : memref<64xf32>
//       BUFFERS:   linalg.copy ins(%arg0 : memref<64xf32>) outs(%[[T]] : memref<64xf32>)
//       BUFFERS:   linalg.copy ins(%[[T]] : memref<64xf32>) outs(%arg1 : memref<64xf32>)
//       BUFFERS:   gpu.dealloc %[[T]] : memref<64xf32>
//   BUFFERS-NOT:   memref.alloc
//   BUFFERS-NOT:   memref.copy
func.func @buffers(%a: memref<64xf32>, %out: memref<64xf32>) {
  %t = memref.alloc() : memref<64xf32>
  memref.copy %a, %t : memref<64xf32> to memref<64xf32>
  memref.copy %t, %out : memref<64xf32> to memref<64xf32>
  memref.dealloc %t : memref<64xf32>
  return
}

// -----

memref.global "private" constant @table : memref<3xf32> = dense<[1.0, 2.0, 3.0]>

// BUFFERS-LABEL: func.func @constant
//       BUFFERS:   %[[HOST:.*]] = memref.get_global @table : memref<3xf32>
//       BUFFERS:   %[[DEV:.*]] = gpu.alloc () : memref<3xf32>
//       BUFFERS:   gpu.memcpy %[[DEV]], %[[HOST]] : memref<3xf32>, memref<3xf32>
//       BUFFERS:   linalg.copy ins(%[[DEV]] : memref<3xf32>) outs(%arg0 : memref<3xf32>)
//       BUFFERS:   gpu.dealloc %[[DEV]] : memref<3xf32>
//  BUFFERS-NEXT:   return
func.func @constant(%out: memref<3xf32>) {
  %g = memref.get_global @table : memref<3xf32>
  memref.copy %g, %out : memref<3xf32> to memref<3xf32>
  return
}

// -----

// Parallel loops are tiled for blocks of 256 threads, the innermost
// dimension first (3 columns: 4 per block, 64 rows); code that touches
// buffers outside them runs in a one-thread kernel.

// LAUNCHES-LABEL: func.func @launches
//   LAUNCHES-DAG:   %[[C64:.*]] = arith.constant 64 : index
//   LAUNCHES-DAG:   %[[C4:.*]] = arith.constant 4 : index
//       LAUNCHES:   %[[R:.*]] = arith.muli %{{.*}}, %[[C64]] : index
//       LAUNCHES:   %[[C:.*]] = arith.muli %{{.*}}, %[[C4]] : index
//       LAUNCHES:   scf.parallel (%[[I:.*]], %[[J:.*]]) = (%{{.*}}, %{{.*}}) to (%{{.*}}, %{{.*}}) step (%[[R]], %[[C]])
//       LAUNCHES:     scf.parallel
//       LAUNCHES:       scf.if
//       LAUNCHES:         memref.load %arg0
//       LAUNCHES:   gpu.launch blocks(%{{.*}}) in (%{{.*}} = %[[ONE:.*]], %{{.*}} = %[[ONE]], %{{.*}} = %[[ONE]]) threads(%{{.*}}) in (%{{.*}} = %[[ONE]], %{{.*}} = %[[ONE]], %{{.*}} = %[[ONE]])
//       LAUNCHES:     memref.load %arg1[] : memref<f32>
//       LAUNCHES:     arith.addf
//       LAUNCHES:     memref.store %{{.*}}, %arg1[] : memref<f32>
//       LAUNCHES:     gpu.terminator
//       LAUNCHES:   return
func.func @launches(%a: memref<1000x3xf32>, %s: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c1000 = arith.constant 1000 : index
  %two = arith.constant 2.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c1000, %c3) step (%c1, %c1) {
    %v = memref.load %a[%i, %j] : memref<1000x3xf32>
    %w = arith.mulf %v, %two : f32
    memref.store %w, %a[%i, %j] : memref<1000x3xf32>
  }
  %x = memref.load %s[] : memref<f32>
  %y = arith.addf %x, %two : f32
  memref.store %y, %s[] : memref<f32>
  return
}

// -----

// A loop that launches work stays on the host; its body's buffer code goes
// into a kernel of its own at each step.

// LAUNCHES-LABEL: func.func @host_loop
//       LAUNCHES:   scf.for
//       LAUNCHES:     gpu.alloc
//       LAUNCHES:     gpu.launch
//       LAUNCHES:       memref.load
//       LAUNCHES:       memref.store
//       LAUNCHES:     gpu.dealloc
func.func @host_loop(%h: memref<12xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c10 = arith.constant 10 : index
  scf.for %i = %c0 to %c10 step %c1 {
    %t = gpu.alloc () : memref<f32>
    %v = memref.load %h[%i] : memref<12xf32>
    memref.store %v, %t[] : memref<f32>
    gpu.dealloc %t : memref<f32>
  }
  return
}
