// RandomStreams: Philox-4x32-10 draws against a host reference, reproducibility,
// default updates of the counters, distribution statistics, dropout.
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <set>

using namespace theta;
using theta_test::values;

namespace {

// Host reference of the generator (Salmon et al. 2011; Random123's constants).
std::array<uint32_t, 4> philox(std::array<uint32_t, 4> ctr, std::array<uint32_t, 2> key) {
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      key[0] += 0x9E3779B9u;
      key[1] += 0xBB67AE85u;
    }
    uint64_t p0 = uint64_t{0xD2511F53u} * ctr[0], p1 = uint64_t{0xCD9E8D57u} * ctr[2];
    ctr = {static_cast<uint32_t>(p1 >> 32) ^ ctr[1] ^ key[0], static_cast<uint32_t>(p1),
           static_cast<uint32_t>(p0 >> 32) ^ ctr[3] ^ key[1], static_cast<uint32_t>(p0)};
  }
  return ctr;
}

/// The 128 bits of element `index` of a draw with `key` at `counter`.
std::array<uint32_t, 4> bitsOf(uint64_t key, uint64_t counter, uint64_t index) {
  return philox({static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32),
                 static_cast<uint32_t>(counter), static_cast<uint32_t>(counter >> 32)},
                {static_cast<uint32_t>(key), static_cast<uint32_t>(key >> 32)});
}

float uniformF32(uint32_t word) { return static_cast<float>(word >> 8) * 0x1p-24f; }
double uniformF64(uint32_t high, uint32_t low) {
  return static_cast<double>(((uint64_t{high} << 32) | low) >> 11) * 0x1p-53;
}

int64_t int64Value(const SharedVariable &variable) { return *variable.get_value().data<int64_t>(); }

double mean(const std::vector<double> &xs) {
  double sum = 0;
  for (double x : xs)
    sum += x;
  return sum / static_cast<double>(xs.size());
}

double variance(const std::vector<double> &xs) {
  double m = mean(xs), sum = 0;
  for (double x : xs)
    sum += (x - m) * (x - m);
  return sum / static_cast<double>(xs.size() - 1);
}

/// Kolmogorov-Smirnov statistic of `xs` against the distribution `cdf`.
template <typename Cdf> double ksStatistic(std::vector<double> xs, Cdf cdf) {
  std::sort(xs.begin(), xs.end());
  double n = static_cast<double>(xs.size()), d = 0;
  for (size_t i = 0; i < xs.size(); ++i) {
    double f = cdf(xs[i]);
    d = std::max({d, static_cast<double>(i + 1) / n - f, f - static_cast<double>(i) / n});
  }
  return d;
}

double normalCdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

// Critical value of the KS statistic at significance 0.001 for n samples.
double ksCritical(size_t n) { return 1.95 / std::sqrt(static_cast<double>(n)); }

constexpr int64_t kSamples = 100000;

} // namespace

TEST(Philox, MatchesRandom123KnownAnswers) {
  EXPECT_EQ(philox({0, 0, 0, 0}, {0, 0}),
            (std::array<uint32_t, 4>{0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}));
  EXPECT_EQ(philox({~0u, ~0u, ~0u, ~0u}, {~0u, ~0u}),
            (std::array<uint32_t, 4>{0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}));
  EXPECT_EQ(philox({0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0}),
            (std::array<uint32_t, 4>{0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}));
}

