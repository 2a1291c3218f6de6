//===- BoundedResults.cpp -------------------------------------------------===//
#include "lowering/BoundedResults.h"

#include "dialect/ThetaOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace theta {
namespace {

/// The static bound of `value`'s leading size, when `value` is the result of
/// an until-scan with a known step count and its other sizes are static.
std::optional<int64_t> leadingBound(Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() == 0 || !type.isDynamicDim(0) ||
      llvm::any_of(type.getShape().drop_front(), ShapedType::isDynamic))
    return std::nullopt;
  auto scan = value.getDefiningOp<ScanOp>();
  if (!scan || !scan.getUntil() || !scan.getNSteps())
    return std::nullopt;
  return knownScalar(scan.getNSteps());
}

} // namespace

FailureOr<std::vector<int>> padBoundedResults(func::FuncOp func) {
  auto ret = cast<func::ReturnOp>(func.getBody().back().getTerminator());
  std::vector<int> countOf(ret.getNumOperands(), -1);
  for (Value value : ret.getOperands())
    if (!cast<RankedTensorType>(value.getType()).hasStaticShape() && !leadingBound(value))
      return failure();

  OpBuilder b(ret);
  Location loc = ret.getLoc();
  SmallVector<Value> results(ret.getOperands()), counts;
  for (auto [index, value] : llvm::enumerate(results)) {
    std::optional<int64_t> bound = leadingBound(value);
    if (!bound)
      continue;
    auto type = cast<RankedTensorType>(value.getType());
    SmallVector<int64_t> shape(type.getShape());
    shape[0] = *bound;
    Value rows = tensor::DimOp::create(b, loc, value, 0);
    // alloc_tensor: a buffer of its own, never merged with another by CSE.
    Value padded = bufferization::AllocTensorOp::create(
        b, loc, RankedTensorType::get(shape, type.getElementType()), ValueRange());
    SmallVector<OpFoldResult> offsets(shape.size(), b.getIndexAttr(0)),
        strides(shape.size(), b.getIndexAttr(1)), sizes{rows};
    for (int64_t size : type.getShape().drop_front())
      sizes.push_back(b.getIndexAttr(size));
    value = tensor::InsertSliceOp::create(b, loc, value, padded, offsets, sizes, strides);
    Value count = arith::IndexCastOp::create(b, loc, b.getI64Type(), rows);
    counts.push_back(tensor::FromElementsOp::create(
        b, loc, RankedTensorType::get({1}, b.getI64Type()), ValueRange{count}));
    countOf[index] = static_cast<int>(results.size() + counts.size() - 1);
  }
  if (counts.empty())
    return countOf;
  results.append(counts);
  func::ReturnOp::create(b, loc, results);
  ret.erase();
  SmallVector<Type> types;
  for (Value value : results)
    types.push_back(value.getType());
  func.setType(FunctionType::get(func.getContext(), func.getArgumentTypes(), types));
  return countOf;
}

} // namespace theta
