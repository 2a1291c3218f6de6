//===- Avx512Floors.cpp - limits measured with AVX-512 code written by hand ===//
//
// The FMA rate: independent 512-bit FMA chains on every core, the float32
// peak the matrix-product floors are measured against (cpuinfo does not say
// how many FMAs a core issues per cycle; this measures it).
//
// The chain, sigmoid(a*x + 1.5) * tanh(x) - exp(-(x*x)), is bound by its
// arithmetic on CPUs whose 512-bit units issue one FMA per cycle: three
// transcendental functions and two divisions per element cost more than
// moving its 8 bytes. This kernel is that arithmetic written by hand with
// AVX-512 intrinsics, at the accuracy Theta's polynomials give (the
// degree-6 exp ending in vscalefps, the rational tanh of Eigen and MLIR,
// IEEE divisions), streamed to memory on every core: the fastest this
// machine computes the chain that we know of, so the chain's second floor.
//
// Only the kernel is compiled for AVX-512 (target attributes), so the
// harness still runs, without this floor, on CPUs without it.
//
//===----------------------------------------------------------------------===//
#include "tools/bench/Floors.h"

#include "tools/bench/Inputs.h"

#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <thread>
#include <vector>

namespace bench {

namespace {

#define THETA_AVX512 __attribute__((target("avx512f,fma"), always_inline)) inline

THETA_AVX512 __m512 broadcast(float value) { return _mm512_set1_ps(value); }

// GCC 12's unmasked min/max/roundscale/scalef start from an "undefined"
// register that -Wmaybe-uninitialized reports; the all-lanes masked forms
// are the same instructions.
constexpr __mmask16 kAll = 0xffff;
THETA_AVX512 __m512 minimum(__m512 a, __m512 b) { return _mm512_mask_min_ps(a, kAll, a, b); }
THETA_AVX512 __m512 maximum(__m512 a, __m512 b) { return _mm512_mask_max_ps(a, kAll, a, b); }

/// Horner's rule, unrolled: ((c0 x + c1) x + c2) x + ...
THETA_AVX512 __m512 horner(__m512, __m512 p) { return p; }
template <typename... Rest>
THETA_AVX512 __m512 horner(__m512 x, __m512 p, float next, Rest... rest) {
  return horner(x, _mm512_fmadd_ps(p, x, broadcast(next)), rest...);
}

/// exp(x) = 2^n p(r), n = round(x log2 e), r = x - n ln 2 (two parts).
THETA_AVX512 __m512 exp16(__m512 x) {
  x = maximum(broadcast(-104.0f), minimum(broadcast(89.0f), x));
  __m512 t = _mm512_mul_ps(x, broadcast(1.44269504088896341f));
  __m512 n = _mm512_mask_roundscale_ps(t, kAll, t, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, broadcast(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, broadcast(-2.12194440e-4f), r);
  __m512 p = horner(r, broadcast(1.3814612757e-3f), 8.3687100559e-3f, 4.1668388993e-2f,
                    1.6666521132e-1f, 4.9999994040e-1f, 1.0f, 1.0f);
  return _mm512_mask_scalef_ps(p, kAll, p, n);
}

/// tanh(x) = x P(x^2) / Q(x^2) on [-7.9, 7.9], x itself below 0.0004.
THETA_AVX512 __m512 tanh16(__m512 x) {
  __mmask16 tiny =
      _mm512_cmp_ps_mask(_mm512_abs_ps(x), broadcast(0.0004f), _CMP_LT_OQ);
  __m512 clamped = maximum(broadcast(-7.90531110763549805f),
                          minimum(broadcast(7.90531110763549805f), x));
  __m512 x2 = _mm512_mul_ps(clamped, clamped);
  __m512 p = horner(x2, broadcast(-2.76076847742355e-16f), 2.00018790482477e-13f,
                    -8.60467152213735e-11f, 5.12229709037114e-08f, 1.48572235717979e-05f,
                    6.37261928875436e-04f, 4.89352455891786e-03f);
  p = _mm512_mul_ps(p, clamped);
  __m512 q = horner(x2, broadcast(1.19825839466702e-06f), 1.18534705686654e-04f,
                    2.26843463243900e-03f, 4.89352518554385e-03f);
  return _mm512_mask_mov_ps(_mm512_div_ps(p, q), tiny, x);
}

/// out[i] for i in [begin, end): 16 at a time, streamed past the caches.
__attribute__((target("avx512f,fma"))) void chainKernel(const float *in, float *out, float a,
                                                        int64_t begin, int64_t end) {
  __m512 va = broadcast(a), one = broadcast(1.0f), zero = _mm512_setzero_ps();
  int64_t i = begin;
  for (; i + 16 <= end; i += 16) {
    __m512 x = _mm512_loadu_ps(in + i);
    __m512 z = _mm512_fmadd_ps(va, x, broadcast(1.5f));
    __m512 sigmoid = _mm512_div_ps(one, _mm512_add_ps(one, exp16(_mm512_sub_ps(zero, z))));
    __m512 gauss = exp16(_mm512_mul_ps(_mm512_sub_ps(zero, x), x));
    _mm512_stream_ps(out + i, _mm512_fmsub_ps(sigmoid, tanh16(x), gauss));
  }
  _mm_sfence();
  for (; i < end; ++i) // the last chunk's tail (none for 16M elements)
    out[i] = float(1 / (1 + std::exp(-(a * double(in[i]) + 1.5))) * std::tanh(double(in[i])) -
                   std::exp(-double(in[i]) * in[i]));
}

int64_t coreCount() { return std::max(1u, std::thread::hardware_concurrency()); }

/// One fmaPeak iteration: this many rounds of the chains on every core.
constexpr int64_t kFmaRounds = 4 << 20;
constexpr int kFmaChains = 12;

/// `iterations` x 12 independent FMA chains (more than latency x issue rate
/// in flight); the values converge to b / (1 - a) = 0.1, never to subnormals.
__attribute__((target("avx512f,fma"))) float fmaChains(int64_t iterations) {
  constexpr int kChains = kFmaChains;
  __m512 a = broadcast(0.999999f), b = broadcast(1e-7f);
  __m512 acc[kChains];
  for (int k = 0; k < kChains; ++k)
    acc[k] = broadcast(float(k));
  for (int64_t i = 0; i < iterations; ++i) {
#pragma GCC unroll 12
    for (int k = 0; k < kChains; ++k)
      acc[k] = _mm512_fmadd_ps(acc[k], a, b);
  }
  for (int k = 1; k < kChains; ++k)
    acc[0] = _mm512_add_ps(acc[0], acc[k]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, acc[0]);
  return lanes[0];
}

} // namespace

void fmaPeak(benchmark::State &state) {
  if (!avx512FloorsRun()) {
    state.SkipWithError("no AVX-512 on this CPU: the FMA rate is not measured");
    return;
  }
  int64_t threads = coreCount();
  std::vector<float> sums(threads);
  for (auto _ : state) {
    std::vector<std::thread> workers;
    for (int64_t t = 1; t < threads; ++t)
      workers.emplace_back([&sums, t] { sums[t] = fmaChains(kFmaRounds); });
    sums[0] = fmaChains(kFmaRounds);
    for (std::thread &worker : workers)
      worker.join();
    benchmark::DoNotOptimize(sums.data());
  }
  state.counters["FLOP/s"] = benchmark::Counter(fmaPeakFlops() * double(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}

double fmaPeakFlops() {
  // 16 lanes, 2 operations per FMA.
  return double(coreCount()) * double(kFmaRounds) * kFmaChains * 16 * 2;
}

bool avx512FloorsRun() { return __builtin_cpu_supports("avx512f"); }

void chainArithmeticFloor(benchmark::State &state) {
  if (!avx512FloorsRun()) {
    state.SkipWithError("no AVX-512 on this CPU: the hand-written chain is not measured");
    return;
  }
  theta::Array x = uniformFloats({kChainSize}, -3, 3, 3);
  theta::Array y(theta::DType::Float32, {kChainSize});
  const float *in = x.data<float>();
  float *out = y.data<float>();
  if (reinterpret_cast<uintptr_t>(out) % 64 != 0) { // non-temporal stores need it
    state.SkipWithError("the output is not 64-byte aligned: the hand-written chain is not run");
    return;
  }
  int64_t threads = coreCount();
  int64_t chunk = (kChainSize + threads - 1) / threads;
  chunk = (chunk + 15) / 16 * 16; // whole cache lines per thread (64-byte aligned arrays)
  auto run = [&](int64_t t) {
    chainKernel(in, out, kChainA, std::min(kChainSize, t * chunk),
                std::min(kChainSize, (t + 1) * chunk));
  };
  for (auto _ : state) {
    std::vector<std::thread> workers;
    for (int64_t t = 1; t < threads; ++t)
      workers.emplace_back(run, t);
    run(0);
    for (std::thread &worker : workers)
      worker.join();
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
  }
  // A floor that computed something else would be no floor: every 997th
  // element against the expression in double precision.
  for (int64_t i = 0; i < kChainSize; i += 997) {
    double v = in[i], expected = 1 / (1 + std::exp(-(kChainA * v + 1.5))) * std::tanh(v) -
                                 std::exp(-(v * v));
    if (std::fabs(out[i] - expected) > 1e-6) {
      state.SkipWithError("the hand-written chain disagrees with the expression in double "
                          "precision: not a floor");
      return;
    }
  }
  state.SetItemsProcessed(state.iterations() * kChainSize);
}

} // namespace bench
