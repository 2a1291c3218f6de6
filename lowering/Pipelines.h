//===- Pipelines.h - the CPU (and later GPU) lowering pipelines -----------===//
#ifndef THETA_LOWERING_PIPELINES_H
#define THETA_LOWERING_PIPELINES_H

#include "mlir/Pass/PassManager.h"

#include <string>

namespace theta {

/// The CPU pipeline, from a theta module with static argument shapes to the
/// LLVM dialect. Each function takes its inputs, then one buffer per result
/// (destination passing), all as bare pointers: `void f(T *in..., T *out...)`.
/// The text is the list of passes of a module pass manager; `--theta-lower-cpu`
/// in theta-opt runs exactly this.
std::string cpuPipelineText();

/// Parses cpuPipelineText() into `pm` (a module pass manager), registering
/// the passes it names on first use.
llvm::LogicalResult buildCpuPipeline(mlir::OpPassManager &pm);

/// Registers the theta and lowering passes and the named pipelines (once).
void registerLoweringPasses();

} // namespace theta

#endif // THETA_LOWERING_PIPELINES_H
