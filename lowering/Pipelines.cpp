//===- Pipelines.cpp ------------------------------------------------------===//
#include "lowering/Pipelines.h"

#include "dialect/Passes.h"
#include "lowering/Passes.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Pass/PassOptions.h"
#include "mlir/Pass/PassRegistry.h"

#include <mutex>

namespace theta {

static void registerOnce();

/// Both targets' theta half: shapes, gradients, algebra. The reference
/// keeps the user's formulas as written (no stabilizing rewrites).
static std::string thetaPassesText(const PipelineOptions &options) {
  std::string text = "func.func(theta-refine-types,";
  if (!options.reference) // rewrites that change how, not what, is computed
    text += "theta-stabilize, theta-batch-step-products,";
  text += "theta-autodiff, theta-expand-groups, canonicalize";
  if (!options.fastCompile)
    text += ", cse";
  // uint8 as i8, for lowerings that know only signless integers. Last: the
  // passes above see whole ifelse ops, the backends scf.if.
  return text + ", theta-signless-integers, theta-lazy-branches)";
}

/// NanGuardMode's checks after every op (both targets).
static std::string nanGuardText(const PipelineOptions &options) {
  if (!options.nanGuard)
    return "";
  return std::string(",func.func(theta-nan-guard{nan=") + (options.nanIsError ? "1" : "0") +
         " inf=" + (options.infIsError ? "1" : "0") + " big=" + (options.bigIsError ? "1" : "0") +
         "})";
}

std::string cpuFrontPipelineText(const PipelineOptions &options) {
  std::string text = thetaPassesText(options) + nanGuardText(options);
  // Profiling: every theta op names itself in its location, for what it
  // is lowered into (before convolutions become library calls).
  if (options.profile)
    text += ",theta-profile-locations";
  // Convolutions to oneDNN while they are still whole ops.
  if (!options.reference)
    text += ",theta-nnet-to-dnnl";
  return text;
}

/// Both targets' way from theta to buffers: scans to loops, theta to linalg
/// with fused elementwise chains, bufferization with results written into
/// caller-provided buffers, deallocations.
static std::string toBuffersText(const PipelineOptions &options) {
  std::string text = "func.func(theta-scan-to-scf), theta-to-linalg,";
  // Linalg on tensors with fused elementwise chains.
  text += "func.func(canonicalize,";
  if (!options.reference)
    text += options.fastCompile ? "theta-fuse-elementwise,"
                                : "theta-fuse-elementwise, canonicalize, cse,";
  // Images between oneDNN convolutions in oneDNN's layout (full mode only;
  // the reference and the GPU make no oneDNN calls).
  if (!options.reference && !options.fastCompile && !options.forGpu() && options.channelBlock > 0)
    text += "theta-blocked-channels{block=" + std::to_string(options.channelBlock) +
            "}, canonicalize,";
  // Reductions as GPU threads want them (in every mode: the alternative is
  // one thread per scalar sum).
  if (options.forGpu())
    text += "theta-gpu-reductions, canonicalize,";
  text += "theta-copy-repeated-results),";
  // The top-down analysis: the default bottom-up one took time growing with
  // the square of the number of ops (4.2 s of a 200-layer MLP step's 6.3 s
  // of lowering; top-down 0.3 s), for the same in-place decisions here.
  // Results inserted into a bigger tensor (a scan's history rows) are built
  // in place there.
  text += "theta-eliminate-empty-tensors,"
          "one-shot-bufferize{bufferize-function-boundaries "
          "function-boundary-type-conversion=identity-layout-map analysis-heuristic=top-down},"
          "canonicalize,"
          "buffer-results-to-out-params{hoist-static-allocs=true modify-public-functions=true},";
  // Upstream's buffer-deallocation-pipeline, with temporaries freed after
  // their last use rather than all at the end of the function.
  text += "func.func(expand-realloc{emit-deallocs=false}), canonicalize,"
          "ownership-based-buffer-deallocation, canonicalize,"
          "func.func(theta-early-deallocation, buffer-deallocation-simplification),"
          "bufferization-lower-deallocations, cse, canonicalize,";
  return text;
}

std::string cpuBackPipelineText(const PipelineOptions &options) {
  std::string text = toBuffersText(options);
  // Large matrix products to OpenBLAS, the rest to loops, then LLVM.
  if (!options.reference)
    text += "theta-linalg-to-blas,";
  // One bare pointer per buffer, as the runtime calls (zero-size shapes).
  text += "theta-bare-pointer-abi,"
          // Temporaries come from the runtime, which reports failures by op.
          "theta-allocation-sites,";
  // Profiling: each piece of work timed, while the pieces are still ops.
  if (options.profile)
    text += "theta-profile-instrument,";
  // Repeated layers compiled once (LLVM's time grows with code size).
  text += "theta-outline-kernels, symbol-dce,";
  // Large outer loops run on every core (OpenMP), small nests stay sequential.
  text += std::string("func.func(convert-linalg-to-parallel-loops, theta-math-approximation") +
          (options.cpuLdexp ? "{ldexp=true}," : ",") +
          "theta-sequentialize-small-loops),"
          "convert-scf-to-openmp, canonicalize,"
          "convert-scf-to-cf, canonicalize, expand-strided-metadata, lower-affine,"
          "finalize-memref-to-llvm{use-generic-functions=true use-aligned-alloc=true}, convert-math-to-llvm, "
          "convert-math-to-libm,"
          "convert-arith-to-llvm, convert-index-to-llvm,"
          "convert-func-to-llvm{use-bare-ptr-memref-call-conv=true}, convert-cf-to-llvm,"
          "convert-openmp-to-llvm,"
          "reconcile-unrealized-casts,"
          // Which buffers never change or overlap, for LLVM's loop passes.
          "theta-alias-facts";
  return text;
}

std::string cpuPipelineText(const PipelineOptions &options) {
  return cpuFrontPipelineText(options) + "," + cpuBackPipelineText(options);
}

std::string gpuFrontPipelineText(const PipelineOptions &options) {
  // NanGuardMode's checks and Print read host copies of their values
  // (--theta-gpu-buffers).
  std::string text = thetaPassesText(options) + nanGuardText(options);
  if (options.profile)
    text += ",theta-profile-locations";
  // f32 convolutions to cuDNN while they are still whole ops (the reference
  // keeps loops that become kernels).
  if (!options.reference)
    text += ",theta-nnet-to-dnnl{gpu=true}";
  return text;
}

std::string gpuBackPipelineText(const PipelineOptions &options) {
  std::string text = toBuffersText(options);
  // Large products to cuBLAS, on the device's stream.
  if (!options.reference)
    text += "theta-linalg-to-blas{gpu=true},";
  // Buffers in GPU memory, loops as kernels.
  text += "theta-bare-pointer-abi,";
  // Pieces timed from the host, around the kernels they become.
  if (options.profile)
    text += "theta-profile-instrument,";
  text += "theta-gpu-buffers,"
          "func.func(convert-linalg-to-parallel-loops), theta-gpu-launches,"
          "func.func(gpu-map-parallel-loops{mapping-policy=innermost-first},"
          "convert-parallel-loops-to-gpu, theta-gpu-sink-views),"
          "gpu-kernel-outlining, func.func(gpu-async-region), canonicalize, cse,";
  text += "nvvm-attach-target{chip=" + options.gpuChip + " features=" + options.gpuFeatures +
          " O=3},";
  text += "convert-scf-to-cf, canonicalize, expand-strided-metadata, lower-affine,"
          "gpu.module(convert-gpu-to-nvvm{use-bare-ptr-memref-call-conv=true}, canonicalize, cse,"
          "reconcile-unrealized-casts),"
          "finalize-memref-to-llvm{use-generic-functions=true}, convert-math-to-llvm,"
          "convert-arith-to-llvm, convert-index-to-llvm,"
          "convert-func-to-llvm{use-bare-ptr-memref-call-conv=true}, convert-cf-to-llvm,"
          "gpu-to-llvm{use-bare-pointers-for-host=true use-bare-pointers-for-kernels=true},";
  text += "gpu-module-to-binary{format=" + options.gpuFormat + " toolkit=" + options.cudaToolkit +
          "},";
  text += "canonicalize, cse, reconcile-unrealized-casts";
  return text;
}

std::string gpuPipelineText(const PipelineOptions &options) {
  return gpuFrontPipelineText(options) + "," + gpuBackPipelineText(options);
}

std::string pipelineText(const PipelineOptions &options) {
  return options.forGpu() ? gpuPipelineText(options) : cpuPipelineText(options);
}

static void registerPassesOnce() {
  // The texts name upstream and theta passes: they must be registered.
  static std::once_flag registered;
  std::call_once(registered, [] {
    mlir::registerAllPasses();
    registerLoweringPasses();
  });
}

llvm::LogicalResult buildCpuPipeline(mlir::OpPassManager &pm, const PipelineOptions &options) {
  registerPassesOnce();
  return mlir::parsePassPipeline(cpuPipelineText(options), pm);
}

llvm::LogicalResult buildCpuFrontPipeline(mlir::OpPassManager &pm,
                                          const PipelineOptions &options) {
  registerPassesOnce();
  return mlir::parsePassPipeline(cpuFrontPipelineText(options), pm);
}

llvm::LogicalResult buildCpuBackPipeline(mlir::OpPassManager &pm,
                                         const PipelineOptions &options) {
  registerPassesOnce();
  return mlir::parsePassPipeline(cpuBackPipelineText(options), pm);
}

llvm::LogicalResult buildFrontPipeline(mlir::OpPassManager &pm, const PipelineOptions &options) {
  registerPassesOnce();
  return mlir::parsePassPipeline(
      options.forGpu() ? gpuFrontPipelineText(options) : cpuFrontPipelineText(options), pm);
}

llvm::LogicalResult buildBackPipeline(mlir::OpPassManager &pm, const PipelineOptions &options) {
  registerPassesOnce();
  return mlir::parsePassPipeline(
      options.forGpu() ? gpuBackPipelineText(options) : cpuBackPipelineText(options), pm);
}

void registerLoweringPasses() {
  static std::once_flag registered;
  std::call_once(registered, registerOnce);
}

namespace {
/// `--theta-lower-cpu="profile=true nan-guard=true"` and so on.
struct CpuPipelineCliOptions : mlir::PassPipelineOptions<CpuPipelineCliOptions> {
  Option<bool> fastCompile{*this, "fast-compile",
                           llvm::cl::desc("FAST_COMPILE: fewer rewrites"), llvm::cl::init(false)};
  Option<bool> profile{*this, "profile", llvm::cl::desc("time every piece of compiled work"),
                       llvm::cl::init(false)};
  Option<bool> nanGuard{*this, "nan-guard",
                        llvm::cl::desc("NanGuardMode: check every op's result"),
                        llvm::cl::init(false)};
  Option<bool> reference{*this, "reference",
                         llvm::cl::desc("DebugMode's reference: no fusion, no libraries"),
                         llvm::cl::init(false)};
  Option<bool> ldexp{*this, "ldexp",
                     llvm::cl::desc("the CPU has AVX-512: f32 exp scales by 2^n with ldexp"),
                     llvm::cl::init(false)};
  Option<int64_t> channelBlock{
      *this, "channel-block",
      llvm::cl::desc("oneDNN's channel block on this CPU (16: AVX-512, 8: AVX2, 0: none)"),
      llvm::cl::init(0)};

