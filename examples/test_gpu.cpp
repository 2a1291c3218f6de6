// The seed's test_gpu.py: multiply two 10000 x 10000 float32 matrices with
// the same theta::function on device=cpu and device=cuda, and time both.
//
//   bazel run //examples:test_gpu                      # both devices, 10000
//   bazel run //examples:test_gpu -- --size 4000 --device cuda --repeats 10
//
// A and B are shared variables: on the GPU they are copied there once, at the
// first call, and stay; the product is an update of a third shared variable,
// so no output crosses back to the host while timing. A few entries of the
// result are checked against a float64 dot product on the host.
#include <theta/theta.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

using namespace theta;

namespace {

struct Run {
  double firstCallSeconds = 0; // compile + copies + one product
  double productSeconds = 0;   // median of the timed products
  double worstError = 0;       // of the checked entries
};

double seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Run run(const std::string &device, const Array &a, const Array &b, int repeats) {
  int64_t n = a.shape()[0];
  SharedVariable A = shared(a, "A"), B = shared(b, "B");
  SharedVariable C = shared(Array::zeros(DType::Float32, {n, n}), "C");
  FunctionOptions options;
  options.updates = {{C, dot(A, B)}};
  options.device = device;
  options.name = "matmul_" + device;
  Function product = function({}, std::vector<Variable>{}, options);

  Run result;
  auto start = std::chrono::steady_clock::now();
  product();
  result.firstCallSeconds = seconds(start);
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    start = std::chrono::steady_clock::now();
    product(); // returns once the device finished (the call synchronizes)
    times.push_back(seconds(start));
  }
  std::sort(times.begin(), times.end());
  result.productSeconds = times[times.size() / 2];

  Array c = C.get_value();
  const float *pa = a.data<float>(), *pb = b.data<float>(), *pc = c.data<float>();
  std::mt19937 pick(7);
  for (int check = 0; check < 16; ++check) {
    int64_t i = pick() % n, j = pick() % n;
    double want = 0, scale = 0;
    for (int64_t k = 0; k < n; ++k) {
      want += double(pa[i * n + k]) * pb[k * n + j];
      scale += std::abs(double(pa[i * n + k]) * pb[k * n + j]);
    }
    result.worstError = std::max(result.worstError, std::abs(pc[i * n + j] - want) / scale);
  }
  return result;
}

} // namespace

int main(int argc, char **argv) {
  int64_t n = 10000;
  int repeats = 5;
  std::string devices = "both";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--size")
      n = std::atoll(argv[i + 1]);
    else if (flag == "--repeats")
      repeats = std::atoi(argv[i + 1]);
    else if (flag == "--device")
      devices = argv[i + 1];
  }
  std::mt19937 rng(22);
  std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
  Array a(DType::Float32, {n, n}), b(DType::Float32, {n, n});
  for (int64_t i = 0; i < n * n; ++i) {
    a.data<float>()[i] = uniform(rng);
    b.data<float>()[i] = uniform(rng);
  }
  double flops = 2.0 * double(n) * double(n) * double(n);
  double cpuSeconds = 0, gpuSeconds = 0;
  for (const std::string device : {"cpu", "cuda"}) {
    if (devices != "both" && devices != device)
      continue;
    try {
      Run r = run(device, a, b, device == "cpu" ? std::min(repeats, 2) : repeats);
      std::cout << device << ": " << n << "x" << n << " float32 product in "
                << r.productSeconds * 1e3 << " ms (" << flops / r.productSeconds * 1e-9
                << " GFLOP/s); first call " << r.firstCallSeconds * 1e3
                << " ms; largest relative error of 16 checked entries " << r.worstError
                << std::endl;
      if (!(r.worstError < 1e-4)) {
        std::cerr << device << ": wrong result" << std::endl;
        return 1;
      }
      (device == "cpu" ? cpuSeconds : gpuSeconds) = r.productSeconds;
    } catch (const DeviceError &e) {
      std::cout << device << ": not run: " << e.what() << std::endl;
      if (devices == "cuda")
        return 1;
    }
  }
  if (cpuSeconds > 0 && gpuSeconds > 0)
    std::cout << "cuda is " << cpuSeconds / gpuSeconds << " times faster than cpu" << std::endl;
  return 0;
}
