// End to end: every API op compiled and run, compared against a plain C++
// reference, across dtypes, broadcasting cases and changing shapes.
#include <theta/theta.h>

#include "tests/api/TestUtil.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>

using namespace theta;

namespace {

using theta_test::values;

Array randomArray(DType dtype, Shape shape, uint32_t seed, double low = -2, double high = 2) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> dist(low, high);
  Array a = Array::zeros(DType::Float64, shape);
  for (int64_t i = 0; i < a.size(); ++i)
    a.data<double>()[i] = isFloat(dtype) ? dist(rng) : std::round(dist(rng) * 3);
  return a.astype(dtype);
}

/// Index of `coords` (right-aligned, broadcast) into an array of `shape`.
int64_t broadcastIndex(const Shape &shape, const Shape &result, const Shape &coords) {
  int64_t offset = static_cast<int64_t>(result.size() - shape.size());
  int64_t index = 0;
  for (size_t d = 0; d < shape.size(); ++d) {
    int64_t c = shape[d] == 1 ? 0 : coords[offset + d];
    index = index * shape[d] + c;
  }
  return index;
}

Shape broadcastShape(const Shape &a, const Shape &b) {
  Shape out(std::max(a.size(), b.size()), 1);
  for (size_t i = 0; i < out.size(); ++i) {
    int64_t da = i < out.size() - a.size() ? 1 : a[i - (out.size() - a.size())];
    int64_t db = i < out.size() - b.size() ? 1 : b[i - (out.size() - b.size())];
    out[i] = std::max(da, db);
  }
  return out;
}

std::vector<double> referenceBinary(const Array &a, const Array &b,
                                    const std::function<double(double, double)> &op,
                                    Shape &resultShape) {
  resultShape = broadcastShape(a.shape(), b.shape());
  int64_t count = 1;
  for (int64_t d : resultShape)
    count *= d;
  std::vector<double> out;
  Shape coords(resultShape.size(), 0);
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t rest = flat;
    for (int64_t d = static_cast<int64_t>(resultShape.size()) - 1; d >= 0; --d) {
      coords[d] = rest % resultShape[d];
      rest /= resultShape[d];
    }
    out.push_back(op(a.at(broadcastIndex(a.shape(), resultShape, coords)),
                     b.at(broadcastIndex(b.shape(), resultShape, coords))));
  }
  return out;
}

void expectNear(const std::vector<double> &actual, const std::vector<double> &expected,
                double tolerance, const std::string &what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (size_t i = 0; i < actual.size(); ++i) {
    if (std::isnan(expected[i])) {
      EXPECT_TRUE(std::isnan(actual[i])) << what << " at " << i;
      continue;
    }
    EXPECT_NEAR(actual[i], expected[i], tolerance * (1 + std::fabs(expected[i])))
        << what << " at " << i;
  }
}

struct BinaryCase {
  const char *name;
  std::function<Variable(Variable, Variable)> build;
  std::function<double(double, double)> reference;
  bool floatOnly = false;
};

std::vector<BinaryCase> binaryCases() {
  return {
      {"add", [](Variable a, Variable b) { return a + b; }, std::plus<double>()},
      {"sub", [](Variable a, Variable b) { return a - b; }, std::minus<double>()},
      {"mul", [](Variable a, Variable b) { return a * b; }, std::multiplies<double>()},
      {"div", [](Variable a, Variable b) { return a / b; }, std::divides<double>(), true},
      {"pow", [](Variable a, Variable b) { return pow(abs(a) + 0.5, b); },
       [](double a, double b) { return std::pow(std::fabs(a) + 0.5, b); }, true},
      {"maximum", [](Variable a, Variable b) { return maximum(a, b); },
       [](double a, double b) { return std::max(a, b); }},
      {"minimum", [](Variable a, Variable b) { return minimum(a, b); },
       [](double a, double b) { return std::min(a, b); }},
      {"gt", [](Variable a, Variable b) { return a > b; },
       [](double a, double b) { return double(a > b); }},
      {"ge", [](Variable a, Variable b) { return a >= b; },
       [](double a, double b) { return double(a >= b); }},
      {"lt", [](Variable a, Variable b) { return a < b; },
       [](double a, double b) { return double(a < b); }},
      {"le", [](Variable a, Variable b) { return a <= b; },
       [](double a, double b) { return double(a <= b); }},
      {"eq", [](Variable a, Variable b) { return eq(a, b); },
       [](double a, double b) { return double(a == b); }},
      {"neq", [](Variable a, Variable b) { return neq(a, b); },
       [](double a, double b) { return double(a != b); }},
  };
}

struct ShapePair {
  int64_t rankA, rankB;
  Shape a, b;
};

