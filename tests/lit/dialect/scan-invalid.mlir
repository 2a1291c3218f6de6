// RUN: theta-opt %s -split-input-file -verify-diagnostics

// Invalid forms of theta.scan.

func.func @f(%x: tensor<5xf32>, %h: tensor<f32>) {
  // expected-error @+2 {{the initial value of state #0 (tensor<f32>) needs a leading axis of 1 past values for taps down to -1}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.scan sequences(%x : tensor<5xf32>) initial(%h : tensor<f32>) attributes {taps = [array<i64: -1>]} -> (tensor<5xf32>) {
  ^bb0(%xt: tensor<f32>, %p: tensor<f32>):
    theta.yield %xt : tensor<f32>
  }
  return
}

// -----

func.func @f(%x: tensor<5xf32>, %y: tensor<4xf32>) {
  // expected-error @+2 {{sequences have different lengths: 5 and 4 (sequence #1, tensor<4xf32>)}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.scan sequences(%x, %y : tensor<5xf32>, tensor<4xf32>) attributes {taps = []} -> (tensor<5xf32>) {
  ^bb0(%a: tensor<f32>, %b: tensor<f32>):
    theta.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @f(%h: tensor<1xf32>) {
  // expected-error @+2 {{needs n_steps or at least one sequence to know how many steps to run}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.scan initial(%h : tensor<1xf32>) attributes {taps = [array<i64: -1>]} -> (tensor<?xf32>) {
  ^bb0(%p: tensor<f32>):
    theta.yield %p : tensor<f32>
  }
  return
}

// -----

func.func @f(%x: tensor<5xf32>, %h: tensor<2xf32>) {
  // expected-error @+2 {{taps of state #0 must be negative and strictly increasing, got -2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.scan sequences(%x : tensor<5xf32>) initial(%h : tensor<2xf32>) attributes {taps = [array<i64: -1, -2>]} -> (tensor<5xf32>) {
  ^bb0(%xt: tensor<f32>, %a: tensor<f32>, %b: tensor<f32>):
    theta.yield %a : tensor<f32>
  }
  return
}

// -----

func.func @f(%x: tensor<5xf32>, %h: tensor<1x3xf32>) {
  // expected-error @+1 {{state #0 is tensor<3xf32> but the body yields tensor<4xf32> for its next value}}
  %r = theta.scan sequences(%x : tensor<5xf32>) initial(%h : tensor<1x3xf32>) attributes {taps = [array<i64: -1>]} -> (tensor<5x3xf32>) {
  ^bb0(%xt: tensor<f32>, %p: tensor<3xf32>):
    %z = theta.zeros [4] : f32 -> tensor<4xf32>
    theta.yield %z : tensor<4xf32>
  }
  return
}

// -----

func.func @f(%x: tensor<5xf32>, %h: tensor<1xf32>) {
  // expected-error @+1 {{body takes (tensor<f32>) but the sequences' slices, state taps and non-sequences are (tensor<f32>, tensor<f32>)}}
  %r = theta.scan sequences(%x : tensor<5xf32>) initial(%h : tensor<1xf32>) attributes {taps = [array<i64: -1>]} -> (tensor<5xf32>) {
  ^bb0(%xt: tensor<f32>):
    theta.yield %xt : tensor<f32>
  }
  return
}

// -----

func.func @f(%x: tensor<5xf32>, %h: tensor<1xf32>) {
  // expected-error @+1 {{until condition must be a rank-0 i1 tensor, got tensor<f32>}}
  %r = theta.scan sequences(%x : tensor<5xf32>) initial(%h : tensor<1xf32>) attributes {taps = [array<i64: -1>], until} -> (tensor<?xf32>) {
  ^bb0(%xt: tensor<f32>, %p: tensor<f32>):
    theta.yield %p, %xt : tensor<f32>, tensor<f32>
  }
  return
}

// -----

func.func @f(%x: tensor<5xf32>, %h: tensor<1xf32>, %w: tensor<f32>) {
  // expected-note @+1 {{required by region isolation constraints}}
  %r = theta.scan sequences(%x : tensor<5xf32>) initial(%h : tensor<1xf32>) attributes {taps = [array<i64: -1>]} -> (tensor<5xf32>) {
  ^bb0(%xt: tensor<f32>, %p: tensor<f32>):
    // expected-error @+1 {{using value defined outside the region}}
    %s = theta.add %p, %w : (tensor<f32>, tensor<f32>) -> tensor<f32>
    theta.yield %s : tensor<f32>
  }
  return
}
