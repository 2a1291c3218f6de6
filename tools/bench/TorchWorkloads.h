//===- TorchWorkloads.h - the LibTorch baseline ---------------------------===//
//
// The same workloads written with LibTorch's C++ API. Torch's headers take
// long to compile, so they appear in TorchWorkloads.cpp only; this header is
// torch-free.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_TOOLS_BENCH_TORCHWORKLOADS_H
#define THETA_TOOLS_BENCH_TORCHWORKLOADS_H

#include "tools/bench/Workload.h"

#include <memory>
#include <string>
#include <vector>

namespace bench {

/// Sets LibTorch's intra-op thread count (its OpenMP pool, libgomp, which
/// oneDNN shares) and returns the count LibTorch reports back.
int setTorchThreads(int threads);
/// "LibTorch 1.13.0, 2 threads, oneDNN: yes" for the report's header.
std::string torchDescription();

std::unique_ptr<Workload> torchScalarAdd(float x, float y);
std::unique_ptr<Workload> torchChain(float a, const theta::Array &x);
std::unique_ptr<Workload> torchGather(const theta::Array &table, const theta::Array &ids);
std::unique_ptr<Workload> torchMlpStep(const std::vector<theta::Array> &initial,
                                       const theta::Array &x, const theta::Array &y);
std::unique_ptr<Workload> torchCnnStep(const std::vector<theta::Array> &initial,
                                       const theta::Array &images, const theta::Array &targets);

std::unique_ptr<Workload> torchRnnStep(const std::vector<theta::Array> &initial,
                                       const theta::Array &x, const theta::Array &targets);

} // namespace bench

#endif // THETA_TOOLS_BENCH_TORCHWORKLOADS_H
