//===- StepData.h - the same minibatch for step i in every process --------===//
//
// Used by the programs that train in one process, save, and continue in
// another (with the API or with the compiler-free Runner): step i's batch
// depends on i only, so an interrupted run sees the same data.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_TESTS_SAVE_STEPDATA_H
#define THETA_TESTS_SAVE_STEPDATA_H

#include "runtime/Array.h"

#include <cmath>
#include <cstdint>
#include <utility>

namespace theta::testing {

constexpr int64_t kBatch = 64, kFeatures = 2, kHidden = 32;

/// A float in [-1, 1) from a 64-bit LCG.
inline float nextUniform(uint64_t &state) {
  state = state * 6364136223846793005ull + 1442695040888963407ull;
  return static_cast<float>((state >> 40) * (1.0 / 8388608.0) - 1.0);
}

/// Step i's (x, y): points in the square and whether they lie in a circle.
inline std::pair<Array, Array> stepBatch(int64_t step) {
  Array x = Array::zeros(DType::Float32, {kBatch, kFeatures});
  Array y = Array::zeros(DType::Float32, {kBatch, 1});
  uint64_t state = 1000003ull * static_cast<uint64_t>(step + 1);
  for (int64_t r = 0; r < kBatch; ++r) {
    float a = nextUniform(state), b = nextUniform(state);
    x.data<float>()[r * 2] = a;
    x.data<float>()[r * 2 + 1] = b;
    y.data<float>()[r] = a * a + b * b < 0.5f ? 1.0f : 0.0f;
  }
  return {x, y};
}

/// Initial weights, fixed by `seed`.
inline Array initialWeights(const Shape &shape, uint64_t seed) {
  Array w = Array::zeros(DType::Float32, shape);
  for (int64_t i = 0; i < w.size(); ++i)
    w.data<float>()[i] = 0.5f * nextUniform(seed);
  return w;
}

} // namespace theta::testing

#endif // THETA_TESTS_SAVE_STEPDATA_H
