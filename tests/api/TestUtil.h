// Helpers shared by the API tests.
#ifndef THETA_TESTS_API_TESTUTIL_H
#define THETA_TESTS_API_TESTUTIL_H

#include "runtime/Array.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <random>
#include <vector>

namespace theta_test {

/// Every element as a double, in row-major order.
inline std::vector<double> values(const theta::Array &array) {
  std::vector<double> out;
  for (int64_t i = 0; i < array.size(); ++i)
    out.push_back(array.at(i));
  return out;
}

/// A float64 array of `shape` with elements uniform in [low, high).
inline theta::Array randomArray(const theta::Shape &shape, double low = -1.0, double high = 1.0,
                                uint64_t seed = 42) {
  static std::mt19937_64 shared;
  std::mt19937_64 rng(seed + shared());
  std::uniform_real_distribution<double> uniform(low, high);
  theta::Array array = theta::Array::zeros(theta::DType::Float64, shape);
  for (int64_t i = 0; i < array.size(); ++i)
    array.data<double>()[i] = uniform(rng);
  return array;
}

/// A float32 (rows, classes) matrix of one-hot rows: row r has its 1 in
/// column (7 r) mod classes.
inline theta::Array oneHot(int64_t rows, int64_t classes) {
  theta::Array array = theta::Array::zeros(theta::DType::Float32, {rows, classes});
  for (int64_t r = 0; r < rows; ++r)
    array.data<float>()[r * classes + (r * 7) % classes] = 1;
  return array;
}

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

/// The message of the `E` that `body` throws ("" if it throws none).
template <typename E, typename F> std::string errorOf(F body) {
  try {
    body();
  } catch (const E &error) {
    return error.what();
  }
  ADD_FAILURE() << "expected an exception";
  return "";
}

} // namespace theta_test

#endif // THETA_TESTS_API_TESTUTIL_H
