// RUN: theta-opt %s -canonicalize -cse -split-input-file | FileCheck %s

// CHECK-LABEL: func @add_zero
// CHECK-NEXT: return %arg0
func.func @add_zero(%x: tensor<3xf32>) -> tensor<3xf32> {
  %z = theta.constant dense<0.0> : tensor<3xf32>
  %r = theta.add %x, %z : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %s = theta.add %z, %r : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %s : tensor<3xf32>
}

// -----

// A zero that broadcasts x to a larger shape is not dropped.
// CHECK-LABEL: func @add_zero_broadcasting
// CHECK: theta.add
func.func @add_zero_broadcasting(%x: tensor<1xf32>) -> tensor<4xf32> {
  %z = theta.constant dense<0.0> : tensor<4xf32>
  %r = theta.add %x, %z : (tensor<1xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %r : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @mul_one_div_one_sub_zero_pow_one
// CHECK-NEXT: return %arg0
func.func @mul_one_div_one_sub_zero_pow_one(%x: tensor<2x2xf64>) -> tensor<2x2xf64> {
  %one = theta.constant dense<1.0> : tensor<1x1xf64>
  %zero = theta.constant dense<0.0> : tensor<1x1xf64>
  %a = theta.mul %one, %x : (tensor<1x1xf64>, tensor<2x2xf64>) -> tensor<2x2xf64>
  %b = theta.div %a, %one : (tensor<2x2xf64>, tensor<1x1xf64>) -> tensor<2x2xf64>
  %c = theta.sub %b, %zero : (tensor<2x2xf64>, tensor<1x1xf64>) -> tensor<2x2xf64>
  %d = theta.pow %c, %one : (tensor<2x2xf64>, tensor<1x1xf64>) -> tensor<2x2xf64>
  return %d : tensor<2x2xf64>
}

// -----

// CHECK-LABEL: func @integer_identities
// CHECK-NEXT: return %arg0
func.func @integer_identities(%x: tensor<3xi32>) -> tensor<3xi32> {
  %one = theta.constant dense<1> : tensor<3xi32>
  %a = theta.mul %x, %one : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return %a : tensor<3xi32>
}

// -----

// CHECK-LABEL: func @double_negation
// CHECK-NEXT: return %arg0, %arg1
func.func @double_negation(%x: tensor<3xf32>, %b: tensor<3xi1>) -> (tensor<3xf32>, tensor<3xi1>) {
  %n = theta.neg %x : (tensor<3xf32>) -> tensor<3xf32>
  %nn = theta.neg %n : (tensor<3xf32>) -> tensor<3xf32>
  %m = theta.not %b : (tensor<3xi1>) -> tensor<3xi1>
  %mm = theta.not %m : (tensor<3xi1>) -> tensor<3xi1>
  return %nn, %mm : tensor<3xf32>, tensor<3xi1>
}

// -----

// CHECK-LABEL: func @add_of_neg
// CHECK-NEXT: %[[R:.*]] = theta.sub %arg0, %arg1
// CHECK-NEXT: %[[S:.*]] = theta.add %[[R]], %arg1
// CHECK-NEXT: return %[[S]]
func.func @add_of_neg(%x: tensor<3xf32>, %y: tensor<3xf32>) -> tensor<3xf32> {
  %n = theta.neg %y : (tensor<3xf32>) -> tensor<3xf32>
  %r = theta.add %n, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %s = theta.sub %r, %n : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %s : tensor<3xf32>
}

// -----

// CHECK-LABEL: func @dimshuffle_of_dimshuffle
// CHECK-NEXT: %[[R:.*]] = theta.dimshuffle %arg0 [x, 0, 1] : tensor<4x3xf32> -> tensor<1x4x3xf32>
// CHECK-NEXT: return %[[R]]
func.func @dimshuffle_of_dimshuffle(%x: tensor<4x3xf32>) -> tensor<1x4x3xf32> {
  %t = theta.dimshuffle %x [1, x, 0] : tensor<4x3xf32> -> tensor<3x1x4xf32>
  %u = theta.dimshuffle %t [1, 2, 0] : tensor<3x1x4xf32> -> tensor<1x4x3xf32>
  return %u : tensor<1x4x3xf32>
}

// -----

// CHECK-LABEL: func @dimshuffle_roundtrip_is_identity
// CHECK-NEXT: return %arg0
func.func @dimshuffle_roundtrip_is_identity(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  %t = theta.dimshuffle %x [1, 0] : tensor<4x3xf32> -> tensor<3x4xf32>
  %u = theta.dimshuffle %t [1, 0] : tensor<3x4xf32> -> tensor<4x3xf32>
  return %u : tensor<4x3xf32>
}

// -----

// CHECK-LABEL: func @reshape_of_reshape
// CHECK-NEXT: %[[R:.*]] = theta.reshape %arg0 [3, 4] : tensor<12xf32> -> tensor<3x4xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_of_reshape(%x: tensor<12xf32>) -> tensor<3x4xf32> {
  %a = theta.reshape %x [2, 6] : tensor<12xf32> -> tensor<2x6xf32>
  %b = theta.reshape %a [3, 4] : tensor<2x6xf32> -> tensor<3x4xf32>
  return %b : tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func @reshape_to_same_shape
// CHECK-NEXT: return %arg0
func.func @reshape_to_same_shape(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %a = theta.reshape %x [3, -1] : tensor<3x4xf32> -> tensor<3x4xf32>
  return %a : tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func @sum_over_nothing
// CHECK-NEXT: return %arg0
func.func @sum_over_nothing(%x: tensor<3x4xf32>) -> tensor<3x4xf32> {
  %a = theta.sum %x axes [] : (tensor<3x4xf32>) -> tensor<3x4xf32>
  %b = theta.max %a axes [] keepdims : (tensor<3x4xf32>) -> tensor<3x4xf32>
  return %b : tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func @cast_select_concat_shape
// CHECK-DAG: %[[S:.*]] = theta.constant dense<[3, 4]> : tensor<2xi64>
// CHECK: return %arg0, %arg0, %[[S]]
func.func @cast_select_concat_shape(%x: tensor<3x4xf32>, %y: tensor<3x4xf32>) -> (tensor<3x4xf32>, tensor<3x4xf32>, tensor<2xi64>) {
  %c = theta.cast %x : tensor<3x4xf32> to f32
  %t = theta.constant dense<true> : tensor<1x1xi1>
  %s = theta.select %t, %c, %y : (tensor<1x1xi1>, tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<3x4xf32>
  %k = theta.concatenate %s axis 0 : (tensor<3x4xf32>) -> tensor<3x4xf32>
  %sh = theta.shape %k : tensor<3x4xf32> -> tensor<2xi64>
  return %s, %k, %sh : tensor<3x4xf32>, tensor<3x4xf32>, tensor<2xi64>
}

// -----

// theta.print has a side effect: it survives even when its result is unused.
// CHECK-LABEL: func @print_is_kept
// CHECK: theta.print "x"
func.func @print_is_kept(%x: tensor<3xf32>) {
  %p = theta.print "x" %x : tensor<3xf32>
  return
}

// -----

// Common subexpressions are shared.
// CHECK-LABEL: func @cse
// CHECK-COUNT-1: theta.exp
// CHECK-NOT: theta.exp
func.func @cse(%x: tensor<3xf32>) -> tensor<3xf32> {
  %a = theta.exp %x : (tensor<3xf32>) -> tensor<3xf32>
  %b = theta.exp %x : (tensor<3xf32>) -> tensor<3xf32>
  %c = theta.add %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %c : tensor<3xf32>
}
