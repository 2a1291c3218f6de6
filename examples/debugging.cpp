// The practical guide's "Printing things" and "Dealing with NaN", on a small
// MLP: everything Theta offers to find out what a model does.
//
//   1. test values    a wrong weight shape caught at the line that built it,
//                     before any function exists; the values of a node read
//   2. Print          the hidden activations' shape and mean at every call
//   3. outputs        a node added to the outputs (the gradient's size)
//   4. debugprint     the graph as built, and as compiled (fused groups)
//   5. pydotprint     a PNG of the compiled graph
//   6. profile        Theano's Class / Ops / Apply tables of the step
//   7. NanGuardMode   a planted NaN found, named by op and line
//   8. DebugMode      the step checked against a float64 op-by-op reference
//
//   bazel run //examples:debugging -- [--out-dir DIR]
#include <theta/theta.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <random>
#include <string>

using namespace theta;

namespace {

constexpr int64_t kBatch = 64, kInputs = 20, kHidden = 32;

Array randomArray(Shape shape, std::mt19937 &rng, float scale) {
  std::normal_distribution<float> normal(0.0f, scale);
  Array a = Array::zeros(DType::Float32, shape);
  for (int64_t i = 0; i < a.size(); ++i)
    a.data<float>()[i] = normal(rng);
  return a;
}

std::string shapeText(const Array &a) {
  std::string text = "(";
  for (size_t i = 0; i < a.shape().size(); ++i)
    text += (i ? ", " : "") + std::to_string(a.shape()[i]);
  return text + (a.shape().size() == 1 ? ",)" : ")");
}

void section(const char *title) { std::cout << "\n=== " << title << " ===\n"; }

/// The MLP's training step: x (batch, inputs) -> tanh hidden -> sigmoid,
/// mean cross-entropy, plain SGD. `printHidden` wraps the hidden layer in a
/// Print; `monitor` adds the mean |gradient| of W1 to the outputs.
struct Model {
  SharedVariable W1, b1, W2, b2;
  Variable x = fmatrix("x"), y = fmatrix("y");
  Variable hidden, cost, gradientSize;
  std::vector<std::pair<SharedVariable, Variable>> updates;

  Model(std::mt19937 &rng, bool printHidden) {
    W1 = shared(randomArray({kInputs, kHidden}, rng, 0.3f), "W1");
    b1 = shared(Array::zeros(DType::Float32, {kHidden}), "b1");
    W2 = shared(randomArray({kHidden, 1}, rng, 0.3f), "W2");
    b2 = shared(Array::zeros(DType::Float32, {1}), "b2");
    hidden = tanh(dot(x, W1) + b1);
    if (printHidden)
      hidden = Print("hidden", {"shape", "mean"})(hidden);
    Variable prediction = sigmoid(dot(hidden, W2) + b2);
    cost = mean(nnet::binary_crossentropy(prediction, y));
    std::vector<Variable> g = grad(cost, {W1, b1, W2, b2});
    gradientSize = mean(abs(g[0]));
    std::vector<SharedVariable> parameters{W1, b1, W2, b2};
    for (size_t i = 0; i < parameters.size(); ++i)
      updates.push_back({parameters[i], parameters[i] - 0.5f * g[i]});
  }

  Function step(const std::string &mode, bool profile = false) const {
    FunctionOptions options;
    options.name = "mlp_step";
    options.updates = updates;
    options.mode = mode;
    options.profile = profile;
    return function({x, y}, {cost, gradientSize}, options);
  }
};

} // namespace

