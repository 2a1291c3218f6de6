//===- Function.cpp - theta::function and calls ---------------------------===//
//
// function() copies the part of the graph between the inputs and the outputs
// (and update expressions) into a module of its own: inputs become the first
// arguments, shared variables the graph reaches become further arguments,
// givens are substituted while copying. A call specializes that module to the
// arguments' shapes, compiles it once per signature and caches the result.
//
//===----------------------------------------------------------------------===//
#include "api/DebugMode.h"
#include "api/DefaultUpdates.h"
#include "api/FunctionImpl.h"
#include "api/Graph.h"
#include "dialect/ThetaOps.h"
#include "theta/Config.h"
#include "theta/Function.h"

#include "runtime/Compiler.h"
#include "runtime/Cuda.h"
#include "runtime/Diagnostics.h"
#include "runtime/Execution.h"
#include "runtime/Logging.h"
#include "runtime/Signature.h"

#include "mlir/IR/IRMapping.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

namespace theta {
namespace detail {

void FunctionImpl::orderLocks() {
  lockOrder.clear();
  for (const auto &storage : sharedArguments)
    lockOrder.push_back(storage.get());
  for (const auto &storage : updateTargets)
    lockOrder.push_back(storage.get());
  std::sort(lockOrder.begin(), lockOrder.end(), std::less<>());
  lockOrder.erase(std::unique(lockOrder.begin(), lockOrder.end()), lockOrder.end());
}

Device &FunctionImpl::targetDevice() const {
  std::call_once(deviceOpened, [&] {
    setCudaPreallocate(config().gpuarray_preallocate); // for a GPU opened now
    Device &opened = deviceNamed(deviceName);
    devicePipeline = pipeline;
    if (opened.kind() == DeviceKind::Cuda) {
      devicePipeline.gpuChip = cudaChip(opened);
      devicePipeline.cudaToolkit = config().cuda_root;
    }
    device = &opened;
  });
  return *device;
}

namespace {

/// A symbol name LLVM and MLIR both accept.
std::string symbolFor(const std::string &name) {
  std::string symbol = "theta_";
  for (char c : name)
    symbol += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return symbol;
}

/// Copies the graph needed for some values into `func`.
class GraphCutter {
public:
  GraphCutter(FunctionImpl &function, mlir::func::FuncOp func,
              const std::vector<Given> &givens, SourceLocation where)
      : function(function), func(func), where(where) {
    for (const auto &[node, replacement] : givens) {
      if (!node || !replacement)
        throw ArgumentError(at(where) + ": a given pairs an empty Variable");
      if (node.dtype() != replacement.dtype() || node.ndim() != replacement.ndim())
        throw TypeError(at(where) + ": given replaces " + describe(node) + " by " +
                        describe(replacement) + "; dtype and rank must match");
      substitutions[node.impl()->value] = replacement.impl()->value;
    }
  }

  mlir::Value copy(mlir::Value value) {
    if (mlir::Value copied = mapping.lookupOrNull(value))
      return copied;
    if (auto substitute = substitutions.find(value); substitute != substitutions.end()) {
      mlir::Value copied = copy(substitute->second);
      mapping.map(value, copied);
      return copied;
    }
    Graph &graph = Graph::instance();
    if (auto argument = llvm::dyn_cast<mlir::BlockArgument>(value)) {
      const Node *node = graph.nodeOf(value);
      if (!node || !node->shared) {
        std::string what = node ? "'" + node->name + "' (built at " +
                                      formatLocation(value.getLoc()) + ")"
                                : "an input";
        throw ArgumentError(at(where) + ": function '" + function.name + "' needs input " +
                            what + " to compute its outputs, but it is not among the inputs");
      }
      mlir::Block &body = func.getBody().front();
      mlir::Value added = body.addArgument(value.getType(), value.getLoc());
      function.sharedArguments.push_back(node->shared);
      function.sharedNames.push_back(node->name);
      mapping.map(value, added);
      return added;
    }
    mlir::Operation *op = value.getDefiningOp();
    for (mlir::Value operand : op->getOperands())
      copy(operand);
    mlir::OpBuilder builder = mlir::OpBuilder::atBlockEnd(&func.getBody().front());
    mlir::Operation *copied = builder.clone(*op, mapping);
    return copied->getResult(llvm::cast<mlir::OpResult>(value).getResultNumber());
  }

