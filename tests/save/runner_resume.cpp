//===- runner_resume.cpp - continue training with no compiler -------------===//
//
//   runner_resume <model.theta> <first> <steps> <params.npz>
//
// Links //runtime:core only (no MLIR, no LLVM: resume_test.sh checks with
// ldd): loads the saved train function with theta::Runner, continues at
// step <first> and writes the parameters as resume_mlp does.
//
//===----------------------------------------------------------------------===//
#include "StepData.h"

#include "runtime/Npy.h"
#include "runtime/Runner.h"
#include "runtime/Zip.h"

#include <cstdio>
#include <cstdlib>
#include <map>

using namespace theta;

int main(int argc, char **argv) try {
  if (argc != 5) {
    std::fprintf(stderr, "usage: runner_resume <model.theta> <first> <steps> <params.npz>\n");
    return 2;
  }
  Runner runner = Runner::load({argv[1]});
  int64_t first = std::atoll(argv[2]), steps = std::atoll(argv[3]);
  for (int64_t step = first; step < first + steps; ++step) {
    auto [x, y] = testing::stepBatch(step);
    runner.call("train", {x, y});
  }
  Array p = runner.call("predict", {testing::stepBatch(0).first})[0];
  std::printf("predict[0] after resuming: %.6f\n", static_cast<double>(p.at(0)));
  // The bytes write_npz writes: entries NAME.npy in name order.
  std::map<std::string, Array> parameters;
  for (const std::string &name : runner.sharedNames())
    if (name.compare(0, 2, "v_") != 0)
      parameters[name] = runner.get_value(name);
  std::vector<ZipMember> members;
  for (const auto &[name, value] : parameters)
    members.push_back({name + ".npy", npyBytes(value)});
  writeFileAtomically(argv[4], writeZip(members, argv[4]), argv[4]);
  return 0;
} catch (const std::exception &error) {
  std::fprintf(stderr, "runner_resume: %s\n", error.what());
  return 1;
}
