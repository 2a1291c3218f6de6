// Reliability: sizes that overflow, allocations that fail, empty Variables,
// conversions C leaves undefined, file errors, NaN in sgn and argmax, and
// float32 log of subnormals. Each case once crashed, returned garbage or threw
// something other than a theta::Error.
#include <theta/theta.h>

#include "runtime/Memory.h"
#include "tests/api/TestUtil.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <sys/stat.h>

using namespace theta;

namespace {

using theta_test::errorOf;
using theta_test::values;

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// --- A: sizes that overflow, allocations that fail -------------------------

static_assert(std::is_base_of_v<Error, MemoryError>);

TEST(ArraySize, FormatBytes) {
  EXPECT_EQ(formatBytes(0), "0 B");
  EXPECT_EQ(formatBytes(512), "512 B");
  EXPECT_EQ(formatBytes(1536), "1.5 KB");
  EXPECT_EQ(formatBytes(1 << 20), "1.0 MB");
  EXPECT_EQ(formatBytes(3.0 * (1 << 30)), "3.0 GB");
  EXPECT_EQ(formatBytes(std::ldexp(1.0, 42)), "4.0 TB");
  EXPECT_EQ(formatBytes(std::ldexp(1.0, 66)), "64.0 EB");
}

TEST(ArraySize, ElementCountOverflowIsAMemoryError) {
  // 2^64 elements: the product wrapped to 0 and allocated 64 bytes.
  const int64_t k2p32 = int64_t(1) << 32;
  EXPECT_EQ(errorOf<MemoryError>([&] { Array(DType::Float32, {k2p32, k2p32}); }),
            "cannot allocate 64.0 EB for an array of shape (4294967296, 4294967296) and dtype "
            "float32");
  // The count fits, the bytes do not.
  EXPECT_EQ(errorOf<MemoryError>([] { Array(DType::Float64, {int64_t(1) << 62}); }),
            "cannot allocate 32.0 EB for an array of shape (4611686018427387904,) and dtype "
            "float64");
  const int64_t k2p40 = int64_t(1) << 40;
  EXPECT_THROW(Array::zeros(DType::Int32, {k2p40, k2p40, k2p40}), MemoryError);
}

TEST(ArraySize, FailedAllocationIsAMemoryError) {
  // 4 EB fits in 64 bits but in no address space: std::bad_alloc before.
  const int64_t k2p30 = int64_t(1) << 30;
  EXPECT_EQ(errorOf<MemoryError>([&] { Array(DType::Float32, {k2p30, k2p30}); }),
            "cannot allocate 4.0 EB for an array of shape (1073741824, 1073741824) and dtype "
            "float32");
}

TEST(ArraySize, ZeroDimensionIsEmptyWhateverTheOthers) {
  Array empty(DType::Float32, {int64_t(1) << 40, int64_t(1) << 40, 0});
  EXPECT_EQ(empty.size(), 0);
  EXPECT_EQ(empty.bytes(), 0u);
}

TEST(ArraySize, FunctionNeverReadsAnOverflowedArray) {
  Variable x = fmatrix("x");
  Function f = function({x}, sum(x));
  EXPECT_THROW(f(Array(DType::Float32, {int64_t(1) << 32, int64_t(1) << 32})), MemoryError);
  EXPECT_EQ(f(Array::full(DType::Float32, {2, 3}, 1))[0].item<double>(), 6);
}

// --- B: empty (default-constructed) Variables ------------------------------

/// `body` throws an ArgumentError at this file's line `line` containing `what`.
template <typename F> void expectEmpty(F body, int line, const std::string &what) {
  std::string message = errorOf<ArgumentError>(body);
  EXPECT_NE(message.find(std::string(__FILE__) + ":" + std::to_string(line) + ": "),
            std::string::npos)
      << message;
  EXPECT_NE(message.find(what), std::string::npos) << message;
}

std::string operand(const std::string &op, int index) {
  return "'" + op + "' got an empty (default-constructed) Variable as operand " +
         std::to_string(index);
}

TEST(EmptyVariable, BinaryOperatorsOnEitherSide) {
  Variable x = fvector("x"), none;
  // x * Variable() used to be x * 0.
  expectEmpty([&] { (void)(x * none); }, __LINE__, operand("mul", 2));
  expectEmpty([&] { (void)(none + x); }, __LINE__, operand("add", 1));
  expectEmpty([&] { (void)(2.0 * none); }, __LINE__, operand("mul", 2));
  expectEmpty([&] { (void)(none > 1); }, __LINE__, operand("gt", 1));
  expectEmpty([&] { (void)pow(x, none); }, __LINE__, operand("pow", 2));
  expectEmpty([&] { (void)maximum(none, 0.0); }, __LINE__, operand("maximum", 1));
  expectEmpty([&] { (void)switch_(x > 0, none, x); }, __LINE__, operand("switch", 2));
}

TEST(EmptyVariable, UnaryOpsAndReductions) {
  Variable none;
  expectEmpty([&] { (void)exp(none); }, __LINE__, operand("exp", 1));
  expectEmpty([&] { (void)sgn(none); }, __LINE__, operand("sign", 1));
  expectEmpty([&] { (void)(-none); }, __LINE__, operand("neg", 1));
  expectEmpty([&] { (void)sum(none); }, __LINE__, operand("sum", 1));
  expectEmpty([&] { (void)mean(none); }, __LINE__, operand("mean", 1));
  expectEmpty([&] { (void)argmax(none, 0); }, __LINE__, operand("argmax", 1));
  expectEmpty([&] { (void)cast(none, DType::Int32); }, __LINE__, operand("cast", 1));
  expectEmpty([&] { (void)nnet::softmax(none); }, __LINE__, operand("softmax", 1));
}

TEST(EmptyVariable, ProductsShapesAndIndexing) {
  Variable x = fmatrix("x"), none;
  expectEmpty([&] { (void)dot(x, none); }, __LINE__, operand("dot", 2));
  expectEmpty([&] { (void)none.dimshuffle({1, 0}); }, __LINE__, operand("dimshuffle", 1));
  expectEmpty([&] { (void)none.T(); }, __LINE__, operand("transpose", 1));
  expectEmpty([&] { (void)none.sum(); }, __LINE__, operand("sum", 1));
  expectEmpty([&] { (void)reshape(none, {4}); }, __LINE__, operand("reshape", 1));
  expectEmpty([&] { (void)concatenate({x, none}); }, __LINE__, operand("concatenate", 2));
  expectEmpty([&] { (void)subtensor(none, {0}); }, __LINE__, operand("subtensor", 1));
  expectEmpty([&] { (void)subtensor(x, {Index(none)}); }, __LINE__, "as index 0");
  expectEmpty([&] { (void)set_subtensor(x, {0}, none); }, __LINE__,
              operand("set_subtensor", 2));
  expectEmpty([&] { (void)zeros_like(none); }, __LINE__, operand("fill", 1));
}

TEST(EmptyVariable, GradientsFunctionsAndScan) {
  Variable x = dvector("x"), none;
  Variable cost = sum(x * x);
  expectEmpty([&] { (void)grad(cost, {none}); }, __LINE__, "as wrt[0]");
  expectEmpty([&] { (void)grad(none, x); }, __LINE__, "as the cost");
  expectEmpty([&] { (void)function({none}, cost); }, __LINE__, "an input is an empty Variable");
  expectEmpty([&] { (void)function({x}, none); }, __LINE__, "an output is an empty Variable");
  auto step = [](const std::vector<Variable> &a) { return a[0]; };
  expectEmpty([&] { (void)scan(step, {none}, {no_feedback}); }, __LINE__, "as sequence #0");
  expectEmpty([&] { (void)scan(step, {}, {OutputInfo(none)}, {}, 3); }, __LINE__,
              "as the initial value of outputs_info[0]");
  RandomStreams srng(1);
  expectEmpty([&] { (void)srng.uniform({2}, none, 1.0); }, __LINE__, "as low");
}

TEST(EmptyVariable, Accessors) {
  Variable none;
  expectEmpty([&] { (void)none.type(); }, __LINE__, "type() of an empty");
  expectEmpty([&] { (void)none.dtype(); }, __LINE__, "dtype() of an empty");
  expectEmpty([&] { (void)none.ndim(); }, __LINE__, "ndim() of an empty");
  expectEmpty([&] { (void)none.name(); }, __LINE__, "name() of an empty");
  SharedVariable noShared;
  expectEmpty([&] { (void)noShared.get_value(); }, __LINE__, "get_value() of an empty");
}

// --- C: float -> integer conversions C leaves undefined --------------------

TEST(Downcast, NonFiniteOrOutOfRangeFloatsAreTypeErrors) {
  Variable x = ivector("x");
  FunctionOptions options;
  options.allow_input_downcast = true;
  Function f = function({x}, x * 2, options);
  EXPECT_EQ(values(f(Array::fromVector<double>({1.9, -2.5, 7}))[0]),
            (std::vector<double>{2, -4, 14})); // truncated toward zero
  for (auto [value, text] : {std::pair{kNaN, "nan"}, {kInf, "inf"}, {-kInf, "-inf"},
                             {2147483648.0, "2147483648"}, {-2147483649.0, "-2147483649"}}) {
    std::string message =
        errorOf<TypeError>([&] { f(Array::fromVector<double>({1.0, value})); });
    EXPECT_NE(message.find("argument 0"), std::string::npos) << message;
    EXPECT_NE(message.find(std::string("cannot convert ") + text + " to int32"),
              std::string::npos)
        << message;
  }
  // A C++ number converts to the input's dtype the same way.
  Variable n = lscalar("n");
  Function g = function({n}, n + 1);
  EXPECT_EQ(g(3.0)[0].item<int64_t>(), 4);
  EXPECT_NE(errorOf<TypeError>([&] { g(kNaN); }).find("cannot convert nan to int64"),
            std::string::npos);
  EXPECT_NE(errorOf<TypeError>([&] { g(1e19); }).find("cannot convert 1e+19 to int64"),
            std::string::npos);
}

TEST(Downcast, ArrayConversions) {
  Array floats = Array::fromVector<float>({1.5f, NAN});
  EXPECT_THROW(floats.astype(DType::Int64), TypeError);
  EXPECT_THROW(Array::full(DType::Int32, {2}, 1e10), TypeError);
  EXPECT_THROW(Array(kInf).item<int>(), TypeError);
  // NaN is true, as in NumPy.
  EXPECT_EQ(values(floats.astype(DType::Bool)), (std::vector<double>{1, 1}));
  // Integers convert as integers: exact beyond 2^53, wrapping into int32.
  Array big =
      Array::fromVector<int64_t>({(int64_t(1) << 32) + 5, std::numeric_limits<int64_t>::max()});
  EXPECT_EQ(big.astype(DType::Int32).toVector<int32_t>(), (std::vector<int32_t>{5, -1}));
  EXPECT_EQ(Array(std::numeric_limits<int64_t>::max()).item<int64_t>(),
            std::numeric_limits<int64_t>::max());
}

// --- D: npz errors are theta errors naming the path ------------------------

std::string tempPath(const std::string &name) {
  const char *dir = std::getenv("TEST_TMPDIR");
  return std::string(dir ? dir : "/tmp") + "/" + name;
}

TEST(NpzErrors, DirectoryIsAnIOError) {
  std::string dir = tempPath("reliability_npz_dir");
  ::mkdir(dir.c_str(), 0755);
  SharedVariable w = shared(Array::zeros(DType::Float32, {2}), "w");
  for (const std::string &message :
       {errorOf<IOError>([&] { read_npz(dir); }), errorOf<IOError>([&] { load_npz(dir, {w}); }),
        errorOf<IOError>([&] { save_npz(dir, {w}); })})
    EXPECT_NE(message.find("'" + dir + "'"), std::string::npos) << message;
  EXPECT_THROW(read_npz(tempPath("no/such/dir/file.npz")), IOError);
}

// --- E: NaN in sgn and argmax, as in NumPy ---------------------------------

TEST(NaN, SgnOfNaNIsNaN) {
  for (DType dtype : {DType::Float32, DType::Float64}) {
    Variable x = tensor(dtype, 1, "x");
    Function f = function({x}, sgn(x));
    std::vector<double> r =
        values(f(Array::fromVector<double>({-2, -0.0, 0, 3, kNaN, -kInf}).astype(dtype))[0]);
    ASSERT_EQ(r.size(), 6u);
    EXPECT_EQ(std::vector<double>(r.begin(), r.begin() + 4), (std::vector<double>{-1, 0, 0, 1}));
    EXPECT_TRUE(std::isnan(r[4]));
    EXPECT_EQ(r[5], -1);
  }
}

TEST(NaN, ArgmaxFindsTheFirstNaN) {
  for (DType dtype : {DType::Float32, DType::Float64}) {
    Variable v = tensor(dtype, 1, "v"), m = tensor(dtype, 2, "m");
    Function f = function({v}, {argmax(v), max(v)});
    auto run = [&](std::vector<double> input) {
      return f(Array::fromVector<double>(input).astype(dtype));
    };
    EXPECT_EQ(run({1, kNaN, 3, kNaN})[0].item<int64_t>(), 1);
    EXPECT_TRUE(std::isnan(run({1, kNaN, 3, kNaN})[1].item<double>()));
    EXPECT_EQ(run({kNaN, 5, kNaN})[0].item<int64_t>(), 0);
    EXPECT_EQ(run({2, 7, 7, -1})[0].item<int64_t>(), 1); // the first maximum, still
    EXPECT_EQ(run({-kInf, -kInf})[0].item<int64_t>(), 0);
    // Along an axis, and over the flattened matrix.
    Function g = function({m}, {argmax(m, 1), argmax(m, 0), argmax(m)});
    std::vector<Array> r = g(
        Array::fromVector<double>({1, 4, 2, kNaN, 0, kNaN, 3, 5, 9}, {3, 3}).astype(dtype));
    EXPECT_EQ(values(r[0]), (std::vector<double>{1, 0, 2}));
    EXPECT_EQ(values(r[1]), (std::vector<double>{1, 2, 1}));
    EXPECT_EQ(r[2].item<int64_t>(), 3);
  }
}

// --- F: float32 log of subnormals ------------------------------------------

/// How many float32 values lie between a and b (0 when equal, both NaN,
/// or equal infinities).
int64_t ulpDistance(float a, float b) {
  if (std::isnan(a) || std::isnan(b))
    return std::isnan(a) && std::isnan(b) ? 0 : std::numeric_limits<int64_t>::max();
  if (a == b)
    return 0;
  auto ordered = [](float f) { // monotonic in f
    int32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    return bits < 0 ? -int64_t(bits & 0x7fffffff) : int64_t(bits);
  };
  return std::llabs(ordered(a) - ordered(b));
}

TEST(Log, Float32SubnormalsAndNormalsWithin2Ulp) {
  std::vector<float> inputs = {1e-45f, 1e-44f, 1e-42f, 1e-40f, 3e-39f, FLT_MIN / 2,
                               FLT_MIN * (1 - FLT_EPSILON), FLT_MIN, 2 * FLT_MIN, 1e-30f,
                               1e-5f, 0.25f, 0.5f, 0.999f, 1, 1.001f, 2, 10, 1e10f, 1e30f,
                               FLT_MAX, 0, -0.0f, -1e-40f, -1, INFINITY, NAN};
  // Enough elements for the vector loop, with every input in every lane position.
  std::vector<float> all;
  for (int repeat = 0; repeat < 37; ++repeat)
    all.insert(all.end(), inputs.begin(), inputs.end());
  Variable x = fvector("x");
  Function f = function({x}, log(x));
  std::vector<float> result = f(Array::fromVector<float>(all))[0].toVector<float>();
  ASSERT_EQ(result.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i)
    EXPECT_LE(ulpDistance(result[i], std::log(all[i])), 2)
        << "log(" << all[i] << ") = " << result[i] << ", libm: " << std::log(all[i]);
  // The figures of the report.
  EXPECT_NEAR(f(Array::fromVector<float>({1e-45f}))[0].toVector<float>()[0], -103.2789f, 1e-4);
  EXPECT_NEAR(f(Array::fromVector<float>({1e-40f}))[0].toVector<float>()[0], -92.1034f, 1e-4);
}

TEST(Exp, Float32WholeRangeWithin2Ulp) {
  // Where the host has AVX-512, exp scales by 2^n with ldexp (vscalefps) and
  // its results below FLT_MIN are subnormals as libm's; elsewhere upstream's
  // polynomial flushes them to 0, which only those inputs may show.
  bool subnormalResults = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
  std::vector<float> inputs = {-INFINITY, -200, -104, -103.9f, -103, -100, -95, -90, -87.5f,
                               -87.33f, -87, -50, -10, -1, -0.5f, -1e-8f, -0.0f, 0, 1e-8f,
                               0.34657f, 0.5f, 1, 2.5f, 10, 50, 80, 88, 88.72f, 88.7228f,
                               88.73f, 89, 100, INFINITY, NAN};
  std::vector<float> all; // every input in every lane position of the vector loop
  for (int repeat = 0; repeat < 17; ++repeat)
    all.insert(all.end(), inputs.begin(), inputs.end());
  for (int i = 0; i <= 1 << 16; ++i) // the whole finite range, evenly
    all.push_back(-104.5f + float(i) * (194.0f / (1 << 16)));
  Variable x = fvector("x");
  Function f = function({x}, exp(x));
  std::vector<float> result = f(Array::fromVector<float>(all))[0].toVector<float>();
  ASSERT_EQ(result.size(), all.size());
  for (size_t i = 0; i < all.size(); ++i) {
    float expected = std::exp(all[i]);
    if (!subnormalResults && expected < FLT_MIN && expected > 0) {
      EXPECT_GE(result[i], 0) << "exp(" << all[i] << ")";
      EXPECT_LE(result[i], expected * 2 + 1e-44f) << "exp(" << all[i] << ")";
      continue;
    }
    EXPECT_LE(ulpDistance(result[i], expected), 2)
        << "exp(" << all[i] << ") = " << result[i] << ", libm: " << expected;
  }
}

} // namespace
