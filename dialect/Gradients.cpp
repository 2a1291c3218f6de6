//===- Gradients.cpp - each op's gradient (DifferentiableOpInterface) -----===//
//
// Theano's Op.grad for every differentiable theta op: from the gradient of the
// result, build the gradient of each operand with ordinary theta ops, reusing
// forward results (exp, tanh, sigmoid, ...) instead of recomputing them. A
// null entry is a zero gradient; integer operands (indices, sizes) get null.
//
//===----------------------------------------------------------------------===//
#include "dialect/GradientBuilder.h"

using namespace mlir;
using namespace theta;

namespace {

bool isFloatTensor(Value value) { return isa<FloatType>(tensorType(value).getElementType()); }

/// The gradient `g` reduced to `operand`'s shape, or null for a non-float operand.
Value fit(GradientBuilder &gb, Value g, Value operand) {
  if (!g || !isFloatTensor(operand))
    return Value();
  return gb.unbroadcast(g, tensorType(operand));
}

/// `count` null gradients (integer operands: indices, sizes).
void appendNulls(SmallVectorImpl<Value> &grads, size_t count) {
  grads.append(count, Value());
}

} // namespace

//===----------------------------------------------------------------------===//
// Elementwise binary
//===----------------------------------------------------------------------===//

LogicalResult AddOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  Value g = resultGrads[0];
  grads.push_back(fit(gb, g, getLhs()));
  grads.push_back(fit(gb, g, getRhs()));
  return gb.status();
}

LogicalResult SubOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  Value g = resultGrads[0];
  grads.push_back(fit(gb, g, getLhs()));
  grads.push_back(fit(gb, gb.neg(g), getRhs()));
  return gb.status();
}

LogicalResult MulOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  Value g = resultGrads[0];
  grads.push_back(fit(gb, gb.mul(g, getRhs()), getLhs()));
  grads.push_back(fit(gb, gb.mul(g, getLhs()), getRhs()));
  return gb.status();
}

LogicalResult DivOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  if (!isFloatTensor(getResult())) { // Truncating integer division.
    appendNulls(grads, 2);
    return success();
  }
  GradientBuilder gb(b, getLoc());
  Value g = resultGrads[0];
  // d(l/r)/dl = 1/r; d(l/r)/dr = -(l/r)/r.
  grads.push_back(fit(gb, gb.div(g, getRhs()), getLhs()));
  grads.push_back(fit(gb, gb.neg(gb.div(gb.mul(g, getResult()), getRhs())), getRhs()));
  return gb.status();
}

LogicalResult PowOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  Value g = resultGrads[0], x = getLhs(), y = getRhs();
  // d(x**y)/dx = y * x**(y-1).
  Value xToYMinus1 = gb.create<PowOp>(x, gb.sub(y, gb.constantLike(y, 1.0)));
  grads.push_back(fit(gb, gb.mul(g, gb.mul(y, xToYMinus1)), x));
  // d(x**y)/dy = x**y * log(x), taken as 0 where x == 0 (as Theano does).
  Value dy = gb.mul(g, gb.mul(getResult(), gb.create<LogOp>(x)));
  Value nonzero = gb.create<NeOp>(x, gb.constantLike(x, 0.0));
  grads.push_back(fit(gb, gb.maskedBy(nonzero, dy), y));
  return gb.status();
}

/// max/min: the gradient goes to the operand(s) equal to the result (both on ties).
template <typename OpTy>
static LogicalResult extremumGradients(OpTy op, OpBuilder &b, ArrayRef<Value> resultGrads,
                                       SmallVectorImpl<Value> &grads) {
  if (!isFloatTensor(op.getResult())) {
    appendNulls(grads, 2);
    return success();
  }
  GradientBuilder gb(b, op.getLoc());
  Value g = resultGrads[0];
  for (Value operand : {op.getLhs(), op.getRhs()}) {
    Value chosen = gb.create<EqOp>(op.getResult(), operand);
    grads.push_back(fit(gb, gb.maskedBy(chosen, g), operand));
  }
  return gb.status();
}

LogicalResult MaximumOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                        SmallVectorImpl<Value> &grads) {
  return extremumGradients(*this, b, resultGrads, grads);
}

