//===- Floors.h - the machine's limits, measured in the same run ----------===//
#ifndef THETA_TOOLS_BENCH_FLOORS_H
#define THETA_TOOLS_BENCH_FLOORS_H

#include <benchmark/benchmark.h>

namespace bench {

/// Floating-point operations of one sgemmFloor iteration.
constexpr double kSgemmFloorFlops = 3 * 2e9;

/// Memory bandwidth: c = a + b over 16M float32 (read two arrays, write one,
/// buffers allocated up front) on every core, as Theta's parallel loops run.
/// The floor the issue sets for the elementwise chain.
void memoryFloor(benchmark::State &state);

/// The MLP step's three 1000x1000x1000 products (forward, and the two of the
/// backward pass), each with the faster of OpenBLAS and oneDNN (timed first):
/// the MLP's floor, and the GFLOP/s rate the CNN's floor is derived from.
void sgemmFloor(benchmark::State &state);

} // namespace bench

#endif // THETA_TOOLS_BENCH_FLOORS_H
