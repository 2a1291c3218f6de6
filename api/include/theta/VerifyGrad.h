//===- theta/VerifyGrad.h - numeric gradient checking ---------------------===//
//
// Theano's verify_grad: compares the compiled gradient of a function with
// central finite differences in float64.
//
//   theta::verify_grad([](const std::vector<theta::Variable> &x) {
//     return theta::tanh(x[0]) * x[1];
//   }, {a, b});
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_VERIFYGRAD_H
#define THETA_API_VERIFYGRAD_H

#include "theta/Variable.h"

#include <functional>
#include <vector>

namespace theta {

struct VerifyGradOptions {
  /// Random projections tried (a non-scalar output is reduced to a scalar by
  /// summing its product with a random tensor, as Theano does).
  int n_tests = 2;
  uint64_t seed = 1234;
  /// Finite-difference step.
  double eps = 1e-6;
  /// An element fails when both its absolute and its relative error exceed
  /// these (relative error: |a - n| / (|a| + |n|)).
  double abs_tol = 1e-5;
  double rel_tol = 1e-5;
};

struct VerifyGradReport {
  double max_abs_error = 0;
  double max_rel_error = 0;
  int64_t elements_checked = 0;
};

/// Checks d fun(inputs) / d inputs at `points` (one array per input; any float
/// dtype, evaluated in float64). Throws theta::GradientError naming the input,
/// the element and both values when the gradients disagree.
VerifyGradReport verify_grad(
    const std::function<Variable(const std::vector<Variable> &)> &fun,
    const std::vector<Array> &points, const VerifyGradOptions &options = {},
    SourceLocation where = SourceLocation::current());

} // namespace theta

#endif // THETA_API_VERIFYGRAD_H
