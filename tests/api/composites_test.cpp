// theta/Composites.h: each function against its definition computed in C++
// on random inputs (float32 and float64), and the differentiable ones against
// float64 finite differences (verify_grad).
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

using namespace theta;
using theta_test::randomArray;
using theta_test::values;
using Inputs = std::vector<Variable>;

namespace {

/// f(x) elementwise, against `reference`, in float64 and float32.
void expectElementwise(const std::function<Variable(const Variable &)> &f,
                       const std::function<double(double)> &reference, double low, double high) {
  for (DType dtype : {DType::Float64, DType::Float32}) {
    Variable x = tensor(dtype, 2, "x");
    Function compiled = function({x}, f(x));
    Array input = randomArray({7, 9}, low, high, 3).astype(dtype);
    Array got = compiled({input})[0];
    ASSERT_EQ(got.dtype(), dtype);
    ASSERT_EQ(got.shape(), input.shape());
    double tolerance = dtype == DType::Float64 ? 1e-12 : 2e-6;
    for (int64_t i = 0; i < input.size(); ++i) {
      double want = reference(input.at(i));
      EXPECT_NEAR(got.at(i), want, tolerance * (1 + std::abs(want)))
          << dtypeName(dtype) << " at x = " << input.at(i);
    }
  }
}

void expectGradient(const std::function<Variable(const Inputs &)> &f,
                    const std::vector<Shape> &shapes, double low = -1, double high = 1) {
  for (uint64_t trial = 0; trial < 2; ++trial) {
    std::vector<Array> points;
    for (const Shape &shape : shapes)
      points.push_back(randomArray(shape, low, high, 11 + trial));
    VerifyGradReport report = verify_grad(f, points);
    EXPECT_LT(report.max_rel_error, 1e-5);
  }
}

TEST(Composites, ElementwiseAgainstTheirDefinitions) {
  expectElementwise([](const Variable &x) { return clip(x, -0.5, 0.25); },
                    [](double v) { return std::min(std::max(v, -0.5), 0.25); }, -1, 1);
  expectElementwise([](const Variable &x) { return ceil(x); },
                    [](double v) { return std::ceil(v); }, -5, 5);
  expectElementwise([](const Variable &x) { return trunc(x); },
                    [](double v) { return std::trunc(v); }, -5, 5);
  expectElementwise([](const Variable &x) { return round_(x); },
                    [](double v) { return std::round(v); }, -5, 5); // halves away from 0
  expectElementwise([](const Variable &x) { return exp2(x); },
                    [](double v) { return std::exp2(v); }, -3, 3);
  expectElementwise([](const Variable &x) { return log2(x); },
                    [](double v) { return std::log2(v); }, 0.1, 9);
  expectElementwise([](const Variable &x) { return log10(x); },
                    [](double v) { return std::log10(v); }, 0.1, 9);
  expectElementwise([](const Variable &x) { return mod(x, 0.75); },
                    [](double v) { return v - std::floor(v / 0.75) * 0.75; }, -3, 3);
  expectElementwise([](const Variable &x) { return int_div(x, -0.75); },
                    [](double v) { return std::floor(v / -0.75); }, -3, 3);
  expectElementwise([](const Variable &x) { return nnet::relu(x, 0.1); },
                    [](double v) { return v > 0 ? v : 0.1 * v; }, -2, 2);
  expectElementwise([](const Variable &x) { return nnet::elu(x, 0.7); },
                    [](double v) { return v > 0 ? v : 0.7 * (std::exp(v) - 1); }, -2, 2);
  expectElementwise([](const Variable &x) { return nnet::selu(x); },
                    [](double v) {
                      return 1.0507009873554805 *
                             (v > 0 ? v : 1.6732632423543772 * (std::exp(v) - 1));
                    },
                    -2, 2);
  expectElementwise([](const Variable &x) { return nnet::hard_sigmoid(x); },
                    [](double v) { return std::min(1.0, std::max(0.0, 0.2 * v + 0.5)); }, -4, 4);
}

TEST(Composites, RoundingHalvesAwayFromZeroAndIntegerDivisionIsPythons) {
  Variable x = dvector("x");
  std::vector<double> halves = {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5};
  EXPECT_EQ(values(function({x}, round_(x))(Array::fromVector(halves))[0]),
            (std::vector<double>{-3, -2, -1, 1, 2, 3}));
  Variable a = lvector("a"), b = lvector("b");
  Function f = function({a, b}, {int_div(a, b), mod(a, b)});
  std::vector<Array> r = f(Array::fromVector<int64_t>({7, -7, 7, -7, 0}),
                           Array::fromVector<int64_t>({2, 2, -2, -2, 3}));
  EXPECT_EQ(r[0].dtype(), DType::Int64);
  EXPECT_EQ(values(r[0]), (std::vector<double>{3, -4, -4, 3, 0}));   // Python's //
  EXPECT_EQ(values(r[1]), (std::vector<double>{1, 1, -1, -1, 0}));   // Python's %
}

TEST(Composites, ReductionsAndShapes) {
  Variable m = dmatrix("m");
  Array input = randomArray({4, 5}, -1, 1, 5);
  Function f = function({m}, {var(m, std::vector<int64_t>{1}), std_(m), norm(m, 1),
                              norm(m, 2, std::vector<int64_t>{0}), argmin(m, 1),
                              swapaxes(m, 0, 1), stack({m, m * 2.0}, 1)});
  std::vector<Array> r = f(input);
  auto at = [&](int64_t i, int64_t j) { return input.at(i * 5 + j); };
  for (int64_t i = 0; i < 4; ++i) {
    double mean = 0, square = 0;
    for (int64_t j = 0; j < 5; ++j)
      mean += at(i, j) / 5;
    for (int64_t j = 0; j < 5; ++j)
      square += (at(i, j) - mean) * (at(i, j) - mean) / 5;
    EXPECT_NEAR(r[0].at(i), square, 1e-12);
    int64_t smallest = 0;
    for (int64_t j = 1; j < 5; ++j)
      if (at(i, j) < at(i, smallest))
        smallest = j;
    EXPECT_EQ(r[4].at(i), double(smallest));
  }
  double all = 0, allSquares = 0, l1 = 0;
  for (int64_t k = 0; k < 20; ++k)
    all += input.at(k) / 20;
  for (int64_t k = 0; k < 20; ++k) {
    allSquares += (input.at(k) - all) * (input.at(k) - all) / 20;
    l1 += std::abs(input.at(k));
  }
  EXPECT_NEAR(r[1].item<double>(), std::sqrt(allSquares), 1e-12);
  EXPECT_NEAR(r[2].item<double>(), l1, 1e-12);
  for (int64_t j = 0; j < 5; ++j) {
    double column = 0;
    for (int64_t i = 0; i < 4; ++i)
      column += at(i, j) * at(i, j);
    EXPECT_NEAR(r[3].at(j), std::sqrt(column), 1e-12);
  }
  ASSERT_EQ(r[5].shape(), (Shape{5, 4}));
  ASSERT_EQ(r[6].shape(), (Shape{4, 2, 5}));
  for (int64_t i = 0; i < 4; ++i)
    for (int64_t j = 0; j < 5; ++j) {
      EXPECT_EQ(r[5].at(j * 4 + i), at(i, j));
      EXPECT_EQ(r[6].at(i * 10 + j), at(i, j));
      EXPECT_EQ(r[6].at(i * 10 + 5 + j), 2 * at(i, j));
    }
}

TEST(Composites, AllAnyOuter) {
  Variable m = dmatrix("m"), a = dvector("a"), b = dvector("b");
  Array input = Array::fromVector<double>({0, 1, 2, 3, 0, 0}, {2, 3});
  std::vector<Array> r = function({m}, {all(m), any(m), all(m, std::vector<int64_t>{1}),
                                        any(m, std::vector<int64_t>{0})})(input);
  EXPECT_EQ(r[0].dtype(), DType::Bool);
  EXPECT_EQ(values(r[0]), std::vector<double>{0});
  EXPECT_EQ(values(r[1]), std::vector<double>{1});
  EXPECT_EQ(values(r[2]), (std::vector<double>{0, 0}));
  EXPECT_EQ(values(r[3]), (std::vector<double>{1, 1, 1}));
  Array o = function({a, b}, outer(a, b))(Array::fromVector<double>({1, 2}),
                                          Array::fromVector<double>({3, 4, 5}))[0];
  EXPECT_EQ(values(o), (std::vector<double>{3, 4, 5, 6, 8, 10}));
}

TEST(Composites, ErrorsNameTheCall) {
  Variable m = dmatrix("m"), v = dvector("v");
  theta_test::expectError<ShapeError>([&] { outer(m, v); },
                                      {"composites_test.cpp", "outer takes two vectors"});
  theta_test::expectError<ArgumentError>([&] { swapaxes(m, 0, 2); },
                                      {"composites_test.cpp", "axis 2 is out of range"});
  theta_test::expectError<ShapeError>([&] { stack({m, v}); }, {"stack takes tensors of one rank"});
  theta_test::expectError<ArgumentError>([&] { norm(m, 3); }, {"ord 1 and 2"});
}

TEST(Composites, GradientsMatchFiniteDifferences) {
  expectGradient([](const Inputs &x) { return clip(x[0], -0.5, 0.5); }, {{3, 4}});
  expectGradient([](const Inputs &x) { return outer(x[0], x[1]); }, {{3}, {4}});
  expectGradient([](const Inputs &x) { return var(x[0], std::vector<int64_t>{1}); }, {{3, 4}});
  expectGradient([](const Inputs &x) { return std_(x[0]); }, {{3, 4}});
  expectGradient([](const Inputs &x) { return norm(x[0], 2); }, {{5}});
  expectGradient([](const Inputs &x) { return norm(x[0], 1, std::vector<int64_t>{0}); }, {{3, 2}});
  expectGradient([](const Inputs &x) { return stack({x[0], x[1]}, -1); }, {{2, 3}, {2, 3}});
  expectGradient([](const Inputs &x) { return swapaxes(x[0], 0, 2); }, {{2, 3, 4}});
  expectGradient([](const Inputs &x) { return exp2(x[0]) + log2(x[1]) + log10(x[1]); },
                 {{4}, {4}}, 0.5, 2);
  expectGradient([](const Inputs &x) { return nnet::relu(x[0], 0.2); }, {{6}});
  expectGradient([](const Inputs &x) { return nnet::elu(x[0], 0.5); }, {{6}});
  expectGradient([](const Inputs &x) { return nnet::selu(x[0]); }, {{6}});
  expectGradient([](const Inputs &x) { return nnet::hard_sigmoid(x[0]); }, {{6}});
  expectGradient(
      [](const Inputs &x) { return nnet::sigmoid_binary_crossentropy(x[0], x[1]); },
      {{5}, {5}}, 0.05, 0.95);
}

TEST(Composites, SigmoidBinaryCrossentropyIsStableForLargeLogits) {
  Variable z = dvector("z"), t = dvector("t");
  Array r = function({z, t}, nnet::sigmoid_binary_crossentropy(z, t))(
      Array::fromVector<double>({800, -800, 0}), Array::fromVector<double>({0, 1, 1}))[0];
  EXPECT_NEAR(r.at(0), 800, 1e-9);
  EXPECT_NEAR(r.at(1), 800, 1e-9);
  EXPECT_NEAR(r.at(2), std::log(2.0), 1e-12);
}

} // namespace
