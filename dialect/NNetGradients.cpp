//===- NNetGradients.cpp - gradients of convolution and pooling -----------===//
//
// conv2d is bilinear in (input, filters), and so are its two gradient ops,
// so every gradient here is one of the three convolution ops with the same
// geometry attributes, operands swapped (as Theano's AbstractConv2d grads).
//
//===----------------------------------------------------------------------===//
#include "dialect/GradientBuilder.h"

using namespace mlir;
using namespace theta;

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
