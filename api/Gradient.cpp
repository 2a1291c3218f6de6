//===- Gradient.cpp - grad, Lop, Rop, jacobian, hessian -------------------===//
//
// Each builds theta.grad / theta.jacobian nodes; --theta-autodiff expands them
// at compile time. What can be checked when the node is built (a non-scalar
// cost, a wrt the cost does not reach) is refused here, at the user's line.
//
//===----------------------------------------------------------------------===//
#include "theta/Gradient.h"

#include "api/Graph.h"
#include "dialect/Autodiff.h"
#include "dialect/ThetaOps.h"
#include "theta/Ops.h"

namespace theta {
using detail::at;

using detail::describe;
using detail::Graph;
using detail::named;
using detail::valueOf;

namespace {

llvm::StringRef disconnectedText(Disconnected disconnected) {
  return disconnected == Disconnected::Raise ? "raise" : "zero";
}

void checkFloat(const char *function, const char *role, const Variable &x,
                SourceLocation where) {
  if (!x)
    detail::emptyVariable(function, role, where);
  if (!isFloat(x.dtype()))
    throw TypeError(at(where, ": ") + function + ": " + role + " must be a float tensor, got " +
                    describe(x));
}

/// Builds `theta.grad cost [seed] wrt ... constant(...)`.
std::vector<Variable> buildGrad(const char *function, const Variable &cost, const Variable &seed,
                                const std::vector<Variable> &wrt, const GradOptions &options,
                                SourceLocation where) {
  Graph &graph = Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  checkFloat(function, "the cost", cost, where);
  if (!seed && cost.ndim() != 0)
    throw TypeError(at(where, ": ") + function + ": the cost must be a scalar (0-d tensor), got " +
                    describe(cost) + "; reduce it first, e.g. with sum() or mean()");
  if (wrt.empty())
    throw ArgumentError(at(where, ": ") + function + ": needs at least one variable to differentiate "
                                               "with respect to");
  llvm::SmallVector<mlir::Value> wrtValues, constants;
  for (size_t i = 0; i < wrt.size(); ++i) {
    if (!wrt[i])
      detail::emptyVariable(function, "wrt[" + std::to_string(i) + "]", where);
    wrtValues.push_back(valueOf(wrt[i], where));
  }
  for (size_t i = 0; i < options.consider_constant.size(); ++i) {
    if (!options.consider_constant[i])
      detail::emptyVariable(function, "consider_constant[" + std::to_string(i) + "]", where);
    constants.push_back(valueOf(options.consider_constant[i], where));
  }

  mlir::Value costValue = valueOf(cost, where);
  if (options.disconnected == Disconnected::Raise) {
    llvm::SmallVector<bool> connected = connectedToCost(costValue, wrtValues, constants);
    for (size_t i = 0; i < wrt.size(); ++i)
      if (!connected[i])
        throw GradientError(
            at(where, ": ") + function + ": the cost does not depend on " + describe(wrt[i]) +
            ": it is not part of the computational graph of the cost, or is used only by a "
            "non-differentiable operator (pass Disconnected::Zero to get zeros instead)");
  }

  llvm::SmallVector<mlir::Value> operands{costValue};
  if (seed)
    operands.push_back(valueOf(seed, where));
  llvm::append_range(operands, wrtValues);
  llvm::append_range(operands, constants);
  mlir::Builder b(&graph.context());
  int32_t seedCount = seed ? 1 : 0;
  llvm::SmallVector<mlir::NamedAttribute> attributes{
      named<GradOp>(&GradOp::getOperandSegmentSizesAttrName,
                    b.getDenseI32ArrayAttr({1, seedCount, static_cast<int32_t>(wrt.size()),
                                            static_cast<int32_t>(constants.size())})),
      named<GradOp>(&GradOp::getDisconnectedAttrName,
                    b.getStringAttr(disconnectedText(options.disconnected)))};
  return graph.build<GradOp>(operands, attributes, where, static_cast<unsigned>(wrt.size()));
}

} // namespace

Variable grad(const Variable &cost, const Variable &wrt, const GradOptions &options,
              SourceLocation where) {
  return buildGrad("grad", cost, Variable(), {wrt}, options, where).front();
}

std::vector<Variable> grad(const Variable &cost, const std::vector<Variable> &wrt,
                           const GradOptions &options, SourceLocation where) {
  return buildGrad("grad", cost, Variable(), wrt, options, where);
}

std::vector<Variable> Lop(const Variable &f, const std::vector<Variable> &wrt,
                          const Variable &eval_point, SourceLocation where) {
  checkFloat("Lop", "the eval point", eval_point, where);
  return buildGrad("Lop", f, eval_point, wrt, GradOptions(), where);
}

Variable Lop(const Variable &f, const Variable &wrt, const Variable &eval_point,
             SourceLocation where) {
  return Lop(f, std::vector<Variable>{wrt}, eval_point, where).front();
}

Variable Rop(const Variable &f, const std::vector<Variable> &wrt,
             const std::vector<Variable> &eval_points, SourceLocation where) {
  if (wrt.size() != eval_points.size())
    throw ArgumentError(at(where, ": ") + "Rop: got " + std::to_string(wrt.size()) +
                        " variables but " + std::to_string(eval_points.size()) +
                        " eval points; give one per variable");
  // J·v as the gradient of the linear map u -> Jᵀu: Lop(Lop(f, wrt, u), u, v)
  // for a placeholder u of f's shape (its value never matters).
  checkFloat("Rop", "f", f, where);
  Variable u = zeros_like(f, where);
  std::vector<Variable> transposed = buildGrad("Rop", f, u, wrt, GradOptions(), where);
  Variable total;
  GradOptions linear;
  linear.disconnected = Disconnected::Zero; // Jᵀu is zero if f is piecewise constant.
  for (size_t i = 0; i < wrt.size(); ++i) {
    checkFloat("Rop", "an eval point", eval_points[i], where);
    Variable product = buildGrad("Rop", transposed[i], eval_points[i], {u}, linear, where).front();
    total = total ? add(total, product, where) : product;
  }
  return total;
}

Variable Rop(const Variable &f, const Variable &wrt, const Variable &eval_point,
             SourceLocation where) {
  return Rop(f, std::vector<Variable>{wrt}, std::vector<Variable>{eval_point}, where);
}

Variable jacobian(const Variable &expression, const Variable &wrt, Disconnected disconnected,
                  SourceLocation where) {
  Graph &graph = Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  checkFloat("jacobian", "the expression", expression, where);
  checkFloat("jacobian", "wrt", wrt, where);
  if (disconnected == Disconnected::Raise &&
      !connectedToCost(valueOf(expression, where), valueOf(wrt, where), {}).front())
    throw GradientError(at(where, ": ") + "jacobian: the expression does not depend on " +
                        describe(wrt) + " (pass Disconnected::Zero to get zeros instead)");
  mlir::Builder b(&graph.context());
  return graph.build1<JacobianOp>(
      {valueOf(expression, where), valueOf(wrt, where)},
      {named<JacobianOp>(&JacobianOp::getDisconnectedAttrName,
                         b.getStringAttr(disconnectedText(disconnected)))},
      where);
}

Variable hessian(const Variable &cost, const Variable &wrt, Disconnected disconnected,
                 SourceLocation where) {
  GradOptions options;
  options.disconnected = disconnected;
  return jacobian(grad(cost, wrt, options, where), wrt, disconnected, where);
}

Variable disconnected_grad(const Variable &x, SourceLocation where) {
  detail::requireOperands("disconnected_grad", where, {x});
  return Graph::instance().build1<StopGradientOp>({valueOf(x, where)}, {}, where);
}

} // namespace theta
