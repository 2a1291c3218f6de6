//===- AutodiffPass.cpp - --theta-autodiff --------------------------------===//
#include "dialect/Autodiff.h"
#include "dialect/Passes.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

namespace theta {
#define GEN_PASS_DEF_THETAAUTODIFF
#include "dialect/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

struct AutodiffPass : theta::impl::ThetaAutodiffBase<AutodiffPass> {
  void runOnOperation() override {
    // Program order is innermost first: a gradient's cost can only use the
    // results of gradients defined before it.
    SmallVector<Operation *> pending;
    getOperation().walk([&](Operation *op) {
      if (isa<theta::GradOp, theta::JacobianOp>(op))
        pending.push_back(op);
    });
    for (Operation *op : pending) {
      SmallVector<Value> replacements;
      LogicalResult expanded = isa<theta::GradOp>(op)
                                   ? theta::expandGrad(cast<theta::GradOp>(op), replacements)
                                   : theta::expandJacobian(cast<theta::JacobianOp>(op));
      if (failed(expanded))
        return signalPassFailure();
    }
    // With no gradient left, stop_gradient is the identity.
    getOperation().walk([](theta::StopGradientOp op) {
      op.replaceAllUsesWith(op.getInput());
      op.erase();
    });
  }
};

} // namespace
