//===- ScatterLowering.cpp - theta.index_add to scf loops on tensors ------===//
//
// index_add is a scatter: the destination of each value is read from the
// index tensor, which linalg.generic cannot express. It becomes a loop nest
// over the values that carries the accumulator tensor; bufferization turns
// the extract/insert pairs into in-place loads and stores.
//
//===----------------------------------------------------------------------===//
#include "lowering/Patterns.h"

#include "lowering/LinalgBuilders.h"
#include "lowering/RuntimeChecks.h"

#include "dialect/ThetaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace theta {
namespace {

struct IndexAddLowering : OpConversionPattern<IndexAddOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(IndexAddOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value indices = adaptor.getIndices(), values = adaptor.getValues();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto valuesType = cast<RankedTensorType>(values.getType());
    int64_t indexRank = cast<RankedTensorType>(indices.getType()).getRank();
    int64_t axis = static_cast<int64_t>(op.getAxis());
    if (axis < 0)
      axis += inputType.getRank();
    int64_t dim = inputType.getDimSize(axis);

    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    SmallVector<Value> lower, upper, steps;
    for (int64_t size : valuesType.getShape()) {
      lower.push_back(zero);
      upper.push_back(arith::ConstantIndexOp::create(rewriter, loc, size));
      steps.push_back(one);
    }
    checkIndexTensor(rewriter, loc, op, indices, dim);
    bool isFloat = isa<FloatType>(valuesType.getElementType());
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lower, upper, steps, ValueRange{adaptor.getInput()},
        [&](OpBuilder &b, Location l, ValueRange ivs, ValueRange carried) -> scf::ValueVector {
          // Where this value goes: its index, wrapped when negative and clamped
          // (checked above).
          Value raw = tensor::ExtractOp::create(b, l, indices, ivs.slice(axis, indexRank));
          Value clamped = wrapAndClampIndex(b, l, raw, dim, dim - 1);
          SmallVector<Value> destination(ivs.take_front(axis));
          destination.push_back(clamped);
          llvm::append_range(destination, ivs.drop_front(axis + indexRank));

          Value value = tensor::ExtractOp::create(b, l, values, ivs);
          Value current = tensor::ExtractOp::create(b, l, carried[0], destination);
          Value sum = isFloat ? Value(arith::AddFOp::create(b, l, current, value))
                              : Value(arith::AddIOp::create(b, l, current, value));
          return {tensor::InsertOp::create(b, l, sum, carried[0], destination)};
        });
    rewriter.replaceOp(op, nest.results.front());
    return success();
  }
};

} // namespace

void populateScatterLowering(RewritePatternSet &patterns) {
  patterns.add<IndexAddLowering>(patterns.getContext());
}

} // namespace theta
