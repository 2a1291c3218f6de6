//===- RuntimeCalls.h - calls from compiled code into the runtime ---------===//
//
// Every runtime entry compiled code calls (theta_sgemm, theta_probe,
// theta_argsort, ...) takes 64-bit integers — sizes, flags, addresses — and
// returns nothing: one way to declare them and to pass a buffer's address.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_LOWERING_RUNTIMECALLS_H
#define THETA_LOWERING_RUNTIMECALLS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace theta {

/// The private declaration `name(i64 x arguments)` in `module`, created at
/// the module's start the first time.
mlir::func::FuncOp declareRuntimeEntry(mlir::ModuleOp module, llvm::StringRef name,
                                       unsigned arguments);

/// The aligned address of a memref's data as an i64 argument.
mlir::Value bufferAddress(mlir::OpBuilder &b, mlir::Location loc, mlir::Value buffer);

} // namespace theta

#endif // THETA_LOWERING_RUNTIMECALLS_H
