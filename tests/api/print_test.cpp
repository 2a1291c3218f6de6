// theta::Print (NumPy's str() of the values, Theano's line format, program
// order, gradient, scans) and NanGuardMode (the op and line of the first
// NaN/Inf/big value, no update applied).
#include "TestUtil.h"

#include "runtime/NumpyFormat.h"

#include <theta/theta.h>

#include <cmath>
#include <limits>
#include <sstream>

using namespace theta;
using theta_test::errorOf;
using theta_test::values;

namespace {

/// Captures Print's output for the lifetime of the object.
struct CapturedPrints {
  std::ostringstream text;
  CapturedPrints() { setPrintStream(&text); }
  ~CapturedPrints() { setPrintStream(nullptr); }
};

Array floats(std::vector<float> data, Shape shape) {
  return Array::fromVector<float>(data, std::move(shape));
}

// Expected strings are NumPy 2.4's str() of the same arrays.
TEST(NumpyFormat, MatchesNumpyStr) {
  EXPECT_EQ(numpyStr(floats({3, 4.5f, 6}, {3})), "[3.  4.5 6. ]");
  EXPECT_EQ(numpyStr(floats({1e-5f, 1, 2, 3}, {2, 2})), "[[1.e-05 1.e+00]\n [2.e+00 3.e+00]]");
  EXPECT_EQ(numpyStr(floats({0.1f, 0.2f, 100, 3}, {2, 2})), "[[  0.1   0.2]\n [100.    3. ]]");
  EXPECT_EQ(numpyStr(Array::fromVector<double>({0.1, 0.2, 0.3}, {3})), "[0.1 0.2 0.3]");
  EXPECT_EQ(numpyStr(floats({1, std::nanf(""), -INFINITY}, {3})), "[  1.  nan -inf]");
  EXPECT_EQ(numpyStr(Array::fromVector<int32_t>({1, -20, 300}, {3})), "[  1 -20 300]");
  EXPECT_EQ(numpyStr(Array::fromVector<bool>({true, false, true}, {3})), "[ True False  True]");
  EXPECT_EQ(numpyStr(Array::fromVector<bool>({true, true}, {2})), "[ True  True]");
  EXPECT_EQ(numpyStr(floats({1e9f, 1}, {2})), "[1.e+09 1.e+00]");
  EXPECT_EQ(numpyStr(floats({-1.5f, 2}, {2})), "[-1.5  2. ]");
  EXPECT_EQ(numpyStr(floats({1.f / 3, 2.f / 3}, {2})), "[0.33333334 0.6666667 ]");
  EXPECT_EQ(numpyStr(Array::fromVector<double>({1. / 3, 2. / 3}, {2})), "[0.33333333 0.66666667]");
  std::vector<int64_t> eight = {0, 1, 2, 3, 4, 5, 6, 7};
  EXPECT_EQ(numpyStr(Array::fromVector<int64_t>(eight, {2, 2, 2})),
            "[[[0 1]\n  [2 3]]\n\n [[4 5]\n  [6 7]]]");
}

TEST(NumpyFormat, WrapsAndSummarizesAsNumpy) {
  std::vector<double> linspace;
  for (int i = 0; i < 30; ++i)
    linspace.push_back(i / 29.0);
  EXPECT_EQ(numpyStr(Array::fromVector<double>(linspace, {30})),
            "[0.         0.03448276 0.06896552 0.10344828 0.13793103 0.17241379\n"
            " 0.20689655 0.24137931 0.27586207 0.31034483 0.34482759 0.37931034\n"
            " 0.4137931  0.44827586 0.48275862 0.51724138 0.55172414 0.5862069\n"
            " 0.62068966 0.65517241 0.68965517 0.72413793 0.75862069 0.79310345\n"
            " 0.82758621 0.86206897 0.89655172 0.93103448 0.96551724 1.        ]");
  std::vector<float> sevenths;
  for (int i = 0; i < 2000; ++i)
    sevenths.push_back(static_cast<float>(i) / 7.f);
  EXPECT_EQ(numpyStr(floats(sevenths, {2000})),
            "[0.0000000e+00 1.4285715e-01 2.8571430e-01 ... 2.8528571e+02 2.8542856e+02\n"
            " 2.8557144e+02]");
  std::vector<int32_t> counts;
  for (int i = 0; i < 2000; ++i)
    counts.push_back(i);
  EXPECT_EQ(numpyStr(Array::fromVector<int32_t>(counts, {40, 50})),
            "[[   0    1    2 ...   47   48   49]\n [  50   51   52 ...   97   98   99]\n"
            " [ 100  101  102 ...  147  148  149]\n ...\n [1850 1851 1852 ... 1897 1898 1899]\n"
            " [1900 1901 1902 ... 1947 1948 1949]\n [1950 1951 1952 ... 1997 1998 1999]]");
}

TEST(NumpyFormat, ScalarsAndShapes) {
  EXPECT_EQ(numpyScalarStr(1.0, DType::Float32), "1.0");
  EXPECT_EQ(numpyScalarStr(static_cast<float>(1e-5), DType::Float32), "1e-05");
  EXPECT_EQ(numpyScalarStr(0.1, DType::Float64), "0.1");
  EXPECT_EQ(numpyScalarStr(static_cast<float>(0.1), DType::Float32), "0.1");
  EXPECT_EQ(numpyScalarStr(123456.789, DType::Float64), "123456.789");
  EXPECT_EQ(numpyScalarStr(1e20, DType::Float64), "1e+20");
  EXPECT_EQ(numpyScalarStr(7, DType::Int64), "7");
  EXPECT_EQ(shapeTuple({}), "()");
  EXPECT_EQ(shapeTuple({3}), "(3,)");
  EXPECT_EQ(shapeTuple({2, 3}), "(2, 3)");
}

TEST(Print, PrintsEachAttributeOnALineAsTheano) {
  CapturedPrints prints;
  Variable x = vector("x");
  Variable y = Print("a", {"__str__", "shape", "dtype", "min", "max", "mean", "sum"})(x * 2.0);
  Function f = function({x}, y.sum());
  std::vector<Array> result = f(floats({1.5f, 2.25f, 3}, {3}));
  EXPECT_EQ(values(result[0]), std::vector<double>{13.5});
  EXPECT_EQ(prints.text.str(), "a __str__ = [3.  4.5 6. ]\n"
                               "a shape = (3,)\n"
                               "a dtype = float32\n"
                               "a min = 3.0\n"
                               "a max = 6.0\n"
                               "a mean = 4.5\n"
                               "a sum = 13.5\n");
}

TEST(Print, PrintsOnEveryCallInProgramOrder) {
  CapturedPrints prints;
  Variable x = vector("x");
  Variable first = Print("first", {"sum"})(x + 1.0);
  Variable second = Print("second", {"sum"})(first * 10.0);
  Function f = function({x}, second);
  f(floats({1, 2}, {2}));
  f(floats({0, 0}, {2}));
  EXPECT_EQ(prints.text.str(), "first sum = 5.0\nsecond sum = 50.0\n"
                               "first sum = 2.0\nsecond sum = 20.0\n");
}

TEST(Print, UnneededPrintPrintsNothing) {
  CapturedPrints prints;
  Variable x = vector("x");
  Variable unused = Print("unused")(x * 3.0);
  Function f = function({x}, x + 1.0);
  f(floats({1}, {1}));
  EXPECT_EQ(prints.text.str(), "");
  // As an output it is computed, and printed.
  Function g = function({x}, {x + 1.0, unused});
  g(floats({1}, {1}));
  EXPECT_EQ(prints.text.str(), "unused __str__ = [3.]\n");
}

TEST(Print, SurvivesFusionOfWhatItPrints) {
  CapturedPrints prints;
  Variable x = matrix("x");
  // exp, the print and the add around it would otherwise fuse into one loop.
  Variable y = exp(Print("e", {"__str__"})(x * 0.0)) + 1.0;
  Function f = function({x}, y);
  std::vector<Array> result = f(floats({1, 2, 3, 4}, {2, 2}));
  EXPECT_EQ(values(result[0]), std::vector<double>({2, 2, 2, 2}));
  EXPECT_EQ(prints.text.str(), "e __str__ = [[0. 0.]\n [0. 0.]]\n");
}

TEST(Print, GradientIsTheIdentity) {
  CapturedPrints prints;
  Variable x = vector("x");
  Variable cost = (Print("x", {"shape"})(x) * x).sum();
  Function f = function({x}, grad(cost, x));
  std::vector<Array> g = f(floats({1, -2, 3}, {3}));
  EXPECT_EQ(values(g[0]), std::vector<double>({2, -4, 6}));
  EXPECT_EQ(prints.text.str(), "x shape = (3,)\n");
}

TEST(Print, PrintsEveryStepOfAScan) {
  CapturedPrints prints;
  Variable x = vector("x");
  using Args = std::vector<Variable>;
  ScanResult result = scan(
      [](const Args &a) { return Print("h", {"__str__"})(a[0] + a[1]); }, {x}, {zeros({})});
  Function f = function({x}, result[0]);
  std::vector<Array> out = f(floats({1, 2, 3}, {3}));
  EXPECT_EQ(values(out[0]), std::vector<double>({1, 3, 6}));
  EXPECT_EQ(prints.text.str(), "h __str__ = 1.0\nh __str__ = 3.0\nh __str__ = 6.0\n");
}

TEST(Print, UnknownAttributeNamesTheLine) {
  int line = __LINE__ + 1;
  std::string message = errorOf<ArgumentError>([] { Print("a", {"median"}); });
  EXPECT_NE(message.find("print_test.cpp:" + std::to_string(line)), std::string::npos) << message;
  EXPECT_NE(message.find("'median'"), std::string::npos) << message;
  EXPECT_NE(message.find("__str__"), std::string::npos) << message;
}

FunctionOptions nanGuard() {
  FunctionOptions options;
  options.mode = "NanGuardMode";
  return options;
}

TEST(NanGuardMode, NamesTheOpAndLineOfTheFirstNaN) {
  Variable x = vector("x");
  int line = __LINE__ + 1;
  Variable y = log(x);
  Function f = function({x}, exp(y) * 2.0, nanGuard());
  EXPECT_EQ(values(f(floats({1, 1}, {2}))[0]), std::vector<double>({2, 2}));
  std::string message = errorOf<NumericError>([&] { f(floats({1, -1}, {2})); });
  EXPECT_NE(message.find("NaN in 'theta.log' built at"), std::string::npos) << message;
  EXPECT_NE(message.find("print_test.cpp:" + std::to_string(line)), std::string::npos) << message;
  EXPECT_NE(message.find("first at [1]"), std::string::npos) << message;
}

TEST(NanGuardMode, FailedCallUpdatesNothing) {
  SharedVariable w = shared(floats({1, 2}, {2}), "w");
  Variable lr = scalar("lr");
  FunctionOptions options = nanGuard();
  options.updates = {{w, w - lr * sqrt(w)}};
  Function step = function({lr}, (w * w).sum(), options);
  step(0.5);
  Array before = w.get_value();
  // An infinite learning rate makes the update -inf: no update lands.
  std::string message = errorOf<NumericError>(
      [&] { step(std::numeric_limits<float>::infinity()); });
  EXPECT_NE(message.find("inf"), std::string::npos) << message;
  EXPECT_EQ(values(w.get_value()), values(before));
}

TEST(NanGuardMode, InfinityAndBigValues) {
  Variable x = vector("x");
  int line = __LINE__ + 1;
  Function f = function({x}, x * 1e6, nanGuard());
  f(floats({1, 2}, {2}));
  std::string big = errorOf<NumericError>([&] { f(floats({1, 1e5f}, {2})); });
  EXPECT_NE(big.find("big value"), std::string::npos) << big;
  EXPECT_NE(big.find("theta.mul"), std::string::npos) << big;
  EXPECT_NE(big.find(":" + std::to_string(line)), std::string::npos) << big;
  // A bad argument is reported as the argument, not as the op using it.
  std::string argument = errorOf<NumericError>([&] { f(floats({INFINITY, 1}, {2})); });
  EXPECT_NE(argument.find("argument 0"), std::string::npos) << argument;
}

TEST(NanGuardMode, SettingsTurnChecksOff) {
  Config saved = config();
  config().big_is_error = false;
  Variable x = vector("x");
  Function f = function({x}, x * 1e6, nanGuard());
  EXPECT_FLOAT_EQ(static_cast<float>(f(floats({1e5f}, {1}))[0].at(0)), 1e11f);
  config() = saved;
}

TEST(NanGuardMode, FastRunChecksNothing) {
  Variable x = vector("x");
  Function f = function({x}, log(x));
  std::vector<Array> result = f(floats({-1}, {1}));
  EXPECT_TRUE(std::isnan(result[0].at(0)));
}

TEST(NanGuardMode, StableCrossEntropyPasses) {
  // Saturated softmax: log(softmax) is rewritten to log-softmax, so no
  // NaN appears in the cost or its gradient and the guard stays quiet.
  Variable x = matrix("x");
  Variable y = ivector("y");
  SharedVariable w = shared(floats({100, -100, -100, 100}, {2, 2}), "w");
  Variable p = nnet::softmax(dot(x, w));
  Variable cost = nnet::categorical_crossentropy(p, y).mean();
  Function f = function({x, y}, {cost, grad(cost, w)}, nanGuard());
  std::vector<Array> out =
      f(floats({10, 0, 0, 10}, {2, 2}), Array::fromVector<int32_t>({1, 0}, {2}));
  EXPECT_TRUE(std::isfinite(out[0].at(0)));
}

} // namespace
