//===- ThetaToLinalg.cpp - --theta-to-linalg ------------------------------===//
//
// Lowers theta ops on static shapes to linalg / tensor / arith / math.
// Elementwise ops and reductions become linalg.generic (so that
// linalg-fuse-elementwise-ops fuses chains into one loop nest), products
// become linalg named ops, shape ops become tensor reshapes and slices.
//
//===----------------------------------------------------------------------===//
#include "dialect/ThetaOps.h"
#include "lowering/LinalgBuilders.h"
#include "lowering/Passes.h"
#include "lowering/Patterns.h"
#include "lowering/RuntimeChecks.h"
#include "dialect/ScalarMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/RegionUtils.h"

namespace theta {
#define GEN_PASS_DEF_THETATOLINALG
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;
using namespace theta;

namespace {

RankedTensorType tensorType(Value value) { return cast<RankedTensorType>(value.getType()); }

/// The largest / smallest value of a scalar type (infinity for floats).
Value extremeValue(OpBuilder &b, Location loc, Type type, bool largest) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(
        b, loc, b.getFloatAttr(floatType, APFloat::getInf(floatType.getFloatSemantics(),
                                                           /*Negative=*/!largest)));
  unsigned width = type.getIntOrFloatBitWidth();
  APInt value = largest ? APInt::getSignedMaxValue(width) : APInt::getSignedMinValue(width);
  return arith::ConstantOp::create(b, loc, b.getIntegerAttr(type, value));
}

/// Elementwise ops: one broadcasting linalg.generic whose body is the op's
/// scalar math.
struct ElementwiseLowering : ConversionPattern {
  ElementwiseLowering(MLIRContext *context)
      : ConversionPattern(MatchAnyOpTypeTag(), /*benefit=*/1, context) {}

  LogicalResult matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                                ConversionPatternRewriter &rewriter) const override {
    auto elementwise = dyn_cast<ElementwiseOpInterface>(op);
    if (!elementwise)
      return failure();
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    Value result = buildBroadcastGeneric(
        rewriter, op->getLoc(), resultType, operands,
        [&](OpBuilder &b, Location loc, ValueRange args) {
          return elementwise.buildScalar(b, loc, args);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConstantLowering : OpConversionPattern<ConstantOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ConstantOp op, OpAdaptor,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, cast<TypedAttr>(op.getValue()));
    return success();
  }
};

/// sum, prod, max, min, mean: a reduction generic, then the mean's division
/// and keepdims' reshape.
template <typename Op>
struct ReductionLowering : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = tensorType(input);
    Type element = inputType.getElementType();
    bool isFloat = isa<FloatType>(element);
    SmallVector<int64_t> axes = op.getReducedAxes();
    Value init;
    if constexpr (std::is_same_v<Op, ProdOp>)
      init = buildScalarConstant(rewriter, loc, element, 1);
    else if constexpr (std::is_same_v<Op, MaxOp>)
      init = extremeValue(rewriter, loc, element, /*largest=*/false);
    else if constexpr (std::is_same_v<Op, MinOp>)
      init = extremeValue(rewriter, loc, element, /*largest=*/true);
    else
      init = buildScalarConstant(rewriter, loc, element, 0);
    Value reduced = buildReduction(
        rewriter, loc, input, axes, init, [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          if constexpr (std::is_same_v<Op, ProdOp>)
            return isFloat ? Value(arith::MulFOp::create(b, l, args[0], args[1]))
                           : Value(arith::MulIOp::create(b, l, args[0], args[1]));
          else if constexpr (std::is_same_v<Op, MaxOp>)
            return isFloat ? Value(arith::MaximumFOp::create(b, l, args[0], args[1]))
                           : Value(arith::MaxSIOp::create(b, l, args[0], args[1]));
          else if constexpr (std::is_same_v<Op, MinOp>)
            return isFloat ? Value(arith::MinimumFOp::create(b, l, args[0], args[1]))
                           : Value(arith::MinSIOp::create(b, l, args[0], args[1]));
          else // reassoc: LLVM may vectorize the sum into partial sums.
            return isFloat ? Value(arith::AddFOp::create(b, l, args[0], args[1],
                                                         arith::FastMathFlags::reassoc))
                           : Value(arith::AddIOp::create(b, l, args[0], args[1]));
        });
    if constexpr (std::is_same_v<Op, MeanOp>) {
      int64_t count = 1;
      for (int64_t axis : axes)
        count *= inputType.getDimSize(axis);
      Value divisor = buildScalarConstant(rewriter, loc, element, static_cast<double>(count));
      reduced = buildBroadcastGeneric(rewriter, loc, tensorType(reduced), ValueRange{reduced},
                                      [&](OpBuilder &b, Location l, ValueRange args) {
                                        return Value(arith::DivFOp::create(b, l, args[0], divisor));
                                      });
    }
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, reduced, op.getType()));
    return success();
  }
};

