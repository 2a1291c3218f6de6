// The seed's first example, f(x, y) = x + y on scalars, as theta IR.
// Try: bazel-bin/tools/theta-opt examples/first_function.mlir --canonicalize
func.func @first_function(%x: tensor<f32>, %y: tensor<f32>) -> tensor<f32> {
  %z = theta.add %x, %y : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %z : tensor<f32>
}
