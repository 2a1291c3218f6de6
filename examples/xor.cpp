// The seed's XOR net: three sigmoid neurons (two hidden, one output) learn
// XOR by gradient descent on the four input pairs, with the gradients from
// theta::grad and the parameters updated by the compiled training step.
#include <theta/theta.h>

#include <cstdio>
#include <random>
#include <string>

int main() {
  using namespace theta;
  Array inputs = Array::fromVector<double>({0, 0, 0, 1, 1, 0, 1, 1}, {4, 2});
  Array targets = Array::fromVector<double>({0, 1, 1, 0});

  std::mt19937 rng(3);
  std::normal_distribution<double> normal(0.0, 1.0);
  auto random = [&](Shape shape) {
    Array a = Array::zeros(DType::Float64, shape);
    for (int64_t i = 0; i < a.size(); ++i)
      a.data<double>()[i] = normal(rng);
    return a;
  };
  SharedVariable w1 = shared(random({2, 2}), "w1"), b1 = shared(random({2}), "b1");
  SharedVariable w2 = shared(random({2}), "w2"), b2 = shared(random({}), "b2");

  Variable x = dmatrix("x"), t = dvector("t");
  Variable hidden = sigmoid(dot(x, w1) + b1);     // two neurons
  Variable output = sigmoid(dot(hidden, w2) + b2); // one neuron
  Variable cost = mean(sqr(output - t));
  std::vector<SharedVariable> parameters{w1, b1, w2, b2};
  std::vector<Variable> gradients = grad(cost, {w1, b1, w2, b2});
  FunctionOptions options;
  options.name = "xor_step";
  const double learningRate = 2.0;
  for (size_t i = 0; i < parameters.size(); ++i)
    options.updates.push_back({parameters[i], parameters[i] - learningRate * gradients[i]});
  Function train = function({x, t}, cost, options);
  Function predict = function({x}, output);

  const int epochs = 4000;
  double first = train(inputs, targets)[0].item<double>(), last = first;
  for (int epoch = 1; epoch <= epochs; ++epoch) {
    last = train(inputs, targets)[0].item<double>();
    if (epoch % (epochs / 20) == 0) {
      int done = epoch * 20 / epochs;
      std::printf("\r[%s%s] epoch %4d  cost %.5f", std::string(done, '#').c_str(),
                  std::string(20 - done, ' ').c_str(), epoch, last);
      std::fflush(stdout);
    }
  }
  std::printf("\n");

  Array out = predict(inputs)[0];
  bool solved = true;
  for (int i = 0; i < 4; ++i) {
    double y = out.at(i);
    bool expected = targets.at(i) > 0.5;
    solved = solved && ((y > 0.5) == expected);
    std::printf("xor(%d, %d) = %.3f\n", static_cast<int>(inputs.at(2 * i)),
                static_cast<int>(inputs.at(2 * i + 1)), y);
  }
  std::printf("cost fell from %.4f to %.4f; %s\n", first, last,
              solved ? "all four outputs on the right side of 0.5" : "not solved");
  return solved ? 0 : 1;
}
