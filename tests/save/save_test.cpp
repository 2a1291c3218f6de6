//===- save_test.cpp - save_functions, load_functions, Runner, bad files --===//
#include "TinyMlp.h"

#include "runtime/Jit.h"
#include "runtime/Logging.h"
#include "runtime/ObjectLoader.h"
#include "runtime/Runner.h"
#include "runtime/SavedFile.h"
#include "runtime/Zip.h"

#include "tests/support/LogCapture.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <sstream>

using namespace theta;
using theta_test::LogCapture;
using namespace theta::testing;
namespace fs = std::filesystem;

namespace {

std::string tempPath(const std::string &name) {
  return (fs::path(::testing::TempDir()) / name).string();
}

bool sameBits(const Array &a, const Array &b) {
  return a.dtype() == b.dtype() && a.shape() == b.shape() &&
         std::memcmp(a.raw(), b.raw(), a.bytes()) == 0;
}

template <typename Body> std::string errorOf(Body body) {
  try {
    body();
  } catch (const std::exception &error) {
    return error.what();
  }
  return "(no error)";
}


/// A trained MLP saved to `path`; returns it for comparisons.
TinyMlp trainedAndSaved(const std::string &path, int steps = 3) {
  TinyMlp mlp = buildTinyMlp();
  for (int step = 0; step < steps; ++step) {
    auto [x, y] = stepBatch(step);
    mlp.train(x, y);
  }
  mlp.predict(stepBatch(0).first);
  save_functions({mlp.train, mlp.predict}, path);
  return mlp;
}

/// Rewrites member `name` of a saved file with `edit`.
void editMember(const std::string &path, const std::string &name,
                const std::function<void(std::string &)> &edit) {
  std::vector<ZipMember> members = readZip(readWholeFile(path, path), path);
  bool found = false;
  for (ZipMember &member : members)
    if (member.name == name) {
      edit(member.bytes);
      found = true;
    }
  ASSERT_TRUE(found) << name;
  writeFileAtomically(path, writeZip(members, path), path);
}

void replaceAll(std::string &text, const std::string &from, const std::string &to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

} // namespace

TEST(Save, LoadedFunctionsComputeWhatTheOriginalsDoWithoutCompiling) {
  std::string path = tempPath("roundtrip.theta");
  TinyMlp mlp = trainedAndSaved(path);
  Array x = stepBatch(7).first;
  Array expected = mlp.predict(x)[0];

  LogCapture capture;
  std::map<std::string, Function> loaded = load_functions({path});
  ASSERT_EQ(loaded.size(), 2u);
  Array got = loaded.at("predict")(x)[0];
  EXPECT_TRUE(sameBits(got, expected));
  std::string logged = capture.take();
  EXPECT_NE(logged.find("no code generation"), std::string::npos) << logged;
  EXPECT_EQ(logged.find("compiled a new signature"), std::string::npos) << logged;
  EXPECT_EQ(loaded.at("predict").inputs().size(), 1u);
  EXPECT_EQ(loaded.at("predict").inputs()[0].name(), "x");
}

TEST(Save, ANewSignatureOfALoadedFunctionCompilesFromTheSavedModule) {
  std::string path = tempPath("newsig.theta");
  TinyMlp mlp = trainedAndSaved(path);
  Array x = Array::zeros(DType::Float32, {5, kFeatures}); // batch 5 was never run
  x.data<float>()[3] = 0.25f;
  Array expected = mlp.predict(x)[0];
  LogCapture capture;
  Function predict = load_functions({path}).at("predict");
  EXPECT_TRUE(sameBits(predict(x)[0], expected));
  EXPECT_NE(capture.take().find("compiled a new signature"), std::string::npos);
}

TEST(Save, TrainingContinuesOnTheLoadedParametersAndPredictSeesThem) {
  std::string path = tempPath("continue.theta");
  TinyMlp mlp = trainedAndSaved(path, 2);
  // The original goes on two more steps...
  for (int step = 2; step < 4; ++step) {
    auto [x, y] = stepBatch(step);
    mlp.train(x, y);
  }
  std::vector<Array> expected;
  for (const SharedVariable &p : mlp.parameters)
    expected.push_back(p.get_value());
  Array expectedPrediction = mlp.predict(stepBatch(9).first)[0];

  // ...and so does a Runner (a process without the compiler would) from
  // the saved state: same parameters, bit for bit.
  Runner runner = Runner::load({path});
  for (int step = 2; step < 4; ++step) {
    auto [x, y] = stepBatch(step);
    runner.call("train", {x, y});
  }
  for (size_t i = 0; i < mlp.parameters.size(); ++i)
    EXPECT_TRUE(sameBits(runner.get_value(mlp.parameters[i].name()), expected[i]))
        << mlp.parameters[i].name();
  EXPECT_TRUE(sameBits(runner.call("predict", {stepBatch(9).first})[0], expectedPrediction));
}

TEST(Save, VariablesSavedInSeparateFilesAreOneVariableAgainAndTheLatestSaveWins) {
  std::string trainPath = tempPath("train.theta"), predictPath = tempPath("predict.theta");
  TinyMlp mlp = buildTinyMlp();
  auto [x, y] = stepBatch(0);
  mlp.train(x, y);
  mlp.predict(x);
  save_function(mlp.predict, predictPath); // W after one step
  mlp.train(x, y);
  save_function(mlp.train, trainPath); // W after two steps: the later save
  Array w1 = mlp.parameters[0].get_value();

  Runner runner = Runner::load({predictPath, trainPath});
  std::vector<std::string> names = runner.sharedNames();
  EXPECT_EQ(std::count(names.begin(), names.end(), "W1"), 1);
  EXPECT_TRUE(sameBits(runner.get_value("W1"), w1));
  // Training through one function changes what the other reads.
  runner.call("train", {x, y});
  mlp.train(x, y);
  EXPECT_TRUE(sameBits(runner.call("predict", {x})[0], mlp.predict(x)[0]));
}

TEST(Save, RunnerRefusesASignatureThatWasNeverCompiled) {
  std::string path = tempPath("signatures.theta");
  trainedAndSaved(path);
  Runner runner = Runner::load({path});
  std::string message =
      errorOf([&] { runner.call("predict", {Array::zeros(DType::Float32, {3, kFeatures})}); });
  EXPECT_NE(message.find("no compiled code for (float32(3, 2)"), std::string::npos) << message;
  EXPECT_NE(message.find("float32(64, 2)"), std::string::npos) << message;
  EXPECT_NE(message.find("cannot compile"), std::string::npos) << message;
  // A failed call changes nothing.
  Array before = runner.get_value("W1");
  EXPECT_THROW(runner.call("train", {Array::zeros(DType::Float32, {3, kFeatures}),
                                     Array::zeros(DType::Float32, {3, 1})}),
               CompileError);
  EXPECT_TRUE(sameBits(runner.get_value("W1"), before));
  EXPECT_THROW(runner.call("nope", {}), ArgumentError);
  EXPECT_THROW(runner.get_value("nope"), ArgumentError);
}

TEST(Save, GivensAndMinibatchesFromASharedDatasetSurviveSaving) {
  Array data = Array::zeros(DType::Float32, {8, 3});
  for (int64_t i = 0; i < data.size(); ++i)
    data.data<float>()[i] = static_cast<float>(i) * 0.5f;
  SharedVariable dataset = shared(data, "dataset");
  SharedVariable total = shared(Array::zeros(DType::Float32, {3}), "total");
  Variable rows = matrix("rows", DType::Float32);
  Variable index = scalar("index", DType::Int64);
  FunctionOptions options;
  options.name = "accumulate";
  options.givens = {{rows, dataset[{Slice::from(index * 2, 2)}]}};
  options.updates = {{total, total + rows.sum(0)}};
  Function accumulate = function({index}, rows.sum(), options);
  accumulate(int64_t(0));
  std::string path = tempPath("givens.theta");
  save_function(accumulate, path);
  Runner runner = Runner::load({path});
  Array saved = runner.call("accumulate", {Array(int64_t(1))})[0];
  Array expected = accumulate(int64_t(1))[0];
  EXPECT_TRUE(sameBits(saved, expected));
  EXPECT_TRUE(sameBits(runner.get_value("total"), total.get_value()));
}

TEST(Save, DefaultValuesOfInputsAreSaved) {
  Variable x = dscalar("x"), y = dscalar("y");
  FunctionOptions options;
  options.name = "scaled";
  Function f = function({x, In(y, 10.0)}, x * y, options);
  f(2.0);
  std::string path = tempPath("defaults.theta");
  save_function(f, path);
  EXPECT_EQ(load_function(path)(3.0)[0].at(0), 30.0);
  EXPECT_EQ(Runner::load({path}).call("scaled", {Array(2.0)})[0].at(0), 20.0);
}

// ---- damaged and foreign files ----

TEST(SaveFiles, ATruncatedFileIsAClearIOError) {
  std::string path = tempPath("truncated.theta");
  trainedAndSaved(path);
  std::string bytes = readWholeFile(path, path);
  for (size_t keep : {size_t(0), size_t(10), bytes.size() / 2, bytes.size() - 1}) {
    writeFileAtomically(path, bytes.substr(0, keep), path);
    std::string message = errorOf([&] { load_functions({path}); });
    EXPECT_NE(message.find("saved function file '" + path + "'"), std::string::npos) << message;
    EXPECT_NE(message.find("corrupt or not a saved Theta function file"), std::string::npos)
        << message;
    EXPECT_THROW(Runner::load({path}), IOError);
  }
}

TEST(SaveFiles, AFlippedByteAnywhereIsDetected) {
  std::string path = tempPath("flipped.theta");
  trainedAndSaved(path);
  std::string bytes = readWholeFile(path, path);
  // Every 997th byte in turn: each is an error (CRC, header or structure),
  // or a byte no reader uses; never a crash or a silently wrong load.
  size_t errors = 0, tried = 0;
  for (size_t at = 0; at < bytes.size(); at += 997, ++tried) {
    std::string damaged = bytes;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
    writeFileAtomically(path, damaged, path);
    try {
      Runner::load({path});
    } catch (const Error &) {
      ++errors;
    }
  }
  EXPECT_GE(errors, tried * 9 / 10) << errors << " of " << tried;
}

TEST(SaveFiles, OtherFilesAreNamedForWhatTheyAre) {
  std::string path = tempPath("other.theta");
  writeFileAtomically(path, "not a zip at all", path);
  EXPECT_NE(errorOf([&] { load_function(path); }).find("corrupt or not a saved Theta function"),
            std::string::npos);
  std::string npz = tempPath("params.npz");
  write_npz(npz, {{"W", Array::zeros(DType::Float32, {2})}});
  std::string message = errorOf([&] { load_function(npz); });
  EXPECT_NE(message.find("not a saved Theta function file"), std::string::npos) << message;
  EXPECT_NE(errorOf([&] { load_function(tempPath("missing.theta")); }).find("cannot open"),
            std::string::npos);
}

TEST(SaveFiles, ANewerFileFormatIsRefusedWithTheVersions) {
  std::string path = tempPath("future.theta");
  trainedAndSaved(path);
  editMember(path, "theta.manifest",
             [](std::string &text) { replaceAll(text, "theta-saved-functions\t1", "theta-saved-functions\t7"); });
  std::string message = errorOf([&] { load_functions({path}); });
  EXPECT_NE(message.find("file format 7"), std::string::npos) << message;
  EXPECT_NE(message.find("reads format 1"), std::string::npos) << message;
  EXPECT_THROW(Runner::load({path}), IOError);
}

TEST(SaveFiles, ACorruptManifestNamesTheLine) {
  std::string path = tempPath("manifest.theta");
  trainedAndSaved(path);
  editMember(path, "theta.manifest",
             [](std::string &text) { replaceAll(text, "outputs\t1", "outputs\tmany"); });
  std::string message = errorOf([&] { Runner::load({path}); });
  EXPECT_NE(message.find("corrupt saved file: manifest line"), std::string::npos) << message;
  EXPECT_NE(message.find("'many' is not a number"), std::string::npos) << message;
}

TEST(SaveFiles, CodeForAnotherCpuIsRecompiledByTheApiAndRefusedByTheRunner) {
  std::string path = tempPath("foreign.theta");
  TinyMlp mlp = trainedAndSaved(path);
  editMember(path, "theta.manifest", [](std::string &text) {
    // A CPU with an instruction set this one lacks, and another LLVM host.
    replaceAll(text, "instruction-sets\t", "instruction-sets\tavx512_theta_test ");
    replaceAll(text, "host\t", "host\tanother-cpu|");
  });
  Array x = stepBatch(4).first;
  std::string message = errorOf([&] { Runner::load({path}).call("predict", {x}); });
  EXPECT_NE(message.find("instruction sets this CPU lacks (avx512_theta_test)"),
            std::string::npos)
      << message;
  LogCapture capture;
  Function predict = load_functions({path}).at("predict");
  EXPECT_TRUE(sameBits(predict(x)[0], mlp.predict(x)[0]));
  std::string logged = capture.take();
  EXPECT_NE(logged.find("compiled for another-cpu"), std::string::npos) << logged;
  EXPECT_NE(logged.find("compiled a new signature"), std::string::npos) << logged;
}

TEST(SaveFiles, CodeForAnotherRuntimeAbiIsRecompiledByTheApiAndRefusedByTheRunner) {
  std::string path = tempPath("abi.theta");
  TinyMlp mlp = trainedAndSaved(path);
  editMember(path, "theta.manifest", [](std::string &text) {
    replaceAll(text, "runtime-abi\ttheta runtime ABI", "runtime-abi\told theta runtime ABI");
  });
  Array x = stepBatch(4).first;
  std::string message = errorOf([&] { Runner::load({path}).call("predict", {x}); });
  EXPECT_NE(message.find("compiled for old theta runtime ABI"), std::string::npos) << message;
  Function predict = load_functions({path}).at("predict");
  EXPECT_TRUE(sameBits(predict(x)[0], mlp.predict(x)[0]));
}

TEST(SaveFiles, AModuleThisThetaCannotReadIsAnIOErrorNamingTheVersions) {
  std::string path = tempPath("module.theta");
  trainedAndSaved(path);
  editMember(path, "functions/1/module.mlirbc", [](std::string &bytes) {
    bytes = "MLïR garbage from another version";
  });
  std::string message = errorOf([&] { load_functions({path}); });
  EXPECT_NE(message.find("its theta module (saved by Theta " + std::string(kThetaVersion) +
                         ") cannot be read by this Theta"),
            std::string::npos)
      << message;
  // The Runner never reads modules: the compiled code still runs.
  Runner runner = Runner::load({path});
  EXPECT_EQ(runner.call("predict", {stepBatch(0).first})[0].shape(), (Shape{kBatch, 1}));
}

TEST(SaveFiles, AnObjectThatIsNotCodeIsAnErrorForTheRunnerAndRecompiledByTheApi) {
  std::string path = tempPath("garbage.theta");
  TinyMlp mlp = trainedAndSaved(path);
  // Valid CRCs around garbage: only the loaders can tell.
  std::vector<ZipMember> members = readZip(readWholeFile(path, path), path);
  for (ZipMember &member : members)
    if (member.name.find("/signatures/") != std::string::npos)
      member.bytes = "\x7f" "ELF garbage that is not an object";
  writeFileAtomically(path, writeZip(members, path), path);
  std::string message = errorOf([&] { Runner::load({path}); });
  EXPECT_NE(message.find("not a loadable object"), std::string::npos) << message;
  Array x = stepBatch(5).first;
  LogCapture capture;
  Function predict = load_functions({path}).at("predict");
  EXPECT_TRUE(sameBits(predict(x)[0], mlp.predict(x)[0]));
  EXPECT_NE(capture.take().find("does not load"), std::string::npos);
}

TEST(ObjectLoader, RefusesWhatIsNotAnX86RelocatableObject) {
  auto resolve = [](const std::string &name) { return resolveRuntimeSymbol(name); };
  std::string elf(64, '\0');
  std::memcpy(elf.data(), "\x7f" "ELF", 4);
  EXPECT_NE(errorOf([&] { LoadedObject::load("", resolve, "empty"); }).find("truncated"),
            std::string::npos);
  EXPECT_NE(errorOf([&] { LoadedObject::load(elf, resolve, "zeros"); }).find("another machine"),
            std::string::npos);
  // The test binary itself: an executable, not a relocatable object.
  std::string self = readWholeFile("/proc/self/exe", "self");
  EXPECT_NE(errorOf([&] { LoadedObject::load(self, resolve, "self"); })
                .find("not a relocatable object"),
            std::string::npos);
}
