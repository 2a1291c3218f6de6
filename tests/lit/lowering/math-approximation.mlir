// RUN: theta-opt %s -split-input-file --theta-math-approximation | FileCheck %s

// --theta-math-approximation replaces f32 transcendental functions by
// polynomials (fma chains), so the JIT needs no libm for them; exact
// operations (sqrt, floor) and f64 are left alone.

// CHECK-LABEL: func.func @tanh_f32
// CHECK-NOT:     math.tanh
// CHECK:         math.absf
// CHECK:         math.fma
// CHECK:         arith.divf
// CHECK:         arith.select
// CHECK-NOT:     math.tanh
// CHECK:         return
func.func @tanh_f32(%x: f32) -> f32 {
  %0 = math.tanh %x : f32
  return %0 : f32
}

// -----

// exp: range reduction (floor), polynomial, then 2^n built in the exponent bits.
// CHECK-LABEL: func.func @exp_f32
// CHECK-NOT:     math.exp
// CHECK:         math.floor
// CHECK:         math.fma
// CHECK:         arith.shli
// CHECK:         arith.bitcast %{{.*}} : i32 to f32
// CHECK-NOT:     math.exp
// CHECK:         return
func.func @exp_f32(%x: f32) -> f32 {
  %0 = math.exp %x : f32
  return %0 : f32
}

// -----

// CHECK-LABEL: func.func @log_f32
// CHECK-NOT:     math.log
// CHECK:         arith.bitcast %{{.*}} : f32 to i32
// CHECK:         math.fma
// CHECK-NOT:     math.log
// CHECK:         return
func.func @log_f32(%x: f32) -> (f32, f32) {
  %0 = math.log %x : f32
  %1 = math.log1p %x : f32
  return %0, %1 : f32, f32
}

// -----

// The polynomial clamps its input to the smallest normal float, so inputs
// below it are scaled by 2^23 first and 23 ln 2 is subtracted after: selects,
// no branch, so loops still vectorize. f64 stays a libm call.
// CHECK-LABEL: func.func @log_subnormal
// CHECK-SAME:    (%[[X:[a-z0-9_]+]]: f32, %[[V:[a-z0-9_]+]]: vector<8xf32>, %[[D:[a-z0-9_]+]]: f64)
// CHECK-DAG:     %[[LN:.*]] = arith.constant 15.9423847 : f32
// CHECK-DAG:     %[[SCALE:.*]] = arith.constant 0x4B000000 : f32
// CHECK-DAG:     %[[MIN:.*]] = arith.constant 1.17549435E-38 : f32
// CHECK:         %[[SMALL:.*]] = arith.cmpf olt, %[[X]], %[[MIN]] : f32
// CHECK-NEXT:    %[[MUL:.*]] = arith.mulf %[[X]], %[[SCALE]] : f32
// CHECK-NEXT:    %[[IN:.*]] = arith.select %[[SMALL]], %[[MUL]], %[[X]] : f32
// CHECK-NOT:     math.log {{.*}} : f32
// CHECK:         %[[SHIFTED:.*]] = arith.subf %[[LOG:.*]], %[[LN]] : f32
// CHECK-NEXT:    %[[R:.*]] = arith.select %[[SMALL]], %[[SHIFTED]], %[[LOG]] : f32
// CHECK:         arith.cmpf olt, %[[V]], %{{.*}} : vector<8xf32>
// CHECK:         arith.mulf %[[V]], %{{.*}} : vector<8xf32>
// CHECK-NOT:     math.log {{.*}} : vector<8xf32>
// CHECK:         arith.subf %{{.*}} : vector<8xf32>
// CHECK:         %[[RD:.*]] = math.log %[[D]] : f64
// CHECK:         return %[[R]], %{{.*}}, %[[RD]]
func.func @log_subnormal(%x: f32, %v: vector<8xf32>, %d: f64) -> (f32, vector<8xf32>, f64) {
  %0 = math.log %x : f32
  %1 = math.log %v : vector<8xf32>
  %2 = math.log %d : f64
  return %0, %1, %2 : f32, vector<8xf32>, f64
}

// -----

// Vectors are approximated lane by lane.
// CHECK-LABEL: func.func @tanh_vector
// CHECK-NOT:     math.tanh
// CHECK:         math.fma %{{.*}} : vector<8xf32>
// CHECK-NOT:     math.tanh
// CHECK:         return
func.func @tanh_vector(%x: vector<8xf32>) -> vector<8xf32> {
  %0 = math.tanh %x : vector<8xf32>
  return %0 : vector<8xf32>
}

// -----

// CHECK-LABEL: func.func @kept
// CHECK-NEXT:    %[[S:.*]] = math.sqrt %{{.*}} : f32
// CHECK-NEXT:    %[[F:.*]] = math.floor %{{.*}} : f32
// CHECK-NEXT:    %[[E:.*]] = math.exp %{{.*}} : f64
// CHECK-NEXT:    return %[[S]], %[[F]], %[[E]]
func.func @kept(%x: f32, %y: f64) -> (f32, f32, f64) {
  %0 = math.sqrt %x : f32
  %1 = math.floor %x : f32
  %2 = math.exp %y : f64
  return %0, %1, %2 : f32, f32, f64
}
