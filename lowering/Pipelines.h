//===- Pipelines.h - the CPU (and later GPU) lowering pipelines -----------===//
#ifndef THETA_LOWERING_PIPELINES_H
#define THETA_LOWERING_PIPELINES_H

#include "mlir/Pass/PassManager.h"

#include <string>

namespace theta {

/// What a compile is for; each choice is a different pipeline text, so the
/// disk cache never mixes their objects. Defaults: FAST_RUN, no checks.
struct PipelineOptions {
  /// FAST_COMPILE: fewer rewrites, and no LLVM optimization (see Jit::emitObject).
  bool fastCompile = false;
  /// Profiling: time every piece of compiled work (theta-profile-*).
  bool profile = false;
  /// NanGuardMode: check the result of every op (theta-nan-guard).
  bool nanGuard = false;
  bool nanIsError = true;
  bool infIsError = true;
  bool bigIsError = true;
  /// DebugMode's reference evaluation: no stabilizing rewrites, no
  /// elementwise fusion, no BLAS or oneDNN calls.
  bool reference = false;
  /// The CPU scales floats by powers of two in one instruction (AVX-512's
  /// vscalefps): f32 exp ends with ldexp (theta-math-approximation{ldexp}).
  bool cpuLdexp = false;
  /// oneDNN's channel block on this CPU (16 with AVX-512, 8 with AVX2; 0:
  /// none): images between convolutions stay channel-blocked
  /// (theta-blocked-channels{block}).
  int64_t channelBlock = 0;
  /// The NVIDIA GPU to compile for ("sm_90"); empty compiles for the CPU.
  std::string gpuChip;
  /// PTX features and the CUDA toolkit whose libdevice and ptxas are used.
  std::string gpuFeatures = "+ptx80";
  std::string cudaToolkit = "/usr/local/cuda";
  /// gpu-module-to-binary's format: bin (a cubin, assembled by ptxas at
  /// compile time) or isa (PTX, compiled by the driver when loaded).
  std::string gpuFormat = "bin";

  bool forGpu() const { return !gpuChip.empty(); }
};

/// The theta half: shapes, gradients, algebra (and the checks of
/// NanGuardMode), ending with convolutions handed to oneDNN.
std::string cpuFrontPipelineText(const PipelineOptions &options = {});
/// The rest: theta to linalg, fusion, bufferization, library calls, loops,
/// the LLVM dialect.
std::string cpuBackPipelineText(const PipelineOptions &options = {});
/// The CPU pipeline, from a theta module with static argument shapes to the
/// LLVM dialect. Each function takes its inputs, then one buffer per result
/// (destination passing), all as bare pointers: `void f(T *in..., T *out...)`.
/// The text is the list of passes of a module pass manager; `--theta-lower-cpu`
/// in theta-opt runs exactly this (its options are PipelineOptions').
std::string cpuPipelineText(const PipelineOptions &options = {});
/// Parses cpuPipelineText(options) into `pm` (a module pass manager),
/// registering the passes it names on first use.
llvm::LogicalResult buildCpuPipeline(mlir::OpPassManager &pm,
                                     const PipelineOptions &options = {});
/// The same for one half.
llvm::LogicalResult buildCpuFrontPipeline(mlir::OpPassManager &pm,
                                          const PipelineOptions &options = {});
llvm::LogicalResult buildCpuBackPipeline(mlir::OpPassManager &pm,
                                         const PipelineOptions &options = {});
/// The GPU pipeline (options.gpuChip set), in the same two halves: the theta
/// half of the CPU pipeline without oneDNN, then linalg on buffers in GPU
/// memory, parallel loops as kernels (NVVM, embedded as a cubin or PTX),
/// large products to cuBLAS, and the host code calling them, with the same
/// bare-pointer entry as the CPU's (its pointers are device pointers).
/// `--theta-lower-gpu` in theta-opt runs gpuPipelineText.
std::string gpuFrontPipelineText(const PipelineOptions &options);
std::string gpuBackPipelineText(const PipelineOptions &options);
std::string gpuPipelineText(const PipelineOptions &options);

/// The halves for `options`' target (CPU or GPU), parsed into `pm`.
llvm::LogicalResult buildFrontPipeline(mlir::OpPassManager &pm, const PipelineOptions &options);
llvm::LogicalResult buildBackPipeline(mlir::OpPassManager &pm, const PipelineOptions &options);
/// The whole text for `options`' target (part of every disk-cache key).
std::string pipelineText(const PipelineOptions &options);

/// Registers the theta and lowering passes and the named pipelines (once).
void registerLoweringPasses();

} // namespace theta

#endif // THETA_LOWERING_PIPELINES_H
