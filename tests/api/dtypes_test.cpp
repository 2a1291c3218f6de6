// int8, int16 and float16 (Theano's b*/w* tensors and float16 storage):
// NumPy's wrapping and promotion, float16 results against float32 math,
// gradients, sorting, .npy files and Array conversions.
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <sstream>

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

// uint8: compiled code holds it as i8 (--theta-signless-integers); every
// expectation is NumPy 2's result on the same uint8 arrays.
TEST(DTypes, Uint8ComparesDividesAndIndexesByValue) {
  Variable x = tensor(DType::UInt8, 1, "x");
  EXPECT_EQ(x.dtype(), DType::UInt8);
  Function f = function({x}, {x > 150, max(x), argmax(x), maximum(x, 128), int_div(x, 3),
                              mod(x, 7), x + 100, sort(x), cast(x, DType::Float32),
                              min(x), abs(x), sgn(x)});
  std::vector<Array> out = f(Array::fromVector<uint8_t>({200, 0, 255, 100}));
  EXPECT_EQ(values(out[0]), (std::vector<double>{1, 0, 1, 0}));
  EXPECT_EQ(out[1].dtype(), DType::UInt8);
  EXPECT_EQ(out[1].item<double>(), 255);
  EXPECT_EQ(out[2].item<double>(), 2);
  EXPECT_EQ(values(out[3]), (std::vector<double>{200, 128, 255, 128}));
  EXPECT_EQ(out[4].dtype(), DType::UInt8);
  EXPECT_EQ(values(out[4]), (std::vector<double>{66, 0, 85, 33}));
  EXPECT_EQ(values(out[5]), (std::vector<double>{4, 0, 3, 2}));
  EXPECT_EQ(values(out[6]), (std::vector<double>{44, 100, 99, 200})); // wraps mod 256
  EXPECT_EQ(values(out[7]), (std::vector<double>{0, 100, 200, 255}));
  EXPECT_EQ(out[8].dtype(), DType::Float32);
  EXPECT_EQ(values(out[8]), (std::vector<double>{200, 0, 255, 100}));
  EXPECT_EQ(out[9].item<double>(), 0);
  EXPECT_EQ(values(out[10]), (std::vector<double>{200, 0, 255, 100}));
  EXPECT_EQ(values(out[11]), (std::vector<double>{1, 0, 1, 1}));

  // Labels stored as uint8 index as their values (200 is not -56).
  Variable table = vector("table"), labels = tensor(DType::UInt8, 1, "labels");
  std::vector<double> rows(256);
  for (int i = 0; i < 256; ++i)
    rows[i] = i * 0.5;
  Function pick = function({table, labels}, take(table, labels));
  Array picked = pick(Array::fromVector<double>(rows).astype(floatX()),
                      Array::fromVector<uint8_t>({200, 255, 3}))[0];
  EXPECT_EQ(values(picked), (std::vector<double>{100, 127.5, 1.5}));
}

TEST(DTypes, Uint8PromotesAndConvertsAsNumPy) {
  auto of = [](DType a, DType b) { return (tensor(a, 1, "a") + tensor(b, 1, "b")).dtype(); };
  EXPECT_EQ(of(DType::UInt8, DType::UInt8), DType::UInt8);
  EXPECT_EQ(of(DType::UInt8, DType::Bool), DType::UInt8);
  EXPECT_EQ(of(DType::UInt8, DType::Int8), DType::Int16);
  EXPECT_EQ(of(DType::Int16, DType::UInt8), DType::Int16);
  EXPECT_EQ(of(DType::UInt8, DType::Int64), DType::Int64);
  EXPECT_EQ(of(DType::UInt8, DType::Float16), DType::Float16);
  EXPECT_EQ(of(DType::UInt8, DType::Float32), DType::Float32);

  Variable u = tensor(DType::UInt8, 1, "u"), b = bvector("b"), f = fvector("f");
  Function mixed = function({u, b, f}, {u + b, u * f, cast(f, DType::UInt8), u < b});
  std::vector<Array> out = mixed(Array::fromVector<uint8_t>({250, 1}),
                                 Array::fromVector<int8_t>({-1, -128}),
                                 Array::fromVector<float>({199.7f, 255}));
  EXPECT_EQ(out[0].dtype(), DType::Int16);
  EXPECT_EQ(values(out[0]), (std::vector<double>{249, -127}));
  EXPECT_EQ(values(out[1]), (std::vector<double>{250 * 199.7f, 255}));
  EXPECT_EQ(out[2].dtype(), DType::UInt8);
  EXPECT_EQ(values(out[2]), (std::vector<double>{199, 255})); // truncation, as astype
  EXPECT_EQ(values(out[3]), (std::vector<double>{0, 0}));

  // A C++ number meets uint8 as uint8; one that does not fit is an error.
  EXPECT_EQ((u + 1).dtype(), DType::UInt8);
  EXPECT_THROW(u + 300, TypeError);
  EXPECT_EQ(Array::fromVector<double>({255}).astype(DType::UInt8).item<int>(), 255);
  EXPECT_THROW(Array::fromVector<double>({-1}).astype(DType::UInt8).item<int>(), TypeError);
  EXPECT_EQ(Array::fromVector<uint8_t>({200}).astype(DType::Int8).at(0), -56); // wraps
  EXPECT_EQ(parseDType("uint8"), DType::UInt8);
}

