//===- Inputs.cpp - the workloads' data and initial parameters ------------===//
#include "tools/bench/Inputs.h"

#include <cmath>
#include <random>

namespace bench {

using theta::Array;
using theta::DType;

double CnnSizes::stepFlops() const {
  double conv1Macs = double(batch) * filters1 * conv1() * conv1() * channels * kernel * kernel;
  double conv2Macs = double(batch) * filters2 * conv2() * conv2() * filters1 * kernel * kernel;
  double denseMacs = double(batch) * features() * classes;
  // Forward once; backward: conv2 and dense twice (data and weights), conv1
  // once (weights only).
  return 2 * (conv1Macs * 2 + conv2Macs * 3 + denseMacs * 3);
}

double RnnSizes::stepFlops() const {
  double inputMacs = double(batch) * inputs * hidden, recurrentMacs = double(batch) * hidden * hidden;
  double denseMacs = double(batch) * hidden * classes;
  // Forward once; backward: the recurrent product twice (state and weights),
  // the input product once (weights only).
  return 2 * (steps * (inputMacs * 2 + recurrentMacs * 3) + denseMacs * 3);
}

Array uniformFloats(const theta::Shape &shape, float low, float high, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(low, high);
  Array a(DType::Float32, shape);
  for (int64_t i = 0; i < a.size(); ++i)
    a.data<float>()[i] = dist(rng);
  return a;
}

namespace {

Array normalFloats(const theta::Shape &shape, float scale, std::mt19937 &rng) {
  std::normal_distribution<float> normal(0.0f, 1.0f);
  Array a(DType::Float32, shape);
  for (int64_t i = 0; i < a.size(); ++i)
    a.data<float>()[i] = normal(rng) * scale;
  return a;
}

} // namespace

std::vector<Array> mlpInitialParameters(uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<int64_t> sizes{2, 1000, 1000, 1};
  std::vector<Array> parameters;
  for (size_t layer = 0; layer + 1 < sizes.size(); ++layer) {
    float scale = 1.0f / std::sqrt(static_cast<float>(sizes[layer]));
    parameters.push_back(normalFloats({sizes[layer], sizes[layer + 1]}, scale, rng));
    parameters.push_back(Array::zeros(DType::Float32, {sizes[layer + 1]}));
  }
  return parameters;
}

std::pair<Array, Array> mlpBatch(int64_t batch) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> coordinate(-1.0f, 1.0f);
  Array x(DType::Float32, {batch, 2}), y(DType::Float32, {batch, 1});
  for (int64_t i = 0; i < batch; ++i) {
    float u = coordinate(rng), v = coordinate(rng), r = std::sqrt(u * u + v * v);
    x.data<float>()[2 * i] = u;
    x.data<float>()[2 * i + 1] = v;
    y.data<float>()[i] = r > 0.3f && r < 0.7f ? 1.0f : 0.0f;
  }
  return {x, y};
}

std::vector<Array> cnnInitialParameters(const CnnSizes &s, uint32_t seed) {
  std::mt19937 rng(seed);
  auto fanIn = [](int64_t n) { return 1.0f / std::sqrt(static_cast<float>(n)); };
  return {
      normalFloats({s.filters1, s.channels, s.kernel, s.kernel},
                   fanIn(s.channels * s.kernel * s.kernel), rng),
      normalFloats({s.filters1}, 0.1f, rng),
      normalFloats({s.filters2, s.filters1, s.kernel, s.kernel},
                   fanIn(s.filters1 * s.kernel * s.kernel), rng),
      normalFloats({s.filters2}, 0.1f, rng),
      normalFloats({s.features(), s.classes}, fanIn(s.features()), rng),
      normalFloats({s.classes}, 0.1f, rng),
  };
}

std::pair<Array, Array> cnnBatch(const CnnSizes &s, int64_t batch, uint32_t seed) {
  Array images = uniformFloats({batch, s.channels, s.image, s.image}, -1.0f, 1.0f, seed);
  Array targets = Array::zeros(DType::Float32, {batch, s.classes});
  std::mt19937 rng(seed + 1);
  std::uniform_int_distribution<int64_t> label(0, s.classes - 1);
  for (int64_t i = 0; i < batch; ++i)
    targets.data<float>()[i * s.classes + label(rng)] = 1.0f;
  return {images, targets};
}

std::vector<Array> rnnInitialParameters(const RnnSizes &s, uint32_t seed) {
  std::mt19937 rng(seed);
  auto fanIn = [](int64_t n) { return 1.0f / std::sqrt(static_cast<float>(n)); };
  return {
      normalFloats({s.inputs, s.hidden}, fanIn(s.inputs), rng),
      normalFloats({s.hidden, s.hidden}, fanIn(s.hidden), rng),
      normalFloats({s.hidden}, 0.1f, rng),
      normalFloats({s.hidden, s.classes}, fanIn(s.hidden), rng),
      normalFloats({s.classes}, 0.1f, rng),
  };
}

std::pair<Array, Array> rnnBatch(const RnnSizes &s, int64_t batch, uint32_t seed) {
  Array x = uniformFloats({s.steps, batch, s.inputs}, -1.0f, 1.0f, seed);
  Array targets = Array::zeros(DType::Float32, {batch, s.classes});
  std::mt19937 rng(seed + 1);
  std::uniform_int_distribution<int64_t> label(0, s.classes - 1);
  for (int64_t i = 0; i < batch; ++i)
    targets.data<float>()[i * s.classes + label(rng)] = 1.0f;
  return {x, targets};
}

} // namespace bench