TEST(RandomStreams, DrawsAreThePhiloxNumbersOfTheirKeyAndCounter) {
  RandomStreams srng(234);
  Variable u32 = srng.uniform({3, 4}, 0.0, 1.0, DType::Float32);
  Variable u64 = srng.uniform({5}, 0.0, 1.0, DType::Float64);
  Variable n32 = srng.normal({2, 3}, 0.0, 1.0, DType::Float32);
  Variable n64 = srng.normal({7}, 0.0, 1.0, DType::Float64);
  Function f = function({}, {u32, u64, n32, n64});
  std::vector<RandomStreams::State> states = srng.states();
  ASSERT_EQ(states.size(), 4u);
  for (uint64_t call = 0; call < 2; ++call) {
    std::vector<uint64_t> keys;
    for (const auto &state : states) {
      EXPECT_EQ(int64Value(state.counter), static_cast<int64_t>(call));
      keys.push_back(static_cast<uint64_t>(int64Value(state.key)));
    }
    std::vector<Array> r = f();
    ASSERT_EQ(r[0].dtype(), DType::Float32);
    ASSERT_EQ(r[0].shape(), (Shape{3, 4}));
    for (int64_t i = 0; i < 12; ++i)
      EXPECT_EQ(r[0].data<float>()[i], uniformF32(bitsOf(keys[0], call, i)[0])) << i;
    ASSERT_EQ(r[1].dtype(), DType::Float64);
    for (int64_t i = 0; i < 5; ++i) {
      auto x = bitsOf(keys[1], call, i);
      EXPECT_EQ(r[1].data<double>()[i], uniformF64(x[0], x[1])) << i;
    }
    for (int64_t i = 0; i < 6; ++i) {
      auto x = bitsOf(keys[2], call, i);
      double expected = std::sqrt(-2.0 * std::log(1.0 - uniformF32(x[0]))) *
                        std::cos(2.0 * M_PI * uniformF32(x[1]));
      EXPECT_NEAR(r[2].data<float>()[i], expected, 1e-5 * (1 + std::abs(expected))) << i;
    }
    for (int64_t i = 0; i < 7; ++i) {
      auto x = bitsOf(keys[3], call, i);
      double expected = std::sqrt(-2.0 * std::log(1.0 - uniformF64(x[0], x[1]))) *
                        std::cos(2.0 * M_PI * uniformF64(x[2], x[3]));
      EXPECT_NEAR(r[3].data<double>()[i], expected, 1e-12 * (1 + std::abs(expected))) << i;
    }
  }
  for (const auto &state : states)
    EXPECT_EQ(int64Value(state.counter), 2);
}

TEST(RandomStreams, NewNumbersOnEveryCall) {
  // srng = RandomStreams(seed=234); rv_u = srng.uniform((2,2)); f = function([], rv_u)
  RandomStreams srng(234);
  Variable rv_u = srng.uniform({2, 2});
  Function f = function({}, rv_u);
  std::vector<double> first = values(f()[0]), second = values(f()[0]);
  EXPECT_EQ(first.size(), 4u);
  EXPECT_NE(first, second);
  EXPECT_EQ(srng.states()[0].counter.get_value().item<int64_t>(), 2);
  EXPECT_EQ(f.compiledSignatures(), 1u);
}

TEST(RandomStreams, ScalarDraws) {
  RandomStreams srng(15);
  Function f = function({}, {srng.uniform(), srng.normal({}, 0.0, 1.0, DType::Float64)});
  std::vector<Array> first = f(), second = f();
  EXPECT_EQ(first[0].rank(), 0);
  EXPECT_EQ(first[0].dtype(), floatX());
  EXPECT_EQ(first[1].rank(), 0);
  EXPECT_EQ(first[1].dtype(), DType::Float64);
  EXPECT_NE(first[0].item<double>(), second[0].item<double>());
  EXPECT_NE(first[1].item<double>(), second[1].item<double>());
}

