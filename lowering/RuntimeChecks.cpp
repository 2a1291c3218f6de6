//===- RuntimeChecks.cpp --------------------------------------------------===//
#include "lowering/RuntimeChecks.h"
#include "lowering/RuntimeCalls.h"

#include "dialect/SourceLocation.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"

using namespace mlir;

namespace theta {

namespace {

/// "'theta.take' built at model.cc:12" (or without a place when unknown).
std::string siteText(Operation *op) {
  std::string text = "'" + op->getName().getStringRef().str() + "'";
  std::string where = formatLocation(op->getLoc());
  if (!where.empty())
    text += " built at " + where;
  return text;
}

func::FuncOp declareIndexError(ModuleOp module) {
  return theta::declareRuntimeEntry(module, kIndexErrorFunction, 4);
}

/// Calls the runtime when `bad` holds.
void reportIf(OpBuilder &b, Location loc, Operation *op, Value bad, Value index, int64_t size,
              int64_t length) {
  func::FuncOp callee = declareIndexError(op->getParentOfType<ModuleOp>());
  scf::IfOp::create(b, loc, bad, [&](OpBuilder &then, Location l) {
    Type i64 = then.getI64Type();
    Value site = siteAddress(then, l, op);
    Value value = arith::IndexCastOp::create(then, l, i64, index);
    Value sizeValue = arith::ConstantIntOp::create(then, l, i64, size);
    Value lengthValue = arith::ConstantIntOp::create(then, l, i64, length);
    func::CallOp::create(then, l, callee, ValueRange{site, value, sizeValue, lengthValue});
    scf::YieldOp::create(then, l);
  });
}

} // namespace

Value siteAddress(OpBuilder &b, Location loc, Operation *op) {
  return siteAddress(b, loc, op->getParentOfType<ModuleOp>(), siteText(op));
}

Value siteAddress(OpBuilder &b, Location loc, ModuleOp module, StringRef text) {
  // One global per distinct text, named after its hash.
  std::string name = "theta_site_" + std::to_string(llvm::hash_value(text) & 0xffffffffffull);
  auto type = MemRefType::get({static_cast<int64_t>(text.size() + 1)}, b.getI8Type());
  if (!module.lookupSymbol(name)) {
    OpBuilder global = OpBuilder::atBlockBegin(module.getBody());
    llvm::SmallVector<int8_t> bytes(text.bytes_begin(), text.bytes_end());
    bytes.push_back(0);
    auto value = DenseElementsAttr::get(RankedTensorType::get(type.getShape(), b.getI8Type()),
                                        llvm::ArrayRef<int8_t>(bytes));
    memref::GlobalOp::create(global, loc, name, global.getStringAttr("private"), type, value,
                             /*constant=*/true, /*alignment=*/nullptr);
  }
  Value buffer = memref::GetGlobalOp::create(b, loc, type, name);
  Value address = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), address);
}

Value checkedIndex(OpBuilder &b, Location loc, Operation *op, Value integer, int64_t size,
                   int64_t span, int64_t length) {
  Value index = integer.getType().isIndex()
                    ? integer
                    : Value(arith::IndexCastOp::create(b, loc, b.getIndexType(), integer));
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value sizeValue = arith::ConstantIndexOp::create(b, loc, size);
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, index, zero);
  Value wrapped = arith::SelectOp::create(b, loc, negative,
                                          arith::AddIOp::create(b, loc, index, sizeValue), index);
  int64_t lastStart = size - span;
  Value last = arith::ConstantIndexOp::create(b, loc, std::max<int64_t>(lastStart, 0));
  Value below = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, wrapped, zero);
  Value above = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, wrapped, last);
  Value bad = arith::OrIOp::create(b, loc, below, above);
  if (lastStart < 0) // The slice never fits: every start is an error.
    bad = arith::ConstantIntOp::create(b, loc, b.getI1Type(), 1);
  reportIf(b, loc, op, bad, index, size, length);
  return arith::MinSIOp::create(b, loc, arith::MaxSIOp::create(b, loc, wrapped, zero), last);
}

void checkIndexTensor(OpBuilder &b, Location loc, Operation *op, Value indices, int64_t size) {
  auto type = cast<RankedTensorType>(indices.getType());
  if (type.getNumElements() == 0)
    return;
  // The smallest and the largest index, in one reduction over contiguous
  // memory (it vectorizes); one of them is out of range if any is.
  Type element = type.getElementType();
  auto scalar = RankedTensorType::get({}, element);
  unsigned width = element.getIntOrFloatBitWidth();
  Value lowest = arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(element, llvm::APInt::getSignedMinValue(width)));
  Value highest = arith::ConstantOp::create(
      b, loc, b.getIntegerAttr(element, llvm::APInt::getSignedMaxValue(width)));
  auto filled = [&](Value value) {
    Value empty = tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{}, element);
    return linalg::FillOp::create(b, loc, ValueRange{value}, ValueRange{empty}).getResult(0);
  };
  MLIRContext *context = b.getContext();
  int64_t rank = type.getRank();
  SmallVector<AffineMap> maps{AffineMap::getMultiDimIdentityMap(rank, context),
                              AffineMap::get(rank, 0, {}, context),
                              AffineMap::get(rank, 0, {}, context)};
  SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::reduction);
  auto extremes = linalg::GenericOp::create(
      b, loc, TypeRange{scalar, scalar}, ValueRange{indices},
      ValueRange{filled(highest), filled(lowest)}, maps, iterators,
      [](OpBuilder &body, Location l, ValueRange args) {
        linalg::YieldOp::create(body, l,
                                ValueRange{arith::MinSIOp::create(body, l, args[0], args[1]),
                                           arith::MaxSIOp::create(body, l, args[0], args[2])});
      });
  Value smallest = tensor::ExtractOp::create(b, loc, extremes.getResult(0), ValueRange{});
  Value largest = tensor::ExtractOp::create(b, loc, extremes.getResult(1), ValueRange{});
  Type indexType = b.getIndexType();
  Value low = arith::IndexCastOp::create(b, loc, indexType, smallest);
  Value high = arith::IndexCastOp::create(b, loc, indexType, largest);
  Value below = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, low,
                                      arith::ConstantIndexOp::create(b, loc, -size));
  Value above = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, high,
                                      arith::ConstantIndexOp::create(b, loc, size));
  Value bad = arith::OrIOp::create(b, loc, below, above);
  Value offending = arith::SelectOp::create(b, loc, below, low, high);
  reportIf(b, loc, op, bad, offending, size, 0);
}

} // namespace theta