  mlir::IRMapping mapping;

private:
  FunctionImpl &function;
  mlir::func::FuncOp func;
  SourceLocation where;
  llvm::DenseMap<mlir::Value, mlir::Value> substitutions;
};

} // namespace

Array FunctionImpl::prepareArgument(size_t index, const Array &argument) const {
  // Two words of capture: std::function keeps them inline (no allocation).
  return theta::prepareArgument(argument, inputDtypes[index], inputRanks[index],
                                allowInputDowncast, [this, index] {
                                  return "function '" + name + "', argument " +
                                         std::to_string(index) + " (" +
                                         describe(inputs[index]) + ")";
                                });
}

void FunctionImpl::cacheInputTypes() {
  inputDtypes.clear();
  inputRanks.clear();
  for (const Variable &input : inputs) {
    inputDtypes.push_back(input.dtype());
    inputRanks.push_back(input.ndim());
  }
}

/// A signature's compile, by stage, for the profile.
ProfileCompile compileRecord(const std::vector<Array> &arguments, double graphSeconds,
                             const Executable &executable) {
  ProfileCompile compile;
  for (const Array &argument : arguments)
    compile.signature += (compile.signature.empty() ? "" : ", ") +
                         std::string(dtypeName(argument.dtype())) +
                         shapeString(argument.shape());
  compile.graphSeconds = graphSeconds;
  compile.thetaSeconds = executable.thetaSeconds;
  compile.loweringSeconds = executable.loweringSeconds;
  compile.llvmSeconds = executable.llvmSeconds;
  compile.totalSeconds = graphSeconds + executable.compileSeconds;
  compile.fromDiskCache = executable.fromDiskCache;
  return compile;
}

std::shared_ptr<Executable>
FunctionImpl::executableFor(const Signature &signature,
                            const std::vector<Array> &arguments) const {
  {
    std::shared_lock<std::shared_mutex> read(cacheMutex);
    if (auto found = cache.find(signature); found != cache.end())
      return found->second;
  }
  std::lock_guard<std::mutex> compiling(compileMutex);
  {
    std::shared_lock<std::shared_mutex> read(cacheMutex);
    if (auto found = cache.find(signature); found != cache.end())
      return found->second;
  }
  if (std::shared_ptr<Executable> loaded = loadSavedSignature(signature)) {
    std::unique_lock<std::shared_mutex> write(cacheMutex);
    cache.emplace(signature, loaded);
    return loaded;
  }
  Graph &graph = Graph::instance();
  std::shared_ptr<Executable> executable;
  {
    std::lock_guard<std::recursive_mutex> guard(graph.mutex());
    int64_t started = profiling::nowNanoseconds();
    mlir::OwningOpRef<mlir::ModuleOp> specialized = specialize(arguments);
    double graphSeconds = static_cast<double>(profiling::nowNanoseconds() - started) * 1e-9;
    targetDevice();
    executable =
        std::make_shared<Executable>(compiler->compile(*specialized, symbol, devicePipeline));
    if (profile)
      profile->addCompile(compileRecord(arguments, graphSeconds, *executable));
  }
  log().info("function '{}': compiled a new signature in {:.1f} ms{}", name,
             executable->compileSeconds * 1e3,
             executable->fromDiskCache ? " (disk cache)" : "");
  std::unique_lock<std::shared_mutex> write(cacheMutex);
  cache.emplace(signature, executable);
  return executable;
}

mlir::OwningOpRef<mlir::ModuleOp>
FunctionImpl::specialize(const std::vector<Array> &arguments) const {
  Graph &graph = Graph::instance();
  mlir::OwningOpRef<mlir::ModuleOp> specialized = module->clone();
  auto func = specialized->lookupSymbol<mlir::func::FuncOp>(symbol);
  mlir::Block &body = func.getBody().front();
  llvm::SmallVector<mlir::Type> types;
  for (auto [argument, array] : llvm::zip(body.getArguments(), arguments)) {
    mlir::Type element = mlirElementType(graph.context(), array.dtype());
    argument.setType(mlir::RankedTensorType::get(array.shape(), element));
    types.push_back(argument.getType());
  }
  func.setType(mlir::FunctionType::get(&graph.context(), types, func.getResultTypes()));
  // Step counts taken from arguments are compiled in as constants.
  mlir::OpBuilder builder = mlir::OpBuilder::atBlockBegin(&body);
  for (size_t index : stepCountArguments) {
    mlir::BlockArgument argument = body.getArgument(index);
    auto type = llvm::cast<mlir::RankedTensorType>(argument.getType());
    auto value = static_cast<int64_t>(arguments[index].toHost().at(0));
    auto attribute = mlir::DenseElementsAttr::get(
        type, builder.getIntegerAttr(type.getElementType(), value));
    argument.replaceAllUsesWith(ConstantOp::create(builder, argument.getLoc(), attribute));
  }
  return specialized;
}

std::vector<Array> FunctionImpl::currentValues(const std::vector<Array> &given) const {
  std::vector<Array> values;
  values.reserve(given.size() + sharedArguments.size());
  for (size_t i = 0; i < given.size(); ++i)
    values.push_back(prepareArgument(i, given[i]));
  for (const auto &storage : sharedArguments) {
    std::lock_guard<std::mutex> lock(storage->mutex);
    values.push_back(storage->value);
  }
  return values;
}

} // namespace detail

using detail::FunctionImpl;
using detail::Graph;

Function function(const FunctionInputs &given, const std::vector<Variable> &outputs,
                  const FunctionOptions &options, SourceLocation where) {
  std::vector<Variable> inputs;
  std::vector<std::optional<Array>> defaults;
  for (const In &input : given.entries) {
    inputs.push_back(input.variable);
    defaults.push_back(input.value);
  }
  int64_t buildStarted = profiling::nowNanoseconds();
  Graph &graph = Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  auto impl = std::make_shared<FunctionImpl>();
  impl->name = options.name.empty() ? "function at " + detail::at(where) : options.name;
  impl->symbol = detail::symbolFor(options.name.empty() ? "function" : options.name);
  impl->inputs = inputs;
  for (size_t i = 0; i < defaults.size(); ++i)
    if (defaults[i]) { // checked now, as a call would check it
      if (!inputs[i])
        throw ArgumentError(detail::at(where) + ": an input is an empty Variable");
      defaults[i] = theta::prepareArgument(*defaults[i], inputs[i].dtype(), inputs[i].ndim(),
                                           options.allow_input_downcast, [&] {
                                             return detail::at(where) + ": the default of " +
                                                    detail::describe(inputs[i]);
                                           });
    }
  impl->defaults = defaults;
  impl->outputCount = outputs.size();
  impl->allowInputDowncast = options.allow_input_downcast;
  impl->mode = normalizeMode(options.mode.empty() ? config().mode : options.mode);
  impl->pipeline.fastCompile = impl->mode == "FAST_COMPILE";
  impl->pipeline.nanGuard = impl->mode == "NanGuardMode";
  impl->pipeline.nanIsError = config().nan_is_error;
  impl->pipeline.infIsError = config().inf_is_error;
  impl->pipeline.bigIsError = config().big_is_error;
  impl->pipeline.profile = options.profile.value_or(config().profile);
  impl->deviceName = options.device.empty() ? config().device : options.device;
  if (impl->deviceName != "cpu") {
    // DebugMode compares with a float64 reference on the CPU.
    const char *refused = impl->mode == "DebugMode" ? "DebugMode" : nullptr;
    if (refused)
      throw ArgumentError(detail::at(where) + ": function '" + impl->name + "': " + refused +
                          " runs on the CPU only; use device=cpu for it (device is '" +
                          impl->deviceName + "')");
  }
  std::string cacheDir = config().cache_dir;
  impl->compiler = std::make_unique<Compiler>(ObjectCache(cacheDir));

  mlir::MLIRContext &context = graph.context();
  mlir::OpBuilder builder(&context);
  impl->module = mlir::ModuleOp::create(graph.location(where));
  builder.setInsertionPointToEnd(impl->module->getBody());
  llvm::SmallVector<mlir::Type> inputTypes;
  for (const Variable &input : inputs) {
    if (!input)
      throw ArgumentError(detail::at(where) + ": an input is an empty Variable");
    inputTypes.push_back(input.impl()->value.getType());
  }
  auto func = mlir::func::FuncOp::create(builder, graph.location(where), impl->symbol,
                                         builder.getFunctionType(inputTypes, {}));
  mlir::Block *body = func.addEntryBlock();

  detail::GraphCutter cutter(*impl, func, options.givens, where);
  for (auto [input, argument] : llvm::zip(inputs, body->getArguments())) {
    if (cutter.mapping.contains(input.impl()->value))
      throw ArgumentError(detail::at(where) + ": " + detail::describe(input) +
                          " is given twice as an input");
    cutter.mapping.map(input.impl()->value, argument);
  }
  llvm::SmallVector<mlir::Value> results;
  for (const Variable &output : outputs) {
    if (!output)
      throw ArgumentError(detail::at(where) + ": an output is an empty Variable");
    results.push_back(cutter.copy(output.impl()->value));
  }
  for (const auto &[target, expression] : options.updates) {
    if (!target || !target.impl()->shared)
      throw ArgumentError(detail::at(where) + ": updates must target shared variables");
    if (!expression || expression.dtype() != target.dtype() ||
        expression.ndim() != target.ndim())
      throw TypeError(detail::at(where) + ": the update of " + detail::describe(target) +
                      " is " + (expression ? detail::describe(expression) : "empty") +
                      "; it must have the same dtype and rank");
    for (const auto &storage : impl->updateTargets)
      if (storage == target.impl()->shared)
        throw ArgumentError(detail::at(where) + ": " + detail::describe(target) +
                            " is updated twice");
    impl->updateTargets.push_back(target.impl()->shared);
    results.push_back(cutter.copy(expression.impl()->value));
  }
  // Theano's default_update (random streams' counters): for every shared
  // variable read and not updated explicitly; the list grows as updates
  // reach further shared variables.
  for (size_t i = 0; i < impl->sharedArguments.size() && !options.no_default_updates; ++i) {
    std::shared_ptr<detail::SharedStorage> storage = impl->sharedArguments[i];
    Variable update = detail::defaultUpdateOf(storage);
    if (!update || llvm::is_contained(impl->updateTargets, storage))
      continue;
    impl->updateTargets.push_back(storage);
    results.push_back(cutter.copy(update.impl()->value));
  }
  builder.setInsertionPointToEnd(body);
  mlir::func::ReturnOp::create(builder, graph.location(where), results);
  func.walk([&](ScanOp scan) {
    mlir::Value count = scan.getNSteps();
    if (auto cast = count ? count.getDefiningOp<CastOp>() : CastOp())
      count = cast.getInput();
    auto argument = llvm::dyn_cast_or_null<mlir::BlockArgument>(count);
    if (argument && argument.getOwner() == body &&
        !llvm::is_contained(impl->stepCountArguments, argument.getArgNumber()))
      impl->stepCountArguments.push_back(argument.getArgNumber());
  });
  func.setType(builder.getFunctionType(body->getArgumentTypes(), mlir::ValueRange(results).getTypes()));
  impl->orderLocks();
  if (impl->pipeline.profile) {
    impl->profile = detail::newFunctionProfile(impl->name);
    impl->profile->addBuild(
        static_cast<double>(profiling::nowNanoseconds() - buildStarted) * 1e-9);
  }
  impl->cacheInputTypes();
  return Function(impl);
}

Function function(const FunctionInputs &inputs, const Variable &output,
                  const FunctionOptions &options, SourceLocation where) {
  return function(inputs, std::vector<Variable>{output}, options, where);
}

std::vector<Array> Function::operator()(const std::vector<Array> &given) const {
  const FunctionImpl &f = *impl;
  // Inputs left out take their defaults (Theano's In(y, value=...)); the
  // common call, with every argument given, copies nothing.
  std::vector<Array> withDefaults;
  const std::vector<Array> *given_ = &given;
  if (given.size() < f.inputs.size()) {
    withDefaults = given;
    while (withDefaults.size() < f.inputs.size() && f.defaults.size() == f.inputs.size() &&
           f.defaults[withDefaults.size()])
      withDefaults.push_back(*f.defaults[withDefaults.size()]);
    given_ = &withDefaults;
  }
  const std::vector<Array> &arguments = *given_;
  // Profiling: the call's time, its compiles left out.
  int64_t callStarted = f.profile ? profiling::nowNanoseconds() : 0;
  if (arguments.size() != f.inputs.size()) {
    std::string names;
    for (const Variable &input : f.inputs)
      names += (names.empty() ? "" : ", ") + (input.name().empty() ? "?" : input.name());
    size_t withDefaults = 0;
    for (const auto &value : f.defaults)
      withDefaults += value.has_value();
    throw ArgumentError("function '" + f.name + "' takes " + std::to_string(f.inputs.size()) +
                        " arguments (" + names + ")" +
                        (withDefaults ? " of which " + std::to_string(withDefaults) +
                                            " have defaults"
                                      : std::string()) +
                        " but was called with " + std::to_string(given.size()));
  }
  std::vector<Array> prepared;
  prepared.reserve(arguments.size());
  for (size_t i = 0; i < arguments.size(); ++i)
    prepared.push_back(f.prepareArgument(i, arguments[i]));
  // The first call opens the device (a missing GPU fails here, saying why).
  Device &device = f.targetDevice();
  bool onDevice = device.kind() != DeviceKind::Host;
  std::optional<CudaCallScope> deviceScope;
  if (onDevice)
    deviceScope.emplace(device);

  for (;;) {
    // A consistent snapshot of the shared variables; a call with updates
    // keeps them locked until its updates are applied (see FunctionImpl).
    detail::SharedLocks locks(f.lockOrder);
    std::vector<Array> values = prepared;
    values.reserve(prepared.size() + f.sharedArguments.size());
    for (const auto &storage : f.sharedArguments)
      values.push_back(storage->value);
    detail::Signature signature = detail::signatureOf(values, f.stepCountArguments);
    std::shared_ptr<Executable> executable = f.cachedExecutable(signature);
    if (!executable) {
      // Compile without holding the variables, then take a fresh snapshot.
      locks.release();
      int64_t compileStarted = f.profile ? profiling::nowNanoseconds() : 0;
      f.executableFor(signature, values);
      if (f.profile)
        callStarted += profiling::nowNanoseconds() - compileStarted;
      continue;
    }
    // Arguments on another device are copied in for the call; a shared
    // variable moves to the function's device and stays there (updates swap
    // device buffers), also back to the host for a CPU function.
    for (size_t i = 0; i < values.size(); ++i) {
      if (&values[i].device() == &device)
        continue;
      values[i] = values[i].to(device);
      if (i >= prepared.size())
        f.sharedArguments[i - prepared.size()]->value = values[i];
    }
    if (f.updateTargets.empty())
      locks.release();

    std::vector<Array> results;
    results.reserve(executable->results.size());
    llvm::SmallVector<void *, 16> pointers;
    for (const Array &value : values)
      pointers.push_back(value.raw());
    for (const TensorSpec &spec : executable->results) {
      results.emplace_back(spec.dtype, spec.shape, device);
      pointers.push_back(results.back().raw());
    }
    profiling::CallRecord record;
    int64_t compiledNanoseconds = 0;
    if (f.profile) {
      if (onDevice)
        record.synchronizeWith(&device);
      profiling::RecordScope scope(record);
      int64_t entered = profiling::nowNanoseconds();
      runExecutable(*executable, pointers.data());
      compiledNanoseconds = profiling::nowNanoseconds() - entered;
    } else {
      runExecutable(*executable, pointers.data());
    }
    // Raises what the queued kernels did wrong. Outputs stay on the device
    // until read (Buffer::moveToHost); updates stay there.
    if (onDevice)
      device.synchronize();
    size_t resultBytes = 0;
    for (const Array &result : results)
      resultBytes += static_cast<size_t>(result.size()) * dtypeSize(result.dtype());
    trimToRowCounts(*executable, results);
    if (f.mode == "DebugMode") // raises before any update lands
      detail::checkAgainstReference(f, values, results);

    // Updates land together, after every output was computed.
    for (size_t k = 0; k < f.updateTargets.size(); ++k)
      f.updateTargets[k]->value = results[f.outputCount + k];
    results.resize(f.outputCount);
    if (f.profile)
      f.profile->addCall(record,
                         static_cast<double>(profiling::nowNanoseconds() - callStarted) * 1e-9,
                         static_cast<double>(compiledNanoseconds) * 1e-9, resultBytes);
    return results;
  }
}

const std::string &Function::name() const { return impl->name; }

ProfileStats Function::profile() const {
  if (impl->profile)
    return impl->profile->stats();
  ProfileStats stats;
  stats.name = impl->name;
  return stats;
}

size_t Function::compiledSignatures() const {
  std::shared_lock<std::shared_mutex> read(impl->cacheMutex);
  return impl->cache.size();
}

std::string Function::ir() const {
  std::lock_guard<std::recursive_mutex> guard(Graph::instance().mutex());
  std::string text;
  llvm::raw_string_ostream os(text);
  impl->module->print(os);
  return text;
}

} // namespace theta
