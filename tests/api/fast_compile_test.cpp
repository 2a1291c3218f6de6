// mode=FAST_COMPILE (Theano's FAST_COMPILE): a cheaper pipeline (no CSE, one
// canonicalization) and LLVM at -O1 compute what FAST_RUN computes: the same
// outputs and the same updates, call after call, on products, convolutions,
// pooling, softmax and scan. (Its compile time is a theta-bench row,
// compile/*_cold_fast_compile, beside FAST_RUN's.)
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>

using namespace theta;
using theta_test::oneHot;
using theta_test::values;

namespace {

/// Builds a training step under `mode` from fresh parameters.
using StepBuilder = std::function<Function(const std::string &mode,
                                           std::vector<SharedVariable> &parameters)>;

/// Runs `calls` steps in both modes on the same inputs; every output and
/// every parameter agrees to float32 rounding (the two LLVM levels may
/// order a reduction's float additions differently).
void expectSameTraining(const StepBuilder &build, const std::vector<Array> &inputs,
                        int calls = 5) {
  std::vector<SharedVariable> fastRun, fastCompile;
  Function a = build("FAST_RUN", fastRun);
  Function b = build("FAST_COMPILE", fastCompile);
  ASSERT_EQ(fastRun.size(), fastCompile.size());
  for (int call = 0; call < calls; ++call) {
    std::vector<Array> ra = a(inputs), rb = b(inputs);
    ASSERT_EQ(ra.size(), rb.size());
    for (size_t i = 0; i < ra.size(); ++i) {
      ASSERT_EQ(ra[i].shape(), rb[i].shape());
      std::vector<double> va = values(ra[i]), vb = values(rb[i]);
      for (size_t k = 0; k < va.size(); ++k)
        ASSERT_NEAR(va[k], vb[k], 1e-5 * (1 + std::abs(va[k])))
            << "output " << i << " element " << k << " at call " << call;
    }
  }
  for (size_t p = 0; p < fastRun.size(); ++p) {
    std::vector<double> va = values(fastRun[p].get_value()), vb = values(fastCompile[p].get_value());
    ASSERT_EQ(va.size(), vb.size());
    for (size_t k = 0; k < va.size(); ++k)
      ASSERT_NEAR(va[k], vb[k], 1e-5 * (1 + std::abs(va[k])))
          << "parameter " << fastRun[p].name() << " element " << k;
  }
}

/// Float32, uniform in [low, high), the same for the same seed.
Array randomArray(const Shape &shape, double low, double high, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uniform(static_cast<float>(low), static_cast<float>(high));
  Array array(DType::Float32, shape);
  for (int64_t i = 0; i < array.size(); ++i)
    array.data<float>()[i] = uniform(rng);
  return array;
}

} // namespace

TEST(FastCompile, MlpStepTrainsAsFastRun) {
  auto build = [](const std::string &mode, std::vector<SharedVariable> &parameters) {
    SharedVariable W1 = shared(randomArray({20, 32}, -0.3, 0.3, 1), "W1");
    SharedVariable b1 = shared(Array::zeros(DType::Float32, {32}), "b1");
    SharedVariable W2 = shared(randomArray({32, 5}, -0.3, 0.3, 2), "W2");
    parameters = {W1, b1, W2};
    Variable x = fmatrix("x"), t = fmatrix("t");
    Variable h = sigmoid(dot(x, W1) + b1);
    Variable p = nnet::softmax(dot(h, W2));
    Variable cost = mean(nnet::categorical_crossentropy(p, t));
    std::vector<Variable> g = grad(cost, {W1, b1, W2});
    FunctionOptions options;
    options.mode = mode;
    for (size_t i = 0; i < parameters.size(); ++i)
      options.updates.push_back({parameters[i], parameters[i] - 0.5 * g[i]});
    return function({x, t}, {cost, argmax(p, 1), h.sum()}, options);
  };
  expectSameTraining(build, {randomArray({16, 20}, -1, 1, 3), oneHot(16, 5)});
}

