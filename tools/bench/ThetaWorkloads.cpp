//===- ThetaWorkloads.cpp - the workloads written with Theta --------------===//
//
// Written as a Theano user would: symbolic graph, grad, shared parameters
// and updates.
//
//===----------------------------------------------------------------------===//
#include "tools/bench/ThetaWorkloads.h"

namespace bench {

using namespace theta;

Function buildChain() {
  Variable a = fscalar("a"), x = fvector("x");
  FunctionOptions options;
  options.name = "chain";
  return function({a, x}, sigmoid(a * x + 1.5f) * tanh(x) - exp(-(x * x)), options);
}

namespace {

ThetaModel sgdStep(const char *name, const Variable &input, const Variable &target,
                   const Variable &cost, const std::vector<SharedVariable> &parameters) {
  std::vector<Variable> wrt(parameters.begin(), parameters.end());
  std::vector<Variable> gradients = grad(cost, wrt);
  FunctionOptions options;
  options.name = name;
  for (size_t i = 0; i < wrt.size(); ++i)
    options.updates.push_back({parameters[i], parameters[i] - kLearningRate * gradients[i]});
  return {parameters, function({input, target}, cost, options)};
}

} // namespace

std::vector<SharedVariable> share(const std::vector<Array> &initial) {
  std::vector<SharedVariable> parameters;
  for (const Array &value : initial)
    parameters.push_back(shared(value));
  return parameters;
}

ThetaModel buildMlpStep(const std::vector<SharedVariable> &p) {
  Variable x = fmatrix("x"), y = fmatrix("y");
  Variable h = x;
  for (size_t layer = 0; layer < p.size(); layer += 2)
    h = sigmoid(dot(h, p[layer]) + p[layer + 1]);
  return sgdStep("mlp_step", x, y, mean(sqr(h - y)), p);
}

ThetaModel buildCnnStep(const std::vector<SharedVariable> &p) {
  Variable images = ftensor4("images"), targets = fmatrix("targets");
  // Per-channel biases broadcast as Theano's b.dimshuffle('x', 0, 'x', 'x').
  auto channelBias = [](const Variable &b) {
    return dimshuffle(b, {newaxis, 0, newaxis, newaxis});
  };
  // Cross-correlation, as torch::conv2d and JAX compute it.
  nnet::Conv2DOptions correlation;
  correlation.filter_flip = false;
  Variable h1 = nnet::relu(nnet::conv2d(images, p[0], correlation) + channelBias(p[1]));
  Variable h2 = nnet::relu(nnet::conv2d(h1, p[2], correlation) + channelBias(p[3]));
  Variable pooled = nnet::max_pool_2d(h2, {2, 2});
  Variable logits = dot(flatten(pooled, 2), p[4]) + p[5];
  Variable cost = mean(nnet::categorical_crossentropy(nnet::softmax(logits), targets));
  return sgdStep("cnn_step", images, targets, cost, p);
}

ThetaModel buildRnnStep(const std::vector<SharedVariable> &p) {
  Variable x = ftensor3("x"), targets = fmatrix("targets"); // x: (time, batch, inputs)
  auto loop = [](const std::vector<Variable> &a) {
    const Variable &x_t = a[0], &h_tm1 = a[1], &W_x = a[2], &W_h = a[3], &b_h = a[4];
    return tanh(dot(x_t, W_x) + dot(h_tm1, W_h) + b_h);
  };
  RnnSizes sizes;
  Variable h0 = zeros({sizes.batch, sizes.hidden}, DType::Float32);
  ScanResult h = scan(loop, {x}, {h0}, {p[0], p[1], p[2]});
  Variable logits = dot(subtensor(h[0], {-1}), p[3]) + p[4];
  Variable cost = mean(nnet::categorical_crossentropy(nnet::softmax(logits), targets));
  return sgdStep("rnn_step", x, targets, cost, p);
}

namespace {

class ScalarAdd : public Workload {
public:
  ScalarAdd(float x, float y) : x(x), y(y) {
    Variable a = fscalar("x"), b = fscalar("y");
    f = function({a, b}, a + b);
  }
  void run() override { output = f({x, y})[0]; }
  std::vector<Array> results() const override { return {output}; }

private:
  Array x, y, output;
  Function f{nullptr};
};

class Chain : public Workload {
public:
  Chain(float a, const Array &x) : a(a), x(x), f(buildChain()) {}
  void run() override { output = f({a, x})[0]; }
  std::vector<Array> results() const override { return {output}; }

private:
  Array a, x, output;
  Function f;
};

class TrainingStep : public Workload {
public:
  TrainingStep(ThetaModel model, const Array &input, const Array &target)
      : model(std::move(model)), input(input), target(target) {}
  void run() override { cost = model.step({input, target})[0]; }
  std::vector<Array> results() const override {
    std::vector<Array> values{cost};
    for (const SharedVariable &p : model.parameters)
      values.push_back(p.get_value());
    return values;
  }

private:
  ThetaModel model;
  Array input, target, cost;
};

/// An embedding lookup: W[ids], every index checked against W's rows.
class Gather : public Workload {
public:
  Gather(const Array &table, const Array &ids) : table(table), ids(ids) {
    Variable W = fmatrix("W"), rows = lvector("ids");
    f = function({W, rows}, take(W, rows));
  }
  void run() override { output = f({table, ids})[0]; }
  std::vector<Array> results() const override { return {output}; }

private:
  Array table, ids, output;
  Function f{nullptr};
};

} // namespace

std::unique_ptr<Workload> thetaGather(const Array &table, const Array &ids) {
  return std::make_unique<Gather>(table, ids);
}

std::unique_ptr<Workload> thetaScalarAdd(float x, float y) {
  return std::make_unique<ScalarAdd>(x, y);
}

std::unique_ptr<Workload> thetaChain(float a, const Array &x) {
  return std::make_unique<Chain>(a, x);
}

std::unique_ptr<Workload> thetaMlpStep(const std::vector<Array> &initial, const Array &x,
                                       const Array &y) {
  return std::make_unique<TrainingStep>(buildMlpStep(share(initial)), x, y);
}

std::unique_ptr<Workload> thetaCnnStep(const std::vector<Array> &initial, const Array &images,
                                       const Array &targets) {
  return std::make_unique<TrainingStep>(buildCnnStep(share(initial)), images, targets);
}

std::unique_ptr<Workload> thetaRnnStep(const std::vector<Array> &initial, const Array &x,
                                       const Array &targets) {
  return std::make_unique<TrainingStep>(buildRnnStep(share(initial)), x, targets);
}

} // namespace bench
