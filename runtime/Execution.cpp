//===- Execution.cpp ------------------------------------------------------===//
#include "runtime/Execution.h"
#include "runtime/Sort.h"

#include "runtime/Logging.h"
#include "runtime/Memory.h"
#include "runtime/Profile.h"
#include "runtime/Probes.h"


#include <unordered_set>
#include <omp.h>

#include <algorithm>
#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace theta {
namespace {

/// What one call on this thread reported. Compiled code reports from the
/// calling thread only: checks run outside parallel loops.
struct CallState {
  std::jmp_buf failedAllocation;
  std::string indexError;
  std::string numericError;
  std::string memoryError;
  std::string deviceError;
  /// The compiled code's live allocations, freed after a failed one. A hash
  /// set: a step of a scan can hold thousands, freed in any order.
  std::unordered_set<void *> live;
  /// Their bytes now and at most, for the profiler's peak memory.
  size_t liveBytes = 0;
  size_t peakBytes = 0;
};

thread_local CallState *currentCall = nullptr;
thread_local const char *allocationSite = nullptr;
/// A device error reported outside any call (by an initializer).
thread_local std::string initializerError;

/// The entry call, alone in a frame with nothing to destroy, for setjmp.
bool callEntry(EntryPoint entry, void **buffers, CallState &state) {
  if (setjmp(state.failedAllocation) != 0)
    return false;
  entry(buffers);
  return true;
}

std::string allocationFailure(size_t size) {
  return "cannot allocate " + formatBytes(static_cast<double>(size)) + " for a buffer of " +
         (allocationSite ? allocationSite : "a compiled function");
}

/// Buffers of compiled code are preceded by the address malloc returned, so
/// that aligned ones come from plain malloc too: glibc's memalign leaves free
/// fragments in the heap that later allocations do not reuse, and a training
/// step then faults in fresh pages (the RNN step ran 50 % slower after the
/// CNN step's aligned oneDNN buffers).
void *headedBlock(size_t size, size_t alignment) {
  alignment = std::max(alignment, alignof(std::max_align_t));
  // Header: the size (for the peak memory of a call), then malloc's address.
  size_t extra = 2 * sizeof(void *) + alignment - 1;
  if (size > SIZE_MAX - extra)
    return nullptr;
  void *block = std::malloc(size + extra);
  if (!block)
    return nullptr;
  uintptr_t first = reinterpret_cast<uintptr_t>(block) + 2 * sizeof(void *);
  uintptr_t aligned = (first + alignment - 1) & ~(static_cast<uintptr_t>(alignment) - 1);
  reinterpret_cast<void **>(aligned)[-1] = block;
  reinterpret_cast<size_t *>(aligned)[-2] = size;
  return reinterpret_cast<void *>(aligned);
}

void releaseBlock(void *pointer) { std::free(static_cast<void **>(pointer)[-1]); }

void *track(void *pointer, size_t size) {
  CallState *state = currentCall;
  if (pointer || size == 0) {
    if (state && pointer) {
      state->live.insert(pointer);
      state->liveBytes += size;
      state->peakBytes = std::max(state->peakBytes, state->liveBytes);
    }
    return pointer;
  }
  // Outside the calling thread or inside a parallel region there is no safe
  // way back to the caller.
  if (!state || omp_in_parallel()) {
    log().critical("{} (in a parallel loop: the process cannot go on)", allocationFailure(size));
    std::abort();
  }
  // No object with a destructor may be alive in this frame at the longjmp
  // (it would never run: a local message string leaked on every failure).
  state->memoryError = allocationFailure(size);
  std::longjmp(state->failedAllocation, 1);
}

} // namespace

void runExecutable(const Executable &executable, void **buffers) {
  CallState state;
  CallState *outer = currentCall;
  currentCall = &state;
  bool finished = callEntry(executable.entry, buffers, state);
  currentCall = outer;
  profiling::notePeakBytes(state.peakBytes);
  if (!finished) {
    for (void *pointer : state.live)
      releaseBlock(pointer);
    throw MemoryError(state.memoryError);
  }
  if (!state.deviceError.empty())
    throw DeviceError(state.deviceError);
  if (!state.indexError.empty())
    throw IndexError(state.indexError);
  if (!state.numericError.empty())
    throw NumericError(state.numericError);
}

void reportNumericError(const std::string &message) {
  if (CallState *state = currentCall; state && state->numericError.empty())
    state->numericError = message;
}

void reportDeviceError(const std::string &message) {
  std::string &slot = currentCall ? currentCall->deviceError : initializerError;
  if (slot.empty())
    slot = message;
}

void failCompiledAllocation(size_t size) {
  track(nullptr, size == 0 ? 1 : size);
  std::abort(); // unreachable: track jumps back to runExecutable or aborts
}

void runInitializer(void (*initializer)()) {
  initializerError.clear();
  initializer();
  if (!initializerError.empty()) {
    std::string message = std::move(initializerError);
    initializerError.clear();
    throw DeviceError(message);
  }
}

std::vector<std::pair<std::string, void *>> executionSymbols() {
  return {{"theta_index_error", reinterpret_cast<void *>(&theta_index_error)},
          {"theta_probe", reinterpret_cast<void *>(&theta_probe)},
          {"theta_argsort", reinterpret_cast<void *>(&theta_argsort)},
          {"theta_allocation_site", reinterpret_cast<void *>(&theta_allocation_site)},
          {"_mlir_memref_to_llvm_alloc", reinterpret_cast<void *>(&_mlir_memref_to_llvm_alloc)},
          {"_mlir_memref_to_llvm_aligned_alloc",
           reinterpret_cast<void *>(&_mlir_memref_to_llvm_aligned_alloc)},
          {"_mlir_memref_to_llvm_free", reinterpret_cast<void *>(&_mlir_memref_to_llvm_free)}};
}

} // namespace theta

using theta::currentCall;

extern "C" {

void theta_index_error(intptr_t site, int64_t index, int64_t size, int64_t length) {
  theta::CallState *state = theta::currentCall;
  if (!state || !state->indexError.empty()) // The first error of a call is reported.
    return;
  std::string what = length == 0 ? "index " + std::to_string(index) +
                                       " is out of bounds for axis with size " +
                                       std::to_string(size)
                                 : "slice [" + std::to_string(index) + ":" +
                                       std::to_string(index) + " + " + std::to_string(length) +
                                       "] does not fit in an axis of size " +
                                       std::to_string(size);
  state->indexError = what + " in " + reinterpret_cast<const char *>(site);
}

void theta_allocation_site(intptr_t site) {
  theta::allocationSite = reinterpret_cast<const char *>(site);
}

void *_mlir_memref_to_llvm_alloc(size_t size) {
  return theta::track(theta::headedBlock(size, alignof(std::max_align_t)), size);
}

void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size) {
  return theta::track(theta::headedBlock(size, alignment), size);
}

void _mlir_memref_to_llvm_free(void *pointer) {
  if (!pointer)
    return;
  if (theta::CallState *state = theta::currentCall)
    if (state->live.erase(pointer))
      state->liveBytes -= static_cast<size_t *>(pointer)[-2];
  theta::releaseBlock(pointer);
}

} // extern "C"
