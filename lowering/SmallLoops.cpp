//===- SmallLoops.cpp - --theta-sequentialize-small-loops -----------------===//
//
// Loop nests from linalg come out as scf.parallel, which the pipeline hands to
// OpenMP so the outer loop runs on every core. Starting a parallel region
// costs microseconds; for a small nest that is more than the work itself (a
// scalar add must stay well under a microsecond), so nests below a work
// threshold become plain scf.for loops first.
//
// A large nest keeps only as many leading dimensions parallel as it takes to
// give every thread several chunks; the rest become scf.for loops inside.
// OpenMP would otherwise collapse all dimensions into one iteration space and
// recover each index by division on every element, which also keeps the
// innermost loop from being vectorized.
//
//===----------------------------------------------------------------------===//
#include "lowering/Passes.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/IRMapping.h"

#include <limits>

namespace theta {
#define GEN_PASS_DEF_THETASEQUENTIALIZESMALLLOOPS
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

/// a * b for counts (>= 0), saturating at INT64_MAX: they are only compared
/// with thresholds, and a product that wrapped around (signed overflow, in
/// fact undefined) would make a huge nest look small.
int64_t saturatingMul(int64_t a, int64_t b) {
  int64_t product;
  return __builtin_mul_overflow(a, b, &product) ? std::numeric_limits<int64_t>::max() : product;
}

/// Static trip count of a loop dimension (saturating), or nullopt.
std::optional<int64_t> tripCount(Value lower, Value upper, Value step) {
  auto l = getConstantIntValue(lower), u = getConstantIntValue(upper),
       s = getConstantIntValue(step);
  if (!l || !u || !s || *s <= 0)
    return std::nullopt;
  int64_t span; // u - l overflows only for bounds further apart than INT64_MAX
  if (__builtin_sub_overflow(*u, *l, &span))
    return *u > *l ? std::numeric_limits<int64_t>::max() : 0;
  if (span <= 0)
    return 0;
  return span / *s + (span % *s != 0); // ceil(span / s), without span + s - 1
}

/// Iterations of the whole nest under `op` (unknown trip counts count as large).
int64_t nestWork(Operation *op) {
  int64_t work = 1;
  if (auto parallel = dyn_cast<scf::ParallelOp>(op)) {
    for (auto [l, u, s] :
         llvm::zip(parallel.getLowerBound(), parallel.getUpperBound(), parallel.getStep()))
      work = saturatingMul(work, tripCount(l, u, s).value_or(1 << 20));
  } else if (auto loop = dyn_cast<scf::ForOp>(op)) {
    work = saturatingMul(work, tripCount(loop.getLowerBound(), loop.getUpperBound(),
                                         loop.getStep())
                                   .value_or(1 << 20));
  }
  int64_t inner = 1;
  for (Region &region : op->getRegions())
    for (Operation &nested : region.getOps())
      if (isa<scf::ParallelOp, scf::ForOp>(nested))
        inner = std::max(inner, nestWork(&nested));
  return saturatingMul(work, inner);
}

/// Replaces a reduction-free scf.parallel by one over its first `keep`
/// dimensions (none: no parallel loop at all) around scf.for loops over the
/// others.
void sequentializeFrom(scf::ParallelOp parallel, unsigned keep) {
  OpBuilder b(parallel);
  Location loc = parallel.getLoc();
  IRMapping mapping;
  Block *body = parallel.getBody();
  auto lowers = parallel.getLowerBound(), uppers = parallel.getUpperBound(),
       steps = parallel.getStep();
  if (keep > 0) {
    auto outer = scf::ParallelOp::create(b, loc, lowers.take_front(keep),
                                         uppers.take_front(keep), steps.take_front(keep));
    for (unsigned i = 0; i < keep; ++i)
      mapping.map(body->getArgument(i), outer.getInductionVars()[i]);
    b.setInsertionPoint(outer.getBody()->getTerminator());
  }
  for (unsigned i = keep; i < parallel.getNumLoops(); ++i) {
    auto loop = scf::ForOp::create(b, loc, lowers[i], uppers[i], steps[i]);
    mapping.map(body->getArgument(i), loop.getInductionVar());
    b.setInsertionPoint(loop.getBody()->getTerminator());
  }
  for (Operation &op : body->without_terminator())
    b.clone(op, mapping);
  parallel.erase();
}

void sequentialize(scf::ParallelOp parallel) { sequentializeFrom(parallel, 0); }

/// How many leading dimensions of `parallel` give at least `chunks`
/// iterations. The innermost dimension, the one vectorized, stays out unless
/// the others give fewer than `kFewestOuterChunks`.
unsigned parallelPrefix(scf::ParallelOp parallel, int64_t chunks) {
  constexpr int64_t kFewestOuterChunks = 16;
  unsigned loops = parallel.getNumLoops();
  int64_t iterations = 1;
  for (unsigned i = 0; i + 1 < loops; ++i) {
    iterations = saturatingMul(iterations, tripCount(parallel.getLowerBound()[i],
                                                     parallel.getUpperBound()[i],
                                                     parallel.getStep()[i])
                                               .value_or(1 << 20));
    if (iterations >= chunks)
      return i + 1;
  }
  return iterations >= kFewestOuterChunks ? loops - 1 : loops;
}

struct SequentializeSmallLoopsPass
    : theta::impl::ThetaSequentializeSmallLoopsBase<SequentializeSmallLoopsPass> {
  using ThetaSequentializeSmallLoopsBase::ThetaSequentializeSmallLoopsBase;
  void runOnOperation() override {
    SmallVector<scf::ParallelOp> small, nested;
    SmallVector<std::pair<scf::ParallelOp, unsigned>> large; // and its parallel prefix
    getOperation().walk([&](scf::ParallelOp op) {
      if (!op.getInitVals().empty())
        return;
      // Only the outermost parallel loop becomes a parallel region; inner
      // ones run inside it sequentially.
      if (op->getParentOfType<scf::ParallelOp>())
        nested.push_back(op);
      else if (nestWork(op) < minimumWork)
        small.push_back(op);
      else if (unsigned keep = parallelPrefix(op, minimumChunks); keep < op.getNumLoops())
        large.push_back({op, keep});
    });
    for (scf::ParallelOp op : nested)
      sequentialize(op);
    for (scf::ParallelOp op : small)
      sequentialize(op);
    for (auto [op, keep] : large)
      sequentializeFrom(op, keep);
  }
};

} // namespace
