//===- Print.cpp - theta::Print -------------------------------------------===//
#include "theta/Print.h"

#include "api/Graph.h"
#include "dialect/ThetaOps.h"
#include "runtime/Probes.h"

#include <algorithm>

namespace theta {

namespace {
const std::vector<std::string> &knownAttributes() {
  static const std::vector<std::string> known = {
      "__str__", "shape", "dtype", "ndim", "size", "min",  "max",
      "argmin",  "argmax", "sum",  "mean", "std",  "var"};
  return known;
}
} // namespace

Print::Print(std::string message, std::vector<std::string> attrs, SourceLocation where)
    : message(std::move(message)), attrs(std::move(attrs)) {
  for (const std::string &attr : this->attrs)
    if (std::find(knownAttributes().begin(), knownAttributes().end(), attr) ==
        knownAttributes().end()) {
      std::string known;
      for (const std::string &name : knownAttributes())
        known += (known.empty() ? "" : ", ") + name;
      throw ArgumentError(std::string(where.file) + ":" + std::to_string(where.line) +
                          ": Print has no attribute '" + attr + "' (known: " + known + ")");
    }
}

Variable Print::operator()(const Variable &x, SourceLocation where) const {
  detail::requireOperands("print", where, {x});
  detail::Graph &graph = detail::Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  mlir::Builder b(&graph.context());
  llvm::SmallVector<mlir::Attribute> names;
  for (const std::string &attr : attrs)
    names.push_back(b.getStringAttr(attr));
  return graph.build1<PrintOp>(
      {detail::valueOf(x, where)},
      {detail::named<PrintOp>(&PrintOp::getMessageAttrName, b.getStringAttr(message)),
       detail::named<PrintOp>(&PrintOp::getAttrsAttrName, b.getArrayAttr(names))},
      where);
}

} // namespace theta
