//===- NNetOps.cpp - convolution, pooling, one_hot: types and gradients ---===//
//
// Each op's inference (also its verifier) and its gradient, together.
// conv2d is bilinear in (input, filters), and so are its two gradient ops,
// so every gradient here is one of the three convolution ops with the same
// geometry attributes, operands swapped (as Theano's AbstractConv2d grads).
//
//===----------------------------------------------------------------------===//
#include "dialect/ConvGeometry.h"
#include "dialect/GradientBuilder.h"
#include "dialect/InferenceSupport.h"

using namespace mlir;
using namespace theta;
using namespace theta::inference;

//===----------------------------------------------------------------------===//
// Convolution and pooling
//===----------------------------------------------------------------------===//

/// Checks the geometry attributes shared by conv2d and its gradients, and
/// returns the convolution's output shape for `input` and `filters`.
template <typename Adaptor>
static FailureOr<SmallVector<int64_t>> inferConvOutput(std::optional<Location> loc,
                                                       StringRef name, Adaptor adaptor,
                                                       RankedTensorType input,
                                                       RankedTensorType filters) {
  ArrayRef<int64_t> strides = adaptor.getStrides(), dilations = adaptor.getDilations();
  ArrayRef<int64_t> padding = adaptor.getPadding();
  StringRef mode = adaptor.getBorderMode();
  if (strides.size() != 2 || dilations.size() != 2 || padding.size() != 4)
    return Failure(loc, name) << "expects 2 strides, 2 dilations and 4 paddings";
  if (llvm::any_of(strides, [](int64_t s) { return s < 1; }) ||
      llvm::any_of(dilations, [](int64_t d) { return d < 1; }) ||
      llvm::any_of(padding, [](int64_t p) { return p < 0; }))
    return Failure(loc, name) << "strides and dilations must be >= 1 and padding >= 0";
  if (!isConvBorderMode(mode))
    return Failure(loc, name) << "border_mode must be valid, full, half, same or explicit, got '"
                              << mode << "'";
  if (input.getRank() != 4 || filters.getRank() != 4)
    return Failure(loc, name) << "expects a rank-4 NCHW input and rank-4 OIHW filters, got "
                              << input << " and " << filters;
  if (input.getElementType() != filters.getElementType())
    return Failure(loc, name).type() << "input and filters must have the same element type, got "
                              << input << " and " << filters;
  int64_t groups = adaptor.getGroups();
  if (groups < 1)
    return Failure(loc, name) << "groups must be >= 1, got " << groups;
  int64_t channels = input.getDimSize(1), filterChannels = filters.getDimSize(1);
  if (!ShapedType::isDynamic(channels) && !ShapedType::isDynamic(filterChannels) &&
      channels != filterChannels * groups)
    return Failure(loc, name) << "input has " << channels << " channels but the filters expect "
                              << filterChannels * groups
                              << (groups > 1 ? " (" + std::to_string(groups) + " groups of " +
                                                   std::to_string(filterChannels) + ")"
                                             : std::string())
                              << " (input " << input << ", filters " << filters << ")";
  int64_t outChannels = filters.getDimSize(0);
  if (!ShapedType::isDynamic(outChannels) && outChannels % groups != 0)
    return Failure(loc, name) << "the filters' " << outChannels
                              << " output channels do not split into " << groups << " groups";
  ArrayRef<int64_t> x = input.getShape(), w = filters.getShape();
  SmallVector<int64_t, 4> pad = resolveConvPadding(mode, padding, strides, dilations, x[2],
                                                   x[3], w[2], w[3]);
  int64_t height = convOutputSize(x[2], w[2], strides[0], dilations[0], pad[0], pad[2]);
  int64_t width = convOutputSize(x[3], w[3], strides[1], dilations[1], pad[1], pad[3]);
  if (height == 0 || width == 0)
    return Failure(loc, name) << "the filters " << filters << " do not fit in the input "
                              << input << " with this padding";
  return SmallVector<int64_t>{x[0], w[0], height, width};
}

/// Checks that a gradient operand has the shape the forward op produced.
static LogicalResult checkGradShape(std::optional<Location> loc, StringRef name,
                                    ArrayRef<int64_t> expected, RankedTensorType grad) {
  auto expectedType = RankedTensorType::get(expected, grad.getElementType());
  if (!areCompatibleTypes(TypeRange(expectedType), TypeRange(grad)))
    return Failure(loc, name) << "output_grad must have shape " << shapeToString(expected)
                              << ", got " << grad;
  return success();
}

