//===- GraphView.h - what the graph printers print ------------------------===//
//
// debugprint (Debugprint.cpp) and pydotprint (Pydotprint.cpp) print the same
// things: the graph of some Variables, or the user graph and the optimized
// graph of a Function, with names for inputs, the kind of every op and the
// fused groups. A GraphView says, for one graph, where it starts (its roots)
// and how to name what it reaches. Everything here reads IR: the caller
// holds the graph mutex.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_GRAPHVIEW_H
#define THETA_API_GRAPHVIEW_H

#include "theta/Function.h"
#include "theta/Variable.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"

#include <optional>
#include <string>
#include <vector>

namespace theta {
namespace detail {

/// What a box of pydotprint is filled by.
enum class NodeKind { Input, Shared, Constant, Elementwise, Product, Convolution, Loop, Other };
/// "input", "shared", "constant", "elementwise", "product", "convolution",
/// "loop", "other".
const char *kindName(NodeKind kind);
NodeKind kindOf(mlir::Operation *op);

/// How an input (a block argument) prints.
struct ArgumentInfo {
  std::string label; // the name, or "<TensorType(float32, matrix)>"
  bool shared = false;
  std::string where; // file:line, or ""
  /// For a scan body's argument: the scan operand it stands for.
  mlir::Value outer;
};

struct GraphView {
  struct Root {
    mlir::Value value;
    /// "update of 'w'" for the new value of a shared variable, else "".
    std::string note;
  };
  std::vector<Root> roots;
  /// Labels of the top-level block arguments (a function's inputs and
  /// shared variables); others are named from the graph's nodes.
  llvm::DenseMap<mlir::Value, ArgumentInfo> arguments;
  /// Types as static shapes ("float32[3x4]") rather than Theano's types.
  bool staticShapes = false;
  /// Names of op results come from the graph's nodes (Variables' graphs).
  bool nodeNames = false;
  /// Fused group (from 1) of each op elementwise fusion puts into a loop
  /// nest with other ops; the groups in order.
  llvm::DenseMap<mlir::Operation *, int> fusedGroup;
  int fusedGroups = 0;

  ArgumentInfo argumentInfo(mlir::BlockArgument argument) const;
  /// The op result's name ("" when it has none).
  std::string nameOf(mlir::Value value) const;
};

/// The graph of `outputs`; throws ArgumentError (naming `caller`) for an
/// empty one.
GraphView viewOfVariables(const std::vector<Variable> &outputs, const char *caller);

/// The arguments (inputs, then shared values) of the signature to show: from
/// `inputs` as a call would take them, or, with none, rebuilt from a
/// compiled signature; nullopt when neither is there. Takes shared variables'
/// locks: call it without holding the graph mutex.
std::optional<std::vector<Array>> signatureArguments(const Function &function,
                                                     const std::vector<Array> &inputs);

struct FunctionView {
  GraphView user;
  /// Set when a signature was known.
  std::optional<GraphView> optimized;
  /// The optimized module the optimized view points into.
  mlir::OwningOpRef<mlir::ModuleOp> optimizedModule;
  /// "(float32[3x4], float32[4])": the arguments' types.
  std::string signature;
  std::string name;
};

/// Both graphs of `function` (the optimized one for `arguments`, if given).
FunctionView viewOfFunction(const Function &function,
                            const std::optional<std::vector<Array>> &arguments);

/// "TensorType(float32, matrix)", or with static shapes "float32[3x4]".
std::string typeText(mlir::Type type, bool staticShapes);
/// "2.0", "[1, 2, 3]", or "3x4 values" for a constant op's value.
std::string constantText(mlir::Operation *constant);
/// "theta.add", or "theta.scan.1" for result 1 of an op with several.
std::string opLabel(mlir::Value result);
/// A block argument of a scan's body, by role: "<sequence 0>[t]", ...
std::string scanArgumentLabel(mlir::BlockArgument argument, mlir::Value *outer);

} // namespace detail
} // namespace theta

#endif // THETA_API_GRAPHVIEW_H
