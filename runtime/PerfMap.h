//===- PerfMap.h - names of JIT-compiled functions for `perf` -------------===//
#ifndef THETA_RUNTIME_PERFMAP_H
#define THETA_RUNTIME_PERFMAP_H

namespace llvm::orc {
class LLJIT;
} // namespace llvm::orc

namespace theta {

/// With THETA_PERF_MAP=1 in the environment, every function the JIT links
/// (each compiled function and its outlined OpenMP loop bodies) is appended
/// to /tmp/perf-<pid>.map, so `perf report` names them instead of showing
/// anonymous addresses. Does nothing otherwise.
void enablePerfMapIfRequested(llvm::orc::LLJIT &jit);

} // namespace theta

#endif // THETA_RUNTIME_PERFMAP_H