LogicalResult MinimumOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                        SmallVectorImpl<Value> &grads) {
  return extremumGradients(*this, b, resultGrads, grads);
}

LogicalResult IfElseOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                       SmallVectorImpl<Value> &grads) {
  // Each branch value gets the result's gradient when its branch is taken,
  // zero otherwise: an ifelse of its own, lazy too.
  GradientBuilder gb(b, getLoc());
  grads.push_back(Value());
  SmallVector<Value> thenGrads, elseGrads;
  for (auto [g, result] : llvm::zip(resultGrads, getResults())) {
    if (!g || !isFloatTensor(result)) {
      thenGrads.push_back(Value());
      elseGrads.push_back(Value());
      continue;
    }
    Value zero = gb.zerosLike(g);
    if (!zero)
      return failure();
    auto choose = [&](Value whenTrue, Value whenFalse) -> Value {
      IfElseOp op = tryCreate<IfElseOp>(b, getLoc(), /*diagnose=*/true, getCondition(),
                                        ValueRange{whenTrue}, ValueRange{whenFalse});
      return op ? op->getResult(0) : Value();
    };
    thenGrads.push_back(choose(g, zero));
    elseGrads.push_back(choose(zero, g));
    if (!thenGrads.back() || !elseGrads.back())
      return failure();
  }
  llvm::append_range(grads, thenGrads);
  llvm::append_range(grads, elseGrads);
  return gb.status();
}

LogicalResult SelectOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                       SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  Value g = resultGrads[0], condition = getCondition();
  grads.push_back(Value());
  if (!isFloatTensor(getResult())) {
    appendNulls(grads, 2);
    return gb.status();
  }
  grads.push_back(fit(gb, gb.maskedBy(condition, g), getTrueValue()));
  Value whereFalse = gb.create<SelectOp>(condition, gb.constantLike(g, 0.0), g);
  grads.push_back(fit(gb, whereFalse, getFalseValue()));
  return gb.status();
}

//===----------------------------------------------------------------------===//
// Elementwise unary
//===----------------------------------------------------------------------===//

LogicalResult NegOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  grads.push_back(isFloatTensor(getInput()) ? gb.neg(resultGrads[0]) : Value());
  return gb.status();
}

LogicalResult AbsOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  grads.push_back(isFloatTensor(getInput())
                      ? gb.mul(resultGrads[0], gb.create<SignOp>(getInput()))
                      : Value());
  return gb.status();
}

/// Piecewise constant: a zero gradient that is still connected (as in Theano).
#define THETA_ZERO_GRADIENT(Op)                                                            \
  LogicalResult Op::buildGradients(OpBuilder &, ArrayRef<Value>,                           \
                                   SmallVectorImpl<Value> &grads) {                        \
    grads.push_back(Value());                                                              \
    return success();                                                                      \
  }
THETA_ZERO_GRADIENT(SignOp)
THETA_ZERO_GRADIENT(FloorOp)
#undef THETA_ZERO_GRADIENT

LogicalResult ExpOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  grads.push_back(gb.mul(resultGrads[0], getResult()));
  return gb.status();
}

LogicalResult LogOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  grads.push_back(gb.div(resultGrads[0], getInput()));
  return gb.status();
}

LogicalResult Log1pOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                      SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  Value onePlusX = gb.add(gb.constantLike(getInput(), 1.0), getInput());
  grads.push_back(gb.div(resultGrads[0], onePlusX));
  return gb.status();
}

LogicalResult SqrtOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                     SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  Value half = gb.constantLike(getResult(), 0.5);
  grads.push_back(gb.div(gb.mul(resultGrads[0], half), getResult()));
  return gb.status();
}

LogicalResult TanhOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                     SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  Value y = getResult();
  Value slope = gb.sub(gb.constantLike(y, 1.0), gb.mul(y, y));
  grads.push_back(gb.mul(resultGrads[0], slope));
  return gb.status();
}

LogicalResult SigmoidOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                        SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  Value y = getResult();
  Value slope = gb.mul(y, gb.sub(gb.constantLike(y, 1.0), y));
  grads.push_back(gb.mul(resultGrads[0], slope));
  return gb.status();
}

LogicalResult SoftplusOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                         SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  grads.push_back(gb.mul(resultGrads[0], gb.create<SigmoidOp>(getInput())));
  return gb.status();
}

