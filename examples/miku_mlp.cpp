// The seed's "function of Miku": a 2-1000-1000-1 sigmoid MLP learns a
// two-colour picture as a function f(x, y) -> {0, 1}, with minibatches of
// 1000 points and 100 epochs, as in the tutorial. The tutorial's data file
// is not available, so the picture is generated (examples/support/Picture.h),
// 100 x 100 points instead of 500 x 500 so that the run takes about a minute;
// with 10x fewer steps than the tutorial, plain SGD at rate 0.01 barely
// moves, so this uses SGD with momentum 0.9 at rate 0.1 on the mean
// cross-entropy (all flags below). At the end it writes a PNG of the learned
// function next to the target.
//
//   bazel run //examples:miku_mlp -- [--epochs N] [--size PIXELS] [--lr RATE]
//       [--momentum M] [--scale FIRST_LAYER_SCALE] [--out FILE]
#include <theta/theta.h>

#include "examples/support/Picture.h"
#include "examples/support/Png.h"
#include "examples/support/Progress.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <numeric>
#include <random>
#include <string>

using namespace theta;
namespace ex = theta::examples;

namespace {

struct Settings {
  int epochs = 100;
  int size = 100; // the picture is size x size points
  int batch = 1000;
  float learningRate = 0.1f;
  float firstLayerScale = 4.0f;
  float momentum = 0.9f;
  std::string out = "miku_mlp.png";
};

Settings parse(int argc, char **argv) {
  Settings s;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--epochs"))
      s.epochs = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--size"))
      s.size = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--lr"))
      s.learningRate = static_cast<float>(std::atof(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--scale"))
      s.firstLayerScale = static_cast<float>(std::atof(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--momentum"))
      s.momentum = static_cast<float>(std::atof(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--out"))
      s.out = argv[i + 1];
  }
  return s;
}

/// Gaussian initial weights with standard deviation `scale`/sqrt(fan_in).
Array initialWeights(Shape shape, std::mt19937 &rng, float scale = 1.0f) {
  std::normal_distribution<float> normal(0.0f, scale / std::sqrt(float(shape[0])));
  Array a = Array::zeros(DType::Float32, shape);
  for (int64_t i = 0; i < a.size(); ++i)
    a.data<float>()[i] = normal(rng);
  return a;
}

} // namespace

int main(int argc, char **argv) {
  Settings settings = parse(argc, argv);
  ex::Picture picture = ex::make_picture(settings.size, settings.size);
  ex::PictureSamples samples = ex::sample_points(picture);
  // The tutorial's inputs span [-2.5, 2.5].
  for (float &v : samples.inputs)
    v *= 2.5f;
  const int count = samples.count;

  // Network: x (batch, 2) -> sigmoid 1000 -> sigmoid 1000 -> sigmoid 1.
  std::mt19937 rng(1234);
  // The first layer's sigmoids start as sharp edges spread over the picture
  // (large weights, biases across the input range), so the deeper layers
  // have features to combine from the first epoch on.
  SharedVariable W1 = shared(initialWeights({2, 1000}, rng, settings.firstLayerScale), "W1");
  SharedVariable W2 = shared(initialWeights({1000, 1000}, rng), "W2");
  SharedVariable W3 = shared(initialWeights({1000, 1}, rng), "W3");
  Array spread = Array::zeros(DType::Float32, {1000});
  std::uniform_real_distribution<float> offsets(-1.0f, 1.0f);
  for (int i = 0; i < 1000; ++i)
    spread.data<float>()[i] = offsets(rng) * 2.5f * settings.firstLayerScale;
  SharedVariable b1 = shared(spread, "b1");
  SharedVariable b2 = shared(Array::zeros(DType::Float32, {1000}), "b2");
  SharedVariable b3 = shared(Array::zeros(DType::Float32, {1}), "b3");
  std::vector<SharedVariable> parameters{W1, W2, W3, b1, b2, b3};

  Variable x = fmatrix("input"), y_hat = fmatrix("reference");
  Variable a1 = sigmoid(dot(x, W1) + b1);
  Variable a2 = sigmoid(dot(a1, W2) + b2);
  Variable y = sigmoid(dot(a2, W3) + b3);
  Variable cost = mean(nnet::binary_crossentropy(y, y_hat));
  std::vector<Variable> gradients =
      grad(cost, std::vector<Variable>(parameters.begin(), parameters.end()));
  FunctionOptions options;
  options.name = "miku_train";
  // SGD with classical momentum: v <- m v - rate g; p <- p + v.
  for (size_t i = 0; i < parameters.size(); ++i) {
    Array zeros = Array::zeros(DType::Float32, parameters[i].get_value().shape());
    SharedVariable velocity = shared(zeros, "v_" + parameters[i].name());
    Variable next = settings.momentum * velocity - settings.learningRate * gradients[i];
    options.updates.push_back({velocity, next});
    options.updates.push_back({parameters[i], parameters[i] + next});
  }
  Function train = function({x, y_hat}, cost, options);
  Function predict = function({x}, y);

  std::vector<int> order(count);
  std::iota(order.begin(), order.end(), 0);
  Array batchX = Array::zeros(DType::Float32, {settings.batch, 2});
  Array batchY = Array::zeros(DType::Float32, {settings.batch, 1});
  const int batches = count / settings.batch;
  if (batches == 0) {
    std::fprintf(stderr, "miku_mlp: %d points are fewer than one batch of %d\n", count,
                 settings.batch);
    return 1;
  }

  auto start = std::chrono::steady_clock::now();
  ex::Progress progress("epoch", settings.epochs);
  double firstCost = 0, lastCost = 0;
  for (int epoch = 1; epoch <= settings.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng); // mk_batch: a new order every epoch
    double total = 0;
    for (int b = 0; b < batches; ++b) {
      for (int i = 0; i < settings.batch; ++i) {
        int point = order[b * settings.batch + i];
        batchX.data<float>()[2 * i] = samples.inputs[2 * point];
        batchX.data<float>()[2 * i + 1] = samples.inputs[2 * point + 1];
        batchY.data<float>()[i] = samples.targets[point];
      }
      total += train(batchX, batchY)[0].item<double>();
    }
    lastCost = total / batches; // mean cross-entropy per point
    if (epoch == 1)
      firstCost = lastCost;
    progress.update(epoch, lastCost);
  }
  progress.finish();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // The learned function on every pixel, next to the target.
  Array all = Array::fromVector<float>(samples.inputs, {count, 2});
  Array learned = predict(all)[0];
  std::vector<float> image(count);
  int correct = 0;
  for (int i = 0; i < count; ++i) {
    image[i] = static_cast<float>(learned.at(i));
    correct += (image[i] > 0.5f) == (samples.targets[i] > 0.5f);
  }
  ex::Image side = ex::side_by_side(ex::to_rgb(image, settings.size, settings.size),
                                    ex::to_rgb(picture.values, settings.size, settings.size));
  ex::write_png(settings.out, side);

  std::printf("miku_mlp: %d points, %d epochs of %d batches, %.1f s (%.1f ms per step)\n", count,
              settings.epochs, batches, seconds, 1000.0 * seconds / (settings.epochs * batches));
  std::printf("cross-entropy fell from %.4f to %.4f; %.1f%% of pixels on the right side of "
              "0.5\n",
              firstCost, lastCost, 100.0 * correct / count);
  std::printf("wrote %s (learned function | target)\n", settings.out.c_str());
  return lastCost < firstCost ? 0 : 1;
}
