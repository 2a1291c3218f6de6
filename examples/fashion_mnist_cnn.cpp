// A convolutional net on Fashion-MNIST, as in the seed's CNN slides: two
// conv + max-pool layers and a dense softmax layer, trained with SGD and
// momentum on minibatches; integer labels go straight into the
// cross-entropy. The data come from Debian's dataset-fashion-mnist package
// (or $THETA_FASHION_MNIST). Reports test accuracy and seconds per epoch.
//
//   bazel run //examples:fashion_mnist_cnn -- [--epochs N] [--train COUNT]
//       [--test COUNT] [--batch B] [--lr RATE] [--decay FACTOR]
//
// The learning rate starts at RATE and is multiplied by FACTOR after every
// epoch.
#include <theta/theta.h>

#include "examples/support/Idx.h"
#include "examples/support/Progress.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <random>

using namespace theta;
namespace ex = theta::examples;

namespace {

struct Settings {
  int epochs = 8;
  int train = -1; // all 60000
  int test = -1;  // all 10000
  int batch = 128;
  float learningRate = 0.05f;
  float decay = 0.8f; // the learning rate is multiplied by this after every epoch
  float momentum = 0.9f;
};

Settings parse(int argc, char **argv) {
  Settings s;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--epochs")
      s.epochs = std::atoi(argv[i + 1]);
    else if (flag == "--train")
      s.train = std::atoi(argv[i + 1]);
    else if (flag == "--test")
      s.test = std::atoi(argv[i + 1]);
    else if (flag == "--batch")
      s.batch = std::atoi(argv[i + 1]);
    else if (flag == "--lr")
      s.learningRate = static_cast<float>(std::atof(argv[i + 1]));
    else if (flag == "--decay")
      s.decay = static_cast<float>(std::atof(argv[i + 1]));
  }
  return s;
}

/// He-initialized float32 weights (fan_in = product of all dims but the first
/// for filters, the first dim for dense matrices).
Array heWeights(Shape shape, int64_t fanIn, std::mt19937 &rng) {
  std::normal_distribution<float> normal(0.0f, std::sqrt(2.0f / float(fanIn)));
  Array a = Array::zeros(DType::Float32, shape);
  for (int64_t i = 0; i < a.size(); ++i)
    a.data<float>()[i] = normal(rng);
  return a;
}

/// Images [first, first + count) of `images` as a (count, 1, 28, 28) array.
Array batchOf(const ex::IdxImages &images, const std::vector<int> &order, int first, int count) {
  int64_t pixels = int64_t(images.rows) * images.cols;
  Array a = Array::zeros(DType::Float32, {count, 1, images.rows, images.cols});
  for (int i = 0; i < count; ++i)
    std::copy_n(images.pixels.begin() + order[first + i] * pixels, pixels,
                a.data<float>() + i * pixels);
  return a;
}

Array labelsOf(const std::vector<int64_t> &labels, const std::vector<int> &order, int first,
               int count) {
  Array a = Array::zeros(DType::Int64, {count});
  for (int i = 0; i < count; ++i)
    a.data<int64_t>()[i] = labels[order[first + i]];
  return a;
}

} // namespace

