// RUN: theta-opt %s -split-input-file --theta-to-linalg | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-to-linalg --theta-fuse-elementwise | FileCheck %s --check-prefix=FUSE
// RUN: theta-opt %s -split-input-file --theta-lower-cpu | FileCheck %s --check-prefix=LLVM

// theta.random is one parallel linalg.generic: each element runs
// Philox-4x32-10 on (its row-major index, the counter) with the key, then
// turns the bits into a float.

// CHECK-LABEL: func.func @uniform_f32
//       CHECK:   %[[E:.*]] = tensor.empty() : tensor<2x3xf32>
//       CHECK:   linalg.generic {{.*}} iterator_types = ["parallel", "parallel"]} ins(%arg0, %arg1 : tensor<i64>, tensor<i64>) outs(%[[E]] : tensor<2x3xf32>)
//       CHECK:   ^bb0(%[[KEY:.*]]: i64, %[[CTR:.*]]: i64, %{{.*}}: f32):
//       CHECK:     %[[I:.*]] = linalg.index 0
//       CHECK:     %[[J:.*]] = linalg.index 1
//       CHECK:     %[[ROW:.*]] = arith.muli %[[I]], %c3{{.*}} : index
//       CHECK:     %[[FLAT:.*]] = arith.addi %[[ROW]], %[[J]]
//       CHECK:     arith.index_castui %[[FLAT]] : index to i64
// Ten rounds of two 32x32->64-bit products; the key bumps by the Weyl constants.
// CHECK-COUNT-20:  arith.mului_extended
//       CHECK:     arith.shrui %{{.*}}, %c8_i32{{.*}} : i32
//       CHECK:     arith.uitofp %{{.*}} : i32 to f32
//       CHECK:     arith.mulf %{{.*}}, %cst{{.*}} : f32
//   CHECK-NOT:     arith.mului_extended
//       CHECK:     linalg.yield %{{.*}} : f32
// LLVM-LABEL: llvm.func @uniform_f32
func.func @uniform_f32(%key: tensor<i64>, %counter: tensor<i64>) -> tensor<2x3xf32> {
  %u = theta.random "uniform" %key, %counter [2, 3] : f32 -> tensor<2x3xf32>
  return %u : tensor<2x3xf32>
}

// -----

// The Philox constants: multipliers 0xD2511F53, 0xCD9E8D57 and key
// increments 0x9E3779B9, 0xBB67AE85 (as signed i32).
// CHECK-LABEL: func.func @constants
//   CHECK-DAG:   arith.constant -766435501 : i32
//   CHECK-DAG:   arith.constant -845247145 : i32
//   CHECK-DAG:   arith.constant -1640531527 : i32
//   CHECK-DAG:   arith.constant -1150833019 : i32
func.func @constants(%key: tensor<i64>, %counter: tensor<i64>) -> tensor<f32> {
  %u = theta.random "uniform" %key, %counter [] : f32 -> tensor<f32>
  return %u : tensor<f32>
}

// -----

// f64 uniforms take 53 bits of two words; normal draws apply Box-Muller to
// two uniforms: sqrt(-2 log(1 - u1)) * cos(2 pi u2).
// CHECK-LABEL: func.func @normal_f64
//       CHECK:   linalg.generic
//       CHECK:     %[[HI:.*]] = arith.shli %{{.*}}, %c32_i64{{.*}} : i64
//       CHECK:     %[[BITS:.*]] = arith.ori %[[HI]], %{{.*}} : i64
//       CHECK:     arith.shrui %[[BITS]], %c11_i64{{.*}} : i64
//       CHECK:     arith.uitofp %{{.*}} : i64 to f64
//       CHECK:     %[[U1:.*]] = arith.mulf %{{.*}}, %cst{{.*}} : f64
//       CHECK:     %[[U2:.*]] = arith.mulf %{{.*}}, %cst{{.*}} : f64
//       CHECK:     %[[ONEMINUS:.*]] = arith.subf %cst{{.*}}, %[[U1]] : f64
//       CHECK:     %[[LOG:.*]] = math.log %[[ONEMINUS]] : f64
//       CHECK:     %[[R2:.*]] = arith.mulf %cst{{.*}}, %[[LOG]] : f64
//       CHECK:     %[[R:.*]] = math.sqrt %[[R2]] : f64
//       CHECK:     %[[ANGLE:.*]] = arith.mulf %cst{{.*}}, %[[U2]] : f64
//       CHECK:     %[[COS:.*]] = math.cos %[[ANGLE]] : f64
//       CHECK:     %[[Z:.*]] = arith.mulf %[[R]], %[[COS]] : f64
//       CHECK:     linalg.yield %[[Z]] : f64
// LLVM-LABEL: llvm.func @normal_f64
func.func @normal_f64(%key: tensor<i64>, %counter: tensor<i64>) -> tensor<8xf64> {
  %z = theta.random "normal" %key, %counter [8] : f64 -> tensor<8xf64>
  return %z : tensor<8xf64>
}

// -----

// A draw scaled by elementwise ops fuses with them into one loop nest, and
// the CPU pipeline lowers f32 normals (polynomial log and cos) to LLVM.
// FUSE-LABEL: func.func @scaled_normal_f32
//       FUSE:   linalg.generic {{.*}} ins(%arg2, %arg0, %arg1 : tensor<64x32xf32>, tensor<i64>, tensor<i64>)
//       FUSE:     math.cos
//       FUSE:     %[[Z:.*]] = arith.mulf %{{.*}}, %{{.*}} : f32
//       FUSE:     %[[Y:.*]] = arith.mulf %in, %[[Z]] : f32
//       FUSE:     linalg.yield %[[Y]] : f32
//   FUSE-NOT:   linalg.generic
// LLVM-LABEL: llvm.func @scaled_normal_f32
func.func @scaled_normal_f32(%key: tensor<i64>, %counter: tensor<i64>, %x: tensor<64x32xf32>)
    -> tensor<64x32xf32> {
  %z = theta.random "normal" %key, %counter [64, 32] : f32 -> tensor<64x32xf32>
  %y = theta.mul %x, %z : (tensor<64x32xf32>, tensor<64x32xf32>) -> tensor<64x32xf32>
  return %y : tensor<64x32xf32>
}
