// conv2d and pool_2d: values against direct C++ loops, the oneDNN (f32) path
// against the reference (f64) lowering, gradients against finite differences.
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace theta;
using theta_test::randomArray;
using theta_test::values;

namespace {

struct Geometry {
  std::string mode;
  std::array<int64_t, 4> padding{0, 0, 0, 0};
  std::array<int64_t, 2> stride{1, 1}, dilation{1, 1};
  bool flip = true; // Theano's default: a true convolution
  int64_t groups = 1;
};

nnet::Conv2DOptions optionsOf(const Geometry &g) {
  nnet::Conv2DOptions options;
  options.border_mode = g.mode;
  options.padding = g.padding;
  options.subsample = g.stride;
  options.filter_dilation = g.dilation;
  options.filter_flip = g.flip;
  options.num_groups = g.groups;
  return options;
}

/// Padding [top, left, bottom, right] as the op documents it.
std::array<int64_t, 4> paddingOf(const Geometry &g, const Shape &x, const Shape &w) {
  std::array<int64_t, 4> pad{0, 0, 0, 0};
  for (int axis = 0; axis < 2; ++axis) {
    int64_t span = g.dilation[axis] * (w[2 + axis] - 1) + 1, in = x[2 + axis];
    int64_t before = 0, after = 0;
    if (g.mode == "full") {
      before = after = span - 1;
    } else if (g.mode == "half") { // Theano: span // 2 on both sides
      before = after = span / 2;
    } else if (g.mode == "same") {
      int64_t out = (in + g.stride[axis] - 1) / g.stride[axis];
      int64_t total = std::max<int64_t>((out - 1) * g.stride[axis] + span - in, 0);
      before = total / 2;
      after = total - before;
    } else if (g.mode == "explicit") {
      before = g.padding[axis];
      after = g.padding[2 + axis];
    }
    pad[axis] = before;
    pad[2 + axis] = after;
  }
  return pad;
}

/// Direct convolution loops in double: Theano's definition, the filters
/// flipped unless g.flip is false, output group f / (F / G) reading input
/// channels of its group only.
std::vector<double> referenceConv(const Array &x, const Array &w, const Geometry &g,
                                  Shape &outShape) {
  Shape xs = x.shape(), ws = w.shape();
  auto pad = paddingOf(g, xs, ws);
  int64_t oh = (xs[2] + pad[0] + pad[2] - g.dilation[0] * (ws[2] - 1) - 1) / g.stride[0] + 1;
  int64_t ow = (xs[3] + pad[1] + pad[3] - g.dilation[1] * (ws[3] - 1) - 1) / g.stride[1] + 1;
  outShape = {xs[0], ws[0], oh, ow};
  std::vector<double> out(xs[0] * ws[0] * oh * ow, 0.0);
  int64_t perGroup = ws[0] / g.groups;
  for (int64_t n = 0; n < xs[0]; ++n)
    for (int64_t f = 0; f < ws[0]; ++f)
      for (int64_t i = 0; i < oh; ++i)
        for (int64_t j = 0; j < ow; ++j) {
          double total = 0;
          for (int64_t c = 0; c < ws[1]; ++c)
            for (int64_t a = 0; a < ws[2]; ++a)
              for (int64_t b = 0; b < ws[3]; ++b) {
                int64_t h = i * g.stride[0] + a * g.dilation[0] - pad[0];
                int64_t v = j * g.stride[1] + b * g.dilation[1] - pad[1];
                if (h < 0 || v < 0 || h >= xs[2] || v >= xs[3])
                  continue;
                int64_t channel = (f / perGroup) * ws[1] + c;
                int64_t ka = g.flip ? ws[2] - 1 - a : a, kb = g.flip ? ws[3] - 1 - b : b;
                total += x.at(((n * xs[1] + channel) * xs[2] + h) * xs[3] + v) *
                         w.at(((f * ws[1] + c) * ws[2] + ka) * ws[3] + kb);
              }
          out[((n * ws[0] + f) * oh + i) * ow + j] = total;
        }
  return out;
}

const std::vector<Geometry> &geometries() {
  static const std::vector<Geometry> all = {
      {"valid"},
      {"full"},
      {"same"},
      {"same", {0, 0, 0, 0}, {2, 2}},
      {"explicit", {1, 0, 2, 1}, {2, 1}},
      {"valid", {0, 0, 0, 0}, {1, 1}, {2, 2}},
      {"half"},
      {"half", {0, 0, 0, 0}, {2, 1}, {1, 2}},
      {"valid", {0, 0, 0, 0}, {1, 1}, {1, 1}, /*flip=*/false},
      {"same", {0, 0, 0, 0}, {2, 2}, {1, 1}, /*flip=*/false},
  };
  return all;
}

} // namespace

