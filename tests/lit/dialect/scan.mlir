// RUN: theta-opt %s | theta-opt | FileCheck %s
// RUN: theta-opt %s --theta-refine-types | FileCheck %s --check-prefix=REFINE

// theta.scan round-trips, and its result types follow the step count and
// the state shapes.

// The seed's accumulator: acc[t] = acc[t-1] + x[t] * n.
// CHECK-LABEL: func.func @accumulate
// CHECK: theta.scan sequences(%{{.*}} : tensor<5xf32>) initial(%{{.*}} : tensor<1xf32>) non_sequences(%{{.*}} : tensor<f32>) attributes {taps = [array<i64: -1>]} -> (tensor<5xf32>) {
// CHECK-NEXT: ^bb0(%[[X:.*]]: tensor<f32>, %[[ACC:.*]]: tensor<f32>, %[[N:.*]]: tensor<f32>):
// CHECK: theta.yield %{{.*}} : tensor<f32>
func.func @accumulate(%x: tensor<5xf32>, %zero: tensor<1xf32>, %n: tensor<f32>) -> (tensor<5xf32>) {
  %r = theta.scan sequences(%x : tensor<5xf32>) initial(%zero : tensor<1xf32>)
         non_sequences(%n : tensor<f32>) attributes {taps = [array<i64: -1>]} -> (tensor<5xf32>) {
  ^bb0(%xt: tensor<f32>, %acc: tensor<f32>, %nn: tensor<f32>):
    %p = theta.mul %xt, %nn : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %s = theta.add %acc, %p : (tensor<f32>, tensor<f32>) -> tensor<f32>
    theta.yield %s : tensor<f32>
  }
  return %r : tensor<5xf32>
}

// Fibonacci with taps -2 and -1, an output without feedback and n_steps.
// CHECK-LABEL: func.func @fibonacci
// CHECK: theta.scan steps(%{{.*}} : tensor<i64>) initial(%{{.*}} : tensor<2xi64>) attributes {taps = [array<i64: -2, -1>]} -> (tensor<?xi64>, tensor<?xi1>)
// REFINE-LABEL: func.func @fibonacci
// REFINE: -> (tensor<10xi64>, tensor<10xi1>)
func.func @fibonacci(%first: tensor<2xi64>) -> (tensor<?xi64>, tensor<?xi1>) {
  %n = theta.constant dense<10> : tensor<i64>
  %r:2 = theta.scan steps(%n : tensor<i64>) initial(%first : tensor<2xi64>)
           attributes {taps = [array<i64: -2, -1>]} -> (tensor<?xi64>, tensor<?xi1>) {
  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
    %s = theta.add %a, %b : (tensor<i64>, tensor<i64>) -> tensor<i64>
    %big = theta.gt %s, %b : (tensor<i64>, tensor<i64>) -> tensor<i1>
    theta.yield %s, %big : tensor<i64>, tensor<i1>
  }
  return %r#0, %r#1 : tensor<?xi64>, tensor<?xi1>
}

// A while loop: doubles until the value exceeds a limit; the step count is
// known only at run time. Dynamic shapes refine from the operands.
// CHECK-LABEL: func.func @until
// CHECK: attributes {taps = [array<i64: -1>], until}
// REFINE-LABEL: func.func @until
// REFINE: -> (tensor<?x3xf32>)
// REFINE-NEXT: ^bb0(%{{.*}}: tensor<3xf32>, %{{.*}}: tensor<f32>):
func.func @until(%x0: tensor<1x3xf32>, %limit: tensor<f32>) -> tensor<?x?xf32> {
  %n = theta.constant dense<100> : tensor<i64>
  %r = theta.scan steps(%n : tensor<i64>) initial(%x0 : tensor<1x3xf32>)
         non_sequences(%limit : tensor<f32>) attributes {taps = [array<i64: -1>], until}
         -> (tensor<?x?xf32>) {
  ^bb0(%x: tensor<?xf32>, %l: tensor<f32>):
    %two = theta.constant dense<2.0> : tensor<1xf32>
    %y = theta.mul %x, %two : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32>
    %m = theta.max %y : (tensor<?xf32>) -> tensor<f32>
    %stop = theta.gt %m, %l : (tensor<f32>, tensor<f32>) -> tensor<i1>
    theta.yield %y, %stop : tensor<?xf32>, tensor<i1>
  }
  return %r : tensor<?x?xf32>
}
