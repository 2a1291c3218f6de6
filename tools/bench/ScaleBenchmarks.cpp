//===- ScaleBenchmarks.cpp ------------------------------------------------===//
#include "tools/bench/ScaleBenchmarks.h"

#include "tools/bench/Inputs.h"
#include "tools/bench/ThetaWorkloads.h"

#include <theta/theta.h>

#include <cmath>
#include <random>
#include <string>

namespace bench {

using namespace theta;

namespace {

/// Weights (in, out) from N(0, 1/in) and zero biases for the given widths.
std::vector<SharedVariable> mlpParameters(const std::vector<int64_t> &widths, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<SharedVariable> parameters;
  for (size_t layer = 0; layer + 1 < widths.size(); ++layer) {
    std::normal_distribution<float> normal(0, 1 / std::sqrt(float(widths[layer])));
    Array w(DType::Float32, {widths[layer], widths[layer + 1]});
    for (int64_t i = 0; i < w.size(); ++i)
      w.data<float>()[i] = normal(rng);
    parameters.push_back(shared(w));
    parameters.push_back(shared(Array::zeros(DType::Float32, {widths[layer + 1]})));
  }
  return parameters;
}

/// Disk cache off while alive: every first call compiles.
class NoDiskCache {
public:
  NoDiskCache() : saved(config().cache_dir) { config().cache_dir = ""; }
  ~NoDiskCache() { config().cache_dir = saved; }

private:
  std::string saved;
};

} // namespace

void scaleChain(benchmark::State &state, int64_t elements) {
  Array a(kChainA), x = uniformFloats({elements}, -3, 3, 1);
  Function chain = buildChain();
  for (auto _ : state)
    benchmark::DoNotOptimize(chain({a, x}));
  state.counters["ns_per_element"] = benchmark::Counter(
      double(elements) * double(state.iterations()),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void scaleMlpStep(benchmark::State &state, int64_t width) {
  ThetaModel model = buildMlpStep(mlpParameters({2, width, width, 1}, 3));
  auto [x, y] = mlpBatch(kMlpBatch);
  for (auto _ : state)
    model.step({x, y});
  state.counters["GFLOP"] = 3 * 2.0 * kMlpBatch * double(width) * double(width) / 1e9;
}

void scaleCompileMlp(benchmark::State &state, int64_t layers) {
  NoDiskCache noCache;
  std::vector<int64_t> widths(layers + 1, 64);
  widths.front() = 2;
  widths.back() = 1;
  auto [x, y] = mlpBatch(8);
  for (auto _ : state) {
    // A new model each time: its graph, gradient and compile are the cost.
    std::vector<SharedVariable> parameters = mlpParameters(widths, 5);
    buildMlpStep(parameters).step({x, y});
  }
  state.counters["layers"] = double(layers);
}

void scaleCompileCnn(benchmark::State &state, int64_t convs) {
  NoDiskCache noCache;
  constexpr int64_t channels = 8, size = 16, batch = 2, classes = 10;
  std::mt19937 rng(9);
  Array images = uniformFloats({batch, 3, size, size}, -1, 1, 4);
  Array targets = Array::zeros(DType::Float32, {batch, classes});
  for (int64_t i = 0; i < batch; ++i)
    targets.data<float>()[i * classes + i % classes] = 1;
  auto weights = [&](Shape shape, double fanIn) {
    std::normal_distribution<float> normal(0, float(1 / std::sqrt(fanIn)));
    Array w(DType::Float32, shape);
    for (int64_t i = 0; i < w.size(); ++i)
      w.data<float>()[i] = normal(rng);
    return shared(w);
  };
  for (auto _ : state) {
    std::vector<SharedVariable> parameters;
    Variable x = ftensor4("images"), t = fmatrix("targets"), h = x;
    nnet::Conv2DOptions same;
    same.border_mode = "same";
    for (int64_t layer = 0; layer < convs; ++layer) {
      int64_t in = layer == 0 ? 3 : channels;
      parameters.push_back(weights({channels, in, 3, 3}, double(in * 9)));
      h = nnet::relu(nnet::conv2d(h, parameters.back(), same));
    }
    parameters.push_back(weights({channels * size * size, classes}, double(channels * size * size)));
    Variable cost = mean(nnet::categorical_crossentropy(
        nnet::softmax(dot(flatten(h, 2), parameters.back())), t));
    std::vector<Variable> wrt(parameters.begin(), parameters.end());
    std::vector<Variable> gradients = grad(cost, wrt);
    FunctionOptions options;
    for (size_t i = 0; i < parameters.size(); ++i)
      options.updates.push_back({parameters[i], parameters[i] - kLearningRate * gradients[i]});
    function({x, t}, cost, options)({images, targets});
  }
  state.counters["convolutions"] = double(convs);
}

} // namespace bench
