//===- CompileBenchmarks.cpp - first calls: compiling or loading ----------===//
#include "tools/bench/CompileBenchmarks.h"

#include "tools/bench/Inputs.h"
#include "tools/bench/ThetaWorkloads.h"

#include <filesystem>
#include <functional>

namespace bench {

using namespace theta;

namespace {

/// Sets config().cache_dir for the lifetime of the object.
class CacheDirectory {
public:
  explicit CacheDirectory(std::string directory) : saved(config().cache_dir) {
    config().cache_dir = std::move(directory);
  }
  ~CacheDirectory() { config().cache_dir = saved; }

private:
  std::string saved;
};

/// Sets config().mode for the lifetime of the object.
class ModeScope {
public:
  explicit ModeScope(std::string mode) : saved(config().mode) { config().mode = std::move(mode); }
  ~ModeScope() { config().mode = saved; }

private:
  std::string saved;
};

/// Builds a new function and calls it once; inputs and parameters are made
/// once, outside the timed loop (small batches: execution is negligible).
std::function<void()> firstCallOf(Compiled what) {
  switch (what) {
  case Compiled::Chain: {
    Array a(kChainA), x = uniformFloats({1024}, -3, 3, 3);
    return [=] { buildChain()({a, x}); };
  }
  case Compiled::MlpStep: {
    std::vector<SharedVariable> parameters = share(mlpInitialParameters(7));
    auto [x, y] = mlpBatch(8);
    return [=, x = x, y = y] { buildMlpStep(parameters).step({x, y}); };
  }
  case Compiled::CnnStep: {
    CnnSizes sizes;
    std::vector<SharedVariable> parameters = share(cnnInitialParameters(sizes, 7));
    auto [images, targets] = cnnBatch(sizes, 2, 3);
    return [=, images = images, targets = targets] {
      buildCnnStep(parameters).step({images, targets});
    };
  }
  case Compiled::RnnStep: {
    // The benchmark's sizes: the batch is part of the graph (h0's shape).
    // Two time steps, not 100: the same code runs for every sequence length
    // (it is a loop), and running 100 steps would be most of the row.
    RnnSizes sizes;
    std::vector<SharedVariable> parameters = share(rnnInitialParameters(sizes, 7));
    RnnSizes shortSequence = sizes;
    shortSequence.steps = 2;
    auto [x, targets] = rnnBatch(shortSequence, sizes.batch, 3);
    return [=, x = x, targets = targets] { buildRnnStep(parameters).step({x, targets}); };
  }
  }
  return {};
}

} // namespace

void firstCall(benchmark::State &state, Compiled what, Cache cache) {
  std::string directory;
  if (cache == Cache::DiskHit)
    directory = (std::filesystem::temp_directory_path() / "theta-bench-cache").string();
  CacheDirectory scope(directory);
  ModeScope mode(cache == Cache::OffFastCompile ? "FAST_COMPILE" : config().mode);
  std::function<void()> call = firstCallOf(what);
  if (cache == Cache::DiskHit)
    call(); // populates the disk cache
  for (auto _ : state)
    call();
}

} // namespace bench
