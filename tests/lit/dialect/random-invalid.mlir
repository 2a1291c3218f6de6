// RUN: theta-opt %s -split-input-file -verify-diagnostics

// Invalid forms of theta.random.

func.func @f(%key: tensor<i64>, %counter: tensor<i64>) {
  // expected-error @+2 {{distribution must be "uniform" or "normal", got "poisson"}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.random "poisson" %key, %counter [2] : f32 -> tensor<2xf32>
  return
}

// -----

func.func @f(%key: tensor<i64>, %counter: tensor<i64>) {
  // expected-error @+1 {{attribute 'dtype' failed to satisfy constraint}}
  %r = theta.random "uniform" %key, %counter [2] : i32 -> tensor<2xi32>
  return
}

// -----

func.func @f(%key: tensor<i64>, %counter: tensor<i64>) {
  // expected-error @+2 {{size -3 in dimension 1 is negative}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.random "uniform" %key, %counter [2, -3] : f32 -> tensor<2x?xf32>
  return
}

// -----

func.func @f(%key: tensor<i64>, %counter: tensor<i64>) {
  // expected-error @+2 {{inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<2x4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.random "uniform" %key, %counter [2, 3] : f32 -> tensor<2x4xf32>
  return
}

// -----

func.func @f(%key: tensor<i32>, %counter: tensor<i64>) {
  // expected-error @+1 {{operand #0 must be 0D tensor of 64-bit signless integer values}}
  %r = "theta.random"(%key, %counter) {distribution = "uniform", static_shape = array<i64: 2>, dtype = f32} : (tensor<i32>, tensor<i64>) -> tensor<2xf32>
  return
}
