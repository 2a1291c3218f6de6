//===- LinalgBuilders.cpp -------------------------------------------------===//
#include "lowering/LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"

using namespace mlir;

namespace theta {

Value wrapAndClampIndex(OpBuilder &b, Location loc, Value integer, int64_t dim, int64_t last) {
  Value index = arith::IndexCastOp::create(b, loc, b.getIndexType(), integer);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value size = arith::ConstantIndexOp::create(b, loc, dim);
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, index, zero);
  Value wrapped =
      arith::SelectOp::create(b, loc, negative, arith::AddIOp::create(b, loc, index, size), index);
  Value upper = arith::ConstantIndexOp::create(b, loc, last);
  return arith::MinSIOp::create(b, loc, arith::MaxSIOp::create(b, loc, wrapped, zero), upper);
}

Value emptyTensor(OpBuilder &b, Location loc, RankedTensorType type) {
  return tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
}

Value filledTensor(OpBuilder &b, Location loc, RankedTensorType type, Value value) {
  return linalg::FillOp::create(b, loc, ValueRange{value},
                                ValueRange{emptyTensor(b, loc, type)})
      .getResult(0);
}

/// Maps result indices to an operand's indices: right-aligned, with size-1
/// operand dimensions that broadcast pinned to 0.
static AffineMap broadcastMap(MLIRContext *context, ArrayRef<int64_t> operand,
                              ArrayRef<int64_t> result) {
  int64_t offset = static_cast<int64_t>(result.size() - operand.size());
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(operand)) {
    int64_t d = offset + static_cast<int64_t>(i);
    exprs.push_back(size == 1 && result[d] != 1 ? getAffineConstantExpr(0, context)
                                                : getAffineDimExpr(d, context));
  }
  return AffineMap::get(result.size(), 0, exprs, context);
}

Value buildBroadcastGeneric(OpBuilder &b, Location loc, RankedTensorType resultType,
                            ValueRange inputs, ScalarBody body) {
  MLIRContext *context = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value input : inputs)
    maps.push_back(broadcastMap(context, cast<RankedTensorType>(input.getType()).getShape(),
                                resultType.getShape()));
  maps.push_back(b.getMultiDimIdentityMap(resultType.getRank()));
  SmallVector<utils::IteratorType> iterators(resultType.getRank(),
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{emptyTensor(b, loc, resultType)}, maps,
      iterators, [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

SmallVector<Value> buildReduction(OpBuilder &b, Location loc, Value input,
                                  ArrayRef<int64_t> axes, ValueRange inits,
                                  MultiScalarBody combine) {
  auto inputType = cast<RankedTensorType>(input.getType());
  int64_t rank = inputType.getRank();
  MLIRContext *context = b.getContext();
  // Loop order. When the innermost axis is reduced (a sum over H and W of
  // NCHW), the kept axes become the outer loops: they are distributed over
  // the threads and each inner loop reduces contiguous memory. When the
  // innermost axis is kept (column sums), the input's order already reads
  // memory contiguously and the inner loop is vectorized across the kept
  // axis.
  bool keptFirst = rank > 0 && llvm::is_contained(axes, rank - 1);
  SmallVector<int64_t> loopOfAxis(rank);
  int64_t loop = 0;
  for (int pass = 0; pass < 2; ++pass)
    for (int64_t d = 0; d < rank; ++d) {
      bool reduced = llvm::is_contained(axes, d);
      if (!keptFirst ? pass == 0 : reduced == (pass == 1))
        loopOfAxis[d] = loop++;
    }
  SmallVector<int64_t> shape;
  SmallVector<AffineExpr> inputExprs, outputExprs;
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
  for (int64_t d = 0; d < rank; ++d) {
    AffineExpr dim = getAffineDimExpr(loopOfAxis[d], context);
    inputExprs.push_back(dim);
    if (llvm::is_contained(axes, d)) {
      iterators[loopOfAxis[d]] = utils::IteratorType::reduction;
      continue;
    }
    shape.push_back(inputType.getDimSize(d));
    outputExprs.push_back(dim);
  }
  AffineMap outputMap = AffineMap::get(rank, 0, outputExprs, context);
  SmallVector<AffineMap> maps{AffineMap::get(rank, 0, inputExprs, context)};
  SmallVector<Type> resultTypes;
  SmallVector<Value> outputs;
  for (Value init : inits) {
    auto resultType = RankedTensorType::get(shape, init.getType());
    resultTypes.push_back(resultType);
    outputs.push_back(filledTensor(b, loc, resultType, init));
    maps.push_back(outputMap);
  }
  auto generic = linalg::GenericOp::create(
      b, loc, resultTypes, ValueRange{input}, outputs, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        linalg::YieldOp::create(nested, nestedLoc, combine(nested, nestedLoc, args));
      });
  return SmallVector<Value>(generic.getResults());
}

Value buildReduction(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> axes,
                     Value init, ScalarBody combine) {
  return buildReduction(b, loc, input, axes, ValueRange{init},
                        [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
                          return SmallVector<Value>{combine(nested, nestedLoc, args)};
                        })
      .front();
}

Value reshapeTo(OpBuilder &b, Location loc, Value value, RankedTensorType type) {
  auto source = cast<RankedTensorType>(value.getType());
  if (source == type)
    return value;
  if (source.getRank() > type.getRank()) {
    if (auto reassociation = getReassociationIndicesForReshape(source, type))
      return tensor::CollapseShapeOp::create(b, loc, type, value, *reassociation);
  } else if (source.getRank() < type.getRank()) {
    if (auto reassociation = getReassociationIndicesForReshape(source, type))
      return tensor::ExpandShapeOp::create(b, loc, type, value, *reassociation);
  }
  // General case: through a rank-1 view (collapse, then expand).
  auto flat = RankedTensorType::get({source.getNumElements()}, source.getElementType());
  Value collapsed = value;
  if (source.getRank() != 1) {
    SmallVector<ReassociationIndices> all(source.getRank() ? 1 : 0);
    for (int64_t d = 0; d < source.getRank(); ++d)
      all.front().push_back(d);
    collapsed = tensor::CollapseShapeOp::create(b, loc, flat, value, all);
  }
  if (type.getRank() == 1)
    return collapsed;
  SmallVector<ReassociationIndices> all(type.getRank() ? 1 : 0);
  for (int64_t d = 0; d < type.getRank(); ++d)
    all.front().push_back(d);
  return tensor::ExpandShapeOp::create(b, loc, type, collapsed, all);
}

} // namespace theta
