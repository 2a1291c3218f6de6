//===- Stabilize.cpp - --theta-stabilize ----------------------------------===//
//
// Logs of probabilities computed by sigmoid or softmax, rewritten so that no
// intermediate can round to 0 and be sent to log (see Passes.td).
//
//===----------------------------------------------------------------------===//
#include "dialect/Passes.h"
#include "dialect/ThetaOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace theta {
#define GEN_PASS_DEF_THETASTABILIZE
#include "dialect/Passes.h.inc"
} // namespace theta

using namespace mlir;
using namespace theta;

namespace {

/// Whether `value` is a constant 1 (possibly broadcast by dimshuffle/alloc).
bool isOne(Value value) {
  while (Operation *op = value.getDefiningOp()) {
    if (auto shuffle = dyn_cast<DimShuffleOp>(op))
      value = shuffle.getInput();
    else if (auto alloc = dyn_cast<AllocOp>(op))
      value = alloc.getValue();
    else
      break;
  }
  DenseElementsAttr constant;
  if (!matchPattern(value, m_Constant(&constant)) || !constant.isSplat() ||
      !isa<FloatType>(constant.getElementType()))
    return false;
  return constant.getSplatValue<APFloat>().isExactlyValue(1.0);
}

/// -softplus(sign * z), the log of sigmoid(z) (sign -1) or of 1 - sigmoid(z) (sign +1),
/// of type `type`. Types are given, not inferred: the unary ops keep z's type,
/// and the generated inferring builders would abort where inference fails.
Value negSoftplus(PatternRewriter &rewriter, Location loc, Value z, bool negate, Type type) {
  if (negate)
    z = NegOp::create(rewriter, loc, z.getType(), z);
  Value softplus = SoftplusOp::create(rewriter, loc, z.getType(), z);
  return NegOp::create(rewriter, loc, type, softplus);
}

struct LogOfSigmoid : OpRewritePattern<LogOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LogOp op, PatternRewriter &rewriter) const override {
    Value input = op.getInput();
    if (auto sigmoid = input.getDefiningOp<SigmoidOp>()) {
      rewriter.replaceOp(
          op, negSoftplus(rewriter, op.getLoc(), sigmoid.getInput(), true, op.getType()));
      return success();
    }
    auto sub = input.getDefiningOp<SubOp>();
    if (!sub || !isOne(sub.getLhs()))
      return failure();
    auto sigmoid = sub.getRhs().getDefiningOp<SigmoidOp>();
    if (!sigmoid || sigmoid.getType() != op.getType())
      return failure();
    rewriter.replaceOp(
        op, negSoftplus(rewriter, op.getLoc(), sigmoid.getInput(), false, op.getType()));
    return success();
  }
};

struct LogOfSoftmax : OpRewritePattern<LogOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(LogOp op, PatternRewriter &rewriter) const override {
    auto div = op.getInput().getDefiningOp<DivOp>();
    if (!div)
      return failure();
    auto exp = div.getLhs().getDefiningOp<ExpOp>();
    if (!exp || exp.getType() != op.getType())
      return failure();
    Value rhs = div.getRhs();
    Value logDenominator = LogOp::create(rewriter, op.getLoc(), rhs.getType(), rhs);
    rewriter.replaceOpWithNewOp<SubOp>(op, op.getType(), exp.getInput(), logDenominator);
    return success();
  }
};

struct StabilizePass : theta::impl::ThetaStabilizeBase<StabilizePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<LogOfSigmoid, LogOfSoftmax>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};

} // namespace