LogicalResult Conv2DOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType filters = tensorOf(adaptor.getFilters());
  if (!input || !filters)
    return Failure(loc, getOperationName()) << "expects ranked tensor operands";
  FailureOr<SmallVector<int64_t>> shape =
      inferConvOutput(loc, getOperationName(), adaptor, input, filters);
  if (failed(shape))
    return failure();
  inferred.push_back(RankedTensorType::get(*shape, input.getElementType()));
  return success();
}

LogicalResult Conv2DGradInputOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                                  Adaptor adaptor,
                                                  SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  RankedTensorType grad = tensorOf(adaptor.getOutputGrad());
  RankedTensorType filters = tensorOf(adaptor.getFilters());
  RankedTensorType input = tensorOf(adaptor.getInputLike());
  if (!grad || !filters || !input)
    return Failure(loc, name) << "expects ranked tensor operands";
  FailureOr<SmallVector<int64_t>> shape = inferConvOutput(loc, name, adaptor, input, filters);
  if (failed(shape) || failed(checkGradShape(loc, name, *shape, grad)))
    return failure();
  inferred.push_back(RankedTensorType::get(input.getShape(), grad.getElementType()));
  return success();
}

LogicalResult Conv2DGradFiltersOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                                    Adaptor adaptor,
                                                    SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType grad = tensorOf(adaptor.getOutputGrad());
  RankedTensorType filters = tensorOf(adaptor.getFiltersLike());
  if (!grad || !filters || !input)
    return Failure(loc, name) << "expects ranked tensor operands";
  FailureOr<SmallVector<int64_t>> shape = inferConvOutput(loc, name, adaptor, input, filters);
  if (failed(shape) || failed(checkGradShape(loc, name, *shape, grad)))
    return failure();
  inferred.push_back(RankedTensorType::get(filters.getShape(), grad.getElementType()));
  return success();
}

int64_t theta::convolutionGroups(Operation *op) {
  if (auto conv = dyn_cast<Conv2DOp>(op))
    return conv.getGroups();
  if (auto gradInput = dyn_cast<Conv2DGradInputOp>(op))
    return gradInput.getGroups();
  if (auto gradFilters = dyn_cast<Conv2DGradFiltersOp>(op))
    return gradFilters.getGroups();
  return 1;
}

/// Checks pooling attributes and returns the pooled shape of `input`.
template <typename Adaptor>
static FailureOr<SmallVector<int64_t>> inferPoolOutput(std::optional<Location> loc,
                                                       StringRef name, Adaptor adaptor,
                                                       RankedTensorType input) {
  ArrayRef<int64_t> window = adaptor.getWindow(), strides = adaptor.getStrides();
  StringRef mode = adaptor.getMode();
  if (window.size() != 2 || strides.size() != 2)
    return Failure(loc, name) << "expects a window and strides of 2 entries (height, width)";
  if (llvm::any_of(window, [](int64_t w) { return w < 1; }) ||
      llvm::any_of(strides, [](int64_t s) { return s < 1; }))
    return Failure(loc, name) << "window and strides must be >= 1";
  if (mode != "max" && mode != "sum" && mode != "average")
    return Failure(loc, name) << "mode must be max, sum or average, got '" << mode << "'";
  if (input.getRank() != 4)
    return Failure(loc, name) << "expects a rank-4 (batch, channels, height, width) input, got "
                              << input;
  bool ignoreBorder = adaptor.getIgnoreBorder();
  ArrayRef<int64_t> padding = adaptor.getPadding();
  if (padding.size() != 2 || padding[0] < 0 || padding[1] < 0)
    return Failure(loc, name) << "expects a padding of 2 entries >= 0 (height, width)";
  if ((padding[0] || padding[1]) && !ignoreBorder)
    return Failure(loc, name) << "padding works only with ignore_border=true (as in Theano)";
  if (padding[0] >= window[0] || padding[1] >= window[1])
    return Failure(loc, name) << "padding [" << padding[0] << ", " << padding[1]
                              << "] must be smaller than the window [" << window[0] << ", "
                              << window[1] << "]";
  ArrayRef<int64_t> x = input.getShape();
  auto padded = [](int64_t size, int64_t pad) {
    return ShapedType::isDynamic(size) ? size : size + 2 * pad;
  };
  int64_t height = poolOutputSize(padded(x[2], padding[0]), window[0], strides[0], ignoreBorder);
  int64_t width = poolOutputSize(padded(x[3], padding[1]), window[1], strides[1], ignoreBorder);
  if (height == 0 || width == 0)
    return Failure(loc, name) << "the window [" << window[0] << ", " << window[1]
                              << "] does not fit in the input " << input;
  return SmallVector<int64_t>{x[0], x[1], height, width};
}

