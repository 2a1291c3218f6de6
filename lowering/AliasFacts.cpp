//===- AliasFacts.cpp - --theta-alias-facts -------------------------------===//
//
// LLVM cannot tell a function's input buffers from its result buffers or
// its temporaries: all are plain pointers, so a store to one may change any
// other, and a load inside a loop that stores stays in the loop. Theta knows
// better (see Passes.td): inputs are never written during a call, and the
// allocator returns fresh memory.
//
//===----------------------------------------------------------------------===//
#include "lowering/Passes.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"

namespace theta {
#define GEN_PASS_DEF_THETAALIASFACTS
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

/// The value inserted at `position` of the struct `container` (a memref
/// descriptor built by a chain of llvm.insertvalue), or null.
Value insertedAt(Value container, ArrayRef<int64_t> position) {
  while (auto insert = container.getDefiningOp<LLVM::InsertValueOp>()) {
    if (insert.getPosition() == position)
      return insert.getValue();
    container = insert.getContainer();
  }
  return nullptr;
}

/// The function argument a pointer is an offset from (through address
/// arithmetic and memref descriptors), or null.
BlockArgument rootArgument(Value pointer) {
  while (pointer) {
    if (auto gep = pointer.getDefiningOp<LLVM::GEPOp>())
      pointer = gep.getBase();
    else if (auto extract = pointer.getDefiningOp<LLVM::ExtractValueOp>())
      pointer = insertedAt(extract.getContainer(), extract.getPosition());
    else
      break;
  }
  auto argument = dyn_cast_or_null<BlockArgument>(pointer);
  if (!argument || !argument.getOwner()->isEntryBlock() ||
      !isa<LLVM::LLVMFuncOp>(argument.getOwner()->getParentOp()))
    return nullptr;
  return argument;
}

/// Pointer arguments whose memory nothing writes while a call runs.
/// Two properties, each an optimistic fixpoint over the module's calls:
/// an argument is *read-only* when its function (and every function it is
/// handed to) only reads through it; it is *unchanged* when, besides, every
/// pointer that may reach the same memory is read-only too. For a public
/// function that is being read-only (its other arguments are inputs, never
/// written, or fresh results, overlapping nothing); a private function's
/// argument must also be unchanged at every call site.
class UnchangedArguments {
public:
  explicit UnchangedArguments(ModuleOp module) : module(module) {
    collectFunctionsAndCalls();
    shrink(readOnly, [&](BlockArgument argument) { return onlyRead(argument); });
    unchanged = readOnly;
    shrink(unchanged, [&](BlockArgument argument) { return unchangedAtCallSites(argument); });
  }

  bool contains(BlockArgument argument) const { return unchanged.contains(argument); }

private:
  using ArgumentSet = llvm::SetVector<BlockArgument>;

  void collectFunctionsAndCalls() {
    for (auto function : module.getOps<LLVM::LLVMFuncOp>()) {
      if (function.isExternal())
        continue;
      defined[function.getSymName()] = function;
      for (BlockArgument argument : function.getArguments())
        if (isa<LLVM::LLVMPointerType>(argument.getType()))
          readOnly.insert(argument);
    }
    // A private function's arguments are whatever its callers pass; one
    // whose address is taken has callers we cannot see.
    module.walk([&](Operation *op) {
      if (auto call = dyn_cast<LLVM::CallOp>(op)) {
        if (auto callee = call.getCallee())
          callSites[*callee].push_back(call);
        return;
      }
      if (auto address = dyn_cast<LLVM::AddressOfOp>(op))
        addressTaken.insert(address.getGlobalName());
    });
  }

  /// Removes the members failing `holds` until all hold.
  template <typename Predicate>
  static void shrink(ArgumentSet &set, Predicate holds) {
    bool changed = true;
    while (changed) {
      changed = false;
      for (BlockArgument argument : SmallVector<BlockArgument>(set.begin(), set.end()))
        if (!holds(argument)) {
          set.remove(argument);
          changed = true;
        }
    }
  }

