//===- Diagnostics.cpp ----------------------------------------------------===//
#include "runtime/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/raw_ostream.h"

namespace theta {

DiagnosticCollector::DiagnosticCollector(mlir::MLIRContext &context) : context(context) {
  handler = context.getDiagEngine().registerHandler([this](mlir::Diagnostic &diagnostic) {
    if (!collected.empty())
      collected += "\n";
    std::string where = formatLocation(diagnostic.getLocation());
    if (!where.empty())
      collected += where + ": ";
    collected += diagnostic.str();
    for (const mlir::Diagnostic &note : diagnostic.getNotes())
      collected += "\n  note: " + note.str();
    return mlir::success();
  });
}

DiagnosticCollector::~DiagnosticCollector() { context.getDiagEngine().eraseHandler(handler); }

} // namespace theta
