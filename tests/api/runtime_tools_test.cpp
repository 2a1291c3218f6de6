// Tools of the runtime that users do not call directly: the build ID in the
// disk-cache key, and the perf map of JIT-compiled code (THETA_PERF_MAP=1 is
// set for this test in tests/api/BUILD).
#include <theta/theta.h>

#include "runtime/BuildId.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

using namespace theta;

TEST(BuildId, IsTheSameNonEmptyHexOnEveryCall) {
  const std::string &id = compilerBuildId();
  ASSERT_GE(id.size(), 16u) << "the test binary should carry a GNU build ID";
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  EXPECT_EQ(compilerBuildId(), id);
}

TEST(PerfMap, NamesCompiledFunctionsAndTheirParallelLoops) {
  Variable x = fmatrix("x");
  FunctionOptions options;
  options.name = "perf_map_probe";
  // Large enough for an OpenMP loop, whose body is an outlined function.
  Function f = function({x}, exp(x) * 2.0f, options);
  Array input = Array::full(DType::Float32, {512, 512}, 1.0);
  ASSERT_NEAR(f(input)[0].at(0), 2 * std::exp(1.0), 1e-4);

  std::ifstream map("/tmp/perf-" + std::to_string(::getpid()) + ".map");
  ASSERT_TRUE(map) << "no perf map written";
  std::stringstream text;
  text << map.rdbuf();
  std::string lines = text.str();
  EXPECT_NE(lines.find(" theta_perf_map_probe\n"), std::string::npos) << lines;
  EXPECT_NE(lines.find(" theta_perf_map_probe..omp_par"), std::string::npos) << lines;
  // Each line: start and size in hexadecimal, then the name.
  std::istringstream first(lines.substr(0, lines.find('\n')));
  std::string start, size, name;
  first >> start >> size >> name;
  EXPECT_NE(std::stoull(start, nullptr, 16), 0u);
  EXPECT_NE(std::stoull(size, nullptr, 16), 0u);
  std::remove(("/tmp/perf-" + std::to_string(::getpid()) + ".map").c_str());
}
