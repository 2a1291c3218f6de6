// Every differentiable op against float64 finite differences (verify_grad),
// at random points, for several shapes and broadcasting patterns.
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

using namespace theta;
using theta_test::randomArray;
using Inputs = std::vector<Variable>;

namespace {

/// verify_grad at two random points per case; the report must cover every element.
void check(const std::function<Variable(const Inputs &)> &fun, std::vector<Shape> shapes,
           double low = -1.0, double high = 1.0, double tolerance = 1e-5) {
  for (uint64_t trial = 0; trial < 2; ++trial) {
    std::vector<Array> points;
    int64_t elements = 0;
    for (const Shape &shape : shapes) {
      points.push_back(randomArray(shape, low, high, trial));
      elements += points.back().size();
    }
    VerifyGradReport report = verify_grad(fun, points);
    EXPECT_EQ(report.elements_checked, elements * VerifyGradOptions().n_tests);
    EXPECT_LT(report.max_rel_error, tolerance);
  }
}

} // namespace

TEST(VerifyGrad, ElementwiseBinaryWithBroadcasting) {
  std::vector<std::vector<Shape>> patterns = {
      {{3, 4}, {3, 4}}, {{3, 1}, {1, 4}}, {{3, 4}, {4}}, {{}, {2, 3}}};
  for (const auto &shapes : patterns) {
    check([](const Inputs &x) { return x[0] + x[1]; }, shapes);
    check([](const Inputs &x) { return x[0] - x[1]; }, shapes);
    check([](const Inputs &x) { return x[0] * x[1]; }, shapes);
    check([](const Inputs &x) { return maximum(x[0], x[1]); }, shapes);
    check([](const Inputs &x) { return minimum(x[0], x[1]); }, shapes);
  }
  // Divisors and bases kept away from zero.
  check([](const Inputs &x) { return x[0] / x[1]; }, {{3, 1}, {1, 4}}, 0.5, 2.0);
  check([](const Inputs &x) { return pow(x[0], x[1]); }, {{3, 4}, {4}}, 0.5, 2.0);
  check([](const Inputs &x) { return pow(x[0], 3.0); }, {{5}}, -2.0, 2.0);
}

TEST(VerifyGrad, Switch) {
  check([](const Inputs &x) { return switch_(x[0] > 0.0, x[0] * x[1], x[1]); }, {{4, 3}, {4, 3}});
  check([](const Inputs &x) { return switch_(x[0] > 0.0, x[0], x[1]); }, {{4, 3}, {1, 3}});
}

TEST(VerifyGrad, ElementwiseUnary) {
  check([](const Inputs &x) { return -x[0]; }, {{2, 3}});
  check([](const Inputs &x) { return abs(x[0]); }, {{2, 3}});
  check([](const Inputs &x) { return exp(x[0]); }, {{2, 3}});
  check([](const Inputs &x) { return log(x[0]); }, {{2, 3}}, 0.5, 3.0);
  check([](const Inputs &x) { return log1p(x[0]); }, {{2, 3}}, -0.5, 3.0);
  check([](const Inputs &x) { return sqrt(x[0]); }, {{2, 3}}, 0.5, 3.0);
  check([](const Inputs &x) { return tanh(x[0]); }, {{2, 3}});
  check([](const Inputs &x) { return sigmoid(x[0]); }, {{2, 3}}, -4.0, 4.0);
  check([](const Inputs &x) { return softplus(x[0]); }, {{2, 3}}, -4.0, 4.0);
  check([](const Inputs &x) { return sqr(x[0]); }, {{7}});
  check([](const Inputs &x) { return sin(x[0]); }, {{2, 3}}, -3.0, 3.0);
  check([](const Inputs &x) { return cos(x[0]); }, {{2, 3}}, -3.0, 3.0);
  check([](const Inputs &x) { return tan(x[0]); }, {{2, 3}}, -1.2, 1.2);
  check([](const Inputs &x) { return arcsin(x[0]); }, {{2, 3}}, -0.9, 0.9);
  check([](const Inputs &x) { return arccos(x[0]); }, {{2, 3}}, -0.9, 0.9);
  check([](const Inputs &x) { return arctan(x[0]); }, {{2, 3}}, -3.0, 3.0);
  check([](const Inputs &x) { return sinh(x[0]); }, {{2, 3}}, -2.0, 2.0);
  check([](const Inputs &x) { return cosh(x[0]); }, {{2, 3}}, -2.0, 2.0);
  check([](const Inputs &x) { return expm1(x[0]); }, {{2, 3}}, -2.0, 2.0);
  check([](const Inputs &x) { return erf(x[0]); }, {{2, 3}}, -2.0, 2.0);
  check([](const Inputs &x) { return erfinv(x[0]); }, {{2, 3}}, -0.9, 0.9);
  // Piecewise constant: a zero gradient (points away from the jumps).
  check([](const Inputs &x) { return floor(x[0]) * x[0]; }, {{6}}, 0.1, 0.9);
  check([](const Inputs &x) { return sgn(x[0]) * x[0]; }, {{6}}, 0.1, 0.9);
}

TEST(VerifyGrad, CastThroughFloat32) {
  VerifyGradOptions loose;
  loose.eps = 1e-2; // float32 rounding needs a wide step
  loose.abs_tol = loose.rel_tol = 1e-3;
  VerifyGradReport report = verify_grad(
      [](const Inputs &x) { return cast(x[0], DType::Float32) * 2.0; }, {randomArray({5})}, loose);
  EXPECT_LT(report.max_rel_error, 1e-3);
}

