//===- SmallLoops.cpp - --theta-sequentialize-small-loops -----------------===//
//
// Loop nests from linalg come out as scf.parallel, which the pipeline hands to
// OpenMP so the outer loop runs on every core. Starting a parallel region
// costs microseconds; for a small nest that is more than the work itself (a
// scalar add must stay well under a microsecond), so nests below a work
// threshold become plain scf.for loops first.
//
//===----------------------------------------------------------------------===//
#include "lowering/Passes.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

namespace theta {
#define GEN_PASS_DEF_THETASEQUENTIALIZESMALLLOOPS
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

/// Static trip count of a loop dimension, or nullopt.
std::optional<int64_t> tripCount(Value lower, Value upper, Value step) {
  auto l = getConstantIntValue(lower), u = getConstantIntValue(upper),
       s = getConstantIntValue(step);
  if (!l || !u || !s || *s <= 0)
    return std::nullopt;
  return std::max<int64_t>(0, (*u - *l + *s - 1) / *s);
}

/// Iterations of the whole nest under `op` (unknown trip counts count as large).
int64_t nestWork(Operation *op) {
  int64_t work = 1;
  if (auto parallel = dyn_cast<scf::ParallelOp>(op)) {
    for (auto [l, u, s] :
         llvm::zip(parallel.getLowerBound(), parallel.getUpperBound(), parallel.getStep()))
      work *= tripCount(l, u, s).value_or(1 << 20);
  } else if (auto loop = dyn_cast<scf::ForOp>(op)) {
    work *= tripCount(loop.getLowerBound(), loop.getUpperBound(), loop.getStep())
                .value_or(1 << 20);
  }
  int64_t inner = 1;
  for (Region &region : op->getRegions())
    for (Operation &nested : region.getOps())
      if (isa<scf::ParallelOp, scf::ForOp>(nested))
        inner = std::max(inner, nestWork(&nested));
  return work * inner;
}

/// Replaces a reduction-free scf.parallel by a nest of scf.for.
void sequentialize(scf::ParallelOp parallel) {
  OpBuilder b(parallel);
  Location loc = parallel.getLoc();
  IRMapping mapping;
  Block *body = parallel.getBody();
  for (auto [index, bounds] :
       llvm::enumerate(llvm::zip(parallel.getLowerBound(), parallel.getUpperBound(),
                                 parallel.getStep()))) {
    auto [lower, upper, step] = bounds;
    auto loop = scf::ForOp::create(b, loc, lower, upper, step);
    mapping.map(body->getArgument(index), loop.getInductionVar());
    b.setInsertionPoint(loop.getBody()->getTerminator());
  }
  for (Operation &op : body->without_terminator())
    b.clone(op, mapping);
  parallel.erase();
}

struct SequentializeSmallLoopsPass
    : theta::impl::ThetaSequentializeSmallLoopsBase<SequentializeSmallLoopsPass> {
  using ThetaSequentializeSmallLoopsBase::ThetaSequentializeSmallLoopsBase;
  void runOnOperation() override {
    SmallVector<scf::ParallelOp> small, nested;
    getOperation().walk([&](scf::ParallelOp op) {
      if (!op.getInitVals().empty())
        return;
      // Only the outermost parallel loop becomes a parallel region; inner
      // ones run inside it sequentially.
      if (op->getParentOfType<scf::ParallelOp>())
        nested.push_back(op);
      else if (nestWork(op) < minimumWork)
        small.push_back(op);
    });
    for (scf::ParallelOp op : nested)
      sequentialize(op);
    for (scf::ParallelOp op : small)
      sequentialize(op);
  }
};

} // namespace
