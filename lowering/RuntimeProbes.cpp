//===- RuntimeProbes.cpp - theta.print and theta.check_values -> runtime ---===//
//
// Both hand a value to the runtime: the tensor enters a read-only buffer
// with the identity layout (one-shot bufferization copies a strided view
// into a fresh one, so the buffer is contiguous), and the call passes its
// address with a site string saying what to do (lowering/ProbeSites.h). The
// call has a side effect, so nothing removes or reorders it; print returns
// its operand.
//
//===----------------------------------------------------------------------===//
#include "lowering/RuntimeCalls.h"
#include "lowering/Patterns.h"

#include "lowering/ProbeSites.h"
#include "lowering/RuntimeChecks.h"

#include "dialect/ThetaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;

namespace theta {
namespace {

func::FuncOp declareProbe(ModuleOp module) {
  return theta::declareRuntimeEntry(module, kProbeFunction, 2);
}

std::string dtypeText(Type element) {
  if (element.isF16())
    return "float16";
  if (element.isUnsignedInteger(8))
    return "uint8";
  if (element.isInteger(8))
    return "int8";
  if (element.isInteger(16))
    return "int16";
  if (element.isF32())
    return "float32";
  if (element.isF64())
    return "float64";
  if (element.isInteger(1))
    return "bool";
  if (element.isInteger(32))
    return "int32";
  return "int64";
}

/// "<dtype><sep><2x3>": the value's half of a site string.
std::string valueText(RankedTensorType type, bool holdsUint8 = false) {
  std::string shape;
  for (int64_t size : type.getShape())
    shape += (shape.empty() ? "" : "x") + std::to_string(size);
  return (holdsUint8 ? "uint8" : dtypeText(type.getElementType())) + kProbeSeparator + shape;
}

/// Calls theta_probe(site, address of `tensor`'s buffer).
void callProbe(ConversionPatternRewriter &rewriter, Operation *op, Value tensor,
               const std::string &site) {
  Location loc = op->getLoc();
  auto module = op->getParentOfType<ModuleOp>();
  auto type = cast<RankedTensorType>(tensor.getType());
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  Value buffer =
      bufferization::ToBufferOp::create(rewriter, loc, memrefType, tensor, rewriter.getUnitAttr());
  Value address = bufferAddress(rewriter, loc, buffer);
  Value siteValue = siteAddress(rewriter, loc, module, site);
  func::CallOp::create(rewriter, loc, declareProbe(module), ValueRange{siteValue, address});
}

struct PrintLowering : OpConversionPattern<PrintOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(PrintOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    std::string attrs;
    for (Attribute attr : op.getAttrs())
      attrs += (attrs.empty() ? "" : ",") + cast<StringAttr>(attr).getValue().str();
    std::string site = std::string("print") + kProbeSeparator + op.getMessage().str() +
                       kProbeSeparator + attrs + kProbeSeparator +
                       valueText(cast<RankedTensorType>(op.getInput().getType()),
                                 op->hasAttr(kUnsignedPrintAttr)) +
                       kProbeSeparator;
    callProbe(rewriter, op, adaptor.getInput(), site);
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

struct CheckValuesLowering : OpConversionPattern<CheckValuesOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(CheckValuesOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    std::string flags = std::string(op.getNan() ? "n" : "") + (op.getInf() ? "i" : "") +
                        (op.getBig() ? "b" : "");
    auto type = cast<RankedTensorType>(op.getInput().getType());
    if (flags.empty() || type.getNumElements() == 0) {
      rewriter.eraseOp(op);
      return success();
    }
    std::string site = std::string("check") + kProbeSeparator + flags + kProbeSeparator +
                       valueText(type) + kProbeSeparator + op.getOrigin().str();
    callProbe(rewriter, op, adaptor.getInput(), site);
    rewriter.eraseOp(op);
    return success();
  }
};

} // namespace

void populateProbeLowering(RewritePatternSet &patterns) {
  patterns.add<PrintLowering, CheckValuesLowering>(patterns.getContext());
}

} // namespace theta
