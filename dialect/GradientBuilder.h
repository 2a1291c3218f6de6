//===- GradientBuilder.h - building blocks of gradient rules --------------===//
//
// The per-op gradient rules (Gradients.cpp) are written with these helpers:
// theta ops with inferred types, constants shaped for broadcasting, and the
// shape plumbing that undoes broadcasting (sum over broadcast dimensions) or
// redoes it (alloc to an operand's shape), also for dynamic sizes.
//
// Ops with inferred result types are never built with the generated
// `OpTy::create(builder, loc, ...)` that infers them: where inference fails it
// calls report_fatal_error and aborts the process. tryCreate reports a
// diagnostic and returns null instead; a GradientBuilder remembers the failure
// (status()), builds nothing more, and the gradient rule returns it, so the
// pass fails with the message.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_DIALECT_GRADIENTBUILDER_H
#define THETA_DIALECT_GRADIENTBUILDER_H

#include "dialect/ThetaOps.h"

#include <optional>

namespace theta {

namespace detail {
using InferFn = llvm::LogicalResult (*)(mlir::MLIRContext *, std::optional<mlir::Location>,
                                        mlir::ValueRange, mlir::DictionaryAttr,
                                        mlir::OpaqueProperties, mlir::RegionRange,
                                        llvm::SmallVectorImpl<mlir::Type> &);
/// Infers the result types of the op `state` describes and creates it; null
/// (after an error at its location when `diagnose`) where that fails.
mlir::Operation *createInferred(mlir::OpBuilder &builder, mlir::OperationState &state,
                                InferFn infer, bool diagnose);
} // namespace detail

/// OpTy::create(builder, loc, args...) for an op with inferred result types,
/// except that where they cannot be inferred it emits the inference's error
/// at `loc` (when `diagnose`; rewrite patterns that merely do not apply pass
/// false) and returns null.
template <typename OpTy, typename... Args>
OpTy tryCreate(mlir::OpBuilder &builder, mlir::Location loc, bool diagnose, Args &&...args) {
  mlir::OperationState state(loc, OpTy::getOperationName());
  // The builder taking result types records operands and attributes without
  // inferring; a placeholder satisfies its check of the result count.
  llvm::SmallVector<mlir::Type, 1> placeholder;
  if constexpr (OpTy::template hasTrait<mlir::OpTrait::OneResult>())
    placeholder.push_back(builder.getNoneType());
  OpTy::build(builder, state, mlir::TypeRange(placeholder), std::forward<Args>(args)...);
  state.types.clear();
  return llvm::cast_or_null<OpTy>(
      detail::createInferred(builder, state, &OpTy::inferReturnTypes, diagnose));
}

class GradientBuilder {
public:
  GradientBuilder(mlir::OpBuilder &builder, mlir::Location loc) : b(builder), loc(loc) {}

  /// The op's result, or null once a build has failed (the error is emitted).
  template <typename OpTy, typename... Args> mlir::Value create(Args &&...args) {
    if (buildFailed)
      return {};
    OpTy op = tryCreate<OpTy>(b, loc, /*diagnose=*/true, std::forward<Args>(args)...);
    buildFailed = !op;
    return op ? op.getResult() : mlir::Value();
  }
  /// Failure once an op could not be built: what a gradient rule returns.
  llvm::LogicalResult status() const { return llvm::failure(buildFailed); }
  mlir::Value add(mlir::Value x, mlir::Value y) { return create<AddOp>(x, y); }
  mlir::Value sub(mlir::Value x, mlir::Value y) { return create<SubOp>(x, y); }
  mlir::Value mul(mlir::Value x, mlir::Value y) { return create<MulOp>(x, y); }
  mlir::Value div(mlir::Value x, mlir::Value y) { return create<DivOp>(x, y); }
  mlir::Value neg(mlir::Value x) { return create<NegOp>(x); }

  /// A constant `value` of `like`'s element type and rank, every size 1, so
  /// it broadcasts against `like`.
  mlir::Value constantLike(mlir::Value like, double value);
  /// A rank-0 i64 constant.
  mlir::Value indexConstant(int64_t value);
  /// `select(condition, x, 0)`.
  mlir::Value maskedBy(mlir::Value condition, mlir::Value x);

  /// Size of dimension `dim` of `x` as a rank-0 i64 tensor.
  mlir::Value dimSize(mlir::Value x, int64_t dim);
  /// `x`'s shape as a creation op takes it: static sizes (dynamic ones as
  /// `?`) and a rank-0 i64 tensor for each dynamic dimension.
  void shapeOperands(mlir::Value x, llvm::SmallVectorImpl<int64_t> &staticShape,
                     llvm::SmallVectorImpl<mlir::Value> &dynamicShape);

  /// Zeros of `like`'s type.
  mlir::Value zerosLike(mlir::Value like);
  /// `x` (same rank or lower, right-aligned) broadcast to `like`'s shape.
  mlir::Value broadcastLike(mlir::Value x, mlir::Value like);
  /// `x` reshaped to `like`'s shape (same number of elements).
  mlir::Value reshapeLike(mlir::Value x, mlir::Value like);
  /// Sum of `x` over `axes`.
  mlir::Value sum(mlir::Value x, llvm::ArrayRef<int64_t> axes, bool keepdims);
  /// Undo broadcasting: sums `grad` over the leading dimensions `target`
  /// lacks and over the dimensions where `target` has static size 1, so the
  /// result has `target`'s shape.
  mlir::Value unbroadcast(mlir::Value grad, mlir::RankedTensorType target);
  /// `x` with size-1 dimensions inserted at `axes` (sorted, of the result).
  mlir::Value expandDims(mlir::Value x, llvm::ArrayRef<int64_t> axes);
  /// Swap the last two dimensions.
  mlir::Value transposeLastTwo(mlir::Value x);
  /// Element count of the dimensions `axes` of `x`, as a constant like `like`.
  mlir::Value countLike(mlir::Value x, llvm::ArrayRef<int64_t> axes, mlir::Value like);

  mlir::OpBuilder &builder() { return b; }
  mlir::Location location() const { return loc; }

private:
  /// False (the builder has failed) where `value` is null: a build failed.
  bool usable(mlir::Value value);

  mlir::OpBuilder &b;
  mlir::Location loc;
  bool buildFailed = false;
};

mlir::RankedTensorType tensorType(mlir::Value value);

} // namespace theta

#endif // THETA_DIALECT_GRADIENTBUILDER_H
