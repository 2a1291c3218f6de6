// theta::scan: forward results against unrolled references, taps, outputs
// without feedback, while loops, captured variables, errors, and gradients
// through time checked by finite differences.
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <cmath>
#include <set>

using namespace theta;
using theta_test::randomArray;
using theta_test::values;

namespace {

using Args = std::vector<Variable>;

TEST(Scan, SumOfNTimesX) {
  // The seed's accumulator: acc[t] = acc[t-1] + x[t] * n.
  Variable x = vector("x"), n = scalar("n");
  ScanResult result = scan([](const Args &a) { return a[1] + a[0] * a[2]; }, {x},
                           {zeros({})}, {n});
  Function f = function({x, n}, {result[0], subtensor(result[0], {-1})});
  auto out = f(Array::fromVector<float>({1, 2, 3, 4}, {4}), 2.0);
  EXPECT_EQ(values(out[0]), (std::vector<double>{2, 6, 12, 20}));
  EXPECT_EQ(values(out[1]), (std::vector<double>{20}));
  // Another length: the same function, a new signature.
  out = f(Array::fromVector<float>({1, 1}, {2}), 0.5);
  EXPECT_EQ(values(out[1]), (std::vector<double>{1}));
}

TEST(Scan, FibonacciWithTapsAndNSteps) {
  // out[t] = out[t-2] + out[t-1], from (0, 1), ten steps, no sequence.
  Variable first = ivector("first");
  ScanResult result = scan([](const Args &a) { return a[0] + a[1]; }, {},
                           {OutputInfo(first.astype(DType::Int64), {-2, -1})}, {}, 10);
  Function f = function({first}, result[0]);
  auto out = f(Array::fromVector<int32_t>({0, 1}, {2}));
  EXPECT_EQ(out[0].dtype(), DType::Int64);
  EXPECT_EQ(values(out[0]), (std::vector<double>{1, 2, 3, 5, 8, 13, 21, 34, 55, 89}));
}

TEST(Scan, SymbolicStepCountAndOutputsWithoutFeedback) {
  // A state (running product) and an output without feedback (its square).
  Variable k = iscalar("k"), start = scalar("start");
  ScanResult result = scan(
      [](const Args &a) {
        Variable next = a[0] * 2;
        return StepResult({next, next * next});
      },
      {}, {OutputInfo(start), no_feedback}, {}, Steps(k));
  Function f = function({k, start}, {result[0], result[1]});
  auto out = f(4, 1.5);
  EXPECT_EQ(values(out[0]), (std::vector<double>{3, 6, 12, 24}));
  EXPECT_EQ(values(out[1]), (std::vector<double>{9, 36, 144, 576}));
  out = f(1, 1.0);
  EXPECT_EQ(values(out[0]), (std::vector<double>{2}));
}

TEST(Scan, MatchesUnrolledRecurrence) {
  // h[t] = tanh(x[t] W + h[t-1] U + b), minibatched, against the same graph
  // unrolled by hand.
  Variable x = dtensor3("x"), h0 = dmatrix("h0");
  Variable W = dmatrix("W"), U = dmatrix("U"), b = dvector("b");
  auto stepOf = [&](const Variable &xt, const Variable &h) {
    return tanh(dot(xt, W) + dot(h, U) + b);
  };
  ScanResult result = scan([&](const Args &a) { return stepOf(a[0], a[1]); }, {x}, {h0});
  Variable h = h0;
  std::vector<Variable> unrolled;
  for (int t = 0; t < 5; ++t) {
    h = stepOf(subtensor(x, {t}), h);
    unrolled.push_back(h.dimshuffle({newaxis, 0, 1}));
  }
  Function f = function({x, h0, W, U, b}, {result[0], concatenate(unrolled, 0)});
  auto out = f(randomArray({5, 3, 4}), randomArray({3, 6}), randomArray({4, 6}),
               randomArray({6, 6}), randomArray({6}));
  ASSERT_EQ(out[0].shape(), (Shape{5, 3, 6}));
  auto got = values(out[0]), expected = values(out[1]);
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], expected[i], 1e-12) << "element " << i;
}

TEST(Scan, UntilStopsAfterTheStepWhereItsConditionHolds) {
  // Doubles until the value exceeds the limit: 1 -> 2, 4, 8, 16 (stops at 16 > 10).
  Variable start = scalar("start"), limit = scalar("limit");
  ScanResult result = scan(
      [](const Args &a) {
        Variable next = a[0] * 2;
        return StepResult({next}, next > a[1]);
      },
      {}, {OutputInfo(start)}, {limit}, 100);
  Function f = function({start, limit}, result[0]);
  EXPECT_EQ(values(f(1.0, 10.0)[0]), (std::vector<double>{2, 4, 8, 16}));
  // The step bound still applies when the condition never holds.
  EXPECT_EQ(f(1.0, 1e300)[0].shape(), (Shape{100}));
}

