//===- TestValues.cpp - Theano's compute_test_value ----------------------===//
#include "api/TestValues.h"

#include "api/Graph.h"
#include "api/OpEvaluator.h"
#include "dialect/SourceLocation.h"
#include "dialect/ThetaOps.h"
#include "theta/Config.h"

#include "runtime/Logging.h"

#include "llvm/ADT/DenseSet.h"

#include <chrono>
#include <thread>

namespace theta {
using detail::at;

using detail::Graph;

namespace detail {

namespace {

/// The test value of `value` if it has one: a shared variable's value, a
/// test value set or computed, a constant's value.
std::optional<Array> testValueOf(mlir::Value value) {
  const Node *node = Graph::instance().nodeOf(value);
  if (node && node->shared) {
    // The graph mutex is held here, and a DebugMode call takes it while it
    // holds its shared variables: wait for the variable only a while.
    std::unique_lock<std::mutex> lock(node->shared->mutex, std::defer_lock);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    while (!lock.try_lock()) {
      if (std::chrono::steady_clock::now() > deadline) {
        log().warn("compute_test_value: shared variable '{}' is held by a running call; its "
                   "value is not used as a test value",
                   node->name);
        return std::nullopt;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return node->shared->value;
  }
  if (node && node->testValue)
    return node->testValue;
  if (auto constant = value.getDefiningOp<ConstantOp>())
    if (auto dense = llvm::dyn_cast<mlir::DenseElementsAttr>(constant.getValue()))
      return arrayFromAttribute(dense);
  return std::nullopt;
}

std::string describeValue(mlir::Value value) {
  Variable variable = Graph::instance().variableOf(value);
  if (variable)
    return describe(variable);
  std::string where = formatLocation(value.getLoc());
  return "a value" + (where.empty() ? std::string() : " built at " + where);
}

/// The graph's block arguments (inputs, shared variables) the op's operands
/// are computed from.
std::vector<mlir::Value> argumentsReached(mlir::Operation *op) {
  std::vector<mlir::Value> arguments;
  llvm::DenseSet<mlir::Value> seen;
  std::vector<mlir::Value> worklist(op->operand_begin(), op->operand_end());
  while (!worklist.empty()) {
    mlir::Value value = worklist.back();
    worklist.pop_back();
    if (!seen.insert(value).second)
      continue;
    if (llvm::isa<mlir::BlockArgument>(value)) {
      arguments.push_back(value);
      continue;
    }
    mlir::Operation *producer = value.getDefiningOp();
    worklist.insert(worklist.end(), producer->operand_begin(), producer->operand_end());
  }
  return arguments;
}

[[noreturn]] void rethrowWith(const std::string &message) {
  try {
    throw;
  } catch (const ShapeError &) {
    throw ShapeError(message);
  } catch (const TypeError &) {
    throw TypeError(message);
  } catch (const IndexError &) {
    throw IndexError(message);
  } catch (const MemoryError &) {
    throw MemoryError(message);
  } catch (const ArgumentError &) {
    throw ArgumentError(message);
  } catch (const CompileError &) {
    throw CompileError(message);
  } catch (...) {
    throw Error(message);
  }
}

} // namespace

std::vector<Array> computeTestValues(mlir::Operation *op, SourceLocation where) {
  const std::string &mode = config().compute_test_value;
  if (mode == "off" || mode.empty())
    return {};
  // Only ops of the graph itself: a scan's step runs on symbolic per-step
  // values; the scan op is evaluated whole once built.
  auto parent = llvm::dyn_cast_or_null<mlir::func::FuncOp>(op->getParentOp());
  if (!parent || parent.getSymName() != "graph")
    return {};
  bool raise = mode == "raise";
  std::string name = op->getName().getStringRef().str();

  // Gradients need the graph from the variables to the cost: evaluate the
  // slice from the graph's arguments.
  bool slice = llvm::isa<GradOp, JacobianOp>(op);
  std::vector<mlir::Value> leaves =
      slice ? argumentsReached(op)
            : std::vector<mlir::Value>(op->operand_begin(), op->operand_end());
  std::vector<Array> values;
  std::vector<mlir::Value> unique;
  for (mlir::Value leaf : leaves) {
    if (llvm::is_contained(unique, leaf))
      continue;
    std::optional<Array> value = testValueOf(leaf);
    if (!value) {
      if (!llvm::isa<mlir::BlockArgument>(leaf)) {
        // Built while compute_test_value was off, or not evaluable.
        log().debug("{}: compute_test_value: an operand of '{}' has no test value; skipped",
                    at(where), name);
        return {};
      }
      std::string message = at(where) + ": compute_test_value: '" + name + "' uses " +
                            describeValue(leaf) +
                            ", which has no test value (give it one with set_test_value, or "
                            "set compute_test_value = off)";
      if (raise) {
        op->erase();
        throw ArgumentError(message);
      }
      log().warn("{}", message);
      return {};
    }
    unique.push_back(leaf);
    values.push_back(*value);
  }

  try {
    if (slice)
      return evaluateValues(unique, values,
                            std::vector<mlir::Value>(op->result_begin(), op->result_end()), {})
          .results;
    std::vector<Array> operands; // one per operand, repeated ones included
    for (mlir::Value operand : op->getOperands())
      operands.push_back(values[llvm::find(unique, operand) - unique.begin()]);
    return evaluateOp(op, operands, {}).results;
  } catch (const NotEvaluable &error) {
    log().debug("{}: compute_test_value: '{}' is not evaluated alone: {}", at(where), name,
                error.what());
    return {};
  } catch (const Error &error) {
    std::string shapes;
    for (const Array &value : values)
      shapes += (shapes.empty() ? "" : ", ") + shapeString(value.shape());
    std::string cause = error.what();
    if (llvm::StringRef(cause).starts_with(at(where) + ": ")) // said once is enough
      cause = cause.substr(at(where).size() + 2);
    std::string message = at(where) + ": compute_test_value: '" + name +
                          "' fails on the test values of its operands (shapes " + shapes +
                          "): " + cause;
    if (raise) {
      op->erase();
      rethrowWith(message);
    }
    log().warn("{}", message);
    return {};
  }
}

} // namespace detail

void Variable::set_test_value(const Array &value, SourceLocation where) {
  if (!node)
    throw ArgumentError(detail::at(where) + ": set_test_value of an empty (default-constructed) "
                                            "Variable");
  Graph &graph = Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  if (node->shared)
    throw ArgumentError(detail::at(where) + ": set_test_value on shared variable " +
                        detail::describe(*this) +
                        ": a shared variable's test value is its value (use set_value)");
  std::vector<int64_t> sizes = staticShape(where);
  bool fits = value.rank() == ndim(where);
  for (size_t d = 0; fits && d < sizes.size(); ++d)
    fits = sizes[d] < 0 || sizes[d] == value.shape()[d];
  if (!fits)
    throw ShapeError(detail::at(where) + ": set_test_value on " + detail::describe(*this) +
                     ": got an array of shape " + shapeString(value.shape()));
  DType target = dtype(where);
  Array converted = value;
  if (value.dtype() != target) {
    bool lossless = isFloat(target) ? (target == DType::Float64 || value.dtype() == DType::Bool)
                                    : (!isFloat(value.dtype()) &&
                                       dtypeSize(value.dtype()) <= dtypeSize(target));
    if (!lossless && !value.isWeakScalar())
      throw TypeError(detail::at(where) + ": set_test_value on " + detail::describe(*this) +
                      ": got a " + dtypeName(value.dtype()) + " array; converting it to " +
                      dtypeName(target) + " may lose precision");
    converted = value.astype(target);
  }
  node->testValue = converted.clone();
}

Array Variable::test_value(SourceLocation where) const {
  if (!node)
    throw ArgumentError(detail::at(where) + ": test_value of an empty (default-constructed) "
                                            "Variable");
  Graph &graph = Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  if (std::optional<Array> value = detail::testValueOf(node->value))
    return value->clone();
  throw ArgumentError(detail::at(where) + ": " + detail::describe(*this) +
                      " has no test value (set one with set_test_value; with "
                      "compute_test_value = warn or raise, ops built from values with test "
                      "values get theirs)");
}

} // namespace theta
