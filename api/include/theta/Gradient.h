//===- theta/Gradient.h - symbolic differentiation ------------------------===//
//
//   auto gw = theta::grad(cost, w);             // d cost / d w, w's type
//   auto gs = theta::grad(cost, {w, b});        // several at once
//   auto H  = theta::hessian(cost, x);          // a gradient of a gradient
//
// Each call adds a theta.grad (or theta.jacobian) node to the graph; the
// compiler expands it into ordinary ops (--theta-autodiff) before lowering.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_GRADIENT_H
#define THETA_API_GRADIENT_H

#include "theta/Variable.h"

#include <type_traits>
#include <vector>

namespace theta {

/// What to do with a `wrt` the cost does not depend on.
enum class Disconnected {
  Raise, ///< throw theta::GradientError (Theano's default)
  Zero,  ///< return zeros of the wrt's type
};

struct GradOptions {
  Disconnected disconnected = Disconnected::Raise;
  /// Nodes treated as constants: no gradient flows through them.
  std::vector<Variable> consider_constant;
};

/// The gradient of the scalar `cost` with respect to `wrt` (an input, a shared
/// variable or any intermediate node); it has exactly `wrt`'s type.
Variable grad(const Variable &cost, const Variable &wrt, const GradOptions &options = {},
              SourceLocation where = SourceLocation::current());
std::vector<Variable> grad(const Variable &cost, const std::vector<Variable> &wrt,
                           const GradOptions &options = {},
                           SourceLocation where = SourceLocation::current());
/// The same for a list of shared variables (a model's parameters).
template <typename T, typename = std::enable_if_t<std::is_base_of_v<Variable, T> &&
                                                  !std::is_same_v<Variable, T>>>
std::vector<Variable> grad(const Variable &cost, const std::vector<T> &wrt,
                           const GradOptions &options = {},
                           SourceLocation where = SourceLocation::current()) {
  return grad(cost, std::vector<Variable>(wrt.begin(), wrt.end()), options, where);
}

/// Theano's Lop: the vector-Jacobian product `eval_point · d f / d wrt`, where
/// `eval_point` has `f`'s shape (f need not be a scalar).
Variable Lop(const Variable &f, const Variable &wrt, const Variable &eval_point,
             SourceLocation where = SourceLocation::current());
std::vector<Variable> Lop(const Variable &f, const std::vector<Variable> &wrt,
                          const Variable &eval_point,
                          SourceLocation where = SourceLocation::current());

/// Theano's Rop: the Jacobian-vector product `d f / d wrt · eval_point`, with
/// `eval_point` of `wrt`'s shape and a result of `f`'s shape. With several
/// wrt, the products are summed.
Variable Rop(const Variable &f, const Variable &wrt, const Variable &eval_point,
             SourceLocation where = SourceLocation::current());
Variable Rop(const Variable &f, const std::vector<Variable> &wrt,
             const std::vector<Variable> &eval_points,
             SourceLocation where = SourceLocation::current());

/// d expression[i...] / d wrt[j...], of shape expression.shape + wrt.shape.
Variable jacobian(const Variable &expression, const Variable &wrt,
                  Disconnected disconnected = Disconnected::Raise,
                  SourceLocation where = SourceLocation::current());
/// The Hessian of a scalar cost: jacobian(grad(cost, wrt), wrt).
Variable hessian(const Variable &cost, const Variable &wrt,
                 Disconnected disconnected = Disconnected::Raise,
                 SourceLocation where = SourceLocation::current());

/// The identity in the forward pass; no gradient flows back through it
/// (Theano's disconnected_grad, JAX's stop_gradient).
Variable disconnected_grad(const Variable &x, SourceLocation where = SourceLocation::current());

} // namespace theta

#endif // THETA_API_GRADIENT_H
