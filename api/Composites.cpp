//===- Composites.cpp - Theano functions built from theta ops -------------===//
#include "api/Graph.h"
#include "theta/Composites.h"

#include "theta/NNet.h"

#include "runtime/Error.h"

#include <cmath>
#include <numeric>
#include <string>

namespace theta {
using detail::at;

namespace {
/// x != 0 as a bool tensor (a bool tensor is its own truth value).
Variable truth(const Variable &x, SourceLocation where) {
  return x.dtype(where) == DType::Bool ? x : neq(x, 0, where);
}
} // namespace

Variable clip(const Variable &x, Operand low, Operand high, SourceLocation where) {
  return minimum(maximum(x, low, where), high, where);
}

Variable outer(const Variable &a, const Variable &b, SourceLocation where) {
  if (a.ndim(where) != 1 || b.ndim(where) != 1)
    throw ShapeError(at(where) + ": outer takes two vectors, got ranks " +
                     std::to_string(a.ndim(where)) + " and " + std::to_string(b.ndim(where)));
  return mul(dimshuffle(a, {0, newaxis}, where), dimshuffle(b, {newaxis, 0}, where), where);
}

Variable var(const Variable &x, Axes axes, bool keepdims, SourceLocation where) {
  Variable centered = sub(x, mean(x, axes, true, where), where);
  return mean(sqr(centered, where), axes, keepdims, where);
}

Variable std_(const Variable &x, Axes axes, bool keepdims, SourceLocation where) {
  return sqrt(var(x, axes, keepdims, where), where);
}

Variable norm(const Variable &x, int ord, Axes axes, bool keepdims, SourceLocation where) {
  if (ord == 1)
    return sum(abs(x, where), axes, keepdims, where);
  if (ord == 2)
    return sqrt(sum(sqr(x, where), axes, keepdims, where), where);
  throw ArgumentError(at(where) + ": norm supports ord 1 and 2, got " + std::to_string(ord));
}

Variable argmin(const Variable &x, std::optional<int64_t> axis, bool keepdims,
                SourceLocation where) {
  return argmax(neg(x, where), axis, keepdims, where);
}

Variable all(const Variable &x, Axes axes, bool keepdims, SourceLocation where) {
  Variable ones = cast(truth(x, where), DType::Int32, where);
  return gt(min(ones, axes, keepdims, where), 0, where);
}

Variable any(const Variable &x, Axes axes, bool keepdims, SourceLocation where) {
  Variable ones = cast(truth(x, where), DType::Int32, where);
  return gt(max(ones, axes, keepdims, where), 0, where);
}

Variable stack(const std::vector<Variable> &xs, int64_t axis, SourceLocation where) {
  if (xs.empty())
    throw ArgumentError(at(where) + ": stack needs at least one tensor");
  int64_t ndim = xs.front().ndim(where);
  axis = detail::checkedAxis(axis, ndim + 1, "stack", where);
  std::vector<int64_t> pattern;
  for (int64_t d = 0; d < ndim; ++d) {
    if (d == axis)
      pattern.push_back(newaxis);
    pattern.push_back(d);
  }
  if (axis == ndim)
    pattern.push_back(newaxis);
  std::vector<Variable> expanded;
  for (const Variable &x : xs) {
    if (x.ndim(where) != ndim)
      throw ShapeError(at(where) + ": stack takes tensors of one rank, got ranks " +
                       std::to_string(ndim) + " and " + std::to_string(x.ndim(where)));
    expanded.push_back(dimshuffle(x, pattern, where));
  }
  return concatenate(expanded, axis, where);
}

Variable swapaxes(const Variable &x, int64_t a, int64_t b, SourceLocation where) {
  int64_t ndim = x.ndim(where);
  a = detail::checkedAxis(a, ndim, "swapaxes", where);
  b = detail::checkedAxis(b, ndim, "swapaxes", where);
  std::vector<int64_t> pattern(ndim);
  std::iota(pattern.begin(), pattern.end(), 0);
  std::swap(pattern[a], pattern[b]);
  return dimshuffle(x, pattern, where);
}

Variable ceil(const Variable &x, SourceLocation where) {
  return neg(floor(neg(x, where), where), where);
}

Variable trunc(const Variable &x, SourceLocation where) {
  return mul(sgn(x, where), floor(abs(x, where), where), where);
}

Variable round_(const Variable &x, SourceLocation where) {
  return mul(sgn(x, where), floor(add(abs(x, where), 0.5, where), where), where);
}

Variable int_div(Operand a, Operand b, SourceLocation where) {
  auto integral = [&](const Operand &x) {
    return x.isVariable ? !isFloat(x.variable.dtype(where)) : x.isInteger;
  };
  if (!integral(a) || !integral(b))
    return floor(true_div(a, b, where), where);
  // Integers in, integers out: the quotient in float64 (exact up to 2^53),
  // floored, converted back to the wider integer type.
  DType type = a.isVariable ? a.variable.dtype(where) : b.variable.dtype(where);
  if (a.isVariable && b.isVariable && dtypeSize(b.variable.dtype(where)) > dtypeSize(type))
    type = b.variable.dtype(where);
  Operand wideA = a.isVariable ? Operand(cast(a.variable, DType::Float64, where), where) : a;
  Operand wideB = b.isVariable ? Operand(cast(b.variable, DType::Float64, where), where) : b;
  return cast(floor(true_div(wideA, wideB, where), where), type, where);
}

Variable mod(Operand a, Operand b, SourceLocation where) {
  return sub(a, mul(int_div(a, b, where), b, where), where);
}

Variable exp2(const Variable &x, SourceLocation where) {
  return exp(mul(x, M_LN2, where), where);
}

Variable log2(const Variable &x, SourceLocation where) {
  return mul(log(x, where), 1.0 / M_LN2, where);
}

Variable log10(const Variable &x, SourceLocation where) {
  return mul(log(x, where), 1.0 / M_LN10, where);
}

namespace nnet {

Variable relu(const Variable &x, double alpha, SourceLocation where) {
  if (alpha == 0)
    return relu(x, where);
  // Theano's formula: 0.5 (1 + alpha) x + 0.5 (1 - alpha) |x|.
  return add(mul(x, 0.5 * (1 + alpha), where), mul(abs(x, where), 0.5 * (1 - alpha), where),
             where);
}

Variable elu(const Variable &x, double alpha, SourceLocation where) {
  Variable below = mul(sub(exp(x, where), 1.0, where), alpha, where);
  return switch_(gt(x, 0, where), x, below, where);
}

Variable selu(const Variable &x, SourceLocation where) {
  return mul(elu(x, 1.6732632423543772848170429916717, where),
             1.0507009873554804934193349852946, where);
}

Variable hard_sigmoid(const Variable &x, SourceLocation where) {
  return clip(add(mul(x, 0.2, where), 0.5, where), 0.0, 1.0, where);
}

Variable sigmoid_binary_crossentropy(const Variable &output, const Variable &target,
                                     SourceLocation where) {
  return add(mul(target, softplus(neg(output, where), where), where),
             mul(sub(1.0, target, where), softplus(output, where), where), where);
}

} // namespace nnet
} // namespace theta
