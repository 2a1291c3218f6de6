// grad / Lop / Rop / jacobian / hessian through the API: the seed tutorial's
// examples, errors at the user's line, constants, stop-gradient, shared
// variables and training with updates computed from grad.
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <cmath>

using namespace theta;
using theta_test::values;

namespace {

std::vector<double> run1(const Function &f, const std::vector<Array> &args, size_t output = 0) {
  return values(f(args)[output]);
}

Array vec(std::vector<double> v) { return Array::fromVector<double>(v); }

} // namespace

TEST(Grad, SquareAtMinusTwoIsMinusFour) {
  Variable x = dscalar("x");
  Variable y = pow(x, 2.0);
  Function f = function({x}, grad(y, x));
  EXPECT_DOUBLE_EQ(f(-2.0)[0].item<double>(), -4.0);
  EXPECT_DOUBLE_EQ(f(3.0)[0].item<double>(), 6.0);
}

TEST(Grad, ProductGradientsAreSwapped) {
  Variable x1 = dscalar("x1"), x2 = dscalar("x2");
  Variable y = x1 * x2;
  Function f = function({x1, x2}, grad(y, {x1, x2}));
  std::vector<Array> g = f(3.0, 5.0);
  EXPECT_DOUBLE_EQ(g[0].item<double>(), 5.0);
  EXPECT_DOUBLE_EQ(g[1].item<double>(), 3.0);
}

TEST(Grad, SumOfProductWrtAIsB) {
  Variable A = dmatrix("A"), B = dmatrix("B");
  Variable D = sum(A * B);
  Function f = function({A, B}, grad(D, A));
  Array a = Array::fromVector<double>({1, 2, 3, 4, 5, 6}, {2, 3});
  Array b = Array::fromVector<double>({7, 8, 9, 10, 11, 12}, {2, 3});
  std::vector<Array> g = f(a, b);
  EXPECT_EQ(g[0].shape(), (Shape{2, 3}));
  EXPECT_EQ(values(g[0]), values(b));
}

TEST(Grad, NonScalarCostIsRefusedAtTheUsersLine) {
  Variable x = vector("x");
  Variable y = x * 2.0;
  int line = __LINE__ + 2;
  try {
    grad(y, x);
    FAIL() << "a vector cost was accepted";
  } catch (const TypeError &error) {
    std::string message = error.what();
    EXPECT_NE(message.find("gradient_test.cpp:" + std::to_string(line)), std::string::npos)
        << message;
    EXPECT_NE(message.find("the cost must be a scalar"), std::string::npos) << message;
    EXPECT_NE(message.find("float32 vector"), std::string::npos) << message;
  }
}

TEST(Grad, DisconnectedInputRaisesOrGivesZeros) {
  Variable x = vector("x"), z = vector("z");
  Variable cost = sum(x * x);
  try {
    grad(cost, z);
    FAIL() << "a disconnected wrt was accepted";
  } catch (const GradientError &error) {
    std::string message = error.what();
    EXPECT_NE(message.find("gradient_test.cpp"), std::string::npos) << message;
    EXPECT_NE(message.find("does not depend on 'z'"), std::string::npos) << message;
    EXPECT_NE(message.find("not part of the computational graph of the cost"),
              std::string::npos) << message;
  }
  GradOptions zero;
  zero.disconnected = Disconnected::Zero;
  Function f = function({x, z}, grad(cost, {x, z}, zero));
  std::vector<Array> g = f(Array::fromVector<float>({1, 2}), Array::fromVector<float>({3, 4, 5}));
  EXPECT_EQ(values(g[0]), (std::vector<double>{2, 4}));
  EXPECT_EQ(values(g[1]), (std::vector<double>{0, 0, 0}));
}

TEST(Grad, ComparisonsDisconnect) {
  // Only a non-differentiable op links x to the cost (Theano raises too).
  Variable x = vector("x");
  Variable cost = sum(cast(x > 0.0f, DType::Float32));
  EXPECT_THROW(grad(cost, x), GradientError);
}

TEST(Grad, ConsiderConstantAndDisconnectedGrad) {
  Variable x = dvector("x");
  Variable h = x * x;
  GradOptions options;
  options.consider_constant = {h};
  // d/dx (x * h) with h constant is h.
  Function f = function({x}, {grad(sum(x * h), x, options),
                              grad(sum(x * disconnected_grad(h)), x), grad(sum(x * h), x)});
  std::vector<Array> g = f(vec({1, 2, 3}));
  EXPECT_EQ(values(g[0]), (std::vector<double>{1, 4, 9}));
  EXPECT_EQ(values(g[1]), (std::vector<double>{1, 4, 9}));
  EXPECT_EQ(values(g[2]), (std::vector<double>{3, 12, 27}));
}

TEST(Grad, WithRespectToAnIntermediateNode) {
  Variable x = dvector("x");
  Variable h = tanh(x);
  Variable cost = sum(h * h);
  Function f = function({x}, grad(cost, h));
  std::vector<double> g = run1(f, {vec({0.5, -1.0})});
  EXPECT_NEAR(g[0], 2 * std::tanh(0.5), 1e-12);
  EXPECT_NEAR(g[1], 2 * std::tanh(-1.0), 1e-12);
}

TEST(Grad, BroadcastIsUndone) {
  Variable X = dmatrix("X"), b = dvector("b"), s = dscalar("s");
  Variable cost = sum((X + b) * s);
  Function f = function({X, b, s}, grad(cost, {b, s}));
  std::vector<Array> g = f(Array::fromVector<double>({1, 2, 3, 4, 5, 6}, {3, 2}), vec({1, 1}),
                           2.0);
  EXPECT_EQ(g[0].shape(), (Shape{2}));
  EXPECT_EQ(values(g[0]), (std::vector<double>{6, 6}));
  EXPECT_EQ(g[1].rank(), 0);
  EXPECT_DOUBLE_EQ(g[1].item<double>(), 1 + 2 + 3 + 4 + 5 + 6 + 6);
}

