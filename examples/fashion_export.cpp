// Trains a 784-256-10 MLP on Fashion-MNIST (3 epochs of SGD, about ten
// seconds here), then saves its predictor, compiled for the whole test set
// (10000 images), into a .theta file that theta-aot exports for the C
// program examples/aot_predict.c. Prints the test accuracy Theta measured,
// which the C program must reproduce exactly (the same compiled code).
//
//   fashion_export <out.theta> [epochs]
#include "examples/support/Idx.h"

#include <theta/theta.h>

#include <cstdio>
#include <cstdlib>
#include <random>

using namespace theta;

static Array weights(int64_t in, int64_t out, std::mt19937 &rng) {
  std::normal_distribution<float> normal(0.0f, std::sqrt(2.0f / static_cast<float>(in)));
  Array w(DType::Float32, {in, out});
  for (int64_t i = 0; i < w.size(); ++i)
    w.data<float>()[i] = normal(rng);
  return w;
}

int main(int argc, char **argv) try {
  if (argc < 2) {
    std::fprintf(stderr, "usage: fashion_export <out.theta> [epochs]\n");
    return 2;
  }
  int epochs = argc > 2 ? std::atoi(argv[2]) : 3;
  using examples::fashion_mnist_file;
  examples::IdxImages train = examples::read_idx_images(fashion_mnist_file("train-images-idx3-ubyte"));
  std::vector<int64_t> trainLabels = examples::read_idx_labels(fashion_mnist_file("train-labels-idx1-ubyte"));
  examples::IdxImages test = examples::read_idx_images(fashion_mnist_file("t10k-images-idx3-ubyte"));
  std::vector<int64_t> testLabels = examples::read_idx_labels(fashion_mnist_file("t10k-labels-idx1-ubyte"));
  const int64_t pixels = train.rows * train.cols, hidden = 256, classes = 10, batch = 100;

  std::mt19937 rng(2024);
  SharedVariable W1 = shared(weights(pixels, hidden, rng), "W1");
  SharedVariable b1 = shared(Array::zeros(DType::Float32, {hidden}), "b1");
  SharedVariable W2 = shared(weights(hidden, classes, rng), "W2");
  SharedVariable b2 = shared(Array::zeros(DType::Float32, {classes}), "b2");
  SharedVariable images = shared(Array::fromPointer(train.pixels.data(), {train.count, pixels}), "images");
  SharedVariable labels = shared(Array::fromVector(trainLabels), "labels");

  Variable x = fmatrix("x"), y = lvector("y"), index = lscalar("index");
  Variable logits = dot(nnet::relu(dot(x, W1) + b1), W2) + b2;
  Variable cost = mean(nnet::categorical_crossentropy(nnet::softmax(logits), y));
  std::vector<SharedVariable> parameters = {W1, b1, W2, b2};
  std::vector<Variable> gradients = grad(cost, parameters);
  FunctionOptions trainOptions;
  trainOptions.name = "train";
  trainOptions.givens = {{x, images[{Slice::from(index * batch, batch)}]},
                         {y, labels[{Slice::from(index * batch, batch)}]}};
  for (size_t i = 0; i < parameters.size(); ++i)
    trainOptions.updates.push_back({parameters[i], parameters[i] - 0.1f * gradients[i]});
  Function trainStep = function({index}, cost, trainOptions);
  FunctionOptions predictOptions;
  predictOptions.name = "predict";
  Function predict = function({x}, argmax(logits, 1), predictOptions);

  for (int epoch = 0; epoch < epochs; ++epoch) {
    double total = 0;
    for (int64_t b = 0; b < train.count / batch; ++b)
      total += trainStep(b)[0].at(0);
    std::printf("epoch %d: mean cost %.4f\n", epoch + 1, total / static_cast<double>(train.count / batch));
  }
  Array predicted = predict(Array::fromPointer(test.pixels.data(), {test.count, pixels}))[0];
  int64_t correct = 0;
  for (int64_t i = 0; i < test.count; ++i)
    correct += static_cast<int64_t>(predicted.at(i)) == testLabels[static_cast<size_t>(i)];
  std::printf("theta: %lld of %d test images correct\n", static_cast<long long>(correct), test.count);
  save_function(predict, argv[1]);
  return 0;
} catch (const std::exception &error) {
  std::fprintf(stderr, "fashion_export: %s\n", error.what());
  return 1;
}
