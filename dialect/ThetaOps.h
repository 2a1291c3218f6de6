//===- ThetaOps.h - theta operations --------------------------------------===//
#ifndef THETA_DIALECT_THETAOPS_H
#define THETA_DIALECT_THETAOPS_H

#include "dialect/ConvGeometry.h"
#include "dialect/ShapeUtils.h"
#include "dialect/ThetaDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "dialect/DifferentiableOpInterface.h.inc"
#include "dialect/ElementwiseOpInterface.h.inc"

#define GET_OP_CLASSES
#include "dialect/ThetaOps.h.inc"

namespace theta {
/// Set on a theta.print whose i8 input holds uint8 values (after
/// --theta-signless-integers), so the printed dtype stays uint8.
inline constexpr llvm::StringLiteral kUnsignedPrintAttr = "theta.uint8";
/// The value of a rank-0 integer tensor, if the IR knows it (a constant, or
/// `shape(x)[i]` of a static size).
std::optional<int64_t> knownScalar(mlir::Value scalar);
/// The groups of a conv2d, conv2d_grad_input or conv2d_grad_filters op; 1
/// for any other op.
int64_t convolutionGroups(mlir::Operation *op);
} // namespace theta

#endif // THETA_DIALECT_THETAOPS_H
