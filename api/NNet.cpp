//===- NNet.cpp - relu, softmax, cross-entropies --------------------------===//
#include "theta/NNet.h"

#include "theta/Gradient.h"
#include "theta/Ops.h"

#include "Graph.h"
#include "dialect/ThetaOps.h"

namespace theta {
namespace nnet {

namespace {

int64_t normalizeAxis(const Variable &x, int64_t axis, const char *function,
                      SourceLocation where) {
  int64_t rank = x.ndim();
  if (axis < -rank || axis >= rank || rank == 0)
    throw ShapeError(std::string(where.file) + ":" + std::to_string(where.line) + ": " +
                     function + ": axis " + std::to_string(axis) + " is out of range for " +
                     x.type());
  return axis < 0 ? axis + rank : axis;
}

/// x - max(x) along axis, the max treated as a constant (it cancels out).
Variable shifted(const Variable &x, int64_t axis, SourceLocation where) {
  Variable top = max(x, std::vector<int64_t>{axis}, /*keepdims=*/true, where);
  return sub(x, disconnected_grad(top, where), where);
}

} // namespace

Variable one_hot(const Variable &labels, const Variable &like, SourceLocation where) {
  detail::requireOperands("one_hot", where, {labels, like});
  std::lock_guard<std::recursive_mutex> lock(detail::Graph::instance().mutex());
  return detail::Graph::instance().build1<OneHotOp>(
      {detail::valueOf(labels, where), detail::valueOf(like, where)}, {}, where);
}

Variable relu(const Variable &x, SourceLocation where) { return maximum(x, 0.0, where); }

Variable softmax(const Variable &x, int64_t axis, SourceLocation where) {
  detail::requireOperands("softmax", where, {x});
  axis = normalizeAxis(x, axis, "softmax", where);
  Variable e = exp(shifted(x, axis, where), where);
  return true_div(e, sum(e, std::vector<int64_t>{axis}, true, where), where);
}

Variable log_softmax(const Variable &x, int64_t axis, SourceLocation where) {
  detail::requireOperands("log_softmax", where, {x});
  axis = normalizeAxis(x, axis, "log_softmax", where);
  Variable z = shifted(x, axis, where);
  return sub(z, log(sum(exp(z, where), std::vector<int64_t>{axis}, true, where), where), where);
}

Variable categorical_crossentropy(const Variable &p, const Variable &target,
                                  SourceLocation where) {
  detail::requireOperands("categorical_crossentropy", where, {p, target});
  std::string at = std::string(where.file) + ":" + std::to_string(where.line) + ": ";
  if (p.ndim() != 2)
    throw ShapeError(at + "categorical_crossentropy: p must be a (batch, classes) matrix, got " +
                     p.type());
  Variable t = target;
  if (!isFloat(target.dtype())) {
    if (target.ndim() != 1)
      throw ShapeError(at + "categorical_crossentropy: integer labels must be a vector, got " +
                       target.type());
    t = one_hot(target, p, where);
  }
  return neg(sum(mul(t, log(p, where), where), std::vector<int64_t>{1}, false, where), where);
}

Variable binary_crossentropy(const Variable &p, const Variable &target, SourceLocation where) {
  detail::requireOperands("binary_crossentropy", where, {p, target});
  Variable positive = mul(target, log(p, where), where);
  Variable negative = mul(sub(1.0, target, where), log(sub(1.0, p, where), where), where);
  return neg(add(positive, negative, where), where);
}

} // namespace nnet
} // namespace theta
