//===- GpuLaunches.cpp - --theta-gpu-launches -----------------------------===//
//
// Parallel loops tiled for GPU blocks, and sequential buffer code moved into
// one-thread kernels: see Passes.td.
//
//===----------------------------------------------------------------------===//
#include "lowering/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include "llvm/ADT/SmallPtrSet.h"

namespace theta {
#define GEN_PASS_DEF_THETAGPULAUNCHES
#include "lowering/Passes.h.inc"
} // namespace theta

using namespace mlir;

namespace {

/// Tile sizes giving about `threads` threads per block: the innermost
/// dimension first (coalesced), the next ones with what is left.
SmallVector<int64_t> tileSizesFor(scf::ParallelOp loop, int64_t threads) {
  size_t rank = loop.getNumLoops();
  SmallVector<int64_t> sizes(rank, 1);
  int64_t left = threads;
  for (size_t i = rank; i-- > 0 && left > 1;) {
    std::optional<int64_t> lower = getConstantIntValue(loop.getLowerBound()[i]);
    std::optional<int64_t> upper = getConstantIntValue(loop.getUpperBound()[i]);
    std::optional<int64_t> step = getConstantIntValue(loop.getStep()[i]);
    int64_t trips = left;
    if (lower && upper && step && *step > 0)
      trips = std::max<int64_t>(1, (*upper - *lower + *step - 1) / *step);
    int64_t size = 1;
    while (size < trips && size < left)
      size *= 2;
    sizes[i] = size;
    left /= size;
  }
  return sizes;
}

/// The buffer a view is taken of.
Value rootBuffer(Value value) {
  while (Operation *op = value.getDefiningOp()) {
    auto view = dyn_cast<ViewLikeOpInterface>(op);
    if (!view)
      break;
    value = view.getViewSource();
  }
  return value;
}

bool onHostStack(Value buffer) {
  return static_cast<bool>(rootBuffer(buffer).getDefiningOp<memref::AllocaOp>());
}

/// Whether `op` (or an op inside it) reads or writes a buffer in device memory.
bool accessesDeviceMemory(Operation *op) {
  WalkResult found = op->walk([](Operation *inner) {
    Value buffer;
    if (auto load = dyn_cast<memref::LoadOp>(inner))
      buffer = load.getMemref();
    else if (auto store = dyn_cast<memref::StoreOp>(inner))
      buffer = store.getMemref();
    else if (auto atomic = dyn_cast<memref::AtomicRMWOp>(inner))
      buffer = atomic.getMemref();
    else if (auto atomic = dyn_cast<memref::GenericAtomicRMWOp>(inner))
      buffer = atomic.getMemref();
    else if (isa<linalg::LinalgOp>(inner))
      return WalkResult::interrupt();
    if (buffer && !onHostStack(buffer))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return found.wasInterrupted();
}

/// Whether `op` (or an op inside it) must run on the host: kernels to
/// launch, library calls, allocations.
bool needsHost(Operation *op) {
  WalkResult found = op->walk([](Operation *inner) {
    if (isa<scf::ParallelOp, func::CallOp, gpu::AllocOp, gpu::DeallocOp, gpu::MemcpyOp,
            gpu::LaunchOp, memref::AllocOp, memref::AllocaOp, memref::DeallocOp>(inner))
      return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return found.wasInterrupted();
}

enum class Placement {
  Host,   // stays where it is
  Device, // reads or writes device buffers: into a one-thread kernel
  Mixed,  // a loop or branch holding both: stays, its body is visited
  Scalar, // side-effect-free scalar arithmetic: follows its operands
};

Placement placementOf(Operation *op) {
  // Parallel loops become kernels of their own.
  if (op->hasTrait<OpTrait::IsTerminator>() || isa<scf::ParallelOp>(op))
    return Placement::Host;
  if (needsHost(op))
    return op->getNumRegions() ? Placement::Mixed : Placement::Host;
  if (accessesDeviceMemory(op))
    return Placement::Device;
  if (isMemoryEffectFree(op) && op->getNumRegions() == 0 &&
      llvm::none_of(op->getResultTypes(), [](Type t) { return isa<BaseMemRefType>(t); }))
    return Placement::Scalar;
  return Placement::Host;
}

struct GpuLaunchesPass : theta::impl::ThetaGpuLaunchesBase<GpuLaunchesPass> {
  using ThetaGpuLaunchesBase::ThetaGpuLaunchesBase;

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (!func.isPublic() || func.isExternal())
        continue;
      SmallVector<scf::ParallelOp> outermost;
      func.walk([&](scf::ParallelOp loop) {
        if (!loop->getParentOfType<scf::ParallelOp>())
          outermost.push_back(loop);
      });
      for (scf::ParallelOp loop : outermost)
        scf::tileParallelLoop(loop, tileSizesFor(loop, blockSize), /*noMinMaxBounds=*/true);
      if (failed(placeBlock(func.getBody().front())))
        return signalPassFailure();
    }
  }

  LogicalResult placeBlock(Block &block) {
    SmallVector<Operation *> run;
    llvm::SmallPtrSet<Operation *, 16> inRun;
    for (Operation &op : llvm::make_early_inc_range(block)) {
      switch (placementOf(&op)) {
      case Placement::Device:
        run.push_back(&op);
        inRun.insert(&op);
        break;
      case Placement::Scalar:
        // Arithmetic on values read in the kernel goes with it; the rest
        // stays on the host (before the kernel, which is placed last).
        if (llvm::any_of(op.getOperands(), [&](Value v) {
              return v.getDefiningOp() && inRun.contains(v.getDefiningOp());
            })) {
          run.push_back(&op);
          inRun.insert(&op);
        }
        break;
      case Placement::Mixed:
        if (failed(launch(run, inRun)))
          return failure();
        for (Region &region : op.getRegions())
          for (Block &inner : region)
            if (failed(placeBlock(inner)))
              return failure();
        break;
      case Placement::Host:
        if (failed(launch(run, inRun)))
          return failure();
        break;
      }
    }
    return launch(run, inRun);
  }

  /// Moves `run` into a one-thread gpu.launch placed where its last op was.
  LogicalResult launch(SmallVector<Operation *> &run, llvm::SmallPtrSet<Operation *, 16> &inRun) {
    if (run.empty())
      return success();
    for (Operation *op : run)
      for (Value result : op->getResults())
        for (Operation *user : result.getUsers()) {
          Operation *owner = run.front()->getBlock()->findAncestorOpInBlock(*user);
          if (!owner || !inRun.contains(owner))
            return user->emitError()
                   << "uses a value read from GPU memory on the host (computed by '"
                   << op->getName() << "' at " << op->getLoc()
                   << "); this is not supported on the GPU yet";
        }
    Operation *last = run.back();
    OpBuilder b(last->getContext());
    b.setInsertionPointAfter(last);
    Location loc = run.front()->getLoc();
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    auto kernel = gpu::LaunchOp::create(b, loc, one, one, one, one, one, one);
    Block &body = kernel.getBody().front();
    if (body.empty() || !body.back().hasTrait<OpTrait::IsTerminator>()) {
      b.setInsertionPointToEnd(&body);
      gpu::TerminatorOp::create(b, loc);
    }
    for (Operation *op : run)
      op->moveBefore(body.getTerminator());
    run.clear();
    inRun.clear();
    return success();
  }
};

} // namespace
