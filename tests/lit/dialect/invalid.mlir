// RUN: theta-opt %s -split-input-file -verify-diagnostics

// One invalid form per theta op; each diagnostic names the op, the types and the reason.

func.func @f(%a: tensor<3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{operands do not broadcast: tensor<3xf32>, tensor<4xf32>: dimension 0 has sizes 3 and 4}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.add %a, %b : (tensor<3xf32>, tensor<4xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @f(%a: tensor<3xf32>, %b: tensor<3x1xf32>) {
  // expected-error @+2 {{ranks differ (1 vs 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.sub %a, %b : (tensor<3xf32>, tensor<3x1xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @f(%a: tensor<3xf32>, %b: tensor<3xf64>) {
  // expected-error @+2 {{operands must have the same element type, got tensor<3xf32>, tensor<3xf64>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.mul %a, %b : (tensor<3xf32>, tensor<3xf64>) -> tensor<3xf32>
  return
}

// -----

func.func @f(%a: tensor<3xi1>, %b: tensor<3xi1>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float or 8-bit signless integer or 8-bit unsigned integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer values}}
  %r = theta.div %a, %b : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  return
}

// -----

func.func @f(%a: tensor<3xi32>, %b: tensor<3xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float values}}
  %r = theta.pow %a, %b : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
  return
}

// -----

func.func @f(%a: tensor<2x3xf32>, %b: tensor<2x1xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<2x1xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.maximum %a, %b : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x1xf32>
  return
}

// -----

func.func @f(%a: tensor<2xf32>, %b: tensor<5xf32>) {
  // expected-error @+2 {{dimension 0 has sizes 2 and 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.minimum %a, %b : (tensor<2xf32>, tensor<5xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @f(%a: tensor<3xf32>, %b: tensor<3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<3xi1>' are incompatible}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.gt %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @f(%a: tensor<3xi1>, %b: tensor<3xi1>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float or 8-bit signless integer or 8-bit unsigned integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer values}}
  %r = theta.ge %a, %b : (tensor<3xi1>, tensor<3xi1>) -> tensor<3xi1>
  return
}

// -----

func.func @f(%a: tensor<3xf32>, %b: tensor<2xf32>) {
  // expected-error @+2 {{operands do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.lt %a, %b : (tensor<3xf32>, tensor<2xf32>) -> tensor<3xi1>
  return
}

// -----

func.func @f(%a: tensor<3xf32>, %b: tensor<3xi32>) {
  // expected-error @+2 {{operands must have the same element type}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.le %a, %b : (tensor<3xf32>, tensor<3xi32>) -> tensor<3xi1>
  return
}

// -----

func.func @f(%a: tensor<3xf32>, %b: tensor<3xf64>) {
  // expected-error @+2 {{operands must have the same element type}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.eq %a, %b : (tensor<3xf32>, tensor<3xf64>) -> tensor<3xi1>
  return
}

// -----

func.func @f(%a: tensor<3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{operands do not broadcast}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.ne %a, %b : (tensor<3xf32>, tensor<4xf32>) -> tensor<3xi1>
  return
}

// -----

func.func @f(%a: tensor<3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values}}
  %r = theta.and %a, %b : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @f(%a: tensor<3xi32>, %b: tensor<3xi1>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values}}
  %r = theta.or %a, %b : (tensor<3xi32>, tensor<3xi1>) -> tensor<3xi1>
  return
}

// -----

func.func @f(%c: tensor<3xf32>, %a: tensor<3xf32>, %b: tensor<3xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values}}
  %r = theta.select %c, %a, %b : (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @f(%c: tensor<3xi1>, %a: tensor<3xf32>, %b: tensor<3xf64>) {
  // expected-error @+2 {{operands must have the same element type, got tensor<3xi1>, tensor<3xf32>, tensor<3xf64>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.select %c, %a, %b : (tensor<3xi1>, tensor<3xf32>, tensor<3xf64>) -> tensor<3xf32>
  return
}

// -----

func.func @f(%a: tensor<3xi1>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float or 8-bit signless integer or 8-bit unsigned integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer values}}
  %r = theta.neg %a : (tensor<3xi1>) -> tensor<3xi1>
  return
}

