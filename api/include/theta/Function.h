//===- theta/Function.h - compiled functions ------------------------------===//
#ifndef THETA_API_FUNCTION_H
#define THETA_API_FUNCTION_H

#include "theta/Profile.h"
#include "theta/Variable.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace theta {

using Update = std::pair<SharedVariable, Variable>;
using Given = std::pair<Variable, Variable>;

struct FunctionOptions {
  /// (shared variable, new value) pairs, applied after the outputs are
  /// computed, all together; a call that fails applies none.
  std::vector<Update> updates;
  /// (node, replacement) pairs substituted in the graph before compiling,
  /// e.g. {x, X[index]} to read a minibatch from a shared dataset.
  std::vector<Given> givens;
  /// Accept arguments of a wider dtype and convert them (float64 -> float32).
  bool allow_input_downcast = false;
  std::string name;
  /// Skip the default updates of the shared variables the function reads
  /// (see set_default_update; RandomStreams draws advance by default).
  bool no_default_updates = false;
  /// Overrides config().mode for this function: FAST_RUN, FAST_COMPILE,
  /// DebugMode (DEBUG_MODE) or NanGuardMode; empty means the configuration's.
  std::string mode;
  /// Overrides config().profile: time every piece of compiled work, see
  /// Function::profile().
  std::optional<bool> profile;
  /// Overrides config().device for this function: cpu, cuda (the first
  /// GPU), cuda0, cuda1, ...; empty means the configuration's.
  std::string device;
};

namespace detail {
struct FunctionImpl;
}

/// A compiled Theta function. Compilation happens on the first call with a
/// new signature (dtypes and shapes of the arguments and shared values) and
/// is cached in memory and on disk. Calls are thread-safe.
class Function {
public:
  /// Calls with arrays; C++ numbers convert to the inputs' dtypes.
  std::vector<Array> operator()(const std::vector<Array> &arguments) const;
  template <typename... Args> std::vector<Array> operator()(const Args &...arguments) const {
    return (*this)(std::vector<Array>{Array(arguments)...});
  }

  const std::string &name() const;
  /// Specializations compiled so far (one per signature).
  size_t compiledSignatures() const;
  /// The theta IR of the function before specialization.
  std::string ir() const;
  /// What profiling recorded so far (see theta/Profile.h); `enabled` is
  /// false, and the rest empty, for a function built without profiling.
  ProfileStats profile() const;
  /// The shared variables it reads or updates, each once, in argument order
  /// then update order (for a loaded function, its way to its parameters).
  std::vector<SharedVariable> shared_variables() const;
  /// Its inputs, in order (placeholders named and typed as saved, for a
  /// loaded function).
  const std::vector<Variable> &inputs() const;

  explicit Function(std::shared_ptr<detail::FunctionImpl> impl) : impl(std::move(impl)) {}
  /// The implementation (for the graph printers of theta/Debugprint.h).
  const std::shared_ptr<detail::FunctionImpl> &implementation() const { return impl; }

private:
  std::shared_ptr<detail::FunctionImpl> impl;
};

/// Theano's In(variable, value=...): an input with a default value, which a
/// call may leave out (the inputs after the arguments given take their
/// defaults): function({x, In(y, 2.0)}, z) is called f(x) or f(x, y).
struct In {
  In(const Variable &variable) : variable(variable) {}
  In(const Variable &variable, Array value) : variable(variable), value(std::move(value)) {}
  Variable variable;
  std::optional<Array> value;
};

/// The inputs of theano.function: Variables, or In(...) for a default.
struct FunctionInputs {
  FunctionInputs(std::initializer_list<In> inputs) : entries(inputs) {}
  FunctionInputs(const std::vector<Variable> &variables)
      : entries(variables.begin(), variables.end()) {}
  FunctionInputs(const std::vector<In> &inputs) : entries(inputs) {}
  std::vector<In> entries;
};

/// Theano's theano.function(inputs, outputs, updates=..., givens=...).
/// Any node can be an input or an output; inputs cut the graph there.
Function function(const FunctionInputs &inputs, const std::vector<Variable> &outputs,
                  const FunctionOptions &options = {},
                  SourceLocation where = SourceLocation::current());
Function function(const FunctionInputs &inputs, const Variable &output,
                  const FunctionOptions &options = {},
                  SourceLocation where = SourceLocation::current());

} // namespace theta

#endif // THETA_API_FUNCTION_H