TEST(RandomStreams, SameSeedSameNumbersAndReseedingReproduces) {
  RandomStreams a(42), b(42), c(43);
  Function fa = function({}, {a.uniform({100}), a.normal({10})});
  Function fb = function({}, {b.uniform({100}), b.normal({10})});
  Function fc = function({}, {c.uniform({100}), c.normal({10})});
  std::vector<Array> ra1 = fa(), ra2 = fa();
  std::vector<Array> rb1 = fb();
  EXPECT_EQ(values(ra1[0]), values(rb1[0]));
  EXPECT_EQ(values(ra1[1]), values(rb1[1]));
  EXPECT_NE(values(ra1[0]), values(fc()[0]));
  // The two draws of one stream are different streams.
  EXPECT_NE(values(ra1[0])[0], values(ra1[1])[0]);

  a.seed(42);
  std::vector<Array> again1 = fa(), again2 = fa();
  EXPECT_EQ(values(again1[0]), values(ra1[0]));
  EXPECT_EQ(values(again1[1]), values(ra1[1]));
  EXPECT_EQ(values(again2[0]), values(ra2[0]));
  a.seed(7);
  EXPECT_NE(values(fa()[0]), values(ra1[0]));
  // Draws made after a reseed follow the new seed, as if made at the start.
  RandomStreams d(7);
  d.uniform({100});
  d.normal({10});
  d.uniform({5});
  a.uniform({5}); // a's third draw, made after a.seed(7)
  EXPECT_EQ(int64Value(d.states()[2].key), int64Value(a.states()[2].key));
}

TEST(RandomStreams, UniformRangeMomentsAndUniformity) {
  RandomStreams srng(1);
  for (DType dtype : {DType::Float32, DType::Float64}) {
    Function f = function({}, srng.uniform({kSamples}, -2.0, 3.0, dtype));
    Array r = f()[0];
    ASSERT_EQ(r.dtype(), dtype);
    std::vector<double> xs = values(r);
    EXPECT_GE(*std::min_element(xs.begin(), xs.end()), -2.0);
    EXPECT_LT(*std::max_element(xs.begin(), xs.end()), 3.0);
    // Mean 0.5, variance 25/12; the mean's standard error is 0.0046.
    EXPECT_NEAR(mean(xs), 0.5, 0.025);
    EXPECT_NEAR(variance(xs), 25.0 / 12.0, 0.04);
    EXPECT_LT(ksStatistic(xs, [](double x) { return (x + 2.0) / 5.0; }), ksCritical(xs.size()));
    // Chi-square over 100 equal bins: 99 degrees of freedom, 148.2 at 0.001.
    std::vector<double> counts(100, 0);
    for (double x : xs)
      counts[std::min<size_t>(static_cast<size_t>((x + 2.0) / 5.0 * 100), 99)] += 1;
    double expected = static_cast<double>(kSamples) / 100, chi2 = 0;
    for (double c : counts)
      chi2 += (c - expected) * (c - expected) / expected;
    EXPECT_LT(chi2, 148.2);
  }
}

TEST(RandomStreams, UniformWithSymbolicBounds) {
  RandomStreams srng(5);
  Variable low = dvector("low"), high = dvector("high");
  Function f = function({low, high}, srng.uniform({20000, 2}, low, high, DType::Float64));
  Array r = f(Array::fromVector<double>({0, 10}), Array::fromVector<double>({1, 20}))[0];
  ASSERT_EQ(r.shape(), (Shape{20000, 2}));
  std::vector<double> column0, column1;
  for (int64_t i = 0; i < 20000; ++i) {
    column0.push_back(r.data<double>()[2 * i]);
    column1.push_back(r.data<double>()[2 * i + 1]);
  }
  EXPECT_GE(*std::min_element(column1.begin(), column1.end()), 10.0);
  EXPECT_LT(*std::max_element(column1.begin(), column1.end()), 20.0);
  EXPECT_NEAR(mean(column0), 0.5, 0.01);
  EXPECT_NEAR(mean(column1), 15.0, 0.1);
}

TEST(RandomStreams, NormalMomentsAndShape) {
  RandomStreams srng(2);
  for (DType dtype : {DType::Float32, DType::Float64}) {
    Function f = function({}, srng.normal({kSamples}, 1.5, 2.0, dtype));
    Array r = f()[0];
    ASSERT_EQ(r.dtype(), dtype);
    std::vector<double> xs = values(r);
    // The mean's standard error is 2 / sqrt(1e5) = 0.0063.
    EXPECT_NEAR(mean(xs), 1.5, 0.035);
    EXPECT_NEAR(std::sqrt(variance(xs)), 2.0, 0.03);
    EXPECT_LT(ksStatistic(xs, [](double x) { return normalCdf((x - 1.5) / 2.0); }),
              ksCritical(xs.size()));
    // Both tails are populated: about 2.3% beyond 2 standard deviations each.
    double above = 0, below = 0;
    for (double x : xs) {
      above += x > 1.5 + 4.0;
      below += x < 1.5 - 4.0;
    }
    EXPECT_NEAR(above / kSamples, 0.02275, 0.003);
    EXPECT_NEAR(below / kSamples, 0.02275, 0.003);
  }
}

