//===- MathApproximation.cpp - --theta-math-approximation -----------------===//
#include "lowering/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <limits>

namespace theta {
#define GEN_PASS_DEF_THETAMATHAPPROXIMATION
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

/// Upstream's f32 log polynomial clamps its input to the smallest normal
/// float, so every subnormal came out as log(FLT_MIN) = -87.34 (1e-45f gives
/// -103.28 in libm). Inputs below FLT_MIN are scaled into the normal range
/// first, log(x) = log(x * 2^23) - 23 ln 2, with selects rather than a branch
/// so that loops still vectorize; zero, negatives and NaN keep their results
/// (-inf, NaN, NaN), as the scaling leaves them what they were.
void scaleSubnormalLogs(Operation *root) {
  SmallVector<math::LogOp> logs;
  root->walk([&](math::LogOp op) {
    if (getElementTypeOrSelf(op.getType()).isF32())
      logs.push_back(op);
  });
  for (math::LogOp op : logs) {
    OpBuilder b(op);
    Location loc = op.getLoc();
    Type type = op.getType();
    auto constant = [&](float value) -> Value {
      TypedAttr attr = b.getF32FloatAttr(value);
      if (auto shaped = dyn_cast<ShapedType>(type))
        attr = DenseElementsAttr::get(shaped, attr);
      return arith::ConstantOp::create(b, loc, attr);
    };
    Value x = op.getOperand();
    Value small = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x,
                                        constant(std::numeric_limits<float>::min()));
    Value scaled = arith::SelectOp::create(
        b, loc, small, arith::MulFOp::create(b, loc, x, constant(0x1p23f)), x);
    Value log = math::LogOp::create(b, loc, scaled, op.getFastmathAttr());
    Value ln2Times23 = constant(static_cast<float>(23 * 0.693147180559945309));
    Value shifted = arith::SubFOp::create(b, loc, log, ln2Times23);
    Value result = arith::SelectOp::create(b, loc, small, shifted, log);
    op.replaceAllUsesWith(result);
    op.erase();
  }
}

struct MathApproximationPass
    : theta::impl::ThetaMathApproximationBase<MathApproximationPass> {
  void runOnOperation() override {
    scaleSubnormalLogs(getOperation());
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