LogicalResult CastOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                     SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  if (!isFloatTensor(getInput()) || !isFloatTensor(getResult())) {
    grads.push_back(Value());
    return gb.status();
  }
  Value g = resultGrads[0];
  Type element = tensorType(getInput()).getElementType();
  grads.push_back(tensorType(g).getElementType() == element ? g
                                                            : gb.create<CastOp>(g, element));
  return gb.status();
}

LogicalResult PrintOp::buildGradients(OpBuilder &, ArrayRef<Value> resultGrads,
                                      SmallVectorImpl<Value> &grads) {
  grads.push_back(resultGrads[0]);
  return success();
}

//===----------------------------------------------------------------------===//
// Products and reductions
//===----------------------------------------------------------------------===//

LogicalResult DotOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  if (!isFloatTensor(getResult())) {
    appendNulls(grads, 2);
    return success();
  }
  GradientBuilder gb(b, getLoc());
  Value g = resultGrads[0], l = getLhs(), r = getRhs();
  int64_t lr = tensorType(l).getRank(), rr = tensorType(r).getRank();
  auto shuffle = [&](Value x, ArrayRef<int64_t> pattern) {
    return gb.create<DimShuffleOp>(x, pattern);
  };
  if (lr == 1 && rr == 1) { // Inner product: g is a scalar.
    Value gv = shuffle(g, {-1});
    grads.push_back(gb.mul(gv, r));
    grads.push_back(gb.mul(gv, l));
  } else if (lr == 2 && rr == 1) { // (m,n)·(n) -> (m)
    grads.push_back(gb.mul(shuffle(g, {0, -1}), shuffle(r, {-1, 0})));
    grads.push_back(gb.create<DotOp>(g, l));
  } else if (lr == 1 && rr == 2) { // (m)·(m,n) -> (n)
    grads.push_back(gb.create<DotOp>(r, g));
    grads.push_back(gb.mul(shuffle(l, {0, -1}), shuffle(g, {-1, 0})));
  } else { // Matrix or batched matrix product.
    grads.push_back(gb.create<DotOp>(g, gb.transposeLastTwo(r)));
    grads.push_back(gb.create<DotOp>(gb.transposeLastTwo(l), g));
  }
  return gb.status();
}

/// The result gradient of a reduction with the reduced axes present (size 1).
template <typename OpTy> static Value keptDims(GradientBuilder &gb, OpTy op, Value value) {
  return op.getKeepdims() ? value : gb.expandDims(value, op.getReducedAxes());
}

LogicalResult SumOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  if (!isFloatTensor(getInput())) {
    grads.push_back(Value());
    return gb.status();
  }
  grads.push_back(gb.broadcastLike(keptDims(gb, *this, resultGrads[0]), getInput()));
  return gb.status();
}

LogicalResult MeanOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                     SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  Value g = keptDims(gb, *this, resultGrads[0]);
  Value count = gb.countLike(getInput(), getReducedAxes(), g);
  grads.push_back(gb.broadcastLike(gb.div(g, count), getInput()));
  return gb.status();
}

LogicalResult ProdOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                     SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  if (!isFloatTensor(getInput())) {
    grads.push_back(Value());
    return gb.status();
  }
  // d prod / d x_i = prod / x_i (Theano's default, which assumes no zeros).
  Value scaled = gb.mul(keptDims(gb, *this, resultGrads[0]), keptDims(gb, *this, getResult()));
  grads.push_back(gb.div(gb.broadcastLike(scaled, getInput()), getInput()));
  return gb.status();
}

/// max/min over axes: the gradient goes to every element equal to the extremum.
template <typename OpTy>
static LogicalResult reducedExtremumGradients(OpTy op, OpBuilder &b,
                                              ArrayRef<Value> resultGrads,
                                              SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, op.getLoc());
  if (!isFloatTensor(op.getInput())) {
    grads.push_back(Value());
    return gb.status();
  }
  Value chosen = gb.create<EqOp>(op.getInput(), keptDims(gb, op, op.getResult()));
  Value g = gb.broadcastLike(keptDims(gb, op, resultGrads[0]), op.getInput());
  grads.push_back(gb.maskedBy(chosen, g));
  return gb.status();
}

