//===- JacobianScan.cpp - a Jacobian as one loop of reverse sweeps --------===//
//
// Row i of the Jacobian of y with respect to x is the vector-Jacobian product
// with the one-hot seed e_i. Writing the rows out means one reverse sweep per
// element of y: the module, and compile time, grow with y's size (a hessian of
// 200 variables took 18 s to compile). A theta.scan over i builds the sweep
// once; each step seeds it with e_i and yields the row. The values the sweep
// reads from outside become the scan's non-sequences.
//
//===----------------------------------------------------------------------===//
#include "dialect/Autodiff.h"
#include "dialect/GradientBuilder.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Builders.h"

using namespace mlir;

namespace theta {

namespace {

/// The values `region` uses that are defined outside it, in first-use order.
SmallVector<Value> capturedBy(Region &region) {
  SmallVector<Value> captured;
  llvm::SmallDenseSet<Value> seen;
  region.walk([&](Operation *op) {
    for (Value operand : op->getOperands())
      if (!region.isAncestor(operand.getParentRegion()) && seen.insert(operand).second)
        captured.push_back(operand);
  });
  return captured;
}

} // namespace

LogicalResult expandJacobianAsScan(JacobianOp op) {
  Location loc = op.getLoc();
  Value expression = op.getExpression(), wrt = op.getWrt();
  RankedTensorType type = tensorType(expression);
  RankedTensorType wrtType = tensorType(wrt);
  if (!wrtType.hasStaticShape())
    return op.emitOpError("needs a wrt of static shape to expand as a loop, got ")
           << typeToString(wrtType);
  int64_t count = type.getNumElements();
  OpBuilder builder(op);
  Type i64 = builder.getI64Type();

  // The step indices 0 .. count-1, the scan's sequence.
  SmallVector<int64_t> indices(count);
  for (int64_t i = 0; i < count; ++i)
    indices[i] = i;
  auto indexType = RankedTensorType::get({count}, i64);
  auto steps = tryCreate<ConstantOp>(builder, loc, /*diagnose=*/true,
                                     DenseElementsAttr::get(indexType, ArrayRef(indices)));
  if (!steps)
    return failure();

  // The step: seed = (indices == i) as the expression's type, then the sweep.
  Region body;
  Block *block = new Block();
  body.push_back(block);
  Value step = block->addArgument(RankedTensorType::get({}, i64), loc);
  // The region has no parent op yet, so the builder gets the context itself.
  OpBuilder inner(builder.getContext());
  inner.setInsertionPointToEnd(block);
  GradientBuilder gb(inner, loc);
  Value stepAsVector = gb.create<DimShuffleOp>(step, ArrayRef<int64_t>{-1}); // [x]
  Value hot = gb.create<EqOp>(steps.getResult(), stepAsVector);
  Value seed = gb.create<CastOp>(hot, type.getElementType());
  if (type.getRank() != 1)
    seed = gb.create<ReshapeOp>(seed, ValueRange(), type.getShape());
  if (failed(gb.status()))
    return failure();
  FailureOr<SmallVector<Value>> rows =
      vectorJacobianProduct(inner, loc, {expression}, {seed}, ValueRange{wrt});
  if (failed(rows))
    return failure();
  Value row = rows->front() ? rows->front() : gb.zerosLike(wrt);
  if (failed(gb.status()))
    return failure();
  if (row.getType() != wrtType)
    row = tensor::CastOp::create(inner, loc, wrtType, row);
  YieldOp::create(inner, loc, ValueRange{row});

  // theta.scan is isolated from above: what the step reads from outside
  // comes in as non-sequences.
  SmallVector<Value> captured = capturedBy(body);
  for (Value value : captured) {
    Value argument = block->addArgument(value.getType(), value.getLoc());
    value.replaceUsesWithIf(argument, [&](OpOperand &use) {
      return body.isAncestor(use.getOwner()->getParentRegion());
    });
  }
  SmallVector<int64_t> rowsShape{count};
  llvm::append_range(rowsShape, wrtType.getShape());
  OperationState state(loc, ScanOp::getOperationName());
  state.addOperands(steps.getResult());
  state.addOperands(captured);
  state.addAttribute(builder.getStringAttr("operandSegmentSizes"),
                     builder.getDenseI32ArrayAttr(
                         {1, 0, static_cast<int32_t>(captured.size()), 0}));
  state.addAttribute("taps", builder.getArrayAttr(ArrayRef<Attribute>()));
  state.addTypes(RankedTensorType::get(rowsShape, wrtType.getElementType()));
  state.addRegion()->takeBody(body);
  Operation *scan = builder.create(state);

  // [count, wrt...] -> expression.shape + wrt.shape.
  Value result = scan->getResult(0);
  if (type.getRank() != 1) {
    SmallVector<int64_t> shape(type.getShape());
    llvm::append_range(shape, wrtType.getShape());
    GradientBuilder outer(builder, loc);
    result = outer.create<ReshapeOp>(result, ValueRange(), shape);
    if (failed(outer.status()))
      return failure();
  }
  if (result.getType() != op.getType())
    result = tensor::CastOp::create(builder, loc, op.getType(), result);
  op.replaceAllUsesWith(result);
  op.erase();
  return success();
}

} // namespace theta