TEST(Scan, CapturesVariablesFromOutsideTheStep) {
  // W and the shared offset are used inside the step without being passed.
  Variable x = matrix("x"), W = matrix("W");
  SharedVariable offset = shared(Array::fromVector<float>({0.5f, -0.5f}, {2}), "offset");
  ScanResult result =
      scan([&](const Args &a) { return dot(a[0], W) + offset; }, {x}, {no_feedback});
  Function f = function({x, W}, result[0]);
  auto out = f(Array::fromVector<float>({1, 2, 3, 4}, {2, 2}),
               Array::fromVector<float>({1, 0, 0, 1}, {2, 2}));
  EXPECT_EQ(values(out[0]), (std::vector<double>{1.5, 1.5, 3.5, 3.5}));
  offset.set_value(Array::fromVector<float>({0, 0}, {2}));
  EXPECT_EQ(values(f(Array::fromVector<float>({1, 2, 3, 4}, {2, 2}),
                     Array::fromVector<float>({1, 0, 0, 1}, {2, 2}))[0]),
            (std::vector<double>{1, 2, 3, 4}));
}

TEST(Scan, NestedScan) {
  // Row sums by an inner scan, accumulated by an outer one.
  Variable X = matrix("X");
  ScanResult outer = scan(
      [](const Args &a) {
        ScanResult inner =
            scan([](const Args &b) { return b[0] + b[1]; }, {a[0]}, {zeros({})});
        return a[1] + subtensor(inner[0], {-1});
      },
      {X}, {zeros({})});
  Function f = function({X}, outer[0]);
  EXPECT_EQ(values(f(Array::fromVector<float>({1, 2, 3, 4, 5, 6}, {3, 2}))[0]),
            (std::vector<double>{3, 10, 21}));
}

TEST(Scan, RandomStreamsInsideTheStepAdvanceEveryStep) {
  // A random walk: each step draws a new number. The stream's counter is a
  // state of the loop and its final value comes back as an update.
  RandomStreams srng(2024);
  Variable start = dscalar("start");
  ScanResult walk = scan(
      [&](const Args &a) { return a[0] + srng.uniform({}, 0.0, 1.0, DType::Float64); }, {},
      {OutputInfo(start)}, {}, 6);
  ASSERT_EQ(walk.updates.size(), 1u);
  FunctionOptions options;
  options.updates = walk.updates;
  Function f = function({start}, walk[0], options);
  auto incrementsOf = [](const std::vector<double> &path) {
    std::vector<double> steps;
    for (size_t t = 0; t < path.size(); ++t)
      steps.push_back(path[t] - (t ? path[t - 1] : 0.0));
    return steps;
  };
  std::vector<double> first = incrementsOf(values(f(0.0)[0]));
  std::set<double> distinct(first.begin(), first.end());
  EXPECT_EQ(distinct.size(), first.size()) << "every step draws new numbers";
  for (double step : first) {
    EXPECT_GE(step, 0.0);
    EXPECT_LT(step, 1.0);
  }
  // The update advanced the stream: the next call continues it...
  std::vector<double> second = incrementsOf(values(f(0.0)[0]));
  EXPECT_NE(first, second);
  // ...and reseeding replays it.
  srng.seed(2024);
  std::vector<double> replay = incrementsOf(values(f(0.0)[0]));
  for (size_t t = 0; t < first.size(); ++t)
    EXPECT_NEAR(replay[t], first[t], 1e-12);
}

TEST(Scan, ErrorsNameTheProblem) {
  Variable x = vector("x");
  Variable h0 = dscalar("h0");
  try {
    scan([](const Args &a) { return a[0] * 2.0; }, {x}, {OutputInfo(h0)});
    FAIL() << "a float32 step value for a float64 state must be refused";
  } catch (const TypeError &error) {
    std::string text = error.what();
    EXPECT_NE(text.find("scan_test.cpp"), std::string::npos) << text;
    EXPECT_NE(text.find("output #0"), std::string::npos) << text;
    EXPECT_NE(text.find("dtype"), std::string::npos) << text;
  }
  EXPECT_THROW(scan([](const Args &a) { return StepResult({a[0], a[0]}); }, {x}, {zeros({})}),
               ArgumentError);
  EXPECT_THROW(scan([](const Args &a) { return a[0]; }, {}, {zeros({})}), ArgumentError);
  try {
    scan([](const Args &a) { return a[0]; }, {x}, {OutputInfo(zeros({3}), {-2, -1})});
    FAIL() << "an initial value without the past-values axis must be refused";
  } catch (const ShapeError &error) {
    EXPECT_NE(std::string(error.what()).find("leading axis of 2"), std::string::npos)
        << error.what();
  }
}

