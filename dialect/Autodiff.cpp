//===- Autodiff.cpp - reverse-mode accumulation over the theta graph -----===//
//
// For one theta.grad: find the ops between the `wrt` values and the cost
// (the cone), then walk it backwards from the cost, asking each op for the
// gradients of its operands (DifferentiableOpInterface) and summing the
// contributions that reach a value along several paths. Forward results are
// reused by the gradient rules, so forward and backward share their work.
//
//===----------------------------------------------------------------------===//
#include "dialect/Autodiff.h"

#include "dialect/GradientBuilder.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/RegionUtils.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;

namespace theta {
namespace {

bool isFloatValue(Value value) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  return type && isa<FloatType>(type.getElementType());
}

/// Ops through which a gradient flows from results to operands.
bool carriesGradient(Operation *op) {
  return isa<DifferentiableOpInterface, GradOp, JacobianOp>(op);
}

/// The part of the graph a gradient sweep visits.
struct Cone {
  /// Ops that reach the cost through gradient-carrying edges and have an
  /// operand depending on a `wrt`, in block order: the ones the sweep visits.
  SmallVector<Operation *> ops;
  /// Values the cost depends on (through gradient-carrying edges).
  llvm::DenseSet<Value> reachesCost;
  /// Values that depend on a `wrt` and reach the cost: they get gradients.
  llvm::DenseSet<Value> active;
};

Cone analyze(ArrayRef<Value> roots, ValueRange wrt, ValueRange constants) {
  Cone cone;
  llvm::DenseSet<Value> constantSet(constants.begin(), constants.end());
  Block *block = Value(roots.front()).getParentBlock();

  // Backwards from the roots. Values defined outside their block are leaves.
  llvm::SetVector<Operation *> ops;
  SmallVector<Value> worklist(roots.begin(), roots.end());
  while (!worklist.empty()) {
    Value value = worklist.pop_back_val();
    if (!isFloatValue(value) || constantSet.contains(value) ||
        !cone.reachesCost.insert(value).second)
      continue;
    Operation *op = value.getDefiningOp();
    if (!op || op->getBlock() != block || !carriesGradient(op) || !ops.insert(op))
      continue;
    llvm::append_range(worklist, op->getOperands());
  }
  SmallVector<Operation *> reaching = ops.takeVector();
  llvm::sort(reaching, [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });

  // Forwards from the wrt values, inside the cone.
  for (Value value : wrt)
    if (cone.reachesCost.contains(value))
      cone.active.insert(value);
  for (Operation *op : reaching) {
    if (llvm::none_of(op->getOperands(), [&](Value v) { return cone.active.contains(v); }))
      continue;
    cone.ops.push_back(op);
    for (Value result : op->getResults())
      if (cone.reachesCost.contains(result))
        cone.active.insert(result);
  }
  return cone;
}

/// Erases the ops in (first, last] that nothing uses, last to first, except
/// the producers of `keep` (results whose users may come later).
void eraseDeadBetween(Operation *first, Operation *last, ValueRange keep) {
  for (Operation *op = last; op && op != first;) {
    Operation *previous = op->getPrevNode();
    bool kept = llvm::any_of(keep, [&](Value v) { return v.getDefiningOp() == op; });
    if (!kept && isOpTriviallyDead(op))
      op->erase();
    op = previous;
  }
}

/// The reverse sweep over `cone`, starting from the adjoints already in
/// `adjoint`; ops are built at `builder`'s insertion point.
LogicalResult sweep(const Cone &cone, OpBuilder &builder, GradientBuilder &gb,
                    llvm::DenseMap<Value, Value> &adjoint) {
  for (Operation *forward : llvm::reverse(cone.ops)) {
    SmallVector<Value> resultGrads;
    for (Value result : forward->getResults())
      resultGrads.push_back(adjoint.lookup(result));
    if (llvm::all_of(resultGrads, [](Value g) { return !g; }))
      continue;
    auto differentiable = dyn_cast<DifferentiableOpInterface>(forward);
    if (!differentiable)
      return forward->emitOpError("must be expanded before the gradient that uses it");
    SmallVector<Value> operandGrads;
    if (failed(differentiable.buildGradients(builder, resultGrads, operandGrads)))
      return failure();
    assert(operandGrads.size() == forward->getNumOperands() && "one gradient per operand");
    for (auto [operand, grad] : llvm::zip(forward->getOperands(), operandGrads)) {
      if (!grad || !cone.active.contains(operand))
        continue;
      Value &sum = adjoint[operand];
      sum = sum ? gb.add(sum, grad) : grad;
    }
    if (failed(gb.status()))
      return failure();
  }
  return success();
}

} // namespace

FailureOr<SmallVector<Value>> vectorJacobianProduct(OpBuilder &builder, Location loc,
                                                    ArrayRef<Value> outputs,
                                                    ArrayRef<Value> cotangents,
                                                    ValueRange wrt) {
  SmallVector<Value> roots;
  for (auto [output, cotangent] : llvm::zip(outputs, cotangents))
    if (cotangent)
      roots.push_back(output);
  SmallVector<Value> grads(wrt.size());
  if (roots.empty())
    return grads;
  Cone cone = analyze(roots, wrt, {});
  GradientBuilder gb(builder, loc);
  llvm::DenseMap<Value, Value> adjoint;
  for (auto [output, cotangent] : llvm::zip(outputs, cotangents)) {
    if (!cotangent || !cone.reachesCost.contains(output))
      continue;
    Value &sum = adjoint[output];
    sum = sum ? gb.add(sum, cotangent) : cotangent;
  }
  if (failed(gb.status()) || failed(sweep(cone, builder, gb, adjoint)))
    return failure();
  for (auto [grad, value] : llvm::zip(grads, wrt))
    grad = adjoint.lookup(value);
  return grads;
}

