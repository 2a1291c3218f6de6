//===- CrossCheck.cpp - Theta's results against LibTorch's ----------------===//
#include "tools/bench/CrossCheck.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bench {

using theta::Array;

namespace {

// float32 agreement between two implementations that round differently
// (polynomial exp/tanh in Theta, SLEEF in LibTorch; other summation orders).
// Outputs and costs: |theta - torch| <= kAbsolute + kRelative * |torch|.
constexpr double kRelative = 1e-4, kAbsolute = 1e-6;
// Parameter steps: |step_theta - step_torch| <= kStepRelative * max |step_torch|
// (elements of a gradient can be tiny; their error is relative to the sum's
// scale) plus one float32 ulp of the parameter, to which the step was added.
constexpr double kStepRelative = 1e-3;

std::string format(const char *pattern, double a, double b = 0, double c = 0) {
  char text[256];
  std::snprintf(text, sizeof text, pattern, a, b, c);
  return text;
}

struct Difference {
  std::string failure; // empty when within tolerance
  double worst = 0;    // largest |difference| / allowed
};

double ulp(float x) { return std::nextafter(std::fabs(x), INFINITY) - std::fabs(x); }

/// Element-wise comparison of `got` (Theta) with `want` (LibTorch), with an
/// allowed error of absolute + relative * |want| per element, plus one ulp
/// of `rounded`'s element where given.
Difference compare(const std::string &name, const Array &got, const Array &want,
                   double absolute, double relative, const Array *rounded = nullptr) {
  if (got.shape() != want.shape())
    return {name + ": Theta's shape " + theta::shapeString(got.shape()) + " but LibTorch's " +
                theta::shapeString(want.shape()),
            INFINITY};
  auto allowed = [&](int64_t i) {
    return absolute + relative * std::fabs(want.at(i)) +
           (rounded ? ulp(rounded->data<float>()[i]) : 0.0);
  };
  Difference result;
  int64_t failures = 0, worstIndex = 0;
  for (int64_t i = 0; i < got.size(); ++i) {
    double ratio = std::fabs(got.at(i) - want.at(i)) / allowed(i);
    if (!(ratio <= 1))
      ++failures;
    // NaN counts as the worst.
    if (std::isnan(ratio) ? !std::isnan(result.worst) : ratio > result.worst) {
      result.worst = ratio;
      worstIndex = i;
    }
  }
  if (failures)
    result.failure = name + " " + theta::shapeString(got.shape()) + ": " +
                     std::to_string(failures) + " of " + std::to_string(got.size()) +
                     " elements differ; worst at flat index " + std::to_string(worstIndex) +
                     format(": Theta %.9g, LibTorch %.9g (allowed %.3g)", got.at(worstIndex),
                            want.at(worstIndex), allowed(worstIndex));
  return result;
}

Array minus(const Array &a, const Array &b) {
  Array difference(theta::DType::Float32, a.shape());
  for (int64_t i = 0; i < a.size(); ++i)
    difference.data<float>()[i] = static_cast<float>(a.at(i) - b.at(i));
  return difference;
}

double maxAbs(const Array &a) {
  double largest = 0;
  for (int64_t i = 0; i < a.size(); ++i)
    largest = std::max(largest, std::fabs(a.at(i)));
  return largest;
}

} // namespace

CheckResult compareResults(const std::vector<std::string> &names, const std::vector<Array> &theta,
                           const std::vector<Array> &torch, const std::vector<Array> &initial) {
  if (theta.size() != names.size() || torch.size() != names.size())
    return {false, "Theta gave " + std::to_string(theta.size()) + " results, LibTorch " +
                       std::to_string(torch.size()) + ", expected " +
                       std::to_string(names.size())};
  std::vector<std::string> failures;
  double worst = 0;
  for (size_t i = 0; i < names.size(); ++i) {
    Difference d;
    bool isParameter = !initial.empty() && i > 0;
    if (isParameter && theta[i].shape() == initial[i - 1].shape() &&
        torch[i].shape() == initial[i - 1].shape()) {
      const Array &start = initial[i - 1];
      Array wantStep = minus(torch[i], start);
      double scale = maxAbs(wantStep);
      d = compare("step of " + names[i], minus(theta[i], start), wantStep,
                  kStepRelative * scale, 0, &start);
    } else {
      d = compare(names[i], theta[i], torch[i], kAbsolute, kRelative);
    }
    worst = std::max(worst, d.worst);
    if (!d.failure.empty())
      failures.push_back(d.failure);
  }
  if (failures.empty())
    return {true, format("ok (largest difference %.2g of its tolerance)", worst)};
  std::string summary;
  for (const std::string &failure : failures)
    summary += (summary.empty() ? "" : "; ") + failure;
  return {false, summary};
}

} // namespace bench
