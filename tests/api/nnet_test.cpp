// theta::nnet functions: values against plain C++ references, stability for
// large logits, gradients against finite differences.
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <cmath>

using namespace theta;
using theta_test::randomArray;
using theta_test::values;
using Inputs = std::vector<Variable>;

TEST(NNet, SoftmaxAndLogSoftmaxMatchReferenceAndStayFinite) {
  Variable x = dmatrix("x");
  Function f = function({x}, {nnet::softmax(x), nnet::log_softmax(x), nnet::softmax(x, 0)});
  Array X = Array::fromVector<double>({1, 2, 3, 1000, 1001, -1000}, {2, 3});
  std::vector<Array> r = f(X);
  std::vector<double> s = values(r[0]), ls = values(r[1]), s0 = values(r[2]);
  for (int i = 0; i < 2; ++i) {
    double top = std::max({X.at(3 * i), X.at(3 * i + 1), X.at(3 * i + 2)}), total = 0;
    for (int j = 0; j < 3; ++j)
      total += std::exp(X.at(3 * i + j) - top);
    for (int j = 0; j < 3; ++j) {
      double expected = X.at(3 * i + j) - top - std::log(total);
      EXPECT_NEAR(ls[3 * i + j], expected, 1e-12);
      EXPECT_NEAR(s[3 * i + j], std::exp(expected), 1e-12);
    }
  }
  EXPECT_TRUE(std::isfinite(ls[5])); // log_softmax(-1000 next to 1001) = -2001, not -inf
  EXPECT_NEAR(ls[5], -2001.0 - std::log1p(std::exp(-1.0)), 1e-9);
  for (int j = 0; j < 3; ++j) // softmax over axis 0: columns sum to 1
    EXPECT_NEAR(s0[j] + s0[3 + j], 1.0, 1e-12);
}

TEST(NNet, ReluAndCrossEntropies) {
  Variable x = dvector("x"), p = dmatrix("p"), t = dmatrix("t"), q = dvector("q"),
           b = dvector("b");
  Function f = function({x, p, t, q, b}, {nnet::relu(x), nnet::categorical_crossentropy(p, t),
                                          nnet::binary_crossentropy(q, b)});
  std::vector<Array> r =
      f(Array::fromVector<double>({-1, 0.5, 2}),
        Array::fromVector<double>({0.2, 0.7, 0.1, 0.5, 0.25, 0.25}, {2, 3}),
        Array::fromVector<double>({0, 1, 0, 0, 0, 1}, {2, 3}), Array::fromVector<double>({0.9, 0.2}),
        Array::fromVector<double>({1, 0}));
  EXPECT_EQ(values(r[0]), (std::vector<double>{0, 0.5, 2}));
  EXPECT_NEAR(values(r[1])[0], -std::log(0.7), 1e-12);
  EXPECT_NEAR(values(r[1])[1], -std::log(0.25), 1e-12);
  EXPECT_NEAR(values(r[2])[0], -std::log(0.9), 1e-12);
  EXPECT_NEAR(values(r[2])[1], -std::log(0.8), 1e-12);
}

TEST(NNet, IntegerLabelsWithAKnownClassCount) {
  Variable labels = lvector("labels");
  Variable p = constant(Array::fromVector<double>({0.2, 0.7, 0.1, 0.5, 0.25, 0.25}, {2, 3}));
  Function f = function({labels}, nnet::categorical_crossentropy(p, labels));
  std::vector<double> loss = values(f(Array::fromVector<int64_t>({1, 2}))[0]);
  EXPECT_NEAR(loss[0], -std::log(0.7), 1e-12);
  EXPECT_NEAR(loss[1], -std::log(0.25), 1e-12);
}

TEST(NNet, IntegerLabelsWhenTheClassCountIsKnownOnlyAtTheCall) {
  // A dense layer on a shared matrix: the class count is not in the graph,
  // only in the value; the cost and its gradient still work (Theano's
  // categorical_crossentropy(softmax(dot(x, W)), y) with an ivector y).
  Variable x = dmatrix("x"), labels = lvector("labels");
  SharedVariable W = shared(randomArray({4, 3}, -1, 1, 3), "W");
  Variable p = nnet::softmax(dot(x, W));
  Variable cost = mean(nnet::categorical_crossentropy(p, labels));
  Function f = function({x, labels}, {cost, grad(cost, W), nnet::one_hot(labels, p)});
  Array X = randomArray({2, 4}, -1, 1, 4);
  std::vector<Array> r = f(X, Array::fromVector<int64_t>({2, 0}));
  EXPECT_EQ(values(r[2]), (std::vector<double>{0, 0, 1, 1, 0, 0}));
  // Against the same cost with one-hot targets given as data.
  Variable t = dmatrix("t");
  Variable oneHotCost = mean(nnet::categorical_crossentropy(p, t));
  Function g = function({x, t}, {oneHotCost, grad(oneHotCost, W)});
  std::vector<Array> e = g(X, Array::fromVector<double>({0, 0, 1, 1, 0, 0}, {2, 3}));
  EXPECT_NEAR(r[0].item<double>(), e[0].item<double>(), 1e-12);
  std::vector<double> got = values(r[1]), expected = values(e[1]);
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], expected[i], 1e-12);
}

TEST(NNet, GradientsPassTheNumericChecker) {
  auto check = [](const std::function<Variable(const Inputs &)> &fun, std::vector<Array> points) {
    VerifyGradReport report = verify_grad(fun, points);
    EXPECT_GT(report.elements_checked, 0);
  };
  check([](const Inputs &x) { return nnet::softmax(x[0]); }, {randomArray({3, 4}, -2, 2)});
  check([](const Inputs &x) { return nnet::softmax(x[0], 0); }, {randomArray({3, 4}, -2, 2)});
  check([](const Inputs &x) { return nnet::log_softmax(x[0]); }, {randomArray({3, 4}, -2, 2)});
  check([](const Inputs &x) { return nnet::relu(x[0]); }, {randomArray({6}, 0.1, 1.0)});
  check([](const Inputs &x) { return nnet::relu(x[0]); }, {randomArray({6}, -1.0, -0.1)});
  Array onehot = Array::fromVector<double>({0, 1, 0, 1, 0, 0}, {2, 3});
  check(
      [&](const Inputs &x) {
        return nnet::categorical_crossentropy(nnet::softmax(x[0]), constant(onehot));
      },
      {randomArray({2, 3})});
  check(
      [](const Inputs &x) {
        Variable t = constant(Array::fromVector<double>({1, 0, 1}));
        return nnet::binary_crossentropy(sigmoid(x[0]), t);
      },
      {randomArray({3})});
}
