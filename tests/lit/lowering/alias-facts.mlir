// RUN: theta-opt %s -split-input-file --theta-alias-facts | FileCheck %s

// An argument only read (directly, through address arithmetic and through a
// memref descriptor) has invariant loads; the result the function stores to
// does not, nor does the allocator's temporary. The allocator returns
// noalias memory.
// CHECK-LABEL: llvm.func @_mlir_memref_to_llvm_alloc(i64) -> (!llvm.ptr {llvm.noalias})
// CHECK-LABEL: llvm.func @_mlir_memref_to_llvm_aligned_alloc(i64, i64) -> (!llvm.ptr {llvm.noalias})
// CHECK-LABEL: llvm.func @copy_row
//       CHECK:   llvm.load %{{.*}} invariant : !llvm.ptr -> i64
//       CHECK:   llvm.load %{{.*}} invariant : !llvm.ptr -> f32
//       CHECK:   llvm.load %{{.*}} invariant : !llvm.ptr -> f32
//       CHECK:   llvm.load %arg2 : !llvm.ptr -> f32
//       CHECK:   llvm.load %[[TEMP:.*]] : !llvm.ptr -> f32
llvm.func @_mlir_memref_to_llvm_alloc(i64) -> !llvm.ptr
llvm.func @_mlir_memref_to_llvm_aligned_alloc(i64, i64) -> !llvm.ptr
llvm.func @copy_row(%table: !llvm.ptr, %ids: !llvm.ptr, %out: !llvm.ptr) {
  %i = llvm.load %ids : !llvm.ptr -> i64
  %row = llvm.getelementptr %table[%i] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  %x = llvm.load %row : !llvm.ptr -> f32
  %poison = llvm.mlir.poison : !llvm.struct<(ptr, ptr, i64)>
  %d0 = llvm.insertvalue %table, %poison[0] : !llvm.struct<(ptr, ptr, i64)>
  %d1 = llvm.insertvalue %table, %d0[1] : !llvm.struct<(ptr, ptr, i64)>
  %d2 = llvm.insertvalue %i, %d1[2] : !llvm.struct<(ptr, ptr, i64)>
  %aligned = llvm.extractvalue %d2[1] : !llvm.struct<(ptr, ptr, i64)>
  %y = llvm.load %aligned : !llvm.ptr -> f32
  %sum = llvm.fadd %x, %y : f32
  llvm.store %sum, %out : f32, !llvm.ptr
  %again = llvm.load %out : !llvm.ptr -> f32
  %size = llvm.mlir.constant(4 : i64) : i64
  %temp = llvm.call @_mlir_memref_to_llvm_alloc(%size) : (i64) -> !llvm.ptr
  llvm.store %again, %temp : f32, !llvm.ptr
  %back = llvm.load %temp : !llvm.ptr -> f32
  llvm.store %back, %out : f32, !llvm.ptr
  llvm.return
}

// -----

// A pointer that escapes (to an external function, as an integer, stored
// as a value) or is written through a descriptor is not known unchanged.
// CHECK-LABEL: llvm.func @escapes
//   CHECK-NOT:   invariant
//       CHECK:   llvm.return
llvm.func @sgemm(!llvm.ptr)
llvm.func @escapes(%a: !llvm.ptr, %b: !llvm.ptr, %c: !llvm.ptr, %d: !llvm.ptr, %slot: !llvm.ptr) {
  llvm.call @sgemm(%a) : (!llvm.ptr) -> ()
  %va = llvm.load %a : !llvm.ptr -> f32
  %int = llvm.ptrtoint %b : !llvm.ptr to i64
  %vb = llvm.load %b : !llvm.ptr -> f32
  llvm.store %c, %slot : !llvm.ptr, !llvm.ptr
  %vc = llvm.load %c : !llvm.ptr -> f32
  %poison = llvm.mlir.poison : !llvm.struct<(ptr, ptr)>
  %d0 = llvm.insertvalue %d, %poison[1] : !llvm.struct<(ptr, ptr)>
  %aligned = llvm.extractvalue %d0[1] : !llvm.struct<(ptr, ptr)>
  llvm.store %va, %aligned : f32, !llvm.ptr
  %vd = llvm.load %d : !llvm.ptr -> f32
  llvm.return
}

// -----

// A private kernel's parameter is unchanged only when every caller passes
// an unchanged buffer: @read_only is always given the input, @mixed once
// the result it writes elsewhere.
// CHECK-LABEL: llvm.func @entry
//       CHECK:   llvm.load %arg0 invariant
// CHECK-LABEL: llvm.func @read_only
//       CHECK:   llvm.load %{{.*}} invariant
// CHECK-LABEL: llvm.func @mixed
//   CHECK-NOT:   invariant
//       CHECK:   llvm.return
llvm.func @entry(%in: !llvm.ptr, %out: !llvm.ptr) {
  %x = llvm.load %in : !llvm.ptr -> f32
  %one = llvm.mlir.constant(1 : i64) : i64
  %next = llvm.getelementptr %in[%one] : (!llvm.ptr, i64) -> !llvm.ptr, f32
  llvm.call @read_only(%next, %out) : (!llvm.ptr, !llvm.ptr) -> ()
  llvm.call @mixed(%in) : (!llvm.ptr) -> ()
  llvm.call @mixed(%out) : (!llvm.ptr) -> ()
  llvm.store %x, %out : f32, !llvm.ptr
  llvm.return
}
llvm.func @read_only(%p: !llvm.ptr, %q: !llvm.ptr) attributes {sym_visibility = "private"} {
  %x = llvm.load %p : !llvm.ptr -> f32
  llvm.store %x, %q : f32, !llvm.ptr
  llvm.return
}
llvm.func @mixed(%p: !llvm.ptr) attributes {sym_visibility = "private"} {
  %x = llvm.load %p : !llvm.ptr -> f32
  llvm.return
}

