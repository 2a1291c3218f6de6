//===- Array.cpp ----------------------------------------------------------===//
#include "runtime/Array.h"

#include "runtime/Memory.h"

#include <algorithm>
#include <charconv>
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

namespace {
std::string cannotAllocate(double bytes, const Shape &shape, DType dtype) {
  return "cannot allocate " + formatBytes(bytes) + " for an array of shape " +
         shapeString(shape) + " and dtype " + dtypeName(dtype);
}
} // namespace

Array::Array(DType dtype, Shape shape) : Array(dtype, std::move(shape), hostDevice()) {}

Array::Array(DType dtype, Shape shape, Device &device) : type(dtype), dims(std::move(shape)) {
  for (int64_t d : dims)
    if (d < 0)
      throw ShapeError("Array: negative dimension in shape " + shapeString(dims));
  // Every size product is checked here, once: a count that wrapped around
  // would allocate a few bytes that compiled code then reads far past.
  // As in NumPy, a zero dimension makes any shape valid (and empty).
  bool fits = true;
  elements = 1;
  for (int64_t d : dims)
    fits = fits && !__builtin_mul_overflow(elements, d, &elements);
  if (std::find(dims.begin(), dims.end(), 0) != dims.end()) {
    fits = true;
    elements = 0;
  }
  size_t total = 0;
  fits = fits && !__builtin_mul_overflow(static_cast<size_t>(elements), dtypeSize(type), &total) &&
         total <= static_cast<size_t>(PTRDIFF_MAX);
  if (!fits) {
    double needed = static_cast<double>(dtypeSize(type)); // the product, rounded
    for (int64_t d : dims)
      needed *= static_cast<double>(d);
    throw MemoryError(cannotAllocate(needed, dims, type));
  }
  try {
    buffer = std::make_shared<Buffer>(device, total);
  } catch (const std::bad_alloc &) {
    throw MemoryError(cannotAllocate(static_cast<double>(total), dims, type));
  } catch (const MemoryError &) { // the device's, which does not know the shape
    throw MemoryError(cannotAllocate(static_cast<double>(total), dims, type));
  }
}

Array Array::scalar(DType dtype, double value, bool weak) {
  Array array = full(dtype, {}, value);
  array.weak = weak;
  return array;
}

Array::Array(double value) : Array(scalar(DType::Float64, value, true)) {}
Array::Array(float value) : Array(scalar(DType::Float32, value, true)) {}
Array::Array(int value) : Array(scalar(DType::Int64, value, true)) {}
Array::Array(int64_t value) : Array(scalar(DType::Int64, 0, true)) {
  *data<int64_t>() = value; // not through a double, which rounds beyond 2^53
}
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

namespace detail {
void notRepresentable(const char *function, double value, const std::string &target) {
  char number[32]; // the shortest text that reads back as `value`
  *std::to_chars(number, number + sizeof number - 1, value).ptr = 0;
  throw TypeError(std::string(function) + ": cannot convert " + number + " to " + target +
                  (std::isfinite(value) ? " (out of its range)" : " (not a finite number)"));
}
} // namespace detail

namespace {
/// Calls `f` with a value of the C++ type that stores `dtype`.
template <typename F> void withStorageType(DType dtype, F &&f) {
  switch (dtype) {
  case DType::Float32:
    return f(float{});
  case DType::Float64:
    return f(double{});
  case DType::Int32:
    return f(int32_t{});
  case DType::Int64:
    return f(int64_t{});
  case DType::Bool:
    return f(bool{});
  case DType::Int8:
    return f(int8_t{});
  case DType::UInt8:
    return f(uint8_t{});
  case DType::Int16:
    return f(int16_t{});
  case DType::Float16:
    return f(_Float16{});
  }
}

/// One element converted to dtype `to`, stored as `To`. Integers convert
/// to integers directly (wrapping, as NumPy), never through a double.
template <typename To, typename From>
To convertElement(From value, DType to, const char *function) {
  if constexpr (std::is_same_v<From, _Float16>) // through float (as NumPy)
    return convertElement<To>(static_cast<float>(value), to, function);
  else if constexpr (std::is_same_v<To, bool>)
    return value != 0; // NaN is true, as in NumPy
  else if constexpr (std::is_floating_point_v<From> && std::is_integral_v<To>)
    return detail::checkedFloatToInteger<To>(function, value, dtypeName(to));
  else
    return static_cast<To>(value);
}
} // namespace

double Array::at(int64_t i) const {
  checkOnHost();
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
  case DType::Int8:
    return static_cast<const int8_t *>(raw())[i];
  case DType::UInt8:
    return static_cast<const uint8_t *>(raw())[i];
  case DType::Int16:
    return static_cast<const int16_t *>(raw())[i];
  case DType::Float16:
    return static_cast<double>(static_cast<const _Float16 *>(raw())[i]);
  }
  return 0;
}

Array Array::full(DType dtype, Shape shape, double value) {
  Array array(dtype, std::move(shape));
  withStorageType(dtype, [&](auto stored) {
    using T = decltype(stored);
    T element = convertElement<T>(value, dtype, "Array::full");
    std::fill_n(static_cast<T *>(array.raw()), array.size(), element);
  });
  return array;
}

Array Array::zeros(DType dtype, Shape shape) { return full(dtype, std::move(shape), 0); }

Array Array::astype(DType dtype) const {
  checkOnHost();
  Array out(dtype, dims);
  withStorageType(type, [&](auto fromValue) {
    withStorageType(dtype, [&](auto toValue) {
      using From = decltype(fromValue);
      using To = decltype(toValue);
      const auto *in = static_cast<const From *>(raw());
      auto *result = static_cast<To *>(out.raw());
      for (int64_t i = 0; i < elements; ++i)
        result[i] = convertElement<To>(in[i], dtype, "Array::astype");
    });
  });
  return out;
}

Array Array::clone() const {
  Array out(type, dims, device());
  if (bytes())
    device().copyWithin(out.raw(), raw(), bytes());
  return out;
}

Array Array::to(Device &target) const {
  Device &source = device();
  if (&source == &target)
    return *this;
  Array out(type, dims, target);
  out.weak = weak;
  if (bytes() == 0)
    return out;
  if (source.kind() == DeviceKind::Host) {
    target.copyFromHost(out.raw(), raw(), bytes());
  } else if (target.kind() == DeviceKind::Host) {
    source.copyToHost(out.raw(), raw(), bytes());
  } else { // between two GPUs, through the host
    return toHost().to(target);
  }
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
