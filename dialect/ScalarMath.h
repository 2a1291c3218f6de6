//===- ScalarMath.h - scalar bodies of theta's elementwise ops ------------===//
//
// The arith/math code one element of an elementwise theta op computes: the
// helpers of the ops' buildScalar (ElementwiseOpInterface), defined in
// ScalarMath.cpp unless the op's ODS generates it (Theta_MathUnaryOp).
//
//===----------------------------------------------------------------------===//
#ifndef THETA_DIALECT_SCALARMATH_H
#define THETA_DIALECT_SCALARMATH_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/Operation.h"

namespace theta {

/// `FloatOp(args[0], args[1])` for floats, `IntOp(...)` for integers.
template <typename FloatOp, typename IntOp>
mlir::Value arithmetic(mlir::OpBuilder &b, mlir::Location loc, mlir::ValueRange args) {
  if (llvm::isa<mlir::FloatType>(args[0].getType()))
    return FloatOp::create(b, loc, args[0], args[1]);
  return IntOp::create(b, loc, args[0], args[1]);
}

/// Builds the scalar computation of elementwise theta op `op` on scalar
/// `args` (one per operand): its buildScalar. Returns null for ops that are
/// not elementwise.
mlir::Value buildScalarBody(mlir::OpBuilder &b, mlir::Location loc, mlir::Operation *op,
                            mlir::ValueRange args);

/// Converts scalar `value` to `to` with C semantics (see theta.cast); the
/// flags say that an i8 input or result holds uint8 values.
mlir::Value buildScalarCast(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                            mlir::Type to, bool unsignedInput = false,
                            bool unsignedResult = false);

/// A scalar constant of `type` (float or integer) with value `value`.
mlir::Value buildScalarConstant(mlir::OpBuilder &b, mlir::Location loc, mlir::Type type,
                                double value);

/// Scalar bodies of the ops that ODS defines with one call (ThetaOps.td).
mlir::Value isNan(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x);
mlir::Value isInf(mlir::OpBuilder &b, mlir::Location loc, mlir::Value x);
mlir::Value erfinv(mlir::OpBuilder &b, mlir::Location loc, mlir::Value y);

} // namespace theta

#endif // THETA_DIALECT_SCALARMATH_H
