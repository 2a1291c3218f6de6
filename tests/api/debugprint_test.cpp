// debugprint, pp, operator<< and pydotprint (theta/Debugprint.h).
#include "TestUtil.h"

#include <theta/theta.h>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace theta;
using theta_test::errorOf;

namespace {

std::string at(int line) { return std::string(__FILE__) + ":" + std::to_string(line); }

std::vector<std::string> linesOf(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

/// The one line of `text` containing `part`.
std::string lineWith(const std::string &text, const std::string &part) {
  std::string found;
  for (const std::string &line : linesOf(text))
    if (line.find(part) != std::string::npos) {
      EXPECT_TRUE(found.empty()) << "two lines contain '" << part << "':\n" << text;
      found = line;
    }
  EXPECT_FALSE(found.empty()) << "no line contains '" << part << "':\n" << text;
  return found;
}

bool endsWith(const std::string &text, const std::string &end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

bool haveDot() {
  const char *path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (::access((dir + "/dot").c_str(), X_OK) == 0)
      return true;
  return false;
}

std::string readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

uint32_t bigEndian(const std::string &bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i)
    value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

/// Width and height of a PNG file, from its IHDR chunk.
std::pair<uint32_t, uint32_t> pngSize(const std::string &path) {
  std::string bytes = readFile(path);
  EXPECT_GE(bytes.size(), 24u);
  if (bytes.size() < 24)
    return {0, 0};
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  EXPECT_EQ(bytes.substr(12, 4), "IHDR");
  return {bigEndian(bytes, 16), bigEndian(bytes, 20)};
}

/// The graph's size in inches, as `dot -Tplain` lays it out.
std::pair<double, double> plainSize(const std::string &dotFile) {
  std::string command = "dot -Tplain '" + dotFile + "'";
  FILE *pipe = ::popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  double scale = 0, width = 0, height = 0;
  if (pipe) {
    EXPECT_EQ(std::fscanf(pipe, "graph %lf %lf %lf", &scale, &width, &height), 3);
    ::pclose(pipe);
  }
  return {width, height};
}

#define SKIP_WITHOUT_DOT()                                                                 \
  if (!haveDot())                                                                          \
  GTEST_SKIP() << "Graphviz's dot is not on PATH (install the Debian package graphviz)"

} // namespace

TEST(Debugprint, VariableGraphWithSharedSubexpression) {
  Variable x = fmatrix("x"); const int lx = __LINE__;
  Variable y = fmatrix("y"); const int ly = __LINE__;
  Variable m = x * y; const int lm = __LINE__;
  Variable z = m + exp(m); const int lz = __LINE__;
  std::string expected =
      "theta.add [id A] '' TensorType(float32, matrix)  " + at(lz) + "\n" +
      " |theta.mul [id B] '' TensorType(float32, matrix)  " + at(lm) + "\n" +
      " | |x [id C] TensorType(float32, matrix)  " + at(lx) + "\n" +
      " | |y [id D] TensorType(float32, matrix)  " + at(ly) + "\n" +
      " |theta.exp [id E] '' TensorType(float32, matrix)  " + at(lz) + "\n" +
      "   |theta.mul [id B] ''\n";
  EXPECT_EQ(debugprint(z), expected);
  std::ostringstream out;
  debugprint(z, out);
  EXPECT_EQ(out.str(), expected);

  // Several outputs share ids: the second one is known already.
  EXPECT_EQ(debugprint({z, m}), expected + "theta.mul [id B] ''\n");
}

TEST(Debugprint, SharedVariablesAndConstants) {
  SharedVariable w = shared(Array::fromVector<float>({1, 2, 3}), "w"); const int lw = __LINE__;
  Variable v = dvector(); const int lv = __LINE__;
  Variable s = w * 2.0; const int ls = __LINE__;
  EXPECT_EQ(debugprint({s, v}),
            "theta.mul [id A] '' TensorType(float32, vector)  " + at(ls) + "\n" +
                " |w [id B] shared TensorType(float32, vector)  " + at(lw) + "\n" +
                " |theta.dimshuffle [id C] '' TensorType(float32, vector)  " + at(ls) + "\n" +
                "   |TensorConstant{2.0} [id D] TensorType(float32, scalar)  " + at(ls) + "\n" +
                "<TensorType(float64, vector)> [id E] TensorType(float64, vector)  " + at(lv) +
                "\n");
}

TEST(Debugprint, ScanBodiesFollowAsInnerGraphs) {
  Variable x = fvector("x");
  Variable n = fscalar("n");
  ScanResult result = scan([](const std::vector<Variable> &a) { return a[1] + a[0] * a[2]; },
                           {x}, {zeros({})}, {n});
  std::string text = debugprint(result[0]);
  EXPECT_EQ(linesOf(text).front().rfind("theta.scan [id A] '' TensorType(float32, vector)", 0), 0u)
      << text;
  EXPECT_NE(text.find("\nInner graphs of the scan ops:\n\ntheta.scan [id A] ''\n >theta.add [id "),
            std::string::npos)
      << text;
  // Body arguments say what they are and which outer node they stand for:
  // x [id B], the initial state's dimshuffle [id C], n [id E].
  EXPECT_TRUE(endsWith(lineWith(text, "<sequence 0>[t]"), "-> [id B]")) << text;
  EXPECT_EQ(lineWith(text, "<state 0>[t-1]").rfind(" > |<state 0>[t-1] [id ", 0), 0u) << text;
  EXPECT_TRUE(endsWith(lineWith(text, "<state 0>[t-1]"), "-> [id C]")) << text;
  EXPECT_TRUE(endsWith(lineWith(text, "<non-sequence 0>"), "-> [id E]")) << text;
  EXPECT_NE(text.find(" |n [id E] TensorType(float32, scalar)"), std::string::npos) << text;
}

TEST(Debugprint, OperatorStreamAndPp) {
  Variable x = fmatrix("x"), y = fmatrix("y");
  Variable m = x * y;
  Variable z = m + exp(m);
  std::ostringstream out;
  out << x << " " << m << " " << z << " " << fvector() << " " << constant(Array(2.0f)) << " "
      << Variable();
  EXPECT_EQ(out.str(), "x theta.mul.0 theta.add.0 <TensorType(float32, vector)> "
                       "TensorConstant{2.0} <empty Variable>");
  EXPECT_EQ(pp(z), "((x * y) + exp((x * y)))");
  EXPECT_EQ(pp(x + y * 2.0), "(x + (y * dimshuffle(2.0)))");
  EXPECT_EQ(pp(dot(x, y).sum()), "sum(dot(x, y))");
  EXPECT_EQ(pp(-x), "-x");
}

TEST(Debugprint, EmptyVariablesAreRefused) {
  EXPECT_NE(errorOf<ArgumentError>([] { debugprint(Variable()); }).find("empty"),
            std::string::npos);
  EXPECT_NE(errorOf<ArgumentError>([] { pp(Variable()); }).find("empty"), std::string::npos);
}

TEST(Debugprint, FunctionShowsUserAndOptimizedGraphsWithFusedGroups) {
  Variable x = fmatrix("x"); const int lx = __LINE__;
  SharedVariable W = shared(Array::zeros(DType::Float32, {8, 8}), "W");
  Variable h = dot(x, W); const int lh = __LINE__;
  Variable out = exp(h) * 2.0 + 1.0; const int lout = __LINE__;
  FunctionOptions options;
  options.updates = {{W, W * 0.5}}; const int lupdate = __LINE__;
  Function f = function({x}, out, options);

  // Never called and no arguments: only the user graph.
  std::string text = debugprint(f);
  EXPECT_EQ(text.rfind("function '" + f.name() + "': user graph\ntheta.add [id A] '' "
                       "TensorType(float32, matrix)  " + at(lout) + "\n",
                       0),
            0u)
      << text;
  EXPECT_NE(text.find("|x [id E] TensorType(float32, matrix)  " + at(lx)), std::string::npos)
      << text;
  EXPECT_EQ(lineWith(text, "update of"),
            "theta.mul [id K] '' TensorType(float32, matrix)  " + at(lupdate) +
                "  -> update of 'W'");
  EXPECT_NE(text.find("optimized graph not available: pass sample arguments"), std::string::npos)
      << text;

  // With sample arguments: the optimized graph, static shapes, fused groups.
  text = debugprint(f, {Array::zeros(DType::Float32, {4, 8})});
  size_t optimized = text.find("': optimized graph for (float32[4x8], float32[8x8])\n");
  ASSERT_NE(optimized, std::string::npos) << text;
  std::string section = text.substr(optimized);
  EXPECT_EQ(lineWith(section, "theta.add [id A] ''"),
            "theta.add [id A] '' float32[4x8]  " + at(lout) + " [fused 1]");
  EXPECT_TRUE(endsWith(lineWith(section, "theta.mul [id B] ''"), " [fused 1]")) << section;
  EXPECT_TRUE(endsWith(lineWith(section, "theta.exp [id C] ''"), " [fused 1]")) << section;
  // The product stays alone (a BLAS call). The broadcast constants are
  // computed inside the loop nests that use them; the update is a loop nest
  // of its own.
  EXPECT_EQ(lineWith(section, "theta.dot [id D] ''"),
            " | | |theta.dot [id D] '' float32[4x8]  " + at(lh));
  EXPECT_EQ(lineWith(section, "update of"),
            "theta.mul [id K] '' float32[8x8]  " + at(lupdate) + " [fused 2]  -> update of 'W'");
  EXPECT_NE(section.find(" |   |W [id F] shared float32[8x8]"), std::string::npos) << section;
  EXPECT_EQ(section.find("[fused 3]"), std::string::npos) << section;
  EXPECT_NE(section.find("\nFused groups (one loop nest each):\n"
                         " [fused 1] theta.add [id A], theta.mul [id B], theta.exp [id C], "
                         "theta.dimshuffle [id G], theta.dimshuffle [id I]\n"
                         " [fused 2] theta.mul [id K], theta.dimshuffle [id L]\n"),
            std::string::npos)
      << section;

  // After a call, without arguments: the signature it was compiled for.
  f(Array::zeros(DType::Float32, {3, 8}));
  std::ostringstream stream;
  debugprint(f, stream);
  EXPECT_NE(stream.str().find("optimized graph for (float32[3x8], float32[8x8])"),
            std::string::npos)
      << stream.str();

  EXPECT_NE(errorOf<ArgumentError>([&] {
              debugprint(f, {Array::zeros(DType::Float32, {4, 8}), Array(1.0f)});
            }).find("takes 1 arguments, got 2"),
            std::string::npos);
}

TEST(Pydotprint, DotTextHasOneColoredBoxPerNode) {
  Variable img = ftensor4("img");
  SharedVariable w = shared(Array::zeros(DType::Float32, {2, 1, 3, 3}), "w");
  Variable features = flatten(nnet::relu(nnet::conv2d(img, w)), 2);
  SharedVariable V = shared(Array::zeros(DType::Float32, {32, 4}), "V");
  Variable y = exp(dot(features, V));
  ScanResult running = scan([](const std::vector<Variable> &a) { return a[0] + a[1]; },
                            {y.sum(std::vector<int64_t>{1})}, {zeros({})});
  std::string dot = pydot_text({y, running[0]});
  EXPECT_EQ(dot.rfind("digraph theta {", 0), 0u) << dot;
  auto boxOf = [&](const std::string &label) { return lineWith(dot, "[label=\"" + label); };
  EXPECT_NE(boxOf("img\\n").find("fillcolor=\"#a6d96a\", tooltip=\"input\""), std::string::npos);
  EXPECT_NE(boxOf("w\\n").find("tooltip=\"shared\""), std::string::npos);
  EXPECT_NE(boxOf("theta.exp").find("fillcolor=\"#9ecae1\", tooltip=\"elementwise\""),
            std::string::npos);
  EXPECT_NE(boxOf("theta.dot").find("fillcolor=\"#fc9272\", tooltip=\"product\""),
            std::string::npos);
  EXPECT_NE(boxOf("theta.conv2d").find("fillcolor=\"#c2a5cf\", tooltip=\"convolution\""),
            std::string::npos);
  EXPECT_NE(boxOf("theta.scan").find("fillcolor=\"#fdb863\", tooltip=\"loop\""),
            std::string::npos);
  EXPECT_NE(boxOf("theta.sum").find("tooltip=\"other\""), std::string::npos);
  // Outputs have a double border and say so; types and lines are there.
  EXPECT_NE(boxOf("theta.exp").find("TensorType(float32, matrix)\\n" + std::string(__FILE__)),
            std::string::npos);
  EXPECT_NE(boxOf("theta.exp").find("\\noutput 0\", "), std::string::npos);
  EXPECT_NE(boxOf("theta.exp").find("peripheries=2"), std::string::npos);
  EXPECT_NE(boxOf("theta.scan").find("\\noutput 1\", "), std::string::npos);
  EXPECT_NE(dot.find(" -> "), std::string::npos);
}

TEST(Pydotprint, FunctionDrawsTheOptimizedGraphWithFusedClusters) {
  Variable x = fmatrix("x");
  SharedVariable W = shared(Array::zeros(DType::Float32, {8, 8}), "W");
  Function f = function({x}, exp(dot(x, W)) * 2.0 + 1.0);
  std::string user = pydot_text(f);
  EXPECT_NE(user.find("TensorType(float32, matrix)"), std::string::npos) << user;
  EXPECT_EQ(user.find("cluster_fused"), std::string::npos) << user;
  std::string optimized = pydot_text(f, {Array::zeros(DType::Float32, {4, 8})});
  EXPECT_NE(lineWith(optimized, "[label=\"theta.dot").find("float32[4x8]"), std::string::npos);
  EXPECT_NE(optimized.find("subgraph cluster_fused_1 {\n    label=\"fused 1\""),
            std::string::npos)
      << optimized;
}

TEST(Pydotprint, WritesAPngOfTheLaidOutSize) {
  SKIP_WITHOUT_DOT();
  std::string dir = ::testing::TempDir();
  Variable x = fmatrix("x"), y = fmatrix("y");
  Variable small = x + y;
  Variable large = exp(dot(x, y) * 2.0 + small) - small.sum() * y;
  std::pair<uint32_t, uint32_t> sizes[2];
  for (int i = 0; i < 2; ++i) {
    Variable graph = i == 0 ? small : large;
    std::string png = dir + "/graph" + std::to_string(i) + ".png";
    std::string dotFile = dir + "/graph" + std::to_string(i) + ".dot";
    pydotprint(graph, png);
    pydotprint(graph, dotFile);
    EXPECT_EQ(readFile(dotFile), pydot_text(graph));
    sizes[i] = pngSize(png);
    // 72 dpi, plus Graphviz's default pad of 4 points on each side.
    auto [width, height] = plainSize(dotFile);
    EXPECT_NEAR(sizes[i].first, std::round(width * 72) + 8, 2) << png;
    EXPECT_NEAR(sizes[i].second, std::round(height * 72) + 8, 2) << png;
    EXPECT_GT(sizes[i].first, 50u);
    EXPECT_GT(sizes[i].second, 50u);
  }
  EXPECT_GT(sizes[1].second, sizes[0].second);
  EXPECT_GT(sizes[1].first * sizes[1].second, sizes[0].first * sizes[0].second);

  // Other formats by extension or by name.
  std::string svg = dir + "/graph.svg";
  pydotprint(large, svg);
  EXPECT_NE(readFile(svg).find("<svg"), std::string::npos);
  std::string named = dir + "/graph.out";
  pydotprint(large, named, "svg");
  EXPECT_NE(readFile(named).find("<svg"), std::string::npos);
  Function f = function({x, y}, large);
  std::string fpng = dir + "/function.png";
  pydotprint(f, fpng, {Array::zeros(DType::Float32, {3, 3}), Array::zeros(DType::Float32, {3, 3})});
  EXPECT_GT(pngSize(fpng).first, 50u);
}

TEST(Pydotprint, WithoutGraphvizSaysToInstallIt) {
  Variable x = fmatrix("x");
  Variable z = x * 2.0;
  std::string dir = ::testing::TempDir();
  const char *saved = std::getenv("PATH");
  std::string path = saved ? saved : "";
  ::setenv("PATH", (dir + "/no-such-directory").c_str(), 1);
  std::string message = errorOf<Error>([&] { pydotprint(z, dir + "/nodot.png"); });
  // A .dot file needs no Graphviz.
  pydotprint(z, dir + "/nodot.dot");
  ::setenv("PATH", path.c_str(), 1);
  EXPECT_NE(message.find("install graphviz"), std::string::npos) << message;
  EXPECT_EQ(readFile(dir + "/nodot.dot").rfind("digraph theta {", 0), 0u);
}