class BinaryOps : public ::testing::TestWithParam<DType> {};

TEST_P(BinaryOps, MatchReferenceAcrossBroadcasting) {
  DType dtype = GetParam();
  std::vector<ShapePair> shapes = {
      {1, 1, {5}, {5}},          {2, 2, {4, 1}, {1, 3}}, {2, 1, {2, 3}, {3}},
      {0, 2, {}, {2, 2}},        {3, 3, {2, 1, 4}, {1, 3, 1}},
  };
  uint32_t seed = 1;
  for (const BinaryCase &c : binaryCases()) {
    if (c.floatOnly && !isFloat(dtype))
      continue;
    for (const ShapePair &s : shapes) {
      Variable a = tensor(dtype, s.rankA, "a"), b = tensor(dtype, s.rankB, "b");
      Function f = function({a, b}, c.build(a, b));
      Array x = randomArray(dtype, s.a, seed++), y = randomArray(dtype, s.b, seed++);
      if (std::string(c.name) == "div" || std::string(c.name) == "pow")
        y = randomArray(dtype, s.b, seed++, 0.5, 2);
      Array result = f(x, y)[0];
      Shape expectedShape;
      std::vector<double> expected = referenceBinary(x, y, c.reference, expectedShape);
      EXPECT_EQ(result.shape(), expectedShape) << c.name;
      double tolerance = dtype == DType::Float32 ? 1e-5 : 1e-12;
      expectNear(values(result), expected, tolerance,
                 std::string(c.name) + " " + dtypeName(dtype) + " " + shapeString(s.a) + "," +
                     shapeString(s.b));
    }
  }
}

INSTANTIATE_TEST_SUITE_P(DTypes, BinaryOps,
                         ::testing::Values(DType::Float32, DType::Float64, DType::Int32,
                                           DType::Int64),
                         [](const auto &info) { return std::string(dtypeName(info.param)); });

TEST(UnaryOps, MatchReference) {
  struct Case {
    const char *name;
    std::function<Variable(Variable)> build;
    std::function<double(double)> reference;
    double low, high;
  };
  std::vector<Case> cases = {
      {"neg", [](Variable v) { return -v; }, [](double v) { return -v; }, -3, 3},
      {"abs", [](Variable v) { return abs(v); }, [](double v) { return std::fabs(v); }, -3, 3},
      {"sgn", [](Variable v) { return sgn(v); },
       [](double v) { return double((v > 0) - (v < 0)); }, -3, 3},
      {"exp", [](Variable v) { return exp(v); }, [](double v) { return std::exp(v); }, -5, 5},
      {"log", [](Variable v) { return log(v); }, [](double v) { return std::log(v); }, 0.01, 9},
      {"log1p", [](Variable v) { return log1p(v); }, [](double v) { return std::log1p(v); },
       -0.5, 9},
      {"sqrt", [](Variable v) { return sqrt(v); }, [](double v) { return std::sqrt(v); }, 0, 9},
      {"tanh", [](Variable v) { return tanh(v); }, [](double v) { return std::tanh(v); }, -6, 6},
      {"sigmoid", [](Variable v) { return sigmoid(v); },
       [](double v) { return 1 / (1 + std::exp(-v)); }, -30, 30},
      {"softplus", [](Variable v) { return softplus(v); },
       [](double v) { return std::log1p(std::exp(-std::fabs(v))) + std::max(v, 0.0); }, -40, 40},
      {"floor", [](Variable v) { return floor(v); }, [](double v) { return std::floor(v); }, -3,
       3},
      {"sqr", [](Variable v) { return sqr(v); }, [](double v) { return v * v; }, -3, 3},
      {"sin", [](Variable v) { return sin(v); }, [](double v) { return std::sin(v); }, -7, 7},
      {"cos", [](Variable v) { return cos(v); }, [](double v) { return std::cos(v); }, -7, 7},
      {"tan", [](Variable v) { return tan(v); }, [](double v) { return std::tan(v); }, -1.4,
       1.4},
      {"arcsin", [](Variable v) { return arcsin(v); }, [](double v) { return std::asin(v); },
       -1, 1},
      {"arccos", [](Variable v) { return arccos(v); }, [](double v) { return std::acos(v); },
       -1, 1},
      {"arctan", [](Variable v) { return arctan(v); }, [](double v) { return std::atan(v); },
       -9, 9},
      {"sinh", [](Variable v) { return sinh(v); }, [](double v) { return std::sinh(v); }, -5, 5},
      {"cosh", [](Variable v) { return cosh(v); }, [](double v) { return std::cosh(v); }, -5, 5},
      {"expm1", [](Variable v) { return expm1(v); }, [](double v) { return std::expm1(v); },
       -1e-3, 1e-3},
      {"expm1 wide", [](Variable v) { return expm1(v); },
       [](double v) { return std::expm1(v); }, -3, 3},
      {"erf", [](Variable v) { return erf(v); }, [](double v) { return std::erf(v); }, -3, 3},
      // erf(erfinv(y)) = y, and erfinv(erf(x)) = x for x in [-2, 2].
      {"erfinv", [](Variable v) { return erfinv(erf(v)); }, [](double v) { return v; }, -2, 2},
      {"erf(erfinv)", [](Variable v) { return erf(erfinv(v)); }, [](double v) { return v; },
       -0.999, 0.999},
  };
  uint32_t seed = 100;
  for (DType dtype : {DType::Float32, DType::Float64}) {
    for (const Case &c : cases) {
      Variable v = tensor(dtype, 2, "v");
      Function f = function({v}, c.build(v));
      Array input = randomArray(dtype, {3, 7}, seed++, c.low, c.high);
      std::vector<double> expected;
      for (double e : values(input))
        expected.push_back(c.reference(e));
      double tolerance = dtype == DType::Float32 ? 2e-5 : 1e-12;
      expectNear(values(f(input)[0]), expected, tolerance,
                 std::string(c.name) + " " + dtypeName(dtype));
    }
  }
}

