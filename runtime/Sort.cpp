//===- Sort.cpp - theta_argsort -------------------------------------------===//
#include "runtime/Sort.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace {

/// NumPy's order: ascending, NaNs after every number.
template <typename T> bool before(T a, T b) {
  if constexpr (std::is_floating_point_v<T>)
    return !std::isnan(a) && (std::isnan(b) || a < b);
  else
    return a < b;
}

template <typename T>
void argsortRows(const T *input, int64_t *indices, int64_t rows, int64_t length) {
  for (int64_t r = 0; r < rows; ++r) {
    const T *row = input + r * length;
    int64_t *order = indices + r * length;
    std::iota(order, order + length, int64_t{0});
    std::stable_sort(order, order + length,
                     [row](int64_t i, int64_t j) { return before(row[i], row[j]); });
  }
}

} // namespace

extern "C" void theta_argsort(int64_t element, intptr_t input, intptr_t indices, int64_t rows,
                              int64_t length) {
  auto *out = reinterpret_cast<int64_t *>(indices);
  switch (static_cast<theta::SortElement>(element)) {
  case theta::SortElement::Float32:
    return argsortRows(reinterpret_cast<const float *>(input), out, rows, length);
  case theta::SortElement::Float64:
    return argsortRows(reinterpret_cast<const double *>(input), out, rows, length);
  case theta::SortElement::Int32:
    return argsortRows(reinterpret_cast<const int32_t *>(input), out, rows, length);
  case theta::SortElement::Int64:
    return argsortRows(reinterpret_cast<const int64_t *>(input), out, rows, length);
  }
}