LogicalResult MaxOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  return reducedExtremumGradients(*this, b, resultGrads, grads);
}

LogicalResult MinOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                    SmallVectorImpl<Value> &grads) {
  return reducedExtremumGradients(*this, b, resultGrads, grads);
}

//===----------------------------------------------------------------------===//
// Shape manipulation
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                        SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  grads.push_back(gb.reshapeLike(resultGrads[0], getInput()));
  appendNulls(grads, getDynamicShape().size());
  return gb.status();
}

LogicalResult FlattenOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                        SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  grads.push_back(gb.reshapeLike(resultGrads[0], getInput()));
  return gb.status();
}

LogicalResult DimShuffleOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                           SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  // The inverse pattern: each input dimension takes the result dimension that
  // came from it; input dimensions that were dropped (size 1) come back as 'x'.
  // Result dimensions inserted as 'x' are left out, which drops them.
  ArrayRef<int64_t> pattern = getPattern();
  int64_t inputRank = tensorType(getInput()).getRank();
  SmallVector<int64_t> inverse(inputRank, -1);
  for (auto [resultDim, inputDim] : llvm::enumerate(pattern))
    if (inputDim >= 0)
      inverse[inputDim] = static_cast<int64_t>(resultDim);
  grads.push_back(gb.create<DimShuffleOp>(resultGrads[0], inverse));
  return gb.status();
}

LogicalResult ConcatenateOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                            SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  Value g = resultGrads[0];
  int64_t rank = tensorType(g).getRank();
  int64_t axis = static_cast<int64_t>(getAxis());
  if (axis < 0)
    axis += rank;
  int64_t offset = 0;
  for (Value input : getInputs()) {
    int64_t size = tensorType(input).getDimSize(axis);
    if (ShapedType::isDynamic(size))
      return emitOpError("gradient needs the sizes along axis ")
             << axis << " to be static, got " << input.getType();
    SmallVector<int64_t> starts(rank, 0), sizes(rank, -1), steps(rank, 1);
    starts[axis] = offset;
    sizes[axis] = size;
    offset += size;
    // An empty piece has an empty (zero) gradient, and no slice to take.
    grads.push_back(isFloatTensor(input) && size != 0
                        ? gb.create<SubtensorOp>(g, ValueRange(), starts, sizes, steps,
                                                 ArrayRef<int64_t>())
                        : Value());
  }
  return gb.status();
}

//===----------------------------------------------------------------------===//
// Indexing
//===----------------------------------------------------------------------===//

/// The slice `op` addresses, taken from `source`.
template <typename OpTy> static Value sliceOf(GradientBuilder &gb, OpTy op, Value source) {
  return gb.create<SubtensorOp>(source, op.getDynamicStarts(), op.getStaticStarts(),
                                op.getSizes(), op.getSteps(), op.getDrop(), op.getStops());
}

LogicalResult SubtensorOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                          SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  grads.push_back(gb.create<IncSubtensorOp>(gb.zerosLike(getInput()), getDynamicStarts(),
                                            getStaticStarts(), getSizes(), getSteps(),
                                            getDrop(), resultGrads[0], getStops()));
  appendNulls(grads, getDynamicStarts().size());
  return gb.status();
}

LogicalResult SetSubtensorOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                             SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  Value g = resultGrads[0];
  // The replaced slice does not reach the result: its gradient is zero.
  grads.push_back(gb.create<SetSubtensorOp>(g, getDynamicStarts(), getStaticStarts(),
                                            getSizes(), getSteps(), getDrop(),
                                            gb.constantLike(getValue(), 0.0), getStops()));
  appendNulls(grads, getDynamicStarts().size());
  grads.push_back(fit(gb, sliceOf(gb, *this, g), getValue()));
  return gb.status();
}

LogicalResult IncSubtensorOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                             SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  Value g = resultGrads[0];
  grads.push_back(g);
  appendNulls(grads, getDynamicStarts().size());
  grads.push_back(fit(gb, sliceOf(gb, *this, g), getValue()));
  return gb.status();
}

LogicalResult TakeOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                     SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  grads.push_back(gb.create<IndexAddOp>(gb.zerosLike(getInput()), getIndices(),
                                        resultGrads[0], getAxis()));
  grads.push_back(Value());
  return gb.status();
}

