//===- Array.h - theta::Array, an n-d array on a device -------------------===//
//
// A dtype, a shape and contiguous row-major data in a shared buffer: copying
// an Array is cheap and shares the data (like a NumPy view of the whole array);
// clone() copies the data. The buffer lives on a device (the host unless
// said otherwise); reading or writing elements of an array on a GPU moves
// its data to the host first, once, for every Array sharing it (a GPU
// function's outputs stay on the device until then).
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_ARRAY_H
#define THETA_RUNTIME_ARRAY_H

#include "runtime/DType.h"
#include "runtime/Device.h"
#include "runtime/Error.h"

#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace theta {

using Shape = std::vector<int64_t>;

/// "(3, 4)" as NumPy prints shapes.
std::string shapeString(const Shape &shape);

class Array {
public:
  /// An empty float32 scalar-less array (shape [0]).
  Array();
  /// Uninitialized array of the given dtype and shape. Throws MemoryError
  /// when the memory cannot be allocated, or when its size overflows 64 bits.
  Array(DType dtype, Shape shape);
  /// The same in `device`'s memory.
  Array(DType dtype, Shape shape, Device &device);
  /// A scalar from a C++ number. Scalars made this way are "weak": a
  /// compiled function converts them to its input's dtype, as Theano does
  /// with Python numbers (f(2, 8)).
  Array(double value);
  Array(float value);
  Array(int value);
  Array(int64_t value);
  Array(bool value);

  /// Copies `values` into an array of `shape` (default: a vector of all of them).
  template <typename T>
  static Array fromVector(const std::vector<T> &values, Shape shape = {});
  template <typename T>
  static Array fromVector(std::initializer_list<T> values, Shape shape = {}) {
    return fromVector(std::vector<T>(values), std::move(shape));
  }
  /// Copies `count` elements from `data`.
  template <typename T> static Array fromPointer(const T *data, Shape shape);
  static Array zeros(DType dtype, Shape shape);
  static Array full(DType dtype, Shape shape, double value);

  DType dtype() const { return type; }
  const Shape &shape() const { return dims; }
  int64_t rank() const { return static_cast<int64_t>(dims.size()); }
  int64_t size() const { return elements; }
  /// Cannot overflow: the constructor checked it fits (see Array(DType, Shape)).
  size_t bytes() const { return static_cast<size_t>(elements) * dtypeSize(type); }
  bool isWeakScalar() const { return weak; }

  void *raw() const { return buffer ? buffer->data() : nullptr; }
  /// Where the data lives.
  Device &device() const { return buffer ? buffer->device() : hostDevice(); }
  bool onHost() const { return device().kind() == DeviceKind::Host; }
  /// This array if it is on `device` already, else a copy there.
  Array to(Device &device) const;
  /// This array if it is on the host, else a host copy.
  Array toHost() const { return to(hostDevice()); }
  template <typename T> T *data() const {
    check<T>();
    return static_cast<T *>(raw());
  }
  template <typename T> std::vector<T> toVector() const {
    const T *begin = data<T>();
    return std::vector<T>(begin, begin + size());
  }
  /// The single element of a size-1 array, converted to T.
  template <typename T> T item() const;
  /// Element at a flat index, converted to double.
  double at(int64_t flatIndex) const;

  /// A copy of the data with another dtype (C conversion rules). A float
  /// that no value of an integer dtype represents (NaN, inf, out of range),
  /// whose C conversion is undefined, is a TypeError naming it.
  Array astype(DType dtype) const;
  /// A deep copy.
  Array clone() const;
  /// True if both arrays share one buffer.
  bool sharesDataWith(const Array &other) const { return buffer == other.buffer; }

private:
  /// Elements are read and written on the host: a device array's data
  /// moves there first (Buffer::moveToHost).
  void checkOnHost() const {
    if (!onHost())
      buffer->moveToHost();
  }
  template <typename T> void check() const {
    checkOnHost();
    if (dtypeOf<std::remove_const_t<T>>() != type)
      throw TypeError(std::string("Array of dtype ") + dtypeName(type) + " read as " +
                      dtypeName(dtypeOf<std::remove_const_t<T>>()));
  }
  static Array scalar(DType dtype, double value, bool weak);
  /// An uninitialized array for `count` values: `shape`, or a vector of them.
  static Array forValues(DType dtype, size_t count, Shape shape);

  DType type = DType::Float32;
  Shape dims;
  int64_t elements = 0; // the product of dims
  std::shared_ptr<Buffer> buffer;
  bool weak = false;
};

/// NumPy-like printing: `10`, `[1 2 3]`, `[[1 2] [3 4]]`.
std::ostream &operator<<(std::ostream &os, const Array &array);

template <typename T> Array Array::fromVector(const std::vector<T> &values, Shape shape) {
  Array array = forValues(dtypeOf<T>(), values.size(), std::move(shape));
  std::copy(values.begin(), values.end(), array.data<T>());
  return array;
}

template <> Array Array::fromVector<bool>(const std::vector<bool> &values, Shape shape);

template <typename T> Array Array::fromPointer(const T *data, Shape shape) {
  Array array(dtypeOf<T>(), std::move(shape));
  std::copy(data, data + array.size(), array.data<T>());
  return array;
}

namespace detail {
/// Throws the TypeError of a float with no value in integer type `target`.
[[noreturn]] void notRepresentable(const char *function, double value, const std::string &target);

/// `value` as integer type T, where the C conversion would be undefined
/// (NaN, inf, out of T's range) a TypeError.
template <typename T>
T checkedFloatToInteger(const char *function, double value, const std::string &target) {
  static_assert(std::is_integral_v<T>);
  // T's range is [lower, upper), both powers of two and exact as doubles.
  const double upper = std::ldexp(1.0, std::numeric_limits<T>::digits);
  const double lower = std::is_signed_v<T> ? -upper : 0.0;
  if (!(value >= lower && value < upper)) // also false for NaN
    notRepresentable(function, value, target);
  return static_cast<T>(value);
}
} // namespace detail

template <typename T> T Array::item() const {
  if (size() != 1)
    throw ShapeError("Array::item needs exactly one element, the array has shape " +
                     shapeString(dims));
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    // Integers are read as integers: an int64 beyond 2^53 has no exact double.
    if (type == DType::Int64)
      return static_cast<T>(*static_cast<const int64_t *>(raw()));
    if (isFloat(type))
      return detail::checkedFloatToInteger<T>("Array::item", at(0), "an integer type");
  }
  return static_cast<T>(at(0));
}

} // namespace theta

#endif // THETA_RUNTIME_ARRAY_H
