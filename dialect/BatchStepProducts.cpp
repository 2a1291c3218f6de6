//===- BatchStepProducts.cpp - --theta-batch-step-products ----------------===//
//
// An RNN's step multiplies its input slice by a weight that does not change
// between steps (dot(x_t, W_x)). Computed inside the loop that is T small
// products forward and, after autodiff, T more for W_x's gradient; computed
// before the loop on all steps at once it is one large product each way
// (cuDNN's RNNs do the same). See Passes.td.
//
//===----------------------------------------------------------------------===//
#include "dialect/GradientBuilder.h"
#include "dialect/Passes.h"
#include "dialect/ThetaOps.h"

namespace theta {
#define GEN_PASS_DEF_THETABATCHSTEPPRODUCTS
#include "dialect/Passes.h.inc"
} // namespace theta

using namespace mlir;
using namespace theta;

namespace {

/// The index of `value` among `arguments`, if it is one of them.
std::optional<unsigned> indexIn(Value value, Block::BlockArgListType arguments) {
  auto argument = dyn_cast<BlockArgument>(value);
  if (!argument || arguments.empty() || argument.getOwner() != arguments.front().getOwner())
    return std::nullopt;
  unsigned first = arguments.front().getArgNumber();
  unsigned number = argument.getArgNumber();
  if (number < first || number >= first + arguments.size())
    return std::nullopt;
  return number - first;
}

/// dot(sequence slice, non-sequence) in `scan`'s body, on static shapes:
/// a vector or matrix slice times a matrix.
struct StepProduct {
  DotOp dot;
  unsigned sequence;    // index among the scan's sequences
  unsigned nonSequence; // index among its non-sequences
};

std::optional<StepProduct> match(ScanOp scan, DotOp dot) {
  std::optional<unsigned> sequence = indexIn(dot.getLhs(), scan.getSequenceArguments());
  std::optional<unsigned> weight = indexIn(dot.getRhs(), scan.getNonSequenceArguments());
  if (!sequence || !weight)
    return std::nullopt;
  auto slice = cast<RankedTensorType>(dot.getLhs().getType());
  auto matrix = cast<RankedTensorType>(dot.getRhs().getType());
  auto sequenceType = cast<RankedTensorType>(scan.getSequences()[*sequence].getType());
  if ((slice.getRank() != 1 && slice.getRank() != 2) || matrix.getRank() != 2 ||
      !sequenceType.hasStaticShape() || !matrix.hasStaticShape() ||
      slice.getElementType() != matrix.getElementType())
    return std::nullopt;
  return StepProduct{dot, *sequence, *weight};
}

/// Moves `product` out of `scan`: the product of every step's slice at once
/// becomes a new sequence, whose slice replaces the dot.
void hoist(ScanOp scan, StepProduct product) {
  OpBuilder b(scan);
  GradientBuilder gb(b, product.dot.getLoc());
  Value sequence = scan.getSequences()[product.sequence];
  Value weight = scan.getNonSequences()[product.nonSequence];
  auto sequenceType = cast<RankedTensorType>(sequence.getType());
  auto weightType = cast<RankedTensorType>(weight.getType());
  int64_t steps = sequenceType.getDimSize(0);
  // (T, B, I) as (T*B, I): one matrix product, then back to (T, B, H).
  Value rows = sequence;
  if (sequenceType.getRank() == 3)
    rows = gb.create<ReshapeOp>(sequence, ValueRange{},
                                ArrayRef<int64_t>{steps * sequenceType.getDimSize(1),
                                                  sequenceType.getDimSize(2)});
  Value all = gb.create<DotOp>(rows, weight);
  if (sequenceType.getRank() == 3)
    all = gb.create<ReshapeOp>(all, ValueRange{},
                               ArrayRef<int64_t>{steps, sequenceType.getDimSize(1),
                                                 weightType.getDimSize(1)});
  if (!all)
    return; // inference refused it: leave the scan as it was

  unsigned position = scan.getSequences().size();
  scan.getSequencesMutable().append(all);
  Block &body = scan.getBodyBlock();
  BlockArgument slice =
      body.insertArgument(position, product.dot.getType(), product.dot.getLoc());
  product.dot.getResult().replaceAllUsesWith(slice);
  product.dot.erase();
}

struct BatchStepProductsPass
    : theta::impl::ThetaBatchStepProductsBase<BatchStepProductsPass> {
  void runOnOperation() override {
    SmallVector<ScanOp> scans;
    getOperation().walk([&](ScanOp scan) { scans.push_back(scan); });
    for (ScanOp scan : scans) {
      SmallVector<StepProduct> products;
      for (Operation &op : scan.getBodyBlock())
        if (auto dot = dyn_cast<DotOp>(op))
          if (std::optional<StepProduct> product = match(scan, dot))
            products.push_back(*product);
      for (StepProduct product : products)
        hoist(scan, product);
      if (products.empty())
        continue;
      // Sequences and weights the body no longer reads go (back to front),
      // so that autodiff does not carry a zero gradient through the loop.
      for (unsigned i = scan.getSequences().size(); i-- > 0;)
        if (scan.getSequenceArguments()[i].use_empty()) {
          scan.getBodyBlock().eraseArgument(scan.getSequenceArguments()[i].getArgNumber());
          scan.getSequencesMutable().erase(i);
        }
      for (unsigned i = scan.getNonSequences().size(); i-- > 0;)
        if (scan.getNonSequenceArguments()[i].use_empty()) {
          scan.getBodyBlock().eraseArgument(scan.getNonSequenceArguments()[i].getArgNumber());
          scan.getNonSequencesMutable().erase(i);
        }
    }
  }
};

} // namespace
