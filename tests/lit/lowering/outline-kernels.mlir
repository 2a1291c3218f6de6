// RUN: theta-opt %s -split-input-file --theta-outline-kernels | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-outline-kernels=min-repeats=3 | FileCheck %s --check-prefix=RARE

// Two identical loop nests (the same op on buffers of the same types, the
// same constant inside) become one kernel called twice; the third differs
// in its constant and stays where it is.
// CHECK-LABEL: func.func @layers
//       CHECK:   %[[THREE:.*]] = arith.constant 3.000000e+00
//       CHECK:   call @theta_kernel_0(%arg0, %arg1) : (memref<4x8xf32>, memref<4x8xf32>) -> ()
//       CHECK:   call @theta_kernel_0(%arg1, %arg2) : (memref<4x8xf32>, memref<4x8xf32>) -> ()
//       CHECK:   linalg.generic
//       CHECK:     arith.mulf %{{.*}}, %[[THREE]]
//       CHECK: func.func private @theta_kernel_0(%[[IN:.*]]: memref<4x8xf32>, %[[OUT:.*]]: memref<4x8xf32>)
//       CHECK:   %[[TWO:.*]] = arith.constant 2.000000e+00 : f32
//       CHECK:   linalg.generic
//  CHECK-SAME:     ins(%[[IN]] : memref<4x8xf32>) outs(%[[OUT]] : memref<4x8xf32>)
//       CHECK:     arith.mulf %{{.*}}, %[[TWO]]
//       CHECK:   return
// RARE-NOT: call @theta_kernel

#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @layers(%a: memref<4x8xf32>, %b: memref<4x8xf32>, %c: memref<4x8xf32>, %d: memref<4x8xf32>) {
  %two = arith.constant 2.0 : f32
  %three = arith.constant 3.0 : f32
  linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<4x8xf32>) outs(%b : memref<4x8xf32>) {
  ^bb0(%x: f32, %y: f32):
    %m = arith.mulf %x, %two : f32
    linalg.yield %m : f32
  }
  linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%b : memref<4x8xf32>) outs(%c : memref<4x8xf32>) {
  ^bb0(%x: f32, %y: f32):
    %m = arith.mulf %x, %two : f32
    linalg.yield %m : f32
  }
  linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%c : memref<4x8xf32>) outs(%d : memref<4x8xf32>) {
  ^bb0(%x: f32, %y: f32):
    %m = arith.mulf %x, %three : f32
    linalg.yield %m : f32
  }
  return
}

// -----

// A value read from outside that is not a constant becomes an argument; a
// buffer with a dynamic offset cannot be passed as a bare pointer and stays.
// CHECK-LABEL: func.func @captured
//       CHECK:   call @theta_kernel_0(%arg0, %arg1, %arg3)
//       CHECK:   call @theta_kernel_0(%arg1, %arg0, %arg3)
//       CHECK:   linalg.fill
//       CHECK:   linalg.fill
//       CHECK: func.func private @theta_kernel_0(%{{.*}}: memref<8xf32>, %{{.*}}: memref<8xf32>, %{{.*}}: f32)
func.func @captured(%a: memref<8xf32>, %b: memref<8xf32>, %v: memref<16xf32>, %s: f32, %i: index) {
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : memref<8xf32>) outs(%b : memref<8xf32>) {
  ^bb0(%x: f32, %y: f32):
    %m = arith.addf %x, %s : f32
    linalg.yield %m : f32
  }
  linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%b : memref<8xf32>) outs(%a : memref<8xf32>) {
  ^bb0(%x: f32, %y: f32):
    %m = arith.addf %x, %s : f32
    linalg.yield %m : f32
  }
  %view = memref.subview %v[%i] [8] [1] : memref<16xf32> to memref<8xf32, strided<[1], offset: ?>>
  linalg.fill ins(%s : f32) outs(%view : memref<8xf32, strided<[1], offset: ?>>)
  linalg.fill ins(%s : f32) outs(%view : memref<8xf32, strided<[1], offset: ?>>)
  return
}

// -----

// A name the module already uses is skipped.
// CHECK-LABEL: func.func @taken
//       CHECK:   call @theta_kernel_1(%{{.*}}, %arg0)
//       CHECK:   call @theta_kernel_1(%{{.*}}, %arg1)
//       CHECK: func.func private @theta_kernel_1(
func.func private @theta_kernel_0()
func.func @taken(%a: memref<8xf32>, %b: memref<8xf32>) {
  %zero = arith.constant 0.0 : f32
  linalg.fill ins(%zero : f32) outs(%a : memref<8xf32>)
  linalg.fill ins(%zero : f32) outs(%b : memref<8xf32>)
  return
}