/// argmax: a reduction carrying (best value, its index); the first maximum
/// wins, and the first NaN beats everything, as in NumPy (and as max, whose
/// maximumf propagates NaN).
struct ArgmaxLowering : OpConversionPattern<ArgmaxOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ArgmaxOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto inputType = tensorType(input);
    SmallVector<int64_t> axes = op.getReducedAxes();
    if (axes.size() > 1) { // All axes: the index into the flattened input.
      input = reshapeTo(rewriter, loc, input,
                        RankedTensorType::get({inputType.getNumElements()},
                                              inputType.getElementType()));
      inputType = tensorType(input);
      axes = {0};
    }
    if (axes.empty()) { // argmax of a scalar is 0.
      rewriter.replaceOp(op, filledTensor(rewriter, loc, op.getType(),
                                          buildScalarConstant(rewriter, loc,
                                                              rewriter.getI64Type(), 0)));
      return success();
    }
    int64_t axis = axes.front();
    Type element = inputType.getElementType();
    Value lowest = extremeValue(rewriter, loc, element, /*largest=*/false);
    Value zero = buildScalarConstant(rewriter, loc, rewriter.getI64Type(), 0);
    SmallVector<Value> reduced = buildReduction(
        rewriter, loc, input, axes, ValueRange{lowest, zero},
        [&](OpBuilder &b, Location l, ValueRange args) -> SmallVector<Value> {
          Value index = arith::IndexCastOp::create(b, l, b.getI64Type(),
                                                   linalg::IndexOp::create(b, l, axis));
          Value better;
          if (isa<FloatType>(element)) {
            // (x > best or x is NaN) and best is not NaN.
            Value greaterOrNaN =
                arith::CmpFOp::create(b, l, arith::CmpFPredicate::UGT, args[0], args[1]);
            Value bestIsNumber =
                arith::CmpFOp::create(b, l, arith::CmpFPredicate::ORD, args[1], args[1]);
            better = arith::AndIOp::create(b, l, greaterOrNaN, bestIsNumber);
          } else {
            better = arith::CmpIOp::create(b, l, arith::CmpIPredicate::sgt, args[0], args[1]);
          }
          return {arith::SelectOp::create(b, l, better, args[0], args[1]),
                  arith::SelectOp::create(b, l, better, index, args[2])};
        });
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, reduced[1], op.getType()));
    return success();
  }
};

/// reshape and flatten keep the element order: a tensor reshape.
template <typename Op>
struct ReshapeLikeLowering : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, reshapeTo(rewriter, op.getLoc(), adaptor.getInput(), op.getType()));
    return success();
  }
};

