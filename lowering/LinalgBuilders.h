//===- LinalgBuilders.h - linalg building blocks of the theta lowering ----===//
//
// Static-shape helpers: broadcasting generics, reductions, reshapes. The
// lowering runs after the runtime specialized every shape, so all tensor
// types here are static.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_LOWERING_LINALGBUILDERS_H
#define THETA_LOWERING_LINALGBUILDERS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"

namespace theta {

using ScalarBody =
    llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;

/// An uninitialized tensor of `type`.
mlir::Value emptyTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType type);

/// An integer index (any integer type) as an `index`: negative counts from
/// the end of a dimension of size `dim`, then it is clamped into [0, last].
mlir::Value wrapAndClampIndex(mlir::OpBuilder &b, mlir::Location loc, mlir::Value integer,
                              int64_t dim, int64_t last);

/// A tensor of `type` filled with scalar `value`.
mlir::Value filledTensor(mlir::OpBuilder &b, mlir::Location loc, mlir::RankedTensorType type,
                         mlir::Value value);

/// linalg.generic over `resultType` whose inputs broadcast into it (ranks are
/// right-aligned; size-1 dimensions repeat). `body` gets one scalar per input.
mlir::Value buildBroadcastGeneric(mlir::OpBuilder &b, mlir::Location loc,
                                  mlir::RankedTensorType resultType, mlir::ValueRange inputs,
                                  ScalarBody body);

/// Reduces `input` over the sorted `axes` (dropping them) starting from
/// `init`; `combine` gets (element, accumulator). When the innermost axis is
/// reduced, the kept axes become the outer loops, so inside `combine` a
/// linalg.index names a loop, which is the input's axis only when one axis
/// is reduced or the innermost one is kept.
mlir::Value buildReduction(mlir::OpBuilder &b, mlir::Location loc, mlir::Value input,
                           llvm::ArrayRef<int64_t> axes, mlir::Value init, ScalarBody combine);

/// The same with several accumulators (e.g. argmax's best value and index):
/// `combine` gets (element, accumulators...) and returns the new accumulators.
using MultiScalarBody = llvm::function_ref<llvm::SmallVector<mlir::Value>(
    mlir::OpBuilder &, mlir::Location, mlir::ValueRange)>;
llvm::SmallVector<mlir::Value> buildReduction(mlir::OpBuilder &b, mlir::Location loc,
                                              mlir::Value input, llvm::ArrayRef<int64_t> axes,
                                              mlir::ValueRange inits, MultiScalarBody combine);

/// `value` viewed with the static shape of `type` (same element count).
mlir::Value reshapeTo(mlir::OpBuilder &b, mlir::Location loc, mlir::Value value,
                      mlir::RankedTensorType type);

} // namespace theta

#endif // THETA_LOWERING_LINALGBUILDERS_H
