// Symbolic sizes (theta::Size) and the numpy shape functions built on them:
// squeeze, tile, repeat, roll, split, tensordot, batched_dot, and batch
// normalization. Results against loops in C++ in float32 and float64;
// gradients against finite differences (verify_grad, float64).
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <cmath>

using namespace theta;
using theta_test::randomArray;
using theta_test::values;
using Inputs = std::vector<Variable>;

namespace {

/// A float array 0, 1, 2, ... of `shape`.
Array iota(DType dtype, const Shape &shape) {
  Array a = Array::zeros(DType::Float64, shape);
  for (int64_t i = 0; i < a.size(); ++i)
    a.data<double>()[i] = static_cast<double>(i);
  return a.astype(dtype);
}

void checkGrad(const std::function<Variable(const Inputs &)> &fun, std::vector<Shape> shapes) {
  std::vector<Array> points;
  for (const Shape &shape : shapes)
    points.push_back(randomArray(shape, -1.0, 1.0, 11));
  VerifyGradReport report = verify_grad(fun, points);
  EXPECT_LT(report.max_rel_error, 1e-5);
}

class ShapeFunctions : public ::testing::TestWithParam<DType> {};

} // namespace

TEST_P(ShapeFunctions, SymbolicSizesFoldWhenTheCallsShapesAreKnown) {
  DType dtype = GetParam();
  Variable x = tensor(dtype, 3, "x");
  Function f = function({x}, {reshape(x, {x.shape()[0], -1}), zeros({x.shape()[2], 2}, dtype),
                              alloc(1.5, {x.shape()[1], x.shape()[0]})});
  std::vector<Array> out = f(iota(dtype, {4, 2, 3}));
  EXPECT_EQ(out[0].shape(), (Shape{4, 6}));
  EXPECT_EQ(values(out[0]), values(iota(dtype, {4, 6})));
  EXPECT_EQ(out[1].shape(), (Shape{3, 2}));
  EXPECT_EQ(out[2].shape(), (Shape{2, 4}));
  EXPECT_EQ(values(out[2])[5], 1.5);
  // Another call shape, the same function.
  EXPECT_EQ(f(iota(dtype, {5, 1, 2}))[0].shape(), (Shape{5, 2}));
}

