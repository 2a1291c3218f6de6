//===- RefineTypes.cpp - --theta-refine-types -----------------------------===//
//
// Re-infers every theta op's result types in program order, so sizes the
// runtime made static at the function's arguments flow through the graph.
// A scan's body arguments take their types from the scan's operands first,
// then the body is refined, then the scan's own results.
//
//===----------------------------------------------------------------------===//
#include "dialect/Passes.h"
#include "dialect/ThetaOps.h"
#include "mlir/IR/Matchers.h"

#include <algorithm>

namespace theta {
#define GEN_PASS_DEF_THETAREFINETYPES
#include "dialect/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

/// The value of a size computation once its operands are constants: the
/// shape of a now-static tensor, an element of a constant shape, integer
/// casts and arithmetic (x.shape()[0] * 4). Null when it is not one.
Attribute foldSize(Operation &op) {
  if (auto shape = dyn_cast<theta::ShapeOp>(op))
    return llvm::dyn_cast_or_null<Attribute>(shape.fold(theta::ShapeOp::FoldAdaptor({}, shape)));
  SmallVector<DenseIntElementsAttr> values;
  for (Value operand : op.getOperands()) {
    DenseIntElementsAttr value;
    if (!matchPattern(operand, m_Constant(&value)))
      return {};
    values.push_back(value);
  }
  auto resultType = dyn_cast<RankedTensorType>(op.getResult(0).getType());
  if (values.empty() || !resultType || !resultType.hasStaticShape() ||
      !resultType.getElementType().isSignlessInteger() ||
      resultType.getElementType().isInteger(1))
    return {};
  auto scalar = [&](int64_t value) -> Attribute {
    return DenseElementsAttr::get(
        resultType, APInt(resultType.getElementTypeBitWidth(), static_cast<uint64_t>(value),
                          /*isSigned=*/true));
  };
  // uint8 operands (ui8) read zero-extended.
  auto element = [](DenseIntElementsAttr value, int64_t index) {
    APInt bits = *(value.begin() + index);
    return value.getElementType().isUnsignedInteger() ? static_cast<int64_t>(bits.getZExtValue())
                                                      : bits.getSExtValue();
  };
  auto single = [&](DenseIntElementsAttr value) { return element(value, 0); };
  if (isa<theta::CastOp>(op) && values[0].getNumElements() == 1)
    return scalar(single(values[0]));
  if (auto slice = dyn_cast<theta::SubtensorOp>(op)) {
    // One element of a constant vector: x.shape()[d].
    if (values.size() != 1 || values[0].getType().getRank() != 1 ||
        resultType.getRank() != 0 || slice.getStaticStarts().size() != 1)
      return {};
    int64_t start = slice.getStaticStarts()[0], size = values[0].getNumElements();
    if (ShapedType::isDynamic(start) || start < -size || start >= size)
      return {};
    return scalar(element(values[0], start < 0 ? start + size : start));
  }
  if (values.size() == 2 && values[0].getNumElements() == 1 && values[1].getNumElements() == 1 &&
      resultType.getRank() == 0) {
    int64_t a = single(values[0]), b = single(values[1]);
    if (isa<theta::MulOp>(op))
      return scalar(a * b);
    if (isa<theta::AddOp>(op))
      return scalar(a + b);
    if (isa<theta::SubOp>(op))
      return scalar(a - b);
    if (isa<theta::MinimumOp>(op)) // scan's shortest sequence
      return scalar(std::min(a, b));
    if (isa<theta::MaximumOp>(op))
      return scalar(std::max(a, b));
  }
  return {};
}

LogicalResult refineBlock(Block &block) {
  for (Operation &op : block) {
    if (auto scan = dyn_cast<theta::ScanOp>(op)) {
      for (auto [argument, type] :
           llvm::zip(scan.getBodyBlock().getArguments(), scan.getBodyArgumentTypes()))
        argument.setType(type);
      if (failed(refineBlock(scan.getBodyBlock())))
        return failure();
    }
    auto inference = dyn_cast<InferTypeOpInterface>(op);
    if (!inference || !isa<theta::ThetaDialect>(op.getDialect()))
      continue;
    SmallVector<Type> types;
    if (failed(inference.inferReturnTypes(op.getContext(), op.getLoc(), op.getOperands(),
                                          op.getRawDictionaryAttrs(), op.getPropertiesStorage(),
                                          op.getRegions(), types)))
      return failure();
    for (auto [result, type] : llvm::zip(op.getResults(), types))
      result.setType(type);
    // Sizes known now fold, so the ops that take them get static types.
    if (op.getNumResults() == 1)
      if (Attribute value = foldSize(op)) {
        OpBuilder builder(&op);
        auto constant = theta::ConstantOp::create(builder, op.getLoc(), cast<ElementsAttr>(value));
        op.getResult(0).replaceAllUsesWith(constant.getResult());
      }
  }
  return success();
}

struct RefineTypesPass : theta::impl::ThetaRefineTypesBase<RefineTypesPass> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    if (func.isExternal())
      return;
    if (failed(refineBlock(func.getBody().front())))
      return signalPassFailure();
    // The function returns what its body now computes.
    auto terminator = func.getBody().back().getTerminator();
    func.setType(FunctionType::get(&getContext(), func.getArgumentTypes(),
                                   terminator->getOperandTypes()));
  }
};

} // namespace
