// RUN: theta-opt %s -split-input-file --theta-math-approximation=ldexp=true | FileCheck %s
// RUN: theta-opt %s -split-input-file --theta-lower-cpu=ldexp=true | FileCheck %s --check-prefix=LLVM

// With `ldexp` (CPUs with AVX-512), f32 exp is 2^n p(r): n = roundeven(x log2 e),
// r = x - n ln 2 in two fmas, a degree-7 polynomial, then one ldexp, which
// gives subnormals, 0 and inf itself; the input is clamped to [-104, 89]
// with selects that keep NaN (cmpf ogt/olt are false for NaN).
// CHECK-LABEL: func.func @exp_f32
// CHECK-SAME:    (%[[X:.*]]: f32)
// CHECK-DAG:     %[[HIGH:.*]] = arith.constant 8.900000e+01 : f32
// CHECK-DAG:     %[[LOW:.*]] = arith.constant -1.040000e+02 : f32
// CHECK-DAG:     %[[LOG2E:.*]] = arith.constant 1.44269502 : f32
// CHECK:         %[[ABOVE:.*]] = arith.cmpf ogt, %[[X]], %[[HIGH]] : f32
// CHECK:         %[[X1:.*]] = arith.select %[[ABOVE]], %[[HIGH]], %[[X]] : f32
// CHECK:         %[[BELOW:.*]] = arith.cmpf olt, %[[X1]], %[[LOW]] : f32
// CHECK:         %[[X2:.*]] = arith.select %[[BELOW]], %[[LOW]], %[[X1]] : f32
// CHECK:         %[[T:.*]] = arith.mulf %[[X2]], %[[LOG2E]] : f32
// CHECK:         %[[N:.*]] = math.roundeven %[[T]] : f32
// CHECK-COUNT-9: math.fma
// CHECK:         %[[I:.*]] = arith.fptosi %[[N]] : f32 to i32
// CHECK:         %[[R:.*]] = llvm.intr.ldexp(%{{.*}}, %[[I]]) : (f32, i32) -> f32
// CHECK-NOT:     math.exp
// CHECK:         return %[[R]] : f32
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

// Through the whole CPU pipeline: the exp of an elementwise op is one ldexp
// intrinsic in the LLVM dialect, no libm call.
// LLVM-LABEL: llvm.func @theta_exp
// LLVM:         llvm.intr.roundeven
// LLVM:         llvm.intr.ldexp
// LLVM-NOT:     llvm.call @expf
func.func @theta_exp(%x: tensor<64xf32>) -> tensor<64xf32> {
  %0 = theta.exp %x : (tensor<64xf32>) -> tensor<64xf32>
  return %0 : tensor<64xf32>
}
