//===- Array.cpp ----------------------------------------------------------===//
#include "runtime/Array.h"

#include <cstring>
#include <ostream>
#include <sstream>

namespace theta {

std::string shapeString(const Shape &shape) {
  std::string text = "(";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      text += ", ";
    text += std::to_string(shape[i]);
  }
  if (shape.size() == 1)
    text += ",";
  return text + ")";
}

Array::Array() : Array(DType::Float32, Shape{0}) {}

Array::Array(DType dtype, Shape shape) : type(dtype), dims(std::move(shape)) {
  for (int64_t d : dims)
    if (d < 0)
      throw ShapeError("Array: negative dimension in shape " + shapeString(dims));
  buffer = std::make_shared<Buffer>(hostDevice(), bytes());
}

Array Array::scalar(DType dtype, double value, bool weak) {
  Array array = full(dtype, {}, value);
  array.weak = weak;
  return array;
}

Array::Array(double value) : Array(scalar(DType::Float64, value, true)) {}
Array::Array(float value) : Array(scalar(DType::Float32, value, true)) {}
Array::Array(int value) : Array(scalar(DType::Int64, value, true)) {}
Array::Array(int64_t value) : Array(scalar(DType::Int64, static_cast<double>(value), true)) {}
Array::Array(bool value) : Array(scalar(DType::Bool, value, true)) {}

Array Array::forValues(DType dtype, size_t count, Shape shape) {
  if (shape.empty())
    shape = {static_cast<int64_t>(count)};
  Array array(dtype, std::move(shape));
  if (static_cast<size_t>(array.size()) != count)
    throw ShapeError("Array::fromVector: " + std::to_string(count) +
                     " values do not fill shape " + shapeString(array.shape()));
  return array;
}

template <> Array Array::fromVector<bool>(const std::vector<bool> &values, Shape shape) {
  Array array = forValues(DType::Bool, values.size(), std::move(shape));
  auto *out = static_cast<uint8_t *>(array.raw());
  for (size_t i = 0; i < values.size(); ++i)
    out[i] = values[i];
  return array;
}

int64_t Array::size() const {
  int64_t count = 1;
  for (int64_t d : dims)
    count *= d;
  return count;
}

namespace {
template <typename To> void convert(const Array &from, To *out) {
  for (int64_t i = 0, n = from.size(); i < n; ++i)
    out[i] = static_cast<To>(from.at(i));
}
} // namespace

double Array::at(int64_t i) const {
  switch (type) {
  case DType::Float32:
    return static_cast<const float *>(raw())[i];
  case DType::Float64:
    return static_cast<const double *>(raw())[i];
  case DType::Int32:
    return static_cast<const int32_t *>(raw())[i];
  case DType::Int64:
    return static_cast<double>(static_cast<const int64_t *>(raw())[i]);
  case DType::Bool:
    return static_cast<const uint8_t *>(raw())[i] != 0;
  }
  return 0;
}

Array Array::full(DType dtype, Shape shape, double value) {
  Array array(dtype, std::move(shape));
  int64_t n = array.size();
  switch (dtype) {
  case DType::Float32:
    std::fill_n(static_cast<float *>(array.raw()), n, static_cast<float>(value));
    break;
  case DType::Float64:
    std::fill_n(static_cast<double *>(array.raw()), n, value);
    break;
  case DType::Int32:
    std::fill_n(static_cast<int32_t *>(array.raw()), n, static_cast<int32_t>(value));
    break;
  case DType::Int64:
    std::fill_n(static_cast<int64_t *>(array.raw()), n, static_cast<int64_t>(value));
    break;
  case DType::Bool:
    std::fill_n(static_cast<uint8_t *>(array.raw()), n, value != 0);
    break;
  }
  return array;
}

Array Array::zeros(DType dtype, Shape shape) { return full(dtype, std::move(shape), 0); }

Array Array::astype(DType dtype) const {
  Array out(dtype, dims);
  switch (dtype) {
  case DType::Float32:
    convert(*this, static_cast<float *>(out.raw()));
    break;
  case DType::Float64:
    convert(*this, static_cast<double *>(out.raw()));
    break;
  case DType::Int32:
    convert(*this, static_cast<int32_t *>(out.raw()));
    break;
  case DType::Int64:
    convert(*this, static_cast<int64_t *>(out.raw()));
    break;
  case DType::Bool: {
    auto *bytes = static_cast<uint8_t *>(out.raw());
    for (int64_t i = 0, n = size(); i < n; ++i)
      bytes[i] = at(i) != 0;
    break;
  }
  }
  return out;
}

Array Array::clone() const {
  Array out(type, dims);
  if (bytes())
    std::memcpy(out.raw(), raw(), bytes());
  return out;
}

namespace {
void printElement(std::ostream &os, const Array &array, int64_t i) {
  if (array.dtype() == DType::Bool)
    os << (array.at(i) != 0 ? "True" : "False");
  else if (isFloat(array.dtype()))
    os << array.at(i);
  else
    os << static_cast<int64_t>(array.at(i));
}

void printLevel(std::ostream &os, const Array &array, size_t level, int64_t &flat) {
  if (level == array.shape().size()) {
    printElement(os, array, flat++);
    return;
  }
  os << '[';
  for (int64_t i = 0; i < array.shape()[level]; ++i) {
    if (i)
      os << (level + 1 == array.shape().size() ? " " : "\n" + std::string(level + 1, ' '));
    printLevel(os, array, level + 1, flat);
  }
  os << ']';
}
} // namespace

std::ostream &operator<<(std::ostream &os, const Array &array) {
  int64_t flat = 0;
  printLevel(os, array, 0, flat);
  return os;
}

} // namespace theta
