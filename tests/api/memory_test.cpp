// Long-running use: functions built and dropped in a loop give their
// compiled code back, so memory stays flat.
#include <theta/theta.h>

#include <gtest/gtest.h>

#include <fstream>
#include <string>

using namespace theta;

namespace {

/// Under AddressSanitizer freed memory waits in its quarantine (256 MB) and
/// every block carries redzones, so resident memory says nothing about what
/// Theta keeps; the loops still run (ASan checks them, LeakSanitizer checks
/// for leaks at exit) but the bounds on its growth are not checked.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kResidentMemoryIsMeaningful = false;
#else
constexpr bool kResidentMemoryIsMeaningful = true;
#endif

/// Resident memory of this process, in KiB (Linux).
long residentKiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0)
      return std::stol(line.substr(6));
  return -1;
}

TEST(Memory, DroppedFunctionsReturnTheirCode) {
  Variable x = fvector("x");
  Variable y = tanh(x * 2.0f + 1.0f).sum();
  auto buildAndCall = [&](int count) {
    for (int k = 0; k < count; ++k) {
      Function f = function({x}, y);
      ASSERT_EQ(f(Array::fromVector<float>({0, 0}))[0].item<float>(),
                2 * std::tanh(1.0f));
    }
  };
  buildAndCall(100); // Warm up the allocator and the JIT.
  long before = residentKiB();
  buildAndCall(300);
  long grown = residentKiB() - before;
  // Kept code cost about 60 KB per function (18 MB here) before.
  if (kResidentMemoryIsMeaningful) {
    EXPECT_LT(grown, 6 * 1024) << "RSS grew by " << grown << " KiB over 300 functions";
  }
}

} // namespace

namespace {

TEST(Memory, DroppedExpressionsLeaveTheGraph) {
  Variable x = fvector("x");
  Variable kept = exp(x) + 1.0f; // Kept: its ops stay.
  auto throwaway = [&](int count) {
    for (int k = 0; k < count; ++k) {
      Variable y = tanh(x * 2.0f + kept).sum();
      (void)y;
    }
  };
  throwaway(10000);
  long before = residentKiB();
  throwaway(50000);
  long grown = residentKiB() - before;
  // Every expression stayed in the graph before (46 MB here).
  if (kResidentMemoryIsMeaningful) {
    EXPECT_LT(grown, 8 * 1024) << "RSS grew by " << grown << " KiB over 50000 expressions";
  }
  // Whatever is still used survives: a function of `kept` computes it.
  Function f = function({x}, kept);
  EXPECT_FLOAT_EQ(f(Array::fromVector<float>({0}))[0].item<float>(), 2);
}

} // namespace

namespace {

TEST(Memory, AMillionCallsWithUpdatesStayFlat) {
  RandomStreams srng(3);
  SharedVariable count = shared(Array(int64_t{0}), "count");
  FunctionOptions options;
  options.updates = {{count, count + 1}};
  Function step = function({}, srng.uniform({2}).sum(), options);
  constexpr int kCalls = 1000000;
  auto run = [&] {
    for (int k = 0; k < kCalls; ++k)
      step();
    return residentKiB();
  };
  run(); // The allocator settles during the first million (about 6 MB once).
  long before = residentKiB();
  long grown = run() - before;
  EXPECT_EQ(count.get_value().item<int64_t>(), 2 * kCalls);
  if (kResidentMemoryIsMeaningful) {
    EXPECT_LT(grown, 1024) << "RSS grew by " << grown << " KiB over a million calls";
  }
}

} // namespace

// A shared variable, or an input, known only through an expression built
// from it (its own handle dropped, as `dot(x, shared(w))`) stays what it
// is: each result holds its operands' nodes, as Theano's Apply nodes do.
TEST(Memory, ExpressionsKeepTheirOperandsNodes) {
  Variable x = theta::matrix("x");
  Variable h = dot(x, shared(Array::full(DType::Float32, {2, 4}, 0.5), "w"));
  Function f = function({x}, sum(h));
  EXPECT_EQ(f(Array::full(DType::Float32, {3, 2}, 1.0))[0].item<double>(), 12);
  Variable y;
  {
    Variable named = theta::vector("named");
    y = exp(named);
  }
  // The input is still known by its name: a function missing it says so.
  try {
    function(std::vector<Variable>{}, y);
    FAIL() << "expected a missing-input error";
  } catch (const Error &error) {
    EXPECT_NE(std::string(error.what()).find("named"), std::string::npos) << error.what();
  }
}

// An expression built in a loop is a chain of nodes each holding the
// previous one: dropping it releases them one after another, not by a
// recursion as deep as the chain (200000 nodes overflowed the stack).
TEST(Memory, LongChainsAreReleasedWithoutRecursion) {
  Variable x = dvector("x");
  {
    Variable acc = x;
    for (int i = 0; i < 200000; ++i)
      acc = acc + 1.0;
  }
  Function f = function({x}, x * 2.0);
  EXPECT_EQ(f(Array::fromVector<double>({1.5}))[0].item<double>(), 3);
}
