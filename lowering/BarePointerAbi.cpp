//===- BarePointerAbi.cpp - --theta-bare-pointer-abi ----------------------===//
//
// The runtime calls compiled functions with one bare pointer per buffer
// (convert-func-to-llvm's use-bare-ptr-memref-call-conv). That conversion
// refuses memrefs whose identity layout has no static strides, which is the
// case of every shape with a zero dimension after the first (2x0): the
// function then keeps full descriptors and the call reads garbage. A buffer
// with no elements is never read or written, so such an argument becomes a
// `memref<0xT>` and its uses read a zero-size `memref.alloca` of the original
// type instead.
//
//===----------------------------------------------------------------------===//
#include "lowering/Passes.h"

namespace theta {
#define GEN_PASS_DEF_THETABAREPOINTERABI
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

bool hasNoElements(MemRefType type) {
  return type.hasStaticShape() && type.getNumElements() == 0;
}

struct BarePointerAbiPass : theta::impl::ThetaBarePointerAbiBase<BarePointerAbiPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal() || !func.isPublic())
        continue;
      Block &entry = func.getBody().front();
      OpBuilder b = OpBuilder::atBlockBegin(&entry);
      bool changed = false;
      for (BlockArgument argument : entry.getArguments()) {
        auto type = dyn_cast<MemRefType>(argument.getType());
        if (!type || !hasNoElements(type) || type.getRank() <= 1)
          continue;
        Value empty = memref::AllocaOp::create(b, argument.getLoc(), type);
        argument.replaceAllUsesWith(empty);
        argument.setType(MemRefType::get({0}, type.getElementType()));
        changed = true;
      }
      if (changed)
        func.setType(FunctionType::get(func.getContext(), entry.getArgumentTypes(),
                                       func.getResultTypes()));
    }
  }
};

} // namespace
