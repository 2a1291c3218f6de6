//===- Floors.cpp - the machine's limits, measured in the same run --------===//
#include "tools/bench/Floors.h"

#include "tools/bench/Inputs.h"

#include "runtime/Blas.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace bench {

using theta::Array;

void memoryFloor(benchmark::State &state) {
  Array a = uniformFloats({kChainSize}, -3, 3, 2), b = uniformFloats({kChainSize}, -3, 3, 3);
  Array c(theta::DType::Float32, {kChainSize});
  const float *x = a.data<float>(), *y = b.data<float>();
  float *out = c.data<float>();
  int64_t threads = std::max(1u, std::thread::hardware_concurrency());
  int64_t chunk = (kChainSize + threads - 1) / threads;
  auto add = [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i)
      out[i] = x[i] + y[i];
  };
  for (auto _ : state) {
    std::vector<std::thread> workers;
    for (int64_t t = 1; t < threads; ++t)
      workers.emplace_back(add, t * chunk, std::min(kChainSize, (t + 1) * chunk));
    add(0, std::min(kChainSize, chunk));
    for (std::thread &worker : workers)
      worker.join();
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * kChainSize * 12);
}

void sgemmFloor(benchmark::State &state) {
  constexpr int64_t n = 1000;
  Array a = uniformFloats({n, n}, -3, 3, 7), b = uniformFloats({n, n}, -3, 3, 8);
  Array c = uniformFloats({n, n}, -3, 3, 9);
  auto product = [&](int64_t transA, int64_t transB) {
    // beta = 0: a fresh product, as the MLP step's products are.
    theta_sgemm(transA, transB, n, n, n, reinterpret_cast<intptr_t>(a.raw()), n,
                reinterpret_cast<intptr_t>(b.raw()), n, /*beta=*/0,
                reinterpret_cast<intptr_t>(c.raw()), n);
  };
  for (auto _ : state) {
    product(0, 0);
    product(1, 0);
    product(0, 1);
    benchmark::ClobberMemory();
  }
  state.counters["FLOP/s"] = benchmark::Counter(
      kSgemmFloorFlops * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

} // namespace bench
