//===- ConvLowering.cpp - reference lowering of conv2d and pool2d ---------===//
//
// The loop-nest semantics of the convolution and pooling ops. f32
// convolutions normally go to oneDNN first (--theta-nnet-to-dnnl); what
// reaches this lowering (f64, or the library path turned off) becomes:
//   conv2d              -> zero padding + linalg.conv_2d_nchw_fchw
//   conv2d_grad_filters -> zero padding + a linalg.generic reduction
//   conv2d_grad_input   -> an scf scatter loop nest into a padded buffer
//   pool2d              -> padding + a window-reduction generic (+ division)
//   pool2d_grad         -> a parallel generic for non-overlapping full
//                          windows, otherwise an scf scatter loop nest
//
//===----------------------------------------------------------------------===//
#include "lowering/Patterns.h"

#include "lowering/LinalgBuilders.h"

#include "dialect/ThetaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace theta {
namespace {

Value floatConstant(OpBuilder &b, Location loc, Type type, double value) {
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, value));
}

Value negativeInfinity(OpBuilder &b, Location loc, Type type) {
  auto floatType = cast<FloatType>(type);
  APFloat inf = APFloat::getInf(floatType.getFloatSemantics(), /*Negative=*/true);
  return arith::ConstantOp::create(b, loc, type, b.getFloatAttr(type, inf));
}

/// `x` (rank 4) placed at (top, left) in a tensor of spatial size
/// (height, width) filled with `padValue`; `x` itself when nothing changes.
Value padSpatial(OpBuilder &b, Location loc, Value x, int64_t top, int64_t left, int64_t height,
                 int64_t width, Value padValue) {
  auto type = cast<RankedTensorType>(x.getType());
  ArrayRef<int64_t> shape = type.getShape();
  if (top == 0 && left == 0 && height == shape[2] && width == shape[3])
    return x;
  auto paddedType = RankedTensorType::get({shape[0], shape[1], height, width},
                                          type.getElementType());
  // Cropping (a window that ignores trailing rows) keeps what fits.
  int64_t keepH = std::min(shape[2], height - top), keepW = std::min(shape[3], width - left);
  Value source = x;
  if (keepH != shape[2] || keepW != shape[3])
    source = tensor::ExtractSliceOp::create(
        b, loc, RankedTensorType::get({shape[0], shape[1], keepH, keepW}, type.getElementType()),
        x, ValueRange{}, ValueRange{}, ValueRange{}, b.getDenseI64ArrayAttr({0, 0, 0, 0}),
        b.getDenseI64ArrayAttr({shape[0], shape[1], keepH, keepW}),
        b.getDenseI64ArrayAttr({1, 1, 1, 1}));
  Value filled = filledTensor(b, loc, paddedType, padValue);
  return tensor::InsertSliceOp::create(b, loc, source, filled, ValueRange{}, ValueRange{},
                                       ValueRange{}, b.getDenseI64ArrayAttr({0, 0, top, left}),
                                       b.getDenseI64ArrayAttr(
                                           cast<RankedTensorType>(source.getType()).getShape()),
                                       b.getDenseI64ArrayAttr({1, 1, 1, 1}));
}

/// The convolution geometry of a conv op, resolved for static shapes.
struct ConvGeometry {
  int64_t strides[2], dilations[2], pad[4]; // pad: top, left, bottom, right
};

template <typename Op>
ConvGeometry geometryOf(Op op, ArrayRef<int64_t> input, ArrayRef<int64_t> filters) {
  ConvGeometry g;
  SmallVector<int64_t, 4> pad = op.getResolvedPadding(input[2], input[3], filters[2], filters[3]);
  for (int i = 0; i < 2; ++i) {
    g.strides[i] = op.getStrides()[i];
    g.dilations[i] = op.getDilations()[i];
  }
  for (int i = 0; i < 4; ++i)
    g.pad[i] = pad[i];
  return g;
}

