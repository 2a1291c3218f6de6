//===- DType.cpp ----------------------------------------------------------===//
#include "runtime/DType.h"

#include "runtime/Error.h"

namespace theta {

const char *dtypeName(DType dtype) {
  switch (dtype) {
  case DType::Float32:
    return "float32";
  case DType::Float64:
    return "float64";
  case DType::Int32:
    return "int32";
  case DType::Int64:
    return "int64";
  case DType::Bool:
    return "bool";
  case DType::Int8:
    return "int8";
  case DType::Int16:
    return "int16";
  case DType::Float16:
    return "float16";
  case DType::UInt8:
    return "uint8";
  }
  return "?";
}

size_t dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::Float32:
  case DType::Int32:
    return 4;
  case DType::Float64:
  case DType::Int64:
    return 8;
  case DType::Bool:
  case DType::Int8:
  case DType::UInt8:
    return 1;
  case DType::Int16:
  case DType::Float16:
    return 2;
  }
  return 0;
}

bool isFloat(DType dtype) {
  return dtype == DType::Float32 || dtype == DType::Float64 || dtype == DType::Float16;
}

DType parseDType(const std::string &name) {
  for (DType dtype : {DType::Float32, DType::Float64, DType::Int32, DType::Int64, DType::Bool,
                      DType::Int8, DType::Int16, DType::Float16, DType::UInt8})
    if (name == dtypeName(dtype))
      return dtype;
  throw Error("unknown dtype '" + name +
              "' (expected float16, float32, float64, int8, int16, int32, int64, uint8 or bool)");
}

} // namespace theta
