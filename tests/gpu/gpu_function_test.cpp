// Functions compiled for device=cuda: each test builds a graph once, runs it
// on the GPU and on the CPU with the same fresh random inputs, and compares.
// Without a GPU (this machine, CI) the GPU tests skip, saying why, and the
// tests of the message a missing GPU gives run instead.
#include <theta/theta.h>

#include "tests/api/TestUtil.h"

#include "runtime/Cuda.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>

using namespace theta;

namespace {

using theta_test::expectError;
using theta_test::randomArray;

std::string whyNoGpu() {
  std::string why;
  return cudaAvailable(0, &why) ? "" : why;
}

#define REQUIRE_GPU()                                                                          \
  do {                                                                                         \
    if (std::string why = whyNoGpu(); !why.empty())                                            \
      GTEST_SKIP() << "no CUDA GPU here: " << why;                                             \
  } while (0)

FunctionOptions on(const std::string &device, FunctionOptions options = {}) {
  options.device = device;
  return options;
}

Array f32(const Shape &shape, double low = -1, double high = 1) {
  return randomArray(shape, low, high).astype(DType::Float32);
}

/// max |a - b| / (1 + |b|) over the elements.
double relativeError(const Array &a, const Array &b) {
  EXPECT_EQ(a.shape(), b.shape());
  Array x = a.toHost(), y = b.toHost();
  double worst = 0;
  for (int64_t i = 0; i < x.size(); ++i) {
    double d = std::abs(x.at(i) - y.at(i)) / (1 + std::abs(y.at(i)));
    if (!(d <= worst)) // NaN fails too
      worst = std::isnan(d) ? INFINITY : d;
  }
  return worst;
}

/// Runs `outputs` of `inputs` on the GPU and on the CPU with `arguments`.
void expectSameOnGpu(const std::vector<Variable> &inputs, const std::vector<Variable> &outputs,
                     const std::vector<Array> &arguments, double tolerance = 1e-5) {
  Function gpu = function(inputs, outputs, on("cuda"));
  Function cpu = function(inputs, outputs, on("cpu"));
  std::vector<Array> got = gpu(arguments), want = cpu(arguments);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_FALSE(got[i].onHost()) << "outputs stay on the GPU until read";
    EXPECT_LE(relativeError(got[i], want[i]), tolerance) << "output " << i;
    got[i].at(0); // a read moves the data to the host
    EXPECT_TRUE(got[i].onHost());
  }
}

TEST(GpuAbsent, FirstCallSaysWhy) {
  if (whyNoGpu().empty())
    GTEST_SKIP() << "a GPU is present";
  Variable x = fvector("x");
  Function f = function({x}, exp(x), on("cuda"));
  expectError<DeviceError>([&] { f(Array::fromVector<float>({1, 2})); },
                           {"device=cuda0", "driver"});
  // The same message every time, and the CPU still works.
  expectError<DeviceError>([&] { f(Array::fromVector<float>({1, 2})); }, {"device=cuda0"});
  Function cpu = function({x}, exp(x), on("cpu"));
  EXPECT_NEAR(cpu(Array::fromVector<float>({0}))[0].at(0), 1.0, 1e-6);
}

TEST(GpuAbsent, BadDeviceNames) {
  expectError<Error>([] { config().set("device", "gpu"); }, {"device must be cpu, cuda or cudaN"});
  expectError<Error>([] { config().set("device", "cudax"); }, {"cudaN"});
  Variable x = fvector("x");
  FunctionOptions debug;
  debug.mode = "DebugMode";
  expectError<ArgumentError>([&] { function({x}, x, on("cuda", debug)); },
                             {"DebugMode runs on the CPU only"});
  // Profiling and NanGuardMode are accepted on the GPU (host copies, queue
  // drained): building such functions raises nothing without a GPU.
  FunctionOptions guarded, profiled;
  guarded.mode = "NanGuardMode";
  profiled.profile = true;
  function({x}, log(x), on("cuda", guarded));
  function({x}, log(x), on("cuda", profiled));
}

