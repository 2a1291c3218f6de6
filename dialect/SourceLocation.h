//===- SourceLocation.h - the user's file:line in an MLIR location --------===//
#ifndef THETA_DIALECT_SOURCELOCATION_H
#define THETA_DIALECT_SOURCELOCATION_H

#include "mlir/IR/Location.h"

#include <string>

namespace theta {

/// "model.cc:42" for the first file location inside `loc`, or "" if none.
/// Messages at build time, at compile time and at run time all use it.
std::string formatLocation(mlir::Location loc);

} // namespace theta

#endif // THETA_DIALECT_SOURCELOCATION_H
