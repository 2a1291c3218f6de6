//===- Execution.h - running compiled code, and what it reports back ------===//
//
// Compiled code cannot throw. When a check fails inside it (an index out of
// range, see lowering/RuntimeChecks.h) it calls theta_index_error, which
// records the first failure of the call and lets the code go on with a
// clamped index; runExecutable raises it once the entry returns. A failed
// allocation cannot go on: the allocator jumps back to runExecutable
// (longjmp out of the compiled frames, which hold no C++ objects), frees the
// temporaries the call had allocated and raises MemoryError. Either way the
// caller applies no update.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_EXECUTION_H
#define THETA_RUNTIME_EXECUTION_H

#include "runtime/Executable.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" {
/// An index out of range: `site` is the address of a string naming the op
/// and its line; `length` is the slice's length, 0 for an integer index.
void theta_index_error(intptr_t site, int64_t index, int64_t size, int64_t length);
/// The allocator of compiled code (finalize-memref-to-llvm's generic functions).
void *_mlir_memref_to_llvm_alloc(size_t size);
void *_mlir_memref_to_llvm_aligned_alloc(size_t alignment, size_t size);
void _mlir_memref_to_llvm_free(void *pointer);
/// Names the op whose buffer the next allocation is for (the address of a
/// string, as for theta_index_error), for the message when it fails.
void theta_allocation_site(intptr_t site);
}

namespace theta {

/// Calls `executable` with one pointer per buffer; throws IndexError,
/// NumericError or MemoryError when its checks failed.
void runExecutable(const Executable &executable, void **buffers);

/// Records a NumericError of the call running on this thread (the first
/// one wins; runExecutable raises it when the entry returns). Called by the
/// checks of NanGuardMode (runtime/Probes.h).
void reportNumericError(const std::string &message);

/// Records a failed device operation of the running call (the first one
/// wins; runExecutable raises DeviceError when the entry returns), or,
/// outside a call, of the initializer runInitializer is running.
void reportDeviceError(const std::string &message);

/// Abandons the running call because `size` bytes could not be allocated
/// (MemoryError naming the op, as for host buffers). The calling frame must
/// hold no object with a destructor.
[[noreturn]] void failCompiledAllocation(size_t size);

/// Runs a compiled module's initializer (GPU modules load their kernels
/// there); throws DeviceError if it reported one.
void runInitializer(void (*initializer)());

/// The allocation and check entries compiled code calls, by name.
std::vector<std::pair<std::string, void *>> executionSymbols();

} // namespace theta

#endif // THETA_RUNTIME_EXECUTION_H
