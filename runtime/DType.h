//===- DType.h - element types of Theta arrays ----------------------------===//
#ifndef THETA_RUNTIME_DTYPE_H
#define THETA_RUNTIME_DTYPE_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace theta {

/// Element types. Values are stable (saved files and the C API store them):
/// new ones go at the end. float16 is stored as IEEE binary16 (_Float16) and
/// computed in float32 where the CPU lacks half-precision arithmetic. uint8
/// (images) is the only unsigned type: compiled code holds it as i8 and uses
/// unsigned arithmetic where the bits alone do not decide
/// (dialect/SignlessIntegers.cpp).
enum class DType { Float32, Float64, Int32, Int64, Bool, Int8, Int16, Float16, UInt8 };

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
template <> constexpr DType dtypeOf<int8_t>() { return DType::Int8; }
template <> constexpr DType dtypeOf<int16_t>() { return DType::Int16; }
template <> constexpr DType dtypeOf<_Float16>() { return DType::Float16; }
template <> constexpr DType dtypeOf<uint8_t>() { return DType::UInt8; }

} // namespace theta

#endif // THETA_RUNTIME_DTYPE_H