Value padConvInput(OpBuilder &b, Location loc, Value x, const ConvGeometry &g) {
  auto shape = cast<RankedTensorType>(x.getType()).getShape();
  Type element = cast<RankedTensorType>(x.getType()).getElementType();
  return padSpatial(b, loc, x, g.pad[0], g.pad[1], shape[2] + g.pad[0] + g.pad[2],
                    shape[3] + g.pad[1] + g.pad[3], floatConstant(b, loc, element, 0));
}

struct Conv2DLowering : OpConversionPattern<Conv2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(Conv2DOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (op.getGroups() != 1)
      return rewriter.notifyMatchFailure(op, "grouped: --theta-expand-groups splits it first");
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    ConvGeometry g = geometryOf(op, cast<RankedTensorType>(op.getInput().getType()).getShape(),
                                cast<RankedTensorType>(op.getFilters().getType()).getShape());
    Value padded = padConvInput(rewriter, loc, adaptor.getInput(), g);
    Value zero = floatConstant(rewriter, loc, resultType.getElementType(), 0);
    Value init = filledTensor(rewriter, loc, resultType, zero);
    auto conv = linalg::Conv2DNchwFchwOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{padded, adaptor.getFilters()},
        ValueRange{init}, rewriter.getI64TensorAttr({g.strides[0], g.strides[1]}),
        rewriter.getI64TensorAttr({g.dilations[0], g.dilations[1]}));
    rewriter.replaceOp(op, conv.getResult(0));
    return success();
  }
};

struct Conv2DGradFiltersLowering : OpConversionPattern<Conv2DGradFiltersOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(Conv2DGradFiltersOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (op.getGroups() != 1)
      return rewriter.notifyMatchFailure(op, "grouped: --theta-expand-groups splits it first");
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    ConvGeometry g = geometryOf(op, cast<RankedTensorType>(op.getInput().getType()).getShape(),
                                resultType.getShape());
    Value padded = padConvInput(rewriter, loc, adaptor.getInput(), g);
    Value zero = floatConstant(rewriter, loc, resultType.getElementType(), 0);
    Value init = filledTensor(rewriter, loc, resultType, zero);
    // Loops (f, c, kh, kw | n, oh, ow): dw[f,c,kh,kw] += gy[n,f,oh,ow] * x[n,c,oh*s+kh*d,...].
    MLIRContext *context = rewriter.getContext();
    AffineExpr f, c, kh, kw, n, oh, ow;
    bindDims(context, f, c, kh, kw, n, oh, ow);
    auto map = [&](ArrayRef<AffineExpr> results) { return AffineMap::get(7, 0, results, context); };
    SmallVector<AffineMap> maps = {
        map({n, f, oh, ow}),
        map({n, c, oh * g.strides[0] + kh * g.dilations[0], ow * g.strides[1] + kw * g.dilations[1]}),
        map({f, c, kh, kw})};
    SmallVector<utils::IteratorType> iterators(4, utils::IteratorType::parallel);
    iterators.append(3, utils::IteratorType::reduction);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{adaptor.getOutputGrad(), padded},
        ValueRange{init}, maps, iterators,
        [](OpBuilder &b, Location l, ValueRange args) {
          Value product = arith::MulFOp::create(b, l, args[0], args[1]);
          linalg::YieldOp::create(b, l, ValueRange{arith::AddFOp::create(b, l, args[2], product)});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// A loop nest over `bounds` carrying one tensor.
Value scatterNest(OpBuilder &b, Location loc, ArrayRef<int64_t> bounds, Value init,
                  function_ref<Value(OpBuilder &, Location, ValueRange, Value)> body) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  SmallVector<Value> lower(bounds.size(), zero), upper, steps(bounds.size(), one);
  for (int64_t bound : bounds)
    upper.push_back(arith::ConstantIndexOp::create(b, loc, bound));
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lower, upper, steps, ValueRange{init},
      [&](OpBuilder &nb, Location l, ValueRange ivs, ValueRange carried) -> scf::ValueVector {
        return {body(nb, l, ivs, carried[0])};
      });
  return nest.results.front();
}