SmallVector<bool> connectedToCost(Value cost, ValueRange wrt, ValueRange constants) {
  Cone cone = analyze({cost}, wrt, constants);
  SmallVector<bool> connected;
  for (Value value : wrt)
    connected.push_back(cone.reachesCost.contains(value));
  return connected;
}

std::string disconnectedMessage(unsigned index, Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "grad was asked to compute the gradient with respect to wrt #" << index << " ("
     << typeToString(type)
     << "), which is not part of the computational graph of the cost, or is used only by a "
        "non-differentiable operator; pass disconnected = \"zero\" to get a zero gradient";
  return text;
}

LogicalResult expandGrad(GradOp op, SmallVectorImpl<Value> &replacements) {
  Value cost = op.getCost();
  Cone cone = analyze({cost}, op.getWrt(), op.getConsiderConstant());
  for (auto [index, value] : llvm::enumerate(op.getWrt()))
    if (!cone.reachesCost.contains(value) && op.getDisconnected() == "raise")
      return op.emitOpError(disconnectedMessage(index, value.getType()));

  Operation *before = op->getPrevNode();
  OpBuilder builder(op);
  GradientBuilder gb(builder, op.getLoc());
  llvm::DenseMap<Value, Value> adjoint;
  adjoint[cost] = op.getSeed() ? op.getSeed() : gb.constantLike(cost, 1.0);

  if (failed(gb.status()) || failed(sweep(cone, builder, gb, adjoint)))
    return failure();

  replacements.clear();
  for (Value value : op.getWrt()) {
    Value grad = adjoint.lookup(value);
    if (!grad)
      grad = gb.zerosLike(value);
    if (failed(gb.status()))
      return failure();
    if (grad.getType() != value.getType())
      grad = tensor::CastOp::create(builder, op.getLoc(), value.getType(), grad);
    replacements.push_back(grad);
  }
  Operation *after = op->getNextNode();
  op->replaceAllUsesWith(replacements);
  op->erase();
  eraseDeadBetween(before, after ? after->getPrevNode() : nullptr, replacements);
  return success();
}

LogicalResult expandJacobian(JacobianOp op) {
  Value expression = op.getExpression(), wrt = op.getWrt();
  RankedTensorType type = tensorType(expression);
  if (!type.hasStaticShape() || type.getNumElements() == 0)
    return op.emitOpError("needs an expression of static, non-empty shape to expand, got ")
           << typeToString(type);
  int64_t count = type.getNumElements();
  // Up to a few rows, the sweeps are written out; beyond, one loop builds the
  // sweep once, so compile time does not grow with the size.
  constexpr int64_t kUnrolledRows = 16;
  if (count > kUnrolledRows && tensorType(op.getWrt()).hasStaticShape())
    return expandJacobianAsScan(op);
  OpBuilder builder(op);
  GradientBuilder gb(builder, op.getLoc());
  Value flat = type.getRank() == 1 ? expression
                                   : gb.create<ReshapeOp>(expression, ValueRange(),
                                                          ArrayRef<int64_t>{count});
  int64_t wrtRank = tensorType(wrt).getRank();
  SmallVector<int64_t> asRow{-1};
  for (int64_t d = 0; d < wrtRank; ++d)
    asRow.push_back(d);

  SmallVector<Value> rows;
  for (int64_t i = 0; i < count; ++i) {
    Value element = type.getRank() == 0
                        ? expression
                        : gb.create<SubtensorOp>(flat, ValueRange(), ArrayRef<int64_t>{i},
                                                 ArrayRef<int64_t>{1}, ArrayRef<int64_t>{1},
                                                 ArrayRef<int64_t>{0});
    if (failed(gb.status()))
      return failure();
    auto grad = tryCreate<GradOp>(builder, op.getLoc(), /*diagnose=*/true, element,
                                  /*seed=*/Value(), ValueRange{wrt}, ValueRange(),
                                  op.getDisconnected());
    SmallVector<Value> replacement;
    if (!grad || failed(expandGrad(grad, replacement)))
      return failure();
    if (element != expression && element.use_empty())
      element.getDefiningOp()->erase();
    rows.push_back(replacement.front());
  }
  Value result;
  if (type.getRank() == 0) {
    result = rows.front();
  } else {
    for (Value &row : rows)
      row = gb.create<DimShuffleOp>(row, asRow);
    result = rows.size() == 1 ? rows.front() : gb.create<ConcatenateOp>(rows, 0);
    if (type.getRank() != 1) {
      // expression.shape + wrt.shape, the latter possibly dynamic.
      SmallVector<int64_t> shape(type.getShape());
      SmallVector<Value> dynamic;
      gb.shapeOperands(wrt, shape, dynamic);
      result = gb.create<ReshapeOp>(result, dynamic, shape);
    }
  }
  if (failed(gb.status()))
    return failure();
  if (result.getType() != op.getType())
    result = tensor::CastOp::create(builder, op.getLoc(), op.getType(), result);
  op.replaceAllUsesWith(result);
  op.erase();
  return success();
}

} // namespace theta
