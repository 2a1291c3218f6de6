// Python-like C++: x[i], x[{Slice(...), i}], x.shape()[0], x.eval({...}), and
// the seed's snippets written as literally as C++ allows.
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

using namespace theta;
using theta_test::values;

namespace {

TEST(Indexing, PythonsRules) {
  Variable x = dmatrix("x");
  Array m = Array::fromVector<double>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, {3, 4});
  EXPECT_EQ(values(x[1].eval({{x, m}})), (std::vector<double>{4, 5, 6, 7}));
  EXPECT_EQ(values(x[-1].eval({{x, m}})), (std::vector<double>{8, 9, 10, 11}));
  EXPECT_EQ(values(x[{Slice(1, std::nullopt), 2}].eval({{x, m}})), (std::vector<double>{6, 10}));
  EXPECT_EQ(values(x[{Slice::all(), Slice(std::nullopt, std::nullopt, 2)}].eval({{x, m}})),
            (std::vector<double>{0, 2, 4, 6, 8, 10}));
  Variable corner = x[{-1, -2}];
  EXPECT_EQ(corner.eval({{x, m}}).item<double>(), 10);
  EXPECT_EQ(values(x.shape().eval({{x, m}})), (std::vector<double>{3, 4}));
  EXPECT_EQ(x.shape()[1].eval({{x, m}}).item<int64_t>(), 4);
}

TEST(Indexing, OutOfRangeNamesTheLine) {
  Variable x = dvector("x");
  theta_test::expectError<Error>(
      [&] { x[{5}].eval({{x, Array::fromVector<double>({1, 2})}}); },
      {"out of bounds", "indexing_test.cpp"});
}

TEST(Indexing, EmptySlicesOfEmptyAndFullDimensions) {
  // As NumPy: x[:, :] of a (3, 0) matrix is (3, 0); a slice may start at a
  // dimension's end (empty); an integer index into a dimension of size 0 is
  // still out of bounds.
  Variable x = dmatrix("x");
  Array empty(DType::Float64, {3, 0});
  auto shapeOf = [&](const Variable &v, const Array &value) { return v.eval({{x, value}}).shape(); };
  EXPECT_EQ(shapeOf(x[{Slice::all(), Slice::all()}], empty), (Shape{3, 0}));
  EXPECT_EQ(shapeOf(x[{1, Slice::all()}], empty), (Shape{0}));
  Array m = Array::fromVector<double>({0, 1, 2, 3, 4, 5}, {2, 3});
  EXPECT_EQ(shapeOf(x[{Slice::all(), Slice(3, std::nullopt)}], m), (Shape{2, 0}));
  EXPECT_EQ(shapeOf(x[{Slice::all(), Slice::exactly(3, 0)}], m), (Shape{2, 0}));
  theta_test::expectError<Error>([&] { x[{0, 0}].eval({{x, empty}}); },
                                 {"out of bounds", "indexing_test.cpp"});
}

TEST(Indexing, EvalKeepsItsFunction) {
  Variable a = dscalar("a"), b = dscalar("b");
  Variable c = a * b + 1.0;
  EXPECT_EQ(c.eval({{a, Array(2.0)}, {b, Array(3.0)}}).item<double>(), 7);
  EXPECT_EQ(c.eval({{a, Array(4.0)}, {b, Array(0.5)}}).item<double>(), 3);
  // A constant expression needs no inputs.
  EXPECT_EQ((constant(Array(2.0)) * 3.0).eval().item<double>(), 6);
}

// The seed's scan: sum_of_n_times_x = values[-1]
TEST(Indexing, SeedSnippets) {
  Variable x = dvector("x"), n = dscalar("n");
  ScanResult results = scan([](const std::vector<Variable> &v) { return v[1] + v[0] * v[2]; },
                            {x}, {zeros({}, DType::Float64)}, {n});
  Variable values_ = results[0];
  Variable sum_of_n_times_x = values_[-1];
  Array got = sum_of_n_times_x.eval({{x, Array::fromVector<double>({1, 2, 3, 4})}, {n, Array(3.0)}});
  EXPECT_EQ(got.item<double>(), 30);

  // X[idx:idx+n] with a shared dataset and givens (the minibatch pattern).
  SharedVariable data = shared(Array::fromVector<double>({0, 1, 2, 3, 4, 5, 6, 7}, {4, 2}), "data");
  Variable index = lscalar("index"), X = dmatrix("X");
  FunctionOptions options;
  options.givens = {{X, data[{Slice::from(index * 2, 2)}]}};
  Function batch = function({index}, X.sum(std::vector<int64_t>{1}), options);
  EXPECT_EQ(values(batch(int64_t{1})[0]), (std::vector<double>{9, 13}));

  // b.dimshuffle('x', 0)
  Variable b = dvector("b");
  EXPECT_EQ(b.dimshuffle({newaxis, 0}).eval({{b, Array::fromVector<double>({1, 2})}}).shape(),
            (Shape{1, 2}));
}

} // namespace