TEST(Gpu, ElementwiseChain) {
  REQUIRE_GPU();
  Variable x = fvector("x"), a = fscalar("a");
  Variable y = sigmoid(a * x + 1.5f) * tanh(x) - exp(-(x * x));
  expectSameOnGpu({x, a}, {y}, {f32({1 << 20}), Array(0.7f)});
  // A size that is not a multiple of the block, and broadcasting over rows.
  Variable m = fmatrix("m"), v = fvector("v");
  expectSameOnGpu({m, v}, {log1p(abs(m)) + v, maximum(m, v) * 2.0f}, {f32({37, 1001}), f32({1001})});
}

TEST(Gpu, Reductions) {
  REQUIRE_GPU();
  Variable m = fmatrix("m");
  expectSameOnGpu({m}, {sum(m), mean(m, std::vector<int64_t>{0}), max(m, std::vector<int64_t>{1}),
                   sum(m * m, std::vector<int64_t>{1}, true)},
                  {f32({300, 517})}, 1e-4);
}

TEST(Gpu, LargeReductionsSplitAcrossThreadsMatchTheCpu) {
  // --theta-gpu-reductions: a scalar sum, max and mean over 4M elements in
  // 65536 threads, then 1024, then one; column sums one thread per column.
  REQUIRE_GPU();
  Variable m = fmatrix("m");
  expectSameOnGpu({m}, {sum(m), max(m), mean(exp(m)), sum(m, std::vector<int64_t>{0})},
                  {f32({1024, 4096})}, 1e-4);
}

