// sort and argsort against std::stable_sort on every axis, NaNs last, ties
// in order, integer dtypes, and sort's gradient by finite differences.
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

using namespace theta;
using theta_test::randomArray;
using theta_test::values;

namespace {

/// Stable argsort of the rows of an (R, n) list, NaNs last.
std::vector<int64_t> referenceOrder(const std::vector<double> &data, int64_t rows, int64_t n) {
  std::vector<int64_t> order;
  for (int64_t r = 0; r < rows; ++r) {
    std::vector<int64_t> row(static_cast<size_t>(n));
    std::iota(row.begin(), row.end(), 0);
    const double *v = data.data() + r * n;
    std::stable_sort(row.begin(), row.end(), [v](int64_t a, int64_t b) {
      return !std::isnan(v[a]) && (std::isnan(v[b]) || v[a] < v[b]);
    });
    order.insert(order.end(), row.begin(), row.end());
  }
  return order;
}

} // namespace

TEST(Sorting, RowsSortLikeStableSortWithNaNsLastAndTiesInOrder) {
  Variable m = dmatrix("m");
  Function f = function({m}, {argsort(m), sort(m)});
  double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> data = {3, nan, 1, 1, -2, 0.5, 0.5, nan, 7, -1, 2, 2};
  std::vector<Array> out = f(Array::fromVector(data, {2, 6}));
  std::vector<int64_t> expected = referenceOrder(data, 2, 6);
  EXPECT_EQ(out[0].dtype(), DType::Int64);
  std::vector<double> order = values(out[0]), sorted = values(out[1]);
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(order[i], static_cast<double>(expected[i])) << i;
    double want = data[(i / 6) * 6 + static_cast<size_t>(expected[i])];
    if (std::isnan(want))
      EXPECT_TRUE(std::isnan(sorted[i])) << i;
    else
      EXPECT_EQ(sorted[i], want) << i;
  }
}

TEST(Sorting, EveryAxisFlattenedAndIntegers) {
  Variable t = dtensor3("t");
  Function f = function({t}, {sort(t, 0), sort(t, 1), argsort(t, -1), sort(t, std::nullopt)});
  Array x = randomArray({3, 4, 2}, -1, 1, 41);
  std::vector<Array> out = f(x);
  std::vector<double> v = values(x);
  auto at = [&](int i, int j, int k) { return v[static_cast<size_t>((i * 4 + j) * 2 + k)]; };
  for (int j = 0; j < 4; ++j)
    for (int k = 0; k < 2; ++k) {
      std::vector<double> column = {at(0, j, k), at(1, j, k), at(2, j, k)};
      std::sort(column.begin(), column.end());
      for (int i = 0; i < 3; ++i)
        EXPECT_EQ(values(out[0])[static_cast<size_t>((i * 4 + j) * 2 + k)], column[static_cast<size_t>(i)]);
    }
  for (int i = 0; i < 3; ++i)
    for (int k = 0; k < 2; ++k) {
      std::vector<double> row = {at(i, 0, k), at(i, 1, k), at(i, 2, k), at(i, 3, k)};
      std::sort(row.begin(), row.end());
      for (int j = 0; j < 4; ++j)
        EXPECT_EQ(values(out[1])[static_cast<size_t>((i * 4 + j) * 2 + k)], row[static_cast<size_t>(j)]);
    }
  std::vector<int64_t> pairs = referenceOrder(v, 12, 2);
  for (size_t i = 0; i < pairs.size(); ++i)
    EXPECT_EQ(values(out[2])[i], static_cast<double>(pairs[i]));
  std::vector<double> all = v;
  std::sort(all.begin(), all.end());
  EXPECT_EQ(values(out[3]), all);
  // Integer dtypes sort as integers.
  Variable iv = ivector("iv");
  Function g = function({iv}, {sort(iv), argsort(iv)});
  std::vector<Array> ints = g(Array::fromVector<int32_t>({5, -3, 5, 0}));
  EXPECT_EQ(ints[0].dtype(), DType::Int32);
  EXPECT_EQ(values(ints[0]), (std::vector<double>{-3, 0, 5, 5}));
  EXPECT_EQ(values(ints[1]), (std::vector<double>{1, 3, 0, 2}));
}

TEST(Sorting, SortGradientsPassTheNumericChecker) {
  for (std::optional<int64_t> axis : {std::optional<int64_t>(-1), std::optional<int64_t>(0),
                                      std::optional<int64_t>()}) {
    VerifyGradReport report = verify_grad(
        [axis](const std::vector<Variable> &x) {
          Variable weights = arange(1, 7, 1, DType::Float64); // distinct per position
          return sort(x[0], axis) * (axis ? weights.reshape({2, 3}) : weights);
        },
        {randomArray({2, 3}, -1, 1, 42)});
    EXPECT_GT(report.elements_checked, 0);
  }
  EXPECT_THROW(sort(dscalar("s")), ShapeError);
  EXPECT_THROW(argsort(dmatrix("m"), 2), ArgumentError);
}
