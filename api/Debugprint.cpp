//===- Debugprint.cpp - debugprint, pp and operator<< ---------------------===//
//
// Theano's theano.printing.debugprint: one line per node, the inputs of a
// node under it, indented with " |"; ids in first-visit order so that a node
// reached twice prints its inputs once. Scan bodies follow at the end, their
// lines marked " >", as Theano prints the inner graphs of scan ops.
//
//===----------------------------------------------------------------------===//
#include "theta/Debugprint.h"

#include "api/FunctionImpl.h"
#include "api/Graph.h"
#include "api/GraphView.h"
#include "dialect/SourceLocation.h"
#include "dialect/ThetaOps.h"

#include <ostream>
#include <sstream>

namespace theta {
namespace detail {
namespace {

/// Theano's ids: A..Z, then BA, BB, ... (base 26 with A as zero).
std::string idText(size_t number) {
  std::string text;
  do {
    text.insert(text.begin(), static_cast<char>('A' + number % 26));
    number /= 26;
  } while (number > 0);
  return text;
}

class TextPrinter {
public:
  TextPrinter(const GraphView &view, std::ostream &out) : view(view), out(out) {}

  void print() {
    for (const GraphView::Root &root : view.roots)
      printValue(root.value, "", "", root.note);
    printInnerGraphs();
    printFusedGroups();
  }

private:
  const GraphView &view;
  std::ostream &out;
  /// Ids by op (all results of an op share one, as in Theano) or by block
  /// argument.
  llvm::DenseMap<const void *, std::string> ids;
  std::vector<mlir::Operation *> scans;

  static const void *keyOf(mlir::Value value) {
    if (mlir::Operation *op = value.getDefiningOp())
      return op;
    return value.getAsOpaquePointer();
  }

  /// The id of `value`; `fresh` says whether it was just given.
  const std::string &idOf(mlir::Value value, bool *fresh) {
    auto [found, added] = ids.try_emplace(keyOf(value), "");
    if (added)
      found->second = idText(ids.size() - 1);
    *fresh = added;
    return found->second;
  }

  void printValue(mlir::Value value, const std::string &prefix, const std::string &childPrefix,
                  const std::string &note) {
    bool fresh = false;
    std::string id = idOf(value, &fresh);
    mlir::Operation *op = value.getDefiningOp();
    std::string line = prefix;
    if (!op) {
      ArgumentInfo info = view.argumentInfo(llvm::cast<mlir::BlockArgument>(value));
      line += info.label + " [id " + id + "]";
      if (fresh) {
        if (info.shared)
          line += " shared";
        line += " " + typeText(value.getType(), view.staticShapes);
        if (!info.where.empty())
          line += "  " + info.where;
        if (info.outer)
          if (auto outer = ids.find(keyOf(info.outer)); outer != ids.end())
            line += " -> [id " + outer->second + "]";
      }
    } else if (llvm::isa<ConstantOp>(op)) {
      line += "TensorConstant{" + constantText(op) + "} [id " + id + "]";
      if (fresh) {
        line += " " + typeText(value.getType(), view.staticShapes);
        if (std::string where = formatLocation(op->getLoc()); !where.empty())
          line += "  " + where;
      }
    } else {
      line += opLabel(value) + " [id " + id + "] '" + view.nameOf(value) + "'";
      if (fresh) {
        line += " " + typeText(value.getType(), view.staticShapes);
        std::string where = formatLocation(op->getLoc());
        if (!where.empty())
          line += "  " + where;
        if (auto group = view.fusedGroup.find(op); group != view.fusedGroup.end())
          line += " [fused " + std::to_string(group->second) + "]";
      }
    }
    if (!note.empty())
      line += "  -> " + note;
    out << line << '\n';
    if (!fresh || !op || llvm::isa<ConstantOp>(op))
      return;
    if (llvm::isa<ScanOp>(op))
      scans.push_back(op);
    unsigned count = op->getNumOperands();
    for (unsigned i = 0; i < count; ++i)
      printValue(op->getOperand(i), childPrefix + " |",
                 childPrefix + (i + 1 == count ? "  " : " |"), "");
  }

  void printInnerGraphs() {
    if (scans.empty())
      return;
    out << "\nInner graphs of the scan ops:\n";
    for (size_t i = 0; i < scans.size(); ++i) { // grows with nested scans
      auto scan = llvm::cast<ScanOp>(scans[i]);
      out << "\n"
          << scan->getName().getStringRef().str() << " [id " << ids.lookup(scan.getOperation())
          << "] '" << view.nameOf(scan->getResult(0)) << "'\n";
      for (mlir::Value yielded : scan.getYield()->getOperands())
        printValue(yielded, " >", " >", "");
    }
  }

