//===- Autodiff.h - reverse-mode expansion of theta.grad ------------------===//
//
// The analysis and the expansion behind --theta-autodiff, also used by the C++
// API to refuse a disconnected `wrt` at the line that asked for the gradient.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_DIALECT_AUTODIFF_H
#define THETA_DIALECT_AUTODIFF_H

#include "dialect/ThetaOps.h"

namespace theta {

/// For each of `wrt`, whether `cost` depends on it through ops that carry
/// gradients (floating-point values, DifferentiableOpInterface ops and
/// unexpanded grad/jacobian ops), not counting paths through `constants`.
llvm::SmallVector<bool> connectedToCost(mlir::Value cost, mlir::ValueRange wrt,
                                        mlir::ValueRange constants);

/// The message for a `wrt` the cost does not depend on, in Theano's words.
std::string disconnectedMessage(unsigned index, mlir::Type type);

/// Replaces `op` by ordinary theta ops built just before it (reverse-mode
/// accumulation) and erases it. Nested grad ops in the cost's graph must be
/// expanded already. On success `replacements` holds the gradients.
llvm::LogicalResult expandGrad(GradOp op, llvm::SmallVectorImpl<mlir::Value> &replacements);

/// The gradients with respect to `wrt` of sum_i <outputs[i], cotangents[i]>
/// (a vector-Jacobian product; a null cotangent contributes nothing), built
/// at `builder`'s insertion point, which must follow the outputs in their
/// block. A null result is a zero (or disconnected) gradient.
llvm::FailureOr<llvm::SmallVector<mlir::Value>>
vectorJacobianProduct(mlir::OpBuilder &builder, mlir::Location loc,
                      llvm::ArrayRef<mlir::Value> outputs,
                      llvm::ArrayRef<mlir::Value> cotangents, mlir::ValueRange wrt);

/// Replaces `op` by one reverse sweep per element of its expression (a few
/// elements), or by a theta.scan whose step is one sweep (JacobianScan.cpp).
llvm::LogicalResult expandJacobian(JacobianOp op);
llvm::LogicalResult expandJacobianAsScan(JacobianOp op);

} // namespace theta

#endif // THETA_DIALECT_AUTODIFF_H
