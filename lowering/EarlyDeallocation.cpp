//===- EarlyDeallocation.cpp - --theta-early-deallocation -----------------===//
//
// Ownership-based deallocation frees a block's buffers at the block's end.
// For straight-line code (a training step) that means every temporary lives
// for the whole call. Each buffer the block owns outright is freed instead
// right after the last op that can still touch it (see Passes.td).
//
//===----------------------------------------------------------------------===//
#include "lowering/Passes.h"

#include "mlir/IR/Matchers.h"

namespace theta {
#define GEN_PASS_DEF_THETAEARLYDEALLOCATION
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

/// The last op of `block` that uses `buffer` or a value derived from it
/// (any result of an op that uses it, except loaded data), or null when a
/// derived value leaves through a terminator or is used outside `block`.
Operation *lastUseInBlock(Value buffer, Block *block, Operation *ignored) {
  Operation *last = buffer.getDefiningOp();
  SmallVector<Value> work{buffer};
  DenseSet<Value> seen{buffer};
  while (!work.empty()) {
    Value value = work.pop_back_val();
    for (Operation *user : value.getUsers()) {
      if (user == ignored)
        continue;
      if (user->hasTrait<OpTrait::IsTerminator>())
        return nullptr;
      Operation *ancestor = block->findAncestorOpInBlock(*user);
      if (!ancestor)
        return nullptr;
      if (last->isBeforeInBlock(ancestor))
        last = ancestor;
      if (isa<memref::LoadOp>(user))
        continue;
      for (Value result : user->getResults())
        if (seen.insert(result).second)
          work.push_back(result);
    }
  }
  return last;
}

struct EarlyDeallocationPass
    : theta::impl::ThetaEarlyDeallocationBase<EarlyDeallocationPass> {
  void runOnOperation() override {
    SmallVector<bufferization::DeallocOp> deallocs;
    getOperation().walk([&](bufferization::DeallocOp op) {
      if (op.getRetained().empty())
        deallocs.push_back(op);
    });
    for (bufferization::DeallocOp op : deallocs)
      freeEarly(op);
  }

  void freeEarly(bufferization::DeallocOp op) {
    Block *block = op->getBlock();
    SmallVector<Value> keptBuffers, keptConditions;
    for (auto [buffer, condition] : llvm::zip(op.getMemrefs(), op.getConditions())) {
      auto alloc = buffer.getDefiningOp<memref::AllocOp>();
      Operation *last = nullptr;
      if (alloc && alloc->getBlock() == block && matchPattern(condition, m_One()))
        last = lastUseInBlock(buffer, block, op);
      if (!last) {
        keptBuffers.push_back(buffer);
        keptConditions.push_back(condition);
        continue;
      }
      OpBuilder b(last->getContext());
      b.setInsertionPointAfter(last);
      memref::DeallocOp::create(b, alloc.getLoc(), buffer);
    }
    if (keptBuffers.size() == op.getMemrefs().size())
      return;
    if (!keptBuffers.empty()) {
      OpBuilder b(op);
      bufferization::DeallocOp::create(b, op.getLoc(), keptBuffers, keptConditions,
                                       ValueRange());
    }
    op.erase();
  }
};

} // namespace
