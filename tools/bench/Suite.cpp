//===- Suite.cpp - the workloads, each written with Theta and LibTorch ----===//
#include "tools/bench/Suite.h"

#include "tools/bench/CrossCheck.h"
#include "tools/bench/Inputs.h"
#include "tools/bench/ThetaWorkloads.h"
#include "tools/bench/TorchWorkloads.h"

#include <cstdio>
#include <map>
#include <random>
#include <stdexcept>

namespace bench {

using theta::Array;

WorkloadPair::WorkloadPair(std::string name, std::vector<std::string> results, Factory theta,
                           Factory torch, std::vector<Array> initial,
                           std::map<std::string, Array> jaxInputs)
    : pairName(std::move(name)), names(std::move(results)), makeTheta(std::move(theta)),
      makeTorch(std::move(torch)), initial(std::move(initial)),
      inputsForJax(std::move(jaxInputs)) {}

Workload &WorkloadPair::theta() {
  if (!thetaSide)
    thetaSide = makeTheta();
  return *thetaSide;
}

Workload &WorkloadPair::torch() {
  if (!torchSide)
    torchSide = makeTorch();
  return *torchSide;
}

namespace {
std::vector<WorkloadPair *> checkOrder;
} // namespace

const CheckResult &WorkloadPair::check() {
  if (!checked) {
    theta().run();
    torch().run();
    thetaResults = theta().results();
    checked = compareResults(names, thetaResults, torch().results(), initial);
    std::fprintf(stderr, "cross-check %s: %s\n", pairName.c_str(), checked->summary.c_str());
    checkOrder.push_back(this);
  }
  return *checked;
}

std::vector<WorkloadPair *> checkedWorkloads() { return checkOrder; }

namespace {

const std::vector<std::string> kParameterNames = {"w1", "b1", "w2", "b2", "w3", "b3"};

std::vector<std::string> stepResults(const std::vector<std::string> &parameters = kParameterNames) {
  std::vector<std::string> names{"cost"};
  names.insert(names.end(), parameters.begin(), parameters.end());
  return names;
}

WorkloadPair scalarAdd() {
  return {"scalar_add", {"x + y"}, [] { return thetaScalarAdd(2, 8); },
          [] { return torchScalarAdd(2, 8); }, {}, {{"x", Array(2.0f)}, {"y", Array(8.0f)}}};
}

WorkloadPair chain(const char *name, int64_t size) {
  Array x = uniformFloats({size}, -3, 3, 1);
  return {name, {"output"}, [x] { return thetaChain(kChainA, x); },
          [x] { return torchChain(kChainA, x); }, {}, {{"a", Array(kChainA)}, {"x", x}}};
}

/// A training step's inputs as jax_workloads.py reads them.
std::map<std::string, Array> stepInputs(const std::vector<Array> &initial, const Array &input,
                                        const Array &target) {
  std::map<std::string, Array> inputs{{"input", input}, {"target", target}};
  for (size_t i = 0; i < initial.size(); ++i)
    inputs["p" + std::to_string(i)] = initial[i];
  return inputs;
}

/// 100K rows of a 50000 x 64 embedding table: every index is range-checked
/// (the cost of Theta's run-time checks shows here if anywhere).
WorkloadPair gather() {
  Array table = uniformFloats({50000, 64}, -1, 1, 29);
  Array ids(theta::DType::Int64, {100000});
  std::mt19937 rng(31);
  std::uniform_int_distribution<int64_t> row(0, 49999);
  for (int64_t i = 0; i < ids.size(); ++i)
    ids.data<int64_t>()[i] = row(rng);
  return {"gather_100K", {"output"}, [=] { return thetaGather(table, ids); },
          [=] { return torchGather(table, ids); }, {}, {{"table", table}, {"ids", ids}}};
}

WorkloadPair mlpStep() {
  std::vector<Array> initial = mlpInitialParameters(11);
  auto [x, y] = mlpBatch(kMlpBatch);
  return {"mlp_step", stepResults(),
          [=, x = x, y = y] { return thetaMlpStep(initial, x, y); },
          [=, x = x, y = y] { return torchMlpStep(initial, x, y); }, initial,
          stepInputs(initial, x, y)};
}

WorkloadPair cnnStep() {
  CnnSizes sizes;
  std::vector<Array> initial = cnnInitialParameters(sizes, 13);
  auto [images, targets] = cnnBatch(sizes, sizes.batch, 17);
  return {"cnn_step", stepResults(),
          [=, images = images, targets = targets] {
            return thetaCnnStep(initial, images, targets);
          },
          [=, images = images, targets = targets] {
            return torchCnnStep(initial, images, targets);
          },
          initial, stepInputs(initial, images, targets)};
}

WorkloadPair rnnStep() {
  RnnSizes sizes;
  std::vector<Array> initial = rnnInitialParameters(sizes, 19);
  auto [x, targets] = rnnBatch(sizes, sizes.batch, 23);
  return {"rnn_step", stepResults({"W_x", "W_h", "b_h", "W_y", "b_y"}),
          [=, x = x, targets = targets] { return thetaRnnStep(initial, x, targets); },
          [=, x = x, targets = targets] { return torchRnnStep(initial, x, targets); },
          initial, stepInputs(initial, x, targets)};
}

} // namespace

WorkloadPair &workload(const std::string &name) {
  // Built on first use: the inputs of unused workloads are never generated.
  static std::map<std::string, std::function<WorkloadPair()>> makers = {
      {"scalar_add", scalarAdd},
      {"chain_16M", [] { return chain("chain_16M", kChainSize); }},
      {"chain_1K", [] { return chain("chain_1K", 1024); }},
      {"gather_100K", gather},
      {"mlp_step", mlpStep},
      {"cnn_step", cnnStep},
      {"rnn_step", rnnStep},
  };
  // Never destroyed: the pairs hold theta::Functions, whose destructors need
  // Theta's graph, a static that would be gone by then (it is created later,
  // so destroyed earlier).
  static auto *built = new std::map<std::string, WorkloadPair>;
  auto found = built->find(name);
  if (found == built->end()) {
    auto maker = makers.find(name);
    if (maker == makers.end())
      throw std::invalid_argument("no workload named " + name);
    found = built->emplace(name, maker->second()).first;
  }
  return found->second;
}

} // namespace bench