TEST(ElementwiseChain, SeedBenchmarkExpression) {
  Variable a = fscalar("a"), xv = fvector("x");
  Variable y = sigmoid(a * xv + 1.5) * tanh(xv) - exp(-(xv * xv));
  Function f = function({a, xv}, y);
  Array input = randomArray(DType::Float32, {1000}, 7);
  std::vector<double> expected;
  for (double e : values(input))
    expected.push_back(1 / (1 + std::exp(-(0.5 * e + 1.5))) * std::tanh(e) - std::exp(-e * e));
  expectNear(values(f(Array(0.5f), input)[0]), expected, 1e-5, "chain");
}

TEST(ElementwiseOps, SwitchCastAndLogic) {
  Variable c = tensor(DType::Bool, 1, "c"), a = dvector("a"), b = dvector("b");
  Function f = function({c, a, b}, {switch_(c, a, b), cast(a, DType::Int32),
                                     cast(a > 0.0, DType::Float64), (a > 0.0) & ~c,
                                     (a > 0.0) | c});
  Array cond = Array::fromVector<bool>({true, false, true});
  Array x = Array::fromVector<double>({1.5, -2.7, 3.2});
  Array y = Array::fromVector<double>({-1, -1, -1});
  std::vector<Array> r = f(cond, x, y);
  EXPECT_EQ(values(r[0]), (std::vector<double>{1.5, -1, 3.2}));
  EXPECT_EQ(r[1].dtype(), DType::Int32);
  EXPECT_EQ(values(r[1]), (std::vector<double>{1, -2, 3}));
  EXPECT_EQ(values(r[2]), (std::vector<double>{1, 0, 1}));
  EXPECT_EQ(values(r[3]), (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(values(r[4]), (std::vector<double>{1, 0, 1}));
}

TEST(Products, DotForEveryRankCombination) {
  for (DType dtype : {DType::Float32, DType::Float64, DType::Int64}) {
    Variable m = tensor(dtype, 2, "m"), n = tensor(dtype, 2, "n"), v = tensor(dtype, 1, "v");
    Variable b1 = tensor(dtype, 3, "b1"), b2 = tensor(dtype, 3, "b2");
    Function f = function({m, n, v, b1, b2},
                          {dot(m, n), dot(m, v), dot(v, n), dot(v, v), batched_dot(b1, b2)});
    Array M = randomArray(dtype, {3, 4}, 1), N = randomArray(dtype, {4, 2}, 2);
    Array V = randomArray(dtype, {4}, 3), V3 = randomArray(dtype, {3}, 4);
    Array B1 = randomArray(dtype, {2, 3, 4}, 5), B2 = randomArray(dtype, {2, 4, 2}, 6);
    // v·n needs len(v) == rows(n): use a 4-vector and n (4x2).
    std::vector<Array> r = f(M, N, V, B1, B2);
    auto mm = [&](const Array &A, const Array &B, int64_t rows, int64_t inner, int64_t cols,
                  int64_t offA, int64_t offB) {
      std::vector<double> out;
      for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < cols; ++j) {
          double s = 0;
          for (int64_t k = 0; k < inner; ++k)
            s += A.at(offA + i * inner + k) * B.at(offB + k * cols + j);
          out.push_back(s);
        }
      return out;
    };
    double tol = dtype == DType::Float32 ? 1e-5 : 1e-12;
    expectNear(values(r[0]), mm(M, N, 3, 4, 2, 0, 0), tol, "matmul");
    expectNear(values(r[1]), mm(M, V, 3, 4, 1, 0, 0), tol, "matvec");
    expectNear(values(r[2]), mm(V, N, 1, 4, 2, 0, 0), tol, "vecmat");
    expectNear(values(r[3]), mm(V, V, 1, 4, 1, 0, 0), tol, "dot");
    std::vector<double> batched = mm(B1, B2, 3, 4, 2, 0, 0);
    std::vector<double> second = mm(B1, B2, 3, 4, 2, 12, 8);
    batched.insert(batched.end(), second.begin(), second.end());
    expectNear(values(r[4]), batched, tol, "batch_matmul");
    EXPECT_EQ(r[4].shape(), (Shape{2, 3, 2}));
    (void)V3;
  }
}

TEST(Products, LargeProductsGoThroughBlas) {
  // Big enough for --theta-linalg-to-blas: plain, transposed operands, and a
  // slice (non-zero offset, leading dimension larger than the width).
  for (DType dtype : {DType::Float32, DType::Float64}) {
    Variable a = tensor(dtype, 2, "a"), b = tensor(dtype, 2, "b");
    Variable slice = subtensor(a, {Slice(1, 41), Slice(2, 50)});
    Array A = randomArray(dtype, {48, 64}, 11), B = randomArray(dtype, {48, 40}, 12);
    auto at = [](const Array &x, int64_t i, int64_t j) { return x.at(i * x.shape()[1] + j); };
    auto check = [&](const Array &got, int64_t rows, int64_t cols, int64_t inner,
                     const std::function<double(int64_t, int64_t)> &lhs,
                     const std::function<double(int64_t, int64_t)> &rhs, const char *what) {
      ASSERT_EQ(got.shape(), (Shape{rows, cols})) << what;
      double tol = dtype == DType::Float32 ? 1e-3 : 1e-10;
      for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < cols; ++j) {
          double sum = 0;
          for (int64_t k = 0; k < inner; ++k)
            sum += lhs(i, k) * rhs(k, j);
          ASSERT_NEAR(got.at(i * cols + j), sum, tol) << what << " at " << i << "," << j;
        }
    };
    Function g = function({a, b}, {dot(a.T(), b), dot(a.T(), a), dot(b, b.T()), dot(slice, b)});
    std::vector<Array> q = g(A, B);
    check(q[0], 64, 40, 48, [&](int64_t i, int64_t k) { return at(A, k, i); },
          [&](int64_t k, int64_t j) { return at(B, k, j); }, "a.T b");
    check(q[1], 64, 64, 48, [&](int64_t i, int64_t k) { return at(A, k, i); },
          [&](int64_t k, int64_t j) { return at(A, k, j); }, "a.T a");
    check(q[2], 48, 48, 40, [&](int64_t i, int64_t k) { return at(B, i, k); },
          [&](int64_t k, int64_t j) { return at(B, j, k); }, "b b.T");
    check(q[3], 40, 40, 48, [&](int64_t i, int64_t k) { return at(A, 1 + i, 2 + k); },
          [&](int64_t k, int64_t j) { return at(B, k, j); }, "a[1:41, 2:50] b");
  }
}

