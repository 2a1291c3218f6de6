// Checks compiled code makes at run time: empty tensors, indices out of
// range, allocation failures. Each failed call raises a theta::Error naming
// the op and the user's line, and changes no shared variable.
#include <theta/theta.h>

#include "tests/api/TestUtil.h"

#include <gtest/gtest.h>

using namespace theta;

namespace {

using theta_test::values;

/// Runs `body`, expecting an exception of type E whose message contains every
/// one of `parts`.
template <typename E, typename F>
void expectError(F body, std::initializer_list<std::string> parts) {
  try {
    body();
    ADD_FAILURE() << "no exception thrown";
  } catch (const E &error) {
    std::string message = error.what();
    for (const std::string &part : parts)
      EXPECT_NE(message.find(part), std::string::npos)
          << "message lacks '" << part << "':\n" << message;
  }
}

Array empty(Shape shape) { return Array::zeros(DType::Float32, std::move(shape)); }

TEST(EmptyTensors, ProductsOverAnEmptyInnerDimensionAreZero) {
  Variable a = fmatrix("a"), b = fmatrix("b"), v = fvector("v");
  Function f = function({a, b, v}, {dot(a, b), dot(a, v)});
  std::vector<Array> r = f(empty({2, 0}), empty({0, 2}), empty({0}));
  EXPECT_EQ(r[0].shape(), (Shape{2, 2}));
  EXPECT_EQ(values(r[0]), (std::vector<double>{0, 0, 0, 0}));
  EXPECT_EQ(r[1].shape(), (Shape{2}));
  EXPECT_EQ(values(r[1]), (std::vector<double>{0, 0}));
}

TEST(EmptyTensors, ReductionsHaveNumPysIdentities) {
  Variable a = fmatrix("a");
  Function f = function({a}, {sum(a), prod(a), sum(a, std::vector<int64_t>{1}),
                              prod(a, std::vector<int64_t>{1}), sum(a, std::vector<int64_t>{0})});
  std::vector<Array> r = f(empty({2, 0}));
  EXPECT_EQ(r[0].item<double>(), 0);
  EXPECT_EQ(r[1].item<double>(), 1);
  EXPECT_EQ(values(r[2]), (std::vector<double>{0, 0}));
  EXPECT_EQ(values(r[3]), (std::vector<double>{1, 1}));
  EXPECT_EQ(r[4].shape(), (Shape{0}));
}

TEST(EmptyTensors, ElementwiseAndShapesKeepTheEmptyShape) {
  Variable a = fmatrix("a"), b = fmatrix("b");
  Function f = function({a, b}, {a * 2.0f + b, exp(a).T(), concatenate({a, b}, 0)});
  std::vector<Array> r = f(empty({2, 0}), empty({1, 0}));
  EXPECT_EQ(r[0].shape(), (Shape{2, 0}));
  EXPECT_EQ(r[1].shape(), (Shape{0, 2}));
  EXPECT_EQ(r[2].shape(), (Shape{3, 0}));
}

TEST(EmptyTensors, ShapesThatDoNotBroadcastStillRaise) {
  Variable a = fmatrix("a"), b = fmatrix("b");
  Function f = function({a, b}, a + b);
  EXPECT_THROW(f(empty({2, 0}), empty({3, 0})), ShapeError);
}

TEST(EmptyTensors, MaxOfNothingRaises) {
  Variable a = fmatrix("a");
  Function f = function({a}, max(a, std::vector<int64_t>{1}));
  int line = __LINE__ - 1;
  expectError<ShapeError>([&] { f(empty({2, 0})); },
                          {"zero-size array to reduction operation max", std::to_string(line)});
  EXPECT_EQ(values(f(empty({0, 3}))[0]).size(), 0u) << "reducing a non-empty axis of an empty "
                                                       "array is fine";
}

} // namespace