// Gradients through time, float64 finite differences.

TEST(ScanGrad, BatchedInputProjectionMatchesUnrolled) {
  // dot(x_t, W) moves before the loop (--theta-batch-step-products): cost
  // and every gradient, W's included, against the graph unrolled by hand.
  Variable x = dtensor3("x"), h0 = dmatrix("h0");
  Variable W = dmatrix("W"), U = dmatrix("U"), b = dvector("b");
  auto stepOf = [](const Variable &xt, const Variable &h, const Variable &w, const Variable &u,
                   const Variable &bias) { return tanh(dot(xt, w) + dot(h, u) + bias); };
  ScanResult result = scan(
      [&](const Args &a) { return stepOf(a[0], a[1], a[2], a[3], a[4]); }, {x}, {h0}, {W, U, b});
  Variable scanned = sum(result[0] * result[0]);
  Variable h = h0, unrolledCost;
  for (int t = 0; t < 6; ++t) {
    h = stepOf(subtensor(x, {t}), h, W, U, b);
    unrolledCost = t == 0 ? sum(h * h) : unrolledCost + sum(h * h);
  }
  std::vector<Variable> wrt = {W, U, b, h0};
  std::vector<Variable> outputs = {scanned, unrolledCost};
  for (const Variable &g : grad(scanned, wrt))
    outputs.push_back(g);
  for (const Variable &g : grad(unrolledCost, wrt))
    outputs.push_back(g);
  Function f = function({x, h0, W, U, b}, outputs);
  auto out = f(randomArray({6, 3, 4}), randomArray({3, 5}), randomArray({4, 5}),
               randomArray({5, 5}, -0.5, 0.5), randomArray({5}));
  EXPECT_NEAR(out[0].item<double>(), out[1].item<double>(), 1e-12);
  for (size_t i = 0; i < wrt.size(); ++i) {
    auto got = values(out[2 + i]), expected = values(out[2 + wrt.size() + i]);
    ASSERT_EQ(got.size(), expected.size());
    for (size_t j = 0; j < got.size(); ++j)
      EXPECT_NEAR(got[j], expected[j], 1e-12) << wrt[i].name() << " element " << j;
  }
}

TEST(ScanGrad, SequencesStateAndNonSequences) {
  VerifyGradOptions options;
  options.abs_tol = options.rel_tol = 1e-6;
  verify_grad(
      [](const Args &in) {
        ScanResult result = scan(
            [](const Args &a) { return tanh(dot(a[0], a[2]) + dot(a[1], a[3])); }, {in[0]},
            {in[1]}, {in[2], in[3]});
        return result[0];
      },
      {randomArray({4, 2, 3}), randomArray({2, 5}), randomArray({3, 5}),
       randomArray({5, 5}, -0.5, 0.5)},
      options);
}

TEST(ScanGrad, TapsAndOutputsWithoutFeedback) {
  verify_grad(
      [](const Args &in) {
        // s[t] = 0.5 s[t-2] + sin-free mix of s[t-1] and x[t]; y[t] = s[t-1] * x[t].
        ScanResult result = scan(
            [](const Args &a) {
              Variable next = 0.5 * a[1] + tanh(a[2] * a[3]) + a[0];
              return StepResult({next, a[2] * a[0]});
            },
            {in[0]}, {OutputInfo(in[1], {-2, -1}), no_feedback}, {in[2]});
        return result[0].sum() + (result[1] * result[1]).sum();
      },
      {randomArray({6, 3}), randomArray({2, 3}), randomArray({3})});
}

TEST(ScanGrad, LastStateOnly) {
  // A cost on the final state only, as in the seed's RNN.
  verify_grad(
      [](const Args &in) {
        ScanResult result = scan([](const Args &a) { return sigmoid(a[0] * a[2] + a[1]); },
                                 {in[0]}, {in[1]}, {in[2]});
        return subtensor(result[0], {-1}).sum();
      },
      {randomArray({7, 4}), randomArray({4}), randomArray({4})});
}

