// Test values (Theano's compute_test_value): with it on, every node built
// from values with test values is evaluated when built, so a shape mistake
// raises (or warns) at the line that built it, and values can be read.
#include "TestUtil.h"

#include <theta/theta.h>

#include "api/Graph.h"
#include "runtime/Logging.h"

#include "tests/support/LogCapture.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <sstream>

namespace theta::detail {
size_t evaluatorCompiles(); // api/OpEvaluator.h
} // namespace theta::detail

using namespace theta;
using theta_test::LogCapture;
using theta_test::errorOf;
using theta_test::values;

namespace {


class TestValues : public ::testing::Test {
protected:
  void SetUp() override { config().compute_test_value = "raise"; }
  void TearDown() override { config().compute_test_value = "off"; }
};

Array filled(Shape shape, double first = 1) {
  Array array(DType::Float32, shape);
  for (int64_t i = 0; i < array.size(); ++i)
    array.data<float>()[i] = static_cast<float>(first + static_cast<double>(i));
  return array;
}

} // namespace

TEST_F(TestValues, AWrongDotShapeRaisesAtTheLineThatBuiltIt) {
  Variable x = matrix("x"), W = matrix("W");
  x.set_test_value(filled({3, 4}));
  W.set_test_value(filled({5, 2}));
  Variable h = x * 2; // fine
  size_t ops = detail::Graph::instance().topLevelOps();
  int line = __LINE__ + 1;
  std::string message = errorOf<ShapeError>([&] { dot(h, W); });
  EXPECT_NE(message.find("test_values_test.cpp:" + std::to_string(line)), std::string::npos)
      << message;
  EXPECT_NE(message.find("compute_test_value"), std::string::npos) << message;
  EXPECT_NE(message.find("dot"), std::string::npos) << message;
  EXPECT_NE(message.find("(3, 4), (5, 2)"), std::string::npos) << message;
  // The failed node was taken out again: the graph is as before.
  EXPECT_EQ(detail::Graph::instance().topLevelOps(), ops);
  // The right shape goes through, and the graph still compiles as usual.
  W.set_test_value(filled({4, 2}));
  Variable y = dot(h, W);
  EXPECT_EQ(y.test_value().shape(), (Shape{3, 2}));
  Function f = function({x, W}, y);
  EXPECT_EQ(values(f(filled({3, 4}), filled({4, 2}))[0]), values(y.test_value()));
}

TEST_F(TestValues, ValuesCanBeRead) {
  Variable x = vector("x");
  x.set_test_value(Array::fromVector<float>({1, 2, 3}));
  EXPECT_EQ(values((x * 2).test_value()), (std::vector<double>{2, 4, 6}));
  Variable s = (x * x).sum();
  EXPECT_EQ(s.test_value().item<double>(), 14);
  EXPECT_EQ(values(x.test_value()), (std::vector<double>{1, 2, 3}));
  // Gradients are evaluated from the graph's inputs: d(sum x^2)/dx = 2x.
  EXPECT_EQ(values(grad(s, x).test_value()), (std::vector<double>{2, 4, 6}));
}

TEST_F(TestValues, SharedVariablesUseTheirValue) {
  SharedVariable w = shared(Array::fromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3}), "w");
  Variable x = matrix("x");
  x.set_test_value(filled({1, 2}));
  Variable y = dot(x, w);
  EXPECT_EQ(values(y.test_value()), (std::vector<double>{1 * 1 + 2 * 4, 1 * 2 + 2 * 5,
                                                          1 * 3 + 2 * 6}));
  EXPECT_EQ(values(w.test_value()), (std::vector<double>{1, 2, 3, 4, 5, 6}));
  Variable c = constant(Array::fromVector<float>({10, 20, 30}));
  EXPECT_EQ(values((c + w).test_value()), (std::vector<double>{11, 22, 33, 14, 25, 36}));
  // A wrong shape against a shared variable's value is caught too.
  Variable z = matrix("z");
  z.set_test_value(filled({2, 2}));
  int line = __LINE__ + 1;
  std::string message = errorOf<ShapeError>([&] { dot(z, w.T()).sum(); });
  EXPECT_NE(message.find("test_values_test.cpp:" + std::to_string(line)), std::string::npos)
      << message;
  EXPECT_THROW(w.set_test_value(filled({2, 3})), ArgumentError);
}

