//===- theta-gpu-bench.cpp - Theta on a CUDA GPU, against the GPU's limits -===//
//
// The GPU half of the benchmark harness (theta-bench links LibTorch 1.13,
// a CPU build; PyTorch on the GPU is timed by tools/gpu_torch_baseline.py in
// the same tools/gpu_check.sh run). Every row is measured in this process:
//
//   copy      device-to-device copy of 1 GiB: the bandwidth floor (bytes read
//             + written per second)
//   chain     sigmoid(a*x + 1.5) * tanh(x) - exp(-(x*x)) on 16M float32 held
//             on the GPU (the result an update of a shared variable): against
//             the copy bandwidth for its 128 MiB read + written
//   sgemm     a 10000^3 float32 product through theta::dot, against cuBLAS
//             called directly on the same buffers
//   mlp/cnn/rnn training steps of tools/bench (the CPU harness's
//             workloads), data already on the GPU; each cross-checked against
//             the same steps on the CPU before timing; against floors
//             measured in the same run: the MLP step against its three
//             1000^3 products in cuBLAS called directly, the CNN step against
//             its five convolutions (two forward, two filter gradients, one
//             input gradient) run by cuDNN directly, as Theta plans them, the
//             RNN step against its products' FLOPs at cuBLAS's sgemm rate
//   compile   first call of the MLP step: cold, and a disk-cache hit
//
// Prints one JSON object per row (prefix "json: ") and a table last.
// Usage: theta-gpu-bench [--repeats N] [--quick]
//
//===----------------------------------------------------------------------===//
#include <theta/theta.h>

#include "runtime/Cuda.h"
#include "runtime/CudaApi.h"
#include "runtime/CudnnConvolution.h"
#include "tools/bench/Inputs.h"
#include "tools/bench/ThetaWorkloads.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace theta;

