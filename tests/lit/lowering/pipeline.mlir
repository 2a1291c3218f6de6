// RUN: theta-opt %s -split-input-file --theta-lower-cpu | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-lower-cpu | FileCheck %s --check-prefix=LEFT

// --theta-lower-cpu ends in the LLVM dialect: tensors become bare pointers,
// results become trailing out-params, nothing of theta/linalg/memref is left.

// LEFT:     module
// LEFT-NOT: theta.
// LEFT-NOT: linalg.
// LEFT-NOT: memref.
// LEFT-NOT: bufferization.
// LEFT-NOT: tensor.
// LEFT-NOT: func.func
// LEFT-NOT: arith.
// LEFT-NOT: math.
// LEFT-NOT: scf.
// LEFT-NOT: cf.
// LEFT-NOT: affine.
// LEFT-NOT: unrealized_conversion_cast

// One fused loop that reads %arg0 and %arg1 and writes the out-param %arg2;
// no temporary buffer (no malloc), tanh is a polynomial (no libm call).

// CHECK-NOT:   @malloc
// CHECK-LABEL: llvm.func @elementwise(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr) {
// CHECK:         %[[O1:[0-9]+]] = llvm.insertvalue %arg2, %{{[0-9]+}}[1]
// CHECK:         %[[O2:[0-9]+]] = llvm.insertvalue %{{[0-9]+}}, %[[O1]][2]
// CHECK:         %[[O3:[0-9]+]] = llvm.insertvalue %{{[0-9]+}}, %[[O2]][3, 0]
// CHECK:         %[[OUT:[0-9]+]] = llvm.insertvalue %{{[0-9]+}}, %[[O3]][4, 0]
// CHECK:         %[[B1:[0-9]+]] = llvm.insertvalue %arg1, %{{[0-9]+}}[1]
// CHECK:         %[[B2:[0-9]+]] = llvm.insertvalue %{{[0-9]+}}, %[[B1]][2]
// CHECK:         %[[B3:[0-9]+]] = llvm.insertvalue %{{[0-9]+}}, %[[B2]][3, 0]
// CHECK:         %[[B:[0-9]+]] = llvm.insertvalue %{{[0-9]+}}, %[[B3]][4, 0]
// CHECK:         %[[A1:[0-9]+]] = llvm.insertvalue %arg0, %{{[0-9]+}}[1]
// CHECK:         %[[A2:[0-9]+]] = llvm.insertvalue %{{[0-9]+}}, %[[A1]][2]
// CHECK:         %[[A3:[0-9]+]] = llvm.insertvalue %{{[0-9]+}}, %[[A2]][3, 0]
// CHECK:         %[[A:[0-9]+]] = llvm.insertvalue %{{[0-9]+}}, %[[A3]][4, 0]
// CHECK:       ^bb1(%[[I:[0-9]+]]: i64):
// CHECK:         llvm.icmp "slt" %[[I]]
// CHECK:       ^bb2:
// CHECK:         %[[PA:[0-9]+]] = llvm.extractvalue %[[A]][1]
// CHECK:         %[[GA:[0-9]+]] = llvm.getelementptr {{.*}}%[[PA]][%[[I]]]
// CHECK:         %[[XA:[0-9]+]] = llvm.load %[[GA]] invariant : !llvm.ptr -> f32
// CHECK:         %[[PB:[0-9]+]] = llvm.extractvalue %[[B]][1]
// CHECK:         %[[GB:[0-9]+]] = llvm.getelementptr {{.*}}%[[PB]][%[[I]]]
// CHECK:         %[[XB:[0-9]+]] = llvm.load %[[GB]] invariant : !llvm.ptr -> f32
// CHECK:         llvm.fmul %[[XA]], %[[XB]] : f32
// CHECK:         llvm.intr.fma
// CHECK:         %[[R:[0-9]+]] = llvm.fadd %{{[0-9]+}}, %[[XA]] : f32
// CHECK:         %[[PO:[0-9]+]] = llvm.extractvalue %[[OUT]][1]
// CHECK:         %[[GO:[0-9]+]] = llvm.getelementptr {{.*}}%[[PO]][%[[I]]]
// CHECK:         llvm.store %[[R]], %[[GO]] : f32, !llvm.ptr
// CHECK-NOT:     llvm.call
// CHECK:         llvm.return{{$}}
// CHECK-NEXT:  }
// CHECK-NEXT:  }
func.func @elementwise(%a: tensor<16xf32>, %b: tensor<16xf32>) -> tensor<16xf32> {
  %0 = theta.mul %a, %b : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %1 = theta.tanh %0 : (tensor<16xf32>) -> tensor<16xf32>
  %2 = theta.add %1, %a : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  return %2 : tensor<16xf32>
}

// -----

// matmul: zero the 8x2 out-param, then the i/j/k loop nest accumulates into it
// (6 terms per element: 4 or fewer would be unrolled into elementwise code).