/// dimshuffle: a copy whose input map reads dimension pattern[j] at result
/// position j; dropped (size-1) input dimensions read index 0.
struct DimShuffleLowering : OpConversionPattern<DimShuffleOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(DimShuffleOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    MLIRContext *context = rewriter.getContext();
    RankedTensorType resultType = op.getType();
    int64_t inputRank = tensorType(adaptor.getInput()).getRank();
    SmallVector<AffineExpr> exprs(inputRank, getAffineConstantExpr(0, context));
    for (auto [j, entry] : llvm::enumerate(op.getPattern()))
      if (entry >= 0)
        exprs[entry] = getAffineDimExpr(j, context);
    SmallVector<AffineMap> maps{AffineMap::get(resultType.getRank(), 0, exprs, context),
                                rewriter.getMultiDimIdentityMap(resultType.getRank())};
    SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, op.getLoc(), TypeRange{resultType}, ValueRange{adaptor.getInput()},
        ValueRange{emptyTensor(rewriter, op.getLoc(), resultType)}, maps, iterators,
        [](OpBuilder &b, Location l, ValueRange args) { linalg::YieldOp::create(b, l, args[0]); });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct ConcatenateLowering : OpConversionPattern<ConcatenateOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ConcatenateOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType resultType = op.getType();
    int64_t rank = resultType.getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += rank;
    Value result = emptyTensor(rewriter, loc, resultType);
    int64_t offset = 0;
    for (Value input : adaptor.getInputs()) {
      auto type = tensorType(input);
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes, strides(rank, rewriter.getIndexAttr(1));
      for (int64_t size : type.getShape())
        sizes.push_back(rewriter.getIndexAttr(size));
      if (type.getNumElements() != 0) // tensor.insert_slice refuses offsets past an empty axis
        result = tensor::InsertSliceOp::create(rewriter, loc, input, result, offsets, sizes,
                                               strides);
      offset += type.getDimSize(axis);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Offsets, sizes and strides of a subtensor-like op. Starts count from the
/// end when negative (Python indexing); one that is out of range, or from
/// which the slice does not fit, is reported at run time (RuntimeChecks.h).
template <typename Op>
void sliceParameters(OpBuilder &b, Location loc, Op op, ValueRange dynamicStarts,
                     SmallVectorImpl<OpFoldResult> &offsets, SmallVectorImpl<OpFoldResult> &sizes,
                     SmallVectorImpl<OpFoldResult> &strides) {
  RankedTensorType inputType = cast<RankedTensorType>(op.getInput().getType());
  unsigned next = 0;
  ArrayRef<int64_t> stops = op.getStops();
  for (int64_t d = 0; d < inputType.getRank(); ++d) {
    int64_t dim = inputType.getDimSize(d), start = op.getStaticStarts()[d];
    int64_t step = op.getSteps()[d], size = op.getSizes()[d];
    if (!stops.empty() && !ShapedType::isDynamic(stops[d])) {
      // A Python slice, clipped now that the dimension is known.
      auto [first, count] = *pythonSlice(dim, start, stops[d], step);
      offsets.push_back(b.getIndexAttr(first));
      sizes.push_back(b.getIndexAttr(count));
      strides.push_back(b.getIndexAttr(step));
      continue;
    }
    if (size == -1)
      size = sliceSizeToEnd(dim, ShapedType::isDynamic(start) ? 0 : start, step);
    sizes.push_back(b.getIndexAttr(size));
    strides.push_back(b.getIndexAttr(step));
    if (size == 0) { // An empty slice reads nothing, wherever it starts.
      offsets.push_back(b.getIndexAttr(0));
      if (ShapedType::isDynamic(start))
        ++next;
      continue;
    }
    bool integerIndex = llvm::is_contained(op.getDrop(), d);
    int64_t span = (size - 1) * step + 1;
    int64_t wrapped = start < 0 ? start + dim : start;
    if (!ShapedType::isDynamic(start) && wrapped >= 0 && wrapped + span <= dim) {
      offsets.push_back(b.getIndexAttr(wrapped));
      continue;
    }
    Value integer = ShapedType::isDynamic(start)
                        ? Value(tensor::ExtractOp::create(b, loc, dynamicStarts[next++],
                                                          ValueRange{}))
                        : Value(arith::ConstantIndexOp::create(b, loc, start));
    offsets.push_back(checkedIndex(b, loc, op, integer, dim, span, integerIndex ? 0 : size));
  }
}

/// The (rank-reduced) type of the slice a subtensor-like op addresses.
template <typename Op>
RankedTensorType sliceType(Op op) {
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  return RankedTensorType::get(op.getSliceShape(), inputType.getElementType());
}

struct SubtensorLowering : OpConversionPattern<SubtensorOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(SubtensorOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    SmallVector<OpFoldResult> offsets, sizes, strides;
    sliceParameters(rewriter, op.getLoc(), op, adaptor.getDynamicStarts(), offsets, sizes,
                    strides);
    rewriter.replaceOpWithNewOp<tensor::ExtractSliceOp>(op, op.getType(), adaptor.getInput(),
                                                        offsets, sizes, strides);
    return success();
  }
};

template <typename Op, bool Increment>
struct SubtensorUpdateLowering : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult matchAndRewrite(Op op, typename Op::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    SmallVector<OpFoldResult> offsets, sizes, strides;
    sliceParameters(rewriter, loc, op, adaptor.getDynamicStarts(), offsets, sizes, strides);
    RankedTensorType slice = sliceType(op);
    if (slice.getNumElements() == 0) { // Nothing to write.
      rewriter.replaceOp(op, adaptor.getInput());
      return success();
    }
    Value update;
    if constexpr (Increment) {
      Value current = tensor::ExtractSliceOp::create(rewriter, loc, slice, adaptor.getInput(),
                                                     offsets, sizes, strides);
      update = buildBroadcastGeneric(rewriter, loc, slice, ValueRange{current, adaptor.getValue()},
                                     [](OpBuilder &b, Location l, ValueRange args) {
                                       return isa<FloatType>(args[0].getType())
                                                  ? Value(arith::AddFOp::create(b, l, args[0], args[1]))
                                                  : Value(arith::AddIOp::create(b, l, args[0], args[1]));
                                     });
    } else {
      update = buildBroadcastGeneric(rewriter, loc, slice, ValueRange{adaptor.getValue()},
                                     [](OpBuilder &, Location, ValueRange args) { return args[0]; });
    }
    rewriter.replaceOpWithNewOp<tensor::InsertSliceOp>(op, update, adaptor.getInput(), offsets,
                                                       sizes, strides);
    return success();
  }
};

