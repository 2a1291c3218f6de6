//===- FunctionImpl.h - what a theta::Function holds ----------------------===//
//
// Shared by the files that implement calls, profiles, DebugMode and the
// graph printers: the unspecialized module, the inputs and shared
// variables, the mode's pipeline and the executables per signature.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_API_FUNCTIONIMPL_H
#define THETA_API_FUNCTIONIMPL_H

#include "api/Graph.h"
#include "api/ProfileImpl.h"
#include "theta/Function.h"

#include "runtime/Compiler.h"
#include "runtime/SavedFile.h"
#include "runtime/Signature.h"

#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace theta {
namespace detail {

using theta::Signature;

struct SignatureHash {
  size_t operator()(const Signature &signature) const {
    uint64_t hash = 1469598103934665603ull;
    for (int64_t value : signature)
      hash = (hash ^ static_cast<uint64_t>(value)) * 1099511628211ull;
    return static_cast<size_t>(hash);
  }
};

struct FunctionImpl {
  std::string name;
  std::string symbol;
  // The unspecialized function; guarded by the graph mutex.
  mutable mlir::OwningOpRef<mlir::ModuleOp> module;
  std::vector<Variable> inputs;
  /// Each input's dtype and rank, read once from the graph (cacheInputTypes):
  /// a call checks its arguments against them without touching MLIR.
  std::vector<DType> inputDtypes;
  std::vector<int64_t> inputRanks;
  /// Per input, its default value (In(y, value)), or nothing.
  std::vector<std::optional<Array>> defaults;
  std::vector<std::shared_ptr<SharedStorage>> sharedArguments;
  std::vector<std::string> sharedNames;
  std::vector<std::shared_ptr<SharedStorage>> updateTargets;
  size_t outputCount = 0;
  bool allowInputDowncast = false;
  /// Arguments (inputs and shared values, by position) whose value a scan
  /// uses as its step count: compiled per value, as a constant, so that
  /// the scan's results have static shapes.
  std::vector<size_t> stepCountArguments;
  std::unique_ptr<Compiler> compiler;
  /// FAST_RUN, FAST_COMPILE, DebugMode or NanGuardMode (canonical names).
  std::string mode;
  /// The pipeline of every signature, from the mode and the profile flag.
  PipelineOptions pipeline;
  /// The device named by `device=` (cpu, cuda, cudaN), opened at the first
  /// call: a machine without that device fails there, saying why.
  std::string deviceName = "cpu";
  mutable std::once_flag deviceOpened;
  mutable Device *device = nullptr;
  /// `pipeline` for the device (the GPU's chip and toolkit filled in).
  mutable PipelineOptions devicePipeline;
  Device &targetDevice() const;
  /// Signatures loaded from a saved file, not yet called: the first call
  /// with one loads its object instead of compiling (api/Save.cpp).
  mutable std::unordered_map<Signature, SavedSignature, SignatureHash> savedSignatures;
  std::string savedFrom;
  /// With pipeline.profile: what the calls and compiles recorded.
  std::shared_ptr<FunctionProfile> profile;

  mutable std::shared_mutex cacheMutex;
  mutable std::unordered_map<Signature, std::shared_ptr<Executable>, SignatureHash> cache;
  mutable std::mutex compileMutex;
  /// Every shared variable the function reads or updates, once, in the
  /// process-wide lock order (by address). A call that updates holds all of
  /// their locks from its snapshot to its last update, so calls updating the
  /// same variables apply one after the other and none is lost; a call that
  /// updates nothing holds them only while it copies the values.
  std::vector<SharedStorage *> lockOrder;
  /// Fills lockOrder from sharedArguments and updateTargets.
  void orderLocks();

  Array prepareArgument(size_t index, const Array &argument) const;
  /// Fills inputDtypes and inputRanks from `inputs` (once they are final).
  void cacheInputTypes();
  /// The executable of a signature compiled before, or null.
  std::shared_ptr<Executable> cachedExecutable(const Signature &signature) const {
    std::shared_lock<std::shared_mutex> read(cacheMutex);
    auto found = cache.find(signature);
    return found == cache.end() ? nullptr : found->second;
  }
  std::shared_ptr<Executable> executableFor(const Signature &signature,
                                            const std::vector<Array> &arguments) const;
  /// The executable of a saved signature (loaded, no code generation), or
  /// null when there is none or its object does not load (then it compiles).
  /// The caller holds compileMutex.
  std::shared_ptr<Executable> loadSavedSignature(const Signature &signature) const;
  /// A copy of the module with the argument types of `arguments` (inputs,
  /// then shared values) and the step counts compiled in. The caller holds
  /// the graph mutex.
  mlir::OwningOpRef<mlir::ModuleOp> specialize(const std::vector<Array> &arguments) const;
  /// The arguments of a call: the inputs given, then the shared values.
  std::vector<Array> currentValues(const std::vector<Array> &inputs) const;
};

/// Locks shared variables in the order given (one global order, so calls
/// never deadlock) and unlocks them in reverse.
class SharedLocks {
public:
  explicit SharedLocks(const std::vector<SharedStorage *> &order) : order(order) {
    for (SharedStorage *storage : order)
      storage->mutex.lock();
  }
  ~SharedLocks() { release(); }
  void release() {
    if (held)
      for (auto it = order.rbegin(); it != order.rend(); ++it)
        (*it)->mutex.unlock();
    held = false;
  }
  SharedLocks(const SharedLocks &) = delete;
  SharedLocks &operator=(const SharedLocks &) = delete;

private:
  const std::vector<SharedStorage *> &order;
  bool held = true;
};

using theta::signatureOf;

} // namespace detail
} // namespace theta

#endif // THETA_API_FUNCTIONIMPL_H