  PipelineOptions get() const {
    PipelineOptions options;
    options.fastCompile = fastCompile;
    options.profile = profile;
    options.nanGuard = nanGuard;
    options.reference = reference;
    options.cpuLdexp = ldexp;
    options.channelBlock = channelBlock;
    return options;
  }
};
/// `--theta-lower-gpu="chip=sm_90 format=isa"` and so on.
struct GpuPipelineCliOptions : mlir::PassPipelineOptions<GpuPipelineCliOptions> {
  Option<std::string> chip{*this, "chip", llvm::cl::desc("the NVIDIA GPU (sm_XY)"),
                           llvm::cl::init("sm_90")};
  Option<std::string> features{*this, "features", llvm::cl::desc("PTX features"),
                               llvm::cl::init("+ptx80")};
  Option<std::string> toolkit{*this, "toolkit", llvm::cl::desc("the CUDA toolkit"),
                              llvm::cl::init("/usr/local/cuda")};
  Option<std::string> format{*this, "format",
                             llvm::cl::desc("bin (cubin), isa (PTX), fatbin, offload"),
                             llvm::cl::init("bin")};
  Option<bool> fastCompile{*this, "fast-compile",
                           llvm::cl::desc("FAST_COMPILE: fewer rewrites"), llvm::cl::init(false)};
  Option<bool> profile{*this, "profile",
                       llvm::cl::desc("time every piece of compiled work from the host"),
                       llvm::cl::init(false)};
  Option<bool> nanGuard{*this, "nan-guard",
                        llvm::cl::desc("NanGuardMode: check every op's result on the host"),
                        llvm::cl::init(false)};

