// The seed's single neuron, y = sigmoid(x·w + b), with w and b as shared
// variables, trained by gradient descent with `updates` on two Gaussian blobs.
// "You don't really need to think about the gradient anymore": theta::grad
// builds it, and the compiler expands it (--theta-autodiff) into the same
// function as the forward pass and the updates.
#include <theta/theta.h>

#include <cmath>
#include <cstdio>
#include <random>

int main() {
  using namespace theta;
  constexpr int64_t samples = 400;
  std::mt19937 rng(1234);
  std::normal_distribution<float> noise(0.0f, 0.7f);
  Array inputs(DType::Float32, {samples, 2}), labels(DType::Float32, {samples});
  for (int64_t i = 0; i < samples; ++i) {
    float label = static_cast<float>(i % 2);
    inputs.data<float>()[2 * i] = noise(rng) + (label > 0 ? 1.0f : -1.0f);
    inputs.data<float>()[2 * i + 1] = noise(rng) + (label > 0 ? 0.5f : -0.5f);
    labels.data<float>()[i] = label;
  }

  SharedVariable w = shared(Array::fromVector<float>({0.0f, 0.0f}), "w");
  SharedVariable b = shared(Array(0.0f), "b");
  Variable x = fmatrix("x"), target = fvector("target");
  Variable y = sigmoid(dot(x, w) + b);                      // the neuron
  Variable cost = -mean(target * log(y) + (1.0f - target) * log(1.0f - y));
  Variable correct = mean(cast(eq(y > 0.5f, target > 0.5f), DType::Float32));

  std::vector<Variable> gradients = grad(cost, {w, b});
  Variable gradW = gradients[0], gradB = gradients[1];
  const float learningRate = 1.0f;
  FunctionOptions options;
  options.name = "train";
  options.updates = {{w, w - learningRate * gradW}, {b, b - learningRate * gradB}};
  Function train = function({x, target}, {cost, correct}, options);

  float first = 0, last = 0, accuracy = 0;
  for (int step = 0; step <= 200; ++step) {
    std::vector<Array> out = train(inputs, labels);
    last = out[0].item<float>();
    accuracy = out[1].item<float>();
    if (step == 0)
      first = last;
    if (step % 50 == 0)
      std::printf("step %3d  cost %.4f  accuracy %.3f\n", step, last, accuracy);
  }
  Array learned = w.get_value();
  std::printf("w = [%.3f %.3f], b = %.3f\n", learned.at(0), learned.at(1),
              b.get_value().item<float>());
  std::printf("cost fell from %.4f to %.4f; training accuracy %.3f\n", first, last, accuracy);
  return last < first && accuracy > 0.85f ? 0 : 1;
}
