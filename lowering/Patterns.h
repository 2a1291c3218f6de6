//===- Patterns.h - theta lowering patterns kept in their own files -------===//
#ifndef THETA_LOWERING_PATTERNS_H
#define THETA_LOWERING_PATTERNS_H

#include "mlir/Transforms/DialectConversion.h"

namespace theta {

/// theta.dot, and `acc + dot(a, b)` -> linalg products (DotLowering.cpp).
void populateDotLowering(mlir::RewritePatternSet &patterns);

/// theta.index_add -> an scf loop nest over tensors (ScatterLowering.cpp).
void populateScatterLowering(mlir::RewritePatternSet &patterns);

/// conv2d, its gradients, pool2d and its gradient -> linalg / scf (ConvLowering.cpp).
void populateConvLowering(mlir::RewritePatternSet &patterns);

/// theta.random -> a Philox-4x32-10 linalg.generic (RandomLowering.cpp).
void populateRandomLowering(mlir::RewritePatternSet &patterns);

/// theta.print and theta.check_values -> calls of the runtime's theta_probe
/// (RuntimeProbes.cpp).
void populateProbeLowering(mlir::RewritePatternSet &patterns);
/// theta.argsort as a call of the runtime's theta_argsort.
void populateSortLowering(mlir::RewritePatternSet &patterns);

} // namespace theta

#endif // THETA_LOWERING_PATTERNS_H