/// `index * scale + offset` on index values.
Value affineIndex(OpBuilder &b, Location loc, Value index, int64_t scale, Value offset,
                  int64_t offsetScale) {
  auto times = [&](Value v, int64_t k) -> Value {
    return k == 1 ? v : Value(arith::MulIOp::create(b, loc, v, arith::ConstantIndexOp::create(b, loc, k)));
  };
  return arith::AddIOp::create(b, loc, times(index, scale), times(offset, offsetScale));
}

struct Conv2DGradInputLowering : OpConversionPattern<Conv2DGradInputOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(Conv2DGradInputOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (op.getGroups() != 1)
      return rewriter.notifyMatchFailure(op, "grouped: --theta-expand-groups splits it first");
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> x = resultType.getShape();
    ArrayRef<int64_t> w = cast<RankedTensorType>(op.getFilters().getType()).getShape();
    ArrayRef<int64_t> gy = cast<RankedTensorType>(op.getOutputGrad().getType()).getShape();
    ConvGeometry g = geometryOf(op, x, w);
    Type element = resultType.getElementType();
    auto paddedType = RankedTensorType::get(
        {x[0], x[1], x[2] + g.pad[0] + g.pad[2], x[3] + g.pad[1] + g.pad[3]}, element);
    Value init = filledTensor(rewriter, loc, paddedType, floatConstant(rewriter, loc, element, 0));
    Value grad = adaptor.getOutputGrad(), filters = adaptor.getFilters();
    // Loops (n, f, oh, ow, c, kh, kw): dx[n, c, oh*s+kh*d, ...] += gy[n,f,oh,ow] * w[f,c,kh,kw].
    Value padded = scatterNest(
        rewriter, loc, {gy[0], gy[1], gy[2], gy[3], w[1], w[2], w[3]}, init,
        [&](OpBuilder &b, Location l, ValueRange iv, Value acc) -> Value {
          Value h = affineIndex(b, l, iv[2], g.strides[0], iv[5], g.dilations[0]);
          Value wi = affineIndex(b, l, iv[3], g.strides[1], iv[6], g.dilations[1]);
          Value dy = tensor::ExtractOp::create(b, l, grad, ValueRange{iv[0], iv[1], iv[2], iv[3]});
          Value k = tensor::ExtractOp::create(b, l, filters, ValueRange{iv[1], iv[4], iv[5], iv[6]});
          SmallVector<Value> at = {iv[0], iv[4], h, wi};
          Value sum = arith::AddFOp::create(b, l, tensor::ExtractOp::create(b, l, acc, at),
                                            arith::MulFOp::create(b, l, dy, k));
          return tensor::InsertOp::create(b, l, sum, acc, at);
        });
    Value result = tensor::ExtractSliceOp::create(
        rewriter, loc, resultType, padded, ValueRange{}, ValueRange{}, ValueRange{},
        rewriter.getDenseI64ArrayAttr({0, 0, g.pad[0], g.pad[1]}),
        rewriter.getDenseI64ArrayAttr(x), rewriter.getDenseI64ArrayAttr({1, 1, 1, 1}));
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Rows and columns that the pooling windows span (may exceed the input).
std::pair<int64_t, int64_t> pooledSpan(ArrayRef<int64_t> output, ArrayRef<int64_t> window,
                                       ArrayRef<int64_t> strides) {
  return {(output[2] - 1) * strides[0] + window[0], (output[3] - 1) * strides[1] + window[1]};
}

/// The number of elements of window (oh, ow) inside the input, as a float:
/// the product over both axes of min(o*s + k, pad + size) - max(o*s, pad),
/// in the coordinates of the input padded by `padding` on both sides.
Value windowCount(OpBuilder &b, Location loc, Value oh, Value ow, ArrayRef<int64_t> input,
                  ArrayRef<int64_t> window, ArrayRef<int64_t> strides,
                  ArrayRef<int64_t> padding, Type element) {
  Value count = nullptr;
  Value outputs[2] = {oh, ow};
  for (int axis = 0; axis < 2; ++axis) {
    Value start = arith::MulIOp::create(b, loc, outputs[axis],
                                        arith::ConstantIndexOp::create(b, loc, strides[axis]));
    Value end = arith::MinSIOp::create(
        b, loc,
        arith::AddIOp::create(b, loc, start, arith::ConstantIndexOp::create(b, loc, window[axis])),
        arith::ConstantIndexOp::create(b, loc, padding[axis] + input[2 + axis]));
    if (padding[axis] != 0)
      start = arith::MaxSIOp::create(b, loc, start,
                                     arith::ConstantIndexOp::create(b, loc, padding[axis]));
    Value extent = arith::SubIOp::create(b, loc, end, start);
    count = count ? Value(arith::MulIOp::create(b, loc, count, extent)) : extent;
  }
  Value asInt = arith::IndexCastOp::create(b, loc, b.getI64Type(), count);
  return arith::SIToFPOp::create(b, loc, element, asInt);
}

/// Divides pooled sums by the number of window elements inside the input.
Value divideByWindowCount(OpBuilder &b, Location loc, Value sums, ArrayRef<int64_t> input,
                          ArrayRef<int64_t> window, ArrayRef<int64_t> strides,
                          ArrayRef<int64_t> padding) {
  auto type = cast<RankedTensorType>(sums.getType());
  return buildBroadcastGeneric(
      b, loc, type, ValueRange{sums}, [&](OpBuilder &nb, Location l, ValueRange args) {
        Value count = windowCount(nb, l, linalg::IndexOp::create(nb, l, 2),
                                  linalg::IndexOp::create(nb, l, 3), input, window, strides,
                                  padding, type.getElementType());
        return Value(arith::DivFOp::create(nb, l, args[0], count));
      });
}

/// Max or sum over pooling windows as a linalg.generic whose loops run
/// (n, c, oh, kh, kw, ow): the innermost loop walks an output row, reading
/// the input at a constant stride, which LLVM vectorizes; the named pooling
/// ops put the window loops innermost, two iterations long. The window
/// tensor only gives the kh and kw loops their sizes.
Value buildWindowReduction(OpBuilder &b, Location loc, Value padded, Value init,
                           ArrayRef<int64_t> window, ArrayRef<int64_t> strides, bool isMax) {
  MLIRContext *context = b.getContext();
  auto type = cast<RankedTensorType>(init.getType());
  AffineExpr n = getAffineDimExpr(0, context), c = getAffineDimExpr(1, context),
             oh = getAffineDimExpr(2, context), kh = getAffineDimExpr(3, context),
             kw = getAffineDimExpr(4, context), ow = getAffineDimExpr(5, context);
  auto map = [&](ArrayRef<AffineExpr> exprs) { return AffineMap::get(6, 0, exprs, context); };
  SmallVector<AffineMap> maps{map({n, c, oh * strides[0] + kh, ow * strides[1] + kw}),
                              map({kh, kw}), map({n, c, oh, ow})};
  using utils::IteratorType;
  SmallVector<IteratorType> iterators{IteratorType::parallel,  IteratorType::parallel,
                                      IteratorType::parallel,  IteratorType::reduction,
                                      IteratorType::reduction, IteratorType::parallel};
  Value windowShape = tensor::EmptyOp::create(b, loc, window, type.getElementType());
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{padded, windowShape}, ValueRange{init}, maps,
             iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value combined =
                   isMax ? Value(arith::MaximumFOp::create(nb, l, args[0], args[2]))
                         : Value(arith::AddFOp::create(nb, l, args[0], args[2]));
               linalg::YieldOp::create(nb, l, combined);
             })
      .getResult(0);
}

