//===- GpuReductions.cpp - --theta-gpu-reductions -------------------------===//
//
// Reductions shaped for GPU threads (see Passes.td). On the GPU every
// parallel loop of a generic becomes threads and its reduction loops run
// inside each thread, so two shapes were slow: a reduction loop outside a
// parallel one (a sum over rows: one kernel launch per row, from a host
// loop), and a large reduction with few results (a sum to a scalar: one
// thread reading every element).
//
//===----------------------------------------------------------------------===//
#include "lowering/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

namespace theta {
#define GEN_PASS_DEF_THETAGPUREDUCTIONS
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

/// Product of the static loop ranges of the loops of `kind`, or nullopt
/// when one is dynamic.
std::optional<int64_t> iterations(linalg::GenericOp op, utils::IteratorType kind) {
  int64_t product = 1;
  for (auto [range, type] :
       llvm::zip(op.getStaticLoopRanges(), op.getIteratorTypesArray())) {
    if (type != kind)
      continue;
    if (ShapedType::isDynamic(range))
      return std::nullopt;
    product *= range;
  }
  return product;
}

struct GpuReductionsPass : theta::impl::ThetaGpuReductionsBase<GpuReductionsPass> {
  using ThetaGpuReductionsBase::ThetaGpuReductionsBase;

  void runOnOperation() override {
    SmallVector<linalg::GenericOp> reductions;
    getOperation().walk([&](linalg::GenericOp op) {
      if (op.hasPureTensorSemantics() && op.getNumReductionLoops() > 0)
        reductions.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::GenericOp op : reductions) {
      op = parallelLoopsFirst(rewriter, op);
      split(rewriter, op, /*depth=*/0);
    }
  }

  /// `op` with its parallel loops before its reduction loops (each group in
  /// its order), so that they all become threads.
  static linalg::GenericOp parallelLoopsFirst(IRRewriter &rewriter, linalg::GenericOp op) {
    SmallVector<unsigned> order;
    SmallVector<utils::IteratorType> types = op.getIteratorTypesArray();
    for (auto kind : {utils::IteratorType::parallel, utils::IteratorType::reduction})
      for (unsigned loop = 0; loop < types.size(); ++loop)
        if (types[loop] == kind)
          order.push_back(loop);
    if (llvm::equal(order, llvm::seq<unsigned>(0, types.size())))
      return op;
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::GenericOp> interchanged = linalg::interchangeGenericOp(rewriter, op, order);
    return succeeded(interchanged) ? *interchanged : op;
  }

  /// Splits a large reduction with few results in two: partial results in
  /// `ratio` threads per result, each reading every ratio-th element (so
  /// that neighbouring threads read neighbouring elements), then the
  /// reduction of the partials (split again while still large).
  void split(IRRewriter &rewriter, linalg::GenericOp op, int depth) {
    std::optional<int64_t> results = iterations(op, utils::IteratorType::parallel);
    std::optional<int64_t> reduced = iterations(op, utils::IteratorType::reduction);
    // (A body reading linalg.index would see the split loops' indices.)
    if (!results || !reduced || *results >= threads || *reduced < minReduction || depth > 3 ||
        op.getNumDpsInits() != 1 || op.hasIndexSemantics())
      return;
    // One reduction loop: the reduction loops (last, see above) collapsed
    // into one where every operand holds them contiguously.
    unsigned loops = op.getNumLoops(), reductionLoops = op.getNumReductionLoops();
    if (reductionLoops > 1) {
      ReassociationIndices group;
      for (unsigned loop = loops - reductionLoops; loop < loops; ++loop)
        group.push_back(loop);
      if (!linalg::areDimSequencesPreserved(op.getIndexingMapsArray(), {group}))
        return;
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::CollapseResult> collapsed =
          linalg::collapseOpIterationDims(op, {group}, rewriter);
      if (failed(collapsed))
        return;
      rewriter.replaceOp(op, collapsed->results);
      auto generic = dyn_cast<linalg::GenericOp>(collapsed->collapsedOp.getOperation());
      if (!generic)
        return;
      op = generic;
    }
    // Threads: up to `threads` in all, each reducing at least `perThread`
    // elements; the ratio must divide the reduction.
    int64_t ratio = std::min(*reduced / perThread, threads / *results);
    while (ratio > 1 && *reduced % ratio != 0)
      --ratio;
    if (ratio < 2)
      return;
    unsigned resultRank = cast<ShapedType>(op.getDpsInitOperand(0)->get().getType()).getRank();
    rewriter.setInsertionPoint(op);
    FailureOr<linalg::SplitReductionResult> result = linalg::splitReduction(
        rewriter, op, [&](linalg::LinalgOp) {
          return linalg::SplitReductionOptions{ratio, resultRank, /*innerParallel=*/true};
        });
    if (failed(result))
      return;
    if (auto partial = dyn_cast<linalg::GenericOp>(result->splitLinalgOp.getOperation()))
      parallelLoopsFirst(rewriter, partial);
    if (auto combining = dyn_cast<linalg::GenericOp>(result->resultCombiningLinalgOp.getOperation()))
      split(rewriter, parallelLoopsFirst(rewriter, combining), depth + 1);
  }
};

} // namespace
