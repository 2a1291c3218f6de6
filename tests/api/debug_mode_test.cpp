// DebugMode: every call is checked against a float64 op-by-op evaluation of
// the user's graph; a difference or a NaN names the op and its line, and the
// call changes no shared variable.
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <iostream>
#include <random>

namespace theta::detail {
extern void (*debugModeTestHook)(std::vector<Array> &results); // api/DebugMode.h
} // namespace theta::detail

using namespace theta;
using theta_test::errorOf;
using theta_test::oneHot;
using theta_test::values;

namespace {

FunctionOptions debugMode(FunctionOptions options = {}) {
  options.mode = "DEBUG_MODE"; // Theano's spelling
  return options;
}

Array randomFloats(Shape shape, double scale, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0, 1);
  Array array(DType::Float32, shape);
  for (int64_t i = 0; i < array.size(); ++i)
    array.data<float>()[i] = static_cast<float>(scale) * normal(rng);
  return array;
}

/// An MLP training step: dot, sigmoid, softmax, cross-entropy, gradients,
/// SGD updates.
struct Mlp {
  SharedVariable W1, b1, W2, b2;
  Variable x = fmatrix("x"), t = fmatrix("t");
  Function train;

  explicit Mlp(const std::string &mode, int64_t inputs = 20, int64_t hidden = 32,
               int64_t classes = 5)
      : W1(shared(randomFloats({inputs, hidden}, 0.3, 1), "W1")),
        b1(shared(Array::zeros(DType::Float32, {hidden}), "b1")),
        W2(shared(randomFloats({hidden, classes}, 0.3, 2), "W2")),
        b2(shared(Array::zeros(DType::Float32, {classes}), "b2")),
        train([&] {
          Variable h = sigmoid(dot(x, W1) + b1);
          Variable p = nnet::softmax(dot(h, W2) + b2);
          Variable cost = mean(nnet::categorical_crossentropy(p, t));
          std::vector<Variable> g = grad(cost, {W1, b1, W2, b2});
          FunctionOptions options;
          options.mode = mode;
          options.name = "mlp_step";
          std::vector<SharedVariable> parameters{W1, b1, W2, b2};
          for (size_t i = 0; i < parameters.size(); ++i)
            options.updates.push_back({parameters[i], parameters[i] - 0.1 * g[i]});
          return function({x, t}, {cost, argmax(p, 1)}, options);
        }()) {}
};

} // namespace

TEST(DebugMode, PassesOnAnMlpTrainingStep) {
  Mlp checked("DebugMode"), plain("FAST_RUN");
  Array X = randomFloats({16, 20}, 1, 3), T = oneHot(16, 5);
  for (int step = 0; step < 3; ++step) {
    std::vector<Array> a = checked.train(X, T), b = plain.train(X, T);
    EXPECT_NEAR(a[0].item<double>(), b[0].item<double>(), 1e-5);
  }
  std::vector<double> w1 = values(checked.W1.get_value()), w2 = values(plain.W1.get_value());
  for (size_t i = 0; i < w1.size(); ++i)
    EXPECT_NEAR(w1[i], w2[i], 1e-5);
}

TEST(DebugMode, PassesOnConvolutionsAndPooling) {
  SharedVariable W = shared(randomFloats({4, 2, 3, 3}, 0.3, 4), "W");
  Variable x = ftensor4("x"), t = fmatrix("t");
  nnet::Conv2DOptions same;
  same.border_mode = "same";
  Variable h = nnet::max_pool_2d(nnet::relu(nnet::conv2d(x, W, same)), {2, 2});
  Variable p = nnet::softmax(h.flatten(2));
  Variable cost = mean(nnet::categorical_crossentropy(p, t));
  FunctionOptions options = debugMode();
  options.updates.push_back({W, W - 0.1 * grad(cost, W)});
  Function train = function({x, t}, cost, options);
  std::vector<Array> r = train(randomFloats({3, 2, 6, 6}, 1, 5), oneHot(3, 36));
  EXPECT_TRUE(std::isfinite(r[0].item<double>()));
}

TEST(DebugMode, PassesOnScan) {
  SharedVariable W_h = shared(randomFloats({6, 6}, 0.3, 6), "W_h");
  SharedVariable W_x = shared(randomFloats({3, 6}, 0.5, 7), "W_x");
  Variable x = ftensor3("x"); // (batch, time, features)
  ScanResult hs = scan(
      [](const std::vector<Variable> &a) {
        return StepResult(tanh(dot(a[0], a[2]) + dot(a[1], a[3])));
      },
      {x.dimshuffle({1, 0, 2})}, {OutputInfo(zeros({4, 6}))}, {W_x, W_h});
  Variable cost = mean(subtensor(hs[0], {-1}) * subtensor(hs[0], {-1}));
  std::vector<Variable> g = grad(cost, {W_x, W_h});
  FunctionOptions options = debugMode();
  options.updates = {{W_x, W_x - 0.1 * g[0]}, {W_h, W_h - 0.1 * g[1]}};
  Function train = function({x}, {cost, hs[0]}, options);
  std::vector<Array> r = train(randomFloats({4, 5, 3}, 1, 8));
  EXPECT_EQ(r[1].shape(), (Shape{5, 4, 6}));
}