TEST(Conv2D, MatchesDirectLoopsForEveryBorderModeStrideAndDilation) {
  for (const Geometry &g : geometries()) {
    Variable x = dtensor4("x"), w = dtensor4("w");
    Function f = function({x, w}, {nnet::conv2d(x, w, optionsOf(g))});
    Array X = randomArray({2, 3, 7, 8}, -1, 1, 1), W = randomArray({4, 3, 3, 2}, -1, 1, 2);
    Shape expectedShape;
    std::vector<double> expected = referenceConv(X, W, g, expectedShape);
    Array y = f(X, W)[0];
    ASSERT_EQ(y.shape(), expectedShape) << g.mode;
    std::vector<double> got = values(y);
    for (size_t i = 0; i < got.size(); ++i)
      ASSERT_NEAR(got[i], expected[i], 1e-12) << g.mode << " element " << i;
  }
}

TEST(Conv2D, HalfPaddingIsTheanosForOddAndEvenKernels) {
  // Theano's border_mode="half" pads kernel // 2 on both sides: a 3x3
  // kernel keeps a 7x8 image's size, a 2x2 one adds a row and a column.
  Variable x = dtensor4("x"), w = dtensor4("w");
  nnet::Conv2DOptions half;
  half.border_mode = "half";
  Function f = function({x, w}, {nnet::conv2d(x, w, half)});
  Array X = randomArray({1, 1, 7, 8}, -1, 1, 20);
  EXPECT_EQ(f(X, randomArray({1, 1, 3, 3}, -1, 1, 21))[0].shape(), (Shape{1, 1, 7, 8}));
  EXPECT_EQ(f(X, randomArray({1, 1, 2, 2}, -1, 1, 22))[0].shape(), (Shape{1, 1, 8, 9}));
}

TEST(Conv2D, FilterFlipIsATrueConvolution) {
  // A one-hot 3x3 filter at (0, 0): the convolution shifts the image by one
  // towards the top-left's opposite corner, the correlation the other way.
  Variable x = dtensor4("x"), w = dtensor4("w");
  nnet::Conv2DOptions convolution, correlation;
  correlation.filter_flip = false;
  Function f = function({x, w}, {nnet::conv2d(x, w, convolution), nnet::conv2d(x, w, correlation)});
  Array X = randomArray({1, 1, 4, 4}, -1, 1, 23), W = Array::zeros(DType::Float64, {1, 1, 3, 3});
  W.data<double>()[0] = 1.0;
  std::vector<Array> out = f(X, W);
  std::vector<double> image = values(X), flipped = values(out[0]), plain = values(out[1]);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      EXPECT_EQ(flipped[i * 2 + j], image[(i + 2) * 4 + (j + 2)]);
      EXPECT_EQ(plain[i * 2 + j], image[i * 4 + j]);
    }
}

TEST(Conv2D, GroupedConvolutionMatchesLoopsInBothPrecisionsWithGradients) {
  for (Geometry g : {Geometry{"valid"}, Geometry{"half", {0, 0, 0, 0}, {2, 1}}}) {
    g.groups = 2;
    Array X = randomArray({2, 4, 6, 7}, -1, 1, 24), W = randomArray({6, 2, 3, 2}, -1, 1, 25);
    Shape outShape;
    std::vector<double> expected = referenceConv(X, W, g, outShape);
    for (DType dtype : {DType::Float64, DType::Float32}) {
      Variable x = tensor(dtype, 4, "x"), w = tensor(dtype, 4, "w");
      Function f = function({x, w}, {nnet::conv2d(x, w, optionsOf(g))});
      Array y = f(X.astype(dtype), W.astype(dtype))[0];
      ASSERT_EQ(y.shape(), outShape);
      std::vector<double> got = values(y);
      for (size_t i = 0; i < got.size(); ++i)
        ASSERT_NEAR(got[i], expected[i], dtype == DType::Float64 ? 1e-12 : 1e-4) << i;
    }
    VerifyGradReport report = verify_grad(
        [&](const std::vector<Variable> &in) { return nnet::conv2d(in[0], in[1], optionsOf(g)); },
        {randomArray({1, 4, 5, 5}, -1, 1, 26), W});
    EXPECT_GT(report.elements_checked, 0);
  }
  Variable x = dtensor4("x"), w = dtensor4("w");
  nnet::Conv2DOptions three;
  three.num_groups = 3;
  Function f = function({x, w}, {nnet::conv2d(x, w, three)});
  try {
    f(randomArray({1, 4, 5, 5}, -1, 1, 27), randomArray({6, 2, 3, 3}, -1, 1, 28));
    FAIL() << "expected a ShapeError";
  } catch (const ShapeError &error) {
    EXPECT_NE(std::string(error.what()).find("3 groups of 2"), std::string::npos) << error.what();
  }
}