TEST(Products, OneRowOrColumnProductsGoThroughGemv) {
  // Products with one output column or row (the runtime hands them to gemv),
  // with each operand stored plain or transposed, and one accumulated into
  // (beta = 1).
  for (DType dtype : {DType::Float32, DType::Float64}) {
    Variable a = tensor(dtype, 2, "a"), c = tensor(dtype, 2, "c"), d = tensor(dtype, 2, "d");
    Variable r = tensor(dtype, 2, "r"), s = tensor(dtype, 2, "s"), acc = tensor(dtype, 2, "acc");
    Variable accRow = tensor(dtype, 2, "acc_row");
    // Column 3 of `a`: a vector whose elements are 200 apart (gemv's incx).
    Variable column = subtensor(a, {Slice(), Slice(3, 4)});
    Array A = randomArray(dtype, {300, 200}, 31), C = randomArray(dtype, {200, 1}, 32);
    Array D = randomArray(dtype, {300, 1}, 33), R = randomArray(dtype, {1, 200}, 34);
    Array S = randomArray(dtype, {1, 300}, 35), Acc = randomArray(dtype, {300, 1}, 36);
    Array AccRow = randomArray(dtype, {1, 200}, 37);
    Function f = function({a, c, d, r, s, acc, accRow},
                          {dot(a, c), dot(a.T(), d), dot(a, r.T()), dot(s, a), dot(d.T(), a),
                           dot(r, a.T()), acc + dot(a, c), dot(a.T(), column),
                           dot(column.T(), a), accRow + dot(s, a)});
    std::vector<Array> q = f(A, C, D, R, S, Acc, AccRow);
    auto at = [](const Array &x, int64_t i, int64_t j) { return x.at(i * x.shape()[1] + j); };
    double tol = dtype == DType::Float32 ? 1e-3 : 1e-10;
    auto check = [&](const Array &got, int64_t rows, int64_t cols, int64_t inner,
                     const std::function<double(int64_t, int64_t)> &lhs,
                     const std::function<double(int64_t, int64_t)> &rhs,
                     const std::function<double(int64_t, int64_t)> &initial, const char *what) {
      ASSERT_EQ(got.shape(), (Shape{rows, cols})) << what;
      for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < cols; ++j) {
          double sum = initial(i, j);
          for (int64_t k = 0; k < inner; ++k)
            sum += lhs(i, k) * rhs(k, j);
          ASSERT_NEAR(got.at(i * cols + j), sum, tol) << what << " at " << i << "," << j;
        }
    };
    auto zero = [](int64_t, int64_t) { return 0.0; };
    auto A_ = [&](int64_t i, int64_t k) { return at(A, i, k); };
    auto At = [&](int64_t i, int64_t k) { return at(A, k, i); };
    check(q[0], 300, 1, 200, A_, [&](int64_t k, int64_t) { return at(C, k, 0); }, zero, "a c");
    check(q[1], 200, 1, 300, At, [&](int64_t k, int64_t) { return at(D, k, 0); }, zero, "a.T d");
    check(q[2], 300, 1, 200, A_, [&](int64_t k, int64_t) { return at(R, 0, k); }, zero, "a r.T");
    check(q[3], 1, 200, 300, [&](int64_t, int64_t k) { return at(S, 0, k); }, A_, zero, "s a");
    check(q[4], 1, 200, 300, [&](int64_t, int64_t k) { return at(D, k, 0); }, A_, zero, "d.T a");
    check(q[5], 1, 300, 200, [&](int64_t, int64_t k) { return at(R, 0, k); }, At, zero, "r a.T");
    check(q[6], 300, 1, 200, A_, [&](int64_t k, int64_t) { return at(C, k, 0); },
          [&](int64_t i, int64_t) { return at(Acc, i, 0); }, "acc + a c");
    check(q[7], 200, 1, 300, At, [&](int64_t k, int64_t) { return at(A, k, 3); }, zero,
          "a.T a[:, 3]");
    check(q[8], 1, 200, 300, [&](int64_t, int64_t k) { return at(A, k, 3); }, A_, zero,
          "a[:, 3].T a");
    check(q[9], 1, 200, 300, [&](int64_t, int64_t k) { return at(S, 0, k); }, A_,
          [&](int64_t, int64_t j) { return at(AccRow, 0, j); }, "acc_row + s a");
  }
}

