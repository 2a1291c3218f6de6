// RUN: theta-opt %s -split-input-file --pass-pipeline="builtin.module(func.func(theta-early-deallocation))" | FileCheck %s

// Each buffer the block owns is freed right after the last op that uses it,
// through a view, an extracted pointer (and the call that takes it) or a
// loop that reads it; the end-of-block dealloc is gone.
// CHECK-LABEL: func.func @straight_line
//       CHECK:   %[[A:.*]] = memref.alloc() : memref<4x4xf32>
//       CHECK:   %[[B:.*]] = memref.alloc() : memref<16xf32>
//       CHECK:   %[[C:.*]] = memref.alloc() : memref<4xf32>
//       CHECK:   linalg.fill {{.*}} outs(%[[A]]
//       CHECK:   %[[FLAT:.*]] = memref.collapse_shape %[[A]]
//       CHECK:   memref.copy %[[FLAT]], %[[B]]
//  CHECK-NEXT:   memref.dealloc %[[A]]
//       CHECK:   %[[P:.*]] = memref.extract_aligned_pointer_as_index %[[B]]
//       CHECK:   %[[I:.*]] = arith.index_cast %[[P]]
//       CHECK:   call @consume(%[[I]])
//  CHECK-NEXT:   memref.dealloc %[[B]]
//       CHECK:   scf.for
//       CHECK:     memref.load %[[C]]
//       CHECK:   }
//  CHECK-NEXT:   memref.dealloc %[[C]]
//   CHECK-NOT:   bufferization.dealloc
//       CHECK:   return
func.func private @consume(i64)
func.func @straight_line(%out: memref<4xf32>) {
  %true = arith.constant true
  %zero = arith.constant 0.0 : f32
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %a = memref.alloc() : memref<4x4xf32>
  %b = memref.alloc() : memref<16xf32>
  %c = memref.alloc() : memref<4xf32>
  linalg.fill ins(%zero : f32) outs(%a : memref<4x4xf32>)
  linalg.fill ins(%zero : f32) outs(%c : memref<4xf32>)
  %flat = memref.collapse_shape %a [[0, 1]] : memref<4x4xf32> into memref<16xf32>
  memref.copy %flat, %b : memref<16xf32> to memref<16xf32>
  %p = memref.extract_aligned_pointer_as_index %b : memref<16xf32> -> index
  %i = arith.index_cast %p : index to i64
  func.call @consume(%i) : (i64) -> ()
  scf.for %k = %c0 to %c4 step %c1 {
    %v = memref.load %c[%k] : memref<4xf32>
    memref.store %v, %out[%k] : memref<4xf32>
  }
  bufferization.dealloc (%a, %b, %c : memref<4x4xf32>, memref<16xf32>, memref<4xf32>) if (%true, %true, %true)
  return
}

// -----

// A buffer whose view leaves the block, one owned only conditionally, and
// a dealloc that retains values stay as they were.
// CHECK-LABEL: func.func @kept
//       CHECK:   bufferization.dealloc ({{.*}} : memref<4xf32>, memref<4xf32>) if (%{{.*}}, %arg0)
//   CHECK-NOT:   memref.dealloc
//       CHECK:   return
func.func @kept(%owned: i1) -> memref<2xf32> {
  %true = arith.constant true
  %y = memref.alloc() : memref<4xf32>
  %z = memref.alloc() : memref<4xf32>
  %view = memref.subview %y[0] [2] [1] : memref<4xf32> to memref<2xf32, strided<[1]>>
  %copy = memref.alloc() : memref<2xf32>
  memref.copy %view, %copy : memref<2xf32, strided<[1]>> to memref<2xf32>
  %cast = memref.cast %y : memref<4xf32> to memref<?xf32>
  %back = memref.cast %cast : memref<?xf32> to memref<4xf32>
  %s = memref.subview %back[0] [2] [1] : memref<4xf32> to memref<2xf32, strided<[1]>>
  %r = memref.cast %s : memref<2xf32, strided<[1]>> to memref<2xf32>
  bufferization.dealloc (%y, %z : memref<4xf32>, memref<4xf32>) if (%true, %owned)
  return %r : memref<2xf32>
}

// CHECK-LABEL: func.func @retains
//       CHECK:   bufferization.dealloc (%{{.*}} : memref<4xf32>) if (%{{.*}}) retain (%arg0 : memref<4xf32>)
func.func @retains(%keep: memref<4xf32>) -> i1 {
  %true = arith.constant true
  %t = memref.alloc() : memref<4xf32>
  %updated = bufferization.dealloc (%t : memref<4xf32>) if (%true) retain (%keep : memref<4xf32>)
  return %updated : i1
}