struct Pool2DLowering : OpConversionPattern<Pool2DOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(Pool2DOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type element = resultType.getElementType();
    ArrayRef<int64_t> input = cast<RankedTensorType>(op.getInput().getType()).getShape();
    ArrayRef<int64_t> window = op.getWindow(), strides = op.getStrides();
    bool isMax = op.getMode() == "max";
    Value padValue = isMax ? negativeInfinity(rewriter, loc, element)
                           : floatConstant(rewriter, loc, element, 0);
    ArrayRef<int64_t> padding = op.getPadding();
    // Max pads with -inf and sums with 0, so the padding never counts.
    auto [height, width] = pooledSpan(resultType.getShape(), window, strides);
    Value padded = padSpatial(rewriter, loc, adaptor.getInput(), padding[0], padding[1], height,
                              width, padValue);
    Value init = filledTensor(rewriter, loc, resultType, padValue);
    Value pooled = buildWindowReduction(rewriter, loc, padded, init, window, strides, isMax);
    if (op.getMode() == "average")
      pooled = divideByWindowCount(rewriter, loc, pooled, input, window, strides, padding);
    rewriter.replaceOp(op, pooled);
    return success();
  }
};

/// The gradient one window element receives: gy (sum), gy / count (average),
/// or gy where the element equals the window's maximum (max).
Value windowElementGrad(OpBuilder &b, Location loc, StringRef mode, Value x, Value y, Value gy,
                        Value count) {
  if (mode == "sum")
    return gy;
  if (mode == "average")
    return arith::DivFOp::create(b, loc, gy, count);
  Value isMax = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, x, y);
  return arith::SelectOp::create(b, loc, isMax, gy, floatConstant(b, loc, gy.getType(), 0));
}

