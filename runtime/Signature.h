//===- Signature.h - what selects a compiled specialization, and its I/O --===//
//
// Shared by theta::Function (api/) and the compiler-free Runner, so that a
// saved function is called exactly as it was before it was saved: the same
// argument conversions, the same signature, the same trimmed results.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_SIGNATURE_H
#define THETA_RUNTIME_SIGNATURE_H

#include "runtime/Executable.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace theta {

using Signature = std::vector<int64_t>;

/// dtype, rank and sizes of every value, then the step counts read from
/// values (compiled in as constants).
Signature signatureOf(const std::vector<Array> &values, const std::vector<size_t> &stepCounts);

/// "float32[2, 3], int64[]" for the user.
std::string signatureText(const Signature &signature, size_t values);

/// Converts an argument to the input's dtype where that loses nothing (or
/// always with `allowDowncast`, or for a weak C++ scalar); ShapeError for
/// another rank, TypeError for a lossy conversion. `describe` names the
/// argument ("function 'f', argument 0 (x: float32 matrix)").
Array prepareArgument(const Array &argument, DType dtype, int64_t ndim, bool allowDowncast,
                      const std::function<std::string()> &describe);

/// Keeps the rows each padded result really has (see padBoundedResults) and
/// drops the row-count results.
void trimToRowCounts(const Executable &executable, std::vector<Array> &results);

} // namespace theta

#endif // THETA_RUNTIME_SIGNATURE_H