TEST(Conv2D, OneDnnFloat32AgreesWithFloat64ReferenceIncludingGradients) {
  for (const Geometry &g : geometries()) {
    auto build = [&](DType dtype) {
      Variable x = tensor(dtype, 4, "x"), w = tensor(dtype, 4, "w"), t = tensor(dtype, 4, "t");
      Variable y = nnet::conv2d(x, w, optionsOf(g));
      Variable cost = sum(y * t);
      std::vector<Variable> grads = grad(cost, std::vector<Variable>{x, w});
      return function({x, w, t}, {y, grads[0], grads[1]});
    };
    Function f64 = build(DType::Float64), f32 = build(DType::Float32);
    Array X = randomArray({2, 3, 9, 8}, -1, 1, 3), W = randomArray({5, 3, 3, 3}, -1, 1, 4);
    Shape outShape;
    referenceConv(X, W, g, outShape);
    Array T = randomArray(outShape, -1, 1, 5);
    std::vector<Array> exact = f64(X, W, T);
    std::vector<Array> fast =
        f32(X.astype(DType::Float32), W.astype(DType::Float32), T.astype(DType::Float32));
    for (size_t k = 0; k < exact.size(); ++k) {
      ASSERT_EQ(fast[k].shape(), exact[k].shape());
      std::vector<double> a = values(exact[k]), b = values(fast[k]);
      for (size_t i = 0; i < a.size(); ++i)
        ASSERT_NEAR(b[i], a[i], 1e-4 * (1 + std::abs(a[i]))) << g.mode << " result " << k;
    }
  }
}

TEST(Conv2D, ZeroSizedConvolutionsGiveEmptyOrZeroResults) {
  // A batch of no images, no input channels or no filters, in both
  // precisions (float32 ones would otherwise go to oneDNN): empty outputs,
  // and gradients that are sums of nothing are zeros.
  struct Case {
    Shape x, w;
  };
  for (DType dtype : {DType::Float32, DType::Float64})
    for (const Case &c : {Case{{0, 3, 6, 6}, {4, 3, 3, 3}}, Case{{2, 0, 6, 6}, {4, 0, 3, 3}},
                          Case{{2, 3, 6, 6}, {0, 3, 3, 3}}}) {
      SCOPED_TRACE(std::string(dtypeName(dtype)) + " x " + shapeString(c.x) + " w " +
                   shapeString(c.w));
      Variable x = tensor(dtype, 4, "x"), w = tensor(dtype, 4, "w");
      Variable y = nnet::conv2d(x, w);
      std::vector<Variable> grads = grad(sum(y * y) + sum(x) + sum(w), std::vector<Variable>{x, w});
      Function f = function({x, w}, {y, grads[0], grads[1]});
      std::vector<Array> got = f(randomArray(c.x).astype(dtype), randomArray(c.w).astype(dtype));
      EXPECT_EQ(got[0].shape(), (Shape{c.x[0], c.w[0], 4, 4}));
      ASSERT_EQ(got[1].shape(), c.x);
      ASSERT_EQ(got[2].shape(), c.w);
      // d/dx of sum(x) is 1 and the convolution adds nothing; the same for w.
      for (double v : values(got[1]))
        EXPECT_EQ(v, 1.0);
      for (double v : values(got[2]))
        EXPECT_EQ(v, 1.0);
    }
}