TEST(ScanGrad, CapturedWeightsAndNSteps) {
  // W captured from outside the step; a sequence longer than n_steps.
  verify_grad(
      [](const Args &in) {
        Variable W = in[2];
        ScanResult result = scan([&](const Args &a) { return tanh(dot(a[1], W) + a[0]); },
                                 {in[0]}, {in[1]}, {}, 3);
        return (result[0] * result[0]).sum();
      },
      {randomArray({5, 4}), randomArray({4}), randomArray({4, 4}, -0.5, 0.5)});
}

TEST(ScanGrad, ZeroSteps) {
  // NumPy/Theano: a scan of 0 steps has 0-row outputs and computes nothing,
  // so every gradient through it is zero (the initial state reaches no result).
  Variable x = fmatrix("x"), h0 = fvector("h0"), W = fmatrix("W");
  ScanResult result =
      scan([&](const Args &a) { return tanh(dot(a[1], W) + a[0]); }, {x}, {h0});
  std::vector<Variable> g = grad(result[0].sum(), {h0, W, x});
  Function f = function({x, h0, W}, {result[0], g[0], g[1], g[2]});
  auto out = f(Array::zeros(DType::Float32, {0, 3}), Array::fromVector<float>({1, 2, 3}, {3}),
               Array::zeros(DType::Float32, {3, 3}));
  EXPECT_EQ(out[0].shape(), (Shape{0, 3}));
  EXPECT_EQ(values(out[1]), (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(values(out[2]), std::vector<double>(9, 0.0));
  EXPECT_EQ(out[3].shape(), (Shape{0, 3}));

  // n_steps 0 without sequences.
  Variable start = dscalar("start");
  ScanResult doubling =
      scan([](const Args &a) { return a[0] * 2; }, {}, {OutputInfo(start)}, {}, 0);
  Function h = function({start}, {doubling[0], grad(doubling[0].sum(), start)});
  auto zero = h(1.5);
  EXPECT_EQ(zero[0].shape(), (Shape{0}));
  EXPECT_EQ(values(zero[1]), (std::vector<double>{0}));
}

TEST(ScanGrad, UntilIsRefusedClearly) {
  Variable start = dscalar("start");
  ScanResult result = scan(
      [](const Args &a) { return StepResult({a[0] * 2}, a[0] > 5.0); }, {},
      {OutputInfo(start)}, {}, 10);
  Variable g = grad(result[0].sum(), start);
  try {
    function({start}, g)(1.0);
    FAIL() << "the gradient of an until scan must be refused";
  } catch (const Error &error) {
    EXPECT_NE(std::string(error.what()).find("until"), std::string::npos) << error.what();
  }
}

} // namespace

// Theano's sequence taps: dict(input=x, taps=[-1, 0, 1]) gives the step
// x[t-1], x[t], x[t+1]; the loop runs len(x) - 2 steps.
TEST(Scan, SequenceTapsReadNeighbours) {
  Variable x = dvector("x"), y = dvector("y");
  ScanResult result = scan(
      [](const Args &a) { return StepResult({a[0] - 2 * a[1] + a[2] + a[3]}); },
      {Sequence(x, {-1, 0, 1}), Sequence(y, {2})}, {no_feedback});
  Function f = function({x, y}, result[0]);
  std::vector<double> xs = {1, 4, 9, 16, 25, 36}, ys = {10, 20, 30, 40, 50, 60};
  Array out = f(Array::fromVector(xs), Array::fromVector(ys))[0];
  // Steps: x taps cut x to 4 rows (t = 1..4); y tap 2 reads y[t + 2] from
  // y[2:], 4 rows too: second differences of squares (2) plus y[t + 1].
  EXPECT_EQ(values(out), (std::vector<double>{2 + 30, 2 + 40, 2 + 50, 2 + 60}));
}

// Theano runs as many steps as the shortest sequence has rows.
TEST(Scan, SequencesOfDifferentLengthsUseTheShortest) {
  Variable x = dvector("x"), y = dvector("y");
  ScanResult result = scan([](const Args &a) { return StepResult({a[0] * a[1]}); }, {x, y},
                           {no_feedback});
  Function f = function({x, y}, result[0]);
  EXPECT_EQ(values(f(Array::fromVector<double>({1, 2, 3, 4}),
                     Array::fromVector<double>({10, 20}))[0]),
            (std::vector<double>{10, 40}));
  EXPECT_EQ(values(f(Array::fromVector<double>({1, 2}),
                     Array::fromVector<double>({10, 20, 30}))[0]),
            (std::vector<double>{10, 40}));
  // Gradients: rows past the shortest get zero.
  VerifyGradReport report = verify_grad(
      [](const Args &in) {
        ScanResult r = scan([](const Args &a) { return StepResult({tanh(a[0] * a[1])}); },
                            {in[0], Sequence(in[1], {-1, 1})}, {no_feedback});
        return r[0];
      },
      {randomArray({5}), randomArray({4})});
  EXPECT_GT(report.elements_checked, 0);
}

TEST(ScanGrad, SequenceTapsAndState) {
  verify_grad(
      [](const Args &in) {
        ScanResult result = scan(
            [](const Args &a) { return tanh(a[0] * a[1] + a[2] * a[3]); },
            {Sequence(in[0], {-2, 0})}, {in[1]}, {in[2]});
        return result[0].sum();
      },
      {randomArray({7, 3}), randomArray({3}), randomArray({3})});
}

// truncate_gradient = k: backpropagation through the last k steps only. The
// reference is the same recurrence run over those steps from the state
// before them, given as an input: its gradient is what Theano (and Theta)
// return for the initial state.
TEST(ScanGrad, TruncateGradientBackpropagatesThroughTheLastSteps) {
  Variable x = dmatrix("x"), h0 = dvector("h0"), u = dmatrix("u");
  auto step = [](const Args &a) { return StepResult(tanh(a[0] + dot(a[1], a[2]))); };
  const int64_t k = 3;
  ScanResult truncated = scan(step, {x}, {h0}, {u}, ScanOptions().truncate_gradient(k));
  ScanResult full = scan(step, {x}, {h0}, {u});
  Variable cost = sum(truncated[0][-1]) + 0.5 * sum(sqr(truncated[0][{Slice(-k, std::nullopt)}]));
  std::vector<Variable> g = grad(cost, std::vector<Variable>{x, h0, u});
  std::vector<Variable> gFull = grad(sum(full[0][-1]), std::vector<Variable>{x});
  // Reference: the last k steps from h[T-k-1], an input of its own.
  Variable before = dvector("before");
  ScanResult window = scan(step, {x[{Slice(-k, std::nullopt)}]}, {before}, {u});
  Variable reference = sum(window[0][-1]) + 0.5 * sum(sqr(window[0]));
  std::vector<Variable> gRef = grad(reference, std::vector<Variable>{x, u, before});
  Array X = randomArray({6, 2}, -1, 1, 31), H = randomArray({2}, -1, 1, 32);
  Array U = randomArray({2, 2}, -0.5, 0.5, 33);
  Array states = function({x, h0, u}, full[0])(X, H, U)[0];
  Array hBefore = Array::fromVector<double>(
      {states.at(2 * (6 - k - 1)), states.at(2 * (6 - k - 1) + 1)});
  std::vector<Array> out = function({x, h0, u}, {g[0], g[1], g[2], gFull[0]})(X, H, U);
  std::vector<Array> ref = function({x, u, before}, {gRef[0], gRef[1], gRef[2]})(X, U, hBefore);
  std::vector<double> gx = values(out[0]), gxFull = values(out[3]), gxRef = values(ref[0]);
  for (size_t i = 0; i < gx.size(); ++i) {
    if (i < 2 * (6 - k)) {
      EXPECT_EQ(gx[i], 0.0) << "row " << i / 2 << " is before the window";
      EXPECT_NE(gxFull[i], 0.0);
    } else {
      EXPECT_NEAR(gx[i], gxRef[i], 1e-12) << i;
    }
  }
  for (size_t i = 0; i < 2; ++i)
    EXPECT_NEAR(values(out[1])[i], values(ref[2])[i], 1e-12) << "the carry at the cut";
  std::vector<double> gu = values(out[2]), guRef = values(ref[1]);
  for (size_t i = 0; i < gu.size(); ++i)
    EXPECT_NEAR(gu[i], guRef[i], 1e-12);
  // A window covering every step is the full gradient.
  ScanResult all = scan(step, {x}, {h0}, {u}, ScanOptions().truncate_gradient(6));
  Function same = function({x, h0, u}, grad(sum(all[0][-1]), std::vector<Variable>{h0, u}));
  Function fullGrad = function({x, h0, u}, grad(sum(full[0][-1]), std::vector<Variable>{h0, u}));
  std::vector<Array> a = same(X, H, U), b = fullGrad(X, H, U);
  for (size_t r = 0; r < 2; ++r)
    for (size_t i = 0; i < values(a[r]).size(); ++i)
      EXPECT_NEAR(values(a[r])[i], values(b[r])[i], 1e-12);
  EXPECT_THROW(scan(step, {x}, {h0}, {u}, ScanOptions().truncate_gradient(0)), ArgumentError);
}