TEST(RandomStreams, BinomialProbabilityAndCounts) {
  RandomStreams srng(3);
  Variable bernoulli = srng.binomial({kSamples}, 1, 0.3);
  Variable counts = srng.binomial({kSamples}, 5, 0.4);
  Function f = function({}, {bernoulli, counts});
  std::vector<Array> r = f();
  EXPECT_EQ(r[0].dtype(), DType::Int64); // Theano's default dtype
  std::vector<double> b = values(r[0]), c = values(r[1]);
  EXPECT_EQ(std::set<double>(b.begin(), b.end()), (std::set<double>{0, 1}));
  // Standard error sqrt(0.21 / 1e5) = 0.0014.
  EXPECT_NEAR(mean(b), 0.3, 0.008);
  for (double x : c)
    ASSERT_TRUE(x >= 0 && x <= 5 && x == std::floor(x)) << x;
  EXPECT_NEAR(mean(c), 5 * 0.4, 0.02);
  EXPECT_NEAR(variance(c), 5 * 0.4 * 0.6, 0.04);
  // P(X = k) for k = 0..5.
  const double pmf[] = {0.07776, 0.2592, 0.3456, 0.2304, 0.0768, 0.01024};
  for (int k = 0; k <= 5; ++k)
    EXPECT_NEAR(std::count(c.begin(), c.end(), k) / static_cast<double>(kSamples), pmf[k], 0.006)
        << k;
}

TEST(RandomStreams, BinomialWithSymbolicProbability) {
  RandomStreams srng(4);
  Variable p = dvector("p");
  Function f = function({p}, srng.binomial({50000, 3}, 1, p, DType::Float32));
  Array r = f(Array::fromVector<double>({0.1, 0.5, 0.9}))[0];
  ASSERT_EQ(r.dtype(), DType::Float32);
  double sums[3] = {0, 0, 0};
  for (int64_t i = 0; i < r.size(); ++i)
    sums[i % 3] += r.data<float>()[i];
  EXPECT_NEAR(sums[0] / 50000, 0.1, 0.01);
  EXPECT_NEAR(sums[1] / 50000, 0.5, 0.01);
  EXPECT_NEAR(sums[2] / 50000, 0.9, 0.01);
}

TEST(RandomStreams, DropoutMaskShapedLikeTheInput) {
  RandomStreams srng(11);
  Variable x = fmatrix("x");
  Variable mask = srng.binomial(shape(x), 1, 0.8, x.dtype());
  Variable y = x * mask;
  // The gradient of sum(y) is the mask itself: the same draw as in y.
  Variable g = grad(sum(y), x);
  Function f = function({x}, {y, g});
  Array ones = Array::full(DType::Float32, {200, 50}, 1.0);
  std::vector<Array> r1 = f(ones);
  ASSERT_EQ(r1[0].dtype(), DType::Float32);
  ASSERT_EQ(r1[0].shape(), (Shape{200, 50}));
  EXPECT_EQ(values(r1[0]), values(r1[1]));
  std::vector<double> kept = values(r1[0]);
  EXPECT_EQ(std::set<double>(kept.begin(), kept.end()), (std::set<double>{0, 1}));
  EXPECT_NEAR(mean(kept), 0.8, 0.02);
  // The next call drops other units; another shape is another signature.
  EXPECT_NE(values(f(ones)[0]), kept);
  Array other = f(Array::full(DType::Float32, {3, 7}, 2.0))[0];
  EXPECT_EQ(other.shape(), (Shape{3, 7}));
  for (double v : values(other))
    EXPECT_TRUE(v == 0 || v == 2) << v;
  EXPECT_EQ(f.compiledSignatures(), 2u);
  EXPECT_EQ(int64Value(srng.states()[0].counter), 3);
}