TEST(Conv2D, ChannelBlockedNetworkAgreesWithFloat64ReferenceIncludingGradients) {
  // Images of 16 and 32 channels between oneDNN convolutions stay in
  // oneDNN's channel-blocked layout (theta-blocked-channels): the bias, relu,
  // pooling and sums between them, and every gradient through them, against
  // float64 (reference loops, no oneDNN).
  auto build = [](DType dtype) {
    Variable x = tensor(dtype, 4, "x"), w1 = tensor(dtype, 4, "w1"), b1 = tensor(dtype, 1, "b1"),
             w2 = tensor(dtype, 4, "w2"), b2 = tensor(dtype, 1, "b2");
    auto bias = [](const Variable &b) { return dimshuffle(b, {newaxis, 0, newaxis, newaxis}); };
    nnet::Conv2DOptions half, strided;
    half.border_mode = "half";
    strided.subsample = {2, 2};
    Variable h1 = nnet::relu(nnet::conv2d(x, w1, half) + bias(b1));
    Variable h2 = nnet::relu(nnet::conv2d(h1, w2, strided) + bias(b2));
    Variable pooled = nnet::max_pool_2d(h2, {2, 2});
    Variable cost = sum(sqr(pooled)) + 0.01 * sum(h1 * h1);
    std::vector<Variable> outputs = grad(cost, std::vector<Variable>{x, w1, b1, w2, b2});
    outputs.insert(outputs.begin(), cost);
    outputs.push_back(flatten(pooled, 2));
    return function({x, w1, b1, w2, b2}, outputs);
  };
  Function f64 = build(DType::Float64), f32 = build(DType::Float32);
  std::vector<Array> inputs = {randomArray({2, 3, 12, 12}, -1, 1, 40),
                               randomArray({16, 3, 3, 3}, -0.5, 0.5, 41),
                               randomArray({16}, -0.2, 0.2, 42),
                               randomArray({32, 16, 2, 2}, -0.2, 0.2, 43),
                               randomArray({32}, -0.2, 0.2, 44)};
  std::vector<Array> singles;
  for (const Array &a : inputs)
    singles.push_back(a.astype(DType::Float32));
  std::vector<Array> exact = f64(inputs), fast = f32(singles);
  ASSERT_EQ(fast.size(), exact.size());
  for (size_t k = 0; k < exact.size(); ++k) {
    ASSERT_EQ(fast[k].shape(), exact[k].shape()) << "output " << k;
    std::vector<double> a = values(exact[k]), b = values(fast[k]);
    double scale = 0;
    for (double v : a)
      scale = std::max(scale, std::abs(v));
    for (size_t i = 0; i < a.size(); ++i)
      ASSERT_NEAR(b[i], a[i], 1e-4 * (1 + scale)) << "output " << k << " element " << i;
  }
}

TEST(Conv2D, GradientsPassTheNumericChecker) {
  for (const Geometry &g : geometries()) {
    VerifyGradReport report = verify_grad(
        [&](const std::vector<Variable> &in) { return nnet::conv2d(in[0], in[1], optionsOf(g)); },
        {randomArray({2, 2, 6, 5}, -1, 1, 6), randomArray({3, 2, 2, 3}, -1, 1, 7)});
    EXPECT_GT(report.elements_checked, 0) << g.mode;
  }
}

TEST(Conv2D, SecondOrderGradientsPassTheNumericChecker) {
  // The gradient ops are differentiable too (double backprop, e.g. for
  // gradient penalties): d/dx of sum(grad_w(sum(conv(x, w)^2))).
  VerifyGradReport report = verify_grad(
      [](const std::vector<Variable> &in) {
        Variable y = nnet::conv2d(in[0], in[1], optionsOf({"same", {0, 0, 0, 0}, {2, 1}}));
        return grad(sum(y * y), in[1]);
      },
      {randomArray({1, 2, 5, 5}, -1, 1, 8), randomArray({2, 2, 3, 3}, -1, 1, 9)});
  EXPECT_GT(report.elements_checked, 0);
}

