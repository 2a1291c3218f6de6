// RUN: theta-opt %s -split-input-file --theta-to-linalg -mlir-print-local-scope | FileCheck %s
// RUN: theta-opt %s -split-input-file -mlir-print-local-scope \
// RUN:   --pass-pipeline='builtin.module(theta-to-linalg,func.func(canonicalize,theta-fuse-elementwise,canonicalize,cse))' \
// RUN:   | FileCheck %s --check-prefix=FUSE

// Elementwise theta ops become one broadcasting linalg.generic each: size-1
// operand dimensions that broadcast read index 0, the body is the op's scalar
// math (float or integer flavour after the element type).

// CHECK-LABEL: func.func @broadcast_add
// Value semantics: the arguments are read-only buffers for bufferization.
// CHECK-SAME:    (%[[A:[a-z0-9_]+]]: tensor<4x1xf32> {bufferization.writable = false},
// CHECK-SAME:     %[[B:[a-z0-9_]+]]: tensor<1x3xf32> {bufferization.writable = false}) -> tensor<4x3xf32>
// CHECK-NOT:   theta.
// CHECK:       %[[INIT:.*]] = tensor.empty() : tensor<4x3xf32>
// CHECK:       %[[R:.*]] = linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1) -> (d0, 0)>, affine_map<(d0, d1) -> (0, d1)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:    iterator_types = ["parallel", "parallel"]
// CHECK-SAME:    ins(%[[A]], %[[B]] : tensor<4x1xf32>, tensor<1x3xf32>) outs(%[[INIT]] : tensor<4x3xf32>)
// CHECK-NEXT:  ^bb0(%[[X:.*]]: f32, %[[Y:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:    %[[S:.*]] = arith.addf %[[X]], %[[Y]] : f32
// CHECK-NEXT:    linalg.yield %[[S]] : f32
// CHECK:       return %[[R]] : tensor<4x3xf32>
func.func @broadcast_add(%a: tensor<4x1xf32>, %b: tensor<1x3xf32>) -> tensor<4x3xf32> {
  %0 = theta.add %a, %b : (tensor<4x1xf32>, tensor<1x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// A rank-0 value made 1x1 by dimshuffle: the copy reads the scalar with an
// empty map, the product reads the 1x1 tensor at (0, 0).
// CHECK-LABEL: func.func @scalar_broadcast
// CHECK-SAME:    (%[[A:[a-z0-9_]+]]: tensor<2x3xf32>{{.*}}, %[[K:[a-z0-9_]+]]: tensor<f32>{{.*}})
// CHECK:       %[[K11:.*]] = linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:    ins(%[[K]] : tensor<f32>) outs(%{{.*}} : tensor<1x1xf32>)
// CHECK:       linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (0, 0)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:    ins(%[[A]], %[[K11]] : tensor<2x3xf32>, tensor<1x1xf32>)
// CHECK:         arith.mulf
func.func @scalar_broadcast(%a: tensor<2x3xf32>, %k: tensor<f32>) -> tensor<2x3xf32> {
  %r = theta.dimshuffle %k [x, x] : tensor<f32> -> tensor<1x1xf32>
  %0 = theta.mul %a, %r : (tensor<2x3xf32>, tensor<1x1xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Integer element types take the integer arith ops: division truncates
// (divsi), comparisons are signed.
// CHECK-LABEL: func.func @integer_ops
// CHECK:       linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>]
// CHECK:         arith.addi %{{.*}}, %{{.*}} : i32
// CHECK:       linalg.generic
// CHECK:         arith.divsi %{{.*}}, %{{.*}} : i32
// CHECK:       linalg.generic
// CHECK-SAME:    outs(%{{.*}} : tensor<3xi1>)
// CHECK-NEXT:  ^bb0(%{{.*}}: i32, %{{.*}}: i32, %{{.*}}: i1):
// CHECK-NEXT:    %[[C:.*]] = arith.cmpi slt, %{{.*}}, %{{.*}} : i32
// CHECK-NEXT:    linalg.yield %[[C]] : i1
// CHECK:       linalg.generic
// CHECK:         arith.maxsi %{{.*}}, %{{.*}} : i32
// CHECK:       linalg.generic
// CHECK:         %[[Z:.*]] = arith.constant 0 : i32
// CHECK-NEXT:    arith.subi %[[Z]], %{{.*}} : i32
// CHECK:       linalg.generic
// CHECK:         math.absi %{{.*}} : i32
// CHECK-NOT:   arith.addf
// CHECK-NOT:   arith.divf
// CHECK:       return
func.func @integer_ops(%a: tensor<3xi32>, %b: tensor<3xi32>)
    -> (tensor<3xi32>, tensor<3xi32>, tensor<3xi1>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>) {
  %0 = theta.add %a, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  %1 = theta.div %0, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  %2 = theta.lt %a, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi1>
  %3 = theta.maximum %a, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  %4 = theta.neg %a : (tensor<3xi32>) -> tensor<3xi32>
  %5 = theta.abs %a : (tensor<3xi32>) -> tensor<3xi32>
  return %0, %1, %2, %3, %4, %5 : tensor<3xi32>, tensor<3xi32>, tensor<3xi1>, tensor<3xi32>, tensor<3xi32>, tensor<3xi32>
}

// -----

// Float comparisons are ordered, except != which is unordered (NaN != NaN).
// CHECK-LABEL: func.func @comparisons
// CHECK:       linalg.generic {{.*}} outs(%{{.*}} : tensor<4xi1>)
// CHECK-NEXT:  ^bb0(%{{.*}}: f32, %{{.*}}: f32, %{{.*}}: i1):
// CHECK-NEXT:    arith.cmpf ogt
// CHECK:       linalg.generic {{.*}} outs(%{{.*}} : tensor<4xi1>)
// CHECK-NEXT:  ^bb0
// CHECK-NEXT:    arith.cmpf oge
// CHECK:       linalg.generic {{.*}} outs(%{{.*}} : tensor<4xi1>)
// CHECK-NEXT:  ^bb0
// CHECK-NEXT:    arith.cmpf olt
// CHECK:       linalg.generic {{.*}} outs(%{{.*}} : tensor<4xi1>)
// CHECK-NEXT:  ^bb0
// CHECK-NEXT:    arith.cmpf ole
// CHECK:       linalg.generic {{.*}} outs(%{{.*}} : tensor<4xi1>)
// CHECK-NEXT:  ^bb0
// CHECK-NEXT:    arith.cmpf oeq
// CHECK:       linalg.generic {{.*}} outs(%{{.*}} : tensor<4xi1>)
// CHECK-NEXT:  ^bb0
// CHECK-NEXT:    arith.cmpf une
// CHECK:       return {{.*}} : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
func.func @comparisons(%a: tensor<4xf32>, %b: tensor<4xf32>)
    -> (tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>) {
  %gt = theta.gt %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %ge = theta.ge %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %lt = theta.lt %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %le = theta.le %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %eq = theta.eq %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  %ne = theta.ne %a, %b : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xi1>
  return %gt, %ge, %lt, %le, %eq, %ne : tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>, tensor<4xi1>
}

// -----

// CHECK-LABEL: func.func @logic
// CHECK:       linalg.generic
// CHECK:         arith.andi %{{.*}}, %{{.*}} : i1
// CHECK:       linalg.generic
// CHECK:         arith.ori %{{.*}}, %{{.*}} : i1
// CHECK:       linalg.generic
// CHECK:         %[[T:.*]] = arith.constant true
// CHECK-NEXT:    arith.xori %{{.*}}, %[[T]] : i1
func.func @logic(%a: tensor<4xi1>, %b: tensor<4xi1>) -> tensor<4xi1> {
  %0 = theta.and %a, %b : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %1 = theta.or %0, %a : (tensor<4xi1>, tensor<4xi1>) -> tensor<4xi1>
  %2 = theta.not %1 : (tensor<4xi1>) -> tensor<4xi1>
  return %2 : tensor<4xi1>
}

// -----

// select: the condition and the first choice are read at (d0, d1), the 1x1
// second choice at (0, 0).
// CHECK-LABEL: func.func @select
// CHECK-SAME:    (%[[C:[a-z0-9_]+]]: tensor<4x3xi1>{{.*}}, %[[A:[a-z0-9_]+]]: tensor<4x3xf32>{{.*}}, %[[K:[a-z0-9_]+]]: tensor<1x1xf32>{{.*}})
// CHECK:       linalg.generic
// CHECK-SAME:    indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (0, 0)>, affine_map<(d0, d1) -> (d0, d1)>]
// CHECK-SAME:    ins(%[[C]], %[[A]], %[[K]] : tensor<4x3xi1>, tensor<4x3xf32>, tensor<1x1xf32>)
// CHECK-NEXT:  ^bb0(%[[BC:.*]]: i1, %[[BA:.*]]: f32, %[[BK:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:    %[[S:.*]] = arith.select %[[BC]], %[[BA]], %[[BK]] : f32
// CHECK-NEXT:    linalg.yield %[[S]] : f32
func.func @select(%c: tensor<4x3xi1>, %a: tensor<4x3xf32>, %k: tensor<1x1xf32>) -> tensor<4x3xf32> {
  %0 = theta.select %c, %a, %k : (tensor<4x3xi1>, tensor<4x3xf32>, tensor<1x1xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// Casts: float to int truncates toward zero (fptosi); booleans are unsigned
// (uitofp, extui); anything to i1 is "!= 0".
// CHECK-LABEL: func.func @casts
// CHECK:       linalg.generic {{.*}} ins(%{{.*}} : tensor<5xf32>) outs(%{{.*}} : tensor<5xi32>)
// CHECK:         arith.fptosi %{{.*}} : f32 to i32
// CHECK:       linalg.generic {{.*}} ins(%{{.*}} : tensor<5xi1>) outs(%{{.*}} : tensor<5xf32>)
// CHECK:         arith.uitofp %{{.*}} : i1 to f32
// CHECK:       linalg.generic {{.*}} ins(%{{.*}} : tensor<5xi32>) outs(%{{.*}} : tensor<5xf32>)
// CHECK:         arith.sitofp %{{.*}} : i32 to f32
// CHECK:       linalg.generic {{.*}} ins(%{{.*}} : tensor<5xf32>) outs(%{{.*}} : tensor<5xi1>)
// CHECK:         %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    arith.cmpf une, %{{.*}}, %[[Z]] : f32
// CHECK:       linalg.generic {{.*}} outs(%{{.*}} : tensor<5xf64>)
// CHECK:         arith.extf %{{.*}} : f32 to f64
// CHECK:       linalg.generic {{.*}} outs(%{{.*}} : tensor<5xi64>)
// CHECK:         arith.extsi %{{.*}} : i32 to i64
// CHECK:       linalg.generic {{.*}} outs(%{{.*}} : tensor<5xi32>)
// CHECK:         arith.extui %{{.*}} : i1 to i32
// CHECK:       linalg.generic {{.*}} outs(%{{.*}} : tensor<5xf32>)
// CHECK:         arith.truncf %{{.*}} : f64 to f32
func.func @casts(%x: tensor<5xf32>, %c: tensor<5xi1>, %i: tensor<5xi32>, %d: tensor<5xf64>)
    -> (tensor<5xi32>, tensor<5xf32>, tensor<5xf32>, tensor<5xi1>, tensor<5xf64>, tensor<5xi64>,
        tensor<5xi32>, tensor<5xf32>) {
  %0 = theta.cast %x : tensor<5xf32> to i32
  %1 = theta.cast %c : tensor<5xi1> to f32
  %2 = theta.cast %i : tensor<5xi32> to f32
  %3 = theta.cast %x : tensor<5xf32> to i1
  %4 = theta.cast %x : tensor<5xf32> to f64
  %5 = theta.cast %i : tensor<5xi32> to i64
  %6 = theta.cast %c : tensor<5xi1> to i32
  %7 = theta.cast %d : tensor<5xf64> to f32
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<5xi32>, tensor<5xf32>, tensor<5xf32>, tensor<5xi1>,
                                          tensor<5xf64>, tensor<5xi64>, tensor<5xi32>, tensor<5xf32>
}

// -----

// sigmoid(x) = 1 / (1 + exp(-x)).
// CHECK-LABEL: func.func @sigmoid
// CHECK:       linalg.generic
// CHECK-NEXT:  ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:    %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:    %[[NEG:.*]] = arith.negf %[[X]] : f32
// CHECK-NEXT:    %[[E:.*]] = math.exp %[[NEG]] : f32
// CHECK-NEXT:    %[[DEN:.*]] = arith.addf %[[ONE]], %[[E]] : f32
// CHECK-NEXT:    %[[R:.*]] = arith.divf %[[ONE]], %[[DEN]] : f32
// CHECK-NEXT:    linalg.yield %[[R]] : f32
func.func @sigmoid(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = theta.sigmoid %x : (tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// softplus(x) = max(x, 0) + log1p(exp(-|x|)): never overflows.
// CHECK-LABEL: func.func @softplus
// CHECK:       linalg.generic
// CHECK-NEXT:  ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    %[[POS:.*]] = arith.maximumf %[[X]], %[[ZERO]] : f32
// CHECK-NEXT:    %[[ABS:.*]] = math.absf %[[X]] : f32
// CHECK-NEXT:    %[[NABS:.*]] = arith.negf %[[ABS]] : f32
// CHECK-NEXT:    %[[E:.*]] = math.exp %[[NABS]] : f32
// CHECK-NEXT:    %[[L:.*]] = math.log1p %[[E]] : f32
// CHECK-NEXT:    %[[R:.*]] = arith.addf %[[POS]], %[[L]] : f32
// CHECK-NEXT:    linalg.yield %[[R]] : f32
func.func @softplus(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = theta.softplus %x : (tensor<8xf32>) -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// sign(x) = x > 0 ? 1 : (x < 0 ? -1 : 0), and NaN for NaN (as NumPy; both
// comparisons are false for it); the other unary ops map to math.
// CHECK-LABEL: func.func @unary_float
// CHECK:       linalg.generic
// CHECK-NEXT:  ^bb0(%[[X:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT:    %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT:    %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:    %[[MONE:.*]] = arith.constant -1.000000e+00 : f32
// CHECK-NEXT:    %[[GT:.*]] = arith.cmpf ogt, %[[X]], %[[ZERO]] : f32
// CHECK-NEXT:    %[[LT:.*]] = arith.cmpf olt, %[[X]], %[[ZERO]] : f32
// CHECK-NEXT:    %[[NZ:.*]] = arith.select %[[LT]], %[[MONE]], %[[ZERO]] : f32
// CHECK-NEXT:    %[[S:.*]] = arith.select %[[GT]], %[[ONE]], %[[NZ]] : f32
// CHECK-NEXT:    %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f32
// CHECK-NEXT:    %[[R:.*]] = arith.select %[[NAN]], %[[X]], %[[S]] : f32
// CHECK-NEXT:    linalg.yield %[[R]] : f32
// CHECK:         math.exp
// CHECK:         math.log %
// CHECK:         math.log1p
// CHECK:         math.sqrt
// CHECK:         math.tanh
// CHECK:         math.floor
// CHECK:         math.absf
// CHECK:         arith.negf
// CHECK:         math.powf
// CHECK:         arith.minimumf
// CHECK:         arith.subf
// CHECK:         arith.divf
func.func @unary_float(%x: tensor<8xf32>) -> tensor<8xf32> {
  %0 = theta.sign %x : (tensor<8xf32>) -> tensor<8xf32>
  %1 = theta.exp %0 : (tensor<8xf32>) -> tensor<8xf32>
  %2 = theta.log %1 : (tensor<8xf32>) -> tensor<8xf32>
  %3 = theta.log1p %2 : (tensor<8xf32>) -> tensor<8xf32>
  %4 = theta.sqrt %3 : (tensor<8xf32>) -> tensor<8xf32>
  %5 = theta.tanh %4 : (tensor<8xf32>) -> tensor<8xf32>
  %6 = theta.floor %5 : (tensor<8xf32>) -> tensor<8xf32>
  %7 = theta.abs %6 : (tensor<8xf32>) -> tensor<8xf32>
  %8 = theta.neg %7 : (tensor<8xf32>) -> tensor<8xf32>
  %9 = theta.pow %8, %x : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %10 = theta.minimum %9, %x : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %11 = theta.sub %10, %x : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  %12 = theta.div %11, %x : (tensor<8xf32>, tensor<8xf32>) -> tensor<8xf32>
  return %12 : tensor<8xf32>
}

// -----

// CHECK-LABEL: func.func @constant
// CHECK-NEXT:    %[[C:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK-NEXT:    return %[[C]]
func.func @constant() -> tensor<2xf32> {
  %0 = theta.constant dense<[1.0, 2.0]> : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// sigmoid(a*x + 1.5) * tanh(x) - exp(-(x*x)): ten generics after
// --theta-to-linalg, a single loop nest after elementwise fusion.

// CHECK-LABEL: func.func @fused_chain
// CHECK-COUNT-10: linalg.generic
// CHECK-NOT:   linalg.generic

// FUSE-LABEL:  func.func @fused_chain
// FUSE-SAME:     (%[[A:[a-z0-9_]+]]: tensor<f32>{{.*}}, %[[X:[a-z0-9_]+]]: tensor<16xf32>{{.*}})
// FUSE-NOT:    theta.
// FUSE-COUNT-1: linalg.generic
// FUSE-SAME:     indexing_maps = [affine_map<(d0) -> ()>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>]
// FUSE-SAME:     ins(%[[A]], %[[X]] : tensor<f32>, tensor<16xf32>)
// FUSE-DAG:      math.exp
// FUSE-DAG:      math.tanh
// FUSE-DAG:      arith.divf
// FUSE:          arith.subf
// FUSE-NEXT:     linalg.yield
// FUSE-NOT:    linalg.generic
// FUSE-NOT:    tensor.expand_shape
// FUSE:        return
func.func @fused_chain(%a: tensor<f32>, %x: tensor<16xf32>) -> tensor<16xf32> {
  %a1 = theta.dimshuffle %a [x] : tensor<f32> -> tensor<1xf32>
  %c = theta.constant dense<1.5> : tensor<1xf32>
  %ax = theta.mul %a1, %x : (tensor<1xf32>, tensor<16xf32>) -> tensor<16xf32>
  %z = theta.add %ax, %c : (tensor<16xf32>, tensor<1xf32>) -> tensor<16xf32>
  %s = theta.sigmoid %z : (tensor<16xf32>) -> tensor<16xf32>
  %t = theta.tanh %x : (tensor<16xf32>) -> tensor<16xf32>
  %st = theta.mul %s, %t : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %xx = theta.mul %x, %x : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  %n = theta.neg %xx : (tensor<16xf32>) -> tensor<16xf32>
  %e = theta.exp %n : (tensor<16xf32>) -> tensor<16xf32>
  %r = theta.sub %st, %e : (tensor<16xf32>, tensor<16xf32>) -> tensor<16xf32>
  return %r : tensor<16xf32>
}

// -----

// The math functions lower to their math ops through ElementwiseOpInterface
// (their scalar bodies are generated from ThetaOps.td); isnan/isinf are
// comparisons, erfinv an approximation refined by Newton steps on erf.
// CHECK-LABEL: func.func @math_functions
// CHECK:         math.sin
// CHECK:         math.cos
// CHECK:         math.tan
// CHECK:         math.asin
// CHECK:         math.acos
// CHECK:         math.atan
// CHECK:         math.sinh
// CHECK:         math.cosh
// CHECK:         math.expm1
// CHECK:         math.erf
// CHECK:       linalg.generic
// CHECK-NEXT:  ^bb0(%[[X:.*]]: f64, %{{.*}}: i1):
// CHECK-NEXT:    %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : f64
// CHECK-NEXT:    linalg.yield %[[NAN]] : i1
// CHECK:       linalg.generic
// CHECK-NEXT:  ^bb0(%[[Y:.*]]: f64, %{{.*}}: i1):
// CHECK-NEXT:    %[[INF:.*]] = arith.constant 0x7FF0000000000000 : f64
// CHECK-NEXT:    %[[ABS:.*]] = math.absf %[[Y]] : f64
// CHECK-NEXT:    %[[EQ:.*]] = arith.cmpf oeq, %[[ABS]], %[[INF]] : f64
// CHECK-NEXT:    linalg.yield %[[EQ]] : i1
// CHECK:       linalg.generic
// CHECK-COUNT-2: math.erf
// CHECK:         math.copysign
func.func @math_functions(%x: tensor<4xf32>, %d: tensor<4xf64>)
    -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
        tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
        tensor<4xi1>, tensor<4xi1>, tensor<4xf64>) {
  %0 = theta.sin %x : (tensor<4xf32>) -> tensor<4xf32>
  %1 = theta.cos %x : (tensor<4xf32>) -> tensor<4xf32>
  %2 = theta.tan %x : (tensor<4xf32>) -> tensor<4xf32>
  %3 = theta.asin %x : (tensor<4xf32>) -> tensor<4xf32>
  %4 = theta.acos %x : (tensor<4xf32>) -> tensor<4xf32>
  %5 = theta.atan %x : (tensor<4xf32>) -> tensor<4xf32>
  %6 = theta.sinh %x : (tensor<4xf32>) -> tensor<4xf32>
  %7 = theta.cosh %x : (tensor<4xf32>) -> tensor<4xf32>
  %8 = theta.expm1 %x : (tensor<4xf32>) -> tensor<4xf32>
  %9 = theta.erf %x : (tensor<4xf32>) -> tensor<4xf32>
  %10 = theta.isnan %d : (tensor<4xf64>) -> tensor<4xi1>
  %11 = theta.isinf %d : (tensor<4xf64>) -> tensor<4xi1>
  %12 = theta.erfinv %d : (tensor<4xf64>) -> tensor<4xf64>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12
      : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
        tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>,
        tensor<4xi1>, tensor<4xi1>, tensor<4xf64>
}

// -----

// iota: the index along the last dimension, converted to the element type.
// CHECK-LABEL: func.func @iota
// CHECK:       linalg.generic
// CHECK-NEXT:  ^bb0(%{{.*}}: f32):
// CHECK-NEXT:    %[[I:.*]] = linalg.index 1 : index
// CHECK-NEXT:    %[[L:.*]] = arith.index_cast %[[I]] : index to i64
// CHECK-NEXT:    %[[F:.*]] = arith.sitofp %[[L]] : i64 to f32
// CHECK-NEXT:    linalg.yield %[[F]] : f32
func.func @iota() -> tensor<2x5xf32> {
  %0 = theta.iota [2, 5] : f32 -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// Narrow storage types lower like the others: float16 arithmetic on f16,
// int8 arithmetic wrapping on i8, casts between widths.
// CHECK-LABEL: func.func @narrow
//       CHECK:   arith.addf %{{.*}}, %{{.*}} : f16
//       CHECK:   arith.muli %{{.*}}, %{{.*}} : i8
//       CHECK:   arith.extsi %{{.*}} : i8 to i16
func.func @narrow(%h: tensor<4xf16>, %b: tensor<4xi8>) -> (tensor<4xf16>, tensor<4xi8>, tensor<4xi16>) {
  %s = theta.add %h, %h : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  %p = theta.mul %b, %b : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  %w = theta.cast %b : tensor<4xi8> to i16
  return %s, %p, %w : tensor<4xf16>, tensor<4xi8>, tensor<4xi16>
}
