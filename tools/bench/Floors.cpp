//===- Floors.cpp - the machine's limits, measured in the same run --------===//
#include "tools/bench/Floors.h"

#include "tools/bench/Inputs.h"

#include "runtime/GemmTuner.h"

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
  // beta = 0: fresh products, as the MLP step's are; forward, then the two
  // of the backward pass (transposed A, transposed B).
  std::vector<theta::SgemmCall> products;
  for (auto [transA, transB] : {std::pair{0, 0}, std::pair{1, 0}, std::pair{0, 1}})
    products.push_back({transA, transB, n, n, n, a.data<float>(), n, b.data<float>(), n,
                        /*beta=*/0, c.data<float>(), n});
  // Each product with the faster of the libraries present.
  std::vector<theta::GemmLibrary> fastest;
  int onednn = 0;
  for (const theta::SgemmCall &call : products) {
    double openblasSeconds = theta::timeSgemm(theta::GemmLibrary::OpenBlas, call);
    double onednnSeconds = theta::timeSgemm(theta::GemmLibrary::OneDnn, call);
    fastest.push_back(onednnSeconds < openblasSeconds ? theta::GemmLibrary::OneDnn
                                                      : theta::GemmLibrary::OpenBlas);
    onednn += fastest.back() == theta::GemmLibrary::OneDnn;
  }
  for (auto _ : state) {
    for (size_t i = 0; i < products.size(); ++i)
      theta::runSgemm(fastest[i], products[i]);
    benchmark::ClobberMemory();
  }
  state.counters["FLOP/s"] = benchmark::Counter(
      kSgemmFloorFlops * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["oneDNN_products"] = onednn; // of the three; the rest ran on OpenBLAS
}

} // namespace bench
