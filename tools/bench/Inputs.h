//===- Inputs.h - the workloads' data and initial parameters --------------===//
//
// Seeded inputs shared by the Theta and LibTorch sides, so both compute the
// same thing and the cross-checks can compare them element by element.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_TOOLS_BENCH_INPUTS_H
#define THETA_TOOLS_BENCH_INPUTS_H

#include "runtime/Array.h"

#include <cstdint>
#include <utility>
#include <vector>

namespace bench {

constexpr int64_t kChainSize = 16 << 20; // 16M float32
constexpr float kChainA = 0.5f;
constexpr float kLearningRate = 0.01f;
constexpr int64_t kMlpBatch = 1000;

/// The CNN: 128 images 3x32x32 -> conv 16@5x5 -> relu -> conv 32@5x5 -> relu
/// -> 2x2 max-pool -> dense to 10 -> softmax cross-entropy.
struct CnnSizes {
  int64_t batch = 128, channels = 3, image = 32, kernel = 5;
  int64_t filters1 = 16, filters2 = 32, classes = 10;
  int64_t conv1() const { return image - kernel + 1; }   // 28
  int64_t conv2() const { return conv1() - kernel + 1; } // 24
  int64_t pooled() const { return conv2() / 2; }         // 12
  int64_t features() const { return filters2 * pooled() * pooled(); }
  /// Multiply-adds x 2 of the convolutions and the dense layer, forward and
  /// backward (no input gradient for the images); elementwise work ignored.
  double stepFlops() const;
};

/// The RNN: h_t = tanh(x_t W_x + h_{t-1} W_h + b_h) over `steps` steps from
/// h_0 = 0, then softmax(h_T W_y + b_y) and mean categorical cross-entropy.
/// The input is time-major: (steps, batch, inputs).
struct RnnSizes {
  int64_t steps = 100, batch = 32, inputs = 64, hidden = 256, classes = 10;
  /// Multiply-adds x 2 of the products, forward and backward (no input
  /// gradient); elementwise work ignored.
  double stepFlops() const;
};

/// Uniform floats in [low, high).
theta::Array uniformFloats(const theta::Shape &shape, float low, float high, uint32_t seed);

/// w1, b1, w2, b2, w3, b3 of the 2-1000-1000-1 MLP: weights (in, out) drawn
/// from N(0, 1/in), biases zero.
std::vector<theta::Array> mlpInitialParameters(uint32_t seed);
/// `batch` points of the plane, labelled 1 inside a ring (x: (batch, 2), y: (batch, 1)).
std::pair<theta::Array, theta::Array> mlpBatch(int64_t batch);

/// w1 (16,3,5,5), b1 (16), w2 (32,16,5,5), b2 (32), w3 (4608,10), b3 (10):
/// weights from N(0, 1/fan_in), biases small and non-zero so their
/// broadcasting is checked too.
std::vector<theta::Array> cnnInitialParameters(const CnnSizes &sizes, uint32_t seed);
/// Images in [-1, 1) and one-hot float targets (batch, classes).
std::pair<theta::Array, theta::Array> cnnBatch(const CnnSizes &sizes, int64_t batch,
                                               uint32_t seed);

/// W_x (inputs, hidden), W_h (hidden, hidden), b_h, W_y (hidden, classes),
/// b_y: weights from N(0, 1/fan_in), biases small and non-zero.
std::vector<theta::Array> rnnInitialParameters(const RnnSizes &sizes, uint32_t seed);
/// Sequences in [-1, 1) (steps, batch, inputs) and one-hot targets (batch, classes).
std::pair<theta::Array, theta::Array> rnnBatch(const RnnSizes &sizes, int64_t batch,
                                               uint32_t seed);

} // namespace bench

#endif // THETA_TOOLS_BENCH_INPUTS_H
