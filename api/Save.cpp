//===- Save.cpp - save_functions / load_functions -------------------------===//
#include "theta/Save.h"

#include "api/FunctionImpl.h"
#include "api/Graph.h"
#include "theta/Config.h"

#include "runtime/Blas.h"
#include "runtime/HostCpu.h"
#include "runtime/Jit.h"
#include "runtime/Logging.h"
#include "runtime/SavedFile.h"
#include "runtime/Zip.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <set>

namespace theta {
namespace {

using detail::FunctionImpl;
using detail::Graph;
using detail::SharedStorage;

/// Live shared variables by saved identity: a function loaded in the
/// process that saved it (or loaded twice) shares the variables it had.
struct Registry {
  std::mutex mutex;
  std::map<std::string, std::weak_ptr<SharedStorage>> byIdentity;
  uint64_t serial = 0;
};
Registry &registry() {
  static Registry *instance = new Registry; // outlives static Functions
  return *instance;
}

std::string identityOf(const std::shared_ptr<SharedStorage> &storage) {
  Registry &known = registry();
  std::lock_guard<std::mutex> lock(known.mutex);
  if (storage->identity.empty())
    storage->identity = processToken() + ":" + std::to_string(++known.serial);
  known.byIdentity[storage->identity] = storage;
  return storage->identity;
}

std::map<std::string, std::string> optionsOf(const FunctionImpl &f) {
  auto flag = [](bool value) { return std::string(value ? "1" : "0"); };
  return {{"mode", f.mode},
          {"device", f.deviceName},
          {"allow_input_downcast", flag(f.allowInputDowncast)},
          {"nan_is_error", flag(f.pipeline.nanIsError)},
          {"inf_is_error", flag(f.pipeline.infIsError)},
          {"big_is_error", flag(f.pipeline.bigIsError)},
          {"profile", flag(f.pipeline.profile)}};
}

SavedFunction saveOne(const FunctionImpl &f, SavedFile &file,
                      std::map<SharedStorage *, size_t> &sharedIndex) {
  SavedFunction saved;
  saved.name = f.name;
  saved.symbol = f.symbol;
  saved.options = optionsOf(f);
  for (size_t i = 0; i < f.inputs.size(); ++i)
    saved.inputs.push_back({f.inputs[i].name(), f.inputs[i].dtype(), f.inputs[i].ndim(),
                            i < f.defaults.size() ? f.defaults[i] : std::nullopt});
  saved.outputCount = f.outputCount;
  auto indexOf = [&](const std::shared_ptr<SharedStorage> &storage, const std::string &name) {
    auto [found, inserted] = sharedIndex.emplace(storage.get(), file.shared.size());
    if (inserted) {
      std::lock_guard<std::mutex> lock(storage->mutex);
      file.shared.push_back({identityOf(storage), name, storage->value.toHost().clone()});
    }
    return found->second;
  };
  for (size_t k = 0; k < f.sharedArguments.size(); ++k)
    saved.sharedArguments.push_back(indexOf(f.sharedArguments[k], f.sharedNames[k]));
  for (const auto &storage : f.updateTargets) {
    std::string name;
    for (size_t k = 0; k < f.sharedArguments.size(); ++k)
      if (f.sharedArguments[k] == storage)
        name = f.sharedNames[k];
    saved.updateTargets.push_back(indexOf(storage, name));
  }
  saved.stepCountArguments = f.stepCountArguments;
  {
    std::lock_guard<std::recursive_mutex> guard(Graph::instance().mutex());
    llvm::raw_string_ostream os(saved.moduleBytecode);
    if (mlir::failed(mlir::writeBytecodeToFile(f.module->getOperation(), os)))
      throw IOError("saving function '" + f.name + "': its module cannot be written as bytecode");
  }
  std::shared_lock<std::shared_mutex> read(f.cacheMutex);
  for (const auto &[signature, executable] : f.cache) {
    if (!executable->object)
      continue;
    SavedSignature entry;
    entry.signature = signature;
    entry.results = executable->results;
    entry.rowCountOf = executable->rowCountOf;
    entry.hostKey = executable->hostKey;
    entry.instructionSets = joinFlags(hostInstructionSets());
    entry.runtimeAbi = kRuntimeAbi;
    entry.forGpu = executable->forGpu;
    entry.object = *executable->object;
    saved.signatures.push_back(std::move(entry));
  }
  read.unlock();
  // Signatures loaded from a file and not called since are saved again.
  std::lock_guard<std::mutex> compiling(f.compileMutex);
  read.lock();
  for (const auto &[signature, entry] : f.savedSignatures)
    if (!f.cache.count(signature))
      saved.signatures.push_back(entry);
  return saved;
}

/// The storages of one load: one per identity, reusing live ones.
std::vector<std::shared_ptr<SharedStorage>>
storagesFor(const std::vector<SavedFile> &files) {
  // The value of the latest save of each identity.
  std::map<std::string, std::pair<uint64_t, const SavedShared *>> latest;
  for (const SavedFile &file : files)
    for (const SavedShared &shared : file.shared) {
      auto &slot = latest[shared.identity];
      if (!slot.second || file.processToken == "" || slot.first <= file.sequence)
        slot = {file.sequence, &shared};
    }
  Registry &known = registry();
  std::lock_guard<std::mutex> lock(known.mutex);
  std::map<std::string, std::shared_ptr<SharedStorage>> made;
  std::vector<std::shared_ptr<SharedStorage>> storages;
  for (const SavedFile &file : files)
    for (const SavedShared &shared : file.shared) {
      std::shared_ptr<SharedStorage> &storage = made[shared.identity];
      if (!storage) {
        storage = known.byIdentity[shared.identity].lock();
        if (!storage) {
          storage = std::make_shared<SharedStorage>();
          storage->identity = shared.identity;
          known.byIdentity[shared.identity] = storage;
        }
        std::lock_guard<std::mutex> valueLock(storage->mutex);
        storage->value = latest[shared.identity].second->value.clone();
      }
      storages.push_back(storage);
    }
  return storages;
}

/// A host key without its long feature list: "22.1.8 x86_64-pc-linux-gnu znver4".
std::string shortHost(const std::string &key) {
  size_t features = key.rfind('|');
  std::string text = key.substr(0, features);
  std::replace(text.begin(), text.end(), '|', ' ');
  return text;
}

bool flagOption(const SavedFunction &saved, const std::string &key) {
  auto found = saved.options.find(key);
  return found != saved.options.end() && found->second == "1";
}
std::string textOption(const SavedFunction &saved, const std::string &key,
                       const std::string &fallback) {
  auto found = saved.options.find(key);
  return found == saved.options.end() ? fallback : found->second;
}

Function loadOne(SavedFunction &saved, const SavedFile &file, const std::string &path,
                 const std::vector<std::shared_ptr<SharedStorage>> &storages) {
  Graph &graph = Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  std::string context = "saved function file '" + path + "', function '" + saved.name + "'";
  auto impl = std::make_shared<FunctionImpl>();
  impl->name = saved.name;
  impl->symbol = saved.symbol;
  impl->savedFrom = path;

  // The module, checked against what the manifest says it computes.
  mlir::ParserConfig parserConfig(&graph.context());
  std::string diagnostics;
  {
    mlir::ScopedDiagnosticHandler handler(&graph.context(), [&](mlir::Diagnostic &diagnostic) {
      diagnostics += "\n  " + diagnostic.str();
      return mlir::success();
    });
    impl->module = mlir::parseSourceString<mlir::ModuleOp>(saved.moduleBytecode, parserConfig);
  }
  if (!impl->module)
    throw IOError(context + ": its theta module (saved by Theta " + file.thetaVersion +
                  ") cannot be read by this Theta (" + kThetaVersion + "):" + diagnostics);
  auto func = impl->module->lookupSymbol<mlir::func::FuncOp>(saved.symbol);
  size_t arguments = saved.inputs.size() + saved.sharedArguments.size();
  size_t results = saved.outputCount + saved.updateTargets.size();
  if (!func || func.getNumArguments() != arguments || func.getNumResults() != results)
    throw IOError(context + ": corrupt saved file: the module does not match the manifest (" +
                  std::to_string(arguments) + " arguments and " + std::to_string(results) +
                  " results expected)");

  for (size_t i = 0; i < saved.inputs.size(); ++i) {
    const SavedInput &input = saved.inputs[i];
    auto type = llvm::dyn_cast<mlir::RankedTensorType>(func.getArgument(i).getType());
    if (!type || type.getRank() != input.ndim ||
        dtypeFromMlir(type.getElementType()) != input.dtype)
      throw IOError(context + ": corrupt saved file: input " + std::to_string(i) +
                    " does not match the module");
    impl->inputs.push_back(tensor(input.dtype, input.ndim, input.name));
    impl->defaults.push_back(input.defaultValue);
  }
  for (size_t index : saved.sharedArguments) {
    impl->sharedArguments.push_back(storages[index]);
    impl->sharedNames.push_back(file.shared[index].name);
  }
  for (size_t index : saved.updateTargets)
    impl->updateTargets.push_back(storages[index]);
  impl->outputCount = saved.outputCount;
  impl->stepCountArguments = saved.stepCountArguments;
  impl->allowInputDowncast = flagOption(saved, "allow_input_downcast");
  impl->mode = textOption(saved, "mode", "FAST_RUN");
  impl->pipeline.fastCompile = impl->mode == "FAST_COMPILE";
  impl->pipeline.nanGuard = impl->mode == "NanGuardMode";
  impl->pipeline.nanIsError = flagOption(saved, "nan_is_error");
  impl->pipeline.infIsError = flagOption(saved, "inf_is_error");
  impl->pipeline.bigIsError = flagOption(saved, "big_is_error");
  impl->pipeline.profile = flagOption(saved, "profile");
  impl->deviceName = textOption(saved, "device", "cpu");
  impl->compiler = std::make_unique<Compiler>(ObjectCache(config().cache_dir));
  if (impl->pipeline.profile)
    impl->profile = detail::newFunctionProfile(impl->name);
  impl->orderLocks();

  const std::string &host = Jit::instance().hostKey();
  size_t usable = 0;
  for (SavedSignature &signature : saved.signatures) {
    std::string text = signatureText(signature.signature, arguments);
    if (signature.runtimeAbi != kRuntimeAbi || signature.hostKey != host) {
      log().warn("{}: the code saved for ({}) was compiled for {}; this process is {}: it "
                 "will be compiled again from the saved module when first called",
                 context, text,
                 signature.runtimeAbi != kRuntimeAbi ? signature.runtimeAbi
                                                     : shortHost(signature.hostKey),
                 signature.runtimeAbi != kRuntimeAbi ? std::string(kRuntimeAbi) : shortHost(host));
      continue;
    }
    ++usable;
    impl->savedSignatures.emplace(signature.signature, std::move(signature));
  }
  log().info("{}: loaded with {} compiled signatures", context, usable);
  impl->cacheInputTypes();
  return Function(impl);
}

} // namespace

void save_functions(const std::vector<Function> &functions, const std::string &path) {
  std::string context = "save_functions('" + path + "')";
  SavedFile file;
  file.runtimeAbi = kRuntimeAbi;
  file.processToken = processToken();
  file.sequence = nextSaveSequence();
  std::map<SharedStorage *, size_t> sharedIndex;
  std::set<std::string> names;
  for (const Function &function : functions) {
    if (!function.implementation())
      throw ArgumentError(context + ": an empty Function");
    const FunctionImpl &f = *function.implementation();
    if (!names.insert(f.name).second)
      throw ArgumentError(context + ": two functions are named '" + f.name +
                          "'; give them distinct names (FunctionOptions::name)");
    file.functions.push_back(saveOne(f, file, sharedIndex));
  }
  writeFileAtomically(path, writeSavedFile(file), context);
  size_t signatures = 0;
  for (const SavedFunction &saved : file.functions)
    signatures += saved.signatures.size();
  log().info("{}: {} functions, {} shared variables, {} compiled signatures", context,
             file.functions.size(), file.shared.size(), signatures);
}

void save_function(const Function &function, const std::string &path) {
  save_functions({function}, path);
}

std::map<std::string, Function> load_functions(const std::vector<std::string> &paths) {
  std::vector<SavedFile> files;
  for (const std::string &path : paths)
    files.push_back(loadSavedFile(path));
  std::vector<std::shared_ptr<SharedStorage>> storages = storagesFor(files);
  std::map<std::string, Function> functions;
  size_t first = 0;
  for (size_t f = 0; f < files.size(); ++f) {
    std::vector<std::shared_ptr<SharedStorage>> own(
        storages.begin() + static_cast<std::ptrdiff_t>(first),
        storages.begin() + static_cast<std::ptrdiff_t>(first + files[f].shared.size()));
    first += files[f].shared.size();
    for (SavedFunction &saved : files[f].functions) {
      if (functions.count(saved.name))
        throw ArgumentError("load_functions: two loaded functions are named '" + saved.name +
                            "' (in '" + paths[f] + "')");
      functions.emplace(saved.name, loadOne(saved, files[f], paths[f], own));
    }
  }
  return functions;
}

Function load_function(const std::string &path) {
  std::map<std::string, Function> functions = load_functions({path});
  if (functions.size() != 1) {
    std::string names;
    for (const auto &[name, function] : functions)
      names += (names.empty() ? "'" : ", '") + name + "'";
    throw ArgumentError("load_function('" + path + "'): the file holds " +
                        std::to_string(functions.size()) + " functions (" + names +
                        "); use load_functions");
  }
  return functions.begin()->second;
}

std::vector<SharedVariable> Function::shared_variables() const {
  Graph &graph = Graph::instance();
  std::lock_guard<std::recursive_mutex> guard(graph.mutex());
  std::vector<SharedVariable> variables;
  std::vector<const SharedStorage *> seen;
  auto add = [&](const std::shared_ptr<SharedStorage> &storage, const std::string &name) {
    if (std::find(seen.begin(), seen.end(), storage.get()) != seen.end())
      return;
    seen.push_back(storage.get());
    Array value;
    {
      std::lock_guard<std::mutex> lock(storage->mutex);
      value = storage->value;
    }
    llvm::SmallVector<int64_t> shape(value.rank(), mlir::ShapedType::kDynamic);
    auto type =
        mlir::RankedTensorType::get(shape, mlirElementType(graph.context(), value.dtype()));
    variables.emplace_back(graph.addArgument(type, name, SourceLocation::current(), storage).impl());
  };
  for (size_t k = 0; k < impl->sharedArguments.size(); ++k)
    add(impl->sharedArguments[k], impl->sharedNames[k]);
  for (const auto &storage : impl->updateTargets)
    add(storage, "");
  return variables;
}

const std::vector<Variable> &Function::inputs() const { return impl->inputs; }

namespace detail {

std::shared_ptr<Executable> FunctionImpl::loadSavedSignature(const Signature &signature) const {
  auto found = savedSignatures.find(signature);
  if (found == savedSignatures.end())
    return nullptr;
  SavedSignature saved = std::move(found->second);
  savedSignatures.erase(found);
  std::string text = signatureText(signature, inputs.size() + sharedArguments.size());
  try {
    if (saved.forGpu)
      targetDevice(); // the GPU module loads into the function's device
    auto executable = std::make_shared<Executable>();
    executable->entry = Jit::instance().load(
        llvm::MemoryBuffer::getMemBufferCopy(saved.object, symbol + ".o"), symbol,
        executable->code);
    executable->results = saved.results;
    executable->rowCountOf = saved.rowCountOf;
    executable->fromSavedFile = true;
    executable->forGpu = saved.forGpu;
    executable->hostKey = saved.hostKey;
    executable->object = std::make_shared<const std::string>(std::move(saved.object));
    log().info("function '{}': loaded the code of ({}) from '{}' (no code generation)", name,
               text, savedFrom);
    return executable;
  } catch (const CompileError &error) {
    log().warn("function '{}': the code saved in '{}' for ({}) does not load ({}); compiling "
               "it again from the saved module",
               name, savedFrom, text, error.what());
    return nullptr;
  }
}

} // namespace detail
} // namespace theta
