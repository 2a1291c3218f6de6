// Profiling (theano.function(..., profile=True)): the rows of the tables,
// their times against the calls' times, scans' steps, compile stages, peak
// memory, the configuration, and no instrumentation when off.
#include <cmath>
#include <theta/theta.h>

#include "tests/api/TestUtil.h"

#include "lowering/Pipelines.h"
#include "runtime/Profile.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

using namespace theta;

namespace {

using theta_test::randomArray;

/// "tests/api/profile_test.cpp:<line>" as the rows name it.
std::string here(int line) { return std::string(__FILE__) + ":" + std::to_string(line); }

bool hasSource(const ProfileRow &row, const std::string &op, int line) {
  for (const auto &[name, where] : row.sources)
    if (name == op && where == here(line))
      return true;
  return false;
}

const ProfileRow *rowWith(const ProfileStats &stats, const std::string &className,
                          const std::string &op, int line) {
  for (const ProfileRow &row : stats.rows)
    if (row.className == className && hasSource(row, op, line))
      return &row;
  return nullptr;
}

FunctionOptions profiled(const char *name) {
  FunctionOptions options;
  options.name = name;
  options.profile = true;
  return options;
}

Array floats(const Shape &shape, uint64_t seed) {
  return randomArray(shape, -0.1, 0.1, seed).astype(DType::Float32);
}

/// The 2-512-512-1 sigmoid MLP's SGD step, batch 512: three large products
/// per layer pair, so that the compiled work dominates a call.
struct Mlp {
  static constexpr int64_t kBatch = 512, kHidden = 512;
  SharedVariable w1 = shared(floats({2, kHidden}, 1), "w1");
  SharedVariable b1 = shared(Array::zeros(DType::Float32, {kHidden}), "b1");
  SharedVariable w2 = shared(floats({kHidden, kHidden}, 2), "w2");
  SharedVariable b2 = shared(Array::zeros(DType::Float32, {kHidden}), "b2");
  SharedVariable w3 = shared(floats({kHidden, 1}, 3), "w3");
  Variable x = fmatrix("x"), y = fmatrix("y");
  int dotLine = 0, sigmoidLine = 0, meanLine = 0;
  Function step{nullptr};