LogicalResult IndexAddOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                         SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  Value g = resultGrads[0];
  grads.push_back(g);
  grads.push_back(Value());
  grads.push_back(gb.create<TakeOp>(g, getIndices(), getAxis()));
  return gb.status();
}

//===----------------------------------------------------------------------===//
// Creation
//===----------------------------------------------------------------------===//

LogicalResult AllocOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                      SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  grads.push_back(fit(gb, resultGrads[0], getValue()));
  appendNulls(grads, getDynamicShape().size());
  return gb.status();
}

LogicalResult FillOp::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,
                                     SmallVectorImpl<Value> &grads) {
  GradientBuilder gb(b, getLoc());
  Value g = resultGrads[0];
  grads.push_back(Value()); // Only the model's shape is used.
  SmallVector<int64_t> all;
  for (int64_t d = 0; d < tensorType(g).getRank(); ++d)
    all.push_back(d);
  grads.push_back(isFloatTensor(getValue()) ? gb.sum(g, all, /*keepdims=*/false) : Value());
  return gb.status();
}

//===----------------------------------------------------------------------===//
// Trigonometric, hyperbolic and special functions
//===----------------------------------------------------------------------===//

namespace {
/// d/dx = `slope(gb, x, y)` for a one-operand op with input x and result y.
template <typename Slope>
LogicalResult unaryGradient(Operation *op, OpBuilder &b, ArrayRef<Value> resultGrads,
                            SmallVectorImpl<Value> &grads, Slope slope) {
  GradientBuilder gb(b, op->getLoc());
  grads.push_back(gb.mul(resultGrads[0], slope(gb, op->getOperand(0), op->getResult(0))));
  return gb.status();
}
/// 1 - x^2, the square under the arcsine's and arccosine's root.
Value oneMinusSquare(GradientBuilder &gb, Value x) {
  return gb.sub(gb.constantLike(x, 1.0), gb.mul(x, x));
}
} // namespace

#define THETA_UNARY_GRADIENT(Op, slope)                                                    \
  LogicalResult Op::buildGradients(OpBuilder &b, ArrayRef<Value> resultGrads,              \
                                   SmallVectorImpl<Value> &grads) {                        \
    return unaryGradient(*this, b, resultGrads, grads,                                     \
                         [](GradientBuilder &gb, Value x, Value y) -> Value {              \
                           (void)x;                                                        \
                           (void)y;                                                        \
                           return slope;                                                   \
                         });                                                               \
  }

THETA_UNARY_GRADIENT(SinOp, gb.create<CosOp>(x))
THETA_UNARY_GRADIENT(CosOp, gb.neg(gb.create<SinOp>(x)))
THETA_UNARY_GRADIENT(TanOp, gb.add(gb.constantLike(y, 1.0), gb.mul(y, y)))
THETA_UNARY_GRADIENT(AsinOp, gb.div(gb.constantLike(x, 1.0),
                                    gb.create<SqrtOp>(oneMinusSquare(gb, x))))
THETA_UNARY_GRADIENT(AcosOp, gb.div(gb.constantLike(x, -1.0),
                                    gb.create<SqrtOp>(oneMinusSquare(gb, x))))
THETA_UNARY_GRADIENT(AtanOp, gb.div(gb.constantLike(x, 1.0),
                                    gb.add(gb.constantLike(x, 1.0), gb.mul(x, x))))
THETA_UNARY_GRADIENT(SinhOp, gb.create<CoshOp>(x))
THETA_UNARY_GRADIENT(CoshOp, gb.create<SinhOp>(x))
THETA_UNARY_GRADIENT(Expm1Op, gb.add(y, gb.constantLike(y, 1.0)))
// erf'(x) = 2/sqrt(pi) exp(-x^2); erfinv'(y) = sqrt(pi)/2 exp(erfinv(y)^2).
THETA_UNARY_GRADIENT(ErfOp, gb.mul(gb.constantLike(x, 1.1283791670955126),
                                   gb.create<ExpOp>(gb.neg(gb.mul(x, x)))))
THETA_UNARY_GRADIENT(ErfinvOp, gb.mul(gb.constantLike(y, 0.88622692545275801),
                                      gb.create<ExpOp>(gb.mul(y, y))))
#undef THETA_UNARY_GRADIENT
