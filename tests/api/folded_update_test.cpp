// SGD updates folded into their products: `w - lr * dot(a, b)` (lr a
// constant) is one gemm call with alpha = -lr accumulating into a copy of w
// (DotLowering, BlasLowering). Each form computes what the unfolded formula
// does (a float64 loop here), leaves the shared variable's old buffer
// untouched until the update lands, and is named in the profile.
#include <theta/theta.h>

#include "tests/api/TestUtil.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <sstream>

using namespace theta;

namespace {

using theta_test::randomArray;

/// out[i][j] = w[i][j] + alpha * sum_p op(a)[i][p] b[p][j], in float64.
Array reference(const Array &w, const Array &a, const Array &b, bool transA, double alpha) {
  int64_t m = w.shape()[0], n = w.shape()[1], k = transA ? a.shape()[0] : a.shape()[1];
  std::vector<double> out(static_cast<size_t>(m * n));
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double sum = 0;
      for (int64_t p = 0; p < k; ++p)
        sum += (transA ? a.at(p * m + i) : a.at(i * k + p)) * b.at(p * n + j);
      out[static_cast<size_t>(i * n + j)] = w.at(i * n + j) + alpha * sum;
    }
  return Array::fromVector(out, {m, n});
}

double worstDifference(const Array &got, const Array &want) {
  double worst = 0;
  for (int64_t i = 0; i < want.size(); ++i)
    worst = std::max(worst, std::abs(got.at(i) - want.at(i)) / (1 + std::abs(want.at(i))));
  return worst;
}

struct Form {
  const char *name;
  double alpha;
  std::function<Variable(const Variable &w, const Variable &product)> update;
};

TEST(FoldedUpdate, EveryFormMatchesTheFormulaAndIsOneScaledGemm) {
  const Form forms[] = {
      // (The rate is the float 0.01f in both precisions, as written.)
      {"w - lr * g", -double(0.01f),
       [](const Variable &w, const Variable &g) { return w - 0.01f * g; }},
      {"w - g * lr", -double(0.01f),
       [](const Variable &w, const Variable &g) { return w - g * 0.01f; }},
      {"w + lr * g", 0.5, [](const Variable &w, const Variable &g) { return w + 0.5f * g; }},
      {"g * lr + w", 0.5, [](const Variable &w, const Variable &g) { return g * 0.5f + w; }},
  };
  for (DType dtype : {DType::Float32, DType::Float64})
    for (const Form &form : forms)
      for (bool transA : {false, true}) {
        SCOPED_TRACE(std::string(form.name) + (transA ? ", a transposed" : "") + ", " +
                     dtypeName(dtype));
        Array w0 = randomArray({64, 48}).astype(dtype);
        Array a0 = randomArray(transA ? Shape{96, 64} : Shape{64, 96}).astype(dtype);
        Array b0 = randomArray({96, 48}).astype(dtype);
        SharedVariable w = shared(w0, "w");
        Variable a = dtype == DType::Float32 ? fmatrix("a") : dmatrix("a");
        Variable b = dtype == DType::Float32 ? fmatrix("b") : dmatrix("b");
        FunctionOptions options;
        options.profile = true;
        options.updates = {{w, form.update(w, dot(transA ? a.T() : a, b))}};
        Function step = function({a, b}, std::vector<Variable>{}, options);
        step(a0, b0);
        double tolerance = dtype == DType::Float32 ? 2e-5 : 1e-12;
        EXPECT_LE(worstDifference(w.get_value(), reference(w0, a0, b0, transA, form.alpha)),
                  tolerance);
        std::ostringstream table;
        step.profile().print(table);
        EXPECT_NE(table.str().find(dtype == DType::Float32 ? "Gemm{sgemm + scaled accumulate"
                                                           : "Gemm{dgemm + scaled accumulate"),
                  std::string::npos)
            << table.str();
        EXPECT_EQ(table.str().find("Elemwise{mul,sub}"), std::string::npos) << table.str();
      }
}

TEST(FoldedUpdate, AProductUsedElsewhereOrAVariableRateIsNotFolded) {
  // The product is also an output: it must be computed on its own. A rate
  // that is an input is not a constant alpha. Both still give the formula.
  Array w0 = randomArray({64, 48}).astype(DType::Float32);
  Array a0 = randomArray({64, 96}).astype(DType::Float32);
  Array b0 = randomArray({96, 48}).astype(DType::Float32);
  Variable a = fmatrix("a"), b = fmatrix("b"), lr = fscalar("lr");
  {
    SharedVariable w = shared(w0, "w");
    Variable g = dot(a, b);
    FunctionOptions options;
    options.updates = {{w, w - 0.01f * g}};
    Function step = function({a, b}, {g}, options);
    Array product = step(a0, b0)[0];
    EXPECT_LE(worstDifference(w.get_value(), reference(w0, a0, b0, false, -double(0.01f))), 2e-5);
    EXPECT_LE(worstDifference(product, reference(Array::zeros(DType::Float32, {64, 48}), a0, b0,
                                                 false, 1.0)),
              2e-5);
  }
  {
    SharedVariable w = shared(w0, "w");
    FunctionOptions options;
    options.updates = {{w, w - lr * dot(a, b)}};
    Function step = function({a, b, lr}, std::vector<Variable>{}, options);
    step(a0, b0, 0.25f);
    EXPECT_LE(worstDifference(w.get_value(), reference(w0, a0, b0, false, -0.25)), 2e-5);
  }
}

} // namespace