  PipelineOptions get() const {
    PipelineOptions options;
    options.profile = profile;
    options.nanGuard = nanGuard;
    options.gpuChip = chip;
    options.gpuFeatures = features;
    options.cudaToolkit = toolkit;
    options.gpuFormat = format;
    options.fastCompile = fastCompile;
    return options;
  }
};
} // namespace

static void registerOnce() {
  registerThetaPasses();
  registerThetaLoweringPasses();
  mlir::PassPipelineRegistration<CpuPipelineCliOptions>(
      "theta-lower-cpu",
      "Lower a theta module with static shapes to the LLVM dialect for the CPU JIT",
      [](mlir::OpPassManager &pm, const CpuPipelineCliOptions &cli) {
        if (failed(mlir::parsePassPipeline(cpuPipelineText(cli.get()), pm)))
          llvm::report_fatal_error("invalid theta-lower-cpu pipeline text");
      });
  mlir::PassPipelineRegistration<GpuPipelineCliOptions>(
      "theta-lower-gpu",
      "Lower a theta module with static shapes to host LLVM code with embedded NVIDIA kernels",
      [](mlir::OpPassManager &pm, const GpuPipelineCliOptions &cli) {
        if (failed(mlir::parsePassPipeline(gpuPipelineText(cli.get()), pm)))
          llvm::report_fatal_error("invalid theta-lower-gpu pipeline text");
      });
}

} // namespace theta