int main(int argc, char **argv) {
  std::string outDir = ".";
  for (int i = 1; i + 1 < argc; i += 2)
    if (!std::strcmp(argv[i], "--out-dir"))
      outDir = argv[i + 1];

  std::mt19937 rng(7);
  Array inputs = randomArray({kBatch, kInputs}, rng, 1.0f);
  Array targets = Array::zeros(DType::Float32, {kBatch, 1});
  for (int64_t i = 0; i < kBatch; ++i) // the label: the sign of the first two inputs' sum
    targets.data<float>()[i] = inputs.data<float>()[i * kInputs] +
                                           inputs.data<float>()[i * kInputs + 1] >
                                       0
                                   ? 1.0f
                                   : 0.0f;

  section("1. test values: shapes checked while the graph is built");
  config().compute_test_value = "raise";
  {
    Variable x = fmatrix("x");
    x.set_test_value(Array::full(DType::Float32, {kBatch, kInputs}, 1.0));
    // A mistake: the weights are (inputs + 1) x hidden.
    SharedVariable W = shared(Array::zeros(DType::Float32, {kInputs + 1, kHidden}), "W");
    try {
      Variable h = dot(x, W);
      std::cout << "not caught: " << h << "\n";
    } catch (const ShapeError &error) {
      std::cout << "caught ShapeError: " << error.what() << "\n";
    }
    W.set_value(Array::full(DType::Float32, {kInputs, kHidden}, 0.01));
    Variable h = tanh(dot(x, W));
    Array value = h.test_value();
    std::cout << "fixed: h's test value has shape " << shapeText(value) << ", h[0, 0] = "
              << value.data<float>()[0] << "\n";
  }
  config().compute_test_value = "off";

  section("2. Print during execution, 3. a node added to the outputs");
  Model printed(rng, /*printHidden=*/true);
  Function printedStep = printed.step("FAST_RUN");
  for (int call = 0; call < 2; ++call) {
    std::vector<Array> result = printedStep(inputs, targets);
    std::cout << "step " << call << ": cost " << result[0].item<float>()
              << ", mean |dcost/dW1| " << result[1].item<float>() << "\n";
  }

  section("4. debugprint of the cost, then of the step before and after optimization");
  Model model(rng, /*printHidden=*/false);
  debugprint(model.cost, std::cout);
  Function step = model.step("FAST_RUN", /*profile=*/true);
  std::cout << "\n";
  debugprint(step, std::cout, {inputs, targets});

  section("5. pydotprint");
  std::string png = outDir + "/mlp_step.png";
  pydotprint(step, png, {inputs, targets});
  std::cout << "wrote " << png << "\n";

  section("6. profile of 200 steps");
  float first = 0, last = 0;
  for (int call = 0; call < 200; ++call) {
    float cost = step(inputs, targets)[0].item<float>();
    (call == 0 ? first : last) = cost;
  }
  std::cout << "cost " << first << " -> " << last << "\n";
  step.profile().print(std::cout);

  section("7. NanGuardMode finds a planted NaN");
  {
    Variable x = fmatrix("x");
    SharedVariable scale = shared(Array(1.0f), "scale");
    // The planted bug: log of a value that is negative for half the inputs.
    Variable features = log(x * scale) + 1.0f;
    Variable cost = mean(features * features);
    FunctionOptions options;
    options.mode = "NanGuardMode";
    options.updates = {{scale, scale * 0.9f}};
    Function f = function({x}, cost, options);
    try {
      f(inputs);
      std::cout << "not caught\n";
    } catch (const NumericError &error) {
      std::cout << "caught NumericError: " << error.what() << "\n";
    }
    std::cout << "scale after the failed call: " << scale.get_value().item<float>()
              << " (unchanged)\n";
  }

  section("8. DebugMode checks the step against a float64 reference");
  {
    std::mt19937 same(11), again(11);
    Model fast(same, false), checked(again, false);
    Function fastStep = fast.step("FAST_RUN"), checkedStep = checked.step("DebugMode");
    auto time = [&](const Function &f, int calls) {
      f(inputs, targets); // compiles
      auto start = std::chrono::steady_clock::now();
      for (int i = 0; i < calls; ++i)
        f(inputs, targets);
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
             calls;
    };
    double fastSeconds = time(fastStep, 20), checkedSeconds = time(checkedStep, 20);
    float difference = 0;
    Array a = fast.W1.get_value(), b = checked.W1.get_value();
    for (int64_t i = 0; i < a.size(); ++i)
      difference = std::max(difference, std::abs(a.data<float>()[i] - b.data<float>()[i]));
    std::cout << "DebugMode passed 21 steps; W1 differs from FAST_RUN's by at most " << difference
              << "\n";
    std::printf("a step takes %.3f ms in FAST_RUN, %.3f ms in DebugMode (%.0fx)\n",
                fastSeconds * 1e3, checkedSeconds * 1e3, checkedSeconds / fastSeconds);
  }
  return 0;
}
