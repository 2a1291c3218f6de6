// Helpers shared by the API tests.
#ifndef THETA_TESTS_API_TESTUTIL_H
#define THETA_TESTS_API_TESTUTIL_H

#include "runtime/Array.h"

#include <cstdint>

#include <vector>

namespace theta_test {

/// Every element as a double, in row-major order.
inline std::vector<double> values(const theta::Array &array) {
  std::vector<double> out;
  for (int64_t i = 0; i < array.size(); ++i)
    out.push_back(array.at(i));
  return out;
}

} // namespace theta_test

#endif // THETA_TESTS_API_TESTUTIL_H
