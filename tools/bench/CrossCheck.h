//===- CrossCheck.h - Theta's results against LibTorch's ------------------===//
#ifndef THETA_TOOLS_BENCH_CROSSCHECK_H
#define THETA_TOOLS_BENCH_CROSSCHECK_H

#include "tools/bench/Suite.h"

#include "runtime/Array.h"

#include <string>
#include <vector>

namespace bench {

/// Compares what both sides computed from the same inputs. Without
/// `initial`, every result is an output compared element by element. With
/// it (a training step), result 0 is the cost and results 1.. the updated
/// parameters, whose steps away from `initial` are compared: an update is
/// lr * gradient, far smaller than the parameter, so comparing the updated
/// values alone would hide a wrong gradient.
CheckResult compareResults(const std::vector<std::string> &names,
                           const std::vector<theta::Array> &theta,
                           const std::vector<theta::Array> &torch,
                           const std::vector<theta::Array> &initial);

} // namespace bench

#endif // THETA_TOOLS_BENCH_CROSSCHECK_H