TEST(Parallel, LargeLoopsOnEveryCoreMatchReference) {
  // Big enough for OpenMP: elementwise with broadcasting and reductions both ways.
  Variable x = fmatrix("x"), v = fvector("v");
  Variable y = tanh(x) * v + 1.0f;
  Function f = function({x, v}, {y, sum(y, {{1}}), max(y, {{0}})});
  Array X = randomArray(DType::Float32, {640, 300}, 21), V = randomArray(DType::Float32, {300}, 22);
  std::vector<Array> r = f(X, V);
  for (int64_t i = 0; i < 640; ++i) {
    double rowSum = 0;
    for (int64_t j = 0; j < 300; ++j) {
      double expected = std::tanh(X.at(i * 300 + j)) * V.at(j) + 1.0;
      ASSERT_NEAR(r[0].at(i * 300 + j), expected, 1e-5);
      rowSum += expected;
    }
    ASSERT_NEAR(r[1].at(i), rowSum, 1e-3);
  }
  for (int64_t j = 0; j < 300; ++j) {
    double best = -1e30;
    for (int64_t i = 0; i < 640; ++i)
      best = std::max(best, std::tanh(X.at(i * 300 + j)) * V.at(j) + 1.0);
    ASSERT_NEAR(r[2].at(j), best, 1e-5);
  }
}

