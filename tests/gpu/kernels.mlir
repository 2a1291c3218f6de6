// One function per op family, for --theta-lower-gpu: the lit test checks the
// host code, ptxas_test.sh assembles every kernel for sm_90.

func.func @elementwise(%a: tensor<1000x1000xf32>, %b: tensor<1x1000xf32>) -> tensor<1000x1000xf32> {
  %0 = theta.mul %a, %b : (tensor<1000x1000xf32>, tensor<1x1000xf32>) -> tensor<1000x1000xf32>
  %1 = theta.tanh %0 : (tensor<1000x1000xf32>) -> tensor<1000x1000xf32>
  %2 = theta.exp %1 : (tensor<1000x1000xf32>) -> tensor<1000x1000xf32>
  %3 = theta.log1p %2 : (tensor<1000x1000xf32>) -> tensor<1000x1000xf32>
  %4 = theta.sigmoid %3 : (tensor<1000x1000xf32>) -> tensor<1000x1000xf32>
  return %4 : tensor<1000x1000xf32>
}

// -----

func.func @reductions(%a: tensor<300x500xf32>) -> (tensor<f32>, tensor<500xf32>, tensor<300xf32>) {
  %0 = theta.sum %a : (tensor<300x500xf32>) -> tensor<f32>
  %1 = theta.sum %a {axes = array<i64: 0>} : (tensor<300x500xf32>) -> tensor<500xf32>
  %2 = theta.max %a {axes = array<i64: 1>} : (tensor<300x500xf32>) -> tensor<300xf32>
  return %0, %1, %2 : tensor<f32>, tensor<500xf32>, tensor<300xf32>
}

// -----

// Split by --theta-gpu-reductions: the partial sums, the max and the
// log-sum-exp's fused prologue in many threads.
func.func @large_reductions(%a: tensor<1024x4096xf32>) -> (tensor<f32>, tensor<f32>, tensor<f32>) {
  %0 = theta.mean %a : (tensor<1024x4096xf32>) -> tensor<f32>
  %1 = theta.max %a : (tensor<1024x4096xf32>) -> tensor<f32>
  %e = theta.exp %a : (tensor<1024x4096xf32>) -> tensor<1024x4096xf32>
  %2 = theta.sum %e : (tensor<1024x4096xf32>) -> tensor<f32>
  return %0, %1, %2 : tensor<f32>, tensor<f32>, tensor<f32>
}

// -----

func.func @products(%a: tensor<256x512xf32>, %b: tensor<512x128xf32>, %v: tensor<512xf32>)
    -> (tensor<256x128xf32>, tensor<256xf32>) {
  %0 = theta.dot %a, %b : (tensor<256x512xf32>, tensor<512x128xf32>) -> tensor<256x128xf32>
  %1 = theta.dot %a, %v : (tensor<256x512xf32>, tensor<512xf32>) -> tensor<256xf32>
  return %0, %1 : tensor<256x128xf32>, tensor<256xf32>
}

// -----

func.func @conv(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %g: tensor<2x4x6x6xf32>)
    -> (tensor<2x4x6x6xf32>, tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) {
  %y = theta.conv2d %x, %w : (tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<2x4x6x6xf32>
  %gx = theta.conv2d_grad_input %g, %w, %x : (tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>, tensor<2x3x8x8xf32>) -> tensor<2x3x8x8xf32>
  %gw = theta.conv2d_grad_filters %x, %g, %w : (tensor<2x3x8x8xf32>, tensor<2x4x6x6xf32>, tensor<4x3x3x3xf32>) -> tensor<4x3x3x3xf32>
  return %y, %gx, %gw : tensor<2x4x6x6xf32>, tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32>
}

// -----

// float32 convolutions above are cuDNN calls; float64 ones stay kernels.
func.func @conv_f64(%x: tensor<2x3x8x8xf64>, %w: tensor<4x3x3x3xf64>, %g: tensor<2x4x6x6xf64>)
    -> (tensor<2x4x6x6xf64>, tensor<2x3x8x8xf64>, tensor<4x3x3x3xf64>) {
  %y = theta.conv2d %x, %w : (tensor<2x3x8x8xf64>, tensor<4x3x3x3xf64>) -> tensor<2x4x6x6xf64>
  %gx = theta.conv2d_grad_input %g, %w, %x : (tensor<2x4x6x6xf64>, tensor<4x3x3x3xf64>, tensor<2x3x8x8xf64>) -> tensor<2x3x8x8xf64>
  %gw = theta.conv2d_grad_filters %x, %g, %w : (tensor<2x3x8x8xf64>, tensor<2x4x6x6xf64>, tensor<4x3x3x3xf64>) -> tensor<4x3x3x3xf64>
  return %y, %gx, %gw : tensor<2x4x6x6xf64>, tensor<2x3x8x8xf64>, tensor<4x3x3x3xf64>
}

// -----

func.func @scan(%first: tensor<2xi64>) -> tensor<10xi64> {
  %n = theta.constant dense<10> : tensor<i64>
  %r = theta.scan steps(%n : tensor<i64>) initial(%first : tensor<2xi64>)
         attributes {taps = [array<i64: -2, -1>]} -> (tensor<10xi64>) {
  ^bb0(%a: tensor<i64>, %b: tensor<i64>):
    %s = theta.add %a, %b : (tensor<i64>, tensor<i64>) -> tensor<i64>
    theta.yield %s : tensor<i64>
  }
  return %r : tensor<10xi64>
}

// -----

func.func @random(%key: tensor<i64>, %counter: tensor<i64>) -> tensor<64x64xf32> {
  %u = theta.random "uniform" %key, %counter [64, 64] : f32 -> tensor<64x64xf32>
  return %u : tensor<64x64xf32>
}