namespace {
// Reductions take axes as Python does: sum(x, 1), x.sum({0, 1}), max(x, -1).
TEST(Indexing, ReductionAxesAsPythonWritesThem) {
  Variable x = dmatrix("x");
  Array m = Array::fromVector<double>({1, 2, 3, 4, 5, 6}, {2, 3});
  int64_t last = -1;
  EXPECT_EQ(values(sum(x, 1).eval({{x, m}})), (std::vector<double>{6, 15}));
  EXPECT_EQ(values(x.sum({0, 1}).eval({{x, m}})), std::vector<double>{21});
  EXPECT_EQ(values(max(x, last).eval({{x, m}})), (std::vector<double>{3, 6}));
  EXPECT_EQ(mean(x, {0}, true).eval({{x, m}}).shape(), (Shape{1, 3}));
  EXPECT_EQ(values(min(x).eval({{x, m}})), std::vector<double>{1});
  EXPECT_EQ(values(var(x, 1).eval({{x, m}})), (std::vector<double>{2.0 / 3, 2.0 / 3}));
}
} // namespace

namespace {
// C++ that reads like the tutorial: any C++ number, typed inputs, a model's
// parameters as a vector of shared variables.
TEST(Indexing, NaturalArgumentTypes) {
  Variable x = matrix("x", DType::Float32);
  EXPECT_EQ(x.dtype(), DType::Float32);
  EXPECT_EQ(vector("v", DType::Int64).dtype(), DType::Int64);
  int64_t two = 2;
  size_t three = 3;
  Variable y = x * two + three - 0.5f;
  Array m = Array::fromVector<float>({1, 2}, {1, 2});
  EXPECT_EQ(values(y.eval({{x, m}})), (std::vector<double>{4.5, 6.5}));
  std::vector<SharedVariable> parameters = {shared(Array(1.0), "a"), shared(Array(2.0), "b")};
  Variable cost = parameters[0] * parameters[1] * 3.0;
  std::vector<Variable> g = grad(cost, parameters);
  ASSERT_EQ(g.size(), 2u);
  EXPECT_EQ(g[0].eval().item<double>(), 6);
  EXPECT_EQ(g[1].eval().item<double>(), 3);
}
} // namespace

// Negative steps, with Python's bounds: x[::-1], x[5:1:-2], m[:, ::-1].
TEST(Indexing, NegativeStepsFollowPython) {
  Variable v = dvector("v"), m = dmatrix("m");
  Variable fixed = reshape(v, {7}); // a static size: bounds may be given
  Function f = function({v, m}, {v[{Slice(std::nullopt, std::nullopt, -1)}],
                                 fixed[{Slice(5, 1, -2)}], fixed[{Slice(-2, std::nullopt, -3)}],
                                 fixed[{Slice(1, 5, -1)}], m[{Slice::all(), Slice(std::nullopt, std::nullopt, -1)}],
                                 m[{Slice(std::nullopt, std::nullopt, -1), 0}]});
  Array vv = Array::fromVector<double>({0, 1, 2, 3, 4, 5, 6});
  Array mv = Array::fromVector<double>({1, 2, 3, 4, 5, 6}, {2, 3});
  std::vector<Array> out = f(vv, mv);
  auto list = [](const Array &a) {
    std::vector<double> values;
    for (int64_t i = 0; i < a.size(); ++i)
      values.push_back(a.at(i));
    return values;
  };
  EXPECT_EQ(list(out[0]), (std::vector<double>{6, 5, 4, 3, 2, 1, 0}));
  EXPECT_EQ(list(out[1]), (std::vector<double>{5, 3}));
  EXPECT_EQ(list(out[2]), (std::vector<double>{5, 2}));
  EXPECT_EQ(out[3].size(), 0); // an empty slice, as in Python
  EXPECT_EQ(list(out[4]), (std::vector<double>{3, 2, 1, 6, 5, 4}));
  EXPECT_EQ(list(out[5]), (std::vector<double>{4, 1}));
  // Bounds on a dimension of unknown size are refused, saying why.
  EXPECT_THROW(v[{Slice(5, 1, -2)}], ShapeError);
  // The gradient flows back through the reversal.
  VerifyGradReport report = verify_grad(
      [](const std::vector<Variable> &x) { return sqr(x[0][{Slice(std::nullopt, std::nullopt, -1)}]) * x[0]; },
      {Array::fromVector<double>({0.5, -1.0, 2.0})});
  EXPECT_LT(report.max_rel_error, 1e-6);
}

