// RUN: theta-opt %s | FileCheck %s
// RUN: theta-opt %s | theta-opt | FileCheck %s
// RUN: theta-opt -mlir-print-op-generic %s | theta-opt | FileCheck %s

// Every theta op, parsed, printed and parsed again.

// CHECK-LABEL: func @elementwise
func.func @elementwise(%a: tensor<4x1xf32>, %b: tensor<1x3xf32>, %i: tensor<3xi32>,
                       %c: tensor<4x3xi1>) -> tensor<4x3xf32> {
  // CHECK: theta.constant dense<1.500000e+00> : tensor<1x1xf32>
  %k = theta.constant dense<1.5> : tensor<1x1xf32>
  // CHECK: theta.add %{{.*}}, %{{.*}} : (tensor<4x1xf32>, tensor<1x3xf32>) -> tensor<4x3xf32>
  %0 = theta.add %a, %b : (tensor<4x1xf32>, tensor<1x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.sub
  %1 = theta.sub %0, %k : (tensor<4x3xf32>, tensor<1x1xf32>) -> tensor<4x3xf32>
  // CHECK: theta.mul
  %2 = theta.mul %1, %a : (tensor<4x3xf32>, tensor<4x1xf32>) -> tensor<4x3xf32>
  // CHECK: theta.div
  %3 = theta.div %2, %b : (tensor<4x3xf32>, tensor<1x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.pow
  %4 = theta.pow %3, %k : (tensor<4x3xf32>, tensor<1x1xf32>) -> tensor<4x3xf32>
  // CHECK: theta.maximum
  %5 = theta.maximum %4, %3 : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.minimum
  %6 = theta.minimum %5, %3 : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.neg
  %7 = theta.neg %6 : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.abs
  %8 = theta.abs %7 : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.sign
  %9 = theta.sign %8 : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.exp
  %10 = theta.exp %9 : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.log %
  %11 = theta.log %10 : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.log1p
  %12 = theta.log1p %11 : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.sqrt
  %13 = theta.sqrt %12 : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.tanh
  %14 = theta.tanh %13 : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.sigmoid
  %15 = theta.sigmoid %14 : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.softplus
  %16 = theta.softplus %15 : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.floor
  %17 = theta.floor %16 : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.iota [4, 3] : f32 -> tensor<4x3xf32>
  %iota = theta.iota [4, 3] : f32 -> tensor<4x3xf32>
  // CHECK: theta.sin
  %sin = theta.sin %17 : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.acos
  %acos = theta.acos %sin : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.erfinv
  %erfinv = theta.erfinv %acos : (tensor<4x3xf32>) -> tensor<4x3xf32>
  // CHECK: theta.isinf {{.*}} -> tensor<4x3xi1>
  %isinf = theta.isinf %erfinv : (tensor<4x3xf32>) -> tensor<4x3xi1>
  // CHECK: theta.gt {{.*}} -> tensor<4x3xi1>
  %g = theta.gt %17, %0 : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xi1>
  // CHECK: theta.ge
  %ge = theta.ge %17, %0 : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xi1>
  // CHECK: theta.lt
  %lt = theta.lt %17, %0 : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xi1>
  // CHECK: theta.le
  %le = theta.le %17, %0 : (tensor<4x3xf32>, tensor<4x3xf32>) -> tensor<4x3xi1>
  // CHECK: theta.eq
  %eq = theta.eq %i, %i : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi1>
  // CHECK: theta.ne
  %ne = theta.ne %g, %c : (tensor<4x3xi1>, tensor<4x3xi1>) -> tensor<4x3xi1>
  // CHECK: theta.and
  %and = theta.and %g, %ge : (tensor<4x3xi1>, tensor<4x3xi1>) -> tensor<4x3xi1>
  // CHECK: theta.or
  %or = theta.or %and, %lt : (tensor<4x3xi1>, tensor<4x3xi1>) -> tensor<4x3xi1>
  // CHECK: theta.not
  %not = theta.not %or : (tensor<4x3xi1>) -> tensor<4x3xi1>
  // CHECK: theta.select %{{.*}}, %{{.*}}, %{{.*}} : (tensor<4x3xi1>, tensor<4x3xf32>, tensor<1x1xf32>) -> tensor<4x3xf32>
  %sel = theta.select %not, %17, %k : (tensor<4x3xi1>, tensor<4x3xf32>, tensor<1x1xf32>) -> tensor<4x3xf32>
  // CHECK: theta.cast %{{.*}} : tensor<4x3xf32> to i32
  %cast = theta.cast %sel : tensor<4x3xf32> to i32
  // CHECK: theta.cast %{{.*}} : tensor<4x3xi32> to f32
  %back = theta.cast %cast : tensor<4x3xi32> to f32
  return %back : tensor<4x3xf32>
}

// CHECK-LABEL: func @products_and_reductions
func.func @products_and_reductions(%m: tensor<8x4xf32>, %n: tensor<4x2xf32>,
                                   %v: tensor<4xf32>, %b1: tensor<5x8x4xf64>,
                                   %b2: tensor<5x4x3xf64>, %d: tensor<?x4xf32>)
    -> (tensor<f32>, tensor<8x2xf32>, tensor<8xf32>, tensor<2xf32>, tensor<5x8x3xf64>) {
  // CHECK: theta.dot {{.*}} : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  %vv = theta.dot %v, %v : (tensor<4xf32>, tensor<4xf32>) -> tensor<f32>
  // CHECK: theta.dot {{.*}} -> tensor<8x2xf32>
  %mm = theta.dot %m, %n : (tensor<8x4xf32>, tensor<4x2xf32>) -> tensor<8x2xf32>
  // CHECK: theta.dot {{.*}} -> tensor<8xf32>
  %mv = theta.dot %m, %v : (tensor<8x4xf32>, tensor<4xf32>) -> tensor<8xf32>
  // CHECK: theta.dot {{.*}} -> tensor<2xf32>
  %vm = theta.dot %v, %n : (tensor<4xf32>, tensor<4x2xf32>) -> tensor<2xf32>
  // CHECK: theta.dot {{.*}} -> tensor<5x8x3xf64>
  %bb = theta.dot %b1, %b2 : (tensor<5x8x4xf64>, tensor<5x4x3xf64>) -> tensor<5x8x3xf64>
  // CHECK: theta.sum %{{.*}} axes [1] keepdims : (tensor<8x4xf32>) -> tensor<8x1xf32>
  %s = theta.sum %m axes [1] keepdims : (tensor<8x4xf32>) -> tensor<8x1xf32>
  // CHECK: theta.prod %{{.*}} axes [-1] : (tensor<8x4xf32>) -> tensor<8xf32>
  %p = theta.prod %m axes [-1] : (tensor<8x4xf32>) -> tensor<8xf32>
  // CHECK: theta.max %{{.*}} : (tensor<8x4xf32>) -> tensor<f32>
  %mx = theta.max %m : (tensor<8x4xf32>) -> tensor<f32>
  // CHECK: theta.min %{{.*}} axes [0] : (tensor<?x4xf32>) -> tensor<4xf32>
  %mn = theta.min %d axes [0] : (tensor<?x4xf32>) -> tensor<4xf32>
  // CHECK: theta.mean %{{.*}} axes [0, 1] : (tensor<5x8x4xf64>) -> tensor<4xf64>
  %me = theta.mean %b1 axes [0, 1] : (tensor<5x8x4xf64>) -> tensor<4xf64>
  // CHECK: theta.argmax %{{.*}} axes [1] : (tensor<?x4xf32>) -> tensor<?xi64>
  %am = theta.argmax %d axes [1] : (tensor<?x4xf32>) -> tensor<?xi64>
  return %vv, %mm, %mv, %vm, %bb : tensor<f32>, tensor<8x2xf32>, tensor<8xf32>, tensor<2xf32>, tensor<5x8x3xf64>
}

// CHECK-LABEL: func @shapes
func.func @shapes(%x: tensor<6xf32>, %y: tensor<?xf32>, %n: tensor<i64>,
                  %m: tensor<4x3xf32>, %t: tensor<8x3x4x4xf32>, %w: tensor<2x3xf32>) {
  // CHECK: theta.reshape %{{.*}} [2, -1] : tensor<6xf32> -> tensor<2x3xf32>
  %r0 = theta.reshape %x [2, -1] : tensor<6xf32> -> tensor<2x3xf32>
  // CHECK: theta.reshape %{{.*}} [%{{.*}} : tensor<i64>, 3] : tensor<?xf32> -> tensor<?x3xf32>
  %r1 = theta.reshape %y [%n : tensor<i64>, 3] : tensor<?xf32> -> tensor<?x3xf32>
  // CHECK: theta.dimshuffle %{{.*}} [1, x, 0] : tensor<4x3xf32> -> tensor<3x1x4xf32>
  %d0 = theta.dimshuffle %m [1, x, 0] : tensor<4x3xf32> -> tensor<3x1x4xf32>
  // CHECK: theta.dimshuffle %{{.*}} [0, 2] : tensor<3x1x4xf32> -> tensor<3x4xf32>
  %d1 = theta.dimshuffle %d0 [0, 2] : tensor<3x1x4xf32> -> tensor<3x4xf32>
  // CHECK: theta.flatten %{{.*}} ndim 2 : tensor<8x3x4x4xf32> -> tensor<8x48xf32>
  %f = theta.flatten %t ndim 2 : tensor<8x3x4x4xf32> -> tensor<8x48xf32>
  // CHECK: theta.concatenate %{{.*}}, %{{.*}} axis 0 : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<6x3xf32>
  %c = theta.concatenate %m, %w axis 0 : (tensor<4x3xf32>, tensor<2x3xf32>) -> tensor<6x3xf32>
  // CHECK: theta.shape %{{.*}} : tensor<?xf32> -> tensor<1xi64>
  %s = theta.shape %y : tensor<?xf32> -> tensor<1xi64>
  return
}

// CHECK-LABEL: func @indexing
func.func @indexing(%X: tensor<1000x784xf32>, %idx: tensor<i64>, %v: tensor<5xf32>,
                    %e: tensor<f32>, %ids: tensor<8xi64>, %i32: tensor<i32>,
                    %E: tensor<3x0xf32>) {
  // CHECK: theta.subtensor %{{.*}}[%{{.*}} : tensor<i64>, 0] sizes [16, -1] steps [1, 1] : tensor<1000x784xf32> -> tensor<16x784xf32>
  %b = theta.subtensor %X[%idx : tensor<i64>, 0] sizes [16, -1] steps [1, 1] : tensor<1000x784xf32> -> tensor<16x784xf32>
  // CHECK: theta.subtensor %{{.*}}[2, -4] sizes [1, 2] steps [1, 2] drop [0] : tensor<1000x784xf32> -> tensor<2xf32>
  %r = theta.subtensor %X[2, -4] sizes [1, 2] steps [1, 2] drop [0] : tensor<1000x784xf32> -> tensor<2xf32>
  // Empty slices at a dimension's end, as NumPy: x[:, :] of a (3, 0) matrix
  // and x[:, 784:].
  // CHECK: theta.subtensor %{{.*}}[0, 0] sizes [-1, -1] steps [1, 1] : tensor<3x0xf32> -> tensor<3x0xf32>
  %e0 = theta.subtensor %E[0, 0] sizes [-1, -1] steps [1, 1] : tensor<3x0xf32> -> tensor<3x0xf32>
  // CHECK: theta.subtensor %{{.*}}[0, 784] sizes [-1, 0] steps [1, 1] : tensor<1000x784xf32> -> tensor<1000x0xf32>
  %e1 = theta.subtensor %X[0, 784] sizes [-1, 0] steps [1, 1] : tensor<1000x784xf32> -> tensor<1000x0xf32>
  // CHECK: theta.subtensor %{{.*}}[1] sizes [-1] steps [2] : tensor<5xf32> -> tensor<2xf32>
  %odd = theta.subtensor %v[1] sizes [-1] steps [2] : tensor<5xf32> -> tensor<2xf32>
  // CHECK: theta.set_subtensor %{{.*}}[%{{.*}} : tensor<i32>] sizes [1] steps [1] drop [0], %{{.*}} : (tensor<5xf32>, tensor<f32>) -> tensor<5xf32>
  %s = theta.set_subtensor %v[%i32 : tensor<i32>] sizes [1] steps [1] drop [0], %e : (tensor<5xf32>, tensor<f32>) -> tensor<5xf32>
  // CHECK: theta.inc_subtensor %{{.*}}[1] sizes [2] steps [2], %{{.*}} : (tensor<5xf32>, tensor<2xf32>) -> tensor<5xf32>
  %i = theta.inc_subtensor %s[1] sizes [2] steps [2], %odd : (tensor<5xf32>, tensor<2xf32>) -> tensor<5xf32>
  // CHECK: theta.take %{{.*}}, %{{.*}} axis 0 : (tensor<1000x784xf32>, tensor<8xi64>) -> tensor<8x784xf32>
  %t = theta.take %X, %ids axis 0 : (tensor<1000x784xf32>, tensor<8xi64>) -> tensor<8x784xf32>
  return
}

// CHECK-LABEL: func @creation
func.func @creation(%v: tensor<3xf32>, %n: tensor<i64>, %x: tensor<4x3xf32>, %s: tensor<f64>) {
  // CHECK: theta.alloc %{{.*}} [%{{.*}} : tensor<i64>, 3] : tensor<3xf32> -> tensor<?x3xf32>
  %a = theta.alloc %v [%n : tensor<i64>, 3] : tensor<3xf32> -> tensor<?x3xf32>
  // CHECK: theta.zeros [2, 3] : f32 -> tensor<2x3xf32>
  %z = theta.zeros [2, 3] : f32 -> tensor<2x3xf32>
  // CHECK: theta.ones [%{{.*}} : tensor<i64>] : i64 -> tensor<?xi64>
  %o = theta.ones [%n : tensor<i64>] : i64 -> tensor<?xi64>
  // CHECK: theta.fill %{{.*}}, %{{.*}} : (tensor<4x3xf32>, tensor<f64>) -> tensor<4x3xf64>
  %f = theta.fill %x, %s : (tensor<4x3xf32>, tensor<f64>) -> tensor<4x3xf64>
  return
}

// CHECK-LABEL: func @grad_and_print
func.func @grad_and_print(%w: tensor<3x2xf32>, %b: tensor<2xf32>, %x: tensor<3xf32>) -> (tensor<3x2xf32>, tensor<2xf32>) {
  %h = theta.dot %x, %w : (tensor<3xf32>, tensor<3x2xf32>) -> tensor<2xf32>
  %y = theta.add %h, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  // CHECK: theta.print "y" %{{.*}} {attrs = ["__str__", "shape"]} : tensor<2xf32>
  %p = theta.print "y" %y {attrs = ["__str__", "shape"]} : tensor<2xf32>
  %cost = theta.sum %p : (tensor<2xf32>) -> tensor<f32>
  // CHECK: theta.grad %{{.*}} wrt %{{.*}}, %{{.*}} : tensor<f32>, tensor<3x2xf32>, tensor<2xf32>
  %gw, %gb = theta.grad %cost wrt %w, %b : tensor<f32>, tensor<3x2xf32>, tensor<2xf32>
  // CHECK: theta.grad %{{.*}} wrt %{{.*}} constant(%{{.*}} : tensor<2xf32>) {disconnected = "zero"} : tensor<f32>, tensor<3xf32>
  %gx = theta.grad %cost wrt %x constant(%h : tensor<2xf32>) {disconnected = "zero"} : tensor<f32>, tensor<3xf32>
  // CHECK: theta.grad %{{.*}} seed %{{.*}} : tensor<2xf32> wrt %{{.*}} : tensor<2xf32>, tensor<3xf32>
  %vjp = theta.grad %y seed %b : tensor<2xf32> wrt %x : tensor<2xf32>, tensor<3xf32>
  // CHECK: theta.jacobian %{{.*}} wrt %{{.*}} : (tensor<2xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %j = theta.jacobian %y wrt %x : (tensor<2xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  // CHECK: theta.stop_gradient %{{.*}} : tensor<2xf32>
  %s = theta.stop_gradient %y : tensor<2xf32>
  return %gw, %gb : tensor<3x2xf32>, tensor<2xf32>
}

// CHECK-LABEL: func @index_add
func.func @index_add(%w: tensor<100x16xf32>, %ids: tensor<2x4xi64>, %g: tensor<2x4x16xf32>) -> tensor<100x16xf32> {
  // CHECK: theta.index_add %{{.*}}[%{{.*}}], %{{.*}} axis 0 : (tensor<100x16xf32>, tensor<2x4xi64>, tensor<2x4x16xf32>) -> tensor<100x16xf32>
  %r = theta.index_add %w[%ids], %g axis 0 : (tensor<100x16xf32>, tensor<2x4xi64>, tensor<2x4x16xf32>) -> tensor<100x16xf32>
  return %r : tensor<100x16xf32>
}
