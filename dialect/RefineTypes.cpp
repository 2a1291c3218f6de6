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
#include <cmath>
#include <optional>

namespace theta {
#define GEN_PASS_DEF_THETAREFINETYPES
#include "dialect/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

/// The single element of a constant, as a double, if it is one.
std::optional<double> scalarValue(Value value) {
  DenseElementsAttr constant;
  if (!matchPattern(value, m_Constant(&constant)) || constant.getNumElements() != 1)
    return std::nullopt;
  Type element = constant.getElementType();
  if (isa<FloatType>(element))
    return (*constant.value_begin<APFloat>()).convertToDouble();
  auto integer = dyn_cast<IntegerType>(element);
  if (!integer || integer.getWidth() == 1)
    return std::nullopt;
  APInt bits = *constant.value_begin<APInt>();
  return integer.isUnsigned() ? static_cast<double>(bits.getZExtValue())
                              : static_cast<double>(bits.getSExtValue());
}

/// Integer division of sizes as int_div writes it, cast(floor(true_div(
/// cast(a, float64), b))): one-element casts to and from floats, divisions
/// and floors of constants (exact for sizes below 2^53). Null otherwise.
Attribute foldScalarQuotient(Operation &op) {
  if (!isa<theta::CastOp, theta::DivOp, theta::FloorOp>(op) || op.getNumResults() != 1)
    return {};
  auto resultType = dyn_cast<RankedTensorType>(op.getResult(0).getType());
  if (!resultType || !resultType.hasStaticShape() || resultType.getNumElements() != 1)
    return {};
  // Integer-only arithmetic is foldSize's own (wrapping casts included).
  auto isFloat = [](Value value) {
    return isa<FloatType>(cast<ShapedType>(value.getType()).getElementType());
  };
  if (!isFloat(op.getResult(0)) && llvm::none_of(op.getOperands(), isFloat))
    return {};
  SmallVector<double, 2> values;
  for (Value operand : op.getOperands()) {
    std::optional<double> value = scalarValue(operand);
    if (!value)
      return {};
    values.push_back(*value);
  }
  double result;
  if (isa<theta::CastOp>(op))
    result = values[0];
  else if (isa<theta::FloorOp>(op))
    result = std::floor(values[0]);
  else if (values.size() == 2 && values[1] != 0)
    result = values[0] / values[1];
  else
    return {};
  Type element = resultType.getElementType();
  if (auto floatType = dyn_cast<FloatType>(element)) {
    // Rounded once from double: what the op computes in its own type.
    bool losesInfo = false;
    APFloat value(result);
    value.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven, &losesInfo);
    return DenseElementsAttr::get(resultType, value);
  }
  // A float cast to an integer type truncates (C); values the type cannot
  // hold are left to the op.
  auto integer = dyn_cast<IntegerType>(element);
  if (!integer || integer.getWidth() == 1 || integer.getWidth() > 64 || !std::isfinite(result))
    return {};
  double truncated = std::trunc(result);
  unsigned width = integer.getWidth();
  bool isUnsigned = integer.isUnsigned();
  double low = isUnsigned ? 0.0 : -std::ldexp(1.0, static_cast<int>(width) - 1);
  double high = std::ldexp(1.0, static_cast<int>(width) - (isUnsigned ? 0 : 1));
  if (truncated < low || truncated >= high || std::abs(truncated) >= 9007199254740992.0) // 2^53
    return {};
  return DenseElementsAttr::get(
      resultType, APInt(width, static_cast<uint64_t>(static_cast<int64_t>(truncated)),
                        /*isSigned=*/!isUnsigned));
}

/// The value of a size computation once its operands are constants: the
/// shape of a now-static tensor, an element of a constant shape, integer
/// casts and arithmetic (x.shape()[0] * 4), integer division through
/// float64 (int_div). Null when it is not one.
Attribute foldSize(Operation &op) {
  if (auto shape = dyn_cast<theta::ShapeOp>(op))
    return llvm::dyn_cast_or_null<Attribute>(shape.fold(theta::ShapeOp::FoldAdaptor({}, shape)));
  if (Attribute quotient = foldScalarQuotient(op))
    return quotient;
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
