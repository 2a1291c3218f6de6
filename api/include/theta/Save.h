//===- theta/Save.h - save whole functions, load them in another process --===//
//
// Theano pickled functions; Theta saves them into one .theta file: each
// function's theta module (MLIR bytecode), inputs, outputs, updates (givens
// are already substituted into the module), the options it was built with,
// the values of its shared variables (.npy entries: np.load reads the file)
// and the compiled code of every signature it has run. A process that loads
// it calls those signatures with no graph building and no code generation,
// and compiles new signatures from the saved module on demand.
//
//   theta::save_functions({train, predict}, "mlp.theta");
//   ...in another process:
//   auto loaded = theta::load_functions({"mlp.theta"});
//   loaded.at("train")(x, y);             // continues training
//   loaded.at("predict")(x);              // sees the trained parameters
//
// Shared variables that were one variable when saved are one variable when
// loaded (also across files saved separately by one process, loaded
// together: the latest save's value wins). A program without the compiler
// runs saved functions with theta::Runner (runtime/Runner.h).
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_SAVE_H
#define THETA_API_SAVE_H

#include "theta/Function.h"

#include <map>
#include <string>
#include <vector>

namespace theta {

/// Writes `functions` (names distinct) to `path` (written to `path + ".tmp"`,
/// then renamed). Throws IOError, ArgumentError for a repeated name.
void save_functions(const std::vector<Function> &functions, const std::string &path);
void save_function(const Function &function, const std::string &path);

/// The functions of every file, by name. IOError for a missing, damaged or
/// foreign file (another file format, a module this Theta cannot read);
/// compiled code for another CPU or Theta runtime is dropped with a warning
/// and recompiled from the saved module when first called.
std::map<std::string, Function> load_functions(const std::vector<std::string> &paths);
/// The one function of `path` (ArgumentError when it holds several).
Function load_function(const std::string &path);

/// Ahead-of-time export (tools/theta-aot): the compiled code of `function`
/// for inputs of `inputShapes` (compiled now unless it was run or loaded
/// with them; empty: the one signature it has compiled or loaded) as a relocatable object, and a C header declaring
///   typedef struct PREFIX_state {...} PREFIX_state;   shared variables
///   int PREFIX_load(PREFIX_state *, const char *theta_file);
///   int PREFIX_NAME(PREFIX_state *, const float *x, ..., float *out0, ...);
/// for a C or C++ program that links the object and //runtime:core only
/// (no MLIR, no LLVM). CPU code only; ArgumentError for what cannot be
/// exported (GPU functions, unnamed or repeated shared variable names,
/// outputs whose size depends on values).
void export_aot(const Function &function, const std::vector<Shape> &inputShapes,
                const std::string &objectPath, const std::string &headerPath,
                const std::string &prefix);

} // namespace theta

#endif // THETA_API_SAVE_H
