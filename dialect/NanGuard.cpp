//===- NanGuard.cpp - --theta-nan-guard ------------------------------------===//
#include "dialect/Passes.h"
#include "dialect/SourceLocation.h"
#include "dialect/ThetaOps.h"

namespace theta {
#define GEN_PASS_DEF_THETANANGUARD
#include "dialect/Passes.h.inc"
} // namespace theta

using namespace mlir;
using namespace theta;

namespace {

bool isFloatTensor(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && isa<FloatType>(type.getElementType());
}

/// "'theta.log' built at model.cc:12".
std::string originOf(Operation *op) {
  std::string text = "'" + op->getName().getStringRef().str() + "'";
  std::string where = formatLocation(op->getLoc());
  return where.empty() ? text : text + " built at " + where;
}

struct NanGuardPass : theta::impl::ThetaNanGuardBase<NanGuardPass> {
  using ThetaNanGuardBase::ThetaNanGuardBase;

  void check(OpBuilder &b, Location loc, Value value, const std::string &origin) {
    auto checkOp = CheckValuesOp::create(b, loc, value, b.getStringAttr(origin));
    if (nan)
      checkOp.setNan(true);
    if (inf)
      checkOp.setInf(true);
    if (big)
      checkOp.setBig(true);
  }

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    OpBuilder b(&getContext());
    b.setInsertionPointToStart(&func.getBody().front());
    for (BlockArgument argument : func.getArguments())
      if (isFloatTensor(argument)) {
        std::string where = formatLocation(argument.getLoc());
        check(b, argument.getLoc(), argument,
              "argument " + std::to_string(argument.getArgNumber()) + " of the call" +
                  (where.empty() ? "" : " (built at " + where + ")"));
      }
    SmallVector<Operation *> guarded;
    // A print returns its operand, which is checked already.
    func.walk([&](Operation *op) {
      if (isa<ThetaDialect>(op->getDialect()) && !isa<CheckValuesOp, ConstantOp, PrintOp>(op) &&
          llvm::any_of(op->getResults(), isFloatTensor))
        guarded.push_back(op);
    });
    for (Operation *op : guarded) {
      b.setInsertionPointAfter(op);
      std::string origin = originOf(op);
      for (Value result : op->getResults())
        if (isFloatTensor(result))
          check(b, op->getLoc(), result,
                op->getNumResults() == 1
                    ? origin
                    : origin + " (result " +
                          std::to_string(cast<OpResult>(result).getResultNumber()) + ")");
    }
  }
};

} // namespace
