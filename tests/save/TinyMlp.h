//===- TinyMlp.h - a 2-32-32-1 MLP with momentum, for the save tests ------===//
#ifndef THETA_TESTS_SAVE_TINYMLP_H
#define THETA_TESTS_SAVE_TINYMLP_H

#include "StepData.h"

#include <theta/theta.h>

namespace theta::testing {

struct TinyMlp {
  std::vector<SharedVariable> parameters;
  Function train;   // (x, y) -> cost; updates the parameters and velocities
  Function predict; // (x) -> probabilities
};

inline TinyMlp buildTinyMlp() {
  Variable x = matrix("x", DType::Float32), y = matrix("y", DType::Float32);
  SharedVariable W1 = shared(initialWeights({kFeatures, kHidden}, 1), "W1");
  SharedVariable b1 = shared(Array::zeros(DType::Float32, {kHidden}), "b1");
  SharedVariable W2 = shared(initialWeights({kHidden, kHidden}, 2), "W2");
  SharedVariable b2 = shared(Array::zeros(DType::Float32, {kHidden}), "b2");
  SharedVariable W3 = shared(initialWeights({kHidden, 1}, 3), "W3");
  SharedVariable b3 = shared(Array::zeros(DType::Float32, {1}), "b3");
  std::vector<SharedVariable> parameters = {W1, b1, W2, b2, W3, b3};
  Variable h1 = tanh(dot(x, W1) + b1);
  Variable h2 = tanh(dot(h1, W2) + b2);
  Variable out = sigmoid(dot(h2, W3) + b3);
  Variable cost = mean(sqr(out - y));
  std::vector<Variable> gradients = grad(cost, parameters);
  FunctionOptions options;
  options.name = "train";
  for (size_t i = 0; i < parameters.size(); ++i) {
    SharedVariable velocity =
        shared(Array::zeros(DType::Float32, parameters[i].get_value().shape()),
               "v_" + parameters[i].name());
    Variable next = 0.9 * velocity - 0.5 * gradients[i];
    options.updates.push_back({velocity, next});
    options.updates.push_back({parameters[i], parameters[i] + next});
  }
  Function train = function({x, y}, cost, options);
  FunctionOptions predictOptions;
  predictOptions.name = "predict";
  Function predict = function({x}, out, predictOptions);
  return {parameters, train, predict};
}

} // namespace theta::testing

#endif // THETA_TESTS_SAVE_TINYMLP_H
