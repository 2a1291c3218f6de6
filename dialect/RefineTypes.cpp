//===- RefineTypes.cpp - --theta-refine-types -----------------------------===//
//
// Re-infers every theta op's result types in program order, so sizes the
// runtime made static at the function's arguments flow through the graph.
// A scan's body arguments take their types from the scan's operands first,
// then the body is refined, then the scan's own results.
//
//===----------------------------------------------------------------------===//
#include "dialect/Passes.h"
#include "dialect/ThetaOps.h"

namespace theta {
#define GEN_PASS_DEF_THETAREFINETYPES
#include "dialect/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

LogicalResult refineBlock(Block &block) {
  for (Operation &op : block) {
    if (auto scan = dyn_cast<theta::ScanOp>(op)) {
      for (auto [argument, type] :
           llvm::zip(scan.getBodyBlock().getArguments(), scan.getBodyArgumentTypes()))
        argument.setType(type);
      if (failed(refineBlock(scan.getBodyBlock())))
        return failure();
    }
    auto inference = dyn_cast<InferTypeOpInterface>(op);
    if (!inference || !isa<theta::ThetaDialect>(op.getDialect()))
      continue;
    SmallVector<Type> types;
    if (failed(inference.inferReturnTypes(op.getContext(), op.getLoc(), op.getOperands(),
                                          op.getRawDictionaryAttrs(), op.getPropertiesStorage(),
                                          op.getRegions(), types)))
      return failure();
    for (auto [result, type] : llvm::zip(op.getResults(), types))
      result.setType(type);
  }
  return success();
}

struct RefineTypesPass : theta::impl::ThetaRefineTypesBase<RefineTypesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    if (failed(refineBlock(func.getBody().front())))
      return signalPassFailure();
    // The function returns what its body now computes.
    auto terminator = func.getBody().back().getTerminator();
    func.setType(FunctionType::get(&getContext(), func.getArgumentTypes(),
                                   terminator->getOperandTypes()));
  }
};

} // namespace
