//===- CompileBenchmarks.h - first calls: compiling or loading ------------===//
//
// Each iteration builds a new theta::Function and calls it once on a small
// input, so the time is the first call's: building the graph, autodiff, the
// pipeline and LLVM (cold), or loading the object (disk-cache hit). The
// in-process hit (a call with an already compiled signature) is the chain_1K
// workload.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_TOOLS_BENCH_COMPILEBENCHMARKS_H
#define THETA_TOOLS_BENCH_COMPILEBENCHMARKS_H

#include <benchmark/benchmark.h>

namespace bench {

/// Which function to compile, and with which cache.
enum class Compiled { Chain, MlpStep, CnnStep, RnnStep };
enum class Cache {
  Off,     // in-process cache empty (a new Function) and disk cache off
  DiskHit, // the object is in the disk cache: what a second process sees
  OffFastCompile, // as Off, with mode=FAST_COMPILE (cheaper passes, LLVM -O1)
};

void firstCall(benchmark::State &state, Compiled what, Cache cache);

} // namespace bench

#endif // THETA_TOOLS_BENCH_COMPILEBENCHMARKS_H
