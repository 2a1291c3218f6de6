// RUN: theta-opt %s -split-input-file --theta-math-approximation=ldexp=true | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-lower-cpu=ldexp=true | FileCheck %s --check-prefix=LLVM

// With `ldexp` (CPUs with AVX-512), f32 exp is 2^n p(r): t = fma(x, log2 e,
// 1.5 * 2^23) rounds x log2 e to the nearest integer n in t's last bits,
// r = x - n ln 2 in two fmas (Cephes' C1 = 0.693359375, C2 = -2.12194440e-4),
// a degree-6 polynomial (1 + r + ..., minimax relative error), then one
// ldexp by n taken from t's bits (no fptosi, which would be poison for NaN),
// which gives subnormals, 0 and inf itself; the input is clamped to
// [-104, 89] with selects that keep NaN (cmpf ogt/olt are false for NaN).
// CHECK-LABEL: func.func @exp_f32
// CHECK-SAME:    (%[[X:.*]]: f32)
// CHECK-DAG:     %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-DAG:     %[[HALF:.*]] = arith.constant 0.49999994 : f32
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0.00138146128 : f32
// CHECK-DAG:     %[[LN2LO:.*]] = arith.constant 2.12194442E-4 : f32
// CHECK-DAG:     %[[LN2HI:.*]] = arith.constant -0.693359375 : f32
// CHECK-DAG:     %[[SHIFT:.*]] = arith.constant 0x4B400000 : f32
// CHECK-DAG:     %[[SHIFTBITS:.*]] = arith.constant 1262485504 : i32
// CHECK-DAG:     %[[LOG2E:.*]] = arith.constant 1.44269502 : f32
// CHECK-DAG:     %[[HIGH:.*]] = arith.constant 8.900000e+01 : f32
// CHECK-DAG:     %[[LOW:.*]] = arith.constant -1.040000e+02 : f32
// CHECK:         %[[ABOVE:.*]] = arith.cmpf ogt, %[[X]], %[[HIGH]] : f32
// CHECK:         %[[X1:.*]] = arith.select %[[ABOVE]], %[[HIGH]], %[[X]] : f32
// CHECK:         %[[BELOW:.*]] = arith.cmpf olt, %[[X1]], %[[LOW]] : f32
// CHECK:         %[[X2:.*]] = arith.select %[[BELOW]], %[[LOW]], %[[X1]] : f32
// CHECK:         %[[T:.*]] = math.fma %[[X2]], %[[LOG2E]], %[[SHIFT]] : f32
// CHECK:         %[[N:.*]] = arith.subf %[[T]], %[[SHIFT]] : f32
// CHECK:         %[[R1:.*]] = math.fma %[[N]], %[[LN2HI]], %[[X2]] : f32
// CHECK:         %[[R:.*]] = math.fma %[[N]], %[[LN2LO]], %[[R1]] : f32
// CHECK:         math.fma %[[C0]], %[[R]], %{{.*}} : f32
// CHECK-COUNT-3: math.fma %{{.*}}, %[[R]], %{{.*}} : f32
// CHECK-NOT:     math.fma %{{.*}}, %[[R]], %{{.*}} : f32
// CHECK:         %[[P7:.*]] = math.fma %{{.*}}, %[[R]], %[[ONE]] : f32
// CHECK:         %[[P:.*]] = math.fma %[[P7]], %[[R]], %[[ONE]] : f32
// CHECK:         %[[BITS:.*]] = arith.bitcast %[[T]] : f32 to i32
// CHECK:         %[[I:.*]] = arith.subi %[[BITS]], %[[SHIFTBITS]] : i32
// CHECK:         %[[E:.*]] = llvm.intr.ldexp(%[[P]], %[[I]]) : (f32, i32) -> f32
// CHECK-NOT:     math.exp
// CHECK:         return %[[E]] : f32
func.func @exp_f32(%x: f32) -> f32 {
  %0 = math.exp %x : f32
  return %0 : f32
}

// -----

// llvm.intr.ldexp takes scalar exponents only: vectors keep upstream's
// polynomial (2^n built in the exponent bits); f64 is left alone.
// CHECK-LABEL: func.func @exp_vector_and_f64
// CHECK-NOT:     llvm.intr.ldexp
// CHECK:         arith.shli %{{.*}} : vector<16xi32>
// CHECK-NOT:     llvm.intr.ldexp
// CHECK:         math.exp %{{.*}} : f64
func.func @exp_vector_and_f64(%v: vector<16xf32>, %d: f64) -> (vector<16xf32>, f64) {
  %0 = math.exp %v : vector<16xf32>
  %1 = math.exp %d : f64
  return %0, %1 : vector<16xf32>, f64
}

// -----

// Through the whole CPU pipeline: the exp of an elementwise op ends in one
// ldexp intrinsic in the LLVM dialect, without upstream's exponent-bit
// construction (a shift left by 23).
// LLVM-LABEL: llvm.func @theta_exp
// LLVM-NOT:     llvm.shl
// LLVM:         llvm.intr.ldexp
// LLVM-NOT:     llvm.shl
// LLVM:         llvm.return
func.func @theta_exp(%x: tensor<64xf32>) -> tensor<64xf32> {
  %0 = theta.exp %x : (tensor<64xf32>) -> tensor<64xf32>
  return %0 : tensor<64xf32>
}
