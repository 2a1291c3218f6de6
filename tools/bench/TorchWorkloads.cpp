//===- TorchWorkloads.cpp - the LibTorch baseline -------------------------===//
//
// Written as a LibTorch user would: eager tensors, autograd and
// torch::optim::SGD, with the parameters copied from the same initial
// values as Theta's and the same cost formulas.
//
//===----------------------------------------------------------------------===//
#include "tools/bench/TorchWorkloads.h"
#include "tools/bench/Inputs.h"

#include <torch/optim/sgd.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <cstring>

namespace bench {

using theta::Array;

namespace {

torch::Tensor toTensor(const Array &array, bool requiresGrad = false) {
  std::vector<int64_t> shape(array.shape().begin(), array.shape().end());
  return torch::from_blob(array.data<float>(), shape, torch::kFloat32)
      .clone()
      .set_requires_grad(requiresGrad);
}

Array toArray(const torch::Tensor &tensor) {
  torch::Tensor values = tensor.detach().contiguous();
  Array array(theta::DType::Float32, theta::Shape(values.sizes().begin(), values.sizes().end()));
  std::memcpy(array.raw(), values.data_ptr<float>(), array.bytes());
  return array;
}

class ScalarAdd : public Workload {
public:
  ScalarAdd(float x, float y) : x(torch::scalar_tensor(x)), y(torch::scalar_tensor(y)) {}
  void run() override { output = x + y; }
  std::vector<Array> results() const override { return {toArray(output)}; }

private:
  torch::Tensor x, y, output;
};

class Chain : public Workload {
public:
  Chain(float a, const Array &x) : a(torch::scalar_tensor(a)), x(toTensor(x)) {}
  void run() override {
    output = torch::sigmoid(a * x + 1.5) * torch::tanh(x) - torch::exp(-(x * x));
  }
  std::vector<Array> results() const override { return {toArray(output)}; }

private:
  torch::Tensor a, x, output;
};

class Gather : public Workload {
public:
  Gather(const Array &table, const Array &rows)
      : table(toTensor(table)),
        ids(torch::from_blob(rows.data<int64_t>(), {rows.shape()[0]}, torch::kInt64).clone()) {}
  void run() override { output = table.index_select(0, ids); }
  std::vector<Array> results() const override { return {toArray(output)}; }

private:
  torch::Tensor table, ids, output;
};

/// One SGD step of a model given as its forward pass: parameters in the
/// order of the initial arrays, cost computed before the update (as Theta's
/// outputs are computed before its updates).
class TrainingStep : public Workload {
public:
  using Cost = torch::Tensor (*)(const std::vector<torch::Tensor> &, const torch::Tensor &,
                                 const torch::Tensor &);
  TrainingStep(Cost costOf, const std::vector<Array> &initial, const Array &input,
               const Array &target)
      : costOf(costOf), parameters(tensors(initial)), input(toTensor(input)),
        target(toTensor(target)), optimizer(parameters, torch::optim::SGDOptions(kLearningRate)) {}
  void run() override {
    optimizer.zero_grad();
    torch::Tensor loss = costOf(parameters, input, target);
    loss.backward();
    optimizer.step();
    cost = loss.detach();
  }
  std::vector<Array> results() const override {
    std::vector<Array> values{toArray(cost)};
    for (const torch::Tensor &p : parameters)
      values.push_back(toArray(p));
    return values;
  }

private:
  static std::vector<torch::Tensor> tensors(const std::vector<Array> &initial) {
    std::vector<torch::Tensor> result;
    for (const Array &value : initial)
      result.push_back(toTensor(value, /*requiresGrad=*/true));
    return result;
  }

  Cost costOf;
  std::vector<torch::Tensor> parameters;
  torch::Tensor input, target, cost;
  torch::optim::SGD optimizer;
};

/// sigmoid layers (addmm is what torch::nn::Linear runs), mean squared error.
torch::Tensor mlpCost(const std::vector<torch::Tensor> &p, const torch::Tensor &x,
                      const torch::Tensor &y) {
  torch::Tensor h = x;
  for (size_t layer = 0; layer < p.size(); layer += 2)
    h = torch::sigmoid(torch::addmm(p[layer + 1], h, p[layer]));
  return (h - y).square().mean();
}

/// conv (bias inside, as torch::nn::Conv2d does) -> relu, twice; 2x2 max
/// pool; dense; mean categorical cross-entropy of the softmax.
torch::Tensor cnnCost(const std::vector<torch::Tensor> &p, const torch::Tensor &images,
                      const torch::Tensor &targets) {
  torch::Tensor h = torch::relu(torch::conv2d(images, p[0], p[1]));
  h = torch::relu(torch::conv2d(h, p[2], p[3]));
  h = torch::max_pool2d(h, {2, 2});
  torch::Tensor logits = torch::addmm(p[5], h.flatten(1), p[4]);
  return -(targets * torch::log(torch::softmax(logits, 1))).sum(1).mean();
}

/// The RNN as a manual loop over time (what a LibTorch user writes for a
/// custom cell), then the dense layer and the cross-entropy.
torch::Tensor rnnCost(const std::vector<torch::Tensor> &p, const torch::Tensor &x,
                      const torch::Tensor &targets) {
  torch::Tensor h = torch::zeros({x.size(1), p[1].size(0)});
  for (int64_t t = 0; t < x.size(0); ++t)
    h = torch::tanh(torch::addmm(p[2], x[t], p[0]) + h.mm(p[1]));
  torch::Tensor logits = torch::addmm(p[4], h, p[3]);
  return -(targets * torch::log(torch::softmax(logits, 1))).sum(1).mean();
}

} // namespace

int setTorchThreads(int threads) {
  torch::set_num_threads(threads);
  return torch::get_num_threads();
}

std::string torchDescription() {
  return std::string("LibTorch ") + TORCH_VERSION + ", " +
         std::to_string(torch::get_num_threads()) +
         " threads, oneDNN: " + (at::hasMKLDNN() ? "yes" : "no");
}

std::unique_ptr<Workload> torchScalarAdd(float x, float y) {
  return std::make_unique<ScalarAdd>(x, y);
}

std::unique_ptr<Workload> torchChain(float a, const Array &x) {
  return std::make_unique<Chain>(a, x);
}

std::unique_ptr<Workload> torchGather(const Array &table, const Array &ids) {
  return std::make_unique<Gather>(table, ids);
}

std::unique_ptr<Workload> torchMlpStep(const std::vector<Array> &initial, const Array &x,
                                       const Array &y) {
  return std::make_unique<TrainingStep>(mlpCost, initial, x, y);
}

std::unique_ptr<Workload> torchCnnStep(const std::vector<Array> &initial, const Array &images,
                                       const Array &targets) {
  return std::make_unique<TrainingStep>(cnnCost, initial, images, targets);
}

std::unique_ptr<Workload> torchRnnStep(const std::vector<Array> &initial, const Array &x,
                                       const Array &targets) {
  return std::make_unique<TrainingStep>(rnnCost, initial, x, targets);
}

} // namespace bench
