// RUN: theta-opt %s -split-input-file -verify-diagnostics --theta-to-linalg

// What --theta-to-linalg refuses, with the reason and the way out.

func.func @grad_not_expanded(%w: tensor<3xf32>) -> tensor<3xf32> {
  %c = theta.sum %w : (tensor<3xf32>) -> tensor<f32>
  // expected-error @+1 {{'theta.grad' op must be expanded by --theta-autodiff before lowering}}
  %g = theta.grad %c wrt %w : tensor<f32>, tensor<3xf32>
  return %g : tensor<3xf32>
}

// -----

func.func @dynamic_operand(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{'theta.exp' op needs static shapes to lower, got 'tensor<?x4xf32>'; specialize the arguments and run --theta-refine-types first}}
  %0 = theta.exp %x : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

// Static operands, dynamic result: the result type is checked too.
func.func @dynamic_result(%x: tensor<6xf32>, %n: tensor<i64>) -> tensor<?x3xf32> {
  // expected-error @+1 {{'theta.reshape' op needs static shapes to lower, got 'tensor<?x3xf32>'}}
  %r = theta.reshape %x [%n : tensor<i64>, 3] : tensor<6xf32> -> tensor<?x3xf32>
  return %r : tensor<?x3xf32>
}

// -----

// The first problem is reported, before anything is rewritten: the
// unexpanded theta.grad after it would be a second error.
func.func @first_problem_only(%x: tensor<2xf32>, %y: tensor<?xf32>) -> tensor<2xf32> {
  %e = theta.exp %x : (tensor<2xf32>) -> tensor<2xf32>
  // expected-error @+1 {{'theta.exp' op needs static shapes to lower, got 'tensor<?xf32>'}}
  %d = theta.exp %y : (tensor<?xf32>) -> tensor<?xf32>
  %c = theta.sum %e : (tensor<2xf32>) -> tensor<f32>
  %g = theta.grad %c wrt %x : tensor<f32>, tensor<2xf32>
  return %g : tensor<2xf32>
}
