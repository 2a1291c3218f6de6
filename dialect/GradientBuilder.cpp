//===- GradientBuilder.cpp ------------------------------------------------===//
#include "dialect/GradientBuilder.h"

using namespace mlir;

namespace theta {

RankedTensorType tensorType(Value value) { return cast<RankedTensorType>(value.getType()); }

Operation *detail::createInferred(OpBuilder &builder, OperationState &state, InferFn infer,
                                  bool diagnose) {
  // Inference reads every operand's type: a null one is an earlier failure.
  for (auto [index, operand] : llvm::enumerate(state.operands))
    if (!operand) {
      if (diagnose)
        emitError(state.location) << "'" << state.name << "' op cannot be built: operand #"
                                  << index << " is missing";
      return nullptr;
    }
  MLIRContext *context = builder.getContext();
  std::optional<Location> where;
  if (diagnose)
    where = state.location;
  if (failed(infer(context, where, state.operands, state.attributes.getDictionary(context),
                   state.getRawProperties(), state.regions, state.types)))
    return nullptr;
  return builder.create(state);
}

bool GradientBuilder::usable(Value value) {
  if (value && !buildFailed)
    return true;
  // A null value without a failure of this builder is a rule's mistake:
  // still an error, not a silent zero gradient.
  if (!buildFailed)
    emitError(loc) << "gradient construction lost a value";
  buildFailed = true;
  return false;
}

Value GradientBuilder::constantLike(Value like, double value) {
  if (!usable(like))
    return {};
  RankedTensorType type = tensorType(like);
  auto shape = SmallVector<int64_t>(type.getRank(), 1);
  auto constantType = RankedTensorType::get(shape, type.getElementType());
  Type element = type.getElementType();
  Attribute scalar;
  if (isa<FloatType>(element))
    scalar = b.getFloatAttr(element, value);
  else
    scalar = b.getIntegerAttr(element, static_cast<int64_t>(value));
  return create<ConstantOp>(DenseElementsAttr::get(constantType, scalar));
}

Value GradientBuilder::indexConstant(int64_t value) {
  auto type = RankedTensorType::get({}, b.getI64Type());
  return create<ConstantOp>(DenseElementsAttr::get(type, b.getI64IntegerAttr(value)));
}

Value GradientBuilder::maskedBy(Value condition, Value x) {
  return create<SelectOp>(condition, x, constantLike(x, 0.0));
}

Value GradientBuilder::dimSize(Value x, int64_t dim) {
  if (!usable(x))
    return {};
  int64_t size = tensorType(x).getDimSize(dim);
  if (!ShapedType::isDynamic(size))
    return indexConstant(size);
  Value shape = create<ShapeOp>(x);
  return create<SubtensorOp>(shape, ValueRange(), ArrayRef<int64_t>{dim}, ArrayRef<int64_t>{1},
                             ArrayRef<int64_t>{1}, ArrayRef<int64_t>{0});
}

void GradientBuilder::shapeOperands(Value x, SmallVectorImpl<int64_t> &staticShape,
                                    SmallVectorImpl<Value> &dynamicShape) {
  if (!usable(x))
    return;
  RankedTensorType type = tensorType(x);
  for (int64_t d = 0; d < type.getRank(); ++d) {
    staticShape.push_back(type.getDimSize(d));
    if (type.isDynamicDim(d))
      dynamicShape.push_back(dimSize(x, d));
  }
}

Value GradientBuilder::zerosLike(Value like) {
  if (!usable(like))
    return {};
  SmallVector<int64_t> shape;
  SmallVector<Value> dynamic;
  shapeOperands(like, shape, dynamic);
  return create<ZerosOp>(dynamic, shape, tensorType(like).getElementType());
}

Value GradientBuilder::broadcastLike(Value x, Value like) {
  if (!usable(x) || !usable(like))
    return {};
  if (tensorType(x) == tensorType(like) && tensorType(x).hasStaticShape())
    return x;
  SmallVector<int64_t> shape;
  SmallVector<Value> dynamic;
  shapeOperands(like, shape, dynamic);
  return create<AllocOp>(x, dynamic, shape);
}

Value GradientBuilder::reshapeLike(Value x, Value like) {
  if (!usable(x) || !usable(like))
    return {};
  if (tensorType(x).getShape() == tensorType(like).getShape() &&
      tensorType(x).hasStaticShape())
    return x;
  SmallVector<int64_t> shape;
  SmallVector<Value> dynamic;
  shapeOperands(like, shape, dynamic);
  return create<ReshapeOp>(x, dynamic, shape);
}

Value GradientBuilder::sum(Value x, ArrayRef<int64_t> axes, bool keepdims) {
  if (axes.empty())
    return x;
  return create<SumOp>(x, b.getDenseI64ArrayAttr(axes), keepdims);
}

Value GradientBuilder::unbroadcast(Value grad, RankedTensorType target) {
  if (!usable(grad))
    return {};
  RankedTensorType type = tensorType(grad);
  int64_t extra = type.getRank() - target.getRank();
  if (extra < 0) {
    emitError(loc) << "gradient " << typeToString(type) << " has a lower rank than its operand "
                   << typeToString(target);
    buildFailed = true;
    return {};
  }
  SmallVector<int64_t> leading;
  for (int64_t d = 0; d < extra; ++d)
    leading.push_back(d);
  grad = sum(grad, leading, /*keepdims=*/false);
  if (!usable(grad))
    return {};
  SmallVector<int64_t> broadcast;
  for (int64_t d = 0; d < target.getRank(); ++d)
    if (target.getDimSize(d) == 1 && tensorType(grad).getDimSize(d) != 1)
      broadcast.push_back(d);
  return sum(grad, broadcast, /*keepdims=*/true);
}

Value GradientBuilder::expandDims(Value x, ArrayRef<int64_t> axes) {
  if (axes.empty() || !usable(x))
    return x;
  int64_t rank = tensorType(x).getRank() + static_cast<int64_t>(axes.size());
  SmallVector<int64_t> pattern;
  int64_t next = 0;
  for (int64_t d = 0; d < rank; ++d)
    pattern.push_back(llvm::is_contained(axes, d) ? -1 : next++);
  return create<DimShuffleOp>(x, pattern);
}

Value GradientBuilder::transposeLastTwo(Value x) {
  if (!usable(x))
    return {};
  int64_t rank = tensorType(x).getRank();
  SmallVector<int64_t> pattern;
  for (int64_t d = 0; d < rank; ++d)
    pattern.push_back(d);
  std::swap(pattern[rank - 1], pattern[rank - 2]);
  return create<DimShuffleOp>(x, pattern);
}

Value GradientBuilder::countLike(Value x, ArrayRef<int64_t> axes, Value like) {
  if (!usable(x) || !usable(like))
    return {};
  RankedTensorType type = tensorType(x);
  int64_t count = 1;
  Value dynamicCount;
  for (int64_t d : axes) {
    if (!type.isDynamicDim(d)) {
      count *= type.getDimSize(d);
      continue;
    }
    Value size = dimSize(x, d);
    dynamicCount = dynamicCount ? create<MulOp>(dynamicCount, size) : size;
  }
  Value constant = constantLike(like, static_cast<double>(count));
  if (!dynamicCount)
    return constant;
  Type element = tensorType(like).getElementType();
  Value converted = create<CastOp>(dynamicCount, element);
  int64_t rank = tensorType(like).getRank();
  SmallVector<int64_t> pattern(rank, -1);
  return mul(constant, create<DimShuffleOp>(converted, pattern));
}

} // namespace theta
