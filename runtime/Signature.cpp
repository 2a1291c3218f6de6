//===- Signature.cpp ------------------------------------------------------===//
#include "runtime/Signature.h"

#include "runtime/Error.h"

#include <algorithm>
#include <cstring>

namespace theta {

Signature signatureOf(const std::vector<Array> &values, const std::vector<size_t> &stepCounts) {
  Signature signature;
  signature.reserve(values.size() * 4 + stepCounts.size());
  for (const Array &value : values) {
    signature.push_back(static_cast<int64_t>(value.dtype()));
    signature.push_back(value.rank());
    signature.insert(signature.end(), value.shape().begin(), value.shape().end());
  }
  for (size_t index : stepCounts)
    signature.push_back(static_cast<int64_t>(values[index].toHost().at(0)));
  return signature;
}

std::string signatureText(const Signature &signature, size_t values) {
  std::string text;
  size_t at = 0;
  for (size_t v = 0; v < values && at + 1 < signature.size(); ++v) {
    auto dtype = static_cast<DType>(signature[at]);
    auto rank = static_cast<size_t>(signature[at + 1]);
    at += 2;
    if (at + rank > signature.size())
      break;
    Shape shape(signature.begin() + static_cast<std::ptrdiff_t>(at),
                signature.begin() + static_cast<std::ptrdiff_t>(at + rank));
    at += rank;
    text += (text.empty() ? "" : ", ") + std::string(dtypeName(dtype)) + shapeString(shape);
  }
  for (; at < signature.size(); ++at)
    text += ", steps=" + std::to_string(signature[at]);
  return text;
}

Array prepareArgument(const Array &argument, DType dtype, int64_t ndim, bool allowDowncast,
                      const std::function<std::string()> &describe) {
  if (argument.rank() != ndim)
    throw ShapeError(describe() + ": got an array of shape " + shapeString(argument.shape()) +
                     " (rank " + std::to_string(argument.rank()) + "), expected rank " +
                     std::to_string(ndim));
  if (argument.dtype() == dtype)
    return argument;
  auto convert = [&] { // astype refuses NaN, inf and out-of-range floats for integers
    try {
      return argument.astype(dtype);
    } catch (const TypeError &e) {
      throw TypeError(describe() + ": " + e.what());
    }
  };
  if (argument.isWeakScalar() || allowDowncast)
    return convert();
  bool lossless = isFloat(dtype) ? (dtype == DType::Float64 || argument.dtype() == DType::Bool)
                                 : (!isFloat(argument.dtype()) &&
                                    dtypeSize(argument.dtype()) <= dtypeSize(dtype));
  if (lossless)
    return convert();
  throw TypeError(describe() + ": got a " + dtypeName(argument.dtype()) + " array; converting it to " +
                  dtypeName(dtype) +
                  " may lose precision (pass allow_input_downcast = true to accept)");
}

void trimToRowCounts(const Executable &executable, std::vector<Array> &results) {
  size_t visible = results.size();
  for (size_t i = 0; i < executable.rowCountOf.size(); ++i) {
    int countIndex = executable.rowCountOf[i];
    if (countIndex < 0)
      continue;
    visible = std::min(visible, static_cast<size_t>(countIndex));
    auto rows = static_cast<int64_t>(results[countIndex].toHost().at(0));
    Shape shape = results[i].shape();
    shape[0] = rows;
    Array trimmed(results[i].dtype(), shape);
    results[i] = results[i].toHost();
    std::memcpy(trimmed.raw(), results[i].raw(),
                static_cast<size_t>(trimmed.size()) * dtypeSize(trimmed.dtype()));
    results[i] = trimmed;
  }
  results.resize(visible);
}

} // namespace theta
