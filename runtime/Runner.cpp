//===- Runner.cpp ---------------------------------------------------------===//
#include "runtime/Runner.h"

#include "runtime/Blas.h"
#include "runtime/Cuda.h"
#include "runtime/Device.h"
#include "runtime/Error.h"
#include "runtime/Execution.h"
#include "runtime/HostCpu.h"
#include "runtime/Logging.h"
#include "runtime/ObjectLoader.h"
#include "runtime/SavedFile.h"
#include "runtime/Signature.h"

#include <map>
#include <mutex>
#include <optional>
#include <set>

namespace theta {
namespace {

struct RunnerShared {
  std::string identity;
  std::string name;
  Array value;
  uint64_t savedSequence = 0;
};

/// A saved signature, loaded, or why it cannot run here.
struct RunnerSignature {
  SavedSignature saved;
  std::optional<Executable> executable;
  std::string unusable;
};

struct RunnerFunction {
  SavedFunction saved; // signatures moved out into `signatures`
  std::string file;
  std::vector<size_t> sharedArguments, updateTargets; // into State::shared
  std::vector<RunnerSignature> signatures;
};

/// Why this process cannot run `signature`, or "".
std::string whyUnusable(const SavedSignature &signature) {
  if (signature.runtimeAbi != kRuntimeAbi)
    return "it was compiled for " + signature.runtimeAbi + ", and this runtime is " + kRuntimeAbi;
  std::set<std::string> missing = missingInstructionSets(splitFlags(signature.instructionSets));
  if (!missing.empty())
    return "it was compiled for a CPU with instruction sets this CPU lacks (" +
           joinFlags(missing) + "); save it again from a process on this kind of CPU";
  return "";
}

Executable loadSignature(const SavedSignature &saved, const std::string &symbol,
                         const std::string &context) {
  std::shared_ptr<LoadedObject> object =
      LoadedObject::load(saved.object, resolveRuntimeSymbol, context);
  Executable executable;
  executable.entry = reinterpret_cast<EntryPoint>(object->symbol(symbol + "_packed"));
  if (!executable.entry)
    throw CompileError(context + ": the object has no entry '" + symbol + "_packed'");
  if (void *initializer = object->symbol(symbol + "_init"))
    runInitializer(reinterpret_cast<void (*)()>(initializer));
  auto *finalizer = reinterpret_cast<void (*)()>(object->symbol(symbol + "_fini"));
  executable.code = std::shared_ptr<void>(object.get(), [object, finalizer](void *) {
    if (finalizer)
      finalizer();
  });
  executable.results = saved.results;
  executable.rowCountOf = saved.rowCountOf;
  executable.fromSavedFile = true;
  executable.forGpu = saved.forGpu;
  executable.hostKey = saved.hostKey;
  return executable;
}

} // namespace

struct Runner::State {
  std::mutex mutex;
  std::vector<RunnerShared> shared;
  std::vector<RunnerFunction> functions;

