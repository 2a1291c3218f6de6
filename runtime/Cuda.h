//===- Cuda.h - NVIDIA GPUs as theta devices ------------------------------===//
//
// A CudaDevice holds the GPU's primary context, one stream on which every
// copy, kernel and cuBLAS call of the process runs in order, a cuBLAS handle
// on that stream, and a caching memory pool: freed blocks are kept by size
// and reused, so a training step does not call cuMemAlloc on every call.
// Because everything is on one stream, a block freed while kernels that use
// it are still queued can be handed to later work on the same stream.
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_CUDA_H
#define THETA_RUNTIME_CUDA_H

#include "runtime/Device.h"

#include <cstdint>
#include <string>

namespace theta {

/// Whether CUDA device `ordinal` can be used; when not, `why` says why.
bool cudaAvailable(int ordinal = 0, std::string *why = nullptr);

/// The CUDA device `ordinal` (opened on first use, never destroyed). Throws
/// DeviceError "device=cuda0: <why>" when it cannot be used.
Device &cudaDevice(int ordinal = 0);

/// What compiled code and the compiler need to know about a CUDA device.
struct CudaDeviceInfo {
  std::string name;          // "NVIDIA H200"
  int major = 0, minor = 0;  // compute capability
  size_t memoryBytes = 0;
  int multiprocessors = 0;
};
CudaDeviceInfo cudaDeviceInfo(Device &device);

/// The LLVM NVPTX chip for a device: "sm_90" (sm_90a is not asked for: the
/// generated kernels use no architecture-specific instructions).
std::string cudaChip(Device &device);

/// The stream (a CUstream) and cuBLAS handle of a CUDA device.
void *cudaStream(Device &device);

/// The CUDA device compiled code running on this thread talks to: set for
/// the length of a call (see CudaCallScope), the first device otherwise.
Device &currentCudaDevice();

/// The CUDA device of the GPU call running on this thread, or null outside
/// one (runtime hooks that read device results wait for it first).
Device *activeCudaDevice();

/// Makes `device` the current CUDA device of this thread while alive.
class CudaCallScope {
public:
  explicit CudaCallScope(Device &device);
  ~CudaCallScope();
  CudaCallScope(const CudaCallScope &) = delete;
  CudaCallScope &operator=(const CudaCallScope &) = delete;

private:
  Device *previous;
};

/// Bytes the pool of `device` holds (in use and cached, and its
/// preallocated block), for tests.
size_t cudaPoolBytes(Device &device);

/// GPU memory as Theano's gpuarray.preallocate sets it, for devices opened
/// after the call: 0 (the default) keeps freed buffers cached for reuse; a
/// value in (0, 1] reserves that fraction of the GPU's memory when the
/// device is first used and serves buffers from it (then from the cache
/// when it is full); above 1, that many MiB; negative, no cache (every
/// buffer goes back to the driver when freed).
void setCudaPreallocate(double preallocate);

} // namespace theta

#endif // THETA_RUNTIME_CUDA_H
