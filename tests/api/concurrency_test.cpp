// Concurrent calls: each call reads one consistent state of the shared
// variables it uses and applies its updates as one step, so N calls from any
// number of threads apply N updates, and random streams never repeat a draw.
#include <theta/theta.h>

#include <gtest/gtest.h>

#include <set>
#include <thread>

using namespace theta;

namespace {

constexpr int kThreads = 4;

template <typename F> void onThreads(int calls, F body) {
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int k = 0; k < calls; ++k)
        body();
    });
  for (std::thread &thread : threads)
    thread.join();
}

TEST(Concurrency, EveryUpdateLandsAndCallsSeeOneState) {
  SharedVariable w = shared(Array(0.0), "w"), c = shared(Array(0.0), "c");
  FunctionOptions options;
  options.updates = {{w, w + 1.0}, {c, c + 1.0}};
  // Returns w - c as the call read them: always 0 in a consistent snapshot.
  Function step = function({}, w - c, options);
  std::atomic<int> inconsistent{0};
  constexpr int kCalls = 5000;
  onThreads(kCalls, [&] {
    if (step()[0].item<double>() != 0)
      ++inconsistent;
  });
  EXPECT_EQ(w.get_value().item<double>(), kThreads * kCalls);
  EXPECT_EQ(c.get_value().item<double>(), kThreads * kCalls);
  EXPECT_EQ(inconsistent.load(), 0);
}

TEST(Concurrency, ReadersSeeConsistentStatesWhileAnotherFunctionUpdates) {
  SharedVariable w = shared(Array(0.0), "w"), c = shared(Array(0.0), "c");
  FunctionOptions options;
  options.updates = {{w, w + 1.0}, {c, c + 1.0}};
  Function step = function({}, std::vector<Variable>{}, options);
  Function difference = function({}, w - c); // updates nothing
  std::atomic<int> inconsistent{0};
  std::thread writer([&] {
    for (int k = 0; k < 5000; ++k)
      step();
  });
  onThreads(2000, [&] {
    if (difference()[0].item<double>() != 0)
      ++inconsistent;
  });
  writer.join();
  EXPECT_EQ(inconsistent.load(), 0);
  EXPECT_EQ(w.get_value().item<double>(), 5000);
}

TEST(Concurrency, RandomCountersAdvanceOncePerCall) {
  // The draws of calls from many threads are exactly those of as many calls
  // in sequence, in some order: no call reuses another's counter.
  constexpr int kCalls = 1000;
  auto drawsOf = [](bool threaded) {
    RandomStreams srng(7);
    Function draw = function({}, srng.uniform({4}));
    std::mutex mutex;
    std::multiset<double> draws;
    auto once = [&] {
      Array values = draw()[0];
      std::lock_guard<std::mutex> guard(mutex);
      for (int64_t i = 0; i < values.size(); ++i)
        draws.insert(values.at(i));
    };
    if (threaded)
      onThreads(kCalls, once);
    else
      for (int k = 0; k < kThreads * kCalls; ++k)
        once();
    return draws;
  };
  std::multiset<double> sequential = drawsOf(false), threaded = drawsOf(true);
  EXPECT_EQ(threaded.size(), static_cast<size_t>(kThreads * kCalls * 4));
  EXPECT_TRUE(threaded == sequential);
}

} // namespace
