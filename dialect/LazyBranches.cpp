//===- LazyBranches.cpp - --theta-lazy-branches ---------------------------===//
//
// theta.ifelse as an scf.if whose branches compute what only they need (see
// Passes.td): Theano's lazy evaluation of ifelse, decided once at compile
// time instead of by the VM at every call.
//
//===----------------------------------------------------------------------===//
#include "dialect/Passes.h"
#include "dialect/ThetaOps.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

namespace theta {
#define GEN_PASS_DEF_THETALAZYBRANCHES
#include "dialect/Passes.h.inc"
} // namespace theta

using namespace mlir;
using namespace theta;

namespace {

/// Whether every use of `op`'s results is branch `branch` of `ifelse` or an
/// op already moving into that branch.
bool feedsOnly(Operation *op, IfElseOp ifelse, unsigned branch,
               const DenseSet<Operation *> &moving) {
  if (op->use_empty())
    return false;
  Block *block = ifelse->getBlock();
  unsigned thenBegin = 1, elseBegin = 1 + ifelse.getThenValues().size();
  for (OpOperand &use : op->getUses()) {
    Operation *user = block->findAncestorOpInBlock(*use.getOwner());
    if (user == ifelse.getOperation() && use.getOwner() == user) {
      unsigned index = use.getOperandNumber();
      bool inThen = index >= thenBegin && index < elseBegin;
      bool inElse = index >= elseBegin;
      if ((branch == 0 && inThen) || (branch == 1 && inElse))
        continue;
      return false;
    }
    if (!user || !moving.contains(user))
      return false;
  }
  return true;
}

/// Fills one branch of `ifOp` with the ops in `moving` (in block order) and
/// yields `values`, cast to the result types where inference left them wider.
void fillBranch(OpBuilder &b, Block *branch, ArrayRef<Operation *> ordered,
                const DenseSet<Operation *> &moving, ValueRange values, TypeRange types,
                Location loc) {
  for (Operation *op : ordered)
    if (moving.contains(op))
      op->moveBefore(branch, branch->end());
  b.setInsertionPointToEnd(branch);
  SmallVector<Value> yielded;
  for (auto [value, type] : llvm::zip(values, types))
    yielded.push_back(value.getType() == type
                          ? value
                          : Value(tensor::CastOp::create(b, loc, type, value)));
  scf::YieldOp::create(b, loc, yielded);
}

void makeLazy(IfElseOp ifelse) {
  // The ops only one branch needs, found walking back from the ifelse
  // (their users come after them).
  DenseSet<Operation *> moving[2];
  SmallVector<Operation *> ordered;
  for (Operation *op = ifelse->getPrevNode(); op; op = op->getPrevNode()) {
    if (!isMemoryEffectFree(op))
      continue;
    for (unsigned branch = 0; branch < 2; ++branch)
      if (feedsOnly(op, ifelse, branch, moving[branch])) {
        moving[branch].insert(op);
        ordered.push_back(op);
        break;
      }
  }
  std::reverse(ordered.begin(), ordered.end());

  OpBuilder b(ifelse);
  Location loc = ifelse.getLoc();
  Value condition = tensor::ExtractOp::create(b, loc, ifelse.getCondition(), ValueRange{});
  TypeRange types = ifelse.getResultTypes();
  auto ifOp = scf::IfOp::create(b, loc, types, condition, /*withElseRegion=*/true);
  fillBranch(b, ifOp.thenBlock(), ordered, moving[0], ifelse.getThenValues(), types, loc);
  fillBranch(b, ifOp.elseBlock(), ordered, moving[1], ifelse.getElseValues(), types, loc);
  ifelse->replaceAllUsesWith(ifOp.getResults());
  ifelse->erase();
}

struct LazyBranchesPass : theta::impl::ThetaLazyBranchesBase<LazyBranchesPass> {
  void runOnOperation() override {
    // Outer ifelse ops first: an inner one moved into a branch is then made
    // lazy within that branch.
    SmallVector<IfElseOp> ifelses;
    getOperation().walk<WalkOrder::PreOrder>([&](IfElseOp op) { ifelses.push_back(op); });
    for (IfElseOp ifelse : ifelses)
      makeLazy(ifelse);
  }
};

} // namespace