// CHECK-NOT:   @malloc
// CHECK-LABEL: llvm.func @matmul(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr) {
// CHECK:         %[[O1:[0-9]+]] = llvm.insertvalue %arg2, %{{[0-9]+}}[1]
// CHECK:         %[[O2:[0-9]+]] = llvm.insertvalue %{{[0-9]+}}, %[[O1]][2]
// CHECK:         %[[O3:[0-9]+]] = llvm.insertvalue %{{[0-9]+}}, %[[O2]][3, 0]
// CHECK:         %[[O4:[0-9]+]] = llvm.insertvalue %{{[0-9]+}}, %[[O3]][4, 0]
// CHECK:         %[[O5:[0-9]+]] = llvm.insertvalue %{{[0-9]+}}, %[[O4]][3, 1]
// CHECK:         %[[OUT:[0-9]+]] = llvm.insertvalue %{{[0-9]+}}, %[[O5]][4, 1]
// CHECK:         %[[ZERO:[0-9]+]] = llvm.mlir.constant(0.000000e+00 : f32) : f32
// Fill.
// CHECK:         llvm.extractvalue %[[OUT]][1]
// CHECK:         llvm.store %[[ZERO]], %{{[0-9]+}} : f32, !llvm.ptr
// Three nested loops.
// CHECK:         llvm.icmp "slt"
// CHECK:         llvm.icmp "slt"
// CHECK:         llvm.icmp "slt"
// Inputs are read with invariant loads (--theta-alias-facts), the
// accumulator in the result is not.
// CHECK:         %[[LHS:[0-9]+]] = llvm.load %{{[0-9]+}} invariant : !llvm.ptr -> f32
// CHECK:         %[[RHS:[0-9]+]] = llvm.load %{{[0-9]+}} invariant : !llvm.ptr -> f32
// CHECK:         %[[ACC:[0-9]+]] = llvm.load %{{[0-9]+}} : !llvm.ptr -> f32
// CHECK:         %[[P:[0-9]+]] = llvm.fmul %[[LHS]], %[[RHS]] : f32
// CHECK:         %[[S:[0-9]+]] = llvm.fadd %[[ACC]], %[[P]] : f32
// CHECK:         llvm.extractvalue %[[OUT]][1]
// CHECK:         llvm.store %[[S]], %{{[0-9]+}} : f32, !llvm.ptr
// CHECK-NOT:     llvm.call
// CHECK:         llvm.return{{$}}
// CHECK-NEXT:  }
// CHECK-NEXT:  }
func.func @matmul(%a: tensor<8x6xf32>, %b: tensor<6x2xf32>) -> tensor<8x2xf32> {
  %0 = theta.dot %a, %b : (tensor<8x6xf32>, tensor<6x2xf32>) -> tensor<8x2xf32>
  return %0 : tensor<8x2xf32>
}

// -----

// Two results: two out-params after the input.

// CHECK-LABEL: llvm.func @two_results(%arg0: !llvm.ptr, %arg1: !llvm.ptr, %arg2: !llvm.ptr) {
// CHECK:         llvm.fneg
// CHECK:         llvm.fadd
// CHECK:         llvm.return{{$}}
func.func @two_results(%a: tensor<4xf32>) -> (tensor<4xf32>, tensor<f32>) {
  %0 = theta.neg %a : (tensor<4xf32>) -> tensor<4xf32>
  %1 = theta.sum %a : (tensor<4xf32>) -> tensor<f32>
  return %0, %1 : tensor<4xf32>, tensor<f32>
}

// -----

// softmax needs a 4x1 temporary: it comes from the runtime's allocator (64-byte
// aligned), which is told the op's line first (for its error message), and is
// freed after its last use, here the division at the end.

// CHECK-LABEL: llvm.func @softmax(%arg0: !llvm.ptr, %arg1: !llvm.ptr) {
// CHECK:         llvm.call @theta_allocation_site
// CHECK:         %[[TMP:[0-9]+]] = llvm.call @_mlir_memref_to_llvm_aligned_alloc
// CHECK:         llvm.intr.maximum
// CHECK:         llvm.fsub
// CHECK:         llvm.fadd
// CHECK:         llvm.fdiv
// CHECK:         llvm.call @_mlir_memref_to_llvm_free(%[[TMP]])
// CHECK-NEXT:    llvm.return{{$}}
func.func @softmax(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %m = theta.max %x axes [1] keepdims : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %d = theta.sub %x, %m : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  %e = theta.exp %d : (tensor<4x8xf32>) -> tensor<4x8xf32>
  %s = theta.sum %e axes [1] keepdims : (tensor<4x8xf32>) -> tensor<4x1xf32>
  %r = theta.div %e, %s : (tensor<4x8xf32>, tensor<4x1xf32>) -> tensor<4x8xf32>
  return %r : tensor<4x8xf32>
}

// -----

// The pipeline expands gradients itself (refine-types, then autodiff): the
// gradient of sum(tanh(x)) becomes one function of the input and an out-param.
// CHECK-LABEL: llvm.func @pipeline_expands_grad(%arg0: !llvm.ptr, %arg1: !llvm.ptr)
func.func @pipeline_expands_grad(%x: tensor<8xf32>) -> tensor<8xf32> {
  %t = theta.tanh %x : (tensor<8xf32>) -> tensor<8xf32>
  %c = theta.sum %t : (tensor<8xf32>) -> tensor<f32>
  %g = theta.grad %c wrt %x : tensor<f32>, tensor<8xf32>
  return %g : tensor<8xf32>
}
