// RUN: theta-opt %s -split-input-file --theta-sequentialize-small-loops | FileCheck %s

// A large 4-D loop keeps only its leading dimension parallel (128 iterations
// are enough chunks); the other three become sequential loops inside, so the
// innermost one is a plain loop that LLVM can vectorize.
// CHECK-LABEL: func.func @nchw
//       CHECK:   scf.parallel (%[[N:.*]]) = (%c0) to (%c128) step (%c1) {
//  CHECK-NEXT:     scf.for %[[C:.*]] = %c0 to %c16 step %c1 {
//  CHECK-NEXT:       scf.for %[[H:.*]] = %c0 to %c28 step %c1 {
//  CHECK-NEXT:         scf.for %[[W:.*]] = %c0 to %c28 step %c1 {
//  CHECK-NEXT:           memref.load %{{.*}}[%[[N]], %[[C]], %[[H]], %[[W]]]
//   CHECK-NOT:   scf.parallel
func.func @nchw(%in: memref<128x16x28x28xf32>, %out: memref<128x16x28x28xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c28 = arith.constant 28 : index
  %c128 = arith.constant 128 : index
  scf.parallel (%n, %c, %h, %w) = (%c0, %c0, %c0, %c0) to (%c128, %c16, %c28, %c28) step (%c1, %c1, %c1, %c1) {
    %v = memref.load %in[%n, %c, %h, %w] : memref<128x16x28x28xf32>
    memref.store %v, %out[%n, %c, %h, %w] : memref<128x16x28x28xf32>
    scf.reduce
  }
  return
}

// -----

// Small leading dimensions are kept together until they give 64 chunks.
// CHECK-LABEL: func.func @small_leading
//       CHECK:   scf.parallel (%{{.*}}, %{{.*}}) = (%c0, %c0) to (%c4, %c32) step (%c1, %c1) {
//  CHECK-NEXT:     scf.for %{{.*}} = %c0 to %c4096 step %c1 {
func.func @small_leading(%in: memref<4x32x4096xf32>, %out: memref<4x32x4096xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c32 = arith.constant 32 : index
  %c4096 = arith.constant 4096 : index
  scf.parallel (%a, %b, %c) = (%c0, %c0, %c0) to (%c4, %c32, %c4096) step (%c1, %c1, %c1) {
    %v = memref.load %in[%a, %b, %c] : memref<4x32x4096xf32>
    memref.store %v, %out[%a, %b, %c] : memref<4x32x4096xf32>
    scf.reduce
  }
  return
}

// -----

// Two rows of a million: too few outer chunks, so both dimensions stay
// parallel.
// CHECK-LABEL: func.func @two_long_rows
//       CHECK:   scf.parallel (%{{.*}}, %{{.*}}) = (%c0, %c0) to (%c2, %c1048576) step (%c1, %c1) {
//   CHECK-NOT:   scf.for
func.func @two_long_rows(%in: memref<2x1048576xf32>, %out: memref<2x1048576xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %cbig = arith.constant 1048576 : index
  scf.parallel (%a, %b) = (%c0, %c0) to (%c2, %cbig) step (%c1, %c1) {
    %v = memref.load %in[%a, %b] : memref<2x1048576xf32>
    memref.store %v, %out[%a, %b] : memref<2x1048576xf32>
    scf.reduce
  }
  return
}

// -----

// Trip counts saturate instead of overflowing: 2^62 x 2^62 iterations (and
// bounds 2^63 - 1 apart) once wrapped around to a "small" nest, which was
// made sequential.
// CHECK-LABEL: func.func @huge
//       CHECK:   scf.parallel (%{{.*}}) = (%c0) to (%[[BIG:.*]]) step (%c1) {
//  CHECK-NEXT:     scf.for %{{.*}} = %c0 to %[[BIG]] step %c1 {
//       CHECK:   scf.parallel (%{{.*}}) = (%[[MIN:.*]]) to (%[[MAX:.*]]) step (%c1) {
//  CHECK-NEXT:     scf.for %{{.*}} = %c0 to %c2 step %c1 {
func.func @huge(%out: memref<?x?xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %big = arith.constant 4611686018427387904 : index
  %min = arith.constant -4611686018427387904 : index
  %max = arith.constant 4611686018427387904 : index
  %v = arith.constant 1.0 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%big, %big) step (%c1, %c1) {
    memref.store %v, %out[%i, %j] : memref<?x?xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%min, %c0) to (%max, %c2) step (%c1, %c1) {
    memref.store %v, %out[%i, %j] : memref<?x?xf32>
    scf.reduce
  }
  return
}