TEST(Reductions, AxesKeepdimsAndDTypes) {
  Variable t = dtensor3("t");
  Function f = function({t}, {sum(t), sum(t, std::vector<int64_t>{1}),
                              max(t, std::vector<int64_t>{0, 2}, true),
                              min(t, std::vector<int64_t>{-1}), prod(t, std::vector<int64_t>{2}),
                              mean(t, std::vector<int64_t>{0}), argmax(t, 2), argmax(t)});
  Array x = randomArray(DType::Float64, {2, 3, 4}, 11);
  std::vector<Array> r = f(x);
  auto at = [&](int64_t i, int64_t j, int64_t k) { return x.at((i * 3 + j) * 4 + k); };
  double total = 0;
  for (double e : values(x))
    total += e;
  EXPECT_NEAR(r[0].item<double>(), total, 1e-12);
  EXPECT_EQ(r[1].shape(), (Shape{2, 4}));
  EXPECT_NEAR(r[1].at(1 * 4 + 2), at(1, 0, 2) + at(1, 1, 2) + at(1, 2, 2), 1e-12);
  EXPECT_EQ(r[2].shape(), (Shape{1, 3, 1}));
  double best = -1e300;
  for (int i = 0; i < 2; ++i)
    for (int k = 0; k < 4; ++k)
      best = std::max(best, at(i, 1, k));
  EXPECT_EQ(r[2].at(1), best);
  EXPECT_EQ(r[3].shape(), (Shape{2, 3}));
  EXPECT_EQ(r[3].at(5), std::min({at(1, 2, 0), at(1, 2, 1), at(1, 2, 2), at(1, 2, 3)}));
  EXPECT_NEAR(r[4].at(0), at(0, 0, 0) * at(0, 0, 1) * at(0, 0, 2) * at(0, 0, 3), 1e-12);
  EXPECT_NEAR(r[5].at(7), (at(0, 1, 3) + at(1, 1, 3)) / 2, 1e-12);
  EXPECT_EQ(r[6].dtype(), DType::Int64);
  for (int64_t row = 0; row < 6; ++row) {
    int64_t expected = 0;
    for (int64_t k = 1; k < 4; ++k)
      if (x.at(row * 4 + k) > x.at(row * 4 + expected))
        expected = k;
    EXPECT_EQ(r[6].at(row), expected);
  }
  int64_t flatBest = 0;
  for (int64_t i = 1; i < x.size(); ++i)
    if (x.at(i) > x.at(flatBest))
      flatBest = i;
  EXPECT_EQ(r[7].item<int64_t>(), flatBest);
}

TEST(Shapes, ReshapeDimshuffleFlattenConcatenate) {
  Variable m = matrix("m");
  Function f = function({m}, {m.reshape({3, -1}), m.dimshuffle({1, newaxis, 0}),
                              m.T(), m.flatten(), concatenate({m, m * 2.0f}, 1),
                              concatenate({m, m}, 0)});
  Array x = Array::fromVector<float>({0, 1, 2, 3, 4, 5}, {2, 3});
  std::vector<Array> r = f(x);
  EXPECT_EQ(r[0].shape(), (Shape{3, 2}));
  EXPECT_EQ(values(r[0]), values(x));
  EXPECT_EQ(r[1].shape(), (Shape{3, 1, 2}));
  EXPECT_EQ(values(r[1]), (std::vector<double>{0, 3, 1, 4, 2, 5}));
  EXPECT_EQ(values(r[2]), (std::vector<double>{0, 3, 1, 4, 2, 5}));
  EXPECT_EQ(r[3].shape(), (Shape{6}));
  EXPECT_EQ(r[4].shape(), (Shape{2, 6}));
  EXPECT_EQ(values(r[4]), (std::vector<double>{0, 1, 2, 0, 2, 4, 3, 4, 5, 6, 8, 10}));
  EXPECT_EQ(r[5].shape(), (Shape{4, 3}));
}

