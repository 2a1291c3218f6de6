//===- ShapeUtils.h - shape arithmetic shared by inference and lowering ---===//
//
// Static shapes use mlir::ShapedType::kDynamic for unknown sizes.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_DIALECT_SHAPEUTILS_H
#define THETA_DIALECT_SHAPEUTILS_H

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/TypeRange.h"
#include "mlir/IR/Value.h"
#include "mlir/IR/ValueRange.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/SmallVector.h"

#include <limits>
#include <optional>
#include <string>
#include <utility>

namespace theta {

/// The kind of user error of the last type inference that failed on this
/// thread, decided where the inference failed: a wrong element type
/// (the API raises TypeError) or anything about shapes (ShapeError).
enum class InferenceError { Shape, Type };
InferenceError lastInferenceError();
void resetInferenceError();

/// The result type of an elementwise op (ODS classes Theta_UnaryOp,
/// Theta_BinaryOp, Theta_PredicateUnaryOp): the operands broadcast together
/// and share an element type; the result has it, or i1 for a `predicate`.
llvm::LogicalResult inferElementwise(mlir::MLIRContext *context,
                                     std::optional<mlir::Location> loc, llvm::StringRef name,
                                     mlir::ValueRange operands, bool predicate,
                                     llvm::SmallVectorImpl<mlir::Type> &inferred);

/// "tensor<3x?xf32>" for diagnostics.
std::string typeToString(mlir::Type type);

/// Same element types and ranks, and every pair of sizes equal or one dynamic.
bool areCompatibleTypes(mlir::TypeRange declared, mlir::TypeRange inferred);

/// Broadcasts equal-rank shapes: sizes equal, or one of them a static 1.
/// On failure `why` explains which dimension disagrees.
std::optional<llvm::SmallVector<int64_t>>
broadcastShapes(llvm::ArrayRef<llvm::ArrayRef<int64_t>> shapes, std::string &why);

/// Normalizes reduction axes (negative counts from the end) into a sorted
/// list; no attribute means all axes. Assumes the axes were verified.
llvm::SmallVector<int64_t> normalizeAxes(std::optional<llvm::ArrayRef<int64_t>> axes,
                                         int64_t rank);

/// Product of sizes, or kDynamic if any size is dynamic.
int64_t shapeProduct(llvm::ArrayRef<int64_t> shape);

/// `type` without its leading dimension (one step of a scan's sequence).
mlir::RankedTensorType dropLeading(mlir::RankedTensorType type);
/// `type` with a new leading dimension of size `size` (a scan's history).
mlir::RankedTensorType withLeading(int64_t size, mlir::RankedTensorType type);

/// Size of a slice that takes every `step`-th element from `start` to the end.
int64_t sliceSizeToEnd(int64_t dim, int64_t start, int64_t step);

/// A `stops` entry of the subtensor ops meaning "no stop" (x[5:]).
constexpr int64_t kNoStop = std::numeric_limits<int64_t>::max();
/// Python's x[start:stop:step] (step > 0) on a dimension of `dim` elements:
/// the first index read and the number of elements (bounds negative from the
/// end, then clipped); nullopt while `dim` is unknown.
std::optional<std::pair<int64_t, int64_t>> pythonSlice(int64_t dim, int64_t start, int64_t stop,
                                                      int64_t step);

} // namespace theta

#endif // THETA_DIALECT_SHAPEUTILS_H
