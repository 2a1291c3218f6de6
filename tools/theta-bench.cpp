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

#include "runtime/Blas.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <thread>
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

/// The seed's 2-1000-1000-1 sigmoid MLP: one SGD training step (forward,
/// backward through theta::grad, updates) on a batch, as a function of (x, y).
struct Mlp {
  std::vector<SharedVariable> parameters;
  Function step{nullptr};
};

Mlp buildMlp(uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  auto init = [&](Shape shape, float scale) {
    Array a = Array::zeros(DType::Float32, shape);
    for (int64_t i = 0; i < a.size(); ++i)
      a.data<float>()[i] = normal(rng) * scale;
    return a;
  };
  Mlp mlp;
  std::vector<int64_t> sizes{2, 1000, 1000, 1};
  Variable x = fmatrix("x"), y = fmatrix("y");
  Variable h = x;
  for (size_t layer = 0; layer + 1 < sizes.size(); ++layer) {
    SharedVariable w = shared(init({sizes[layer], sizes[layer + 1]},
                                   1.0f / std::sqrt(static_cast<float>(sizes[layer]))));
    SharedVariable b = shared(Array::zeros(DType::Float32, {sizes[layer + 1]}));
    h = sigmoid(dot(h, w) + b);
    mlp.parameters.push_back(w);
    mlp.parameters.push_back(b);
  }
  Variable cost = mean(sqr(h - y));
  std::vector<Variable> wrt(mlp.parameters.begin(), mlp.parameters.end());
  std::vector<Variable> gradients = grad(cost, wrt);
  FunctionOptions options;
  options.name = "mlp_step";
  for (size_t i = 0; i < wrt.size(); ++i)
    options.updates.push_back({mlp.parameters[i], mlp.parameters[i] - 0.01f * gradients[i]});
  mlp.step = function({x, y}, cost, options);
  return mlp;
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
/// and write one (c = a + b over 16M floats, buffers allocated up front), on
/// every core, as Theta's parallel loops run.
void BM_MemoryFloorRead2Write1_16M(benchmark::State &state) {
  Array a = randomFloats(kChainSize, 2), b = randomFloats(kChainSize, 3);
  Array c(DType::Float32, {kChainSize});
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

/// Building and compiling the MLP training step (graph, autodiff, the whole
/// pipeline, LLVM), then one call on a small batch so execution is negligible.
void BM_CompileMlpTrainingStepCold(benchmark::State &state) {
  std::string saved = config().cache_dir;
  config().cache_dir = "";
  Array x = Array::zeros(DType::Float32, {8, 2}), y = Array::zeros(DType::Float32, {8, 1});
  for (auto _ : state) {
    Mlp mlp = buildMlp(7);
    benchmark::DoNotOptimize(mlp.step({x, y}));
  }
  config().cache_dir = saved;
}

/// The MLP's data: 1000 points of the plane, labelled by a two-colour picture
/// (inside or outside a ring).
std::pair<Array, Array> mlpBatch(int64_t batch) {
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> coordinate(-1.0f, 1.0f);
  Array x = Array::zeros(DType::Float32, {batch, 2}), y = Array::zeros(DType::Float32, {batch, 1});
  for (int64_t i = 0; i < batch; ++i) {
    float u = coordinate(rng), v = coordinate(rng), r = std::sqrt(u * u + v * v);
    x.data<float>()[2 * i] = u;
    x.data<float>()[2 * i + 1] = v;
    y.data<float>()[i] = r > 0.3f && r < 0.7f ? 1.0f : 0.0f;
  }
  return {x, y};
}

/// One training step of the 2-1000-1000-1 MLP at batch 1000 (about 6 GFLOP).
void BM_MlpTrainingStep(benchmark::State &state) {
  Mlp mlp = buildMlp(11);
  auto [x, y] = mlpBatch(1000);
  float first = mlp.step({x, y})[0].item<float>(), cost = first;
  for (int i = 0; i < 3; ++i)
    cost = mlp.step({x, y})[0].item<float>();
  if (!std::isfinite(cost) || !(cost < first))
    crossCheckFailed = true; // SGD on a fixed batch must lower the cost.
  for (auto _ : state)
    benchmark::DoNotOptimize(mlp.step({x, y}));
}

/// The floor for the MLP step: its three 1000x1000x1000 products (forward,
/// and the two of the backward pass) as plain OpenBLAS sgemm calls.
void BM_SgemmFloorMlpStep(benchmark::State &state) {
  constexpr int64_t n = 1000;
  Array a = randomFloats(n * n, 7), b = randomFloats(n * n, 8), c = randomFloats(n * n, 9);
  auto product = [&](int64_t transA, int64_t transB) {
    theta_sgemm(transA, transB, n, n, n, reinterpret_cast<intptr_t>(a.raw()), n,
                reinterpret_cast<intptr_t>(b.raw()), n, reinterpret_cast<intptr_t>(c.raw()), n);
  };
  for (auto _ : state) {
    product(0, 0);
    product(1, 0);
    product(0, 1);
    benchmark::ClobberMemory();
  }
  state.counters["GFLOP/s"] = benchmark::Counter(6e9 * static_cast<double>(state.iterations()),
                                                 benchmark::Counter::kIsRate);
}

} // namespace

BENCHMARK(BM_ScalarAddCall);
BENCHMARK(BM_ElementwiseChain16M)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_MemoryFloorRead2Write1_16M)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CompileChainCold)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_CompileChainDiskCacheHit)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_CompileMlpTrainingStepCold)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_MlpTrainingStep)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_SgemmFloorMlpStep)->Unit(benchmark::kMillisecond)->UseRealTime();

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
