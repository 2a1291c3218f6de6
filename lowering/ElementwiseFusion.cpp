//===- ElementwiseFusion.cpp - --theta-fuse-elementwise -------------------===//
//
// The pattern set of upstream linalg-fuse-elementwise-ops with a control
// function that leaves named linalg ops (matmul and friends) out of reshape
// propagation, so that a product stays a product for the BLAS lowering.
//
//===----------------------------------------------------------------------===//
#include "lowering/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace theta {
#define GEN_PASS_DEF_THETAFUSEELEMENTWISE
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

/// A linalg op other than linalg.generic (matmul, fill, pooling...).
bool isNamedLinalgOp(Operation *op) {
  return op && isa<linalg::LinalgOp>(op) && !isa<linalg::GenericOp>(op);
}

/// Upstream's FuseElementwiseOps, except that the fused op's location is
/// the consumer's and the producer's together (upstream keeps only the
/// consumer's): debugprint finds which theta ops share a loop nest, and the
/// consumer's file:line stays the first (the one messages name). Added with
/// a higher benefit than upstream's, which then never applies.
struct FuseKeepingLocations : OpRewritePattern<linalg::GenericOp> {
  FuseKeepingLocations(MLIRContext *context, linalg::ControlFusionFn control)
      : OpRewritePattern<linalg::GenericOp>(context, /*benefit=*/2),
        control(std::move(control)) {}

  LogicalResult matchAndRewrite(linalg::GenericOp consumer,
                                PatternRewriter &rewriter) const override {
    for (OpOperand &operand : consumer->getOpOperands()) {
      if (!linalg::areElementwiseOpsFusable(&operand) || !control(&operand))
        continue;
      Operation *producer = operand.get().getDefiningOp();
      Location loc = rewriter.getFusedLoc({consumer.getLoc(), producer->getLoc()});
      FailureOr<linalg::ElementwiseOpFusionResult> fused =
          linalg::fuseElementwiseOps(rewriter, &operand);
      if (failed(fused))
        return rewriter.notifyMatchFailure(consumer, "fusion failed");
      rewriter.modifyOpInPlace(fused->fusedOp, [&] { fused->fusedOp->setLoc(loc); });
      for (auto [original, replacement] : fused->replacements)
        rewriter.replaceUsesWithIf(original, replacement, [&](OpOperand &use) {
          return use.get().getDefiningOp() != producer; // only the consumer's uses
        });
      rewriter.eraseOp(consumer);
      return success();
    }
    return failure();
  }

private:
  linalg::ControlFusionFn control;
};

struct FuseElementwisePass : theta::impl::ThetaFuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    // As upstream: fuse a producer only into its single user.
    linalg::ControlFusionFn fuseSingleUse = [](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      return producer && producer->hasOneUse();
    };
    // Reshapes stop at named ops: the producer (a reshape's source) or the
    // consumer (a reshape's user) must not be one.
    linalg::ControlFusionFn reshapeOutsideNamedOps = [](OpOperand *fused) {
      Operation *producer = fused->get().getDefiningOp();
      if (!producer || !producer->hasOneUse() || isNamedLinalgOp(fused->getOwner()))
        return false;
      if (auto reshape = dyn_cast<tensor::ExpandShapeOp>(producer))
        producer = reshape.getSrc().getDefiningOp();
      else if (auto reshape = dyn_cast<tensor::CollapseShapeOp>(producer))
        producer = reshape.getSrc().getDefiningOp();
      return !isNamedLinalgOp(producer);
    };
    patterns.add<FuseKeepingLocations>(context, fuseSingleUse);
    linalg::populateElementwiseOpsFusionPatterns(patterns, fuseSingleUse);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, reshapeOutsideNamedOps);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()->getCanonicalizationPatterns(patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, fuseSingleUse);
    // As upstream: top-down for compile time; stopping before a fixed point
    // leaves valid (less fused) IR, not an error.
    (void)applyPatternsGreedily(getOperation(), std::move(patterns),
                                GreedyRewriteConfig().setUseTopDownTraversal());
  }
};

} // namespace
