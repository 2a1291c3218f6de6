//===- Suite.h - the workloads, each written with Theta and LibTorch ------===//
#ifndef THETA_TOOLS_BENCH_SUITE_H
#define THETA_TOOLS_BENCH_SUITE_H

#include "tools/bench/Workload.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bench {

/// Whether the two sides agreed on the same inputs, and how closely.
struct CheckResult {
  bool ok = false;
  std::string summary; // one line: "ok (max |diff| 1e-7)" or what differed
};

/// One workload of the table: its Theta and LibTorch sides, built once on
/// first use (the Theta side compiles then) and shared by the cross-check and
/// the timing loops, so a training step keeps training while it is timed.
class WorkloadPair {
public:
  using Factory = std::function<std::unique_ptr<Workload>()>;
  /// `results` names what Workload::results() returns, for messages.
  /// `initial` (training steps): the parameters both sides start from; the
  /// cross-check compares the steps taken from them.
  /// `jaxInputs`: the same inputs by the names tools/bench/jax_workloads.py
  /// reads (for a training step: input, target and p0, p1, ... the initial
  /// parameters).
  WorkloadPair(std::string name, std::vector<std::string> results, Factory theta, Factory torch,
               std::vector<theta::Array> initial = {},
               std::map<std::string, theta::Array> jaxInputs = {});

  const std::string &name() const { return pairName; }
  Workload &theta();
  Workload &torch();
  /// Runs each side once on the same inputs and compares them, the first
  /// time only (before anything is timed).
  const CheckResult &check();
  /// What the Theta side computed in check(), for other baselines' checks.
  const std::vector<theta::Array> &thetaCheckResults() const { return thetaResults; }
  const std::vector<std::string> &resultNames() const { return names; }
  const std::vector<theta::Array> &initialParameters() const { return initial; }
  const std::map<std::string, theta::Array> &jaxInputs() const { return inputsForJax; }

private:
  std::string pairName;
  std::vector<std::string> names;
  Factory makeTheta, makeTorch;
  std::vector<theta::Array> initial;
  std::unique_ptr<Workload> thetaSide, torchSide;
  std::optional<CheckResult> checked;
  std::vector<theta::Array> thetaResults;
  std::map<std::string, theta::Array> inputsForJax;
};

/// The workloads, by name: scalar_add, chain_16M, chain_1K, mlp_step, cnn_step, rnn_step.
WorkloadPair &workload(const std::string &name);
/// Those whose check() has run, in the order they ran.
std::vector<WorkloadPair *> checkedWorkloads();

} // namespace bench

#endif // THETA_TOOLS_BENCH_SUITE_H
