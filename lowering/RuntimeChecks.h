//===- RuntimeChecks.h - checks compiled code makes at run time -----------===//
//
// NumPy raises on an index out of range; compiled code cannot throw. It calls
// the runtime's `theta_index_error(site, index, size, length)` instead (site:
// the address of a constant string naming the op and the user's line), goes
// on with a clamped index so that nothing is read or written out of bounds,
// and the runtime raises theta::IndexError once the call returns.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_LOWERING_RUNTIMECHECKS_H
#define THETA_LOWERING_RUNTIMECHECKS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace theta {

/// The runtime's error entry compiled code calls.
constexpr const char *kIndexErrorFunction = "theta_index_error";

/// An i64 holding the address of a NUL-terminated constant string (a
/// memref.global of `op`'s module) that says which op, built where.
mlir::Value siteAddress(mlir::OpBuilder &b, mlir::Location loc, mlir::Operation *op);
/// The same for any text.
mlir::Value siteAddress(mlir::OpBuilder &b, mlir::Location loc, mlir::ModuleOp module,
                        llvm::StringRef text);

/// The index (of index type) a start or integer index `integer` (any
/// integer type) addresses in a dimension of `size`: negative values count
/// from the end, once. A start outside [0, size - span] (span: the elements a
/// slice covers, 1 for an integer index) is reported to the runtime and
/// clamped into range. `length` is the slice's size for the message, 0 for an
/// integer index.
mlir::Value checkedIndex(mlir::OpBuilder &b, mlir::Location loc, mlir::Operation *op,
                         mlir::Value integer, int64_t size, int64_t span, int64_t length);

/// Checks every element of the integer tensor `indices` against a dimension
/// of `size` (negative ones wrap once) before a gather or scatter reads them:
/// one reduction finds the smallest and largest, and an out-of-range one of
/// those is reported.
void checkIndexTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::Operation *op,
                      mlir::Value indices, int64_t size);

} // namespace theta

#endif // THETA_LOWERING_RUNTIMECHECKS_H