// -----

func.func @f(%a: tensor<3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<3xf32>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.abs %a : (tensor<3xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%a: tensor<3xi1>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float or 8-bit signless integer or 8-bit unsigned integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer values}}
  %r = theta.sign %a : (tensor<3xi1>) -> tensor<3xi1>
  return
}

// -----

func.func @f(%a: tensor<3xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float values}}
  %r = theta.exp %a : (tensor<3xi32>) -> tensor<3xi32>
  return
}

// -----

func.func @f(%a: tensor<3xi64>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float values}}
  %r = theta.log %a : (tensor<3xi64>) -> tensor<3xi64>
  return
}

// -----

func.func @f(%a: tensor<3xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float values}}
  %r = theta.log1p %a : (tensor<3xi32>) -> tensor<3xi32>
  return
}

// -----

func.func @f(%a: tensor<3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<3xf32>' are incompatible}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.sqrt %a : (tensor<3xf32>) -> tensor<3xf64>
  return
}

// -----

func.func @f(%a: tensor<3xi1>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float values}}
  %r = theta.tanh %a : (tensor<3xi1>) -> tensor<3xi1>
  return
}

// -----

func.func @f(%a: tensor<3xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float values}}
  %r = theta.sigmoid %a : (tensor<3xi32>) -> tensor<3xi32>
  return
}

// -----

func.func @f(%a: tensor<3xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float values}}
  %r = theta.softplus %a : (tensor<3xi32>) -> tensor<3xi32>
  return
}

// -----

func.func @f(%a: tensor<3xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float values}}
  %r = theta.floor %a : (tensor<3xi32>) -> tensor<3xi32>
  return
}

// -----