TEST(Indexing, ScanGoBackwardsReadsTheSequenceFromItsEnd) {
  Variable xs = dvector("xs");
  ScanResult partial = scan(
      [](const std::vector<Variable> &a) { return StepResult(a[1] * 10.0 + a[0]); }, {xs},
      {OutputInfo(constant(Array(0.0)))}, {}, {}, /*go_backwards=*/true);
  Function f = function({xs}, partial[0]);
  Array out = f(Array::fromVector<double>({1, 2, 3}))[0];
  // Steps see 3, 2, 1: 3, 32, 321.
  EXPECT_EQ(out.at(0), 3.0);
  EXPECT_EQ(out.at(1), 32.0);
  EXPECT_EQ(out.at(2), 321.0);
}

// Static bounds follow Python on dimensions of unknown size too: clipped to
// the dimension once the call's shapes are known, so a slice past the end is
// shorter or empty, not an error; x[1:-1] mixes signs freely.
TEST(Indexing, SlicesPastTheEndFollowPython) {
  Variable v = dvector("v"), m = dmatrix("m");
  Function f = function(
      {v, m}, {v[{Slice(0, 10)}], v[{Slice(3, 100)}], v[{Slice(1, -1)}], v[{Slice(-10, 2)}],
               v[{Slice(7, std::nullopt)}], v[{Slice(-2, std::nullopt)}], v[{Slice(4, 2)}],
               m[{Slice(1, 5), Slice(-2, std::nullopt, 2)}], v[{Slice(1, -1, 2)}]});
  std::vector<Array> out =
      f(Array::fromVector<double>({0, 1, 2, 3, 4}), Array::fromVector<double>({1, 2, 3, 4, 5, 6}, {2, 3}));
  EXPECT_EQ(values(out[0]), (std::vector<double>{0, 1, 2, 3, 4}));
  EXPECT_EQ(values(out[1]), (std::vector<double>{3, 4}));
  EXPECT_EQ(values(out[2]), (std::vector<double>{1, 2, 3}));
  EXPECT_EQ(values(out[3]), (std::vector<double>{0, 1}));
  EXPECT_EQ(out[4].shape(), (Shape{0}));
  EXPECT_EQ(values(out[5]), (std::vector<double>{3, 4}));
  EXPECT_EQ(out[6].shape(), (Shape{0}));
  EXPECT_EQ(out[7].shape(), (Shape{1, 1}));
  EXPECT_EQ(values(out[7]), (std::vector<double>{5}));
  EXPECT_EQ(values(out[8]), (std::vector<double>{1, 3}));
  // Static sizes clip the same way when the graph is built.
  Variable fixed = reshape(v, {5});
  EXPECT_EQ(fixed[{Slice(2, 50)}].staticShape(), (std::vector<int64_t>{3}));
  EXPECT_EQ(fixed[{Slice(6, 9)}].staticShape(), (std::vector<int64_t>{0}));
  // Slice::exactly keeps a size known when the graph is built, and says
  // when the dimension is too short instead of clipping.
  Variable exact = v[{Slice::exactly(1, 3)}];
  EXPECT_EQ(exact.staticShape(), (std::vector<int64_t>{3}));
  Function h = function({v}, exact);
  EXPECT_EQ(values(h(Array::fromVector<double>({0, 1, 2, 3, 4}))[0]), (std::vector<double>{1, 2, 3}));
  EXPECT_THROW(h(Array::fromVector<double>({0, 1, 2})), ShapeError);
  // The same slices under set/inc_subtensor, and gradients through them.
  Function g = function({v}, {set_subtensor(v, {Slice(1, -1)}, 0.0),
                              inc_subtensor(v, {Slice(3, 100)}, 1.0)});
  std::vector<Array> updated = g(Array::fromVector<double>({5, 6, 7, 8}));
  EXPECT_EQ(values(updated[0]), (std::vector<double>{5, 0, 0, 8}));
  EXPECT_EQ(values(updated[1]), (std::vector<double>{5, 6, 7, 9}));
  VerifyGradReport report = verify_grad(
      [](const std::vector<Variable> &x) {
        return sqr(x[0][{Slice(1, -1)}]) + x[0][{Slice(-3, 100)}];
      },
      {Array::fromVector<double>({0.5, -1.0, 2.0, 1.5, 0.25})});
  EXPECT_LT(report.max_rel_error, 1e-6);
}
