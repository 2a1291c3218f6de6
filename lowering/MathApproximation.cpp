//===- MathApproximation.cpp - --theta-math-approximation -----------------===//
#include "lowering/Passes.h"

#include "mlir/Dialect/Math/Transforms/Approximation.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace theta {
#define GEN_PASS_DEF_THETAMATHAPPROXIMATION
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {
struct MathApproximationPass
    : theta::impl::ThetaMathApproximationBase<MathApproximationPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
