//===- aot_train_test.cpp - an exported train step, called through C ------===//
//
// The tiny MLP's train function, trained 5 steps and saved (resume_mlp),
// exported by theta-aot (tiny_train.o, tiny_train.h) and linked here with
// //runtime:core only. Seven more steps through the header's C call must
// give the parameters the Runner gives from the same file, bit for bit:
// the header's buffer order, its shared state and its updates are right.
//
//===----------------------------------------------------------------------===//
#include "tests/save/tiny_train.h"

#include "StepData.h"
#include "runtime/Runner.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>

using namespace theta;

namespace {
const char *thetaFile() { return "tests/save/tiny_mlp.theta"; }
} // namespace

TEST(AotTrain, StepsThroughTheCHeaderMatchTheRunner) {
  auto state = std::make_unique<tiny_train_state>();
  ASSERT_EQ(tiny_train_load(state.get(), thetaFile()), 0) << theta_last_error();
  Runner runner = Runner::load({thetaFile()});
  for (int64_t step = 5; step < 12; ++step) {
    auto [x, y] = theta::testing::stepBatch(step);
    float cost = 0;
    ASSERT_EQ(tiny_train_train(state.get(), x.data<float>(), y.data<float>(), &cost), 0)
        << theta_last_error();
    Array expected = runner.call("train", {x, y})[0];
    EXPECT_EQ(std::memcmp(&cost, expected.raw(), sizeof cost), 0) << "step " << step;
  }
  Array w1 = runner.get_value("W1"), b3 = runner.get_value("b3");
  EXPECT_EQ(std::memcmp(state->W1, w1.raw(), sizeof state->W1), 0);
  EXPECT_EQ(std::memcmp(state->b3, b3.raw(), sizeof state->b3), 0);
}

TEST(AotTrain, LoadingFromAMissingFileSaysWhy) {
  auto state = std::make_unique<tiny_train_state>();
  EXPECT_NE(tiny_train_load(state.get(), "no/such/file.theta"), 0);
  EXPECT_NE(std::string(theta_last_error()).find("cannot open"), std::string::npos)
      << theta_last_error();
}