func.func @f(%a: tensor<3xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 1-bit signless integer values}}
  %r = theta.not %a : (tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @f(%a: tensor<3xf32>) {
  // expected-error @+1 {{attribute 'dtype' failed to satisfy constraint}}
  %r = theta.cast %a : tensor<3xf32> to ui16
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>, %b: tensor<4x2xf32>) {
  // expected-error @+2 {{contracted dimensions differ (3 vs 4) for tensor<4x3xf32> and tensor<4x2xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.dot %a, %b : (tensor<4x3xf32>, tensor<4x2xf32>) -> tensor<4x2xf32>
  return
}

// -----

func.func @f(%a: tensor<2x4x3xf32>, %b: tensor<3x3xf32>) {
  // expected-error @+2 {{supports vector/matrix operands and rank-3 batches, got tensor<2x4x3xf32> and tensor<3x3xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.dot %a, %b : (tensor<2x4x3xf32>, tensor<3x3xf32>) -> tensor<2x4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<2x4x3xf32>, %b: tensor<5x3x2xf32>) {
  // expected-error @+2 {{batched product needs equal batch sizes}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.dot %a, %b : (tensor<2x4x3xf32>, tensor<5x3x2xf32>) -> tensor<2x4x2xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>) {
  // expected-error @+2 {{axis 2 is out of range for tensor<4x3xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.sum %a axes [2] : (tensor<4x3xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>) {
  // expected-error @+2 {{axis -1 is listed twice}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.prod %a axes [1, -1] : (tensor<4x3xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<1x3xf32>' are incompatible}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.max %a axes [0] keepdims : (tensor<4x3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>) {
  // expected-error @+2 {{axis -3 is out of range}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.min %a axes [-3] : (tensor<4x3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float values}}
  %r = theta.mean %a : (tensor<4x3xi32>) -> tensor<i32>
  return
}

// -----

func.func @f(%a: tensor<4x3x2xf32>) {
  // expected-error @+2 {{reduces one axis or all of them, got [0, 1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.argmax %a axes [0, 1] : (tensor<4x3x2xf32>) -> tensor<2xi64>
  return
}

// -----

func.func @f(%a: tensor<6xf32>) {
  // expected-error @+2 {{cannot reshape tensor<6xf32> (6 elements) to [4, -1]}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.reshape %a [4, -1] : tensor<6xf32> -> tensor<4x1xf32>
  return
}

// -----

func.func @f(%a: tensor<6xf32>) {
  // expected-error @+2 {{can infer at most one size (-1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.reshape %a [-1, -1] : tensor<6xf32> -> tensor<?x?xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>) {
  // expected-error @+2 {{drops dimension 0 of tensor<4x3xf32>, which is not broadcastable (static size 1)}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.dimshuffle %a [1] : tensor<4x3xf32> -> tensor<3xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>) {
  // expected-error @+2 {{pattern uses dimension 1 twice}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.dimshuffle %a [1, 1] : tensor<4x3xf32> -> tensor<3x3xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>) {
  // expected-error @+2 {{pattern entry 2 is not a dimension of tensor<4x3xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.dimshuffle %a [0, 2] : tensor<4x3xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>) {
  // expected-error @+2 {{ndim 3 must be between 1 and the rank of tensor<4x3xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.flatten %a ndim 3 : tensor<4x3xf32> -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>, %b: tensor<4x2xf32>) {
  // expected-error @+2 {{inputs differ in dimension 1 (tensor<4x3xf32> and tensor<4x2xf32>)}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.concatenate %a, %b axis 0 : (tensor<4x3xf32>, tensor<4x2xf32>) -> tensor<8x3xf32>
  return
}

// -----

func.func @f(%a: tensor<4x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+2 {{inputs must share rank and element type}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.concatenate %a, %b axis 0 : (tensor<4x3xf32>, tensor<4xf32>) -> tensor<8x3xf32>
  return
}

// -----

func.func @f(%a: tensor<5xf32>) {
  // expected-error @+2 {{index 5 is out of bounds for dimension 0 of size 5 in tensor<5xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.subtensor %a[5] sizes [1] steps [1] : tensor<5xf32> -> tensor<1xf32>
  return
}

// -----

func.func @f(%a: tensor<5xf32>) {
  // expected-error @+2 {{slice of 4 elements from 2 with step 1 runs past dimension 0 of size 5}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.subtensor %a[2] sizes [4] steps [1] : tensor<5xf32> -> tensor<4xf32>
  return
}

// -----

func.func @f(%a: tensor<5x2xf32>) {
  // expected-error @+2 {{indexes a rank-2 tensor tensor<5x2xf32> with 1 starts, 1 sizes and 1 steps}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.subtensor %a[0] sizes [1] steps [1] : tensor<5x2xf32> -> tensor<1xf32>
  return
}

// -----

func.func @f(%a: tensor<5xf32>) {
  // expected-error @+2 {{dimension 0 is integer-indexed (dropped) so its size must be 1, got 2}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.subtensor %a[0] sizes [2] steps [1] drop [0] : tensor<5xf32> -> tensor<f32>
  return
}

// -----

func.func @f(%a: tensor<5xf32>) {
  // expected-error @+2 {{step 0 in dimension 0 must be positive}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.subtensor %a[0] sizes [2] steps [0] : tensor<5xf32> -> tensor<2xf32>
  return
}

// -----

func.func @f(%a: tensor<5xf32>, %v: tensor<3xf32>) {
  // expected-error @+2 {{value tensor<3xf32> does not broadcast to the slice [2] in dimension 0}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.set_subtensor %a[0] sizes [2] steps [1], %v : (tensor<5xf32>, tensor<3xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @f(%a: tensor<5xf32>, %v: tensor<2xf64>) {
  // expected-error @+2 {{value tensor<2xf64> must have the element type of tensor<5xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.inc_subtensor %a[0] sizes [2] steps [1], %v : (tensor<5xf32>, tensor<2xf64>) -> tensor<5xf32>
  return
}

// -----

func.func @f(%a: tensor<5xf32>, %v: tensor<1x2xf32>) {
  // expected-error @+2 {{value tensor<1x2xf32> must have the rank of the slice [2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.inc_subtensor %a[0] sizes [2] steps [1], %v : (tensor<5xf32>, tensor<1x2xf32>) -> tensor<5xf32>
  return
}

// -----

func.func @f(%a: tensor<5x3xf32>, %i: tensor<4xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 8-bit signless integer or 8-bit unsigned integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer values}}
  %r = theta.take %a, %i axis 0 : (tensor<5x3xf32>, tensor<4xf32>) -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%a: tensor<5x3xf32>, %i: tensor<4xi64>) {
  // expected-error @+2 {{axis 2 is out of range for tensor<5x3xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.take %a, %i axis 2 : (tensor<5x3xf32>, tensor<4xi64>) -> tensor<4x3xf32>
  return
}

