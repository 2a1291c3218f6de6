//===- OutlineKernels.cpp - --theta-outline-kernels -----------------------===//
//
// A deep network repeats the same layer: 200 dense layers of one width are
// 200 copies of the same handful of loop nests, and LLVM's time grows with
// every copy (see Passes.td). Structured ops on buffers that occur at least
// twice identically become one private function each, called from every
// place, so compile time grows with the number of distinct kernels.
//
//===----------------------------------------------------------------------===//
#include "lowering/Passes.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/StringMap.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/RegionUtils.h"

namespace theta {
#define GEN_PASS_DEF_THETAOUTLINEKERNELS
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

/// Buffers the bare-pointer calling convention can pass: static sizes,
/// strides and offset, and at least one element.
bool passable(Type type) {
  auto memref = dyn_cast<MemRefType>(type);
  if (!memref)
    return type.isIntOrIndexOrFloat();
  if (!memref.hasStaticShape() || memref.getNumElements() == 0)
    return false;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(memref.getStridesAndOffset(strides, offset)) || ShapedType::isDynamic(offset))
    return false;
  return llvm::none_of(strides, ShapedType::isDynamic);
}

/// One structured op as a function of its operands and of the values its
/// regions read from outside (constants are copied in).
struct Kernel {
  linalg::LinalgOp op;
  SmallVector<Value> arguments;
  SmallVector<Operation *> constants;
};

std::optional<Kernel> describe(linalg::LinalgOp op) {
  Kernel kernel{op, SmallVector<Value>(op->getOperands()), {}};
  SetVector<Value> captured;
  getUsedValuesDefinedAbove(op->getRegions(), captured);
  for (Value value : captured) {
    Operation *definer = value.getDefiningOp();
    if (definer && matchPattern(value, m_Constant()) && definer->getNumResults() == 1)
      kernel.constants.push_back(definer);
    else
      kernel.arguments.push_back(value);
  }
  for (Value argument : kernel.arguments)
    if (!passable(argument.getType()))
      return std::nullopt;
  return kernel;
}

/// The private function computing `kernel`, built at `b`'s insertion point.
func::FuncOp buildFunction(OpBuilder &b, const Kernel &kernel, StringRef name) {
  Location loc = kernel.op->getLoc();
  SmallVector<Type> types;
  for (Value argument : kernel.arguments)
    types.push_back(argument.getType());
  auto func = func::FuncOp::create(b, loc, name, b.getFunctionType(types, {}));
  func.setPrivate();
  Block *body = func.addEntryBlock();
  OpBuilder inner = OpBuilder::atBlockEnd(body);
  IRMapping mapping;
  for (auto [value, argument] : llvm::zip(kernel.arguments, body->getArguments()))
    mapping.map(value, argument);
  for (Operation *constant : kernel.constants)
    inner.clone(*constant, mapping);
  inner.clone(*kernel.op, mapping);
  func::ReturnOp::create(inner, loc);
  return func;
}

/// Text that is equal for two kernels exactly when they compute the same.
std::string keyOf(const Kernel &kernel, OpBuilder &scratch) {
  func::FuncOp func = buildFunction(scratch, kernel, "kernel");
  std::string text;
  llvm::raw_string_ostream os(text);
  func->print(os, OpPrintingFlags().useLocalScope());
  func.erase();
  return text;
}

struct OutlineKernelsPass : theta::impl::ThetaOutlineKernelsBase<OutlineKernelsPass> {
  using ThetaOutlineKernelsBase::ThetaOutlineKernelsBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    OwningOpRef<ModuleOp> scratchModule = ModuleOp::create(UnknownLoc::get(context));
    OpBuilder scratch = OpBuilder::atBlockEnd(scratchModule->getBody());

    llvm::MapVector<std::string, SmallVector<Kernel>, llvm::StringMap<unsigned>> groups;
    for (auto func : module.getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      func.walk([&](linalg::LinalgOp op) {
        if (!op.hasPureBufferSemantics())
          return;
        if (std::optional<Kernel> kernel = describe(op))
          groups[keyOf(*kernel, scratch)].push_back(*kernel);
      });
    }

    OpBuilder b = OpBuilder::atBlockEnd(module.getBody());
    unsigned count = 0;
    for (auto &[key, kernels] : groups) {
      if (kernels.size() < minRepeats)
        continue;
      std::string name; // unused, also when the pass runs again on its output
      do
        name = "theta_kernel_" + std::to_string(count++);
      while (module.lookupSymbol(name));
      func::FuncOp callee = buildFunction(b, kernels.front(), name);
      for (const Kernel &kernel : kernels) {
        OpBuilder site(kernel.op);
        func::CallOp::create(site, kernel.op->getLoc(), callee, kernel.arguments);
        kernel.op->erase();
      }
    }
  }
};

} // namespace
