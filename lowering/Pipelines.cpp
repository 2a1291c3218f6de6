//===- Pipelines.cpp ------------------------------------------------------===//
#include "lowering/Pipelines.h"

#include "dialect/Passes.h"
#include "lowering/Passes.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassRegistry.h"

#include <mutex>

namespace theta {

static void registerOnce();

std::string cpuPipelineText() {
  return  // theta: shapes, gradients, algebra, then linalg on tensors with fused elementwise chains.
         "func.func(theta-refine-types, theta-stabilize, theta-autodiff, canonicalize, cse),"
         // Convolutions to oneDNN while they are still whole ops.
         "theta-nnet-to-dnnl,"
         "func.func(theta-scan-to-scf), theta-to-linalg,"
         "func.func(canonicalize, theta-fuse-elementwise, canonicalize, cse,"
         "theta-copy-repeated-results),"
         // Buffers: results written into caller-provided buffers.
         "one-shot-bufferize{bufferize-function-boundaries "
         "function-boundary-type-conversion=identity-layout-map},"
         "canonicalize,"
         "buffer-results-to-out-params{hoist-static-allocs=true modify-public-functions=true},"
         "buffer-deallocation-pipeline,"
         // Large matrix products to OpenBLAS, the rest to loops, then LLVM.
         "theta-linalg-to-blas,"
         // One bare pointer per buffer, as the runtime calls (zero-size shapes).
         "theta-bare-pointer-abi,"
         // Temporaries come from the runtime, which reports failures by op.
         "theta-allocation-sites,"
         // Large outer loops run on every core (OpenMP), small nests stay sequential.
         "func.func(convert-linalg-to-parallel-loops, theta-math-approximation,"
         "theta-sequentialize-small-loops),"
         "convert-scf-to-openmp, canonicalize,"
         "convert-scf-to-cf, canonicalize, expand-strided-metadata, lower-affine,"
         "finalize-memref-to-llvm{use-generic-functions=true}, convert-math-to-llvm, convert-math-to-libm,"
         "convert-arith-to-llvm, convert-index-to-llvm,"
         "convert-func-to-llvm{use-bare-ptr-memref-call-conv=true}, convert-cf-to-llvm,"
         "convert-openmp-to-llvm,"
         "reconcile-unrealized-casts";
}

llvm::LogicalResult buildCpuPipeline(mlir::OpPassManager &pm) {
  // The text names upstream and theta passes: they must be registered.
  static std::once_flag registered;
  std::call_once(registered, [] {
    mlir::registerAllPasses();
    registerLoweringPasses();
  });
  return mlir::parsePassPipeline(cpuPipelineText(), pm);
}

void registerLoweringPasses() {
  static std::once_flag registered;
  std::call_once(registered, registerOnce);
}

static void registerOnce() {
  registerThetaPasses();
  registerThetaLoweringPasses();
  mlir::PassPipelineRegistration<>(
      "theta-lower-cpu",
      "Lower a theta module with static shapes to the LLVM dialect for the CPU JIT",
      [](mlir::OpPassManager &pm) {
        if (failed(mlir::parsePassPipeline(cpuPipelineText(), pm)))
          llvm::report_fatal_error("invalid theta-lower-cpu pipeline text");
      });
}

} // namespace theta
