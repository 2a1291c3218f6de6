//===- VerifyGrad.cpp - finite differences against the compiled gradient --===//
#include "theta/VerifyGrad.h"

#include "theta/Function.h"
#include "theta/Gradient.h"
#include "theta/Ops.h"

#include <cmath>
#include <random>
#include <sstream>

namespace theta {

namespace {

std::string elementText(const Shape &shape, int64_t flat) {
  std::vector<int64_t> index(shape.size());
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    index[d] = flat % shape[d];
    flat /= shape[d];
  }
  std::ostringstream text;
  text << "[";
  for (size_t d = 0; d < index.size(); ++d)
    text << (d ? ", " : "") << index[d];
  text << "]";
  return text.str();
}

} // namespace

VerifyGradReport verify_grad(const std::function<Variable(const std::vector<Variable> &)> &fun,
                             const std::vector<Array> &points, const VerifyGradOptions &options,
                             SourceLocation where) {
  std::string at = std::string(where.file) + ":" + std::to_string(where.line) + ": ";
  if (points.empty())
    throw ArgumentError(at + "verify_grad: needs at least one point");

  // Everything in float64, so the finite differences are accurate.
  std::vector<Variable> inputs;
  std::vector<Array> point;
  for (size_t i = 0; i < points.size(); ++i) {
    if (!isFloat(points[i].dtype()))
      throw TypeError(at + "verify_grad: point #" + std::to_string(i) +
                      " must be a float array to differentiate");
    inputs.push_back(tensor(DType::Float64, points[i].rank(), "x" + std::to_string(i), where));
    point.push_back(points[i].astype(DType::Float64));
  }
  Variable output = fun(inputs);
  if (!output || !isFloat(output.dtype()))
    throw TypeError(at + "verify_grad: the function must return a float tensor");
  output = output.astype(DType::Float64, where);

  // cost = sum(output * projection) for a random projection.
  Variable projection = tensor(DType::Float64, output.ndim(), "projection", where);
  Variable cost = sum(output * projection, std::nullopt, false, where);
  std::vector<Variable> gradients = grad(cost, inputs, GradOptions(), where);
  std::vector<Variable> functionInputs = inputs;
  functionInputs.push_back(projection);
  Function costFunction = function(functionInputs, cost);
  Function gradientFunction = function(functionInputs, gradients);
  Function outputFunction = function(inputs, output);

  Shape outputShape = outputFunction(point)[0].shape();
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> uniform(0.5, 1.5);
  VerifyGradReport report;
  for (int test = 0; test < options.n_tests; ++test) {
    Array r = Array::zeros(DType::Float64, outputShape);
    for (int64_t k = 0; k < r.size(); ++k)
      r.data<double>()[k] = uniform(rng);
    std::vector<Array> arguments;
    for (const Array &p : point)
      arguments.push_back(p.clone());
    arguments.push_back(r);
    std::vector<Array> analytic = gradientFunction(arguments);

    for (size_t i = 0; i < point.size(); ++i) {
      double *x = arguments[i].data<double>();
      for (int64_t k = 0; k < arguments[i].size(); ++k) {
        double saved = x[k];
        x[k] = saved + options.eps;
        double plus = costFunction(arguments)[0].item<double>();
        x[k] = saved - options.eps;
        double minus = costFunction(arguments)[0].item<double>();
        x[k] = saved;
        double numeric = (plus - minus) / (2 * options.eps);
        double exact = analytic[i].at(k);
        double absError = std::fabs(exact - numeric);
        double scale = std::fabs(exact) + std::fabs(numeric);
        double relError = scale > 0 ? absError / scale : 0.0;
        report.max_abs_error = std::max(report.max_abs_error, absError);
        report.max_rel_error = std::max(report.max_rel_error, relError);
        ++report.elements_checked;
        if (!(absError <= options.abs_tol || relError <= options.rel_tol)) {
          std::ostringstream message;
          message << at << "verify_grad: the gradient with respect to input #" << i
                  << " at element " << elementText(point[i].shape(), k) << " is " << exact
                  << " but finite differences give " << numeric << " (absolute error "
                  << absError << ", relative error " << relError << "; tolerances "
                  << options.abs_tol << " and " << options.rel_tol << ")";
          throw GradientError(message.str());
        }
      }
    }
  }
  return report;
}

} // namespace theta
