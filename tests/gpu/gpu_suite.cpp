// One program for a GPU machine without LLVM 22 (tools/gpu_bundle.sh links it
// against the static MLIR/LLVM archives and tools/gpu_check.sh runs it): the
// GPU tests, the examples and theta-gpu-bench share one copy of MLIR and LLVM
// instead of one each. Each program's main is compiled under another name
// (-Dmain=..., see BUILD).
//
//   theta-gpu-suite test [gtest flags]      tests/gpu/gpu_function_test.cpp
//   theta-gpu-suite bench [--quick]         tools/theta-gpu-bench.cpp
//   theta-gpu-suite <example> [flags]       examples/<example>.cpp
#include <gtest/gtest.h>

#include <cstring>
#include <iostream>

int theta_example_first_function();
int theta_example_xor();
int theta_example_logistic_regression();
int theta_example_sum_of_n_times_x();
int theta_example_rnn(int argc, char **argv);
int theta_example_miku_mlp(int argc, char **argv);
int theta_example_test_gpu(int argc, char **argv);
int theta_gpu_bench(int argc, char **argv);

int main(int argc, char **argv) {
  const char *program = argc > 1 ? argv[1] : "";
  int rest = argc - 1;
  char **args = argv + 1; // args[0] is the program's name, as a main expects
  if (!std::strcmp(program, "test")) {
    testing::InitGoogleTest(&rest, args);
    return RUN_ALL_TESTS();
  }
  if (!std::strcmp(program, "bench"))
    return theta_gpu_bench(rest, args);
  if (!std::strcmp(program, "test_gpu"))
    return theta_example_test_gpu(rest, args);
  if (!std::strcmp(program, "rnn"))
    return theta_example_rnn(rest, args);
  if (!std::strcmp(program, "miku_mlp"))
    return theta_example_miku_mlp(rest, args);
  if (!std::strcmp(program, "first_function"))
    return theta_example_first_function();
  if (!std::strcmp(program, "xor"))
    return theta_example_xor();
  if (!std::strcmp(program, "logistic_regression"))
    return theta_example_logistic_regression();
  if (!std::strcmp(program, "sum_of_n_times_x"))
    return theta_example_sum_of_n_times_x();
  std::cerr << "usage: theta-gpu-suite test|bench|test_gpu|first_function|xor|"
               "logistic_regression|sum_of_n_times_x|rnn|miku_mlp [flags]\n";
  return 2;
}
