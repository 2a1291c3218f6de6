//===- resume_mlp.cpp - train, save, and continue in another process ------===//
//
//   resume_mlp straight <steps> <params.npz>        train from scratch
//   resume_mlp save <steps> <model.theta>           train, then save
//   resume_mlp resume <model.theta> <first> <steps> <params.npz>
//                                                   load, continue at step
//                                                   <first>, write params
// tests/save/resume_test.sh checks that save + resume gives the parameters
// of a straight run bit for bit, with no code generation in the resume.
//
//===----------------------------------------------------------------------===//
#include "TinyMlp.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace theta;
using namespace theta::testing;

static void trainSteps(Function &train, int64_t first, int64_t steps) {
  for (int64_t step = first; step < first + steps; ++step) {
    auto [x, y] = stepBatch(step);
    train(x, y);
  }
}

static void writeParameters(const std::vector<SharedVariable> &variables, const char *path) {
  std::map<std::string, Array> arrays;
  for (const SharedVariable &variable : variables)
    if (!variable.name().empty() && variable.name().compare(0, 2, "v_") != 0)
      arrays[variable.name()] = variable.get_value();
  write_npz(path, arrays);
}

int main(int argc, char **argv) try {
  if (argc == 4 && !std::strcmp(argv[1], "straight")) {
    TinyMlp mlp = buildTinyMlp();
    trainSteps(mlp.train, 0, std::atoll(argv[2]));
    writeParameters(mlp.parameters, argv[3]);
  } else if (argc == 4 && !std::strcmp(argv[1], "save")) {
    TinyMlp mlp = buildTinyMlp();
    trainSteps(mlp.train, 0, std::atoll(argv[2]));
    mlp.predict(stepBatch(0).first); // a compiled signature for predict too
    save_functions({mlp.train, mlp.predict}, argv[3]);
  } else if (argc == 6 && !std::strcmp(argv[1], "resume")) {
    std::map<std::string, Function> loaded = load_functions({argv[2]});
    Function train = loaded.at("train");
    trainSteps(train, std::atoll(argv[3]), std::atoll(argv[4]));
    // predict shares the parameters train updated
    Array p = loaded.at("predict")(stepBatch(0).first)[0];
    std::printf("predict[0] after resuming: %.6f\n", static_cast<double>(p.at(0)));
    writeParameters(train.shared_variables(), argv[5]);
  } else {
    std::fprintf(stderr, "usage: resume_mlp straight|save|resume ...\n");
    return 2;
  }
  return 0;
} catch (const std::exception &error) {
  std::fprintf(stderr, "resume_mlp: %s\n", error.what());
  return 1;
}
