//===- SavedFile.h - the .theta file of saved functions -------------------===//
//
// One zip archive (runtime/Zip.h) holding
//   theta.manifest                 the text below: versions, functions,
//                                  inputs, shared variables, signatures
//   shared/<k>.npy                 shared variable k's value (np.load reads
//                                  the file and names it "shared/<k>")
//   functions/<i>/module.mlirbc    function i's theta module, MLIR bytecode
//   functions/<i>/signatures/<j>.o a compiled signature's relocatable object
// Read and written here, without MLIR, by both halves of the runtime: the
// compiler half (api/Save.cpp) also reads the modules; the compiler-free
// Runner runs the objects. Every member carries a CRC-32 and the manifest
// is checked line by line, so a damaged file is an IOError that says what
// is wrong, never a crash or a wrong result.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_SAVEDFILE_H
#define THETA_RUNTIME_SAVEDFILE_H

#include "runtime/Signature.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace theta {

/// Theta's version, written into saved files.
constexpr const char *kThetaVersion = "0.9";
/// The layout of the file; a reader refuses newer layouts.
constexpr int kSavedFormatVersion = 1;

struct SavedInput {
  std::string name;
  DType dtype = DType::Float32;
  int64_t ndim = 0;
  /// The value a call that leaves the input out uses (theta::In).
  std::optional<Array> defaultValue;
};

struct SavedShared {
  /// Identifies the variable across files saved by one process (the
  /// process's token and the variable's serial number): variables with the
  /// same identity are one variable again when loaded.
  std::string identity;
  std::string name;
  Array value;
};

struct SavedSignature {
  Signature signature;
  std::vector<TensorSpec> results;
  std::vector<int> rowCountOf;
  /// What the object needs: the compiling host (LLVM's CPU and features),
  /// its instruction sets as /proc/cpuinfo names them, the runtime ABI.
  std::string hostKey;
  std::string instructionSets;
  std::string runtimeAbi;
  bool forGpu = false;
  std::string object;
};

struct SavedFunction {
  std::string name;
  std::string symbol;
  /// Options it was built with (mode, device, allow_input_downcast, the
  /// pipeline's flags), as text.
  std::map<std::string, std::string> options;
  std::vector<SavedInput> inputs;
  size_t outputCount = 0;
  /// Indices into SavedFile::shared: the shared arguments (after the
  /// inputs, in order) and the update targets (results after the outputs).
  std::vector<size_t> sharedArguments;
  std::vector<size_t> updateTargets;
  std::vector<size_t> stepCountArguments;
  std::string moduleBytecode;
  std::vector<SavedSignature> signatures;
};

struct SavedFile {
  std::string thetaVersion = kThetaVersion;
  std::string runtimeAbi;
  /// The saving process and the order of its saves: of two files with the
  /// same variable, the later save's value wins.
  std::string processToken;
  uint64_t sequence = 0;
  std::vector<SavedShared> shared;
  std::vector<SavedFunction> functions;
};

/// The archive's bytes.
std::string writeSavedFile(const SavedFile &file);
/// Parses and checks a file's bytes; `path` names it in errors (IOError).
SavedFile readSavedFile(const std::string &bytes, const std::string &path);
/// Reads and parses `path`.
SavedFile loadSavedFile(const std::string &path);

/// A token unique to this process (random, fixed for its lifetime), and
/// the next number of this process's saves.
const std::string &processToken();
uint64_t nextSaveSequence();

} // namespace theta

#endif // THETA_RUNTIME_SAVEDFILE_H
