//===- RandomOps.cpp - type inference of theta.random ---------------------===//
//
// The result has the requested shape and dtype. A dynamic size whose value
// the IR already knows (a constant, or an element of theta.shape of a tensor
// with that size static, as `shape(x)[i]` is once --theta-refine-types has
// made x static) is inferred as static, so draws shaped like another tensor
// get static shapes once the function is specialized.
//
//===----------------------------------------------------------------------===//
#include "dialect/ThetaOps.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace theta;

namespace {

/// Element `index` of a rank-1 integer tensor, if the IR knows it.
std::optional<int64_t> knownElement(Value vector, int64_t index) {
  auto type = dyn_cast<RankedTensorType>(vector.getType());
  if (!type || type.getRank() != 1 || ShapedType::isDynamic(type.getDimSize(0)))
    return std::nullopt;
  int64_t length = type.getDimSize(0);
  if (index < 0)
    index += length;
  if (index < 0 || index >= length)
    return std::nullopt;
  if (auto shape = vector.getDefiningOp<ShapeOp>()) {
    auto input = cast<RankedTensorType>(shape.getInput().getType());
    int64_t size = input.getDimSize(index);
    return ShapedType::isDynamic(size) ? std::nullopt : std::optional<int64_t>(size);
  }
  if (auto constant = vector.getDefiningOp<ConstantOp>())
    if (auto elements = dyn_cast<DenseIntElementsAttr>(constant.getValue()))
      return (*(elements.value_begin<APInt>() + index)).getSExtValue();
  return std::nullopt;
}

} // namespace

std::optional<int64_t> theta::knownScalar(Value scalar) {
  if (auto constant = scalar.getDefiningOp<ConstantOp>())
    if (auto elements = dyn_cast<DenseIntElementsAttr>(constant.getValue()))
      return (*elements.value_begin<APInt>()).getSExtValue();
  // shape(x)[i] or constant[i]: a subtensor dropping its only dimension.
  if (auto subtensor = scalar.getDefiningOp<SubtensorOp>()) {
    if (subtensor.getDrop() != ArrayRef<int64_t>{0} || subtensor.getStaticStarts().size() != 1 ||
        ShapedType::isDynamic(subtensor.getStaticStarts()[0]))
      return std::nullopt;
    return knownElement(subtensor.getInput(), subtensor.getStaticStarts()[0]);
  }
  return std::nullopt;
}

LogicalResult RandomOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  // Reports at the op's location when there is one (not while parsing).
  auto fail = [&](const Twine &message) -> LogicalResult {
    if (loc)
      mlir::emitError(*loc) << "'" << getOperationName() << "' op " << message;
    return failure();
  };
  StringAttr distribution = adaptor.getDistributionAttr();
  StringRef name = distribution ? distribution.getValue() : StringRef();
  if (name != "uniform" && name != "normal")
    return fail("distribution must be \"uniform\" or \"normal\", got \"" + name + "\"");
  Type dtype = adaptor.getDtype();
  if (!dtype || !isa<Float32Type, Float64Type>(dtype))
    return fail("draws f32 or f64 numbers, got dtype " +
                (dtype ? typeToString(dtype) : std::string("none")));
  ArrayRef<int64_t> staticShape = adaptor.getStaticShape();
  ValueRange dynamic = adaptor.getDynamicShape();
  auto dynamicCount = llvm::count_if(staticShape, ShapedType::isDynamic);
  if (dynamicCount != static_cast<int64_t>(dynamic.size()))
    return fail("the shape has " + Twine(dynamicCount) + " dynamic entries but " +
                Twine(dynamic.size()) + " operands were given");
  SmallVector<int64_t> shape;
  unsigned next = 0;
  for (int64_t size : staticShape) {
    if (ShapedType::isDynamic(size)) {
      std::optional<int64_t> known = knownScalar(dynamic[next++]);
      size = known ? *known : ShapedType::kDynamic;
    }
    if (!ShapedType::isDynamic(size) && size < 0)
      return fail("size " + Twine(size) + " in dimension " + Twine(shape.size()) + " is negative");
    shape.push_back(size);
  }
  inferred.push_back(RankedTensorType::get(shape, dtype));
  return success();
}