  size_t sharedIndex(const std::string &name) const {
    std::optional<size_t> found;
    for (size_t k = 0; k < shared.size(); ++k) {
      if (shared[k].name != name)
        continue;
      if (found)
        throw ArgumentError("the loaded functions have two shared variables named '" + name +
                            "'");
      found = k;
    }
    if (!found) {
      std::string names;
      for (const RunnerShared &variable : shared)
        names += (names.empty() ? "'" : ", '") + variable.name + "'";
      throw ArgumentError("no shared variable named '" + name + "' (the loaded functions have " +
                          (names.empty() ? std::string("none") : names) + ")");
    }
    return *found;
  }
  RunnerFunction &function(const std::string &name) {
    for (RunnerFunction &function : functions)
      if (function.saved.name == name)
        return function;
    std::string names;
    for (const RunnerFunction &function : functions)
      names += (names.empty() ? "'" : ", '") + function.saved.name + "'";
    throw ArgumentError("no saved function named '" + name + "' (loaded: " + names + ")");
  }
};

Runner Runner::load(const std::vector<std::string> &paths) {
  auto state = std::make_shared<State>();
  for (const std::string &path : paths) {
    SavedFile file = loadSavedFile(path);
    std::vector<size_t> sharedOf; // file index -> state index
    for (SavedShared &saved : file.shared) {
      size_t k = 0;
      while (k < state->shared.size() && state->shared[k].identity != saved.identity)
        ++k;
      if (k == state->shared.size())
        state->shared.push_back({saved.identity, saved.name, Array(), 0});
      RunnerShared &variable = state->shared[k];
      if (variable.savedSequence <= file.sequence) {
        variable.value = saved.value;
        variable.savedSequence = file.sequence;
      }
      sharedOf.push_back(k);
    }
    for (SavedFunction &saved : file.functions) {
      for (const RunnerFunction &other : state->functions)
        if (other.saved.name == saved.name)
          throw ArgumentError("'" + path + "' and '" + other.file + "' both hold a function '" +
                              saved.name + "'");
      RunnerFunction function;
      function.file = path;
      for (size_t index : saved.sharedArguments)
        function.sharedArguments.push_back(sharedOf[index]);
      for (size_t index : saved.updateTargets)
        function.updateTargets.push_back(sharedOf[index]);
      for (SavedSignature &signature : saved.signatures) {
        RunnerSignature loaded;
        loaded.saved = std::move(signature);
        loaded.unusable = whyUnusable(loaded.saved);
        if (loaded.unusable.empty() && !loaded.saved.forGpu) // GPU code loads at its first call
          loaded.executable = loadSignature(loaded.saved, saved.symbol,
                                            "'" + path + "', function '" + saved.name + "'");
        if (loaded.executable)
          loaded.saved.object.clear(); // loaded: the bytes are no longer needed
        function.signatures.push_back(std::move(loaded));
      }
      saved.signatures.clear();
      saved.moduleBytecode.clear(); // the runtime cannot compile it
      function.saved = std::move(saved);
      log().info("runner: loaded function '{}' from '{}' ({} compiled signatures; this "
                 "runtime does no code generation)",
                 function.saved.name, path, function.signatures.size());
      state->functions.push_back(std::move(function));
    }
  }
  return Runner(state);
}

std::vector<std::string> Runner::functions() const {
  std::vector<std::string> names;
  for (const RunnerFunction &function : state->functions)
    names.push_back(function.saved.name);
  return names;
}

std::vector<std::string> Runner::sharedNames() const {
  std::vector<std::string> names;
  for (const RunnerShared &variable : state->shared)
    names.push_back(variable.name);
  return names;
}

Array Runner::get_value(const std::string &name) const {
  std::lock_guard<std::mutex> lock(state->mutex);
  return state->shared[state->sharedIndex(name)].value.toHost().clone();
}

void Runner::set_value(const std::string &name, const Array &value) {
  std::lock_guard<std::mutex> lock(state->mutex);
  RunnerShared &variable = state->shared[state->sharedIndex(name)];
  if (value.dtype() != variable.value.dtype())
    throw TypeError("set_value of shared variable '" + name + "': the value is " +
                    dtypeName(value.dtype()) + ", the variable " +
                    dtypeName(variable.value.dtype()));
  variable.value = value.toHost().clone();
}

std::vector<Array> Runner::call(const std::string &name, const std::vector<Array> &given) {
  std::lock_guard<std::mutex> lock(state->mutex);
  RunnerFunction &function = state->function(name);
  const SavedFunction &saved = function.saved;
  std::vector<Array> arguments = given; // inputs left out take their defaults
  while (arguments.size() < saved.inputs.size() && saved.inputs[arguments.size()].defaultValue)
    arguments.push_back(*saved.inputs[arguments.size()].defaultValue);
  if (arguments.size() != saved.inputs.size())
    throw ArgumentError("function '" + name + "' takes " + std::to_string(saved.inputs.size()) +
                        " arguments but was called with " + std::to_string(arguments.size()));
  bool downcast = saved.options.count("allow_input_downcast") &&
                  saved.options.at("allow_input_downcast") == "1";
  std::vector<Array> values;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const SavedInput &input = saved.inputs[i];
    values.push_back(prepareArgument(arguments[i], input.dtype, input.ndim, downcast, [&] {
      return "function '" + name + "', argument " + std::to_string(i) + " (" +
             (input.name.empty() ? "?" : input.name) + ": " + dtypeName(input.dtype) + ", rank " +
             std::to_string(input.ndim) + ")";
    }));
  }
  for (size_t index : function.sharedArguments)
    values.push_back(state->shared[index].value);
  Signature signature = signatureOf(values, saved.stepCountArguments);
  RunnerSignature *match = nullptr;
  for (RunnerSignature &candidate : function.signatures)
    if (candidate.saved.signature == signature)
      match = &candidate;
  if (!match) {
    std::string held;
    for (const RunnerSignature &candidate : function.signatures)
      held += "\n  " + signatureText(candidate.saved.signature, values.size());
    throw CompileError("function '" + name + "' has no compiled code for (" +
                       signatureText(signature, values.size()) +
                       ") and this runtime cannot compile; the file holds " +
                       (held.empty() ? std::string("no signatures") : held) +
                       "\n(call it once with these shapes in a process with Theta's compiler, "
                       "then save it again)");
  }
  if (!match->unusable.empty())
    throw CompileError("function '" + name + "' (" + signatureText(signature, values.size()) +
                       ") cannot run here: " + match->unusable);
  if (!match->executable) // GPU code: the device opens now
    match->executable = loadSignature(match->saved, saved.symbol, "function '" + name + "'");
  const Executable &executable = *match->executable;

  Device &device = deviceNamed(executable.forGpu ? saved.options.count("device")
                                                       ? saved.options.at("device")
                                                       : "cuda"
                                                 : "cpu");
  bool onDevice = device.kind() != DeviceKind::Host;
  std::optional<CudaCallScope> scope;
  if (onDevice)
    scope.emplace(device);
  for (size_t i = 0; i < values.size(); ++i)
    if (&values[i].device() != &device)
      values[i] = values[i].to(device);
  std::vector<Array> results;
  std::vector<void *> pointers;
  for (const Array &value : values)
    pointers.push_back(value.raw());
  for (const TensorSpec &spec : executable.results) {
    results.emplace_back(spec.dtype, spec.shape, device);
    pointers.push_back(results.back().raw());
  }
  runExecutable(executable, pointers.data());
  if (onDevice) {
    device.synchronize();
    for (Array &result : results)
      result = result.toHost();
  }
  trimToRowCounts(executable, results);
  for (size_t k = 0; k < function.updateTargets.size(); ++k)
    state->shared[function.updateTargets[k]].value = results[saved.outputCount + k];
  results.resize(saved.outputCount);
  return results;
}

} // namespace theta
