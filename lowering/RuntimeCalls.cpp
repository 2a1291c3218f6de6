//===- RuntimeCalls.cpp ---------------------------------------------------===//
#include "lowering/RuntimeCalls.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;

namespace theta {

func::FuncOp declareRuntimeEntry(ModuleOp module, StringRef name, unsigned arguments) {
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
  auto type = b.getFunctionType(SmallVector<Type>(arguments, b.getI64Type()), {});
  auto declaration = func::FuncOp::create(b, module.getLoc(), name, type);
  declaration.setPrivate();
  return declaration;
}

Value bufferAddress(OpBuilder &b, Location loc, Value buffer) {
  Value index = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, buffer);
  return arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
}

} // namespace theta
