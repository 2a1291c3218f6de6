//===- GpuSinkViews.cpp - --theta-gpu-sink-views --------------------------===//
//
// Views and index arithmetic move into the kernels that use them: see
// Passes.td.
//
//===----------------------------------------------------------------------===//
#include "lowering/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Transforms/RegionUtils.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include "llvm/ADT/SetVector.h"

#include <functional>

namespace theta {
#define GEN_PASS_DEF_THETAGPUSINKVIEWS
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

bool worthSinking(Operation *op) {
  if (isa<arith::ConstantOp, memref::DimOp, memref::SubViewOp, memref::ExpandShapeOp,
          memref::CollapseShapeOp, memref::ReinterpretCastOp, memref::CastOp>(op))
    return true;
  // Side-effect-free arithmetic on indices and integers (offsets of views).
  return isa<arith::ArithDialect>(op->getDialect()) && isMemoryEffectFree(op) &&
         llvm::all_of(op->getResultTypes(), [](Type t) { return t.isIntOrIndex(); });
}

/// Clones the worth-sinking ops that `launch` uses from above into its
/// body (their own such operands first); what they use in turn becomes a
/// kernel argument. Unlike upstream's sinkOperationsIntoLaunchOp, a sunk op
/// may capture a new value (the whole buffer instead of its view).
void sinkInto(gpu::LaunchOp launch) {
  Region &body = launch.getBody();
  OpBuilder builder = OpBuilder::atBlockBegin(&body.front());
  IRMapping mapping;
  std::function<Value(Value)> sunk = [&](Value value) -> Value {
    if (Value done = mapping.lookupOrNull(value))
      return done;
    Operation *def = value.getDefiningOp();
    if (!def || body.isAncestor(def->getParentRegion()) || !worthSinking(def))
      return value;
    for (Value operand : def->getOperands())
      mapping.map(operand, sunk(operand));
    Operation *clone = builder.clone(*def, mapping);
    for (auto [original, copy] : llvm::zip(def->getResults(), clone->getResults()))
      mapping.map(original, copy);
    return mapping.lookup(value);
  };
  llvm::SetVector<Value> above;
  getUsedValuesDefinedAbove(body, above);
  for (Value value : above) {
    Value inside = sunk(value);
    if (inside != value)
      replaceAllUsesInRegionWith(value, inside, body);
  }
}

struct GpuSinkViewsPass : theta::impl::ThetaGpuSinkViewsBase<GpuSinkViewsPass> {
  void runOnOperation() override {
    getOperation().walk([](gpu::LaunchOp launch) { sinkInto(launch); });
  }
};

} // namespace
