//===- theta-bench.cpp - Theta's benchmark harness ------------------------===//
//
// Each workload written with Theta and with LibTorch (the baseline), timed
// with Google Benchmark next to the machine's limits measured in the same
// run, then a table: Theta, baseline, their ratio, and Theta over the floor.
// Before a workload is timed, both sides run once on the same inputs and
// must agree (exit code 2 otherwise), so a fast wrong answer cannot pass.
//
//   bazel run //tools:theta-bench                      # the table
//   bazel run //tools:theta-bench -- --json out.json   # the table as JSON too
//   bazel run //tools:theta-bench -- --smoke           # one iteration each
//   bazel run //tools:theta-bench -- --no-jax          # without the JAX side
//   bazel run //tools:theta-bench -- --plot $PWD/c.png # compile time vs depth (gnuplot)
//
// JAX (jit, CPU) is a second baseline when tools/bench/setup_jax.sh has
// installed it (see JaxSide.h): it runs after the Google Benchmark loops.
// Google Benchmark's flags work as usual (--benchmark_filter=mlp, ...); the
// default is 5 repetitions, of which the table shows medians.
//
//===----------------------------------------------------------------------===//
#include "tools/bench/CompileBenchmarks.h"
#include "tools/bench/Floors.h"
#include "tools/bench/Inputs.h"
#include "tools/bench/JaxSide.h"
#include "tools/bench/Report.h"
#include "tools/bench/ScaleBenchmarks.h"
#include "tools/bench/Suite.h"
#include "tools/bench/ThetaWorkloads.h"
#include "tools/bench/TorchWorkloads.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

using namespace bench;

