// RUN: theta-opt %s -split-input-file --theta-profile-instrument | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-profile-instrument | python3 -c "import re,sys; [print(bytes(int(v) for v in m.split(',')).decode()) for m in re.findall(r'dense<\[([0-9, ]+)\]>', sys.stdin.read())]" | FileCheck %s --check-prefix=SITE

// Profiling: --theta-profile-instrument encloses each piece of work of a
// function (on buffers) in theta_profile_begin/end(site), site the address
// of "<class>\n<op>\n<shape>\n<id>\n" then "<theta op>\t<file:line>\n" per
// theta op found in the piece's locations (see profile-pipeline.mlir for
// the names). The SITE run decodes the strings.

// A product through BLAS, a fused loop nest, a copy and a scan's loop with
// its step: each piece between a begin and an end of its own site; the
// step's pieces nest inside the step, the step inside the loop.

// CHECK-DAG: func.func private @theta_profile_begin(i64)
// CHECK-DAG: func.func private @theta_profile_end(i64)
// CHECK-LABEL: func.func @pieces
//       CHECK:   call @theta_allocation_site
//  CHECK-NEXT:   memref.alloc
//       CHECK:   memref.get_global @theta_site_
//  CHECK-NEXT:   memref.extract_aligned_pointer_as_index
//  CHECK-NEXT:   %[[GEMM:.*]] = arith.index_cast %{{.*}} : index to i64
//  CHECK-NEXT:   call @theta_profile_begin(%[[GEMM]])
//  CHECK-NEXT:   call @theta_sgemm
//  CHECK-NEXT:   call @theta_profile_end(%[[GEMM]])
//       CHECK:   memref.get_global @theta_site_
//  CHECK-NEXT:   memref.extract_aligned_pointer_as_index
//  CHECK-NEXT:   %[[LOOP:.*]] = arith.index_cast %{{.*}} : index to i64
//  CHECK-NEXT:   call @theta_profile_begin(%[[LOOP]])
//  CHECK-NEXT:   linalg.generic
//       CHECK:   call @theta_profile_end(%[[LOOP]])
//       CHECK:   call @theta_profile_begin(%[[COPY:.*]])
//  CHECK-NEXT:   memref.copy
//  CHECK-NEXT:   call @theta_profile_end(%[[COPY]])
//       CHECK:   call @theta_profile_begin(%[[SCAN:.*]])
//  CHECK-NEXT:   scf.for
//       CHECK:     func.call @theta_profile_begin(%[[STEP:.*]])
//       CHECK:     func.call @theta_profile_begin(%[[INNER:.*]])
//  CHECK-NEXT:     linalg.generic
//       CHECK:     func.call @theta_profile_end(%[[INNER]])
//  CHECK-NEXT:     func.call @theta_profile_end(%[[STEP]])
//  CHECK-NEXT:   }
//  CHECK-NEXT:   call @theta_profile_end(%[[SCAN]])
//   CHECK-NOT:   theta_profile
//       CHECK:   return

// SITE-DAG: Dot{{$}}
// SITE-DAG: Gemm{sgemm, BLAS}
// SITE-DAG: 64x32x16
// SITE-DAG: theta.dot	model.cc:10
// SITE-DAG: Elemwise{add,sigmoid}
// SITE-DAG: theta.add	model.cc:11
// SITE-DAG: theta.sigmoid	model.cc:12
// SITE-DAG: Scan{scan}
// SITE-DAG: 7 steps
// SITE-DAG: Step of Scan{scan}
// SITE-DAG: theta.scan	model.cc:20
// SITE-DAG: Elemwise{tanh}
// SITE-DAG: theta.tanh	model.cc:21
// SITE-DAG: Copy

#id = affine_map<(d0, d1) -> (d0, d1)>
#id1 = affine_map<(d0) -> (d0)>
func.func private @theta_allocation_site(i64)
func.func private @theta_sgemm(i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64)
func.func @pieces(%a: memref<64x16xf32>, %b: memref<16x32xf32>, %out: memref<64x32xf32>,
                  %copy: memref<64x32xf32>, %h: memref<7x4xf32>) {
  %site = arith.constant 0 : i64
  call @theta_allocation_site(%site) : (i64) -> ()
  %p = memref.alloc() : memref<64x32xf32>
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %m = arith.constant 64 : i64
  %n = arith.constant 32 : i64
  %k = arith.constant 16 : i64
  %ia = memref.extract_aligned_pointer_as_index %a : memref<64x16xf32> -> index
  %pa = arith.index_cast %ia : index to i64
  call @theta_sgemm(%c0, %c0, %m, %n, %k, %pa, %k, %pa, %n, %c0, %pa, %n)
      : (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64, i64) -> ()
      loc("theta.dot"("model.cc":10:3))
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%p : memref<64x32xf32>) outs(%out : memref<64x32xf32>) {
  ^bb0(%in: f32, %o: f32):
    %one = arith.constant 1.0 : f32 loc("theta.sigmoid"("model.cc":12:3))
    %s = arith.addf %in, %one : f32 loc("theta.add"("model.cc":11:3))
    %e = math.exp %s : f32 loc("theta.sigmoid"("model.cc":12:3))
    linalg.yield %e : f32
  } loc("theta.sigmoid"("model.cc":12:3))
  memref.copy %out, %copy : memref<64x32xf32> to memref<64x32xf32> loc("model.cc":15:3)
  %i0 = arith.constant 0 : index
  %i1 = arith.constant 1 : index
  %i7 = arith.constant 7 : index
  scf.for %t = %i0 to %i7 step %i1 {
    %row = memref.subview %h[%t, 0] [1, 4] [1, 1] : memref<7x4xf32> to memref<4xf32, strided<[1], offset: ?>>
    linalg.generic {indexing_maps = [#id1], iterator_types = ["parallel"]}
        outs(%row : memref<4xf32, strided<[1], offset: ?>>) {
    ^bb0(%o: f32):
      %th = math.tanh %o : f32 loc("theta.tanh"("model.cc":21:3))
      linalg.yield %th : f32
    } loc("theta.tanh"("model.cc":21:3))
  } loc("theta.scan"("model.cc":20:3))
  memref.dealloc %p : memref<64x32xf32>
  return
}