TEST(Grad, HessianOfACubic) {
  Variable x = dvector("x");
  Function f = function({x}, hessian(sum(x * x * x), x));
  std::vector<Array> h = f(vec({1, 2, 3}));
  EXPECT_EQ(h[0].shape(), (Shape{3, 3}));
  EXPECT_EQ(values(h[0]), (std::vector<double>{6, 0, 0, 0, 12, 0, 0, 0, 18}));
}

TEST(Grad, LargeHessianIsALoop) {
  // 200 rows: one scan over the rows (compile time independent of the size,
  // where 200 written-out sweeps took 18 s to compile).
  constexpr int64_t n = 200;
  Variable x = dvector("x");
  Function f = function({x}, hessian(sum(exp(x) * x), x));
  Array input = Array::zeros(DType::Float64, {n});
  for (int64_t i = 0; i < n; ++i)
    input.data<double>()[i] = 0.01 * static_cast<double>(i) - 1;
  Array h = f(input)[0];
  ASSERT_EQ(h.shape(), (Shape{n, n}));
  for (int64_t i = 0; i < n; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double xi = input.data<double>()[i];
      double expected = i == j ? std::exp(xi) * (xi + 2) : 0; // d2/dx2 of x e^x
      ASSERT_NEAR(h.data<double>()[i * n + j], expected, 1e-12) << i << ", " << j;
    }
}

TEST(Grad, LargeJacobianOfAMatrixExpression) {
  Variable x = dvector("x");
  Variable W = constant(Array::fromVector<double>(std::vector<double>(60, 0.5), {20, 3}));
  Variable y = reshape(tanh(dot(W, x)), {4, 5}); // R^3 -> R^(4x5), 20 rows
  Function f = function({x}, jacobian(y, x));
  Array J = f(vec({0.1, -0.2, 0.3}))[0];
  ASSERT_EQ(J.shape(), (Shape{4, 5, 3}));
  double z = 0.5 * (0.1 - 0.2 + 0.3), d = 1 - std::tanh(z) * std::tanh(z);
  for (int64_t k = 0; k < J.size(); ++k)
    EXPECT_NEAR(J.data<double>()[k], d * 0.5, 1e-12);
}

TEST(Grad, JacobianLopAndRopAgree) {
  Variable x = dvector("x"), u = dvector("u"), v = dvector("v");
  Variable W = constant(Array::fromVector<double>({1, 2, 3, 4, 5, 6}, {2, 3}));
  Variable y = tanh(dot(W, x)); // R^3 -> R^2
  Function f = function({x, u, v}, {jacobian(y, x), Lop(y, x, u), Rop(y, x, v)});
  std::vector<Array> r = f(vec({0.1, -0.2, 0.05}), vec({1.5, -2}), vec({0.3, 0.7, -1}));
  std::vector<double> J = values(r[0]);
  ASSERT_EQ(r[0].shape(), (Shape{2, 3}));
  std::vector<double> u0{1.5, -2}, v0{0.3, 0.7, -1};
  for (int j = 0; j < 3; ++j)
    EXPECT_NEAR(values(r[1])[j], u0[0] * J[j] + u0[1] * J[3 + j], 1e-12);
  for (int i = 0; i < 2; ++i)
    EXPECT_NEAR(values(r[2])[i], J[3 * i] * v0[0] + J[3 * i + 1] * v0[1] + J[3 * i + 2] * v0[2],
                1e-12);
  // Check the Jacobian itself: diag(1 - y^2) W.
  double z0 = 1 * 0.1 + 2 * -0.2 + 3 * 0.05;
  EXPECT_NEAR(J[0], (1 - std::tanh(z0) * std::tanh(z0)) * 1, 1e-12);
}

TEST(Grad, SharedVariablesTrainWithUpdates) {
  // Least squares by gradient descent: w converges to the solution.
  Variable x = dmatrix("x"), y = dvector("y");
  SharedVariable w = shared(Array::zeros(DType::Float64, {2}), "w");
  Variable cost = mean(sqr(dot(x, w) - y));
  Variable gw = grad(cost, w);
  FunctionOptions options;
  options.updates = {{w, w - 0.1 * gw}};
  Function train = function({x, y}, cost, options);
  Array X = Array::fromVector<double>({1, 0, 0, 1, 1, 1}, {3, 2});
  Array Y = vec({1, -2, -1});
  double first = train(X, Y)[0].item<double>(), last = first;
  for (int i = 0; i < 300; ++i)
    last = train(X, Y)[0].item<double>();
  EXPECT_LT(last, 1e-6);
  EXPECT_LT(last, first);
  std::vector<double> solution = values(w.get_value());
  EXPECT_NEAR(solution[0], 1, 1e-3);
  EXPECT_NEAR(solution[1], -2, 1e-3);
}

TEST(Grad, TheUserGraphHoldsAGradNode) {
  // Expansion happens at compile time (--theta-autodiff), per signature.
  Variable x = vector("x");
  Function f = function({x}, grad(sum(exp(x)), x));
  EXPECT_NE(f.ir().find("theta.grad"), std::string::npos) << f.ir();
  std::vector<double> g = values(f(Array::fromVector<float>({0, 1}))[0]);
  EXPECT_NEAR(g[0], 1.0, 1e-6);
  EXPECT_NEAR(g[1], std::exp(1.0), 1e-5);
}
