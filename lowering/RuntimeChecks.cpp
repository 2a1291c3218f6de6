//===- RuntimeChecks.cpp --------------------------------------------------===//
#include "lowering/RuntimeChecks.h"

#include "dialect/SourceLocation.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
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
  if (auto existing = module.lookupSymbol<func::FuncOp>(kIndexErrorFunction))
    return existing;
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  Type i64 = b.getI64Type();
  auto declaration = func::FuncOp::create(b, module.getLoc(), kIndexErrorFunction,
                                          b.getFunctionType({i64, i64, i64, i64}, {}));
  declaration.setPrivate();
  return declaration;
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
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  SmallVector<Value> lower, upper, steps;
  for (int64_t extent : type.getShape()) {
    lower.push_back(zero);
    upper.push_back(arith::ConstantIndexOp::create(b, loc, extent));
    steps.push_back(one);
  }
  // Carries (any bad index seen, the first one).
  Value no = arith::ConstantIntOp::create(b, loc, b.getI1Type(), 0);
  Value none = arith::ConstantIndexOp::create(b, loc, 0);
  Value sizeValue = arith::ConstantIndexOp::create(b, loc, size);
  Value minusSize = arith::ConstantIndexOp::create(b, loc, -size);
  scf::LoopNest nest = scf::buildLoopNest(
      b, loc, lower, upper, steps, ValueRange{no, none},
      [&](OpBuilder &body, Location l, ValueRange ivs, ValueRange carried) -> scf::ValueVector {
        Value raw = tensor::ExtractOp::create(body, l, indices, ivs);
        Value index = arith::IndexCastOp::create(body, l, body.getIndexType(), raw);
        Value below = arith::CmpIOp::create(body, l, arith::CmpIPredicate::slt, index, minusSize);
        Value above = arith::CmpIOp::create(body, l, arith::CmpIPredicate::sge, index, sizeValue);
        Value bad = arith::OrIOp::create(body, l, below, above);
        Value first = arith::AndIOp::create(
            body, l, bad,
            arith::XOrIOp::create(body, l, carried[0],
                                  arith::ConstantIntOp::create(body, l, body.getI1Type(), 1)));
        Value found = arith::OrIOp::create(body, l, carried[0], bad);
        Value value = arith::SelectOp::create(body, l, first, index, carried[1]);
        return {found, value};
      });
  reportIf(b, loc, op, nest.results[0], nest.results[1], size, 0);
}

} // namespace theta
