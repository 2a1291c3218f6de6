//===- Floors.h - the machine's limits, measured in the same run ----------===//
#ifndef THETA_TOOLS_BENCH_FLOORS_H
#define THETA_TOOLS_BENCH_FLOORS_H

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

namespace bench {

/// Floating-point operations of one sgemmFloor iteration.
constexpr double kSgemmFloorFlops = 3 * 2e9;

/// Memory bandwidth: c = a + b over 16M float32 (read two arrays, write one,
/// buffers allocated up front) on every core, as Theta's parallel loops run.
/// The floor the issue sets for the elementwise chain.
void memoryFloor(benchmark::State &state);
/// The same with non-temporal stores (no read for ownership of the output);
/// the chain's floor is the faster of the two.
void streamingMemoryFloor(benchmark::State &state);

/// The chain's arithmetic written by hand (AVX-512 intrinsics, the accuracy
/// of Theta's polynomials, non-temporal stores, every core): its floor where
/// the arithmetic, not memory, is the limit. Skipped without AVX-512.
void chainArithmeticFloor(benchmark::State &state);
/// Whether this CPU runs the hand-written AVX-512 floors (the chain's
/// arithmetic and the FMA rate); without it they are not registered.
bool avx512FloorsRun();

/// The float32 FMA rate: independent 512-bit FMA chains on every core (the
/// issue rate /proc/cpuinfo does not give). fmaPeakFlops() per iteration.
/// Skipped without AVX-512.
void fmaPeak(benchmark::State &state);
double fmaPeakFlops();

/// The CPU's float32 peak from /proc/cpuinfo: cores x vector lanes (AVX-512:
/// 16, AVX2: 8) x FMA units (2, assumed: not in cpuinfo) x 2 x clock (the
/// "cpu MHz" the kernel reports). A bound for the matrix-product rates.
struct PeakEstimate {
  std::string model;
  int cores = 0, lanes = 0, fmaUnits = 2;
  double gigahertz = 0, gflops = 0;
};
PeakEstimate physicalPeak();

/// The MLP step's three 1000x1000x1000 products (forward, and the two of the
/// backward pass), each with the faster of OpenBLAS and oneDNN (timed first):
/// the MLP's floor, and the GFLOP/s rate the CNN's floor is derived from
/// (sgemmMlpFloor at width 1000).
void sgemmFloor(benchmark::State &state);
/// The same three products of a 2-width-width-1 MLP step, batch 1000, at
/// their own shapes and transposes (1000 x width x width forward, width x
/// width x 1000 and 1000 x width x width backward): the floor of the scale
/// rows' MLP step at that width. sgemmMlpFloorFlops(width) per iteration.
void sgemmMlpFloor(benchmark::State &state, int64_t width);
double sgemmMlpFloorFlops(int64_t width);

} // namespace bench

#endif // THETA_TOOLS_BENCH_FLOORS_H
