//===- Workload.h - one side (Theta or LibTorch) of a workload ------------===//
//
// Both sides hide behind this interface so the timing loops and the
// cross-checks are written once, and only TorchWorkloads.cpp includes torch.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_TOOLS_BENCH_WORKLOAD_H
#define THETA_TOOLS_BENCH_WORKLOAD_H

#include "runtime/Array.h"

#include <vector>

namespace bench {

class Workload {
public:
  virtual ~Workload() = default;
  /// The timed operation: one call, or one training step.
  virtual void run() = 0;
  /// What the last run() computed, copied out for the cross-check: the
  /// outputs, or for a training step the cost followed by the updated
  /// parameters.
  virtual std::vector<theta::Array> results() const = 0;
};

} // namespace bench

#endif // THETA_TOOLS_BENCH_WORKLOAD_H
