// Checks compiled code makes at run time: empty tensors, indices out of
// range, allocation failures. Each failed call raises a theta::Error naming
// the op and the user's line, and changes no shared variable.
#include <theta/theta.h>

#include "tests/api/TestUtil.h"

#include <gtest/gtest.h>

using namespace theta;

namespace {

using theta_test::expectError;
using theta_test::values;

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

Array floats(std::vector<float> v) { return Array::fromVector<float>(v); }

TEST(IndexChecks, IntegerIndexOutOfRangeRaisesAtTheUsersLine) {
  Variable x = fvector("x"), i = lscalar("i");
  Variable picked = subtensor(x, {i});
  int line = __LINE__ - 1;
  Function f = function({x, i}, picked);
  EXPECT_EQ(f(floats({1, 2, 3}), int64_t{2})[0].item<float>(), 3);
  EXPECT_EQ(f(floats({1, 2, 3}), int64_t{-1})[0].item<float>(), 3) << "negative counts from the end";
  EXPECT_EQ(f(floats({1, 2, 3}), int64_t{-3})[0].item<float>(), 1);
  expectError<IndexError>([&] { f(floats({1, 2, 3}), int64_t{100}); },
                          {"index 100", "size 3", "'theta.subtensor'",
                           "runtime_checks_test.cpp:" + std::to_string(line)});
  expectError<IndexError>([&] { f(floats({1, 2, 3}), int64_t{-4}); }, {"index -4", "size 3"});
  expectError<IndexError>([&] { f(floats({1, 2, 3}), int64_t{3}); }, {"index 3"});
}

TEST(IndexChecks, StaticIndexPastTheEndRaises) {
  Variable x = fvector("x");
  Function f = function({x}, subtensor(x, {100}));
  // Found when the call's shapes are known, before any code runs.
  expectError<Error>([&] { f(floats({1, 2, 3})); }, {"index 100", "size 3", "'theta.subtensor'"});
}

TEST(IndexChecks, TakeChecksEveryIndex) {
  Variable v = fvector("v"), ids = lvector("ids");
  Function f = function({v, ids}, take(v, ids));
  EXPECT_EQ(values(f(floats({1, 2, 3, 4}), Array::fromVector<int64_t>({3, -1, 0}))[0]),
            (std::vector<double>{4, 4, 1}));
  expectError<IndexError>([&] { f(floats({1, 2, 3, 4}), Array::fromVector<int64_t>({3, 100})); },
                          {"index 100", "size 4", "'theta.take'"});
  expectError<IndexError>([&] { f(floats({1, 2, 3, 4}), Array::fromVector<int64_t>({-5})); },
                          {"index -5"});
}

TEST(IndexChecks, SliceThatDoesNotFitRaises) {
  Variable x = fvector("x"), i = lscalar("i");
  Function f = function({x, i}, subtensor(x, {Slice::from(i, 5)}));
  expectError<IndexError>([&] { f(floats({1, 2, 3}), int64_t{0}); },
                          {"slice [0:0 + 5]", "size 3"});
  Function g = function({x, i}, subtensor(x, {Slice::from(i, 2)}));
  EXPECT_EQ(values(g(floats({1, 2, 3}), int64_t{1})[0]), (std::vector<double>{2, 3}));
  expectError<IndexError>([&] { g(floats({1, 2, 3}), int64_t{2}); }, {"slice [2:2 + 2]"});
}

TEST(IndexChecks, FailedCallChangesNoSharedVariable) {
  SharedVariable w = shared(floats({1, 2, 3}), "w");
  Variable i = lscalar("i");
  FunctionOptions options;
  options.updates = {{w, set_subtensor(w, {i}, 10.0f)}};
  Function f = function({i}, std::vector<Variable>{}, options);
  f(int64_t{0});
  EXPECT_EQ(values(w.get_value()), (std::vector<double>{10, 2, 3}));
  expectError<IndexError>([&] { f(int64_t{1000}); }, {"index 1000", "'theta.set_subtensor'"});
  EXPECT_EQ(values(w.get_value()), (std::vector<double>{10, 2, 3}));
}

TEST(IndexChecks, MinibatchPastTheEndOfASharedDataset) {
  Array data = Array::zeros(DType::Float32, {10, 2});
  SharedVariable X = shared(data, "X");
  SharedVariable steps = shared(Array(int64_t{0}), "steps");
  Variable x = fmatrix("x"), index = lscalar("index");
  FunctionOptions options;
  options.givens = {{x, subtensor(X, {Slice::from(index * 4, 4)})}};
  options.updates = {{steps, steps + 1}};
  Function f = function({index}, x.sum(), options);
  f(int64_t{1}); // rows 4..7
  expectError<IndexError>([&] { f(int64_t{2}); }, {"slice [8:8 + 4]", "size 10"});
  EXPECT_EQ(steps.get_value().item<int64_t>(), 1);
}

TEST(MemoryChecks, TemporaryTooLargeRaisesMemoryError) {
  Variable x = fscalar("x");
  // One fused loop nest computes the product into a 4 TB temporary.
  Variable big = exp(alloc(x, {1000000, 1000000})), product = big * big;
  int line = __LINE__ - 1;
  Function f = function({x}, max(product));
  expectError<MemoryError>([&] { f(1.0f); },
                           {"cannot allocate", "TB", std::to_string(line)});
  EXPECT_EQ(f.compiledSignatures(), 1u);
}

TEST(MemoryChecks, ResultTooLargeRaisesMemoryError) {
  Variable x = fscalar("x");
  Function f = function({x}, alloc(x, {1000000, 1000000}));
  expectError<MemoryError>([&] { f(1.0f); }, {"cannot allocate", "TB"});
}

TEST(MemoryChecks, ShapesWhoseSizeOverflowsAreRefused) {
  Variable x = fscalar("x");
  Variable huge = alloc(x, {int64_t{1} << 32, int64_t{1} << 32});
  int line = __LINE__ - 1;
  Function f = function({x}, max(huge));
  expectError<MemoryError>([&] { f(1.0f); },
                           {"cannot allocate", "'theta.alloc'", std::to_string(line),
                            "(4294967296, 4294967296)"});
}

} // namespace
