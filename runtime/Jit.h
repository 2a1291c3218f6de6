//===- Jit.h - object code generation and loading for the host ------------===//
//
// One process-wide LLJIT. Compiled functions are turned into object files
// (which the disk cache stores) and each object is loaded into its own
// JITDylib, so entry symbols never clash.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_JIT_H
#define THETA_RUNTIME_JIT_H

#include "runtime/Executable.h"

#include "llvm/IR/Module.h"
#include "llvm/Support/MemoryBuffer.h"

#include <memory>
#include <string>

namespace theta {


class Jit {
public:
  static Jit &instance();

  /// Identifies the code this host generates (CPU name and features, LLVM
  /// version): part of every disk-cache key.
  const std::string &hostKey() const { return key; }
  /// Whether the host's code may use an LLVM target feature ("avx512f").
  bool hasFeature(const std::string &feature) const;

  /// Adds `<function>_packed(void **args)` calling `function` with args[i],
  /// optimizes for the host (O2 with vectorization; with `fastCompile`, no
  /// IR optimization and the fast code generator) and emits an object file.
  std::unique_ptr<llvm::MemoryBuffer> emitObject(llvm::Module &module,
                                                 const std::string &function,
                                                 bool fastCompile = false);

  /// Loads an object and returns its `<function>_packed` entry, and a handle
  /// whose last copy unloads the code (and returns its memory).
  EntryPoint load(std::unique_ptr<llvm::MemoryBuffer> object, const std::string &function,
                  std::shared_ptr<void> &handle);

  /// Prepares an LLVM module for this host (triple, data layout).
  void configure(llvm::Module &module);

private:
  Jit();
  struct State;
  std::unique_ptr<State> state;
  std::string key;
};

} // namespace theta

#endif // THETA_RUNTIME_JIT_H