TEST(Conv2D, ChannelMismatchNamesTheOpShapesAndLine) {
  Variable x = dtensor4("x");
  SharedVariable w = shared(Array::zeros(DType::Float64, {4, 3, 3, 3}), "w");
  Function f = function({x}, {nnet::conv2d(x, w)});
  try {
    f(Array::zeros(DType::Float64, {1, 2, 8, 8}));
    FAIL() << "expected a ShapeError";
  } catch (const Error &error) {
    std::string message = error.what();
    EXPECT_NE(message.find("theta.conv2d"), std::string::npos) << message;
    EXPECT_NE(message.find("2 channels"), std::string::npos) << message;
    EXPECT_NE(message.find("conv_test.cpp"), std::string::npos) << message;
  }
  EXPECT_THROW(nnet::conv2d(x, x, {"sideways"}), ArgumentError);
}

namespace {

struct PoolCase {
  std::array<int64_t, 2> ws, stride;
  bool ignoreBorder;
  std::string mode;
  std::array<int64_t, 2> pad{0, 0};
};

/// Direct pooling loops, as Theano's Pool.perform: windows in the padded
/// image, clipped to the real input except for average_inc_pad, which
/// divides by the window's extent in the padded image.
std::vector<double> referencePool(const Array &x, const PoolCase &p, Shape &outShape) {
  Shape s = x.shape();
  int64_t out[2];
  for (int axis = 0; axis < 2; ++axis) {
    int64_t in = s[2 + axis] + 2 * p.pad[axis], k = p.ws[axis], st = p.stride[axis];
    if (p.ignoreBorder)
      out[axis] = (in - k) / st + 1;
    else if (st >= k)
      out[axis] = (in - 1) / st + 1;
    else
      out[axis] = std::max<int64_t>(0, (in - 1 - k + st) / st) + 1;
  }
  outShape = {s[0], s[1], out[0], out[1]};
  std::vector<double> result;
  for (int64_t n = 0; n < s[0] * s[1]; ++n)
    for (int64_t i = 0; i < out[0]; ++i)
      for (int64_t j = 0; j < out[1]; ++j) {
        double best = -std::numeric_limits<double>::infinity(), total = 0;
        int64_t h0 = i * p.stride[0], w0 = j * p.stride[1];
        int64_t h1 = std::min(h0 + p.ws[0], s[2] + 2 * p.pad[0]);
        int64_t w1 = std::min(w0 + p.ws[1], s[3] + 2 * p.pad[1]);
        int64_t padded = (h1 - h0) * (w1 - w0);
        int count = 0;
        for (int64_t a = std::max(h0, p.pad[0]); a < std::min(h1, s[2] + p.pad[0]); ++a)
          for (int64_t b = std::max(w0, p.pad[1]); b < std::min(w1, s[3] + p.pad[1]); ++b) {
            double v = x.at((n * s[2] + a - p.pad[0]) * s[3] + b - p.pad[1]);
            best = std::max(best, v);
            total += v;
            ++count;
          }
        result.push_back(p.mode == "max"               ? best
                         : p.mode == "sum"             ? total
                         : p.mode == "average_inc_pad" ? total / double(padded)
                                                       : total / count);
      }
  return result;
}

const std::vector<PoolCase> &poolCases() {
  static const std::vector<PoolCase> all = {
      {{2, 2}, {2, 2}, true, "max"},          {{2, 2}, {2, 2}, false, "max"},
      {{3, 2}, {1, 2}, true, "max"},          {{3, 3}, {2, 2}, false, "max"},
      {{2, 2}, {2, 2}, true, "average_inc_pad"}, {{3, 2}, {2, 1}, false, "average_exc_pad"},
      {{2, 3}, {2, 2}, false, "sum"},
      {{3, 3}, {2, 2}, true, "max", {1, 2}},  {{3, 2}, {1, 2}, true, "sum", {2, 1}},
      {{3, 3}, {2, 2}, true, "average_inc_pad", {1, 1}},
      {{3, 3}, {2, 1}, true, "average_exc_pad", {1, 2}},
  };
  return all;
}

} // namespace

TEST(Pool2D, MatchesDirectLoopsForEveryModeAndBorder) {
  for (const PoolCase &p : poolCases()) {
    for (DType dtype : {DType::Float64, DType::Float32}) {
      Variable x = tensor(dtype, 4, "x");
      Function f = function({x}, {nnet::pool_2d(x, p.ws, p.ignoreBorder, p.stride, p.mode, p.pad)});
      Array X = randomArray({2, 3, 7, 6}, -1, 1, 10);
      Shape expectedShape;
      std::vector<double> expected = referencePool(X, p, expectedShape);
      Array y = f(X.astype(dtype))[0];
      ASSERT_EQ(y.shape(), expectedShape) << p.mode;
      std::vector<double> got = values(y);
      for (size_t i = 0; i < got.size(); ++i)
        ASSERT_NEAR(got[i], expected[i], 1e-6) << p.mode << " element " << i;
    }
  }
}