/// take: for each result element, read the index, wrap and clamp it, and
/// extract from the input.
struct TakeLowering : OpConversionPattern<TakeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(TakeOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    RankedTensorType resultType = op.getType();
    Value input = adaptor.getInput();
    auto inputType = tensorType(input);
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += inputType.getRank();
    int64_t indexRank = tensorType(adaptor.getIndices()).getRank();
    SmallVector<AffineExpr> indexExprs;
    for (int64_t i = 0; i < indexRank; ++i)
      indexExprs.push_back(getAffineDimExpr(axis + i, context));
    SmallVector<AffineMap> maps{AffineMap::get(resultType.getRank(), 0, indexExprs, context),
                                rewriter.getMultiDimIdentityMap(resultType.getRank())};
    SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                               utils::IteratorType::parallel);
    int64_t dim = inputType.getDimSize(axis);
    checkIndexTensor(rewriter, loc, op, adaptor.getIndices(), dim);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{adaptor.getIndices()},
        ValueRange{emptyTensor(rewriter, loc, resultType)}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value clamped = wrapAndClampIndex(b, l, args[0], dim, dim - 1);
          SmallVector<Value> coordinates;
          for (int64_t d = 0; d < inputType.getRank(); ++d) {
            if (d < axis)
              coordinates.push_back(linalg::IndexOp::create(b, l, d));
            else if (d == axis)
              coordinates.push_back(clamped);
            else
              coordinates.push_back(linalg::IndexOp::create(b, l, d - 1 + indexRank));
          }
          linalg::YieldOp::create(b, l,
                                  Value(tensor::ExtractOp::create(b, l, input, coordinates)));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct AllocLowering : OpConversionPattern<AllocOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(AllocOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, buildBroadcastGeneric(
                               rewriter, op.getLoc(), op.getType(), ValueRange{adaptor.getValue()},
                               [](OpBuilder &, Location, ValueRange args) { return args[0]; }));
    return success();
  }
};

template <typename Op, int Value>
struct FilledLowering : OpConversionPattern<Op> {
  using OpConversionPattern<Op>::OpConversionPattern;
  LogicalResult matchAndRewrite(Op op, typename Op::Adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    auto scalar = buildScalarConstant(rewriter, op.getLoc(), type.getElementType(), Value);
    rewriter.replaceOp(op, filledTensor(rewriter, op.getLoc(), type, scalar));
    return success();
  }
};

/// iota: a linalg.generic whose body is the index along the last dimension.
struct IotaLowering : OpConversionPattern<IotaOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(IotaOp op, OpAdaptor,
                                ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getType();
    if (type.getRank() == 0) {
      auto zero = buildScalarConstant(rewriter, op.getLoc(), type.getElementType(), 0);
      rewriter.replaceOp(op, filledTensor(rewriter, op.getLoc(), type, zero));
      return success();
    }
    Location loc = op.getLoc();
    Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(), type.getElementType());
    SmallVector<AffineMap> maps = {rewriter.getMultiDimIdentityMap(type.getRank())};
    SmallVector<utils::IteratorType> iterators(type.getRank(), utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{}, ValueRange{empty}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange) {
          Value index = linalg::IndexOp::create(b, l, type.getRank() - 1);
          Value asInteger = arith::IndexCastOp::create(b, l, b.getI64Type(), index);
          linalg::YieldOp::create(b, l, buildScalarCast(b, l, asInteger, type.getElementType()));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct FillLowering : OpConversionPattern<FillOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(FillOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Value scalar = tensor::ExtractOp::create(rewriter, op.getLoc(), adaptor.getValue(), ValueRange{});
    rewriter.replaceOp(op, filledTensor(rewriter, op.getLoc(), op.getType(), scalar));
    return success();
  }
};

struct ShapeLowering : OpConversionPattern<ShapeOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ShapeOp op, OpAdaptor,
                                ConversionPatternRewriter &rewriter) const override {
    auto attr = DenseElementsAttr::get(op.getType(), op.getInput().getType().getShape());
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, attr);
    return success();
  }
};

