//===- Executable.h - one compiled specialization, as the runtime runs it -===//
//
// What runs a compiled function: its entry, the code kept loaded, the
// result types, and the object it was loaded from (kept so that
// save_function can store it). Loaded by the JIT (runtime/Jit.h) in a
// process that compiles, or by the object loader (runtime/ObjectLoader.h)
// in one that only runs saved functions.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_EXECUTABLE_H
#define THETA_RUNTIME_EXECUTABLE_H

#include "runtime/Array.h"

#include <memory>
#include <string>
#include <vector>

namespace theta {

/// The packed entry of a compiled function: args[i] points at the i-th buffer
/// (inputs, then results).
using EntryPoint = void (*)(void **);

struct TensorSpec {
  DType dtype;
  Shape shape;
};

/// One compiled specialization of a function.
struct Executable {
  EntryPoint entry = nullptr;
  /// Keeps the code loaded; the loader unloads it when the last copy goes.
  std::shared_ptr<void> code;
  std::vector<TensorSpec> results;
  /// Per result, the index of the result holding its row count (the rows
  /// to keep of a result padded to its bound, see padBoundedResults), or -1.
  /// Count results come last and are not returned to the user.
  std::vector<int> rowCountOf;
  double compileSeconds = 0;
  /// compileSeconds by stage: shapes and the theta passes, the lowering to
  /// the LLVM dialect, LLVM (translation, optimization, object code).
  double thetaSeconds = 0;
  double loweringSeconds = 0;
  double llvmSeconds = 0;
  bool fromDiskCache = false;
  /// Loaded from a saved function's file (no code generation).
  bool fromSavedFile = false;
  /// The relocatable object the code was loaded from, and what it needs
  /// of the machine that loads it (see runtime/SavedFile.h).
  std::shared_ptr<const std::string> object;
  std::string hostKey;
  bool forGpu = false;
};

} // namespace theta

#endif // THETA_RUNTIME_EXECUTABLE_H