TEST(DTypes, Uint8ImagesLoadWithoutACopyToFloat) {
  // An image batch as a dataset stores it (uint8 pixels), scaled on the fly.
  std::vector<uint8_t> pixels(2 * 28 * 28);
  for (size_t i = 0; i < pixels.size(); ++i)
    pixels[i] = static_cast<uint8_t>((i * 37) % 256);
  Array images = Array::fromVector<uint8_t>(pixels, {2, 28 * 28});
  Variable x = tensor(DType::UInt8, 2, "x");
  Variable scaled = cast(x, DType::Float32) / 255.0f;
  Function f = function({x}, {scaled, mean(scaled, std::vector<int64_t>{1})});
  std::vector<Array> out = f(images);
  ASSERT_EQ(out[0].dtype(), DType::Float32);
  double total = 0;
  for (size_t i = 0; i < pixels.size(); ++i) {
    ASSERT_FLOAT_EQ(out[0].at(i), pixels[i] / 255.0f) << i;
    if (i < 28 * 28)
      total += pixels[i] / 255.0;
  }
  EXPECT_NEAR(out[1].at(0), total / (28 * 28), 1e-6);

  auto dir = std::filesystem::temp_directory_path() / "theta_uint8_test";
  std::filesystem::create_directories(dir);
  SharedVariable stored = shared(images, "images");
  save_npz((dir / "images.npz").string(), {stored});
  SharedVariable loaded = shared(Array::zeros(DType::UInt8, {2, 28 * 28}), "images");
  load_npz((dir / "images.npz").string(), {loaded});
  EXPECT_EQ(loaded.get_value().dtype(), DType::UInt8);
  EXPECT_EQ(values(loaded.get_value()), values(images));
  std::filesystem::remove_all(dir);
}

TEST(DTypes, Uint8SliceStartsAreValues) {
  // A uint8 start of 130 is 130, not -126.
  Variable start = tensor(DType::UInt8, 0, "start");
  Variable v = vector("v");
  Variable window = v[start];
  Function f = function({v, start}, window);
  std::vector<double> data(256);
  for (int i = 0; i < 256; ++i)
    data[i] = i;
  Array out = f(Array::fromVector<double>(data).astype(floatX()),
                Array::full(DType::UInt8, {}, 130))[0];
  EXPECT_EQ(values(out), (std::vector<double>{130}));
}

TEST(DTypes, Uint8PrintsItsValues) {
  std::ostringstream text;
  setPrintStream(&text);
  Variable x = tensor(DType::UInt8, 1, "x");
  Function f = function({x}, Print("pixels")(x) + 1);
  Array out = f(Array::fromVector<uint8_t>({200, 0, 255}))[0];
  setPrintStream(nullptr);
  EXPECT_EQ(text.str(), "pixels __str__ = [200   0 255]\n"); // NumPy's str()
  EXPECT_EQ(values(out), (std::vector<double>{201, 1, 0}));
}