// -----

func.func @f(%v: tensor<4xf32>) {
  // expected-error @+2 {{value tensor<4xf32> does not broadcast to the shape [2, 3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.alloc %v [2, 3] : tensor<4xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @f(%v: tensor<2x2x3xf32>) {
  // expected-error @+2 {{value tensor<2x2x3xf32> has a higher rank than the shape [2, 3]}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.alloc %v [2, 3] : tensor<2x2x3xf32> -> tensor<2x3xf32>
  return
}

// -----

func.func @f() {
  // expected-error @+2 {{shape [2, -3] has a negative size}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.zeros [2, -3] : f32 -> tensor<2x?xf32>
  return
}

// -----

func.func @f(%n: tensor<2xi64>) {
  // expected-error @+1 {{operand #0 must be variadic of 0D tensor of 8-bit signless integer or 8-bit unsigned integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer values}}
  %r = theta.ones [%n : tensor<2xi64>] : f32 -> tensor<?xf32>
  return
}

// -----

func.func @f(%a: tensor<4xf32>, %v: tensor<2xf32>) {
  // expected-error @+2 {{expects a tensor model and a rank-0 value, got tensor<4xf32> and tensor<2xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.fill %a, %v : (tensor<4xf32>, tensor<2xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @f(%a: tensor<4x?xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<2xi64>' are incompatible}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.shape %a : tensor<4x?xf32> -> tensor<3xi64>
  return
}

// -----

func.func @f(%c: tensor<3xf32>, %w: tensor<3xf32>) {
  // expected-error @+1 {{cost must be a scalar (rank-0 tensor), got tensor<3xf32>; reduce it first, e.g. with sum or mean}}
  %g = theta.grad %c wrt %w : tensor<3xf32>, tensor<3xf32>
  return
}

// -----

func.func @f(%c: tensor<f32>, %w: tensor<3xf32>) {
  // expected-error @+2 {{disconnected must be "raise" or "zero", got "ignore"}}
  // expected-error @+1 {{failed to infer returned types}}
  %g = theta.grad %c wrt %w {disconnected = "ignore"} : tensor<f32>, tensor<3xf32>
  return
}

// -----

func.func @f(%c: tensor<i32>, %w: tensor<3xf32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float values}}
  %g = theta.grad %c wrt %w : tensor<i32>, tensor<3xf32>
  return
}

// -----

func.func @f(%a: tensor<3xf32>) {
  // expected-error @+1 {{attribute 'attrs' failed to satisfy constraint: string array attribute}}
  %r = theta.print "a" %a {attrs = [1]} : tensor<3xf32>
  return
}

// -----

func.func @f() {
  // expected-error @+1 {{result #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float or 8-bit signless integer or 8-bit unsigned integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer or 1-bit signless integer values}}
  %r = theta.constant dense<1> : tensor<3xui16>
  return
}

// -----

func.func @f(%c: tensor<3xf32>, %v: tensor<2xf32>, %w: tensor<3xf32>) {
  // expected-error @+1 {{seed must have the cost's type tensor<3xf32>, got tensor<2xf32>}}
  %g = theta.grad %c seed %v : tensor<2xf32> wrt %w : tensor<3xf32>, tensor<3xf32>
  return
}

// -----

func.func @f(%y: tensor<2xf32>, %x: tensor<3xf32>) {
  // expected-error @+2 {{'theta.jacobian' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<3x2xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %j = theta.jacobian %y wrt %x : (tensor<2xf32>, tensor<3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @f(%w: tensor<10x4xf32>, %ids: tensor<3xi64>, %g: tensor<2x4xf32>) {
  // expected-error @+2 {{values must have shape [3, 4] (input tensor<10x4xf32> with indices tensor<3xi64> along axis 0), got tensor<2x4xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.index_add %w[%ids], %g axis 0 : (tensor<10x4xf32>, tensor<3xi64>, tensor<2x4xf32>) -> tensor<10x4xf32>
  return
}

