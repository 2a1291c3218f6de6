//===- RefineTypes.cpp - --theta-refine-types -----------------------------===//
#include "dialect/Passes.h"
#include "dialect/ThetaOps.h"

namespace theta {
#define GEN_PASS_DEF_THETAREFINETYPES
#include "dialect/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

struct RefineTypesPass : theta::impl::ThetaRefineTypesBase<RefineTypesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    WalkResult walk = func.walk([&](InferTypeOpInterface op) -> WalkResult {
      if (!isa<theta::ThetaDialect>(op->getDialect()))
        return WalkResult::advance();
      SmallVector<Type> types;
      if (failed(op.inferReturnTypes(op->getContext(), op->getLoc(), op->getOperands(),
                                     op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
                                     op->getRegions(), types)))
        return WalkResult::interrupt();
      for (auto [result, type] : llvm::zip(op->getResults(), types))
        result.setType(type);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return signalPassFailure();
    // The function returns what its body now computes.
    auto terminator = func.getBody().back().getTerminator();
    func.setType(FunctionType::get(&getContext(), func.getArgumentTypes(),
                                   terminator->getOperandTypes()));
  }
};

} // namespace
