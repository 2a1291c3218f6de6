//===- ThetaWorkloads.h - the workloads written with Theta ----------------===//
#ifndef THETA_TOOLS_BENCH_THETAWORKLOADS_H
#define THETA_TOOLS_BENCH_THETAWORKLOADS_H

#include "tools/bench/Inputs.h"
#include "tools/bench/Workload.h"

#include <theta/theta.h>

#include <memory>
#include <vector>

namespace bench {

/// f(a, x) = sigmoid(a*x + 1.5) * tanh(x) - exp(-(x*x)), a float32 scalar and vector.
theta::Function buildChain();

/// A training step: the parameters as shared variables, and
/// step(inputs, targets) -> cost with the SGD updates.
struct ThetaModel {
  std::vector<theta::SharedVariable> parameters;
  theta::Function step{nullptr};
};
/// Shared variables holding copies of `initial`.
std::vector<theta::SharedVariable> share(const std::vector<theta::Array> &initial);
/// The 2-1000-1000-1 sigmoid MLP, mean squared error, lr 0.01.
ThetaModel buildMlpStep(const std::vector<theta::SharedVariable> &parameters);
/// The CNN of CnnSizes, mean categorical cross-entropy of the softmax, lr 0.01.
ThetaModel buildCnnStep(const std::vector<theta::SharedVariable> &parameters);

/// The RNN of RnnSizes through theta::scan, lr 0.01.
ThetaModel buildRnnStep(const std::vector<theta::SharedVariable> &parameters);

std::unique_ptr<Workload> thetaScalarAdd(float x, float y);
std::unique_ptr<Workload> thetaChain(float a, const theta::Array &x);
/// take(W, ids): a float32 matrix gathered by int64 row indices.
std::unique_ptr<Workload> thetaGather(const theta::Array &table, const theta::Array &ids);
std::unique_ptr<Workload> thetaMlpStep(const std::vector<theta::Array> &initial,
                                       const theta::Array &x, const theta::Array &y);
std::unique_ptr<Workload> thetaCnnStep(const std::vector<theta::Array> &initial,
                                       const theta::Array &images, const theta::Array &targets);

std::unique_ptr<Workload> thetaRnnStep(const std::vector<theta::Array> &initial,
                                       const theta::Array &x, const theta::Array &targets);

} // namespace bench

#endif // THETA_TOOLS_BENCH_THETAWORKLOADS_H
