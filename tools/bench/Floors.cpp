//===- Floors.cpp - the machine's limits, measured in the same run --------===//
#include "tools/bench/Floors.h"

#include "tools/bench/Inputs.h"

#include "runtime/GemmTuner.h"

#include <immintrin.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace bench {

using theta::Array;

namespace {
/// c = a + b over 16M float32 on every core; `streaming` stores bypass the
/// caches (non-temporal), so the written lines are not read first.
void addArrays(benchmark::State &state, bool streaming) {
  Array a = uniformFloats({kChainSize}, -3, 3, 2), b = uniformFloats({kChainSize}, -3, 3, 3);
  Array c(theta::DType::Float32, {kChainSize});
  const float *x = a.data<float>(), *y = b.data<float>();
  float *out = c.data<float>();
  int64_t threads = std::max(1u, std::thread::hardware_concurrency());
  int64_t chunk = (kChainSize + threads - 1) / threads;
  chunk = (chunk + 15) / 16 * 16; // whole cache lines per thread
  auto add = [&](int64_t begin, int64_t end) {
    if (streaming) {
      // Chunks are whole cache lines of 64-byte aligned arrays.
      for (int64_t i = begin; i + 4 <= end; i += 4)
        _mm_stream_ps(out + i, _mm_add_ps(_mm_load_ps(x + i), _mm_load_ps(y + i)));
      for (int64_t i = begin + (end - begin) / 4 * 4; i < end; ++i)
        out[i] = x[i] + y[i];
      _mm_sfence();
    } else {
      for (int64_t i = begin; i < end; ++i)
        out[i] = x[i] + y[i];
    }
  };
  for (auto _ : state) {
    std::vector<std::thread> workers;
    for (int64_t t = 1; t < threads; ++t)
      workers.emplace_back(add, std::min(kChainSize, t * chunk),
                           std::min(kChainSize, (t + 1) * chunk));
    add(0, std::min(kChainSize, chunk));
    for (std::thread &worker : workers)
      worker.join();
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * kChainSize * 12);
}
} // namespace

void memoryFloor(benchmark::State &state) { addArrays(state, false); }

void streamingMemoryFloor(benchmark::State &state) { addArrays(state, true); }

PeakEstimate physicalPeak() {
  PeakEstimate peak;
  peak.cores = std::max(1u, std::thread::hardware_concurrency());
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    auto value = [&] { return line.substr(line.find(':') + 1); };
    if (peak.model.empty() && line.rfind("model name", 0) == 0)
      peak.model = value().substr(1);
    else if (peak.gigahertz == 0 && line.rfind("cpu MHz", 0) == 0)
      peak.gigahertz = std::atof(value().c_str()) / 1000;
    else if (line.rfind("flags", 0) == 0 && peak.lanes == 0)
      peak.lanes = line.find(" avx512f") != std::string::npos ? 16
                   : line.find(" avx2") != std::string::npos  ? 8
                                                              : 4;
  }
  peak.gflops = peak.cores * peak.lanes * peak.fmaUnits * 2 * peak.gigahertz;
  return peak;
}

namespace {

/// Times `products`, each with the faster library for it (timed first, as
/// Theta's tuner times them).
void timeFastestProducts(benchmark::State &state, const std::vector<theta::SgemmCall> &products,
                         double flops) {
  std::vector<theta::GemmLibrary> fastest;
  int onednn = 0;
  for (const theta::SgemmCall &call : products) {
    fastest.push_back(theta::timeBothLibraries(call).faster()); // as the tuner chooses
    onednn += fastest.back() == theta::GemmLibrary::OneDnn;
  }
  for (auto _ : state) {
    for (size_t i = 0; i < products.size(); ++i)
      theta::runSgemm(fastest[i], products[i]);
    benchmark::ClobberMemory();
  }
  state.counters["FLOP/s"] =
      benchmark::Counter(flops * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["oneDNN_products"] = onednn; // of the three; the rest ran on OpenBLAS
}

constexpr int64_t kMlpFloorBatch = 1000;

} // namespace

void sgemmFloor(benchmark::State &state) { sgemmMlpFloor(state, 1000); }

double sgemmMlpFloorFlops(int64_t width) {
  return 3 * 2.0 * double(kMlpFloorBatch) * double(width) * double(width);
}

void sgemmMlpFloor(benchmark::State &state, int64_t width) {
  const int64_t batch = kMlpFloorBatch, w = width;
  // Row-major, as Theta calls them: activations batch x w, weights w x w.
  Array activations = uniformFloats({batch, w}, -3, 3, 7);
  Array gradients = uniformFloats({batch, w}, -3, 3, 8);
  Array weights = uniformFloats({w, w}, -3, 3, 9);
  Array out = uniformFloats({std::max(batch, w), w}, -3, 3, 10);
  float *h = activations.data<float>(), *dz = gradients.data<float>(), *wt = weights.data<float>();
  float *c = out.data<float>();
  std::vector<theta::SgemmCall> products = {
      // z = h W (batch x w x w), dW = h^T dz (w x w x batch), dh = dz W^T (batch x w x w).
      {0, 0, batch, w, w, h, w, wt, w, /*beta=*/0, c, w},
      {1, 0, w, w, batch, h, w, dz, w, /*beta=*/0, c, w},
      {0, 1, batch, w, w, dz, w, wt, w, /*beta=*/0, c, w},
  };
  timeFastestProducts(state, products, sgemmMlpFloorFlops(width));
}

} // namespace bench
