//===- SortLowering.cpp - theta.argsort to a runtime call -----------------===//
//
// Sorting has no linalg form: theta.argsort becomes a call of the runtime's
// theta_argsort (SortCall.h) on the input's buffer, writing a fresh int64
// buffer, which is the result.
//
//===----------------------------------------------------------------------===//
#include "lowering/Patterns.h"
#include "lowering/RuntimeCalls.h"
#include "lowering/SortCall.h"

#include "dialect/ThetaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace theta {
namespace {

SortElement sortElementOf(Type element) {
  if (element.isF32())
    return SortElement::Float32;
  if (element.isF64())
    return SortElement::Float64;
  return element.isInteger(32) ? SortElement::Int32 : SortElement::Int64;
}

struct ArgsortLowering : OpConversionPattern<ArgsortOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(ArgsortOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto inputType = cast<RankedTensorType>(op.getInput().getType());
    auto resultType = cast<RankedTensorType>(op.getType());
    Value input = bufferization::ToBufferOp::create(
        rewriter, loc, MemRefType::get(inputType.getShape(), inputType.getElementType()),
        adaptor.getInput(), rewriter.getUnitAttr());
    Value indices = memref::AllocOp::create(
        rewriter, loc, MemRefType::get(resultType.getShape(), resultType.getElementType()),
        rewriter.getI64IntegerAttr(64));
    int64_t length = inputType.getShape().back();
    int64_t rows = length == 0 ? 0 : inputType.getNumElements() / length;
    auto constant = [&](int64_t value) -> Value {
      return arith::ConstantIntOp::create(rewriter, loc, value, 64);
    };
    func::CallOp::create(rewriter, loc, declareRuntimeEntry(op->getParentOfType<ModuleOp>(), kArgsortFunction, 5),
                         ValueRange{constant(static_cast<int64_t>(
                                        sortElementOf(inputType.getElementType()))),
                                    bufferAddress(rewriter, loc, input),
                                    bufferAddress(rewriter, loc, indices), constant(rows),
                                    constant(length)});
    rewriter.replaceOpWithNewOp<bufferization::ToTensorOp>(op, resultType, indices,
                                                           rewriter.getUnitAttr(),
                                                           rewriter.getUnitAttr());
    return success();
  }
};

} // namespace

void populateSortLowering(RewritePatternSet &patterns) {
  patterns.add<ArgsortLowering>(patterns.getContext());
}

} // namespace theta
