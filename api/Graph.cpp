//===- Graph.cpp ----------------------------------------------------------===//
#include "api/Graph.h"
#include "dialect/ShapeUtils.h"
#include "api/TestValues.h"

#include "runtime/Compiler.h"
#include "runtime/Diagnostics.h"

#include "mlir/IR/Verifier.h"
#include "llvm/ADT/SetVector.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"

namespace theta {
namespace detail {

Graph &Graph::instance() {
  // Never destroyed: Variables in static storage release their nodes after
  // static destructors ran.
  static Graph *graph = new Graph;
  return *graph;
}

Node::~Node() {
  if (value)
    Graph::instance().release(value);
  // Operand nodes are released iteratively: an expression built in a loop
  // (acc = acc + x, a million times) is a chain that would otherwise
  // recurse once per node and overflow the stack.
  static thread_local std::vector<std::shared_ptr<Node>> *pending = nullptr;
  if (pending) {
    for (std::shared_ptr<Node> &operand : operands)
      pending->push_back(std::move(operand));
    return;
  }
  std::vector<std::shared_ptr<Node>> queue = std::move(operands);
  pending = &queue;
  while (!queue.empty()) {
    std::shared_ptr<Node> next = std::move(queue.back());
    queue.pop_back();
    next.reset(); // if this was the last reference, its operands join the queue
  }
  pending = nullptr;
}

void Graph::release(mlir::Value value) {
  std::lock_guard<std::recursive_mutex> guard(lock);
  if (auto found = nodes.find(value); found != nodes.end() && found->second.expired())
    nodes.erase(found);
  auto live = [&](mlir::Value result) {
    if (!result.use_empty())
      return true;
    auto found = nodes.find(result);
    return found != nodes.end() && !found->second.expired();
  };
  // An op is queued at most once at a time; once erased it has no user left
  // to queue it again.
  llvm::SetVector<mlir::Operation *> worklist;
  if (mlir::Operation *op = value.getDefiningOp())
    worklist.insert(op);
  while (!worklist.empty()) {
    mlir::Operation *op = worklist.pop_back_val();
    // Only the graph's own ops, and not scans: values inside a scan's body
    // may still have nodes.
    if (op->getBlock() != block || op->getNumRegions() != 0 ||
        llvm::any_of(op->getResults(), live))
      continue;
    llvm::SmallVector<mlir::Operation *> producers;
    for (mlir::Value operand : op->getOperands())
      if (mlir::Operation *producer = operand.getDefiningOp())
        producers.push_back(producer);
    op->erase();
    worklist.insert(producers.begin(), producers.end());
  }
}

size_t Graph::topLevelOps() const {
  return block->getOperations().size();
}

Graph::Graph() : ctx(createCompilerContext()) {
  mlir::OpBuilder builder(ctx.get());
  module = mlir::ModuleOp::create(builder.getUnknownLoc());
  builder.setInsertionPointToEnd(module->getBody());
  auto scratch = mlir::func::FuncOp::create(builder, builder.getUnknownLoc(), "graph",
                                            builder.getFunctionType({}, {}));
  block = scratch.addEntryBlock();
  bodies.push_back(block);
}

mlir::Location Graph::location(SourceLocation where) {
  return mlir::FileLineColLoc::get(ctx.get(), where.file, where.line, 0);
}

Variable Graph::addArgument(mlir::Type type, const std::string &name, SourceLocation where,
                            std::shared_ptr<SharedStorage> shared) {
  std::lock_guard<std::recursive_mutex> guard(lock);
  std::shared_ptr<Node> node = makeNode(block->addArgument(type, location(where)), name);
  node->shared = std::move(shared);
  return Variable(node);
}

std::shared_ptr<Node> Graph::makeNode(mlir::Value value, const std::string &name) {
  auto node = std::make_shared<Node>();
  node->value = value;
  node->name = name;
  // As Theano's Apply nodes: a result holds its operands' nodes, so a
  // shared variable (or a named input) stays known while a live expression
  // uses it, however its own Variable went.
  if (mlir::Operation *op = value.getDefiningOp())
    for (mlir::Value operand : op->getOperands())
      if (auto found = nodes.find(operand); found != nodes.end())
        if (std::shared_ptr<Node> live = found->second.lock())
          node->operands.push_back(std::move(live));
  nodes[value] = node;
  return node;
}

Variable Graph::wrap(mlir::Value value, const std::string &name) {
  std::lock_guard<std::recursive_mutex> guard(lock);
  return Variable(makeNode(value, name));
}

Variable Graph::variableOf(mlir::Value value) const {
  auto found = nodes.find(value);
  if (found == nodes.end())
    return Variable();
  return Variable(found->second.lock());
}

const Node *Graph::nodeOf(mlir::Value value) const {
  auto found = nodes.find(value);
  if (found == nodes.end())
    return nullptr;
  std::shared_ptr<Node> node = found->second.lock();
  return node.get();
}

std::vector<Variable> Graph::build(llvm::StringRef opName, llvm::ArrayRef<mlir::Value> operands,
                                   llvm::ArrayRef<mlir::NamedAttribute> attributes,
                                   SourceLocation where, unsigned results) {
  std::lock_guard<std::recursive_mutex> guard(lock);
  mlir::Location loc = location(where);
  DiagnosticCollector diagnostics(*ctx);
  mlir::OperationState state(loc, opName);
  state.addOperands(operands);
  state.addAttributes(attributes);
  state.addTypes(llvm::SmallVector<mlir::Type>(results, mlir::NoneType::get(ctx.get())));
  mlir::OpBuilder b = builder();
  mlir::Operation *op = b.create(state);

  // Result types come from the op's own inference, which also checks shapes;
  // the verifier then checks dtypes against the op's constraints.
  auto inference = llvm::cast<mlir::InferTypeOpInterface>(op);
  llvm::SmallVector<mlir::Type> types;
  resetInferenceError();
  if (failed(inference.inferReturnTypes(ctx.get(), loc, op->getOperands(),
                                        op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
                                        op->getRegions(), types))) {
    op->erase();
    std::string message = diagnostics.text();
    if (lastInferenceError() == InferenceError::Type) // decided where inference failed
      throw TypeError(message);
    throw ShapeError(message);
  }
  for (auto [result, type] : llvm::zip(op->getResults(), types))
    result.setType(type);
  if (failed(mlir::verify(op))) {
    op->erase();
    throw TypeError(diagnostics.text());
  }
  std::vector<Array> testValues = computeTestValues(op, where); // erases op if it throws
  std::vector<Variable> variables;
  for (mlir::Value result : op->getResults()) {
    std::shared_ptr<Node> node = makeNode(result, "");
    if (!testValues.empty())
      node->testValue = testValues[llvm::cast<mlir::OpResult>(result).getResultNumber()];
    variables.emplace_back(node);
  }
  return variables;
}

std::string at(SourceLocation where, const char *suffix) {
  return std::string(where.file) + ":" + std::to_string(where.line) + suffix;
}

mlir::RankedTensorType tensorType(const Variable &variable) {
  return llvm::cast<mlir::RankedTensorType>(variable.impl()->value.getType());
}

mlir::Value valueOf(const Variable &variable, SourceLocation where) {
  if (!variable)
    throw ArgumentError(std::string(where.file) + ":" + std::to_string(where.line) +
                        ": an operand is an empty (default-constructed) Variable");
  return variable.impl()->value;
}

std::string describe(const Variable &variable) {
  std::string text = variable.name().empty() ? "an unnamed " : "'" + variable.name() + "' (";
  text += variable.type();
  std::string where = formatLocation(variable.impl()->value.getLoc());
  if (!where.empty())
    text += " built at " + where;
  if (!variable.name().empty())
    text += ")";
  return text;
}

} // namespace detail
} // namespace theta