TEST(VerifyGrad, DotForEveryRankPair) {
  auto product = [](const Inputs &x) { return dot(x[0], x[1]); };
  check(product, {{4}, {4}});
  check(product, {{3, 4}, {4}});
  check(product, {{4}, {4, 2}});
  check(product, {{3, 4}, {4, 2}});
  check(product, {{2, 3, 4}, {2, 4, 5}});
}

TEST(VerifyGrad, Reductions) {
  std::vector<std::optional<std::vector<int64_t>>> axesList = {
      std::nullopt, std::vector<int64_t>{0}, std::vector<int64_t>{1, 2},
      std::vector<int64_t>{-1}};
  for (const auto &axes : axesList) {
    for (bool keepdims : {false, true}) {
      check([&](const Inputs &x) { return sum(x[0], axes, keepdims); }, {{2, 3, 4}});
      check([&](const Inputs &x) { return mean(x[0], axes, keepdims); }, {{2, 3, 4}});
      check([&](const Inputs &x) { return max(x[0], axes, keepdims); }, {{2, 3, 4}});
      check([&](const Inputs &x) { return min(x[0], axes, keepdims); }, {{2, 3, 4}});
      check([&](const Inputs &x) { return prod(x[0], axes, keepdims); }, {{2, 3, 4}}, 0.5, 1.5);
    }
  }
}

TEST(VerifyGrad, ShapeManipulation) {
  check([](const Inputs &x) { return reshape(x[0], {4, -1}) * x[1]; }, {{2, 6}, {4, 3}});
  check([](const Inputs &x) { return flatten(x[0], 2); }, {{2, 3, 4}});
  check([](const Inputs &x) { return dimshuffle(x[0], {1, newaxis, 0}); }, {{3, 2}});
  // Dropping a dimension needs it broadcastable: keepdims makes it so.
  check([](const Inputs &x) { return dimshuffle(sum(x[0], {{1}}, true), {2, 0}); },
        {{3, 4, 2}});
  check([](const Inputs &x) { return transpose(x[0]) * x[1]; }, {{3, 2}, {2, 3}});
  check([](const Inputs &x) { return concatenate({x[0], tanh(x[1]), x[0]}, 1); },
        {{2, 3}, {2, 1}});
}

TEST(VerifyGrad, Indexing) {
  check([](const Inputs &x) { return subtensor(x[0], {1, Slice(0, std::nullopt, 2)}); },
        {{3, 5}});
  check([](const Inputs &x) { return subtensor(x[0], {Slice(-2, std::nullopt)}); }, {{4, 2}});
  check([](const Inputs &x) { return set_subtensor(x[0], {Slice(1, 3)}, x[1]); }, {{4, 3}, {3}});
  check([](const Inputs &x) { return inc_subtensor(x[0], {Slice(1, 3), 2}, x[1]); },
        {{4, 3}, {2}});
  check(
      [](const Inputs &x) {
        Array ids = Array::fromVector<int64_t>({2, 0, 2, -1});
        return take(x[0], constant(ids), 0);
      },
      {{3, 2}});
  check(
      [](const Inputs &x) {
        Array ids = Array::fromVector<int64_t>({1, 0, 1}, {3});
        return take(x[0], constant(ids), 1) * x[0].sum();
      },
      {{2, 2}});
}

TEST(VerifyGrad, Creation) {
  check([](const Inputs &x) { return alloc(x[0], {2, 3, 4}); }, {{3, 1}});
  check([](const Inputs &x) { return fill(x[1], x[0]) * x[1]; }, {{}, {2, 3}});
}

TEST(VerifyGrad, Composite) {
  // A logistic-regression cost and a small two-layer net.
  check(
      [](const Inputs &x) {
        Variable p = sigmoid(dot(x[0], x[1]) + x[2]);
        return mean(-(0.5 * log(p) + 0.5 * log(1.0 - p)));
      },
      {{5, 3}, {3}, {}});
  check(
      [](const Inputs &x) {
        Variable h = tanh(dot(x[0], x[1]) + x[2]);
        return sum(sqr(dot(h, x[3])));
      },
      {{4, 3}, {3, 5}, {5}, {5, 2}});
}

TEST(VerifyGrad, SecondOrder) {
  // The gradient of a gradient also passes the checker, at Theano's float64
  // tolerance (1e-4): finite differences of a derivative carry more
  // truncation error than those of a value (1.2e-5 seen at some points).
  check([](const Inputs &x) { return grad(sum(x[0] * x[0] * x[0] * x[1]), x[0]); },
        {{4}, {4}}, -1.0, 1.0, 1e-4);
  check([](const Inputs &x) { return grad(sum(tanh(dot(x[0], x[1]))), x[1]); },
        {{3, 4}, {4, 2}}, -1.0, 1.0, 1e-4);
  // take's gradient is index_add; differentiating it again exercises index_add's rule.
  check(
      [](const Inputs &x) {
        Variable ids = constant(Array::fromVector<int64_t>({0, 2, 0}));
        return grad(sum(sqr(take(x[0], ids, 0)) * x[1]), x[0]);
      },
      {{3, 2}, {3, 2}}, -1.0, 1.0, 1e-4);
}

TEST(VerifyGrad, DetectsAWrongGradient) {
  // x * stop_gradient(x) has true derivative 2x but autodiff sees only x.
  try {
    verify_grad([](const Inputs &x) { return x[0] * disconnected_grad(x[0]); },
                {randomArray({3}, 0.5, 1.0)});
    FAIL() << "verify_grad accepted a wrong gradient";
  } catch (const GradientError &error) {
    std::string message = error.what();
    EXPECT_NE(message.find("verify_grad_test.cpp"), std::string::npos) << message;
    EXPECT_NE(message.find("input #0 at element [0]"), std::string::npos) << message;
    EXPECT_NE(message.find("finite differences give"), std::string::npos) << message;
  }
}