namespace {

using Clock = std::chrono::steady_clock;

/// Median seconds of `repeats` calls of `body`, after one warm-up call.
/// Each call returns once the GPU finished (calls synchronize).
double median(int repeats, const std::function<void()> &body) {
  body();
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    auto start = Clock::now();
    body();
    times.push_back(std::chrono::duration<double>(Clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

struct Row {
  std::string name;
  double seconds = 0;
  std::string against; // what the floor is
  double floorSeconds = 0;
  std::string note;
};

std::vector<Row> rows;

void report(const Row &row) {
  rows.push_back(row);
  std::printf("json: {\"name\": \"%s\", \"seconds\": %.9g, \"floor_seconds\": %.9g, "
              "\"against\": \"%s\", \"note\": \"%s\"}\n",
              row.name.c_str(), row.seconds, row.floorSeconds, row.against.c_str(),
              row.note.c_str());
  std::fflush(stdout);
}

std::string format(double seconds) {
  char text[32];
  if (seconds < 1e-3)
    std::snprintf(text, sizeof text, "%.1f us", seconds * 1e6);
  else
    std::snprintf(text, sizeof text, "%.3f ms", seconds * 1e3);
  return text;
}

/// max |a - b| / (1 + |b|).
double difference(const Array &a, const Array &b) {
  Array x = a.toHost(), y = b.toHost();
  double worst = 0;
  for (int64_t i = 0; i < x.size(); ++i)
    worst = std::max(worst, std::abs(x.at(i) - y.at(i)) / (1 + std::abs(y.at(i))));
  return worst;
}

double copyFloor(Device &gpu, int repeats) {
  size_t bytes = size_t(1) << 30;
  Array a(DType::Float32, {int64_t(bytes / 4)}, gpu), b(DType::Float32, {int64_t(bytes / 4)}, gpu);
  double seconds = median(repeats, [&] {
    gpu.copyWithin(b.raw(), a.raw(), bytes);
    gpu.synchronize();
  });
  report({"copy_1GiB/device", seconds, "", 0,
          std::to_string(2.0 * double(bytes) / seconds * 1e-9) + " GB/s read+written"});
  return 2.0 * double(bytes) / seconds; // bytes per second
}

void chain(Device &gpu, double bandwidth, int repeats) {
  int64_t n = bench::kChainSize;
  Array host = bench::uniformFloats({n}, -2, 2, 11);
  SharedVariable x = shared(host, "x");
  SharedVariable y = shared(Array::zeros(DType::Float32, {n}), "y");
  Variable a = fscalar("a");
  FunctionOptions options;
  options.updates = {{y, sigmoid(a * x + 1.5f) * tanh(x) - exp(-(x * x))}};
  options.device = "cuda";
  Function f = function({a}, std::vector<Variable>{}, options);
  options.device = "cpu";
  SharedVariable yCpu = shared(Array::zeros(DType::Float32, {n}), "y_cpu");
  options.updates = {{yCpu, sigmoid(a * x + 1.5f) * tanh(x) - exp(-(x * x))}};
  Function reference = function({a}, std::vector<Variable>{}, options);
  reference(bench::kChainA); // x on the host
  f(bench::kChainA);         // x moves to the GPU and stays
  double error = difference(y.get_value(), yCpu.get_value());
  double seconds = median(repeats, [&] { f(bench::kChainA); });
  double bytes = 2.0 * double(n) * 4;
  report({"chain_16M/theta_cuda", seconds, "copy bandwidth", bytes / bandwidth,
          "max rel. difference to the CPU " + std::to_string(error)});
}

/// A cuBLAS handle on the device's stream, for the floors called directly.
cublasHandle_t directCublas(Device &gpu, const CublasApi &api) {
  static cublasHandle_t handle = nullptr;
  if (!handle) {
    api.cublasCreate(&handle);
    api.cublasSetStream(handle, static_cast<cudaStream_t>(cudaStream(gpu)));
  }
  return handle;
}

/// Row-major C = A B (m x k by k x n) through cublasSgemm called directly.
void directSgemm(const CublasApi &api, cublasHandle_t handle, const Array &a, const Array &b,
                 Array &c, int64_t m, int64_t n, int64_t k) {
  float one = 1, zero = 0;
  api.cublasSgemm(handle, CUBLAS_OP_N, CUBLAS_OP_N, int(n), int(m), int(k), &one,
                  static_cast<const float *>(b.raw()), int(n), static_cast<const float *>(a.raw()),
                  int(k), &zero, static_cast<float *>(c.raw()), int(n));
}

/// Returns cuBLAS's rate (FLOP/s) on the n^3 product, measured directly.
double sgemm(Device &gpu, int repeats, int64_t n) {
  Array a = bench::uniformFloats({n, n}, 0, 1, 1), b = bench::uniformFloats({n, n}, 0, 1, 2);
  SharedVariable A = shared(a, "A"), B = shared(b, "B");
  SharedVariable C = shared(Array::zeros(DType::Float32, {n, n}), "C");
  FunctionOptions options;
  options.updates = {{C, dot(A, B)}};
  options.device = "cuda";
  Function f = function({}, std::vector<Variable>{}, options);
  double theta = median(repeats, [&] { f(); });

  // cuBLAS itself, on copies of the same matrices.
  const CublasApi *api = cublasApi();
  cublasHandle_t handle = directCublas(gpu, *api);
  Array da = a.to(gpu), db = b.to(gpu), dc(DType::Float32, {n, n}, gpu);
  double direct = median(repeats, [&] {
    directSgemm(*api, handle, da, db, dc, n, n, n);
    gpu.synchronize();
  });
  double error = difference(C.get_value(), dc.toHost());
  double flops = 2.0 * double(n) * double(n) * double(n);
  std::string name = "sgemm_" + std::to_string(n);
  report({name + "/theta_cuda", theta, "cuBLAS called directly", direct,
          std::to_string(flops / theta * 1e-12) + " TFLOP/s; max rel. difference to cuBLAS " +
              std::to_string(error)});
  return flops / direct;
}

/// The MLP step's three 1000^3 products (forward, input and weight
/// gradients of the hidden layer) through cuBLAS directly: its floor, as
/// the CPU harness's is its three products at the best library's rate.
double mlpProductFloor(Device &gpu, int repeats) {
  const CublasApi *api = cublasApi();
  cublasHandle_t handle = directCublas(gpu, *api);
  int64_t n = bench::kMlpBatch;
  Array a = Array::zeros(DType::Float32, {n, n}).to(gpu);
  Array b = Array::zeros(DType::Float32, {n, n}).to(gpu);
  Array c(DType::Float32, {n, n}, gpu);
  return median(repeats, [&] {
    for (int product = 0; product < 3; ++product)
      directSgemm(*api, handle, a, b, c, n, n, n);
    gpu.synchronize();
  });
}

/// The CNN step's convolutions in cuDNN, called directly on device buffers
/// (the same plans Theta's calls use): its floor.
double cnnConvolutionFloor(Device &gpu, int repeats) {
  CudaCallScope scope(gpu);
  bench::CnnSizes s;
  int64_t k = s.kernel, o1 = s.conv1(), o2 = s.conv2();
  ConvolutionSizes first = {s.batch, s.channels, s.image, s.image, s.filters1, k, k, o1, o1,
                            1, 1, 1, 1, 0, 0, 0, 0};
  ConvolutionSizes second = {s.batch, s.filters1, o1, o1, s.filters2, k, k, o2, o2,
                             1, 1, 1, 1, 0, 0, 0, 0};
  auto buffer = [&](Shape shape) { return Array::zeros(DType::Float32, shape).to(gpu); };
  Array images = buffer({s.batch, s.channels, s.image, s.image});
  Array filters1 = buffer({s.filters1, s.channels, k, k});
  Array hidden = buffer({s.batch, s.filters1, o1, o1});
  Array filters2 = buffer({s.filters2, s.filters1, k, k});
  Array output = buffer({s.batch, s.filters2, o2, o2});
  using K = ConvolutionKind;
  return median(repeats, [&] {
    runCudnnConvolution(gpu, K::Forward, first, images.raw(), filters1.raw(), hidden.raw());
    runCudnnConvolution(gpu, K::Forward, second, hidden.raw(), filters2.raw(), output.raw());
    runCudnnConvolution(gpu, K::GradInput, second, hidden.raw(), filters2.raw(), output.raw());
    runCudnnConvolution(gpu, K::GradFilters, second, hidden.raw(), filters2.raw(), output.raw());
    runCudnnConvolution(gpu, K::GradFilters, first, images.raw(), filters1.raw(), hidden.raw());
    gpu.synchronize();
  });
}

/// A training step of tools/bench on the GPU, cross-checked against the CPU.
void step(const char *name, Device &gpu, int repeats,
          const std::function<bench::ThetaModel(const std::vector<SharedVariable> &)> &build,
          const std::vector<Array> &initial, const Array &input, const Array &target,
          double floorSeconds = 0, const std::string &against = "") {
  config().device = "cpu";
  bench::ThetaModel cpu = build(bench::share(initial));
  config().device = "cuda";
  bench::ThetaModel model = build(bench::share(initial));
  Array gpuInput = input.to(gpu), gpuTarget = target.to(gpu);
  double worst = 0;
  for (int check = 0; check < 3; ++check) {
    Array c = cpu.step(input, target)[0];
    Array g = model.step(gpuInput, gpuTarget)[0];
    worst = std::max(worst, difference(g, c));
  }
  for (size_t p = 0; p < initial.size(); ++p)
    worst = std::max(worst, difference(model.parameters[p].get_value(),
                                       cpu.parameters[p].get_value()));
  double seconds = median(repeats, [&] { model.step(gpuInput, gpuTarget); });
  report({std::string(name) + "/theta_cuda", seconds, against, floorSeconds,
          "max rel. difference to the CPU after 3 steps " + std::to_string(worst)});
  config().device = "cpu";
}

void compileTimes(Device &) {
  namespace fs = std::filesystem;
  fs::path cache = fs::temp_directory_path() / "theta-gpu-bench-cache";
  fs::remove_all(cache);
  config().cache_dir = cache.string();
  config().device = "cuda";
  auto [x, y] = bench::mlpBatch(bench::kMlpBatch);
  std::vector<Array> initial = bench::mlpInitialParameters(3);
  auto first = [&] {
    bench::ThetaModel model = bench::buildMlpStep(bench::share(initial));
    auto start = Clock::now();
    model.step(x, y);
    return std::chrono::duration<double>(Clock::now() - start).count();
  };
  double cold = first();
  double hit = first();
  report({"compile/mlp_step_cold", cold, "", 0, "graph, grad, GPU pipeline, ptxas, load"});
  report({"compile/mlp_step_disk_cache_hit", hit, "", 0, "a new Function, same graph"});
  config().device = "cpu";
  config().cache_dir = "";
  fs::remove_all(cache);
}

} // namespace

int main(int argc, char **argv) {
  int repeats = 20;
  bool quick = false;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--repeats" && i + 1 < argc)
      repeats = std::atoi(argv[++i]);
    else if (flag == "--quick")
      quick = true;
  }
  std::string why;
  if (!cudaAvailable(0, &why)) {
    std::cerr << "theta-gpu-bench: no CUDA GPU: " << why << std::endl;
    return 2;
  }
  Device &gpu = cudaDevice(0);
  CudaDeviceInfo info = cudaDeviceInfo(gpu);
  std::cout << "device: " << info.name << " (" << cudaChip(gpu) << ", " << info.multiprocessors
            << " SMs)" << std::endl;
  config().cache_dir = "";

  double bandwidth = copyFloor(gpu, repeats);
  chain(gpu, bandwidth, repeats);
  double cublasRate = sgemm(gpu, quick ? 3 : std::max(5, repeats / 4), quick ? 4000 : 10000);
  {
    auto [x, y] = bench::mlpBatch(bench::kMlpBatch);
    double floor = mlpProductFloor(gpu, repeats);
    step("mlp_step", gpu, repeats, bench::buildMlpStep, bench::mlpInitialParameters(3), x, y,
         floor, "its three 1000^3 products in cuBLAS called directly");
  }
  {
    bench::CnnSizes sizes;
    auto [images, targets] = bench::cnnBatch(sizes, sizes.batch, 5);
    double floor = cnnConvolutionFloor(gpu, quick ? 3 : repeats);
    step("cnn_step", gpu, quick ? 3 : repeats, bench::buildCnnStep,
         bench::cnnInitialParameters(sizes, 4), images, targets, floor,
         "its convolutions in cuDNN called directly");
  }
  {
    bench::RnnSizes sizes;
    auto [x, targets] = bench::rnnBatch(sizes, sizes.batch, 7);
    step("rnn_step", gpu, quick ? 3 : repeats, bench::buildRnnStep,
         bench::rnnInitialParameters(sizes, 6), x, targets, sizes.stepFlops() / cublasRate,
         "its products' FLOPs at cuBLAS's large-product rate (a lower bound)");
  }
  compileTimes(gpu);

  std::cout << "\n| row | Theta (cuda) | floor | Theta / floor | note |\n| --- | --- | --- | --- | --- |\n";
  for (const Row &row : rows)
    std::cout << "| " << row.name << " | " << format(row.seconds) << " | "
              << (row.floorSeconds > 0 ? format(row.floorSeconds) + " (" + row.against + ")" : "—")
              << " | "
              << (row.floorSeconds > 0 ? std::to_string(row.seconds / row.floorSeconds) : "—")
              << " | " << row.note << " |\n";
  return 0;
}