TEST(DebugMode, APlantedDifferenceNamesTheOpAndLeavesSharedVariablesUnchanged) {
  SharedVariable w = shared(Array::fromVector<float>({1, 2, 3}), "w");
  Variable x = fvector("x");
  int line = __LINE__ + 1;
  Variable next = w * x;
  FunctionOptions options = debugMode();
  options.updates.push_back({w, next});
  Function step = function({x}, {x + 1}, options);
  step(Array::fromVector<float>({2, 2, 2})); // passes; w becomes [2, 4, 6]
  EXPECT_EQ(values(w.get_value()), (std::vector<double>{2, 4, 6}));
  detail::debugModeTestHook = [](std::vector<Array> &results) {
    Array changed = results[1].clone(); // the update of w
    changed.data<float>()[2] += 0.5f;
    results[1] = changed;
  };
  std::string message =
      errorOf<DebugModeError>([&] { step(Array::fromVector<float>({3, 3, 3})); });
  detail::debugModeTestHook = nullptr;
  EXPECT_NE(message.find("the update of 'w'"), std::string::npos) << message;
  EXPECT_NE(message.find("'theta.mul'"), std::string::npos) << message;
  EXPECT_NE(message.find("debug_mode_test.cpp:" + std::to_string(line)), std::string::npos)
      << message;
  EXPECT_NE(message.find("shape (3,)"), std::string::npos) << message;
  EXPECT_NE(message.find("largest difference 0.5 at [2]"), std::string::npos) << message;
  EXPECT_EQ(values(w.get_value()), (std::vector<double>{2, 4, 6})); // no update landed
}

TEST(DebugMode, Float32CancellationDiffersFromTheFloat64Reference) {
  // In float32, 1e8 + 1 is 1e8: the compiled code returns 0 where the
  // user's formula, evaluated in float64, gives 1.
  Variable x = fvector("x");
  int line = __LINE__ + 1;
  Variable y = (x + 1e8f) - 1e8f;
  Function f = function({x}, y, debugMode());
  std::string message = errorOf<DebugModeError>([&] { f(Array::fromVector<float>({1, 1})); });
  EXPECT_NE(message.find("output #0"), std::string::npos) << message;
  EXPECT_NE(message.find("debug_mode_test.cpp:" + std::to_string(line)), std::string::npos)
      << message;
  EXPECT_NE(message.find("reference 1"), std::string::npos) << message;
}

TEST(DebugMode, NaNNamesTheOpThatMadeIt) {
  SharedVariable w = shared(Array::fromVector<float>({1, 1}), "w");
  Variable x = fvector("x");
  Variable shifted = x - 2;
  int line = __LINE__ + 1;
  Variable y = log(shifted);
  FunctionOptions options = debugMode();
  options.updates.push_back({w, w + 1});
  Function f = function({x}, y.sum(), options);
  EXPECT_NO_THROW(f(Array::fromVector<float>({3, 4})));
  std::string message = errorOf<NumericError>([&] { f(Array::fromVector<float>({3, 1})); });
  EXPECT_NE(message.find("NaN"), std::string::npos) << message;
  EXPECT_NE(message.find("'theta.log'"), std::string::npos) << message;
  EXPECT_NE(message.find("debug_mode_test.cpp:" + std::to_string(line)), std::string::npos)
      << message;
  EXPECT_NE(message.find("first at [1]"), std::string::npos) << message;
  EXPECT_EQ(values(w.get_value()), (std::vector<double>{2, 2})); // the failed call left it
}

TEST(DebugMode, TheConfiguredModeApplies) {
  std::string saved = config().mode;
  config().setFlags("mode=DEBUG_MODE");
  Variable x = fvector("x");
  Function f = function({x}, (x + 1e8f) - 1e8f);
  config().mode = saved;
  EXPECT_THROW(f(Array::fromVector<float>({1})), DebugModeError);
  Function g = function({x}, (x + 1e8f) - 1e8f); // FAST_RUN again: no check
  EXPECT_NO_THROW(g(Array::fromVector<float>({1})));
}

TEST(DebugMode, CostComparedToFastRun) {
  // Not a benchmark: the figures for the README, printed.
  using Clock = std::chrono::steady_clock;
  Array X = randomFloats({64, 100}, 1, 9), T = oneHot(64, 10);
  auto time = [&](Mlp &mlp, int calls) {
    auto start = Clock::now();
    for (int i = 0; i < calls; ++i)
      mlp.train(X, T);
    return std::chrono::duration<double>(Clock::now() - start).count() / calls * 1e3;
  };
  Mlp fast("FAST_RUN", 100, 200, 10), debug("DebugMode", 100, 200, 10);
  double fastFirst = time(fast, 1), debugFirst = time(debug, 1);
  double fastLater = time(fast, 20), debugLater = time(debug, 5);
  std::cout << "MLP step (64x100 -> 200 -> 10): FAST_RUN first call " << fastFirst
            << " ms, later " << fastLater << " ms; DebugMode first call " << debugFirst
            << " ms, later " << debugLater << " ms (x" << debugLater / fastLater << ")\n";
}