  explicit Mlp(FunctionOptions options) {
    Variable h1 = sigmoid(dot(x, w1) + b1);
    dotLine = __LINE__ + 1;
    Variable z2 = dot(h1, w2);
    sigmoidLine = __LINE__ + 1;
    Variable h2 = sigmoid(z2 + b2);
    Variable out = dot(h2, w3);
    meanLine = __LINE__ + 1;
    Variable cost = mean(sqr(out - y));
    std::vector<Variable> wrt{w1, b1, w2, b2, w3};
    std::vector<Variable> gradients = grad(cost, wrt);
    std::vector<SharedVariable> parameters{w1, b1, w2, b2, w3};
    for (size_t i = 0; i < wrt.size(); ++i)
      options.updates.push_back({parameters[i], parameters[i] - 0.01f * gradients[i]});
    step = function({x, y}, cost, options);
  }
  void run(int calls) {
    Array inputs = floats({kBatch, 2}, 4), targets = floats({kBatch, 1}, 5);
    for (int i = 0; i < calls; ++i)
      step(inputs, targets);
  }
};

TEST(Profile, MlpStepRowsNameTheirOpsAndLines) {
  Mlp mlp(profiled("mlp_step"));
  mlp.run(10);
  ProfileStats stats = mlp.step.profile();
  ASSERT_TRUE(stats.enabled);
  EXPECT_EQ(stats.name, "mlp_step");
  EXPECT_EQ(stats.calls, 10);
  // The product of layer 2 is an OpenBLAS call, named after its dot and line.
  const ProfileRow *gemm = rowWith(stats, "Dot", "theta.dot", mlp.dotLine);
  ASSERT_NE(gemm, nullptr);
  EXPECT_EQ(gemm->type, 'L');
  EXPECT_NE(gemm->op.find("sgemm"), std::string::npos) << gemm->op;
  EXPECT_EQ(gemm->shape, "512x512x512");
  EXPECT_EQ(gemm->calls, 10);
  // Its bias and sigmoid are one fused loop nest.
  const ProfileRow *sigmoid = rowWith(stats, "Elemwise", "theta.sigmoid", mlp.sigmoidLine);
  ASSERT_NE(sigmoid, nullptr);
  EXPECT_NE(sigmoid->op.find("sigmoid"), std::string::npos) << sigmoid->op;
  EXPECT_EQ(sigmoid->type, 'C');
  // The cost's mean is a reduction.
  EXPECT_NE(rowWith(stats, "Reduce", "theta.mean", mlp.meanLine), nullptr);
  // Every top-level piece ran once per call.
  for (size_t index : stats.applies())
    EXPECT_EQ(stats.rows[index].calls, 10) << stats.rows[index].apply();
  // The tables group the same rows.
  double classes = 0, ops = 0;
  for (const ProfileGroup &group : stats.classes())
    classes += group.seconds;
  for (const ProfileGroup &group : stats.ops())
    ops += group.seconds;
  EXPECT_NEAR(classes, stats.piecesSeconds(), 1e-9);
  EXPECT_NEAR(ops, stats.piecesSeconds(), 1e-9);
  EXPECT_EQ(stats.classes().front().name, "Dot");
}

TEST(Profile, RowsAddUpToTheCallTime) {
  Mlp mlp(profiled("mlp_sums"));
  mlp.run(10);
  ProfileStats stats = mlp.step.profile();
  double pieces = stats.piecesSeconds();
  // Pieces inside compiled code inside the calls; what the pieces leave
  // out (allocating temporaries, the profiler's own clock reads) is small
  // in a graph of large products.
  EXPECT_GT(pieces, 0);
  EXPECT_LE(pieces, stats.compiledSeconds);
  EXPECT_LE(stats.compiledSeconds, stats.callSeconds);
  EXPECT_GE(pieces, 0.9 * stats.compiledSeconds)
      << pieces << " s in pieces of " << stats.compiledSeconds << " s of compiled code";
  EXPECT_GE(pieces, 0.8 * stats.callSeconds)
      << pieces << " s in pieces of " << stats.callSeconds << " s of calls";
}

TEST(Profile, CompileStagesAndPeakMemory) {
  Mlp mlp(profiled("mlp_compile"));
  mlp.run(2);
  ProfileStats stats = mlp.step.profile();
  EXPECT_GT(stats.buildSeconds, 0);
  ASSERT_EQ(stats.compiles.size(), 1u);
  const ProfileCompile &compile = stats.compiles[0];
  EXPECT_FALSE(compile.fromDiskCache); // THETA_CACHE_DIR is empty in tests
  EXPECT_NE(compile.signature.find("float32"), std::string::npos) << compile.signature;
  EXPECT_GT(compile.graphSeconds, 0);
  EXPECT_GT(compile.thetaSeconds, 0);
  EXPECT_GT(compile.loweringSeconds, 0);
  EXPECT_GT(compile.llvmSeconds, 0);
  EXPECT_LE(compile.graphSeconds + compile.thetaSeconds + compile.loweringSeconds +
                compile.llvmSeconds,
            compile.totalSeconds);
  // A hidden activation (512 x 512 float32, 1 MiB) is a temporary of a call.
  EXPECT_GE(stats.peakBytes, size_t(Mlp::kBatch * Mlp::kHidden * 4));
  // The results: the cost and the five new parameters.
  EXPECT_GE(stats.resultBytes, size_t(Mlp::kHidden * Mlp::kHidden * 4));
}

// Temporaries are freed after their last use, not when the call returns
// (--theta-early-deallocation): a chain of 12 products of 256 x 256 float32
// matrices holds a few of its 256 KiB temporaries at once, not all 12.
TEST(Profile, TemporariesAreFreedAfterTheirLastUse) {
  constexpr int64_t kSize = 256, kLayers = 12;
  Variable x = fmatrix("x"), w = fmatrix("w");
  Variable h = x;
  for (int64_t layer = 0; layer < kLayers; ++layer)
    h = tanh(dot(h, w));
  Function f = function({x, w}, sum(h), profiled("chain_of_products"));
  Array result = f(floats({kSize, kSize}, 3), floats({kSize, kSize}, 4))[0];
  EXPECT_TRUE(std::isfinite(result.item<float>()));
  ProfileStats stats = f.profile();
  const size_t matrixBytes = kSize * kSize * sizeof(float);
  EXPECT_GE(stats.peakBytes, matrixBytes);
  EXPECT_LE(stats.peakBytes, 3 * matrixBytes)
      << stats.peakBytes / matrixBytes << " matrices held at once of " << kLayers;
}

TEST(Profile, ScanStepsAreRowsOfTheirScan) {
  Variable x = fmatrix("x"), w = fmatrix("w");
  Variable h0 = fvector("h0");
  int stepLine = __LINE__ + 2;
  ScanResult result = scan(
      [&](const std::vector<Variable> &a) { return tanh(dot(a[1], w) + a[0]); }, {x}, {h0});
  Function f = function({x, w, h0}, result[0], profiled("rnn"));
  Array xs = floats({25, 16}, 6), weights = floats({16, 16}, 7), initial = floats({16}, 8);
  for (int i = 0; i < 3; ++i)
    f(xs, weights, initial);
  ProfileStats stats = f.profile();
  const ProfileRow *scanRow = stats.find("Scan{scan}");
  ASSERT_NE(scanRow, nullptr);
  EXPECT_EQ(scanRow->className, "Scan");
  EXPECT_EQ(scanRow->parent, -1);
  EXPECT_EQ(scanRow->calls, 3);
  EXPECT_EQ(scanRow->shape, "25 steps");
  int scanIndex = static_cast<int>(scanRow - stats.rows.data());
  std::vector<size_t> steps = stats.applies(scanIndex);
  ASSERT_EQ(steps.size(), 1u);
  const ProfileRow &step = stats.rows[steps[0]];
  EXPECT_EQ(step.className, "Scan step");
  EXPECT_EQ(step.calls, 3 * 25);
  EXPECT_LE(step.seconds, scanRow->seconds);
  // The pieces of a step, under the step: the tanh of this file's line.
  std::vector<size_t> inner = stats.applies(static_cast<int>(steps[0]));
  ASSERT_FALSE(inner.empty());
  bool tanhFound = false;
  double innerSeconds = 0;
  for (size_t index : inner) {
    EXPECT_EQ(stats.rows[index].calls % (3 * 25), 0) << stats.rows[index].apply();
    tanhFound |= hasSource(stats.rows[index], "theta.tanh", stepLine);
    innerSeconds += stats.rows[index].seconds;
  }
  EXPECT_TRUE(tanhFound);
  EXPECT_LE(innerSeconds, step.seconds);
  std::ostringstream printed;
  stats.print(printed);
  EXPECT_NE(printed.str().find("75 steps"), std::string::npos) << printed.str();
}

TEST(Profile, ConvolutionsAreOneDnnRows) {
  Variable images = ftensor4("images"), filters = ftensor4("filters");
  int convLine = __LINE__ + 1;
  Variable out = nnet::relu(nnet::conv2d(images, filters));
  Function f = function({images, filters}, out, profiled("conv"));
  f(floats({4, 3, 16, 16}, 9), floats({8, 3, 3, 3}, 10));
  ProfileStats stats = f.profile();
  const ProfileRow *conv = rowWith(stats, "Conv", "theta.conv2d", convLine);
  ASSERT_NE(conv, nullptr) << [&] {
    std::ostringstream text;
    stats.print(text);
    return text.str();
  }();
  EXPECT_EQ(conv->type, 'L');
  EXPECT_NE(conv->op.find("oneDNN"), std::string::npos) << conv->op;
}

TEST(Profile, PrintsTheanosTables) {
  Mlp mlp(profiled("mlp_print"));
  mlp.run(3);
  std::ostringstream printed;
  mlp.step.profile().print(printed);
  std::string text = printed.str();
  for (const char *part :
       {"Function profiling", "Message: mlp_print", "Time in 3 calls to Function::operator()",
        "Total compile time", "theta passes", "LLVM", "Peak memory of a call", "\nClass\n",
        "\nOps\n", "\nApply\n",
        "<% time> <sum %> <apply time> <time per call> <type> <#call> <#apply> <Class name>",
        "<% time> <sum %> <apply time> <time per call> <#call> <id> <Apply name>",
        "Gemm{sgemm, BLAS} 512x512x512"})
    EXPECT_NE(text.find(part), std::string::npos) << part << "\n" << text;
  EXPECT_NE(text.find("theta.dot at " + here(mlp.dotLine)), std::string::npos) << text;
  // The Class table's last <sum %> is 100 %.
  size_t ops = text.find("\nOps\n");
  std::string classTable = text.substr(0, ops);
  EXPECT_NE(classTable.find("100.0%"), std::string::npos) << classTable;
  // printAll includes it.
  std::ostringstream all;
  profiling::printAll(all);
  EXPECT_NE(all.str().find("Message: mlp_print"), std::string::npos);
}

TEST(Profile, OffMeansNoInstrumentation) {
  Variable a = fvector("a");
  Function f = function({a}, exp(a) * 2.0f);
  profiling::CallRecord record;
  {
    profiling::RecordScope scope(record);
    f(floats({1000}, 11));
  }
  EXPECT_TRUE(record.sites().empty());
  ProfileStats stats = f.profile();
  EXPECT_FALSE(stats.enabled);
  EXPECT_TRUE(stats.rows.empty());
  EXPECT_EQ(cpuPipelineText().find("theta-profile"), std::string::npos);
  PipelineOptions options;
  options.profile = true;
  EXPECT_NE(cpuPipelineText(options).find("theta-profile-instrument"), std::string::npos);
}

TEST(Profile, ConfigurationProfilesEveryFunction) {
  bool saved = config().profile;
  config().setFlags("profile=true");
  Variable a = fvector("a");
  Function on = function({a}, exp(a));
  FunctionOptions off;
  off.profile = false;
  Function overridden = function({a}, exp(a), off);
  config().profile = saved;
  on(floats({8}, 12));
  overridden(floats({8}, 12));
  EXPECT_TRUE(on.profile().enabled);
  EXPECT_EQ(on.profile().calls, 1);
  EXPECT_NE(on.profile().find("exp"), nullptr);
  EXPECT_FALSE(overridden.profile().enabled);
  EXPECT_THROW(config().set("profiling.destination", ""), Error);
}

} // namespace
