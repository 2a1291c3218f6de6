//===- RepeatedResults.cpp - --theta-copy-repeated-results ----------------===//
//
// A value returned twice (two gradients that fold to the same expression, or
// two outputs that CSE merges after elementwise fusion) would become one
// buffer for two out-parameters, which buffer-results-to-out-params cannot
// handle. Each repeat gets its own copy. It runs after the last CSE before
// bufferization, so it sees every merge.
//
//===----------------------------------------------------------------------===//
#include "lowering/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace theta {
#define GEN_PASS_DEF_THETACOPYREPEATEDRESULTS
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

struct CopyRepeatedResultsPass
    : theta::impl::ThetaCopyRepeatedResultsBase<CopyRepeatedResultsPass> {
  void runOnOperation() override {
    getOperation().walk([](func::ReturnOp ret) {
      llvm::SmallDenseSet<Value> seen;
      OpBuilder b(ret);
      for (OpOperand &operand : ret->getOpOperands()) {
        auto type = dyn_cast<RankedTensorType>(operand.get().getType());
        if (!type || seen.insert(operand.get()).second)
          continue;
        // alloc_tensor, unlike tensor.empty, is never merged by CSE.
        Value fresh = bufferization::AllocTensorOp::create(b, ret.getLoc(), type, ValueRange());
        operand.set(linalg::CopyOp::create(b, ret.getLoc(), operand.get(), fresh).getResult(0));
      }
    });
  }
};

} // namespace
