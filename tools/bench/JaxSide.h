//===- JaxSide.h - JAX (jit, CPU) as a second baseline --------------------===//
//
// JAX runs in a Python process of its own (tools/bench/jax_workloads.py, with
// the virtual environment tools/bench/setup_jax.sh makes), after Theta and
// LibTorch were timed, on the same inputs: the harness writes each checked
// workload's inputs to .npz files, reads back JAX's medians, first-call
// times (tracing + XLA compile + one run) and one run's results, and
// cross-checks those against Theta's like LibTorch's.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_TOOLS_BENCH_JAXSIDE_H
#define THETA_TOOLS_BENCH_JAXSIDE_H

#include "tools/bench/Suite.h"

#include <map>
#include <string>
#include <vector>

namespace bench {

struct JaxRun {
  /// Empty when JAX ran; else why not ("JAX is not installed: ...").
  std::string skipped;
  std::string description; // "JAX 0.10.2 (jaxlib 0.10.2, cpu, 2 threads)"
  /// "<workload>/jax" (median of a run) and "compile/<workload>_cold/jax"
  /// (the first call), in seconds.
  std::map<std::string, double> medians;
  /// By workload.
  std::map<std::string, CheckResult> checks;
};

/// The python of the virtual environment with JAX: $THETA_BENCH_VENV or
/// ~/.cache/theta-bench-venv; empty with `why` when there is none.
std::string jaxPython(std::string &why);

/// Runs `pairs` (already checked, so their Theta results are known) with JAX.
JaxRun runJax(const std::vector<WorkloadPair *> &pairs, int repeats, const std::string &script);

} // namespace bench

#endif // THETA_TOOLS_BENCH_JAXSIDE_H
