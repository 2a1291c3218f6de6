//===- DType.h - element types of Theta arrays ----------------------------===//
#ifndef THETA_RUNTIME_DTYPE_H
#define THETA_RUNTIME_DTYPE_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace theta {

enum class DType { Float32, Float64, Int32, Int64, Bool };

/// NumPy-style name: "float32", "int64", "bool".
const char *dtypeName(DType dtype);
/// Bytes per element (bool is one byte).
size_t dtypeSize(DType dtype);
bool isFloat(DType dtype);
/// Parses a NumPy-style name; throws theta::Error for an unknown one.
DType parseDType(const std::string &name);

template <typename T> constexpr DType dtypeOf();
template <> constexpr DType dtypeOf<float>() { return DType::Float32; }
template <> constexpr DType dtypeOf<double>() { return DType::Float64; }
template <> constexpr DType dtypeOf<int32_t>() { return DType::Int32; }
template <> constexpr DType dtypeOf<int64_t>() { return DType::Int64; }
template <> constexpr DType dtypeOf<bool>() { return DType::Bool; }

} // namespace theta

#endif // THETA_RUNTIME_DTYPE_H
