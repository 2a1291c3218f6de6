//===- CudaApi.h - the CUDA driver and cuBLAS, opened at run time ---------===//
//
// Theta links neither libcuda, cuBLAS nor cuDNN: each is opened with dlopen on
// first use, so every binary builds and runs on a machine without a GPU, and
// a missing driver is one clear DeviceError. The toolkit headers give the
// types; each entry point is looked up by its versioned name (cuMemAlloc is
// cuMemAlloc_v2 in cuda.h).
//
//===----------------------------------------------------------------------===//
#ifndef THETA_RUNTIME_CUDAAPI_H
#define THETA_RUNTIME_CUDAAPI_H

#include <cublas_v2.h>
#include <cuda.h>
#include <cudnn_graph.h>

#include <string>

namespace theta {

struct CudaDriverApi {
#define THETA_CUDA_DRIVER_FUNCTIONS(X)                                                          \
  X(cuInit)                                                                                    \
  X(cuGetErrorName)                                                                            \
  X(cuGetErrorString)                                                                          \
  X(cuDeviceGetCount)                                                                          \
  X(cuDeviceGet)                                                                               \
  X(cuDeviceGetName)                                                                           \
  X(cuDeviceGetAttribute)                                                                      \
  X(cuDeviceTotalMem)                                                                          \
  X(cuDevicePrimaryCtxRetain)                                                                  \
  X(cuCtxSetCurrent)                                                                           \
  X(cuStreamCreate)                                                                            \
  X(cuStreamSynchronize)                                                                       \
  X(cuMemAlloc)                                                                                \
  X(cuMemFree)                                                                                 \
  X(cuMemGetInfo)                                                                              \
  X(cuMemcpyHtoDAsync)                                                                         \
  X(cuMemcpyDtoHAsync)                                                                         \
  X(cuMemcpyDtoDAsync)                                                                         \
  X(cuMemcpyAsync)                                                                             \
  X(cuMemsetD32Async)                                                                          \
  X(cuMemsetD16Async)                                                                          \
  X(cuModuleLoadData)                                                                          \
  X(cuModuleLoadDataEx)                                                                        \
  X(cuModuleUnload)                                                                            \
  X(cuModuleGetFunction)                                                                       \
  X(cuLaunchKernel)                                                                            \
  X(cuEventCreate)                                                                             \
  X(cuEventRecord)                                                                             \
  X(cuEventSynchronize)                                                                        \
  X(cuEventElapsedTime)                                                                        \
  X(cuEventDestroy)
#define THETA_DECLARE(name) decltype(&::name) name = nullptr;
  THETA_CUDA_DRIVER_FUNCTIONS(THETA_DECLARE)
#undef THETA_DECLARE
};

struct CublasApi {
#define THETA_CUBLAS_FUNCTIONS(X)                                                               \
  X(cublasCreate)                                                                              \
  X(cublasSetStream)                                                                           \
  X(cublasSgemm)                                                                               \
  X(cublasDgemm)
#define THETA_DECLARE(name) decltype(&::name) name = nullptr;
  THETA_CUBLAS_FUNCTIONS(THETA_DECLARE)
#undef THETA_DECLARE
};

/// cuDNN 9's graph (backend) API: convolutions are built as operation
/// graphs, planned once per shape and executed on the device's stream.
struct CudnnApi {
#define THETA_CUDNN_FUNCTIONS(X)                                                                \
  X(cudnnGetVersion)                                                                           \
  X(cudnnGetErrorString)                                                                       \
  X(cudnnGetLastErrorString)                                                                   \
  X(cudnnCreate)                                                                               \
  X(cudnnSetStream)                                                                            \
  X(cudnnBackendCreateDescriptor)                                                              \
  X(cudnnBackendDestroyDescriptor)                                                             \
  X(cudnnBackendFinalize)                                                                      \
  X(cudnnBackendSetAttribute)                                                                  \
  X(cudnnBackendGetAttribute)                                                                  \
  X(cudnnBackendExecute)
#define THETA_DECLARE(name) decltype(&::name) name = nullptr;
  THETA_CUDNN_FUNCTIONS(THETA_DECLARE)
#undef THETA_DECLARE
};

/// The driver API with cuInit done, or null with `why` set (no libcuda, the
/// toolkit's stub library, no GPU, ...). Opened once per process.
const CudaDriverApi *cudaDriver(std::string *why = nullptr);
/// cuBLAS (libcublas.so.13, else .12), or null with `why` set.
const CublasApi *cublasApi(std::string *why = nullptr);

/// cuDNN 9 (libcudnn.so.9, else libcudnn_graph.so.9), or null with `why`
/// set. Opening it needs no GPU: descriptors can be built anywhere.
const CudnnApi *cudnnApi(std::string *why = nullptr);

/// "CUDA_ERROR_OUT_OF_MEMORY (out of memory)".
std::string cudaErrorText(CUresult result);
/// Throws DeviceError "<what>: <error>" unless `result` is CUDA_SUCCESS.
void checkCuda(CUresult result, const char *what);

} // namespace theta

#endif // THETA_RUNTIME_CUDAAPI_H