LogicalResult Pool2DOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  RankedTensorType input = tensorOf(adaptor.getInput());
  if (!input)
    return Failure(loc, getOperationName()) << "expects a ranked tensor";
  FailureOr<SmallVector<int64_t>> shape =
      inferPoolOutput(loc, getOperationName(), adaptor, input);
  if (failed(shape))
    return failure();
  inferred.push_back(RankedTensorType::get(*shape, input.getElementType()));
  return success();
}

LogicalResult Pool2DGradOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                             Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  StringRef name = getOperationName();
  RankedTensorType input = tensorOf(adaptor.getInput());
  RankedTensorType output = tensorOf(adaptor.getOutput());
  RankedTensorType grad = tensorOf(adaptor.getOutputGrad());
  if (!input || !output || !grad)
    return Failure(loc, name) << "expects ranked tensor operands";
  FailureOr<SmallVector<int64_t>> shape = inferPoolOutput(loc, name, adaptor, input);
  if (failed(shape) || failed(checkGradShape(loc, name, *shape, grad)))
    return failure();
  if (!areCompatibleTypes(TypeRange(grad), TypeRange(output)))
    return Failure(loc, name) << "output and output_grad must have the same type, got "
                              << output << " and " << grad;
  inferred.push_back(input);
  return success();
}

LogicalResult OneHotOp::inferReturnTypes(MLIRContext *, std::optional<Location> loc,
                                         Adaptor adaptor, SmallVectorImpl<Type> &inferred) {
  RankedTensorType labels = tensorOf(adaptor.getLabels());
  RankedTensorType like = tensorOf(adaptor.getLike());
  if (!labels || !like || like.getRank() == 0)
    return Failure(loc, getOperationName())
           << "expects integer labels and a tensor of rank >= 1 giving the class count";
  SmallVector<int64_t> shape(labels.getShape());
  shape.push_back(like.getShape().back());
  inferred.push_back(RankedTensorType::get(shape, like.getElementType()));
  return success();
}


/// An op of type OpTy on `operands` with the geometry attributes of `from`;
/// null (the error emitted) where its type cannot be inferred.
template <typename OpTy>
static Value withGeometryOf(OpBuilder &b, Operation *from, ValueRange operands) {
  OpTy op = tryCreate<OpTy>(b, from->getLoc(), /*diagnose=*/true, operands, from->getAttrs());
  return op ? op.getResult() : Value();
}

/// Appends `built` to `grads`: failure if one could not be built.
static LogicalResult append(SmallVectorImpl<Value> &grads, ArrayRef<Value> built) {
  llvm::append_range(grads, built);
  return failure(llvm::is_contained(built, Value()));
}

LogicalResult Conv2DOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                       SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  return append(grads,
                {withGeometryOf<Conv2DGradInputOp>(b, *this, {g, getFilters(), getInput()}),
                 withGeometryOf<Conv2DGradFiltersOp>(b, *this, {getInput(), g, getFilters()})});
}

LogicalResult Conv2DGradInputOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                                SmallVectorImpl<Value> &grads) {
  // result = A(output_grad, filters), linear in each: its adjoints are conv2d
  // (for output_grad) and the filter gradient with `g` as the input.
  Value g = resultGrads[0];
  LogicalResult result = append(
      grads, {withGeometryOf<Conv2DOp>(b, *this, {g, getFilters()}),
              withGeometryOf<Conv2DGradFiltersOp>(b, *this, {g, getOutputGrad(), getFilters()})});
  grads.push_back(Value()); // input_like: only its shape is read
  return result;
}

LogicalResult Conv2DGradFiltersOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                                  SmallVectorImpl<Value> &grads) {
  Value g = resultGrads[0];
  LogicalResult result = append(
      grads, {withGeometryOf<Conv2DGradInputOp>(b, *this, {getOutputGrad(), g, getInput()}),
              withGeometryOf<Conv2DOp>(b, *this, {getInput(), g})});
  grads.push_back(Value()); // filters_like: only its shape is read
  return result;
}

LogicalResult Pool2DOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                       SmallVectorImpl<Value> &grads) {
  return append(grads, {withGeometryOf<Pool2DGradOp>(b, *this,
                                                     {getInput(), getResult(), resultGrads[0]})});
}
