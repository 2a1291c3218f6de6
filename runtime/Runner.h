//===- Runner.h - saved functions run with no compiler in the process -----===//
//
// What a program that only runs saved functions links (//runtime:core: no
// MLIR, no LLVM). It loads .theta files (theta::save_function), runs the
// signatures they hold on the machine's CPU (or GPU), keeps their shared
// variables and applies their updates, exactly as theta::Function does:
//
//   theta::Runner mlp = theta::Runner::load({"mlp.theta"});
//   for (...) mlp.call("train", {x, y});        // updates W, b
//   theta::Array w = mlp.get_value("W");
//
// A call with a signature that was never compiled is a CompileError saying
// which signatures the file holds; it never compiles. One call at a time
// per Runner.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_RUNNER_H
#define THETA_RUNTIME_RUNNER_H

#include "runtime/Array.h"

#include <memory>
#include <string>
#include <vector>

namespace theta {

class Runner {
public:
  /// Loads the functions of every file. Shared variables saved from the
  /// same variable (same process, same variable) are one variable again;
  /// the value of the latest save wins. Throws IOError for a damaged or
  /// foreign file, CompileError for code this machine cannot run.
  static Runner load(const std::vector<std::string> &paths);

  /// Function names, in file order.
  std::vector<std::string> functions() const;
  /// Calls `function` (arguments convert as for theta::Function); updates
  /// land only when the call succeeds.
  std::vector<Array> call(const std::string &function, const std::vector<Array> &arguments);

  /// Shared variables by name (ArgumentError for an unknown or ambiguous one).
  std::vector<std::string> sharedNames() const;
  Array get_value(const std::string &name) const;
  /// The dtype must match; the shape may change (then the saved code may no
  /// longer fit, and a call says so).
  void set_value(const std::string &name, const Array &value);

  struct State;

private:
  explicit Runner(std::shared_ptr<State> state) : state(std::move(state)) {}
  std::shared_ptr<State> state;
};

} // namespace theta

#endif // THETA_RUNTIME_RUNNER_H