TEST(Gpu, PreallocateReservesOneBlockAndServesBuffersFromIt) {
  // gpuarray.preallocate is read when the GPU is first used: the check runs
  // in a fresh process (gtest re-runs this binary for the death test).
  REQUIRE_GPU();
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        config().gpuarray_preallocate = 0.25;
        Variable m = fmatrix("m");
        Function gpu = function({m}, {sum(exp(m) * 2.0f, std::vector<int64_t>{1})}, on("cuda"));
        Function cpu = function({m}, {sum(exp(m) * 2.0f, std::vector<int64_t>{1})}, on("cpu"));
        Array input = f32({512, 1024});
        double error = relativeError(gpu({input})[0], cpu({input})[0]);
        Device &device = cudaDevice(0);
        double reserved = 0.25 * static_cast<double>(cudaDeviceInfo(device).memoryBytes);
        bool holdsBlock = static_cast<double>(cudaPoolBytes(device)) >= reserved - (1 << 20);
        std::exit(error <= 1e-5 && holdsBlock ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(Gpu, ProfileTimesEachKernelAndCublasCall) {
  // profile=true on the GPU: each piece is timed from the host, waiting for
  // the device's queue at its start and end.
  REQUIRE_GPU();
  Variable a = fmatrix("a"), b = fmatrix("b");
  FunctionOptions options = on("cuda");
  options.profile = true;
  options.name = "gpu_profiled";
  Function f = function({a, b}, {sum(tanh(dot(a, b)))}, options);
  Array x = f32({1024, 1024}), y = f32({1024, 1024});
  for (int i = 0; i < 3; ++i)
    f(x, y);
  ProfileStats stats = f.profile();
  bool cublas = false, kernels = false;
  for (const ProfileRow &row : stats.rows) {
    cublas |= row.op == "Gemm{sgemm, cuBLAS}" && row.calls == 3 && row.seconds > 0;
    kernels |= row.className == "Elemwise" && row.calls == 3 && row.seconds > 0;
  }
  EXPECT_TRUE(cublas) << "a timed cuBLAS product";
  EXPECT_TRUE(kernels) << "a timed elementwise kernel";
}

TEST(Gpu, PrintShowsTheDeviceValueAsOnTheCpu) {
  REQUIRE_GPU();
  Variable m = fmatrix("m");
  Variable y = tanh(Print("e", {"__str__", "shape"})(exp(m))) * 2.0f;
  Array input = f32({3, 4});
  auto printed = [&](const std::string &device) {
    std::ostringstream text;
    setPrintStream(&text);
    function({m}, y, on(device))(input);
    setPrintStream(nullptr);
    return text.str();
  };
  std::string cpu = printed("cpu"), gpu = printed("cuda");
  EXPECT_FALSE(cpu.empty());
  EXPECT_EQ(gpu, cpu);
}

TEST(Gpu, NanGuardModeNamesTheOpOnTheGpu) {
  REQUIRE_GPU();
  Variable x = fvector("x");
  FunctionOptions options = on("cuda");
  options.mode = "NanGuardMode";
  Function f = function({x}, exp(log(x)) * 2.0f, options);
  EXPECT_NEAR(f(Array::fromVector<float>({1, 1}))[0].at(0), 2.0, 1e-6);
  expectError<NumericError>([&] { f(Array::fromVector<float>({1, -1})); },
                            {"NaN in 'theta.log'", "first at [1]"});
}

TEST(Gpu, MatrixProductsUseCublasAndMatchTheCpu) {
  REQUIRE_GPU();
  Variable a = fmatrix("a"), b = fmatrix("b");
  // Plain and transposed operands, a product with a bias, and a small one.
  expectSameOnGpu({a, b}, {dot(a, b), dot(a.T(), a), dot(b, b.T()) + 1.0f},
                  {f32({300, 200}), f32({200, 300})}, 1e-4);
  Variable s = fmatrix("s"), t = fmatrix("t");
  expectSameOnGpu({s, t}, {dot(s, t)}, {f32({3, 5}), f32({5, 2})});
  Variable d = dmatrix("d");
  expectSameOnGpu({d}, {dot(d, d)}, {randomArray({128, 128})}, 1e-12);
}

TEST(Gpu, MlpTrainingStepKeepsSharedVariablesOnTheDevice) {
  REQUIRE_GPU();
  Array w1 = f32({2, 64}), w2 = f32({64, 1});
  Array inputs = f32({128, 2}), targets = f32({128, 1}, 0, 1);
  auto build = [&](const std::string &device, SharedVariable &W1, SharedVariable &W2) {
    W1 = shared(w1.clone(), "W1");
    W2 = shared(w2.clone(), "W2");
    Variable x = fmatrix("x"), t = fmatrix("t");
    Variable p = sigmoid(dot(sigmoid(dot(x, W1)), W2));
    Variable cost = -mean(t * log(p) + (1.0f - t) * log(1.0f - p));
    std::vector<Variable> g = grad(cost, {W1, W2});
    FunctionOptions options;
    options.updates = {{W1, W1 - 0.5f * g[0]}, {W2, W2 - 0.5f * g[1]}};
    options.device = device;
    return function({x, t}, cost, options);
  };
  SharedVariable gW1, gW2, cW1, cW2;
  Function gpu = build("cuda", gW1, gW2), cpu = build("cpu", cW1, cW2);
  for (int step = 0; step < 20; ++step) {
    Array g = gpu(inputs, targets)[0], c = cpu(inputs, targets)[0];
    EXPECT_LE(relativeError(g, c), 1e-4) << "step " << step;
  }
  EXPECT_LE(relativeError(gW1.get_value(), cW1.get_value()), 1e-4);
  EXPECT_LE(relativeError(gW2.get_value(), cW2.get_value()), 1e-4);
  EXPECT_TRUE(gW1.get_value().onHost());
}

TEST(Gpu, ScanRunsItsStepsOnTheDevice) {
  REQUIRE_GPU();
  Variable x = fmatrix("x"), h0 = fvector("h0"), w = fmatrix("w");
  ScanResult h = scan([](const std::vector<Variable> &a) { return tanh(dot(a[1], a[2]) + a[0]); },
                      {x}, {h0}, {w});
  Variable cost = sum(subtensor(h[0], {-1}));
  expectSameOnGpu({x, h0, w}, {h[0], grad(cost, w)}, {f32({10, 32}), f32({32}), f32({32, 32})},
                  1e-4);
}

TEST(Gpu, RandomNumbersAreTheCpusNumbers) {
  REQUIRE_GPU();
  // Philox is counter-based: the same seed gives the same numbers anywhere.
  RandomStreams gpuStream(1234), cpuStream(1234);
  Function gpu = function({}, {gpuStream.uniform({64, 64}), gpuStream.normal({1000})}, on("cuda"));
  Function cpu = function({}, {cpuStream.uniform({64, 64}), cpuStream.normal({1000})}, on("cpu"));
  for (int call = 0; call < 2; ++call) {
    std::vector<Array> g = gpu(), c = cpu();
    EXPECT_LE(relativeError(g[0], c[0]), 1e-6);
    EXPECT_LE(relativeError(g[1], c[1]), 1e-5);
  }
}

TEST(Gpu, Convolution) {
  REQUIRE_GPU();
  Variable x = ftensor4("x"), w = ftensor4("w");
  Variable y = nnet::relu(nnet::conv2d(x, w));
  Variable cost = sum(nnet::max_pool_2d(y, {2, 2}));
  expectSameOnGpu({x, w}, {y, grad(cost, w)}, {f32({4, 3, 12, 12}), f32({8, 3, 5, 5})}, 1e-4);
}

// cuDNN (float32): every gradient, with a bias, strides, padding and
// dilation, against the CPU (oneDNN) on the same inputs.
TEST(Gpu, ConvolutionsInCudnnWithEveryGradient) {
  REQUIRE_GPU();
  struct Case {
    Shape image, filters;
    nnet::Conv2DOptions options;
  };
  std::vector<Case> cases(4);
  cases[0] = {{8, 3, 16, 16}, {16, 3, 3, 3}, {}};
  cases[0].options.border_mode = "half";
  cases[1] = {{4, 16, 15, 15}, {32, 16, 3, 3}, {}};
  cases[1].options.subsample = {2, 2};
  cases[1].options.border_mode = "half";
  cases[2] = {{2, 8, 20, 20}, {8, 8, 3, 3}, {}};
  cases[2].options.filter_dilation = {2, 2};
  cases[3] = {{3, 4, 9, 11}, {6, 4, 2, 3}, {}}; // valid, rectangular
  for (const Case &c : cases) {
    SCOPED_TRACE("image " + std::to_string(c.image[2]) + "x" + std::to_string(c.image[3]) +
                 ", filters " + std::to_string(c.filters[2]) + "x" +
                 std::to_string(c.filters[3]));
    Variable x = ftensor4("x"), w = ftensor4("w"), b = fvector("b");
    Variable y = nnet::conv2d(x, w, c.options) + b.dimshuffle({-1, 0, -1, -1});
    Variable cost = sum(tanh(y) * y);
    std::vector<Variable> gradients = grad(cost, {x, w, b});
    expectSameOnGpu({x, w, b}, {y, gradients[0], gradients[1], gradients[2]},
                    {f32(c.image), f32(c.filters), f32({c.filters[0]})}, 2e-4);
  }
}

TEST(Gpu, ProfiledConvolutionsAreCudnnRows) {
  REQUIRE_GPU();
  Variable x = ftensor4("x"), w = ftensor4("w");
  FunctionOptions options = on("cuda");
  options.profile = true;
  Variable y = nnet::conv2d(x, w);
  Function f = function({x, w}, {y, grad(sum(y * y), w)}, options);
  f(f32({2, 3, 8, 8}), f32({4, 3, 3, 3}));
  std::ostringstream table;
  f.profile().print(table);
  EXPECT_NE(table.str().find("Conv{forward, cuDNN}"), std::string::npos) << table.str();
  EXPECT_NE(table.str().find("cuDNN}"), std::string::npos) << table.str();
}

TEST(Gpu, FailedKernelsLeaveSharedVariablesUnchanged) {
  REQUIRE_GPU();
  SharedVariable s = shared(Array::fromVector<float>({1, 2, 3}), "s");
  Variable i = lscalar("i");
  // An index out of range is checked on the host, which cannot read device
  // memory: such a function is refused when compiled, and nothing changes.
  FunctionOptions options = on("cuda");
  options.updates = {{s, s * 2.0f}};
  Function f = function({i}, subtensor(s, {i}), options);
  EXPECT_THROW(f(int64_t{5}), Error);
  EXPECT_EQ(s.get_value().toVector<float>(), (std::vector<float>{1, 2, 3}));
}

} // namespace