TEST(RandomStreams, AFailedCallLeavesTheCounterUnchanged) {
  RandomStreams srng(12);
  Variable x = fmatrix("x"), bias = fvector("bias");
  Variable y = x * srng.binomial(shape(x), 1, 0.5, DType::Float32) + bias;
  Function f = function({x, bias}, y);
  SharedVariable counter = srng.states()[0].counter;
  f(Array::full(DType::Float32, {2, 3}, 1.0), Array::full(DType::Float32, {3}, 0.0));
  EXPECT_EQ(int64Value(counter), 1);
  // Wrong rank: rejected before running.
  EXPECT_THROW(f(Array::full(DType::Float32, {3}, 1.0), Array::full(DType::Float32, {3}, 0.0)),
               ShapeError);
  EXPECT_EQ(int64Value(counter), 1);
  // Shapes that do not broadcast: the specialization fails to compile.
  EXPECT_ANY_THROW(
      f(Array::full(DType::Float32, {2, 3}, 1.0), Array::full(DType::Float32, {4}, 0.0)));
  EXPECT_EQ(int64Value(counter), 1);
  f(Array::full(DType::Float32, {2, 3}, 1.0), Array::full(DType::Float32, {3}, 0.0));
  EXPECT_EQ(int64Value(counter), 2);
}

TEST(RandomStreams, ExplicitUpdatesAndNoDefaultUpdates) {
  RandomStreams srng(13);
  Variable u = srng.uniform({4});
  std::vector<Update> updates = srng.updates();
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].first.id(), srng.states()[0].counter.id());
  EXPECT_EQ(default_update(srng.states()[0].counter).id(), updates[0].second.id());

  // Given explicitly, the update is applied once, not twice.
  FunctionOptions options;
  options.updates = updates;
  Function f = function({}, u, options);
  std::vector<double> a = values(f()[0]);
  EXPECT_EQ(int64Value(srng.states()[0].counter), 1);

  FunctionOptions frozen;
  frozen.no_default_updates = true;
  Function peek = function({}, u, frozen);
  std::vector<double> b = values(peek()[0]);
  EXPECT_EQ(values(peek()[0]), b);
  EXPECT_EQ(int64Value(srng.states()[0].counter), 1);
  EXPECT_NE(a, b);
  // The default update follows, and peek saw what f sees next.
  EXPECT_EQ(values(f()[0]), b);
  EXPECT_EQ(int64Value(srng.states()[0].counter), 2);
}

TEST(DefaultUpdate, AppliesToAnySharedVariable) {
  Array zero(DType::Int64, {});
  *zero.data<int64_t>() = 0;
  SharedVariable steps = shared(zero, "steps");
  set_default_update(steps, steps + 2);
  Variable x = lscalar("x");
  Function f = function({x}, x + steps);
  EXPECT_EQ(f(10)[0].item<int64_t>(), 10);
  EXPECT_EQ(f(10)[0].item<int64_t>(), 12);
  EXPECT_EQ(steps.get_value().item<int64_t>(), 4);
  set_default_update(steps, Variable());
  EXPECT_FALSE(default_update(steps));
  Function g = function({x}, x + steps);
  g(0);
  EXPECT_EQ(steps.get_value().item<int64_t>(), 4);
  EXPECT_THROW(set_default_update(steps, steps * 0.5), TypeError);
}

TEST(RandomStreams, Errors) {
  RandomStreams srng(14);
  EXPECT_THROW(srng.uniform({2}, 0.0, 1.0, DType::Int32), TypeError);
  EXPECT_THROW(srng.normal({-1}), ShapeError);
  EXPECT_THROW(srng.binomial({2}, -1), ArgumentError);
  EXPECT_THROW(srng.uniform(fmatrix("m")), TypeError);
}