  bool unchangedAtCallSites(BlockArgument argument) {
    auto function = cast<LLVM::LLVMFuncOp>(argument.getOwner()->getParentOp());
    bool isPrivate = function.isPrivate() ||
                     function.getLinkage() == LLVM::Linkage::Internal ||
                     function.getLinkage() == LLVM::Linkage::Private;
    if (!isPrivate)
      return true;
    if (addressTaken.contains(function.getSymName()))
      return false;
    for (LLVM::CallOp call : callSites.lookup(function.getSymName())) {
      BlockArgument root = rootArgument(call.getArgOperands()[argument.getArgNumber()]);
      if (!root || !unchanged.contains(root))
        return false;
    }
    return true;
  }
  /// Whether every use of `pointer` (and of addresses computed from it)
  /// reads memory and nothing else.
  bool onlyRead(Value pointer) {
    SmallVector<Value> work{pointer};
    while (!work.empty()) {
      Value value = work.pop_back_val();
      for (OpOperand &use : value.getUses()) {
        Operation *user = use.getOwner();
        if (auto load = dyn_cast<LLVM::LoadOp>(user)) {
          if (load.getVolatile_())
            return false;
          continue;
        }
        if (auto insert = dyn_cast<LLVM::InsertValueOp>(user)) {
          if (insert.getValue() != value || !descriptorOnlyRead(insert))
            return false;
          continue;
        }
        if (auto gep = dyn_cast<LLVM::GEPOp>(user)) {
          if (gep.getBase() != value)
            return false;
          work.push_back(gep.getResult());
          continue;
        }
        if (auto copy = dyn_cast<LLVM::MemcpyOp>(user)) {
          if (copy.getSrc() != value || copy.getDst() == value)
            return false;
          continue;
        }
        if (auto call = dyn_cast<LLVM::CallOp>(user)) {
          auto callee = call.getCallee();
          auto target = callee ? defined.lookup(*callee) : LLVM::LLVMFuncOp();
          unsigned index = use.getOperandNumber() - call.getArgOperands().getBeginOperandIndex();
          if (!target || index >= target.getNumArguments() ||
              !readOnly.contains(target.getArgument(index)))
            return false;
          continue;
        }
        return false;
      }
    }
    return true;
  }

  /// A memref descriptor holding the pointer: every use must build more of
  /// it or take a field out; the pointer taken out must be only read.
  bool descriptorOnlyRead(LLVM::InsertValueOp holder) {
    ArrayRef<int64_t> position = holder.getPosition();
    SmallVector<Value> structs{holder.getResult()};
    while (!structs.empty()) {
      Value descriptor = structs.pop_back_val();
      for (OpOperand &use : descriptor.getUses()) {
        Operation *user = use.getOwner();
        if (auto insert = dyn_cast<LLVM::InsertValueOp>(user)) {
          if (insert.getContainer() != descriptor)
            return false;
          if (insert.getPosition() != position) // else the pointer is replaced
            structs.push_back(insert.getResult());
          continue;
        }
        auto extract = dyn_cast<LLVM::ExtractValueOp>(user);
        if (!extract)
          return false;
        if (extract.getPosition() == position && !onlyRead(extract.getResult()))
          return false;
      }
    }
    return true;
  }

  ModuleOp module;
  llvm::DenseMap<StringRef, LLVM::LLVMFuncOp> defined;
  llvm::DenseMap<StringRef, SmallVector<LLVM::CallOp>> callSites;
  llvm::DenseSet<StringRef> addressTaken;
  ArgumentSet readOnly, unchanged;
};

/// The runtime's allocators, which finalize-memref-to-llvm{use-generic-functions}
/// declares; they return fresh memory, as malloc does.
constexpr const char *kAllocators[] = {"_mlir_memref_to_llvm_alloc",
                                       "_mlir_memref_to_llvm_aligned_alloc"};

struct AliasFactsPass : theta::impl::ThetaAliasFactsBase<AliasFactsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    UnchangedArguments unchanged(module);
    module.walk([&](LLVM::LoadOp load) {
      BlockArgument root = rootArgument(load.getAddr());
      if (root && unchanged.contains(root) && !load.getVolatile_())
        load.setInvariant(true);
    });
    for (const char *name : kAllocators)
      if (auto allocator = module.lookupSymbol<LLVM::LLVMFuncOp>(name))
        allocator.setResultAttr(0, LLVM::LLVMDialect::getNoAliasAttrName(),
                                UnitAttr::get(&getContext()));
  }
};

} // namespace
