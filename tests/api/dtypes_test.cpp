// int8, int16 and float16 (Theano's b*/w* tensors and float16 storage):
// NumPy's wrapping and promotion, float16 results against float32 math,
// gradients, sorting, .npy files and Array conversions.
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

using namespace theta;
using theta_test::values;

TEST(DTypes, NarrowIntegersWrapAsNumPy) {
  Variable b = bvector("b"), w = wvector("w");
  EXPECT_EQ(b.dtype(), DType::Int8);
  EXPECT_EQ(w.dtype(), DType::Int16);
  Function f = function({b, w}, {b + b, w * w, b + w, sum(b)});
  std::vector<Array> out = f(Array::fromVector<int8_t>({100, -3}), Array::fromVector<int16_t>({300, 2}));
  EXPECT_EQ(out[0].dtype(), DType::Int8);
  EXPECT_EQ(values(out[0]), (std::vector<double>{-56, -6})); // 200 wraps to -56
  EXPECT_EQ(out[1].dtype(), DType::Int16);
  EXPECT_EQ(values(out[1]), (std::vector<double>{24464, 4})); // 90000 mod 2^16
  EXPECT_EQ(out[2].dtype(), DType::Int16);
  EXPECT_EQ(values(out[2]), (std::vector<double>{400, -1}));
  EXPECT_EQ(out[3].item<double>(), 97);
}

TEST(DTypes, PromotionFollowsNumPy) {
  auto of = [](DType a, DType b) { return (tensor(a, 1, "a") + tensor(b, 1, "b")).dtype(); };
  EXPECT_EQ(of(DType::Int8, DType::Float16), DType::Float16);
  EXPECT_EQ(of(DType::Int16, DType::Float16), DType::Float32);
  EXPECT_EQ(of(DType::Int32, DType::Float16), DType::Float64);
  EXPECT_EQ(of(DType::Int8, DType::Int16), DType::Int16);
  EXPECT_EQ(of(DType::Int8, DType::Float32), DType::Float32);
  EXPECT_EQ(of(DType::Int16, DType::Int64), DType::Int64);
  EXPECT_EQ(of(DType::Float16, DType::Float32), DType::Float32);
  EXPECT_EQ(of(DType::Bool, DType::Int8), DType::Int8);
}

TEST(DTypes, Float16ComputesCloseToFloat32AndDifferentiates) {
  Variable x = vector("x", DType::Float16), m = matrix("m", DType::Float16);
  Variable y = tanh(exp(x) * 0.5);
  Function f = function({x, m}, {y, sum(x), dot(m, x), grad(sum(x * x), x), sort(x)});
  std::vector<float> xs = {0.5f, -1.25f, 2.0f};
  Array X = Array::fromVector(xs).astype(DType::Float16);
  Array M = Array::fromVector<float>({1, 2, 3, 4, 5, 6}, {2, 3}).astype(DType::Float16);
  std::vector<Array> out = f(X, M);
  for (const Array &a : out)
    EXPECT_EQ(a.dtype(), DType::Float16);
  for (size_t i = 0; i < xs.size(); ++i) {
    EXPECT_NEAR(out[0].at(static_cast<int64_t>(i)), std::tanh(std::exp(xs[i]) * 0.5f), 2e-3);
    EXPECT_NEAR(out[3].at(static_cast<int64_t>(i)), 2 * xs[i], 1e-3);
  }
  EXPECT_NEAR(out[1].item<double>(), 1.25, 1e-3);
  EXPECT_NEAR(out[2].at(0), 0.5 - 2.5 + 6.0, 1e-2);
  EXPECT_EQ(values(out[4]), (std::vector<double>{-1.25, 0.5, 2.0}));
}

TEST(DTypes, ArraysAndNpyFilesKeepTheNarrowTypes) {
  Array half = Array::fromVector<double>({0.1, 65504, 1e-8}).astype(DType::Float16);
  EXPECT_NEAR(half.at(0), 0.0999755859375, 1e-12); // nearest binary16
  EXPECT_EQ(half.at(1), 65504);                      // the largest finite half
  EXPECT_EQ(half.at(2), 0);                          // below the smallest subnormal
  Array bytes = Array::fromVector<int8_t>({-128, 0, 127});
  EXPECT_EQ(bytes.astype(DType::Int16).at(0), -128);
  EXPECT_THROW(Array::fromVector<double>({1.5e3}).astype(DType::Int8).item<int>(), TypeError);
  auto dir = std::filesystem::temp_directory_path() / "theta_dtypes_test";
  std::filesystem::create_directories(dir);
  SharedVariable a = shared(bytes, "a"), b = shared(Array::fromVector<int16_t>({-7, 300}), "b"),
                 c = shared(half, "c");
  save_npz((dir / "narrow.npz").string(), {a, b, c});
  SharedVariable a2 = shared(Array::zeros(DType::Int8, {3}), "a"),
                 b2 = shared(Array::zeros(DType::Int16, {2}), "b"),
                 c2 = shared(Array::zeros(DType::Float16, {3}), "c");
  load_npz((dir / "narrow.npz").string(), {a2, b2, c2});
  EXPECT_EQ(values(a2.get_value()), values(bytes));
  EXPECT_EQ(values(b2.get_value()), (std::vector<double>{-7, 300}));
  EXPECT_EQ(values(c2.get_value()), values(half));
  std::filesystem::remove_all(dir);
}
