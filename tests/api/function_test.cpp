// theta::function: outputs, graph cuts, shared variables, updates, givens,
// errors that name the user's line, caches, configuration, threads.
#include <theta/theta.h>

#include "tests/api/TestUtil.h"

#include "runtime/ObjectCache.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace theta;

namespace {

using theta_test::expectError;
using theta_test::values;

TEST(Function, FirstExample) {
  Variable x = scalar("x"), y = scalar("y");
  Function f = function({x, y}, x + y);
  Array r = f(2, 8)[0];
  EXPECT_EQ(r.dtype(), DType::Float32);
  EXPECT_EQ(r.item<float>(), 10.0f);
  std::ostringstream printed;
  printed << r;
  EXPECT_EQ(printed.str(), "10");
}

TEST(Function, AnyNodeIsAnInputOrOutput) {
  Variable a = vector("a");
  Variable b = exp(a);
  Variable c = b * 2.0f;
  Variable d = c + 1.0f;
  Function full = function({a}, {d, a, b});
  Function part = function({c}, d); // h(c): the graph is cut at c
  Array x = Array::fromVector<float>({0, 1});
  std::vector<Array> r = full(x);
  EXPECT_NEAR(r[0].at(1), 2 * std::exp(1.0) + 1, 1e-5);
  EXPECT_EQ(values(r[1]), values(x));
  EXPECT_EQ(values(part(Array::fromVector<float>({5, 6}))[0]), (std::vector<double>{6, 7}));
}

TEST(Function, MissingInputIsNamed) {
  Variable a = vector("a"), b = vector("b");
  Variable out = a + b; // line of interest
  expectError<ArgumentError>([&] { function({a}, out); },
                             {"needs input 'b'", "function_test.cpp", "not among the inputs"});
}

TEST(Shared, UpdatesApplyAfterOutputs) {
  SharedVariable state = shared(Array::fromVector<float>({0}), "state");
  Variable inc = fvector("inc");
  Function accumulate =
      function({inc}, state, FunctionOptions{{{state, state + inc}}, {}, false, "accumulate"});
  EXPECT_EQ(values(accumulate(Array::fromVector<float>({1}))[0]), std::vector<double>{0});
  EXPECT_EQ(values(accumulate(Array::fromVector<float>({10}))[0]), std::vector<double>{1});
  EXPECT_EQ(values(state.get_value()), std::vector<double>{11});
  state.set_value(Array::fromVector<float>({-1, 2})); // shapes may change
  EXPECT_EQ(values(accumulate(Array::fromVector<float>({1, 1}))[0]),
            (std::vector<double>{-1, 2}));
  EXPECT_EQ(values(state.get_value()), (std::vector<double>{0, 3}));
}

TEST(Shared, GivensReadMinibatchesFromASharedDataset) {
  Array data = Array::zeros(DType::Float32, {6, 2});
  for (int64_t k = 0; k < 12; ++k)
    data.data<float>()[k] = static_cast<float>(k);
  SharedVariable X = shared(data, "X");
  Variable x = fmatrix("x"), index = lscalar("index");
  Variable cost = x.sum();
  FunctionOptions options;
  options.givens = {{x, subtensor(X, {Slice::from(index * 2, 2)})}};
  Function f = function({index}, cost, options);
  EXPECT_EQ(f(0)[0].item<float>(), 0 + 1 + 2 + 3);
  EXPECT_EQ(f(2)[0].item<float>(), 8 + 9 + 10 + 11);
}

TEST(Shared, FailedCallChangesNothing) {
  SharedVariable w = shared(Array::fromVector<float>({1, 2, 3}), "w");
  Variable g = fvector("g");
  Function step = function({g}, std::vector<Variable>{}, FunctionOptions{{{w, w - g}}, {}, false, "step"});
  step(Array::fromVector<float>({1, 1, 1}));
  EXPECT_EQ(values(w.get_value()), (std::vector<double>{0, 1, 2}));
  expectError<ShapeError>([&] { step(Array::fromVector<float>({1, 1})); },
                          {"'theta.sub'", "tensor<3xf32>", "tensor<2xf32>",
                           "function_test.cpp"});
  expectError<ArgumentError>([&] { step(); }, {"takes 1 arguments (g) but was called with 0"});
  EXPECT_EQ(values(w.get_value()), (std::vector<double>{0, 1, 2}));
}

TEST(Errors, WrongArgumentCountDTypeAndRank) {
  Variable x = fvector("x");
  Function f = function({x}, x * 2.0f, FunctionOptions{{}, {}, false, "double"});
  expectError<ArgumentError>(
      [&] { f(Array::fromVector<float>({1}), Array::fromVector<float>({1})); },
      {"function 'double' takes 1 arguments (x) but was called with 2"});
  expectError<TypeError>([&] { f(Array::fromVector<double>({1.5})); },
                         {"'x' (float32 vector built at", "function_test.cpp",
                          "got a float64 array", "allow_input_downcast"});
  expectError<ShapeError>([&] { f(Array::fromVector<float>({1, 2, 3, 4}, {2, 2})); },
                          {"shape (2, 2) (rank 2), expected rank 1"});
  Function lenient = function({x}, x * 2.0f, FunctionOptions{{}, {}, true, "lenient"});
  EXPECT_EQ(values(lenient(Array::fromVector<double>({1.5}))[0]), std::vector<double>{3});
}

TEST(Errors, GraphErrorsNameOpShapesAndLine) {
  Variable m = matrix("m");
  expectError<ShapeError>([&] { m.dimshuffle({0}); },
                          {"'theta.dimshuffle'", "not broadcastable", "function_test.cpp:"});
  expectError<TypeError>([&] { tensor(DType::Bool, 2, "b") + tensor(DType::Bool, 2, "c"); },
                         {"'theta.add'", "i1"});
  expectError<ShapeError>([&] { batched_dot(dtensor3("t"), dtensor4("n")); },
                          {"batched_dot", "rank 2 or 3", "function_test.cpp:"});
  Variable m2 = dmatrix("m2"), v = dvector("v");
  Function product = function({m2, v}, dot(m2, v));
  expectError<ShapeError>(
      [&] { product(Array::zeros(DType::Float64, {2, 3}), Array::zeros(DType::Float64, {4})); },
      {"'theta.dot'", "tensor<2x3xf64>", "tensor<4xf64>"});
  Variable a = fvector("a"), b = fvector("b");
  Variable s = a + b;
  int line = __LINE__ - 1;
  Function f = function({a, b}, s);
  expectError<ShapeError>(
      [&] { f(Array::fromVector<float>({1, 2, 3}), Array::fromVector<float>({1, 2})); },
      {"function_test.cpp:" + std::to_string(line), "'theta.add' op operands do not broadcast",
       "tensor<3xf32>, tensor<2xf32>"});
}

TEST(Caches, DiskCacheSkipsCodegenAndSurvivesCorruption) {
  std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / "theta-cache-test";
  std::filesystem::remove_all(dir);
  config().cache_dir = dir.string();
  Variable a = dvector("a");
  auto build = [&] { return function({a}, tanh(a) * 3.0); };
  Array x = Array::fromVector<double>({0.5, -1});
  std::vector<double> expected = {3 * std::tanh(0.5), 3 * std::tanh(-1.0)};
  EXPECT_EQ(values(build()(x)[0]), expected);
  std::vector<std::filesystem::path> files;
  for (const auto &entry : std::filesystem::directory_iterator(dir))
    files.push_back(entry.path());
  ASSERT_EQ(files.size(), 1u);
  ObjectCache cache(dir.string());
  std::string key = files[0].stem().string();
  ASSERT_NE(cache.load(key), nullptr);
  // Truncate the object: it must be detected, recompiled and rewritten.
  std::filesystem::resize_file(files[0], std::filesystem::file_size(files[0]) / 2);
  EXPECT_EQ(cache.load(key), nullptr);
  EXPECT_EQ(values(build()(x)[0]), expected);
  ASSERT_NE(cache.load(key), nullptr);
  // Flip a byte in the payload: the checksum catches it.
  {
    std::fstream file(files[0], std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(40);
    file.put('\x7f');
  }
  EXPECT_EQ(cache.load(key), nullptr);
  EXPECT_EQ(values(build()(x)[0]), expected);
  config().cache_dir = "";
}

TEST(Config, PrecedenceFileThenFlagsThenCode) {
  Config c;
  c.setFromFile("# comment\n[global]\nfloatX = float64\nmode=FAST_COMPILE\n");
  EXPECT_EQ(c.floatX, DType::Float64);
  c.setFlags("floatX=float32,device=cpu");
  EXPECT_EQ(c.floatX, DType::Float32);
  EXPECT_EQ(c.mode, "FAST_COMPILE");
  EXPECT_THROW(c.setFlags("floatX=int32"), Error);
  EXPECT_THROW(c.set("flaotX", "float32"), Error);
  DType saved = config().floatX;
  config().floatX = DType::Float64;
  EXPECT_EQ(scalar("s").dtype(), DType::Float64);
  config().floatX = saved;
  EXPECT_EQ(scalar("s").dtype(), saved);
}

TEST(Threads, ConcurrentCallsOfOneFunction) {
  Variable a = dvector("a");
  Function f = function({a}, a * a + 1.0);
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int k = 0; k < 200; ++k) {
        int64_t n = 1 + (k + t) % 5; // several signatures, compiled concurrently
        Array x = Array::full(DType::Float64, {n}, t + k);
        Array r = f(x)[0];
        if (r.size() != n || r.at(n - 1) != (t + k) * (t + k) + 1.0)
          ++wrong;
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(f.compiledSignatures(), 5u);
}

} // namespace

// Theano's In(y, value=...): inputs left out of a call take their defaults.
TEST(FunctionDefaults, InputsLeftOutTakeTheirDefaults) {
  Variable x = dscalar("x"), y = dscalar("y"), z = dscalar("z");
  Function f = function({x, In(y, 1.0), In(z, 2.0)}, x + y * z);
  EXPECT_EQ(f(3.0)[0].at(0), 5.0);
  EXPECT_EQ(f(3.0, 4.0)[0].at(0), 11.0);
  EXPECT_EQ(f(3.0, 4.0, 5.0)[0].at(0), 23.0);
  try {
    f();
    FAIL() << "x has no default";
  } catch (const ArgumentError &error) {
    std::string message = error.what();
    EXPECT_NE(message.find("of which 2 have defaults"), std::string::npos) << message;
    EXPECT_NE(message.find("called with 0"), std::string::npos) << message;
  }
  // A default that does not fit its input is refused when the function is built.
  EXPECT_THROW(function({x, In(dvector("v"), 1.0)}, x), ShapeError);
}