int main(int argc, char **argv) {
  Settings settings = parse(argc, argv);
  ex::IdxImages trainImages =
      ex::read_idx_images(ex::fashion_mnist_file("train-images-idx3-ubyte"), settings.train);
  std::vector<int64_t> trainLabels =
      ex::read_idx_labels(ex::fashion_mnist_file("train-labels-idx1-ubyte"), settings.train);
  ex::IdxImages testImages =
      ex::read_idx_images(ex::fashion_mnist_file("t10k-images-idx3-ubyte"), settings.test);
  std::vector<int64_t> testLabels =
      ex::read_idx_labels(ex::fashion_mnist_file("t10k-labels-idx1-ubyte"), settings.test);

  // conv 32@5x5 (same) -> relu -> pool 2x2 -> conv 64@5x5 (same) -> relu ->
  // pool 2x2 -> flatten -> dense 10 -> softmax.
  std::mt19937 rng(2024);
  SharedVariable W1 = shared(heWeights({32, 1, 5, 5}, 25, rng), "W1");
  SharedVariable b1 = shared(Array::zeros(DType::Float32, {32}), "b1");
  SharedVariable W2 = shared(heWeights({64, 32, 5, 5}, 32 * 25, rng), "W2");
  SharedVariable b2 = shared(Array::zeros(DType::Float32, {64}), "b2");
  SharedVariable W3 = shared(heWeights({64 * 7 * 7, 10}, 64 * 7 * 7, rng), "W3");
  SharedVariable b3 = shared(Array::zeros(DType::Float32, {10}), "b3");
  std::vector<SharedVariable> parameters{W1, b1, W2, b2, W3, b3};

  Variable x = ftensor4("x"), y = lvector("y");
  nnet::Conv2DOptions same;
  same.border_mode = "same";
  auto channelBias = [](const Variable &b) { return dimshuffle(b, {newaxis, 0, newaxis, newaxis}); };
  Variable h1 = nnet::max_pool_2d(nnet::relu(nnet::conv2d(x, W1, same) + channelBias(b1)), {2, 2});
  Variable h2 = nnet::max_pool_2d(nnet::relu(nnet::conv2d(h1, W2, same) + channelBias(b2)), {2, 2});
  Variable p = nnet::softmax(dot(flatten(h2, 2), W3) + b3);
  Variable cost = mean(nnet::categorical_crossentropy(p, y));
  Variable predictions = argmax(p, 1);

  std::vector<Variable> gradients =
      grad(cost, std::vector<Variable>(parameters.begin(), parameters.end()));
  // The learning rate is a shared variable, as in Theano: the schedule sets
  // it between epochs without recompiling the training step.
  SharedVariable learningRate =
      shared(Array::full(DType::Float32, {}, settings.learningRate), "learning_rate");
  FunctionOptions options;
  options.name = "cnn_train";
  for (size_t i = 0; i < parameters.size(); ++i) {
    Array zeros = Array::zeros(DType::Float32, parameters[i].get_value().shape());
    SharedVariable velocity = shared(zeros, "v_" + parameters[i].name());
    Variable next = settings.momentum * velocity - learningRate * gradients[i];
    options.updates.push_back({velocity, next});
    options.updates.push_back({parameters[i], parameters[i] + next});
  }
  Function train = function({x, y}, cost, options);
  Function predict = function({x}, predictions);

  std::vector<int> order(trainImages.count);
  std::iota(order.begin(), order.end(), 0);
  const int batches = trainImages.count / settings.batch;
  std::printf("fashion_mnist_cnn: %d training images, %d test images, batch %d\n",
              trainImages.count, testImages.count, settings.batch);

  auto accuracy = [&]() {
    std::vector<int> all(testImages.count);
    std::iota(all.begin(), all.end(), 0);
    int correct = 0;
    for (int first = 0; first < testImages.count; first += 500) {
      int count = std::min(500, testImages.count - first);
      Array predicted = predict(batchOf(testImages, all, first, count))[0];
      for (int i = 0; i < count; ++i)
        correct += predicted.data<int64_t>()[i] == testLabels[first + i];
    }
    return double(correct) / testImages.count;
  };

  double secondsPerEpoch = 0, testAccuracy = 0;
  for (int epoch = 1; epoch <= settings.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    auto start = std::chrono::steady_clock::now();
    ex::Progress progress("epoch " + std::to_string(epoch) + " batch", batches);
    double total = 0;
    for (int b = 0; b < batches; ++b) {
      total += train(batchOf(trainImages, order, b * settings.batch, settings.batch),
                     labelsOf(trainLabels, order, b * settings.batch, settings.batch))[0]
                   .item<double>();
      progress.update(b + 1, total / (b + 1));
    }
    progress.finish();
    secondsPerEpoch = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    testAccuracy = accuracy();
    std::printf("epoch %d: training cross-entropy %.4f, test accuracy %.4f, %.1f s\n", epoch,
                total / batches, testAccuracy, secondsPerEpoch);
    learningRate.set_value(Array::full(
        DType::Float32, {}, learningRate.get_value().item<double>() * settings.decay));
  }
  std::printf("test accuracy %.4f after %d epochs (%.1f s per epoch, %.1f ms per step)\n",
              testAccuracy, settings.epochs, secondsPerEpoch, 1000.0 * secondsPerEpoch / batches);
  return 0;
}
