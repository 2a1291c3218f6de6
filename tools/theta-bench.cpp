//===- theta-bench.cpp - Theta's benchmark harness ------------------------===//
//
// Workloads timed with Google Benchmark, next to the machine's own limits
// measured in the same run. Each workload first checks its result against a
// plain C++ reference, so a fast wrong answer cannot pass (exit code 2).
//
//   bazel run -c opt //tools:theta-bench               # the table
//   bazel run -c opt //tools:theta-bench -- --smoke    # one iteration each
//
//===----------------------------------------------------------------------===//
#include <theta/theta.h>

#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace theta;

namespace {

constexpr int64_t kChainSize = 16 << 20; // 16M float32

bool crossCheckFailed = false;

Array randomFloats(int64_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-3, 3);
  Array a(DType::Float32, {n});
  for (int64_t i = 0; i < n; ++i)
    a.data<float>()[i] = dist(rng);
  return a;
}

double chainReference(float a, float x) {
  return 1 / (1 + std::exp(-(a * x + 1.5))) * std::tanh(x) - std::exp(-(x * x));
}

Function buildChain() {
  Variable a = fscalar("a"), x = fvector("x");
  return function({a, x}, sigmoid(a * x + 1.5f) * tanh(x) - exp(-(x * x)),
                  FunctionOptions{{}, {}, false, "chain"});
}

void BM_ScalarAddCall(benchmark::State &state) {
  Variable x = scalar("x"), y = scalar("y");
  Function f = function({x, y}, x + y);
  Array a(2.0f), b(8.0f);
  if (f({a, b})[0].item<float>() != 10.0f)
    crossCheckFailed = true;
  for (auto _ : state)
    benchmark::DoNotOptimize(f({a, b}));
}

void BM_ElementwiseChain16M(benchmark::State &state) {
  Function f = buildChain();
  Array a(0.5f), x = randomFloats(kChainSize, 1);
  Array r = f({a, x})[0];
  for (int64_t i = 0; i < kChainSize; i += 4099)
    if (std::fabs(r.at(i) - chainReference(0.5f, x.data<float>()[i])) > 1e-5)
      crossCheckFailed = true;
  for (auto _ : state)
    benchmark::DoNotOptimize(f({a, x}));
  state.SetBytesProcessed(state.iterations() * kChainSize * 8);
}

/// The memory-bandwidth floor the issue sets for the chain: read two arrays
/// and write one (c = a + b over 16M floats, buffers allocated up front).
void BM_MemoryFloorRead2Write1_16M(benchmark::State &state) {
  Array a = randomFloats(kChainSize, 2), b = randomFloats(kChainSize, 3);
  Array c(DType::Float32, {kChainSize});
  const float *x = a.data<float>(), *y = b.data<float>();
  float *out = c.data<float>();
  for (auto _ : state) {
    for (int64_t i = 0; i < kChainSize; ++i)
      out[i] = x[i] + y[i];
    benchmark::DoNotOptimize(out);
    benchmark::ClobberMemory();
  }
  state.SetBytesProcessed(state.iterations() * kChainSize * 12);
}

/// First call of a new function: the whole pipeline, LLVM included.
void BM_CompileChainCold(benchmark::State &state) {
  std::string saved = config().cache_dir;
  config().cache_dir = "";
  Array a(0.5f), x = randomFloats(1024, 3);
  for (auto _ : state) {
    Function f = buildChain();
    benchmark::DoNotOptimize(f({a, x}));
  }
  config().cache_dir = saved;
}

/// First call of a new function whose object is in the disk cache (what a
/// second process sees): MLIR shape refinement and loading, no codegen.
void BM_CompileChainDiskCacheHit(benchmark::State &state) {
  std::string saved = config().cache_dir;
  config().cache_dir = "/tmp/theta-bench-cache";
  Array a(0.5f), x = randomFloats(1024, 3);
  buildChain()({a, x}); // populate
  for (auto _ : state) {
    Function f = buildChain();
    benchmark::DoNotOptimize(f({a, x}));
  }
  config().cache_dir = saved;
}

} // namespace

BENCHMARK(BM_ScalarAddCall);
BENCHMARK(BM_ElementwiseChain16M)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_MemoryFloorRead2Write1_16M)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CompileChainCold)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_CompileChainDiskCacheHit)->Unit(benchmark::kMillisecond)->Iterations(5);

int main(int argc, char **argv) {
  std::vector<char *> args(argv, argv + argc);
  std::string minTime = "--benchmark_min_time=0";
  bool smoke = false;
  for (auto it = args.begin(); it != args.end();)
    if (std::strcmp(*it, "--smoke") == 0) {
      smoke = true;
      it = args.erase(it);
    } else {
      ++it;
    }
  if (smoke)
    args.push_back(minTime.data());
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  if (crossCheckFailed) {
    std::fprintf(stderr, "theta-bench: a workload computed a wrong result\n");
    return 2;
  }
  return 0;
}