namespace {

const char *const kMemoryFloor = "floor/memory_read2_write1_16M";
const char *const kStreamingMemoryFloor = "floor/memory_read2_write1_16M_nontemporal";
const char *const kSgemmFloor = "floor/sgemm_mlp_step";
const char *const kChainArithmeticFloor = "floor/chain_arithmetic_avx512_16M";
const char *const kFmaPeak = "floor/fma_peak_avx512";

bool crossCheckFailed = false;
bool errorOccurred = false;

/// Runs a benchmark body, turning an exception into a skipped benchmark
/// rather than a crash of the whole harness.
template <typename Body> void guarded(benchmark::State &state, Body body) {
  try {
    body();
  } catch (const std::exception &error) {
    std::fprintf(stderr, "theta-bench: %s\n", error.what());
    errorOccurred = true;
    state.SkipWithError(error.what());
  }
}

/// One side of a workload in a loop, after the pair's cross-check passed.
void timeSide(benchmark::State &state, const char *name, bool theta) {
  guarded(state, [&] {
    WorkloadPair &pair = workload(name);
    if (!pair.check().ok) {
      crossCheckFailed = true;
      state.SkipWithError("cross-check failed");
      return;
    }
    Workload &side = theta ? pair.theta() : pair.torch();
    for (auto _ : state)
      side.run();
  });
}

/// "<workload>/theta" and "<workload>/torch". CPU time is the process's, so
/// CPU / wall time shows how many cores a side kept busy.
void timePair(const char *name, benchmark::TimeUnit unit) {
  for (bool theta : {true, false}) {
    std::string benchmarkName = std::string(name) + (theta ? "/theta" : "/torch");
    benchmark::RegisterBenchmark(benchmarkName.c_str(), timeSide, name, theta)
        ->Unit(unit)
        ->UseRealTime()
        ->MeasureProcessCPUTime();
  }
}

/// The MLP step built with profiling on (as with profile=true in
/// THETA_FLAGS), beside mlp_step/theta: the profiler's overhead. Its tables
/// are printed at exit (stderr).
void timeProfiledMlpStep(benchmark::State &state) {
  guarded(state, [&] {
    static std::unique_ptr<Workload> step = [] {
      bool saved = theta::config().profile;
      theta::config().profile = true;
      auto [x, y] = mlpBatch(kMlpBatch);
      std::unique_ptr<Workload> built = thetaMlpStep(mlpInitialParameters(11), x, y);
      theta::config().profile = saved;
      built->run(); // compiles
      return built;
    }();
    for (auto _ : state)
      step->run();
  });
}

void timeFirstCall(benchmark::State &state, Compiled what, Cache cache) {
  guarded(state, [&] { firstCall(state, what, cache); });
}

/// A fixed number of new functions per repetition: every function built
/// adds to Theta's graph for the rest of the process, and later builds slow
/// down with its size, so "as many as fit in the minimum time" would time a
/// process that has built thousands of functions, not a fresh one.
void timeFirstCalls(const char *name, Compiled what, Cache cache, int64_t iterations) {
  benchmark::RegisterBenchmark(name, timeFirstCall, what, cache)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->Iterations(iterations);
}

/// Sizes of the scale rows; --smoke leaves out the largest.
const std::vector<int64_t> kScaleChain = {1 << 10, 1 << 16, 1 << 20, 1 << 24, 1 << 28};
const std::vector<int64_t> kScaleMlpWidths = {256, 1000, 4000};
const std::vector<int64_t> kScaleMlpLayers = {10, 50, 200};
constexpr int64_t kScaleCnnConvs = 20;

std::string scaleChainName(int64_t n) { return "scale/chain/" + std::to_string(n); }
std::string scaleMlpName(int64_t width) { return "scale/mlp_step/" + std::to_string(width); }
/// The floor of the scale row's MLP step at `width`: its three products at
/// their own shapes (at 1000, the main MLP floor's).
std::string scaleMlpFloorName(int64_t width) {
  return width == 1000 ? kSgemmFloor : "floor/sgemm_mlp_width/" + std::to_string(width);
}
std::string scaleCompileMlpName(int64_t layers) {
  return "scale/compile/mlp_" + std::to_string(layers) + "_layers";
}
std::string scaleCompileCnnName() {
  return "scale/compile/cnn_" + std::to_string(kScaleCnnConvs) + "_convs";
}

/// A scale row: `body` timed in real time, guarded like the other rows.
benchmark::internal::Benchmark *registerScale(const std::string &name,
                                              std::function<void(benchmark::State &)> body,
                                              benchmark::TimeUnit unit) {
  return benchmark::RegisterBenchmark(name.c_str(),
                                      [body](benchmark::State &state) {
                                        guarded(state, [&] { body(state); });
                                      })
      ->Unit(unit)
      ->UseRealTime();
}

void registerScaleBenchmarks(bool smoke) {
  using benchmark::kMillisecond, benchmark::kMicrosecond;
  for (int64_t n : kScaleChain)
    if (!smoke || n <= (1 << 20))
      registerScale(scaleChainName(n), [n](benchmark::State &state) { scaleChain(state, n); },
                    n < (1 << 20) ? kMicrosecond : kMillisecond);
  for (int64_t width : kScaleMlpWidths)
    if (!smoke || width <= 1000) {
      registerScale(scaleMlpName(width),
                    [width](benchmark::State &state) { scaleMlpStep(state, width); },
                    kMillisecond);
      if (width != 1000)
        registerScale(scaleMlpFloorName(width),
                      [width](benchmark::State &state) { sgemmMlpFloor(state, width); },
                      kMillisecond)
            ->MeasureProcessCPUTime();
    }
  // Cold first calls: one per repetition (each builds a new model).
  for (int64_t layers : kScaleMlpLayers)
    if (!smoke || layers <= 50)
      registerScale(scaleCompileMlpName(layers),
                    [layers](benchmark::State &state) { scaleCompileMlp(state, layers); },
                    kMillisecond)
          ->Iterations(1);
  registerScale(scaleCompileCnnName(),
                [](benchmark::State &state) { scaleCompileCnn(state, kScaleCnnConvs); },
                kMillisecond)
      ->Iterations(1);
}

void registerBenchmarks(bool smoke) {
  using benchmark::kMicrosecond, benchmark::kMillisecond, benchmark::kNanosecond;
  timePair("scalar_add", kNanosecond);
  timePair("chain_16M", kMillisecond);
  benchmark::RegisterBenchmark(kMemoryFloor, memoryFloor)
      ->Unit(kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
  benchmark::RegisterBenchmark(kStreamingMemoryFloor, streamingMemoryFloor)
      ->Unit(kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
  if (avx512FloorsRun())
    benchmark::RegisterBenchmark(kChainArithmeticFloor, chainArithmeticFloor)
        ->Unit(kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
  timePair("chain_1K", kMicrosecond);
  timePair("gather_100K", kMicrosecond);
  timePair("mlp_step", kMillisecond);
  benchmark::RegisterBenchmark("mlp_step/theta_profiled", timeProfiledMlpStep)
      ->Unit(kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
  benchmark::RegisterBenchmark(kSgemmFloor, sgemmFloor)
      ->Unit(kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
  if (avx512FloorsRun())
    benchmark::RegisterBenchmark(kFmaPeak, fmaPeak)
        ->Unit(kMillisecond)->UseRealTime()->MeasureProcessCPUTime();
  timePair("cnn_step", kMillisecond);
  timePair("rnn_step", kMillisecond);
  auto times = [smoke](int64_t n) { return smoke ? 1 : n; };
  timeFirstCalls("compile/chain_cold", Compiled::Chain, Cache::Off, times(10));
  timeFirstCalls("compile/chain_disk_hit", Compiled::Chain, Cache::DiskHit, times(50));
  timeFirstCalls("compile/mlp_step_cold", Compiled::MlpStep, Cache::Off, times(3));
  timeFirstCalls("compile/mlp_step_cold_fast_compile", Compiled::MlpStep, Cache::OffFastCompile,
                 times(3));
  timeFirstCalls("compile/mlp_step_disk_hit", Compiled::MlpStep, Cache::DiskHit, times(10));
  timeFirstCalls("compile/cnn_step_cold", Compiled::CnnStep, Cache::Off, times(3));
  timeFirstCalls("compile/cnn_step_cold_fast_compile", Compiled::CnnStep, Cache::OffFastCompile,
                 times(3));
  timeFirstCalls("compile/cnn_step_disk_hit", Compiled::CnnStep, Cache::DiskHit, times(10));
  timeFirstCalls("compile/rnn_step_cold", Compiled::RnnStep, Cache::Off, times(3));
  timeFirstCalls("compile/rnn_step_cold_fast_compile", Compiled::RnnStep, Cache::OffFastCompile,
                 times(3));
  timeFirstCalls("compile/rnn_step_disk_hit", Compiled::RnnStep, Cache::DiskHit, times(10));
  registerScaleBenchmarks(smoke);
}

double medianOf(const Medians &medians, const std::string &name) {
  auto found = medians.find(name);
  return found == medians.end() ? NAN : found->second;
}

std::function<double(const Medians &)> floorBenchmark(const std::string &name) {
  return [name](const Medians &medians) { return medianOf(medians, name); };
}

/// Seconds per byte moved at the best streaming rate measured (12 bytes per
/// element of the two memory floors).
double secondsPerByte(const Medians &medians) {
  double best = std::fmin(medianOf(medians, kMemoryFloor), medianOf(medians, kStreamingMemoryFloor));
  return best / (12.0 * double(kChainSize));
}

/// Seconds per element of the chain: its 8 bytes (read 4, write 4) at the
/// best streaming rate, or its arithmetic (the hand-written AVX-512 kernel)
/// where that is slower; NaN where neither ran.
double chainSecondsPerElement(const Medians &medians) {
  double memory = 8.0 * secondsPerByte(medians);
  double arithmetic = medianOf(medians, kChainArithmeticFloor) / double(kChainSize);
  return std::isnan(arithmetic) ? memory : std::fmax(memory, arithmetic);
}

double chainFloor(const Medians &medians) {
  return double(kChainSize) * chainSecondsPerElement(medians);
}

/// The RNN step's FLOPs at the rate of the sgemm floor.
double rnnFloor(const Medians &medians) {
  return RnnSizes().stepFlops() * medianOf(medians, kSgemmFloor) / kSgemmFloorFlops;
}

/// The CNN step's FLOPs at the rate of the sgemm floor.
double cnnFloor(const Medians &medians) {
  return CnnSizes().stepFlops() * medianOf(medians, kSgemmFloor) / kSgemmFloorFlops;
}

std::vector<TableRow> tableRows() {
  std::vector<TableRow> rows = {
      {"scalar `x + y` call", "scalar_add/theta", "scalar_add/torch", nullptr},
      {"`sigmoid(a*x + 1.5) * tanh(x) - exp(-(x*x))`, 16M float32", "chain_16M/theta",
       "chain_16M/torch", chainFloor},
      {"the same chain on 1K float32 (a call hitting the in-process cache)", "chain_1K/theta",
       "chain_1K/torch", nullptr},
      {"take(W, ids): 100K rows of a 50000×64 float32 table, every index range-checked",
       "gather_100K/theta", "gather_100K/torch", nullptr},
      {"2-1000-1000-1 sigmoid MLP, SGD step, batch 1000", "mlp_step/theta", "mlp_step/torch",
       floorBenchmark(kSgemmFloor)},
      {"the same MLP step profiled (profile=true; baseline: Theta unprofiled)",
       "mlp_step/theta_profiled", "mlp_step/theta", floorBenchmark(kSgemmFloor)},
      {"CNN (conv 16@5×5, conv 32@5×5, pool, dense 10), SGD step, 128×3×32×32",
       "cnn_step/theta", "cnn_step/torch", cnnFloor},
      {"tanh RNN through scan (T 100, batch 32, 64 → 256, dense 10), SGD step with BPTT",
       "rnn_step/theta", "rnn_step/torch", rnnFloor},
      {"first call, cold compile: the chain", "compile/chain_cold", "", nullptr},
      {"first call, disk-cache hit: the chain", "compile/chain_disk_hit", "", nullptr},
      {"first call, cold compile: MLP step (graph, grad, pipeline, LLVM)",
       "compile/mlp_step_cold", "", nullptr},
      {"first call, cold compile, mode=FAST_COMPILE: MLP step (baseline: FAST_RUN)",
       "compile/mlp_step_cold_fast_compile", "compile/mlp_step_cold", nullptr},
      {"first call, disk-cache hit: MLP step", "compile/mlp_step_disk_hit", "", nullptr},
      {"first call, cold compile: CNN step", "compile/cnn_step_cold", "", nullptr},
      {"first call, cold compile, mode=FAST_COMPILE: CNN step (baseline: FAST_RUN)",
       "compile/cnn_step_cold_fast_compile", "compile/cnn_step_cold", nullptr},
      {"first call, disk-cache hit: CNN step", "compile/cnn_step_disk_hit", "", nullptr},
      {"first call, cold compile: RNN step (scan, BPTT; 2 time steps run)", "compile/rnn_step_cold", "", nullptr},
      {"first call, cold compile, mode=FAST_COMPILE: RNN step (baseline: FAST_RUN)",
       "compile/rnn_step_cold_fast_compile", "compile/rnn_step_cold", nullptr},
      {"first call, disk-cache hit: RNN step (2 time steps run)", "compile/rnn_step_disk_hit", "", nullptr},
  };
  // JAX's side of each timed workload, and its first calls (trace + XLA
  // compile + run) beside Theta's cold compiles.
  for (TableRow &row : rows) {
    const std::string &name = row.theta;
    if (name.size() > 6 && name.compare(name.size() - 6, 6, "/theta") == 0)
      row.jax = name.substr(0, name.size() - 6) + "/jax";
    else if (name.rfind("compile/", 0) == 0 && name.size() > 5 &&
             name.compare(name.size() - 5, 5, "_cold") == 0)
      row.jax = name + "/jax";
  }
  return rows;
}

/// "22.6 ms (8.9 GB/s)": a median and the rate it stands for.
std::string withRate(double seconds, double rate, const char *unit) {
  char text[64];
  std::snprintf(text, sizeof text, " (%.1f %s)", rate, unit);
  return formatSeconds(seconds) + text;
}

std::vector<Limit> limits() {
  double cnnFlops = CnnSizes().stepFlops();
  char cnn[160];
  std::snprintf(cnn, sizeof cnn,
                "CNN step floor: its %.2f GFLOP (convolutions and dense layer, forward and "
                "backward) at that sgemm rate",
                cnnFlops / 1e9);
  return {
      {"memory: read 2 + write 1 arrays of 16M float32 on every core",
       kMemoryFloor,
       [](double s) { return withRate(s, 12.0 * kChainSize / s / 1e9, "GB/s"); }},
      {"the same with non-temporal stores (the chain's memory floor: its 8 bytes per element at "
       "the faster of the two rates)",
       kStreamingMemoryFloor,
       [](double s) { return withRate(s, 12.0 * kChainSize / s / 1e9, "GB/s"); }},
      {"the chain's arithmetic: written by hand with AVX-512 intrinsics (the same polynomials, "
       "IEEE divisions, non-temporal stores) on every core, 16M float32; the chain's floor is "
       "the slower of this and its 8 bytes per element at the streaming rate",
       kChainArithmeticFloor,
       [](double s) {
         char rate[48];
         std::snprintf(rate, sizeof rate, " (%.3f ns per element)", s / double(kChainSize) * 1e9);
         return formatSeconds(s) + rate;
       }},
      {"sgemm: three 1000×1000×1000 products, each with the faster of OpenBLAS and oneDNN (the MLP step's floor)",
       kSgemmFloor,
       [](double s) { return withRate(s, kSgemmFloorFlops / s / 1e9, "GFLOP/s"); }},
      {"float32 FMA rate: 12 independent 512-bit FMA chains per core, every core (the "
       "machine's float32 peak; sgemm's share of it is the products' efficiency)",
       kFmaPeak,
       [](double s) { return withRate(s, fmaPeakFlops() / s / 1e9, "GFLOP/s"); }},
      {cnn, kSgemmFloor,
       [cnnFlops](double s) { return formatSeconds(cnnFlops / (kSgemmFloorFlops / s)); }},
  };
}

/// How the cost grows with the work, under the main table.
void printScale(std::ostream &out, const Medians &medians) {
  auto median = [&](const std::string &name) {
    auto found = medians.find(name);
    return found == medians.end() ? NAN : found->second;
  };
  // Per element: the chain's 8 bytes at the streaming rate, or its
  // hand-written arithmetic where that is slower.
  double floorPerElement = chainSecondsPerElement(medians);
  out << "\nScale (Theta alone):\n\n| row | Theta median | per unit | Theta / floor |\n"
         "| --- | --- | --- | --- |\n";
  char text[96];
  for (int64_t n : kScaleChain) {
    double s = median(scaleChainName(n));
    if (std::isnan(s))
      continue;
    std::snprintf(text, sizeof text, "%.3f ns per element", s / double(n) * 1e9);
    out << "| chain, " << n << " float32 | " << formatSeconds(s) << " | " << text << " | "
        << formatRatio(s / (double(n) * floorPerElement)) << " |\n";
  }
  for (int64_t width : kScaleMlpWidths) {
    double s = median(scaleMlpName(width));
    if (std::isnan(s))
      continue;
    double flops = sgemmMlpFloorFlops(width);
    double floor = median(scaleMlpFloorName(width));
    std::snprintf(text, sizeof text, "%.0f GFLOP/s in its 3 products (%.0f alone)",
                  flops / s / 1e9, flops / floor / 1e9);
    out << "| MLP step 2-" << width << "-" << width << "-1, batch 1000 | " << formatSeconds(s)
        << " | " << text << " | " << formatRatio(s / floor) << " |\n";
  }
  for (int64_t layers : kScaleMlpLayers) {
    double s = median(scaleCompileMlpName(layers));
    if (std::isnan(s))
      continue;
    std::snprintf(text, sizeof text, "%.2f ms per layer", s / double(layers) * 1e3);
    out << "| cold first call, MLP training step of " << layers << " layers (width 64) | "
        << formatSeconds(s) << " | " << text << " | — |\n";
  }
  double cnn = median(scaleCompileCnnName());
  if (!std::isnan(cnn)) {
    std::snprintf(text, sizeof text, "%.2f ms per convolution", cnn / kScaleCnnConvs * 1e3);
    out << "| cold first call, CNN training step of " << kScaleCnnConvs
        << " 3x3 convolutions | " << formatSeconds(cnn) << " | " << text << " | — |\n";
  }
}

/// Compile time against depth as a PNG (gnuplot, from Debian's gnuplot-nox).
void plotCompileScaling(const std::string &path, const Medians &medians) {
  std::string data = path + ".dat";
  if (FILE *file = std::fopen(data.c_str(), "w")) {
    for (int64_t layers : kScaleMlpLayers)
      if (auto found = medians.find(scaleCompileMlpName(layers)); found != medians.end())
        std::fprintf(file, "%lld %g\n", static_cast<long long>(layers), found->second * 1e3);
    std::fclose(file);
  }
  std::string script =
      "set terminal png size 720,420; "
      "set output '" + path + "'; set title 'Theta: cold first call of an MLP training step'; "
      "set xlabel 'layers (width 64)'; set ylabel 'ms'; set key left top; set grid; "
      "f(x) = a*x + b; fit f(x) '" + data + "' via a, b; "
      "plot '" + data + "' with linespoints pointtype 7 title 'measured', f(x) title 'linear fit'";
  std::string command = "gnuplot -e \"" + script + "\" 2>/dev/null";
  if (std::system(command.c_str()) != 0)
    std::fprintf(stderr, "theta-bench: no plot (gnuplot-nox not installed?)\n");
  std::remove(data.c_str());
  std::remove("fit.log");
}

struct Options {
  std::string plot;
  bool smoke = false;
  bool jax = true;
  std::string json;
  bool consoleFormat = true; // the table goes to stderr when stdout is JSON or CSV
  bool listOnly = false;
};

/// Takes theta-bench's own flags out of `args` and adds the defaults.
Options parseOptions(std::vector<char *> &args) {
  Options options;
  std::vector<char *> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    if (arg == "--smoke") {
      options.smoke = true;
    } else if (arg == "--no-jax") {
      options.jax = false;
    } else if (arg == "--plot" && i + 1 < args.size()) {
      options.plot = args[++i];
    } else if (arg == "--json" && i + 1 < args.size()) {
      options.json = args[++i];
    } else if (arg.rfind("--json=", 0) == 0) {
      options.json = arg.substr(7);
    } else {
      if (arg.rfind("--benchmark_format=", 0) == 0)
        options.consoleFormat = arg == "--benchmark_format=console";
      if (arg.rfind("--benchmark_list_tests", 0) == 0)
        options.listOnly = arg != "--benchmark_list_tests=false";
      rest.push_back(args[i]);
    }
  }
  // Defaults go right after the program name, so the user's own flags win;
  // --smoke wins over both.
  static char repetitions[] = "--benchmark_repetitions=5";
  static char aggregatesOnly[] = "--benchmark_display_aggregates_only=true";
  static char once[] = "--benchmark_repetitions=1", minTime[] = "--benchmark_min_time=0";
  rest.insert(rest.begin() + 1, {repetitions, aggregatesOnly});
  if (options.smoke)
    rest.insert(rest.end(), {once, minTime});
  args = rest;
  return options;
}

/// jax_workloads.py: $THETA_BENCH_JAX_SCRIPT, else in the binary's runfiles
/// (bazel-bin/tools/theta-bench), else under the working directory (bazel run).
std::string jaxScript(const char *program) {
  if (const char *configured = std::getenv("THETA_BENCH_JAX_SCRIPT"))
    return configured;
  std::string beside = std::string(program) + ".runfiles/theta/tools/bench/jax_workloads.py";
  if (FILE *file = std::fopen(beside.c_str(), "r")) {
    std::fclose(file);
    return beside;
  }
  return "tools/bench/jax_workloads.py";
}

} // namespace

int main(int argc, char **argv) {
  std::vector<char *> args(argv, argv + argc);
  Options options = parseOptions(args);
  int count = static_cast<int>(args.size());
  benchmark::Initialize(&count, args.data());
  if (benchmark::ReportUnrecognizedArguments(count, args.data()))
    return 1;

  // LibTorch's parallel regions on every core, as Theta's loops, oneDNN and
  // OpenBLAS use them (one OpenMP pool: libomp, see third_party/BUILD).
  int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (setTorchThreads(cores) != cores) {
    std::fprintf(stderr, "theta-bench: LibTorch did not take %d threads\n", cores);
    return 1;
  }
  benchmark::AddCustomContext("baseline", torchDescription());
  registerBenchmarks(options.smoke);

  Recorder recorder(benchmark::CreateDefaultDisplayReporter());
  benchmark::RunSpecifiedBenchmarks(&recorder);
  benchmark::Shutdown();
  if (options.listOnly)
    return 0;

  Medians medians = recorder.medians();
  std::map<std::string, CheckResult> checks;
  for (WorkloadPair *pair : checkedWorkloads())
    checks[pair->name()] = pair->check();
  JaxRun jax;
  jax.skipped = "--no-jax";
  if (options.jax)
    jax = runJax(checkedWorkloads(), options.smoke ? 1 : 10, jaxScript(argv[0]));
  if (!jax.skipped.empty()) {
    std::fprintf(stderr, "theta-bench: JAX not run: %s\n", jax.skipped.c_str());
  } else {
    medians.insert(jax.medians.begin(), jax.medians.end());
    for (const auto &[name, check] : jax.checks) {
      checks[name + "/jax"] = check;
      crossCheckFailed |= !check.ok;
    }
  }
  std::ostream &out = options.consoleFormat ? std::cout : std::cerr;
  printTable(out, tableRows(), limits(), medians);
  if (jax.skipped.empty())
    out << "JAX: " << jax.description << "\n";
  PeakEstimate peak = physicalPeak();
  out << "- physical float32 peak, estimated from /proc/cpuinfo (" << peak.model << ": "
      << peak.cores << " cores x " << peak.lanes << " lanes x " << peak.fmaUnits
      << " FMA units (assumed) x 2 x " << peak.gigahertz
      << " GHz, the clock the kernel reports; turbo clocks run higher; the FMA rate above is "
         "measured): "
      << peak.gflops << " GFLOP/s\n";
  printScale(out, medians);
  if (!options.plot.empty())
    plotCompileScaling(options.plot, medians);
  out << "Cross-checks on the same inputs (<workload>: Theta against LibTorch; "
         "<workload>/jax: Theta against JAX):\n";
  for (const auto &[name, check] : checks)
    out << "- " << name << ": " << check.summary << "\n";
  if (!options.json.empty() &&
      !writeJson(options.json, tableRows(), limits(), medians,
                 {{"baseline", torchDescription()},
                  {"jax", jax.skipped.empty() ? jax.description : "not run: " + jax.skipped},
                  {"cores", std::to_string(cores)},
                  {"mode", options.smoke ? "smoke" : "full"}},
                 checks)) {
    std::fprintf(stderr, "theta-bench: cannot write %s\n", options.json.c_str());
    return 1;
  }
  if (crossCheckFailed) {
    std::fprintf(stderr, "theta-bench: a workload computed a wrong result\n");
    return 2;
  }
  return errorOccurred ? 1 : 0;
}
