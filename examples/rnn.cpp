// The seed's RNN, minibatched: h_t = tanh(x_t W_x + h_{t-1} W_h + b_h) with
// y = softmax(h_T W_y + b_y), trained by backpropagation through time.
//
// The task is generated: each sequence is `length` tokens (one-hot over 8
// symbols) of noise symbols 4..7 with one marker symbol 0..3 at a random
// position; the class is the marker. The net must carry the marker to the
// end of the sequence. The input is a (batch, time, symbols) tensor3,
// dimshuffled so that scan iterates over time (the seed's "Dimshuffle and
// minibatches"). Flags: --steps N --batch N --length N --hidden N --lr X.
#include "examples/support/Progress.h"

#include <theta/theta.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>

namespace ex = theta::examples;

namespace {

struct Settings {
  int steps = 2000;
  int batch = 32;
  int length = 12;
  int hidden = 64;
  float learningRate = 0.1f;
};

Settings parse(int argc, char **argv) {
  Settings s;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--steps"))
      s.steps = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--batch"))
      s.batch = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--length"))
      s.length = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--hidden"))
      s.hidden = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--lr"))
      s.learningRate = static_cast<float>(std::atof(argv[i + 1]));
    else {
      std::fprintf(stderr, "unknown flag %s\n", argv[i]);
      std::exit(2);
    }
  }
  return s;
}

constexpr int kSymbols = 8, kClasses = 4;

/// A batch of marker sequences: inputs (batch, length, symbols), labels (batch).
std::pair<theta::Array, theta::Array> makeBatch(std::mt19937 &rng, int batch, int length) {
  theta::Array x = theta::Array::zeros(theta::DType::Float32, {batch, length, kSymbols});
  theta::Array labels = theta::Array::zeros(theta::DType::Int64, {batch});
  std::uniform_int_distribution<int> noise(kClasses, kSymbols - 1), marker(0, kClasses - 1),
      position(0, length - 1);
  for (int b = 0; b < batch; ++b) {
    int where = position(rng), label = marker(rng);
    labels.data<int64_t>()[b] = label;
    for (int t = 0; t < length; ++t)
      x.data<float>()[(b * length + t) * kSymbols + (t == where ? label : noise(rng))] = 1;
  }
  return {x, labels};
}

theta::Array randomMatrix(std::mt19937 &rng, int64_t rows, int64_t cols, double scale) {
  std::normal_distribution<float> normal(0.0f, static_cast<float>(scale));
  theta::Array a = theta::Array::zeros(theta::DType::Float32, {rows, cols});
  for (int64_t i = 0; i < a.size(); ++i)
    a.data<float>()[i] = normal(rng);
  return a;
}

} // namespace

int main(int argc, char **argv) {
  using namespace theta;
  Settings s = parse(argc, argv);
  std::mt19937 rng(7);

  SharedVariable W_x = shared(randomMatrix(rng, kSymbols, s.hidden, 0.5), "W_x");
  SharedVariable W_h =
      shared(randomMatrix(rng, s.hidden, s.hidden, 1.0 / std::sqrt(s.hidden)), "W_h");
  SharedVariable b_h = shared(Array::zeros(DType::Float32, {s.hidden}), "b_h");
  SharedVariable W_y =
      shared(randomMatrix(rng, s.hidden, kClasses, 1.0 / std::sqrt(s.hidden)), "W_y");
  SharedVariable b_y = shared(Array::zeros(DType::Float32, {kClasses}), "b_y");

  Variable x = tensor3("x"); // (batch, time, symbols)
  Variable labels = lvector("labels");
  auto loop = [](const std::vector<Variable> &a) {
    const Variable &x_t = a[0], &h_tm1 = a[1], &W_x = a[2], &W_h = a[3], &b_h = a[4];
    return tanh(dot(x_t, W_x) + dot(h_tm1, W_h) + b_h);
  };
  Variable h0 = zeros({s.batch, s.hidden});
  ScanResult values = scan(loop, {x.dimshuffle({1, 0, 2})}, {h0}, {W_x, W_h, b_h});
  Variable h_T = subtensor(values[0], {-1});
  Variable y_hat = nnet::softmax(dot(h_T, W_y) + b_y);
  Variable cost = mean(nnet::categorical_crossentropy(y_hat, labels));
  Variable accuracy = mean(eq(argmax(y_hat, 1), labels).astype(DType::Float32));

  std::vector<SharedVariable> parameters{W_x, W_h, b_h, W_y, b_y};
  std::vector<Variable> gradients = grad(cost, {W_x, W_h, b_h, W_y, b_y});
  FunctionOptions options;
  options.name = "rnn_train";
  for (size_t i = 0; i < parameters.size(); ++i)
    options.updates.push_back({parameters[i], parameters[i] - s.learningRate * gradients[i]});
  Function train = function({x, labels}, cost, options);
  Function evaluate = function({x, labels}, {cost, accuracy});

  std::printf("tanh RNN, %d hidden units, sequences of %d, batch %d, %d steps of SGD\n",
              s.hidden, s.length, s.batch, s.steps);
  double first = 0, last = 0, recent = 0;
  ex::Progress progress("step", s.steps);
  for (int step = 1; step <= s.steps; ++step) {
    auto [batchX, batchLabels] = makeBatch(rng, s.batch, s.length);
    last = train(batchX, batchLabels)[0].item<double>();
    if (step == 1)
      first = last;
    recent = step == 1 ? last : 0.9 * recent + 0.1 * last;
    progress.update(step, recent);
  }
  progress.finish();

  std::mt19937 testRng(12345);
  double testCost = 0, testAccuracy = 0;
  const int testBatches = 8;
  for (int i = 0; i < testBatches; ++i) {
    auto [batchX, batchLabels] = makeBatch(testRng, s.batch, s.length);
    std::vector<Array> out = evaluate(batchX, batchLabels);
    testCost += out[0].item<double>() / testBatches;
    testAccuracy += out[1].item<double>() / testBatches;
  }
  std::printf("cross-entropy: first step %.4f, last steps %.4f (chance: %.4f)\n", first, recent,
              std::log(static_cast<double>(kClasses)));
  std::printf("test: cross-entropy %.4f, accuracy %.3f on %d new sequences (chance 0.25)\n",
              testCost, testAccuracy, testBatches * s.batch);
  return 0;
}
