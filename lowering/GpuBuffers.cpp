//===- GpuBuffers.cpp - --theta-gpu-buffers -------------------------------===//
//
// Buffers of public functions move to GPU memory: see Passes.td. Runs after
// the deallocation pipeline, so every alloc has its dealloc already.
//
//===----------------------------------------------------------------------===//
#include "lowering/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/BuiltinOps.h"

namespace theta {
#define GEN_PASS_DEF_THETAGPUBUFFERS
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

/// Library calls that read buffers on the host: refused on the GPU.
bool readsBuffersOnHost(func::CallOp call) {
  StringRef callee = call.getCallee();
  return
         callee.starts_with("theta_dnnl") || callee == "theta_sgemm" || callee == "theta_dgemm" ||
         callee == "theta_argsort";
}

/// A global only the host reads: a site's description, whose address goes
/// to theta_profile_begin/end or is a probe's first argument (never
/// dereferenced on the GPU).
bool isHostText(memref::GetGlobalOp global) {
  return llvm::all_of(global->getUsers(), [](Operation *extract) {
    return isa<memref::ExtractAlignedPointerAsIndexOp>(extract) &&
           llvm::all_of(extract->getUsers(), [](Operation *cast) {
             return isa<arith::IndexCastOp>(cast) &&
                    llvm::all_of(cast->getUses(), [](OpOperand &use) {
                      auto call = dyn_cast<func::CallOp>(use.getOwner());
                      return call && (call.getCallee().starts_with("theta_profile") ||
                                      (call.getCallee() == "theta_probe" &&
                                       use.getOperandNumber() == 0));
                    });
           });
  });
}

struct GpuBuffersPass : theta::impl::ThetaGpuBuffersBase<GpuBuffersPass> {
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func.isPublic() && !func.isExternal() && failed(convert(func)))
        return signalPassFailure();
  }

  LogicalResult convert(func::FuncOp func) {
    WalkResult refused = func.walk([](func::CallOp call) {
      if (!readsBuffersOnHost(call))
        return WalkResult::advance();
      call.emitError() << "'" << call.getCallee()
                       << "' reads buffers on the host: "
                          "oneDNN/OpenBLAS calls and sorting are not available on the GPU";
      return WalkResult::interrupt();
    });
    if (refused.wasInterrupted())
      return failure();

    SmallVector<Operation *> ops;
    func.walk([&](Operation *op) {
      if (isa<memref::AllocOp, memref::DeallocOp, memref::CopyOp>(op) ||
          (isa<memref::GetGlobalOp>(op) && !isHostText(cast<memref::GetGlobalOp>(op))))
        ops.push_back(op);
    });
    for (Operation *op : ops) {
      OpBuilder b(op);
      Location loc = op->getLoc();
      if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
        auto device = gpu::AllocOp::create(b, loc, alloc.getType(), /*asyncToken=*/Type(),
                                           ValueRange{}, alloc.getDynamicSizes(),
                                           alloc.getSymbolOperands(), /*hostShared=*/false);
        alloc.replaceAllUsesWith(device.getMemref());
        alloc.erase();
      } else if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
        gpu::DeallocOp::create(b, loc, /*asyncToken=*/Type(), ValueRange{},
                               dealloc.getMemref());
        dealloc.erase();
      } else if (auto copy = dyn_cast<memref::CopyOp>(op)) {
        linalg::CopyOp::create(b, loc, copy.getSource(), copy.getTarget());
        copy.erase();
      } else if (auto global = dyn_cast<memref::GetGlobalOp>(op)) {
        // A constant on the host: copied into a device buffer at each call,
        // freed before the function returns.
        auto type = cast<MemRefType>(global.getType());
        b.setInsertionPointAfter(global);
        auto device = gpu::AllocOp::create(b, loc, type, Type(), ValueRange{}, ValueRange{},
                                           ValueRange{}, false);
        global.getResult().replaceAllUsesWith(device.getMemref());
        gpu::MemcpyOp::create(b, loc, Type(), ValueRange{}, device.getMemref(), global);
        Block &body = func.getBody().front();
        b.setInsertionPoint(body.getTerminator());
        gpu::DeallocOp::create(b, loc, Type(), ValueRange{}, device.getMemref());
        if (global->getBlock() != &body)
          return global.emitError("a constant inside a loop or branch cannot be placed on the "
                                  "GPU yet");
      }
    }
    return copyProbedValues(func);
  }

  /// Print and NanGuardMode's checks (theta_probe) read a value on the
  /// host: each reads a host copy of its buffer, made just before it (the
  /// runtime's theta_probe waits for the device's queue) and freed after.
  static LogicalResult copyProbedValues(func::FuncOp func) {
    SmallVector<func::CallOp> probes;
    func.walk([&](func::CallOp call) {
      if (call.getCallee() == "theta_probe" && call.getNumOperands() == 2)
        probes.push_back(call);
    });
    for (func::CallOp call : probes) {
      auto cast = call.getOperand(1).getDefiningOp<arith::IndexCastOp>();
      auto extract =
          cast ? cast.getIn().getDefiningOp<memref::ExtractAlignedPointerAsIndexOp>() : nullptr;
      auto type = extract ? dyn_cast<MemRefType>(extract.getSource().getType()) : MemRefType();
      if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity())
        return call.emitError("a probed value (Print, NanGuardMode) on the GPU must be a "
                              "contiguous buffer of static shape");
      OpBuilder b(call);
      Location loc = call.getLoc();
      Value host = memref::AllocOp::create(b, loc, type);
      gpu::MemcpyOp::create(b, loc, Type(), ValueRange{}, host, extract.getSource());
      Value address = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, host);
      call.setOperand(1, arith::IndexCastOp::create(b, loc, b.getI64Type(), address));
      b.setInsertionPointAfter(call);
      memref::DeallocOp::create(b, loc, host);
    }
    return success();
  }
};

} // namespace
