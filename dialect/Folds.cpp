//===- Folds.cpp - folders and canonicalization patterns ------------------===//
//
// The obvious algebra: x+0, x-0, x*1, x/1, x**1, -(-x), not(not x), casts to
// the same type, reductions over no axis, dimshuffle of dimshuffle, reshape of
// reshape, concatenation of one tensor, static shapes. A fold that would
// change the result type (because the constant broadcasts x) is not taken.
//
//===----------------------------------------------------------------------===//
#include "dialect/ThetaOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace theta;

namespace {

/// True if `attr` is a splat constant equal to `value`.
bool isSplatOf(Attribute attr, double value) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense || !dense.isSplat())
    return false;
  Type element = dense.getElementType();
  if (isa<FloatType>(element))
    return dense.getSplatValue<APFloat>().isExactlyValue(value);
  if (auto integer = dyn_cast<IntegerType>(element)) {
    APInt splat = dense.getSplatValue<APInt>();
    if (integer.getWidth() == 1)
      return splat.getBoolValue() == (value != 0);
    return splat.getSExtValue() == static_cast<int64_t>(value);
  }
  return false;
}

/// `operand` if it can stand for `result` without changing its type.
OpFoldResult sameTypeOrNull(Value operand, Value result) {
  return operand.getType() == result.getType() ? OpFoldResult(operand) : OpFoldResult();
}

} // namespace

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 0))
    return sameTypeOrNull(getLhs(), getResult());
  if (isSplatOf(adaptor.getLhs(), 0))
    return sameTypeOrNull(getRhs(), getResult());
  return {};
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 0))
    return sameTypeOrNull(getLhs(), getResult());
  return {};
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 1))
    return sameTypeOrNull(getLhs(), getResult());
  if (isSplatOf(adaptor.getLhs(), 1))
    return sameTypeOrNull(getRhs(), getResult());
  return {};
}

OpFoldResult DivOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 1))
    return sameTypeOrNull(getLhs(), getResult());
  return {};
}

OpFoldResult PowOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getRhs(), 1))
    return sameTypeOrNull(getLhs(), getResult());
  return {};
}

OpFoldResult NegOp::fold(FoldAdaptor) {
  if (auto inner = getInput().getDefiningOp<NegOp>())
    return inner.getInput();
  return {};
}

OpFoldResult NotOp::fold(FoldAdaptor) {
  if (auto inner = getInput().getDefiningOp<NotOp>())
    return inner.getInput();
  return {};
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  return sameTypeOrNull(getInput(), getResult());
}

OpFoldResult SelectOp::fold(FoldAdaptor adaptor) {
  if (isSplatOf(adaptor.getCondition(), 1))
    return sameTypeOrNull(getTrueValue(), getResult());
  if (isSplatOf(adaptor.getCondition(), 0))
    return sameTypeOrNull(getFalseValue(), getResult());
  if (getTrueValue() == getFalseValue())
    return sameTypeOrNull(getTrueValue(), getResult());
  return {};
}

// Reductions over an empty axis list are the identity (except argmax).
#define THETA_REDUCTION_FOLD(Op)                                                           \
  OpFoldResult Op::fold(FoldAdaptor) {                                                     \
    std::optional<ArrayRef<int64_t>> axes = getAxes();                                     \
    if (axes && axes->empty())                                                             \
      return sameTypeOrNull(getInput(), getResult());                                      \
    return {};                                                                             \
  }
THETA_REDUCTION_FOLD(SumOp)
THETA_REDUCTION_FOLD(ProdOp)
THETA_REDUCTION_FOLD(MaxOp)
THETA_REDUCTION_FOLD(MinOp)
THETA_REDUCTION_FOLD(MeanOp)
THETA_REDUCTION_FOLD(ArgmaxOp)
#undef THETA_REDUCTION_FOLD

OpFoldResult ReshapeOp::fold(FoldAdaptor) {
  RankedTensorType resultType = getResult().getType();
  if (resultType.hasStaticShape() && getInput().getType() == resultType)
    return getInput();
  // reshape(reshape(x)) == reshape(x): the outer shape list alone decides.
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

OpFoldResult DimShuffleOp::fold(FoldAdaptor) {
  ArrayRef<int64_t> pattern = getPattern();
  RankedTensorType inputType = getInput().getType();
  bool identity = static_cast<int64_t>(pattern.size()) == inputType.getRank();
  for (auto [i, entry] : llvm::enumerate(pattern))
    identity &= entry == static_cast<int64_t>(i);
  if (identity)
    return getInput();
  // dimshuffle(dimshuffle(x, inner), outer) == dimshuffle(x, inner o outer).
  if (auto inner = getInput().getDefiningOp<DimShuffleOp>()) {
    ArrayRef<int64_t> innerPattern = inner.getPattern();
    SmallVector<int64_t> composed;
    for (int64_t entry : pattern)
      composed.push_back(entry < 0 ? -1 : innerPattern[entry]);
    getInputMutable().assign(inner.getInput());
    setPattern(composed);
    return getResult();
  }
  return {};
}

OpFoldResult ConcatenateOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1)
    return sameTypeOrNull(getInputs().front(), getResult());
  return {};
}

OpFoldResult ShapeOp::fold(FoldAdaptor) {
  RankedTensorType inputType = getInput().getType();
  if (!inputType.hasStaticShape())
    return {};
  return DenseElementsAttr::get(getResult().getType(), inputType.getShape());
}

//===----------------------------------------------------------------------===//
// Canonicalization patterns
//===----------------------------------------------------------------------===//

namespace {

/// x + (-y) -> x - y, and (-y) + x -> x - y.
struct AddOfNegToSub : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AddOp op, PatternRewriter &rewriter) const override {
    Value lhs = op.getLhs(), rhs = op.getRhs();
    auto neg = rhs.getDefiningOp<NegOp>();
    if (!neg) {
      neg = lhs.getDefiningOp<NegOp>();
      std::swap(lhs, rhs);
    }
    if (!neg)
      return failure();
    // The replaced op's type: nothing to infer (the generated inferring
    // builder aborts on failure), and its users see the type they had.
    rewriter.replaceOpWithNewOp<SubOp>(op, op.getType(), lhs, neg.getInput());
    return success();
  }
};

/// x - (-y) -> x + y.
struct SubOfNegToAdd : OpRewritePattern<SubOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SubOp op, PatternRewriter &rewriter) const override {
    auto neg = op.getRhs().getDefiningOp<NegOp>();
    if (!neg)
      return failure();
    rewriter.replaceOpWithNewOp<AddOp>(op, op.getType(), op.getLhs(), neg.getInput());
    return success();
  }
};

} // namespace

void AddOp::getCanonicalizationPatterns(RewritePatternSet &patterns, MLIRContext *context) {
  patterns.add<AddOfNegToSub>(context);
}

void SubOp::getCanonicalizationPatterns(RewritePatternSet &patterns, MLIRContext *context) {
  patterns.add<SubOfNegToAdd>(context);
}