TEST(Pool2D, GradientsPassTheNumericChecker) {
  for (const PoolCase &p : poolCases()) {
    // Distinct values keep max pooling differentiable at the test points.
    Array X = randomArray({2, 2, 7, 6}, -1, 1, 11);
    VerifyGradReport report = verify_grad(
        [&](const std::vector<Variable> &in) {
          return nnet::pool_2d(in[0], p.ws, p.ignoreBorder, p.stride, p.mode, p.pad);
        },
        {X});
    EXPECT_GT(report.elements_checked, 0) << p.mode;
  }
}

TEST(Pool2D, BadArgumentsAreReportedWhereTheNodeIsBuilt) {
  Variable x = dtensor4("x"), m = dmatrix("m");
  EXPECT_THROW(nnet::pool_2d(x, {2, 2}, true, std::nullopt, "median"), ArgumentError);
  // Theano's rules for padding: with ignore_border only, smaller than ws.
  for (auto [ignoreBorder, pad, expected] :
       {std::tuple{false, std::array<int64_t, 2>{1, 1}, "only with ignore_border"},
        std::tuple{true, std::array<int64_t, 2>{2, 0}, "smaller than the window"}}) {
    try {
      nnet::pool_2d(x, {2, 2}, ignoreBorder, std::nullopt, "max", pad);
      FAIL() << "expected an error for " << expected;
    } catch (const Error &error) {
      std::string message = error.what();
      EXPECT_NE(message.find(expected), std::string::npos) << message;
      EXPECT_NE(message.find("conv_test.cpp"), std::string::npos) << message;
    }
  }
  try {
    nnet::max_pool_2d(m, {2, 2});
    FAIL() << "expected a rank error";
  } catch (const Error &error) {
    std::string message = error.what();
    EXPECT_NE(message.find("theta.pool2d"), std::string::npos) << message;
    EXPECT_NE(message.find("rank-4"), std::string::npos) << message;
  }
}

namespace {

TEST(EmptyInputs, PoolingSortingAndGatheringOfNothing) {
  // Library-backed and generated ops on arrays with an empty dimension give
  // empty results (and zero gradients), as NumPy and Theano do.
  for (DType dtype : {DType::Float32, DType::Float64}) {
    SCOPED_TRACE(dtypeName(dtype));
    Variable images = tensor(dtype, 4, "images");
    Variable pooled = nnet::max_pool_2d(images, {2, 2});
    Function pool = function({images}, {pooled, grad(sum(pooled), images)});
    std::vector<Array> p = pool(Array(dtype, {0, 3, 8, 8}));
    EXPECT_EQ(p[0].shape(), (Shape{0, 3, 4, 4}));
    EXPECT_EQ(p[1].shape(), (Shape{0, 3, 8, 8}));

    Variable v = tensor(dtype, 2, "v");
    Function sorting = function({v}, {sort(v), argsort(v)});
    for (const Shape &shape : {Shape{3, 0}, Shape{0, 3}, Shape{0, 0}}) {
      std::vector<Array> s = sorting(Array(dtype, shape));
      EXPECT_EQ(s[0].shape(), shape);
      EXPECT_EQ(s[1].shape(), shape);
    }
    Variable w = tensor(dtype, 1, "w");
    EXPECT_EQ(function({w}, sort(w))(Array(dtype, {0}))[0].shape(), (Shape{0}));

    Variable table = tensor(dtype, 2, "table"), ids = lvector("ids");
    Variable rows = take(table, ids);
    Function gather = function({table, ids}, {rows, grad(sum(rows), table)});
    std::vector<Array> g = gather(randomArray({5, 4}).astype(dtype), Array(DType::Int64, {0}));
    EXPECT_EQ(g[0].shape(), (Shape{0, 4}));
    ASSERT_EQ(g[1].shape(), (Shape{5, 4}));
    for (double value : values(g[1]))
      EXPECT_EQ(value, 0.0);
  }
}

} // namespace