TEST(Indexing, SlicesIntegersAndSymbolicStarts) {
  Variable X = dmatrix("X");
  Variable i = lscalar("i");
  Function f = function({X, i}, {subtensor(X, {Slice::from(i, 2)}), subtensor(X, {1}),
                                  subtensor(X, {Slice(), -1}), subtensor(X, {i, Slice(1, 3)}),
                                  subtensor(X, {Slice(0, 4, 2), Slice(1, std::nullopt)}),
                                  subtensor(X, {Slice(-2, std::nullopt)})});
  Array x = Array::zeros(DType::Float64, {4, 3});
  for (int64_t k = 0; k < 12; ++k)
    x.data<double>()[k] = static_cast<double>(k);
  std::vector<Array> r = f(x, 1);
  EXPECT_EQ(values(r[0]), (std::vector<double>{3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(values(r[1]), (std::vector<double>{3, 4, 5}));
  EXPECT_EQ(values(r[2]), (std::vector<double>{2, 5, 8, 11}));
  EXPECT_EQ(values(r[3]), (std::vector<double>{4, 5}));
  EXPECT_EQ(values(r[4]), (std::vector<double>{1, 2, 7, 8}));
  EXPECT_EQ(values(r[5]), (std::vector<double>{6, 7, 8, 9, 10, 11}));
  // A negative symbolic index counts from the end; X[i:i+2] at i = -1 does
  // not fit (Python would return an empty slice; shapes here are static).
  Function g = function({X, i}, {subtensor(X, {i, Slice(1, 3)})});
  EXPECT_EQ(values(g(x, -1)[0]), (std::vector<double>{10, 11}));
  EXPECT_THROW(f(x, -1), IndexError);
}

TEST(Indexing, SetIncAndTake) {
  Variable v = dvector("v"), i = lscalar("i"), ids = lvector("ids"), W = dmatrix("W");
  Function f = function({v, i, ids, W},
                        {set_subtensor(v, {i}, 9.0), inc_subtensor(v, {Slice(1, 5, 2)}, 10.0),
                         take(W, ids)});
  Array x = Array::fromVector<double>({0, 1, 2, 3, 4});
  Array w = Array::fromVector<double>({0, 1, 2, 3, 4, 5}, {3, 2});
  std::vector<Array> r = f(x, 2, Array::fromVector<int64_t>({2, 0, -1}), w);
  EXPECT_EQ(values(r[0]), (std::vector<double>{0, 1, 9, 3, 4}));
  EXPECT_EQ(values(r[1]), (std::vector<double>{0, 11, 2, 13, 4}));
  EXPECT_EQ(r[2].shape(), (Shape{3, 2}));
  EXPECT_EQ(values(r[2]), (std::vector<double>{4, 5, 0, 1, 4, 5}));
  // Along axis 1 (2 columns) the index 2 is out of range, as in NumPy.
  Function columns = function({ids, W}, take(W, ids, 1));
  Array picked = columns(Array::fromVector<int64_t>({1, 0, -1}), w)[0];
  EXPECT_EQ(picked.shape(), (Shape{3, 3}));
  EXPECT_EQ(values(picked), (std::vector<double>{1, 0, 1, 3, 2, 3, 5, 4, 5}));
  EXPECT_THROW(columns(Array::fromVector<int64_t>({2, 0, -1}), w), IndexError);
  EXPECT_EQ(values(x), (std::vector<double>{0, 1, 2, 3, 4})) << "inputs are never written";
}

TEST(Creation, ZerosOnesAllocFillShape) {
  Variable m = matrix("m");
  Function f = function({m}, {zeros({2, 3}), ones({2}, DType::Int32), alloc(m.sum(), {2, 2}),
                              fill(m, 7.0f), zeros_like(m), ones_like(m), shape(m)});
  Array x = Array::fromVector<float>({1, 2, 3, 4, 5, 6}, {3, 2});
  std::vector<Array> r = f(x);
  EXPECT_EQ(values(r[0]), std::vector<double>(6, 0));
  EXPECT_EQ(r[1].dtype(), DType::Int32);
  EXPECT_EQ(values(r[1]), std::vector<double>(2, 1));
  EXPECT_EQ(values(r[2]), std::vector<double>(4, 21));
  EXPECT_EQ(values(r[3]), std::vector<double>(6, 7));
  EXPECT_EQ(values(r[4]), std::vector<double>(6, 0));
  EXPECT_EQ(values(r[5]), std::vector<double>(6, 1));
  EXPECT_EQ(values(r[6]), (std::vector<double>{3, 2}));
}

TEST(Promotion, MixedDTypesAndNumbers) {
  Variable i = ivector("i"), f32 = fvector("f");
  Function f = function({i, f32}, {i + 1, i * 2.5, i + f32, i / i, f32 + 1});
  std::vector<Array> r = f(Array::fromVector<int32_t>({1, 2}), Array::fromVector<float>({0.5f, 1}));
  EXPECT_EQ(r[0].dtype(), DType::Int32);
  EXPECT_EQ(r[1].dtype(), DType::Float64); // 2.5 is floatX; int32 * float32 -> float64
  EXPECT_EQ(values(r[1]), (std::vector<double>{2.5, 5}));
  EXPECT_EQ(r[2].dtype(), DType::Float64); // NumPy: int32 + float32 -> float64
  EXPECT_EQ(r[3].dtype(), DType::Float64); // true division
  EXPECT_EQ(r[4].dtype(), DType::Float32);
}

TEST(Specialization, NewShapesCompileNewSignatures) {
  Variable a = vector("a"), b = vector("b");
  Function f = function({a, b}, a * b + 1.0f);
  for (int64_t n : {1, 7, 64, 7}) {
    Array x = randomArray(DType::Float32, {n}, 1), y = randomArray(DType::Float32, {n}, 2);
    Array r = f(x, y)[0];
    ASSERT_EQ(r.shape(), (Shape{n}));
    for (int64_t k = 0; k < n; ++k)
      EXPECT_NEAR(r.at(k), x.at(k) * y.at(k) + 1, 1e-6);
  }
  EXPECT_EQ(f.compiledSignatures(), 3u);
  // Size-1 broadcasting is decided per call, by the actual shapes.
  Array r = f(Array::fromVector<float>({2}), Array::fromVector<float>({1, 2, 3}))[0];
  EXPECT_EQ(values(r), (std::vector<double>{3, 5, 7}));
}

} // namespace

// The special values of the new functions, in both float types.
TEST(UnaryOps, SpecialValuesAndPredicates) {
  for (DType dtype : {DType::Float32, DType::Float64}) {
    Variable v = tensor(dtype, 1, "v");
    Function f = function({v}, {erfinv(v), isnan(v), isinf(v), arcsin(v)});
    double inf = std::numeric_limits<double>::infinity(), nan = std::nan("");
    Array input = Array::fromVector<double>({1.0, -1.0, 2.0, nan, inf, -inf, 0.0}).astype(dtype);
    std::vector<Array> out = f(input);
    std::vector<double> e = values(out[0]), isNan = values(out[1]), isInf = values(out[2]);
    EXPECT_EQ(e[0], inf);
    EXPECT_EQ(e[1], -inf);
    EXPECT_TRUE(std::isnan(e[2])) << "erfinv(2)";
    EXPECT_TRUE(std::isnan(e[3]));
    EXPECT_EQ(e[6], 0.0);
    EXPECT_EQ(isNan, (std::vector<double>{0, 0, 0, 1, 0, 0, 0}));
    EXPECT_EQ(isInf, (std::vector<double>{0, 0, 0, 0, 1, 1, 0}));
    EXPECT_TRUE(std::isnan(values(out[3])[2])) << "arcsin(2)";
  }
  // Integers are never NaN or infinite.
  Variable i = ivector("i");
  Function g = function({i}, {isnan(i), isinf(i)});
  EXPECT_EQ(values(g(Array::fromVector<int32_t>({1, 2}))[0]), (std::vector<double>{0, 0}));
}

// The gradients of the new functions in float32 and float64 against their
// derivatives in closed form (verify_grad_test checks them numerically).
TEST(UnaryOps, GradientsMatchClosedFormsInBothFloatTypes) {
  struct Case {
    const char *name;
    std::function<Variable(Variable)> build;
    std::function<double(double)> derivative;
    double low, high;
  };
  std::vector<Case> cases = {
      {"sin", [](Variable v) { return sin(v); }, [](double v) { return std::cos(v); }, -3, 3},
      {"cos", [](Variable v) { return cos(v); }, [](double v) { return -std::sin(v); }, -3, 3},
      {"tan", [](Variable v) { return tan(v); },
       [](double v) { return 1 / (std::cos(v) * std::cos(v)); }, -1.2, 1.2},
      {"arcsin", [](Variable v) { return arcsin(v); },
       [](double v) { return 1 / std::sqrt(1 - v * v); }, -0.9, 0.9},
      {"arccos", [](Variable v) { return arccos(v); },
       [](double v) { return -1 / std::sqrt(1 - v * v); }, -0.9, 0.9},
      {"arctan", [](Variable v) { return arctan(v); }, [](double v) { return 1 / (1 + v * v); },
       -3, 3},
      {"sinh", [](Variable v) { return sinh(v); }, [](double v) { return std::cosh(v); }, -2, 2},
      {"cosh", [](Variable v) { return cosh(v); }, [](double v) { return std::sinh(v); }, -2, 2},
      {"expm1", [](Variable v) { return expm1(v); }, [](double v) { return std::exp(v); }, -2,
       2},
      {"erf", [](Variable v) { return erf(v); },
       [](double v) { return 2 / std::sqrt(M_PI) * std::exp(-v * v); }, -2, 2},
  };
  uint32_t seed = 300;
  for (DType dtype : {DType::Float32, DType::Float64}) {
    for (const Case &c : cases) {
      Variable v = tensor(dtype, 1, "v");
      Function f = function({v}, grad(sum(c.build(v)), v));
      Array input = randomArray(dtype, {9}, seed++, c.low, c.high);
      std::vector<double> expected;
      for (double e : values(input))
        expected.push_back(c.derivative(e));
      double tolerance = dtype == DType::Float32 ? 1e-5 : 1e-12;
      expectNear(values(f(input)[0]), expected, tolerance,
                 std::string(c.name) + "' " + dtypeName(dtype));
    }
  }
}
