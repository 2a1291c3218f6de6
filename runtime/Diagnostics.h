//===- Diagnostics.h - MLIR diagnostics in the user's terms ---------------===//
#ifndef THETA_RUNTIME_DIAGNOSTICS_H
#define THETA_RUNTIME_DIAGNOSTICS_H

#include "dialect/SourceLocation.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <string>

namespace theta {

/// Collects the diagnostics emitted while it lives, as
/// "file:line: message" lines, instead of printing them.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(mlir::MLIRContext &context);
  ~DiagnosticCollector();
  const std::string &text() const { return collected; }
  bool empty() const { return collected.empty(); }

private:
  mlir::MLIRContext &context;
  mlir::DiagnosticEngine::HandlerID handler;
  std::string collected;
};

} // namespace theta

#endif // THETA_RUNTIME_DIAGNOSTICS_H