// -----

func.func @f(%w: tensor<10x4xf32>, %ids: tensor<3xi64>, %g: tensor<3x4xf64>) {
  // expected-error @+2 {{values must have the input's element type, got tensor<10x4xf32> and tensor<3x4xf64>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.index_add %w[%ids], %g axis 0 : (tensor<10x4xf32>, tensor<3xi64>, tensor<3x4xf64>) -> tensor<10x4xf32>
  return
}

// -----

func.func @conv_channels(%x: tensor<1x2x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'theta.conv2d' op input has 2 channels but the filters expect 3 (input tensor<1x2x8x8xf32>, filters tensor<4x3x3x3xf32>)}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.conv2d %x, %w : (tensor<1x2x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_groups(%x: tensor<1x4x8x8xf32>, %w: tensor<6x2x3x3xf32>) {
  // expected-error @+2 {{'theta.conv2d' op input has 4 channels but the filters expect 6 (3 groups of 2)}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.conv2d %x, %w {groups = 3} : (tensor<1x4x8x8xf32>, tensor<6x2x3x3xf32>) -> tensor<?x?x?x?xf32>
  return
}

// -----

func.func @pool_padding(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+2 {{'theta.pool2d' op padding [2, 0] must be smaller than the window [2, 2]}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.pool2d %x {window = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 2, 0>} : (tensor<1x3x8x8xf32>) -> tensor<?x?x?x?xf32>
  return
}

// -----

func.func @conv_mode(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'theta.conv2d' op border_mode must be valid, full, half, same or explicit, got 'wide'}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.conv2d %x, %w {border_mode = "wide"} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

func.func @conv_too_small(%x: tensor<1x3x2x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+2 {{'theta.conv2d' op the filters tensor<4x3x3x3xf32> do not fit in the input tensor<1x3x2x8xf32> with this padding}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.conv2d %x, %w : (tensor<1x3x2x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x0x6xf32>
  return
}

// -----

func.func @conv_grad_shape(%gy: tensor<1x4x5x5xf32>, %w: tensor<4x3x3x3xf32>, %x: tensor<1x3x8x8xf32>) {
  // expected-error @+2 {{'theta.conv2d_grad_input' op output_grad must have shape [1, 4, 6, 6], got tensor<1x4x5x5xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.conv2d_grad_input %gy, %w, %x : (tensor<1x4x5x5xf32>, tensor<4x3x3x3xf32>, tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
  return
}

// -----

func.func @pool_rank(%x: tensor<8x8xf32>) {
  // expected-error @+2 {{'theta.pool2d' op expects a rank-4 (batch, channels, height, width) input, got tensor<8x8xf32>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.pool2d %x {window = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<8x8xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @pool_mode(%x: tensor<1x1x8x8xf32>) {
  // expected-error @+2 {{'theta.pool2d' op mode must be max, sum or average, got 'median'}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.pool2d %x {window = array<i64: 2, 2>, strides = array<i64: 2, 2>, mode = "median"} : (tensor<1x1x8x8xf32>) -> tensor<1x1x4x4xf32>
  return
}

// -----

func.func @f(%a: tensor<3xi32>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of 16-bit float or 32-bit float or 64-bit float values}}
  %r = theta.isnan %a : (tensor<3xi32>) -> tensor<3xi1>
  return
}

// -----

func.func @f(%a: tensor<3xf32>) {
  // expected-error @+2 {{inferred type(s) 'tensor<3xf32>' are incompatible with return type(s) of operation 'tensor<4xf32>'}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.sin %a : (tensor<3xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @ifelse_branches(%c: tensor<i1>, %a: tensor<3xf32>, %b: tensor<3xf64>) {
  // expected-error @+2 {{'theta.ifelse' op branch values #0 must have one element type and rank, got tensor<3xf32> and tensor<3xf64>}}
  // expected-error @+1 {{failed to infer returned types}}
  %r = theta.ifelse %c then(%a : tensor<3xf32>) else(%b : tensor<3xf64>) : tensor<i1> -> tensor<3xf32>
  return
}