TEST_F(TestValues, RepeatedOpsCompileOnce) {
  Variable a = vector("a");
  a.set_test_value(filled({5}));
  Variable first = tanh(a) + 1; // compiles tanh and add at this shape
  size_t compiles = detail::evaluatorCompiles();
  for (int i = 0; i < 5; ++i) {
    Variable again = tanh(a) + 1;
    EXPECT_EQ(values(again.test_value()), values(first.test_value()));
  }
  EXPECT_EQ(detail::evaluatorCompiles(), compiles);
  Variable b = vector("b");
  b.set_test_value(filled({7})); // another shape: another compile
  tanh(b);
  EXPECT_EQ(detail::evaluatorCompiles(), compiles + 1);
}

TEST_F(TestValues, WarnLogsAndContinues) {
  config().compute_test_value = "warn";
  LogCapture logged(spdlog::level::debug);
  Variable x = matrix("x"), W = matrix("W");
  x.set_test_value(filled({3, 4}));
  W.set_test_value(filled({5, 2}));
  int line = __LINE__ + 1;
  Variable y = dot(x, W); // built, without a test value
  std::string text = logged.take();
  EXPECT_NE(text.find("warning: "), std::string::npos) << text;
  EXPECT_NE(text.find("test_values_test.cpp:" + std::to_string(line)), std::string::npos) << text;
  EXPECT_NE(text.find("compute_test_value"), std::string::npos) << text;
  std::string message = errorOf<ArgumentError>([&] { y.test_value(); });
  EXPECT_NE(message.find("has no test value"), std::string::npos) << message;
  // Ops built on it have none either, silently.
  Variable z = y * 2;
  EXPECT_THROW(z.test_value(), ArgumentError);
  // An input without a test value is warned about.
  Variable v = matrix("v");
  v + x;
  EXPECT_NE(logged.take().find("'v'"), std::string::npos);
}

TEST_F(TestValues, AnInputWithoutATestValueRaises) {
  Variable x = matrix("nothing_set");
  size_t ops = detail::Graph::instance().topLevelOps();
  std::string message = errorOf<ArgumentError>([&] { x * 2; });
  EXPECT_NE(message.find("'nothing_set'"), std::string::npos) << message;
  EXPECT_NE(message.find("has no test value"), std::string::npos) << message;
  EXPECT_EQ(detail::Graph::instance().topLevelOps(), ops);
  config().compute_test_value = "off";
  Variable y = x * 2; // off: nothing is evaluated
  EXPECT_THROW(y.test_value(), ArgumentError);
}

TEST_F(TestValues, ScanAndNNetOps) {
  Variable xs = matrix("xs"), W = matrix("W");
  xs.set_test_value(filled({4, 3}, 0));
  W.set_test_value(Array::full(DType::Float32, {3, 3}, 0.1));
  ScanResult scanned = scan(
      [&](const std::vector<Variable> &step) {
        return StepResult{{tanh(dot(step[1], W) + step[0])}};
      },
      {xs}, {OutputInfo(zeros({3}))}, {});
  Variable hs = scanned.outputs[0];
  EXPECT_EQ(hs.test_value().shape(), (Shape{4, 3}));
  Variable p = nnet::softmax(hs);
  std::vector<double> probabilities = values(p.test_value());
  for (int r = 0; r < 4; ++r)
    EXPECT_NEAR(probabilities[3 * r] + probabilities[3 * r + 1] + probabilities[3 * r + 2], 1,
                1e-6);
  Function f = function({xs, W}, p);
  std::vector<double> compiled = values(f(xs.test_value(), W.test_value())[0]);
  for (size_t i = 0; i < compiled.size(); ++i)
    EXPECT_NEAR(compiled[i], probabilities[i], 1e-6);
}

TEST_F(TestValues, SetTestValueChecksTheType) {
  Variable x = matrix("x");
  EXPECT_THROW(x.set_test_value(filled({3})), ShapeError);
  EXPECT_THROW(x.set_test_value(Array::zeros(DType::Float64, {2, 2})), TypeError);
  x.set_test_value(Array::zeros(DType::Int32, {2, 2}).astype(DType::Bool)); // lossless
  EXPECT_EQ(x.test_value().dtype(), DType::Float32);
}
