// RUN: theta-opt %s -split-input-file -verify-diagnostics --theta-autodiff

// What --theta-autodiff refuses, at the theta.grad that asked.

func.func @disconnected(%x: tensor<3xf32>, %u: tensor<2xf32>) -> tensor<2xf32> {
  %c = theta.sum %x : (tensor<3xf32>) -> tensor<f32>
  // expected-error @+1 {{'theta.grad' op grad was asked to compute the gradient with respect to wrt #1 (tensor<2xf32>), which is not part of the computational graph of the cost, or is used only by a non-differentiable operator; pass disconnected = "zero" to get a zero gradient}}
  %gx, %gu = theta.grad %c wrt %x, %u : tensor<f32>, tensor<3xf32>, tensor<2xf32>
  return %gu : tensor<2xf32>
}

// -----

// Only a comparison links x to the cost: no gradient flows through it.
func.func @through_comparison(%x: tensor<3xf32>) -> tensor<3xf32> {
  %zero = theta.constant dense<0.0> : tensor<1xf32>
  %p = theta.gt %x, %zero : (tensor<3xf32>, tensor<1xf32>) -> tensor<3xi1>
  %f = theta.cast %p : tensor<3xi1> to f32
  %c = theta.sum %f : (tensor<3xf32>) -> tensor<f32>
  // expected-error @+1 {{wrt #0 (tensor<3xf32>), which is not part of the computational graph of the cost}}
  %g = theta.grad %c wrt %x : tensor<f32>, tensor<3xf32>
  return %g : tensor<3xf32>
}

// -----

func.func @jacobian_dynamic(%x: tensor<?xf32>) -> tensor<?x?xf32> {
  %e = theta.exp %x : (tensor<?xf32>) -> tensor<?xf32>
  // expected-error @+1 {{'theta.jacobian' op needs an expression of static, non-empty shape to expand, got tensor<?xf32>}}
  %j = theta.jacobian %e wrt %x : (tensor<?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  return %j : tensor<?x?xf32>
}

// -----

func.func @concatenate_dynamic(%a: tensor<?xf32>, %b: tensor<2xf32>) -> tensor<?xf32> {
  // expected-error @+1 {{'theta.concatenate' op gradient needs the sizes along axis 0 to be static, got 'tensor<?xf32>'}}
  %j = theta.concatenate %a, %b axis 0 : (tensor<?xf32>, tensor<2xf32>) -> tensor<?xf32>
  %c = theta.sum %j : (tensor<?xf32>) -> tensor<f32>
  %g = theta.grad %c wrt %a : tensor<f32>, tensor<?xf32>
  return %g : tensor<?xf32>
}

// -----

// A while loop's step count is decided at run time: no gradient.
func.func @until(%h0: tensor<1xf32>) -> tensor<1xf32> {
  %n = theta.constant dense<10> : tensor<i64>
  // expected-error@+1 {{'theta.scan' op with an until condition cannot be differentiated: its step count is known only when it runs}}
  %r = theta.scan steps(%n : tensor<i64>) initial(%h0 : tensor<1xf32>)
         attributes {taps = [array<i64: -1>], until} -> (tensor<?xf32>) {
  ^bb0(%h: tensor<f32>):
    %s = theta.add %h, %h : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %stop = theta.gt %s, %h : (tensor<f32>, tensor<f32>) -> tensor<i1>
    theta.yield %s, %stop : tensor<f32>, tensor<i1>
  }
  %c = theta.sum %r : (tensor<?xf32>) -> tensor<f32>
  %g = theta.grad %c wrt %h0 : tensor<f32>, tensor<1xf32>
  return %g : tensor<1xf32>
}

// -----

// A declared result type may be more precise than the inferred one: each use
// of x (tensor<?xf32>) is valid alone, but one takes 4 elements and the
// other 5, so x's two gradient contributions cannot be summed. An error at
// the theta.grad, not an abort in the op builder.
func.func @inconsistent_uses(%x: tensor<?xf32>) -> tensor<?xf32> {
  %a = theta.exp %x : (tensor<?xf32>) -> tensor<4xf32>
  %b = theta.tanh %x : (tensor<?xf32>) -> tensor<5xf32>
  %sa = theta.sum %a : (tensor<4xf32>) -> tensor<f32>
  %sb = theta.sum %b : (tensor<5xf32>) -> tensor<f32>
  %c = theta.add %sa, %sb : (tensor<f32>, tensor<f32>) -> tensor<f32>
  // expected-error @+1 {{'theta.add' op operands do not broadcast: tensor<5xf32>, tensor<4xf32>: dimension 0 has sizes 5 and 4}}
  %g = theta.grad %c wrt %x : tensor<f32>, tensor<?xf32>
  return %g : tensor<?xf32>
}

// -----

// The same inside a scan's step: the error is at the scan, and the
// half-built backward scan is removed.
func.func @inconsistent_step(%x: tensor<2x3xf32>, %h0: tensor<1xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'theta.add' op operands do not broadcast: tensor<5xf32>, tensor<4xf32>}}
  %r = theta.scan sequences(%x : tensor<2x3xf32>) initial(%h0 : tensor<1xf32>)
         attributes {taps = [array<i64: -1>]} -> (tensor<2xf32>) {
  ^bb0(%xt: tensor<?xf32>, %acc: tensor<f32>):
    %a = theta.exp %xt : (tensor<?xf32>) -> tensor<4xf32>
    %b = theta.tanh %xt : (tensor<?xf32>) -> tensor<5xf32>
    %sa = theta.sum %a : (tensor<4xf32>) -> tensor<f32>
    %sb = theta.sum %b : (tensor<5xf32>) -> tensor<f32>
    %s1 = theta.add %acc, %sa : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %s = theta.add %s1, %sb : (tensor<f32>, tensor<f32>) -> tensor<f32>
    theta.yield %s : tensor<f32>
  }
  %c = theta.sum %r : (tensor<2xf32>) -> tensor<f32>
  %g = theta.grad %c wrt %x : tensor<f32>, tensor<2x3xf32>
  return %g : tensor<2x3xf32>
}