TEST(FastCompile, ConvolutionStepTrainsAsFastRun) {
  auto build = [](const std::string &mode, std::vector<SharedVariable> &parameters) {
    SharedVariable W = shared(randomArray({4, 2, 3, 3}, -0.3, 0.3, 4), "W");
    parameters = {W};
    Variable x = ftensor4("x"), t = fmatrix("t");
    nnet::Conv2DOptions same;
    same.border_mode = "same";
    Variable h = nnet::max_pool_2d(nnet::relu(nnet::conv2d(x, W, same)), {2, 2});
    Variable p = nnet::softmax(h.flatten(2));
    Variable cost = mean(nnet::categorical_crossentropy(p, t));
    FunctionOptions options;
    options.mode = mode;
    options.updates.push_back({W, W - 0.1 * grad(cost, W)});
    return function({x, t}, {cost, p}, options);
  };
  expectSameTraining(build, {randomArray({3, 2, 6, 6}, -1, 1, 5), oneHot(3, 36)});
}

TEST(FastCompile, ScanStepTrainsAsFastRun) {
  auto build = [](const std::string &mode, std::vector<SharedVariable> &parameters) {
    SharedVariable W_h = shared(randomArray({6, 6}, -0.3, 0.3, 6), "W_h");
    SharedVariable W_x = shared(randomArray({3, 6}, -0.5, 0.5, 7), "W_x");
    parameters = {W_h, W_x};
    Variable x = ftensor3("x"); // (time, batch, features)
    ScanResult hs = scan(
        [](const std::vector<Variable> &a) {
          return StepResult(tanh(dot(a[0], a[2]) + dot(a[1], a[3])));
        },
        {x}, {OutputInfo(zeros({4, 6}))}, {W_x, W_h});
    Variable cost = mean(subtensor(hs[0], {-1}) * subtensor(hs[0], {-1}));
    std::vector<Variable> g = grad(cost, {W_x, W_h});
    FunctionOptions options;
    options.mode = mode;
    options.updates = {{W_x, W_x - 0.1 * g[0]}, {W_h, W_h - 0.1 * g[1]}};
    return function({x}, {cost, hs[0]}, options);
  };
  expectSameTraining(build, {randomArray({5, 4, 3}, -1, 1, 8)});
}

// A deep network's step: in FAST_RUN its loop-free glue (thousands of
// calls, allocations and frees) is compiled without optimization, with its
// values kept in stack slots (runtime/Jit.cpp) and kernels shared between
// layers (--theta-outline-kernels); FAST_COMPILE does neither. Both train
// alike.
TEST(FastCompile, DeepMlpStepTrainsAsFastRun) {
  constexpr int kLayers = 80, kWidth = 8;
  auto build = [](const std::string &mode, std::vector<SharedVariable> &parameters) {
    parameters.clear();
    Variable x = fmatrix("x"), t = fmatrix("t");
    Variable h = x;
    for (int layer = 0; layer < kLayers; ++layer) {
      SharedVariable W = shared(randomArray({kWidth, kWidth}, -0.6, 0.6, 100 + layer),
                                "W" + std::to_string(layer));
      SharedVariable b = shared(randomArray({kWidth}, -0.1, 0.1, 300 + layer),
                                "b" + std::to_string(layer));
      parameters.push_back(W);
      parameters.push_back(b);
      h = tanh(dot(h, W) + b);
    }
    Variable cost = mean(sqr(h - t));
    std::vector<Variable> wrt(parameters.begin(), parameters.end());
    std::vector<Variable> g = grad(cost, wrt);
    FunctionOptions options;
    options.mode = mode;
    for (size_t i = 0; i < parameters.size(); ++i)
      options.updates.push_back({parameters[i], parameters[i] - 0.1 * g[i]});
    return function({x, t}, {cost, h}, options);
  };
  expectSameTraining(build, {randomArray({6, kWidth}, -1, 1, 9),
                             randomArray({6, kWidth}, -0.5, 0.5, 10)},
                     3);
}

TEST(FastCompile, TheConfiguredModeApplies) {
  std::string saved = config().mode;
  config().setFlags("mode=FAST_COMPILE");
  Variable x = fvector("x");
  Function f = function({x}, exp(x) * 2.0 + 1.0);
  config().mode = saved;
  EXPECT_EQ(values(f(Array::fromVector<float>({0, 1}))[0]),
            (std::vector<double>{3.0, static_cast<double>(std::exp(1.0f) * 2.0f + 1.0f)}));
}
