//===- Graph.h - the process-wide graph the API builds into ---------------===//
//
// Every Variable is an mlir::Value in one scratch function: inputs and shared
// variables are its block arguments, op results are theta ops in its body,
// each with the user's file:line as location. `theta::function` copies the
// part of this graph it needs into a module of its own.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_GRAPH_H
#define THETA_API_GRAPH_H

#include "theta/Ops.h"
#include "theta/Variable.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"

#include <mutex>

namespace theta {
namespace detail {

/// theta.dot on a and b promoted to one dtype: vector/matrix products, and
/// the batched product of two rank-3 tensors (batched_dot).
Variable productOp(const Variable &a, const Variable &b, SourceLocation where);

/// The value of a shared variable; replaced as a whole by updates.
struct SharedStorage {
  Array value;
  std::mutex mutex;
  /// Identifies the variable in saved files (runtime/SavedFile.h): set when
  /// it is first saved (this process's token and a serial number), or
  /// kept from the file it was loaded from. Guarded by the save registry.
  std::string identity;
};

/// What a Variable refers to. When the last Variable of a node goes, the
/// graph erases the op that made it if nothing else uses it (and then its
/// operands' ops likewise), so expressions built and dropped in a loop do not
/// accumulate. Code inside the API must therefore hold a Variable, not a bare
/// mlir::Value, across the building of further nodes.
struct Node {
  mlir::Value value;
  std::string name;
  std::shared_ptr<SharedStorage> shared; // Set for shared variables.
  std::optional<Array> testValue;        // compute_test_value (api/TestValues.h)
  /// The nodes of the operands of the op that made `value` (see Graph::wrap).
  std::vector<std::shared_ptr<Node>> operands;
  ~Node();
};

class Graph {
public:
  static Graph &instance();

  mlir::MLIRContext &context() { return *ctx; }
  /// Guards every use of the context and of the graph.
  std::recursive_mutex &mutex() { return lock; }

  mlir::Location location(SourceLocation where);
  /// A new block argument (an input or a shared variable).
  Variable addArgument(mlir::Type type, const std::string &name, SourceLocation where,
                       std::shared_ptr<SharedStorage> shared = nullptr);
  /// Builds op `opName` on `operands`, infers its result types, verifies it,
  /// and returns its results; throws TypeError/ShapeError at `where`.
  std::vector<Variable> build(llvm::StringRef opName, llvm::ArrayRef<mlir::Value> operands,
                              llvm::ArrayRef<mlir::NamedAttribute> attributes,
                              SourceLocation where, unsigned results = 1);
  Variable build1(llvm::StringRef opName, llvm::ArrayRef<mlir::Value> operands,
                  llvm::ArrayRef<mlir::NamedAttribute> attributes, SourceLocation where) {
    return build(opName, operands, attributes, where).front();
  }
  /// The same for the op class OpT: `build1<SumOp>(operands, attributes, where)`.
  template <typename OpT>
  std::vector<Variable> build(llvm::ArrayRef<mlir::Value> operands,
                              llvm::ArrayRef<mlir::NamedAttribute> attributes, SourceLocation where,
                              unsigned results = 1) {
    return build(OpT::getOperationName(), operands, attributes, where, results);
  }
  template <typename OpT>
  Variable build1(llvm::ArrayRef<mlir::Value> operands,
                  llvm::ArrayRef<mlir::NamedAttribute> attributes, SourceLocation where) {
    return build1(OpT::getOperationName(), operands, attributes, where);
  }

  /// The node behind a value (for names and shared storage).
  const Node *nodeOf(mlir::Value value) const;
  /// The Variable of a value that has a node (null if none is alive).
  Variable variableOf(mlir::Value value) const;
  /// A Variable for a value that has no node yet (a scan body's argument).
  Variable wrap(mlir::Value value, const std::string &name = "");
  /// Forgets the node of `value` (it is being destroyed) and erases the ops
  /// of the graph's top level that no node and no op uses any more.
  void release(mlir::Value value);
  /// Ops in the graph's top level (for tests of release).
  size_t topLevelOps() const;
  /// Where new ops go: the graph, or the body a scan step function is
  /// building (see ScopedBody).
  mlir::OpBuilder builder() { return mlir::OpBuilder::atBlockEnd(bodies.back()); }
  mlir::Block *currentBlock() { return bodies.back(); }

  /// While alive, new ops are built into `body` (a scan step's body).
  class ScopedBody {
  public:
    ScopedBody(Graph &graph, mlir::Block *body) : graph(graph) { graph.bodies.push_back(body); }
    ~ScopedBody() { graph.bodies.pop_back(); }
    ScopedBody(const ScopedBody &) = delete;
    ScopedBody &operator=(const ScopedBody &) = delete;

  private:
    Graph &graph;
  };

private:
  Graph();
  /// The node of a new value, holding its operands' nodes; registered.
  std::shared_ptr<Node> makeNode(mlir::Value value, const std::string &name);
  std::unique_ptr<mlir::MLIRContext> ctx;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  mlir::Block *block = nullptr;
  std::vector<mlir::Block *> bodies; // innermost last; bodies.front() == block
  std::recursive_mutex lock;
  llvm::DenseMap<mlir::Value, std::weak_ptr<Node>> nodes;
};

/// Attribute `value` of op class OpT under the name its ODS-generated static
/// getter returns: `named<SumOp>(&SumOp::getAxesAttrName, b.getUnitAttr())`.
template <typename OpT>
mlir::NamedAttribute named(mlir::StringAttr (*name)(mlir::OperationName), mlir::Attribute value) {
  return {name(mlir::OperationName(OpT::getOperationName(), &Graph::instance().context())), value};
}

/// "model.cc:12" and then `suffix`: where the user's code built something.
std::string at(SourceLocation where, const char *suffix = "");

/// "'x' (float32 matrix built at model.cc:12)" for messages.
std::string describe(const Variable &variable);
mlir::RankedTensorType tensorType(const Variable &variable);
mlir::Value valueOf(const Variable &variable, SourceLocation where);

/// The ArgumentError for an empty (default-constructed) Variable given to
/// `op` as `role`: "model.cc:12: 'mul' got an empty (default-constructed)
/// Variable as operand 2". An "theta." prefix of `op` is dropped.
[[noreturn]] void emptyVariable(llvm::StringRef op, const std::string &role, SourceLocation where);
/// Throws emptyVariable for the first empty one of `operands` ("operand N",
/// N from 1). Every op builder calls it (or checks its Operands) before it
/// reads an operand's dtype or rank, so no empty Variable is dereferenced.
void requireOperands(llvm::StringRef op, SourceLocation where, llvm::ArrayRef<Variable> operands);
/// `axis` of a rank-`ndim` tensor counted from the front (negative counts
/// from the end); an ArgumentError naming `function` and the line when out
/// of range.
int64_t checkedAxis(int64_t axis, int64_t ndim, const char *function, SourceLocation where);

} // namespace detail
} // namespace theta

#endif // THETA_API_GRAPH_H