/// stop_gradient only matters to autodiff; left over, it is the identity.
struct StopGradientLowering : OpConversionPattern<StopGradientOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(StopGradientOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

/// A tensor with no elements equals every other of its type, so the results
/// of theta ops that have none become `tensor.empty`, and ops left with no
/// use and no side effect go. The lowerings never see a zero-size result,
/// for which upstream verifiers refuse some slices (an offset at the end of
/// an empty axis).
void replaceEmptyResults(func::FuncOp func) {
  SmallVector<Operation *> ops;
  func.walk([&](Operation *op) {
    if (isa<ThetaDialect>(op->getDialect()))
      ops.push_back(op);
  });
  for (Operation *op : llvm::reverse(ops)) {
    OpBuilder b(op);
    for (Value result : op->getResults()) {
      auto type = dyn_cast<RankedTensorType>(result.getType());
      if (type && type.hasStaticShape() && type.getNumElements() == 0 && !result.use_empty())
        result.replaceAllUsesWith(emptyTensor(b, op->getLoc(), type));
    }
    if (isOpTriviallyDead(op))
      op->erase();
  }
}

struct ThetaToLinalgPass : theta::impl::ThetaToLinalgBase<ThetaToLinalgPass> {
  // A module pass: run-time checks add the strings of their messages and the
  // declaration of the runtime's error entry to the module.
  void runOnOperation() override {
    for (auto func : llvm::make_early_inc_range(getOperation().getOps<func::FuncOp>()))
      if (!func.isExternal() && failed(lowerFunction(func))) // skip library declarations
        return signalPassFailure();
  }

  LogicalResult lowerFunction(func::FuncOp func) {
    // Explain what the lowering needs before trying: static shapes, no grad.
    WalkResult check = func.walk([&](Operation *op) {
      if (!isa<ThetaDialect>(op->getDialect()))
        return WalkResult::advance();
      if (isa<GradOp, JacobianOp>(op)) {
        op->emitOpError("must be expanded by --theta-autodiff before lowering");
        return WalkResult::interrupt();
      }
      for (Type type : llvm::concat<Type>(op->getOperandTypes(), op->getResultTypes())) {
        auto tensor = dyn_cast<RankedTensorType>(type);
        if (tensor && tensor.getElementType().isUnsignedInteger()) {
          op->emitOpError("has unsigned values (")
              << tensor << "); run --theta-signless-integers first";
          return WalkResult::interrupt();
        }
        if (tensor && !tensor.hasStaticShape()) {
          op->emitOpError("needs static shapes to lower, got ")
              << tensor << "; specialize the arguments and run --theta-refine-types first";
          return WalkResult::interrupt();
        }
      }
      return WalkResult::advance();
    });
    if (check.wasInterrupted())
      return failure();

    MLIRContext *context = &getContext();
    // Theta functions have value semantics: bufferization must never write
    // into the caller's buffers (inputs, shared variables).
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      if (isa<TensorType>(func.getArgument(i).getType()))
        func.setArgAttr(i, "bufferization.writable", BoolAttr::get(context, false));

    replaceEmptyResults(func);

    RewritePatternSet patterns(context);
    patterns.add<ElementwiseLowering>(context);
    populateDotLowering(patterns);
    patterns.add<ConstantLowering, ReductionLowering<SumOp>,
                 ReductionLowering<ProdOp>, ReductionLowering<MaxOp>, ReductionLowering<MinOp>,
                 ReductionLowering<MeanOp>, ArgmaxLowering, ReshapeLikeLowering<ReshapeOp>,
                 ReshapeLikeLowering<FlattenOp>, DimShuffleLowering, ConcatenateLowering,
                 SubtensorLowering, SubtensorUpdateLowering<SetSubtensorOp, false>,
                 SubtensorUpdateLowering<IncSubtensorOp, true>, TakeLowering, AllocLowering,
                 FilledLowering<ZerosOp, 0>, FilledLowering<OnesOp, 1>, IotaLowering, FillLowering,
                 ShapeLowering, StopGradientLowering>(context);
    populateScatterLowering(patterns);
    populateConvLowering(patterns);
    populateRandomLowering(patterns);
    populateProbeLowering(patterns);
    populateSortLowering(patterns);
    ConversionTarget target(*context);
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect, math::MathDialect,
                           scf::SCFDialect, tensor::TensorDialect, func::FuncDialect,
                           bufferization::BufferizationDialect, memref::MemRefDialect>();
    target.addIllegalDialect<ThetaDialect>();
    return applyPartialConversion(func, target, std::move(patterns));
  }
};

} // namespace