struct Pool2DGradLowering : OpConversionPattern<Pool2DGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(Pool2DGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type element = resultType.getElementType();
    ArrayRef<int64_t> x = resultType.getShape();
    ArrayRef<int64_t> y = cast<RankedTensorType>(op.getOutput().getType()).getShape();
    ArrayRef<int64_t> window = op.getWindow(), strides = op.getStrides();
    ArrayRef<int64_t> padding = op.getPadding();
    auto [height, width] = pooledSpan(y, window, strides);
    Value zero = floatConstant(rewriter, loc, element, 0);
    Value input = adaptor.getInput(), output = adaptor.getOutput(), grad = adaptor.getOutputGrad();
    StringRef mode = op.getMode();

    // Non-overlapping windows that all fit: each element belongs to exactly
    // one window, so the gradient is one parallel map over the covered area.
    bool unpadded = padding[0] == 0 && padding[1] == 0;
    if (unpadded && strides == window && height <= x[2] && width <= x[3]) {
      auto coveredType = RankedTensorType::get({x[0], x[1], height, width}, element);
      Value covered = input;
      if (height != x[2] || width != x[3])
        covered = tensor::ExtractSliceOp::create(
            rewriter, loc, coveredType, input, ValueRange{}, ValueRange{}, ValueRange{},
            rewriter.getDenseI64ArrayAttr({0, 0, 0, 0}), coveredType.getShape(),
            rewriter.getDenseI64ArrayAttr({1, 1, 1, 1}));
      MLIRContext *context = rewriter.getContext();
      AffineExpr n, c, h, w;
      bindDims(context, n, c, h, w);
      AffineMap identity = AffineMap::getMultiDimIdentityMap(4, context);
      AffineMap windowOf = AffineMap::get(
          4, 0, {n, c, h.floorDiv(window[0]), w.floorDiv(window[1])}, context);
      Value count = floatConstant(rewriter, loc, element, double(window[0] * window[1]));
      auto generic = linalg::GenericOp::create(
          rewriter, loc, TypeRange{coveredType}, ValueRange{covered, output, grad},
          ValueRange{emptyTensor(rewriter, loc, coveredType)},
          SmallVector<AffineMap>{identity, windowOf, windowOf, identity},
          SmallVector<utils::IteratorType>(4, utils::IteratorType::parallel),
          [&](OpBuilder &b, Location l, ValueRange args) {
            linalg::YieldOp::create(
                b, l, windowElementGrad(b, l, mode, args[0], args[1], args[2], count));
          });
      Value result = padSpatial(rewriter, loc, generic.getResult(0), 0, 0, x[2], x[3], zero);
      rewriter.replaceOp(op, result);
      return success();
    }

    // General windows: scatter every window's gradient over its elements.
    Value init = filledTensor(rewriter, loc, resultType, zero);
    Value result = scatterNest(
        rewriter, loc, {y[0], y[1], y[2], y[3], window[0], window[1]}, init,
        [&](OpBuilder &b, Location l, ValueRange iv, Value acc) -> Value {
          // Input coordinates: the window position minus the padding.
          Value hi = arith::SubIOp::create(b, l, affineIndex(b, l, iv[2], strides[0], iv[4], 1),
                                           arith::ConstantIndexOp::create(b, l, padding[0]));
          Value wi = arith::SubIOp::create(b, l, affineIndex(b, l, iv[3], strides[1], iv[5], 1),
                                           arith::ConstantIndexOp::create(b, l, padding[1]));
          Value zeroIndex = arith::ConstantIndexOp::create(b, l, 0);
          auto within = [&](Value i, int64_t size) -> Value {
            return arith::AndIOp::create(
                b, l, arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, i, zeroIndex),
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, i,
                                      arith::ConstantIndexOp::create(b, l, size)));
          };
          Value inside = arith::AndIOp::create(b, l, within(hi, x[2]), within(wi, x[3]));
          auto ifOp = scf::IfOp::create(
              b, l, inside,
              [&](OpBuilder &tb, Location tl) {
                SmallVector<Value> at = {iv[0], iv[1], hi, wi};
                SmallVector<Value> window4 = {iv[0], iv[1], iv[2], iv[3]};
                Value count = mode == "average"
                                  ? windowCount(tb, tl, iv[2], iv[3], x, window, strides, padding,
                                                element)
                                  : Value();
                Value xv = tensor::ExtractOp::create(tb, tl, input, at);
                Value yv = tensor::ExtractOp::create(tb, tl, output, window4);
                Value gv = tensor::ExtractOp::create(tb, tl, grad, window4);
                Value contribution = windowElementGrad(tb, tl, mode, xv, yv, gv, count);
                Value sum = arith::AddFOp::create(tb, tl, tensor::ExtractOp::create(tb, tl, acc, at),
                                                  contribution);
                scf::YieldOp::create(tb, tl, ValueRange{tensor::InsertOp::create(tb, tl, sum, acc, at)});
              },
              [&](OpBuilder &eb, Location el) { scf::YieldOp::create(eb, el, ValueRange{acc}); });
          return ifOp.getResult(0);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// one_hot: a generic over the result reading the label of its row.
struct OneHotLowering : OpConversionPattern<OneHotOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(OneHotOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    int64_t rank = resultType.getRank();
    MLIRContext *context = rewriter.getContext();
    AffineMap labelMap = AffineMap::getMultiDimIdentityMap(rank, context).getMajorSubMap(rank - 1);
    AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
    Type element = resultType.getElementType();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{adaptor.getLabels()},
        ValueRange{emptyTensor(rewriter, loc, resultType)},
        SmallVector<AffineMap>{labelMap, identity},
        SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value index = linalg::IndexOp::create(b, l, rank - 1);
          Value klass = arith::IndexCastOp::create(b, l, args[0].getType(), index);
          Value hit = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, args[0], klass);
          linalg::YieldOp::create(
              b, l, ValueRange{arith::UIToFPOp::create(b, l, element, hit)});
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void populateConvLowering(RewritePatternSet &patterns) {
  patterns.add<Conv2DLowering, Conv2DGradFiltersLowering, Conv2DGradInputLowering,
               Pool2DLowering, Pool2DGradLowering, OneHotLowering>(patterns.getContext());
}

} // namespace theta