TEST_P(ShapeFunctions, TileRepeatRollSplitSqueeze) {
  DType dtype = GetParam();
  Variable x = tensor(dtype, 2, "x");
  std::vector<Variable> pieces = split(x, {1, 2}, 1);
  Function f = function(
      {x}, {tile(x, {2, 1}), tile(x, {2, 1, 2}), repeat(x, 2, 1), repeat(x, 3),
            roll(reshape(x, {2, 3}), 1, 1), roll(reshape(x, {2, 3}), -1), pieces[0], pieces[1],
            squeeze(pieces[0], {1})});
  std::vector<Array> out = f(iota(dtype, {2, 3})); // [[0 1 2] [3 4 5]]
  EXPECT_EQ(out[0].shape(), (Shape{4, 3}));
  EXPECT_EQ(values(out[0]), (std::vector<double>{0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(out[1].shape(), (Shape{2, 2, 6}));
  EXPECT_EQ(values(out[1])[6], 3.0);
  EXPECT_EQ(values(out[2]), (std::vector<double>{0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}));
  EXPECT_EQ(out[3].shape(), (Shape{18}));
  EXPECT_EQ(values(out[3])[3], 1.0);
  EXPECT_EQ(values(out[4]), (std::vector<double>{2, 0, 1, 5, 3, 4}));
  EXPECT_EQ(out[5].shape(), (Shape{2, 3}));
  EXPECT_EQ(values(out[5]), (std::vector<double>{1, 2, 3, 4, 5, 0}));
  EXPECT_EQ(values(out[6]), (std::vector<double>{0, 3}));
  EXPECT_EQ(values(out[7]), (std::vector<double>{1, 2, 4, 5}));
  EXPECT_EQ(out[8].shape(), (Shape{2}));
}

TEST_P(ShapeFunctions, TensordotAndBatchedDotMatchLoops) {
  DType dtype = GetParam();
  Variable a = tensor(dtype, 3, "a"), b = tensor(dtype, 3, "b"), m = tensor(dtype, 2, "m");
  Function f = function({a, b, m}, {tensordot(a, b, {1, 2}, {0, 1}), tensordot(a, m, 1),
                                     batched_dot(a, swapaxes(a, 1, 2)), batched_dot(m, m)});
  Array av = randomArray({2, 3, 4}, -1, 1, 1).astype(dtype);
  Array bv = randomArray({3, 4, 2}, -1, 1, 2).astype(dtype);
  Array mv = randomArray({4, 5}, -1, 1, 3).astype(dtype);
  std::vector<Array> out = f(av, bv, mv);
  std::vector<double> A = values(av), B = values(bv), M = values(mv);
  double tolerance = dtype == DType::Float32 ? 1e-5 : 1e-12;
  // tensordot over (1, 2) x (0, 1): (2, 2)
  ASSERT_EQ(out[0].shape(), (Shape{2, 2}));
  for (int i = 0; i < 2; ++i)
    for (int l = 0; l < 2; ++l) {
      double sum = 0;
      for (int j = 0; j < 3; ++j)
        for (int k = 0; k < 4; ++k)
          sum += A[i * 12 + j * 4 + k] * B[j * 8 + k * 2 + l];
      EXPECT_NEAR(values(out[0])[i * 2 + l], sum, tolerance);
    }
  // tensordot(a, m, 1): (2, 3, 5)
  ASSERT_EQ(out[1].shape(), (Shape{2, 3, 5}));
  for (int i = 0; i < 6; ++i)
    for (int n = 0; n < 5; ++n) {
      double sum = 0;
      for (int k = 0; k < 4; ++k)
        sum += A[i * 4 + k] * M[k * 5 + n];
      EXPECT_NEAR(values(out[1])[i * 5 + n], sum, tolerance);
    }
  // batched_dot(a, a^T per batch): (2, 3, 3)
  ASSERT_EQ(out[2].shape(), (Shape{2, 3, 3}));
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int l = 0; l < 3; ++l) {
        double sum = 0;
        for (int k = 0; k < 4; ++k)
          sum += A[i * 12 + j * 4 + k] * A[i * 12 + l * 4 + k];
        EXPECT_NEAR(values(out[2])[i * 9 + j * 3 + l], sum, tolerance);
      }
  EXPECT_EQ(out[3].shape(), (Shape{4}));
  for (int i = 0; i < 4; ++i) {
    double sum = 0;
    for (int k = 0; k < 5; ++k)
      sum += M[i * 5 + k] * M[i * 5 + k];
    EXPECT_NEAR(values(out[3])[i], sum, tolerance);
  }
}

TEST_P(ShapeFunctions, DotFollowsNumpyForEveryRank) {
  // np.dot(a, b) = sum over a's last axis and b's second-to-last.
  DType dtype = GetParam();
  Variable a = tensor(dtype, 3, "a"), b = tensor(dtype, 3, "b"), v = tensor(dtype, 1, "v"),
           s = tensor(dtype, 0, "s");
  Function f = function({a, b, v, s}, {dot(a, b), dot(a, v), dot(v, b), dot(s, a)});
  Array av = randomArray({2, 3, 4}, -1, 1, 4).astype(dtype);
  Array bv = randomArray({5, 4, 6}, -1, 1, 5).astype(dtype);
  Array vv = randomArray({4}, -1, 1, 6).astype(dtype);
  Array sv = Array::full(dtype, {}, 1.5);
  std::vector<Array> out = f(av, bv, vv, sv);
  std::vector<double> A = values(av), B = values(bv), V = values(vv);
  double tolerance = dtype == DType::Float32 ? 1e-5 : 1e-12;
  ASSERT_EQ(out[0].shape(), (Shape{2, 3, 5, 6}));
  for (int i = 0; i < 6; ++i)
    for (int p = 0; p < 5; ++p)
      for (int q = 0; q < 6; ++q) {
        double sum = 0;
        for (int k = 0; k < 4; ++k)
          sum += A[i * 4 + k] * B[p * 24 + k * 6 + q];
        EXPECT_NEAR(values(out[0])[(i * 5 + p) * 6 + q], sum, tolerance);
      }
  ASSERT_EQ(out[1].shape(), (Shape{2, 3}));
  for (int i = 0; i < 6; ++i) {
    double sum = 0;
    for (int k = 0; k < 4; ++k)
      sum += A[i * 4 + k] * V[k];
    EXPECT_NEAR(values(out[1])[i], sum, tolerance);
  }
  ASSERT_EQ(out[2].shape(), (Shape{5, 6}));
  for (int p = 0; p < 5; ++p)
    for (int q = 0; q < 6; ++q) {
      double sum = 0;
      for (int k = 0; k < 4; ++k)
        sum += V[k] * B[p * 24 + k * 6 + q];
      EXPECT_NEAR(values(out[2])[p * 6 + q], sum, tolerance);
    }
  ASSERT_EQ(out[3].shape(), (Shape{2, 3, 4}));
  EXPECT_NEAR(values(out[3])[5], 1.5 * A[5], tolerance);
}

TEST_P(ShapeFunctions, BatchNormalizationTrainAndTest) {
  DType dtype = GetParam();
  Variable x = tensor(dtype, 2, "x"), gamma = tensor(dtype, 1, "gamma"),
           beta = tensor(dtype, 1, "beta");
  std::vector<Variable> train = nnet::batch_normalization_train(x, gamma, beta);
  Variable test = nnet::batch_normalization_test(x, gamma, beta, train[1], sqr(1.0 / train[2]) - 1e-4);
  Function f = function({x, gamma, beta}, {train[0], train[1], train[2], test});
  Array xv = randomArray({6, 3}, -2, 2, 4).astype(dtype);
  Array g = Array::fromVector<double>({1.0, 2.0, 0.5}).astype(dtype);
  Array bb = Array::fromVector<double>({0.0, -1.0, 3.0}).astype(dtype);
  std::vector<Array> out = f(xv, g, bb);
  std::vector<double> X = values(xv);
  double tolerance = dtype == DType::Float32 ? 1e-4 : 1e-10;
  for (int c = 0; c < 3; ++c) {
    double mean = 0, var = 0;
    for (int r = 0; r < 6; ++r)
      mean += X[r * 3 + c] / 6;
    for (int r = 0; r < 6; ++r)
      var += (X[r * 3 + c] - mean) * (X[r * 3 + c] - mean) / 6;
    double invstd = 1 / std::sqrt(var + 1e-4);
    EXPECT_NEAR(values(out[1])[c], mean, tolerance);
    EXPECT_NEAR(values(out[2])[c], invstd, tolerance * invstd);
    for (int r = 0; r < 6; ++r) {
      double expected = (X[r * 3 + c] - mean) * invstd * values(g)[c] + values(bb)[c];
      EXPECT_NEAR(values(out[0])[r * 3 + c], expected, tolerance);
      EXPECT_NEAR(values(out[3])[r * 3 + c], expected, 10 * tolerance);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(FloatTypes, ShapeFunctions,
                         ::testing::Values(DType::Float32, DType::Float64),
                         [](const auto &info) { return std::string(dtypeName(info.param)); });

TEST(ShapeFunctionGradients, MatchFiniteDifferences) {
  checkGrad([](const Inputs &x) { return tile(x[0], {2, 3}) * tile(x[0], {2, 3}); }, {{2, 3}});
  checkGrad([](const Inputs &x) { return sqr(repeat(x[0], 3, 0)); }, {{2, 3}});
  checkGrad([](const Inputs &x) { return roll(reshape(x[0], {2, 4}), 3, 1) * x[0]; }, {{2, 4}});
  // Without a static size along the axis, roll says what it needs.
  EXPECT_THROW(roll(dmatrix("m"), 1, 1), ShapeError);
  checkGrad([](const Inputs &x) { return split(x[0], {1, 3}, 1)[1] * 2.0; }, {{2, 4}});
  checkGrad([](const Inputs &x) { return tensordot(x[0], x[1], 2); }, {{2, 3, 4}, {3, 4, 2}});
  checkGrad([](const Inputs &x) { return batched_dot(x[0], x[1]); }, {{2, 3, 4}, {2, 4, 2}});
  checkGrad([](const Inputs &x) { return dot(x[0], x[1]); }, {{2, 3, 4}, {2, 4, 3}});
  checkGrad([](const Inputs &x) { return reshape(x[0], {x[0].shape()[0], -1}); }, {{2, 3, 2}});
  checkGrad(
      [](const Inputs &x) {
        return nnet::batch_normalization_train(x[0], x[1], x[2])[0] * x[0];
      },
      {{5, 3}, {3}, {3}});
}

TEST_P(ShapeFunctions, ArangeEyeTriangularDiagAndCumsum) {
  DType dtype = GetParam();
  Variable x = tensor(dtype, 2, "x"), v = tensor(dtype, 1, "v");
  Function f = function(
      {x, v}, {arange(x.shape()[0]), arange(2, 9, 3, dtype), eye(3, 4, 1, dtype), identity_like(x),
               tril(x), triu(x, 1), diag(v), diagonal(x), cumsum(x, 1), cumsum(x), cumsum(x, 0)});
  Array xv = iota(dtype, {3, 3}); // [[0 1 2] [3 4 5] [6 7 8]]
  std::vector<Array> out = f(xv, Array::fromVector<double>({1, 2}).astype(dtype));
  EXPECT_EQ(values(out[0]), (std::vector<double>{0, 1, 2}));
  EXPECT_EQ(out[0].dtype(), DType::Int64);
  EXPECT_EQ(values(out[1]), (std::vector<double>{2, 5, 8}));
  EXPECT_EQ(values(out[2]), (std::vector<double>{0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1}));
  EXPECT_EQ(values(out[3]), (std::vector<double>{1, 0, 0, 0, 1, 0, 0, 0, 1}));
  EXPECT_EQ(values(out[4]), (std::vector<double>{0, 0, 0, 3, 4, 0, 6, 7, 8}));
  EXPECT_EQ(values(out[5]), (std::vector<double>{0, 1, 2, 0, 0, 5, 0, 0, 0}));
  EXPECT_EQ(values(out[6]), (std::vector<double>{1, 0, 0, 2}));
  EXPECT_EQ(values(out[7]), (std::vector<double>{0, 4, 8}));
  EXPECT_EQ(values(out[8]), (std::vector<double>{0, 1, 3, 3, 7, 12, 6, 13, 21}));
  EXPECT_EQ(values(out[9]), (std::vector<double>{0, 1, 3, 6, 10, 15, 21, 28, 36}));
  EXPECT_EQ(values(out[10]), (std::vector<double>{0, 1, 2, 3, 5, 7, 9, 12, 15}));
}

TEST_P(ShapeFunctions, CumprodMatchesALoopWithZerosAndNegatives) {
  DType dtype = GetParam();
  Variable x = tensor(dtype, 2, "x");
  Function f = function({x}, {cumprod(x, 1), cumprod(x, 0), cumprod(x)});
  Array xv = Array::fromVector<double>({2, -1, 0, 3, 0.5, -2}, {2, 3}).astype(dtype);
  std::vector<Array> out = f(xv);
  EXPECT_EQ(values(out[0]), (std::vector<double>{2, -2, 0, 3, 1.5, -3}));
  EXPECT_EQ(values(out[1]), (std::vector<double>{2, -1, 0, 6, -0.5, 0}));
  EXPECT_EQ(values(out[2]), (std::vector<double>{2, -2, 0, 0, 0, 0}));
}

TEST(IndexFunctionGradients, MatchFiniteDifferences) {
  checkGrad([](const Inputs &x) { return cumprod(x[0], 1); }, {{2, 4}});
  checkGrad([](const Inputs &x) { return tril(x[0], -1) * x[0]; }, {{3, 4}});
  checkGrad([](const Inputs &x) { return triu(x[0]) * x[0]; }, {{3, 3}});
  checkGrad([](const Inputs &x) { return sqr(diag(x[0])); }, {{3}});
  checkGrad([](const Inputs &x) { return diagonal(x[0]) * 3.0; }, {{3, 3}});
  checkGrad([](const Inputs &x) { return sqr(cumsum(x[0], 1)); }, {{2, 4}});
  checkGrad([](const Inputs &x) { return cumsum(x[0]) * x[0].flatten(); }, {{2, 3}});
}

TEST_P(ShapeFunctions, Images2NeibsAndConv2dTranspose) {
  DType dtype = GetParam();
  Variable images = tensor(dtype, 4, "images");
  Function f = function({images}, nnet::images2neibs(images, {2, 2}));
  Array out = f(iota(dtype, {1, 2, 4, 4}))[0];
  ASSERT_EQ(out.shape(), (Shape{8, 4}));
  // Channel 0's first patch, then its second (columns 2-3 of rows 0-1).
  std::vector<double> rows = values(out);
  EXPECT_EQ(std::vector<double>(rows.begin(), rows.begin() + 8),
            (std::vector<double>{0, 1, 4, 5, 2, 3, 6, 7}));
  EXPECT_EQ(rows[16], 16.0); // channel 1 starts at 16
  // A batch of no images has no patches (a reshape inferring a -1 could
  // not say how many).
  EXPECT_EQ(f(Array(dtype, {0, 2, 4, 4}))[0].shape(), (Shape{0, 4}));
  // A neighbourhood that does not divide the image is refused.
  theta_test::expectError<Error>([&] { f(Array(dtype, {1, 2, 5, 4})); },
                                 {"cannot reshape", "shape_composites_test.cpp"});

  // conv2d_transpose is the gradient of conv2d with respect to its input.
  Variable x = tensor(dtype, 4, "x"), w = tensor(dtype, 4, "w"), y = tensor(dtype, 4, "y");
  nnet::Conv2DOptions options;
  options.subsample = {2, 2};
  Variable transposed = nnet::conv2d_transpose(y, w, {x.shape()[2], x.shape()[3]}, options);
  Variable viaGrad = grad(sum(nnet::conv2d(x, w, options) * y), x);
  Function g = function({x, w, y}, {transposed, viaGrad});
  Array xv = randomArray({2, 3, 9, 9}, -1, 1, 5).astype(dtype);
  Array wv = randomArray({4, 3, 3, 3}, -1, 1, 6).astype(dtype);
  Array yv = randomArray({2, 4, 4, 4}, -1, 1, 7).astype(dtype);
  std::vector<Array> both = g(xv, wv, yv);
  ASSERT_EQ(both[0].shape(), (Shape{2, 3, 9, 9}));
  std::vector<double> a = values(both[0]), b = values(both[1]);
  for (size_t i = 0; i < a.size(); ++i)
    EXPECT_NEAR(a[i], b[i], dtype == DType::Float32 ? 1e-5 : 1e-12) << i;
}

TEST(NNetCompositeGradients, MatchFiniteDifferences) {
  checkGrad([](const Inputs &x) { return sqr(nnet::images2neibs(x[0], {2, 1})); },
            {{1, 2, 4, 2}});
  checkGrad(
      [](const Inputs &x) {
        return nnet::conv2d_transpose(x[0], x[1], {5, 5}) * 1.0;
      },
      {{1, 2, 3, 3}, {2, 1, 3, 3}});
}
