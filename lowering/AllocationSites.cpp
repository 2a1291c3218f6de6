//===- AllocationSites.cpp - --theta-allocation-sites ---------------------===//
//
// Compiled code allocates its temporaries through the runtime (see
// runtime/Execution.h). Before each heap allocation it names the op the
// buffer is for, so that a failed allocation raises "cannot allocate 4.0 TB
// for a buffer of the op built at model.cc:12" instead of crashing.
//
//===----------------------------------------------------------------------===//
#include "lowering/RuntimeCalls.h"
#include "lowering/Passes.h"
#include "lowering/RuntimeChecks.h"

#include "dialect/SourceLocation.h"

namespace theta {
#define GEN_PASS_DEF_THETAALLOCATIONSITES
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

constexpr const char *kSiteFunction = "theta_allocation_site";

struct AllocationSitesPass : theta::impl::ThetaAllocationSitesBase<AllocationSitesPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<memref::AllocOp> allocations;
    module.walk([&](memref::AllocOp alloc) { allocations.push_back(alloc); });
    if (allocations.empty())
      return;
    func::FuncOp callee = theta::declareRuntimeEntry(module, kSiteFunction, 1);
    for (memref::AllocOp alloc : allocations) {
      std::string where = theta::formatLocation(alloc.getLoc());
      std::string text = where.empty() ? "a compiled function" : "the op built at " + where;
      OpBuilder b(alloc);
      Value site = theta::siteAddress(b, alloc.getLoc(), module, text);
      func::CallOp::create(b, alloc.getLoc(), callee, ValueRange{site});
    }
  }
};

} // namespace