  void printFusedGroups() {
    if (view.fusedGroups == 0)
      return;
    std::vector<std::string> members(static_cast<size_t>(view.fusedGroups));
    // In the order of the listing.
    std::vector<std::pair<std::string, mlir::Operation *>> listed;
    for (const auto &[op, group] : view.fusedGroup)
      if (auto id = ids.find(op); id != ids.end())
        listed.push_back({id->second, op});
    std::sort(listed.begin(), listed.end(), [](const auto &a, const auto &b) {
      return a.first.size() != b.first.size() ? a.first.size() < b.first.size()
                                              : a.first < b.first;
    });
    for (const auto &[id, op] : listed) {
      std::string &text = members[static_cast<size_t>(view.fusedGroup.lookup(op) - 1)];
      text += (text.empty() ? "" : ", ") + op->getName().getStringRef().str() + " [id " + id + "]";
    }
    out << "\nFused groups (one loop nest each):\n";
    for (size_t i = 0; i < members.size(); ++i)
      if (!members[i].empty())
        out << " [fused " << i + 1 << "] " << members[i] << '\n';
  }
};

const char *infixOf(llvm::StringRef op) {
  static const std::pair<llvm::StringRef, const char *> table[] = {
      {AddOp::getOperationName(), "+"},  {SubOp::getOperationName(), "-"},
      {MulOp::getOperationName(), "*"},  {DivOp::getOperationName(), "/"},
      {PowOp::getOperationName(), "**"}, {GtOp::getOperationName(), ">"},
      {GeOp::getOperationName(), ">="},  {LtOp::getOperationName(), "<"},
      {LeOp::getOperationName(), "<="},  {EqOp::getOperationName(), "=="},
      {NeOp::getOperationName(), "!="},  {AndOp::getOperationName(), "&"},
      {OrOp::getOperationName(), "|"}};
  for (const auto &[name, symbol] : table)
    if (op == name)
      return symbol;
  return nullptr;
}

class Formula {
public:
  std::string of(mlir::Value value, bool root) {
    if (!root)
      if (const Node *node = Graph::instance().nodeOf(value); node && !node->name.empty())
        return node->name;
    if (auto found = memo.find(value); found != memo.end())
      return found->second;
    std::string text = build(value);
    memo[value] = text;
    return text;
  }

private:
  llvm::DenseMap<mlir::Value, std::string> memo;

  std::string build(mlir::Value value) {
    mlir::Operation *op = value.getDefiningOp();
    if (!op) {
      GraphView view;
      return view.argumentInfo(llvm::cast<mlir::BlockArgument>(value)).label;
    }
    if (llvm::isa<ConstantOp>(op))
      return constantText(op);
    llvm::StringRef name = op->getName().getStringRef();
    if (const char *symbol = infixOf(name); symbol && op->getNumOperands() == 2)
      return "(" + of(op->getOperand(0), false) + " " + symbol + " " +
             of(op->getOperand(1), false) + ")";
    if (llvm::isa<NegOp>(op))
      return "-" + of(op->getOperand(0), false);
    if (llvm::isa<NotOp>(op))
      return "~" + of(op->getOperand(0), false);
    std::string text = name.starts_with("theta.") ? name.drop_front(6).str() : name.str();
    text += "(";
    for (unsigned i = 0; i < op->getNumOperands(); ++i)
      text += (i ? ", " : "") + of(op->getOperand(i), false);
    text += ")";
    if (op->getNumResults() > 1)
      text += "." + std::to_string(llvm::cast<mlir::OpResult>(value).getResultNumber());
    return text;
  }
};

} // namespace
} // namespace detail

using detail::Graph;

void debugprint(const std::vector<Variable> &outputs, std::ostream &out) {
  std::lock_guard<std::recursive_mutex> guard(Graph::instance().mutex());
  detail::GraphView view = detail::viewOfVariables(outputs, "debugprint");
  detail::TextPrinter(view, out).print();
}

void debugprint(const Variable &output, std::ostream &out) {
  debugprint(std::vector<Variable>{output}, out);
}

std::string debugprint(const std::vector<Variable> &outputs) {
  std::ostringstream out;
  debugprint(outputs, out);
  return out.str();
}

std::string debugprint(const Variable &output) {
  return debugprint(std::vector<Variable>{output});
}

void debugprint(const Function &function, std::ostream &out,
                const std::vector<Array> &arguments) {
  // Shared values are read before the graph is locked (their locks come
  // first in the process-wide order).
  std::optional<std::vector<Array>> values = detail::signatureArguments(function, arguments);
  std::lock_guard<std::recursive_mutex> guard(Graph::instance().mutex());
  detail::FunctionView view = detail::viewOfFunction(function, values);
  out << "function '" << view.name << "': user graph\n";
  detail::TextPrinter(view.user, out).print();
  out << "\nfunction '" << view.name << "': optimized graph";
  if (!view.optimized) {
    out << " not available: pass sample arguments (debugprint(f, out, {args...})) or call the "
           "function first\n";
    return;
  }
  out << " for " << view.signature << "\n";
  detail::TextPrinter(*view.optimized, out).print();
}

std::string debugprint(const Function &function, const std::vector<Array> &arguments) {
  std::ostringstream out;
  debugprint(function, out, arguments);
  return out.str();
}

std::ostream &operator<<(std::ostream &out, const Variable &variable) {
  if (!variable)
    return out << "<empty Variable>";
  std::string text;
  {
    std::lock_guard<std::recursive_mutex> guard(Graph::instance().mutex());
    mlir::Value value = variable.impl()->value;
    mlir::Operation *op = value.getDefiningOp();
    if (!variable.impl()->name.empty())
      text = variable.impl()->name;
    else if (op && llvm::isa<ConstantOp>(op))
      text = "TensorConstant{" + detail::constantText(op) + "}";
    else if (op)
      text = op->getName().getStringRef().str() + "." +
             std::to_string(llvm::cast<mlir::OpResult>(value).getResultNumber());
    else
      text = "<" + detail::typeText(value.getType(), false) + ">";
  }
  return out << text;
}

std::string pp(const Variable &variable) {
  if (!variable)
    throw ArgumentError("pp: an empty (default-constructed) Variable");
  std::lock_guard<std::recursive_mutex> guard(Graph::instance().mutex());
  return detail::Formula().of(variable.impl()->value, true);
}

} // namespace theta
