// RUN: theta-opt %s -split-input-file --theta-lazy-branches | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-refine-types --theta-lazy-branches --theta-lower-cpu | FileCheck %s --check-prefix=LLVM

// ifelse becomes an scf.if; ops only one branch uses move into it, ops
// both branches (or other users) need stay before it.
// CHECK-LABEL: func.func @lazy
//       CHECK:   %[[SHARED:.*]] = theta.exp %arg1
//       CHECK:   %[[C:.*]] = tensor.extract %arg0[] : tensor<i1>
//       CHECK:   %[[IF:.*]] = scf.if %[[C]] -> (tensor<3xf32>) {
//       CHECK:     %[[T:.*]] = theta.tanh %[[SHARED]]
//       CHECK:     %[[T2:.*]] = theta.mul %[[T]], %[[T]]
//       CHECK:     scf.yield %[[T2]] : tensor<3xf32>
//       CHECK:   } else {
//       CHECK:     %[[S:.*]] = theta.sin %arg2
//       CHECK:     %[[SUM:.*]] = theta.add %[[S]], %[[SHARED]]
//       CHECK:     scf.yield %[[SUM]] : tensor<3xf32>
//       CHECK:   }
//       CHECK:   return %[[IF]], %[[SHARED]]
//   CHECK-NOT:   theta.ifelse
// LLVM-LABEL: llvm.func @lazy
//       LLVM:   llvm.cond_br
func.func @lazy(%c: tensor<i1>, %x: tensor<3xf32>, %y: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %shared = theta.exp %x : (tensor<3xf32>) -> tensor<3xf32>
  %t = theta.tanh %shared : (tensor<3xf32>) -> tensor<3xf32>
  %t2 = theta.mul %t, %t : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %s = theta.sin %y : (tensor<3xf32>) -> tensor<3xf32>
  %sum = theta.add %s, %shared : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %r = theta.ifelse %c then(%t2 : tensor<3xf32>) else(%sum : tensor<3xf32>) : tensor<i1> -> tensor<3xf32>
  return %r, %shared : tensor<3xf32>, tensor<3xf32>
}
