//===- DebugMode.cpp - compiled results against a float64 reference ------===//
#include "api/DebugMode.h"

#include "api/OpEvaluator.h"
#include "dialect/Passes.h"
#include "dialect/SourceLocation.h"
#include "dialect/ThetaOps.h"

#include "runtime/Diagnostics.h"
#include "runtime/Logging.h"

#include "mlir/Pass/PassManager.h"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace theta {
namespace detail {

void (*debugModeTestHook)(std::vector<Array> &results) = nullptr;

namespace {

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", value);
  return text;
}

std::string opText(mlir::Operation *op) {
  std::string where = formatLocation(op->getLoc());
  return "'" + op->getName().getStringRef().str() + "'" +
         (where.empty() ? std::string() : " built at " + where);
}

/// What computed `value`: "'theta.sub' built at model.cc:12", or the input.
std::string producerOf(mlir::Value value, const FunctionImpl &f) {
  if (mlir::Operation *op = value.getDefiningOp())
    return opText(op);
  auto argument = llvm::cast<mlir::BlockArgument>(value);
  size_t index = argument.getArgNumber();
  if (index < f.inputs.size())
    return "input #" + std::to_string(index) +
           (f.inputs[index].name().empty() ? "" : " '" + f.inputs[index].name() + "'");
  return "shared variable '" + f.sharedNames[index - f.inputs.size()] + "'";
}

std::string resultName(const FunctionImpl &f, size_t index) {
  if (index < f.outputCount)
    return "output #" + std::to_string(index);
  const auto &target = f.updateTargets[index - f.outputCount];
  for (size_t i = 0; i < f.sharedArguments.size(); ++i)
    if (f.sharedArguments[i] == target && !f.sharedNames[i].empty())
      return "the update of '" + f.sharedNames[i] + "'";
  return "update #" + std::to_string(index - f.outputCount);
}

bool anyNonFinite(llvm::ArrayRef<Array> arrays) {
  return llvm::any_of(arrays, [](const Array &array) { return findNonFinite(array); });
}

} // namespace

void checkAgainstReference(const FunctionImpl &f, const std::vector<Array> &arguments,
                           const std::vector<Array> &computed) {
  auto start = std::chrono::steady_clock::now();
  std::vector<Array> results = computed;
  if (debugModeTestHook)
    debugModeTestHook(results);

  Graph &graph = Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  mlir::MLIRContext &context = graph.context();
  // The user's graph at these shapes, gradients expanded, nothing rewritten.
  mlir::OwningOpRef<mlir::ModuleOp> module = f.specialize(arguments);
  {
    DiagnosticCollector diagnostics(context);
    mlir::PassManager pm(&context);
    pm.addNestedPass<mlir::func::FuncOp>(createThetaRefineTypes());
    pm.addNestedPass<mlir::func::FuncOp>(createThetaAutodiff());
    pm.addNestedPass<mlir::func::FuncOp>(createThetaRefineTypes());
    if (failed(pm.run(*module)))
      throw CompileError("DebugMode: function '" + f.name +
                         "': expanding the gradients of the reference failed:\n" +
                         diagnostics.text());
  }
  auto func = module->lookupSymbol<mlir::func::FuncOp>(f.symbol);
  mlir::Block &body = func.getBody().front();

  EvaluationOptions options;
  options.float64 = true;
  options.pipeline.reference = true;
  llvm::DenseMap<mlir::Value, Array> reference;
  for (auto [argument, value] : llvm::zip(body.getArguments(), arguments))
    reference[argument] = value.dtype() == DType::Float32 ? value.astype(DType::Float64) : value;
  size_t unpromoted = 0;
  for (mlir::Operation &op : body.without_terminator()) {
    std::vector<Array> operands;
    for (mlir::Value operand : op.getOperands())
      operands.push_back(reference.at(operand));
    Evaluation evaluation;
    try {
      evaluation = evaluateOp(&op, operands, options);
    } catch (const NotEvaluable &error) {
      throw CompileError("DebugMode: function '" + f.name + "': " + opText(&op) +
                         " cannot be evaluated alone: " + error.what());
    }
    if (!evaluation.promoted) {
      ++unpromoted;
      log().debug("DebugMode: {} is evaluated in its own dtype", opText(&op));
    }
    bool finiteOperands = !anyNonFinite(operands);
    for (auto [result, value] : llvm::zip(op.getResults(), evaluation.results)) {
      int64_t index = 0;
      if (finiteOperands && findNonFinite(value, &index)) {
        double bad = value.at(index);
        throw NumericError("DebugMode: " +
                           std::string(std::isnan(bad) ? "NaN" : bad > 0 ? "+Inf" : "-Inf") +
                           " in the result of " + opText(&op) + " (shape " +
                           shapeString(value.shape()) + ", first at " +
                           indexString(value.shape(), index) +
                           ") in the float64 reference of function '" + f.name +
                           "', whose operands were finite");
      }
      reference[result] = value;
    }
  }

  mlir::Operation *terminator = body.getTerminator();
  for (size_t i = 0; i < results.size() && i < terminator->getNumOperands(); ++i) {
    mlir::Value value = terminator->getOperand(i);
    const Array &expected = reference.at(value);
    const Array &actual = results[i];
    auto describe = [&] {
      return "DebugMode: " + resultName(f, i) + " of function '" + f.name + "' (computed by " +
             producerOf(value, f) + ", shape " + shapeString(actual.shape()) + ")";
    };
    if (expected.shape() != actual.shape())
      throw DebugModeError(describe() + " has shape " + shapeString(actual.shape()) +
                           " but the reference has shape " + shapeString(expected.shape()));
    bool exact = !isFloat(actual.dtype());
    double atol = actual.dtype() == DType::Float32 ? 1e-4 : 1e-10;
    double rtol = actual.dtype() == DType::Float32 ? 1e-3 : 1e-7;
    double largest = 0; // NaN differences count as infinite
    int64_t at = -1;
    for (int64_t k = 0; k < actual.size(); ++k) {
      double c = actual.at(k), r = expected.at(k);
      if ((std::isnan(c) && std::isnan(r)) || c == r)
        continue;
      double difference = std::fabs(c - r);
      bool bad = std::isnan(difference) ||
                 difference > (exact ? 0.0 : atol + rtol * std::fabs(r));
      double size = std::isnan(difference) ? HUGE_VAL : difference;
      if (bad && (at < 0 || size > largest))
        largest = size, at = k;
    }
    if (at >= 0) {
      std::string tolerance =
          exact ? "exact for " + std::string(dtypeName(actual.dtype()))
                : "tolerance for " + std::string(dtypeName(actual.dtype())) + ": " +
                      number(atol) + " + " + number(rtol) + " * |reference|";
      throw DebugModeError(describe() + " differs from the float64 reference: largest "
                           "difference " + number(std::fabs(actual.at(at) - expected.at(at))) +
                           " at " +
                           indexString(actual.shape(), at) + " (compiled " +
                           number(actual.at(at)) + ", reference " + number(expected.at(at)) +
                           "; " + tolerance + ")");
    }
  }
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  log().debug("DebugMode: function '{}' matches its float64 reference ({} ops, {} in their "
              "own dtype; {:.1f} ms)",
              f.name, body.getOperations().size() - 1, unpromoted, seconds * 1e3);
}

} // namespace detail
} // namespace theta
